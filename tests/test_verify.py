"""verify_plan: legacy and AWS fire instants compared job by job."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from jobmig import verify
from jobmig.mappings.schedule import map_cron
from jobmig.model import LegacySchedule
from jobmig.timing import simulate
from jobmig.timing.simulate import LEGACY_EVALUATORS, verify_plan

UTC = timezone.utc
YEAR_2026 = (date(2026, 1, 1), 365)


def job(expr, schedules, *, flavor="vixie", tz="UTC", seed=None, job_id="j1"):
    return {"id": job_id, "name": job_id, "status": "auto",
            "legacy_schedule": {"flavor": flavor, "expression": expr, "timezone": tz,
                                "seed": seed},
            "schedules": schedules}


def sched(expression, tz="UTC", calendar=None, **extra):
    return {"name": "s", "kind": "scheduler", "expression": expression, "timezone": tz,
            "calendar": calendar, **extra}


def plan_of(*jobs, calendars=()):
    return {"schema": "jobmig.plan/1", "jobs": list(jobs), "calendars": list(calendars)}


def test_an_exact_mapping_is_equivalent_and_counts_both_sides():
    plan = plan_of(job("30 2 * * 1-5", [sched("cron(30 2 ? * MON-FRI *)", "Asia/Tokyo")],
                       tz="Asia/Tokyo"))
    (result,) = verify_plan(plan, *YEAR_2026)
    assert result.equivalent and result.error is None
    assert result.legacy_runs == result.aws_runs == 261  # weekdays in 2026 (hand count)


def test_a_schedule_in_the_wrong_zone_is_caught_with_the_first_differences():
    plan = plan_of(job("0 9 * * *", [sched("cron(0 9 * * ? *)", "UTC")], tz="Asia/Tokyo"))
    (result,) = verify_plan(plan, date(2026, 1, 1), 3)
    assert not result.equivalent
    # Local days 2026-01-01..03 in Tokyo: 00:00Z (09:00 JST) each day.
    assert result.only_legacy == (datetime(2026, 1, 1, 0, 0, tzinfo=UTC),
                                  datetime(2026, 1, 2, 0, 0, tzinfo=UTC),
                                  datetime(2026, 1, 3, 0, 0, tzinfo=UTC))
    assert result.only_aws[0] == datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
    assert (result.missing, result.extra) == (3, 3)


def test_two_schedules_firing_together_are_a_difference_counted_as_duplicate_runs():
    plan = plan_of(job("0 9 1 * 1", [sched("cron(0 9 1 * ? *)"), sched("cron(0 9 ? * MON *)")]))
    (result,) = verify_plan(plan, *YEAR_2026)
    # 2026-06-01 is the only Monday that is a 1st in 2026: cron starts the job once, AWS twice.
    assert result.duplicate_runs == 1 and (result.missing, result.extra) == (0, 0)
    assert not result.equivalent


def test_a_dst_difference_shows_up_as_a_legacy_only_run():
    plan = plan_of(job("30 2 * * *", [sched("cron(30 2 * * ? *)", "America/New_York")],
                       tz="America/New_York"))
    (result,) = verify_plan(plan, *YEAR_2026)
    assert not result.equivalent
    assert result.only_legacy == (datetime(2026, 3, 8, 7, 0, tzinfo=UTC),)


def test_calendar_gates_are_read_from_the_output_folder(tmp_path):
    legacy = LegacySchedule("jenkins", "0 0 1 * 0", "UTC", "x")
    mapping = map_cron(legacy, name="first-sunday", horizon=(date(2026, 1, 1),
                                                             date(2026, 12, 31)))
    (calendar,) = mapping.calendars
    (tmp_path / "calendars").mkdir()
    (tmp_path / calendar.path).write_text(calendar.to_ics(), encoding="utf-8")
    plan = plan_of(job(legacy.expression, [s.to_json() for s in mapping.schedules],
                       flavor="jenkins", seed="x"), calendars=[calendar.to_json()])
    (result,) = verify_plan(plan, *YEAR_2026, out_dir=tmp_path)
    assert result.equivalent and result.legacy_runs == 3


def test_change_calendar_ics_reads_back_to_the_same_calendar():
    from jobmig.mappings.change_calendar import DEFAULT_CLOSED, ChangeCalendar

    calendar = ChangeCalendar("run-days", DEFAULT_CLOSED, "Asia/Tokyo",
                              frozenset({date(2026, 1, 5), date(2026, 1, 6), date(2026, 2, 2)}),
                              (date(2026, 1, 1), date(2026, 12, 31)), "days; with, escapes")
    again = ChangeCalendar.from_ics(calendar.to_ics(), "run-days", horizon=calendar.horizon)
    assert again == calendar
    assert again.is_open(datetime(2026, 1, 5, 15, 0, tzinfo=UTC))  # 00:00 JST on the 6th
    assert not again.is_open(datetime(2026, 1, 6, 15, 0, tzinfo=UTC))  # 00:00 JST on the 7th


def test_a_missing_calendar_is_an_error_not_a_crash():
    plan = plan_of(job("0 0 1 * *", [sched("cron(0 0 1 * ? *)", calendar="nowhere")]))
    (result,) = verify_plan(plan, *YEAR_2026)
    assert not result.equivalent and "nowhere" in result.error


def test_start_and_end_dates_bound_a_schedule():
    plan = plan_of(job("0 0 * * *", [
        sched("cron(0 0 * * ? *)", end_date="2026-01-10T23:59:59Z"),
        sched("cron(0 0 * * ? *)", start_date="2026-01-11T00:00:00Z")]))
    (result,) = verify_plan(plan, date(2026, 1, 1), 20)
    assert result.equivalent and result.duplicate_runs == 0


def test_rate_expressions_cannot_be_compared():
    plan = plan_of(job("*/5 * * * *", [sched("rate(5 minutes)")]))
    (result,) = verify_plan(plan, *YEAR_2026)
    assert not result.equivalent and "rate" in result.error


def test_jobs_without_schedules_are_not_verified():
    plan = plan_of(job("@reboot", []))
    assert verify_plan(plan, *YEAR_2026) == []


def test_an_unregistered_flavor_is_reported():
    plan = plan_of(job("sd=1,*;", [sched("cron(0 0 1 * ? *)")], flavor="nope"))
    (result,) = verify_plan(plan, *YEAR_2026)
    assert "nope" in result.error


def test_other_flavors_can_register_an_evaluator(monkeypatch):
    def first_of_month(legacy, start, end, holidays=None):
        return [datetime(2026, m, 1, tzinfo=UTC) for m in range(1, 13)
                if start <= datetime(2026, m, 1, tzinfo=UTC) < end]

    monkeypatch.setitem(LEGACY_EVALUATORS, "jp1", first_of_month)
    plan = plan_of(job("sd=1,*;", [sched("cron(0 0 1 * ? *)")], flavor="jp1"))
    (result,) = verify_plan(plan, *YEAR_2026)
    assert result.equivalent and result.legacy_runs == 12


def test_the_built_in_evaluators_return_aware_utc_datetimes():
    legacy = LegacySchedule("jenkins", "H 17 * * *", "UTC", "stuff")
    runs = LEGACY_EVALUATORS["jenkins"](legacy, datetime(2026, 1, 1, tzinfo=UTC),
                                        datetime(2026, 1, 2, tzinfo=UTC))
    assert runs == [datetime(2026, 1, 1, 17, 56, tzinfo=UTC)]  # CronTabTest: 17:56


EXPRESSIONS = ["30 2 * * 1-5", "*/15 * * * *", "0 9 1 * 1", "0 0 */10 * 1", "@weekly",
               "0 8,10 * * 1", "0 5 1,15 * *", "5 4 * * sun", "0 22 * * 1-5"]


@pytest.mark.parametrize("target", ["scheduler", "rules"])
@pytest.mark.parametrize("tz", ["UTC", "Asia/Tokyo", "America/New_York"])
def test_every_mapped_job_verifies_as_its_status_says(tz, target):
    horizon = (date(2026, 1, 1), date(2026, 12, 31))
    jobs, calendars = [], {}
    for n, expr in enumerate(EXPRESSIONS):
        mapping = map_cron(LegacySchedule("vixie", expr, tz), name=f"j{n}", target=target,
                           horizon=horizon)
        calendars.update({c.name: c for c in mapping.calendars})
        jobs.append((mapping, job(expr, [s.to_json() for s in mapping.schedules], tz=tz,
                                  job_id=f"j{n}")))
    results = verify_plan(plan_of(*[j for _, j in jobs]), *YEAR_2026, calendars=calendars)
    for (mapping, _), result in zip(jobs, results):
        declared = any(f.code in ("JM205", "JM208") for f in mapping.findings)
        assert result.equivalent != declared, (result, mapping.findings)


def test_the_window_is_local_days_of_the_legacy_zone():
    plan = plan_of(job("0 0 * * *", [sched("cron(0 0 * * ? *)", "Asia/Tokyo")],
                       tz="Asia/Tokyo"))
    (result,) = verify_plan(plan, date(2026, 1, 1), 2)
    assert result.equivalent and result.legacy_runs == 2  # Jan 1 and 2, 00:00 JST


def test_a_difference_the_plan_declared_as_review_is_not_unexpected():
    plan = plan_of(job("30 2 * * *", [sched("cron(30 2 * * ? *)", "America/New_York")],
                       tz="America/New_York"))
    plan["jobs"][0]["status"] = "review"
    (result,) = verify_plan(plan, *YEAR_2026)
    assert not result.equivalent and not result.unexpected


def test_render_prints_a_table_and_a_summary():
    from rich.console import Console

    plan = plan_of(job("0 9 * * *", [sched("cron(0 9 * * ? *)", "UTC")], tz="Asia/Tokyo"))
    console = Console(record=True, width=200, force_terminal=True)
    verify.render(verify_plan(plan, date(2026, 1, 1), 2), console)
    text = console.export_text()
    assert "differs" in text and "0/1 compared jobs equivalent" in text and "1 unexpected" in text


def test_verify_results_serialise_to_json():
    plan = plan_of(job("0 9 * * *", [sched("cron(0 9 * * ? *)", "UTC")], tz="Asia/Tokyo"))
    data = verify_plan(plan, date(2026, 1, 1), 1)[0].to_json()
    assert data["equivalent"] is False and data["only_legacy"] == ["2026-01-01T00:00:00+00:00"]


def test_legacy_minutes_uses_the_registry(monkeypatch):
    monkeypatch.setitem(LEGACY_EVALUATORS, "vixie", lambda legacy, start, end, holidays: [start])
    legacy = LegacySchedule("vixie", "0 0 * * *", "UTC")
    assert simulate.legacy_minutes(legacy, 60, 120) == [60]
