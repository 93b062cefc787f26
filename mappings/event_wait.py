"""JP1 event reception monitoring jobs (``evwj``) inside a jobnet → a task-token wait.

JP1/AJS3 Command Reference, 5.2 "JP1 event reception monitoring job
definition": ``evwid=event-ID`` the event to wait for; ``evhst``, ``evusr``,
``evgrp``, ``evipa``, ``evuid``, ``evgid``, ``evpid`` the "event-issue-source"
host, user, group, IP address and ids; ``evwms="message"`` and
``evdet="detailed-event-information"`` the message and detail to match;
``evwsv`` the severities; ``evwfr=optional-extended-attribute-name:"value"``
extended attributes; ``evtmc`` how events received before the job started
are handled; ``jpoif=macro-variable-name:passing-information-name`` values
handed to later units; ``etm=n`` the timeout in minutes and
``ets={kl|nr|wr|an}`` the end when it passes (killed, the default; normal;
warning; abnormal).

The wait is one Task, ``aws-sdk:dynamodb:putItem.waitForTaskToken``: it
stores the run's task token in :data:`TABLE_NAME` under ``event_id`` (the
partition key, ``evwid``) and ``waiter`` (the sort key: the execution and
the unit), and pauses. A rule matching what a converted ``evsj`` sends
(:func:`jobmig.mappings.jp1_events.receiver_pattern`: source, detail-type
``JP1 event``, ``detail.event_id``) starts the relay machine
(:func:`relay_machine`), which queries the table for that event id, calls
``aws-sdk:sfn:sendTaskSuccess`` with the event's detail for each waiter
and deletes the item. No Lambda is involved. The received detail is the
wait's result, in ``$.jp1_event_received``.

``etm`` becomes the Task's ``TimeoutSeconds`` (no heartbeat: the relay does
not send any); on ``States.Timeout`` the item is deleted and the unit ends
as ``ets`` says: killed and abnormal fail the job with :data:`WAIT_TIMED_OUT`
(so its recovery units run), normal and warning let the jobnet go on.
Differences (JM434): only the event ID is matched; an event sent before the
wait stored its token is not seen (``evtmc`` is not carried over); ``jpoif``
is not carried over.
"""
from __future__ import annotations

import hashlib
from typing import Any

from jobmig.graph import JobGraph
from jobmig.model import Finding, Job
from jobmig.mappings.asl_tasks import (
    PARTITION_ARN, REGION_ACCOUNT, BuildContext, api_retry, chain,
)
from jobmig.mappings.jp1_events import RECEIVING_TYPES, params, receiver_pattern
from jobmig.mappings.profile import Profile
from jobmig.messages import msg

#: The table of waiting task tokens; the stack that holds the relay machine creates it.
TABLE_NAME = "jobmig-jp1-event-waits"
TABLE_ARN = f"{PARTITION_ARN}:dynamodb:{REGION_ACCOUNT}:table/{TABLE_NAME}"
PARTITION_KEY, SORT_KEY = "event_id", "waiter"
RELAY_NAME = "jobmig-jp1-event-relay"
RELAY_KIND = "event_relay"
PUT_AND_WAIT = "arn:aws:states:::aws-sdk:dynamodb:putItem.waitForTaskToken"
DELETE_ITEM = "arn:aws:states:::aws-sdk:dynamodb:deleteItem"
QUERY = "arn:aws:states:::aws-sdk:dynamodb:query"
SEND_SUCCESS = "arn:aws:states:::aws-sdk:sfn:sendTaskSuccess"
WAIT_TIMED_OUT = "Jobmig.EventWaitTimedOut"
GOES_ON = ("nr", "wr")
OUTCOMES = ("kl", "nr", "wr", "an")
#: Filters JP1 matches that an event pattern on the converted event does not.
NOT_MATCHED = ("evwms", "evdet", "evwsv", "evwfr", "evhst", "evusr", "evgrp", "evipa",
               "evuid", "evgid", "evpid")
NOT_CARRIED = ("evtmc", "jpoif", "evesc")
#: What sendTaskSuccess answers for a token that is no longer waiting.
GONE_TOKEN = ["Sfn.TaskTimedOutException", "Sfn.InvalidTokenException",
              "Sfn.TaskDoesNotExistException"]


