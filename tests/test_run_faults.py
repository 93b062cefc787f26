"""Run-time behaviour of emitted state machines, run in an independent interpreter.

Each test builds a machine from a small graph, runs it in aws-local-stepfunctions
(tests/asl_run.py) with a scripted AWS and checks what a legacy scheduler
would have done: JP1's end judgment by return code (``tho``: rc above it is an
abnormal end, within it a warning end after which the jobnet goes on; JP1/AJS3
Command Reference 2, 4.2.6), judgment jobs on the predecessor's return code,
retries of throttled AWS calls, and that nothing unconverted runs by accident.
Expected outcomes come from those semantics, not from the definitions.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest

from jobmig.mappings.aws_schedule import AwsSchedule, ScheduleMapping
from jobmig.mappings.event_patterns import build_rules
from jobmig.mappings.profile import parse_profile
from jobmig.mappings.stepfunctions import StateMachine, build_state_machines
from jobmig.model import Condition, Status
from jobmig.options import MapOptions
from tests.asl_run import Run, fail, ok, run
from tests.aws_fixtures import dep, graph_of, job, resolve, substituted

DATE = "2026-11-23T17:30:00Z"
VALUES = {"InstanceId": "i-0123456789abcdef0", "EcsClusterArn": "c", "EcsTaskDefinitionArn": "t",
          "EcsSubnetIds": "s1,s2", "EcsSecurityGroupIds": "g1"}


def machines(graph, profile=None, **options: Any) -> dict[str, StateMachine]:
    options.setdefault("guard", "off")
    built = build_state_machines(graph, {}, MapOptions(**options), profile)
    return {m.name: m for m in built}


def execute(machine: StateMachine, scenario: dict[str, Any],
            payload: dict[str, Any] | None = None) -> Run:
    return run(substituted(machine, VALUES), {"business_date": DATE} if payload is None else payload,
               scenario, machine.name)


def ssm(codes: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Scenario: every sendCommand accepted; each job's status polls answered in order."""
    states = {f"{label}: get command status": answers for label, answers in codes.items()}
    return {"resources": {"ssm:sendCommand": [ok({"Command": {"CommandId": "cmd-1"}})]},
            "states": states}


def status(state: str, code: int) -> dict[str, Any]:
    return ok({"Status": state, "ResponseCode": code})


def sent(result: Run) -> list[str]:
    """The jobs whose command was sent, in order (by the state name's label)."""
    return [c["state"].rsplit(": send command", 1)[0] for c in result.calls_to("ssm:sendCommand")]


def thresholds(**judgment: Any) -> dict[str, Any]:
    return {"end_judgment": judgment}


# -- fault 2: tho ----------------------------------------------------------------------------
def tho_net(tho: int | None):
    """net: first (tho) → second; first's abnormal end runs recovery (JP1 recovery unit)."""
    attributes = thresholds(type="cod", abnormal_threshold=tho) if tho is not None else {}
    return graph_of(
        [job("net", kind="jobnet"), job("first", parent="net", attributes=attributes),
         job("second", parent="net"), job("recover", parent="net", unit_type="rj")],
        [dep("first", "second"), dep("first", "recover", Condition.FAILURE)])


@pytest.mark.parametrize("code, goes_on", [(1, True), (4, True), (5, False), (0, True)])
def test_a_return_code_within_tho_is_a_warning_end_and_the_jobnet_goes_on(code, goes_on):
    machine = machines(tho_net(4))["net"]
    answer = status("Success", 0) if code == 0 else status("Failed", code)
    result = execute(machine, ssm({"first": [answer], "second": [status("Success", 0)],
                                   "recover": [status("Success", 0)]}))
    if goes_on:
        assert (result.status, sent(result)) == ("SUCCEEDED", ["first", "second"])
    else:
        assert result.status == "FAILED"
        assert sent(result) == ["first", "recover"]  # recovery ran, the successor did not
        assert result.error == "Jobmig.JobFailedAfterRecovery"


