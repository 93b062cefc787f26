"""`--target rules` in a DST zone: what the template deploys is what the legacy jobs did.

EventBridge rules run in UTC and have no start or end date (notes/aws-target.md
§1.1, §1.5), so the test reads the *emitted* CloudFormation template, takes
every ENABLED ``AWS::Events::Rule`` with a ScheduleExpression, evaluates it
with :mod:`jobmig.mappings.eventbridge_cron`, and compares the runs day by day
with legacy runs computed independently: croniter's local times, turned into
instants with zoneinfo. Where a local time does not exist (spring forward),
cronie runs a fixed-time job when the clocks jump (catalogue JM205), which
the test writes out itself. US DST (from the published rules): 2026 starts
Sun 8 March and ends Sun 1 November; 2027: 14 March and 7 November.
"""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from croniter import croniter

from jobmig.mappings import eventbridge_cron
from tests.conftest import run_jobmig

UTC = timezone.utc
ZONE = "America/New_York"
HORIZON = (date(2026, 1, 1), date(2027, 12, 31))
DST_CHANGE_DAYS = {date(2026, 3, 8), date(2026, 11, 1), date(2027, 3, 14), date(2027, 11, 7)}
# A wider window than the horizon: rules must not run anything wrong outside it either.
WINDOW = (datetime(2025, 11, 1, tzinfo=UTC), datetime(2028, 2, 1, tzinfo=UTC))
CRONTAB = "30 2 * * * /opt/jobs/nightly.sh\n0 12 * * 1-5 /opt/jobs/noon.sh\n"


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("rules")
    (root / "crontab").write_text(CRONTAB, encoding="utf-8")
    out = root / "out"
    run_jobmig("convert", str(root / "crontab"), "--out", str(out), "--timezone", ZONE,
               "--target", "rules", "--horizon", f"{HORIZON[0]}:{HORIZON[1]}", check=True)
    return out


def plan_jobs(out: Path) -> dict[str, dict[str, Any]]:
    """plan.json's jobs by their legacy expression."""
    plan = json.loads((out / "plan.json").read_text("utf-8"))
    return {job["legacy_schedule"]["expression"]: job for job in plan["jobs"]}


def enabled_rule_expressions(out: Path) -> dict[str, list[str]]:
    """State machine name → ScheduleExpressions of the ENABLED rules that start it."""
    resources = yaml.safe_load((out / "cloudformation" / "template.yaml").read_text("utf-8"))[
        "Resources"]
    names = {logical: body["Properties"]["StateMachineName"] for logical, body in
             resources.items() if body["Type"] == "AWS::StepFunctions::StateMachine"}
    found: dict[str, list[str]] = {}
    for body in resources.values():
        props = body["Properties"]
        if body["Type"] == "AWS::Events::Rule" and "ScheduleExpression" in props:
            assert "StartDate" not in props and "EndDate" not in props  # rules have none
            if props["State"] == "ENABLED":
                (target,) = props["Targets"]
                found.setdefault(names[target["Arn"]["Ref"]], []).append(
                    props["ScheduleExpression"])
    return found


def aws_runs(expressions: list[str]) -> list[datetime]:
    """Every run of the rules in WINDOW (UTC), duplicates kept."""
    runs: list[datetime] = []
    for expression in expressions:
        runs += eventbridge_cron.fire_times(expression, "UTC", *WINDOW)
    return sorted(runs)


def legacy_runs(expression: str) -> list[datetime]:
    """cronie's runs in WINDOW, from croniter's local times and zoneinfo."""
    zone = ZoneInfo(ZONE)
    start = WINDOW[0].astimezone(zone).replace(tzinfo=None) - timedelta(minutes=1)
    iterator = croniter(expression, start)
    runs = []
    while True:
        local = iterator.get_next(datetime)
        moment = local.replace(tzinfo=zone).astimezone(UTC)
        if moment.astimezone(zone).replace(tzinfo=None) != local:  # skipped by the clocks:
            moment = _jump_after(local, zone)  # cronie runs it when they jump
        if moment >= WINDOW[1]:
            return runs
        if moment >= WINDOW[0]:
            runs.append(moment)


def _jump_after(local: datetime, zone: ZoneInfo) -> datetime:
    """The instant the clocks jumped over the nonexistent ``local`` time."""
    moment = local.replace(tzinfo=zone, fold=1).astimezone(UTC)  # PEP 495: before the jump
    before = moment.astimezone(zone).utcoffset()
    while moment.astimezone(zone).utcoffset() == before:
        moment += timedelta(minutes=1)
    return moment


def by_local_day(runs: list[datetime]) -> dict[date, list[datetime]]:
    days: dict[date, list[datetime]] = {}
    for moment in runs:
        days.setdefault(moment.astimezone(ZoneInfo(ZONE)).date(), []).append(moment)
    return days


