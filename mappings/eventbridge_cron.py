"""EventBridge cron expressions: parse, validate, render, and evaluate fire times.

``cron(Minutes Hours Day-of-month Month Day-of-week Year)`` as documented for
EventBridge rules and Scheduler (``shared/notes/aws-target.md`` §1.1): six
fields, ``?`` in exactly one day field, day-of-week 1-7 = SUN-SAT, ``L``,
``W``, ``LW``, ``nL``, one ``n#k``, years 1970-2199.

Why no library: jobmig needs exact fire times to prove a mapping, and the
Python evaluators measured in the notes (§9.2) are not exact: pyawscron
crashes on wrap-around ranges (``20-2``, ``FRI-MON``, ``NOV-FEB``), on ``LW``
and on a bare ``L`` in day-of-week, fails on ``0 0 29 2 ? *``, and accepts
invalid expressions (``0 9 * * MON-FRI *``). croniter reads a sixth field as
seconds. The evaluator here works on field sets, day by day, like
:mod:`jobmig.timing.cron`.

Time zones and DST follow EventBridge Scheduler (notes §1.4, from the AWS
re:Post knowledge-centre article on DST): a local time that does not exist
(spring forward) is skipped, and a local time that happens twice (fall back)
fires once. *Assumption*: that one run is at the first occurrence (the
earlier UTC instant); AWS does not say which. Rules are UTC, so they have no
DST cases.

Wrap-around ranges are accepted and evaluated with Quartz semantics
(``22-2`` = 22,23,0,1,2) because AWS validators accept them, but
:func:`field_text` never writes one.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Iterable, Sequence
from zoneinfo import ZoneInfo

from jobmig.timing.localtime import LocalDay, expand, from_epoch_minute, to_epoch_minute
from jobmig.digits import is_number

FIELDS = ("minutes", "hours", "day-of-month", "month", "day-of-week", "year")
BOUNDS = {"minutes": (0, 59), "hours": (0, 23), "day-of-month": (1, 31),
          "month": (1, 12), "day-of-week": (1, 7), "year": (1970, 2199)}
MONTH_NAMES = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN",
               "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
DAY_NAMES = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")  # AWS 1..7
MAX_EXPRESSION = 256  # ScheduleExpression length limit (botocore model)


class EventBridgeCronError(ValueError):
    """An expression EventBridge would reject; ``field`` names the field when known."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field


@dataclass(frozen=True)
class DomRule:
    """Day-of-month: plain ``days``, ``L`` (last day), ``LW``, and ``nW`` days."""

    days: frozenset[int] = frozenset()
    last: bool = False
    last_weekday: bool = False
    nearest_weekday: frozenset[int] = frozenset()


@dataclass(frozen=True)
class DowRule:
    """Day-of-week in cron numbering (0 = Sunday): plain ``days``, ``n#k``, ``nL``."""

    days: frozenset[int] = frozenset()
    nth: tuple[int, int] | None = None  # (weekday, k): the k-th such weekday
    last_of: frozenset[int] = frozenset()  # the last such weekday of the month


@dataclass(frozen=True)
class EventBridgeCron:
    """A parsed ``cron(...)``. ``dom``/``dow`` is ``None`` for ``?``; ``years`` ``None`` = any."""

    minutes: frozenset[int]
    hours: frozenset[int]
    dom: DomRule | None
    months: frozenset[int]
    dow: DowRule | None
    years: frozenset[int] | None
    text: str

    @property
    def times(self) -> tuple[int, ...]:
        return _times(self.minutes, self.hours)

    def month_days(self, year: int, month: int) -> frozenset[int]:
        """The days of ``year-month`` this expression fires on (ignoring times)."""
        return _month_days(self.dom, self.dow, year, month)


@lru_cache(maxsize=4096)
def _times(minutes: frozenset[int], hours: frozenset[int]) -> tuple[int, ...]:
    return tuple(sorted(h * 60 + m for h in hours for m in minutes))


# ---------------------------------------------------------------- parsing


@lru_cache(maxsize=65536)  # a large estate writes the same few thousand expressions again
def parse(expression: str) -> EventBridgeCron:
    """Parse ``cron(...)`` (or its six fields alone); raise :class:`EventBridgeCronError`."""
    text = expression.strip()
    if text.startswith("cron(") and text.endswith(")"):
        text = text[5:-1]
    elif text.startswith(("rate(", "at(")):
        raise EventBridgeCronError(f"{expression!r} is not a cron expression")
    if len(expression) > MAX_EXPRESSION:
        raise EventBridgeCronError(f"expression is longer than {MAX_EXPRESSION} characters")
    fields = text.split()
    if len(fields) != 6:
        raise EventBridgeCronError(f"expected 6 fields, found {len(fields)}")
    minute, hour, dom, month, dow, year = fields
    if (dom == "?") == (dow == "?"):
        raise EventBridgeCronError(
            "exactly one of day-of-month and day-of-week must be '?'"
            + (" (both are '?')" if dom == "?" else ""))
    return EventBridgeCron(
        minutes=frozenset(_plain_field(minute, "minutes")),
        hours=frozenset(_plain_field(hour, "hours")),
        dom=None if dom == "?" else _dom_field(dom),
        months=frozenset(_plain_field(month, "month")),
        dow=None if dow == "?" else _dow_field(dow),
        years=None if year == "*" else frozenset(_plain_field(year, "year")),
        text=f"cron({' '.join(fields)})",
    )


