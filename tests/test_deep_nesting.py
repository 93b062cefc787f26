"""A JP1 estate nested as deep as JP1 allows audits, with the same answers as a flat one;
one nested thousands deep keeps the levels JP1 allows and names every deeper unit.

JP1/AJS3 nests units at most 30 deep (parsers/jp1/limits.py): the deepest export
JP1 can write here is 30 jobnets n0 ⊃ … ⊃ n29 with the job and the watch 30
levels below n0. Expected values come from the contracts the docstrings state
and from a hand count of the generated export, not from a run of the code:
every unit belongs to the outermost jobnet; each of the 30 jobnets holds
exactly one unit that cannot be converted (a log-file watch at the bottom,
JM404), so each one reports JM525 for one unit; a state machine name longer than 80 characters
keeps its first 71 and gains ``-`` and 8 hex digits of the SHA-1 of the job id;
a schedule name (``aws_names``) longer than 48 keeps 39 and gains the same
kind of hash (of the id). How long it takes is measured by a benchmark, never
asserted here.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from jobmig.graph import JobGraph
from jobmig.options import ParseOptions
from jobmig.parsers.jp1 import units as jp1
from jobmig.pipeline import aws_names
from tests.conftest import run_jobmig

DEPTH = 30  # as deep as JP1 allows: the job and the watch are nested 30 levels below n0
TOO_DEEP = 3_000


def _export(depth: int) -> str:
    """Jobnets n0 ⊃ n1 ⊃ … ⊃ n<depth-1>; the innermost holds a job and a log-file watch."""
    head = "".join(f"unit=n{level},,jp1admin,;{{ty=n;\n" for level in range(depth))
    bottom = ('unit=job,,jp1admin,;{ty=j;sc="/opt/batch/run.sh";}\n'
              'unit=watch,,jp1admin,;{ty=lfwj;lftpd="/var/log/app.log";}\n'
              "ar=(f=job,t=watch);\n")
    return head + bottom + "}\n" * depth


def _sha8(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def _path(level: int) -> str:
    """The unit path of jobnet n<level>: n0/n1/…/n<level>."""
    return "/".join(f"n{i}" for i in range(level + 1))


@pytest.fixture(scope="module")
def deep_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("deep") / "deep.ajs"
    path.write_text(_export(DEPTH), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def too_deep_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("too-deep") / "deep.ajs"
    path.write_text(_export(TOO_DEEP), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def audited(deep_export: Path) -> dict:
    report = deep_export.parent / "report.json"
    run_jobmig("audit", str(deep_export), "--report", str(report), "--no-cache", check=True)
    return json.loads(report.read_text("utf-8"))


def test_a_nesting_as_deep_as_jp1_allows_audits_every_unit(audited: dict) -> None:
    jobs = {job["id"]: job for job in audited["jobs"]}
    assert len(jobs) == DEPTH + 2
    assert {f"jp1:/{_path(level)}" for level in range(DEPTH)} <= set(jobs)
    assert f"jp1:/{_path(DEPTH - 1)}/watch" in jobs and f"jp1:/{_path(DEPTH - 1)}/job" in jobs


def test_every_jobnet_of_the_deep_nesting_reports_its_one_unconverted_unit(audited: dict) -> None:
    (placeholders,) = [f for f in audited["findings"] if f["code"] == "JM525"]
    by_job = {occurrence["job"]: occurrence["message"] for occurrence in placeholders["occurrences"]}
    assert set(by_job) == {f"jp1:/{_path(level)}" for level in range(DEPTH)}
    for message in by_job.values():
        assert "holds 1 unit(s)" in message and "/watch" in message


def test_deep_state_machine_names_keep_their_start_and_gain_the_hash_of_the_id(
        audited: dict) -> None:
    jobs = {job["id"]: job for job in audited["jobs"]}
    for level in (0, 5, DEPTH // 2, DEPTH - 1):
        job_id = f"jp1:/{_path(level)}"
        dashed = _path(level).replace("/", "-")
        expected = dashed if len(dashed) <= 80 else f"{dashed[:71]}-{_sha8(job_id)}"
        assert jobs[job_id]["state_machine"] == expected
    names = [job["state_machine"] for job in jobs.values() if job["kind"] == "jobnet"]
    assert len(set(names)) == DEPTH and all(len(name) <= 80 for name in names)


def test_a_nesting_three_thousand_deep_keeps_31_levels_and_names_each_deeper_unit(
        too_deep_export: Path) -> None:
    result = jp1.parse(too_deep_export.read_bytes(), path="deep.ajs", options=ParseOptions())
    # n0 … n30 (nested 0 to 30 deep) are converted; n31 … n2999, the job and the watch
    # are not, each one JM448 at its own line (n<k> is on line k+1, the job on 3,001)
    assert {job.id for job in result.jobs} == {f"jp1:/{_path(level)}" for level in range(31)}
    cut = [f for f in result.findings if f.code == "JM448"]
    assert [f.source.line for f in cut] == list(range(32, TOO_DEEP + 3))
    graph = JobGraph.from_results([result])
    assert all(graph.root_of(job.id) == "jp1:/n0" for job in graph.jobs())


def test_every_unit_of_the_deep_nesting_has_the_outermost_jobnet_as_its_root(
        deep_export: Path) -> None:
    result = jp1.parse(deep_export.read_bytes(), path="deep.ajs", options=ParseOptions())
    graph = JobGraph.from_results([result])
    # asked from the innermost unit first, then from the top: both orders agree
    for job in sorted(graph.jobs(), key=lambda job: -len(job.id)) + graph.jobs():
        assert graph.root_of(job.id) == "jp1:/n0"


def test_deep_schedule_names_keep_39_characters_and_gain_the_hash_of_the_id(
        deep_export: Path) -> None:
    result = jp1.parse(deep_export.read_bytes(), path="deep.ajs", options=ParseOptions())
    names = aws_names(list(result.jobs))
    for job in result.jobs:
        dashed = re.sub(r"[^0-9A-Za-z_-]+", "-", job.name).strip("-_")
        expected = dashed if len(dashed) <= 48 else f"{dashed[:39]}-{_sha8(job.id)}"
        assert names[job.id] == expected


def test_a_jobnet_names_the_first_ten_placeholders_below_it_at_every_depth(tmp_path) -> None:
    def watch(name: str) -> str:
        return f'unit={name},,jp1admin,;{{ty=lfwj;lftpd="/var/log/{name}.log";}}\n'

    inner = "unit=inner,,jp1admin,;{ty=n;\n" + "".join(
        watch(f"w{i:02d}") for i in (6, 7, 8, 10, 11, 12, 13, 14)) + "}\n"
    mid = "unit=mid,,jp1admin,;{ty=n;\n" + "".join(watch(f"w{i:02d}") for i in (2, 3, 4, 5)) \
        + inner + "}\n"
    top = "unit=top,,jp1admin,;{ty=n;\n" + "".join(watch(f"w{i:02d}") for i in (1, 9, 15)) \
        + mid + "}\n"
    export = tmp_path / "spread.ajs"
    export.write_text(top, encoding="utf-8")
    report = tmp_path / "report.json"
    run_jobmig("audit", str(export), "--report", str(report), "--no-cache", check=True)
    (placeholders,) = [f for f in json.loads(report.read_text("utf-8"))["findings"]
                       if f["code"] == "JM525"]
    by_job = {o["job"]: o["message"] for o in placeholders["occurrences"]}
    # by hand: 15 watches under top, sorted by unit path the 8 of inner come first
    # ("top/mid/inner/..." < "top/mid/w..." < "top/w..."), then mid's w02 and w03
    first_ten = [f"top/mid/inner/w{i:02d}" for i in (6, 7, 8, 10, 11, 12, 13, 14)] + \
        ["top/mid/w02", "top/mid/w03"]
    assert f"top holds 15 unit(s) that could not be converted ({', '.join(first_ten)} " \
           "and 5 more)" in by_job["jp1:/top"]
    assert "mid holds 12 unit(s)" in by_job["jp1:/top/mid"]
    assert "inner holds 8 unit(s)" in by_job["jp1:/top/mid/inner"]
