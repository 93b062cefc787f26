"""JP1 event reception monitoring jobs (evwj) in a jobnet's flow (issue 22, point 4).

The wait stores its task token with aws-sdk:dynamodb:putItem.waitForTaskToken; a rule on
the event starts a relay machine that hands the token back with sfn:sendTaskSuccess. Each
test runs the emitted definitions in aws-local-stepfunctions (tests/asl_run.py) with a
scripted AWS. Expected outcomes come from the JP1/AJS3 manual's semantics of etm/ets
(timeout in minutes; kl killed = the default, an abnormal, nr normal, wr warning end) and
from the DynamoDB/Step Functions API contracts, not from the definitions.
"""
from __future__ import annotations

import json
from typing import Any

import pytest

from jobmig.model import Condition
from tests.asl_run import fail, ok, request, run, run_all
from tests.aws_fixtures import dep, graph_of, job
from tests.test_run_faults import DATE, VALUES, machines, sent, ssm, status, substituted

TOKEN = "token-of-the-wait"


def execute(machine, scenario: dict[str, Any]):
    """Run ``machine``; the context carries a task token, as Step Functions gives a
    .waitForTaskToken task ($$.Task.Token), which the interpreter does not make up."""
    asked = request(substituted(machine, VALUES), {"business_date": DATE}, scenario, machine.name)
    asked["context"]["Task"] = {"Token": TOKEN}
    return run_all([asked])[0]

WAIT = [["evwid", "00000100"]]
TOKEN_TABLE = "jobmig-jp1-event-waits"  # the table the design names (one per stack)


def wait_net(params: list[list[str]], etm_minutes: int | None = None, recovery: bool = True):
    """first → wait (evwj) → last; the wait's abnormal end runs recover (with ``recovery``)."""
    return graph_of(
        [job("net", kind="jobnet"), job("first", parent="net"),
         job("wait", parent="net", unit_type="evwj", command=None,
             timeout_seconds=etm_minutes * 60 if etm_minutes else None,
             attributes={"params": params, "unit_path": "/grp/net/wait"}),
         job("last", parent="net")] + ([job("recover", parent="net", unit_type="rj")]
                                       if recovery else []),
        [dep("first", "wait"), dep("wait", "last")]
        + ([dep("wait", "recover", Condition.FAILURE)] if recovery else []))


OK_JOBS = {"first": [status("Success", 0)], "last": [status("Success", 0)],
           "recover": [status("Success", 0)]}


def waiting(answer: dict[str, Any]) -> dict[str, Any]:
    scenario = ssm(OK_JOBS)
    scenario["resources"]["dynamodb:putItem.waitForTaskToken"] = [answer]
    scenario["resources"]["dynamodb:deleteItem"] = [ok({})]
    return scenario


def test_the_wait_stores_its_token_under_the_event_id_and_goes_on_when_it_is_handed_back():
    built = machines(wait_net(WAIT, etm_minutes=30, recovery=False))["net"]
    detail = {"event_id": "00000100", "message": "batch done"}
    result = execute(built, waiting(ok(detail)))
    assert (result.status, sent(result)) == ("SUCCEEDED", ["first", "last"])
    [call] = result.calls_to("dynamodb:putItem.waitForTaskToken")
    item = call["input"]["Item"]
    assert call["input"]["TableName"] == TOKEN_TABLE
    assert item["event_id"] == {"S": "00000100"}
    # the waiter key names this execution, so two runs waiting for one id do not collide
    assert item["waiter"]["S"].startswith("arn:aws:states:us-east-1:123456789012:execution:net:")
    assert item["token"] == {"S": TOKEN} and result.output["jp1_event_received"] == detail
    assert not result.calls_to("dynamodb:deleteItem")


def test_the_wait_s_timeout_is_etm():
    from tests.test_run_events import find_state
    built = machines(wait_net(WAIT, etm_minutes=30))["net"]
    state = find_state(built.definition["States"], "wait: wait for event")
    assert state["TimeoutSeconds"] == 30 * 60
    assert state["Resource"] == "arn:aws:states:::aws-sdk:dynamodb:putItem.waitForTaskToken"