def jm205_days(job: dict[str, Any]) -> set[date]:
    """The dates the job's JM205 finding lists ("... runs differ on D1, D2: ...")."""
    days: set[date] = set()
    for finding in job["findings"]:
        if finding["code"] == "JM205":
            listed = finding["message"].split("runs differ on ", 1)[1].split(":", 1)[0]
            days |= {date.fromisoformat(text) for text in listed.split(", ")}
    return days


def differing_days(expression: str, out: Path) -> tuple[set[date], dict[str, Any]]:
    """Horizon days on which the emitted rules and the legacy runs differ; the job."""
    job = plan_jobs(out)[expression]
    aws = by_local_day(aws_runs(enabled_rule_expressions(out)[job["state_machine"]]))
    legacy = by_local_day(legacy_runs(expression))
    days = set()
    for day in set(aws) | set(legacy):
        inside = HORIZON[0] <= day <= HORIZON[1]
        if inside and sorted(aws.get(day, [])) != sorted(legacy.get(day, [])):
            days.add(day)
        if not inside:  # outside the horizon a rule may fire only at legacy times
            assert set(aws.get(day, [])) <= set(legacy.get(day, [])), day
            assert len(aws.get(day, [])) == len(set(aws.get(day, [])))
    return days, job


def test_a_nightly_job_differs_only_on_the_spring_forward_days_which_jm205_lists(converted):
    # 02:30 does not exist on 8 March 2026 and 14 March 2027: cronie runs the job when the
    # clocks jump (03:00 EDT); the rule keeps the EST time, 07:30 UTC = 03:30 EDT. On the
    # autumn days 02:30 happens once (after 01:00-01:59 repeated): no difference.
    days, job = differing_days("30 2 * * *", converted)
    assert days == {date(2026, 3, 8), date(2027, 3, 14)}
    assert days <= DST_CHANGE_DAYS and jm205_days(job) == days
    assert job["status"] == "review"
    assert {f["code"] for f in job["findings"]} == {"JM205", "JM206"}


def test_a_weekday_noon_job_runs_exactly_as_the_legacy_job_on_every_day(converted):
    days, job = differing_days("0 12 * * 1-5", converted)
    assert days == set()
    assert job["status"] == "review"  # JM206: the rules stop when the horizon ends
    assert [f["code"] for f in job["findings"]] == ["JM206"]


def test_the_noon_job_runs_once_per_weekday_at_the_right_utc_hour(converted):
    # By hand: 12:00 EST = 17:00 UTC, 12:00 EDT = 16:00 UTC.
    job = plan_jobs(converted)["0 12 * * 1-5"]
    runs = aws_runs(enabled_rule_expressions(converted)[job["state_machine"]])
    inside = [m for m in runs if HORIZON[0] <= m.astimezone(ZoneInfo(ZONE)).date() <= HORIZON[1]]
    assert {m.astimezone(ZoneInfo(ZONE)).strftime("%H:%M") for m in inside} == {"12:00"}
    assert {(m.date(), m.hour) for m in inside if m.date() in (
        date(2026, 3, 6), date(2026, 3, 9), date(2026, 10, 30), date(2026, 11, 2))} == {
        (date(2026, 3, 6), 17), (date(2026, 3, 9), 16), (date(2026, 10, 30), 16),
        (date(2026, 11, 2), 17)}
    weekdays = sum(1 for n in range((HORIZON[1] - HORIZON[0]).days + 1)
                   if (HORIZON[0] + timedelta(days=n)).weekday() < 5)
    assert len(inside) == weekdays == 522  # 2026: 261 weekdays, 2027: 261


def test_every_emitted_rule_is_a_valid_six_field_utc_cron(converted):
    for expressions in enabled_rule_expressions(converted).values():
        for expression in expressions:
            parsed = eventbridge_cron.parse(expression)  # raises when EventBridge would reject
            assert parsed.years is not None  # every rule is confined to the horizon's years


def test_plan_rules_carry_no_dates_and_verify_agrees_with_the_template(converted):
    for job in plan_jobs(converted).values():
        assert all("start_date" not in s and "end_date" not in s for s in job["schedules"])
        assert sorted(s["expression"] for s in job["schedules"]) == sorted(
            enabled_rule_expressions(converted)[job["state_machine"]])
    process = run_jobmig("verify", str(converted), "--start", str(HORIZON[0]), "--days", "730")
    # verify exits 1 on any difference; the only ones are the two spring days JM205 lists
    # for the nightly job (one run missing, one extra on each).
    assert process.returncode == 1, process.stderr
    assert "(2 missing, 2 extra)" in process.stdout
    assert "1/2 compared jobs equivalent; 1 differ as their review findings say; 0 unexpected." \
        in process.stdout
