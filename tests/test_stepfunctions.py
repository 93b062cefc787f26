"""Workflows → ASL: structure, control flow, names, and the two ASL validators.

Expected structures are worked out by hand from the DAGs (drawn in each
test's docstring) and from notes/aws-target.md §3 (SSM polling loop,
listExecutions guard, getCalendarState gate, startExecution.sync:2).
"""
from __future__ import annotations

import json
import re

import pytest

from jobmig.mappings.aws_schedule import AwsSchedule, ScheduleMapping
from jobmig.mappings.profile import ProfileError, parse_profile
from jobmig.mappings.series_parallel import Leaf, Par, Seq, decompose
from jobmig.mappings.stepfunctions import StateMachine, build_state_machines, machine_names
from jobmig.model import Condition, RetryPolicy, Status
from jobmig.options import MapOptions
from tests.aws_fixtures import assert_valid_asl, check_golden, dep, graph_of, job, jobnet

import networkx as nx


def machines_of(graph, mappings=None, **options) -> dict[str, StateMachine]:
    return {m.name: m for m in build_state_machines(graph, mappings or {}, MapOptions(**options))}


def all_states(definition: dict) -> dict[str, dict]:
    """Every state, Parallel branches included (names are unique machine-wide)."""
    found: dict[str, dict] = {}

    def walk(states: dict) -> None:
        for name, state in states.items():
            assert name not in found, f"state name {name!r} used twice"
            found[name] = state
            for branch in state.get("Branches", []):
                walk(branch["States"])

    walk(definition["States"])
    return found


def by_resource(definition: dict, suffix: str) -> list[dict]:
    return [s for s in all_states(definition).values() if s.get("Resource", "").endswith(suffix)]


# -- one job --------------------------------------------------------------------
def test_a_lone_crontab_job_becomes_one_machine_with_the_ssm_polling_loop():
    graph = graph_of([job("backup-db", host="db01")])
    (machine,) = build_state_machines(graph, {}, MapOptions(guard="off"))
    assert machine.name == "backup-db"
    assert machine.jobs == ("test:backup-db",)
    assert machine.to_json() == {"name": "backup-db", "path": "statemachines/backup-db.asl.json",
                                 "jobs": ["test:backup-db"]}
    states = all_states(machine.definition)
    send = states["backup-db: send command"]
    assert send["Resource"] == "arn:aws:states:::aws-sdk:ssm:sendCommand"
    assert send["Parameters"]["DocumentName"] == "AWS-RunShellScript"
    assert send["Parameters"]["InstanceIds"] == ["${InstanceIdDb01}"]
    assert send["Parameters"]["Parameters"]["commands"] == ["/opt/jobs/backup-db.sh"]
    assert send["Next"] == "backup-db: wait"
    assert states["backup-db: wait"] == {"Type": "Wait", "Seconds": 15,
                                         "Next": "backup-db: get command status"}
    get = states["backup-db: get command status"]
    assert get["Resource"] == "arn:aws:states:::aws-sdk:ssm:getCommandInvocation"
    assert get["Retry"][0]["ErrorEquals"] == ["Ssm.InvocationDoesNotExistException"]
    done = states["backup-db: command done?"]
    assert done["Choices"][0] == {"Variable": "$.inv.Status", "StringEquals": "Success",
                                  "Next": "backup-db: succeeded"}
    assert done["Choices"][1]["Next"] == "backup-db: wait"
    assert {c["StringEquals"] for c in done["Choices"][1]["Or"]} == {"Pending", "InProgress", "Delayed"}
    assert states[done["Default"]]["Type"] == "Fail"
    # the instance is a template parameter, never a literal id
    assert machine.substitutions == (("InstanceIdDb01", "${InstanceIdDb01}"),)
    assert [p.name for p in machine.parameters] == ["InstanceIdDb01"]
    assert not re.search(r"\b\d{12}\b", json.dumps(machine.definition))
    assert_valid_asl(machine.definition)


def test_the_single_job_definition_matches_its_golden_file():
    graph = graph_of([job("backup-db", host="db01", concurrent=False)])
    (machine,) = build_state_machines(graph, {}, MapOptions())
    check_golden("single-job.asl.json", machine.definition_json())


