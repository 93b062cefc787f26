"""Cross-workflow edges → event rules, checked with moto's in-process matcher.

Events are built as notes/aws-target.md §2.1 shows them; the status lists
per condition follow DESIGN.md (SUCCESS → SUCCEEDED; Jenkins FAILURE
threshold → SUCCEEDED, FAILED, TIMED_OUT).
"""
from __future__ import annotations

import json

import pytest
from moto.events.models import EventPattern

from jobmig.mappings.event_patterns import (
    PATTERN_MAX, RULES_WARN_AT, EventRule, build_rules, pattern, pattern_length,
)
from jobmig.mappings.stepfunctions import build_state_machines
from jobmig.model import Condition
from jobmig.options import MapOptions
from tests.aws_fixtures import PSEUDO, assert_valid_asl, dep, graph_of, job, resolve

ACCOUNT, REGION = PSEUDO["AWS::AccountId"], PSEUDO["AWS::Region"]


def arn(machine: str) -> str:
    return f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{machine}"


def event(machine: str, status: str) -> dict:
    return {
        "version": "0", "id": "1", "detail-type": "Step Functions Execution Status Change",
        "source": "aws.states", "account": ACCOUNT, "time": "2026-11-23T00:00:00Z",
        "region": REGION, "resources": [f"arn:aws:states:{REGION}:{ACCOUNT}:execution:{machine}:r1"],
        "detail": {"executionArn": f"arn:aws:states:{REGION}:{ACCOUNT}:execution:{machine}:r1",
                   "stateMachineArn": arn(machine), "name": "r1", "status": status,
                   "startDate": 1, "stopDate": 2, "input": "{}", "output": "{}"},
    }


def matches(rule: EventRule, machine: str, status: str) -> bool:
    text = resolve(json.dumps(rule.event_pattern), {})
    return EventPattern.load(text).matches_event(event(machine, status))


def rules_for(graph, **options):
    machines = build_state_machines(graph, {}, MapOptions(**options))
    return build_rules(graph, machines, MapOptions(**options))


def chain_graph(condition=Condition.SUCCESS):
    return graph_of([job("a"), job("b")], [dep("a", "b", condition, scope="cross")])


def test_a_success_edge_becomes_one_rule_that_starts_the_successor():
    result = rules_for(chain_graph())
    (rule,) = result.rules
    assert rule.target == "b" and rule.kind == "dependency"
    assert rule.event_pattern == {
        "source": ["aws.states"], "detail-type": ["Step Functions Execution Status Change"],
        "detail": {"status": ["SUCCEEDED"], "stateMachineArn": [
            "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:a"],
            # a run that did its work ends with a JSON object (a closed-day skip: a string)
            "output": [{"prefix": "{"}]}}
    assert result.realized == {("test:a", "test:b"): "event_rule"}
    assert rule.to_json() == {"name": rule.name, "event_pattern": rule.event_pattern,
                              "target": "b", "kind": "dependency"}


def test_the_rule_matches_a_succeeded_event_of_the_predecessor_only():
    (rule,) = rules_for(chain_graph()).rules
    assert matches(rule, "a", "SUCCEEDED")
    assert not matches(rule, "a", "FAILED")
    assert not matches(rule, "a", "RUNNING")
    assert not matches(rule, "other", "SUCCEEDED")
    assert not matches(rule, "b", "SUCCEEDED")


STATUS_CASES = {
    Condition.SUCCESS: (["SUCCEEDED"], None),
    Condition.UNSTABLE: (["SUCCEEDED"], "JM514"),
    Condition.COMPLETED: (["SUCCEEDED", "FAILED", "TIMED_OUT"], "JM515"),
    Condition.ALWAYS: (["SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"], None),
    Condition.FAILURE: (["FAILED", "TIMED_OUT", "ABORTED"], "JM521"),
}