def _last(job: Job, key: str) -> str | None:
    values = [v for k, v in params(job) if k == key]
    return values[-1] if values else None


def in_start_condition(job: Job) -> bool:
    """True for a unit inside a jobnet's ``.CONDITION`` (``ty=rc``) unit."""
    return bool(job.attributes.get("container"))


def handles(job: Job) -> bool:
    """True for an ``evwj``/``revwj`` in a jobnet's flow (not in its start condition)."""
    return (job.kind == "job" and (job.unit_type or "") in RECEIVING_TYPES
            and not in_start_condition(job))


def event_id(job: Job) -> str:
    return _last(job, "evwid") or ""


def outcome(job: Job) -> str:
    """``ets``, JP1's default ``kl`` (killed) when absent."""
    return _last(job, "ets") or "kl"


def problem(job: Job) -> str | None:
    """Why the wait cannot be converted (``None`` when it can)."""
    if not event_id(job):
        return msg("a JP1 event reception monitoring job without an event ID (evwid)")
    if outcome(job) not in OUTCOMES:
        return msg("a JP1 event reception monitoring job with ets={ets}", ets=outcome(job))
    return None


def _waiter_suffix(job: Job) -> str:
    return hashlib.sha1(job.id.encode("utf-8")).hexdigest()[:12]


def unit_states(ctx: BuildContext, job: Job, profile: Profile,
                next_state: str | None) -> tuple[str, dict[str, dict[str, Any]]]:
    """The wait, continuing to ``next_state`` once the event arrived (``End`` when None)."""
    ets = outcome(job)
    keys = {k for k, _ in params(job)}
    text = (msg("{name} waits for JP1 event {event}: its task token is stored in DynamoDB table "
                "{TABLE_NAME} and the rule on the event starts {RELAY_NAME}, which resumes it",
                name=job.name, event=event_id(job), TABLE_NAME=TABLE_NAME, RELAY_NAME=RELAY_NAME))
    text += (msg("; after etm ({value} min) it ends as ets={ets} says",
                 value=int(job.timeout_seconds) // 60, ets=ets)
             if job.timeout_seconds else msg("; without etm it waits until the state machine's "
                                             "own timeout"))
    lost = sorted(keys & set(NOT_MATCHED))
    if lost:
        text += msg("; not matched: {lost} (only the event ID is)", lost=', '.join(lost))
    dropped = sorted(keys & set(NOT_CARRIED))
    if dropped:
        text += msg("; not carried over: {dropped}", dropped=', '.join(dropped))
    ctx.findings.append(Finding("JM434", text, job.source, job.id))
    label = ctx.label(job)
    if ctx.outline:
        name = ctx.name(label)
        return name, {name: chain({"Type": "Pass", "Comment": f"run {job.id}"}, next_state)}
    wait, forget, timed_out = (ctx.name(f"{label}{s}") for s in (
        ": wait for event", ": timed out, forget the wait", ": timed out"))
    done = next_state or ctx.name(f"{label}: received")
    waiter = f"States.Format('{{}}#{_waiter_suffix(job)}', $$.Execution.Id)"
    state: dict[str, Any] = {
        "Type": "Task", "Resource": PUT_AND_WAIT, "Comment": f"run {job.id}",
        "Parameters": {"TableName": TABLE_NAME, "Item": {
            PARTITION_KEY: {"S": event_id(job)}, SORT_KEY: {"S.$": waiter},
            "token": {"S.$": "$$.Task.Token"},
            "unit": {"S": str(job.attributes.get("unit_path", job.name))}}},
        "ResultPath": "$.jp1_event_received", "Retry": [api_retry("DynamoDb")]}
    states: dict[str, dict[str, Any]] = {}
    if job.timeout_seconds:
        state["TimeoutSeconds"] = int(job.timeout_seconds)
        state["Catch"] = [{"ErrorEquals": ["States.Timeout"], "ResultPath": "$.error",
                           "Next": forget}]
        end = done if ets in GOES_ON else timed_out
        states[forget] = chain({
            "Type": "Task", "Resource": DELETE_ITEM,
            "Comment": "the event did not come: remove the stored token",
            "Parameters": {"TableName": TABLE_NAME, "Key": {
                PARTITION_KEY: {"S": event_id(job)}, SORT_KEY: {"S.$": waiter}}},
            "ResultPath": None, "Retry": [api_retry("DynamoDb")],
            # the outcome does not depend on the clean-up
            "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": None, "Next": end}]}, end)
        if ets not in GOES_ON:
            states[timed_out] = {"Type": "Fail", "Error": WAIT_TIMED_OUT,
                                 "Cause": f"{job.name}: JP1 event {event_id(job)} did not come "
                                          f"within etm (ets={ets})"}
        ctx.allow("dynamodb:DeleteItem", TABLE_ARN)
    states[wait] = chain(state, done)
    if next_state is None:
        states[done] = {"Type": "Succeed"}
    ctx.allow("dynamodb:PutItem", TABLE_ARN)
    return wait, states


