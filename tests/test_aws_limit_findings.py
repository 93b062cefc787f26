"""What cannot fit an AWS limit becomes a finding, never a file AWS refuses (issue 17, point 6).

Inputs are written by the tests, each sized by hand against a documented limit:

* a crontab line whose command is 1,100,000 characters: the state machine
  that runs it would be over the 1,048,576 characters Step Functions accepts
  (JM540), while the job next to it converts as usual;
* a JP1 jobnet that runs every second day (``cy=1,(2,d)``) over a three-year
  horizon: 548 run days, one iCalendar event each at about 170 bytes, is
  over the 64 KB an SSM document may hold. It is written as pieces checked
  together (JM545, tests/test_calendar_split.py); only when the pieces'
  names would not fit a schedule's input is it refused (JM542), which the
  tests here bring about by lowering that allowance.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_jobmig

BIG = 1_100_000
EVERY_OTHER_DAY = """unit=every2,,ops,;
{
\tty=n;
\tsd=1,2026/01/01;
\tst=1,12:00;
\tcy=1,(2,d);
\tunit=j,,ops,;
\t{
\t\tty=j;
\t\tsc="/opt/bin/x.sh";
\t}
}
"""


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("limits")
    (root / "in").mkdir()
    (root / "in" / "ops").write_text(
        "# m h dom mon dow command\n"
        f"0 1 * * * /opt/bin/huge.sh {'x' * BIG}\n"
        "30 3 * * * /opt/bin/fine.sh\n", encoding="utf-8")
    (root / "in" / "every2.ajs").write_text(EVERY_OTHER_DAY, encoding="utf-8")
    done = run_jobmig("convert", str(root / "in"), "--out", str(root / "out"), "--timezone",
                      "Asia/Tokyo", "--horizon", "2026-01-01:2028-12-31")
    assert done.returncode == 0, done.stdout + done.stderr
    plan = json.loads((root / "out" / "plan.json").read_text("utf-8"))
    return {"out": root / "out", "plan": plan,
            "jobs": {job["name"]: job for job in plan["jobs"]}}


def codes(job: dict) -> set[str]:
    return {finding["code"] for finding in job["findings"]}


def test_a_state_machine_over_the_step_functions_limit_is_a_manual_finding(converted):
    job = converted["jobs"]["huge"]
    assert job["status"] == "manual" and "JM540" in codes(job)
    message = next(f["message"] for f in job["findings"] if f["code"] == "JM540")
    assert "1,048,576" in message and "scripts" in message  # the limit and what to do


def test_nothing_of_the_oversized_state_machine_is_written(converted):
    out = converted["out"]
    assert not list((out / "statemachines").glob("huge*"))
    template = (out / "cloudformation" / "template.yaml").read_text("utf-8")
    terraform = (out / "terraform" / "main.tf.json").read_text("utf-8")
    assert "huge" not in template and "huge" not in terraform
    assert converted["jobs"]["huge"]["schedules"] == []  # nothing would start it
    assert max(p.stat().st_size for p in (out / "statemachines").glob("*.json")) < BIG


def test_the_job_next_to_it_converts_as_usual(converted):
    job = converted["jobs"]["fine"]
    # a crontab job's AWS name is its file under the input, then its program (identity)
    assert job["status"] == "auto" and job["state_machine"] == "ops-fine"
    assert (converted["out"] / "statemachines" / "ops-fine.asl.json").is_file()


@pytest.fixture(scope="module")
def unsplittable(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The every-second-day jobnet converted with room for only 30 characters of piece
    names in a schedule's input: its two pieces' names need 45."""
    from jobmig import cli
    from jobmig.emit import limits
    from jobmig.emit.files import write_plan

    root = tmp_path_factory.mktemp("unsplittable")
    source = root / "every2.ajs"
    source.write_text(EVERY_OTHER_DAY, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(limits, "CALENDAR_NAMES_CHARS", 30)
        plan = cli._load([str(source)], "Asia/Tokyo", None, None, None, None, "scheduler",
                         "2026-01-01:2028-12-31", None, None, False, "auto")
    write_plan(plan, str(root / "out"))
    job = next(j for j in plan.data["jobs"] if j["name"] == "every2")
    return {"out": root / "out", "plan": plan.data, "job": job}


def test_a_change_calendar_that_cannot_be_split_is_a_manual_finding_and_not_written(
        unsplittable):
    job = unsplittable["job"]
    assert job["status"] == "manual" and "JM542" in codes(job) and "JM545" not in codes(job)
    message = next(f["message"] for f in job["findings"] if f["code"] == "JM542")
    assert "64 KB" in message and "--horizon" in message and "30 characters" in message
    assert unsplittable["plan"]["calendars"] == []
    assert not (unsplittable["out"] / "calendars").exists()
    assert "AWS::SSM::Document" not in (
        unsplittable["out"] / "cloudformation" / "template.yaml").read_text("utf-8")


def test_the_schedule_gated_by_the_missing_calendar_is_created_disabled(unsplittable):
    import yaml

    template = yaml.safe_load(
        (unsplittable["out"] / "cloudformation" / "template.yaml").read_text("utf-8"))
    (schedule,) = [r for r in template["Resources"].values()
                   if r["Type"] == "AWS::Scheduler::Schedule"
                   and "every2" in r["Properties"]["Target"]["Input"]]
    assert schedule["Properties"]["State"] == "DISABLED"


def test_the_same_calendar_with_room_for_its_piece_names_is_split_not_refused(converted):
    job = converted["jobs"]["every2"]
    assert "JM545" in codes(job) and "JM542" not in codes(job)
    assert len(converted["plan"]["calendars"]) == 2


def test_audit_fail_on_manual_exits_1_for_what_did_not_fit(unsplittable, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from jobmig.cli import app
    from jobmig.emit import limits

    (tmp_path / "every2.ajs").write_text(EVERY_OTHER_DAY, encoding="utf-8")
    monkeypatch.setattr(limits, "CALENDAR_NAMES_CHARS", 30)  # as in ``unsplittable``
    done = CliRunner().invoke(app, ["audit", str(tmp_path / "every2.ajs"), "--timezone",
                                    "Asia/Tokyo", "--horizon", "2026-01-01:2028-12-31",
                                    "--fail-on", "manual"])
    assert done.exit_code == 1, done.output
    assert "JM542" in done.output


def _wide_jobnet(children: int) -> str:
    """A root jobnet holding ``children`` nested jobnets of one job each."""
    units = "\n".join(f"unit=c{i},,u,;{{ty=n;unit=j,,u,;{{ty=j;sc=/opt/bin/child-{i}.sh;}}}}"
                      for i in range(children))
    return f"unit=root,,u,;{{ty=n;\n{units}\n}}\n"


def _written_bytes(tmp_path: Path, children: int) -> tuple[int, Path]:
    from jobmig import cli
    from jobmig.emit.files import write_plan

    source = tmp_path / f"in{children}" / "wide.ajs"
    source.parent.mkdir()
    source.write_text(_wide_jobnet(children), encoding="utf-8")
    plan = cli._load([str(source)], "Asia/Tokyo", None, None, None, None, "scheduler",
                     "2026-01-01:2026-12-31", None, None, False, "auto")
    out = tmp_path / f"out{children}"
    write_plan(plan, str(out))
    return sum(p.stat().st_size for p in out.rglob("*") if p.is_file()), out


def test_nested_jobnets_are_referenced_so_output_grows_linearly(tmp_path):
    small, _ = _written_bytes(tmp_path, 40)
    large, out = _written_bytes(tmp_path, 80)
    assert 1.8 < large / small < 2.2  # twice the jobnets, about twice the output
    # The root starts each child's own state machine; a child's command is only in
    # the child's definition.
    root = (out / "statemachines" / "root.asl.json").read_text("utf-8")
    assert "child-7.sh" not in root and "startExecution.sync" in root
