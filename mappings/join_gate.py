"""Join gates: an AND-join across workflows as a small state machine.

An event rule sees one event at a time, so "start C when A *and* B have
succeeded" cannot be one pattern (notes/aws-target.md §2.4). Instead every
predecessor's SUCCEEDED event starts the gate, which:

1. takes the business date and day from the triggering execution's output;
2. for each predecessor, lists its SUCCEEDED executions
   (``aws-sdk:sfn:listExecutions``, the latest 100) and looks for one whose
   output carries the same business *day* (``describeExecution`` in a Map):
   the date in the jobs' zone that every predecessor's workflow sets at its
   start (:mod:`jobmig.mappings.asl_dates`), so predecessors scheduled at
   different times of one day match;
3. if one is missing, ends ("Waiting for other predecessors": the missing
   predecessor's own event will start the gate again);
4. else starts the successor (``states:startExecution``) under the
   deterministic execution name ``join-<md5(business day)>``. Execution
   names are unique per state machine for 90 days, so when two gates race,
   the second start fails with ``ExecutionAlreadyExists`` and the gate ends
   quietly: the successor runs once per business date.

Only success conditions are joined; other conditions return ``None`` (the
caller reports them as manual).
"""
from __future__ import annotations

from typing import Any

from jobmig.graph import JobGraph
from jobmig.model import Condition, Dependency, Finding
from jobmig.mappings.asl_tasks import (
    SFN_LIST_EXECUTIONS, BuildContext, api_retry, camel, chain, execution_arn, state_machine_arn,
)
from jobmig.mappings.asl_dates import BUSINESS_DAY
from jobmig.mappings.stepfunctions import BUSINESS_DATE, StateMachine, machine_name
from jobmig.messages import msg

SFN_DESCRIBE_EXECUTION = "arn:aws:states:::aws-sdk:sfn:describeExecution"
SFN_START = "arn:aws:states:::states:startExecution"
JOINABLE = (Condition.SUCCESS, Condition.UNSTABLE)
GATE_TIMEOUT = 3600  # seconds; a gate makes a few API calls
LIST_LIMIT = 100  # ListExecutions page size: the newest runs are looked at
ALREADY_EXISTS = ["StepFunctions.ExecutionAlreadyExistsException",
                  "Sfn.ExecutionAlreadyExistsException"]


