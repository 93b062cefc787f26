"""JP1 start conditions (.CONDITION, ty=rc) become EventBridge rules (issue 22, point 5).

The fixture tests/fixtures/jp1/start_conditions.ajs holds: 受注取込 (scheduled, cond=or over
an evwj and a file watch, wc=3, wt=18:00), 月次集計 (cond=and over two evwj), 返品取込 (a file
watch on a local disk), 入金取込 (no schedule, one evwj, cond omitted), 出荷連携 (an evwj in
its flow) and 受注通知 (the evsj that sends event 00000100). Expected values come from the
fixture's text and from the JP1/AJS3 semantics of start conditions (the schedule starts the
monitoring, each satisfied condition starts a run), the S3 event structure AWS documents for
EventBridge ("Object Created": detail.bucket.name, detail.object.key), and moto's event
pattern matcher.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.asl_run import ok

FIXTURE = "tests/fixtures/jp1/start_conditions.ajs"
PROFILE = '[events.paths]\n"/data/in/" = "s3://landing/in/"\n'
GROUP = "jp1:/起動条件業務/"


def _convert(out: Path, profile: str | None) -> dict[str, Any]:
    from tests.conftest import run_jobmig
    args = ["convert", FIXTURE, "-o", str(out / "out")]
    if profile is not None:
        (out / "profile.toml").write_text(profile, "utf-8")
        args += ["--profile", str(out / "profile.toml")]
    run_jobmig(*args, check=True)
    return json.loads((out / "out" / "plan.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> tuple[dict[str, Any], Path]:
    out = tmp_path_factory.mktemp("start")
    return _convert(out, PROFILE), out / "out"


@pytest.fixture(scope="module")
def plan(converted) -> dict[str, Any]:
    return converted[0]


def jobs(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {j["id"].removeprefix(GROUP): j for j in plan["jobs"]}


def rules_for(plan: dict[str, Any], jobnet: str) -> list[dict[str, Any]]:
    machine = jobs(plan)[jobnet]["state_machine"]
    return [r for r in plan["rules"] if r["target"] == machine and r["kind"] == "start_condition"]


def line_of(text: str) -> tuple[int, int]:
    from tests.conftest import REPO
    lines = (REPO / FIXTURE).read_text("utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if line.strip() == text:
            return number, line.index(text) + 1
    raise AssertionError(text)


def sent_event(event_id: str) -> dict[str, Any]:
    """The event a converted evsj with evsid=00000100 sends, as the interpreter made it."""
    from tests.test_run_events import EVENT, sending_net, with_ssm
    from tests.test_run_faults import execute, machines
    result = execute(machines(sending_net("evsj", EVENT))["net"],
                     with_ssm({"eventbridge:putEvents": [ok({"FailedEntryCount": 0})]}))
    [entry] = result.calls_to("eventbridge:putEvents")[0]["input"]["Entries"]
    detail = {**json.loads(entry["Detail"]), "event_id": event_id}
    return {"version": "0", "id": "1", "detail-type": entry["DetailType"], "source": entry["Source"],
            "account": "123456789012", "time": "2026-11-23T17:30:00Z", "region": "us-east-1",
            "resources": [], "detail": detail}


def s3_event(bucket: str, key: str, detail_type: str = "Object Created") -> dict[str, Any]:
    """An S3 event as S3 sends it to EventBridge (shape from the S3 user guide)."""
    return {"version": "0", "id": "2", "detail-type": detail_type, "source": "aws.s3",
            "account": "123456789012", "time": "2026-11-23T17:30:00Z", "region": "us-east-1",
            "resources": [f"arn:aws:s3:::{bucket}"],
            "detail": {"version": "0", "bucket": {"name": bucket},
                       "object": {"key": key, "size": 10, "etag": "e"},
                       "request-id": "r", "requester": "123456789012", "reason": "PutObject"}}


def matches(rule: dict[str, Any], event: dict[str, Any]) -> bool:
    from moto.events.models import EventPattern
    return EventPattern.load(json.dumps(rule["event_pattern"])).matches_event(event)


# -- parsing -----------------------------------------------------------------------------------
def test_the_fixture_s_start_condition_units_are_parsed_with_their_parameters(plan):
    units = jobs(plan)
    condition = units["受注取込/.CONDITION"]
    assert condition["unit_type"] == "rc"
    assert units["受注取込/.CONDITION/受注イベント"]["unit_type"] == "evwj"
    assert units["受注取込/.CONDITION/受注ファイル"]["unit_type"] == "flwj"
    assert units["月次集計/.CONDITION/売上確定"]["unit_type"] == "evwj"


# -- cond=or: one rule per waited event --------------------------------------------------------
def test_an_or_condition_is_one_rule_per_waited_event_starting_the_jobnet(plan):
    rules = rules_for(plan, "受注取込")
    assert len(rules) == 2  # 受注イベント (evwj) and 受注ファイル (flwj)
    assert {r["event_pattern"]["source"][0] for r in rules} == {"jobmig.jp1", "aws.s3"}


def test_the_event_rule_matches_what_a_converted_evsj_sends_and_not_another_event_id(plan):
    [rule] = [r for r in rules_for(plan, "受注取込") if r["event_pattern"]["source"] == ["jobmig.jp1"]]
    assert matches(rule, sent_event("00000100"))
    assert not matches(rule, sent_event("00000200"))


def test_the_file_watch_rule_matches_an_object_created_under_the_mapped_key_only(plan):
    [rule] = [r for r in rules_for(plan, "受注取込") if r["event_pattern"]["source"] == ["aws.s3"]]
    # flwf="/data/in/orders_*.csv" with "/data/in/" = "s3://landing/in/"
    assert matches(rule, s3_event("landing", "in/orders_20260105.csv"))
    assert not matches(rule, s3_event("landing", "in/returns_20260105.csv"))
    assert not matches(rule, s3_event("other-bucket", "in/orders_20260105.csv"))
    assert not matches(rule, s3_event("landing", "in/orders_20260105.csv", "Object Deleted"))


def test_a_scheduled_jobnet_with_a_start_condition_is_started_by_its_rules_not_its_schedule(converted):
    plan, out = converted
    net = jobs(plan)["受注取込"]
    # JP1: the schedule (sd/st/cy) starts the monitoring; the condition starts each run
    assert net["schedules"] == []
    template = (out / "cloudformation" / "template.yaml").read_text("utf-8")
    assert "AWS::Scheduler::Schedule" not in template
    finding = next(f for f in jobs(plan)["受注取込/.CONDITION"]["findings"] if f["code"] == "JM435")
    assert "not emitted as a trigger" in finding["message"]


def test_the_monitoring_count_and_end_time_are_a_documented_difference_at_the_jobnet(plan):
    net = jobs(plan)["受注取込"]
    [finding] = [f for f in net["findings"] if f["code"] == "JM436"]
    assert "wc=3" in finding["message"] and "wt=18:00" in finding["message"]
    assert (finding["source"]["line"], finding["source"]["column"]) == line_of("unit=受注取込,,jp1admin,;")
    assert net["status"] == "review"


def test_a_jobnet_without_a_schedule_is_started_by_its_condition_s_rule(plan):
    rules = rules_for(plan, "入金取込")
    assert len(rules) == 1 and matches(rules[0], sent_event("00000400"))
    net = jobs(plan)["入金取込"]
    assert net["status"] != "manual"
    assert not any(f["code"] == "JM407" for f in net["findings"])


def test_the_start_rule_gives_the_event_time_as_the_business_date(converted):
    import yaml
    plan, out = converted
    template = yaml.safe_load((out / "cloudformation" / "template.yaml").read_text("utf-8"))
    names = {r["name"] for r in rules_for(plan, "入金取込")}
    [rule] = [r for r in template["Resources"].values() if r["Type"] == "AWS::Events::Rule"
              and r["Properties"]["Name"] in names]
    transformer = rule["Properties"]["Targets"][0]["InputTransformer"]
    assert transformer["InputPathsMap"] == {"time": "$.time"}
    assert json.loads(transformer["InputTemplate"].replace("<time>", '"2026-11-23T17:30:00Z"')) == {
        "business_date": "2026-11-23T17:30:00Z"}
    terraform = json.loads((out / "terraform" / "main.tf.json").read_text("utf-8"))
    rule_ids = [k for k, v in terraform["resource"]["aws_cloudwatch_event_rule"].items()
                if v["name"] in names]
    [target] = [terraform["resource"]["aws_cloudwatch_event_target"][k] for k in rule_ids]
    assert target["input_transformer"]["input_paths"] == {"time": "$.time"}
    assert target["input_transformer"]["input_template"] == transformer["InputTemplate"]


def test_the_condition_s_waits_are_not_units_of_the_run(converted):
    plan, out = converted
    machine = jobs(plan)["受注取込"]["state_machine"]
    text = (out / "statemachines" / f"{machine}.asl.json").read_text("utf-8")
    assert "受注イベント" not in text and "受注ファイル" not in text and "取込" in text


def test_the_template_with_start_rules_passes_cfn_lint(converted):
    from tests.aws_fixtures import cfn_lint
    _, out = converted
    code, text = cfn_lint((out / "cloudformation" / "template.yaml").read_text("utf-8"))
    assert code == 0, text


# -- cond=and: arrivals joined by the join gate -------------------------------------------------
def gate_parts(plan: dict[str, Any]) -> tuple[list[dict], dict, dict]:
    """月次集計's arrival rules, its join gate and the gate's rule."""
    machine = jobs(plan)["月次集計"]["state_machine"]
    gate = next(m for m in plan["state_machines"] if m["name"] == f"{machine}-join")
    arrivals = [r for r in plan["rules"] if r["kind"] == "start_condition"
                and r["target"].startswith(f"{machine}-arrival-")]
    [gate_rule] = [r for r in plan["rules"] if r["target"] == gate["name"]]
    return arrivals, gate, gate_rule


def test_an_and_condition_starts_an_arrival_per_event_and_the_join_gate_starts_the_jobnet(plan):
    arrivals, gate, gate_rule = gate_parts(plan)
    # 売上確定 waits for 00000200, 在庫確定 for 00000300
    assert sorted(r["event_pattern"]["detail"]["event_id"][0] for r in arrivals) == [
        "00000200", "00000300"]
    assert matches(next(r for r in arrivals if r["event_pattern"]["detail"]["event_id"] == ["00000200"]),
                   sent_event("00000200"))
    # the gate is started by each arrival machine's SUCCEEDED event
    arns = gate_rule["event_pattern"]["detail"]["stateMachineArn"]
    assert sorted(a.rsplit(":", 1)[1] for a in arns) == sorted(r["target"] for r in arrivals)
    assert rules_for(plan, "月次集計") == []  # no rule starts the jobnet on one event alone
    finding = next(f for f in jobs(plan)["月次集計/.CONDITION"]["findings"] if f["code"] == "JM435")
    assert "join gate" in finding["message"]


def test_an_arrival_records_the_business_day_of_the_event_s_time_in_the_jobs_zone(tmp_path):
    from tests.asl_run import run
    from tests.conftest import run_jobmig
    (tmp_path / "profile.toml").write_text(PROFILE, "utf-8")
    run_jobmig("convert", FIXTURE, "-o", str(tmp_path / "out"), "--profile",
               str(tmp_path / "profile.toml"), "--timezone", "Asia/Tokyo", check=True)
    plan = json.loads((tmp_path / "out" / "plan.json").read_text("utf-8"))
    arrivals, _, _ = gate_parts(plan)
    name = arrivals[0]["target"]
    definition = json.loads((tmp_path / "out" / "statemachines" / f"{name}.asl.json").read_text("utf-8"))
    # the rule's input: the event's time; 17:30 UTC is 02:30 the next day in Tokyo (UTC+9)
    result = run(definition, {"business_date": "2026-11-23T17:30:00Z"}, {}, name)
    assert result.status == "SUCCEEDED"
    assert result.output["business_day"] == "2026-11-24"


@pytest.mark.parametrize("second_day, starts", [("2026-11-24", True), ("2026-11-23", False)])
def test_the_join_gate_starts_the_jobnet_only_when_every_event_arrived_that_business_day(
        converted, second_day, starts):
    from tests.asl_run import run
    plan, out = converted
    _, gate, _ = gate_parts(plan)
    definition = json.loads((out / "statemachines" / f"{gate['name']}.asl.json").read_text("utf-8"))
    day = "2026-11-24"
    runs = {"Executions": [{"ExecutionArn": "arn:aws:states:us-east-1:123456789012:execution:a:r1"}]}
    outputs = [json.dumps({"business_date": f"{day}T01:00:00Z", "business_day": day}),
               json.dumps({"business_date": f"{second_day}T01:00:00Z", "business_day": second_day})]
    scenario = {"resources": {
        "sfn:listExecutions": [ok(runs)],
        "sfn:describeExecution": [ok({"Output": text}) for text in outputs],
        "states:startExecution": [ok({"ExecutionArn": "x", "StartDate": "d"})]}}
    trigger = {"upstream_output": outputs[0]}
    result = run(definition, trigger, scenario, gate["name"])
    assert result.status == "SUCCEEDED"
    assert bool(result.calls_to("states:startExecution")) == starts


# -- what is not converted ---------------------------------------------------------------------


def test_a_file_watch_on_a_local_disk_as_a_start_condition_stays_manual(plan):
    units = jobs(plan)
    finding = next(f for f in units["返品取込/.CONDITION/返品ファイル"]["findings"] if f["code"] == "JM437")
    assert "local disk" in finding["message"]
    assert (finding["source"]["line"], finding["source"]["column"]) == line_of("unit=返品ファイル,,,;")
    assert units["返品取込/.CONDITION"]["status"] == "manual"
    assert rules_for(plan, "返品取込") == []


def test_without_an_s3_mapping_the_or_condition_stays_manual_and_the_schedule_stays(tmp_path):
    plan = _convert(tmp_path, None)
    units = jobs(plan)
    assert units["受注取込/.CONDITION"]["status"] == "manual"
    assert rules_for(plan, "受注取込") == []
    assert len(units["受注取込"]["schedules"]) == 1  # sd=1,2026/01/05; st=1,06:00; cy=1,(1,d)
    # without its condition a scheduled run would start without waiting: not deployed enabled
    assert units["受注取込"]["status"] == "manual"
    template = (tmp_path / "out" / "cloudformation" / "template.yaml").read_text("utf-8")
    import yaml
    [schedule] = [r for r in yaml.safe_load(template)["Resources"].values()
                  if r["Type"] == "AWS::Scheduler::Schedule"]
    assert schedule["Properties"]["State"] == "DISABLED"


# -- property: the S3 key pattern agrees with the watched path's wildcards ----------------------
from hypothesis import given, settings, strategies as st  # noqa: E402

_PART = st.text(alphabet="ab_.0/", min_size=0, max_size=4)


@settings(max_examples=150, deadline=None)
@given(parts=st.lists(_PART, min_size=1, max_size=3), key=st.text(alphabet="ab_.0/", max_size=10))
def test_the_s3_rule_matches_a_key_exactly_when_the_watched_path_s_wildcards_do(parts, key):
    """flwf "/data/in/" + parts joined by * (JP1's * matches any characters): the rule's
    pattern, in moto's matcher, matches in/<key> exactly when a regular expression made from
    the path (each * as .*) matches it."""
    import re
    from moto.events.models import EventPattern
    from jobmig.mappings.profile import parse_profile
    from jobmig.mappings.start_conditions import s3_pattern
    from tests.aws_fixtures import job
    path = "/data/in/" + "*".join(parts)
    watch = job("w", unit_type="flwj", command=None, attributes={"params": [["flwf", f'"{path}"']]})
    pattern, why = s3_pattern(watch, parse_profile(PROFILE))
    assert pattern is not None, why
    expected = re.fullmatch(".*".join(re.escape(p) for p in ["in/" + parts[0]] + parts[1:]),
                            "in/" + key) is not None
    event = s3_event("landing", "in/" + key)
    assert EventPattern.load(json.dumps(pattern)).matches_event(event) == expected


# -- one decision per start condition; conditions of the waited event ---------------------------
DECIDED = """unit=grp,,,;
{
	ty=g;
	unit=by_event,,,;
	{
		ty=n;
		sd=1,2026/01/05;
		st=1,06:00;
		unit=.CONDITION,,,;
		{
			ty=rc;
			unit=ev,,,;
			{
				ty=evwj;
				evwid=100;
				evwms="^orders";
				evgrp="ops";
			}
		}
		unit=run,,,;
		{
			ty=j;
			te="/opt/batch/a.sh";
		}
	}
	unit=by_file,,,;
	{
		ty=n;
		sd=1,2026/01/05;
		st=1,06:00;
		unit=.CONDITION,,,;
		{
			ty=rc;
			unit=file,,,;
			{
				ty=flwj;
				flwf="/local/in.csv";
			}
		}
		unit=run,,,;
		{
			ty=j;
			te="/opt/batch/b.sh";
		}
	}
	unit=unscheduled,,,;
	{
		ty=n;
		unit=.CONDITION,,,;
		{
			ty=rc;
			unit=file,,,;
			{
				ty=flwj;
				flwf="/local/in.csv";
			}
		}
		unit=run,,,;
		{
			ty=j;
			te="/opt/batch/c.sh";
		}
	}
}
"""


@pytest.fixture(scope="module")
def decided(tmp_path_factory) -> tuple[dict[str, Any], dict[str, Any]]:
    import yaml
    from tests.conftest import run_jobmig
    out = tmp_path_factory.mktemp("decided")
    (out / "in.ajs").write_text(DECIDED, "utf-8")
    run_jobmig("convert", str(out / "in.ajs"), "-o", str(out / "out"), check=True)
    plan = json.loads((out / "out" / "plan.json").read_text("utf-8"))
    template = yaml.safe_load((out / "out" / "cloudformation" / "template.yaml").read_text("utf-8"))
    return {j["id"].removeprefix("jp1:/grp/"): j for j in plan["jobs"]} | {"": plan}, template


def test_what_the_findings_say_of_each_condition_jobnet_s_schedule_is_what_is_emitted(decided):
    units, template = decided
    plan = units[""]
    schedules = {r["Properties"]["Name"]: r["Properties"]["State"]
                 for r in template["Resources"].values() if r["Type"] == "AWS::Scheduler::Schedule"}
    # converted: the rule starts it, so its schedule (it only starts JP1's monitoring) is gone
    assert not any("by_event" in n for n in schedules)
    assert any(r["kind"] == "start_condition" and r["target"] == units["by_event"]["state_machine"]
               for r in plan["rules"])
    # not converted, scheduled: the finding says the schedule is created disabled, and it is
    [said] = [f["message"] for f in units["by_file"]["findings"] if f["code"] == "JM437"]
    assert said.endswith("its schedule is created disabled")
    [state] = [s for n, s in schedules.items() if "by_file" in n]
    assert state == "DISABLED"
    # not converted, no schedule: nothing to create, and the finding does not claim one
    [said] = [f["message"] for f in units["unscheduled"]["findings"] if f["code"] == "JM437"]
    assert said.endswith("it has no schedule, so nothing starts it")
    assert not any("unscheduled" in n for n in schedules)


def test_a_start_condition_s_rule_matches_its_message_condition_and_quotes_the_rest(decided):
    units, _ = decided
    plan = units[""]
    [rule] = [r for r in plan["rules"] if r["kind"] == "start_condition"]
    assert rule["event_pattern"]["detail"] == {"event_id": ["00000100"],
                                               "message": [{"prefix": "orders"}]}
    [quoted] = [f["message"] for f in units["by_event/.CONDITION/ev"]["findings"]
                if f["code"] == "JM447"]
    assert "evgrp='ops' is not matched" in quoted
    assert matches(rule, sent_event("00000100") | {"detail": {**sent_event("00000100")["detail"],
                                                               "message": "orders ready"}})
    assert not matches(rule, sent_event("00000100"))  # its message is "batch done"