def test_the_ssm_job_needs_only_its_document_and_instance_and_polling():
    graph = graph_of([job("backup-db", host="db01")])
    (machine,) = build_state_machines(graph, {}, MapOptions(guard="off"))
    assert {(p.action, p.resource) for p in machine.permissions} == {
        ("ssm:SendCommand", "arn:${AWS::Partition}:ssm:${AWS::Region}::document/AWS-RunShellScript"),
        ("ssm:SendCommand",
         "arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:instance/${InstanceIdDb01}"),
        ("ssm:GetCommandInvocation", "*"),
    }


def test_crontab_stdin_user_and_environment_become_one_shell_script():
    graph = graph_of([job("mail", command="mail -s hi root", stdin="line 1\nline 2",
                          user="batch", environment={"LANG": "C", "HOME": "$HOME"})])
    (machine,) = build_state_machines(graph, {}, MapOptions(guard="off"))
    lines = all_states(machine.definition)["mail: send command"]["Parameters"]["Parameters"]["commands"]
    assert lines == ["export HOME='$HOME'", "export LANG=C",
                     "runuser -u batch -- /bin/sh -c 'mail -s hi root' <<'JOBMIG_STDIN'",
                     "line 1", "line 2", "JOBMIG_STDIN"]
    assert_valid_asl(machine.definition)


def test_every_machine_starts_by_settling_the_business_date():
    graph = graph_of([job("a")])
    (machine,) = build_state_machines(graph, {}, MapOptions(guard="off"))
    definition = machine.definition
    assert definition["StartAt"] == "Business date given?"
    choice = definition["States"]["Business date given?"]
    assert choice["Choices"][0] == {"Variable": "$.business_date", "IsPresent": True,
                                    "Next": "a: send command"}
    assert choice["Choices"][1]["Variable"] == "$.upstream_output"
    assert definition["States"]["Take upstream business date"]["ResultPath"] == "$.business_date"
    assert not any(name.startswith("Business day") for name in definition["States"])


def test_a_predecessor_of_an_and_join_also_settles_its_business_day():
    graph = graph_of([job("a"), job("b"), job("c")],
                     [dep("a", "c", scope="cross", parameters={"join": "and"}),
                      dep("b", "c", scope="cross", parameters={"join": "and"})])
    machines = machines_of(graph, guard="off", timezone="Asia/Tokyo")
    for name in ("a", "b"):
        states = machines[name].definition["States"]
        assert states["Business date given?"]["Choices"][0]["Next"] == "Business day: UTC timestamp?"
        assert states["Business day: take"] == {
            "Type": "Pass", "InputPath": "$.business_day_parts.text", "ResultPath": "$.business_day",
            "Next": f"{name}: send command"}
    assert not any(n.startswith("Business day") for n in machines["c"].definition["States"])


# -- names ------------------------------------------------------------------------
def test_machine_names_are_sanitised_and_made_unique_with_a_hash():
    graph = graph_of([job("nightly report", line=1),
                      job("x", line=2).__class__(id="test:other", name="nightly/report",
                                                 source=job("x").source, command="b")])
    names = machine_names(graph)
    assert set(names) == {"test:nightly report", "test:other"}
    for name in names.values():
        assert re.fullmatch(r"nightly-report-[0-9a-f]{8}", name)
    assert len(set(names.values())) == 2
    assert names == machine_names(graph)  # deterministic


def test_names_without_ascii_fall_back_to_kind_and_hash():
    from jobmig.model import Job, SourceRef

    graph = graph_of([Job(id="jp1:/経理/夜間締め", name="経理/夜間締め", source=SourceRef("t", 1),
                          kind="jobnet")])
    assert re.fullmatch(r"jobnet-[0-9a-f]{8}", machine_names(graph)["jp1:/経理/夜間締め"])


def test_jp1_style_path_names_of_nested_jobnets_are_not_repeated():
    from jobmig.model import Job, SourceRef

    ref = SourceRef("t", 1)
    graph = graph_of([Job(id="jp1:/g/net", name="g/net", source=ref, kind="jobnet"),
                      Job(id="jp1:/g/net/sub", name="g/net/sub", source=ref, kind="jobnet",
                          parent="jp1:/g/net")])
    assert machine_names(graph) == {"jp1:/g/net": "g-net", "jp1:/g/net/sub": "g-net-sub"}


