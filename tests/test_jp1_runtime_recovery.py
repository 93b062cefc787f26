"""AJSPRE_ST / AJSPRE_RC for a recovery unit, and for the first unit of a nested jobnet
(issue 19, fault 3 leftovers).

Expected values come from the JP1/AJS3 documentation, not from jobmig:

* Command Reference, 1.4.2 "Environment variables set when a job is executed from
  JP1/AJS3" (table 1-7): AJSPRE_ST is the end status of the preceding job (``a`` for an
  abnormal end), AJSPRE_RC "the return value for the preceding job"; for a recovery unit
  the preceding job is the unit whose abnormal end started it (Overview, 3.1.1: a
  recovery unit "is executed when all preceding units have terminated abnormally").
* System Design (Work Tasks) Guide, 7.8.3 "Checking the return code of a job" (table
  7-12): a job that failed to start or was killed (its timeout included) has the return
  code -1.
* The return codes themselves are the ones the scripted AWS answers with (a command
  ending with 9 is JP1's job returning 9); a code above the job's ``tho`` is an abnormal
  end (Command Reference, job definition ``tho``).

The machines run in aws-local-stepfunctions with a scripted AWS (tests/asl_run.py); the
lines the recovery unit's SendCommand carries run in /bin/sh with the document parameters
as the SSM Agent gives them (``SSM_<parameter>``).
"""
from __future__ import annotations

import functools
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobmig.model import Condition, RetryPolicy
from tests.asl_run import fail, ok, request, run_all
from tests.aws_fixtures import assert_valid_asl, cfn_lint, substituted
from tests.test_jp1_runtime_joins import (
    EXDATE, NET, SCHEDULED, VALUES, build, edge, findings, run_script, sent_to, thresholds, unit,
)

RECOVERY = "/opt/r.sh $AJSPRE_ST $AJSPRE_RC"
ECS_A = 'task = "ssm"\n[[rule]]\nname = "net/a"\ntask = "ecs"\ncontainer = "main"\n'


def _jobs(**a: Any) -> list:
    """a (tho=4, wth=1), whose abnormal end starts the recovery unit r (reads AJSPRE_ST and
    AJSPRE_RC), and b after a."""
    return [NET, unit("a", attributes=thresholds(4, 1), **a),
            unit("r", RECOVERY, kind="recovery"), unit("b")]


EDGES = [edge("a", "r", Condition.FAILURE), edge("a", "b")]


def _machine(profile: str = "", **a: Any) -> dict[str, Any]:
    (machine,) = build(_jobs(**a), EDGES, f"[default]\n{profile}" if profile else "")
    assert_valid_asl(machine.definition)
    return {"machine": machine, "definition": substituted(machine, VALUES)}


