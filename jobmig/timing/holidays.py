"""Closed-day lists from outside the export: ``jp`` or a user's .ics/.csv file."""
from __future__ import annotations

import csv
import re
from datetime import date, datetime, timedelta
from pathlib import Path


def load_holidays(spec: str, horizon: tuple[date, date]) -> set[date]:
    """Closed days within ``horizon`` from ``spec``.

    ``jp``: Japanese national holidays from the maintained ``holidays``
    package (substitute and citizens' holidays included). A path ending in
    ``.ics``: the days every ``VEVENT`` covers (see :func:`ics_days`). A path
    ending in ``.csv``: the first column of each row that holds an ISO date
    (``YYYY-MM-DD`` or ``YYYY/MM/DD``). Raises ``ValueError`` for anything else.
    """
    start, end = horizon
    if spec.lower() == "jp":
        import holidays

        table = holidays.country_holidays("JP", years=range(start.year, end.year + 1))
        days = set(table)
    elif spec.lower().endswith(".ics"):
        days = ics_days(Path(spec).read_text("utf-8-sig"), horizon)
    elif spec.lower().endswith(".csv"):
        days = set()
        with open(spec, newline="", encoding="utf-8-sig") as handle:
            for row in csv.reader(handle):
                if row and re.match(r"^\d{4}[-/]\d{2}[-/]\d{2}$", row[0].strip()):
                    days.add(_date(row[0].strip()))
    else:
        raise ValueError(f"--holidays takes 'jp', an .ics file or a .csv file, not {spec!r}")
    return {day for day in days if start <= day <= end}


def ics_days(text: str, horizon: tuple[date, date]) -> set[date]:
    """Local days the events of an iCalendar text cover, within ``horizon``.

    Per RFC 5545: folded lines are unfolded; an event covers ``DTSTART`` up to
    ``DTEND`` (exclusive) or ``DTSTART`` + ``DURATION``, else one day; ``RRULE``
    repeats it (expanded with dateutil's rrule) and ``EXDATE`` removes
    occurrences. Times are read as the dates written (the wall-clock day).
    Raises ``ValueError`` for an event without a readable ``DTSTART``.
    """
    from dateutil.rrule import rrulestr

    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    days: set[date] = set()
    for block in re.findall(r"BEGIN:VEVENT(.*?)END:VEVENT", unfolded, re.S):
        fields: dict[str, list[str]] = {}
        for line in block.splitlines():
            name, _, value = line.partition(":")
            if value:
                fields.setdefault(name.split(";", 1)[0].upper(), []).append(value.strip())
        if "DTSTART" not in fields or not re.match(r"\d{8}", fields["DTSTART"][0]):
            raise ValueError(f"an event without a readable DTSTART: {block.strip()[:80]!r}")
        first = _date(fields["DTSTART"][0][:8])
        span = 1
        if "DTEND" in fields and re.match(r"\d{8}", fields["DTEND"][0]):
            end = _date(fields["DTEND"][0][:8])
            # a timed end later than midnight still touches its own day
            ends_inside_day = re.match(r"\d{8}T(\d{6})", fields["DTEND"][0])
            touches = ends_inside_day is not None and ends_inside_day.group(1) != "000000"
            span = max(1, (end - first).days + (1 if touches else 0))
        elif "DURATION" in fields:
            weeks_days = re.match(r"P(?:(\d+)W)?(?:(\d+)D)?", fields["DURATION"][0])
            if weeks_days and (weeks_days.group(1) or weeks_days.group(2)):
                span = int(weeks_days.group(1) or 0) * 7 + int(weeks_days.group(2) or 0)
        starts = [first]
        if "RRULE" in fields:
            rule = rrulestr(fields["RRULE"][0], dtstart=datetime(first.year, first.month,
                                                                 first.day))
            limit = datetime(horizon[1].year, horizon[1].month, horizon[1].day)
            starts = [moment.date() for moment in rule.between(
                datetime(first.year, first.month, first.day), limit, inc=True)]
        excluded = {_date(item[:8]) for value in fields.get("EXDATE", [])
                    for item in value.split(",") if re.match(r"\d{8}", item)}
        for start in starts:
            if start not in excluded:
                days.update(start + timedelta(days=n) for n in range(span))
    return days


def _date(text: str) -> date:
    digits = re.sub(r"\D", "", text)
    return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
