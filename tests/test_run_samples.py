"""Every state machine `jobmig convert` writes for samples/ and the test fixtures, run.

Each definition is taken from the CloudFormation output (its
DefinitionSubstitutions resolved as CloudFormation would), started the way
AWS starts it (the Scheduler schedule's Input with the scheduled time filled
in, a dependency rule's input transformer applied to the predecessor's status
event, or a parent's nested start) and run in aws-local-stepfunctions against
a scripted AWS (tests/asl_run.py): no state is replaced by a Pass.

The scenarios follow the legacy schedulers: all calls succeed → SUCCEEDED
(unless a unit could not be converted, which must fail the run); the first
command fails with a code above JP1's ``tho`` → its recovery units run and the
run ends failed; a code within ``tho`` → it goes on; Pending/InProgress/Delayed
→ it polls, then goes on; a throttled call → retried; calendar CLOSED → no
command, and no dependency rule matches the run's end; two RUNNING executions
→ the guard stops before any command; a join gate starts its successor only
when every predecessor succeeded for the same business date.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.asl_run import Run, fail, ok, request, run_all
from tests.aws_fixtures import PSEUDO, resolve
from tests.conftest import REPO, run_jobmig

SCHEDULED = "2026-11-24T17:30:00Z"  # 02:30 on 2026-11-25 in Asia/Tokyo
TIMEZONE = "Asia/Tokyo"
SCHEDULED_TIME = "<aws.scheduler.scheduled-time>"
THROTTLED = {"Ssm": fail("Ssm.ThrottlingException", "Rate exceeded")}
SOURCES = {"samples": ["samples"], "samples-profile": ["samples"], "fixtures": ["tests/fixtures"]}
JOB_ACTIONS = ("ssm:sendCommand", "ecs:runTask.sync", "batch:submitJob.sync", "lambda:invoke")


@dataclass
class Machine:
    name: str
    definition: dict[str, Any]
    starts: list[dict[str, Any]]  # execution inputs, as AWS would start it
    jobs: list[dict[str, Any]]  # plan.json jobs of this machine
    kind: str = "workflow"
    rules: list[dict[str, Any]] = field(default_factory=list)  # dependency rules it sets off


@dataclass
class Estate:
    machines: dict[str, Machine]
    plan: dict[str, Any]


def _parameter_value(name: str, spec: dict[str, Any]) -> str:
    if spec.get("Type") == "AWS::EC2::Instance::Id":
        return "i-0123456789abcdef0"
    if "Subnet" in name:
        return "subnet-1,subnet-2"
    if "SecurityGroup" in name:
        return "sg-1"
    return f"arn:aws:test:us-east-1:123456789012:{name}"


def _sub(value: Any, values: dict[str, str]) -> str:
    return resolve(value["Fn::Sub"] if isinstance(value, dict) else value, values)


def _plain(value: Any) -> Any:
    """A template value with every ``Fn::Sub`` resolved (pseudo parameters only)."""
    if isinstance(value, dict):
        if set(value) == {"Fn::Sub"}:
            return resolve(value["Fn::Sub"], {})
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _transformed(template: str, paths: dict[str, str], event: dict[str, Any]) -> dict[str, Any]:
    """An EventBridge input transformer applied to ``event`` (string values are quoted)."""
    text = template
    for key, path in paths.items():
        value: Any = event
        for part in path.removeprefix("$.").split("."):
            value = value[part]
        text = text.replace(f"<{key}>", json.dumps(value))
    return json.loads(text)


def outside_event(pattern: dict[str, Any]) -> dict[str, Any]:
    """An event from outside Step Functions (a JP1 event, an S3 object) at the scheduled time,
    with the source and detail-type its rule's pattern names."""
    return {"version": "0", "id": "2", "detail-type": pattern["detail-type"][0],
            "source": pattern["source"][0], "account": PSEUDO["AWS::AccountId"],
            "time": SCHEDULED, "region": PSEUDO["AWS::Region"], "resources": [],
            "detail": {"event_id": "00000100", "message": "done"}}


