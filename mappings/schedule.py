"""Legacy cron schedules → EventBridge schedules that fire at exactly the same instants.

:func:`map_cron` maps a ``vixie`` (crontab, cronie semantics) or ``jenkins``
:class:`~jobmig.model.LegacySchedule` to the fewest EventBridge cron
expressions whose union fires at exactly the legacy instants:

- cronie ORs the day fields when both are restricted and neither starts with
  ``*``: one schedule per day field (JM208 notes the days both fire);
- ANDed day fields that are both restricted (cronie's star rule; Jenkins
  always) become ``n#k`` schedules when the day-of-month set is whole weeks
  (``1-7`` = first), else one schedule on the rarer field gated by a
  ``DEFAULT_CLOSED`` Change Calendar open exactly on the matching days of
  the horizon (JM204, review);
- Jenkins lines are a union; lines merge when the merge is exact;
- ``target="scheduler"`` keeps local time (``ScheduleExpressionTimezone``);
  ``target="rules"`` shifts to UTC, carrying days, weekdays and months
  (``L`` for a month end). EventBridge rules have no start or end date, so
  in a zone that changes its UTC offset each rule is confined to one offset
  period by its own year, month and day-of-month fields (JM206); a schedule
  that would need more than :data:`MAX_UTC_RULES` such rules is refused
  (JM212: ``--target scheduler`` is the exact alternative).

Every mapping is checked before it is returned: legacy and AWS fire
instants are compared over the horizon. Differences on daylight-saving
days become JM205 (review) with the dates; any other difference means the
mapping is not exact, and the result is ``manual`` (never a wrong schedule).
"""
from __future__ import annotations

import calendar
import hashlib
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jobmig.timing.zones import check_zone_name
from jobmig.timing import cron as legacy_cron
from jobmig.timing.cron import CronSpec, CronSyntaxError
from jobmig.timing.localtime import (EPOCH_ORDINAL, MINUTES_PER_DAY, from_epoch_minute,
                              local_midnight, offset_at, transitions)
from jobmig.mappings import eventbridge_cron
from jobmig.mappings.aws_schedule import RULE, SCHEDULER, AwsSchedule, ScheduleMapping
from jobmig.mappings.change_calendar import DEFAULT_CLOSED, ChangeCalendar, calendar_name
from jobmig.mappings.eventbridge_cron import EventBridgeCronError, field_text
from jobmig.model import Finding, LegacySchedule, SourceRef, Status
from jobmig.timing.simulate import aws_minutes, aws_runs, legacy_minutes, selected_lines
from jobmig.messages import joined, msg

FLAVORS = ("vixie", "jenkins")
TARGETS = ("scheduler", "rules")
ALL_DOM = frozenset(range(1, 32))
ALL_MONTHS = frozenset(range(1, 13))
ALL_DOW = frozenset(range(7))
# Day-of-month blocks that are exactly "the k-th <weekday> of the month".
WEEK_BLOCKS = {1: frozenset(range(1, 8)), 2: frozenset(range(8, 15)),
               3: frozenset(range(15, 22)), 4: frozenset(range(22, 29)),
               5: frozenset(range(29, 32))}
MAX_NTH_SCHEDULES = 3  # more n#k schedules than this: gate with a calendar instead
MAX_LISTED = 8  # dates listed in a finding
EXACT_CHECK_DAYS = 4 * 366  # a fixed-offset UTC shift is checked over a whole leap cycle
NAME_PATTERN = re.compile(r"[^0-9a-zA-Z\-_.]+")
NAME_MAX = 64
NEVER_CHECK = (date(2000, 1, 1), date(2027, 12, 31))  # 28 years: every weekday/date pairing
MAX_UTC_RULES = 24  # per legacy schedule in a DST zone; more: refuse (JM212)


@dataclass(frozen=True)
class _Cron:
    """One EventBridge cron under construction (day-of-week in cron numbers)."""

    minutes: frozenset[int]
    hours: frozenset[int]
    months: frozenset[int]
    dom: frozenset[int] | None = None  # None: '?'
    dom_last: bool = False  # 'L'
    dow: frozenset[int] | None = None  # None: '?'
    dow_nth: tuple[int, int] | None = None  # (weekday, k): 'w#k'
    gate: frozenset[date] | None = None  # local open days of a Change Calendar
    years: frozenset[int] | None = None  # None: '*'

    def text(self) -> str:
        if self.dom_last:
            dom = "L"
        elif self.dom is not None:
            dom = field_text("day-of-month", self.dom)
        else:
            dom = "?"
        if self.dow_nth is not None:
            dow = f"{self.dow_nth[0] + 1}#{self.dow_nth[1]}"
        elif self.dow is not None:
            dow = field_text("day-of-week", self.dow)
        else:
            dow = "?"
        year = "*" if self.years is None else field_text("year", self.years)
        return eventbridge_cron.render(field_text("minutes", self.minutes),
                                       field_text("hours", self.hours), dom,
                                       field_text("month", self.months), dow, year)

    def same_days(self, other: "_Cron") -> bool:
        return (self.months, self.dom, self.dom_last, self.dow, self.dow_nth, self.gate,
                self.years) == (other.months, other.dom, other.dom_last, other.dow,
                                other.dow_nth, other.gate, other.years)


