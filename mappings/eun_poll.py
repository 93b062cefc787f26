"""A JP1 wait (``eun``) of a unit *inside* a jobnet, as a polling loop in its jobnet's machine.

A root jobnet that waits is started by a status-change rule or a join gate
(:mod:`jobmig.mappings.cross_waits`); a unit inside a jobnet cannot be started
alone, so its jobnet's state machine waits right before it (JM446):

1. ``aws-sdk:sfn:listExecutions`` on the machine that signals the waited unit
   (:func:`jobmig.mappings.cross_waits.signalling_unit`), ``StatusFilter``
   SUCCEEDED, ``MaxResults`` 1: the newest successful execution (the API lists
   the most recent first);
2. ``aws-sdk:sfn:describeExecution`` on it: its input's ``business_date``
   (its ``StartDate`` when the input has none), turned into a business day by
   the states of :mod:`jobmig.mappings.asl_dates` inside a ``Parallel`` branch;
3. equal to this run's ``$.business_day``: the waited unit has ended today.
   ``mm=and`` checks the waited machines in turn (an ended one stays ended),
   ``mm=or`` goes round them until one has;
4. else a ``Wait`` of :data:`INTERVAL_SECONDS` and again, at most
   :data:`MAX_POLLS` times (JP1 has no limit by default: a day is the
   documented choice), then a ``Fail`` ``Jobmig.WaitTimedOut``.

The scratch data lives under ``$.unit_wait``.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from jobmig.graph import JobGraph
from jobmig.model import Dependency
from jobmig.mappings.asl_dates import BUSINESS_DAY, business_day_states
from jobmig.mappings.asl_tasks import (
    SFN_LIST_EXECUTIONS, BuildContext, api_retry, camel, chain, execution_arn, state_machine_arn,
)
from jobmig.mappings.cross_waits import signalling_unit

SFN_DESCRIBE_EXECUTION = "arn:aws:states:::aws-sdk:sfn:describeExecution"
# A check passes through about 45-50 states (two SDK calls, the business-day branch);
# a Standard execution's history holds 25,000 events, so a day of checks must stay well
# under 500 of them: 288 checks 300 s apart.
INTERVAL_SECONDS = 300
MAX_POLLS = 288  # a day of checks 300 s apart
TIMEOUT_ERROR = "Jobmig.WaitTimedOut"
SCRATCH = "$.unit_wait"


def polls(graph: JobGraph, edge: Dependency) -> bool:
    """True for an ``eun`` wait of a unit inside a jobnet on a unit of another root jobnet:
    the waiting unit's jobnet machine polls (a root jobnet is started by a rule instead)."""
    if edge.parameters.get("via") != "eun" or edge.successor not in graph \
            or edge.predecessor not in graph:
        return False
    root = graph.root_of(edge.successor)
    return root != edge.successor and root != graph.root_of(edge.predecessor)


def waited_machines(graph: JobGraph, edges: list[Dependency],
                    machine_of: dict[str, str]) -> list[str]:
    """The machines whose SUCCEEDED executions stand for the ends of the waited units, in
    the order of the edges, each once."""
    found: list[str] = []
    for edge in edges:
        unit = signalling_unit(graph, edge.predecessor, machine_of)
        machine = machine_of.get(unit)
        if machine is not None and machine not in found:
            found.append(machine)
    return found


def wait_states(ctx: BuildContext, label: str, machines: list[str], any_of: bool, zone: str,
                horizon: tuple[date, date], next_state: str,
                states: dict[str, dict[str, Any]], bases: dict[str, int] | None = None) -> str:
    """The loop before unit ``label`` (added to ``states``); returns its first state.
    ``any_of``: mm=or (any machine will do), else all of them. ``bases``: when each waited
    machine's business day starts (JP1's base time of its job group, minutes; 0 if absent):
    its run's day is judged as its own jobnet judges it."""
    n = ctx.name
    if ctx.outline:
        name = n(f"{label}: wait for other jobnets")
        states[name] = chain({"Type": "Pass", "Comment": "eun polling"}, next_state)
        return name
    start = n(f"{label}: wait for other jobnets")
    timed_out = n(f"{label}: waited too long")
    states[timed_out] = {"Type": "Fail", "Error": TIMEOUT_ERROR,
                         "Cause": f"{label}: the waited units did not end (SUCCEEDED) for this "
                                  f"business day within {MAX_POLLS} checks "
                                  f"{INTERVAL_SECONDS} s apart"}
    checks = [n(f"{label}: list {machine}") for machine in machines]
    states[start] = chain({"Type": "Pass", "Result": {"polls": 0}, "ResultPath": SCRATCH},
                          checks[0])
    shared_tick = _tick(ctx, label, checks[0], timed_out, states) if any_of else None
    for index, machine in enumerate(machines):
        if any_of:
            not_yet = checks[index + 1] if index + 1 < len(machines) else shared_tick
            done = next_state
        else:
            not_yet = _tick(ctx, label, checks[index], timed_out, states)
            done = checks[index + 1] if index + 1 < len(machines) else next_state
        assert not_yet is not None
        _check(ctx, label, machine, checks[index], done, not_yet, zone, horizon, states,
               (bases or {}).get(machine, 0))
    return start