def status_event(machine_arn: str, status: str, output: Any) -> dict[str, Any]:
    return {"version": "0", "id": "1", "detail-type": "Step Functions Execution Status Change",
            "source": "aws.states", "account": PSEUDO["AWS::AccountId"], "time": SCHEDULED,
            "region": PSEUDO["AWS::Region"], "resources": [f"{machine_arn}:up-1"],
            "detail": {"executionArn": machine_arn.replace(":stateMachine:", ":execution:") + ":up-1",
                       "stateMachineArn": machine_arn, "name": "up-1", "status": status,
                       "input": "{}", "output": None if output is None else json.dumps(output)}}


def machine_arn(name: str) -> str:
    return f"arn:aws:states:{PSEUDO['AWS::Region']}:{PSEUDO['AWS::AccountId']}:stateMachine:{name}"


def load_estate(out: Path) -> Estate:
    """The machines of a conversion's CloudFormation output, with how each one is started."""
    resources: dict[str, Any] = {}
    parameters: dict[str, Any] = {}
    for path in sorted((out / "cloudformation").glob("*.yaml")):
        template = yaml.safe_load(path.read_text("utf-8"))
        resources.update(template.get("Resources", {}))
        parameters.update(template.get("Parameters", {}))
    values = {name: _parameter_value(name, spec) for name, spec in parameters.items()}
    plan = json.loads((out / "plan.json").read_text("utf-8"))
    jobs_of: dict[str, list[dict[str, Any]]] = {}
    for item in plan["jobs"]:
        if item.get("state_machine"):
            jobs_of.setdefault(item["state_machine"], []).append(item)
    by_logical: dict[str, Machine] = {}
    for logical, resource in resources.items():
        if resource["Type"] != "AWS::StepFunctions::StateMachine":
            continue
        props = resource["Properties"]
        text = json.dumps(props["Definition"])
        for key, value in props.get("DefinitionSubstitutions", {}).items():
            text = text.replace("${" + key + "}", _sub(value, values))
        name = props["StateMachineName"]
        by_logical[logical] = Machine(name, json.loads(text), [], jobs_of.get(name, []))
    predecessor_output = {"business_date": SCHEDULED, "done": True}
    for resource in resources.values():
        props = resource.get("Properties", {})
        if resource["Type"] == "AWS::Scheduler::Schedule":
            target = by_logical[props["Target"]["Arn"]["Ref"]]
            target.starts.append(json.loads(props["Target"]["Input"].replace(SCHEDULED_TIME, SCHEDULED)))
        elif (resource["Type"] == "AWS::Events::Rule"
              and props.get("EventPattern", {}).get("source") != ["aws.states"]):
            # a JP1 start condition's or event wait's rule: started by the event itself
            for target in props["Targets"]:
                machine = by_logical[target["Arn"]["Ref"]]
                event = outside_event(props["EventPattern"])
                transformer = target.get("InputTransformer")
                machine.starts.append(event if transformer is None else _transformed(
                    transformer["InputTemplate"], transformer["InputPathsMap"], event))
        elif resource["Type"] == "AWS::Events::Rule" and "detail" in props.get("EventPattern", {}):
            pattern = _plain(props["EventPattern"])
            for target in props["Targets"]:
                if "Ref" not in target["Arn"] or target["Arn"]["Ref"] not in by_logical:
                    continue  # a failure notice to the SNS topic
                machine = by_logical[target["Arn"]["Ref"]]
                upstream = pattern["detail"]["stateMachineArn"][0]
                transformer = target["InputTransformer"]
                machine.starts.append(_transformed(
                    transformer["InputTemplate"], transformer["InputPathsMap"],
                    status_event(upstream, "SUCCEEDED", predecessor_output)))
                for source in pattern["detail"]["stateMachineArn"]:
                    source_name = source.rsplit(":", 1)[1]
                    for other in by_logical.values():
                        if other.name == source_name:
                            other.rules.append(pattern)
    machines = {m.name: m for m in by_logical.values()}
    for machine in machines.values():
        if not machine.starts:  # a nested jobnet, started by its parent
            machine.kind = "child"
            machine.starts.append({"business_date": SCHEDULED, "AWS_STEP_FUNCTIONS_STARTED_BY_"
                                   "EXECUTION_ID": "arn:aws:states:us-east-1:123456789012:execution:p:1"})
        if machine.definition.get("Comment", "").startswith("jobmig: join gate"):
            machine.kind = "join_gate"
        if machine.definition.get("Comment", "").startswith("jobmig: resumes the JP1 event"):
            machine.kind = "event_relay"  # its runs: tests/test_event_waits.py
    return Estate(machines, plan)