def test_without_tho_any_non_zero_code_is_an_abnormal_end():
    machine = machines(tho_net(None))["net"]
    result = execute(machine, ssm({"first": [status("Failed", 1)], "recover": [status("Success", 0)]}))
    assert (result.status, sent(result)) == ("FAILED", ["first", "recover"])


def test_a_cancelled_or_timed_out_command_is_abnormal_whatever_tho_says():
    machine = machines(tho_net(4))["net"]
    for answer in (status("TimedOut", -1), status("Cancelled", -1)):
        result = execute(machine, ssm({"first": [answer], "recover": [status("Success", 0)]}))
        assert (result.status, sent(result)) == ("FAILED", ["first", "recover"])


def test_an_ecs_job_within_tho_goes_on_and_above_it_fails():
    profile = parse_profile('[default]\ntask = "ecs"\n')
    graph = graph_of([job("solo", attributes=thresholds(type="cod", abnormal_threshold=3))])
    machine = machines(graph, profile)["solo"]
    for code, expected in ((3, "SUCCEEDED"), (4, "FAILED"), (0, "SUCCEEDED")):
        result = execute(machine, {"resources": {"ecs:runTask.sync": [ok({
            "TaskArn": "arn:task", "StopCode": "EssentialContainerExited",
            "Containers": [{"Name": "app", "ExitCode": code}]})]}})
        assert result.status == expected, code


# -- fault 1: judgment jobs --------------------------------------------------------------------
def judgment_net(tho: int):
    """pred (tho) → judge (ej=gt, ejc=10) → then (con) → last."""
    return graph_of(
        [job("net", kind="jobnet"),
         job("pred", parent="net", attributes=thresholds(type="cod", abnormal_threshold=tho)),
         job("judge", parent="net", unit_type="jdj", command=None,
             attributes={"params": [["ej", "gt"], ["ejc", "10"]]}),
         job("then", parent="net"), job("last", parent="net")],
        [dep("pred", "judge"), dep("judge", "then", Condition.JUDGMENT), dep("then", "last")])


@pytest.mark.parametrize("answer, runs_then", [
    (status("Failed", 11), True),  # rc 11 > 10 and within tho=20: a warning end, judgment holds
    (status("Failed", 10), False),
    (status("Success", 0), False),
])
def test_a_return_code_judgment_sees_the_code_ssm_reports_as_failed(answer, runs_then):
    machine = machines(judgment_net(20))["net"]
    result = execute(machine, ssm({"pred": [answer], "then": [status("Success", 0)],
                                   "last": [status("Success", 0)]}))
    assert result.status == "SUCCEEDED"
    # the con unit runs only when the judgment holds; the unit after it runs either way (JM522)
    assert sent(result) == (["pred", "then", "last"] if runs_then else ["pred", "last"])


def test_a_judgment_after_an_abnormal_end_never_runs():
    machine = machines(judgment_net(20))["net"]
    result = execute(machine, ssm({"pred": [status("Failed", 21)]}))
    assert (result.status, sent(result)) == ("FAILED", ["pred"])


# -- fault 4: an unconverted judgment ------------------------------------------------------------
def test_an_unconverted_judgment_stops_the_run_before_its_units():
    graph = graph_of(
        [job("net", kind="jobnet"), job("pred", parent="net"),
         job("judge", parent="net", unit_type="jdj", command=None,
             attributes={"params": [["ej", "ef"], ["ejf", "/tmp/flag"]]}),
         job("then", parent="net")],
        [dep("pred", "judge"), dep("judge", "then", Condition.JUDGMENT)])
    result = execute(machines(graph)["net"], ssm({"pred": [status("Success", 0)],
                                                  "then": [status("Success", 0)]}))
    assert (result.status, result.error, sent(result)) == ("FAILED", "Jobmig.NotConverted", ["pred"])


# -- fault 6: transient API errors, TimeoutSeconds ------------------------------------------------
THROTTLED = fail("Ssm.ThrottlingException", "Rate exceeded")


