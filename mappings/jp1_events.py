"""JP1 sending units (``evsj``, ``mlsj``, ``htpj``) → Step Functions tasks.

Parameters as the JP1/AJS3 Command Reference (5.2 "Creating unit definition
files": JP1 event sending job, email sending job and HTTP connection job
definitions) names them, read from ``Job.attributes["params"]``:

* **JP1 event sending job** (``evsj``): ``evsid`` event ID, ``evsms`` message,
  ``evssv`` severity, ``evsfr=name:"value"`` extended attributes (repeatable),
  ``evhst`` destination host, ``evsrt``/``evspl``/``evsrc`` arrival check.
  It becomes ``aws-sdk:eventbridge:putEvents`` on the bus named by a template
  parameter (profile ``[events] bus_parameter``). The event it sends is the
  contract a converted receiver (and anything else) matches on:

  - ``source``: profile ``[events] event_source`` (default ``jobmig.jp1``);
  - ``detail-type``: :data:`DETAIL_TYPE` (``JP1 event``);
  - ``detail``: ``{"event_id": evsid, "message": evsms, "severity": evssv,
    "attributes": {evsfr name: value}, "unit": the sending unit's path,
    "business_date": the run's business date}``, plus ``"host"`` (the unit's
    execution host, ``ex``) and ``"user"`` (its OS user, ``un``) when the unit
    names them: JP1's issuing host and user, which a receiver's ``evhst`` and
    ``evusr`` match. ``evsid`` is written in the canonical form of
    :func:`jobmig.mappings.jp1_event_match.event_id` (``123`` → ``00000123``) and
    ``evssv`` defaults to ``no`` (Notice), as the Command Reference says.

  The destination host and the arrival check have no counterpart (an event
  bus has no host; PutEvents reports only whether the bus accepted it).
* **Email sending job** (``mlsj``): ``mladr={to|cc|bcc}:"address"``
  (repeatable), ``mlsbj`` subject, ``mltxt`` body, ``mlftx`` body file,
  ``mlatf``/``mlafl`` attachments, ``mlprf`` mail profile. Profile ``[events]
  mail = "ses"`` (default) makes it ``aws-sdk:sesv2:sendEmail`` from a verified
  sender parameter; ``"sns"`` makes it an SNS Publish to a topic parameter
  whose email subscriptions are the recipients. A unit without a recipient is
  not converted.
* **HTTP connection job** (``htpj``): ``htknd`` method (default GET); the URL
  and request live in files on the agent (``htcfl`` connection configuration,
  ``htrqf``/``htrqu``/``htrqm``), so the endpoint is a template parameter per
  unit and the credentials an EventBridge connection parameter: the HTTP Task
  (``arn:aws:states:::http:invoke``), which fails on a non-2xx status.

Each becomes a JM432 (review) finding saying what was not carried over. The
unit's ``etm`` is the task's ``TimeoutSeconds``; a failed call fails the job
(so its recovery units run).
"""
from __future__ import annotations

import hashlib
from typing import Any

from jobmig.model import Finding, Job
from jobmig.mappings import jp1_event_match
from jobmig.mappings.asl_prologue import BUSINESS_DATE
from jobmig.mappings.asl_tasks import (
    PARTITION_ARN, REGION_ACCOUNT, BuildContext, api_retry, camel, chain,
)
from jobmig.mappings.profile import Profile
from jobmig.messages import msg

SENDING_TYPES = frozenset({"evsj", "revsj", "mlsj", "rmlsj", "htpj", "rhtpj"})
DETAIL_TYPE = "JP1 event"
PUT_EVENTS = "arn:aws:states:::aws-sdk:eventbridge:putEvents"
SES_SEND = "arn:aws:states:::aws-sdk:sesv2:sendEmail"
SNS_PUBLISH = "arn:aws:states:::sns:publish"
HTTP_INVOKE = "arn:aws:states:::http:invoke"
SEND_FAILED = "Jobmig.SendFailed"
HTTP_METHODS = ("GET", "POST", "PUT", "DELETE")
#: HTTP statuses worth another try (the HTTP Task names a failed call States.Http.StatusCode.NNN).
HTTP_RETRY = {"ErrorEquals": ["States.Http.StatusCode.429", "States.Http.StatusCode.502",
                              "States.Http.StatusCode.503", "States.Http.StatusCode.504"],
              "IntervalSeconds": 2, "MaxAttempts": 5, "BackoffRate": 2.0,
              "MaxDelaySeconds": 60, "JitterStrategy": "FULL"}


