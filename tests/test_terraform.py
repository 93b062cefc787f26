"""Terraform JSON: the same resources as CloudFormation, with valid interpolations.

Attribute names follow the AWS provider docs as listed in notes/aws-target.md
§5. Regenerate the golden file: ``JOBMIG_REGEN=1 pytest tests/test_terraform.py -k golden``.
"""
from __future__ import annotations

import json
import re

import pytest

from jobmig.emit import cloudformation, terraform
from jobmig.emit.aws_stack import UnexpressibleSchedule
from jobmig.emit.terraform import interpolate
from tests.aws_fixtures import check_golden
from tests.test_cloudformation import dated_rule_plan, full_plan, single_job_plan, with_status

#: Terraform resource type → CloudFormation type it stands for, and required attributes.
REQUIRED = {
    "aws_sfn_state_machine": ("AWS::StepFunctions::StateMachine", {"name", "role_arn", "definition", "type"}),
    "aws_scheduler_schedule": ("AWS::Scheduler::Schedule",
                               {"name", "schedule_expression", "flexible_time_window", "target"}),
    "aws_ssm_document": ("AWS::SSM::Document", {"name", "document_type", "document_format", "content"}),
    "aws_iam_role": ("AWS::IAM::Role", {"assume_role_policy"}),
    "aws_iam_role_policy": (None, {"name", "role", "policy"}),
    "aws_cloudwatch_event_rule": ("AWS::Events::Rule", {"name"}),
    "aws_cloudwatch_event_target": (None, {"rule", "arn", "target_id"}),
}
_INTERPOLATION = re.compile(r"(?<!\$)\$\{([^}]*)\}")
_ALLOWED = re.compile(r"^(var\.[A-Za-z0-9]+|data\.aws_(partition|region|caller_identity)\.current\.\w+|"
                      r"aws_[a-z_]+\.[a-z0-9_]+\.(arn|name|id))$")


def doc(plan) -> dict:
    return json.loads(terraform.render(plan))


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


@pytest.mark.parametrize("plan_factory", [single_job_plan, full_plan], ids=["single", "full"])
def test_every_resource_has_its_required_attributes(plan_factory):
    resources = doc(plan_factory())["resource"]
    for kind, items in resources.items():
        assert kind in REQUIRED, kind
        for name, body in items.items():
            missing = REQUIRED[kind][1] - set(body)
            assert not missing, f"{kind}.{name} lacks {missing}"


@pytest.mark.parametrize("plan_factory", [single_job_plan, full_plan], ids=["single", "full"])
def test_terraform_has_the_same_resources_as_cloudformation(plan_factory):
    plan = plan_factory()
    cfn_counts: dict[str, int] = {}
    for resource in cloudformation.template(plan)["Resources"].values():
        cfn_counts[resource["Type"]] = cfn_counts.get(resource["Type"], 0) + 1
    tf_counts: dict[str, int] = {}
    for kind, items in doc(plan)["resource"].items():
        cfn_type = REQUIRED[kind][0]
        if cfn_type:
            tf_counts[cfn_type] = tf_counts.get(cfn_type, 0) + len(items)
    assert tf_counts == cfn_counts


@pytest.mark.parametrize("plan_factory", [single_job_plan, full_plan], ids=["single", "full"])
def test_every_interpolation_names_a_variable_data_source_or_resource(plan_factory):
    data = doc(plan_factory())
    variables = set(data.get("variable", {}))
    resources = {f"{kind}.{name}" for kind, items in data["resource"].items() for name in items}
    for text in strings(data["resource"]):
        for expression in _INTERPOLATION.findall(text):
            assert _ALLOWED.match(expression), expression
            if expression.startswith("var."):
                assert expression[4:] in variables
            elif expression.startswith("aws_"):
                assert expression.rsplit(".", 1)[0] in resources, expression


