"""JP1 schedule rules: legacy run days (parsers.jp1.rules, timing.jp1_days) and their mapping (mappings.jp1_schedule).

Run days below were worked out by hand from a 2026 wall calendar: 2026-01-01
is a Thursday; Jan 31 Sat, Feb 1 Sun, Feb 28 Sat, Mar 1 Sun, Mar 31 Tue,
Apr 1 Wed, Apr 30 Thu, May 1 Fri, May 31 Sun, Jun 1 Mon, Jun 30 Tue.
"""
from __future__ import annotations

import calendar as pycal
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from jobmig.mappings import eventbridge_cron
from jobmig.mappings.aws_schedule import RULE
from jobmig.mappings.change_calendar import DEFAULT_CLOSED
from jobmig.mappings.jp1_schedule import map_jp1
from jobmig.timing.jp1_days import legacy_fire_times
from jobmig.model import LegacySchedule, Status
from jobmig.parsers.jp1.rules import (RuleError, calendar_from_context, parse_rule,
                                      run_days, split_rule_number)

H1 = (date(2026, 1, 1), date(2026, 6, 30))  # first half of 2026
YEAR = (date(2026, 1, 1), date(2026, 12, 31))
WEEKDAYS = {"op": ["mo", "tu", "we", "th", "fr"], "cl": ["sa", "su"]}
WEEKDAYS_MAR31 = {"op": ["mo", "tu", "we", "th", "fr"], "cl": ["sa", "su", "2026/03/31"]}
UTC = timezone.utc


def _is_weekday(year: int, month: int, day: int) -> bool:
    return day <= pycal.monthrange(year, month)[1] and date(year, month, day).weekday() < 5


def d(text: str) -> date:
    month, day = text.split("/")
    return date(2026, int(month), int(day))


def days(expression: str, context: dict | None = None, span=H1) -> list[date]:
    return run_days(parse_rule(expression), calendar_from_context(context or {}), *span)


RUN_DAYS = [
    # (id, rule, calendar, expected run days in Jan-Jun 2026)
    ("last business day, Mar 31 closed -> Mar 30", "sd=1,*b;", WEEKDAYS_MAR31,
     ["1/30", "2/27", "3/30", "4/30", "5/29", "6/30"]),
    ("2nd-last business day", "sd=1,*b-1;", WEEKDAYS_MAR31,
     ["1/29", "2/26", "3/27", "4/29", "5/28", "6/29"]),
    ("1st, closed days cancelled (default sh=ca)", "sd=1,1;", WEEKDAYS,
     ["1/1", "4/1", "5/1", "6/1"]),
    ("1st, shifted to next open day", "sd=1,1; sh=1,af;", WEEKDAYS,
     ["1/1", "2/2", "3/2", "4/1", "5/1", "6/1"]),
    ("1st, shifted to previous open day within 2 days", "sd=1,1; sh=1,be;", WEEKDAYS,
     ["1/1", "1/30", "2/27", "4/1", "5/1", "6/1"]),
    ("1st, shift limited to 1 day: skipped", "sd=1,1; sh=1,be; shd=1,1;", WEEKDAYS,
     ["1/1", "4/1", "5/1", "6/1"]),
    ("1st, run even when closed", "sd=1,1; sh=1,no;", WEEKDAYS,
     ["1/1", "2/1", "3/1", "4/1", "5/1", "6/1"]),
    ("3rd open day", "sd=1,*3;", WEEKDAYS, ["1/5", "2/4", "3/4", "4/3", "5/5", "6/3"]),
    ("2nd closed day", "sd=1,@2;", WEEKDAYS, ["1/4", "2/7", "3/7", "4/5", "5/3", "6/7"]),
    ("2 days before month end", "sd=1,b-2;", {}, ["1/29", "2/26", "3/29", "4/28", "5/29", "6/28"]),
    ("last Friday", "sd=1,fr:b;", {}, ["1/30", "2/27", "3/27", "4/24", "5/29", "6/26"]),
    ("first Monday", "sd=1,mo:1;", {}, ["1/5", "2/2", "3/2", "4/6", "5/4", "6/1"]),
    ("every Monday in March", "sd=1,03/mo;", {}, ["3/2", "3/9", "3/16", "3/23", "3/30"]),
    ("one date", "sd=1,2026/02/10;", {}, ["2/10"]),
    ("every year on a date", "sd=1,05/05;", {}, ["5/5"]),
    ("10th day from base day 21", "sd=1,+10;", {"sdd": "21"},
     ["1/30", "3/2", "3/30", "4/30", "5/30", "6/30"]),
    ("base month 'ne': February starts on Jan 21", "sd=1,2026/02/+1;", {"sdd": "21", "md": "ne"},
     ["1/21"]),
    ("base month 'th': February starts on Feb 21", "sd=1,2026/02/+1;", {"sdd": "21"}, ["2/21"]),
    ("valid until Mar 31 (ed)", "sd=1,1; ed=2026/03/31;", {}, ["1/1", "2/1", "3/1"]),
    ("2 open days after (cftd)", "sd=1,1; cftd=1,af,2;", WEEKDAYS,
     ["1/5", "2/3", "3/3", "4/3", "5/5", "6/3"]),
    # Jan 10 Sat -> Jan 8 Thu; Feb 10 -> Feb 8 Sun and Mar 10 -> Mar 8 Sun: cancelled;
    # Apr 10 -> Apr 8 Wed; May 10 -> May 8 Fri; Jun 10 -> Jun 8 Mon.
    ("2 calendar days before (cftd db), then closed-day cancel", "sd=1,10; cftd=1,db,2;",
     WEEKDAYS, ["1/8", "4/8", "5/8", "6/8"]),
    ("registration day", "sd=1,en;", {}, []),
    ("daily from the registration day, closed days cancelled", "sd=1,en; cy=1,(1,d);",
     {"cl": ["sa", "su"]}, [f"{m}/{x}" for m in range(1, 7) for x in range(1, 32)
                            if _is_weekday(2026, m, x)]),
    ("undefined", "sd=0,ud;", {}, []),
    ("dated open day overrides the weekly pattern", "sd=1,@1;",
     {"op": ["mo", "tu", "we", "th", "fr", "2026/01/03"], "cl": ["sa", "su"]},
     ["1/4", "2/1", "3/1", "4/4", "5/2", "6/6"]),
]


