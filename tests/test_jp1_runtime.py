"""A JP1 job's command gets AJSEXDATE, AJSPRE_ST and AJSPRE_RC at run time (issue 19, fault 3).

The expected values come from the JP1/AJS3 Command Reference, 1.4.2 "Environment
variables set when a job is executed from JP1/AJS3": AJSEXDATE is the root jobnet's
scheduled date as yyyy/mm/dd (kept when the run is late or re-run the next day);
AJSPRE_ST is n (normal end), w (ended with warning) or a (abnormal end) of the
preceding job, n when there is none; AJSPRE_RC its return code, 0 when there is none.
A return code above wth and up to tho is a warning end, up to wth a normal end.

The fixture tests/fixtures/jp1/runtime_variables.ajs runs 前処理 (tho=4, wth=1) →
締め計算 (with the recovery unit 締め回復) → 報告 → 帳票 (a PC job) at 00:30 every day;
the zone is Asia/Tokyo. The scheduled time used below, 2026-03-31T15:30:00Z, is
00:30 on 2026-04-01 there (UTC+9, no daylight saving): AJSEXDATE 2026/04/01.

The definitions run in aws-local-stepfunctions against a scripted AWS (tests/asl_run.py);
the document names stand for what CloudFormation names them (their Ref).
"""
from __future__ import annotations

import ast
import json
import re
import subprocess
from pathlib import Path
from datetime import date, datetime, timezone
from typing import Any, Callable
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from jobmig.emit import cloudformation
from jobmig.emit.stack_split import Capacity
from jobmig.mappings import jp1_runtime
from jobmig.mappings.asl_dates import business_day_states
from jobmig.mappings.asl_tasks import BuildContext
from jobmig.model import Condition, Dependency, Job, SourceRef
from jobmig.options import MapOptions
from tests.asl_run import Run, fail, ok, run_all, request
from tests.aws_fixtures import assert_valid_asl, cfn_lint, graph_of, moto_server, plan_of, resolve
from tests.conftest import run_jobmig

FIXTURE = "tests/fixtures/jp1/runtime_variables.ajs"
SCHEDULED = "2026-03-31T15:30:00Z"
EXDATE = "2026/04/01"
#: What CloudFormation would call the documents (a Ref of an AWS::SSM::Document is its name).
NAMES = {"Jp1ShellDocument": "closing-Jp1ShellDocument-X1Y2Z3",
         "Jp1PowerShellDocument": "closing-Jp1PowerShellDocument-A1B2C3"}
NET = "締め/月次締め"


def converted_export(folder: Path, name: str, text: str) -> dict[str, Any]:
    """``text`` written to ``folder/name``, converted as a JP1 export (Asia/Tokyo, horizon
    2026-2027), and its one state machine loaded (:func:`_load`, every instance parameter
    one fixed instance id)."""
    source = folder / name
    source.write_text(text, "utf-8")
    out = folder / "out"
    run_jobmig("convert", str(source), "--out", str(out), "--timezone", "Asia/Tokyo",
               "--horizon", "2026-01-01:2027-12-31", check=True)
    return _load(out, lambda _name: "i-0123456789abcdef0")


def _load(out: Path, parameter_value: Callable[[str], str]) -> dict[str, Any]:
    """A conversion's one state machine as the interpreter runs it (its substitutions
    resolved, parameters given ``parameter_value(name)``, the documents their names) and
    how its schedule starts it at SCHEDULED."""
    text = (out / "cloudformation" / "template.yaml").read_text("utf-8")
    template = yaml.safe_load(text)
    (machine,) = [r for r in template["Resources"].values()
                  if r["Type"] == "AWS::StepFunctions::StateMachine"]
    values = {name: parameter_value(name) for name in template.get("Parameters", {})}
    values.update(NAMES)
    definition = json.dumps(machine["Properties"]["Definition"])
    for key, value in machine["Properties"]["DefinitionSubstitutions"].items():
        definition = definition.replace("${" + key + "}", resolve(value["Fn::Sub"], values))
    (schedule,) = [r for r in template["Resources"].values()
                   if r["Type"] == "AWS::Scheduler::Schedule"]
    start = json.loads(schedule["Properties"]["Target"]["Input"]
                       .replace("<aws.scheduler.scheduled-time>", SCHEDULED))
    return {"out": out, "text": text, "template": template, "start": start,
            "definition": json.loads(definition), "machine": machine,
            "plan": json.loads((out / "plan.json").read_text("utf-8"))}


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("runtime") / "out"
    run_jobmig("convert", FIXTURE, "--out", str(out), "--timezone", "Asia/Tokyo",
               "--horizon", "2026-01-01:2027-12-31", check=True)
    return _load(out, lambda name: "i-0123456789abcdef0")