class _CountingHash:
    """Stands in for Jenkins' hash to learn whether a spec draws any H at all."""

    def __init__(self) -> None:
        self.count = 0

    def next_int(self, bound: int) -> int:
        self.count += 1
        return 0


class _Refused(Exception):
    """The schedule cannot be mapped; carries the finding that says why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


# ---------------------------------------------------------------- entry point


def map_cron(legacy: LegacySchedule, *, name: str, target: str = "scheduler",
             horizon: tuple[date, date], source: SourceRef | None = None,
             job_id: str | None = None) -> ScheduleMapping:
    """Map a ``vixie`` or ``jenkins`` legacy schedule to EventBridge.

    ``name`` seeds the schedule and calendar names (deterministic, valid for
    Scheduler); ``target`` is ``scheduler`` (local time + zone) or ``rules``
    (UTC); ``horizon`` is the inclusive date range Change Calendars and DST
    checks cover. Never raises for bad input: problems become findings and a
    ``manual`` status.
    """
    if target not in TARGETS:
        raise ValueError(f"target must be one of {TARGETS}, not {target!r}")

    def finding(code: str, message: str) -> Finding:
        return Finding(code, message, source=source, job_id=job_id)

    try:
        mapping = _map(legacy, name, target, horizon, finding)
    except _Refused as refused:
        return ScheduleMapping(Status.MANUAL, findings=(finding(refused.code, refused.message),))
    parameters = (legacy.context or {}).get("parameters")
    if parameters:  # parameterizedCron: the line's values become execution input
        values = tuple(sorted((str(k), str(v)) for k, v in parameters.items()))
        mapping = replace(mapping, schedules=tuple(
            replace(schedule, input=values) for schedule in mapping.schedules))
    return mapping


def _map(legacy: LegacySchedule, name: str, target: str, horizon: tuple[date, date],
         finding) -> ScheduleMapping:  # type: ignore[no-untyped-def]
    """:func:`_map_parsed`, worked out once per distinct ``_MAPPED`` key.

    A large Jenkins estate repeats the same expanded schedule many times (an ``H H * * *``
    lands on one of 1,440 daily times). What a mapping without calendars holds depends
    only on the key below, except the schedules' names (from ``name``, by their place
    :func:`schedule_name`) and the findings' place and job: those are made per job from
    the remembered answer. A mapping with calendars (named after the job) is made afresh.
    """
    parsed, zone = _parse(legacy)
    key = (legacy.flavor, parsed, zone, horizon, target, legacy.expression)
    known = _MAPPED.get(key)
    if isinstance(known, _Refused):
        raise _Refused(known.code, known.message)
    if known is not None:
        status, schedules, notes = known
        return ScheduleMapping(status, tuple(
            replace(schedule, name=schedule_name(name, index, len(schedules)))
            for index, schedule in enumerate(schedules, start=1)),
            findings=tuple(finding(code, message) for code, message in notes))
    try:
        mapping = _map_parsed(legacy, parsed, zone, name, target, horizon, finding)
    except _Refused as refused:
        _remember(key, refused)
        raise
    if not mapping.calendars:
        _remember(key, (mapping.status, mapping.schedules,
                        tuple((f.code, f.message) for f in mapping.findings)))
    return mapping


# Mappings without calendars, by what they depend on (see _map): (status, schedules,
# findings' (code, message)), or the refusal.
_MAPPED: dict[tuple, tuple | _Refused] = {}


def _remember(key: tuple, outcome: tuple | _Refused) -> None:
    if len(_MAPPED) >= _MAX_CHECKS:
        _MAPPED.clear()
    _MAPPED[key] = outcome


def _map_parsed(legacy: LegacySchedule, parsed: tuple[CronSpec, ...], zone: str, name: str,
                target: str, horizon: tuple[date, date],
                finding) -> ScheduleMapping:  # type: ignore[no-untyped-def]
    """The mapping of ``legacy``, read as ``parsed`` in ``zone`` (:func:`_parse`)."""
    label = legacy.expression.strip().replace("\n", " | ")
    specs = [spec for spec in parsed if _ever_fires(spec, horizon)]  # drop dead lines
    if not specs:
        return ScheduleMapping(Status.AUTO, findings=(finding(
            "JM209", msg("{label!r}: no date matches its day and month fields", label=label)),))
    crons: list[_Cron] = []
    gated: list[str] = []
    for spec in specs:
        made, note = _spec_crons(spec, horizon, jenkins=legacy.flavor == "jenkins")
        crons += made
        if note:
            gated.append(note)
    crons = _merge(crons)
    periods_note = None
    if target == "scheduler":
        placed = [(cron, zone) for cron in crons]
        kind = SCHEDULER
    else:
        utc, periods_note = _to_utc(crons, zone, horizon, label)
        placed = [(cron, "UTC") for cron in utc]
        kind = RULE
    schedules, calendars = _build(placed, kind, name, zone, horizon, label)
    findings = [finding("JM204", note) for note in gated]
    if periods_note is not None:
        findings.append(finding("JM206", periods_note))
    findings += _checked(legacy, parsed, schedules, calendars, zone, horizon, target, label,
                         finding)
    status = Status.worst([f.severity.job_status for f in findings])
    return ScheduleMapping(status, tuple(schedules), tuple(calendars), tuple(findings))


def _parse(legacy: LegacySchedule) -> tuple[tuple[CronSpec, ...], str]:
    """(specs, zone) of a legacy schedule, or :class:`_Refused`."""
    if legacy.flavor not in FLAVORS:
        raise _Refused("JM201", msg("flavor {flavor!r} is not a cron flavor", flavor=legacy.flavor))
    expression = legacy.expression
    try:
        if legacy.flavor == "vixie":
            specs: tuple[CronSpec, ...] = (legacy_cron.parse_vixie(expression),)
            zone = legacy.timezone or "UTC"
        else:
            if legacy.seed is None:
                draws = _CountingHash()
                legacy_cron.parse_jenkins(expression, "", rnd=draws)  # type: ignore[arg-type]
                if draws.count:
                    raise _Refused("JM210", msg("{expression!r} uses H but the job's full name "
                                                "is not known",
                                                expression=expression))
            jenkins = legacy_cron.parse_jenkins(expression, legacy.seed or "")
            jenkins = jenkins.only(selected_lines(legacy))
            specs, zone = jenkins.lines, jenkins.timezone or legacy.timezone or "UTC"
    except CronSyntaxError as error:
        text = error.message
        if legacy.flavor == "vixie" and "@reboot" in text:
            raise _Refused("JM105", msg("{strip!r}: {text}", strip=expression.strip(), text=text)) from None
        if legacy.flavor == "vixie" and "random" in text:
            raise _Refused("JM203", text) from None
        where = f" (line {error.line})" if error.line else ""
        raise _Refused("JM202", msg("{strip!r}{where}, at offset {offset}: {text}",
                                    strip=expression.strip(),
                                    where=where,
                                    offset=error.offset,
                                    text=text)) from None
    try:
        check_zone_name(zone)
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a path
        raise _Refused("JM201", msg("unknown time zone {zone!r}", zone=zone)) from None
    return specs, zone


def _ever_fires(spec: CronSpec, horizon: tuple[date, date]) -> bool:
    """Whether any date matches the day and month fields (quick answers first)."""
    longest = {2: 29, 4: 30, 6: 30, 9: 30, 11: 30}
    dom_possible = any(day <= longest.get(month, 31)
                       for month in spec.months for day in spec.days_of_month)
    if not spec.day_and:
        return dom_possible or bool(spec.days_of_week)
    if spec.days_of_week == ALL_DOW or not dom_possible:
        return dom_possible
    first, last = horizon
    for ordinal in range(first.toordinal(), last.toordinal() + 1):
        day = date.fromordinal(ordinal)
        if spec.day_matches(day.month, day.day, (day.weekday() + 1) % 7):
            return True
    return bool(legacy_cron.day_set(spec, *NEVER_CHECK))


# ---------------------------------------------------------------- local crons


def _spec_crons(spec: CronSpec, horizon: tuple[date, date], *,
                jenkins: bool) -> tuple[list[_Cron], str | None]:
    """EventBridge crons (local time) for one legacy line, and a JM204 note if gated."""
    base = _Cron(minutes=spec.minutes, hours=spec.hours, months=spec.months)
    dom, dow = spec.days_of_month, spec.days_of_week
    if not spec.day_and:
        if dom == ALL_DOM or dow == ALL_DOW:
            return [replace(base, dom=ALL_DOM)], None
        # cronie: both fields restricted, neither starts with '*' → either day matches.
        return [replace(base, dom=dom), replace(base, dow=dow)], None
    if dow == ALL_DOW:
        return [replace(base, dom=dom)], None
    if dom == ALL_DOM:
        return [replace(base, dow=dow)], None
    blocks = [k for k, block in WEEK_BLOCKS.items() if block <= dom]
    if frozenset().union(*(WEEK_BLOCKS[k] for k in blocks)) == dom and \
            len(blocks) * len(dow) <= MAX_NTH_SCHEDULES:
        return [replace(base, dow_nth=(weekday, k)) for weekday in sorted(dow)
                for k in blocks], None
    return _gated(spec, base, horizon, jenkins)


def _gated(spec: CronSpec, base: _Cron, horizon: tuple[date, date],
           jenkins: bool) -> tuple[list[_Cron], str]:
    """One field in cron, the other in a Change Calendar (open on days matching both)."""
    first, last = horizon
    open_days = frozenset(legacy_cron.day_set(spec, first, last))
    by_dom = replace(spec, days_of_week=ALL_DOW)
    by_dow = replace(spec, days_of_month=ALL_DOM)
    dom_days = len(legacy_cron.day_set(by_dom, first, last))
    dow_days = len(legacy_cron.day_set(by_dow, first, last))
    if dom_days < dow_days:
        cron, field = replace(base, dom=spec.days_of_month, gate=open_days), "day-of-month"
    else:
        cron, field = replace(base, dow=spec.days_of_week, gate=open_days), "day-of-week"
    why = msg("Jenkins ANDs the day fields") if jenkins else \
        msg("a day field starts with '*', so cronie ANDs the day fields")
    note = msg("{why}; the schedule fires on its {field} field and its Change Calendar is open "
               "on the {days} matching days from {first} to {last}; renew the calendar before "
               "{last}", why=why, field=field, days=len(open_days), first=first, last=last)
    return [cron], note


def _merge(crons: list[_Cron]) -> list[_Cron]:
    """Merge crons whose union is again one cron (exactly), keeping first-seen order."""
    crons = list(crons)
    merged = True
    while merged:
        merged = False
        for i in range(len(crons)):
            for j in range(i + 1, len(crons)):
                union = _merge_pair(crons[i], crons[j])
                if union is not None:
                    crons[i] = union
                    del crons[j]
                    merged = True
                    break
            if merged:
                break
    return crons


def _merge_pair(a: _Cron, b: _Cron) -> _Cron | None:
    if a == b:
        return a
    if _only_differ_in(a, b, "years"):  # exact for any cron, gated or not
        return replace(a, years=None if a.years is None or b.years is None
                       else a.years | b.years)
    if _only_differ_in(a, b, "months"):
        return replace(a, months=a.months | b.months)
    if a.years != b.years or a.gate is not None or b.gate is not None:
        return None
    if _covers(a, b):
        return a
    if _covers(b, a):
        return b
    if a.same_days(b):
        if a.minutes == b.minutes:
            return replace(a, hours=a.hours | b.hours)
        if a.hours == b.hours:
            return replace(a, minutes=a.minutes | b.minutes)
        return None
    if (a.minutes, a.hours) != (b.minutes, b.hours):
        return None
    days_a = (a.dom, a.dom_last, a.dow, a.dow_nth)
    if days_a == (b.dom, b.dom_last, b.dow, b.dow_nth):
        return replace(a, months=a.months | b.months)
    if a.months != b.months:
        return None
    plain_dom = a.dow is None and b.dow is None and a.dow_nth is None and b.dow_nth is None
    if plain_dom and a.dom is not None and b.dom is not None and not (a.dom_last or b.dom_last):
        return replace(a, dom=a.dom | b.dom)
    plain_dow = a.dom is None and b.dom is None and not (a.dom_last or b.dom_last)
    if plain_dow and a.dow is not None and b.dow is not None and not (a.dow_nth or b.dow_nth):
        return replace(a, dow=a.dow | b.dow)
    return None


def _only_differ_in(a: _Cron, b: _Cron, name: str) -> bool:
    """``a`` and ``b`` are equal but for field ``name``."""
    return replace(a, **{name: getattr(b, name)}) == b


def _covers(a: _Cron, b: _Cron) -> bool:
    """Every run of ``b`` is a run of ``a`` (checked for the shapes that matter)."""
    if not (b.minutes <= a.minutes and b.hours <= a.hours and b.months <= a.months):
        return False
    every_day = a.dom == ALL_DOM and a.dow is None and not a.dom_last
    return every_day or (a.dom, a.dom_last, a.dow, a.dow_nth) == (b.dom, b.dom_last, b.dow,
                                                                  b.dow_nth)


# ---------------------------------------------------------------- UTC rules


Placed = tuple[_Cron, str]  # cron, the zone it fires in


@dataclass(frozen=True)
class _Segment:
    """Local days ``first..last``; their minutes of day in ``[low, high)`` have ``offset``."""

    first: date
    last: date
    low: int  # minutes of the day
    high: int
    offset: int  # minutes east of UTC


def _to_utc(crons: list[_Cron], zone: str, horizon: tuple[date, date],
            label: str) -> tuple[list[_Cron], str | None]:
    """UTC crons firing at the local times of ``crons``, and a JM206 note for DST zones.

    A zone with one offset (over a whole leap cycle) needs a plain shift and
    no note. Otherwise EventBridge rules, which have no start or end date,
    must carry the offset periods themselves: each cron is cut into the
    horizon's offset periods (:func:`_segments`), shifted by the period's
    offset, and confined to the period's UTC dates by its year, month and
    day-of-month fields (:func:`_within`). Raises :class:`_Refused` (JM207)
    when a shift cannot be written as cron, or (JM212) when more than
    :data:`MAX_UTC_RULES` rules would be needed.
    """
    if _fixed_offset(zone, horizon):
        offset = offset_at(zone, local_midnight(zone, horizon[0]))
        return [utc for cron in crons
                for utc in _merge([u for _, u in _shift_parts(cron, offset, label)])], None
    segments = _segments(zone, horizon)
    pieces: list[_Cron] = []
    for cron in crons:
        times = frozenset(h * 60 + m for h in cron.hours for m in cron.minutes)
        for first, last, offset, chosen in _runs(segments, times):
            for part in _with_times(cron, chosen):
                for delta, utc in _shift_parts(part, offset, label):
                    low = first + timedelta(days=delta)
                    if first == horizon[0]:
                        low = _month_start_if_steady(zone, low, delta)
                    pieces += _within(utc, low, last + timedelta(days=delta))
    rules = _merge(pieces)
    if len(rules) > MAX_UTC_RULES:
        raise _Refused("JM212", msg("{label!r}: {zone} changes its UTC offset, and UTC rules "
                                    "confined to its offset periods from {horizon} to {horizon2} "
                                    "would take {count} rules (more than {MAX_UTC_RULES}); use "
                                    "--target scheduler, which keeps local time without splitting",
                                    label=label,
                                    zone=zone,
                                    horizon=horizon[0],
                                    horizon2=horizon[1],
                                    count=len(rules),
                                    MAX_UTC_RULES=MAX_UTC_RULES))
    return rules, _periods_message(label, zone, horizon, len(rules))


def _month_start_if_steady(zone: str, first: date, delta: int) -> date:
    """The 1st of ``first``'s month when the zone keeps its offset from there to ``first``.

    ``first`` is the first UTC date of a rule that starts with the horizon
    (local dates moved by ``delta`` days). Runs before the horizon at an
    unchanged offset are the legacy runs, so starting the rule at the month's
    start is exact and spares a partial-month rule.
    """
    start = first.replace(day=1)
    if start < first and not transitions(zone, start - timedelta(days=delta + 1),
                                         first - timedelta(days=delta)):
        return start
    return first


def _fixed_offset(zone: str, horizon: tuple[date, date]) -> bool:
    """No offset change from the horizon's start through a whole leap cycle (or the horizon)."""
    last = max(horizon[1], horizon[0] + timedelta(days=EXACT_CHECK_DAYS))
    return not transitions(zone, horizon[0], last)