@pytest.mark.parametrize("rule, context, expected", [c[1:] for c in RUN_DAYS],
                         ids=[c[0] for c in RUN_DAYS])
def test_run_days(rule, context, expected):
    assert days(rule, context) == [d(x) for x in expected]


def test_every_two_days_from_an_anchor_in_the_past():
    found = days("sd=1,2018/11/01; cy=1,(2,d);", span=(date(2026, 1, 1), date(2026, 1, 10)))
    # 2018-11-01 + 2k days: 2018-11-01 .. 2026-01-01 is 2618 days (even), so Jan 1 runs.
    assert (date(2026, 1, 1) - date(2018, 11, 1)).days % 2 == 0
    assert found == [d("1/1"), d("1/3"), d("1/5"), d("1/7"), d("1/9")]


def test_daily_cycle_on_business_days_only():
    found = days("sd=1,2019/11/03; cy=1,(1,d); sh=1,ca;", WEEKDAYS,
                 span=(date(2026, 1, 1), date(2026, 1, 11)))
    assert found == [d("1/1"), d("1/2"), d("1/5"), d("1/6"), d("1/7"), d("1/8"), d("1/9")]


def test_monthly_cycle_from_the_31st_keeps_to_month_ends():
    # [I] a monthly cycle from the 31st runs on the last day of shorter months.
    assert days("sd=1,2026/01/31; cy=1,(1,m);") == [d("1/31"), d("2/28"), d("3/31"), d("4/30"),
                                                    d("5/31"), d("6/30")]


@pytest.mark.parametrize("key, raw, number, value", [
    ("sd", "1,2019/11/03", 1, "2019/11/03"),
    ("sd", "12", 1, "12"),
    ("sd", "12,12", 12, "12"),
    ("shd", "1,2", 1, "2"),
    ("cy", "(1,d)", 1, "(1,d)"),
    ("st", "1, 12:10", 1, "12:10"),
])
def test_rule_numbers(key, raw, number, value):
    assert split_rule_number(key, raw) == (number, value)