def test_long_names_stay_within_80_characters_for_machines_and_states():
    long = "x" * 120
    graph = graph_of([job(long)])
    (machine,) = build_state_machines(graph, {}, MapOptions(guard="off"))
    assert len(machine.name) <= 80 and re.fullmatch(r"[0-9A-Za-z_-]+", machine.name)
    assert all(len(name) <= 80 for name in all_states(machine.definition))
    assert_valid_asl(machine.definition)


def test_members_with_the_same_name_get_distinct_state_names():
    from jobmig.model import Job, SourceRef

    jobs = [job("net", kind="jobnet"),
            Job(id="test:a1", name="load", source=SourceRef("t", 1), command="a", parent="test:net"),
            Job(id="test:a2", name="load", source=SourceRef("t", 2), command="b", parent="test:net")]
    (machine,) = build_state_machines(graph_of(jobs), {}, MapOptions(guard="off"))
    states = all_states(machine.definition)
    assert "load: send command" in states and "load #2: send command" in states
    assert_valid_asl(machine.definition)


# -- series-parallel ------------------------------------------------------------------
SP_CASES = {
    "chain": ([("a", "b"), ("b", "c")], Seq((Leaf("a"), Leaf("b"), Leaf("c"))), []),
    "fork-join": ([("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")],
                  Seq((Leaf("a"), Par((Leaf("b"), Leaf("c"))), Leaf("d"))), []),
    "two-islands": ([("a", "b"), ("c", "d")],
                    Par((Seq((Leaf("a"), Leaf("b"))), Seq((Leaf("c"), Leaf("d"))))), []),
    "nested": ([("a", "b"), ("b", "c"), ("a", "d"), ("c", "e"), ("d", "e")],
               Seq((Leaf("a"), Par((Seq((Leaf("b"), Leaf("c"))), Leaf("d"))), Leaf("e"))), []),
    # N shape: a→c, b→c, b→d. Levels {a,b} then {c,d}: d now also waits for a.
    "n-shape": ([("a", "c"), ("b", "c"), ("b", "d")],
                Seq((Par((Leaf("a"), Leaf("b"))), Par((Leaf("c"), Leaf("d"))))), [("a", "d")]),
}


@pytest.mark.parametrize("edges, block, waits", SP_CASES.values(), ids=SP_CASES.keys())
def test_series_parallel_decomposition(edges, block, waits):
    dag = nx.DiGraph(edges)
    result = decompose(dag)
    assert result.block == block
    assert result.added_waits == waits


