"""AJSPRE_ST / AJSPRE_RC after several preceding units, AJSEXECID, and why the preceding end
is not passed elsewhere (issue 19, fault 3 leftovers).

Expected values come from the JP1/AJS3 Command Reference, 1.4.2 "Environment variables
set when a job is executed from JP1/AJS3" (table 1-7): after two or more preceding jobs
AJSPRE_ST is the most serious of their end statuses (n normal < w warning < a abnormal)
and AJSPRE_RC the logical (bitwise) OR of their return values; a return code above the
unit's ``wth`` and within its ``tho`` is a warning end (Command Reference, job definition
``wth``/``tho``). AJSHOST is "the name of the manager host which has requested the
execution of the job", so it has no counterpart in Step Functions. The codes and ORs
below are worked out by hand (3 | 5 = 0b011 | 0b101 = 0b111 = 7, and so on).

The machines run in aws-local-stepfunctions with a scripted AWS (tests/asl_run.py); the
script lines the joined job's SendCommand carries run in /bin/sh with the document
parameters as the SSM Agent gives them (``SSM_<parameter>``).
"""
from __future__ import annotations

import json
import re
import subprocess
from functools import reduce
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobmig.mappings import jp1_runtime
from jobmig.mappings.profile import parse_profile
from jobmig.mappings.stepfunctions import StateMachine, build_state_machines
from jobmig.model import Condition, Dependency, Job, SourceRef
from jobmig.options import MapOptions
from tests.asl_run import Run, ok, request, run_all
from tests.aws_fixtures import assert_valid_asl, cfn_lint, graph_of, substituted

SOURCE = SourceRef("nets.ajs", 1, format="jp1")
SCHEDULED = "2026-03-31T15:30:00Z"  # 00:30 on 2026-04-01 in Tokyo
EXDATE = "2026/04/01"
EXECUTION = "run-1"  # the execution name tests/asl_run.py gives every run
VALUES = {"InstanceId": "i-0123456789abcdef0", "EcsClusterArn": "c", "EcsTaskDefinitionArn": "t",
          "EcsSubnetIds": "s1", "EcsSecurityGroupIds": "g1", "BatchJobQueueArn": "q",
          "BatchJobDefinitionArn": "d", "Jp1ShellDocument": "net-Jp1ShellDocument-X1"}


def unit(name: str, command: str | None = "/opt/{}.sh", parent: str = "net",
         **kwargs: Any) -> Job:
    return Job(id=f"jp1:/{parent}/{name}", name=f"{parent}/{name}", source=SOURCE,
               parent=f"jp1:/{parent}", command=command.format(name) if command else None,
               **kwargs)


def thresholds(tho: int, wth: int) -> dict[str, Any]:
    return {"end_judgment": {"type": "cod", "abnormal_threshold": tho, "warning_threshold": wth}}


def edge(before: str, after: str, condition: Condition = Condition.SUCCESS) -> Dependency:
    return Dependency(f"jp1:/net/{before}", f"jp1:/net/{after}", condition, scope="workflow")


NET = Job(id="jp1:/net", name="net", source=SOURCE, kind="jobnet")
#: a (tho=4, wth=1) and b (tho=8, wth=2) both precede c, which reads the variables
JOIN = [NET, unit("a", attributes=thresholds(4, 1)), unit("b", attributes=thresholds(8, 2)),
        unit("c", "/opt/c.sh $AJSPRE_ST $AJSPRE_RC $AJSEXECID")]
JOIN_EDGES = [edge("a", "c"), edge("b", "c")]


def build(jobs: list[Job], edges: list[Dependency], profile: str = "") -> list[StateMachine]:
    return build_state_machines(graph_of(jobs, edges), {},
                                MapOptions(timezone="Asia/Tokyo", guard="off"),
                                parse_profile(profile) if profile else None)


def findings(machines: list[StateMachine], job_id: str, code: str) -> list[str]:
    return [f.message for m in machines for f in m.findings if f.job_id == job_id
            and f.code == code]


@pytest.fixture(scope="module")
def joined() -> dict[str, Any]:
    (machine,) = build(JOIN, JOIN_EDGES)
    return {"machine": machine, "definition": substituted(machine, VALUES)}