@pytest.mark.parametrize("expression", [
    "sd=1,1.2018/11/01;", "st=1,+00:100;", "cy=1,(1.d);", "sh=1,xx;", "sd=1,2026/02/30;",
    "sd=1,13/01;", "cftd=1,zz;", "ed=2026-01-01;", "sd=1,mo:6;", "st=1,48:00;",
])
def test_bad_rules_are_rejected(expression):
    with pytest.raises(RuleError):
        parse_rule(expression)


# -- fire times ----------------------------------------------------------------------

def legacy(expression: str, context: dict | None = None, tz="Asia/Tokyo") -> LegacySchedule:
    return LegacySchedule("jp1", expression, tz, context=context or {})


def test_start_time_before_base_time_is_the_next_calendar_day():
    found = legacy_fire_times(legacy("sd=1,15; st=1,01:00;", {"stt": "08:00"}),
                              datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC))
    # business day Jan 15 starts at 08:00, so 01:00 is Jan 16 01:00 JST = Jan 15 16:00 UTC
    assert found == [datetime(2026, 1, 15, 16, 0, tzinfo=UTC)]


def test_relative_start_time_counts_from_base_time():
    found = legacy_fire_times(legacy("sd=1,15; st=1,+02:30;", {"stt": "08:00"}),
                              datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC))
    assert found == [datetime(2026, 1, 15, 1, 30, tzinfo=UTC)]  # 10:30 JST


def test_fire_times_are_bounded_half_open():
    rule = legacy("sd=1,15; st=1,09:00;")
    moment = datetime(2026, 1, 15, 0, 0, tzinfo=UTC)  # 09:00 JST
    assert legacy_fire_times(rule, moment, moment + timedelta(minutes=1)) == [moment]
    assert legacy_fire_times(rule, moment - timedelta(days=1), moment) == []


# -- mapping -------------------------------------------------------------------------

def mapped(expression: str, context: dict | None = None, *, holidays=None, target="scheduler",
           horizon=YEAR, tz="Asia/Tokyo"):
    return map_jp1(legacy(expression, context, tz), name="net", horizon=horizon,
                   holidays=holidays, target=target, source=None, job_id="jp1:/net")


@pytest.mark.parametrize("expression, cron", [
    ("sd=1,15; st=1,09:00;", "cron(0 9 15 * ? *)"),
    ("sd=1,fr:b; st=1,18:00;", "cron(0 18 ? * 6L *)"),
    ("sd=1,mo:1;", "cron(0 0 ? * 2#1 *)"),
    ("sd=1,b; st=1,23:30;", "cron(30 23 L * ? *)"),
    ("sd=1,th;", "cron(0 0 ? * THU *)"),
    ("sd=1,12/mo;", "cron(0 0 ? 12 MON *)"),
    ("sd=1,12/25; st=1,06:00;", "cron(0 6 25 12 ? *)"),
    ("sd=1,2026/03/15; st=1,10:00;", "at(2026-03-15T10:00:00)"),
    ("sd=1,2020/03/01; st=1,15:00; cy=1,(1,d); sh=1,ca;", "cron(0 15 * * ? *)"),
])
def test_calendar_free_rules_become_exact_cron(expression, cron):
    result = mapped(expression)
    assert result.status is Status.AUTO, result.findings
    assert [s.expression for s in result.schedules] == [cron]
    assert result.schedules[0].timezone == "Asia/Tokyo" and not result.calendars


def test_daily_cycle_from_registration_day_is_daily():
    result = mapped("sd=1,en; st=1,+00:00; cy=1,(1,d);")
    assert [s.expression for s in result.schedules] == ["cron(0 0 * * ? *)"]
    assert {f.code for f in result.findings} == {"JM423"}
    assert result.status is Status.REVIEW


def test_weekday_rule_on_an_open_weekday_ignores_a_weekly_calendar():
    result = mapped("sd=1,mo:2; st=1,09:00;", WEEKDAYS)
    assert [s.expression for s in result.schedules] == ["cron(0 9 ? * 2#2 *)"]


