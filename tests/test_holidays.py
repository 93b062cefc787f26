"""Closed days from outside the export: --holidays jp, .ics and .csv.

Expected Japanese holidays for 2026 come from the Cabinet Office's published
list (national holidays, the substitute holiday on 6 May and the citizens'
holiday on 22 September); the .ics cases follow RFC 5545 (DTEND is exclusive,
RRULE repeats, EXDATE removes, folded lines continue with a space).
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from jobmig.timing.holidays import ics_days, load_holidays
from tests.conftest import run_jobmig

YEAR_2026 = (date(2026, 1, 1), date(2026, 12, 31))
JP_2026 = {date(2026, m, d) for m, d in [
    (1, 1), (1, 12), (2, 11), (2, 23), (3, 20), (4, 29), (5, 3), (5, 4), (5, 5), (5, 6),
    (7, 20), (8, 11), (9, 21), (9, 22), (9, 23), (10, 12), (11, 3), (11, 23)]}

ICS = """BEGIN:VCALENDAR\r
VERSION:2.0\r
BEGIN:VEVENT\r
SUMMARY:Year-end clo\r
 sing\r
DTSTART;VALUE=DATE:20261229\r
DTEND;VALUE=DATE:20270104\r
END:VEVENT\r
BEGIN:VEVENT\r
SUMMARY:Month-end maintenance\r
DTSTART;VALUE=DATE:20260130\r
RRULE:FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=4\r
EXDATE;VALUE=DATE:20260228\r
END:VEVENT\r
BEGIN:VEVENT\r
SUMMARY:Audit\r
DTSTART:20260610T090000\r
DTEND:20260611T000000\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_jp_gives_the_published_2026_holidays() -> None:
    assert load_holidays("jp", YEAR_2026) == JP_2026


def test_an_ics_file_gives_every_day_its_events_cover() -> None:
    days = ics_days(ICS, (date(2026, 1, 1), date(2027, 12, 31)))
    year_end = {date(2026, 12, d) for d in (29, 30, 31)} | {date(2027, 1, d) for d in (1, 2, 3)}
    # BYMONTHDAY=-1 from 30 January: 31 Jan, 28 Feb (excluded), 31 Mar, 30 Apr.
    month_ends = {date(2026, 1, 31), date(2026, 3, 31), date(2026, 4, 30)}
    assert days == year_end | month_ends | {date(2026, 6, 10)}


def test_load_holidays_keeps_the_horizon(tmp_path: Path) -> None:
    path = tmp_path / "closed.ics"
    path.write_text(ICS, encoding="utf-8")
    assert load_holidays(str(path), YEAR_2026) == (
        {date(2026, 12, d) for d in (29, 30, 31)}
        | {date(2026, 1, 31), date(2026, 3, 31), date(2026, 4, 30), date(2026, 6, 10)})


def test_a_csv_file_gives_the_dates_of_its_first_column(tmp_path: Path) -> None:
    path = tmp_path / "closed.csv"
    path.write_text("date,name\n2026-08-13,お盆\n2026/08/14,お盆\nnot a date,x\n\n2027-01-04,\n",
                    encoding="utf-8-sig")
    assert load_holidays(str(path), YEAR_2026) == {date(2026, 8, 13), date(2026, 8, 14)}


def test_an_event_without_a_start_is_an_error() -> None:
    with pytest.raises(ValueError, match="DTSTART"):
        ics_days("BEGIN:VEVENT\nSUMMARY:x\nEND:VEVENT\n", YEAR_2026)


def test_the_cli_records_the_closed_days_it_used(tmp_path: Path) -> None:
    (tmp_path / "closed.csv").write_text("2026-08-13\n", encoding="utf-8")
    (tmp_path / "crontab").write_text("0 9 * * * /bin/daily\n", encoding="utf-8")
    run_jobmig("convert", "crontab", "--out", "out", "--timezone", "Asia/Tokyo",
               "--horizon", "2026-01-01:2026-12-31", "--holidays", "closed.csv",
               cwd=tmp_path, check=True)
    plan = json.loads((tmp_path / "out" / "plan.json").read_text("utf-8"))
    assert plan["options"]["holidays"]["dates"] == ["2026-08-13"]


def test_an_unreadable_holiday_file_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "bad.ics").write_text("BEGIN:VEVENT\nEND:VEVENT\n", encoding="utf-8")
    done = run_jobmig("audit", str(tmp_path), "--holidays", str(tmp_path / "bad.ics"))
    assert done.returncode == 2 and "bad.ics" in done.stderr and "Traceback" not in done.stderr