def test_a_throttled_send_or_status_call_is_retried_and_the_job_succeeds():
    machine = machines(graph_of([job("solo")]))["solo"]
    scenario = {"resources": {"ssm:sendCommand": [THROTTLED, THROTTLED,
                                                  ok({"Command": {"CommandId": "cmd-1"}})]},
                "states": {"solo: get command status": [THROTTLED, status("InProgress", -1),
                                                        fail("Ssm.InternalServerErrorException"),
                                                        status("Success", 0)]}}
    result = execute(machine, scenario)
    assert result.status == "SUCCEEDED"
    assert len(result.calls_to("ssm:sendCommand")) == 3
    assert len(result.calls_to("ssm:getCommandInvocation")) == 4


def test_a_call_refused_for_good_is_not_retried():
    machine = machines(graph_of([job("solo")]))["solo"]
    result = execute(machine, {"resources": {"ssm:sendCommand": [
        fail("Ssm.InvalidInstanceIdException"), ok({"Command": {"CommandId": "cmd-1"}})]}})
    assert (result.status, result.error) == ("FAILED", "Ssm.InvalidInstanceIdException")
    assert len(result.calls_to("ssm:sendCommand")) == 1


def test_a_throttled_guard_or_calendar_check_is_retried():
    graph = graph_of([job("solo", concurrent=False)])
    mapping = ScheduleMapping(Status.REVIEW, (AwsSchedule("solo", "cron(0 1 * * ? *)",
                                                          calendar="days"),))
    (machine,) = build_state_machines(graph, {"test:solo": mapping}, MapOptions(guard="auto"))
    scenario = ssm({"solo": [status("Success", 0)]})
    scenario["resources"]["ssm:getCalendarState"] = [THROTTLED, ok({"State": "OPEN"})]
    scenario["resources"]["sfn:listExecutions"] = [
        fail("Sfn.ThrottlingException"), ok({"Executions": [{"executionArn": "this"}]})]
    result = execute(machine, scenario, {"business_date": DATE, "calendar": "days"})
    assert result.status == "SUCCEEDED"
    assert len(result.calls_to("ssm:getCalendarState")) == 2
    assert len(result.calls_to("sfn:listExecutions")) == 2
    assert sent(result) == ["solo"]


def test_every_machine_has_a_timeout_from_the_legacy_limit_or_a_day():
    graph = graph_of([job("limited", timeout_seconds=1800), job("open")])
    built = machines(graph)
    assert built["limited"].definition["TimeoutSeconds"] == 1800 + 600
    assert built["open"].definition["TimeoutSeconds"] == 86400


# -- fault 5: a closed day starts no successor ----------------------------------------------------
def status_event(machine: str, status_: str, output: Any) -> dict[str, Any]:
    """The "Step Functions Execution Status Change" event of a run (``detail.output`` is the
    run's output as JSON text, null when it failed)."""
    arn = f"arn:aws:states:us-east-1:123456789012:stateMachine:{machine}"
    return {"version": "0", "id": "1", "detail-type": "Step Functions Execution Status Change",
            "source": "aws.states", "account": "123456789012", "time": DATE, "region": "us-east-1",
            "resources": [f"{arn}:r1"],
            "detail": {"executionArn": f"{arn}:r1", "stateMachineArn": arn, "name": "r1",
                       "status": status_, "input": "{}",
                       "output": None if output is None else json.dumps(output)}}


def rule_matches(rule, event: dict[str, Any]) -> bool:
    from moto.events.models import EventPattern

    return EventPattern.load(resolve(json.dumps(rule.event_pattern), {})).matches_event(event)