def gate_name(target: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """``<target>-join``; hash-suffixed when too long or when a machine has that name."""
    plain = machine_name(f"{target}-join", f"join:{target}")
    if plain in taken or len(target) > 74:
        return machine_name(f"{target}-join", f"join:{target}", force_hash=True)
    return plain


def build_join_gate(graph: JobGraph, target: str, successor: str,
                    sources: list[tuple[str, Dependency]],
                    taken: set[str] | frozenset[str] = frozenset()) -> StateMachine | None:
    """The gate machine that starts ``target`` once all ``sources`` succeeded for one date.

    ``taken``: names of the other state machines (the gate's name avoids them).
    """
    if any(edge.condition not in JOINABLE for _, edge in sources):
        return None
    name = gate_name(target, taken)
    ctx = BuildContext(name)
    predecessors = sorted({machine for machine, _ in sources})
    states: dict[str, dict[str, Any]] = {}
    start_name = ctx.name(f"Start {target}")
    already = ctx.name("Already started")
    waiting = ctx.name("Waiting for other predecessors")
    target_placeholder = "StateMachine" + camel(target)
    ctx.substitutions[target_placeholder] = state_machine_arn(target)
    states[start_name] = chain({
        "Type": "Task", "Resource": SFN_START,
        "Parameters": {
            "StateMachineArn": "${" + target_placeholder + "}",
            "Name.$": f"States.Format('join-{{}}', States.Hash($.{BUSINESS_DAY}, 'MD5'))",
            "Input": {"business_date.$": f"$.{BUSINESS_DATE}",
                      "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id"},
        },
        "ResultPath": "$.started",
        "Retry": [api_retry("StepFunctions", "Sfn")],
        "Catch": [{"ErrorEquals": ALREADY_EXISTS, "ResultPath": "$.error", "Next": already}],
    }, None)
    states[already] = {"Type": "Succeed", "Comment": "another gate execution started it"}
    states[waiting] = {"Type": "Succeed", "Comment": "a predecessor has not succeeded for this date"}
    ctx.allow("states:StartExecution", state_machine_arn(target))

    after = start_name
    for predecessor in reversed(predecessors):
        after = _check(ctx, predecessor, after, waiting, states)
    first = _business_date(ctx, after, states)
    successor_job = graph.job(successor)
    names = ", ".join(predecessors)
    finding = Finding("JM516", msg("{name} waits for all of {names}: join gate {name2}",
                                   name=successor_job.name, names=names, name2=name),
                      successor_job.source, successor)
    return StateMachine(
        name=name,
        definition={"Comment": f"jobmig: join gate for {target} (after all of {names})",
                    "StartAt": first, "States": {k: states[k] for k in sorted(states)},
                    "TimeoutSeconds": GATE_TIMEOUT},
        jobs=(), root=successor, kind="join_gate",
        substitutions=tuple(sorted(ctx.substitutions.items())),
        parameters=(), permissions=tuple(sorted(ctx.permissions)), findings=(finding,))


def _business_date(ctx: BuildContext, next_state: str, states: dict[str, dict[str, Any]]) -> str:
    """``$.business_date`` and ``$.business_day`` as given, else from the trigger's output."""
    given, read, has, take_day, take_date, missing = (
        ctx.name("Business date given?"), ctx.name("Read trigger output"),
        ctx.name("Trigger has a business day?"), ctx.name("Take business day"),
        ctx.name("Take business date"), ctx.name("No business date"))
    upstream = "$.upstream.value"
    states.update({
        given: {"Type": "Choice", "Choices": [
            {"And": [{"Variable": f"$.{BUSINESS_DAY}", "IsPresent": True},
                     {"Variable": f"$.{BUSINESS_DATE}", "IsPresent": True}], "Next": next_state},
            {"Variable": "$.upstream_output", "IsString": True, "Next": read}], "Default": missing},
        read: chain({"Type": "Pass", "Parameters": {"value.$": "States.StringToJson($.upstream_output)"},
                     "ResultPath": "$.upstream"}, has),
        has: {"Type": "Choice", "Choices": [{"And": [
            {"Variable": f"{upstream}.{BUSINESS_DAY}", "IsPresent": True},
            {"Variable": f"{upstream}.{BUSINESS_DATE}", "IsPresent": True}], "Next": take_day}],
            "Default": missing},
        take_day: chain({"Type": "Pass", "InputPath": f"{upstream}.{BUSINESS_DAY}",
                         "ResultPath": f"$.{BUSINESS_DAY}"}, take_date),
        take_date: chain({"Type": "Pass", "InputPath": f"{upstream}.{BUSINESS_DATE}",
                          "ResultPath": f"$.{BUSINESS_DATE}"}, next_state),
        missing: {"Type": "Fail", "Error": "Jobmig.NoBusinessDate",
                  "Cause": "the trigger's output carries no business_date and business_day"},
    })
    return given


def _check(ctx: BuildContext, predecessor: str, next_state: str, waiting: str,
           states: dict[str, dict[str, Any]]) -> str:
    """States that look for a SUCCEEDED run of ``predecessor`` with this business date."""
    label = predecessor[:50]
    listing, scan, decide, verdict = (ctx.name(f"List {label} runs"), ctx.name(f"Scan {label} runs"),
                                      ctx.name(f"{label}: any match?"), ctx.name(f"{label} done?"))
    describe, same, match, no_match = (ctx.name(f"{label}: describe run"),
                                       ctx.name(f"{label}: same business date?"),
                                       ctx.name(f"{label}: match"), ctx.name(f"{label}: no match"))
    placeholder = "StateMachine" + camel(predecessor)
    ctx.substitutions[placeholder] = state_machine_arn(predecessor)
    states.update({
        listing: chain({
            "Type": "Task", "Resource": SFN_LIST_EXECUTIONS,
            "Parameters": {"StateMachineArn": "${" + placeholder + "}", "StatusFilter": "SUCCEEDED",
                           "MaxResults": LIST_LIMIT},
            "ResultSelector": {"executions.$": "$.Executions"}, "ResultPath": "$.runs",
            "Retry": [api_retry("Sfn")],
        }, scan),
        scan: chain({
            "Type": "Map", "ItemsPath": "$.runs.executions", "MaxConcurrency": 10,
            "Parameters": {"arn.$": "$$.Map.Item.Value.ExecutionArn", "want.$": f"$.{BUSINESS_DAY}"},
            "Iterator": {"StartAt": describe, "States": {
                describe: chain({
                    "Type": "Task", "Resource": SFN_DESCRIBE_EXECUTION,
                    "Parameters": {"ExecutionArn.$": "$.arn"},
                    "ResultSelector": {"output.$": "States.StringToJson($.Output)"},
                    "ResultPath": "$.run", "Retry": [api_retry("Sfn")]}, same),
                same: {"Type": "Choice", "Choices": [{"And": [
                    {"Variable": f"$.run.output.{BUSINESS_DAY}", "IsPresent": True},
                    {"Variable": f"$.run.output.{BUSINESS_DAY}", "StringEqualsPath": "$.want"}],
                    "Next": match}], "Default": no_match},
                match: {"Type": "Pass", "Result": True, "End": True},
                no_match: {"Type": "Pass", "Result": False, "End": True},
            }},
            "ResultPath": "$.matches",
        }, decide),
        decide: chain({"Type": "Pass", "Parameters": {"found.$": "States.ArrayContains($.matches, true)"},
                       "ResultPath": "$.check"}, verdict),
        verdict: {"Type": "Choice", "Choices": [
            {"Variable": "$.check.found", "BooleanEquals": True, "Next": next_state}],
            "Default": waiting},
    })
    ctx.allow("states:ListExecutions", state_machine_arn(predecessor))
    ctx.allow("states:DescribeExecution", execution_arn(predecessor))
    return listing
