"""JP1 schedule rules → EventBridge schedules, gated by Change Calendars when needed.

:func:`map_jp1` maps one rule (a ``LegacySchedule`` of flavor ``jp1``, as
:mod:`jobmig.parsers.jp1.units` writes it).

The legacy run days come from :mod:`jobmig.timing.jp1_days` (rules and
calendars read by :mod:`jobmig.parsers.jp1.rules`). Then:

- when the rule does not depend on the calendar (no closed days in play, base
  day 1, one start date, start time inside the calendar day) and its days are
  one EventBridge cron, that cron is written (or ``at()`` for a single date),
  and checked against the computed fire times over the horizon with
  :mod:`jobmig.mappings.eventbridge_cron`; status ``auto``;
- otherwise the jobnet fires daily (weekly when every run falls on one
  weekday) at its start time, and a ``DEFAULT_CLOSED`` Change Calendar open
  exactly on the computed fire days of the horizon gates it; status
  ``review`` with a JM409 finding that states the horizon.

Closed days come from the export (``op``/``cl`` on the job groups). The
``holidays`` given by ``--holidays`` close more days unless the export dates
its closed days itself (then it is complete); with holidays and no weekly
pattern in the export, Saturdays and Sundays are closed too.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from jobmig.timing.zones import check_zone_name
from jobmig.mappings import eventbridge_cron
from jobmig.mappings.aws_schedule import RULE, SCHEDULER, AwsSchedule, ScheduleMapping
from jobmig.mappings.change_calendar import DEFAULT_CLOSED, ChangeCalendar, calendar_name
from jobmig.model import Finding, LegacySchedule, SourceRef, Status
from jobmig.parsers.jp1.rules import (Calendar, DaySpec, Rule, RuleError, daily_from_entry,
                                      fire_offset, is_anchored)
from jobmig.timing.jp1_days import (RunDays, cached_fires, cached_run_days, calendar_for,
                                    dated_rule, parsed_rule)
from jobmig.messages import msg

UTC = timezone.utc
DAY_MINUTES = 24 * 60
AWS_DAY_NAMES = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")  # by date.weekday()
AWS_DAY_NUMBERS = (2, 3, 4, 5, 6, 7, 1)  # EventBridge 1 = SUN ... 7 = SAT, by date.weekday()
_CALENDAR_KINDS = frozenset({"open", "closed"})


@dataclass(frozen=True)
class _Cron:
    """An EventBridge cron's day fields (minutes/hours come from the start time)."""

    dom: str = "?"
    month: str = "*"
    dow: str = "?"
    year: str = "*"
    start: date | None = None  # first business day (cycle anchor)

    def expression(self, minute: int, hour: int) -> str:
        return eventbridge_cron.render(str(minute), str(hour), self.dom, self.month, self.dow,
                                       self.year)


def map_jp1(legacy: LegacySchedule, *, name: str, horizon: tuple[date, date],
            holidays: set[date] | None, target: str, source: SourceRef | None,
            job_id: str | None) -> ScheduleMapping:
    """Map one JP1 schedule rule. Never raises for a bad rule (JM410 instead).

    ``target`` is ``scheduler`` (local time + zone) or ``rules`` (UTC).
    ``horizon`` is the inclusive date range Change Calendars are computed for.
    """
    findings: list[Finding] = []

    def note(code: str, message: str) -> None:
        findings.append(Finding(code, message, source, job_id))

    zone = legacy.timezone or "UTC"
    try:
        rule = parsed_rule(legacy.expression)
        check_zone_name(zone)
        ZoneInfo(zone)
    except (RuleError, ValueError, KeyError, OSError) as exc:
        note("JM410", msg("{expression}: {exc}; no schedule was written",
                          expression=legacy.expression, exc=exc))
        return ScheduleMapping(Status.MANUAL, findings=tuple(findings))
    cal = calendar_for(legacy, holidays)
    for error in cal.errors:
        note("JM410", msg("calendar: {error} (ignored)", error=error))
    if daily_from_entry(rule):
        note("JM423", msg("rule {number} ({expression}) runs daily from the day the jobnet is "
                          "registered (en); taken as every day",
                          number=rule.number, expression=legacy.expression))
    elif "en" in rule.kinds:
        note("JM407", msg("rule {number} ({expression}) starts the jobnet on its registration "
                          "day; no schedule was written for it",
                          number=rule.number, expression=legacy.expression))
    if "ud" in rule.kinds:
        note("JM408", msg("rule {number} is undefined (ud)", number=rule.number))
    dated = dated_rule(legacy.expression)
    if dated is None:
        if not rule.days:
            note("JM410", msg("rule {number} has no start date (sd); no schedule was written",
                              number=rule.number))
        return _result(findings, ())
    rule = dated
    _calendar_notes(rule, cal, horizon, note)
    offset = fire_offset(rule, cal)
    fires = cached_fires(rule, cal, horizon[0], horizon[1])
    if not fires:
        note("JM422", msg("rule {number} ({expression}) selects no day between {horizon} and "
                          "{horizon2}",
                          number=rule.number,
                          expression=legacy.expression,
                          horizon=horizon[0],
                          horizon2=horizon[1]))
        return _result(findings, ())
    exact = _exact(rule, cal, offset)
    if exact is not None:
        schedule = _exact_schedule(exact, rule, offset, name, zone, horizon)
        if _cached_same_fires(schedule.expression, schedule.start_date, schedule.end_date,
                              rule, cal, zone, horizon):
            converted = _for_target(schedule, target, zone, horizon, note)
            if converted is not None:
                return _result(findings, (converted,))
    return _gated(rule, cached_run_days(rule, cal, horizon[0], horizon[1]), offset, name, zone,
                  horizon, target, note, findings)