@pytest.mark.parametrize("condition", STATUS_CASES, ids=[c.value for c in STATUS_CASES])
def test_each_condition_maps_to_its_status_list(condition):
    statuses, code = STATUS_CASES[condition]
    result = rules_for(chain_graph(condition))
    (rule,) = result.rules
    assert rule.event_pattern["detail"]["status"] == statuses
    assert [f.code for f in result.findings] == ([code] if code else [])
    for status in ("SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"):
        assert matches(rule, "a", status) is (status in statuses)


def test_predecessors_with_the_same_status_list_share_one_rule():
    graph = graph_of([job("a"), job("b"), job("c"), job("d")],
                     [dep("a", "d", scope="cross"), dep("b", "d", scope="cross"),
                      dep("c", "d", Condition.COMPLETED, scope="cross")])
    rules = {r.name: r for r in rules_for(graph).rules}
    assert set(rules) == {"d-after-ok", "d-after-end"}
    ok = rules["d-after-ok"]
    assert [a.rsplit(":", 1)[1] for a in ok.event_pattern["detail"]["stateMachineArn"]] == ["a", "b"]
    assert matches(ok, "a", "SUCCEEDED") and matches(ok, "b", "SUCCEEDED")
    assert not matches(ok, "c", "SUCCEEDED")
    assert matches(rules["d-after-end"], "c", "FAILED")


def test_edges_inside_a_workflow_and_blocking_edges_make_no_rules():
    graph = graph_of([job("net", kind="jobnet"), job("x", parent="net"), job("y", parent="net"),
                      job("other")],
                     [dep("x", "y"), dep("y", "other", scope="cross", wait=True)])
    result = rules_for(graph)
    assert result.rules == []
    assert result.realized == {("test:x", "test:y"): "state_machine", ("test:y", "test:other"): "nested"}


def test_a_trigger_into_a_unit_inside_a_jobnet_is_manual():
    graph = graph_of([job("net", kind="jobnet"), job("x", parent="net"), job("a")],
                     [dep("a", "x", scope="cross")])
    result = rules_for(graph)
    assert result.rules == []
    assert result.realized == {("test:a", "test:x"): "manual"}
    assert [(f.code, f.job_id) for f in result.findings] == [("JM517", "test:x")]


def test_failure_notices_cover_every_machine_when_asked():
    result = rules_for(chain_graph(), notify=True)
    notice = [r for r in result.rules if r.kind == "failure_notice"][0]
    assert notice.target == "NotificationTopicArn"
    for status in ("FAILED", "TIMED_OUT", "ABORTED"):
        assert matches(notice, "a", status) and matches(notice, "b", status)
    assert not matches(notice, "a", "SUCCEEDED")
    assert "JM519" in [f.code for f in result.findings]


def test_no_failure_notices_unless_asked():
    assert all(r.kind == "dependency" for r in rules_for(chain_graph()).rules)


def test_a_long_predecessor_list_is_split_to_keep_patterns_under_the_limit():
    names = [f"predecessor-with-a-long-name-{i:03d}" for i in range(60)]
    graph = graph_of([job(n) for n in names] + [job("z")],
                     [dep(n, "z", scope="cross") for n in names])
    rules = rules_for(graph).rules
    assert len(rules) > 1
    assert all(pattern_length(r.event_pattern) <= PATTERN_MAX for r in rules)
    covered = [a for r in rules for a in r.event_pattern["detail"]["stateMachineArn"]]
    assert len(covered) == 60 and len(set(covered)) == 60
    assert len({r.name for r in rules}) == len(rules)


def test_pattern_length_counts_resolved_arns():
    sample = pattern(["SUCCEEDED"], ["a"])
    resolved = resolve(json.dumps(sample, separators=(",", ":")), {"AWS::Region": "ap-northeast-1"})
    assert pattern_length(sample) >= len(resolved)