def _answers(codes: dict[str, int] | None = None) -> dict[str, Any]:
    """Scripted AWS: every command ends with 0 unless ``codes`` names the job (its code)."""
    states = {}
    for job, code in (codes or {}).items():
        states[f"{NET}/{job}: get command status"] = [ok({
            "Status": "Success" if code == 0 else "Failed", "ResponseCode": code})]
    return {"resources": {
        "ssm:sendCommand": [ok({"Command": {"CommandId": "cmd-1"}})],
        "ssm:getCommandInvocation": [ok({"Status": "Success", "ResponseCode": 0})],
        "sfn:listExecutions": [ok({"Executions": [{"ExecutionArn": "this"}]})],
    }, "states": states}


def _sent(result: Run) -> dict[str, dict[str, Any]]:
    """Job name (below the jobnet) → the SendCommand request its state made."""
    return {call["state"].removeprefix(NET + "/").removesuffix(": send command"): call["input"]
            for call in result.calls_to("ssm:sendCommand")}


def _run(converted: dict[str, Any], *scenarios: dict[str, Any], start: Any = None) -> list[Run]:
    payload = start if start is not None else converted["start"]
    return run_all([request(converted["definition"], payload, s, "close") for s in scenarios])


def test_every_job_that_reads_the_variables_is_sent_to_the_stacks_document(converted):
    (result,) = _run(converted, _answers())
    assert result.status == "SUCCEEDED", (result.error, result.cause)
    sent = _sent(result)
    assert sent["前処理"]["DocumentName"] == NAMES["Jp1ShellDocument"]
    assert sent["締め計算"]["DocumentName"] == NAMES["Jp1ShellDocument"]
    assert sent["報告"]["DocumentName"] == NAMES["Jp1ShellDocument"]
    assert sent["帳票"]["DocumentName"] == NAMES["Jp1PowerShellDocument"]


def test_the_first_unit_gets_the_business_date_in_tokyo_and_no_predecessor(converted):
    (result,) = _run(converted, _answers())
    parameters = _sent(result)["前処理"]["Parameters"]
    assert parameters["businessDate"] == [EXDATE]
    assert (parameters["preStatus"], parameters["preReturnCode"]) == (["n"], ["0"])


def test_a_code_above_wth_within_tho_is_a_warning_end_for_the_next_job(converted):
    warning, normal, success = _run(converted, _answers({"前処理": 3}),
                                    _answers({"前処理": 1}), _answers({"前処理": 0}))
    for result in (warning, normal, success):
        assert result.status == "SUCCEEDED", (result.error, result.cause)
    expected = {id(warning): (["w"], ["3"]), id(normal): (["n"], ["1"]),
                id(success): (["n"], ["0"])}
    for result in (warning, normal, success):
        parameters = _sent(result)["締め計算"]["Parameters"]
        assert (parameters["preStatus"], parameters["preReturnCode"]) == expected[id(result)]
        assert parameters["businessDate"] == [EXDATE]


def test_a_pc_job_after_a_plain_job_gets_its_return_code(converted):
    (result,) = _run(converted, _answers())
    parameters = _sent(result)["帳票"]["Parameters"]
    assert parameters["businessDate"] == [EXDATE]
    assert (parameters["preStatus"], parameters["preReturnCode"]) == (["n"], ["0"])
    assert "$env:AJSPRE_RC = $env:SSM_preReturnCode" in parameters["commands"]


def test_a_rerun_the_next_day_keeps_the_business_date_it_is_given(converted):
    (result,) = _run(converted, _answers(), start={"business_date": "2026-04-01"})
    assert _sent(result)["前処理"]["Parameters"]["businessDate"] == [EXDATE]