def _plain_field(text: str, field: str) -> set[int]:
    values: set[int] = set()
    for term in text.split(","):
        values |= _plain_term(term, field)
    return values


def _plain_term(term: str, field: str) -> set[int]:
    low, high = BOUNDS[field]
    if not term:
        raise EventBridgeCronError("empty list element", field=field)
    body, slash, step_text = term.partition("/")
    step = 1
    if slash:
        if not is_number(step_text) or int(step_text) == 0:
            raise EventBridgeCronError(f"step {step_text!r} must be a positive number",
                                       field=field)
        step = int(step_text)
    if body == "*":
        start, end = low, high
    else:
        first, dash, last = body.partition("-")
        start = _number(first, field)
        end = _number(last, field) if dash else (high if slash else start)
    span = range(start, end + 1) if start <= end else [
        *range(start, high + 1), *range(low, end + 1)]  # wrap-around (Quartz)
    return set(list(span)[::step])


def _number(text: str, field: str) -> int:
    low, high = BOUNDS[field]
    upper = text.upper()
    if field == "month" and upper in MONTH_NAMES:
        return MONTH_NAMES.index(upper) + 1
    if field == "day-of-week" and upper in DAY_NAMES:
        return DAY_NAMES.index(upper) + 1
    if not is_number(text):
        raise EventBridgeCronError(f"{text!r} is not a valid value", field=field)
    value = int(text)
    if not low <= value <= high:
        raise EventBridgeCronError(f"{value} is out of range {low}-{high}", field=field)
    return value


def _dom_field(text: str) -> DomRule:
    field = "day-of-month"
    upper = text.upper()
    if upper == "L":
        return DomRule(last=True)
    if upper == "LW":
        return DomRule(last_weekday=True)
    if upper.endswith("W"):
        day = _number(upper[:-1], field)
        return DomRule(nearest_weekday=frozenset({day}))
    if "L" in upper or "W" in upper:
        raise EventBridgeCronError(f"{text!r}: L, LW and nW must stand alone", field=field)
    return DomRule(days=frozenset(_plain_field(text, field)))


def _dow_field(text: str) -> DowRule:
    field = "day-of-week"
    upper = text.upper()
    if upper.count("#") > 1:
        raise EventBridgeCronError("only one # expression is allowed", field=field)
    if "#" in upper:
        if "," in upper:
            raise EventBridgeCronError(f"{text!r}: n#k must stand alone", field=field)
        day, _, nth = upper.partition("#")
        if not is_number(nth) or not 1 <= int(nth) <= 5:
            raise EventBridgeCronError(f"{text!r}: the week number after # must be 1-5",
                                       field=field)
        return DowRule(nth=(_number(day, field) - 1, int(nth)))
    if upper == "L":
        return DowRule(days=frozenset({6}))  # a bare L is 7 = SAT (Quartz)
    if upper.endswith("L"):
        if "," in upper:
            raise EventBridgeCronError(f"{text!r}: nL must stand alone", field=field)
        return DowRule(last_of=frozenset({_number(upper[:-1], field) - 1}))
    return DowRule(days=frozenset(d - 1 for d in _plain_field(text, field)))


# ---------------------------------------------------------------- evaluation

_EVERY_DAY = DomRule(days=frozenset(range(1, 32)))


@lru_cache(maxsize=65536)
def _month_days(dom: DomRule | None, dow: DowRule | None, year: int, month: int) -> frozenset[int]:
    first_dow, length = calendar.monthrange(year, month)  # Monday = 0
    first_cron_dow = (first_dow + 1) % 7

    def cron_dow(day: int) -> int:
        return (first_cron_dow + day - 1) % 7

    days: set[int] = set()
    if dom is not None:
        days |= {d for d in dom.days if d <= length}
        if dom.last:
            days.add(length)
        if dom.last_weekday:
            last = length
            while cron_dow(last) in (0, 6):
                last -= 1
            days.add(last)
        for wanted in dom.nearest_weekday:
            if wanted <= length:
                days.add(_nearest_weekday(wanted, length, cron_dow(wanted)))
    if dow is not None:
        days |= {d for d in range(1, length + 1) if cron_dow(d) in dow.days}
        if dow.nth is not None:
            weekday, k = dow.nth
            day = 1 + (weekday - first_cron_dow) % 7 + 7 * (k - 1)
            if day <= length:
                days.add(day)
        for weekday in dow.last_of:
            day = length - (cron_dow(length) - weekday) % 7
            days.add(day)
    return frozenset(days)