@pytest.mark.parametrize("ets, goes_on", [(None, False), ("kl", False), ("an", False),
                                          ("nr", True), ("wr", True)])
def test_a_wait_that_times_out_forgets_its_token_and_ends_as_ets_says(ets, goes_on):
    params = WAIT + ([["ets", ets]] if ets else [])  # JP1 default ets=kl: killed
    built = machines(wait_net(params, etm_minutes=5))["net"]
    result = execute(built, waiting(fail("States.Timeout")))
    [forget] = result.calls_to("dynamodb:deleteItem")
    assert forget["input"]["Key"]["event_id"] == {"S": "00000100"}
    if goes_on:
        assert (result.status, sent(result)) == ("SUCCEEDED", ["first", "last"])
    else:
        assert (result.status, result.error) == ("FAILED", "Jobmig.JobFailedAfterRecovery")
        assert sent(result) == ["first", "recover"]


def test_a_wait_whose_token_cannot_be_stored_fails_the_job_and_runs_its_recovery():
    built = machines(wait_net(WAIT, etm_minutes=5))["net"]
    result = execute(built, waiting(fail("DynamoDb.ResourceNotFoundException")))
    assert (result.status, sent(result)) == ("FAILED", ["first", "recover"])


def test_a_wait_handed_a_failure_fails_the_job():
    built = machines(wait_net(WAIT))["net"]
    result = execute(built, waiting(fail("Jobmig.EventRejected", "sent back as a failure")))
    assert (result.status, sent(result)) == ("FAILED", ["first", "recover"])


def test_a_wait_without_an_event_id_stays_manual():
    built = machines(wait_net([["evwms", '"done"']]))["net"]
    assert any(f.code == "JM524" and "evwid" in f.message for f in built.findings)
    result = execute(built, ssm(OK_JOBS))
    assert (result.status, result.error) == ("FAILED", "Jobmig.NotConverted")


def test_the_finding_lists_the_filters_that_are_not_matched():
    built = machines(wait_net(WAIT + [["evwms", '"done.*"'], ["evhst", '"mgr01"']]))["net"]
    [finding] = [f for f in built.findings if f.code == "JM434"]
    assert "evhst, evwms" in finding.message


# -- the relay --------------------------------------------------------------------------------
def relay_run(items: list[dict[str, Any]], send: list[dict[str, Any]]):
    from jobmig.mappings.event_wait import relay_definition
    event = {"version": "0", "id": "e1", "detail-type": "JP1 event", "source": "jobmig.jp1",
             "account": "123456789012", "time": "2026-11-23T17:30:00Z", "region": "us-east-1",
             "resources": [], "detail": {"event_id": "00000100", "message": "batch done"}}
    scenario = {"resources": {"dynamodb:query": [ok({"Items": items, "Count": len(items)})],
                              "sfn:sendTaskSuccess": send, "dynamodb:deleteItem": [ok({})]}}
    return run(relay_definition(), event, scenario, "jobmig-jp1-event-relay")


def stored(waiter: str, token: str) -> dict[str, Any]:
    """An item as DynamoDB returns it (attribute values typed)."""
    return {"event_id": {"S": "00000100"}, "waiter": {"S": waiter}, "token": {"S": token}}


def test_the_relay_hands_the_event_to_every_wait_stored_for_its_id_and_forgets_them():
    result = relay_run([stored("run-a#1", "tok-a"), stored("run-b#2", "tok-b")], [ok({})])
    assert result.status == "SUCCEEDED"
    [query] = result.calls_to("dynamodb:query")
    assert query["input"]["ExpressionAttributeValues"] == {":id": {"S": "00000100"}}
    sends = result.calls_to("sfn:sendTaskSuccess")
    assert sorted(c["input"]["TaskToken"] for c in sends) == ["tok-a", "tok-b"]
    assert json.loads(sends[0]["input"]["Output"]) == {"event_id": "00000100",
                                                       "message": "batch done"}
    deleted = sorted(c["input"]["Key"]["waiter"]["S"] for c in result.calls_to("dynamodb:deleteItem"))
    assert deleted == ["run-a#1", "run-b#2"]