def test_last_business_day_becomes_a_gated_daily_schedule():
    result = mapped("sd=1,*b; st=1,02:30;", WEEKDAYS_MAR31, horizon=H1)
    assert result.status is Status.REVIEW
    (schedule,), (cal,) = result.schedules, result.calendars
    assert schedule.expression == "cron(30 2 * * ? *)" and schedule.calendar == cal.name
    assert cal.calendar_type == DEFAULT_CLOSED and cal.timezone == "Asia/Tokyo"
    assert sorted(cal.days) == [d(x) for x in ["1/30", "2/27", "3/30", "4/30", "5/29", "6/30"]]
    note = next(f for f in result.findings if f.code == "JM409")
    assert "2026-01-01..2026-06-30" in note.message


def test_gated_calendar_days_are_the_fire_days_when_the_time_passes_midnight():
    result = mapped("sd=1,*b; st=1,01:00;", {**WEEKDAYS_MAR31, "stt": "08:00"}, horizon=H1)
    assert result.schedules[0].expression == "cron(0 1 * * ? *)"
    # runs on the day after each last business day (01:00 belongs to the previous business
    # day): Dec 31 2025 (Wed) -> Jan 1; Jan 30 -> Jan 31; Feb 27 -> Feb 28; Mar 30 -> Mar 31;
    # Apr 30 -> May 1; May 29 -> May 30; Jun 30 -> Jul 1, outside the horizon.
    assert sorted(result.calendars[0].days) == [
        d(x) for x in ["1/1", "1/31", "2/28", "3/31", "5/1", "5/30"]]


def test_one_weekday_in_every_run_gives_a_weekly_schedule():
    result = mapped("sd=1,2026/01/05; cy=1,(2,w);", WEEKDAYS)
    assert result.schedules[0].expression == "cron(0 0 ? * MON *)"
    assert len(result.calendars[0].days) == 26


def test_holidays_close_days_when_the_export_has_no_calendar():
    result = mapped("sd=1,1;", holidays={date(2026, 1, 1)}, horizon=H1)
    # Jan 1 is a holiday, Feb 1 and Mar 1 are Sundays: closed and cancelled.
    assert sorted(result.calendars[0].days) == [d("4/1"), d("5/1"), d("6/1")]


def test_japanese_holidays_package_feeds_the_calendar():
    import holidays as pyholidays

    jp = set(pyholidays.Japan(years=2026))
    result = mapped("sd=1,*1;", holidays=jp, horizon=(date(2026, 1, 1), date(2026, 1, 31)))
    # Jan 1 holiday, Jan 2 Fri is open in the public-holiday list (no company closure)
    assert sorted(result.calendars[0].days) == [d("1/2")]


@pytest.mark.parametrize("expression, code, status", [
    ("sd=1,en;", "JM407", Status.MANUAL),
    ("sd=0,ud;", "JM408", Status.AUTO),
    ("sd=1,1.2018/11/01;", "JM410", Status.MANUAL),
    ("sd=1,2014/12/12;", "JM422", Status.AUTO),
    ("sd=1,*3;", "JM415", Status.REVIEW),
    ("sd=1,15; cy=1,(3,d);", "JM423", Status.REVIEW),
])
def test_rules_that_cannot_be_scheduled_say_why(expression, code, status):
    result = mapped(expression)
    assert code in {f.code for f in result.findings}
    assert result.status is status


def test_rules_target_shifts_to_utc():
    result = mapped("sd=1,mo; st=1,08:00;", target="rules")
    (schedule,) = result.schedules
    assert (schedule.kind, schedule.timezone) == (RULE, "UTC")
    assert schedule.expression == "cron(0 23 ? * SUN *)"  # Monday 08:00 JST


def test_rules_target_gated_keeps_the_calendar_in_local_days():
    result = mapped("sd=1,*b; st=1,02:30;", WEEKDAYS, target="rules", horizon=H1)
    assert result.schedules[0].expression == "cron(30 17 * * ? *)"
    assert result.calendars[0].timezone == "Asia/Tokyo"


def test_rules_target_with_dst_is_manual():
    result = mapped("sd=1,*b; st=1,02:30;", WEEKDAYS, target="rules", tz="Europe/Berlin")
    assert result.status is Status.MANUAL and "JM207" in {f.code for f in result.findings}


# -- properties ----------------------------------------------------------------------

