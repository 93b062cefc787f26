"""EventBridge cron: validation, canonical rendering and fire times.

Fire-time expectations come from shared/notes/aws-target.md §9.2 (pyawscron
runs that agreed with the AWS documentation) and from a calendar by hand.
"""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from jobmig.mappings.eventbridge_cron import (
    EventBridgeCronError, field_text, fire_times, parse,
)

UTC = timezone.utc
JAN_1_2025 = datetime(2025, 1, 1, tzinfo=UTC)
APR_1_2025 = datetime(2025, 4, 1, tzinfo=UTC)


def days(*pairs):
    return [datetime(2025, m, d, tzinfo=UTC) for m, d in pairs]


FIRST_QUARTER_2025 = [
    ("last-day", "cron(0 0 L * ? *)", days((1, 31), (2, 28), (3, 31))),
    ("nearest-weekday-15", "cron(0 0 15W * ? *)", days((1, 15), (2, 14), (3, 14))),
    ("nearest-weekday-1-never-leaves-the-month", "cron(0 0 1W * ? *)",
     days((1, 1), (2, 3), (3, 3))),
    ("third-friday", "cron(0 0 ? * 6#3 *)", days((1, 17), (2, 21), (3, 21))),
    ("last-friday", "cron(0 0 ? * 6L *)", days((1, 31), (2, 28), (3, 28))),
    ("last-weekday", "cron(0 0 LW * ? *)", days((1, 31), (2, 28), (3, 31))),
    ("wrap-around-months", "cron(0 0 1 NOV-FEB ? *)", days((1, 1), (2, 1))),
    ("feb-29-in-a-common-year", "cron(0 0 29 2 ? *)", []),
    ("fifth-monday", "cron(0 0 ? * 2#5 *)", days((3, 31))),
    ("year-field", "cron(0 0 1 1 ? 2025-2026)", days((1, 1))),
    ("year-field-excludes", "cron(0 0 1 1 ? 2024)", []),
]


@pytest.mark.parametrize("expr, expected", [c[1:] for c in FIRST_QUARTER_2025],
                         ids=[c[0] for c in FIRST_QUARTER_2025])
def test_day_wildcards_fire_on_the_documented_days(expr, expected):
    assert fire_times(expr, "UTC", JAN_1_2025, APR_1_2025) == expected


def test_start_slash_step_counts_from_the_start_minute():
    runs = fire_times("cron(5/15 0 1 1 ? *)", "UTC", JAN_1_2025, APR_1_2025)
    assert [r.minute for r in runs] == [5, 20, 35, 50]


def test_a_bare_l_in_day_of_week_means_saturday():
    runs = fire_times("cron(0 0 ? * L *)", "UTC", JAN_1_2025, datetime(2025, 1, 12, tzinfo=UTC))
    assert runs == days((1, 4), (1, 11))


def test_wrap_around_hours_fire_after_midnight_of_the_listed_weekday():
    runs = fire_times("cron(0 22-1 ? * FRI *)", "UTC", datetime(2025, 1, 3, tzinfo=UTC),
                      datetime(2025, 1, 5, tzinfo=UTC))
    # Friday 3 Jan 00:00, 01:00, 22:00, 23:00 (not Saturday morning)
    assert [(r.day, r.hour) for r in runs] == [(3, 0), (3, 1), (3, 22), (3, 23)]


def test_scheduler_time_zone_fires_at_local_time():
    runs = fire_times("cron(0 9 ? * MON-FRI *)", "Asia/Tokyo", datetime(2025, 1, 6, tzinfo=UTC),
                      datetime(2025, 1, 8, tzinfo=UTC))
    assert runs == [datetime(2025, 1, 6, 0, 0, tzinfo=UTC), datetime(2025, 1, 7, 0, 0, tzinfo=UTC)]


def test_scheduler_skips_a_local_time_that_does_not_exist():
    # America/New_York 2025-03-09: 02:00 EST jumps to 03:00 EDT.
    runs = fire_times("cron(30 2 * * ? *)", "America/New_York",
                      datetime(2025, 3, 8, 12, tzinfo=UTC), datetime(2025, 3, 10, 12, tzinfo=UTC))
    assert runs == [datetime(2025, 3, 10, 6, 30, tzinfo=UTC)]


