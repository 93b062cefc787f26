"""The instants a JP1/AJS3 schedule rule starts its jobnet (the legacy side of JP1 time).

The rule grammar and the calendar (open and closed days, business-day
arithmetic) are read by :mod:`jobmig.parsers.jp1.rules`; this module turns a
rule and its calendar into local start times and UTC instants, with the
caches that exports need (they repeat one rule and one calendar for many
jobnets). :mod:`jobmig.mappings.jp1_schedule` maps those days onto
EventBridge, :mod:`jobmig.timing.simulate` evaluates them for ``jobmig verify``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import Iterable
from zoneinfo import ZoneInfo

from jobmig.model import LegacySchedule
from jobmig.parsers.jp1.rules import (Calendar, Rule, calendar_from_context, daily_from_entry,
                                      fire_offset, parse_rule, run_days)

UTC = timezone.utc


def legacy_fire_times(legacy: LegacySchedule, start: datetime, end: datetime, *,
                      holidays: Iterable[date] | None = None) -> list[datetime]:
    """UTC instants in ``[start, end)`` at which the JP1 rule starts its jobnet.

    ``start``/``end`` are aware datetimes. ``en``/``ud`` rules give no
    instants. Local times that do not exist (DST gap) are read with the
    offset before the change (zoneinfo's fold=0) [I: JP1's behaviour there is
    not documented]. Raises ``RuleError`` (a ``ValueError``) for a bad rule.
    """
    zone = ZoneInfo(legacy.timezone or "UTC")
    rule = parse_rule(legacy.expression)
    cal = calendar_for(legacy, set(holidays) if holidays else None)
    first = start.astimezone(zone).date() - timedelta(days=3)
    last = end.astimezone(zone).date() + timedelta(days=1)
    found = []
    for local in _local_fires(rule, cal, first, last):
        moment = local.replace(tzinfo=zone).astimezone(UTC)
        if start <= moment < end:
            found.append(moment)
    return found


def calendar_for(legacy: LegacySchedule, holidays: set[date] | None) -> Calendar:
    key = _calendar_key(legacy.context, holidays)
    if key is None:
        return _new_calendar(legacy.context, holidays)
    cal = _CALENDARS.get(key)
    if cal is None:
        if len(_CALENDARS) >= _MAX_REMEMBERED:
            _CALENDARS.clear()
        cal = _CALENDARS[key] = _new_calendar(legacy.context, holidays)
    return cal


def _new_calendar(context, holidays: set[date] | None) -> Calendar:  # type: ignore[no-untyped-def]
    probe = calendar_from_context(context)
    if holidays and not (probe.open_dates or probe.closed_dates):
        return calendar_from_context(context, holidays)
    return probe


# What exports repeat for every jobnet of a job group, remembered by everything it
# depends on (rule text; calendar context and holidays; rule, calendar and horizon):
# the calendar, the parsed rule, the run days over the horizon and the exactness check.
# Rule and Calendar are frozen; callers must not change what these return.
_CALENDARS: dict[tuple, Calendar] = {}
_DAY_SETS: dict[frozenset, frozenset] = {}
_MAX_REMEMBERED = 4096


def _calendar_key(context, holidays) -> tuple | None:  # type: ignore[no-untyped-def]
    """A hashable key of a calendar context and holiday set, or ``None`` (then not cached)."""
    if holidays is not None and not isinstance(holidays, frozenset):
        return None
    try:
        key = (tuple(sorted((name, tuple(value) if isinstance(value, list) else value)
                            for name, value in context.items())), holidays)
        hash(key)
    except TypeError:
        return None
    return key


@lru_cache(maxsize=4096)
def parsed_rule(expression: str) -> Rule:
    """:func:`parse_rule`, memoised (a :class:`RuleError` is raised again each time)."""
    return parse_rule(expression)


@lru_cache(maxsize=4096)
def dated_rule(expression: str) -> Rule | None:
    """The rule of ``expression`` keeping only the start days a schedule is written for
    (not ``en`` or ``ud``, except ``en`` read as every day), or ``None`` when none is left;
    memoised like :func:`parsed_rule`."""
    rule = parsed_rule(expression)
    dated = tuple(spec for spec in rule.days if spec.kind not in ("en", "ud")
                  or (spec.kind == "en" and daily_from_entry(rule)))
    return Rule(**{**rule.__dict__, "days": dated}) if dated else None


@dataclass(frozen=True)
class RunDays:
    """The local days a rule starts on over the horizon, and what ``_gated`` reads of them."""

    days: frozenset[date]
    weekdays: frozenset[int]
    first: date
    last: date


@lru_cache(maxsize=1024)
def cached_run_days(rule: Rule, cal: Calendar, first: date, last: date) -> RunDays:
    """The days of :func:`cached_fires` (not empty). Equal day sets are shared: rules
    that differ only in their start time give the same days."""
    days = frozenset(fire.date() for fire in cached_fires(rule, cal, first, last))
    if len(_DAY_SETS) >= _MAX_REMEMBERED:
        _DAY_SETS.clear()
    days = _DAY_SETS.setdefault(days, days)
    return RunDays(days, frozenset(day.weekday() for day in days), min(days), max(days))


def _local_fires(rule: Rule, cal: Calendar, first: date, last: date) -> list[datetime]:
    """Naive local start times of the business days in ``[first - 2 days, last]``
    whose start falls in ``[first, last]`` (a start may be on the next calendar day)."""
    offset = timedelta(minutes=fire_offset(rule, cal))
    days = run_days(rule, cal, first - timedelta(days=2), last)
    fires = [datetime.combine(day, time()) + offset for day in days]
    return [fire for fire in fires if first <= fire.date() <= last]


@lru_cache(maxsize=1024)
def cached_fires(rule: Rule, cal: Calendar, first: date, last: date) -> list[datetime]:
    """:func:`_local_fires`, memoised: exports repeat the same rule and calendar many times.
    (Rule and Calendar are frozen, so they are keys; callers must not change the list.)"""
    return _local_fires(rule, cal, first, last)
