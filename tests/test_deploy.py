"""``jobmig deploy``: its inputs (no AWS), then the whole command against a real moto server.

What moto (5.2.x) can and cannot show, and how these tests deal with it:

* moto's CloudFormation builds change sets by comparing each resource's JSON
  with the stack's (Add, Modify, Remove); it gives no ``Replacement`` and no
  ``Details``. The red replacement rows are checked on a DescribeChangeSet
  response shaped as the CloudFormation API Reference documents it.
* moto executes a change set inside ExecuteChangeSet: a resource it refuses
  fails that call (the stack stays where it was) and no ``*_FAILED`` event
  is written. The failing-stack test therefore sees the reason in the API
  error; picking the failed resource out of DescribeStackEvents is checked on
  events shaped as AWS writes them.
* moto cannot create TEXT ``ChangeCalendar`` documents ("Invalid document
  format TEXT") and makes ``AWS::Scheduler::Schedule`` a placeholder without
  a schedule: the deployed estates here are calendar-free, a schedule is
  checked in the change set (a changed schedule is the one modified resource),
  not as a created schedule, and the demo estate with its calendars only in
  a dry run (its change set).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from jobmig.deploy import change_rows, event_line, failure_reason
from jobmig.deploy_inputs import (
    INLINE_TEMPLATE_LIMIT, USE_PREVIOUS, DeployInputError, check_parameters, read_parameters,
    stage_templates,
)
from tests.aws_fixtures import moto_server
from tests.conftest import REPO, jobmig_command

__all__ = ["moto_server"]  # the fixture, imported for pytest
REGION = "us-east-1"
INSTANCE = "i-0123456789abcdef0"


# -- parameters --------------------------------------------------------------------
def test_parameters_are_read_from_an_object_and_pairs_win():
    values = read_parameters('{"A": "x", "B": 5, "C": ["a", "b"]}', "p.json", ["A=y", "D=1=2"])
    assert values == {"A": "y", "B": "5", "C": "a,b", "D": "1=2"}


def test_parameters_are_read_from_the_cloudformation_cli_list_form():
    text = json.dumps([{"ParameterKey": "A", "ParameterValue": "x"},
                       {"ParameterKey": "B", "UsePreviousValue": True}])
    values = read_parameters(text, "p.json", [])
    assert values["A"] == "x" and values["B"] is USE_PREVIOUS


@pytest.mark.parametrize("text, message", [
    ('{"A": "x",\n "B": }', "p.json:2:7: not valid JSON"),
    ('[{"ParameterValue": "x"}]', "p.json: entry 1 has no ParameterKey"),
    ('[{"ParameterKey": "A"}]', "p.json: parameter A has no ParameterValue"),
    ('{"A": {"x": 1}}', "p.json: parameter A: give a string"),
    ('"text"', "p.json: give an object"),
], ids=["json-syntax", "no-key", "no-value", "nested-object", "not-a-collection"])
def test_a_bad_parameters_file_is_one_line_that_says_where(text, message):
    with pytest.raises(DeployInputError) as error:
        read_parameters(text, "p.json", [])
    assert str(error.value).startswith(message) and "\n" not in str(error.value)


def test_a_parameter_pair_without_equals_is_refused():
    with pytest.raises(DeployInputError, match="--parameter 'A': give KEY=VALUE"):
        read_parameters(None, "", ["A"])


def test_every_parameter_without_a_default_must_be_given_and_no_other():
    declared = {"A": {"Type": "String"}, "B": {"Type": "String", "Default": "b"},
                "C": {"Type": "String"}}
    check_parameters(declared, {"A": "1", "C": "3"}, "t.yaml")
    with pytest.raises(DeployInputError, match=r"t.yaml: parameters A, C required \(no Default\)"):
        check_parameters(declared, {"B": "2"}, "t.yaml")
    with pytest.raises(DeployInputError, match="t.yaml declares no parameter Z"):
        check_parameters(declared, {"A": "1", "C": "3", "Z": "0"}, "t.yaml")


# -- templates ------------------------------------------------------------------------
def _template(resources: dict, parameters: dict | None = None) -> str:
    data = {"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources}
    if parameters:
        data["Parameters"] = parameters
    return yaml.safe_dump(data, sort_keys=True)


def _topic(name: str) -> dict:
    return {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": name}}


def _nested(url: str) -> dict:
    return {"Type": "AWS::CloudFormation::Stack", "Properties": {"TemplateURL": url}}


def _sha16(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def test_a_small_template_without_nested_stacks_is_sent_inline_as_written(tmp_path):
    text = _template({"Topic": _topic("t")}, {"P": {"Type": "String"}})
    (tmp_path / "template.yaml").write_text(text, "utf-8")
    staged = stage_templates(tmp_path, stack_name="s", bucket=None, region=None)
    assert staged.body == text and staged.url is None and staged.uploads == ()
    assert staged.parameters == {"P": {"Type": "String"}}


def test_a_template_over_the_inline_limit_needs_a_bucket_and_is_uploaded(tmp_path):
    text = _template({f"Topic{i:04d}": _topic(f"topic-{i:04d}-" + "x" * 40) for i in range(800)})
    assert len(text.encode()) > INLINE_TEMPLATE_LIMIT
    (tmp_path / "template.yaml").write_text(text, "utf-8")
    with pytest.raises(DeployInputError, match="over CloudFormation's 51,200-byte inline limit: "
                                               "give --bucket"):
        stage_templates(tmp_path, stack_name="s", bucket=None, region=REGION)
    staged = stage_templates(tmp_path, stack_name="s", bucket="b", region=REGION)
    (upload,) = staged.uploads
    key = f"jobmig/s/{_sha16(text)}/template.yaml"
    assert (upload.key, upload.body, staged.body) == (key, text, None)
    assert staged.url == upload.url == f"https://b.s3.us-east-1.amazonaws.com/{key}"


def test_nested_templates_are_uploaded_first_and_their_urls_rewritten(tmp_path):
    (tmp_path / "nested").mkdir()
    part2 = _template({"Topic2": _topic("two")})
    (tmp_path / "nested" / "part-2.yaml").write_text(part2, "utf-8")
    (tmp_path / "nested" / "part-1.yaml").write_text(
        _template({"Topic1": _topic("one"), "Part2": _nested("part-2.yaml")}), "utf-8")
    (tmp_path / "template.yaml").write_text(
        _template({"Part1": _nested("./nested/part-1.yaml"),
                   "Remote": _nested("https://example.com/t.yaml")}), "utf-8")
    (tmp_path / "stray.yaml").write_text(_template({"T": _topic("t")}), "utf-8")
    staged = stage_templates(tmp_path, stack_name="s", bucket="b", region="eu-west-1")
    assert [u.relative for u in staged.uploads] == ["nested/part-2.yaml", "nested/part-1.yaml"]
    second, first = staged.uploads
    assert second.body == part2  # not rewritten: sent as written
    assert second.url == f"https://b.s3.eu-west-1.amazonaws.com/jobmig/s/{_sha16(part2)}/nested/part-2.yaml"
    inner = yaml.safe_load(first.body)["Resources"]
    assert inner["Part2"]["Properties"]["TemplateURL"] == second.url
    assert first.key == f"jobmig/s/{_sha16(first.body)}/nested/part-1.yaml"
    main = yaml.safe_load(staged.body)["Resources"]
    assert main["Part1"]["Properties"]["TemplateURL"] == first.url
    assert main["Remote"]["Properties"]["TemplateURL"] == "https://example.com/t.yaml"
    assert staged.unused == ("stray.yaml",)


@pytest.mark.parametrize("layout, bucket, message", [
    ({"template.yaml": {"N": "nested.yaml"}}, "b", "TemplateURL 'nested.yaml' names no file"),
    ({"template.yaml": {"N": "../outside.yaml"}}, "b", "is outside the cloudformation folder"),
    ({"template.yaml": {"N": "a.yaml"}, "a.yaml": {"M": "template.yaml"}}, "b", "form a cycle"),
    ({"template.yaml": {"N": "a.yaml"}, "a.yaml": {}}, None, "must be uploaded to S3: give --bucket"),
], ids=["missing", "outside", "cycle", "no-bucket"])
def test_a_nested_template_that_cannot_be_staged_is_a_usage_error(tmp_path, layout, bucket, message):
    folder = tmp_path / "cloudformation"
    folder.mkdir()
    (tmp_path / "outside.yaml").write_text(_template({"T": _topic("t")}), "utf-8")
    for name, children in layout.items():
        resources = {"T": _topic("t"), **{key: _nested(url) for key, url in children.items()}}
        (folder / name).write_text(_template(resources), "utf-8")
    with pytest.raises(DeployInputError, match=message):
        stage_templates(folder, stack_name="s", bucket=bucket, region=REGION)


def test_short_form_tags_are_read():
    from jobmig.deploy_inputs import load_template

    data = load_template("Resources:\n  R:\n    Type: X\n    Properties:\n"
                         "      A: !Ref P\n      B: !GetAtt R.Arn\n      C: !Sub '${P}'\n", "t")
    assert data["Resources"]["R"]["Properties"] == {
        "A": {"Ref": "P"}, "B": {"Fn::GetAtt": ["R", "Arn"]}, "C": {"Fn::Sub": "${P}"}}


# -- change table and events (shapes from the CloudFormation API Reference) -------------
def _change(action: str, logical: str, replacement: str | None = None, names=()) -> dict:
    resource = {"Action": action, "LogicalResourceId": logical, "ResourceType": "AWS::X::Y",
                "Details": [{"Target": {"Attribute": "Properties", "Name": n,
                                        "RequiresRecreation": "Always"}} for n in names]}
    if replacement is not None:
        resource["Replacement"] = replacement
    return {"Type": "Resource", "ResourceChange": resource}


def test_replacements_and_removals_are_red_in_the_change_table():
    change_set = {"Changes": [_change("Add", "A"), _change("Modify", "B", "False", ["Input"]),
                              _change("Modify", "C", "True", ["Name", "Description"]),
                              _change("Modify", "D", "Conditional"), _change("Remove", "E")]}
    nested = {"Part1": {"Changes": [_change("Modify", "F", "True")]}}
    rows = {row.logical_id: row for row in change_rows(change_set, nested)}
    assert {key: row.style for key, row in rows.items()} == {
        "A": "green", "B": "yellow", "C": "red", "D": "red", "E": "red", "Part1/F": "red"}
    assert rows["C"].replacement == "True" and rows["C"].details == "Description, Name"
    assert rows["A"].replacement == ""


def test_the_failed_resource_is_the_earliest_resource_failure():
    stack = "arn:aws:cloudformation:us-east-1:123456789012:stack/s/1"
    events = [  # newest first, as DescribeStackEvents returns them
        {"EventId": "5", "StackId": stack, "PhysicalResourceId": stack, "LogicalResourceId": "s",
         "ResourceType": "AWS::CloudFormation::Stack", "ResourceStatus": "ROLLBACK_COMPLETE"},
        {"EventId": "4", "StackId": stack, "PhysicalResourceId": stack, "LogicalResourceId": "s",
         "ResourceType": "AWS::CloudFormation::Stack", "ResourceStatus": "ROLLBACK_IN_PROGRESS",
         "ResourceStatusReason": "The following resource(s) failed to create: [Role, Machine]."},
        {"EventId": "3", "StackId": stack, "LogicalResourceId": "Role", "PhysicalResourceId": "",
         "ResourceType": "AWS::IAM::Role", "ResourceStatus": "CREATE_FAILED",
         "ResourceStatusReason": "Resource creation cancelled"},
        {"EventId": "2", "StackId": stack, "LogicalResourceId": "Machine", "PhysicalResourceId": "",
         "ResourceType": "AWS::StepFunctions::StateMachine", "ResourceStatus": "CREATE_FAILED",
         "ResourceStatusReason": "Invalid State Machine Definition"},
        {"EventId": "1", "StackId": stack, "PhysicalResourceId": stack, "LogicalResourceId": "s",
         "ResourceType": "AWS::CloudFormation::Stack", "ResourceStatus": "CREATE_IN_PROGRESS"},
    ]
    assert failure_reason(events)["LogicalResourceId"] == "Machine"
    assert failure_reason(events[:1] + events[4:]) is None
    assert event_line(events[3]) == ("Machine  AWS::StepFunctions::StateMachine  CREATE_FAILED  "
                                     "Invalid State Machine Definition")


# -- the command ------------------------------------------------------------------------
def deploy_cli(*args: str, url: str | None = None, region: str | None = REGION
               ) -> subprocess.CompletedProcess:
    """``jobmig deploy ARGS`` with dummy credentials (never real ones) and a wide terminal."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    if region:
        env["AWS_DEFAULT_REGION"] = region
    env.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
               AWS_CONFIG_FILE=os.devnull,
               AWS_SHARED_CREDENTIALS_FILE=os.devnull, COLUMNS="250", NO_COLOR="1", TERM="dumb")
    extra = ["--endpoint-url", url] if url else []
    return subprocess.run([*jobmig_command(), "deploy", *args, *extra], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)