@lru_cache(maxsize=4096)
def _cached_same_fires(expression: str, start_date: str | None, end_date: str | None,
                       rule: Rule, cal: Calendar, zone: str, horizon: tuple[date, date]) -> bool:
    """:func:`_same_fires` for a schedule with these fields (its name does not matter)
    against the fires of ``rule``/``cal`` over ``horizon``, memoised."""
    schedule = AwsSchedule("check", expression, SCHEDULER, zone, None, start_date, end_date)
    return _same_fires(schedule, cached_fires(rule, cal, horizon[0], horizon[1]), zone, horizon)



def _calendar_notes(rule: Rule, cal: Calendar, horizon: tuple[date, date], note) -> None:
    uses_calendar = bool(rule.kinds & _CALENDAR_KINDS) or any(
        spec.kind == "back" and spec.prefix in "*@" and spec.prefix for spec in rule.days) or (
        rule.shift in ("be", "af")) or (rule.cftd is not None and rule.cftd[0] in ("be", "af"))
    if uses_calendar and not cal.has_closed_days:
        note("JM415", msg("rule {number} depends on open and closed days, but no closed day is "
                          "known; every day was treated as open",
                          number=rule.number))
    if rule.cycle and not is_anchored(rule) and not daily_from_entry(rule):
        note("JM423", msg("rule {number}: cy={cycle} repeats from a start date without a year; "
                          "anchored on its first day on or after {horizon}",
                          number=rule.number, cycle=rule.cycle, horizon=horizon[0]))
    if rule.link is not None:
        note("JM411", msg("rule {number} is linked to rule {link} of the parent jobnet (ln); it "
                          "runs only with that rule's runs",
                          number=rule.number, link=rule.link))


# -- exact cron -----------------------------------------------------------------------

def _exact(rule: Rule, cal: Calendar, offset: int) -> _Cron | None:
    """The cron for a calendar-independent rule, or ``None`` when there is none."""
    if len(rule.days) != 1 or rule.cftd is not None or not 0 <= offset < DAY_MINUTES:
        return None
    spec = rule.days[0]
    if _calendar_matters(spec, rule, cal):
        return None
    base_is_first = cal.base_day == 1 and cal.base_weekday is None
    if not base_is_first and (spec.prefix == "+" or spec.kind in ("relative", "open")):
        return None  # counted from a base day other than the 1st: no cron field says that
    if spec.kind == "closed":
        return None  # no closed day: never runs, reported as JM422 before this
    if spec.kind == "en":
        return _Cron(dom="*") if daily_from_entry(rule) else None
    if rule.cycle:
        return _cycled(spec, rule.cycle)
    month = str(spec.month) if spec.month else "*"
    year = str(spec.year) if spec.year else "*"
    if spec.kind in ("day", "relative", "open"):
        return _Cron(dom=str(spec.number), month=month, year=year)
    if spec.kind == "back":
        return _Cron(dom="L", month=month, year=year) if spec.number == 0 else None
    if spec.kind == "weekday":
        if spec.occurrence is None:
            return _Cron(dow=AWS_DAY_NAMES[spec.weekday], month=month, year=year)
        number = AWS_DAY_NUMBERS[spec.weekday]
        dow = f"{number}L" if spec.occurrence == "b" else f"{number}#{spec.occurrence}"
        return _Cron(dow=dow, month=month, year=year)
    return None