@pytest.fixture(scope="module", params=sorted(SOURCES))
def estate(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Estate:
    out = tmp_path_factory.mktemp(request.param) / "out"
    extra = ["--profile", "samples/profile.toml"] if request.param.endswith("profile") else []
    run_jobmig("convert", *SOURCES[request.param], "--out", str(out), "--timezone", TIMEZONE,
               "--horizon", "2026-01-01:2027-12-31", *extra, check=True)
    return load_estate(out)


def _utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# -- scenario building -------------------------------------------------------------------------------
def tasks(states: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every Task state by name, Parallel branches and Map iterators included."""
    found: dict[str, dict[str, Any]] = {}
    for name, state in states.items():
        if state["Type"] == "Task":
            found[name] = state
        for branch in state.get("Branches", []):
            found.update(tasks(branch["States"]))
        if "Iterator" in state:
            found.update(tasks(state["Iterator"]["States"]))
    return found


def resource_of(state: dict[str, Any]) -> str:
    return state["Resource"].split(":::", 1)[1].removeprefix("aws-sdk:")


def job_code_states(definition: dict[str, Any]) -> dict[str, str]:
    """State name → job id, for the states that report a job's end (status poll or the task)."""
    found: dict[str, str] = {}
    states = tasks(definition["States"])
    for name, state in states.items():
        job_id = str(state.get("Comment", "")).removeprefix("run ")
        if resource_of(state) == "ssm:sendCommand":
            found[name.rsplit(": send command", 1)[0] + ": get command status"] = job_id
        elif resource_of(state) in JOB_ACTIONS:
            found[name] = job_id
    return found


def answers(code: int = 0, *, ecs_code: int | None = None) -> dict[str, list[dict[str, Any]]]:
    """Resource → responses for a run where every call succeeds (job commands end with ``code``)."""
    ecs_exit = code if ecs_code is None else ecs_code
    return {
        "ssm:sendCommand": [ok({"Command": {"CommandId": "cmd-1"}})],
        # GetCommandInvocation always carries StandardOutputContent (empty when nothing printed)
        "ssm:getCommandInvocation": [ok({"Status": "Success" if code == 0 else "Failed",
                                         "ResponseCode": code, "StandardOutputContent": ""})],
        "ssm:getCalendarState": [ok({"State": "OPEN", "AtTime": SCHEDULED})],
        "sfn:listExecutions": [ok({"Executions": [{"ExecutionArn": "this", "Status": "RUNNING"}]})],
        # a waited jobnet's newest run (JP1 eun inside a jobnet): of the same business date
        "sfn:describeExecution": [ok({"Input": json.dumps({"business_date": SCHEDULED}),
                                      "StartDate": SCHEDULED})],
        "states:startExecution.sync:2": [ok({"ExecutionArn": "child", "Status": "SUCCEEDED",
                                             "Output": json.dumps({"business_date": SCHEDULED})})],
        "ecs:runTask.sync": [ok({"TaskArn": "task-1", "StopCode": "EssentialContainerExited",
                                 "Containers": [{"Name": c, "ExitCode": ecs_exit}
                                                for c in ("app", "etl")]})],
        "batch:submitJob.sync": [ok({"JobId": "job-1", "Status": "SUCCEEDED"})],
        "lambda:invoke": [ok({"StatusCode": 200, "Payload": {}})],
        # JP1 sending units and S3 file watches (tests/test_run_events.py runs their paths)
        "eventbridge:putEvents": [ok({"FailedEntryCount": 0, "Entries": [{"EventId": "e-1"}]})],
        "sesv2:sendEmail": [ok({"MessageId": "m-1"})],
        "sns:publish": [ok({"MessageId": "m-1"})],
        "http:invoke": [ok({"StatusCode": 200, "StatusText": "OK", "ResponseBody": {}})],
        "s3:listObjectsV2": [ok({"KeyCount": 1})],
        # JP1 event waits: the event's detail handed back (tests/test_event_waits.py)
        "dynamodb:putItem.waitForTaskToken": [ok({"event_id": "00000100"})],
        "dynamodb:deleteItem": [ok({})],
    }


def sent_jobs(result: Run, definition: dict[str, Any]) -> list[str]:
    """Job ids whose command or task was started, in order."""
    states = tasks(definition["States"])
    return [str(states[c["state"]].get("Comment", "")).removeprefix("run ") for c in result.calls
            if resource_of(states[c["state"]]) in JOB_ACTIONS]


def not_converted(machine: Machine) -> bool:
    return any(f["code"] in ("JM524", "JM511") for j in machine.jobs for f in j["findings"])


def legacy_tho(job: dict[str, Any]) -> int:
    """JP1 ``tho`` of a job, read from its unit in the legacy file (0 when absent)."""
    source = job["source"]
    if source.get("format") != "jp1":
        return 0
    # source paths are relative to the converted input (samples/ or tests/fixtures/)
    path = next(REPO / root / source["path"] for root in ("", "samples", "tests/fixtures")
                if (REPO / root / source["path"]).is_file())
    lines = path.read_text("utf-8").splitlines()[source["line"] - 1:]
    for line in lines[1:]:
        if line.strip().startswith("unit="):
            break
        found = re.match(r"\s*tho=(\d+);", line)
        if found:
            return int(found.group(1))
    return 0


def workflows(estate: Estate) -> list[Machine]:
    return [m for m in estate.machines.values() if m.kind in ("workflow", "child")]


# -- scenarios ----------------------------------------------------------------------------------------
def test_every_machine_succeeds_when_every_call_succeeds(estate: Estate) -> None:
    runs, expected = [], []
    for machine in workflows(estate):
        for start in machine.starts:
            runs.append(request(machine.definition, start, {"resources": answers()}, machine.name))
            expected.append((machine.name, "FAILED" if not_converted(machine) else "SUCCEEDED"))
    results = run_all(runs)
    assert [(name, r.status) for (name, _), r in zip(expected, results)] == expected, \
        [(r.error, r.cause) for r in results if r.status != "SUCCEEDED"]
    for (name, status), result in zip(expected, results):
        machine = estate.machines[name]
        if status == "FAILED":
            assert result.error == "Jobmig.NotConverted", name
        elif machine.kind == "workflow" and any(tasks(machine.definition["States"])[n]["Resource"]
                                                .endswith(JOB_ACTIONS[0]) for n in
                                                tasks(machine.definition["States"])):
            assert result.calls_to("ssm:sendCommand"), name
        assert len(machine.definition.get("States")) > 0 and machine.definition["TimeoutSeconds"] > 0


def test_the_first_command_failing_runs_the_recovery_and_fails_the_run(estate: Estate) -> None:
    cases, runs = [], []
    candidates = [m for m in workflows(estate) if not not_converted(m)]
    plain = run_all([request(m.definition, m.starts[0], {"resources": answers()}, m.name)
                     for m in candidates])
    for machine, first in zip(candidates, plain):
        start = machine.starts[0]
        order = sent_jobs(first, machine.definition)
        if not order:
            continue
        first_job = order[0]
        job = next(j for j in estate.plan["jobs"] if j["id"] == first_job)
        code = legacy_tho(job) + 1
        code_states = {s: j for s, j in job_code_states(machine.definition).items() if j == first_job}
        scenario = {"resources": answers(), "states": {}}
        for state in code_states:
            if state.endswith(": get command status"):
                scenario["states"][state] = [ok({"Status": "Failed", "ResponseCode": code})]
            elif state in tasks(machine.definition["States"]) and resource_of(
                    tasks(machine.definition["States"])[state]) == "ecs:runTask.sync":
                scenario["states"][state] = answers(ecs_code=code)["ecs:runTask.sync"]
            else:
                scenario["states"][state] = [fail("States.TaskFailed", "the job failed")]
        edges = [d for d in estate.plan["dependencies"] if d["from"] == first_job]
        recovery = sorted(d["to"] for d in edges if d["condition"] == "failure")
        goes_on = any(d["condition"] in ("completed", "always") for d in edges)
        cases.append((machine.name, first_job, recovery, goes_on))
        runs.append(request(machine.definition, start, scenario, machine.name))
    results = run_all(runs)
    assert cases, "no machine runs a command"
    for (name, first_job, recovery, goes_on), result in zip(cases, results):
        sent = sent_jobs(result, estate.machines[name].definition)
        assert sent[0] == first_job
        for unit in recovery:
            assert unit in sent, (name, unit)
        if not goes_on:
            assert result.status == "FAILED", name
            # nothing after the failed job ran but its recovery units (a parallel
            # sibling that does not depend on it may have started already)
            after = downstream(estate.plan["dependencies"], first_job)
            assert not (set(sent) & (after - {first_job, *recovery})), (name, sent)


def downstream(dependencies: list[dict[str, Any]], start: str) -> set[str]:
    """Every job reached from ``start`` through dependencies other than recovery ones."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        current = todo.pop()
        for d in dependencies:
            if d["from"] == current and d["condition"] != "failure" and d["to"] not in seen:
                seen.add(d["to"])
                todo.append(d["to"])
    return seen


def test_a_return_code_within_tho_lets_the_jobnet_go_on(estate: Estate) -> None:
    runs, cases = [], []
    for machine in workflows(estate):
        if not_converted(machine):
            continue
        for state, job_id in job_code_states(machine.definition).items():
            job = next(j for j in estate.plan["jobs"] if j["id"] == job_id)
            tho = legacy_tho(job)
            if tho == 0 or not state.endswith(": get command status"):
                continue
            scenario = {"resources": answers(), "states": {
                state: [ok({"Status": "Failed", "ResponseCode": tho})]}}
            cases.append((machine.name, job_id))
            runs.append(request(machine.definition, machine.starts[0], scenario, machine.name))
    if not runs:
        pytest.skip("no job with tho in this estate")
    for (name, job_id), result in zip(cases, run_all(runs)):
        assert result.status == "SUCCEEDED", (name, job_id, result.error, result.cause)
        recovery = {d["to"] for d in estate.plan["dependencies"]
                    if d["from"] == job_id and d["condition"] == "failure"}
        assert not recovery & set(sent_jobs(result, estate.machines[name].definition)), name


def test_a_command_still_running_is_polled_until_it_succeeds(estate: Estate) -> None:
    runs, names = [], []
    for machine in workflows(estate):
        if not_converted(machine):
            continue
        polls = [s for s in job_code_states(machine.definition) if s.endswith(": get command status")]
        if not polls:
            continue
        scenario = {"resources": answers(), "states": {s: [
            ok({"Status": status, "ResponseCode": -1}) for status in ("Pending", "InProgress", "Delayed")
        ] + [ok({"Status": "Success", "ResponseCode": 0})] for s in polls}}
        names.append((machine.name, len(polls)))
        runs.append(request(machine.definition, machine.starts[0], scenario, machine.name))
    assert runs
    for (name, polled), result in zip(names, run_all(runs)):
        assert result.status == "SUCCEEDED", (name, result.error, result.cause)
        # every job that ran was asked four times: three answers "still running", one "Success"
        # (a JP1 file watch's check is a command too, polled by its own states)
        sends = len([c for c in result.calls_to("ssm:sendCommand")
                     if c["state"].endswith(": send command")])
        asked = [c for c in result.calls_to("ssm:getCommandInvocation")
                 if c["state"].endswith(": get command status")]
        assert len(asked) == 4 * sends, name


def test_throttled_calls_are_retried_and_the_run_succeeds(estate: Estate) -> None:
    runs, names = [], []
    for machine in workflows(estate):
        if not_converted(machine):
            continue
        resources = answers()
        scripted = {}
        for action in ("ssm:sendCommand", "ssm:getCalendarState", "sfn:listExecutions"):
            service = {"ssm": "Ssm", "sfn": "Sfn"}[action.split(":")[0]]
            scripted[action] = [fail(f"{service}.ThrottlingException", "Rate exceeded"),
                                *resources[action]]
        polls = [s for s in job_code_states(machine.definition) if s.endswith(": get command status")]
        states = {s: [THROTTLED["Ssm"], ok({"Status": "Success", "ResponseCode": 0})] for s in polls}
        names.append(machine.name)
        runs.append(request(machine.definition, machine.starts[0],
                            {"resources": {**resources, **scripted}, "states": states}, machine.name))
    for name, result in zip(names, run_all(runs)):
        assert result.status == "SUCCEEDED", (name, result.error, result.cause)


def test_a_closed_calendar_day_runs_no_command_and_starts_no_successor(estate: Estate) -> None:
    runs, cases = [], []
    for machine in workflows(estate):
        for start in machine.starts:
            if "calendar" not in start:
                continue
            resources = {**answers(), "ssm:getCalendarState": [ok({"State": "CLOSED"})]}
            cases.append(machine)
            runs.append(request(machine.definition, start, {"resources": resources}, machine.name))
    if not runs:
        pytest.skip("no calendar-gated schedule in this estate")
    from moto.events.models import EventPattern

    for machine, result in zip(cases, run_all(runs)):
        assert result.status == "SUCCEEDED", machine.name
        assert sent_jobs(result, machine.definition) == []
        event = status_event(machine_arn(machine.name), "SUCCEEDED", result.output)
        for pattern in machine.rules:
            assert not EventPattern.load(json.dumps(pattern)).matches_event(event), machine.name


def test_the_guard_stops_a_second_run_before_any_command(estate: Estate) -> None:
    runs, cases = [], []
    for machine in workflows(estate):
        if not any(resource_of(s) == "sfn:listExecutions"
                   and s.get("Parameters", {}).get("StatusFilter") == "RUNNING"
                   for s in tasks(machine.definition["States"]).values()):
            continue  # not guarded (a listExecutions of SUCCEEDED runs is a JP1 wait)
        two = ok({"Executions": [{"ExecutionArn": "other"}, {"ExecutionArn": "this"}]})
        resources = {**answers(), "sfn:listExecutions": [two]}
        cases.append(machine)
        runs.append(request(machine.definition, machine.starts[0], {"resources": resources},
                            machine.name))
    if not runs:
        pytest.skip("no guarded machine in this estate")
    for machine, result in zip(cases, run_all(runs)):
        assert (result.status, result.error) == ("FAILED", "Jobmig.DuplicateRun"), machine.name
        assert sent_jobs(result, machine.definition) == []


def test_a_jp1_command_runs_with_the_variables_jp1_sets_for_every_job(estate: Estate) -> None:
    """JP1/AJS3 Command Reference 1.4.2: AJSENV=YES, AJSNETNAME (root jobnet), AJSJOBNAME."""
    runs, cases = [], []
    for machine in workflows(estate):
        if machine.jobs and machine.jobs[0]["source"].get("format") == "jp1" \
                and not not_converted(machine):
            cases.append(machine)
            runs.append(request(machine.definition, machine.starts[0], {"resources": answers()},
                                machine.name))
    if not runs:
        pytest.skip("no JP1 jobnet in this estate")
    for machine, result in zip(cases, run_all(runs)):
        jobs = {j["id"]: j for j in estate.plan["jobs"]}
        for call in result.calls_to("ssm:sendCommand"):
            state = tasks(machine.definition["States"])[call["state"]]
            job = jobs[state["Comment"].removeprefix("run ")]
            commands = call["input"]["Parameters"]["commands"]
            if any(c.startswith("# jobmig file watch") for c in commands):
                continue  # a file watch unit's check script (after its prev= line, if any)
            # a POSIX shell export, or $env: for a Windows job run through PowerShell
            assert {"export AJSENV=YES", "$env:AJSENV = 'YES'"} & set(commands), commands
            assert any("AJSJOBNAME" in c and "/" + job["name"] in c for c in commands)
            assert any("AJSNETNAME" in c and "/" in c for c in commands)


def test_a_jp1_macro_variable_makes_the_job_review_at_its_place(estate: Estate) -> None:
    for job in estate.plan["jobs"]:
        if "?AJS2" in (job.get("command") or "") and job["source"].get("format") == "jp1":
            codes = [f["code"] for f in job["findings"]]
            assert "JM561" in codes, job["name"]
            assert job["status"] in ("review", "manual"), job["name"]
            finding = next(f for f in job["findings"] if f["code"] == "JM561")
            macro = re.search(r"\?AJS2[A-Z.]*\?", finding["message"]).group(0)
            # the finding stands where the macro is written: read the source at line:col
            place = finding["source"]
            assert place["path"] == job["source"]["path"] and place["column"] is not None
            (path,) = [REPO / root / place["path"] for roots in SOURCES.values()
                       for root in set(roots) if (REPO / root / place["path"]).is_file()][:1]
            raw = path.read_bytes()
            text = raw.decode("utf-8") if raw.isascii() or _utf8(raw) else raw.decode("cp932")
            line = text.splitlines()[place["line"] - 1]
            assert line[place["column"] - 1:].startswith(macro), (line, place)