def test_a_fork_join_jobnet_runs_the_middle_jobs_in_one_parallel_state():
    graph = jobnet("net", ["a", "b", "c", "d"], [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")])
    machine = machines_of(graph, guard="off")["net"]
    states = machine.definition["States"]
    parallel = states["Parallel: b, c"]
    assert [b["StartAt"] for b in parallel["Branches"]] == ["b: send command", "c: send command"]
    assert parallel["Next"] == "d: send command"
    assert parallel["ResultPath"] is None  # the input (business date) flows on
    assert states["a: command done?"]["Choices"][0]["Next"] == "Parallel: b, c"
    assert not machine.findings
    assert machine.jobs == ("test:net", "test:a", "test:b", "test:c", "test:d")
    assert_valid_asl(machine.definition)


def test_a_non_series_parallel_jobnet_is_ordered_by_levels_and_reports_the_added_wait():
    graph = jobnet("net", ["a", "b", "c", "d"], [("a", "c"), ("b", "c"), ("b", "d")])
    machine = machines_of(graph, guard="off")["net"]
    (finding,) = machine.findings
    assert finding.code == "JM510" and finding.severity.job_status is Status.REVIEW
    assert "d also waits for a" in finding.message
    states = machine.definition["States"]
    assert states["Parallel: a, b"]["Next"] == "Parallel: c, d"
    assert_valid_asl(machine.definition)


# -- nesting and blocking edges ------------------------------------------------------
def test_a_nested_jobnet_becomes_a_child_machine_started_synchronously():
    graph = graph_of([job("net", kind="jobnet"), job("a", parent="net"),
                      job("sub", kind="jobnet", parent="net"), job("x", parent="sub")],
                     [dep("a", "sub")])
    machines = machines_of(graph, guard="off")
    assert set(machines) == {"net", "net-sub"}
    child = machines["net-sub"]
    assert child.kind == "child" and child.jobs == ("test:sub", "test:x")
    start = all_states(machines["net"].definition)["sub"]
    assert start["Resource"] == "arn:aws:states:::states:startExecution.sync:2"
    assert start["Parameters"]["StateMachineArn"] == "${StateMachineNetSub}"
    assert start["Parameters"]["Input"]["business_date.$"] == "$.business_date"
    assert dict(machines["net"].substitutions)["StateMachineNetSub"] == (
        "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:net-sub")
    actions = {p.action for p in machines["net"].permissions}
    assert {"states:StartExecution", "states:DescribeExecution", "states:StopExecution",
            "events:PutRule"} <= actions
    for machine in machines.values():
        assert_valid_asl(machine.definition)


def test_a_blocking_trigger_starts_the_other_workflow_and_waits_for_it():
    graph = graph_of([job("build"), job("deploy")],
                     [dep("build", "deploy", scope="cross", wait=True)])
    machines = machines_of(graph, guard="off")
    states = all_states(machines["build"].definition)
    nested = states["Start deploy and wait"]
    assert nested["Resource"] == "arn:aws:states:::states:startExecution.sync:2"
    assert states["build: command done?"]["Choices"][0]["Next"] == "Start deploy and wait"
    assert nested["End"] is True
    assert_valid_asl(machines["build"].definition)


# -- retry, recovery, judgment ------------------------------------------------------
def test_a_legacy_retry_wraps_the_ssm_loop_and_retries_it():
    graph = graph_of([job("flaky", retry=RetryPolicy(max_attempts=3, interval_seconds=120))])
    (machine,) = build_state_machines(graph, {}, MapOptions(guard="off"))
    wrapper = machine.definition["States"]["flaky"]
    assert wrapper["Type"] == "Parallel"
    assert wrapper["Retry"] == [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 120,
                                 "MaxAttempts": 3, "BackoffRate": 1.0}]
    assert wrapper["Branches"][0]["StartAt"] == "flaky: send command"
    assert_valid_asl(machine.definition)


def test_a_recovery_unit_runs_from_a_catch_and_the_run_then_fails():
    graph = graph_of([job("net", kind="jobnet"), job("load", parent="net"),
                      job("report", parent="net"), job("cleanup", parent="net")],
                     [dep("load", "report"), dep("load", "cleanup", Condition.FAILURE)])
    machine = machines_of(graph, guard="off")["net"]
    states = all_states(machine.definition)
    catch = states["load"]["Catch"]
    assert catch == [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error",
                      "Next": "cleanup: send command"}]
    assert states["load"]["Next"] == "report: send command"
    assert states["cleanup: command done?"]["Choices"][0]["Next"] == "load: failed after recovery"
    assert states["load: failed after recovery"]["Type"] == "Fail"
    assert [f.code for f in machine.findings] == ["JM512"]
    assert_valid_asl(machine.definition)


def test_an_always_edge_catches_the_failure_and_goes_on():
    graph = graph_of([job("net", kind="jobnet"), job("a", parent="net"), job("b", parent="net")],
                     [dep("a", "b", Condition.ALWAYS)])
    machine = machines_of(graph, guard="off")["net"]
    states = machine.definition["States"]
    assert states["a"]["Catch"][0]["Next"] == "b: send command"
    assert [f.code for f in machine.findings] == ["JM520"]
    assert_valid_asl(machine.definition)


def judgment_graph(params, *, then_after=True):
    """pred → judge (jdj) → then (con) → last."""
    jobs = [job("net", kind="jobnet"), job("pred", parent="net"),
            job("judge", parent="net", unit_type="jdj", command=None, attributes={"params": params}),
            job("then", parent="net"), job("last", parent="net")]
    edges = [dep("pred", "judge"), dep("judge", "then", Condition.JUDGMENT)]
    if then_after:
        edges.append(dep("then", "last"))
    return graph_of(jobs, edges)


