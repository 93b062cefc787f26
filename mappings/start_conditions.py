"""JP1 start conditions (``.CONDITION``, ``ty=rc``) → EventBridge rules that start the jobnet.

JP1/AJS3 Command Reference, 5.2 "Start condition definition" (as notes/jp1.md
§3 lists it): the start condition unit is always named ``.CONDITION`` and
holds wait jobs (``evwj``, ``flwj``, ...); ``cond={and|or}`` says whether
all of them or any one must be satisfied. The monitoring's limits are jobnet
parameters (§4.3): ``wc=[N,]{no|n|un}`` the number of times and
``wt=[N,]{no|hh:mm|mmmm|un}`` the end time of the monitoring (``un``
unlimited).

Reading of the semantics: in JP1 the jobnet's schedule does not run the
jobnet when it has a start condition; it starts the *monitoring* ("waiting
for start condition"), and every time the condition is satisfied within the
monitoring's count and time a run starts. Without a schedule the jobnet is
monitored from its registration on. An EventBridge rule is always on, which
is the unlimited monitoring: so each waited event becomes a rule starting the
jobnet's state machine, and the schedule is not emitted as a trigger (it would
start runs JP1 does not make); ``wc`` and ``wt`` limits are documented
differences (JM436).

Rules (:data:`START_KIND`, input ``{"business_date": <event time>}``):

* ``evwj`` with ``evwid`` → :func:`jobmig.mappings.jp1_events.receiver_pattern`
  (what a converted ``evsj`` sends);
* ``flwj`` created/deleted (``flwc=c|d``) whose ``flwf`` the profile's
  ``[events.paths]`` maps to S3 → the S3 ``Object Created``/``Object Deleted``
  event of that bucket and key (exact, ``prefix`` for a trailing ``*``,
  ``wildcard`` for other ``*``). The bucket must send its events to
  EventBridge (a bucket setting the template cannot change for a bucket it
  does not own).

``cond=or`` (or a single wait) needs nothing more: any rule starts the run.
``cond=and`` over several waits needs every event to have arrived for the
same business day, which one rule cannot see: each rule then starts a small
"arrival" machine of its wait (it settles the business date and day from the
event's time and succeeds), and the existing join gate
(:mod:`jobmig.mappings.join_gate`), started by each arrival's SUCCEEDED
event, starts the jobnet once all arrivals share a business day, at most once
per day (see :mod:`jobmig.mappings.event_triggers`). A condition holding a
wait with no AWS event (a file on a local disk, mail, logs) is not converted
(JM437). An omitted ``cond`` is ``and``: "The default is [AND]" (JP1/AJS2
Operator's Guide, "Detailed Definition - [Start Condition]" dialog box,
[Definition] tab; ajsbutler's ``Rc.cond`` default agrees).

A JP1 event wait's rule matches its event ID and every condition an event
pattern states exactly (:mod:`jobmig.mappings.jp1_event_match`); each it cannot
is JM447 at the wait job, quoting it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from jobmig.graph import JobGraph
from jobmig.model import Finding, Job
from jobmig.mappings import file_watch
from jobmig.mappings.jp1_events import RECEIVING_TYPES, params, receiver_pattern, unmatched
from jobmig.mappings.profile import Profile
from jobmig.messages import joined, msg

START_KIND = "start_condition"
S3_SOURCE = "aws.s3"
S3_DETAIL_TYPES = {"c": "Object Created", "d": "Object Deleted"}
#: EventBridge ``wildcard`` matching knows ``*`` only.
_OTHER_GLOB = re.compile(r"[?\[]")
_LIMIT_OFF = ("no", "un", "")


def is_condition_unit(job: Job) -> bool:
    """True for a ``.CONDITION`` unit and for the wait jobs inside it."""
    return (job.unit_type or "") == "rc" or bool(job.attributes.get("container"))


def _value(job: Job, key: str) -> str | None:
    values = [v for k, v in params(job) if k == key]
    return values[-1] if values else None


def _limit(value: str | None) -> str:
    """``wc``/``wt`` without their rule number prefix (``1,3`` → ``3``)."""
    text = (value or "").strip()
    return text.split(",", 1)[1].strip() if "," in text else text


@dataclass
class StartCondition:
    """One jobnet's start condition: its ``rc`` unit and wait jobs, in id order."""

    jobnet: Job
    unit: Job
    waits: list[Job]

    @property
    def mode(self) -> str:
        return (_value(self.unit, "cond") or "and").lower()