def _base(job: Job) -> str:
    unit_type = job.unit_type or ""
    return unit_type[1:] if unit_type.startswith("r") and unit_type[1:] in SENDING_TYPES else unit_type


def handles(job: Job) -> bool:
    """True for the unit types this module converts."""
    return job.kind == "job" and (job.unit_type or "") in SENDING_TYPES


def params(job: Job) -> list[tuple[str, str]]:
    """``(key, value)`` pairs in order, values without their surrounding quotes."""
    out = []
    for item in job.attributes.get("params", ()):
        if isinstance(item, (list, tuple)) and len(item) == 2:
            out.append((str(item[0]), str(item[1]).strip().strip('"')))
    return out


def _last(job: Job, key: str, default: str | None = None) -> str | None:
    values = [v for k, v in params(job) if k == key]
    return values[-1] if values else default


def recipients(job: Job) -> dict[str, list[str]]:
    """``mladr`` addresses by kind (``to``, ``cc``, ``bcc``), in the unit's order."""
    found: dict[str, list[str]] = {"to": [], "cc": [], "bcc": []}
    for key, value in params(job):
        if key != "mladr":
            continue
        kind, _, address = value.partition(":")
        kind = kind.strip().lower()
        if kind in found and address.strip():
            found[kind].append(address.strip().strip('"'))
    return found


def problem(job: Job) -> str | None:
    """Why the unit cannot be converted (``None`` when it can)."""
    base = _base(job)
    if base == "mlsj" and not any(recipients(job).values()):
        return msg("an email sending job without a recipient (mladr)")
    if base == "evsj" and not _last(job, "evsid"):
        return "a JP1 event sending job without an event ID (evsid)"
    if base == "evsj" and jp1_event_match.event_id(_last(job, "evsid")) is None:
        return (f"a JP1 event sending job whose event ID evsid={_last(job, 'evsid')} is not "
                "hexadecimal (up to 8 digits)")
    if base == "htpj" and (_last(job, "htknd", "GET") or "GET").upper() not in HTTP_METHODS:
        return msg("an HTTP connection job with method {method}", method=_last(job, 'htknd'))
    return None


def unit_states(ctx: BuildContext, job: Job, profile: Profile,
                next_state: str | None) -> tuple[str, dict[str, dict[str, Any]]]:
    """The states of a sending unit, continuing to ``next_state`` (``End`` when None)."""
    base = _base(job)
    if ctx.outline:
        name = ctx.name(ctx.label(job))
        _note(ctx, job, base, profile)
        return name, {name: chain({"Type": "Pass", "Comment": f"run {job.id}"}, next_state)}
    build = {"evsj": _event, "mlsj": _mail, "htpj": _http}[base]
    start, states = build(ctx, job, profile, next_state)
    _note(ctx, job, base, profile)
    return start, states


def _timeout(state: dict[str, Any], job: Job) -> dict[str, Any]:
    if job.timeout_seconds:
        state["TimeoutSeconds"] = int(job.timeout_seconds)
    return state


# -- evsj -----------------------------------------------------------------------------
def event_detail(job: Job) -> dict[str, Any]:
    """The ``detail`` of the event the unit sends (without the run's business date)."""
    attributes = {}
    for key, value in params(job):
        if key == "evsfr":
            name, _, text = value.partition(":")
            attributes[name.strip()] = text.strip().strip('"')
    detail: dict[str, Any] = {
        "event_id": jp1_event_match.event_id(_last(job, "evsid")) or _last(job, "evsid", ""),
        "message": _last(job, "evsms", ""),
        "severity": (_last(job, "evssv") or jp1_event_match.DEFAULT_SEVERITY).lower(),
        "attributes": attributes, "unit": job.attributes.get("unit_path", job.name)}
    # JP1's issuing host and user, which receivers may match (evhst, evusr)
    if job.host:
        detail["host"] = job.host
    if job.user:
        detail["user"] = job.user
    return detail


