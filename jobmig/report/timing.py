"""Timing risks: jobs that run more often than once a minute, or when clocks change.

Reads one plan.json job dict and says which timing risks it carries. Three
sources of evidence, in this order:

1. finding codes: :data:`SUB_MINUTE_CODES` / :data:`DST_CODES` (JM205 runs
   differ at a DST change, JM206 UTC rules split at DST changes), plus any
   catalogue entry whose *title* matches :data:`_SUB_MINUTE_TITLE` or
   :data:`_DST_TITLE` (other areas add codes over time; the title keeps this
   module in step without a code list to maintain);
2. the AWS schedules (for DST only when no DST finding is on the job: the
   pipeline's finding comes from simulating fire times and is exact): a
   ``scheduler`` schedule in a zone that observes DST
   whose cron hours/minutes hit a local time that is skipped (spring) or
   repeated (autumn) on a transition day of :data:`REFERENCE_YEAR`; a UTC
   ``rule`` whose legacy zone observes DST (its local time shifts by the DST
   offset for part of the year); ``rate(1 minute)`` or a cron minute field of
   ``*``/``0/1`` (every minute, the AWS floor);
3. the legacy schedule: a crontab minute field ``*`` whose command sleeps
   fewer than 60 seconds (the ``* * * * * sleep 30; cmd`` trick for sub-minute
   runs), which AWS cannot reproduce.

Day fields are ignored for the DST check: a job is flagged when its time of
day can fall in a transition, even if its weekdays never meet one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Any, Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jobmig.catalogue import CATALOGUE
from jobmig.messages import msg
from jobmig.digits import is_number

REFERENCE_YEAR = 2026

SUB_MINUTE = "sub-minute"  # runs more often than once a minute on the legacy side
EVERY_MINUTE = "every-minute"  # runs every minute: the AWS floor, no slack left
DST = "dst"  # fires at a local time DST skips or repeats, or shifts in UTC

# Codes known to mean these risks (extend as areas add them).
SUB_MINUTE_CODES: frozenset[str] = frozenset()
DST_CODES: frozenset[str] = frozenset({"JM205", "JM206"})

_SUB_MINUTE_TITLE = re.compile(
    r"sub-?minute|more often than (?:once )?(?:a|per|every) minute|every \d+ seconds|seconds? interval",
    re.IGNORECASE)
_DST_TITLE = re.compile(r"\bDST\b|daylight|summer time|clock change|clocks? (?:go|goes|change)",
                        re.IGNORECASE)
_SLEEP = re.compile(r"\bsleep\s+(\d+)(?:s\b|\b)(?!\s*[mhd]\b)")


@dataclass(frozen=True)
class TimingRisk:
    """One timing risk of one job: ``kind`` (:data:`SUB_MINUTE`, :data:`EVERY_MINUTE`, :data:`DST`)."""

    kind: str
    detail: str


#: The words :func:`_transitions` gives, as messages (so they are said in Japanese too).
_TRANSITION_WORDS = {"skipped": msg("skipped"), "repeated": msg("repeated")}


def code_kind(code: str) -> str | None:
    """The timing risk a finding code stands for, or ``None``."""
    # asked for every finding of every job; the answer depends on the code alone
    return _code_kind(code)


@lru_cache(maxsize=4096)
def _code_kind(code: str) -> str | None:
    if code in SUB_MINUTE_CODES:
        return SUB_MINUTE
    if code in DST_CODES:
        return DST
    entry = CATALOGUE.get(code)
    if entry is None:
        return None
    if _SUB_MINUTE_TITLE.search(entry.title):
        return SUB_MINUTE
    if _DST_TITLE.search(entry.title):
        return DST
    return None


def job_risks(job: Mapping[str, Any]) -> list[TimingRisk]:
    """Every timing risk of one plan.json job, deduplicated, in a stable order."""
    risks: list[TimingRisk] = []
    for finding in job.get("findings") or []:
        kind = code_kind(str(finding.get("code", "")))
        if kind:
            risks.append(TimingRisk(kind, msg("{code}: {message}", code=finding.get("code"),
                                              message=finding.get("message", ""))))
    legacy_zone = (job.get("legacy_schedule") or {}).get("timezone")
    # A DST finding means the pipeline simulated the fire times: trust it over
    # the time-of-day heuristic below.
    simulated = any(risk.kind == DST for risk in risks)
    for schedule in job.get("schedules") or []:
        risks.extend(risk for risk in _schedule_risks(schedule, legacy_zone)
                     if not (simulated and risk.kind == DST))
    risks.extend(_legacy_risks(job))
    unique = list(dict.fromkeys(risks))
    return unique


def _schedule_risks(schedule: Mapping[str, Any], legacy_zone: str | None) -> list[TimingRisk]:
    expression = str(schedule.get("expression") or "")
    zone = str(schedule.get("timezone") or "UTC")
    risks: list[TimingRisk] = []
    if re.fullmatch(r"rate\(\s*1\s+minutes?\s*\)", expression):
        risks.append(TimingRisk(EVERY_MINUTE, f"{expression}"))
    fields = _cron_fields(expression)
    if fields is None:
        return risks
    minutes = _expand(fields[0], 0, 59)
    hours = _expand(fields[1], 0, 23)
    if minutes is not None and len(minutes) == 60:
        during = "" if hours is None or len(hours) == 24 else \
            msg(" during hour(s) {hours}", hours=",".join(str(h) for h in sorted(hours)))
        risks.append(TimingRisk(EVERY_MINUTE, msg("{expression} fires every minute{during}",
                                                  expression=expression, during=during)))
    if schedule.get("kind") == "rule" or zone.upper() == "UTC":
        if legacy_zone and _observes_dst(legacy_zone):
            risks.append(TimingRisk(
                DST, msg("{expression} is in UTC; the legacy zone {zone} changes its offset for "
                         "DST, so local run times shift by the DST offset part of the year",
                         expression=expression, zone=legacy_zone)))
        return risks
    if minutes is None or hours is None:
        return risks
    for kind, start, end in _transitions(zone):
        hit = _first_hit(hours, minutes, start, end)
        if hit:
            risks.append(TimingRisk(
                DST, msg("{expression} fires at {hit} {zone}, a local time that is {kind} when "
                         "clocks change ({start}-{end} on {day})", expression=expression,
                         hit=hit, zone=zone, kind=_TRANSITION_WORDS.get(kind, kind),
                         start=f"{start:%H:%M}", end=f"{end:%H:%M}", day=f"{start:%Y-%m-%d}")))
    return risks


def _legacy_risks(job: Mapping[str, Any]) -> list[TimingRisk]:
    legacy = job.get("legacy_schedule") or {}
    if legacy.get("flavor") != "vixie":
        return []
    fields = str(legacy.get("expression") or "").split()
    command = str(job.get("command") or "")
    if len(fields) == 5 and fields[0] == "*":
        sleeps = [int(n) for n in _SLEEP.findall(command) if 0 < int(n) < 60]
        if sleeps:
            return [TimingRisk(SUB_MINUTE, msg("runs every minute and sleeps {seconds} s in the "
                                               "command: a sub-minute loop EventBridge cannot "
                                               "fire", seconds=min(sleeps)))]
    return []


def _cron_fields(expression: str) -> list[str] | None:
    match = re.fullmatch(r"cron\((.*)\)", expression.strip())
    if not match:
        return None
    fields = match.group(1).split()
    return fields if len(fields) == 6 else None


def _expand(field: str, low: int, high: int) -> set[int] | None:
    """The values of one numeric cron field, or ``None`` when it cannot be read."""
    values: set[int] = set()
    for part in field.split(","):
        step = 1
        if "/" in part:
            part, _, step_text = part.partition("/")
            if not is_number(step_text) or int(step_text) == 0:
                return None
            step = int(step_text)
        if part in ("*", "?"):
            start, end = low, high
        elif "-" in part:
            first, _, last = part.partition("-")
            if not (is_number(first) and is_number(last)):
                return None
            start, end = int(first), int(last)
        elif is_number(part):
            start = int(part)
            end = high if step > 1 or "/" in field else start
        else:
            return None
        values.update(range(start, min(end, high) + 1, step))
    return values


def _first_hit(hours: set[int], minutes: set[int], start: datetime, end: datetime) -> str | None:
    """The first ``HH:MM`` of ``hours``×``minutes`` in the local interval ``[start, end)``."""
    moment = start
    while moment < end:
        if moment.hour in hours and moment.minute in minutes:
            return f"{moment:%H:%M}"
        moment += timedelta(minutes=1)
    return None


def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError):
        return None


def _observes_dst(name: str) -> bool:
    return bool(_transitions(name))


@lru_cache(maxsize=None)
def _transitions(name: str) -> tuple[tuple[str, datetime, datetime], ...]:
    """Local wall-clock intervals that are ``skipped`` or ``repeated`` in :data:`REFERENCE_YEAR`.

    Naive local datetimes ``[start, end)``. Empty for zones without DST or unknown zones.
    """
    zone = _zone(name)
    if zone is None:
        return ()
    found: list[tuple[str, datetime, datetime]] = []
    moment = datetime(REFERENCE_YEAR, 1, 1, tzinfo=timezone.utc)
    end_of_year = datetime(REFERENCE_YEAR + 1, 1, 1, tzinfo=timezone.utc)
    offset = moment.astimezone(zone).utcoffset()
    while moment < end_of_year:
        following = moment + timedelta(hours=1)
        new_offset = following.astimezone(zone).utcoffset()
        if new_offset != offset and offset is not None and new_offset is not None:
            instant = _change_instant(moment, following, zone)
            before = (instant - timedelta(minutes=1)).astimezone(zone).replace(
                tzinfo=None, fold=0) + timedelta(minutes=1)
            after = instant.astimezone(zone).replace(tzinfo=None, fold=0)
            if after > before:
                found.append(("skipped", before, after))
            else:
                found.append(("repeated", after, before))
            offset = new_offset
        moment = following
    return tuple(found)


def _change_instant(low: datetime, high: datetime, zone: ZoneInfo) -> datetime:
    """The first UTC minute in ``(low, high]`` with the new offset."""
    old = low.astimezone(zone).utcoffset()
    moment = low
    while moment < high:
        moment += timedelta(minutes=1)
        if moment.astimezone(zone).utcoffset() != old:
            return moment
    return high
