"""CloudFormation template: resources and properties (notes §1.4, §4, §5), cfn-lint clean.

Regenerate the golden templates after a deliberate change:
``JOBMIG_REGEN=1 pytest tests/test_cloudformation.py -k golden`` and review the diff.
"""
from __future__ import annotations

import json
from datetime import date

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from jobmig.emit import cloudformation
from jobmig.emit.aws_stack import UnexpressibleSchedule
from jobmig.mappings.aws_schedule import AwsSchedule
from jobmig.mappings.change_calendar import DEFAULT_CLOSED, ChangeCalendar
from jobmig.options import MapOptions
from tests.aws_fixtures import cfn_lint, check_golden, dep, graph_of, job, plan_of
from tests.conftest import run_jobmig


def single_job_plan(**job_kwargs):
    graph = graph_of([job("backup-db", host="db01", concurrent=False, **job_kwargs)])
    return plan_of(graph, {"test:backup-db": [
        AwsSchedule("backup-db", "cron(30 2 ? * MON-FRI *)", timezone="Asia/Tokyo")]})


def resources_of(plan, kind):
    template = cloudformation.template(plan)
    return {k: v for k, v in template["Resources"].items() if v["Type"] == kind}


def assert_lints_clean(text: str) -> None:
    code, out = cfn_lint(text)
    assert code == 0, out


# -- the single-job case (the lead's crontab path) ------------------------------
def test_a_single_job_template_passes_cfn_lint():
    assert_lints_clean(cloudformation.render(single_job_plan()))


def test_a_single_job_template_matches_its_golden_file():
    check_golden("single-job.template.yaml", cloudformation.render(single_job_plan()))


def test_the_state_machine_is_standard_with_substitutions_and_its_own_role():
    template = cloudformation.template(single_job_plan())
    machine = template["Resources"]["StateMachineBackupDb"]
    props = machine["Properties"]
    assert props["StateMachineName"] == "backup-db"
    assert props["StateMachineType"] == "STANDARD"
    assert props["RoleArn"] == {"Fn::GetAtt": ["StateMachineBackupDbRole", "Arn"]}
    assert props["DefinitionSubstitutions"] == {"InstanceIdDb01": {"Fn::Sub": "${InstanceIdDb01}"}}
    assert props["Definition"]["StartAt"] == "Business date given?"
    assert template["Parameters"]["InstanceIdDb01"]["Type"] == "AWS::EC2::Instance::Id"
    role = template["Resources"]["StateMachineBackupDbRole"]["Properties"]
    principal = role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]
    assert principal == {"Service": "states.amazonaws.com"}
    statements = role["Policies"][0]["PolicyDocument"]["Statement"]
    assert {s["Action"] for s in statements} == {
        "ssm:SendCommand", "ssm:GetCommandInvocation", "states:ListExecutions"}
    assert all(s["Effect"] == "Allow" for s in statements)


def test_the_schedule_keeps_local_time_and_passes_the_business_date():
    (schedule,) = resources_of(single_job_plan(), "AWS::Scheduler::Schedule").values()
    props = schedule["Properties"]
    assert props["ScheduleExpression"] == "cron(30 2 ? * MON-FRI *)"
    assert props["ScheduleExpressionTimezone"] == "Asia/Tokyo"
    assert props["FlexibleTimeWindow"] == {"Mode": "OFF"}
    assert props["State"] == "ENABLED"
    assert props["Target"]["Arn"] == {"Ref": "StateMachineBackupDb"}
    assert props["Target"]["RoleArn"] == {"Fn::GetAtt": ["SchedulerRole", "Arn"]}
    assert json.loads(props["Target"]["Input"]) == {"business_date": "<aws.scheduler.scheduled-time>"}


def test_the_scheduler_role_may_start_only_the_scheduled_machine():
    role = resources_of(single_job_plan(), "AWS::IAM::Role")["SchedulerRole"]["Properties"]
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {
        "Service": "scheduler.amazonaws.com"}
    (statement,) = role["Policies"][0]["PolicyDocument"]["Statement"]
    assert statement["Action"] == "states:StartExecution"
    assert statement["Resource"] == [{"Fn::Sub": (
        "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:backup-db")}]


def test_a_disabled_job_gets_a_disabled_schedule():
    (schedule,) = resources_of(single_job_plan(disabled=True), "AWS::Scheduler::Schedule").values()
    assert schedule["Properties"]["State"] == "DISABLED"


def test_output_is_byte_identical_across_runs():
    assert cloudformation.render(single_job_plan()) == cloudformation.render(single_job_plan())