def _event(ctx: BuildContext, job: Job, profile: Profile,
           next_state: str | None) -> tuple[str, dict[str, dict[str, Any]]]:
    label = ctx.label(job)
    build, send, check, failed = (ctx.name(f"{label}{s}") for s in (
        ": event", ": put event", ": accepted?", ": not accepted"))
    bus = ctx.parameter(profile.event_setting("bus_parameter"), "String",
                        "EventBridge event bus (name or ARN) that JP1 event sending jobs send to")
    detail = {**event_detail(job), f"{BUSINESS_DATE}.$": f"$.{BUSINESS_DATE}"}
    done = next_state or ctx.name(f"{label}: sent")
    states: dict[str, dict[str, Any]] = {
        build: chain({"Type": "Pass", "Comment": f"the event of {job.id}",
                      "Parameters": detail, "ResultPath": "$.jp1_event"}, send),
        send: chain(_timeout({
            "Type": "Task", "Resource": PUT_EVENTS, "Comment": f"run {job.id}",
            "Parameters": {"Entries": [{
                "EventBusName": bus, "Source": profile.event_setting("event_source"),
                "DetailType": DETAIL_TYPE, "Detail.$": "States.JsonToString($.jp1_event)"}]},
            "ResultSelector": {"FailedEntryCount.$": "$.FailedEntryCount"},
            "ResultPath": "$.sent", "Retry": [api_retry("EventBridge")]}, job), check),
        check: {"Type": "Choice", "Default": done,
                "Choices": [{"Variable": "$.sent.FailedEntryCount", "NumericGreaterThan": 0,
                             "Next": failed}]},
        failed: {"Type": "Fail", "Error": SEND_FAILED,
                 "Cause": f"{job.name}: the event bus did not accept the event"},
    }
    if next_state is None:
        states[done] = {"Type": "Succeed"}
    ctx.allow("events:PutEvents", f"{PARTITION_ARN}:events:{REGION_ACCOUNT}:event-bus/*")
    return build, states


# -- mlsj -----------------------------------------------------------------------------
def _mail(ctx: BuildContext, job: Job, profile: Profile,
          next_state: str | None) -> tuple[str, dict[str, dict[str, Any]]]:
    name = ctx.name(f"{ctx.label(job)}: send mail")
    subject = _last(job, "mlsbj", "") or ""
    body = _last(job, "mltxt", "") or ""
    if profile.event_setting("mail") == "sns":
        topic = ctx.parameter(profile.event_setting("mail_topic_parameter"), "String",
                              "SNS topic (ARN) whose email subscriptions receive the mail of "
                              "JP1 email sending jobs")
        parameters: dict[str, Any] = {"TopicArn": topic, "Message": body or subject or job.name}
        if subject:
            parameters["Subject"] = subject[:100]  # SNS limit
        state = {"Type": "Task", "Resource": SNS_PUBLISH, "Comment": f"run {job.id}",
                 "Parameters": parameters, "ResultPath": None, "Retry": [api_retry("Sns")]}
        ctx.allow("sns:Publish", topic)
    else:
        sender = ctx.parameter(profile.event_setting("mail_from_parameter"), "String",
                               "Verified SES sender address of JP1 email sending jobs")
        found = recipients(job)
        destination = {key: found[kind] for kind, key in (
            ("to", "ToAddresses"), ("cc", "CcAddresses"), ("bcc", "BccAddresses")) if found[kind]}
        state = {"Type": "Task", "Resource": SES_SEND, "Comment": f"run {job.id}",
                 "Parameters": {"FromEmailAddress": sender, "Destination": destination,
                                "Content": {"Simple": {
                                    "Subject": {"Data": subject, "Charset": "UTF-8"},
                                    "Body": {"Text": {"Data": body, "Charset": "UTF-8"}}}}},
                 "ResultPath": None, "Retry": [api_retry("SesV2")]}
        ctx.allow("ses:SendEmail", "*")
    states = {name: chain(_timeout(state, job), next_state)}
    return name, states


# -- htpj -----------------------------------------------------------------------------
def endpoint_parameter(job: Job) -> str:
    """The template parameter holding the unit's URL (its name, else a hash of its id)."""
    readable = camel(job.name.rsplit("/", 1)[-1]) if job.name.isascii() else ""
    if not readable or readable == "Host":
        readable = hashlib.sha1(job.id.encode("utf-8")).hexdigest()[:8].upper()
    return f"HttpEndpoint{readable}"[:255]


