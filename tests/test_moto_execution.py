"""Emitted state machines executed by a real moto_server (notes/aws-target.md §8).

What this checks: the definitions are accepted by moto's CreateStateMachine and
StartExecution APIs and moto's interpreter runs their Choice, Wait, Parallel,
Pass, Fail and Succeed states to the ends expected.

What it cannot check: moto cannot call ``aws-sdk:ssm:*`` / ``aws-sdk:sfn:*`` as
AWS does (§8.3), so :func:`tests.aws_fixtures.for_moto` swaps exactly those
Task states for Pass/Fail states holding the result AWS would have returned,
after ResultSelector: the Tasks' own Parameters, ResultSelector, Retry and
Catch never run here. Those are run, with nothing replaced, in the independent
interpreter: tests/test_run_faults.py and tests/test_run_samples.py.
"""
from __future__ import annotations

import json
import time
from typing import Any

import pytest

from jobmig.mappings.profile import parse_profile
from jobmig.mappings.stepfunctions import StateMachine, build_state_machines
from jobmig.mappings.aws_schedule import AwsSchedule, ScheduleMapping
from jobmig.model import Condition, RetryPolicy, Status
from jobmig.options import MapOptions
from tests.aws_fixtures import (
    dep, for_moto, graph_of, job, jobnet, moto_server, sfn_client, substituted,
)

pytestmark = pytest.mark.slow
FAST = parse_profile("[ssm]\npoll_seconds = 1\n")
ROLE = "arn:aws:iam::123456789012:role/jobmig-test"
DATE = "2026-11-23T00:00:00Z"
SUCCESS = {"Status": "Success", "ResponseCode": 0}
FAILED = {"Status": "Failed", "ResponseCode": 1}
__all__ = ["moto_server"]  # the fixture, imported for pytest


def ssm_outcomes(job_results: dict[str, dict]) -> dict[str, Any]:
    """Outcomes for the SSM states of each job label: command accepted, then ``result``."""
    outcomes: dict[str, Any] = {}
    for label, result in job_results.items():
        outcomes[f"{label}: send command"] = {"CommandId": f"cmd-{label}"}
        outcomes[f"{label}: get command status"] = result
    return outcomes


def run(url: str, machine: StateMachine, outcomes: dict[str, Any], payload: dict | None = None,
        name: str = "run-1", seconds: float = 60,
        values: dict[str, str] | None = None) -> tuple[dict, list[dict]]:
    """Create the (transformed) machine in moto, run it to the end; (description, history).

    ``values``: template parameter values for the substitutions. An execution
    still running after ``seconds`` is stopped.
    """
    client = sfn_client(url)
    values = values or {"InstanceId": "i-0123456789abcdef0"}
    definition = for_moto(substituted(machine, values), outcomes)
    unique = f"{machine.name}-{time.monotonic_ns()}"[:80]
    arn = client.create_state_machine(name=unique, definition=json.dumps(definition),
                                      roleArn=ROLE)["stateMachineArn"]
    execution = client.start_execution(stateMachineArn=arn, name=name,
                                       input=json.dumps({"business_date": DATE} if payload is None else payload))
    deadline = time.monotonic() + seconds
    while True:
        description = client.describe_execution(executionArn=execution["executionArn"])
        if description["status"] != "RUNNING":
            break
        if time.monotonic() > deadline:
            client.stop_execution(executionArn=execution["executionArn"])
            time.sleep(0.5)
            description = client.describe_execution(executionArn=execution["executionArn"])
            break
        time.sleep(0.2)
    history = client.get_execution_history(executionArn=execution["executionArn"],
                                           maxResults=1000)["events"]
    return description, history


def entered(history: list[dict]) -> list[str]:
    """Names of the states entered, in order."""
    return [e["stateEnteredEventDetails"]["name"] for e in history if "stateEnteredEventDetails" in e]


