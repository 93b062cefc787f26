"""`jobmig verify` on whole conversions: samples, the shared corpus, a generated Jenkins tree.

The promise checked here is the one users check first: every job the plan
calls ``auto`` fires at exactly its legacy instants over the whole horizon
(legacy side: cronie/Jenkins/JP1 semantics in ``jobmig.timing.cron`` and
the JP1 rule evaluator; AWS side: the EventBridge cron evaluator and the
written Change Calendars). Jobs marked ``review`` may differ, but only as
their findings say (DST days, double starts).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import REPO, corpus_dir, run_jobmig
from jobmig.timing.simulate import verify_plan

HORIZON = "2026-01-01:2027-12-31"
DAYS = 730


def convert(sources: list[Path], out: Path, timezone: str) -> dict:
    run_jobmig("convert", *map(str, sources), "--out", str(out), "--timezone", timezone,
               "--horizon", HORIZON, check=True)
    return json.loads((out / "plan.json").read_text("utf-8"))


def scheduled_ids(plan: dict) -> set[str]:
    return {job["id"] for job in plan["jobs"] if job["schedules"]}


def assert_auto_jobs_equivalent(plan: dict, out: Path) -> list:
    from datetime import date

    results = verify_plan(plan, date(2026, 1, 1), DAYS, out_dir=out)
    assert {r.job_id for r in results} == scheduled_ids(plan)  # every scheduled job checked
    for result in results:
        assert result.error is None, (result.name, result.error)
        if result.status == "auto" and not result.disabled:
            assert result.equivalent, (result.name, result.only_legacy, result.only_aws)
    return results


@pytest.mark.parametrize("kind", ["crontab", "jenkins", "jp1"])
def test_verify_on_the_corpus_finds_every_auto_job_equivalent(tmp_path, kind):
    plan = convert([corpus_dir(kind)], tmp_path / "out", "Asia/Tokyo")
    results = assert_auto_jobs_equivalent(plan, tmp_path / "out")
    assert results  # the corpus has scheduled jobs of this format
    # The command says the same thing, and exits 0 because nothing differs in a zone
    # without daylight saving time.
    done = run_jobmig("verify", str(tmp_path / "out"), "--start", "2026-01-01",
                      "--days", str(DAYS))
    compared = [r for r in results if not r.disabled]
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{len(compared)}/{len(compared)} compared jobs equivalent" in done.stdout


def test_verify_on_the_crontab_corpus_in_a_dst_zone(tmp_path):
    """In New York, jobs in the 01:00-02:59 window differ on DST days; all are marked review."""
    plan = convert([corpus_dir("crontab")], tmp_path / "out", "America/New_York")
    results = assert_auto_jobs_equivalent(plan, tmp_path / "out")
    differing = [r for r in results if not r.equivalent and not r.disabled]
    for result in differing:
        job = next(j for j in plan["jobs"] if j["id"] == result.job_id)
        assert {"JM205", "JM208"} & {f["code"] for f in job["findings"]}, job["name"]
    done = run_jobmig("verify", str(tmp_path / "out"), "--start", "2026-01-01",
                      "--days", str(DAYS))
    assert done.returncode == (1 if differing else 0)
    assert "0 unexpected" in done.stdout


def test_verify_on_the_samples_finds_every_job_equivalent(tmp_path):
    plan = convert([REPO / "samples"], tmp_path / "out", "Asia/Tokyo")
    results = assert_auto_jobs_equivalent(plan, tmp_path / "out")
    flavors = {(j.get("legacy_schedule") or {}).get("flavor") for j in plan["jobs"]}
    assert {"vixie", "jenkins", "jp1"} <= flavors  # all three evaluators took part
    for result in results:
        job = next(j for j in plan["jobs"] if j["id"] == result.job_id)
        double_starts = "JM208" in {f["code"] for f in job["findings"]}
        if not result.disabled:  # equivalent, unless AWS starts it twice on some days
            assert result.equivalent != double_starts, result


@pytest.mark.parametrize("timezone", ["Asia/Tokyo", "Europe/Berlin"])
def test_generated_jenkins_tree_converts_and_verifies(tmp_path, timezone):
    """Nested folders with non-ASCII and space-containing names (issue: Jenkins)."""
    from tests.jenkins_tree import build_tree

    manifest = build_tree(tmp_path / "home", 120)
    plan = convert([tmp_path / "home"], tmp_path / "out", timezone)
    names = {job["name"] for job in plan["jobs"] if job["kind"] != "folder"}
    assert set(manifest.jobs) <= names
    assert len(scheduled_ids(plan)) == len(manifest.jobs)  # every timer trigger mapped
    results = assert_auto_jobs_equivalent(plan, tmp_path / "out")
    assert sum(r.status == "auto" for r in results) >= 20
    if timezone == "Asia/Tokyo":  # no DST: nothing may differ at all
        assert all(r.equivalent for r in results if not r.disabled)
    # The command a user runs says the same: exit 0 only when nothing differs.
    done = run_jobmig("verify", str(tmp_path / "out"), "--start", "2026-01-01", "--days", "730")
    compared = [r for r in results if not r.disabled]
    assert done.returncode == (0 if all(r.equivalent for r in compared) else 1), done.stdout
    assert "Traceback" not in done.stderr


def test_parameterized_cron_runs_each_line_with_its_own_parameters(tmp_path):
    """One schedule per parameter set, carrying the parameters as execution input."""
    config = tmp_path / "jobs" / "report" / "config.xml"
    config.parent.mkdir(parents=True)
    config.write_text("""<?xml version='1.1' encoding='UTF-8'?>
<project>
  <triggers>
    <org.jenkinsci.plugins.parameterizedscheduler.ParameterizedTimerTrigger>
      <spec></spec>
      <parameterizedSpecification>0 7 * * 1 %KIND=weekly
0 8 1 * * %KIND=monthly;TO=ops</parameterizedSpecification>
    </org.jenkinsci.plugins.parameterizedscheduler.ParameterizedTimerTrigger>
  </triggers>
  <builders>
    <hudson.tasks.Shell>
      <command>./report.sh "$KIND"</command>
    </hudson.tasks.Shell>
  </builders>
</project>
""", encoding="utf-8")
    plan = convert([tmp_path / "jobs"], tmp_path / "out", "UTC")
    (job,) = [j for j in plan["jobs"] if j["schedules"]]
    # Hand-read from the spec: Mondays 07:00 with KIND=weekly, the 1st at 08:00 with
    # KIND=monthly and TO=ops; never both at once.
    got = sorted((s["expression"], json.dumps(s.get("input"), sort_keys=True))
                 for s in job["schedules"])
    assert got == [("cron(0 7 ? * MON *)", '{"KIND": "weekly"}'),
                   ("cron(0 8 1 * ? *)", '{"KIND": "monthly", "TO": "ops"}')]
    (result,) = assert_auto_jobs_equivalent(plan, tmp_path / "out")
    assert result.equivalent and result.status == "auto"
    # A schedule with the wrong parameters is caught: swap the inputs and verify again.
    swapped = json.loads(json.dumps(plan))
    first, second = swapped["jobs"][plan["jobs"].index(job)]["schedules"]
    first["input"], second["input"] = second["input"], first["input"]
    from datetime import date

    (result,) = verify_plan(swapped, date(2026, 1, 1), 365, out_dir=tmp_path / "out")
    assert not result.equivalent and result.missing == result.extra == 52 + 12