def _nearest_weekday(day: int, length: int, dow: int) -> int:
    """Quartz ``nW``: the weekday nearest ``day``, never leaving the month."""
    if dow == 6:  # Saturday
        return day + 2 if day == 1 else day - 1
    if dow == 0:  # Sunday
        return day - 2 if day == length else day + 1
    return day


def fire_minutes(cron: EventBridgeCron, tz: str, start_minute: int, end_minute: int) -> list[int]:
    """Epoch minutes in ``[start_minute, end_minute)`` at which ``cron`` fires in ``tz``."""
    times = cron.times
    months, years = cron.months, cron.years
    dom, dow = cron.dom, cron.dow

    every_day = dom is not None and dom == _EVERY_DAY
    month_days: dict[tuple[int, int], frozenset[int]] = {}

    def times_for(day: LocalDay) -> Sequence[int]:
        d = day.day
        if d.month not in months or (years is not None and d.year not in years):
            return ()
        if every_day:
            return times
        key = (d.year, d.month)
        found = month_days.get(key)
        if found is None:
            found = month_days[key] = _month_days(dom, dow, d.year, d.month)
        return times if d.day in found else ()

    return expand(tz, start_minute, end_minute, times_for, gap="skip", repeat="first")


def fire_times(expression: str | EventBridgeCron, tz: str, start: datetime,
               end: datetime) -> list[datetime]:
    """Aware UTC datetimes in ``[start, end)`` at which the expression fires in zone ``tz``.

    ``start``/``end`` are aware datetimes. Raises :class:`EventBridgeCronError`
    for an invalid expression.
    """
    cron = parse(expression) if isinstance(expression, str) else expression
    ZoneInfo(tz)
    return [from_epoch_minute(m) for m in
            fire_minutes(cron, tz, to_epoch_minute(start), to_epoch_minute(end))]


# ---------------------------------------------------------------- rendering


def field_text(field: str, values: frozenset[int] | set[int]) -> str:
    """Canonical EventBridge text for a set of plain values of ``field``.

    Day-of-week values are cron numbers (0 = Sunday) and are written as
    names; months are written as names. Full fields are ``*``; progressions
    that run to the end of the field are ``start/step`` (never ``*/step``);
    otherwise runs of three or more are ranges. Never a wrap-around range.
    """
    if field == "day-of-week":
        aws = sorted(d + 1 for d in values)
        return ",".join(_runs(aws, lambda v: DAY_NAMES[v - 1]))
    low, high = BOUNDS[field]
    ordered = sorted(values)
    if not ordered:
        raise ValueError(f"empty set for {field}")
    if ordered == list(range(low, high + 1)):
        return "*"
    step = _progression_step(ordered, low, high, pairs=field in ("minutes", "hours"))
    if step:
        return f"{ordered[0]}/{step}"
    name = (lambda v: MONTH_NAMES[v - 1]) if field == "month" else str
    return ",".join(_runs(ordered, name))


def _progression_step(ordered: list[int], low: int, high: int, *, pairs: bool) -> int | None:
    """The step when ``ordered`` is ``start, start+step, ...`` up to the field's end.

    Two values count only in minutes and hours (``0/30`` is how ``*/30`` reads).
    """
    if len(ordered) < 2:
        return None
    step = ordered[1] - ordered[0]
    if step == 1:  # a plain range to the end reads better as a-b than a/1
        return None
    if ordered != list(range(ordered[0], high + 1, step)):
        return None
    size = high - low + 1
    if len(ordered) >= 3 or (pairs and ordered[0] - low < step and size % step == 0):
        return step
    return None


def consecutive_runs(ordered: Iterable[int]) -> list[tuple[int, int]]:
    """``(first, last)`` of each run of consecutive values in sorted ``ordered``."""
    runs: list[tuple[int, int]] = []
    for value in ordered:
        if runs and value == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], value)
        else:
            runs.append((value, value))
    return runs


def _runs(ordered: list[int], name) -> list[str]:  # type: ignore[no-untyped-def]
    """Field text parts: a run of three or more values is a range ``a-b``."""
    parts: list[str] = []
    for first, last in consecutive_runs(ordered):
        if last - first >= 2:
            parts.append(f"{name(first)}-{name(last)}")
        else:
            parts.extend(name(v) for v in range(first, last + 1))
    return parts


def render(minutes: str, hours: str, dom: str, month: str, dow: str, year: str = "*") -> str:
    """``cron(...)`` from six field texts."""
    return f"cron({minutes} {hours} {dom} {month} {dow} {year})"
