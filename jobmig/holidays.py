"""Closed-day lists from outside the export: ``jp`` or a user's .ics/.csv file."""
from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path


def load_holidays(spec: str, horizon: tuple[date, date]) -> set[date]:
    """Closed days within ``horizon`` from ``spec``.

    ``jp``: Japanese national holidays from the maintained ``holidays``
    package (substitute and citizens' holidays included). A path ending in
    ``.ics``: every ``DTSTART`` date. A path ending in ``.csv``: the first
    column of each row that holds an ISO date (``YYYY-MM-DD`` or
    ``YYYY/MM/DD``). Raises ``ValueError`` for anything else.
    """
    start, end = horizon
    if spec.lower() == "jp":
        import holidays

        table = holidays.country_holidays("JP", years=range(start.year, end.year + 1))
        days = set(table)
    elif spec.lower().endswith(".ics"):
        text = Path(spec).read_text("utf-8")
        days = {_date(m.group(1)) for m in re.finditer(r"^DTSTART[^:\n]*:(\d{8})", text, re.M)}
    elif spec.lower().endswith(".csv"):
        days = set()
        with open(spec, newline="", encoding="utf-8-sig") as handle:
            for row in csv.reader(handle):
                if row and re.match(r"^\d{4}[-/]\d{2}[-/]\d{2}$", row[0].strip()):
                    days.add(_date(row[0].strip()))
    else:
        raise ValueError(f"--holidays takes 'jp', an .ics file or a .csv file, not {spec!r}")
    return {day for day in days if start <= day <= end}


def _date(text: str) -> date:
    digits = re.sub(r"\D", "", text)
    return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