def test_after_a_unit_with_recovery_the_predecessors_end_is_not_passed(converted):
    (result,) = _run(converted, _answers())
    parameters = _sent(result)["報告"]["Parameters"]
    assert parameters["businessDate"] == [EXDATE]
    assert "preStatus" not in parameters and "preReturnCode" not in parameters
    jobs = {j["name"]: j for j in converted["plan"]["jobs"]}
    (finding,) = [f for f in jobs[f"{NET}/報告"]["findings"] if f["code"] == "JM561"]
    assert "$AJSPRE_RC" in finding["message"] and "AJSEXDATE" not in finding["message"]
    assert jobs[f"{NET}/報告"]["status"] == "review"
    calc = [f["code"] for f in jobs[f"{NET}/締め計算"]["findings"]]
    assert "JM561" not in calc and "JM564" in calc


def test_a_job_that_reads_none_of_them_keeps_aws_run_shell_script(converted):
    (result,) = _run(converted, _answers({"締め計算": 9}))
    assert (result.status, result.error) == ("FAILED", "Jobmig.JobFailedAfterRecovery")
    recovery = _sent(result)["締め回復"]
    assert recovery["DocumentName"] == "AWS-RunShellScript"
    assert set(recovery["Parameters"]) == {"commands", "executionTimeout"}


