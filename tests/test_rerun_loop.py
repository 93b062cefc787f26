"""The migration loop: stable identities across re-runs, ``jobmig diff``, ``--decisions``.

Every estate here is built from the project's own samples. Expected ids follow
the documented rule (jobmig/identity.py, README "Re-running on a newer
export"): ``crontab:<file relative to the folder given>#<program name>``;
expected differences are what each test itself changed in the estate.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from jobmig.plan import plan_schema
from jobmig.report.json_render import report_schema

from tests.conftest import REPO, run_jobmig

SAMPLES = REPO / "samples"
CRONTAB = SAMPLES / "crontab"


def convert(source: str | Path, out: Path, *extra: str, cwd: Path | None = None) -> dict:
    run_jobmig("convert", str(source), "--out", str(out), "--timezone", "Asia/Tokyo",
               "--horizon", "2026-01-01:2026-12-31", *extra, cwd=cwd, check=True)
    return json.loads((out / "plan.json").read_text("utf-8"))


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def resources(out: Path) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for template in sorted((out / "cloudformation").glob("*.yaml")):
        found.update(yaml.safe_load(template.read_text("utf-8"))["Resources"])
    return found


def names(plan: dict) -> dict[str, tuple]:
    """Job id → the AWS names the job owns (state machine, schedules)."""
    return {job["id"]: (job["state_machine"], tuple(s["name"] for s in job["schedules"]))
            for job in plan["jobs"]}


def diff(old: Path, new: Path, *extra: str):
    return run_jobmig("diff", str(old), str(new), *extra)


def diff_json(old: Path, new: Path) -> dict:
    process = diff(old, new, "--json")
    assert process.returncode == 0, process.stderr
    return json.loads(process.stdout)


def name_property(resource: dict) -> object:
    properties = resource.get("Properties", {})
    return next((properties[k] for k in ("StateMachineName", "Name") if k in properties), None)


@pytest.fixture
def estate(tmp_path: Path) -> Path:
    """A copy of the sample crontab exports, to change between two runs."""
    folder = tmp_path / "estate"
    shutil.copytree(CRONTAB, folder)
    return folder


# -- identity -------------------------------------------------------------------------------
def test_a_crontab_job_is_named_by_its_file_under_the_folder_given_and_its_program(estate, tmp_path):
    plan = convert(estate, tmp_path / "out")
    ids = {job["id"] for job in plan["jobs"]}
    assert "crontab:etc/cron.d/billing#invoice-batch" in ids
    assert "crontab:etc/crontab#run-parts" in ids
    assert "crontab:var/spool/cron/batch#ledger-close" in ids
    # no path as typed anywhere, not even in options.inputs
    text = (tmp_path / "out" / "plan.json").read_text("utf-8")
    assert str(estate) not in text
    assert plan["options"]["inputs"] == ["."]


def test_the_same_estate_converted_from_two_folders_gives_byte_identical_outputs(tmp_path):
    for place in ("first", "second"):
        shutil.copytree(SAMPLES, tmp_path / place / "estate")
        convert("estate", tmp_path / place / "out", cwd=tmp_path / place)
    first, second = files_of(tmp_path / "first" / "out"), files_of(tmp_path / "second" / "out")
    assert len(first) > 20
    assert first == second


def test_an_absolute_path_gives_byte_identical_outputs(tmp_path):
    shutil.copytree(SAMPLES, tmp_path / "estate")
    convert("estate", tmp_path / "relative", cwd=tmp_path)
    convert(tmp_path / "estate", tmp_path / "absolute", cwd=REPO)
    relative, absolute = files_of(tmp_path / "relative"), files_of(tmp_path / "absolute")
    assert len(relative) > 20
    assert relative == absolute
    assert json.loads(relative["plan.json"])["options"]["inputs"] == ["."]


COLLIDING = (
    "# sorts before every other file, and runs the same programs as they do\n"
    "5 * * * * root run-parts /etc/cron.hourly\n"
    "0 2 * * * root /usr/local/bin/invoice-batch.sh\n"
    "0 4 * * * root /usr/local/bin/backup-db.sh\n"
)


def test_a_file_that_sorts_first_with_colliding_names_leaves_the_other_jobs_alone(estate, tmp_path):
    before = convert(estate, tmp_path / "before")
    (estate / "aaa").mkdir()
    (estate / "aaa" / "crontab").write_text(COLLIDING, "utf-8")
    after = convert(estate, tmp_path / "after")
    old_names, new_names = names(before), names(after)
    assert {i: new_names[i] for i in old_names} == old_names
    old_resources, new_resources = resources(tmp_path / "before"), resources(tmp_path / "after")
    for logical, resource in old_resources.items():
        assert new_resources[logical]["Type"] == resource["Type"], logical
        assert name_property(new_resources[logical]) == name_property(resource), logical
    result = diff_json(tmp_path / "before", tmp_path / "after")
    assert result["jobs"] == {"added": ["crontab:aaa/crontab#backup-db",
                                        "crontab:aaa/crontab#invoice-batch",
                                        "crontab:aaa/crontab#run-parts"],
                              "removed": [], "changed": []}
    assert result["resources"]["replaced"] == [] and result["resources"]["deleted"] == []
    assert len(result["resources"]["added"]) == 3 * 3  # a machine, its role, a schedule each


def test_lines_inserted_above_jobs_change_no_id_and_no_job(estate, tmp_path):
    before = convert(estate, tmp_path / "before")
    batch = estate / "var" / "spool" / "cron" / "batch"
    batch.write_text("# moved down by a new header\n#\n15 5 * * * /opt/new/bin/fresh-job.sh\n\n"
                     + batch.read_text("utf-8"), "utf-8")
    after = convert(estate, tmp_path / "after")
    old_names, new_names = names(before), names(after)
    assert {i: new_names[i] for i in old_names} == old_names
    moved = next(job for job in after["jobs"] if job["id"] == "crontab:var/spool/cron/batch#backup-db")
    was = next(job for job in before["jobs"] if job["id"] == moved["id"])
    assert moved["source"]["line"] == was["source"]["line"] + 4
    result = diff_json(tmp_path / "before", tmp_path / "after")
    assert result["jobs"] == {"added": ["crontab:var/spool/cron/batch#fresh-job"],
                              "removed": [], "changed": []}
    assert result["resources"]["replaced"] == [] and result["resources"]["deleted"] == []


@pytest.mark.parametrize("sample, comment", [
    ("crontab/var/spool/cron/batch", "# re-exported on another day\n"),
    ("jp1/keiri_nightly.ajs", "/* re-exported on another day */\n"),
])
def test_a_comment_line_inserted_at_the_top_changes_no_resource(tmp_path, sample, comment):
    """Every job of the file moves one line down; none of its resources may change,
    or a deployment would update them all (descriptions quoting line numbers did)."""
    estate = tmp_path / "estate"
    shutil.copytree(SAMPLES, estate, ignore=shutil.ignore_patterns("profile.toml"))
    convert(estate, tmp_path / "before")
    exported = estate / sample
    exported.write_text(comment + exported.read_text("utf-8"), "utf-8")
    convert(estate, tmp_path / "after")
    result = diff_json(tmp_path / "before", tmp_path / "after")
    assert result["jobs"] == {"added": [], "removed": [], "changed": []}
    assert result["resources"] == {"added": [], "modified": [], "replaced": [], "deleted": []}


def test_a_job_added_above_others_modifies_only_the_role_that_starts_every_machine(
        estate, tmp_path):
    """The new line goes above SHELL= and MAILTO=: the new job shares no mail rule; the
    scheduler role lists the machines it may start, so it alone gains the new one."""
    convert(estate, tmp_path / "before")
    batch = estate / "var" / "spool" / "cron" / "batch"
    batch.write_text("15 5 * * * /opt/new/bin/fresh-job.sh\n" + batch.read_text("utf-8"),
                     "utf-8")
    convert(estate, tmp_path / "after")
    result = diff_json(tmp_path / "before", tmp_path / "after")
    assert result["resources"]["modified"] == ["SchedulerRole"]
    assert result["resources"]["replaced"] == result["resources"]["deleted"] == []
    added = result["resources"]["added"]
    assert added and all("FreshJob" in logical for logical in added)


def test_removing_an_unrelated_job_only_removes_that_job(estate, tmp_path):
    before = convert(estate, tmp_path / "before")
    billing = estate / "etc" / "cron.d" / "billing"
    lines = billing.read_text("utf-8").splitlines(keepends=True)
    billing.write_text("".join(line for line in lines if "monthly-statements" not in line), "utf-8")
    after = convert(estate, tmp_path / "after")
    gone = "crontab:etc/cron.d/billing#monthly-statements"
    old_names, new_names = names(before), names(after)
    assert {i: new_names[i] for i in old_names if i != gone} == \
        {i: n for i, n in old_names.items() if i != gone}
    result = diff_json(tmp_path / "before", tmp_path / "after")
    assert result["jobs"] == {"added": [], "removed": [gone], "changed": []}
    machine = old_names[gone][0]
    deleted = result["resources"]["deleted"]
    old_resources = resources(tmp_path / "before")
    assert deleted and all(machine in json.dumps(old_resources[logical]) for logical in deleted)
    assert result["resources"]["replaced"] == []


def test_a_changed_schedule_and_command_are_reported_as_what_changed(estate, tmp_path):
    convert(estate, tmp_path / "before")
    billing = estate / "etc" / "cron.d" / "billing"
    billing.write_text(billing.read_text("utf-8")
                       .replace("0 1 * * *\tbilling\t/opt/billing/bin/invoice-batch.sh",
                                "0 2 * * *\tbilling\t/opt/billing/bin/invoice-batch.sh")
                       .replace("audit-sample.sh", "audit-sample.sh --all"), "utf-8")
    convert(estate, tmp_path / "after")
    result = diff_json(tmp_path / "before", tmp_path / "after")
    changed = {item["id"]: item["fields"] for item in result["jobs"]["changed"]}
    assert changed == {"crontab:etc/cron.d/billing#invoice-batch": ["schedule", "aws_expression"],
                       "crontab:etc/cron.d/billing#audit-sample": ["command"]}
    assert result["jobs"]["added"] == result["jobs"]["removed"] == []


def test_diff_fails_on_changes_only_when_asked_and_writes_markdown(estate, tmp_path):
    convert(estate, tmp_path / "before")
    convert(estate, tmp_path / "same")
    assert diff(tmp_path / "before", tmp_path / "same", "--fail-on", "changes").returncode == 0
    (estate / "extra").write_text("0 9 * * * /bin/extra-job\n", "utf-8")
    convert(estate, tmp_path / "after")
    assert diff(tmp_path / "before", tmp_path / "after", "--fail-on", "changes").returncode == 1
    assert diff(tmp_path / "before", tmp_path / "after", "--fail-on", "replacements").returncode == 0
    markdown = diff(tmp_path / "before", tmp_path / "after", "--format", "md")
    assert markdown.returncode == 0
    assert "`crontab:extra#extra-job`" in markdown.stdout
    table = diff(tmp_path / "before", tmp_path / "after" / "plan.json")
    assert table.returncode == 0 and "crontab:extra#extra-job" in table.stdout


def test_a_renamed_resource_under_a_kept_logical_id_is_a_replacement(estate, tmp_path):
    convert(estate, tmp_path / "before")
    shutil.copytree(tmp_path / "before", tmp_path / "after")
    template = tmp_path / "after" / "cloudformation" / "template.yaml"
    data = yaml.safe_load(template.read_text("utf-8"))
    logical = next(k for k, v in data["Resources"].items() if v["Type"] == "AWS::Scheduler::Schedule")
    data["Resources"][logical]["Properties"]["Name"] += "-renamed"
    other = next(k for k, v in data["Resources"].items()
                 if v["Type"] == "AWS::Scheduler::Schedule" and k != logical)
    data["Resources"][other]["Properties"]["Description"] += " (edited)"
    template.write_text(yaml.safe_dump(data), "utf-8")
    result = diff_json(tmp_path / "before", tmp_path / "after")
    assert result["resources"] == {"added": [], "modified": [other], "replaced": [logical],
                                   "deleted": []}
    assert diff(tmp_path / "before", tmp_path / "after", "--fail-on",
                "replacements").returncode == 1


@pytest.mark.parametrize("make", ["missing", "not-json", "not-a-plan", "other-target",
                                  "no-templates"])
def test_diff_of_unreadable_or_mismatched_inputs_exits_2_with_one_line(estate, tmp_path, make):
    convert(estate, tmp_path / "good")
    bad = tmp_path / "bad"
    if make == "not-json":
        bad.mkdir()
        (bad / "plan.json").write_text("{not json", "utf-8")
    elif make == "not-a-plan":
        bad.mkdir()
        (bad / "plan.json").write_text('{"schema": "something/9", "jobs": []}', "utf-8")
    elif make == "other-target":
        convert(estate, bad, "--target", "rules")
    elif make == "no-templates":  # a plan.json alone cannot say what a deployment replaces
        bad.mkdir()
        shutil.copy(tmp_path / "good" / "plan.json", bad / "plan.json")
    process = diff(tmp_path / "good", bad)
    assert process.returncode == 2
    assert process.stdout == ""
    assert len(process.stderr.strip().splitlines()) == 1 and "Traceback" not in process.stderr


# -- decisions ------------------------------------------------------------------------------
REVIEW_ONLY = "17 * * * * cd / && run-parts --report /etc/cron.hourly\n"  # JM112: review


def decisions_file(tmp_path: Path, *entries: tuple[str, str, str]) -> Path:
    path = tmp_path / "decisions.toml"
    text = "# what the owners accepted\n"
    for job, code, reason in entries:
        text += f'\n[[accept]]\njob = "{job}"\ncode = "{code}"\nreason = "{reason}"\n'
    path.write_text(text, "utf-8")
    return path


def test_an_accepted_finding_keeps_its_severity_is_counted_and_reported(tmp_path):
    folder = tmp_path / "cron"
    folder.mkdir()
    (folder / "root.crontab").write_text(REVIEW_ONLY, "utf-8")
    job_id = "crontab:root.crontab#run-parts"
    decisions = decisions_file(tmp_path, (job_id, "JM112", "the scripts were checked one by one"))
    plan = convert(folder, tmp_path / "out", "--decisions", str(decisions))
    (job,) = plan["jobs"]
    assert job["id"] == job_id
    accepted = [f for f in job["findings"] if f["code"] == "JM112"]
    assert accepted and all(f["severity"] == "review" and
                            f["accepted"] == {"reason": "the scripts were checked one by one"}
                            for f in accepted)
    assert plan["summary"]["accepted"] == len([f for f in plan["findings"] if f["code"] == "JM112"])
    report = json.loads((tmp_path / "out" / "report.json").read_text("utf-8"))
    occurrences = [o for g in report["findings"] if g["code"] == "JM112" for o in g["occurrences"]]
    assert occurrences and all(o["accepted"] == {"reason": "the scripts were checked one by one"}
                               for o in occurrences)
    for name in ("report.md", "report.html"):
        assert "the scripts were checked one by one" in (tmp_path / "out" / name).read_text("utf-8")
    jsonschema.validate(plan, plan_schema())
    jsonschema.validate(report, report_schema())


def test_audit_fail_on_ignores_accepted_findings(tmp_path):
    folder = tmp_path / "cron"
    folder.mkdir()
    (folder / "root.crontab").write_text(REVIEW_ONLY, "utf-8")
    common = ("audit", str(folder), "--timezone", "UTC", "--fail-on", "review")
    assert run_jobmig(*common).returncode == 1
    decisions = decisions_file(tmp_path, ("crontab:root.crontab#run-parts", "JM112", "checked"))
    process = run_jobmig(*common, "--decisions", str(decisions))
    assert process.returncode == 0, process.stdout + process.stderr


def test_a_stale_decision_is_a_finding_at_its_line_and_diff_lists_it(estate, tmp_path):
    decisions = decisions_file(tmp_path, ("crontab:etc/crontab#run-parts", "JM112", "fine"),
                               ("crontab:etc/crontab#no-such-job", "JM105", "was fine"),
                               ("crontab:etc/crontab#purge-tmp", "JM113", "never had it"))
    convert(estate, tmp_path / "before")
    process = run_jobmig("convert", str(estate), "--out", str(tmp_path / "after"), "--timezone",
                         "Asia/Tokyo", "--horizon", "2026-01-01:2026-12-31",
                         "--decisions", str(decisions), check=True)
    assert f"{decisions}:8: JM090 " in process.stderr and f"{decisions}:13: JM090 " in process.stderr
    plan = json.loads((tmp_path / "after" / "plan.json").read_text("utf-8"))
    stale = [f for f in plan["findings"] if f["code"] == "JM090"]
    # headers of the 2nd and 3rd [[accept]] are on lines 8 and 13 of the file written above
    assert [(f["source"]["path"], f["source"]["line"]) for f in stale] == \
        [(str(decisions), 8), (str(decisions), 13)]
    assert "crontab:etc/crontab#no-such-job" in stale[0]["message"] and "JM105" in stale[0]["message"]
    assert "crontab:etc/crontab#purge-tmp" in stale[1]["message"] and "JM113" in stale[1]["message"]
    assert plan["summary"]["accepted"] >= 1
    result = diff_json(tmp_path / "before", tmp_path / "after")
    assert [(item["path"], item["line"]) for item in result["decisions"]["stale"]] == \
        [(str(decisions), 8), (str(decisions), 13)]


def test_a_malformed_decisions_file_is_a_usage_error_with_its_place(tmp_path):
    bad = tmp_path / "decisions.toml"
    bad.write_text('[[accept]]\njob = "crontab:x#y"\nreason = "no code"\n', "utf-8")
    process = run_jobmig("audit", str(CRONTAB), "--decisions", str(bad))
    assert process.returncode == 2
    assert process.stderr.strip() == f"jobmig: {bad}:1: [[accept]] needs code (text)"


def test_a_changed_upstream_is_a_dependency_change_on_every_job_it_touches(tmp_path):
    estate = tmp_path / "jenkins"
    shutil.copytree(SAMPLES / "jenkins", estate)
    convert(estate, tmp_path / "before")
    config = estate / "jobs" / "etl" / "jobs" / "sales-report" / "config.xml"
    config.write_text(config.read_text("utf-8").replace(
        "<upstreamProjects>nightly-etl</upstreamProjects>",
        "<upstreamProjects>refresh-cache</upstreamProjects>"), "utf-8")
    convert(estate, tmp_path / "after")
    result = diff_json(tmp_path / "before", tmp_path / "after")
    assert result["jobs"]["added"] == result["jobs"]["removed"] == []
    changed = {item["id"]: item["fields"] for item in result["jobs"]["changed"]}
    for job_id in ("jenkins:etl/sales-report", "jenkins:etl/nightly-etl",
                   "jenkins:etl/refresh-cache"):
        assert "dependencies" in changed[job_id], job_id