def test_scheduler_runs_a_repeated_local_time_once_at_the_first_occurrence():
    # 2025-11-02: 01:30 happens at 05:30Z (EDT) and 06:30Z (EST).
    runs = fire_times("cron(30 1 * * ? *)", "America/New_York",
                      datetime(2025, 11, 2, tzinfo=UTC), datetime(2025, 11, 3, tzinfo=UTC))
    assert runs == [datetime(2025, 11, 2, 5, 30, tzinfo=UTC)]


INVALID = [
    ("both-day-fields-given", "cron(0 9 * * MON-FRI *)", None, "exactly one"),
    ("both-day-fields-question", "cron(0 9 ? * ? *)", None, "both are '?'"),
    ("five-fields", "cron(0 9 * * ?)", None, "expected 6 fields"),
    ("year-2300", "cron(0 9 ? * * 2300)", "year", "out of range 1970-2199"),
    ("minute-60", "cron(60 * * * ? *)", "minutes", "60 is out of range 0-59"),
    ("hour-24", "cron(0 24 * * ? *)", "hours", "24 is out of range 0-23"),
    ("dow-0", "cron(0 0 ? * 0 *)", "day-of-week", "0 is out of range 1-7"),
    ("dom-32", "cron(0 0 32 * ? *)", "day-of-month", "32 is out of range"),
    ("two-hashes", "cron(0 9 ? * 3#1,6#3 *)", "day-of-week", "only one #"),
    ("hash-week-6", "cron(0 9 ? * 3#6 *)", "day-of-week", "1-5"),
    ("zero-step", "cron(0/0 * * * ? *)", "minutes", "positive"),
    ("l-in-a-list", "cron(0 0 1,L * ? *)", "day-of-month", "stand alone"),
    ("bad-month-name", "cron(0 0 1 JANUARY ? *)", "month", "'JANUARY'"),
    ("question-in-month", "cron(0 0 1 ? * *)", None, "exactly one"),
    ("rate", "rate(5 minutes)", None, "not a cron expression"),
]


@pytest.mark.parametrize("expr, field, words", [c[1:] for c in INVALID],
                         ids=[c[0] for c in INVALID])
def test_invalid_expressions_are_rejected_with_the_field_named(expr, field, words):
    with pytest.raises(EventBridgeCronError) as caught:
        parse(expr)
    assert caught.value.field == field
    assert words in str(caught.value)


def test_names_are_case_insensitive():
    lower, upper = parse("cron(0 0 ? jan mon *)"), parse("cron(0 0 ? JAN MON *)")
    assert (lower.months, lower.dow) == (upper.months, upper.dow) == (
        frozenset({1}), upper.dow.__class__(days=frozenset({1})))


RENDERED = [
    ("full-minutes", "minutes", set(range(60)), "*"),
    ("every-15-from-0", "minutes", {0, 15, 30, 45}, "0/15"),
    ("every-30-from-5", "minutes", {5, 35}, "5/30"),
    ("two-unrelated-minutes", "minutes", {10, 50}, "10,50"),
    ("single", "hours", {9}, "9"),
    ("runs-and-singles", "hours", {9, 10, 11, 12, 13, 17}, "9-13,17"),
    ("pair-is-a-list", "hours", {8, 9}, "8,9"),
    ("weekdays-as-names", "day-of-week", {1, 2, 3, 4, 5}, "MON-FRI"),
    ("weekend-as-names", "day-of-week", {0, 6}, "SUN,SAT"),
    ("quarter-months", "month", {1, 4, 7, 10}, "1/3"),
    ("month-names", "month", {1, 2, 3, 12}, "JAN-MAR,DEC"),
    ("every-other-day", "day-of-month", set(range(1, 32, 2)), "1/2"),
]


@pytest.mark.parametrize("field, values, text", [c[1:] for c in RENDERED],
                         ids=[c[0] for c in RENDERED])
def test_field_text_is_canonical_upper_case_and_uses_start_slash_step(field, values, text):
    assert field_text(field, frozenset(values)) == text