# -- everything else -------------------------------------------------------------
def calendar():
    return ChangeCalendar("report-days", DEFAULT_CLOSED, "Asia/Tokyo",
                          frozenset({date(2026, 1, 5), date(2026, 1, 6)}),
                          (date(2026, 1, 1), date(2026, 12, 31)), "report run days")


def full_plan():
    """Two workflows, a dependency rule, failure notices, a calendar, a UTC rule."""
    graph = graph_of(
        [job("net", kind="jobnet"), job("a", parent="net"), job("b", parent="net"),
         job("sub", kind="jobnet", parent="net"), job("x", parent="sub"),
         job("report"), job("purge")],
        [dep("a", "b"), dep("b", "sub"), dep("net", "report", scope="cross")])
    schedules = {
        "test:net": [AwsSchedule("net", "cron(0 1 * * ? *)", timezone="Asia/Tokyo",
                                 calendar="report-days", start_date="2026-01-01T00:00:00Z")],
        "test:purge": [AwsSchedule("purge", "cron(0 15 ? * SUN *)", kind="rule", timezone="UTC")],
    }
    return plan_of(graph, schedules, MapOptions(notify=True), calendars=(calendar(),))


@pytest.mark.skipif(not hasattr(yaml, "CSafeDumper"), reason="PyYAML built without libyaml")
def test_libyaml_and_the_python_emitter_write_the_same_template():
    """The template is written by libyaml when PyYAML has it; a PyYAML without it
    (a source build) must still give the same bytes."""
    data = cloudformation.template(full_plan())
    fast = cloudformation.dump_yaml(data, yaml.CSafeDumper)
    assert fast == cloudformation.dump_yaml(data, yaml.SafeDumper)
    assert "\\\n" not in fast  # no double-quoted string is folded over lines
    assert yaml.safe_load(fast) == data


def test_the_full_template_passes_cfn_lint():
    assert_lints_clean(cloudformation.render(full_plan()))


def test_the_full_template_matches_its_golden_file():
    check_golden("full.template.yaml", cloudformation.render(full_plan()))


def test_the_change_calendar_is_a_text_document_with_the_ics_content():
    (document,) = resources_of(full_plan(), "AWS::SSM::Document").values()
    props = document["Properties"]
    assert props["DocumentType"] == "ChangeCalendar"
    assert props["DocumentFormat"] == "TEXT"
    assert props["Name"] == "report-days"
    assert props["Content"] == calendar().to_ics()


def test_a_gated_schedule_names_its_calendar_in_the_input():
    schedules = resources_of(full_plan(), "AWS::Scheduler::Schedule")
    props = schedules["ScheduleNet"]["Properties"]
    assert json.loads(props["Target"]["Input"]) == {
        "business_date": "<aws.scheduler.scheduled-time>", "calendar": "report-days"}
    assert props["StartDate"] == "2026-01-01T00:00:00Z"


def test_the_dependency_rule_starts_the_successor_through_the_events_role():
    rules = resources_of(full_plan(), "AWS::Events::Rule")
    rule = rules["RuleReportAfterOk"]["Properties"]
    assert rule["EventPattern"]["detail"]["stateMachineArn"] == [{"Fn::Sub": (
        "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:net")}]
    (target,) = rule["Targets"]
    assert target["Arn"] == {"Ref": "StateMachineReport"}
    assert target["RoleArn"] == {"Fn::GetAtt": ["EventsRole", "Arn"]}
    assert target["InputTransformer"]["InputPathsMap"] == {
        "execution": "$.detail.executionArn", "output": "$.detail.output"}


def test_a_utc_schedule_rule_takes_the_business_date_from_the_event_time():
    rule = resources_of(full_plan(), "AWS::Events::Rule")["ScheduleRulePurge"]["Properties"]
    assert rule["ScheduleExpression"] == "cron(0 15 ? * SUN *)"
    (target,) = rule["Targets"]
    assert target["InputTransformer"] == {"InputPathsMap": {"time": "$.time"},
                                          "InputTemplate": '{"business_date": <time>}'}


def test_failure_notices_go_to_the_topic_parameter_or_else_to_the_stacks_own_topic():
    template = cloudformation.template(full_plan())
    notice = template["Resources"]["RuleJobmigFailureNotice1"]["Properties"]
    assert notice["EventPattern"]["detail"]["status"] == ["FAILED", "TIMED_OUT", "ABORTED"]
    assert notice["Targets"][0]["Arn"] == {"Fn::If": [
        "CreateNotificationTopic", {"Ref": "NotificationTopic"}, {"Ref": "NotificationTopicArn"}]}
    assert template["Parameters"]["NotificationTopicArn"]["Type"] == "String"
    assert template["Parameters"]["NotificationTopicArn"]["Default"] == ""
    assert template["Conditions"]["CreateNotificationTopic"] == {
        "Fn::Equals": [{"Ref": "NotificationTopicArn"}, ""]}


