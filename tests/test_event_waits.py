"""JP1 event reception monitoring jobs (evwj) in a jobnet's flow (issue 22, point 4).

The wait stores its task token with aws-sdk:dynamodb:putItem.waitForTaskToken; a rule on
the event starts a relay machine that hands the token back with sfn:sendTaskSuccess. Each
test runs the emitted definitions in aws-local-stepfunctions (tests/asl_run.py) with a
scripted AWS. Expected outcomes come from the JP1/AJS3 manual's semantics of etm/ets
(timeout in minutes; kl killed = the default, an abnormal, nr normal, wr warning end) and
from the DynamoDB/Step Functions API contracts, not from the definitions.
"""
from __future__ import annotations

import calendar
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
    asked = request(substituted(machine, {**VALUES, "JP1EventWaitTable": TOKEN_TABLE}),
                    {"business_date": DATE}, scenario, machine.name)
    asked["context"]["Task"] = {"Token": TOKEN}
    return run_all([asked])[0]

WAIT = [["evwid", "00000100"]]
TOKEN_TABLE = "site-a-event-waits"  # the value given to the table's template parameter


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
    # the TTL: the wait's start (tests/asl_run.ENTERED_TIME, 2026-11-23) plus etm plus a day
    entered = calendar.timegm((2026, 11, 23, 0, 0, 0))  # the expiry counts from the UTC date
    assert item["expires"] == {"N": str(entered + 30 * 60 + 86400)}


@pytest.mark.parametrize("entered, etm, day", [
    ("2026-01-01T00:00:00.000Z", 5, (2026, 1, 1)),
    ("2031-12-31T23:59:59.999Z", None, (2031, 12, 31)),
    ("2027-07-09T12:00:00.000Z", 1440, (2027, 7, 9))])
def test_the_wait_s_item_expires_a_day_after_its_longest_wait(entered, etm, day):
    """Without etm a wait lasts at most a Standard execution's year (366 days counted)."""
    built = machines(wait_net(WAIT, etm_minutes=etm, recovery=False))["net"]
    asked = request(substituted(built, {**VALUES, "JP1EventWaitTable": TOKEN_TABLE}),
                    {"business_date": DATE}, waiting(ok({})), built.name)
    asked["context"]["Task"] = {"Token": TOKEN}
    asked["context"]["State"] = {"EnteredTime": entered, "Name": "wait"}
    [result] = run_all([asked])
    [call] = result.calls_to("dynamodb:putItem.waitForTaskToken")
    longest = etm * 60 if etm else 366 * 86400
    assert call["input"]["Item"]["expires"] == {
        "N": str(calendar.timegm(day + (0, 0, 0)) + longest + 86400)}


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


def test_the_conditions_an_event_pattern_states_are_named_and_the_others_quoted():
    built = machines(wait_net(WAIT + [["evwms", '"done.*"'], ["evhst", '"mgr01"'],
                                      ["evusr", '"ops|batch"'], ["evgrp", '"adm"']]))["net"]
    [finding] = [f for f in built.findings if f.code == "JM434"]
    assert "with its host, message condition(s)" in finding.message
    quoted = sorted(f.message for f in built.findings if f.code == "JM447")
    assert len(quoted) == 2
    assert "evgrp='adm' is not matched (a converted event carries no issuing group)" in quoted[0]
    assert "evusr='ops|batch' is not matched ('|' (an alternative))" in quoted[1]
    # a host condition: a converted sender names its host only with ex= (found by review)
    assert "only when the unit names ex= and un=" in finding.message


def test_a_wait_without_host_or_user_conditions_says_nothing_of_ex_and_un():
    built = machines(wait_net(WAIT + [["evwms", '"done.*"']]))["net"]
    [finding] = [f for f in built.findings if f.code == "JM434"]
    assert "ex= and un=" not in finding.message