@pytest.mark.parametrize("condition", [Condition.SUCCESS, Condition.COMPLETED, Condition.ALWAYS])
def test_a_run_skipped_on_a_closed_day_starts_no_successor_and_sends_no_notice(condition):
    graph = graph_of([job("a"), job("b")], [dep("a", "b", condition, scope="cross")])
    mapping = ScheduleMapping(Status.REVIEW, (AwsSchedule("a", "cron(0 1 * * ? *)", calendar="days"),))
    options = MapOptions(guard="off", notify=True)
    built = build_state_machines(graph, {"test:a": mapping}, options)
    rules = build_rules(graph, built, options).rules
    machine = {m.name: m for m in built}["a"]
    assert "JM560" in [f.code for f in machine.findings]
    payload = {"business_date": DATE, "calendar": "days"}
    closed, opened = (execute(machine, {**ssm({"a": [status("Success", 0)]}), "resources": {
        **ssm({})["resources"], "ssm:getCalendarState": [ok({"State": state})]}}, payload)
        for state in ("CLOSED", "OPEN"))
    assert (closed.status, sent(closed)) == ("SUCCEEDED", [])
    assert (opened.status, sent(opened)) == ("SUCCEEDED", ["a"])
    skipped, worked = (status_event("a", "SUCCEEDED", r.output) for r in (closed, opened))
    dependency = [r for r in rules if r.kind == "dependency"]
    notices = [r for r in rules if r.kind == "failure_notice"]
    assert dependency and notices
    assert not any(rule_matches(r, skipped) for r in rules)  # no successor, no notice
    assert any(rule_matches(r, worked) for r in dependency)
    if condition is not Condition.SUCCESS:  # the successor still starts after a failure
        assert any(rule_matches(r, status_event("a", "FAILED", None)) for r in dependency)


# -- fault 7: the join gate compares the business day in the jobs' zone ---------------------------
def join_estate():
    graph = graph_of([job("a"), job("b"), job("c")],
                     [dep("a", "c", scope="cross", parameters={"join": "and"}),
                      dep("b", "c", scope="cross", parameters={"join": "and"})])
    options = MapOptions(guard="off", timezone="Asia/Tokyo")
    built = build_state_machines(graph, {}, options)
    (gate,) = build_rules(graph, built, options).machines
    return {m.name: m for m in built}, gate


@pytest.mark.parametrize("b_scheduled, starts", [
    ("2026-11-25T01:00:00Z", True),  # 10:00 on 2026-11-25 in Tokyo, a ran at 02:30 that day
    ("2026-11-24T01:00:00Z", False),  # 10:00 on the day before
    ("2026-11-24T14:59:00Z", False),  # 23:59 on the day before
    ("2026-11-24T15:00:00Z", True),  # 00:00 on 2026-11-25
], ids=["same-day", "day-before", "minute-before-midnight", "midnight"])
def test_the_join_gate_starts_the_successor_when_every_predecessor_ran_the_same_local_day(
        b_scheduled, starts):
    machines_, gate = join_estate()
    ran = {name: execute(machines_[name], ssm({name: [status("Success", 0)]}),
                         {"business_date": stamp})
           for name, stamp in (("a", "2026-11-24T17:30:00Z"), ("b", b_scheduled))}
    assert ran["a"].output["business_day"] == "2026-11-25"
    outputs = {name: json.dumps(r.output) for name, r in ran.items()}
    # a's end sets the gate off (the rule's input transformer); each predecessor has one run
    trigger = {"upstream_execution": "arn:a-run", "upstream_output": outputs["a"]}
    scenario = {"states": {
        "List a runs": [ok({"Executions": [{"ExecutionArn": "arn:a-run"}]})],
        "List b runs": [ok({"Executions": [{"ExecutionArn": "arn:b-run"}]})],
        "a: describe run": [ok({"Output": outputs["a"]})],
        "b: describe run": [ok({"Output": outputs["b"]})],
        "Start c": [ok({"ExecutionArn": "arn:c-run"})]}}
    result = execute(gate, scenario, trigger)
    assert result.status == "SUCCEEDED"
    started = result.calls_to("states:startExecution")
    assert bool(started) is starts
    if starts:  # one start per business day: the name is fixed by the day, not the time
        assert started[0]["input"]["Name"] == "join-" + hashlib.md5(b"2026-11-25").hexdigest()