def ssm_codes(codes: dict[str, int]) -> dict[str, Any]:
    """Scripted AWS: each named job's command ends with its code, the others with 0."""
    states = {f"net/{name}: get command status": [ok({
        "Status": "Success" if code == 0 else "Failed", "ResponseCode": code})]
        for name, code in codes.items()}
    return {"resources": {
        "ssm:sendCommand": [ok({"Command": {"CommandId": "cmd-1"}})],
        "ssm:getCommandInvocation": [ok({"Status": "Success", "ResponseCode": 0})]},
        "states": states}


def sent_to(result: Run, name: str) -> dict[str, Any]:
    (call,) = [c for c in result.calls_to("ssm:sendCommand")
               if c["state"] == f"net/{name}: send command"]
    return call["input"]


def run_script(parameters: dict[str, Any]) -> tuple[int, str, str]:
    """The SendCommand's commands, up to the job's own command, run in /bin/sh with the
    document parameters as the agent hands them over; prints AJSPRE_ST|AJSPRE_RC|AJSEXECID."""
    commands = parameters["commands"]
    script = "\n".join(commands[:-1] + [
        'printf "%s|%s|%s" "$AJSPRE_ST" "$AJSPRE_RC" "${AJSEXECID:-}"'])
    env = {"PATH": "/usr/bin:/bin"}
    env.update({f"SSM_{name}": value[0] for name, value in parameters.items()
                if name not in ("commands", "executionTimeout", "workingDirectory")})
    done = subprocess.run(["/bin/sh", "-c", script], env=env, capture_output=True, text=True,
                          timeout=30)
    return done.returncode, done.stdout, done.stderr


# (a's code, b's code) → (AJSPRE_ST, AJSPRE_RC) worked out by hand
CASES = {(3, 5): ("w", "7"),    # a: 3 > wth 1, a warning end; 3 | 5 = 7
         (1, 2): ("n", "3"),    # both within their wth: normal ends; 1 | 2 = 3
         (0, 0): ("n", "0"),
         (4, 8): ("w", "12"),   # 4 | 8 = 12; both above their wth
         (1, 6): ("w", "7")}    # b: 6 > wth 2; 1 | 6 = 7


def test_after_two_ssm_jobs_the_joined_job_gets_the_or_and_the_worst_end(joined):
    scenarios = list(CASES)
    results = run_all([request(joined["definition"], {"business_date": SCHEDULED},
                               ssm_codes({"a": a, "b": b}), "net") for a, b in scenarios])
    for (a, b), result in zip(scenarios, results):
        assert result.status == "SUCCEEDED", (a, b, result.error, result.cause)
        sent = sent_to(result, "c")
        assert sent["DocumentName"] == VALUES["Jp1ShellDocument"]
        parameters = sent["Parameters"]
        assert parameters["preReturnCodes"] == [f"{a} {b}"]  # branch order: a, then b
        assert parameters["businessDate"] == [EXDATE]
        assert "preStatus" not in parameters and "preReturnCode" not in parameters
        code, out, err = run_script(parameters)
        assert code == 0, err
        assert out == "|".join(CASES[(a, b)] + (EXECUTION,)), (a, b)


def test_a_predecessor_above_its_tho_stops_the_run_before_the_joined_job(joined):
    (result,) = run_all([request(joined["definition"], {"business_date": SCHEDULED},
                                 ssm_codes({"a": 5, "b": 0}), "net")])
    assert result.status == "FAILED"
    assert [c["state"] for c in result.calls_to("ssm:sendCommand")
            if c["state"].startswith("net/c")] == []


def test_the_joined_job_gets_the_execution_name_as_ajsexecid(joined):
    (result,) = run_all([request(joined["definition"], {"business_date": SCHEDULED},
                                 ssm_codes({}), "net")])
    assert sent_to(result, "c")["Parameters"]["executionId"] == [EXECUTION]
    (info,) = findings([joined["machine"]], "jp1:/net/c", "JM564")
    assert "bitwise OR" in info and "net/a, net/b" in info and "AJSEXECID" in info
    assert findings([joined["machine"]], "jp1:/net/c", "JM561") == []


def test_the_joined_machine_passes_both_asl_validators(joined):
    assert_valid_asl(joined["machine"].definition)