def test_the_events_role_may_start_only_rule_targets():
    role = resources_of(full_plan(), "AWS::IAM::Role")["EventsRole"]["Properties"]
    (statement,) = role["Policies"][0]["PolicyDocument"]["Statement"]
    arns = [r["Fn::Sub"].rsplit(":", 1)[1] for r in statement["Resource"]]
    assert arns == ["purge", "report"]


def test_the_template_is_plain_yaml_without_tags():
    text = cloudformation.render(full_plan())
    assert "!" not in "".join(line.split(":", 1)[-1][:2] for line in text.splitlines())
    assert yaml.safe_load(text)["AWSTemplateFormatVersion"] == "2010-09-09"


def test_shared_values_are_written_out_without_yaml_aliases():
    graph = graph_of([job("a"), job("b"), job("c")],
                     [dep("a", "b", scope="cross"), dep("a", "c", scope="cross")])
    text = cloudformation.render(plan_of(graph))
    assert "&id" not in text and "*id" not in text
    assert_lints_clean(text)


def test_every_task_kind_and_a_join_gate_lint_clean():
    from jobmig.mappings.profile import parse_profile

    profile = parse_profile('[[rule]]\nname = "e*"\ntask = "ecs"\n[[rule]]\nname = "b*"\n'
                            'task = "batch"\n[[rule]]\nname = "l*"\ntask = "lambda"\n')
    graph = graph_of([job("etl"), job("batchy"), job("lam"), job("sink")],
                     [dep(p, "sink", scope="cross", parameters={"join": "and"})
                      for p in ("etl", "batchy", "lam")])
    plan = plan_of(graph, {"test:etl": [AwsSchedule("etl", "rate(1 hour)")]}, profile=profile)
    kinds = {m.kind for m in plan.state_machines}
    assert kinds == {"workflow", "join_gate"}
    assert_lints_clean(cloudformation.render(plan))


# -- triggers that must not run; dates a rule cannot hold ---------------------------
def with_status(plan, job_id, status):
    (job_data,) = [j for j in plan.data["jobs"] if j["id"] == job_id]
    job_data["status"] = status
    return plan


def test_a_manual_job_gets_a_disabled_schedule():
    plan = with_status(single_job_plan(), "test:backup-db", "manual")
    (schedule,) = resources_of(plan, "AWS::Scheduler::Schedule").values()
    assert schedule["Properties"]["State"] == "DISABLED"


def test_a_rule_that_would_start_a_manual_job_is_disabled_and_the_others_are_not():
    rules = resources_of(with_status(full_plan(), "test:report", "manual"), "AWS::Events::Rule")
    assert rules["RuleReportAfterOk"]["Properties"]["State"] == "DISABLED"
    assert rules["ScheduleRulePurge"]["Properties"]["State"] == "ENABLED"
    assert rules["RuleJobmigFailureNotice1"]["Properties"]["State"] == "ENABLED"


def test_a_manual_job_with_a_utc_rule_gets_a_disabled_rule():
    rules = resources_of(with_status(full_plan(), "test:purge", "manual"), "AWS::Events::Rule")
    assert rules["ScheduleRulePurge"]["Properties"]["State"] == "DISABLED"


def dated_rule_plan():
    """full_plan with a start date on the UTC rule, as an old or hand-edited plan.json has."""
    plan = full_plan()
    (purge,) = [j for j in plan.data["jobs"] if j["id"] == "test:purge"]
    purge["schedules"][0]["start_date"] = "2026-03-08T07:00:00Z"
    return plan


def test_a_rule_with_a_date_is_refused_rather_than_emitted_without_it():
    # AWS::Events::Rule has no StartDate/EndDate: writing the rule would drop the date.
    with pytest.raises(UnexpressibleSchedule, match="no start or end date"):
        cloudformation.template(dated_rule_plan())


def test_a_mapping_cannot_make_a_dated_rule():
    with pytest.raises(ValueError, match="no start or end date"):
        AwsSchedule("purge", "cron(0 15 ? * SUN *)", kind="rule", end_date="2026-11-01T05:59:59Z")