def _calendar_matters(spec: DaySpec, rule: Rule, cal: Calendar) -> bool:
    """True when closed days can change the days ``spec`` selects."""
    if not cal.has_closed_days:
        return False
    if spec.kind in _CALENDAR_KINDS or (spec.kind == "back" and spec.prefix in ("*", "@")):
        return True
    if rule.shift == "no":
        return False
    # Only a weekly pattern closes days: a weekday rule on an open weekday never meets one.
    weekly_only = not (cal.closed_dates or cal.holidays or cal.open_dates)
    return not (weekly_only and spec.kind == "weekday" and not rule.cycle
                and spec.weekday not in cal.closed_weekdays)


def _cycled(spec: DaySpec, cycle: tuple[int, str]) -> _Cron | None:
    """``sd=yyyy/mm/dd`` with ``cy=(1,d|w|m|y)``: one cron plus a start date."""
    n, unit = cycle
    if n != 1 or spec.kind != "day" or spec.year is None or spec.month is None:
        return None
    anchor = date(spec.year, spec.month, spec.number)
    if unit == "d":
        return _Cron(dom="*", start=anchor)
    if unit == "w":
        return _Cron(dow=AWS_DAY_NAMES[anchor.weekday()], start=anchor)
    if unit == "m" and anchor.day <= 28:
        return _Cron(dom=str(anchor.day), start=anchor)
    if unit == "y" and (anchor.month, anchor.day) != (2, 29):
        return _Cron(dom=str(anchor.day), month=str(anchor.month), start=anchor)
    return None


def _exact_schedule(cron: _Cron, rule: Rule, offset: int, name: str, zone: str,
                    horizon: tuple[date, date]) -> AwsSchedule:
    hour, minute = divmod(offset, 60)
    spec = rule.days[0]
    single = (not rule.cycle and spec.kind == "day" and spec.year and spec.month)
    if single:
        moment = datetime(spec.year, spec.month, spec.number, hour, minute)
        expression = f"at({moment:%Y-%m-%dT%H:%M:%S})"
    else:
        expression = cron.expression(minute, hour)
    start = None
    if cron.start and cron.start > horizon[0]:  # an anchor in the past needs no start date
        start = _utc_iso(datetime.combine(cron.start, time()), zone)
    end = None
    if rule.end is not None:
        end = _utc_iso(datetime.combine(rule.end, time(23, 59)), zone)
    return AwsSchedule(name, expression, SCHEDULER, zone, None, start, end)


def _utc_iso(local: datetime, zone: str) -> str:
    moment = local.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _same_fires(schedule: AwsSchedule, fires: list[datetime], zone: str,
                horizon: tuple[date, date]) -> bool:
    """True when the schedule fires exactly at ``fires`` (local) over the horizon."""
    tz = ZoneInfo(zone)
    start = datetime.combine(horizon[0], time()).replace(tzinfo=tz).astimezone(UTC)
    end = datetime.combine(horizon[1] + timedelta(days=1), time()).replace(tzinfo=tz).astimezone(UTC)
    if schedule.start_date:
        start = max(start, datetime.fromisoformat(schedule.start_date.replace("Z", "+00:00")))
    if schedule.end_date:
        end = min(end, datetime.fromisoformat(schedule.end_date.replace("Z", "+00:00"))
                  + timedelta(minutes=1))
    if schedule.expression.startswith("at("):
        moment = datetime.fromisoformat(schedule.expression[3:-1]).replace(tzinfo=tz)
        aws = [moment.astimezone(UTC)] if start <= moment.astimezone(UTC) < end else []
    else:
        try:
            aws = eventbridge_cron.fire_times(schedule.expression, zone, start, end)
        except eventbridge_cron.EventBridgeCronError:
            return False
    legacy = sorted(fire.replace(tzinfo=tz).astimezone(UTC) for fire in fires)
    legacy = [moment for moment in legacy if start <= moment < end]
    return aws == legacy