def _tick(ctx: BuildContext, label: str, again: str, timed_out: str,
          states: dict[str, dict[str, Any]]) -> str:
    """Give up after MAX_POLLS checks, else wait and count one more."""
    n = ctx.name
    enough, wait, count = (n(f"{label}: checked enough?"), n(f"{label}: wait for the next check"),
                          n(f"{label}: count"))
    states[enough] = {"Type": "Choice", "Choices": [
        {"Variable": f"{SCRATCH}.polls", "NumericGreaterThanEquals": MAX_POLLS,
         "Next": timed_out}], "Default": wait}
    states[wait] = chain({"Type": "Wait", "Seconds": INTERVAL_SECONDS}, count)
    states[count] = chain({"Type": "Pass", "Parameters": {
        "polls.$": f"States.MathAdd({SCRATCH}.polls, 1)"}, "ResultPath": SCRATCH}, again)
    return enough


def _check(ctx: BuildContext, label: str, machine: str, first: str, done: str, not_yet: str,
           zone: str, horizon: tuple[date, date], states: dict[str, dict[str, Any]],
           base_minutes: int = 0) -> None:
    """States from ``first`` (listExecutions) to ``done`` / ``not_yet``."""
    n = ctx.name
    placeholder = "StateMachine" + camel(machine)
    ctx.substitutions[placeholder] = state_machine_arn(machine)
    ctx.allow("states:ListExecutions", state_machine_arn(machine))
    ctx.allow("states:DescribeExecution", execution_arn(machine))
    any_run, describe = n(f"{label}: {machine} succeeded?"), n(f"{label}: describe {machine}")
    has_date, from_input, from_start = (n(f"{label}: {machine} run has business date?"),
                                        n(f"{label}: {machine} run's business date"),
                                        n(f"{label}: {machine} run's start time"))
    day, same = n(f"{label}: {machine} run's business day"), n(f"{label}: {machine} run today?")
    last = f"{SCRATCH}.last"
    states[first] = chain({
        "Type": "Task", "Resource": SFN_LIST_EXECUTIONS,
        "Comment": f"the newest SUCCEEDED execution of {machine}",
        "Parameters": {"StateMachineArn": "${" + placeholder + "}", "StatusFilter": "SUCCEEDED",
                       "MaxResults": 1},
        "ResultSelector": {"executions.$": "$.Executions"},
        "ResultPath": f"{SCRATCH}.found", "Retry": [api_retry("Sfn")]}, any_run)
    states[any_run] = {"Type": "Choice", "Choices": [
        {"Variable": f"{SCRATCH}.found.executions[0].ExecutionArn", "IsPresent": True,
         "Next": describe}], "Default": not_yet}
    states[describe] = chain({
        "Type": "Task", "Resource": SFN_DESCRIBE_EXECUTION,
        "Parameters": {"ExecutionArn.$": f"{SCRATCH}.found.executions[0].ExecutionArn"},
        "ResultSelector": {"input.$": "States.StringToJson($.Input)", "started.$": "$.StartDate"},
        "ResultPath": last, "Retry": [api_retry("Sfn")]}, has_date)
    # a rule on a missing path is an error: whether it is there first, then its type
    is_text = n(f"{label}: {machine} run's business date is text?")
    states[has_date] = {"Type": "Choice", "Choices": [
        {"Variable": f"{last}.input.business_date", "IsPresent": True, "Next": is_text}],
        "Default": from_start}
    states[is_text] = {"Type": "Choice", "Choices": [
        {"Variable": f"{last}.input.business_date", "IsString": True, "Next": from_input}],
        "Default": from_start}
    # the branch below reads {"business_date": ...} (its input: InputPath)
    states[from_input] = chain({"Type": "Pass", "Parameters": {
        "business_date.$": f"{last}.input.business_date"}, "ResultPath": f"{SCRATCH}.date"}, day)
    states[from_start] = chain({"Type": "Pass", "Parameters": {
        "business_date.$": f"{last}.started"}, "ResultPath": f"{SCRATCH}.date"}, day)
    branch: dict[str, dict[str, Any]] = {}
    end = n(f"{label}: {machine} day known")
    branch[end] = {"Type": "Succeed"}
    branch_start = business_day_states(ctx, zone, horizon, end, branch, base_minutes)
    states[day] = chain({
        "Type": "Parallel", "Comment": f"the business day of {machine}'s run",
        "InputPath": f"{SCRATCH}.date",
        "Branches": [{"StartAt": branch_start, "States": {k: branch[k] for k in sorted(branch)}}],
        "ResultSelector": {"day.$": f"$[0].{BUSINESS_DAY}"}, "ResultPath": f"{SCRATCH}.day",
        # a business_date that is not a date: that run does not count
        "Catch": [{"ErrorEquals": ["Jobmig.BadBusinessDate"], "ResultPath": None,
                   "Next": not_yet}]}, same)
    states[same] = {"Type": "Choice", "Choices": [
        {"Variable": f"{SCRATCH}.day.day", "StringEqualsPath": f"$.{BUSINESS_DAY}",
         "Next": done}], "Default": not_yet}
