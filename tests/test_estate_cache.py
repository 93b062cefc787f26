"""Re-auditing an unchanged estate (issue 21, point 5): the whole run kept, used while
nothing it depends on changed, byte-identical to a run without any cache.

The whole-run entry is proved used by making the plan builder fail: a re-audit
that still prints the report cannot have built a plan. A change to a file, an
option or a file an option names must miss it and print what a fresh run
prints. Every test runs with its own cache folder.
"""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jobmig import pipeline
from jobmig.cache import ParseCache
from jobmig.cli import app
from tests.conftest import REPO
from tests.jenkins_tree import build_tree

SAMPLES = REPO / "samples"


def audit(sources: list[Path], tmp_path: Path, *options: str) -> tuple[int, str, bytes]:
    """Exit code, terminal output and JSON report of one ``jobmig audit``."""
    report = tmp_path / "report.json"
    result = CliRunner().invoke(app, ["audit", *map(str, sources), "--timezone", "Asia/Tokyo",
                                      "--report", str(report), *options],
                                env={"COLUMNS": "120", "NO_COLOR": "1"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output, report.read_bytes()


@pytest.fixture
def no_plan_built(monkeypatch) -> None:
    """From now on, building a plan fails the run."""
    def refuse(*_args, **_kwargs):
        raise AssertionError("a plan was built")
    monkeypatch.setattr(pipeline, "build_plan", refuse)


def _generated_jp1(folder: Path) -> Path:
    spec = importlib.util.spec_from_file_location("bench_jp1", REPO / "benchmarks" / "bench_jp1.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    folder.mkdir()
    text, _units = bench.export(2_000)
    (folder / "estate.ajs").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("estate", ["samples", "jp1", "jenkins"])
def test_a_warm_reaudit_prints_the_same_bytes_as_no_cache_without_building_a_plan(
        estate, tmp_path, monkeypatch):
    if estate == "samples":
        sources = [SAMPLES]
    elif estate == "jp1":
        sources = [_generated_jp1(tmp_path / "jp1")]
    else:
        build_tree(tmp_path / "jobs", 60)
        sources = [tmp_path / "jobs"]
    store = str(tmp_path / "cache")
    fresh = audit(sources, tmp_path, "--no-cache")
    cold = audit(sources, tmp_path, "--cache", store)
    monkeypatch.setattr(pipeline, "build_plan", _refuse)
    warm = audit(sources, tmp_path, "--cache", store)
    assert "Findings" in fresh[1] or "findings" in fresh[1].lower()
    assert cold == fresh and warm == fresh


def _refuse(*_args, **_kwargs):
    raise AssertionError("a plan was built")


def test_the_kept_exit_code_follows_fail_on(tmp_path, no_plan_built):
    store = str(tmp_path / "cache")
    sources = [SAMPLES]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "build_plan", _real_build_plan)
        fresh = {level: audit(sources, tmp_path, "--no-cache", *level)[0]
                 for level in ((), ("--fail-on", "manual"), ("--fail-on", "review"))}
        audit(sources, tmp_path, "--cache", store)
    warm = {level: audit(sources, tmp_path, "--cache", store, *level)[0] for level in fresh}
    assert warm == fresh and 1 in fresh.values()  # the samples hold jobs needing review


_real_build_plan = pipeline.build_plan


@pytest.fixture
def crontabs(tmp_path) -> Path:
    folder = tmp_path / "crontabs"
    folder.mkdir()
    for index, line in enumerate(["0 2 * * * /opt/backup.sh", "*/10 * * * * /opt/poll.sh"]):
        (folder / f"host{index}.crontab").write_text(f"{line}\n", encoding="utf-8")
    return folder


def test_a_changed_file_misses_the_kept_run_and_prints_what_a_fresh_run_prints(
        tmp_path, crontabs):
    store = str(tmp_path / "cache")
    before = audit([crontabs], tmp_path, "--cache", store)
    (crontabs / "host1.crontab").write_text("0 3 * * 1 /opt/poll.sh\n", encoding="utf-8")
    changed = audit([crontabs], tmp_path, "--cache", store)
    assert changed != before
    assert changed == audit([crontabs], tmp_path, "--no-cache")


def test_a_changed_option_or_profile_misses_the_kept_run(tmp_path, crontabs):
    store = str(tmp_path / "cache")
    audit([crontabs], tmp_path, "--cache", store)
    for options in (("--target", "rules"), ("--horizon", "2027-01-01:2027-06-30")):
        assert audit([crontabs], tmp_path, "--cache", store, *options) == \
            audit([crontabs], tmp_path, "--no-cache", *options)
    profile = tmp_path / "profile.toml"
    profile.write_text("", encoding="utf-8")
    audit([crontabs], tmp_path, "--cache", store, "--profile", str(profile))
    profile.write_text((SAMPLES / "profile.toml").read_text("utf-8"), encoding="utf-8")
    assert audit([crontabs], tmp_path, "--cache", store, "--profile", str(profile)) == \
        audit([crontabs], tmp_path, "--no-cache", "--profile", str(profile))


def test_only_the_newest_whole_run_entries_are_kept(tmp_path):
    store = ParseCache(tmp_path / "estate-v", "v")
    for index in range(5):
        key = store.key(index)
        store.put(key, key, index)
        entry = store._path(key)
        os.utime(entry, (1_000_000 + index, 1_000_000 + index))
    store.prune(keep=3)
    assert sorted(store.get(store.key(i), store.key(i)) is not None for i in range(5)) == \
        [False, False, True, True, True]
    assert [store.get(store.key(i), store.key(i)) for i in (2, 3, 4)] == [2, 3, 4]


def test_folders_of_other_versions_go_once_unused_for_the_stale_days(tmp_path):
    current = ParseCache(tmp_path / "estate-v2", "v2")
    old = tmp_path / "parse-v1"
    recent = tmp_path / "estate-v1"
    mine = tmp_path / "parse-v2"
    foreign = tmp_path / "notes"
    for folder in (old, recent, mine, foreign):
        folder.mkdir()
    long_ago = 1_000_000
    for folder in (old, mine, foreign):
        os.utime(folder, (long_ago, long_ago))
    current.prune(stale_days=30)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["estate-v1", "notes", "parse-v2"]
