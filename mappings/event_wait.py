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
stores the run's task token in the table of waits under ``event_id`` (the
partition key: the *match key* of
:func:`jobmig.mappings.jp1_events.receiver_key`, the canonical event ID, with a
digest of the unit's conditions when it has some) and ``waiter`` (the sort key:
the execution and the unit), and pauses. A rule per match key, with the
pattern of :func:`jobmig.mappings.jp1_events.receiver_pattern` (source,
detail-type ``JP1 event``, ``detail.event_id`` and the conditions an event
pattern states exactly: message, issuing host and user, extended attributes,
severities), starts the relay machine (:func:`relay_definition`) with
``{"match": <match key>, "detail": <the event's detail>}``. The relay queries
the table for that key a page at a time (:data:`PAGE_SIZE` items, then on from
``LastEvaluatedKey``), calls ``aws-sdk:sfn:sendTaskSuccess`` with the detail
for each waiter and deletes the item. No Lambda is involved. The received
detail is the wait's result, in ``$.jp1_event_received``.

Names: two conversions deployed into one account and Region must not share the
table or the relay, so neither is fixed. The table's name is the template
parameter :data:`TABLE_PARAMETER` (a DefinitionSubstitution in every machine
that uses it), whose default ends with a digest of the waiting units
(:func:`default_table_name`); the relay's name ends with the same digest. Each
item carries :data:`EXPIRES` (epoch seconds), the table's TTL attribute: the
wait's start plus its ``etm`` (a year, the longest Standard execution,
without one) plus a day, so an item a run never cleaned up (an aborted
execution) goes away by itself.

``etm`` becomes the Task's ``TimeoutSeconds`` (no heartbeat: the relay does
not send any); on ``States.Timeout`` the item is deleted and the unit ends
as ``ets`` says: killed and abnormal fail the job with :data:`WAIT_TIMED_OUT`
(so its recovery units run), normal and warning let the jobnet go on.
Differences: a condition no event pattern states exactly (JM447, quoting
it); an event sent before the wait stored its token is not seen (``evtmc``
is not carried over); ``jpoif`` is not carried over (JM434).
"""
from __future__ import annotations

import calendar
import hashlib
from typing import Any

from jobmig.graph import JobGraph
from jobmig.model import Finding, Job
from jobmig.mappings import jp1_event_match
from jobmig.mappings.asl_tasks import (
    PARTITION_ARN, REGION_ACCOUNT, BuildContext, TemplateParameter, api_retry, chain,
)
from jobmig.mappings.jp1_events import (
    RECEIVING_TYPES, params, receiver_key, receiver_pattern, unmatched,
)
from jobmig.mappings.profile import Profile
from jobmig.messages import msg

#: The table of waiting task tokens: a template parameter (see the module doc); the stack
#: that holds the relay machine creates it.
TABLE_PARAMETER = "JP1EventWaitTable"
TABLE_NAME = "${" + TABLE_PARAMETER + "}"
TABLE_ARN = f"{PARTITION_ARN}:dynamodb:{REGION_ACCOUNT}:table/{TABLE_NAME}"
TABLE_DESCRIPTION = ("Name of the DynamoDB table of JP1 event waits (task tokens); unique in "
                     "the account and Region")
PARTITION_KEY, SORT_KEY = "event_id", "waiter"
#: The items' TTL attribute (epoch seconds).
EXPIRES = "expires"
RELAY_NAME = "jobmig-jp1-event-relay"
RELAY_KIND = "event_relay"
PUT_AND_WAIT = "arn:aws:states:::aws-sdk:dynamodb:putItem.waitForTaskToken"
DELETE_ITEM = "arn:aws:states:::aws-sdk:dynamodb:deleteItem"
QUERY = "arn:aws:states:::aws-sdk:dynamodb:query"
SEND_SUCCESS = "arn:aws:states:::aws-sdk:sfn:sendTaskSuccess"
WAIT_TIMED_OUT = "Jobmig.EventWaitTimedOut"
GOES_ON = ("nr", "wr")
OUTCOMES = ("kl", "nr", "wr", "an")
NOT_CARRIED = ("evtmc", "jpoif", "evesc")
#: Waits the relay reads per query.
PAGE_SIZE = 100
#: An item outlives its wait by this much (seconds) before its TTL removes it.
KEEP_SECONDS = 86400
#: Without etm a wait lasts at most as long as a Standard execution: a year.
LONGEST_WAIT = 366 * 86400
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
    """The canonical event ID the unit waits for ("" without a valid ``evwid``)."""
    return jp1_event_match.event_id(_last(job, "evwid")) or ""


def outcome(job: Job) -> str:
    """``ets``, JP1's default ``kl`` (killed) when absent."""
    return _last(job, "ets") or "kl"


