"""Incremental re-runs (issue 21): parse results kept per file, used while nothing changed.

Every test here runs with XDG_CACHE_HOME in a temporary folder (the conftest
fixture) or an explicit ``--cache`` folder: never the real home's cache.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

import jobmig
from jobmig import cache as cache_module
from jobmig.cache import ParseCache, default_folder
from jobmig.cli import app
from jobmig.parsers import crontab
from tests.conftest import REPO, run_jobmig
from tests.jenkins_tree import build_tree

SAMPLES = REPO / "samples"


def tree_digest(root: Path) -> dict[str, str]:
    return {str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*")) if path.is_file()}


def convert(sources: list[Path], out: Path, *options: str) -> dict[str, str]:
    result = CliRunner().invoke(app, ["convert", *map(str, sources), "--out", str(out),
                                      "--timezone", "Asia/Tokyo", "--force", *options])
    assert result.exit_code in (0, 1), result.output
    return tree_digest(out)


def entries(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.pickle"))


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """The paths the crontab parser was asked to read (the cache spares it the others)."""
    calls: list[str] = []
    real = crontab.parse

    def counting(data, *, path, options):
        calls.append(Path(path).name)
        return real(data, path=path, options=options)

    monkeypatch.setattr(crontab, "parse", counting)
    return calls


@pytest.fixture
def crontabs(tmp_path) -> Path:
    folder = tmp_path / "crontabs"
    folder.mkdir()
    for index, line in enumerate(["0 2 * * * /opt/backup.sh", "*/10 * * * * /opt/poll.sh",
                                  "30 6 * * 1-5 /opt/report.sh"]):
        (folder / f"host{index}.crontab").write_text(f"{line}\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("estate", ["samples", "jenkins"])
def test_outputs_without_cache_with_a_cold_one_and_a_warm_one_are_byte_identical(
        estate, tmp_path):
    if estate == "samples":
        sources = [SAMPLES]
    else:
        build_tree(tmp_path / "jobs", 80)
        sources = [tmp_path / "jobs"]
    store = tmp_path / "cache"
    fresh = convert(sources, tmp_path / "fresh", "--no-cache")
    assert not store.exists()
    cold = convert(sources, tmp_path / "cold", "--cache", str(store))
    kept = entries(store)
    assert kept  # the first run kept its parse results
    warm = convert(sources, tmp_path / "warm", "--cache", str(store))
    assert len(fresh) > 10 and cold == fresh and warm == fresh
    assert entries(store) == kept


def test_a_warm_cache_spares_every_unchanged_file_its_parse(tmp_path, crontabs, parses):
    store = tmp_path / "cache"
    convert([crontabs], tmp_path / "first", "--cache", str(store))
    assert sorted(parses) == ["host0.crontab", "host1.crontab", "host2.crontab"]
    parses.clear()
    convert([crontabs], tmp_path / "second", "--cache", str(store))
    assert parses == []


def test_a_changed_file_is_read_again_and_only_its_entry_changes(tmp_path, crontabs, parses):
    store = tmp_path / "cache"
    convert([crontabs], tmp_path / "first", "--cache", str(store))
    before = {path: path.read_bytes() for path in entries(store)}
    (crontabs / "host1.crontab").write_text("0 3 * * * /opt/poll.sh\n", encoding="utf-8")
    parses.clear()
    changed = convert([crontabs], tmp_path / "second", "--cache", str(store))
    assert parses == ["host1.crontab"]
    after = {path: path.read_bytes() for path in entries(store)}
    assert set(after) == set(before)  # the same three entries: one rewritten in place
    assert sum(after[path] != before[path] for path in before) == 1
    assert changed == convert([crontabs], tmp_path / "fresh", "--no-cache")


def test_a_cache_written_by_another_version_is_ignored(tmp_path, crontabs, parses):
    store = tmp_path / "cache"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jobmig, "__version__", "0.0.1-older")
        cache_module.code_fingerprint.cache_clear()
        convert([crontabs], tmp_path / "old", "--cache", str(store))
    cache_module.code_fingerprint.cache_clear()
    assert len(entries(store)) == 3
    parses.clear()
    convert([crontabs], tmp_path / "new", "--cache", str(store))
    assert sorted(parses) == ["host0.crontab", "host1.crontab", "host2.crontab"]


def test_an_entry_of_another_version_in_the_same_place_is_a_miss(tmp_path):
    older = ParseCache(tmp_path, "0.0.1-older")
    newer = ParseCache(tmp_path, "0.1.0-newer")
    key = older.key("a.crontab", None)
    older.put(key, "digest", ("result", "record"))
    assert older.get(key, "digest") == ("result", "record")
    assert older.get(key, "other digest") is None
    assert newer.get(key, "digest") is None


def test_a_damaged_entry_is_a_miss_not_an_error(tmp_path):
    store = ParseCache(tmp_path, "v")
    key = store.key("x")
    store.put(key, "d", 1)
    entry = entries(tmp_path)[0]
    entry.write_bytes(b"not a pickle")
    assert store.get(key, "d") is None


def test_the_default_folder_honours_xdg_cache_home_and_falls_back_to_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_folder() == tmp_path / "xdg" / "jobmig"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # not absolute: ignored
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_folder() == tmp_path / "home" / ".cache" / "jobmig"


def test_without_cache_options_the_cache_lands_in_xdg_cache_home(tmp_path, crontabs):
    xdg = Path(os.environ["XDG_CACHE_HOME"])  # the conftest's temporary folder
    assert not xdg.is_relative_to(Path.home() / ".cache")  # never the real home's
    convert([crontabs], tmp_path / "out")
    assert len(entries(xdg / "jobmig")) == 3


def test_no_cache_writes_nothing(tmp_path, crontabs):
    xdg = Path(os.environ["XDG_CACHE_HOME"])
    convert([crontabs], tmp_path / "out", "--no-cache")
    assert entries(xdg) == []


def test_a_cache_option_naming_a_file_is_a_usage_error(tmp_path, crontabs):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = run_jobmig("audit", str(crontabs), "--cache", str(blocker))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"jobmig: --cache {blocker}: is a file, not a folder"]
