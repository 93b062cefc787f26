"""`jobmig verify` says what it compared and what it did not (issue 17, point 8).

The fixture (tests/fixtures/verify/) holds, each chosen by hand:

* crontab ``0 9 1 * 1``: cron starts it on the 1st *or* a Monday; AWS needs two
  schedules, and both fire on 2026-06-01 (the only Monday that is a 1st in
  2026), a difference the plan declares (JM208, review);
* crontab ``@reboot``: a legacy schedule with no AWS schedule (not converted);
* Jenkins ``old-disabled``: a timer on a disabled job, so its schedule is
  created DISABLED and nothing fires on AWS;
* Jenkins ``by-hand-only``: no trigger at all (no schedule);
* Jenkins ``nightly-warehouse-export-with-a-long-name``: a plain daily timer
  with a name longer than any column a console would give it.
"""
from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console

from jobmig import verify
from jobmig.timing.simulate import not_compared, verify_plan
from tests.conftest import REPO, run_jobmig

FIXTURE = REPO / "tests" / "fixtures" / "verify"
LONG_NAME = "nightly-warehouse-export-with-a-long-name"


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("verify") / "out"
    run_jobmig("convert", str(FIXTURE), "--out", str(out), "--timezone", "Asia/Tokyo",
               "--horizon", "2026-01-01:2026-12-31", check=True)
    return out


@pytest.fixture(scope="module")
def command(converted: Path):
    return run_jobmig("verify", str(converted), "--start", "2026-01-01", "--days", "365")


def test_a_declared_double_start_makes_verify_exit_1(command) -> None:
    assert command.returncode == 1, command.stdout + command.stderr
    line = next(l for l in command.stdout.splitlines() if l.startswith("first-monday-or-first"))
    # 12 firsts + 52 Mondays - 1 shared day = 63 legacy starts; AWS starts June 1 twice.
    assert line.split("\t")[1:5] == ["review", "differs (declared)", "63", "64"]
    assert "1 started twice" in line


def test_a_disabled_job_is_not_counted_as_equivalent(command) -> None:
    line = next(l for l in command.stdout.splitlines() if l.startswith("old-disabled"))
    assert "not compared" in line and "equivalent" not in line


def test_the_summary_counts_every_job_that_was_not_compared(command) -> None:
    summary = command.stdout.strip().splitlines()[-1]
    assert summary.startswith("1/2 compared jobs equivalent; 1 differ as their review findings "
                              "say; 0 unexpected.")
    assert ("3 jobs not compared (1 disabled or manual, 1 no schedule, 1 not converted)."
            in summary)


def test_names_are_not_cut_when_stdout_is_not_a_terminal(command) -> None:
    rows = [line.split("\t") for line in command.stdout.splitlines()[1:-1]]
    assert LONG_NAME in [row[0] for row in rows]
    assert all(len(row) == len(verify.COLUMNS) for row in rows)


def test_without_the_double_start_every_compared_job_is_equivalent_and_verify_exits_0(
        converted: Path) -> None:
    plan = json.loads((converted / "plan.json").read_text("utf-8"))
    plan["jobs"] = [j for j in plan["jobs"] if j["name"] != "first-monday-or-first"]
    results = verify_plan(plan, date(2026, 1, 1), 365, out_dir=converted)
    assert verify.exit_code(results) == 0
    assert [r.name for r in results if r.disabled] == ["old-disabled"]
    assert not_compared(plan) == {"no schedule": 1, "not converted": 1}


def test_a_manual_job_alone_never_reads_as_equivalent(converted: Path) -> None:
    plan = json.loads((converted / "plan.json").read_text("utf-8"))
    (job,) = [j for j in plan["jobs"] if j["name"] == LONG_NAME]
    job["status"] = "manual"
    plan["jobs"] = [job]
    console = Console(file=io.StringIO(), width=300)
    results = verify_plan(plan, date(2026, 1, 1), 365, out_dir=converted)
    verify.render(results, console, not_compared(plan))
    text = console.file.getvalue()
    assert "0/0 compared jobs equivalent" in text and "1 disabled or manual" in text
    assert "equivalent\t" not in text


def test_on_a_terminal_the_table_shows_whole_names(converted: Path) -> None:
    plan = json.loads((converted / "plan.json").read_text("utf-8"))
    console = Console(record=True, width=160, force_terminal=True)
    verify.render(verify_plan(plan, date(2026, 1, 1), 365, out_dir=converted), console,
                  not_compared(plan))
    assert LONG_NAME in console.export_text()