def _documents(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {logical: r["Properties"] for logical, r in template["Resources"].items()
            if r["Type"] == "AWS::SSM::Document"}


def test_the_documents_take_the_values_as_environment_variables_with_patterns(converted):
    documents = _documents(converted["template"])
    assert set(documents) == set(NAMES)
    for logical, properties in documents.items():
        assert properties["DocumentType"] == "Command"
        content = properties["Content"]
        assert content["schemaVersion"] == "2.2"
        (step,) = content["mainSteps"]
        assert step["action"] == ("aws:runPowerShellScript" if "PowerShell" in logical
                                  else "aws:runShellScript")
        assert step["inputs"]["runCommand"] == "{{ commands }}"
        for name in ("businessDate", "preStatus", "preReturnCode"):
            assert content["parameters"][name]["interpolationType"] == "ENV_VAR"
        patterns = {n: re.compile(p["allowedPattern"]) for n, p in content["parameters"].items()
                    if "allowedPattern" in p}
        assert patterns["businessDate"].search(EXDATE)
        for bad in ("2026/04/01; rm -rf /", "$(id)", "2026-04-01", "26/4/1"):
            assert not patterns["businessDate"].search(bad), bad
        assert all(patterns["preStatus"].search(s) for s in "nwa")
        assert not patterns["preStatus"].search("n; reboot")
        assert patterns["preReturnCode"].search("-1") and patterns["preReturnCode"].search("255")
        assert not patterns["preReturnCode"].search("0`id`")


def test_the_execution_role_may_send_commands_to_the_document(converted):
    role = converted["machine"]["Properties"]["RoleArn"]["Fn::GetAtt"][0]
    statements = (converted["template"]["Resources"][role]["Properties"]["Policies"][0]
                  ["PolicyDocument"]["Statement"])
    (send,) = [s for s in statements if s["Action"] == "ssm:SendCommand"]
    arns = [r["Fn::Sub"] if isinstance(r, dict) else r for r in send["Resource"]]
    for logical in NAMES:
        assert ("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:document/${"
                + logical + "}") in arns


def test_the_commands_export_what_the_agent_passes_and_stop_without_it(converted):
    """Run the exported lines of 締め計算 in /bin/sh, as the agent would with the
    ENV_VAR parameters set (and once as an older agent, without them)."""
    (result,) = _run(converted, _answers({"前処理": 3}))
    commands = _sent(result)["締め計算"]["Parameters"]["commands"]
    assert commands[-1].startswith("/opt/close/bin/close.sh")
    script = "\n".join(commands[:-1] + ['printf "%s|%s|%s" "$AJSEXDATE" "$AJSPRE_ST" "$AJSPRE_RC"'])
    env = {"PATH": "/usr/bin:/bin", "SSM_businessDate": EXDATE, "SSM_preStatus": "w",
           "SSM_preReturnCode": "3"}
    done = subprocess.run(["/bin/sh", "-c", script], env=env, capture_output=True, text=True,
                          timeout=30)
    assert (done.returncode, done.stdout) == (0, f"{EXDATE}|w|3"), done.stderr
    old = subprocess.run(["/bin/sh", "-c", script], env={"PATH": "/usr/bin:/bin"},
                         capture_output=True, text=True, timeout=30)
    assert old.returncode == 255 and old.stdout == "" and "3.3.2746.0" in old.stderr


def test_the_fixture_passes_cfn_lint_and_both_asl_validators(converted):
    code, out = cfn_lint(converted["text"])
    assert code & 2 == 0, out  # cfn-lint's exit code is a bitmask: 2 = error
    for path in (converted["out"] / "statemachines").glob("*.asl.json"):
        assert_valid_asl(json.loads(path.read_text("utf-8")))


def test_terraform_names_the_documents_from_a_variable_and_interpolates_them(converted):
    data = json.loads((converted["out"] / "terraform" / "main.tf.json").read_text("utf-8"))
    documents = data["resource"]["aws_ssm_document"]
    assert documents["jp1_shell_document"]["name"] == "${var.SsmDocumentPrefix}-jp1-shell"
    assert documents["jp1_shell_document"]["document_type"] == "Command"
    content = json.loads(documents["jp1_power_shell_document"]["content"])
    assert content["mainSteps"][0]["action"] == "aws:runPowerShellScript"
    assert data["variable"]["SsmDocumentPrefix"]["default"].startswith("jobmig-")
    (machine,) = data["resource"]["aws_sfn_state_machine"].values()
    assert '"DocumentName": "${aws_ssm_document.jp1_shell_document.name}"' in machine["definition"]
    policies = "".join(p["policy"] for p in data["resource"]["aws_iam_role_policy"].values())
    assert "document/${aws_ssm_document.jp1_power_shell_document.name}" in policies


def test_terraform_validate_accepts_the_documents(converted, tmp_path):
    from tests.test_terraform import run_terraform, terraform_folder

    text = (converted["out"] / "terraform" / "main.tf.json").read_text("utf-8")
    binary, folder = terraform_folder(tmp_path, text)
    done = run_terraform(binary, folder, "validate")
    assert done.returncode == 0 and "The configuration is valid" in done.stdout, \
        done.stdout + done.stderr


def _jp1_net(name: str) -> list[Job]:
    source = SourceRef("nets.ajs", 1, format="jp1")
    return [Job(id=f"jp1:/{name}", name=name, source=source, kind="jobnet"),
            Job(id=f"jp1:/{name}/run", name=f"{name}/run", source=source,
                parent=f"jp1:/{name}", command="/opt/run.sh $AJSEXDATE")]


def test_each_nested_stack_creates_the_document_its_machines_use():
    """Split into nested stacks, every part holding a machine that sends to the document
    creates its own copy; none takes it as a parameter (a Ref of another stack's resource
    cannot be passed), and every ${...} a part uses is defined in that part."""
    names = [f"net{n}" for n in range(6)]
    graph = graph_of([job for name in names for job in _jp1_net(name)])
    plan = plan_of(graph, options=MapOptions(timezone="Asia/Tokyo"))
    found = cloudformation.templates(plan, Capacity(resources=8, outputs=3))
    parts = {name: t for name, t in found.items() if name != cloudformation.ROOT}
    assert len(parts) > 1
    machines_written = 0
    for name, template in parts.items():
        resources = template["Resources"]
        defined = set(resources) | set(template.get("Parameters", {}))
        machines = [r for r in resources.values() if r["Type"] == "AWS::StepFunctions::StateMachine"]
        machines_written += len(machines)
        if machines:
            assert "Jp1ShellDocument" in resources, name
        assert "Jp1ShellDocument" not in template.get("Parameters", {})
        used = set(re.findall(r"\$\{([A-Za-z0-9]+)\}", json.dumps(
            [r for r in resources.values() if r["Type"] != "AWS::StepFunctions::StateMachine"]
            + [m["Properties"].get("DefinitionSubstitutions", {}) for m in machines])))
        assert used <= defined, (name, used - defined)
        code, out = cfn_lint(cloudformation.render_template(template))
        assert code & 2 == 0, out
    assert machines_written == len(names)
    root = found[cloudformation.ROOT]
    passed = [set(r["Properties"].get("Parameters", {})) for r in root["Resources"].values()]
    assert all("Jp1ShellDocument" not in p for p in passed)


ZONES = ("Asia/Tokyo", "UTC", "America/New_York", "Asia/Kolkata")


def _date_machine(zone: str) -> dict[str, Any]:
    """The business day states, then the JP1 values state of a job without predecessor."""
    ctx, states = BuildContext("m"), {"Done": {"Type": "Succeed"}}
    runtime = jp1_runtime.Runtime(jp1_runtime.SHELL_DOCUMENT, (jp1_runtime.EXDATE,))
    values = jp1_runtime.value_states(ctx, "job", runtime, "Done", states)
    start = business_day_states(ctx, zone, (date(2026, 1, 1), date(2027, 12, 31)), values, states)
    return {"StartAt": start, "States": states}


DATE_MACHINES = {zone: _date_machine(zone) for zone in ZONES}


@settings(max_examples=2, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(ZONES), st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31, 23, 59))),
    min_size=30, max_size=30))
