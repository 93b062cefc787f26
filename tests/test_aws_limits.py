"""A 10,000-job estate stays inside every AWS limit (issue 17, point 6).

One generated estate (tests/aws_estate.py: a crontab, a Jenkins tree with
upstream edges and a JP1 export with nested jobnets, 10,000 jobs) is
converted once, in process, and every file written is measured against the
limits AWS documents (the numbers are typed here from the service quotas,
not imported from jobmig):

* Step Functions definition: 1,048,576 characters;
* CloudFormation template: 1 MB (1,000,000 bytes taken), 500 resources,
  200 outputs, 200 parameters per stack;
* IAM: 10,240 characters of inline policy per role (white space not
  counted), measured with the pseudo parameters replaced by real values;
* SSM document (Change Calendar) content: 64 KB;
* names: state machine 80, Scheduler schedule 64, EventBridge rule 64.

It also checks that the nested stacks are self-contained (every Ref and
GetAtt resolves inside the template that holds it) and that nothing was
lost on the way: every state machine, schedule and rule of plan.json is in
exactly one template.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

from tests.aws_estate import build_estate

pytestmark = pytest.mark.slow

JOBS = 10_000
DEFINITION_CHARS = 1_048_576
TEMPLATE_BYTES = 1_000_000
STACK_RESOURCES, STACK_OUTPUTS, STACK_PARAMETERS = 500, 200, 200
ROLE_POLICY_CHARS = 10_240
SSM_CONTENT_BYTES = 64 * 1024
NAME_LIMITS = {"AWS::StepFunctions::StateMachine": ("StateMachineName", 80),
               "AWS::Scheduler::Schedule": ("Name", 64), "AWS::Events::Rule": ("Name", 64)}
# The longest real values of the pseudo parameters (a GovCloud partition, a 14-letter
# region, a 12-digit account).
PSEUDO = {"AWS::Partition": "aws-us-gov", "AWS::Region": "ap-southeast-5",
          "AWS::AccountId": "123456789012"}


@pytest.fixture(scope="module")
def estate(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from jobmig import cli
    from jobmig.emit.files import write_plan

    root = tmp_path_factory.mktemp("estate")
    expected = build_estate(root / "in", JOBS)
    plan = cli._load([str(root / "in")], "Asia/Tokyo", None, None, None, None, "scheduler",
                     None, None, None, False, "auto")
    write_plan(plan, str(root / "out"))
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: seconds, not minutes
    templates = {path.name: yaml.load(path.read_text("utf-8"), Loader=loader)
                 for path in sorted((root / "out" / "cloudformation").glob("*.yaml"))}
    terraform = json.loads((root / "out" / "terraform" / "main.tf.json").read_text("utf-8"))
    return {"out": root / "out", "expected": expected, "plan": plan.data,
            "templates": templates, "terraform": terraform}


def _resources(estate: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for name, template in estate["templates"].items():
        for logical, resource in template.get("Resources", {}).items():
            yield name, logical, resource


def _resolve(value: Any, parameters: dict[str, str]) -> Any:
    """Fn::Sub strings with pseudo parameters (and any other, as a 128-character value)."""
    if isinstance(value, dict) and set(value) == {"Fn::Sub"}:
        return re.sub(r"\$\{([^}]+)\}", lambda m: parameters.get(m.group(1), "x" * 128),
                      value["Fn::Sub"])
    if isinstance(value, dict):
        return {k: _resolve(v, parameters) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve(v, parameters) for v in value]
    return value


def test_every_generated_job_is_in_the_plan(estate: dict[str, Any]) -> None:
    assert estate["expected"] == JOBS
    assert len(estate["plan"]["jobs"]) == JOBS
    assert estate["plan"]["summary"]["manual"] == 0


def test_the_estate_is_split_into_at_least_as_many_stacks_as_its_outputs_need(
        estate: dict[str, Any]) -> None:
    # one output per state machine, at most 200 outputs per stack; plus the root
    machines = len(estate["plan"]["state_machines"])
    assert machines > 1_000
    assert len(estate["templates"]) - 1 >= -(-machines // STACK_OUTPUTS)


def test_every_template_is_under_one_megabyte(estate: dict[str, Any]) -> None:
    for path in (estate["out"] / "cloudformation").glob("*.yaml"):
        assert path.stat().st_size <= TEMPLATE_BYTES, path.name


def test_every_stack_stays_inside_the_resource_output_and_parameter_limits(
        estate: dict[str, Any]) -> None:
    for name, template in estate["templates"].items():
        assert len(template["Resources"]) <= STACK_RESOURCES, name
        assert len(template.get("Outputs", {})) <= STACK_OUTPUTS, name
        assert len(template.get("Parameters", {})) <= STACK_PARAMETERS, name


def test_the_root_creates_each_nested_template_once(estate: dict[str, Any]) -> None:
    root = estate["templates"]["template.yaml"]
    urls = [r["Properties"]["TemplateURL"] for r in root["Resources"].values()
            if r["Type"] == "AWS::CloudFormation::Stack"]
    assert sorted(urls) == sorted(n for n in estate["templates"] if n != "template.yaml")
    for resource in root["Resources"].values():
        passed = set(resource["Properties"].get("Parameters", {}))
        nested = estate["templates"][resource["Properties"]["TemplateURL"]]
        assert passed == set(nested.get("Parameters", {}))  # every one it declares, no more
        assert passed <= set(root["Parameters"])


def _references(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        if "Ref" in value:
            yield value["Ref"]
        if "Fn::GetAtt" in value:
            yield value["Fn::GetAtt"][0]
        for inner in value.values():
            yield from _references(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _references(inner)


def test_every_nested_template_is_self_contained(estate: dict[str, Any]) -> None:
    for name, template in estate["templates"].items():
        known = set(template["Resources"]) | set(template.get("Parameters", {})) | set(PSEUDO)
        for logical, resource in template["Resources"].items():
            # the definitions' own ${...} placeholders are Fn::Sub text, not Refs
            missing = set(_references(resource)) - known
            assert not missing, (name, logical, missing)


def test_every_state_machine_schedule_and_rule_is_written_exactly_once(
        estate: dict[str, Any]) -> None:
    plan = estate["plan"]
    names: dict[str, list[str]] = {kind: [] for kind in NAME_LIMITS}
    for _, _, resource in _resources(estate):
        if resource["Type"] in names:
            names[resource["Type"]].append(resource["Properties"][NAME_LIMITS[resource["Type"]][0]])
    machines = names["AWS::StepFunctions::StateMachine"]
    assert sorted(machines) == sorted(m["name"] for m in plan["state_machines"])
    schedules = sum(len(job["schedules"]) for job in plan["jobs"])
    assert len(names["AWS::Scheduler::Schedule"]) == len(set(names["AWS::Scheduler::Schedule"]))
    assert len(names["AWS::Scheduler::Schedule"]) == schedules
    assert len(names["AWS::Events::Rule"]) == len(plan["rules"])


def test_names_stay_inside_their_limits(estate: dict[str, Any]) -> None:
    for _, logical, resource in _resources(estate):
        if resource["Type"] in NAME_LIMITS:
            field, limit = NAME_LIMITS[resource["Type"]]
            assert len(resource["Properties"][field]) <= limit, logical
    terraform = estate["terraform"]
    for kind, limit in (("aws_sfn_state_machine", 80), ("aws_scheduler_schedule", 64),
                        ("aws_cloudwatch_event_rule", 64)):
        for body in terraform["resource"].get(kind, {}).values():
            assert len(body["name"]) <= limit


def test_every_role_policy_is_under_the_iam_limit_in_cloudformation(
        estate: dict[str, Any]) -> None:
    roles = 0
    for name, logical, resource in _resources(estate):
        if resource["Type"] != "AWS::IAM::Role":
            continue
        roles += 1
        total = sum(len(json.dumps(_resolve(policy["PolicyDocument"], PSEUDO),
                                   separators=(",", ":")))
                    for policy in resource["Properties"].get("Policies", []))
        assert total <= ROLE_POLICY_CHARS, (name, logical, total)
    assert roles > len(estate["plan"]["state_machines"])  # execution roles and starting roles


def test_every_role_policy_is_under_the_iam_limit_in_terraform(estate: dict[str, Any]) -> None:
    terraform = estate["terraform"]
    values = {"data.aws_partition.current.partition": PSEUDO["AWS::Partition"],
              "data.aws_region.current.name": PSEUDO["AWS::Region"],
              "data.aws_caller_identity.current.account_id": PSEUDO["AWS::AccountId"]}
    policies = terraform["resource"]["aws_iam_role_policy"]
    assert len(policies) > len(estate["plan"]["state_machines"])
    for name, body in policies.items():
        text = re.sub(r"\$\{([^}]+)\}", lambda m: values.get(m.group(1), "x" * 128),
                      body["policy"])
        compact = json.dumps(json.loads(text), separators=(",", ":"))
        assert len(compact) <= ROLE_POLICY_CHARS, name


def test_each_starting_role_may_start_exactly_the_machines_of_its_stack(
        estate: dict[str, Any]) -> None:
    for name, template in estate["templates"].items():
        resources = template["Resources"]
        for logical, resource in resources.items():
            if resource["Type"] != "AWS::Scheduler::Schedule":
                continue
            role = resource["Properties"]["Target"]["RoleArn"]["Fn::GetAtt"][0]
            machine = resources[resource["Properties"]["Target"]["Arn"]["Ref"]]
            allowed = resources[role]["Properties"]["Policies"][0]["PolicyDocument"]
            arns = [r["Fn::Sub"] for s in allowed["Statement"] for r in s["Resource"]]
            wanted = machine["Properties"]["StateMachineName"]
            assert any(arn.endswith(f":stateMachine:{wanted}") for arn in arns), (name, logical)
            assert not any(arn.endswith("*") for arn in arns)


def test_every_definition_is_under_the_step_functions_limit(estate: dict[str, Any]) -> None:
    for path in (estate["out"] / "statemachines").glob("*.asl.json"):
        compact = json.dumps(json.loads(path.read_text("utf-8")), ensure_ascii=False,
                             separators=(",", ":"))
        assert len(compact) <= DEFINITION_CHARS, path.name


def test_every_change_calendar_is_under_the_ssm_limit(estate: dict[str, Any]) -> None:
    calendars = list((estate["out"] / "calendars").glob("*.ics"))
    assert calendars  # the */2 day rules needed calendars
    for path in calendars:
        assert path.stat().st_size <= SSM_CONTENT_BYTES, path.name
    for _, logical, resource in _resources(estate):
        if resource["Type"] == "AWS::SSM::Document":
            assert len(resource["Properties"]["Content"].encode("utf-8")) <= SSM_CONTENT_BYTES
