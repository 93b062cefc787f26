"""Terraform JSON: the same resources as CloudFormation, with valid interpolations.

Attribute names follow the AWS provider docs as listed in notes/aws-target.md
§5. Regenerate the golden file: ``JOBMIG_REGEN=1 pytest tests/test_terraform.py -k golden``.
The last tests run the terraform CLI (validate, and apply against a moto server);
they need a local mirror of the AWS provider and are skipped, saying so, without one.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from jobmig.emit import cloudformation, terraform
from jobmig.emit.aws_stack import UnexpressibleSchedule
from jobmig.emit.terraform import interpolate
from tests.aws_fixtures import check_golden, moto_server
from tests.conftest import run_jobmig
from tests.test_cloudformation import dated_rule_plan, full_plan, single_job_plan, with_status

__all__ = ["moto_server"]  # the fixture, imported for pytest

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
    "aws_sns_topic": ("AWS::SNS::Topic", set()),
    "aws_sns_topic_policy": ("AWS::SNS::TopicPolicy", {"arn", "policy"}),
    "aws_sns_topic_subscription": ("AWS::SNS::Subscription", {"topic_arn", "protocol", "endpoint"}),
}
_INTERPOLATION = re.compile(r"(?<!\$)\$\{([^}]*)\}")
_ALLOWED = re.compile(r"^(var\.[A-Za-z0-9]+|data\.aws_(partition|region|caller_identity)\.current\.\w+|"
                      r"aws_[a-z_]+\.[a-z0-9_]+(\[count\.index\])?\.(arn|name|id))$")
# the failure-notice topic: the variable's when given, else the one created for it
_CONDITIONAL = re.compile(r'^var\.(\w+) (==|!=) "" \? (.+) : (.+)$')
_SPLAT = re.compile(r"^one\((aws_[a-z_]+\.[a-z0-9_]+)\[\*\]\.arn\)$")


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
        for found in _INTERPOLATION.findall(text):
            conditional = _CONDITIONAL.match(found)
            parts = [found] if conditional is None else [
                "var." + conditional.group(1), *conditional.group(3, 4)]
            for expression in parts:
                if expression.isdigit():  # a count
                    continue
                splat = _SPLAT.match(expression)
                if splat:
                    expression = splat.group(1) + ".arn"
                assert _ALLOWED.match(expression), expression
                if expression.startswith("var."):
                    assert expression[4:] in variables
                elif expression.startswith("aws_"):
                    assert re.sub(r"\[[^]]*\]", "", expression).rsplit(".", 1)[0] in resources, \
                        expression


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


# -- the terraform CLI ------------------------------------------------------------------
# `terraform validate` and `terraform apply` need the terraform binary and the
# hashicorp/aws provider from a local mirror (the tests never download it). The
# mirror is found in JOBMIG_TF_PLUGIN_DIR, the `path` of a filesystem_mirror in
# the CLI configuration file, TF_PLUGIN_CACHE_DIR, or terraform's implied
# local mirror folders; without one the tests are skipped and say so.
_MIRROR_PATH = re.compile(r'filesystem_mirror\s*\{[^}]*?path\s*=\s*"([^"]+)"', re.S)
_IMPLIED_MIRRORS = ("~/.terraform.d/plugins", "~/.local/share/terraform/plugins",
                    "/usr/local/share/terraform/plugins", "/usr/share/terraform/plugins")


def terraform_setup() -> tuple[str, Path]:
    """(terraform binary, provider mirror holding hashicorp/aws), or skip with the reason."""
    binary = shutil.which("terraform")
    if binary is None:
        pytest.skip("terraform is not installed (needed for terraform validate/apply)")
    candidates = [os.environ.get("JOBMIG_TF_PLUGIN_DIR"), os.environ.get("TF_PLUGIN_CACHE_DIR")]
    config = Path(os.environ.get("TF_CLI_CONFIG_FILE") or Path.home() / ".terraformrc")
    if config.is_file():
        candidates += _MIRROR_PATH.findall(config.read_text("utf-8", errors="replace"))
    candidates += [str(Path(path).expanduser()) for path in _IMPLIED_MIRRORS]
    for candidate in filter(None, candidates):
        if (Path(candidate) / "registry.terraform.io" / "hashicorp" / "aws").is_dir():
            return binary, Path(candidate)
    pytest.skip("no local mirror of the hashicorp/aws provider: set JOBMIG_TF_PLUGIN_DIR to a "
                "folder holding registry.terraform.io/hashicorp/aws (terraform providers mirror)")


def run_terraform(binary: str, folder: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "TF_IN_AUTOMATION": "1", "CHECKPOINT_DISABLE": "1"}
    return subprocess.run([binary, *args, "-no-color"], cwd=folder, env=env, capture_output=True,
                          text=True, timeout=600)


def terraform_folder(tmp_path: Path, text: str) -> tuple[str, Path]:
    """(binary, a folder holding ``text`` as main.tf.json, initialised from the local mirror)."""
    binary, plugin_dir = terraform_setup()
    folder = tmp_path / "tf"
    folder.mkdir()
    (folder / "main.tf.json").write_text(text, "utf-8")
    done = run_terraform(binary, folder, "init", "-input=false", "-backend=false",
                         f"-plugin-dir={plugin_dir}")
    assert done.returncode == 0, done.stdout + done.stderr
    return binary, folder


def test_terraform_validate_accepts_the_emitted_configuration(tmp_path):
    binary, folder = terraform_folder(tmp_path, terraform.render(full_plan()))
    done = run_terraform(binary, folder, "validate")
    assert done.returncode == 0 and "The configuration is valid" in done.stdout, done.stdout + done.stderr


@pytest.mark.slow
def test_terraform_validate_accepts_what_convert_writes_for_the_samples(tmp_path):
    terraform_setup()
    out = tmp_path / "out"
    run_jobmig("convert", "samples", "--out", str(out), "--timezone", "Asia/Tokyo", check=True)
    text = (out / "terraform" / "main.tf.json").read_text("utf-8")
    binary, folder = terraform_folder(tmp_path, text)
    done = run_terraform(binary, folder, "validate")
    assert done.returncode == 0 and "The configuration is valid" in done.stdout, done.stdout + done.stderr


#: Step Functions calls the AWS provider makes that moto 5.2 lacks, with the answer AWS
#: gives for a valid definition (the definitions are checked by statelint and
#: asl-validator elsewhere) and for a machine that has no published versions.
_SFN_ANSWERS = {
    "AWSStepFunctions.ValidateStateMachineDefinition": {"result": "OK", "diagnostics": []},
    "AWSStepFunctions.ListStateMachineVersions": {"stateMachineVersions": []},
}


@pytest.fixture
def moto_for_terraform(moto_server):
    """A proxy in front of the moto server that answers :data:`_SFN_ANSWERS` itself; its URL."""
    import http.server
    import threading
    import urllib.error
    import urllib.request

    class Handler(http.server.BaseHTTPRequestHandler):
        def _forward(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            answer = _SFN_ANSWERS.get(self.headers.get("X-Amz-Target", ""))
            if answer is not None:
                status, data = 200, json.dumps(answer).encode()
                headers = {"Content-Type": "application/x-amz-json-1.0"}
            else:
                request = urllib.request.Request(
                    moto_server + self.path, data=body or None, method=self.command,
                    headers={k: v for k, v in self.headers.items()
                             if k.lower() not in ("host", "content-length")})
                try:
                    with urllib.request.urlopen(request, timeout=60) as response:
                        status, data, headers = response.status, response.read(), response.headers
                except urllib.error.HTTPError as error:
                    status, data, headers = error.code, error.read(), error.headers
            self.send_response(status)
            for key, value in headers.items():
                if key.lower() not in ("content-length", "transfer-encoding", "connection",
                                       "server", "date"):
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _forward

        def log_message(self, *args) -> None:  # quiet
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.slow
def test_terraform_apply_creates_a_calendar_free_estate_in_moto(tmp_path, moto_server,
                                                               moto_for_terraform):
    """samples/jenkins has no Change Calendar (moto refuses TEXT calendar documents).

    The provider's two Step Functions calls moto lacks are answered by the proxy
    (:data:`_SFN_ANSWERS`); everything else is moto's. After the apply a plan
    must find nothing to change, and the schedules are in moto's Scheduler as
    plan.json says.
    """
    terraform_setup()
    out = tmp_path / "out"
    run_jobmig("convert", "samples/jenkins", "--out", str(out), "--timezone", "Asia/Tokyo",
               check=True)
    text = (out / "terraform" / "main.tf.json").read_text("utf-8")
    assert "aws_ssm_document" not in json.loads(text)["resource"]
    binary, folder = terraform_folder(tmp_path, text)
    url = moto_for_terraform
    endpoints = {service: url for service in ("sfn", "iam", "scheduler", "events", "sts", "ssm", "sns")}
    (folder / "provider.tf.json").write_text(json.dumps({"provider": {"aws": {
        "region": "us-east-1", "access_key": "testing", "secret_key": "testing",
        "skip_credentials_validation": True, "skip_requesting_account_id": True,
        "skip_metadata_api_check": True, "max_retries": 1, "endpoints": endpoints}}}), "utf-8")
    variables = json.loads(text)["variable"]
    values = [f"-var={name}=i-0123456789abcdef0" for name in sorted(variables)]
    done = run_terraform(binary, folder, "apply", "-auto-approve", "-input=false", *values)
    assert done.returncode == 0, done.stdout + done.stderr
    again = run_terraform(binary, folder, "plan", "-detailed-exitcode", "-input=false", *values)
    assert again.returncode == 0, again.stdout + again.stderr  # 2 would mean changes
    import boto3

    scheduler = boto3.client("scheduler", endpoint_url=moto_server, region_name="us-east-1",
                             aws_access_key_id="testing", aws_secret_access_key="testing")
    plan = json.loads((out / "plan.json").read_text("utf-8"))
    expected = [s for job in plan["jobs"] for s in job["schedules"]]
    assert len(expected) == 3  # samples/jenkins: one nightly, two for the sales report
    for schedule in expected:
        found = scheduler.get_schedule(Name=schedule["name"])
        assert found["ScheduleExpression"] == schedule["expression"]
        assert found["ScheduleExpressionTimezone"] == schedule["timezone"]
