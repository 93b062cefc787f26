"""Both cores (issue 21): a process pool above a threshold, output unchanged.

The same estate converted in one process and with pools (forced by
``JOBMIG_POOL_BYTES=0`` for reading files, ``JOBMIG_POOL_JOBS=0`` for
mapping schedules and ``JOBMIG_POOL_WORKFLOWS=0`` for building state
machines) gives the same files, byte for byte; below the thresholds no pool
is ever started.
"""
from __future__ import annotations

import hashlib
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jobmig import pool
from jobmig.cli import app
from jobmig.options import ParseOptions
from jobmig.sources import collect, read_sources
from tests.conftest import REPO
from tests.jenkins_tree import build_tree

sys.path.insert(0, str(REPO / "benchmarks"))
from bench_jp1 import export  # noqa: E402  (the estate generator the benchmark uses)

SAMPLES = REPO / "samples"
JP1_FIXTURES = REPO / "tests" / "fixtures" / "jp1"  # judgments, waits, start conditions...


class RecordingPool(ProcessPoolExecutor):
    """A real process pool that notes each time one is started."""

    started: list[int] = []

    def __init__(self, max_workers: int | None = None, **kwargs) -> None:
        RecordingPool.started.append(max_workers or 0)
        super().__init__(max_workers=max_workers, **kwargs)


class ForbiddenPool:
    def __init__(self, *args, **kwargs) -> None:
        raise AssertionError("a process pool was started below the threshold")


@pytest.fixture
def recording(monkeypatch):
    RecordingPool.started = []
    monkeypatch.setattr(pool, "ProcessPoolExecutor", RecordingPool)
    return RecordingPool.started


