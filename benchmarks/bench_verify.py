"""Benchmark: verifying both sides of N schedules vs cronsim enumerating one side.

Generates N realistic legacy schedules (crontab and Jenkins, several zones,
mostly daily/weekday/hourly jobs with some every-few-minutes ones), maps them
with :func:`jobmig.mappings.schedule.map_cron` (not timed), then times, in
the same run:

1. ``verify_plan`` over DAYS days: legacy *and* AWS fire instants, compared;
2. cronsim enumerating the legacy fire times alone of the same schedules over
   the same window (Jenkins lines H-expanded to explicit lists first).

Prints both times and their ratio; the target is ratio <= 1.0.

    .venv/bin/python benchmarks/bench_verify.py [--count 10000] [--days 365] [--seed 1]
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from cronsim import CronSim

from jobmig.timing import cron as legacy_cron
from jobmig.mappings.schedule import map_cron
from jobmig.model import LegacySchedule
from jobmig.timing.simulate import verify_plan

ZONES = ["UTC", "Asia/Tokyo", "Asia/Tokyo", "America/New_York", "Europe/Berlin"]
START = date(2026, 1, 1)


def realistic(rng: random.Random, n: int) -> LegacySchedule:
    """One schedule drawn from a mix that resembles real crontabs and Jenkins jobs."""
    zone = rng.choice(ZONES)
    m, h = rng.randrange(60), rng.randrange(24)
    kind = rng.random()
    if kind < 0.30:
        expr = f"{m} {h} * * *"
    elif kind < 0.48:
        expr = f"{m} {h} * * 1-5"
    elif kind < 0.58:
        expr = f"{m} * * * *"
    elif kind < 0.64:
        expr = f"*/{rng.choice([5, 10, 15, 30])} * * * *"
    elif kind < 0.70:
        expr = f"*/{rng.choice([10, 15, 30])} {rng.choice(['8-18', '9-17'])} * * 1-5"
    elif kind < 0.76:
        expr = f"{m} {h} * * {rng.randrange(7)}"
    elif kind < 0.81:
        expr = f"{m} {h} {rng.choice([1, 15, 28])} * *"
    elif kind < 0.84:
        expr = f"{m} {h},{(h + 12) % 24} * * *"
    elif kind < 0.86:
        expr = rng.choice(["@daily", "@weekly", "@monthly", "@hourly"])
    elif kind < 0.87:
        expr = f"{m} {h} 1 * 1"  # cronie OR
    else:
        spec = rng.choice(["H H * * *", "H H * * 1-5", "H/15 * * * *", "H * * * *",
                           "H H(0-6) * * *", "@daily", "@weekly", "H H 1 * *",
                           "H 2 * * *\nH 14 * * *"])
        return LegacySchedule("jenkins", spec, zone, f"team{n % 40}/job-{n}")
    return LegacySchedule("vixie", expr, zone)


def build_plan(schedules: list[LegacySchedule]) -> tuple[dict, dict]:
    horizon = (START, START + timedelta(days=365))
    jobs, calendars = [], {}
    for n, legacy in enumerate(schedules):
        mapping = map_cron(legacy, name=f"job-{n}", horizon=horizon)
        calendars.update({c.name: c for c in mapping.calendars})
        jobs.append({"id": f"job-{n}", "name": f"job-{n}", "status": mapping.status.value,
                     "legacy_schedule": legacy.to_json(),
                     "schedules": [s.to_json() for s in mapping.schedules]})
    return {"schema": "jobmig.plan/1", "jobs": jobs}, calendars


def cronsim_expressions(legacy: LegacySchedule) -> tuple[list[str], str]:
    """Five-field expressions cronsim can read for the legacy schedule, and its zone."""
    if legacy.flavor == "vixie":  # cronsim has no @nicknames
        expression = legacy_cron.VIXIE_NICKNAMES.get(legacy.expression, legacy.expression)
        return [expression], legacy.timezone or "UTC"
    spec = legacy_cron.parse_jenkins(legacy.expression, legacy.seed or "")
    lines = []
    for line in spec.lines:
        dom = "*" if len(line.days_of_month) == 31 else _lists(line.days_of_month)
        dow = "*" if len(line.days_of_week) == 7 else _lists(line.days_of_week)
        lines.append(" ".join([_lists(line.minutes), _lists(line.hours), dom,
                               _lists(line.months), dow]))
    return lines, spec.timezone or legacy.timezone or "UTC"


def _lists(values: frozenset[int]) -> str:
    return ",".join(str(v) for v in sorted(values))


def time_cronsim(schedules: list[LegacySchedule], days: int) -> tuple[float, int]:
    prepared = [cronsim_expressions(legacy) for legacy in schedules]
    began = time.perf_counter()
    runs = 0
    for expressions, zone in prepared:
        tz = ZoneInfo(zone)
        start = datetime(START.year, START.month, START.day, tzinfo=ZoneInfo("UTC"))
        end = start + timedelta(days=days)
        for expression in expressions:
            for moment in CronSim(expression, start.astimezone(tz) - timedelta(minutes=1)):
                if moment >= end:
                    break
                runs += 1
    return time.perf_counter() - began, runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    schedules = [realistic(rng, n) for n in range(args.count)]
    began = time.perf_counter()
    plan, calendars = build_plan(schedules)
    mapped = time.perf_counter() - began

    began = time.perf_counter()
    results = verify_plan(plan, START, args.days, calendars=calendars)
    verified = time.perf_counter() - began
    cronsim_seconds, cronsim_runs = time_cronsim(schedules, args.days)

    equivalent = sum(r.equivalent for r in results)
    legacy_runs = sum(r.legacy_runs for r in results)
    aws_runs = sum(r.aws_runs for r in results)
    print(f"schedules: {args.count}, window: {args.days} days from {START}")
    print(f"map (not timed against): {mapped:.2f} s")
    print(f"verify both sides:      {verified:.2f} s  ({legacy_runs} legacy + {aws_runs} AWS runs,"
          f" {equivalent}/{len(results)} jobs equivalent)")
    print(f"cronsim legacy only:    {cronsim_seconds:.2f} s  ({cronsim_runs} runs)")
    print(f"ratio verify/cronsim:   {verified / cronsim_seconds:.3f}  (target <= 1.0)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