def _aws(states: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Scripted AWS: every command succeeds unless ``states`` answers a state otherwise."""
    return {"resources": {
        "ssm:sendCommand": [ok({"Command": {"CommandId": "cmd-1"}})],
        "ssm:getCommandInvocation": [ok({"Status": "Success", "ResponseCode": 0})]},
        "states": states}


def _ended(code: int) -> list[dict[str, Any]]:
    return [ok({"Status": "Failed", "ResponseCode": code})]


def _task(code: int) -> dict[str, Any]:
    """An ECS runTask.sync answer: the container stopped with exit code ``code``."""
    return ok({"TaskArn": "t-1", "StopCode": "EssentialContainerExited",
               "Containers": [{"Name": "main", "ExitCode": code}]})


def _recovered(machine: dict[str, Any], *scenarios: dict[str, Any]) -> list[dict[str, Any]]:
    """Run each scenario; each ends failed after the recovery; r's SendCommand parameters."""
    results = run_all([request(machine["definition"], {"business_date": SCHEDULED}, scenario,
                               "net") for scenario in scenarios])
    sent = []
    for result in results:
        assert (result.status, result.error) == ("FAILED", "Jobmig.JobFailedAfterRecovery"), \
            (result.error, result.cause)
        assert [c["state"] for c in result.calls_to("ssm:sendCommand")
                if c["state"].startswith("net/b")] == []
        sent.append(sent_to(result, "r")["Parameters"])
    return sent


def test_a_recovery_unit_gets_the_return_code_of_the_command_that_ended_abnormally():
    """a's tho is 4: 5, 9 and 255 are abnormal ends; r gets AJSPRE_ST=a and the code."""
    codes = (5, 9, 255)
    machine = _machine()
    for code, parameters in zip(codes, _recovered(machine, *(
            _aws({"net/a: get command status": _ended(code)}) for code in codes))):
        assert (parameters["preStatus"], parameters["preReturnCode"]) == (["a"], [str(code)])
        assert parameters["businessDate"] == [EXDATE]
        assert run_script(parameters)[:2] == (0, f"a|{code}|")
    (info,) = findings([machine["machine"]], "jp1:/net/r", "JM564")
    assert "AJSPRE_RC: its return code" in info and "net/a" in info
    assert findings([machine["machine"]], "jp1:/net/r", "JM561") == []


@functools.cache
def _plain() -> dict[str, Any]:
    """:func:`_machine` on SSM, built once for the property test's examples."""
    return _machine()


@settings(max_examples=3, deadline=None)
@given(st.lists(st.integers(5, 2**31 - 1), min_size=6, max_size=6))
def test_any_code_above_tho_reaches_the_recovery_unit_as_written(codes):
    """Any return code above a's tho (4), up to JP1's largest (2,147,483,647), is the
    recovery unit's AJSPRE_RC, in decimal as JP1 sets it."""
    sent = _recovered(_plain(), *(_aws({"net/a: get command status": _ended(code)})
                                 for code in codes))
    assert [parameters["preReturnCode"] for parameters in sent] == [[str(c)] for c in codes]


def test_a_recovery_unit_run_as_a_lambda_function_gets_the_code_in_its_payload():
    (machine,) = build(_jobs(), EDGES, '[default]\ntask = "ssm"\n[[rule]]\nname = "net/r"\n'
                                       'task = "lambda"\n')
    assert_valid_asl(machine.definition)
    (result,) = run_all([request(substituted(machine, VALUES), {"business_date": SCHEDULED},
                                 {**_aws({"net/a: get command status": _ended(7)}),
                                  "resources": {**_aws({})["resources"], "lambda:invoke": [
                                      ok({"StatusCode": 200, "Payload": {}})]}}, "net")])
    assert (result.status, result.error) == ("FAILED", "Jobmig.JobFailedAfterRecovery")
    (call,) = result.calls_to("lambda:invoke")
    environment = call["input"]["Payload"]["environment"]
    assert (environment["AJSPRE_ST"], environment["AJSPRE_RC"]) == ("a", "7")


def test_a_command_that_could_not_be_sent_gives_the_recovery_unit_minus_one():
    """SendCommand refused (a non-transient error, so no retry): the job did not start, for
    which JP1 sets -1."""
    (parameters,) = _recovered(_machine(), _aws({
        "net/a: send command": [fail("Ssm.InvalidInstanceIdException")]}))
    assert (parameters["preStatus"], parameters["preReturnCode"]) == (["a"], ["-1"])


def test_a_retried_job_gives_the_code_of_its_last_attempt():
    """a is retried once (abr=y, rec=1): 9, then 7; r runs after the second abnormal end."""
    (parameters,) = _recovered(_machine(retry=RetryPolicy(max_attempts=1, interval_seconds=60)),
                               _aws({"net/a: get command status": _ended(9) + _ended(7)}))
    assert (parameters["preStatus"], parameters["preReturnCode"]) == (["a"], ["7"])


def test_an_ecs_task_gives_its_exit_code_or_minus_one_when_it_did_not_run():
    """a on ECS with tho=4: exit code 6 is an abnormal end; a task that failed to start is
    JP1's "failed to start" (-1)."""
    exited, not_started = _recovered(
        _machine(ECS_A),
        _aws({"net/a: run task": [_task(6)]}),
        _aws({"net/a: run task": [fail("States.TaskFailed", "the task did not start")]}))
    assert (exited["preStatus"], exited["preReturnCode"]) == (["a"], ["6"])
    assert (not_started["preStatus"], not_started["preReturnCode"]) == (["a"], ["-1"])


def test_a_code_within_tho_goes_on_and_does_not_start_the_recovery():
    (result,) = run_all([request(_machine()["definition"], {"business_date": SCHEDULED},
                                 _aws({"net/a: get command status": _ended(4)}), "net")])
    assert result.status == "SUCCEEDED", (result.error, result.cause)
    assert [c["state"] for c in result.calls_to("ssm:sendCommand")] == [
        "net/a: send command", "net/b: send command"]


def test_after_an_aws_batch_job_the_recovery_unit_is_told_why_it_gets_no_code():
    profile = 'task = "ssm"\n[[rule]]\nname = "net/a"\ntask = "batch"\n'
    (machine,) = build(_jobs(), EDGES, f"[default]\n{profile}")
    (message,) = findings([machine], "jp1:/net/r", "JM561")
    assert "$AJSPRE_RC" in message and "$AJSPRE_ST" not in message
    assert "SSM command or an ECS task, which net/a is not" in message
    assert "keep the result" not in json.dumps(machine.definition)


def test_a_recovery_unit_after_two_failed_units_is_told_why_it_gets_no_code():
    jobs = [NET, unit("a"), unit("c"), unit("r", RECOVERY, kind="recovery")]
    machines = build(jobs, [edge("a", "r", Condition.FAILURE), edge("c", "r", Condition.FAILURE)])
    # r is built once behind each failed unit's Catch: the same reason each time
    (message,) = set(findings(machines, "jp1:/net/r", "JM561"))
    assert "after several units (net/a, net/c)" in message and "bitwise OR" in message


def test_a_job_whose_recovery_reads_nothing_keeps_its_plain_fail_state():
    jobs = [NET, unit("a"), unit("r", "/opt/r.sh", kind="recovery")]
    (machine,) = build(jobs, [edge("a", "r", Condition.FAILURE)])
    text = json.dumps(machine.definition)
    assert "CausePath" not in text and "keep the result" not in text


# -- the first unit of a nested jobnet ----------------------------------------------------
def test_the_first_unit_of_a_nested_jobnet_keeps_the_finding_with_the_manuals_gap():
    """Table 1-7 sets n and 0 "if there is no preceding job or jobnet" and does not say
    whether a nested jobnet's own preceding unit counts for its first unit; jobmig does not
    guess, and says so."""
    inner = NET.__class__(id="jp1:/net/sub", name="net/sub", source=NET.source, kind="jobnet",
                          parent="jp1:/net")
    jobs = [NET, unit("a"), inner, unit("first", "/opt/f.sh $AJSPRE_ST", parent="net/sub")]
    (first,) = findings(build(jobs, [edge("a", "sub")]), "jp1:/net/sub/first", "JM561")
    assert "the first unit of the nested jobnet net/sub" in first
    assert "does not say whether the unit before net/sub" in first and "table 1-7" in first


# -- from a JP1 export, through the CloudFormation template -------------------------------
#: 検品 (tho=4) → 出荷; 検品's abnormal end starts the recovery job 検品回復, which reads
#: AJSPRE_ST and AJSPRE_RC; 00:30 every day, zone Asia/Tokyo.
EXPORT = """unit=物流,,jp1admin,;
{
	ty=g;
	unit=出荷処理,,jp1admin,;
	{
		ty=n;
		el=検品,j,+80 +48;
		el=出荷,j,+240 +48;
		el=検品回復,rj,+240 +144;
		ar=(f=検品,t=出荷,seq);
		ar=(f=検品,t=検品回復,seq);
		sd=1,2026/01/05;
		st=1,00:30;
		cy=1,(1,d);
		unit=検品,,jp1admin,;
		{
			ty=j;
			te="/opt/ship/bin/inspect.sh";
			tho=4;
		}
		unit=出荷,,jp1admin,;
		{
			ty=j;
			te="/opt/ship/bin/ship.sh";
		}
		unit=検品回復,,jp1admin,;
		{
			ty=rj;
			te="/opt/ship/bin/recover.sh --after $AJSPRE_ST --code $AJSPRE_RC";
		}
	}
}
"""
SHIP = "物流/出荷処理"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from tests.test_jp1_runtime import converted_export

    return converted_export(tmp_path_factory.mktemp("recovery"), "recovery.ajs", EXPORT)


def test_a_converted_recovery_job_gets_the_failed_jobs_code(exported):
    from tests.test_jp1_runtime import NAMES

    (result,) = run_all([request(exported["definition"], exported["start"], {"resources": {
        "ssm:sendCommand": [ok({"Command": {"CommandId": "cmd-1"}})],
        "ssm:getCommandInvocation": [ok({"Status": "Success", "ResponseCode": 0})],
        "sfn:listExecutions": [ok({"Executions": [{"ExecutionArn": "this"}]})]},
        "states": {f"{SHIP}/検品: get command status": _ended(12)}}, "ship")])
    assert (result.status, result.error) == ("FAILED", "Jobmig.JobFailedAfterRecovery")
    (call,) = [c for c in result.calls_to("ssm:sendCommand")
               if c["state"] == f"{SHIP}/検品回復: send command"]
    assert call["input"]["DocumentName"] == NAMES["Jp1ShellDocument"]
    parameters = call["input"]["Parameters"]
    assert (parameters["preStatus"], parameters["preReturnCode"]) == (["a"], ["12"])
    assert run_script(parameters)[:2] == (0, "a|12|")
    jobs = {j["name"]: j for j in exported["plan"]["jobs"]}
    assert jobs[f"{SHIP}/検品回復"]["status"] == "auto"
    code, out = cfn_lint(exported["text"])
    assert code & 2 == 0, out
    for path in (exported["out"] / "statemachines").glob("*.asl.json"):
        assert_valid_asl(json.loads(path.read_text("utf-8")))


def test_a_command_that_timed_out_or_was_cancelled_gives_the_recovery_unit_minus_one():
    """The command's own time limit (executionTimeout) ran out, or it was cancelled: the
    job was killed, for which JP1 sets -1 (table 7-12), whatever exit status the SSM
    Agent reports for the killed process."""
    timed_out, cancelled = _recovered(
        _machine(),
        _aws({"net/a: get command status": [ok({"Status": "TimedOut", "ResponseCode": 1})]}),
        _aws({"net/a: get command status": [ok({"Status": "Cancelled", "ResponseCode": 0})]}))
    assert (timed_out["preStatus"], timed_out["preReturnCode"]) == (["a"], ["-1"])
    assert (cancelled["preStatus"], cancelled["preReturnCode"]) == (["a"], ["-1"])


def test_an_ecs_task_stopped_from_outside_gives_the_recovery_unit_minus_one():
    """StopTask (stop code UserInitiated) kills the container (exit code 137, SIGKILL):
    JP1 sets -1 for a killed job (table 7-12), not the signal's exit status."""
    (stopped,) = _recovered(_machine(ECS_A), _aws({"net/a: run task": [ok({
        "TaskArn": "t-1", "StopCode": "UserInitiated",
        "Containers": [{"Name": "main", "ExitCode": 137}]})]}))
    assert (stopped["preStatus"], stopped["preReturnCode"]) == (["a"], ["-1"])