def one(graph, mappings=None, **options) -> StateMachine:
    options.setdefault("guard", "off")
    (machine,) = [m for m in build_state_machines(graph, mappings or {}, MapOptions(**options), FAST)
                  if m.kind == "workflow"]
    return machine


def test_a_job_whose_command_succeeds_ends_succeeded_and_keeps_the_business_date(moto_server):
    machine = one(graph_of([job("a")]))
    description, history = run(moto_server, machine, ssm_outcomes({"a": SUCCESS}))
    assert description["status"] == "SUCCEEDED"
    assert json.loads(description["output"])["business_date"] == DATE
    assert entered(history) == ["Business date given?", "a: send command", "a: wait",
                                "a: get command status", "a: command done?", "a: succeeded"]




def test_the_polling_loop_waits_again_while_the_command_is_in_progress(moto_server):
    machine = one(graph_of([job("a")]))
    outcomes = ssm_outcomes({"a": {"Status": "InProgress", "ResponseCode": -1}})
    description, history = run(moto_server, machine, outcomes, seconds=3.5)
    names = entered(history)
    assert names.count("a: wait") >= 2
    assert "a: failed" not in names and "a: succeeded" not in names
    assert description["status"] == "ABORTED"


def test_a_failed_command_fails_the_execution(moto_server):
    machine = one(graph_of([job("a")]))
    description, _ = run(moto_server, machine, ssm_outcomes({"a": FAILED}))
    assert description["status"] == "FAILED"
    assert description.get("error") == "Jobmig.JobFailed"


def test_a_failing_job_is_retried_then_its_recovery_unit_runs(moto_server):
    graph = graph_of([job("net", kind="jobnet"),
                      job("load", parent="net", retry=RetryPolicy(max_attempts=1, interval_seconds=1)),
                      job("report", parent="net"), job("cleanup", parent="net")],
                     [dep("load", "report"), dep("load", "cleanup", Condition.FAILURE)])
    machine = one(graph)
    outcomes = ssm_outcomes({"load": FAILED, "report": SUCCESS, "cleanup": SUCCESS})
    description, history = run(moto_server, machine, outcomes)
    names = entered(history)
    assert names.count("load: send command") == 2  # the run and one retry
    assert "cleanup: send command" in names  # Catch → recovery unit
    assert "report: send command" not in names  # the normal successor is skipped
    assert description["status"] == "FAILED"
    assert description.get("error") == "Jobmig.JobFailedAfterRecovery"