def test_ajsexdate_is_the_scheduled_date_in_the_zone_written_as_jp1_writes_it(cases):
    cases = cases + [("Asia/Tokyo", datetime(2026, 3, 31, 15, 30)),
                     ("Asia/Tokyo", datetime(2026, 12, 31, 15, 0))]
    results = run_all([request(DATE_MACHINES[zone],
                               {"business_date": moment.strftime("%Y-%m-%dT%H:%M:%SZ")}, {})
                       for zone, moment in cases])
    for (zone, moment), result in zip(cases, results):
        local = moment.replace(tzinfo=timezone.utc).astimezone(ZoneInfo(zone))
        assert result.status == "SUCCEEDED", (zone, moment)
        assert result.output["ajs_runtime"]["date"] == local.strftime("%Y/%m/%d"), (zone, moment)


def test_a_job_sent_to_a_document_of_the_sites_own_still_reports_the_variables():
    from jobmig.mappings.profile import parse_profile
    from jobmig.mappings.stepfunctions import build_state_machines

    graph = graph_of(_jp1_net("net"))
    machines = build_state_machines(graph, {}, MapOptions(timezone="Asia/Tokyo"), parse_profile(
        '[default]\ntask = "ssm"\n[ssm]\ndocument = "Site-RunJob"\n'))
    findings = [f for m in machines for f in m.findings if f.job_id == "jp1:/net/run"]
    (unset,) = [f for f in findings if f.code == "JM561"]
    assert "$AJSEXDATE" in unset.message and "AWS-RunShellScript" in unset.message
    assert "JM564" not in [f.code for f in findings]
    assert "Jp1ShellDocument" not in json.dumps([m.definition for m in machines])


@pytest.mark.slow
def test_deploy_creates_the_documents_and_the_role_names_them(converted, moto_server, tmp_path):
    """The stack deployed into a moto server: CloudFormation names the documents (no Name
    is given), SSM lists them as Command documents, and the execution role's policy
    allows SendCommand on exactly those names."""
    from tests.test_deploy import client, deploy_cli

    parameters = tmp_path / "p.json"
    parameters.write_text(json.dumps({"InstanceId": "i-0123456789abcdef0"}), "utf-8")
    done = deploy_cli(str(converted["out"]), "--stack-name", "closing", "--parameters",
                      str(parameters), url=moto_server)
    assert done.returncode == 0 and "CREATE_COMPLETE" in done.stdout, done.stdout + done.stderr
    resources = client(moto_server, "cloudformation").list_stack_resources(
        StackName="closing")["StackResourceSummaries"]
    names = {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in resources
             if r["ResourceType"] == "AWS::SSM::Document"}
    assert set(names) == set(NAMES)
    # moto's CloudFormation keeps an object Content as it is, where its SSM expects text, so
    # DescribeDocument fails there; the list names each document and its type
    listed = {d["Name"]: d for d in client(moto_server, "ssm").list_documents(
        Filters=[{"Key": "Owner", "Values": ["Self"]}])["DocumentIdentifiers"]}
    for name in names.values():
        assert listed[name]["DocumentType"] == "Command"
    (role,) = [r["PhysicalResourceId"] for r in resources
               if r["LogicalResourceId"] == converted["machine"]["Properties"]["RoleArn"]
               ["Fn::GetAtt"][0]]
    iam = client(moto_server, "iam")
    policy = iam.get_role_policy(RoleName=role, PolicyName="jobmig")["PolicyDocument"]
    if isinstance(policy, str):  # moto gives the policy CloudFormation stored as Python text
        policy = ast.literal_eval(policy)
    (send,) = [s for s in policy["Statement"] if s["Action"] == "ssm:SendCommand"]
    for name in names.values():
        assert any(arn.endswith(f":document/{name}") for arn in send["Resource"]), send


