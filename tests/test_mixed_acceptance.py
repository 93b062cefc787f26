"""Issue 17 acceptance: a folder mixing good exports with every kind of trouble.

tests/fixtures/mixed holds good crontabs, a Jenkins job with its build records
and workspace, shared library code, good and damaged JP1, a
crontab with a NUL byte, a crontab of unknown kind, files no reader knows and a
hidden folder. The test copies it, adds the Job DSL seed of the Jenkins-constructs
fixture, and what a repository cannot hold well:
a symbolic link out of the tree, a link loop, and the output folder inside the
input. Expected: every good job converted (`auto`), every bad or skipped thing
named in the report with its path, exit 0; `audit --fail-on manual` exits 1.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, run_jobmig

MIXED = FIXTURES / "mixed"
# The good jobs, by the command each runs (read from the fixture files).
GOOD_COMMANDS = {
    "/opt/batch/bin/backup-db.sh --full", "/opt/batch/bin/sales-report.sh",  # good/batch.crontab
    "/opt/billing/bin/invoice.sh",  # good/etc/cron.d/billing
    "set -xe\n/opt/etl/run.sh",  # jenkins/jobs/etl (Jenkins runs shell steps with -xe)
    "/opt/good/a.sh", "/opt/good/b.sh",  # jp1/good.ajs
    "set -xe\n./y.sh", "set -xe\n./z.sh",  # dsl/seed.groovy job('y'), job('z')
    "/opt/j2.sh",  # the intact unit after the damaged one in damaged/unterminated-quote.ajs
    "/opt/a.sh", "/opt/c.sh",  # the lines around the NUL in damaged/nul-byte.crontab
    "/opt/outside/linked.sh",  # reached through the symbolic link added below
}


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("mixed")
    root = base / "in"
    shutil.copytree(MIXED, root, symlinks=True)
    # the Job DSL seed of the Jenkins-constructs fixture, kept in one place
    (root / "dsl").mkdir()
    shutil.copy(FIXTURES / "jenkins-constructs" / "seed.groovy", root / "dsl" / "seed.groovy")
    outside = base / "outside"
    outside.mkdir()
    (outside / "linked.crontab").write_text("0 6 * * * /opt/outside/linked.sh\n")
    (root / "linked").symlink_to(outside, target_is_directory=True)
    (root / "jp1" / "loop").symlink_to(root, target_is_directory=True)
    return root


@pytest.fixture(scope="module")
def converted(tree) -> tuple[object, dict, str]:
    out = tree / "build"
    process = run_jobmig("convert", str(tree), "--out", str(out), "--timezone", "Asia/Tokyo",
                         "--horizon", "2026-01-01:2026-12-31")
    plan = json.loads((out / "plan.json").read_text("utf-8"))
    report = (out / "report.md").read_text("utf-8").replace("\\", "")  # Markdown escapes
    return process, plan, report


def test_convert_exits_0_without_a_traceback(converted):
    process, _, _ = converted
    assert process.returncode == 0, process.stderr
    assert "Traceback" not in process.stdout + process.stderr


def test_every_good_job_is_converted(converted):
    _, plan, _ = converted
    status = {job["command"]: job["status"] for job in plan["jobs"] if job["command"]}
    missing = GOOD_COMMANDS - set(status)
    assert not missing
    assert {command: status[command] for command in GOOD_COMMANDS} == \
        {command: "auto" for command in GOOD_COMMANDS}


@pytest.mark.parametrize("relative", [
    ".hidden",  # hidden folder, skipped and counted
    "jenkins/jobs/etl/builds", "jenkins/jobs/etl/workspace",  # Jenkins records in a job folder
    "damaged/nul-byte.crontab", "damaged/unterminated-quote.ajs",  # damaged lines
    "other/crontab-notes.txt", "other/cron_jobs.groovy",  # no reader knows them
    "lib/vars/releaseTrain.groovy",  # shared library code with a computed job name
    "guessing/host-export.txt",  # crontab kind guessed from the content
    "dsl/seed.groovy",  # a pipeline script computed at seed time
    "linked",  # symbolic link leaving the input
    "jp1/loop",  # symbolic link loop
])
def test_every_bad_or_skipped_thing_is_named_in_the_report_with_its_path(converted, tree,
                                                                          relative):
    _, plan, report = converted
    # every path in the outputs is relative to the input root (the folder given)
    assert any((f.get("source") or {}).get("path") == relative for f in plan["findings"])
    assert relative in report
    # (a link's own text may name an absolute place: that is the export's content)
    assert not any(os.path.isabs((f.get("source") or {}).get("path") or "")
                   for f in plan["findings"])


def test_the_output_folder_inside_the_input_is_said_once_and_not_read(converted, tree):
    _, plan, report = converted
    said = [f for f in plan["findings"] if "output folder" in f["message"]]
    assert len(said) == 1 and "the output folder build " in said[0]["message"]
    assert said[0]["message"] in report


def test_a_second_run_into_the_same_output_reads_the_same_jobs(converted, tree):
    _, plan, _ = converted
    again = run_jobmig("convert", str(tree), "--out", str(tree / "build"), "--force",
                       "--timezone", "Asia/Tokyo", "--horizon", "2026-01-01:2026-12-31")
    assert again.returncode == 0, again.stderr
    second = json.loads((tree / "build" / "plan.json").read_text("utf-8"))
    assert [j["id"] for j in second["jobs"]] == [j["id"] for j in plan["jobs"]]


def test_audit_fail_on_manual_exits_1_there(tree):
    process = run_jobmig("audit", str(tree), "--fail-on", "manual", "--timezone", "Asia/Tokyo")
    assert process.returncode == 1, process.stdout + process.stderr
    assert "Traceback" not in process.stdout + process.stderr