def test_a_parallel_join_runs_both_branches_before_the_joined_job(moto_server):
    graph = jobnet("net", ["a", "b", "c", "d"], [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")])
    machine = one(graph)
    description, history = run(moto_server, machine,
                               ssm_outcomes({n: SUCCESS for n in "abcd"}))
    assert description["status"] == "SUCCEEDED"
    names = entered(history)
    assert names.index("a: succeeded") if "a: succeeded" in names else True
    position = {n: names.index(f"{n}: send command") for n in "abcd"}
    assert position["a"] < position["b"] and position["a"] < position["c"]
    assert position["d"] > max(position["b"], position["c"])
    exits = [i for i, e in enumerate(history) if e["type"] == "ParallelStateExited"]
    d_start = [i for i, e in enumerate(history)
               if e.get("stateEnteredEventDetails", {}).get("name") == "d: send command"][0]
    assert exits and exits[0] < d_start
    assert json.loads(description["output"])["business_date"] == DATE


@pytest.mark.parametrize("count, status", [(2, "FAILED"), (1, "SUCCEEDED")],
                         ids=["another-run-is-going", "alone"])
def test_the_duplicate_run_guard_fails_only_when_another_run_is_going(moto_server, count, status):
    machine = one(graph_of([job("a", concurrent=False)]), guard="auto")
    outcomes = {"Check running executions": {"Count": count}, **ssm_outcomes({"a": SUCCESS})}
    description, history = run(moto_server, machine, outcomes)
    assert description["status"] == status
    if status == "FAILED":
        assert description.get("error") == "Jobmig.DuplicateRun"
        assert "a: send command" not in entered(history)


@pytest.mark.parametrize("state, runs", [("CLOSED", False), ("OPEN", True)], ids=["closed", "open"])
def test_the_calendar_gate_skips_closed_days(moto_server, state, runs):
    mappings = {"test:a": ScheduleMapping(Status.REVIEW, (
        AwsSchedule("a", "cron(0 9 ? * * *)", calendar="a-days"),))}
    machine = one(graph_of([job("a")]), mappings)
    outcomes = {"Check change calendar": {"State": state}, **ssm_outcomes({"a": SUCCESS})}
    description, history = run(moto_server, machine, outcomes,
                               {"business_date": DATE, "calendar": "a-days"})
    assert description["status"] == "SUCCEEDED"
    assert ("a: send command" in entered(history)) is runs
    assert ("Skipped: closed day" in entered(history)) is not runs


def test_a_manual_start_without_a_calendar_is_not_gated(moto_server):
    mappings = {"test:a": ScheduleMapping(Status.REVIEW, (
        AwsSchedule("a", "cron(0 9 ? * * *)", calendar="a-days"),))}
    machine = one(graph_of([job("a")]), mappings)
    outcomes = {"Check change calendar": ("fail", "ShouldNotRun"), **ssm_outcomes({"a": SUCCESS})}
    description, _ = run(moto_server, machine, outcomes, {"business_date": DATE})
    assert description["status"] == "SUCCEEDED"


STARTED = "2026-11-23T00:05:00.000Z"


@pytest.mark.parametrize("payload, expected", [
    ({"upstream_output": json.dumps({"business_date": DATE, "x": 1})}, DATE),
    ({"upstream_output": json.dumps({"other": 1})}, STARTED),
    ({}, STARTED),
], ids=["from-upstream", "upstream-without-date", "manual-start"])
def test_the_business_date_comes_from_upstream_or_the_start_time(moto_server, payload, expected):
    machine = one(graph_of([job("a")]))
    outcomes = ssm_outcomes({"a": SUCCESS})
    # moto puts a datetime object (not ISO text) at $$.Execution.StartTime and then cannot
    # serialise the output, so the state that reads it is given AWS's answer instead.
    outcomes["Use start time as business date"] = {"value": STARTED}
    description, _ = run(moto_server, machine, outcomes, payload)
    assert description["status"] == "SUCCEEDED"
    assert json.loads(description["output"])["business_date"] == expected


@pytest.mark.parametrize("b_date, started", [(DATE, True), ("2026-11-22T00:00:00Z", False)],
                         ids=["all-predecessors-done", "b-not-done-for-this-date"])
def test_the_join_gate_starts_the_successor_only_when_every_predecessor_ran_that_day(
        moto_server, b_date, started):
    from jobmig.mappings.event_patterns import build_rules

    graph = graph_of([job("a"), job("b"), job("c")],
                     [dep("a", "c", scope="cross", parameters={"join": "and"}),
                      dep("b", "c", scope="cross", parameters={"join": "and"})])
    machines = build_state_machines(graph, {}, MapOptions(guard="off"), FAST)
    (gate,) = build_rules(graph, machines, MapOptions()).machines
    runs = {"executions": [{"ExecutionArn": "arn:run-1"}, {"ExecutionArn": "arn:run-2"}]}
    outcomes = {"List a runs": runs, "List b runs": runs,
                "a: describe run": {"output": {"business_day": DATE[:10]}},
                "b: describe run": {"output": {"business_day": b_date[:10]}},
                "Start c": {"ExecutionArn": "arn:c-run"}}
    trigger = {"upstream_execution": "arn:a-run", "upstream_output": json.dumps(
        {"business_date": DATE, "business_day": DATE[:10]})}
    description, history = run(moto_server, gate, outcomes, trigger)
    assert description["status"] == "SUCCEEDED"
    names = entered(history)
    assert ("Start c" in names) is started
    assert ("Waiting for other predecessors" in names) is not started
    assert names.count("a: describe run") == 2  # one per listed execution (Map)


@pytest.mark.parametrize("code, runs", [(11, True), (10, False)], ids=["rc-above", "rc-not-above"])
def test_a_judgment_runs_its_unit_only_when_the_return_code_test_holds(moto_server, code, runs):
    # SSM reports every non-zero exit code as Failed; pred's tho=20 makes 10 and 11 warning ends
    pred = job("pred", parent="net",
               attributes={"end_judgment": {"type": "cod", "abnormal_threshold": 20}})
    graph = graph_of([job("net", kind="jobnet"), pred,
                      job("judge", parent="net", unit_type="jdj", command=None,
                          attributes={"params": [["ej", "gt"], ["ejc", "10"]]}),
                      job("then", parent="net"), job("last", parent="net")],
                     [dep("pred", "judge"), dep("judge", "then", Condition.JUDGMENT),
                      dep("then", "last")])
    outcomes = ssm_outcomes({"pred": {"Status": "Failed", "ResponseCode": code},
                             "then": SUCCESS, "last": SUCCESS})
    description, history = run(moto_server, one(graph), outcomes)
    assert description["status"] == "SUCCEEDED"
    names = entered(history)
    assert ("then: send command" in names) is runs
    assert "last: send command" in names


def test_an_always_edge_runs_the_successor_after_a_failure_and_keeps_the_error(moto_server):
    graph = graph_of([job("net", kind="jobnet"), job("a", parent="net"), job("b", parent="net")],
                     [dep("a", "b", Condition.ALWAYS)])
    description, history = run(moto_server, one(graph), ssm_outcomes({"a": FAILED, "b": SUCCESS}))
    assert description["status"] == "SUCCEEDED"
    assert "b: send command" in entered(history)
    assert json.loads(description["output"])["error"]["Error"] == "Jobmig.JobFailed"


@pytest.mark.parametrize("codes, status", [([0], "SUCCEEDED"), ([2], "FAILED"), ([], "FAILED")],
                         ids=["exit-0", "exit-2", "container-missing"])
def test_an_ecs_job_fails_on_a_non_zero_exit_code(moto_server, codes, status):
    profile = parse_profile("[default]\ntask = 'ecs'\n")
    graph = graph_of([job("etl")])
    (machine,) = build_state_machines(graph, {}, MapOptions(guard="off"), profile)
    # the runTask.sync result after its ResultSelector, as AWS would hand it on
    outcomes = {"etl: run task": {"TaskArn": "arn:task", "StopCode": "EssentialContainerExited",
                                  "ExitCodes": codes}}
    values = {"EcsClusterArn": "c", "EcsTaskDefinitionArn": "t",
              "EcsSubnetIds": "s", "EcsSecurityGroupIds": "g"}
    description, _ = run(moto_server, machine, outcomes, values=values)
    assert description["status"] == status


def test_a_join_predecessor_settles_its_business_day_in_the_jobs_zone(moto_server):
    graph = graph_of([job("a"), job("b"), job("c")],
                     [dep("a", "c", scope="cross", parameters={"join": "and"}),
                      dep("b", "c", scope="cross", parameters={"join": "and"})])
    machines = build_state_machines(graph, {}, MapOptions(guard="off", timezone="Asia/Tokyo"), FAST)
    machine = [m for m in machines if m.name == "a"][0]
    # 17:30 UTC on 2026-12-31 is 02:30 on 2027-01-01 in Tokyo
    description, _ = run(moto_server, machine, ssm_outcomes({"a": SUCCESS}),
                         {"business_date": "2026-12-31T17:30:00Z"})
    assert description["status"] == "SUCCEEDED"
    assert json.loads(description["output"])["business_day"] == "2027-01-01"