def test_the_relay_forgets_a_wait_that_already_timed_out():
    result = relay_run([stored("run-a#1", "tok-a")], [fail("Sfn.TaskTimedOutException")])
    assert result.status == "SUCCEEDED"
    assert len(result.calls_to("dynamodb:deleteItem")) == 1


def test_the_relay_does_nothing_when_no_one_waits():
    result = relay_run([], [ok({})])
    assert result.status == "SUCCEEDED" and not result.calls_to("sfn:sendTaskSuccess")


# -- the rule: what a converted evsj sends reaches the relay ----------------------------------
def test_the_relay_rule_matches_the_event_a_converted_evsj_sends_and_not_another_id(tmp_path):
    """The fixture's 完了通知 (evsj, evsid=00000100) and 受信待ち (evwj, evwid=00000100)."""
    from moto.events.models import EventPattern
    from tests.conftest import run_jobmig
    from tests.test_run_events import EVENT, EVENT_FIXTURE, sending_net, with_ssm
    run_jobmig("convert", EVENT_FIXTURE, "-o", str(tmp_path), check=True)
    plan = json.loads((tmp_path / "plan.json").read_text("utf-8"))
    [rule] = [r for r in plan["rules"] if r["kind"] == "event_relay"]
    assert rule["target"] == "jobmig-jp1-event-relay"
    built = machines(sending_net("evsj", EVENT))["net"]
    result = execute(built, with_ssm({"eventbridge:putEvents": [ok({"FailedEntryCount": 0})]}))
    [entry] = result.calls_to("eventbridge:putEvents")[0]["input"]["Entries"]
    event = {"version": "0", "id": "1", "detail-type": entry["DetailType"],
             "source": entry["Source"], "account": "123456789012", "time": "2026-11-23T17:30:00Z",
             "region": "us-east-1", "resources": [], "detail": json.loads(entry["Detail"])}
    pattern = EventPattern.load(json.dumps(rule["event_pattern"]))
    assert pattern.matches_event(event)
    other = {**event, "detail": {**event["detail"], "event_id": "00000200"}}
    assert not pattern.matches_event(other)


def test_the_template_holds_the_table_the_relay_and_its_rule_and_passes_cfn_lint(tmp_path):
    import yaml
    from tests.aws_fixtures import cfn_lint
    from tests.conftest import run_jobmig
    from tests.test_run_events import EVENT_FIXTURE
    run_jobmig("convert", EVENT_FIXTURE, "-o", str(tmp_path), check=True)
    text = (tmp_path / "cloudformation" / "template.yaml").read_text("utf-8")
    code, out = cfn_lint(text)
    assert code == 0, out
    resources = yaml.safe_load(text)["Resources"]
    [table] = [r for r in resources.values() if r["Type"] == "AWS::DynamoDB::Table"]
    assert table["Properties"]["TableName"] == TOKEN_TABLE
    assert {k["AttributeName"]: k["KeyType"] for k in table["Properties"]["KeySchema"]} == {
        "event_id": "HASH", "waiter": "RANGE"}
    [relay_rule] = [r for r in resources.values() if r["Type"] == "AWS::Events::Rule"
                    and r["Properties"]["Name"] == "jobmig-jp1-event-00000100"]
    # the relay reads the whole event (its detail), so no InputTransformer
    assert "InputTransformer" not in relay_rule["Properties"]["Targets"][0]
    terraform = json.loads((tmp_path / "terraform" / "main.tf.json").read_text("utf-8"))
    [tf_table] = terraform["resource"]["aws_dynamodb_table"].values()
    assert (tf_table["name"], tf_table["hash_key"], tf_table["range_key"]) == (
        TOKEN_TABLE, "event_id", "waiter")