def problem(job: Job) -> str | None:
    """Why the wait cannot be converted (``None`` when it can)."""
    if not _last(job, "evwid"):
        return "a JP1 event reception monitoring job without an event ID (evwid)"
    if not event_id(job):
        return (f"a JP1 event reception monitoring job whose event ID evwid={_last(job, 'evwid')} "
                "is not hexadecimal (basic[:extended], up to 8 digits each)")
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
    pattern = receiver_pattern(job, profile) or {"detail": {}}
    matched = sorted(k for k in pattern["detail"] if k != "event_id")
    text = (msg("{name} waits for JP1 event {event}", name=job.name, event=event_id(job))
            + (msg(" with its {conditions} condition(s)", conditions=", ".join(matched))
               if matched else "")
            + msg(": its task token is stored in the DynamoDB table of parameter {parameter} "
                  "and the rule on the event starts the relay machine, which resumes it",
                  parameter=TABLE_PARAMETER))
    text += (msg("; after etm ({value} min) it ends as ets={ets} says",
                 value=int(job.timeout_seconds) // 60, ets=ets)
             if job.timeout_seconds else msg("; without etm it waits until the state machine's "
                                             "own timeout"))
    if {"host", "user"} & set(matched):
        text += msg("; a converted evsj puts host and user in its event only when the unit names ex= "
                "and un=: an event without them never matches this condition")
    dropped = sorted(keys & set(NOT_CARRIED))
    if dropped:
        text += msg("; not carried over: {dropped}", dropped=', '.join(dropped))
    ctx.findings.append(Finding("JM434", text, job.source, job.id))
    ctx.findings.extend(unmatched_findings(job))
    label = ctx.label(job)
    if ctx.outline:
        name = ctx.name(label)
        return name, {name: chain({"Type": "Pass", "Comment": f"run {job.id}"}, next_state)}
    table = ctx.parameter(TABLE_PARAMETER, "String", TABLE_DESCRIPTION)
    wait, forget, timed_out = (ctx.name(f"{label}{s}") for s in (
        ": wait for event", ": timed out, forget the wait", ": timed out"))
    done = next_state or ctx.name(f"{label}: received")
    match = receiver_key(job)
    waiter = f"States.Format('{{}}#{_waiter_suffix(job)}', $$.Execution.Id)"
    state: dict[str, Any] = {
        "Type": "Task", "Resource": PUT_AND_WAIT, "Comment": f"run {job.id}",
        "Parameters": {"TableName": table, "Item": {
            PARTITION_KEY: {"S": match}, SORT_KEY: {"S.$": waiter},
            "token": {"S.$": "$$.Task.Token"},
            "unit": {"S": str(job.attributes.get("unit_path", job.name))},
            EXPIRES: {"N.$": f"{SCRATCH}.{EXPIRES}"}}},
        "ResultPath": "$.jp1_event_received", "Retry": [api_retry("DynamoDb")]}
    states: dict[str, dict[str, Any]] = {}
    lifetime = (int(job.timeout_seconds) if job.timeout_seconds else LONGEST_WAIT) + KEEP_SECONDS
    start = expiry_states(ctx, label, lifetime, wait, states)
    if job.timeout_seconds:
        state["TimeoutSeconds"] = int(job.timeout_seconds)
        state["Catch"] = [{"ErrorEquals": ["States.Timeout"], "ResultPath": "$.error",
                           "Next": forget}]
        end = done if ets in GOES_ON else timed_out
        states[forget] = chain({
            "Type": "Task", "Resource": DELETE_ITEM,
            "Comment": "the event did not come: remove the stored token",
            "Parameters": {"TableName": table, "Key": {
                PARTITION_KEY: {"S": match}, SORT_KEY: {"S.$": waiter}}},
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
    return start, states


def unmatched_findings(job: Job) -> list[Finding]:
    """JM447 for each condition of ``job`` no event pattern states, quoting it."""
    return [Finding("JM447", msg("{name}: {key}={value} is not matched ({why}); the rule matches "
                                 "without it, so events it would reject also count",
                                 name=job.name, key=key, value=repr(value), why=why),
                    job.source, job.id) for key, value, why in unmatched(job)]


#: Scratch data of the expiry states.
SCRATCH = "$.jp1_event_wait"
#: Epoch seconds of 1 January of the years the expiry table covers, of the first of each
#: month in a common year (from 1 January), and of each day of a month (from the 1st).
FIRST_YEAR, LAST_YEAR = 2020, 2036
_YEARS = [calendar.timegm((y, 1, 1, 0, 0, 0)) for y in range(FIRST_YEAR, LAST_YEAR + 1)]
_MONTHS = [sum(calendar.mdays[1:m]) * 86400 for m in range(1, 13)]
_DAYS = [d * 86400 for d in range(31)]
#: The latest epoch second a 32-bit number holds: an expiry past the table's years.
FAR_EXPIRY = "2147483647"


def expiry_states(ctx: BuildContext, label: str, lifetime: int, next_state: str,
                  states: dict[str, dict[str, Any]]) -> str:
    """States that put the item's TTL, the wait's UTC start plus ``lifetime`` seconds, in
    ``SCRATCH.expires`` (epoch seconds as text); returns the first.

    JSONPath intrinsics have no clock arithmetic: the date of ``$$.State.EnteredTime``
    is looked up in tables of epoch seconds (year, month, day; a leap day is not counted,
    so the expiry may come a day early, which the day of :data:`KEEP_SECONDS` covers).
    Years past :data:`LAST_YEAR` get :data:`FAR_EXPIRY`.
    """
    date, known, numbers, total, far = (ctx.name(f"{label}{s}") for s in (
        ": expiry date", ": expiry year known?", ": expiry parts", ": expiry", ": no expiry"))
    states[date] = chain({
        "Type": "Pass", "Comment": "the UTC date the wait starts: [yyyy, mm, dd]",
        "Parameters": {"ymd.$": "States.StringSplit(States.ArrayGetItem("
                                "States.StringSplit($$.State.EnteredTime, 'T'), 0), '-')"},
        "ResultPath": SCRATCH}, known)
    states[known] = {"Type": "Choice", "Default": far, "Choices": [{"And": [
        {"Variable": f"{SCRATCH}.ymd[0]", "StringGreaterThanEquals": str(FIRST_YEAR)},
        {"Variable": f"{SCRATCH}.ymd[0]", "StringLessThanEquals": str(LAST_YEAR)}],
        "Next": numbers}]}

    def index(part: int, base: int) -> str:
        # "07" is no JSON number: "107" is, less 100 (and the table's first index)
        return (f"States.MathAdd(States.StringToJson(States.Format('1{{}}', "
                f"States.ArrayGetItem({SCRATCH}.ymd, {part}))), {-base})")

    def item(values: list[int], position: str) -> str:
        return f"States.ArrayGetItem(States.Array({', '.join(map(str, values))}), {position})"

    states[numbers] = chain({"Type": "Pass", "Parameters": {
        "year.$": item(_YEARS, index(0, 10000 + FIRST_YEAR)),
        "month.$": item(_MONTHS, index(1, 101)),
        "day.$": item(_DAYS, index(2, 101))}, "ResultPath": SCRATCH}, total)
    states[total] = chain({"Type": "Pass", "Parameters": {
        f"{EXPIRES}.$": f"States.Format('{{}}', States.MathAdd(States.MathAdd({SCRATCH}.year, "
                        f"{SCRATCH}.month), States.MathAdd({SCRATCH}.day, {lifetime})))"},
        "ResultPath": SCRATCH}, next_state)
    states[far] = chain({"Type": "Pass", "Parameters": {EXPIRES: FAR_EXPIRY},
                         "ResultPath": SCRATCH}, next_state)
    return date


def waits(graph: JobGraph, converted: set[str]) -> list[Job]:
    """The in-flow event waits among ``converted`` job ids that :func:`problem` accepts."""
    return [job for job in graph.jobs()
            if job.id in converted and handles(job) and problem(job) is None]


def relay_definition() -> dict[str, Any]:
    """The relay machine. Input ``{"match": <match key>, "detail": <event detail>}``: it
    resumes every wait stored under the key, a page of :data:`PAGE_SIZE` at a time, handing
    each the detail, and forgets it."""
    find, more, each, again, resume, forget = (
        "Find the waits", "Find more waits", "Resume each wait", "More waits?",
        "Resume the wait", "Forget the wait")
    key = {PARTITION_KEY: {"S.$": "$.match"}, SORT_KEY: {"S.$": "$.waiter"}}
    query = {"TableName": TABLE_NAME, "ConsistentRead": True, "Limit": PAGE_SIZE,
             "KeyConditionExpression": f"{PARTITION_KEY} = :key",
             "ExpressionAttributeValues": {":key": {"S.$": "$.match"}}}
    return {
        "Comment": "jobmig: resumes the JP1 event waits (evwj) stored under the event's match "
                   "key",
        "StartAt": find,
        "States": {
            find: {"Type": "Task", "Resource": QUERY, "Parameters": query,
                   "ResultPath": "$.waits", "Retry": [api_retry("DynamoDb")], "Next": each},
            more: {"Type": "Task", "Resource": QUERY,
                   "Parameters": {**query, "ExclusiveStartKey.$": "$.waits.LastEvaluatedKey"},
                   "ResultPath": "$.waits", "Retry": [api_retry("DynamoDb")], "Next": each},
            each: {"Type": "Map", "ItemsPath": "$.waits.Items", "MaxConcurrency": 10,
                   "Parameters": {"token.$": "$$.Map.Item.Value.token.S",
                                  "waiter.$": "$$.Map.Item.Value.waiter.S",
                                  "match.$": "$.match", "detail.$": "$.detail"},
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
                   "ResultPath": None, "Next": again},
            # a page ends at LastEvaluatedKey, which a last page does not carry
            again: {"Type": "Choice", "Default": "Done",
                    "Choices": [{"Variable": "$.waits.LastEvaluatedKey", "IsPresent": True,
                                 "Next": more}]},
            "Done": {"Type": "Succeed"},
        },
    }


# SendTaskSuccess names no resource in its request (the token is the capability), so
# its permission is given on "*" rather than on an ARN pattern IAM might not match.
RELAY_PERMISSIONS = (("dynamodb:Query", TABLE_ARN), ("dynamodb:DeleteItem", TABLE_ARN),
                     ("states:SendTaskSuccess", "*"))


def match_key(pattern: dict[str, Any]) -> str:
    """The match key of a relay rule's pattern (what :func:`receiver_key` gives its waits)."""
    detail = dict(pattern["detail"])
    event = detail.pop("event_id")[0]
    return jp1_event_match.Conditions(detail=detail).key(event)


#: A relay rule's InputTransformer: the match key (see :func:`relay_input`) and the detail.
RELAY_INPUT_PATHS = {"detail": "$.detail"}


def relay_input(pattern: dict[str, Any]) -> tuple[dict[str, str], str]:
    """The InputTransformer ``(paths, template)`` of the relay rule with ``pattern``."""
    return dict(RELAY_INPUT_PATHS), '{"match": "' + match_key(pattern) + '", "detail": <detail>}'


def relay_patterns(jobs: list[Job], profile: Profile) -> dict[str, dict[str, Any]]:
    """Match key → the pattern of the rule that starts the relay for it, one per key."""
    found: dict[str, dict[str, Any]] = {}
    for job in jobs:
        pattern = receiver_pattern(job, profile)
        if pattern is not None:
            found.setdefault(receiver_key(job), pattern)
    return dict(sorted(found.items()))


def digest(jobs: list[Job]) -> str:
    """What makes the table's and the relay's names this conversion's: a digest of the
    waiting units' ids."""
    text = "\n".join(sorted(job.id for job in jobs))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def default_table_name(jobs: list[Job]) -> str:
    """The table parameter's default for the waits ``jobs``."""
    return f"jobmig-jp1-event-waits-{digest(jobs)}"


def relay_name(jobs: list[Job]) -> str:
    """The relay machine's name for the waits ``jobs``."""
    return f"{RELAY_NAME}-{digest(jobs)}"


def table_parameter(jobs: list[Job]) -> TemplateParameter:
    """The table's template parameter, with its default, for the waits ``jobs``."""
    return TemplateParameter(TABLE_PARAMETER, "String", TABLE_DESCRIPTION,
                             default_table_name(jobs))