# -- jobs run on ECS, AWS Batch and Lambda by a mapping profile ----------------------------
#: tests/fixtures/jp1/runtime_containers.ajs: 取込 (SSM, tho=4, wth=1) → 集計 (ECS, tho=8,
#: wth=2) → 出力 (AWS Batch), at 00:30 every day; zone Asia/Tokyo as above.
CONTAINERS = "tests/fixtures/jp1/runtime_containers.ajs"
SALES = "売上/日次集計"
PROFILE = f'''[default]
task = "ssm"

[[rule]]
name = "{SALES}/集計"
task = "ecs"
container = "sum"

[[rule]]
name = "{SALES}/出力"
task = "batch"
'''
#: AJSENV, AJSNETNAME, AJSJOBNAME as JP1/AJS3 sets them (Command Reference 1.4.2): YES, the
#: root jobnet's full name (日次集計 in the job group 売上), the job's full name.
STATIC = {"集計": {"AJSENV": "YES", "AJSNETNAME": f"/{SALES}", "AJSJOBNAME": f"/{SALES}/集計"},
          "出力": {"AJSENV": "YES", "AJSNETNAME": f"/{SALES}", "AJSJOBNAME": f"/{SALES}/出力"}}


@pytest.fixture(scope="module")
def containers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("containers")
    profile = folder / "profile.toml"
    profile.write_text(PROFILE, "utf-8")
    out = folder / "out"
    run_jobmig("convert", CONTAINERS, "--out", str(out), "--timezone", "Asia/Tokyo",
               "--profile", str(profile), "--horizon", "2026-01-01:2027-12-31", check=True)
    return _load(out, lambda name: f"value-of-{name}")


def _container_answers(load: int, task: int) -> dict[str, Any]:
    """Scripted AWS: 取込's command ends with ``load``, 集計's container exits with ``task``,
    the Batch job succeeds."""
    status = "Success" if load == 0 else "Failed"
    return {"resources": {
        "ssm:sendCommand": [ok({"Command": {"CommandId": "cmd-1"}})],
        "ssm:getCommandInvocation": [ok({"Status": status, "ResponseCode": load})],
        "ecs:runTask.sync": [ok({"TaskArn": "task-1", "StopCode": "EssentialContainerExited",
                                 "Containers": [{"Name": "sum", "ExitCode": task}]})],
        "batch:submitJob.sync": [ok({"JobId": "job-1", "Status": "SUCCEEDED"})],
        "sfn:listExecutions": [ok({"Executions": [{"ExecutionArn": "this"}]})],
    }, "states": {}}


def _environment(entries: list[dict[str, str]]) -> dict[str, str]:
    names = [e["Name"] for e in entries]
    assert len(names) == len(set(names)), names
    return {e["Name"]: e["Value"] for e in entries}


def test_an_ecs_task_gets_the_jp1_variables_in_its_container_environment(containers):
    warning, normal = run_all([request(containers["definition"], containers["start"],
                                       _container_answers(load, 0), "sales")
                               for load in (3, 1)])
    for result, (status, code) in ((warning, ("w", "3")), (normal, ("n", "1"))):
        assert result.status == "SUCCEEDED", (result.error, result.cause)
        (call,) = result.calls_to("ecs:runTask.sync")
        (override,) = call["input"]["Overrides"]["ContainerOverrides"]
        assert override["Name"] == "sum"
        assert _environment(override["Environment"]) == {
            **STATIC["集計"], "AJSEXDATE": EXDATE, "AJSPRE_ST": status, "AJSPRE_RC": code}