def _segments(zone: str, horizon: tuple[date, date]) -> list[_Segment]:
    """The horizon's local days and times, cut where ``zone`` changes its UTC offset.

    A change at instant ``t`` from offset ``old`` to ``new`` takes effect at
    the local time ``t + max(old, new)``: earlier local times keep ``old``,
    so a time the clocks skip runs at the old offset (just after the jump)
    and a time the clocks repeat runs at its first occurrence, as Scheduler
    does. The days around the change differ from the legacy scheduler only
    on the day of the change (JM205).
    """
    start = local_midnight(zone, horizon[0])
    end = local_midnight(zone, horizon[1] + timedelta(days=1))
    low = _local_minute(horizon[0])
    stop = _local_minute(horizon[1] + timedelta(days=1))
    offset = offset_at(zone, start)
    segments: list[_Segment] = []
    for moment in transitions(zone, horizon[0], horizon[1]):
        if not start < moment < end:
            continue
        new = offset_at(zone, moment)
        cut = min(moment + max(offset, new), stop)
        segments += _day_segments(low, cut, offset)
        low, offset = cut, new
    return segments + _day_segments(low, stop, offset)


def _local_minute(day: date) -> int:
    """Local midnight of ``day`` as minutes since 1970-01-01 00:00 on the local clock."""
    return (day.toordinal() - EPOCH_ORDINAL) * MINUTES_PER_DAY