@pytest.mark.parametrize("params, rule", [
    ([["ej", "gt"], ["ejc", "10"]], {"Variable": "$.inv.ResponseCode", "NumericGreaterThan": 10}),
    ([["ej", "ne"], ["ejc", "0"]], {"Not": {"Variable": "$.inv.ResponseCode", "NumericEquals": 0}}),
    ([["ej", "ri"], ["ejl", "1"], ["ejh", "5"]],
     {"And": [{"Variable": "$.inv.ResponseCode", "NumericGreaterThanEquals": 1},
              {"Variable": "$.inv.ResponseCode", "NumericLessThanEquals": 5}]}),
], ids=["gt", "ne", "range-inside"])
def test_a_return_code_judgment_becomes_a_choice_that_can_skip_its_units(params, rule):
    machine = machines_of(judgment_graph(params), guard="off")["net"]
    states = machine.definition["States"]
    (choice_name,) = [n for n, s in states.items() if s.get("Comment") == "judgment job test:judge"]
    choice = states[choice_name]
    assert choice["Choices"] == [{**rule, "Next": "then: send command"}]
    assert choice["Default"] == "last: send command"  # skip the con unit, go on
    assert states["pred: command done?"]["Choices"][0]["Next"] == choice_name
    assert [f.code for f in machine.findings] == ["JM522"]
    assert_valid_asl(machine.definition)


def test_a_judgment_on_a_file_is_manual_and_a_run_fails_there_instead_of_running_its_units():
    machine = machines_of(judgment_graph([["ej", "ef"], ["ejf", "/tmp/x"]]), guard="off")["net"]
    states = machine.definition["States"]
    check = states["judge: not converted"]
    assert check["Default"] == "judge: not converted (fail)"
    assert states["judge: not converted (fail)"]["Error"] == "Jobmig.NotConverted"
    # the jobnet holding the placeholder says so too (JM525)
    assert [(f.code, f.job_id) for f in machine.findings] == [("JM511", "test:judge"),
                                                              ("JM525", "test:net")]
    assert_valid_asl(machine.definition)


def test_a_judgment_at_the_end_skips_to_a_succeed_state():
    machine = machines_of(judgment_graph([["ej", "eq"], ["ejc", "0"]], then_after=False),
                          guard="off")["net"]
    states = all_states(machine.definition)  # "last" runs beside the chain (Parallel)
    choice = [s for s in states.values() if s.get("Comment") == "judgment job test:judge"][0]
    assert states[choice["Default"]] == {"Type": "Succeed"}
    assert_valid_asl(machine.definition)


# -- calendar gate and guard --------------------------------------------------------------
def gated_mapping():
    return {"test:a": ScheduleMapping(Status.REVIEW, schedules=(
        AwsSchedule("a", "cron(0 9 ? * * *)", timezone="Asia/Tokyo", calendar="a-days"),))}


def test_a_calendar_gated_schedule_makes_the_machine_check_the_calendar_first():
    graph = graph_of([job("a")])
    (machine,) = build_state_machines(graph, gated_mapping(), MapOptions(guard="off"))
    states = machine.definition["States"]
    assert states["Business date given?"]["Choices"][0]["Next"] == "Calendar given?"
    check = states["Check change calendar"]
    assert check["Resource"] == "arn:aws:states:::aws-sdk:ssm:getCalendarState"
    assert check["Parameters"] == {"CalendarNames.$": "States.Array($.calendar)",
                                   "AtTime.$": "$.business_date"}
    assert states["Calendar open?"]["Choices"][0] == {
        "Variable": "$.calendar_state.State", "StringEquals": "CLOSED", "Next": "Skipped: closed day"}
    # a skipped run ends SUCCEEDED with a string output (no dependency rule matches it)
    assert states["Skipped: closed day"]["Type"] == "Pass"
    assert isinstance(states["Skipped: closed day"]["Result"], str)
    assert states["Skipped: closed day"]["End"] is True
    assert ("ssm:GetCalendarState",
            "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:document/a-days") in {
        (p.action, p.resource) for p in machine.permissions}
    assert_valid_asl(machine.definition)


@pytest.mark.parametrize("guard, concurrent, expected", [
    ("auto", False, True), ("auto", True, False), ("on", True, True), ("off", False, False),
], ids=["auto-non-concurrent", "auto-concurrent", "on", "off"])
def test_the_duplicate_run_guard_follows_the_option_and_the_job(guard, concurrent, expected):
    graph = graph_of([job("a", concurrent=concurrent)])
    (machine,) = build_state_machines(graph, {}, MapOptions(guard=guard))
    states = machine.definition["States"]
    assert ("Check running executions" in states) is expected
    if expected:
        check = states["Check running executions"]
        assert check["Resource"] == "arn:aws:states:::aws-sdk:sfn:listExecutions"
        # PascalCase parameters, as AWS requires (notes §3.2)
        assert check["Parameters"] == {"StateMachineArn.$": "$$.StateMachine.Id",
                                       "StatusFilter": "RUNNING", "MaxResults": 2}
        assert states["Already running?"]["Choices"][0]["NumericGreaterThan"] == 1
        assert states["Duplicate run"]["Type"] == "Fail"
        assert_valid_asl(machine.definition)