def tree_digest(root: Path) -> dict[str, str]:
    return {str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*")) if path.is_file()}


def convert(sources: list[Path], out: Path) -> dict[str, str]:
    result = CliRunner().invoke(app, ["convert", *map(str, sources), "--out", str(out),
                                      "--timezone", "Asia/Tokyo", "--no-cache"])
    assert result.exit_code in (0, 1), result.output
    return tree_digest(out)


@pytest.fixture(scope="module")
def jenkins_estate(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("estate")
    build_tree(root / "jobs", 120)
    return root / "jobs"


@pytest.fixture(scope="module")
def jp1_estate(tmp_path_factory) -> Path:
    """Three JP1 exports (the benchmark's generator: jobnets, relations, calendars)."""
    root = tmp_path_factory.mktemp("jp1")
    for part in range(3):
        text, _ = export(1000, f"本番{part}")
        (root / f"export{part}.ajs").write_text(text, encoding="utf-8")
    return root


def force_pools(monkeypatch) -> None:
    monkeypatch.setenv(pool.WORKERS_ENV, "2")
    monkeypatch.setenv(pool.BYTES_ENV, "0")
    monkeypatch.setenv(pool.JOBS_ENV, "0")
    monkeypatch.setenv(pool.WORKFLOWS_ENV, "0")


@pytest.mark.parametrize("estate", ["samples", "jenkins", "jp1", "jp1-constructs"])
def test_a_pool_and_one_process_write_byte_identical_outputs(
        estate, tmp_path, monkeypatch, recording, jenkins_estate, jp1_estate):
    sources = {"samples": [SAMPLES], "jenkins": [jenkins_estate], "jp1": [jp1_estate],
               "jp1-constructs": [JP1_FIXTURES]}[estate]
    monkeypatch.setenv(pool.WORKERS_ENV, "1")
    alone = convert(sources, tmp_path / "alone")
    assert recording == []
    force_pools(monkeypatch)
    pooled = convert(sources, tmp_path / "pooled")
    assert recording == [2, 2, 2]  # every pool really ran: reading, mapping, state machines
    assert len(alone) > 10 and pooled == alone


@pytest.mark.parametrize("estate", ["jp1", "jp1-constructs"])
def test_an_audit_with_pools_reports_byte_identically_to_one_process(
        estate, tmp_path, monkeypatch, recording, jp1_estate):
    # an audit builds its state machines in outline: the pool builds those the same way
    sources = {"jp1": jp1_estate, "jp1-constructs": JP1_FIXTURES}[estate]
    reports = []
    for run, forced in (("alone", False), ("pooled", True)):
        if forced:
            force_pools(monkeypatch)
        else:
            monkeypatch.setenv(pool.WORKERS_ENV, "1")
        report = tmp_path / f"{run}.json"
        result = CliRunner().invoke(app, ["audit", str(sources), "--timezone", "Asia/Tokyo",
                                          "--no-cache", "--report", str(report)])
        assert result.exit_code == 0, result.output
        reports.append((result.output.replace(str(report), "REPORT"), report.read_bytes()))
    assert recording == [2, 2, 2]
    assert b'"findings"' in reports[0][1] and reports[1] == reports[0]


def test_the_pool_never_starts_below_its_threshold(monkeypatch, tmp_path):
    monkeypatch.delenv(pool.BYTES_ENV, raising=False)
    monkeypatch.delenv(pool.JOBS_ENV, raising=False)
    monkeypatch.delenv(pool.WORKFLOWS_ENV, raising=False)
    monkeypatch.setenv(pool.WORKERS_ENV, "2")
    monkeypatch.setattr(pool, "ProcessPoolExecutor", ForbiddenPool)
    files, _ = collect([str(SAMPLES)])
    assert sum(Path(f.path).stat().st_size for f in files if f.skip is None) \
        < pool.DEFAULT_POOL_BYTES
    results, _ = read_sources(files, ParseOptions(timezone="UTC"))
    assert results  # read, in this process
    digest = convert([SAMPLES], tmp_path / "out")  # and mapped there too
    assert "plan.json" in digest


def test_the_pool_size_follows_the_threshold_the_files_and_the_workers(monkeypatch):
    monkeypatch.delenv(pool.BYTES_ENV, raising=False)
    monkeypatch.setenv(pool.WORKERS_ENV, "4")
    big = pool.DEFAULT_POOL_BYTES
    assert pool.workers_for([big // 4] * 3) == 0  # under the threshold
    assert pool.workers_for([big * 2]) == 0  # one file: nothing to share out
    assert pool.workers_for([big // 2, big // 2]) == 2  # no more workers than files
    assert pool.workers_for([big] * 9) == 4
    monkeypatch.setenv(pool.WORKERS_ENV, "1")
    assert pool.workers_for([big] * 9) == 0  # one worker is no pool
    monkeypatch.setenv(pool.WORKERS_ENV, "2")
    monkeypatch.setenv(pool.BYTES_ENV, "0")
    assert pool.workers_for([1, 1]) == 2


@pytest.mark.parametrize("count, workers", [(1, 2), (7, 2), (100, 2), (9, 4), (2, 8)])
def test_chunks_cover_every_item_once_in_order(count, workers):
    pieces = pool.chunks(count, workers)
    assert [i for start, end in pieces for i in range(start, end)] == list(range(count))
    assert len(pieces) <= workers * 4


def test_results_come_back_in_the_order_given_whatever_finishes_first():
    items = list(range(40, 0, -1))
    assert list(pool.ordered_map(_slow_square, items, 2)) == [n * n for n in items]


def _slow_square(n: int) -> int:
    # Larger numbers take longer, so later items finish first in the pool.
    total = 0
    for _ in range(n * 2000):
        total += 1
    return n * n


def test_the_schedule_mapping_pool_starts_only_when_asked_for(monkeypatch):
    monkeypatch.setenv(pool.WORKERS_ENV, "2")
    monkeypatch.delenv(pool.JOBS_ENV, raising=False)
    assert pool.workers_for([1] * 200_000, pool.JOBS_ENV) == 0
    monkeypatch.setenv(pool.JOBS_ENV, "1000")
    assert pool.workers_for([1] * 999, pool.JOBS_ENV) == 0
    assert pool.workers_for([1] * 1000, pool.JOBS_ENV) == 2


def test_the_state_machine_pool_starts_only_when_asked_for_and_from_its_threshold(monkeypatch):
    monkeypatch.setenv(pool.WORKERS_ENV, "2")
    monkeypatch.delenv(pool.WORKFLOWS_ENV, raising=False)
    assert pool.workers_for([13] * 20_000, pool.WORKFLOWS_ENV) == 0
    monkeypatch.setenv(pool.WORKFLOWS_ENV, "100")  # state machines, over the workflows
    assert pool.workers_for([3] * 33, pool.WORKFLOWS_ENV) == 0  # 99 machines
    assert pool.workers_for([3] * 33 + [1], pool.WORKFLOWS_ENV) == 2
    assert pool.workers_for([500], pool.WORKFLOWS_ENV) == 0  # one workflow is not shared


def _pool_size_here(sizes: list[int]) -> int:
    return pool.workers_for(sizes)


def test_inside_a_daemonic_worker_the_work_stays_in_its_process(monkeypatch):
    """Found by the fuzzing harness: jobmig run inside a caller's pool worker (a daemonic
    process, which Python forbids to start children) failed with an AssertionError as
    soon as its input passed the pool threshold."""
    import multiprocessing

    monkeypatch.setenv(pool.WORKERS_ENV, "2")
    monkeypatch.setenv(pool.BYTES_ENV, "0")
    assert pool.workers_for([1, 1]) == 2  # here (not daemonic) the pool would start
    with multiprocessing.get_context("fork").Pool(1) as caller:  # its workers are daemonic
        assert caller.apply(_pool_size_here, ([1, 1],)) == 0