def table_rows(output: str) -> dict[str, str]:
    """Logical id → action, read from the printed change table."""
    rows = {}
    for line in output.splitlines():
        cells = [cell.strip() for cell in line.split("│")]
        if len(cells) == 7 and cells[1] in ("Add", "Modify", "Remove", "Dynamic", "Import"):
            rows[cells[2]] = cells[1]
    return rows


def client(url: str, service: str):
    import boto3

    return boto3.client(service, endpoint_url=url, region_name=REGION,
                        aws_access_key_id="testing", aws_secret_access_key="testing")


CRONTAB = "0 2 * * 1-5 /opt/jobs/backup.sh\n30 6 * * * /opt/jobs/report.sh\n15 * * * * /opt/jobs/poll.sh\n"


def convert(tmp_path: Path, name: str, crontab: str) -> Path:
    """Convert a user crontab (no calendars: every line is one EventBridge cron) into tmp/name.

    The crontab is always written to the same path: the templates quote it.
    """
    source = tmp_path / "crontab"
    source.write_text(crontab, "utf-8")
    out = tmp_path / name
    done = subprocess.run([*jobmig_command(), "convert", str(source), "--out", str(out),
                           "--timezone", "Asia/Tokyo", "--format", "crontab",
                           "--crontab-kind", "user"], cwd=REPO, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    template = yaml.safe_load((out / "cloudformation" / "template.yaml").read_text("utf-8"))
    assert not [r for r in template["Resources"].values() if r["Type"] == "AWS::SSM::Document"]
    return out


def resources_of(out: Path) -> dict[str, str]:
    template = yaml.safe_load((out / "cloudformation" / "template.yaml").read_text("utf-8"))
    return {logical: resource["Type"] for logical, resource in template["Resources"].items()}


def test_a_missing_parameter_is_exit_2_naming_it_before_any_aws_call(tmp_path):
    out = convert(tmp_path, "estate", CRONTAB)
    # Nothing listens on port 9: any AWS call would fail with a connection error instead.
    done = deploy_cli(str(out), "--stack-name", "s", url="http://127.0.0.1:9")
    assert done.returncode == 2
    assert done.stderr.strip().endswith(
        "template.yaml: parameter InstanceId required (no Default): "
        "give --parameters FILE or --parameter KEY=VALUE")


@pytest.mark.parametrize("args, message", [
    (["nowhere", "--stack-name", "s"], "nowhere: no cloudformation folder; run jobmig convert first"),
    (["samples", "--stack-name", "9s"], "--stack-name '9s': start with a letter"),
    (["OUT", "--stack-name", "s", "--parameters", "no-such.json"], "--parameters no-such.json: "),
], ids=["no-output-folder", "bad-stack-name", "no-parameters-file"])
def test_usage_errors_are_one_line_and_exit_2(tmp_path, args, message):
    (tmp_path / "cloudformation").mkdir()
    (tmp_path / "cloudformation" / "template.yaml").write_text(_template({"T": _topic("t")}))
    args = [str(tmp_path) if arg == "OUT" else arg for arg in args]
    done = deploy_cli(*args, url="http://127.0.0.1:9")
    assert done.returncode == 2 and done.stderr.startswith(f"jobmig: {message}"), done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_no_region_anywhere_is_a_usage_error(tmp_path):
    (tmp_path / "cloudformation").mkdir()
    (tmp_path / "cloudformation" / "template.yaml").write_text(_template({"T": _topic("t")}))
    done = deploy_cli(str(tmp_path), "--stack-name", "s", url="http://127.0.0.1:9", region=None)
    assert done.returncode == 2
    assert done.stderr == "jobmig: no AWS region: give --region or set AWS_DEFAULT_REGION\n"


def test_deploy_help_gives_an_example():
    done = subprocess.run([*jobmig_command(), "deploy", "--help"], capture_output=True, text=True,
                          env=dict(os.environ, COLUMNS="200", NO_COLOR="1"), timeout=60)
    assert "Example" in done.stdout and "--stack-name" in done.stdout


def test_boto3_is_imported_only_by_the_deploy_command():
    code = ("import sys, jobmig.cli, jobmig.deploy, jobmig.deploy_inputs, jobmig.pipeline;"
            "print('boto3' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False", done.stderr


@pytest.mark.slow
def test_create_then_update_shows_exactly_the_changed_resources(tmp_path, moto_server):
    first = convert(tmp_path, "first", CRONTAB)
    parameters = tmp_path / "p.json"
    parameters.write_text(json.dumps({"InstanceId": INSTANCE}), "utf-8")
    done = deploy_cli(str(first), "--stack-name", "estate", "--parameters", str(parameters),
                      url=moto_server)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "CREATE change set" in done.stdout
    assert table_rows(done.stdout) == {logical: "Add" for logical in resources_of(first)}
    assert "Stack estate: CREATE_COMPLETE" in done.stdout
    cfn = client(moto_server, "cloudformation")
    assert cfn.describe_stacks(StackName="estate")["Stacks"][0]["StackStatus"] == "CREATE_COMPLETE"
    # The fixture's moto runs state machines in a backend of their own, which does not list
    # what CloudFormation created: the stack's resources name them.
    plan = json.loads((first / "plan.json").read_text("utf-8"))
    machines = {r["PhysicalResourceId"].rsplit(":", 1)[1]
                for r in cfn.list_stack_resources(StackName="estate")["StackResourceSummaries"]
                if r["ResourceType"] == "AWS::StepFunctions::StateMachine"}
    assert machines == {m["name"] for m in plan["state_machines"]}
    assert len(machines) == 3  # one workflow per crontab line

    again = deploy_cli(str(first), "--stack-name", "estate", "--parameters", str(parameters),
                       url=moto_server)
    assert again.returncode == 0 and "No changes: stack estate is up to date." in again.stdout

    # The report job now runs at 07:00: its schedule is the one resource that changes
    # (moto keeps schedules as placeholders, so the change set is what shows it).
    second = convert(tmp_path, "second", CRONTAB.replace("30 6 * * *", "0 7 * * *"))
    changed = [logical for logical, kind in resources_of(second).items()
               if kind == "AWS::Scheduler::Schedule" and "Report" in logical]
    assert len(changed) == 1
    done = deploy_cli(str(second), "--stack-name", "estate", "--parameters", str(parameters),
                      url=moto_server)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "UPDATE change set" in done.stdout
    assert table_rows(done.stdout) == {changed[0]: "Modify"}
    assert "Stack estate: UPDATE_COMPLETE" in done.stdout
    # The list form's UsePreviousValue keeps the stack's value: nothing to change.
    previous = tmp_path / "previous.json"
    previous.write_text(json.dumps([{"ParameterKey": "InstanceId", "UsePreviousValue": True}]))
    kept = deploy_cli(str(second), "--stack-name", "estate", "--parameters", str(previous),
                      url=moto_server)
    assert kept.returncode == 0 and "No changes: stack estate is up to date." in kept.stdout, \
        kept.stdout + kept.stderr
    template = cfn.get_template(StackName="estate")["TemplateBody"]
    body = yaml.safe_load(template) if isinstance(template, str) else template
    assert body["Resources"][changed[0]]["Properties"]["ScheduleExpression"] == "cron(0 7 * * ? *)"


@pytest.mark.slow
def test_a_dry_run_shows_the_change_set_and_leaves_nothing_behind(tmp_path, moto_server):
    out = convert(tmp_path, "estate", CRONTAB)
    done = deploy_cli(str(out), "--stack-name", "dry", "--parameter", f"InstanceId={INSTANCE}",
                      "--dry-run", url=moto_server)
    assert done.returncode == 0, done.stdout + done.stderr
    assert table_rows(done.stdout) == {logical: "Add" for logical in resources_of(out)}
    assert "Dry run: the change set was deleted (with the empty stack it created)" in done.stdout
    cfn = client(moto_server, "cloudformation")
    assert "dry" not in {s["StackName"] for s in cfn.describe_stacks()["Stacks"]}
    assert not [c for c in cfn.list_change_sets(StackName="dry")["Summaries"]
                if c.get("StackName") == "dry"]


@pytest.mark.slow
def test_a_dry_run_on_an_existing_stack_changes_nothing(tmp_path, moto_server):
    pair = f"InstanceId={INSTANCE}"
    first = convert(tmp_path, "first", CRONTAB)
    assert deploy_cli(str(first), "--stack-name", "kept", "--parameter", pair,
                      url=moto_server).returncode == 0
    cfn = client(moto_server, "cloudformation")
    before = cfn.get_template(StackName="kept")["TemplateBody"]
    second = convert(tmp_path, "second", CRONTAB.replace("0 2 * * 1-5", "0 3 * * 1-5"))
    done = deploy_cli(str(second), "--stack-name", "kept", "--parameter", pair, "--dry-run",
                      url=moto_server)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "UPDATE change set" in done.stdout and list(table_rows(done.stdout).values()) == ["Modify"]
    assert "Dry run: the change set was deleted; nothing was changed." in done.stdout
    assert cfn.get_template(StackName="kept")["TemplateBody"] == before
    assert cfn.describe_stacks(StackName="kept")["Stacks"][0]["StackStatus"] == "CREATE_COMPLETE"


@pytest.mark.slow
def test_the_demo_estate_with_calendars_is_shown_in_a_dry_run(tmp_path, moto_server):
    """samples/ (what `make demo` converts) has Change Calendars, which moto cannot
    create: its change set is checked instead, through the bucket (the template is
    over the inline limit)."""
    out = tmp_path / "demo"
    done = subprocess.run([*jobmig_command(), "convert", "samples", "--out", str(out),
                           "--timezone", "Asia/Tokyo"], cwd=REPO, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    template = yaml.safe_load((out / "cloudformation" / "template.yaml").read_text("utf-8"))
    calendars = {logical for logical, r in template["Resources"].items()
                 if r["Type"] == "AWS::SSM::Document"
                 and r["Properties"]["DocumentType"] == "ChangeCalendar"
                 and r["Properties"]["DocumentFormat"] == "TEXT"}
    assert calendars  # samples/ needs calendars (JP1 run days, crontab's ORed day fields)
    parameters = tmp_path / "p.json"
    parameters.write_text(json.dumps({key: INSTANCE for key in template["Parameters"]}))
    client(moto_server, "s3").create_bucket(Bucket="demo-templates")
    done = deploy_cli(str(out), "--stack-name", "demo", "--parameters", str(parameters),
                      "--bucket", "demo-templates", "--dry-run", url=moto_server)
    assert done.returncode == 0, done.stdout + done.stderr
    assert table_rows(done.stdout) == {logical: "Add" for logical in template["Resources"]}


@pytest.mark.slow
def test_a_template_over_the_inline_limit_goes_through_the_bucket(tmp_path, moto_server):
    crontab = "".join(f"{minute} 3 * * * /opt/jobs/job{minute:02d}.sh\n" for minute in range(14))
    out = convert(tmp_path, "large", crontab)
    size = (out / "cloudformation" / "template.yaml").stat().st_size
    assert size > INLINE_TEMPLATE_LIMIT
    pair = f"InstanceId={INSTANCE}"
    refused = deploy_cli(str(out), "--stack-name", "large", "--parameter", pair, url=moto_server)
    assert refused.returncode == 2 and "give --bucket" in refused.stderr
    client(moto_server, "s3").create_bucket(Bucket="templates")
    done = deploy_cli(str(out), "--stack-name", "large", "--parameter", pair,
                      "--bucket", "templates", url=moto_server)
    assert done.returncode == 0, done.stdout + done.stderr
    body = (out / "cloudformation" / "template.yaml").read_bytes()
    key = f"jobmig/large/{hashlib.sha256(body).hexdigest()[:16]}/template.yaml"
    stored = client(moto_server, "s3").get_object(Bucket="templates", Key=key)["Body"].read()
    assert stored == body
    assert "Stack large: CREATE_COMPLETE" in done.stdout


def test_an_upload_to_a_bucket_that_does_not_exist_names_the_bucket_and_the_remedy(
        tmp_path, moto_server):
    crontab = "".join(f"{minute} 3 * * * /opt/jobs/job{minute:02d}.sh\n" for minute in range(14))
    out = convert(tmp_path, "large", crontab)
    done = deploy_cli(str(out), "--stack-name", "nobucket", "--parameter",
                      f"InstanceId={INSTANCE}", "--bucket", "no-such-templates", url=moto_server)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert "--bucket no-such-templates" in line and "template.yaml" in line
    assert "create the bucket" in line


@pytest.mark.slow
def test_nested_stacks_are_uploaded_and_created(tmp_path, moto_server):
    folder = tmp_path / "nested-out" / "cloudformation"
    (folder / "stacks").mkdir(parents=True)
    (folder / "stacks" / "part-1.yaml").write_text(
        _template({"Topic": _topic("jobmig-nested-topic")}), "utf-8")
    (folder / "template.yaml").write_text(
        _template({"Part1": _nested("stacks/part-1.yaml"), "Own": _topic("jobmig-main-topic")}),
        "utf-8")
    client(moto_server, "s3").create_bucket(Bucket="nested-templates")
    done = deploy_cli(str(folder.parent), "--stack-name", "nested", "--bucket",
                      "nested-templates", url=moto_server)
    assert done.returncode == 0, done.stdout + done.stderr
    assert table_rows(done.stdout) == {"Part1": "Add", "Own": "Add"}
    topics = {t["TopicArn"].rsplit(":", 1)[1] for t in client(moto_server, "sns").list_topics()["Topics"]}
    assert {"jobmig-nested-topic", "jobmig-main-topic"} <= topics


@pytest.mark.slow
def test_a_failing_stack_is_exit_1_with_the_reason(tmp_path, moto_server):
    out = convert(tmp_path, "failing", CRONTAB)
    path = out / "cloudformation" / "template.yaml"
    template = yaml.safe_load(path.read_text("utf-8"))
    machine = next(r for r in template["Resources"].values()
                   if r["Type"] == "AWS::StepFunctions::StateMachine")
    machine["Properties"]["StateMachineName"] = "m" * 81  # Step Functions allows 80 characters
    path.write_text(yaml.safe_dump(template), "utf-8")
    done = deploy_cli(str(out), "--stack-name", "failing", "--parameter",
                      f"InstanceId={INSTANCE}", url=moto_server)
    assert done.returncode == 1, done.stdout + done.stderr
    (line,) = [line for line in done.stdout.splitlines() if line.startswith("Deployment failed: ")]
    assert f"'{'m' * 81}'" in line and "must have length less than or equal to 80" in line