def test_an_ecs_task_and_a_batch_job_before_a_shell_job_give_their_codes():
    """a runs on ECS (exit code 6, wth=2, tho=8: a warning end), b on AWS Batch (it went on,
    so it exited with 0): AJSPRE_ST=w, AJSPRE_RC = 6 | 0 = 6."""
    profile = ('[default]\ntask = "ssm"\n[[rule]]\nname = "net/a"\ntask = "ecs"\n'
               'container = "main"\n[[rule]]\nname = "net/b"\ntask = "batch"\n')
    jobs = [NET, unit("a", attributes=thresholds(8, 2)), unit("b"),
            unit("c", "/opt/c.sh $AJSPRE_RC")]
    (machine,) = build(jobs, JOIN_EDGES, profile)
    assert_valid_asl(machine.definition)
    (result,) = run_all([request(substituted(machine, VALUES), {"business_date": SCHEDULED}, {
        "resources": {
            "ssm:sendCommand": [ok({"Command": {"CommandId": "cmd-1"}})],
            "ssm:getCommandInvocation": [ok({"Status": "Success", "ResponseCode": 0})],
            "ecs:runTask.sync": [ok({"TaskArn": "t-1", "StopCode": "EssentialContainerExited",
                                     "Containers": [{"Name": "main", "ExitCode": 6}]})],
            "batch:submitJob.sync": [ok({"JobId": "j-1", "Status": "SUCCEEDED"})]}}, "net")])
    assert result.status == "SUCCEEDED", (result.error, result.cause)
    parameters = sent_to(result, "c")["Parameters"]
    assert parameters["preReturnCodes"] == ["6 0"]
    code, out, err = run_script(parameters)
    assert (code, out) == (0, "w|6|"), err


def test_a_predecessor_with_recovery_keeps_the_joined_job_in_review():
    jobs = JOIN + [unit("r", "/opt/r.sh", kind="recovery")]
    machines = build(jobs, JOIN_EDGES + [edge("a", "r", Condition.FAILURE)])
    (message,) = findings(machines, "jp1:/net/c", "JM561")
    assert "net/a runs with retry or recovery" in message
    assert "$AJSPRE_ST" in message and "$AJSEXECID" not in message


def test_an_ecs_task_after_two_ssm_jobs_computes_them_in_its_shell():
    """c runs on ECS (/bin/sh -c): its container gets the codes in JOBMIG_PRE_RETURN_CODES
    and its script's first lines compute AJSPRE_ST and AJSPRE_RC (a: 3 > wth 1, a warning
    end; 3 | 5 = 7)."""
    profile = ('[default]\ntask = "ssm"\n[[rule]]\nname = "net/c"\ntask = "ecs"\n'
               'container = "main"\n')
    (machine,) = build(JOIN, JOIN_EDGES, profile)
    assert_valid_asl(machine.definition)
    scenario = ssm_codes({"a": 3, "b": 5})
    scenario["resources"]["ecs:runTask.sync"] = [ok({
        "TaskArn": "t-1", "StopCode": "EssentialContainerExited",
        "Containers": [{"Name": "main", "ExitCode": 0}]})]
    (result,) = run_all([request(substituted(machine, VALUES), {"business_date": SCHEDULED},
                                 scenario, "net")])
    assert result.status == "SUCCEEDED", (result.error, result.cause)
    (call,) = result.calls_to("ecs:runTask.sync")
    (override,) = call["input"]["Overrides"]["ContainerOverrides"]
    environment = {e["Name"]: e["Value"] for e in override["Environment"]}
    assert environment["JOBMIG_PRE_RETURN_CODES"] == "3 5"
    assert "AJSPRE_ST" not in environment and environment["AJSEXECID"] == EXECUTION
    shell, flag, script = override["Command"]
    assert (shell, flag) == ("/bin/sh", "-c") and script.endswith("/opt/c.sh $AJSPRE_ST "
                                                                  "$AJSPRE_RC $AJSEXECID")
    probe = script.removesuffix("/opt/c.sh $AJSPRE_ST $AJSPRE_RC $AJSEXECID") \
        + 'printf "%s|%s|%s" "$AJSPRE_ST" "$AJSPRE_RC" "$AJSEXECID"'
    done = subprocess.run([shell, flag, probe], env={"PATH": "/usr/bin:/bin", **environment},
                          capture_output=True, text=True, timeout=30)
    assert (done.returncode, done.stdout) == (0, f"w|7|{EXECUTION}"), done.stderr
    assert findings([machine], "jp1:/net/c", "JM561") == []