@dataclass
class StartRule:
    """A rule to emit: ``name`` a readable base, ``pattern``, the jobnet it starts."""

    name: str
    pattern: dict[str, Any]
    jobnet: str
    wait: str
    #: cond=and over several waits: the rule starts the wait's arrival machine, and the
    #: join gate starts the jobnet once every wait has arrived for one business day
    gate: bool = False


@dataclass
class Result:
    rules: list[StartRule] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    #: jobnets started by their rules: their schedules are not triggers
    started: set[str] = field(default_factory=set)


def conditions(graph: JobGraph) -> list[StartCondition]:
    """Every start condition of the graph, by jobnet id."""
    found: dict[str, StartCondition] = {}
    jobs = list(graph.jobs())
    for job in jobs:
        if (job.unit_type or "") == "rc" and job.parent:
            found[job.id] = StartCondition(graph.job(job.parent), job, [])
    for job in jobs:
        container = job.attributes.get("container")
        if container in found and job.kind == "job":
            found[container].waits.append(job)
    for condition in found.values():
        condition.waits.sort(key=lambda j: j.id)
    return sorted(found.values(), key=lambda c: c.jobnet.id)


def s3_pattern(job: Job, profile: Profile) -> tuple[dict[str, Any] | None, str]:
    """The S3 event pattern of a file watch, or ``(None, why not)``."""
    path, condition, _, _ = file_watch.watch(job)
    if not path:
        return None, msg("a file monitoring job without a file (flwf)")
    if condition not in S3_DETAIL_TYPES:
        return None, (msg("a file monitoring job for flwc={condition}: S3 sends no event for a "
                          "size or modified-time change alone",
                          condition=condition))
    target = file_watch.s3_target(path, profile)
    if target is None:
        return None, (msg("a file monitoring job on {path}, a local disk: no profile rule in "
                          "[events.paths] maps it to S3, so no AWS event tells its change",
                          path=path))
    bucket, key = target
    if _OTHER_GLOB.search(key):
        return None, msg("an S3 key {key} with a ? or [...] wildcard, which event patterns lack",
                         key=key)
    if "*" not in key:
        matcher: Any = key
    elif key.endswith("*") and "*" not in key[:-1]:
        matcher = {"prefix": key[:-1]}
    else:
        matcher = {"wildcard": key}
    return {"source": [S3_SOURCE], "detail-type": [S3_DETAIL_TYPES[condition]],
            "detail": {"bucket": {"name": [bucket]}, "object": {"key": [matcher]}}}, ""


def wait_pattern(job: Job, profile: Profile) -> tuple[dict[str, Any] | None, str]:
    """The pattern of the event a wait job of a start condition waits for, or ``(None, why)``."""
    unit_type = job.unit_type or ""
    if unit_type in RECEIVING_TYPES:
        pattern = receiver_pattern(job, profile)
        given = _value(job, "evwid")
        return (pattern, "") if pattern else (None, msg(
            "a JP1 event reception monitoring job whose event ID evwid={given} is not "
            "hexadecimal (basic[:extended], up to 8 digits each)", given=given) if given else
            msg("a JP1 event reception monitoring job without an event ID (evwid)"))
    if unit_type in file_watch.WATCH_TYPES:
        return s3_pattern(job, profile)
    return None, msg("a {unit_type} wait, which has no AWS event to start a run",
                     unit_type=unit_type)


def event_wait_findings(job: Job) -> list[Finding]:
    """JM447 for each condition of a waited JP1 event no event pattern states."""
    return [Finding("JM447", msg("{name}: {key}={value} is not matched ({why}); the rule matches "
                                 "without it, so events it would reject also start a run",
                                 name=job.name, key=key, value=repr(value), why=why),
                    job.source, job.id) for key, value, why in unmatched(job)]


def build(graph: JobGraph, profile: Profile, machines: set[str] | None = None) -> Result:
    """Rules and findings for every start condition; ``machines``: jobnet ids that have a
    state machine (None: all)."""
    result = Result()
    for condition in conditions(graph):
        _one(condition, profile, result, machines)
    return result


