"""The business *day* in the jobs' zone, computed inside a state machine.

Schedules pass the business date as EventBridge Scheduler's
``<aws.scheduler.scheduled-time>``: a UTC timestamp
(``2026-11-24T17:30:00Z`` for 02:30 on 2026-11-25 in Asia/Tokyo). Legacy
schedulers think in local days (JP1's ``AJSEXDATE`` is the root jobnet's
scheduled date, ``yyyy/mm/dd``), and two jobs of one business day are
scheduled at different times, so workflows compare and pass on
``$.business_day``: ``YYYY-MM-DD`` in the zone of the jobs.

ASL (JSONPath) has no date arithmetic, so :func:`business_day_states` builds
it from intrinsic functions and Choice rules: split the timestamp, read year,
month and day as numbers (``States.MathAdd(States.StringToJson('1' + dd),
-100)`` reads a zero-padded ``dd``), decide from the UTC time of day whether
the local day is the next or previous one (the zone's offset; a zone that
changes offset within the horizon gets one rule per period), step the date
with the month's length (leap years 2000-2096 listed) and format it back.

A JP1 job group's base time (``stt``, when the business day starts; 08:00
means 01:00 still belongs to the day before) shifts the day the same way as a
zone offset does: the business day is the local date of the scheduled time
minus the base time, so it is folded into the offset.

A ``business_date`` that is not a UTC (``Z``) timestamp, e.g. a manual start
with ``2026-11-25`` or a timestamp with an offset, keeps the date it names.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from jobmig.mappings.asl_tasks import BuildContext, chain

BUSINESS_DATE = "business_date"
BUSINESS_DAY = "business_day"
WORK = "$.business_day_parts"  # scratch object the states below write
MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
LEAP_YEARS = tuple(range(2000, 2100, 4))  # Gregorian leap years 2000-2096
_PAD = ", ".join(f"'{n:02d}'" for n in range(32))
_TWO_DIGITS = "States.MathAdd(States.StringToJson(States.Format('1{{}}', {})), -100)"


def offset_periods(zone: str, horizon: tuple[date, date], base_minutes: int = 0,
                   ) -> list[tuple[str | None, str | None, int]]:
    """``(from, until, offset minutes)`` periods of ``zone`` over ``horizon`` (UTC timestamps,
    ``None`` open-ended): one period for a zone with a fixed offset. ``base_minutes`` (a
    business day starting after midnight) is taken off every offset."""
    return list(_offset_periods(zone, horizon, base_minutes))


@lru_cache(maxsize=256)
def _offset_periods(zone: str, horizon: tuple[date, date], base_minutes: int,
                    ) -> tuple[tuple[str | None, str | None, int], ...]:
    # Remembered: a scan of two years in quarter hours costs about 0.1 s, and every
    # workflow of one estate asks for the same zone and horizon.
    tz = ZoneInfo(zone)
    start = datetime.combine(horizon[0], time(0), timezone.utc) - timedelta(days=2)
    end = datetime.combine(horizon[1], time(0), timezone.utc) + timedelta(days=2)
    step = timedelta(minutes=15)  # offsets change on quarter hours
    periods: list[tuple[str | None, str | None, int]] = []
    current = start.astimezone(tz).utcoffset()
    assert current is not None
    since: str | None = None
    moment = start
    while moment < end:
        moment += step
        offset = moment.astimezone(tz).utcoffset()
        if offset != current:
            stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
            periods.append((since, stamp, int(current.total_seconds() // 60) - base_minutes))
            since, current = stamp, offset
    periods.append((since, None,  # type: ignore[union-attr]
                    int(current.total_seconds() // 60) - base_minutes))
    return tuple(periods)


def base_time_fits(zone: str, horizon: tuple[date, date], base_minutes: int) -> bool:
    """Whether the day's shift stays within one day either way (it does unless a zone far
    west of UTC has a late base time), which :func:`business_day_states` needs."""
    return all(-1440 < offset < 1440 for _, _, offset in offset_periods(zone, horizon, base_minutes))


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _shift_rules(periods: list[tuple[str | None, str | None, int]], next_day: str,
                 previous_day: str) -> list[dict[str, Any]]:
    """Choice rules on the UTC time of day: the local day is the next / previous one."""
    rules = []
    for since, until, offset in periods:
        if offset == 0:
            continue
        when = []
        if since is not None:
            when.append({"Variable": f"$.{BUSINESS_DATE}", "TimestampGreaterThanEquals": since})
        if until is not None:
            when.append({"Variable": f"$.{BUSINESS_DATE}", "TimestampLessThan": until})
        if offset > 0:  # local = UTC + offset crosses midnight from this UTC time on
            test = {"Variable": f"{WORK}.time", "StringGreaterThanEquals": _clock(1440 - offset)}
            target = next_day
        else:  # UTC times before -offset are still the previous local day
            test = {"Variable": f"{WORK}.time", "StringLessThan": _clock(-offset)}
            target = previous_day
        rule = {"And": [*when, test]} if when else test
        rules.append({**rule, "Next": target})
    return rules


def _numbers(literal: dict[str, int] | None = None, **paths: str) -> dict[str, Any]:
    """Pass Parameters that rewrite the scratch object: y, m, d (kept unless given as a
    JSONPath/intrinsic in ``paths`` or a number in ``literal``), the time, extra ``paths``."""
    literal = literal or {}
    fields = {"time": f"{WORK}.time", "y": f"{WORK}.y", "m": f"{WORK}.m", "d": f"{WORK}.d"}
    fields.update(paths)
    parameters: dict[str, Any] = {f"{k}.$": v for k, v in fields.items() if k not in literal}
    parameters.update(literal)
    return parameters


def business_day_states(ctx: BuildContext, zone: str, horizon: tuple[date, date],
                        next_state: str, states: dict[str, dict[str, Any]],
                        base_minutes: int = 0) -> str:
    """States that set ``$.business_day`` from ``$.business_date``; returns the first one.
    ``base_minutes``: when the business day starts (see :func:`base_time_fits`)."""
    n = ctx.name
    kind, as_written, bad = (n("Business day: UTC timestamp?"), n("Business day: date as written"),
                             n("Business day: not a date"))
    parts, numbers, shift = (n("Business day: split"), n("Business day: read numbers"),
                             n("Business day: local day?"))
    next_day, prev_day = n("Business day: next day"), n("Business day: previous day")
    day_up, day_down = n("Business day: day + 1"), n("Business day: day - 1")
    new_month, new_year = n("Business day: first of next month"), n("Business day: new year")
    end_prev, end_year = (n("Business day: end of previous month"),
                          n("Business day: end of previous year"))
    leap_day = n("Business day: 29 February")
    text, take = n("Business day: format"), n("Business day: take")
    periods = offset_periods(zone, horizon, base_minutes)
    rules = _shift_rules(periods, next_day, prev_day)
    leap = {"Or": [{"Variable": f"{WORK}.y", "NumericEquals": y} for y in LEAP_YEARS]}
    split = f"States.StringSplit($.{BUSINESS_DATE}, 'T')"
    date_part = f"States.StringSplit({WORK}.date, '-')"
    states.update({
        kind: {"Type": "Choice", "Choices": [
            # ASL's StringMatches knows only '*' (a '?' is itself): a UTC timestamp is an
            # RFC 3339 timestamp ending in Z; a date is anything shaped *-*-*
            {"And": [{"Variable": f"$.{BUSINESS_DATE}", "IsTimestamp": True},
                     {"Variable": f"$.{BUSINESS_DATE}", "StringMatches": "*Z"}], "Next": parts},
            {"Variable": f"$.{BUSINESS_DATE}", "StringMatches": "*-*-*", "Next": as_written}],
            "Default": bad},
        bad: {"Type": "Fail", "Error": "Jobmig.BadBusinessDate",
              "Cause": "the input's business_date is neither a date nor a timestamp"},
        as_written: chain({"Type": "Pass", "Parameters": {
            "text.$": f"States.ArrayGetItem({split}, 0)"}, "ResultPath": WORK}, take),
        parts: chain({"Type": "Pass", "Parameters": {
            "date.$": f"States.ArrayGetItem({split}, 0)",
            "time.$": f"States.ArrayGetItem({split}, 1)"}, "ResultPath": WORK}, numbers),
        numbers: chain({"Type": "Pass", "Parameters": {
            "time.$": f"{WORK}.time",
            "y.$": f"States.StringToJson(States.ArrayGetItem({date_part}, 0))",
            "m.$": _TWO_DIGITS.format(f"States.ArrayGetItem({date_part}, 1)"),
            "d.$": _TWO_DIGITS.format(f"States.ArrayGetItem({date_part}, 2)")},
            "ResultPath": WORK}, shift if rules else text),
    })
    month_days = ", ".join(map(str, MONTH_DAYS))
    length = f"States.ArrayGetItem(States.Array({month_days}), States.MathAdd({WORK}.m, -1))"
    if rules:
        states[shift] = {"Type": "Choice", "Choices": rules, "Default": text}
    if any(r["Next"] == next_day for r in rules):
        states.update({
            next_day: {"Type": "Choice", "Choices": [
                {"Or": [
                    {"Variable": f"{WORK}.d", "NumericLessThanPath": f"{WORK}.length"},
                    {"And": [{"Variable": f"{WORK}.m", "NumericEquals": 2},
                             {"Variable": f"{WORK}.d", "NumericEquals": 28}, leap]}],
                 "Next": day_up},
                {"Variable": f"{WORK}.m", "NumericEquals": 12, "Next": new_year}],
                "Default": new_month},
            day_up: chain({"Type": "Pass", "Parameters": _numbers(d=f"States.MathAdd({WORK}.d, 1)"),
                           "ResultPath": WORK}, text),
            new_month: chain({"Type": "Pass", "Parameters": _numbers(
                {"d": 1}, m=f"States.MathAdd({WORK}.m, 1)"), "ResultPath": WORK}, text),
            new_year: chain({"Type": "Pass", "Parameters": _numbers(
                {"m": 1, "d": 1}, y=f"States.MathAdd({WORK}.y, 1)"), "ResultPath": WORK}, text),
        })
        # the month's length, read once the month is known
        states[numbers]["Next"] = n("Business day: month length")
        states[states[numbers]["Next"]] = chain({"Type": "Pass", "Parameters": _numbers(
            length=length), "ResultPath": WORK}, shift)
    if any(r["Next"] == prev_day for r in rules):
        previous_length = (f"States.ArrayGetItem(States.Array(31, {month_days}), "
                           f"States.MathAdd({WORK}.m, -1))")
        states.update({
            prev_day: {"Type": "Choice", "Choices": [
                {"Variable": f"{WORK}.d", "NumericGreaterThan": 1, "Next": day_down},
                {"Variable": f"{WORK}.m", "NumericEquals": 1, "Next": end_year},
                {"And": [{"Variable": f"{WORK}.m", "NumericEquals": 3}, leap], "Next": leap_day}],
                "Default": end_prev},
            day_down: chain({"Type": "Pass", "Parameters": _numbers(
                d=f"States.MathAdd({WORK}.d, -1)"), "ResultPath": WORK}, text),
            end_year: chain({"Type": "Pass", "Parameters": _numbers(
                {"m": 12, "d": 31}, y=f"States.MathAdd({WORK}.y, -1)"), "ResultPath": WORK}, text),
            leap_day: chain({"Type": "Pass", "Parameters": _numbers({"m": 2, "d": 29}),
                             "ResultPath": WORK}, text),
            end_prev: chain({"Type": "Pass", "Parameters": _numbers(
                m=f"States.MathAdd({WORK}.m, -1)", d=previous_length), "ResultPath": WORK}, text),
        })
    if not rules:  # UTC all along: the date part is the day
        for name in (parts, numbers):
            del states[name]
        states[kind]["Choices"] = states[kind]["Choices"][1:]
        states[as_written]["Next"] = take
        states[take] = chain({"Type": "Pass", "InputPath": f"{WORK}.text",
                              "ResultPath": f"$.{BUSINESS_DAY}"}, next_state)
        return kind
    pad = f"States.Array({_PAD})"
    states.update({
        text: chain({"Type": "Pass", "Parameters": {"text.$": (
            f"States.Format('{{}}-{{}}-{{}}', {WORK}.y, States.ArrayGetItem({pad}, {WORK}.m), "
            f"States.ArrayGetItem({pad}, {WORK}.d))")}, "ResultPath": WORK}, take),
        take: chain({"Type": "Pass", "InputPath": f"{WORK}.text",
                     "ResultPath": f"$.{BUSINESS_DAY}"}, next_state),
    })
    return kind
