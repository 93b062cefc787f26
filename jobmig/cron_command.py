"""``jobmig cron EXPR``: explain one legacy cron expression and its EventBridge form.

:func:`explain` returns a plain dict (the CLI prints it with :func:`render`,
``--json`` can dump it as is): the EventBridge schedules :func:`map_cron`
writes, a plain-English reading of both sides, the next fire times on both
sides and the findings. A bad expression gives ``{"error": ...}`` with the
field and column, never an exception.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Iterable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jobmig.timing.zones import check_zone_name
from jobmig.timing import cron as legacy_cron
from jobmig.catalogue import CATALOGUE
from jobmig.timing.cron import CronSpec, CronSyntaxError
from jobmig.timing.localtime import UTC, from_epoch_minute, to_epoch_minute
from jobmig.mappings import eventbridge_cron
from jobmig.mappings.aws_schedule import AwsSchedule
from jobmig.mappings.eventbridge_cron import DomRule, DowRule, EventBridgeCron, consecutive_runs
from jobmig.mappings.schedule import map_cron
from jobmig.model import LegacySchedule
from jobmig.timing.simulate import aws_minutes, legacy_minutes

NEXT_COUNT = 5
SEARCH_DAYS = (8, 62, 400, 3000)  # widening windows to find the next runs
HORIZON_DAYS = 365
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
WEEKDAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
ORDINALS = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 5: "5th"}


def explain(expr: str, tz: str | None = None, flavor: str = "vixie", name: str = "job",
            target: str = "scheduler", *, now: datetime | None = None) -> dict[str, Any]:
    """Explain ``expr`` (a crontab or Jenkins spec) in zone ``tz`` (default UTC).

    ``name`` is the job name (for Jenkins, the full name that seeds ``H``).
    ``now`` (aware; default: the current minute) is where "next runs" start
    and the one-year horizon of any Change Calendar begins.
    """
    zone = tz or "UTC"
    result: dict[str, Any] = {"expression": expr, "flavor": flavor, "timezone": zone,
                              "target": target, "name": name}
    problem = _problem(expr, zone, flavor, name, target)
    if problem:
        result["error"] = problem
        return result
    moment = (now or datetime.now(UTC)).astimezone(UTC).replace(second=0, microsecond=0)
    today = moment.date()
    legacy = LegacySchedule(flavor, expr, zone, name if flavor == "jenkins" else None)
    mapping = map_cron(legacy, name=name, target=target,
                       horizon=(today, today + timedelta(days=HORIZON_DAYS)))
    specs, legacy_zone = _specs(expr, zone, flavor, name)
    calendars = {calendar.name: calendar for calendar in mapping.calendars}
    result.update({
        "timezone": legacy_zone,
        "status": mapping.status.value,
        "legacy": {
            "reading": [describe_spec(spec) for spec in specs],
            "next": _next(lambda a, b: legacy_minutes(legacy, a, b), moment, legacy_zone),
        },
        "aws": {
            "schedules": [schedule.to_json() for schedule in mapping.schedules],
            "calendars": [calendar.to_json() for calendar in mapping.calendars],
            "reading": [_aws_reading(schedule) for schedule in mapping.schedules],
            "next": _next(lambda a, b: sorted(set(aws_minutes(mapping.schedules, calendars,
                                                              a, b))), moment, legacy_zone),
        },
        "findings": [dict(f.to_json(), title=CATALOGUE[f.code].title)
                     for f in mapping.findings],
    })
    return result


def _aws_reading(schedule: AwsSchedule) -> str:
    text = f"{describe_eventbridge(eventbridge_cron.parse(schedule.expression))} " \
           f"({schedule.timezone})"
    if schedule.start_date or schedule.end_date:
        text += f", from {schedule.start_date or 'now'} to {schedule.end_date or 'no end'}"
    if schedule.calendar:
        text += f", only when calendar {schedule.calendar} is open"
    return text


def _problem(expr: str, zone: str, flavor: str, name: str, target: str) -> str | None:
    """One clear error message for unusable input, else ``None``."""
    if flavor not in ("vixie", "jenkins"):
        return f"unknown flavor {flavor!r}: use vixie or jenkins"
    if target not in ("scheduler", "rules"):
        return f"unknown target {target!r}: use scheduler or rules"
    try:
        check_zone_name(zone)
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return f"unknown time zone {zone!r}"
    try:
        _specs(expr, zone, flavor, name)
    except CronSyntaxError as error:
        line = expr.splitlines()[error.line - 1] if error.line else expr
        column = error.offset + 1
        if error.line:
            column = error.offset - sum(len(x) for x in expr.splitlines(keepends=True)[
                :error.line - 1]) + 1
        where = f"line {error.line}, column {column}" if error.line else f"column {column}"
        return f"{where}: {error}\n  {line}\n  {' ' * (column - 1)}^"
    return None


def _specs(expr: str, zone: str, flavor: str, name: str) -> tuple[tuple[CronSpec, ...], str]:
    if flavor == "jenkins":
        spec = legacy_cron.parse_jenkins(expr, name)
        return spec.lines, spec.timezone or zone
    return (legacy_cron.parse_vixie(expr),), zone


def _next(evaluate, moment: datetime, zone: str) -> list[str]:  # type: ignore[no-untyped-def]
    start = to_epoch_minute(moment)
    for days in SEARCH_DAYS:
        found = evaluate(start, start + days * 1440)
        if len(found) >= NEXT_COUNT or days == SEARCH_DAYS[-1]:
            return [from_epoch_minute(m).astimezone(ZoneInfo(zone)).isoformat()
                    for m in found[:NEXT_COUNT]]
    return []


# ---------------------------------------------------------------- plain English


def describe_spec(spec: CronSpec) -> str:
    """A plain-English reading of a legacy cron line."""
    days = _legacy_days(spec)
    return f"{describe_times(spec.minutes, spec.hours)}{days}{_months(spec.months)}"


def describe_eventbridge(cron: EventBridgeCron) -> str:
    """A plain-English reading of an EventBridge cron expression."""
    years = "" if cron.years is None else f", in {_list(sorted(cron.years), str)}"
    days = _dom_text(cron.dom) if cron.dom is not None else _dow_text(cron.dow)
    return f"{describe_times(cron.minutes, cron.hours)}{days}{_months(cron.months)}{years}"


def describe_times(minutes: frozenset[int], hours: frozenset[int]) -> str:
    """``at 02:30``, ``every minute``, ``at minutes 0, 15, 30 and 45 past every hour``..."""
    if len(minutes) == 60 and len(hours) == 24:
        return "every minute"
    if len(minutes) * len(hours) <= 4:
        return "at " + _list(sorted(h * 60 + m for h in hours for m in minutes),
                             lambda t: f"{t // 60:02d}:{t % 60:02d}")
    what = "every minute" if len(minutes) == 60 else \
        f"at minute{'s' if len(minutes) > 1 else ''} {_list(sorted(minutes), str)}"
    when = "of every hour" if len(hours) == 24 else \
        f"past hour{'s' if len(hours) > 1 else ''} {_list(sorted(hours), str)}"
    return f"{what} {when}"


def _legacy_days(spec: CronSpec) -> str:
    all_dom = len(spec.days_of_month) == 31
    all_dow = len(spec.days_of_week) == 7
    dom = f"on day {_list(sorted(spec.days_of_month), str)} of the month"
    dow = f"on {_list(sorted(spec.days_of_week), WEEKDAYS.__getitem__)}"
    if spec.day_and:
        if all_dom and all_dow:
            return ", every day"
        if all_dow:
            return f", {dom}"
        if all_dom:
            return f", {dow}"
        return f", {dom}, and only if it is a {dow[3:]}"
    if all_dom or all_dow:
        return ", every day"
    return f", {dom} or {dow}"


def _dom_text(dom: DomRule) -> str:
    if dom.last:
        return ", on the last day of the month"
    if dom.last_weekday:
        return ", on the last weekday (Mon-Fri) of the month"
    if dom.nearest_weekday:
        day = next(iter(dom.nearest_weekday))
        return f", on the weekday nearest day {day} of the month"
    if len(dom.days) == 31:
        return ", every day"
    return f", on day {_list(sorted(dom.days), str)} of the month"


def _dow_text(dow: DowRule | None) -> str:
    if dow is None:
        return ""
    if dow.nth is not None:
        return f", on the {ORDINALS[dow.nth[1]]} {WEEKDAYS[dow.nth[0]]} of the month"
    if dow.last_of:
        return f", on the last {_list(sorted(dow.last_of), WEEKDAYS.__getitem__)} of the month"
    if len(dow.days) == 7:
        return ", every day"
    return f", on {_list(sorted(dow.days), WEEKDAYS.__getitem__)}"


def _months(months: frozenset[int]) -> str:
    if len(months) == 12:
        return ""
    return f", in {_list(sorted(months), lambda m: MONTHS[m - 1])}"


def _list(values: Iterable[int], name) -> str:  # type: ignore[no-untyped-def]
    """``1-5``-style runs joined as English: ``Monday to Friday``, ``0, 15 and 30``."""
    parts: list[str] = []
    for first, last in consecutive_runs(values):
        if last - first >= 2:
            parts.append(f"{name(first)} to {name(last)}")
        else:
            parts.extend(name(v) for v in range(first, last + 1))
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


# ---------------------------------------------------------------- terminal


def render(result: dict[str, Any], console: Any) -> None:
    """Print :func:`explain`'s result on a rich ``Console``."""
    from rich.markup import escape
    from rich.table import Table

    if "error" in result:
        console.print(f"[red]error[/red] {escape(result['error'])}", highlight=False)
        return
    console.print(f"[bold]{escape(result['expression'])}[/bold] ({result['flavor']}, "
                  f"{result['timezone']}) → status [bold]{result['status']}[/bold]",
                  highlight=False)
    for line in result["legacy"]["reading"]:
        console.print(escape(f"  legacy: {line}"), highlight=False)
    table = Table("schedule", "expression", "zone", "calendar", "reading")
    for schedule, reading in zip(result["aws"]["schedules"], result["aws"]["reading"]):
        table.add_row(schedule["name"], schedule["expression"], schedule["timezone"],
                      schedule["calendar"] or "", reading)
    console.print(table)
    runs = Table("next legacy runs", "next AWS runs")
    legacy_next, aws_next = result["legacy"]["next"], result["aws"]["next"]
    for i in range(max(len(legacy_next), len(aws_next))):
        runs.add_row(legacy_next[i] if i < len(legacy_next) else "",
                     aws_next[i] if i < len(aws_next) else "")
    console.print(runs)
    for finding in result["findings"]:
        console.print(escape(f"  {finding['code']} [{finding['severity']}] {finding['title']}: "
                             f"{finding['message']}"), highlight=False)