_day_specs = st.one_of(
    st.integers(1, 31).map(str),
    st.integers(1, 28).map(lambda n: f"*{n}"),
    st.integers(1, 9).map(lambda n: f"@{n}"),
    st.integers(0, 5).map(lambda n: "b" if n == 0 else f"b-{n}"),
    st.integers(0, 5).map(lambda n: "*b" if n == 0 else f"*b-{n}"),
    st.tuples(st.sampled_from(["mo", "tu", "we", "th", "fr", "sa", "su"]),
              st.sampled_from(["", ":1", ":2", ":3", ":4", ":b"])).map("".join),
)
_calendars = st.sampled_from([{}, WEEKDAYS, WEEKDAYS_MAR31, {"cl": ["su", "2026/05/05"]}])
_shifts = st.sampled_from(["", " sh=1,af;", " sh=1,be;", " sh=1,no;", " sh=1,ca;"])


@settings(max_examples=150, deadline=None)
@given(_day_specs, _calendars, _shifts)
def test_run_days_are_sorted_unique_and_inside_the_range(spec, context, shift):
    found = days(f"sd=1,{spec};{shift}", context)
    assert found == sorted(set(found))
    assert all(H1[0] <= day <= H1[1] for day in found)
    cal = calendar_from_context(context)
    if shift in (" sh=1,af;", " sh=1,be;", " sh=1,ca;", "") and not spec.startswith("@"):
        assert all(cal.is_open(day) for day in found)


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 23), _calendars)
def test_nth_open_day_is_the_nth_open_day_of_its_month(n, context):
    cal = calendar_from_context(context)
    for day in days(f"sd=1,*{n};", context):
        first = day.replace(day=1)
        opened = [first + timedelta(days=i) for i in range(day.day) if
                  cal.is_open(first + timedelta(days=i))]
        assert len(opened) == n and opened[-1] == day


@settings(max_examples=100, deadline=None)
@given(_day_specs, _calendars, st.integers(0, 23), st.sampled_from([0, 15, 45]))
def test_mapping_fires_exactly_when_the_legacy_rule_does(spec, context, hour, minute):
    expression = f"sd=1,{spec}; st=1,{hour:02d}:{minute:02d};"
    result = mapped(expression, context, horizon=H1)
    assume(result.schedules)
    tz = ZoneInfo("Asia/Tokyo")
    start = datetime(2026, 1, 1, tzinfo=tz).astimezone(UTC)
    end = datetime(2026, 7, 1, tzinfo=tz).astimezone(UTC)
    want = legacy_fire_times(legacy(expression, context), start, end)
    got = []
    for schedule in result.schedules:
        if schedule.expression.startswith("at("):
            continue
        fires = eventbridge_cron.fire_times(schedule.expression, schedule.timezone, start, end)
        if schedule.calendar:
            cal = next(c for c in result.calendars if c.name == schedule.calendar)
            fires = [f for f in fires if cal.is_open(f)]
        got += fires
    assert sorted(got) == want


def test_month_lengths_sanity():
    # guards the hand-computed table above against a wrong wall calendar
    assert date(2026, 1, 1).weekday() == 3 and pycal.monthrange(2026, 2)[1] == 28


# -- jobmig verify -------------------------------------------------------------------

@pytest.mark.parametrize("expression, context", [
    ("sd=1,*b; st=1,02:30;", WEEKDAYS_MAR31),
    ("sd=1,15; st=1,09:00;", {}),
    ("sd=1,2026/01/05; cy=1,(1,d); sh=1,ca; st=1,23:58;", WEEKDAYS),
    ("sd=1,*b; st=1,01:00;", {**WEEKDAYS, "stt": "08:00"}),
])
def test_verify_finds_the_mapping_equivalent(expression, context):
    from jobmig.timing import simulate

    result = mapped(expression, context, horizon=H1)
    tz = ZoneInfo("Asia/Tokyo")
    start = datetime(2026, 1, 1, tzinfo=tz).astimezone(UTC)
    end = datetime(2026, 7, 1, tzinfo=tz).astimezone(UTC)
    minute = lambda moment: int(moment.timestamp()) // 60  # noqa: E731
    legacy_side = simulate.legacy_minutes(legacy(expression, context), minute(start), minute(end))
    calendars = {c.name: c for c in result.calendars}
    aws_side = simulate.aws_minutes(result.schedules, calendars, minute(start), minute(end))
    assert legacy_side and legacy_side == aws_side
