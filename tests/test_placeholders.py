"""Jobs with nothing jobmig can run never look like jobs that ran; Windows commands go to Windows.

Expected behaviour, from the legacy products and the issue text: a unit with
no AWS equivalent (a JP1 file-watch job), or a job without a command (a Jenkins
pipeline whose steps are Groovy), must not become a task that succeeds and
starts its successors; a JP1 interval job waits ``tmitv`` minutes (JP1 command
reference, see the notes); a JP1 PC job runs a cmd.exe command on Windows.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_jobmig

JP1 = """unit=業務,,jp1admin,;
{
  ty=g;
  unit=夜間,,jp1admin,;
  {
    ty=n;
    unit=ファイル待ち,,jp1admin,;{ty=lfwj;lftpd="/var/log/app.log";}
    unit=間隔,,jp1admin,;{ty=tmwj;tmitv=5;}
    unit=集計,,jp1admin,;{ty=j;sc="/opt/batch/sum.sh";}
    unit=PC集計,,jp1admin,;{ty=pj;sc="C:\\batch\\sum.bat";prm="2026";}
    ar=(f=ファイル待ち,t=間隔);
    ar=(f=間隔,t=集計);
    ar=(f=集計,t=PC集計);
  }
}
"""

PIPELINE = """<?xml version='1.1' encoding='UTF-8'?>
<flow-definition plugin="workflow-job">
  <triggers><hudson.triggers.TimerTrigger><spec>0 2 * * *</spec></hudson.triggers.TimerTrigger></triggers>
  <definition class="org.jenkinsci.plugins.workflow.cps.CpsScmFlowDefinition"><scriptPath>Jenkinsfile</scriptPath></definition>
</flow-definition>
"""


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    root = tmp_path_factory.mktemp("placeholders")
    (root / "net.ajs").write_text(JP1, encoding="utf-8")
    job_dir = root / "jenkins" / "jobs" / "etl"
    job_dir.mkdir(parents=True)
    (job_dir / "config.xml").write_text(PIPELINE, encoding="utf-8")
    out = root / "out"
    run_jobmig("convert", str(root / "net.ajs"), str(root / "jenkins"), "--out", str(out),
               "--timezone", "Asia/Tokyo", "--horizon", "2026-01-01:2026-12-31", check=True)
    return json.loads((out / "plan.json").read_text("utf-8")), out


def _job(plan: dict, suffix: str) -> dict:
    (job,) = [job for job in plan["jobs"] if job["id"].endswith(suffix)]
    return job


def _states(converted: tuple[dict, Path], job: dict) -> dict:
    """Every state of the job's state machine as written, Parallel branches included."""
    plan, out = converted
    (machine,) = [m for m in plan["state_machines"] if m["name"] == job["state_machine"]]
    definition = json.loads((out / machine["path"]).read_text("utf-8"))
    found: dict = {}

    def walk(states: dict) -> None:
        for name, state in states.items():
            found[name] = state
            for branch in state.get("Branches", ()):
                walk(branch["States"])
    walk(definition["States"])
    return found


def _codes(job: dict) -> set[str]:
    return {finding["code"] for finding in job["findings"]}


def test_a_log_file_watch_unit_is_a_fail_placeholder_and_its_jobnet_is_manual(converted) -> None:
    plan, _ = converted
    watch, net = _job(plan, "/ファイル待ち"), _job(plan, "/夜間")
    assert watch["status"] == "manual" and {"JM404", "JM524"} <= _codes(watch)
    assert net["status"] == "manual" and "JM525" in _codes(net)
    fails = [s for s in _states(converted, net).values()
             if s["Type"] == "Fail" and s.get("Error") == "Jobmig.NotConverted"]
    assert len(fails) == 1 and "ファイル待ち" in fails[0]["Cause"]


def test_no_state_runs_the_shell_no_op_true(converted) -> None:
    _, out = converted
    for definition in (out / "statemachines").glob("*.json"):
        text = definition.read_text("utf-8")
        assert '"true"' not in text and '"commands": []' not in text, definition.name


def test_an_interval_job_waits_its_tmitv_minutes(converted) -> None:
    plan, _ = converted
    waits = [s for s in _states(converted, _job(plan, "/夜間")).values() if s["Type"] == "Wait"
             and "interval job" in s.get("Comment", "")]
    assert [w["Seconds"] for w in waits] == [5 * 60]


def test_a_pc_job_runs_its_command_through_cmd_on_windows(converted) -> None:
    plan, _ = converted
    pc = _job(plan, "/PC集計")
    assert pc["status"] == "review" and "JM526" in _codes(pc)
    sends = [s for s in _states(converted, _job(plan, "/夜間")).values()
             if s.get("Resource", "").endswith("ssm:sendCommand")]
    by_document = {s["Parameters"]["DocumentName"]: s for s in sends}
    assert set(by_document) == {"AWS-RunShellScript", "AWS-RunPowerShellScript"}
    script = "\n".join(by_document["AWS-RunPowerShellScript"]["Parameters"]["Parameters"]["commands"])
    assert "C:\\batch\\sum.bat 2026" in script.split("\n")
    assert "& cmd.exe /c $jobmigCmd" in script and script.endswith("exit $jobmigRc")
    shell = by_document["AWS-RunShellScript"]["Parameters"]["Parameters"]["commands"]
    assert shell[-1] == "/opt/batch/sum.sh"


def test_a_pipeline_without_shell_steps_is_a_manual_placeholder(converted) -> None:
    plan, _ = converted
    pipeline = _job(plan, "etl")
    assert pipeline["status"] == "manual" and "JM524" in _codes(pipeline)
    states = _states(converted, pipeline)
    assert any(s["Type"] == "Fail" and s.get("Error") == "Jobmig.NotConverted"
               for s in states.values())
    assert not any(s.get("Resource", "").endswith("ssm:sendCommand") for s in states.values())