def test_a_batch_job_after_an_ecs_task_gets_its_exit_code_and_end_status(containers):
    results = run_all([request(containers["definition"], containers["start"],
                               _container_answers(0, code), "sales") for code in (5, 2, 0)])
    expected = {5: ("w", "5"), 2: ("n", "2"), 0: ("n", "0")}  # 集計: wth=2, tho=8
    for result, code in zip(results, (5, 2, 0)):
        assert result.status == "SUCCEEDED", (result.error, result.cause)
        (call,) = result.calls_to("batch:submitJob.sync")
        status, rc = expected[code]
        assert _environment(call["input"]["ContainerOverrides"]["Environment"]) == {
            **STATIC["出力"], "AJSEXDATE": EXDATE, "AJSPRE_ST": status, "AJSPRE_RC": rc}


def test_an_ecs_exit_code_above_tho_stops_the_run_before_the_batch_job(containers):
    result = run_all([request(containers["definition"], containers["start"],
                              _container_answers(0, 9), "sales")])[0]
    assert result.status == "FAILED"
    assert result.calls_to("batch:submitJob.sync") == []


def test_container_jobs_report_the_variables_as_set_not_as_missing(containers):
    jobs = {j["name"]: j for j in containers["plan"]["jobs"]}
    for job in ("集計", "出力"):
        codes = [f["code"] for f in jobs[f"{SALES}/{job}"]["findings"]]
        assert "JM564" in codes and "JM561" not in codes, (job, codes)
    (info,) = [f for f in jobs[f"{SALES}/集計"]["findings"] if f["code"] == "JM564"]
    assert "container environment" in info["message"] and "SSM Agent" not in info["message"]


def test_the_container_fixture_passes_cfn_lint_and_both_asl_validators(containers):
    code, out = cfn_lint(containers["text"])
    assert code & 2 == 0, out
    paths = list((containers["out"] / "statemachines").glob("*.asl.json"))
    assert paths
    for path in paths:
        assert_valid_asl(json.loads(path.read_text("utf-8")))


def test_a_lambda_function_gets_the_variables_in_its_payload():
    from jobmig.mappings.profile import parse_profile
    from jobmig.mappings.stepfunctions import build_state_machines

    graph = graph_of(_jp1_net("net"))
    (machine,) = build_state_machines(graph, {}, MapOptions(timezone="Asia/Tokyo"),
                                      parse_profile('[default]\ntask = "lambda"\n'))
    assert_valid_asl(machine.definition)
    result = run_all([request(machine.definition, {"business_date": SCHEDULED}, {"resources": {
        "lambda:invoke": [ok({"StatusCode": 200, "Payload": {}})],
        "sfn:listExecutions": [ok({"Executions": [{"ExecutionArn": "this"}]})]}}, "net")])[0]
    assert result.status == "SUCCEEDED", (result.error, result.cause)
    (call,) = result.calls_to("lambda:invoke")
    assert call["input"]["Payload"]["environment"] == {
        "AJSENV": "YES", "AJSNETNAME": "/net", "AJSJOBNAME": "/net/run",
        "AJSEXDATE": EXDATE, "AJSPRE_ST": "n", "AJSPRE_RC": "0"}
    codes = [f.code for f in machine.findings if f.job_id == "jp1:/net/run"]
    assert "JM564" in codes and "JM561" not in codes