def test_an_unknown_guard_mode_is_refused():
    with pytest.raises(ValueError):
        build_state_machines(graph_of([job("a")]), {}, MapOptions(guard="maybe"))


# -- profile ---------------------------------------------------------------------
PROFILE = """
[default]
task = "ssm"
[ssm]
poll_seconds = 30
[ssm.hosts]
db01 = "DatabaseInstance"
[[rule]]
name = "etl-*"
task = "ecs"
container = "etl"
[[rule]]
host = "batch*"
task = "batch"
[[rule]]
user = "lambda"
task = "lambda"
"""


@pytest.mark.parametrize("name, kwargs, resource", [
    ("etl-load", {}, "arn:aws:states:::ecs:runTask.sync"),
    ("nightly", {"host": "batch01"}, "arn:aws:states:::batch:submitJob.sync"),
    ("tiny", {"user": "lambda"}, "arn:aws:states:::lambda:invoke"),
    ("backup", {"host": "db01"}, "arn:aws:states:::aws-sdk:ssm:sendCommand"),
], ids=["ecs-by-name", "batch-by-host", "lambda-by-user", "ssm-default"])
def test_profile_rules_pick_the_task_per_job(name, kwargs, resource):
    profile = parse_profile(PROFILE)
    graph = graph_of([job(name, **kwargs)])
    (machine,) = build_state_machines(graph, {}, MapOptions(guard="off"), profile)
    tasks = [s for s in all_states(machine.definition).values() if s.get("Comment", "").startswith("run ")]
    assert tasks[0]["Resource"] == resource
    assert_valid_asl(machine.definition)


def test_the_ecs_task_overrides_the_container_command():
    graph = graph_of([job("etl-load")])
    (machine,) = build_state_machines(graph, {}, MapOptions(guard="off"), parse_profile(PROFILE))
    states = all_states(machine.definition)
    task = states["etl-load: run task"]
    assert task["ResultSelector"]["ExitCodes.$"] == "$.Containers[?(@.Name == 'etl')].ExitCode"
    check = states["etl-load: exit code 0?"]
    assert check["Choices"][0]["And"][1] == {"Variable": "$.task.ExitCodes[0]", "NumericEquals": 0}
    assert states[check["Default"]]["Type"] == "Fail"
    override = task["Parameters"]["Overrides"]["ContainerOverrides"][0]
    assert override == {"Name": "etl", "Command": ["/bin/sh", "-c", "/opt/jobs/etl-load.sh"]}
    assert task["Parameters"]["Cluster"] == "${EcsClusterArn}"
    assert {p.name for p in machine.parameters} == {
        "EcsClusterArn", "EcsTaskDefinitionArn", "EcsSubnetIds", "EcsSecurityGroupIds"}


def test_the_profile_maps_hosts_to_named_parameters_and_poll_interval():
    graph = graph_of([job("backup", host="db01")])
    (machine,) = build_state_machines(graph, {}, MapOptions(guard="off"), parse_profile(PROFILE))
    states = all_states(machine.definition)
    assert states["backup: send command"]["Parameters"]["InstanceIds"] == ["${DatabaseInstance}"]
    assert states["backup: wait"]["Seconds"] == 30


@pytest.mark.parametrize("text", [
    "[default]\ntask = 'k8s'\n",
    "[ssm]\nbogus = 1\n",
    "[[rule]]\ntask = 'ecs'\n",
    "[ecs]\ncluster_parameter = 'not-valid!'\n",
    "[surprise]\n",
    "not toml ===",
], ids=["unknown-task", "unknown-setting", "rule-without-match", "bad-parameter-name",
        "unknown-table", "bad-toml"])
def test_a_bad_profile_is_refused_with_a_message(text):
    with pytest.raises(ProfileError):
        parse_profile(text)