def test_the_state_machine_definition_is_the_asl_with_placeholders_interpolated():
    data = doc(single_job_plan())
    machine = data["resource"]["aws_sfn_state_machine"]["state_machine_backup_db"]
    assert machine["name"] == "backup-db" and machine["type"] == "STANDARD"
    assert machine["role_arn"] == "${aws_iam_role.state_machine_backup_db_role.arn}"
    definition = json.loads(machine["definition"])
    send = definition["States"]["backup-db: send command"]
    assert send["Parameters"]["InstanceIds"] == ["${var.InstanceIdDb01}"]
    assert data["variable"]["InstanceIdDb01"]["type"] == "string"


def test_the_schedule_matches_the_cloudformation_schedule():
    data = doc(single_job_plan())
    (schedule,) = data["resource"]["aws_scheduler_schedule"].values()
    assert schedule["schedule_expression"] == "cron(30 2 ? * MON-FRI *)"
    assert schedule["schedule_expression_timezone"] == "Asia/Tokyo"
    assert schedule["flexible_time_window"] == {"mode": "OFF"}
    assert schedule["state"] == "ENABLED"
    assert schedule["target"]["arn"] == "${aws_sfn_state_machine.state_machine_backup_db.arn}"
    assert json.loads(schedule["target"]["input"]) == {"business_date": "<aws.scheduler.scheduled-time>"}


def test_the_calendar_document_is_text_and_escaped():
    (document,) = doc(full_plan())["resource"]["aws_ssm_document"].values()
    assert document["document_type"] == "ChangeCalendar"
    assert document["document_format"] == "TEXT"
    assert document["content"].startswith("BEGIN:VCALENDAR\r\n")


def test_the_dependency_rule_has_a_target_with_the_events_role():
    data = doc(full_plan())
    rule = data["resource"]["aws_cloudwatch_event_rule"]["rule_report_after_ok"]
    pattern = json.loads(rule["event_pattern"])
    assert pattern["detail"]["stateMachineArn"] == [
        "arn:${data.aws_partition.current.partition}:states:${data.aws_region.current.name}:"
        "${data.aws_caller_identity.current.account_id}:stateMachine:net"]
    target = data["resource"]["aws_cloudwatch_event_target"]["rule_report_after_ok"]
    assert target["rule"] == "${aws_cloudwatch_event_rule.rule_report_after_ok.name}"
    assert target["role_arn"] == "${aws_iam_role.events_role.arn}"


@pytest.mark.parametrize("text, expected", [
    ("arn:${AWS::Partition}:x", "arn:${data.aws_partition.current.partition}:x"),
    ("${InstanceId}", "${var.InstanceId}"),
    ("${Unknown}", "$${Unknown}"),
    ("100%{x} and ${ y }", "100%%{x} and $${ y }"),
    ("$.business_date", "$.business_date"),
], ids=["pseudo", "variable", "unknown-placeholder", "template-directives", "jsonpath"])
def test_interpolate_translates_or_escapes(text, expected):
    assert interpolate(text, {"InstanceId"}) == expected


def test_terraform_matches_its_golden_file():
    check_golden("full.main.tf.json", terraform.render(full_plan()))


def test_triggers_of_a_manual_job_are_disabled_like_in_cloudformation():
    plan = with_status(full_plan(), "test:report", "manual")
    rules = doc(plan)["resource"]["aws_cloudwatch_event_rule"]
    assert rules["rule_report_after_ok"]["state"] == "DISABLED"
    assert rules["schedule_rule_purge"]["state"] == "ENABLED"
    plan = with_status(single_job_plan(), "test:backup-db", "manual")
    (schedule,) = doc(plan)["resource"]["aws_scheduler_schedule"].values()
    assert schedule["state"] == "DISABLED"


def test_a_rule_with_a_date_is_refused_rather_than_emitted_without_it():
    with pytest.raises(UnexpressibleSchedule, match="no start or end date"):
        terraform.render(dated_rule_plan())