def _one(condition: StartCondition, profile: Profile, result: Result,
         machines: set[str] | None) -> None:
    net, unit = condition.jobnet, condition.unit
    patterns: list[tuple[Job, dict[str, Any]]] = []
    problems: list[tuple[Job, str]] = []
    for wait in condition.waits:
        pattern, why = wait_pattern(wait, profile)
        if pattern is None:
            problems.append((wait, why))
        else:
            patterns.append((wait, pattern))
    why_not = ""
    if not condition.waits:
        why_not = msg("the start condition holds no wait job")
    elif machines is not None and net.id not in machines:
        why_not = msg("{name} has no state machine of its own to start", name=net.name)
    elif problems:
        why_not = joined("; ", (msg("{name}: {text}", name=w.name, text=text) for w, text in problems))
    gate = condition.mode == "and" and len(condition.waits) > 1
    if why_not:
        text = msg("start condition of {name} not converted: {why_not}",
                   name=net.name, why_not=why_not)
        result.findings.append(Finding("JM437", text, unit.source, unit.id))
        # on the jobnet too: it is then manual, so its schedule is written DISABLED rather
        # than starting runs without the condition (the condition's units are not in the flow)
        result.findings.append(Finding("JM437", text + (
            msg("; its schedule is created disabled") if net.schedules else
            msg("; it has no schedule, so nothing starts it")), net.source, net.id))
        for wait in condition.waits:
            result.findings.append(Finding("JM437", msg("{name}: {text}", name=wait.name, text=text), wait.source, wait.id))
        return
    result.started.add(net.id)
    bucket_note = ""
    for wait, pattern in patterns:
        result.rules.append(StartRule(f"{net.name}-start", pattern, net.id, wait.id, gate))
        if (wait.unit_type or "") in RECEIVING_TYPES:
            result.findings.extend(event_wait_findings(wait))
        conditions = sorted(k for k in pattern["detail"] if k != "event_id") \
            if pattern.get("source") != [S3_SOURCE] else []
        what = (msg("JP1 event {event}", event=str(pattern["detail"]["event_id"][0]))
                + (msg(" with its {conditions} condition(s)", conditions=", ".join(conditions))
                   if conditions else "")
                if pattern.get("source") != [S3_SOURCE] else
                msg("{value} in s3://{value2}",
                    value=pattern['detail-type'][0], value2=pattern['detail']['bucket']['name'][0]))
        if pattern.get("source") == [S3_SOURCE]:
            bucket_note = msg("; the bucket must send its events to EventBridge (S3 bucket "
                              "setting 'Amazon EventBridge notifications', which the template "
                              "cannot turn on for a bucket it does not own)")
        present = (msg("; flco=y (a file already there when the monitoring starts counts) is not "
                       "carried over: the rule sees objects created from then on")
                   if pattern.get("source") == [S3_SOURCE] and not file_watch.created_anew(wait)
                   and "c" in file_watch.conditions(file_watch.watch(wait)[1]) else "")
        result.findings.append(Finding(
            "JM435", msg("{name}: an EventBridge rule on {what} ", name=wait.name, what=what)
            + (msg("records its arrival for the join gate of {name}", name=net.name) if gate else
               msg("starts {name}", name=net.name)) + present
            + (msg("; a converted evsj puts host and user in its event only when the unit "
                   "names ex= and un=: an event without them never matches this condition")
               if {"host", "user"} & set(conditions) else ""),
            wait.source, wait.id))
    schedule = (msg("; its schedule starts the monitoring in JP1 and is not emitted as a trigger")
                if net.schedules else "")
    how = (msg("once all {count} start condition events have arrived for one business day (a "
               "join gate; at most one run per business day)",
               count=len(patterns)) if gate else
           msg("on any start condition event") if len(patterns) > 1 else
           msg("on its start condition event"))
    result.findings.append(Finding(
        "JM435", msg("{name} starts {how} (cond={mode}): {count} EventBridge "
                     "rule(s){schedule}{bucket_note}",
                     name=net.name,
                     how=how,
                     mode=condition.mode,
                     count=len(patterns),
                     schedule=schedule,
                     bucket_note=bucket_note), unit.source, unit.id))
    limits = [(key, _limit(_value(net, key))) for key in ("wc", "wt")]
    shown = [f"{key}={value}" for key, value in limits if value not in _LIMIT_OFF]
    if shown:
        result.findings.append(Finding(
            "JM436", msg("{name}: the start condition's monitoring limit {shown} is not carried "
                         "over; the rules start a run for every matching event, at any time",
                         name=net.name, shown=', '.join(shown)),
            net.source, net.id))


__all__ = ["START_KIND", "StartCondition", "StartRule", "Result", "build", "conditions",
           "is_condition_unit", "s3_pattern", "wait_pattern"]
