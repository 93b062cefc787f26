"""Job DSL inline pipelines and shared library code (issue 17, point 7).

Fixtures: tests/fixtures/jenkins-constructs. Lines and columns were counted
in the fixture files by hand.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, run_jobmig

FOLDER = FIXTURES / "jenkins-constructs"


@pytest.fixture(scope="module")
def plan(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("constructs") / "out"
    process = run_jobmig("convert", str(FOLDER), "--out", str(out), "--timezone", "UTC")
    assert process.returncode == 0, process.stderr
    assert "Traceback" not in process.stderr
    return json.loads((out / "plan.json").read_text("utf-8"))


def jobs(plan: dict) -> dict[str, dict]:
    return {job["id"]: job for job in plan["jobs"]}


def test_the_inline_pipeline_trigger_belongs_to_the_pipeline_job(plan):
    x = jobs(plan)["jenkins:x"]
    assert x["legacy_schedule"]["expression"] == "H 2 * * *"
    assert x["legacy_schedule"]["flavor"] == "jenkins"


def test_the_inline_pipeline_build_steps_are_edges_of_the_pipeline_job(plan):
    edges = {(d["from"], d["to"]): d["source"]["line"] for d in plan["dependencies"]}
    # the script opens with a line continuation on line 6: its first line is line 7
    assert edges == {("jenkins:x", "jenkins:y"): 14, ("jenkins:x", "jenkins:z"): 16}


def test_the_inline_pipeline_is_not_read_as_steps_of_another_job(plan):
    assert sorted(jobs(plan)) == ["jenkins:w", "jenkins:x", "jenkins:y", "jenkins:z"]
    assert jobs(plan)["jenkins:y"]["legacy_schedule"] is None


def test_a_script_read_from_a_file_at_seed_time_is_manual_at_its_expression(plan):
    w = jobs(plan)["jenkins:w"]
    assert w["status"] == "manual"
    (computed,) = [f for f in w["findings"] if f["code"] == "JM319"]
    assert "readFileFromWorkspace('pipelines/w.Jenkinsfile')" in computed["message"]
    assert (computed["source"]["line"], computed["source"]["column"]) == (31, 20)


def test_a_shared_library_build_of_a_computed_name_is_manual_at_path_line_col(plan):
    computed = [f for f in plan["findings"] if f["code"] == "JM306"]
    where = {(Path(f["source"]["path"]).name, f["source"]["line"], f["source"]["column"]): f
             for f in computed}
    # '    build job: jobId' → jobId at column 16; '        steps.build job: "train/..."' → 26
    assert set(where) == {("releaseTrain.groovy", 3, 16), ("Runner.groovy", 7, 26)}
    assert "jobId" in where[("releaseTrain.groovy", 3, 16)]["message"]
    assert '"train/${name}"' in where[("Runner.groovy", 7, 26)]["message"]
    assert all(f["severity"] == "manual" for f in computed)


def test_shared_library_files_are_not_jobs_but_are_named_in_the_findings(plan):
    assert not any("lib" in job["source"]["path"] for job in plan["jobs"])
    library = {Path(f["source"]["path"]).name: f["message"] for f in plan["findings"]
               if f["code"] == "JM327"}
    assert set(library) == {"releaseTrain.groovy", "notifyAll.groovy", "Runner.groovy"}
    assert library["notifyAll.groovy"].endswith("also start y")


def test_audit_fails_on_manual_for_the_library_finding(tmp_path):
    library_only = FOLDER / "lib"
    assert run_jobmig("audit", str(library_only), "--fail-on", "manual").returncode == 1
