"""map_cron: legacy cron → the fewest exactly-equivalent EventBridge schedules; `jobmig cron`.

Expected expressions are worked out by hand from the rules in
shared/DESIGN.md and the notes (cronie day rule, Jenkins AND, DOW+1, UTC
shifts), and H values from Jenkins' CronTabTest vectors.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timezone

import pytest

from jobmig.cron_command import describe_spec, explain
from jobmig.timing.cron import parse_vixie
from jobmig.mappings.change_calendar import DEFAULT_CLOSED
from jobmig.mappings.schedule import map_cron, schedule_name
from jobmig.model import LegacySchedule, SourceRef, Status

HORIZON = (date(2026, 1, 1), date(2026, 12, 31))


def mapped(flavor, expr, tz, seed=None, target="scheduler", name="job"):
    return map_cron(LegacySchedule(flavor, expr, tz, seed), name=name, target=target,
                    horizon=HORIZON)


# id, flavor, expression, zone, seed, target, expressions, status, finding codes
CASES = [
    ("weekdays-tokyo", "vixie", "30 2 * * 1-5", "Asia/Tokyo", None, "scheduler",
     ["cron(30 2 ? * MON-FRI *)"], "auto", []),
    ("every-15-minutes", "vixie", "*/15 * * * *", "UTC", None, "scheduler",
     ["cron(0/15 * * * ? *)"], "auto", []),
    ("sunday-0-and-7", "vixie", "0 1 * * 0,7", "UTC", None, "scheduler",
     ["cron(0 1 ? * SUN *)"], "auto", []),
    ("at-weekly", "vixie", "@weekly", "UTC", None, "scheduler",
     ["cron(0 0 ? * SUN *)"], "auto", []),
    ("at-monthly", "vixie", "@monthly", "UTC", None, "scheduler",
     ["cron(0 0 1 * ? *)"], "auto", []),
    ("month-names", "vixie", "0 6 1 jan,jul *", "UTC", None, "scheduler",
     ["cron(0 6 1 JAN,JUL ? *)"], "auto", []),
    ("cronie-or-gives-two-schedules", "vixie", "0 9 1 * 1", "Asia/Tokyo", None, "scheduler",
     ["cron(0 9 1 * ? *)", "cron(0 9 ? * MON *)"], "review", ["JM208"]),
    ("or-with-full-dow-is-every-day", "vixie", "0 9 1 * 0-6", "UTC", None, "scheduler",
     ["cron(0 9 * * ? *)"], "auto", []),
    ("cronie-and-gated-by-calendar", "vixie", "0 0 */10 * 1", "UTC", None, "scheduler",
     ["cron(0 0 1/10 * ? *)"], "review", ["JM204"]),
    ("jenkins-first-monday-is-hash-1", "jenkins", "H H(12-13) 1-7 * 1", "UTC", "stuff",
     "scheduler", ["cron(56 13 ? * 2#1 *)"], "auto", []),
    ("jenkins-first-monday-and-friday", "jenkins", "0 0 1-7 * 1,5", "UTC", "x", "scheduler",
     ["cron(0 0 ? * 2#1 *)", "cron(0 0 ? * 6#1 *)"], "auto", []),
    ("jenkins-lines-merge", "jenkins", "H * * * *\nH * * * *", "UTC", "seed", "scheduler",
     ["cron(35,56 * * * ? *)"], "auto", []),
    ("jenkins-lines-different-days-stay-apart", "jenkins", "0 9 * * 1-5\n0 12 * * 6", "UTC",
     "x", "scheduler", ["cron(0 9 ? * MON-FRI *)", "cron(0 12 ? * SAT *)"], "auto", []),
    ("jenkins-and-on-1st-sunday", "jenkins", "0 0 1 * 0", "UTC", "x", "scheduler",
     ["cron(0 0 1 * ? *)"], "review", ["JM204"]),
    ("rules-tokyo-moves-weekdays-back", "vixie", "30 2 * * 1-5", "Asia/Tokyo", None, "rules",
     ["cron(30 17 ? * SUN-THU *)"], "auto", []),
    ("rules-tokyo-1st-becomes-last-day", "vixie", "0 5 1,15 * *", "Asia/Tokyo", None, "rules",
     ["cron(0 20 14 * ? *)", "cron(0 20 L * ? *)"], "auto", []),
    ("rules-tokyo-new-year-is-dec-31", "vixie", "0 5 1 1 *", "Asia/Tokyo", None, "rules",
     ["cron(0 20 L DEC ? *)"], "auto", []),
    ("rules-times-on-both-sides-of-midnight", "vixie", "0 8,10 * * 1", "Asia/Tokyo", None,
     "rules", ["cron(0 23 ? * SUN *)", "cron(0 1 ? * MON *)"], "auto", []),
    ("rules-half-hour-zone", "vixie", "0 3 * * 1-5", "Asia/Kolkata", None, "rules",
     ["cron(30 21 ? * SUN-THU *)"], "auto", []),
    ("rules-every-minute", "vixie", "* * * * *", "Asia/Tokyo", None, "rules",
     ["cron(* * * * ? *)"], "auto", []),
    ("rules-or-both-move", "vixie", "0 0 1 * 1", "Asia/Tokyo", None, "rules",
     ["cron(0 15 L * ? *)", "cron(0 15 ? * SUN *)"], "review", ["JM208"]),
    ("rules-month-end-forward-is-not-exact", "vixie", "0 20 28 * *", "America/Bogota", None,
     "rules", [], "manual", ["JM207"]),
    ("scheduler-dst-gap-differs-for-cronie", "vixie", "30 2 * * *", "America/New_York", None,
     "scheduler", ["cron(30 2 * * ? *)"], "review", ["JM205"]),
    ("scheduler-outside-dst-window-is-exact", "vixie", "30 3 * * *", "America/New_York", None,
     "scheduler", ["cron(30 3 * * ? *)"], "auto", []),
    ("cronie-fixed-job-in-repeat-matches-scheduler", "vixie", "30 1 * * *",
     "America/New_York", None, "scheduler", ["cron(30 1 * * ? *)"], "auto", []),
    ("jenkins-repeat-runs-twice", "jenkins", "30 1 * * *", "America/New_York", "x",
     "scheduler", ["cron(30 1 * * ? *)"], "review", ["JM205"]),
    ("jenkins-gap-is-skipped-like-scheduler", "jenkins", "30 2 * * *", "America/New_York",
     "x", "scheduler", ["cron(30 2 * * ? *)"], "auto", []),
    ("never-fires", "vixie", "0 0 30 2 *", "UTC", None, "scheduler", [], "auto", ["JM209"]),
    ("invalid-minute", "vixie", "61 * * * *", "UTC", None, "scheduler", [], "manual",
     ["JM202"]),
    ("reboot", "vixie", "@reboot", "UTC", None, "scheduler", [], "manual", ["JM105"]),
    ("random-range", "vixie", "0 1~5 * * *", "UTC", None, "scheduler", [], "manual",
     ["JM203"]),
    ("jenkins-h-without-full-name", "jenkins", "H * * * *", "UTC", None, "scheduler", [],
     "manual", ["JM210"]),
    ("jp1-is-not-cron", "jp1", "sd=1,*;", "UTC", None, "scheduler", [], "manual", ["JM201"]),
    ("unknown-zone", "vixie", "0 0 * * *", "Mars/Base", None, "scheduler", [], "manual",
     ["JM201"]),
]


@pytest.mark.parametrize("flavor, expr, tz, seed, target, expressions, status, codes",
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_mapping_table(flavor, expr, tz, seed, target, expressions, status, codes):
    result = mapped(flavor, expr, tz, seed, target)
    assert [s.expression for s in result.schedules] == expressions
    assert result.status == Status(status)
    assert [f.code for f in result.findings] == codes


def test_scheduler_target_keeps_the_legacy_zone():
    result = mapped("vixie", "0 9 * * *", "Asia/Tokyo")
    assert [(s.kind, s.timezone) for s in result.schedules] == [("scheduler", "Asia/Tokyo")]


def test_jenkins_tz_line_overrides_the_legacy_zone():
    result = mapped("jenkins", "TZ=Asia/Tokyo\n0 9 * * *", "UTC", "x")
    assert [s.timezone for s in result.schedules] == ["Asia/Tokyo"]


def test_rules_target_writes_utc_rules():
    result = mapped("vixie", "0 9 * * *", "Asia/Tokyo", target="rules")
    assert [(s.kind, s.timezone) for s in result.schedules] == [("rule", "UTC")]


def test_rules_in_a_dst_zone_carry_their_offset_period_in_the_cron_fields():
    # By hand: 02:30 EST (UTC-5) is 07:30 UTC, 02:30 EDT (UTC-4) 06:30 UTC. US DST 2026
    # runs from Sun 8 March (02:30 does not exist; it stays at the old offset, 07:30 UTC)
    # to Sun 1 November (02:30 is after the fall-back, EST). Rules have no start or end
    # date, so the year, month and day fields carry the periods.
    result = mapped("vixie", "30 2 * * *", "America/New_York", target="rules")
    assert {s.expression for s in result.schedules} == {
        "cron(30 7 * JAN,FEB,NOV,DEC ? 2026)", "cron(30 7 1-8 MAR ? 2026)",
        "cron(30 6 9-31 MAR ? 2026)", "cron(30 6 * APR-OCT ? 2026)"}
    assert all((s.start_date, s.end_date) == (None, None) for s in result.schedules)
    assert [f.code for f in result.findings] == ["JM206", "JM205"]
    assert "2026-03-08, 2026-11-01" in result.findings[0].message
    assert "runs differ on 2026-03-08:" in result.findings[1].message  # only the spring day
    assert result.status is Status.REVIEW


def test_rules_for_weekdays_list_the_days_of_a_partial_month():
    # 12:00 EST = 17:00 UTC, EDT = 16:00 UTC. March 2026: Mon 2 - Fri 6 are EST; from
    # Sun 8 on EDT, so the weekdays 9-13, 16-20, 23-27, 30 and 31 (read off a calendar).
    result = mapped("vixie", "0 12 * * 1-5", "America/New_York", target="rules")
    assert {s.expression for s in result.schedules} == {
        "cron(0 17 ? JAN,FEB,NOV,DEC MON-FRI 2026)", "cron(0 17 2-6 MAR ? 2026)",
        "cron(0 16 9-13,16-20,23-27,30,31 MAR ? 2026)", "cron(0 16 ? APR-OCT MON-FRI 2026)"}
    assert [f.code for f in result.findings] == ["JM206"]  # no run near 02:00: no JM205


def test_rules_in_a_dst_zone_beyond_the_cap_are_refused_with_the_scheduler_alternative():
    # Every 5 minutes in a half-hour DST zone (Australia/Lord_Howe: +10:30 / +11:00):
    # the change days split times and days into many rules.
    result = map_cron(LegacySchedule("vixie", "*/5 * * * 1-5", "Australia/Lord_Howe"),
                      name="j", target="rules", horizon=(date(2026, 1, 1), date(2030, 12, 31)))
    assert result.status is Status.MANUAL and result.schedules == ()
    (finding,) = result.findings
    assert finding.code == "JM212" and "use --target scheduler" in finding.message


def test_dst_finding_lists_the_affected_date_and_time():
    result = mapped("vixie", "30 2 * * *", "America/New_York")
    message = result.findings[0].message
    assert "2026-03-08" in message and "03:00 EDT (legacy only)" in message


def test_the_gating_calendar_is_default_closed_and_open_exactly_on_matching_days():
    result = mapped("jenkins", "0 0 1 * 0", "UTC", "x")
    (calendar,) = result.calendars
    assert calendar.calendar_type == DEFAULT_CLOSED
    # The 1st of the month that is a Sunday, in 2026 (hand-checked on a calendar).
    assert sorted(calendar.days) == [date(2026, 2, 1), date(2026, 3, 1), date(2026, 11, 1)]
    assert calendar.horizon == HORIZON
    assert result.schedules[0].calendar == calendar.name
    assert "2026-01-01 to 2026-12-31" in result.findings[0].message


def test_findings_carry_the_source_and_job():
    source = SourceRef("etc/crontab", 3, 1)
    result = map_cron(LegacySchedule("vixie", "61 * * * *", "UTC"), name="x",
                      horizon=HORIZON, source=source, job_id="crontab:etc/crontab:3")
    assert (result.findings[0].source, result.findings[0].job_id) == (
        source, "crontab:etc/crontab:3")


NAME_CASES = [
    ("plain", "backup-db", 1, 1, "backup-db"),
    ("suffix-when-several", "backup-db", 2, 2, "backup-db-2"),
    ("folder-slashes", "folder/sub/job", 1, 1, "folder-sub-job"),
    ("spaces-and-symbols", "nightly build (prod)", 1, 1, "nightly-build-prod"),
    ("empty", "///", 1, 1, "schedule"),
]


@pytest.mark.parametrize("name, index, count, expected", [c[1:] for c in NAME_CASES],
                         ids=[c[0] for c in NAME_CASES])
def test_schedule_names_are_derived_from_the_job_name(name, index, count, expected):
    assert schedule_name(name, index, count) == expected


def test_long_names_are_cut_to_64_with_a_stable_hash():
    long = "a" * 100
    first, again = schedule_name(long, 3, 4), schedule_name(long, 3, 4)
    assert first == again and len(first) <= 64 and first.endswith("-3")
    assert re.fullmatch(r"[0-9a-zA-Z\-_.]{1,64}", first)
    assert schedule_name("a" * 99 + "b", 3, 4) != first


def test_mapping_is_deterministic():
    one = mapped("vixie", "0 0 */10 * 1", "UTC")
    two = mapped("vixie", "0 0 */10 * 1", "UTC")
    assert one == two
    assert one.calendars[0].to_ics() == two.calendars[0].to_ics()


def test_an_unknown_target_is_a_programming_error():
    with pytest.raises(ValueError):
        mapped("vixie", "0 0 * * *", "UTC", target="lambda")


# ---------------------------------------------------------------- jobmig cron

NOW = datetime(2026, 11, 23, 19, 0, tzinfo=timezone.utc)

BAD_INPUT = [
    ("minute-61", "61 * * * *", "vixie", "column 1: minute: 61 is out of range 0-59"),
    ("weekday-8", "0 9 * * 8", "vixie", "column 9: day-of-week: 8 is out of range 0-7"),
    ("h-step-too-wide", "H(0-3)/15 * * * *", "jenkins",
     "line 1, column 1: minute: 15 is an invalid value. Must be within 1 and 4"),
    ("zero-step", "*/0 * * * *", "vixie", "column 3: minute: step 0 is invalid"),
]


@pytest.mark.parametrize("expr, flavor, first_line", [c[1:] for c in BAD_INPUT],
                         ids=[c[0] for c in BAD_INPUT])
def test_cron_command_gives_one_clear_error_for_bad_input(expr, flavor, first_line):
    result = explain(expr, "UTC", flavor, "job", "scheduler", now=NOW)
    assert result["error"].splitlines()[0].startswith(first_line)
    assert "Traceback" not in result["error"] and "aws" not in result


def test_cron_command_explains_both_sides_with_next_runs():
    result = explain("0 9 * * 1-5", "Asia/Tokyo", "vixie", "job", "scheduler", now=NOW)
    assert [s["expression"] for s in result["aws"]["schedules"]] == ["cron(0 9 ? * MON-FRI *)"]
    assert result["legacy"]["reading"] == ["at 09:00, on Monday to Friday"]
    assert result["aws"]["reading"] == ["at 09:00, on Monday to Friday (Asia/Tokyo)"]
    # 2026-11-23 19:00Z is Tuesday 04:00 JST: next runs Tue 24 .. Mon 30 (hand count).
    assert result["legacy"]["next"] == result["aws"]["next"] == [
        "2026-11-24T09:00:00+09:00", "2026-11-25T09:00:00+09:00", "2026-11-26T09:00:00+09:00",
        "2026-11-27T09:00:00+09:00", "2026-11-30T09:00:00+09:00"]
    assert result["status"] == "auto" and result["findings"] == []


def test_cron_command_reports_findings_with_titles():
    result = explain("0 0 */10 * 1", "UTC", "vixie", "job", "scheduler", now=NOW)
    assert [(f["code"], f["title"]) for f in result["findings"]] == [
        ("JM204", "Days gated by a Change Calendar")]
    assert result["aws"]["schedules"][0]["calendar"] == "job-days"


def test_cron_command_render_prints_without_markup_errors():
    from rich.console import Console

    from jobmig.cron_command import render

    console = Console(record=True, width=160)
    render(explain("0 0 */10 * 1", "UTC", "vixie", "job", "scheduler", now=NOW), console)
    render(explain("61 * * * *", "UTC", "vixie", "job", "scheduler", now=NOW), console)
    text = console.export_text()
    assert "cron(0 0 1/10 * ? *)" in text and "JM204 [review]" in text and "error" in text


READINGS = [
    ("or-days", "30 4 1,15 * 5", "at 04:30, on day 1 and 15 of the month or on Friday"),
    ("and-days", "0 0 */10 * 1",
     "at 00:00, on day 1, 11, 21 and 31 of the month, and only if it is a Monday"),
    ("every-15", "*/15 * * * *", "at minutes 0, 15, 30 and 45 of every hour, every day"),
    ("months", "0 6 1 1,7 *", "at 06:00, on day 1 of the month, in January and July"),
]


@pytest.mark.parametrize("expr, text", [c[1:] for c in READINGS], ids=[c[0] for c in READINGS])
def test_plain_english_readings(expr, text):
    assert describe_spec(parse_vixie(expr)) == text


def test_jenkins_without_h_needs_no_full_name():
    result = mapped("jenkins", "TZ=Asia/Ho_Chi_Minh\n0 9 * * *", "UTC", None)
    assert [s.expression for s in result.schedules] == ["cron(0 9 * * ? *)"]


def test_jenkins_at_reboot_is_a_rejected_spec_not_a_crontab_reboot():
    assert [f.code for f in mapped("jenkins", "@reboot", "UTC", "x").findings] == ["JM202"]


def test_a_jenkins_line_that_never_fires_is_dropped():
    result = mapped("jenkins", "0 0 30 2 *\n0 9 * * *", "UTC", "x")
    assert [s.expression for s in result.schedules] == ["cron(0 9 * * ? *)"]


def test_rules_for_a_dst_zone_are_confined_even_when_the_horizon_has_no_change():
    result = map_cron(LegacySchedule("vixie", "0 12 * * *", "America/New_York"), name="noon",
                      target="rules", horizon=(date(2026, 6, 1), date(2026, 6, 30)))
    assert [(s.expression, s.start_date, s.end_date) for s in result.schedules] == [
        ("cron(0 16 * JUN ? 2026)", None, None)]
    assert [f.code for f in result.findings] == ["JM206"]


def test_a_jenkins_line_inside_another_adds_no_schedule():
    result = mapped("jenkins", "0 9 * * *\n0 9 * * 1", "UTC", "x")
    assert [s.expression for s in result.schedules] == ["cron(0 9 * * ? *)"]
    assert result.findings == ()