# -- fault 9: calendars that run out -------------------------------------------------------------
def test_a_business_date_past_the_calendar_horizon_fails_loudly_instead_of_skipping():
    from datetime import date

    from jobmig.mappings.change_calendar import DEFAULT_CLOSED, ChangeCalendar

    calendar = ChangeCalendar("days", DEFAULT_CLOSED, "Asia/Tokyo", frozenset(),
                              (date(2026, 1, 1), date(2027, 12, 31)))
    mapping = ScheduleMapping(Status.REVIEW, (AwsSchedule("a", "cron(30 2 * * ? *)", calendar="days"),),
                              (calendar,))
    (machine,) = build_state_machines(graph_of([job("a")]), {"test:a": mapping},
                                      MapOptions(guard="off", timezone="Asia/Tokyo"))
    scenario = {**ssm({"a": [status("Success", 0)]})}
    scenario["resources"] = {**scenario["resources"], "ssm:getCalendarState": [ok({"State": "CLOSED"})]}
    # 23:59:59 on 2027-12-31 in Tokyo: still inside the horizon, the calendar decides (CLOSED)
    inside = execute(machine, scenario, {"business_date": "2027-12-31T14:59:59Z", "calendar": "days"})
    assert (inside.status, len(inside.calls_to("ssm:getCalendarState"))) == ("SUCCEEDED", 1)
    # 00:00 on 2028-01-01 in Tokyo: the calendar says nothing true any more
    past = execute(machine, scenario, {"business_date": "2027-12-31T15:00:00Z", "calendar": "days"})
    assert (past.status, past.error) == ("FAILED", "Jobmig.CalendarExpired")
    assert past.calls == []
    (renewal,) = [f for f in machine.findings if f.code == "JM562"]
    assert "2027-12-31" in renewal.message


# -- fault 10: cron's mail -------------------------------------------------------------------------
@pytest.mark.parametrize("command, environment, mails", [
    ("/opt/bin/report.sh", {"MAILTO": "ops@example.com"}, "ops@example.com"),
    # no MAILTO: cron mailed the owner's local mailbox on the old host; not reported
    ("/opt/bin/report.sh", {}, None),
    ("/opt/bin/report.sh", {"MAILTO": ""}, None),  # MAILTO="" turns mail off (crontab(5))
    ("/opt/bin/backup.sh >> /var/log/b.log 2>&1", {"MAILTO": "ops@example.com"}, None),
    ("/opt/bin/backup.sh &> /dev/null", {}, None),
    ("/opt/bin/backup.sh > /var/log/b.log", {"MAILTO": "ops@example.com"}, "ops@example.com"),
], ids=["mailto", "no-mailto", "mail-off", "all-redirected", "amp-redirect", "stderr-still-mailed"])
def test_a_cron_job_whose_output_cron_mailed_is_review_and_names_the_recipients(
        command, environment, mails):
    graph = graph_of([job("report", command=command, environment=environment, unit_type="cron",
                          user="batch")])
    for notify in (False, True):
        machine = machines(graph, notify=notify)["report"]
        found = [f for f in machine.findings if f.code == "JM563"]
        if mails is None:
            assert found == []
            continue
        (finding,) = found
        assert finding.job_id == "test:report"
        assert mails in finding.message
        # with or without --notify, a failed run is mailed to MAILTO (a topic of its own)
        assert "only when a run fails" in finding.message
        assert "successful runs included" in finding.message


def test_without_notify_a_failed_run_reaches_nobody_and_with_it_the_topic_is_explained():
    from jobmig.catalogue import CATALOGUE

    graph = graph_of([job("a")])
    options = MapOptions(guard="off", notify=True)
    built = build_state_machines(graph, {}, options)
    result = build_rules(graph, built, options)
    (notice,) = [f for f in result.findings if f.code == "JM519"]
    assert "events.amazonaws.com" in notice.message and "sns:Publish" in notice.message
    assert CATALOGUE["JM563"].severity.value == "review"
    # the run that fails is the one the rule forwards: FAILED is in the notice pattern
    failed = execute(built[0], ssm({"a": [status("Failed", 1)]}))
    (rule,) = [r for r in result.rules if r.kind == "failure_notice"]
    assert failed.status == "FAILED"
    assert rule_matches(rule, status_event("a", failed.status, None))