def test_a_lambda_function_after_two_predecessors_is_told_to_compute_them_itself():
    (message,) = findings(build(JOIN, JOIN_EDGES, '[default]\ntask = "lambda"\n'),
                          "jp1:/net/c", "JM561")
    assert "bitwise OR" in message and "Lambda function would have to compute them" in message


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(-2**31, 2**31 - 1),
                          st.one_of(st.none(), st.integers(0, 255))), min_size=2, max_size=6))
def test_the_script_ors_any_codes_and_finds_any_warning_end(parts):
    """Against Python's own bitwise OR: the codes of 2 to 6 preceding units (JP1's signed
    32-bit range), each with or without a wth."""
    preceding = jp1_runtime.Preceding("join", parts=tuple(
        jp1_runtime.Preceding("ssm", wth) for _, wth in parts))
    script = "\n".join(jp1_runtime.join_lines(preceding)
                       + ['printf "%s|%s" "$AJSPRE_ST" "$AJSPRE_RC"'])
    codes = " ".join(str(code) for code, _ in parts)
    assert re.fullmatch(jp1_runtime.PATTERNS[jp1_runtime.JOIN_PARAMETER], codes)
    done = subprocess.run(["/bin/sh", "-c", script], env={"PATH": "/usr/bin:/bin",
                          "SSM_preReturnCodes": codes}, capture_output=True, text=True, timeout=30)
    worst = "w" if any(wth is not None and code > wth for code, wth in parts) else "n"
    assert done.stdout == f"{worst}|{reduce(lambda x, y: x | y, (c for c, _ in parts))}", \
        done.stderr


def test_the_execution_id_pattern_takes_execution_names_and_nothing_shell_like():
    pattern = re.compile(jp1_runtime.PATTERNS["executionId"])
    for name in (EXECUTION, "3f2c7d4e-0b1a-4c9e-9f00-1d2e3f4a5b6c", "日次-2026.04.01_x", ""):
        assert pattern.search(name), name
    for bad in ("a;b", "$(id)", "a b", "`id`", "x" * 81, "a/b", "a\nb", "a&b"):
        assert not pattern.search(bad), bad
    codes = re.compile(jp1_runtime.PATTERNS[jp1_runtime.JOIN_PARAMETER])
    assert codes.search("3 5") and codes.search("-1 255 0") and codes.search("")
    for bad in ("3  5", "3;5", "3 $(id)", " 3", "3 "):
        assert not codes.search(bad), bad


# -- why the preceding end is not passed elsewhere (precise JM561) ------------------------
def test_after_a_judgment_or_an_or_job_the_reason_names_the_unit():
    jobs = [NET, unit("a"), unit("j", None, unit_type="jdj"), unit("o", None, unit_type="orj"),
            unit("x", "/opt/x.sh $AJSPRE_RC"), unit("y", "/opt/y.sh $AJSPRE_RC")]
    edges = [edge("a", "j"), edge("j", "x", Condition.JUDGMENT), edge("x", "o"), edge("o", "y")]
    machines = build(jobs, edges)
    (after_judgment,) = findings(machines, "jp1:/net/x", "JM561")
    assert "net/j is a judgment job" in after_judgment
    (after_or,) = findings(machines, "jp1:/net/y", "JM561")
    assert "net/o is an OR job" in after_or


def test_after_a_nested_jobnet_and_for_its_first_unit_the_reasons_say_so():
    inner = Job(id="jp1:/net/sub", name="net/sub", source=SOURCE, kind="jobnet",
                parent="jp1:/net")
    jobs = [NET, inner, unit("first", "/opt/f.sh $AJSPRE_ST", parent="net/sub"),
            unit("after", "/opt/after.sh $AJSPRE_ST")]
    machines = build(jobs, [edge("sub", "after")])
    (after,) = findings(machines, "jp1:/net/after", "JM561")
    assert "net/sub is a nested jobnet" in after
    (first,) = findings(machines, "jp1:/net/sub/first", "JM561")
    assert "the first unit of the nested jobnet net/sub" in first


def test_ajshost_is_explained_as_the_manager_host_not_set():
    jobs = [NET, unit("a", "/opt/a.sh $AJSHOST $AJSEXDATE")]
    machines = build(jobs, [])
    (message,) = findings(machines, "jp1:/net/a", "JM561")
    assert "$AJSHOST" in message and "manager host" in message
    assert "$AJSEXDATE" not in message