def test_the_sample_profile_parses():
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "samples" / "profile.toml").read_text()
    profile = parse_profile(text)
    assert profile.default_task == "ssm"
    assert profile.rules


def test_output_is_deterministic():
    def build():
        graph = jobnet("net", ["a", "b", "c", "d"], [("a", "c"), ("b", "c"), ("b", "d")])
        return [m.definition_json() for m in build_state_machines(graph, {}, MapOptions())]

    assert build() == build()


def test_a_jobnet_with_no_units_still_makes_a_valid_machine():
    machine = machines_of(graph_of([job("net", kind="jobnet")]), guard="off")["net"]
    assert machine.definition["States"]["net: no units"]["Type"] == "Succeed"
    assert_valid_asl(machine.definition)


def test_a_cycle_in_a_jobnet_runs_units_in_id_order_and_is_reported():
    graph = jobnet("net", ["a", "b"], [("a", "b"), ("b", "a")])
    machine = machines_of(graph, guard="off")["net"]
    assert [f.code for f in machine.findings] == ["JM513"]
    assert machine.definition["States"]["a: command done?"]["Choices"][0]["Next"] == "b: send command"
    assert_valid_asl(machine.definition)


def test_an_ecs_job_with_a_retry_is_wrapped_so_a_bad_exit_code_is_retried():
    graph = graph_of([job("etl-load", retry=RetryPolicy(max_attempts=2))])
    (machine,) = build_state_machines(graph, {}, MapOptions(guard="off"), parse_profile(PROFILE))
    wrapper = machine.definition["States"]["etl-load"]
    assert wrapper["Type"] == "Parallel" and wrapper["Retry"][0]["MaxAttempts"] == 2
    inner = wrapper["Branches"][0]["States"]
    assert "Retry" not in inner["etl-load: run task"]
    assert_valid_asl(machine.definition)


def test_a_con_arrow_from_a_unit_that_is_not_a_judgment_is_not_carried_and_says_so():
    # JP1 corpus 04 has this: a -> b (seq) and b -> a (con), b a plain unit. JP1's con
    # arrows start at judgment jobs only; b must still run, and b -> a is not realised.
    from jobmig.mappings.event_patterns import build_rules

    graph = graph_of([job("net", kind="jobnet"), job("a", parent="net"), job("b", parent="net")],
                     [dep("a", "b"), dep("b", "a", Condition.JUDGMENT)])
    options = MapOptions(timezone="UTC", guard="off")
    (machine,) = build_state_machines(graph, {}, options)
    tasks = [s for s in machine.definition["States"].values() if s["Type"] == "Task"]
    assert sorted(t["Comment"] for t in tasks if "Comment" in t) == ["run test:a", "run test:b"]
    assert machine.unrealized == (("test:b", "test:a"),)
    assert any(f.code == "JM511" and f.job_id == "test:a" for f in machine.findings)
    realized = build_rules(graph, [machine], options).realized
    assert realized == {("test:a", "test:b"): "state_machine", ("test:b", "test:a"): "manual"}


@pytest.mark.parametrize("definitions", [True, False])
def test_a_windows_command_that_would_end_the_here_string_is_not_carried_over(definitions):
    """A cmd.exe command goes into a PowerShell here-string, which a line starting with
    '@ would close early: JM524 says the command was not carried over, JM526 is still
    given, and the task runs ``exit 1`` instead. An outline (audit) gives the same findings.
    """
    bad = job("pc-bad", unit_type="pj", command="echo start\n'@ oops\necho end")
    good = job("pc-good", unit_type="pj", command="echo it's fine '@ mid-line")
    machines = machines_of(graph_of([bad, good]), guard="off", definitions=definitions)
    codes = {name: sorted(f.code for f in m.findings) for name, m in machines.items()}
    assert codes == {"pc-bad": ["JM524", "JM526"], "pc-good": ["JM526"]}
    if definitions:
        (send,) = by_resource(machines["pc-bad"].definition, "ssm:sendCommand")
        assert send["Parameters"]["DocumentName"] == "AWS-RunPowerShellScript"
        assert send["Parameters"]["Parameters"]["commands"] == ["exit 1"]
        (send,) = by_resource(machines["pc-good"].definition, "ssm:sendCommand")
        assert "echo it's fine '@ mid-line" in send["Parameters"]["Parameters"]["commands"]
