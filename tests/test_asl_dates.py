"""The business day computed inside a state machine equals Python's zoneinfo answer.

:mod:`jobmig.mappings.asl_dates` turns a UTC timestamp into the date in the
jobs' zone with ASL intrinsics and Choice rules only. Each example runs those
states in aws-local-stepfunctions (tests/asl_run.py) for many timestamps and
zones, with fixed and changing offsets, and compares with
``datetime.astimezone(ZoneInfo(zone)).date()``.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from jobmig.mappings.asl_dates import base_time_fits, business_day_states
from jobmig.mappings.asl_tasks import BuildContext
from tests.asl_run import request, run_all
from tests.aws_fixtures import assert_valid_asl

HORIZON = (date(2026, 1, 1), date(2028, 12, 31))
ZONES = ("UTC", "Asia/Tokyo", "Asia/Kolkata", "America/New_York", "America/St_Johns",
         "Europe/London", "Australia/Lord_Howe", "Pacific/Chatham", "Pacific/Kiritimati",
         "Pacific/Pago_Pago")
# month and year ends, a leap day, and the hours around local midnight
EDGES = [datetime(2026, 12, 31, 14, 59, 59), datetime(2026, 12, 31, 15, 0), datetime(2027, 1, 1, 3, 0),
         datetime(2028, 2, 28, 15, 0), datetime(2028, 2, 29, 23, 0), datetime(2028, 3, 1, 2, 0),
         datetime(2026, 3, 1, 2, 0), datetime(2026, 4, 30, 23, 30), datetime(2026, 5, 1, 0, 30)]


def machine(zone: str) -> dict:
    states: dict = {"Done": {"Type": "Succeed"}}
    start = business_day_states(BuildContext("m"), zone, HORIZON, "Done", states)
    return {"StartAt": start, "States": states}


MACHINES = {zone: machine(zone) for zone in ZONES}
moments = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2028, 12, 31, 23, 59))


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_the_business_day_states_are_valid_asl():
    for zone in ("UTC", "Asia/Tokyo", "America/New_York"):  # none, next-day, previous-day steps
        assert_valid_asl(MACHINES[zone])


@settings(max_examples=3, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(ZONES), moments), min_size=40, max_size=40))
def test_the_business_day_is_the_date_in_the_zone(cases):
    cases = cases + [(zone, moment) for zone in ZONES for moment in EDGES]
    results = run_all([request(MACHINES[zone], {"business_date": stamp(moment)}, {})
                       for zone, moment in cases])
    for (zone, moment), result in zip(cases, results):
        expected = moment.replace(tzinfo=timezone.utc).astimezone(ZoneInfo(zone)).date()
        assert (result.status, result.output["business_day"]) == ("SUCCEEDED", expected.isoformat()), \
            (zone, stamp(moment))


def test_a_date_or_a_timestamp_with_an_offset_keeps_the_date_it_names():
    results = run_all([request(MACHINES["Asia/Tokyo"], {"business_date": text}, {})
                       for text in ("2026-11-25", "2026-11-25T02:30:00+09:00", "2026-11-24T17:30:00.123Z")])
    assert [r.output["business_day"] for r in results] == ["2026-11-25", "2026-11-25", "2026-11-25"]


def test_a_business_date_that_is_no_date_fails_the_run():
    (result,) = run_all([request(MACHINES["UTC"], {"business_date": "yesterday"}, {})])
    assert (result.status, result.error) == ("FAILED", "Jobmig.BadBusinessDate")


def test_a_zone_without_offset_changes_needs_no_timestamp_rules():
    text = str(MACHINES["Asia/Tokyo"])
    # no period rules (TimestampGreaterThanEquals/TimestampLessThan on the business date)
    assert "TimestampLessThan" not in text and "15:00" in text  # 15:00 UTC is midnight in Tokyo
    assert "TimestampLessThan" in str(MACHINES["America/New_York"])
    assert len(MACHINES["UTC"]["States"]) < len(MACHINES["Asia/Tokyo"]["States"])


# JP1 base times (stt): the business day is the local date of the moment minus the base time
BASES = (300, 480, 1439)  # 05:00, 08:00, 23:59
BASE_ZONES = ("UTC", "Asia/Tokyo", "America/New_York", "Pacific/Kiritimati")


def based_machine(zone: str, base: int) -> dict:
    states: dict = {"Done": {"Type": "Succeed"}}
    start = business_day_states(BuildContext("m"), zone, HORIZON, "Done", states, base)
    return {"StartAt": start, "States": states}


BASED = {(zone, base): based_machine(zone, base) for zone in BASE_ZONES for base in BASES
         if base_time_fits(zone, HORIZON, base)}


@settings(max_examples=2, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(sorted(BASED)), moments), min_size=40, max_size=40))
def test_with_a_base_time_the_business_day_starts_at_that_local_time(cases):
    cases = cases + [(key, moment) for key in sorted(BASED) for moment in EDGES]
    results = run_all([request(BASED[key], {"business_date": stamp(moment)}, {})
                       for key, moment in cases])
    for ((zone, base), moment), result in zip(cases, results):
        local = moment.replace(tzinfo=timezone.utc).astimezone(ZoneInfo(zone))
        expected = (local - timedelta(minutes=base)).date()
        assert result.output["business_day"] == expected.isoformat(), (zone, base, stamp(moment))


def test_a_base_time_is_the_day_before_until_it_is_reached():
    # Tokyo, stt=05:00: 04:59 local on 2026-04-01 is still 2026-03-31; 05:00 is 2026-04-01
    machine_ = BASED[("Asia/Tokyo", 300)]
    results = run_all([request(machine_, {"business_date": text}, {})
                       for text in ("2026-03-31T19:59:00Z", "2026-03-31T20:00:00Z")])
    assert [r.output["business_day"] for r in results] == ["2026-03-31", "2026-04-01"]


def test_a_late_base_time_far_west_of_utc_does_not_fit():
    # New York is UTC-5/-4: 23:59 base time would move the day more than one day from UTC
    assert not base_time_fits("America/New_York", HORIZON, 1439)
    assert base_time_fits("Asia/Tokyo", HORIZON, 1439) and base_time_fits("UTC", HORIZON, 480)


def _asl_string_matches(value: str, pattern: str) -> bool:
    """StringMatches as the ASL specification defines it: '*' matches any run of
    characters, '\\' escapes; no other character is special (a '?' is a '?')."""
    regex, escaped = "", False
    for char in pattern:
        if escaped:
            regex, escaped = regex + re.escape(char), False
        elif char == "\\":
            escaped = True
        elif char == "*":
            regex += ".*"
        else:
            regex += re.escape(char)
    return re.fullmatch(regex, value, re.S) is not None


def _string_patterns(node) -> list[str]:
    if isinstance(node, dict):
        found = [node["StringMatches"]] if "StringMatches" in node else []
        return found + [p for value in node.values() for p in _string_patterns(value)]
    if isinstance(node, list):
        return [p for value in node for p in _string_patterns(value)]
    return []


def test_the_date_patterns_match_real_dates_under_asl_semantics():
    # the local interpreter reads '?' as a wildcard; AWS does not: only '*' is special
    for zone in ("UTC", "Asia/Tokyo", "America/New_York"):
        patterns = _string_patterns(MACHINES[zone])
        assert patterns and not [p for p in patterns if "?" in p], patterns
        for text in ("2026-11-24T17:30:00Z", "2026-11-25", "2026-11-25T02:30:00+09:00"):
            assert any(_asl_string_matches(text, p) for p in patterns), (zone, text)
        assert not any(_asl_string_matches("yesterday", p) for p in patterns)