def waits(graph: JobGraph, converted: set[str]) -> list[Job]:
    """The in-flow event waits among ``converted`` job ids that :func:`problem` accepts."""
    return [job for job in graph.jobs()
            if job.id in converted and handles(job) and problem(job) is None]


def relay_definition() -> dict[str, Any]:
    """The relay machine: resume every wait stored for the event's id, then forget it."""
    find, each, resume, forget = ("Find the waits", "Resume each wait", "Resume the wait",
                                  "Forget the wait")
    key = {PARTITION_KEY: {"S.$": "$.event_id"}, SORT_KEY: {"S.$": "$.waiter"}}
    return {
        "Comment": "jobmig: resumes the JP1 event waits (evwj) stored for the event's id",
        "StartAt": find,
        "States": {
            find: {"Type": "Task", "Resource": QUERY,
                   "Parameters": {"TableName": TABLE_NAME, "ConsistentRead": True,
                                  "KeyConditionExpression": f"{PARTITION_KEY} = :id",
                                  "ExpressionAttributeValues": {":id": {"S.$": "$.detail.event_id"}}},
                   "ResultSelector": {"items.$": "$.Items"}, "ResultPath": "$.waits",
                   "Retry": [api_retry("DynamoDb")], "Next": each},
            each: {"Type": "Map", "ItemsPath": "$.waits.items", "MaxConcurrency": 10,
                   "Parameters": {"token.$": "$$.Map.Item.Value.token.S",
                                  "waiter.$": "$$.Map.Item.Value.waiter.S",
                                  "event_id.$": "$.detail.event_id", "detail.$": "$.detail"},
                   "Iterator": {"StartAt": resume, "States": {
                       resume: {"Type": "Task", "Resource": SEND_SUCCESS,
                                "Parameters": {"TaskToken.$": "$.token",
                                               "Output.$": "States.JsonToString($.detail)"},
                                "ResultPath": None, "Retry": [api_retry("Sfn")],
                                "Catch": [{"ErrorEquals": GONE_TOKEN, "ResultPath": None,
                                           "Next": forget}],
                                "Next": forget},
                       forget: {"Type": "Task", "Resource": DELETE_ITEM,
                                "Parameters": {"TableName": TABLE_NAME, "Key": key},
                                "ResultPath": None, "Retry": [api_retry("DynamoDb")],
                                "End": True}}},
                   "ResultPath": None, "End": True},
        },
    }


# SendTaskSuccess names no resource in its request (the token is the capability), so
# its permission is given on "*" rather than on an ARN pattern IAM might not match.
RELAY_PERMISSIONS = (("dynamodb:Query", TABLE_ARN), ("dynamodb:DeleteItem", TABLE_ARN),
                     ("states:SendTaskSuccess", "*"))


def relay_patterns(jobs: list[Job], profile: Profile) -> dict[str, dict[str, Any]]:
    """Event id → the pattern of the rule that starts the relay for it, one per id."""
    found: dict[str, dict[str, Any]] = {}
    for job in jobs:
        pattern = receiver_pattern(job, profile)
        if pattern is not None:
            found.setdefault(event_id(job), pattern)
    return dict(sorted(found.items()))