# -- the relay --------------------------------------------------------------------------------
def relay_run(pages: list[list[dict[str, Any]]], send: list[dict[str, Any]]):
    """The relay started for match key 00000100, DynamoDB answering ``pages`` in turn (each
    but the last with a LastEvaluatedKey, as a Query with a Limit does)."""
    from jobmig.mappings.event_wait import relay_definition
    given = {"match": "00000100", "detail": {"event_id": "00000100", "message": "batch done"}}
    answers = [ok({"Items": items, "Count": len(items),
                   **({"LastEvaluatedKey": {"event_id": items[-1]["event_id"],
                                            "waiter": items[-1]["waiter"]}}
                      if number + 1 < len(pages) else {})})
               for number, items in enumerate(pages)]
    scenario = {"resources": {"dynamodb:query": answers,
                              "sfn:sendTaskSuccess": send, "dynamodb:deleteItem": [ok({})]}}
    return run(relay_definition(), given, scenario, "jobmig-jp1-event-relay")


def stored(waiter: str, token: str) -> dict[str, Any]:
    """An item as DynamoDB returns it (attribute values typed)."""
    return {"event_id": {"S": "00000100"}, "waiter": {"S": waiter}, "token": {"S": token}}


def test_the_relay_hands_the_event_to_every_wait_stored_for_its_key_and_forgets_them():
    result = relay_run([[stored("run-a#1", "tok-a"), stored("run-b#2", "tok-b")]], [ok({})])
    assert result.status == "SUCCEEDED"
    [query] = result.calls_to("dynamodb:query")
    assert query["input"]["ExpressionAttributeValues"] == {":key": {"S": "00000100"}}
    assert "ExclusiveStartKey" not in query["input"]
    sends = result.calls_to("sfn:sendTaskSuccess")
    assert sorted(c["input"]["TaskToken"] for c in sends) == ["tok-a", "tok-b"]
    assert json.loads(sends[0]["input"]["Output"]) == {"event_id": "00000100",
                                                       "message": "batch done"}
    deleted = sorted(c["input"]["Key"]["waiter"]["S"] for c in result.calls_to("dynamodb:deleteItem"))
    assert deleted == ["run-a#1", "run-b#2"]


def test_the_relay_reads_every_page_of_waits_from_where_the_last_one_ended():
    pages = [[stored("run-a#1", "tok-a")], [stored("run-b#2", "tok-b")], [stored("run-c#3", "tok-c")]]
    result = relay_run(pages, [ok({})])
    assert result.status == "SUCCEEDED"
    queries = result.calls_to("dynamodb:query")
    assert len(queries) == 3 and all(q["input"]["Limit"] > 0 for q in queries)
    assert [q["input"].get("ExclusiveStartKey", {}).get("waiter") for q in queries] == [
        None, {"S": "run-a#1"}, {"S": "run-b#2"}]
    assert sorted(c["input"]["TaskToken"] for c in result.calls_to("sfn:sendTaskSuccess")) == [
        "tok-a", "tok-b", "tok-c"]


def test_the_relay_forgets_a_wait_that_already_timed_out():
    result = relay_run([[stored("run-a#1", "tok-a")]], [fail("Sfn.TaskTimedOutException")])
    assert result.status == "SUCCEEDED"
    assert len(result.calls_to("dynamodb:deleteItem")) == 1


def test_the_relay_does_nothing_when_no_one_waits():
    result = relay_run([[]], [ok({})])
    assert result.status == "SUCCEEDED" and not result.calls_to("sfn:sendTaskSuccess")


# -- the rule: what a converted evsj sends reaches the relay ----------------------------------
def sent_event(params: list[list[str]], **unit: Any) -> dict[str, Any]:
    """The event a converted evsj with ``params`` puts (as EventBridge delivers it)."""
    from tests.test_run_events import with_ssm
    built = machines(graph_of([job("net", kind="jobnet"), job(
        "send", parent="net", unit_type="evsj", command=None,
        attributes={"params": params, "unit_path": "/grp/net/send"}, **unit)], []))["net"]
    result = execute(built, with_ssm({"eventbridge:putEvents": [ok({"FailedEntryCount": 0})]}))
    [entry] = result.calls_to("eventbridge:putEvents")[0]["input"]["Entries"]
    return {"version": "0", "id": "1", "detail-type": entry["DetailType"],
            "source": entry["Source"], "account": "123456789012", "time": "2026-11-23T17:30:00Z",
            "region": "us-east-1", "resources": [], "detail": json.loads(entry["Detail"])}