def test_after_two_predecessors_the_or_of_their_codes_is_not_made_up_for_lambda():
    """JP1 sets the worst status and the OR of the codes after several predecessors; ASL
    cannot compute an OR and a Lambda function has no script of jobmig's around it, so the
    job stays review with the reason (a shell job computes them: test_jp1_runtime_joins)."""
    source = SourceRef("nets.ajs", 1, format="jp1")
    jobs = [Job(id="jp1:/net", name="net", source=source, kind="jobnet")]
    jobs += [Job(id=f"jp1:/net/{n}", name=f"net/{n}", source=source, parent="jp1:/net",
                 command=f"/opt/{n}.sh") for n in ("a", "b")]
    jobs.append(Job(id="jp1:/net/c", name="net/c", source=source, parent="jp1:/net",
                    command="/opt/c.sh $AJSPRE_RC"))
    edges = [Dependency(f"jp1:/net/{n}", "jp1:/net/c", scope="workflow") for n in ("a", "b")]
    from jobmig.mappings.profile import parse_profile
    from jobmig.mappings.stepfunctions import build_state_machines

    machines = build_state_machines(graph_of(jobs, edges), {}, MapOptions(timezone="Asia/Tokyo"),
                                    parse_profile('[default]\ntask = "lambda"\n'))
    (unset,) = [f for m in machines for f in m.findings
                if f.job_id == "jp1:/net/c" and f.code == "JM561"]
    assert "$AJSPRE_RC" in unset.message and "bitwise OR" in unset.message
    assert "Lambda function would have to compute them" in unset.message


def test_a_batch_job_with_a_recovery_unit_still_gets_the_date_and_its_recovery_runs():
    """The values' Pass state comes first, so the recovery's Catch sits on a Parallel
    around the job's states (a Pass state cannot catch): a failed Batch job runs the
    recovery unit, and the run ends failed."""
    from jobmig.mappings.profile import parse_profile
    from jobmig.mappings.stepfunctions import build_state_machines

    source = SourceRef("nets.ajs", 1, format="jp1")
    jobs = [Job(id="jp1:/net", name="net", source=source, kind="jobnet"),
            Job(id="jp1:/net/a", name="net/a", source=source, parent="jp1:/net",
                command="/opt/a.sh $AJSEXDATE"),
            Job(id="jp1:/net/r", name="net/r", source=source, parent="jp1:/net",
                command="/opt/r.sh", kind="recovery")]
    edges = [Dependency("jp1:/net/a", "jp1:/net/r", Condition.FAILURE, scope="workflow")]
    (machine,) = build_state_machines(graph_of(jobs, edges), {}, MapOptions(timezone="Asia/Tokyo"),
                                      parse_profile('[default]\ntask = "batch"\n'))
    assert_valid_asl(machine.definition)
    listing = [ok({"Executions": [{"ExecutionArn": "this"}]})]
    failed, succeeded = run_all([request(machine.definition, {"business_date": SCHEDULED}, {
        "resources": {"sfn:listExecutions": listing},
        "states": {"net/a": answer, "net/r": [ok({"JobId": "j-2", "Status": "SUCCEEDED"})]}},
        "net") for answer in ([fail("States.TaskFailed")],
                              [ok({"JobId": "j-1", "Status": "SUCCEEDED"})])])
    assert failed.status == "FAILED"
    assert [c["state"] for c in failed.calls_to("batch:submitJob.sync")] == ["net/a", "net/r"]
    assert succeeded.status == "SUCCEEDED"
    (call,) = succeeded.calls_to("batch:submitJob.sync")
    environment = _environment(call["input"]["ContainerOverrides"]["Environment"])
    assert environment["AJSEXDATE"] == EXDATE and environment["AJSJOBNAME"] == "/net/a"


def test_a_base_time_keeps_a_run_before_it_on_the_previous_business_date(tmp_path):
    # the same jobnet in a job group whose business day starts at 05:00 (stt): the run at
    # 00:30 Tokyo on 2026-04-01 (SCHEDULED) belongs to the business day 2026-03-31
    text = Path(FIXTURE).read_text("utf-8").replace("\tty=g;\n", "\tty=g;\n\tstt=05:00;\n", 1)
    assert "stt=05:00" in text
    source = tmp_path / "based.ajs"
    source.write_text(text, "utf-8")
    out = tmp_path / "out"
    run_jobmig("convert", str(source), "--out", str(out), "--timezone", "Asia/Tokyo",
               "--horizon", "2026-01-01:2027-12-31", check=True)
    based = _load(out, lambda name: "i-0123456789abcdef0")
    (result,) = run_all([request(based["definition"], {"business_date": SCHEDULED},
                                 _answers(), "close")])
    assert result.status == "SUCCEEDED", (result.error, result.cause)
    assert _sent(result)["前処理"]["Parameters"]["businessDate"] == ["2026/03/31"]