# -- the same from a JP1 export, through the CloudFormation template ----------------------
#: A JP1 export (written here rather than under tests/fixtures, whose files seed the fuzzing
#: harness): 東日本 (tho=4, wth=1) and 西日本 (tho=8, wth=2) both precede 統合, which reads
#: AJSPRE_ST, AJSPRE_RC and AJSEXECID; 00:30 every day, zone Asia/Tokyo.
JOIN_EXPORT = """unit=集計,,jp1admin,;
{
	ty=g;
	unit=日次統合,,jp1admin,;
	{
		ty=n;
		el=東日本,j,+80 +48;
		el=西日本,j,+80 +144;
		el=統合,j,+240 +96;
		ar=(f=東日本,t=統合,seq);
		ar=(f=西日本,t=統合,seq);
		sd=1,2026/01/05;
		st=1,00:30;
		cy=1,(1,d);
		unit=東日本,,jp1admin,;
		{
			ty=j;
			te="/opt/sum/bin/east.sh";
			tho=4;
			wth=1;
		}
		unit=西日本,,jp1admin,;
		{
			ty=j;
			te="/opt/sum/bin/west.sh";
			tho=8;
			wth=2;
		}
		unit=統合,,jp1admin,;
		{
			ty=j;
			te="/opt/sum/bin/merge.sh --status $AJSPRE_ST --code $AJSPRE_RC --run $AJSEXECID";
		}
	}
}
"""
SUMS = "集計/日次統合"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from tests.test_jp1_runtime import converted_export

    return converted_export(tmp_path_factory.mktemp("join"), "runtime_join.ajs", JOIN_EXPORT)


def test_a_converted_jp1_join_passes_the_or_and_the_worst_end_to_the_command(exported):
    from tests.test_jp1_runtime import NAMES

    cases = {(0, 3): ("w", "3"),   # 西日本: 3 > wth 2; 0 | 3 = 3
             (1, 2): ("n", "3"),   # within both wth; 1 | 2 = 3
             (4, 1): ("w", "5")}   # 東日本: 4 > wth 1; 4 | 1 = 5
    scenarios = [{"resources": {
        "ssm:sendCommand": [ok({"Command": {"CommandId": "cmd-1"}})],
        "ssm:getCommandInvocation": [ok({"Status": "Success", "ResponseCode": 0})],
        "sfn:listExecutions": [ok({"Executions": [{"ExecutionArn": "this"}]})]},
        "states": {f"{SUMS}/{name}: get command status": [ok({
            "Status": "Success" if code == 0 else "Failed", "ResponseCode": code})]
            for name, code in (("東日本", east), ("西日本", west))}}
        for east, west in cases]
    results = run_all([request(exported["definition"], exported["start"], scenario, "sums")
                       for scenario in scenarios])
    for (east, west), result in zip(cases, results):
        assert result.status == "SUCCEEDED", (east, west, result.error, result.cause)
        (call,) = [c for c in result.calls_to("ssm:sendCommand")
                   if c["state"] == f"{SUMS}/統合: send command"]
        assert call["input"]["DocumentName"] == NAMES["Jp1ShellDocument"]
        parameters = call["input"]["Parameters"]
        assert parameters["preReturnCodes"] == [f"{east} {west}"]
        assert parameters["businessDate"] == [EXDATE]
        code, out, err = run_script(parameters)
        assert (code, out) == (0, "|".join(cases[(east, west)] + (EXECUTION,))), err
    jobs = {j["name"]: j for j in exported["plan"]["jobs"]}
    assert jobs[f"{SUMS}/統合"]["status"] == "auto"
    assert "JM561" not in [f["code"] for f in jobs[f"{SUMS}/統合"]["findings"]]


def test_the_join_template_passes_cfn_lint_and_the_document_takes_the_codes(exported):
    code, out = cfn_lint(exported["text"])
    assert code & 2 == 0, out
    (document,) = [r["Properties"]["Content"] for r in exported["template"]["Resources"].values()
                   if r["Type"] == "AWS::SSM::Document"]
    codes = document["parameters"]["preReturnCodes"]
    assert codes["interpolationType"] == "ENV_VAR"
    assert re.search(codes["allowedPattern"], "0 3") and not re.search(codes["allowedPattern"],
                                                                        "0;3")
    execution = document["parameters"]["executionId"]
    assert execution["interpolationType"] == "ENV_VAR"
    paths = list((exported["out"] / "statemachines").glob("*.asl.json"))
    assert paths
    for path in paths:
        assert_valid_asl(json.loads(path.read_text("utf-8")))