def _http(ctx: BuildContext, job: Job, profile: Profile,
          next_state: str | None) -> tuple[str, dict[str, dict[str, Any]]]:
    name = ctx.name(f"{ctx.label(job)}: HTTP request")
    method = (_last(job, "htknd", "GET") or "GET").upper()
    endpoint = ctx.parameter(endpoint_parameter(job), "String",
                             f"URL that HTTP connection job {job.name} calls (from its htcfl "
                             "connection configuration file)")
    connection = ctx.parameter(profile.event_setting("http_connection_parameter"), "String",
                               "EventBridge connection (ARN) with the credentials of HTTP "
                               "connection jobs")
    state = {"Type": "Task", "Resource": HTTP_INVOKE, "Comment": f"run {job.id}",
             "Parameters": {"ApiEndpoint": endpoint, "Method": method,
                            "Authentication": {"ConnectionArn": connection}},
             "ResultSelector": {"StatusCode.$": "$.StatusCode"},
             "ResultPath": "$.http", "Retry": [HTTP_RETRY]}
    ctx.allow("states:InvokeHTTPEndpoint", "*")
    ctx.allow("events:RetrieveConnectionCredentials", connection)
    ctx.allow("secretsmanager:GetSecretValue",
              f"{PARTITION_ARN}:secretsmanager:{REGION_ACCOUNT}:secret:events!connection/*")
    return name, {name: chain(_timeout(state, job), next_state)}


# -- evwj: what a receiver would match -------------------------------------------------
RECEIVING_TYPES = frozenset({"evwj", "revwj"})


def receiver_pattern(job: Job, profile: Profile) -> dict[str, Any] | None:
    """The EventBridge pattern that matches what a converted ``evsj`` sends for what a JP1
    event reception monitoring job (``evwj``) waits for, or None without a valid ``evwid``.

    The event ID in its canonical form, and every condition
    :func:`jobmig.mappings.jp1_event_match.conditions` can state exactly (message,
    issuing host and user, extended attributes, severities); what it cannot is in
    :func:`unmatched`.
    """
    if (job.unit_type or "") not in RECEIVING_TYPES:
        return None
    event_id = jp1_event_match.event_id(_last(job, "evwid"))
    if not event_id:
        return None
    detail = {"event_id": [event_id], **jp1_event_match.conditions(params(job)).detail}
    return {"source": [profile.event_setting("event_source")], "detail-type": [DETAIL_TYPE],
            "detail": detail}


def receiver_key(job: Job) -> str:
    """The key the waits of ``job`` are stored (and found by the relay) under: its event ID,
    with a digest of its conditions when it has some; "" without a valid ``evwid``."""
    event_id = jp1_event_match.event_id(_last(job, "evwid"))
    return jp1_event_match.conditions(params(job)).key(event_id) if event_id else ""


def unmatched(job: Job) -> list[tuple[str, str, str]]:
    """The receiver's conditions no event pattern states: ``(key, value, why)``."""
    return jp1_event_match.conditions(params(job)).unmatched


# -- findings -------------------------------------------------------------------------
def _note(ctx: BuildContext, job: Job, base: str, profile: Profile) -> None:
    keys = {k for k, _ in params(job)}
    if base == "evsj":
        lost = sorted(keys & {"evhst", "evsrt", "evspl", "evsrc"})
        text = msg("{name} sends event {event} with PutEvents (source {source}, detail-type "
                   "'{detail_type}', the event id, message, severity and extended attributes in "
                   "the detail)", name=job.name, event=event_detail(job)["event_id"],
                   source=profile.event_setting("event_source"), detail_type=DETAIL_TYPE)
    elif base == "mlsj":
        service = msg("SNS Publish (recipients subscribe to the topic)") \
            if profile.event_setting("mail") == "sns" else msg("SES SendEmail")
        found = recipients(job)
        lost = sorted(keys & {"mlftx", "mlatf", "mlafl", "mlprf"})
        text = (msg("{name} sends its mail to {recipients} with {service}",
                    name=job.name, recipients=', '.join(sum(found.values(), [])), service=service))
    else:
        lost = sorted(keys & {"htcfl", "htrqf", "htrqu", "htrqm", "htstf", "htrhf", "htrbf",
                              "htcdm", "htspt"})
        text = (msg("{name} calls parameter {parameter} with {method} through the HTTP Task; a non-2xx "
                    "status fails the job",
                    name=job.name,
                    parameter=endpoint_parameter(job),
                    method=(_last(job, 'htknd', 'GET') or 'GET').upper()))
    if lost:
        text += msg("; not carried over: {lost}", lost=', '.join(lost))
    ctx.findings.append(Finding("JM432", text, job.source, job.id))