def test_many_rules_are_reported_against_the_quota():
    names = [f"j{i}" for i in range(RULES_WARN_AT + 1)]
    graph = graph_of([job(n) for n in names] + [job("root")],
                     [dep("root", n, scope="cross") for n in names])
    result = rules_for(graph)
    quota = [f for f in result.findings if f.code == "JM518"]
    assert len(quota) == 1 and f"adds {RULES_WARN_AT + 1} event rules" in quota[0].message


# -- AND-join ------------------------------------------------------------------
def and_join_graph():
    return graph_of([job("a"), job("b"), job("c")],
                    [dep("a", "c", scope="cross", parameters={"join": "and"}),
                     dep("b", "c", scope="cross", parameters={"join": "and"})])


def test_an_and_join_across_workflows_goes_through_a_join_gate():
    result = rules_for(and_join_graph())
    (gate,) = result.machines
    assert gate.name == "c-join" and gate.kind == "join_gate" and gate.root == "test:c"
    (rule,) = result.rules
    assert rule.target == "c-join"
    assert matches(rule, "a", "SUCCEEDED") and matches(rule, "b", "SUCCEEDED")
    assert result.realized == {("test:a", "test:c"): "join_gate", ("test:b", "test:c"): "join_gate"}
    assert "JM516" in [f.code for f in result.findings]
    assert_valid_asl(gate.definition)


def test_the_join_gate_checks_each_predecessor_and_starts_the_successor_once():
    (gate,) = rules_for(and_join_graph()).machines
    states = gate.definition["States"]
    assert states["List a runs"]["Parameters"] == {
        "StateMachineArn": "${StateMachineA}", "StatusFilter": "SUCCEEDED", "MaxResults": 100}
    assert states["a done?"]["Choices"][0]["Next"] == "List b runs"
    assert states["b done?"]["Choices"][0]["Next"] == "Start c"
    start = states["Start c"]
    assert start["Resource"] == "arn:aws:states:::states:startExecution"
    # one start per business *day* (the date in the jobs' zone), not per scheduled time
    assert start["Parameters"]["Name.$"] == "States.Format('join-{}', States.Hash($.business_day, 'MD5'))"
    assert start["Catch"][0]["Next"] == "Already started"
    assert {p.action for p in gate.permissions} == {
        "states:ListExecutions", "states:DescribeExecution", "states:StartExecution"}


def test_jenkins_style_upstream_lists_are_or_not_and():
    graph = graph_of([job("a"), job("b"), job("c")],
                     [dep("a", "c", scope="cross"), dep("b", "c", scope="cross")])
    result = rules_for(graph)
    assert result.machines == []
    (rule,) = result.rules
    assert rule.target == "c"


def test_an_and_join_on_failure_conditions_is_manual():
    graph = graph_of([job("a"), job("b"), job("c")],
                     [dep("a", "c", Condition.ALWAYS, scope="cross", parameters={"join": "and"}),
                      dep("b", "c", scope="cross", parameters={"join": "and"})])
    result = rules_for(graph)
    assert result.rules == [] and result.machines == []
    assert set(result.realized.values()) == {"manual"}


def test_a_blocking_trigger_into_a_unit_inside_a_jobnet_is_manual_and_not_nested():
    graph = graph_of([job("net", kind="jobnet"), job("x", parent="net"), job("a")],
                     [dep("a", "x", scope="cross", wait=True)])
    machines = build_state_machines(graph, {}, MapOptions(guard="off"))
    result = build_rules(graph, machines, MapOptions())
    assert result.realized == {("test:a", "test:x"): "manual"}
    a = [m for m in machines if m.name == "a"][0]
    assert "startExecution.sync" not in json.dumps(a.definition)


def test_utc_schedule_rules_count_against_the_quota_too():
    graph = graph_of([job("a")])
    machines = build_state_machines(graph, {}, MapOptions())
    result = build_rules(graph, machines, MapOptions(), scheduled_rules=RULES_WARN_AT)
    (finding,) = result.findings
    assert finding.code == "JM518"
    assert f"adds {RULES_WARN_AT} event rules ({RULES_WARN_AT} of them schedules)" in finding.message