def test_the_relay_rule_matches_the_event_a_converted_evsj_sends_and_not_another_id(tmp_path):
    """The fixture's 完了通知 (evsj, evsid=00000100) and 受信待ち (evwj, evwid=00000100)."""
    from moto.events.models import EventPattern
    from tests.conftest import run_jobmig
    from tests.test_run_events import EVENT, EVENT_FIXTURE
    run_jobmig("convert", EVENT_FIXTURE, "-o", str(tmp_path), check=True)
    plan = json.loads((tmp_path / "plan.json").read_text("utf-8"))
    [rule] = [r for r in plan["rules"] if r["kind"] == "event_relay"]
    assert rule["target"].startswith("jobmig-jp1-event-relay-")
    event = sent_event(EVENT)
    pattern = EventPattern.load(json.dumps(rule["event_pattern"]))
    assert pattern.matches_event(event)
    other = {**event, "detail": {**event["detail"], "event_id": "00000200"}}
    assert not pattern.matches_event(other)


# JP1 regular expressions are searched for (POSIX regexec) unless anchored: Python's re.search
# agrees with it on literal text, '.*' and ^/$; it is the independent judge here.
@pytest.mark.parametrize("condition, message, matches", [
    ('"orders"', "new orders ready", True), ('"^orders"', "new orders ready", False),
    ('"^orders.*ready$"', "orders are ready", True), ('"ready$"', "ready or not", False),
    ('"JOB (.*) ENDED"', "JOB 42 ENDED", True), ('"JOB (.*) ENDED"', "JOB 42 FAILED", False)])
def test_a_message_condition_matches_what_the_regular_expression_finds(condition, message,
                                                                       matches):
    import re
    from moto.events.models import EventPattern
    from jobmig.mappings.jp1_events import receiver_pattern
    from jobmig.mappings.profile import Profile
    assert bool(re.search(condition.strip('"'), message)) is matches  # the judge agrees
    receiver = job("wait", unit_type="evwj", command=None,
                   attributes={"params": [["evwid", "100"], ["evwms", condition]]})
    pattern = EventPattern.load(json.dumps(receiver_pattern(receiver, Profile())))
    event = sent_event([["evsid", "00000100"], ["evsms", f'"{message}"']])
    assert pattern.matches_event(event) is matches


def test_host_user_attribute_and_severity_conditions_match_the_sender_that_has_them():
    from moto.events.models import EventPattern
    from jobmig.mappings.jp1_events import receiver_pattern
    from jobmig.mappings.profile import Profile
    receiver = job("wait", unit_type="evwj", command=None, attributes={"params": [
        ["evwid", "0100:0"], ["evhst", '"^agent0.*"'], ["evusr", '"^batch$"'],
        ["evwfr", 'STAGE:"night"'], ["evwsv", "er:wr"]]})
    pattern = EventPattern.load(json.dumps(receiver_pattern(receiver, Profile())))
    params = [["evsid", "100"], ["evsms", '"x"'], ["evssv", "wr"], ["evsfr", 'STAGE:"late night"']]
    assert pattern.matches_event(sent_event(params, host="agent01", user="batch"))
    assert not pattern.matches_event(sent_event(params, host="db01", user="batch"))
    assert not pattern.matches_event(sent_event(params, host="agent01", user="batch2"))
    # evssv omitted is Notice (no), which evwsv=er:wr does not take
    assert not pattern.matches_event(sent_event(params[:2] + params[3:], host="agent01",
                                                user="batch"))


