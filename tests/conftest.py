"""Shared test helpers: where the repository and the shared corpus are, and a CLI runner."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def corpus_dir(kind: str) -> Path:
    """``../shared/corpus/<kind>``, or skip the test when the corpus is not beside the repo."""
    folder = CORPUS / kind
    if not folder.is_dir():
        pytest.skip(f"shared corpus not present at {folder}")
    return folder


def jobmig_command() -> list[str]:
    """How to run the installed console script from this test environment."""
    script = Path(sys.executable).with_name("jobmig")
    return [str(script)] if script.exists() else [sys.executable, "-m", "jobmig"]


def run_jobmig(*args: str, cwd: Path | None = None, check: bool = False) -> subprocess.CompletedProcess:
    """Run ``jobmig ARGS`` as a user would; returns the completed process (text)."""
    env = dict(os.environ, COLUMNS="200", NO_COLOR="1", TERM="dumb")
    process = subprocess.run([*jobmig_command(), *args], cwd=cwd or REPO, env=env,
                             capture_output=True, text=True, timeout=600)
    if check and process.returncode != 0:
        raise AssertionError(f"jobmig {' '.join(args)} exited {process.returncode}:\n"
                             f"{process.stdout}\n{process.stderr}")
    return process


@pytest.fixture(autouse=True, scope="session")
def _session_cache_in_a_temporary_folder(tmp_path_factory):
    """jobmig keeps parse results under $XDG_CACHE_HOME (jobmig.cache): in tests, a
    temporary folder, never the real home's cache. Session-wide, so that fixtures of
    any scope that run jobmig are covered too."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
        yield


@pytest.fixture(autouse=True)
def _cache_in_a_temporary_folder(_session_cache_in_a_temporary_folder, tmp_path_factory,
                                 monkeypatch):
    """And a fresh one for each test: no test sees what another one cached."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
