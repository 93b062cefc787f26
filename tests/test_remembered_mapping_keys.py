"""A cron mapping remembered for one job is reused only where everything it depends on is
the same: the zone, the target, the horizon, the job's name and place.

mappings/schedule.py remembers mappings without calendars by what they depend on, so
that an estate repeating the same schedule maps it once. Each test maps one expression
for a first job, then for a second job that differs in one of those, and checks the
second answer against values worked out by hand (03:00 in Tokyo, UTC+9 all year, is
18:00 UTC the day before; in Kolkata, UTC+5:30, it is 21:30 UTC).
"""
from __future__ import annotations

from datetime import date

import pytest

from jobmig.mappings import schedule as schedule_module
from jobmig.mappings.schedule import map_cron
from jobmig.model import LegacySchedule, SourceRef, Status

YEAR_2026 = (date(2026, 1, 1), date(2026, 12, 31))
YEAR_2027 = (date(2027, 1, 1), date(2027, 12, 31))


@pytest.fixture(autouse=True)
def _nothing_remembered():
    for cache in (schedule_module._CHECKS, schedule_module._EXACT_SHAPES,
                  schedule_module._MAPPED):
        cache.clear()
    yield


def _nightly(zone: str, target: str, name: str = "nightly",
             horizon: tuple[date, date] = YEAR_2026, job: str = "j1"):
    return map_cron(LegacySchedule("vixie", "0 3 * * *", zone), name=name, target=target,
                    horizon=horizon, source=SourceRef(f"{job}.cron", 1, 1, "crontab"),
                    job_id=job)


@pytest.mark.parametrize("first_zone", ["UTC", "Asia/Kolkata", "Asia/Tokyo"])
def test_a_rule_mapped_in_one_zone_is_not_reused_for_another_zone(first_zone):
    _nightly(first_zone, "rules")
    expected = {"Asia/Tokyo": "cron(0 18 * * ? *)", "UTC": "cron(0 3 * * ? *)",
                "Asia/Kolkata": "cron(30 21 * * ? *)"}
    for zone, expression in expected.items():
        mapping = _nightly(zone, "rules")
        assert [(s.expression, s.timezone, s.kind) for s in mapping.schedules] == \
            [(expression, "UTC", "rule")], (first_zone, zone)


def test_a_local_schedule_is_not_reused_as_a_utc_rule_nor_the_other_way_round():
    scheduler = _nightly("Asia/Tokyo", "scheduler")
    rules = _nightly("Asia/Tokyo", "rules")
    again = _nightly("Asia/Tokyo", "scheduler")
    assert [(s.expression, s.timezone, s.kind) for s in scheduler.schedules] == \
        [("cron(0 3 * * ? *)", "Asia/Tokyo", "scheduler")]
    assert [(s.expression, s.timezone, s.kind) for s in rules.schedules] == \
        [("cron(0 18 * * ? *)", "UTC", "rule")]
    assert again.schedules == scheduler.schedules


def test_a_second_job_gets_its_own_schedule_name_finding_place_and_job():
    _nightly("America/New_York", "rules", name="first-job", job="j1")
    second = _nightly("America/New_York", "rules", name="second job", job="j2")
    assert second.schedules and all(s.name.startswith("second-job") for s in second.schedules)
    assert second.findings  # JM206: New York changes its UTC offset
    assert {(f.source.path, f.job_id) for f in second.findings} == {("j2.cron", "j2")}


def test_the_daylight_saving_note_names_the_end_of_each_run_s_own_horizon():
    # EventBridge rules in a zone with daylight saving stop at the horizon's last day
    # (JM206), so the note of a run with another horizon must name that run's last day.
    first = _nightly("America/New_York", "rules", horizon=YEAR_2026)
    second = _nightly("America/New_York", "rules", horizon=YEAR_2027)
    notes = {mapping_year: [f.message for f in mapping.findings if f.code == "JM206"]
             for mapping_year, mapping in (("2026", first), ("2027", second))}
    assert len(notes["2026"]) == len(notes["2027"]) == 1
    assert "2026-12-31" in notes["2026"][0] and "2027-12-31" not in notes["2026"][0]
    assert "2027-12-31" in notes["2027"][0] and "2026-12-31" not in notes["2027"][0]
    assert first.status is second.status is Status.REVIEW