def test_the_relay_rule_hands_the_relay_the_key_the_wait_stored_its_token_under(tmp_path):
    """A wait with a message condition: its item's key and the key the rule's InputTransformer
    gives the relay are one, and differ from a plain wait's for the same event ID."""
    import yaml
    from tests.conftest import run_jobmig
    built = machines(wait_net(WAIT + [["evwms", '"^orders"']], etm_minutes=5))["net"]
    result = execute(built, waiting(ok({})))
    [call] = result.calls_to("dynamodb:putItem.waitForTaskToken")
    stored_key = call["input"]["Item"]["event_id"]["S"]
    assert stored_key.startswith("00000100#")
    fixture = tmp_path / "in.ajs"
    fixture.write_text("""unit=grp,,,;
{
	ty=g;
	unit=net,,,;
	{
		ty=n;
		unit=first,,,;
		{
			ty=j;
			te="echo 1";
		}
		unit=wait,,,;
		{
			ty=evwj;
			evwid=100;
			evwms="^orders";
			etm=5;
		}
		ar=(f=first,t=wait);
	}
}
""", encoding="utf-8")
    run_jobmig("convert", str(fixture), "-o", str(tmp_path / "out"), check=True)
    resources = yaml.safe_load((tmp_path / "out" / "cloudformation" / "template.yaml")
                               .read_text("utf-8"))["Resources"]
    [relay_rule] = [r for r in resources.values() if r["Type"] == "AWS::Events::Rule"
                    and r["Properties"]["Name"].startswith("jobmig-jp1-event-")]
    transformer = relay_rule["Properties"]["Targets"][0]["InputTransformer"]
    assert transformer["InputPathsMap"] == {"detail": "$.detail"}
    given = json.loads(transformer["InputTemplate"].replace("<detail>", '{"message": "m"}'))
    assert given == {"match": stored_key, "detail": {"message": "m"}}


def test_the_template_holds_the_table_the_relay_and_its_rule_and_passes_cfn_lint(tmp_path):
    import yaml
    from tests.aws_fixtures import cfn_lint
    from tests.conftest import run_jobmig
    from tests.test_run_events import EVENT_FIXTURE
    run_jobmig("convert", EVENT_FIXTURE, "-o", str(tmp_path), check=True)
    text = (tmp_path / "cloudformation" / "template.yaml").read_text("utf-8")
    code, out = cfn_lint(text)
    assert code == 0, out
    template = yaml.safe_load(text)
    resources = template["Resources"]
    [table] = [r for r in resources.values() if r["Type"] == "AWS::DynamoDB::Table"]
    # two conversions in one account must not share it: its name is a parameter whose
    # default is this conversion's
    assert table["Properties"]["TableName"] == {"Fn::Sub": "${JP1EventWaitTable}"}
    default = template["Parameters"]["JP1EventWaitTable"]["Default"]
    assert default.startswith("jobmig-jp1-event-waits-") and default != "jobmig-jp1-event-waits-"
    assert table["Properties"]["TimeToLiveSpecification"] == {"AttributeName": "expires",
                                                              "Enabled": True}
    assert {k["AttributeName"]: k["KeyType"] for k in table["Properties"]["KeySchema"]} == {
        "event_id": "HASH", "waiter": "RANGE"}
    [relay_rule] = [r for r in resources.values() if r["Type"] == "AWS::Events::Rule"
                    and r["Properties"]["Name"] == "jobmig-jp1-event-00000100"]
    target = relay_rule["Properties"]["Targets"][0]
    assert target["InputTransformer"]["InputTemplate"] == (
        '{"match": "00000100", "detail": <detail>}')
    [relay] = [r for r in resources.values() if r["Type"] == "AWS::StepFunctions::StateMachine"
               and r["Properties"]["StateMachineName"].startswith("jobmig-jp1-event-relay-")]
    assert default.rsplit("-", 1)[1] == relay["Properties"]["StateMachineName"].rsplit("-", 1)[1]
    terraform = json.loads((tmp_path / "terraform" / "main.tf.json").read_text("utf-8"))
    [tf_table] = terraform["resource"]["aws_dynamodb_table"].values()
    assert (tf_table["name"], tf_table["hash_key"], tf_table["range_key"]) == (
        "${var.JP1EventWaitTable}", "event_id", "waiter")
    assert tf_table["ttl"] == {"attribute_name": "expires", "enabled": True}
    assert terraform["variable"]["JP1EventWaitTable"]["default"] == default


def test_two_estates_get_different_table_and_relay_names():
    from jobmig.mappings.event_wait import default_table_name, relay_name
    one = [job("a", unit_type="evwj")]
    two = [job("b", unit_type="evwj")]
    assert default_table_name(one) != default_table_name(two)
    assert relay_name(one) != relay_name(two)
    assert default_table_name(one) == default_table_name(list(one))  # deterministic