def _for_target(schedule: AwsSchedule, target: str, zone: str, horizon: tuple[date, date],
                note) -> AwsSchedule | None:
    """The schedule as a UTC rule for ``target == "rules"`` (``None``: use a calendar)."""
    if target != "rules":
        return schedule
    shift = _fixed_offset(zone, horizon)
    if shift is None or schedule.start_date or schedule.end_date:
        return None
    if schedule.expression.startswith("at("):
        return None  # rules have no one-time expression
    fields = schedule.expression[5:-1].split()
    minutes = int(fields[1]) * 60 + int(fields[0]) - shift
    day_move, minutes = divmod(minutes, DAY_MINUTES)
    if day_move:
        if fields[2] == "*" and fields[4] == "?":
            pass  # daily: the shifted day is still every day
        elif fields[2] == "?" and fields[3] == "*" and fields[5] == "*" and all(
                part in AWS_DAY_NAMES for part in fields[4].split(",")):
            fields[4] = ",".join(AWS_DAY_NAMES[(AWS_DAY_NAMES.index(part) + day_move) % 7]
                                 for part in fields[4].split(","))
        else:
            return None
    fields[0], fields[1] = str(minutes % 60), str(minutes // 60)
    return AwsSchedule(schedule.name, f"cron({' '.join(fields)})", RULE, "UTC")


def _fixed_offset(zone: str, horizon: tuple[date, date]) -> int | None:
    """The zone's UTC offset in minutes if it is the same all through the horizon."""
    tz = ZoneInfo(zone)
    offsets = set()
    day = horizon[0]
    while day <= horizon[1] + timedelta(days=1):
        offset = datetime.combine(day, time(12)).replace(tzinfo=tz).utcoffset()
        offsets.add(int(offset.total_seconds() // 60) if offset is not None else 0)
        day += timedelta(days=7)
    return offsets.pop() if len(offsets) == 1 else None


# -- calendar-gated -------------------------------------------------------------------

def _gated(rule: Rule, run: RunDays, offset: int, name: str, zone: str,
           horizon: tuple[date, date], target: str, note, findings: list[Finding]) -> ScheduleMapping:
    """A daily/weekly schedule at the start time, gated by a calendar open on the fire days."""
    days = run.days
    minute_of_day = offset % DAY_MINUTES
    hour, minute = divmod(minute_of_day, 60)
    weekdays = set(run.weekdays)
    dow = AWS_DAY_NAMES[weekdays.pop()] if len(weekdays) == 1 else None
    calendar = ChangeCalendar(
        calendar_name(f"{name}-jp1-rule{rule.number}"), DEFAULT_CLOSED, zone, days, horizon,
        f"JP1 rule {rule.number} of {name}: run days {horizon[0]}..{horizon[1]}")
    kind, tz, expr_minute, expr_hour = SCHEDULER, zone, minute, hour
    if target == "rules":
        shift = _fixed_offset(zone, horizon)
        if shift is None:
            note("JM207", msg("{zone} changes its UTC offset within the horizon, so a UTC rule "
                              "cannot keep the JP1 start time; use --target scheduler",
                              zone=zone))
            return _result(findings, (), status=Status.MANUAL)
        utc_minutes = (minute_of_day - shift) % DAY_MINUTES
        moved = (minute_of_day - shift) // DAY_MINUTES
        kind, tz, (expr_hour, expr_minute) = RULE, "UTC", divmod(utc_minutes, 60)
        if dow is not None:
            dow = AWS_DAY_NAMES[(AWS_DAY_NAMES.index(dow) + moved) % 7]
    expression = eventbridge_cron.render(str(expr_minute), str(expr_hour), "?" if dow else "*",
                                         "*", dow or "?", "*")
    schedule = AwsSchedule(name, expression, kind, tz, calendar.name)
    first, last = run.first, run.last
    note("JM409", msg("rule {number}: {value} at {hour:02d}:{minute:02d} gated by Change "
                      "Calendar {name}, open on {count} day(s) from {first} to {last}; computed "
                      "for the horizon {horizon}..{horizon2} only",
                      number=rule.number,
                      value=msg("weekly") if dow else msg("daily"),
                      hour=hour,
                      minute=minute,
                      name=calendar.name,
                      count=len(days),
                      first=first,
                      last=last,
                      horizon=horizon[0],
                      horizon2=horizon[1]))
    return _result(findings, (schedule,), (calendar,))


def _result(findings: list[Finding], schedules: tuple[AwsSchedule, ...],
            calendars: tuple[ChangeCalendar, ...] = (), status: Status | None = None) -> ScheduleMapping:
    worst = Status.worst([finding.severity.job_status for finding in findings])
    return ScheduleMapping(status or worst, schedules, calendars, tuple(findings))