def test_a_crontab_with_a_manual_line_gets_that_schedule_disabled_and_the_good_one_enabled(
        tmp_path):
    crontab = tmp_path / "etc" / "cron.d" / "reports"
    crontab.parent.mkdir(parents=True)
    # Line 3 has no user column (a system crontab needs one): JM103, the job is manual.
    # (its output goes to a log, so cron mailed nothing and the good line stays auto: JM563)
    crontab.write_text("# reports\n0 6 * * * root /opt/reports/daily.sh >> /var/log/d 2>&1\n"
                       "30 7 * * 1-5 /opt/reports/weekly.sh --full\n", encoding="utf-8")
    out = tmp_path / "out"
    run_jobmig("convert", str(tmp_path / "etc"), "--out", str(out), "--timezone", "Asia/Tokyo",
               check=True)
    plan = json.loads((out / "plan.json").read_text("utf-8"))
    status = {job["state_machine"]: job["status"] for job in plan["jobs"]}
    assert sorted(status.values()) == ["auto", "manual"]
    resources = yaml.safe_load((out / "cloudformation" / "template.yaml").read_text("utf-8"))[
        "Resources"]
    machine = {logical: body["Properties"]["StateMachineName"]
               for logical, body in resources.items()
               if body["Type"] == "AWS::StepFunctions::StateMachine"}
    states = {status[machine[body["Properties"]["Target"]["Arn"]["Ref"]]]:
              body["Properties"]["State"] for body in resources.values()
              if body["Type"] == "AWS::Scheduler::Schedule"}
    assert states == {"auto": "ENABLED", "manual": "DISABLED"}
    terraform = json.loads((out / "terraform" / "main.tf.json").read_text("utf-8"))
    assert sorted(s["state"] for s in terraform["resource"]["aws_scheduler_schedule"].values()) \
        == ["DISABLED", "ENABLED"]
    (manual,) = [job for job in plan["jobs"] if job["status"] == "manual"]
    notices = [f for f in manual["findings"] if f["code"] == "JM211"]
    assert len(notices) == 1 and "1 schedule) are created DISABLED" in notices[0]["message"]
    assert [f["code"] for f in plan["findings"]].count("JM211") == 1


# Scalars that make PyYAML pick every quoting style, break lines or add markers:
# line breaks (single-quoted multi-line), \r and tabs (double-quoted), leading and
# trailing blanks, words that read as other types, indicators, non-ASCII, long text.
_SCALARS = st.one_of(
    st.sampled_from(["", " ", "a\n", "\n", "a\n\nb", "x\r\ny", "\tz", "yes", "null", "- a",
                     "#c", "k: v", "'q'", '"d"', "日次処理", " lead", "trail ", "a\n  b\n",
                     "${AWS::Region}", "x" * 300, "ends with newline\n\n", "\u2028", "\x85"]),
    st.text(max_size=20), st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False))
_KEYS = st.one_of(st.sampled_from(["Type", "Properties", "a b", "yes", "Resources", "-x"]),
                  st.text(min_size=1, max_size=8))
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=3)
                       | st.dictionaries(_KEYS, inner, max_size=3), max_leaves=12)


@pytest.mark.parametrize("base", [getattr(yaml, "CSafeDumper", yaml.SafeDumper), yaml.SafeDumper])
@given(data=st.dictionaries(_KEYS, st.one_of(_VALUES, st.dictionaries(_KEYS, _VALUES)),
                            max_size=4),
       per_dump=st.integers(min_value=1, max_value=3))
@settings(max_examples=300, deadline=None)
def test_the_template_written_in_pieces_is_the_template_dumped_whole(base, data, per_dump):
    """dump_yaml_parts (each top-level mapping's entries dumped a few at a time and
    indented) joins to exactly what one yaml.dump of the whole mapping writes, with
    either emitter, whatever the scalars' styles."""
    saved = cloudformation._ENTRIES_PER_DUMP
    cloudformation._ENTRIES_PER_DUMP = per_dump
    try:
        pieces = "".join(cloudformation.dump_yaml_parts(data, base))
    finally:
        cloudformation._ENTRIES_PER_DUMP = saved
    assert pieces == cloudformation.dump_yaml(data, base)


def test_a_real_template_written_in_pieces_is_the_template_dumped_whole(monkeypatch):
    """The full plan's template (roles, machines, schedules, rules, calendars with CRLF
    content, parameters, outputs) in pieces of two resources equals one dump of it."""
    plan = full_plan()
    monkeypatch.setattr(cloudformation, "_ENTRIES_PER_DUMP", 2)
    assert cloudformation.render(plan) == cloudformation.dump_yaml(cloudformation.template(plan))