def _day_segments(low: int, high: int, offset: int) -> list[_Segment]:
    """Clock minutes ``[low, high)`` at one offset: part of a day, whole days, part of a day."""
    if low >= high:
        return []

    def day(number: int) -> date:
        return date.fromordinal(number + EPOCH_ORDINAL)

    first, first_minute = divmod(low, MINUTES_PER_DAY)
    last, last_minute = divmod(high, MINUTES_PER_DAY)
    if first == last:
        return [_Segment(day(first), day(first), first_minute, last_minute, offset)]
    segments = []
    if first_minute:
        segments.append(_Segment(day(first), day(first), first_minute, MINUTES_PER_DAY, offset))
        first += 1
    if first < last:
        segments.append(_Segment(day(first), day(last - 1), 0, MINUTES_PER_DAY, offset))
    if last_minute:
        segments.append(_Segment(day(last), day(last), 0, last_minute, offset))
    return segments


def _runs(segments: list[_Segment], times: frozenset[int]
          ) -> list[tuple[date, date, int, frozenset[int]]]:
    """``(first, last, offset, times)``: the minutes of ``times`` each segment keeps.

    Segments that keep none are dropped; consecutive days with one offset
    and the same kept times are joined (a job at 12:00 runs at the new
    offset from the day of the change on).
    """
    runs: list[tuple[date, date, int, frozenset[int]]] = []
    for segment in segments:
        kept = frozenset(t for t in times if segment.low <= t < segment.high)
        if not kept:
            continue
        if runs and runs[-1][2:] == (segment.offset, kept) and \
                runs[-1][1] + timedelta(days=1) == segment.first:
            runs[-1] = (runs[-1][0], segment.last, segment.offset, kept)
        else:
            runs.append((segment.first, segment.last, segment.offset, kept))
    return runs


def _with_times(cron: _Cron, times: frozenset[int]) -> list[_Cron]:
    """``cron`` firing at the minutes of the day ``times`` only (one cron per minute set)."""
    by_hour: dict[int, set[int]] = {}
    for moment in times:
        by_hour.setdefault(moment // 60, set()).add(moment % 60)
    return [replace(cron, minutes=minutes, hours=hours)
            for minutes, hours in _time_groups(by_hour)]


def _time_groups(by_hour: dict[int, set[int]]) -> list[tuple[frozenset[int], frozenset[int]]]:
    """``(minutes, hours)`` pairs: hours with the same minutes share one cron."""
    hours_by_minutes: dict[frozenset[int], set[int]] = {}
    for hour, minutes in sorted(by_hour.items()):
        hours_by_minutes.setdefault(frozenset(minutes), set()).add(hour)
    return [(minutes, frozenset(hours)) for minutes, hours in hours_by_minutes.items()]


def _within(cron: _Cron, first: date, last: date) -> list[_Cron]:
    """``cron`` (UTC) confined to the UTC dates ``first..last`` by its year, month and day fields.

    Months the range covers whole keep the cron's day fields and go into
    the month and year fields (years with the same months share a cron). A
    partial month becomes a cron for that one year and month whose
    day-of-month lists the days in range on which ``cron`` fires: exact
    whatever its day fields (weekdays, ``L``, ``n#k``), since the year and
    month are fixed. A partial month that keeps all of the cron's days
    counts as whole.
    """
    parsed = eventbridge_cron.parse(cron.text())
    whole: dict[int, set[int]] = {}  # year → months
    partial: list[_Cron] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        if month in cron.months:
            length = calendar.monthrange(year, month)[1]
            low = first.day if (year, month) == (first.year, first.month) else 1
            high = last.day if (year, month) == (last.year, last.month) else length
            fires = parsed.month_days(year, month)
            kept = frozenset(d for d in fires if low <= d <= high)
            if kept == fires:
                whole.setdefault(year, set()).add(month)
            elif kept:
                partial.append(replace(cron, years=frozenset({year}), months=frozenset({month}),
                                       dom=kept, dom_last=False, dow=None, dow_nth=None))
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    years_by_months: dict[frozenset[int], set[int]] = {}
    for year, months in whole.items():
        years_by_months.setdefault(frozenset(months), set()).add(year)
    return [replace(cron, years=frozenset(years), months=months)
            for months, years in years_by_months.items()] + partial


def _shift_parts(cron: _Cron, offset: int, label: str) -> list[tuple[int, _Cron]]:
    """``cron`` (local, UTC offset ``offset`` minutes) as ``(day shift, UTC cron)`` pairs.

    Times that cross midnight move their days by the day shift: weekdays by
    one, days of the month by one with the 1st becoming ``L`` of the
    previous month. The result is only a candidate: the caller checks it
    against the legacy instants. Raises :class:`_Refused` (JM207) when the
    days cannot move in cron.
    """
    groups: dict[int, dict[int, set[int]]] = {}
    for hour in cron.hours:
        for minute in cron.minutes:
            delta, moment = divmod(hour * 60 + minute - offset, 1440)
            groups.setdefault(delta, {}).setdefault(moment // 60, set()).add(moment % 60)
    out: list[tuple[int, _Cron]] = []
    for delta, by_hour in sorted(groups.items()):
        days = _shift_days(cron, delta)
        if days is None:
            raise _Refused("JM207", msg("{label!r}: moving {text} by {value:+d} minutes to UTC "
                                        "changes its days in a way cron cannot express",
                                        label=label, text=cron.text(), value=-offset))
        for minutes, hours in _time_groups(by_hour):
            out += [(delta, replace(day, minutes=minutes, hours=hours)) for day in days]
    return out


def _shift_days(cron: _Cron, delta: int) -> list[_Cron] | None:
    if delta == 0:
        return [cron]
    if cron.dom == ALL_DOM and cron.months == ALL_MONTHS and cron.dow is None:
        return [cron]
    if cron.dow is not None and cron.dom is None and cron.dow_nth is None:
        return [replace(cron, dow=frozenset((d + delta) % 7 for d in cron.dow))]
    if cron.dom is None or cron.dom_last:
        return None
    if delta == -1:
        out = []
        earlier = frozenset(k - 1 for k in cron.dom if k >= 2)
        if earlier:
            out.append(replace(cron, dom=earlier))
        if 1 in cron.dom:  # the 1st, moved back, is the last day of the month before
            out.append(replace(cron, dom=None, dom_last=True,
                               months=frozenset((m - 2) % 12 + 1 for m in cron.months)))
        return out
    if delta == 1:
        out = []
        later = frozenset(k + 1 for k in cron.dom if k <= 30)
        if later:
            out.append(replace(cron, dom=later))
        if any(k >= 28 for k in cron.dom):  # a month end, moved on, is the 1st
            out.append(replace(cron, dom=frozenset({1}),
                               months=frozenset(m % 12 + 1 for m in cron.months)))
        return out
    return None


# ---------------------------------------------------------------- output


def schedule_name(name: str, index: int, count: int) -> str:
    """A Scheduler-valid name (``[0-9a-zA-Z-_.]{1,64}``) from ``name`` and a 1-based suffix."""
    base = NAME_PATTERN.sub("-", name).strip("-") or "schedule"
    suffix = f"-{index}" if count > 1 else ""
    if len(base) + len(suffix) > NAME_MAX:
        digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
        base = base[: NAME_MAX - len(suffix) - 9].rstrip("-") + "-" + digest
    return base + suffix


def _build(placed: list[Placed], kind: str, name: str, zone: str,
           horizon: tuple[date, date], label: str
           ) -> tuple[list[AwsSchedule], list[ChangeCalendar]]:
    gates: list[frozenset[date]] = []
    for cron, _ in placed:
        if cron.gate is not None and cron.gate not in gates:
            gates.append(cron.gate)
    calendars = [
        ChangeCalendar(
            name=calendar_name(f"{name}-days" + (f"-{i}" if len(gates) > 1 else "")),
            calendar_type=DEFAULT_CLOSED, timezone=zone, days=gate, horizon=horizon,
            description=f"Run days of {label} from {horizon[0]} to {horizon[1]}")
        for i, gate in enumerate(gates, start=1)
    ]
    schedules: list[AwsSchedule] = []
    for index, (cron, tz) in enumerate(placed, start=1):
        text = cron.text()
        try:
            eventbridge_cron.parse(text)
        except EventBridgeCronError as error:
            raise _Refused("JM201", msg("{label!r}: {text} is not a valid EventBridge expression "
                                        "({error})",
                                        label=label, text=text, error=error)) from None
        gate = calendars[gates.index(cron.gate)].name if cron.gate is not None else None
        schedules.append(AwsSchedule(
            name=schedule_name(name, index, len(placed)), expression=text, kind=kind,
            timezone=tz, calendar=gate))
    return schedules, calendars


# ---------------------------------------------------------------- checking


# Outcomes of _check by everything they depend on; see _checked.
_CHECKS: dict[tuple, tuple[tuple[str, str], ...] | _Refused] = {}
_MAX_CHECKS = 65_536


def _checked(legacy: LegacySchedule, specs: tuple[CronSpec, ...], schedules: list[AwsSchedule],
             calendars: list[ChangeCalendar], zone: str, horizon: tuple[date, date],
             target: str, label: str, finding) -> list[Finding]:  # type: ignore[no-untyped-def]
    """:func:`_check`, computed once per distinct comparison.

    Large Jenkins estates repeat the same expanded schedules many times (an
    ``H H * * *`` lands on one of 1,440 daily times), and a comparison over
    a two-year horizon is most of the cost of mapping a job. Its outcome
    depends only on the key below (the legacy side's expanded specs, zone and
    dialect; the AWS side's expressions and periods; the window; the label in
    the messages), not on the job's name, so it is remembered. Schedules gated
    by a calendar are always compared afresh: their calendars carry the name.
    """
    if calendars:
        return _check(legacy, schedules, calendars, zone, horizon, target, label, finding)
    key = (legacy.flavor, specs, zone, horizon, target, label,
           tuple((s.expression, s.kind, s.timezone, s.start_date, s.end_date) for s in schedules))
    outcome = _CHECKS.get(key)
    if outcome is None:
        shape = _minute_free_shape(legacy.flavor, specs, schedules, zone, horizon, target)
        if shape is not None and shape in _EXACT_SHAPES:
            outcome = ()
        else:
            try:
                outcome = tuple((f.code, f.message) for f in _check(
                    legacy, schedules, calendars, zone, horizon, target, label, _bare_finding))
            except _Refused as refused:
                outcome = refused
            if shape is not None and outcome == ():
                if len(_EXACT_SHAPES) >= _MAX_CHECKS:
                    _EXACT_SHAPES.clear()
                _EXACT_SHAPES.add(shape)
        if len(_CHECKS) >= _MAX_CHECKS:
            _CHECKS.clear()
        _CHECKS[key] = outcome
    if isinstance(outcome, _Refused):
        raise _Refused(outcome.code, outcome.message)
    return [finding(code, message) for code, message in outcome]


# Minute-free shapes (see _minute_free_shape) whose comparison found both sides equal.
_EXACT_SHAPES: set[tuple] = set()


def _minute_free_shape(flavor: str, specs: tuple[CronSpec, ...], schedules: list[AwsSchedule],
                       zone: str, horizon: tuple[date, date], target: str) -> tuple | None:
    """What the outcome of an exact comparison depends on once the minutes are set aside.

    ``None`` unless every legacy line and every AWS expression fires at the
    same minutes ``M`` of an hour, and ``zone`` keeps one whole-hour UTC offset
    throughout the check window. Then each side fires at exactly the minutes
    ``{(hour, m) : hour in H_side, m in M}``, where ``H_side`` (the UTC hours it
    fires in) does not depend on ``M``: a whole-hour shift moves hours and
    days, never minutes, and with no offset change no hour is skipped or
    repeated. So the two sides are equal, and no minute is started twice,
    exactly when they are for any other ``M``, and an equal outcome can be
    shared by every schedule of the same shape (an ``H`` spread of the same
    hourly or daily job differs only in its minutes). Outcomes with findings
    are never shared: their messages name minutes.
    """
    minutes = specs[0].minutes if specs else None
    if minutes is None or any(spec.minutes != minutes for spec in specs[1:]):
        return None
    aws: list[tuple] = []
    for schedule in schedules:
        if not schedule.expression.startswith("cron(") or schedule.timezone not in (zone, "UTC") \
                or schedule.start_date is not None or schedule.end_date is not None:
            return None
        try:
            cron = eventbridge_cron.parse(schedule.expression)
        except EventBridgeCronError:
            return None
        if cron.minutes != minutes:
            return None
        aws.append((schedule.expression.split(" ", 1)[1], schedule.kind, schedule.timezone))
    if not _whole_hour_fixed_offset(zone, horizon):
        return None
    legacy = tuple((spec.hours, spec.days_of_month, spec.months, spec.days_of_week,
                    spec.dom_star, spec.dow_star, spec.day_and, spec.hour_star) for spec in specs)
    return (flavor, zone, horizon, target, legacy, tuple(aws))


@lru_cache(maxsize=256)
def _whole_hour_fixed_offset(zone: str, horizon: tuple[date, date]) -> bool:
    """``zone`` has one UTC offset, a whole number of hours, over the window :func:`_check` uses."""
    first = horizon[0] - timedelta(days=2)
    last = max(horizon[1], horizon[0] + timedelta(days=EXACT_CHECK_DAYS)) + timedelta(days=2)
    if transitions(zone, first, last):
        return False
    return offset_at(zone, local_midnight(zone, horizon[0])) % 60 == 0


def _bare_finding(code: str, message: str) -> Finding:
    return Finding(code, message)


def _check(legacy: LegacySchedule, schedules: list[AwsSchedule],
           calendars: list[ChangeCalendar], zone: str, horizon: tuple[date, date],
           target: str, label: str, finding) -> list[Finding]:  # type: ignore[no-untyped-def]
    """Compare both sides over the horizon; findings for DST days, refusal otherwise."""
    start = local_midnight(zone, horizon[0])
    end = local_midnight(zone, horizon[1] + timedelta(days=1))
    fixed_utc_shift = target == "rules" and _fixed_offset(zone, horizon)
    if fixed_utc_shift and not calendars:
        end = max(end, start + EXACT_CHECK_DAYS * 1440)
    by_name = {calendar.name: calendar for calendar in calendars}
    legacy_side = legacy_minutes(legacy, start, end)
    unique, duplicates = aws_runs(schedules, by_name, start, end)
    findings: list[Finding] = []
    if legacy_side != unique:
        dst_days = {_local_day(t, zone) for t in transitions(zone, horizon[0], horizon[1])}
        legacy_set, aws_set = set(legacy_side), set(unique)
        differing = sorted((legacy_set - aws_set) | (aws_set - legacy_set))
        off_dst = [m for m in differing if _local_day(m, zone) not in dst_days]
        if off_dst:
            moment = from_epoch_minute(off_dst[0]).isoformat()
            raise _Refused("JM207" if target == "rules" else "JM201",
                           msg("{label!r}: no exact EventBridge equivalent was found (first "
                               "difference at {moment})",
                               label=label, moment=moment))
        findings.append(finding("JM205", _dst_message(label, legacy_set, aws_set, differing,
                                                      zone)))
    if duplicates:
        runs = aws_minutes(schedules, by_name, start, end)
        findings.append(finding("JM208", _overlap_message(label, runs, zone)))
    return findings


def _local_day(minute: int, zone: str) -> date:
    return from_epoch_minute(minute).astimezone(ZoneInfo(zone)).date()


def _local(minute: int, zone: str) -> str:
    return from_epoch_minute(minute).astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M %Z")


def _dst_message(label: str, legacy_set: set[int], aws_set: set[int], differing: list[int],
                 zone: str) -> str:
    days = sorted({_local_day(m, zone) for m in differing})
    parts = []
    for minute in differing[:MAX_LISTED]:
        side = msg("legacy only") if minute in legacy_set else msg("AWS only")
        parts.append(msg("{time} ({side})", time=_local(minute, zone), side=side))
    more = msg(" and {count} more", count=len(differing) - MAX_LISTED) \
        if len(differing) > MAX_LISTED else ""
    return msg("{label!r} in {zone}: runs differ on {days}: {parts}{more}", label=label,
               zone=zone, days=", ".join(map(str, days)), parts=joined("; ", parts), more=more)


def _overlap_message(label: str, runs: list[int], zone: str) -> str:
    doubled = sorted({_local_day(a, zone) for a, b in zip(runs, runs[1:]) if a == b})
    shown = ", ".join(map(str, doubled[:MAX_LISTED]))
    more = msg(" and {count} more days", count=len(doubled) - MAX_LISTED) \
        if len(doubled) > MAX_LISTED else ""
    return msg("{label!r}: two schedules fire at the same minute on {shown}{more}",
               label=label, shown=shown, more=more)


def _periods_message(label: str, zone: str, horizon: tuple[date, date], count: int) -> str:
    """JM206: where the zone changes offset, how the rules follow, and when they stop."""
    changes = sorted({_local_day(t, zone) for t in transitions(zone, *horizon)})
    where = (msg("changes its UTC offset on {days}", days=", ".join(map(str, changes)))
             if changes else msg("changes its UTC offset outside the horizon"))
    return msg("{label!r}: {zone} {where}; EventBridge rules run in UTC and have no start or "
               "end date, so each of the {count} rule(s) is confined to one offset period by "
               "its year, month and day fields, and none fires after the horizon ends on "
               "{end}: convert again before then, or use --target scheduler",
               label=label, zone=zone, where=where, count=count, end=horizon[1])
