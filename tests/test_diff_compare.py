"""``jobmig diff`` on small hand-written plans: which job fields count as changed.

Each plan here holds one job; the expected fields are what the test itself
changed between the two sides.
"""
from __future__ import annotations

import json
from typing import Any

import pytest

from jobmig.diff import Side, compare, render_markdown
from jobmig.plan import SCHEMA_ID

JOB_ID = "jp1:/grp/net"


def side(*messages: str) -> Side:
    job: dict[str, Any] = {
        "id": JOB_ID, "name": "grp/net", "command": None, "legacy_schedule": "st=1,02:30",
        "schedules": [], "state_machine": "grp-net", "status": "review",
        "source": {"path": "exports/a.txt", "line": 7, "format": "jp1"},
        "findings": [{"code": "JM409", "message": m, "severity": "review"} for m in messages],
    }
    return Side({"schema": SCHEMA_ID, "options": {"target": "scheduler"}, "jobs": [job],
                 "dependencies": []})


def fields(old: Side, new: Side) -> list[str]:
    changed = compare(old, new)["jobs"]["changed"]
    return changed[0]["fields"] if changed else []


@pytest.mark.parametrize("before, after", [
    ("rule 1: daily at 02:30 gated by Change Calendar c",
     "rule 1: daily at 02:45 gated by Change Calendar c"),
    ("st value '1.17:00' is not a time", "st value '1.18:00' is not a time"),
    ("rule 1 (sd=1,en; st=1,+00:00;)", "rule 1 (sd=1,en; st=1,+00:30;)"),
    # the moment of JM201/JM207 is an ISO date and time: its 'T' makes it no path
    ("'0 3 * * *': no exact EventBridge equivalent was found (first difference at "
     "2026-03-08T07:30:00+00:00)",
     "'0 3 * * *': no exact EventBridge equivalent was found (first difference at "
     "2026-03-08T07:45:00+00:00)"),
])
def test_a_finding_whose_quoted_time_changed_is_a_findings_change(before, after):
    """A clock time is content, not a place: 02:30 and 02:45 are different findings."""
    assert fields(side(before), side(after)) == ["findings"]


@pytest.mark.parametrize("before, after", [
    ("the later definition (exports/a.txt:12:3) was ignored",
     "the later definition (exports/a.txt:15:3) was ignored"),
    ("the later definition (batch:4) was ignored", "the later definition (batch:9) was ignored"),
    ("the later definition (経理/夜間.ajs:40) was ignored",
     "the later definition (経理/夜間.ajs:41) was ignored"),
    ("unit b is inside the unit at line 12, column 3, which passes",
     "unit b is inside the unit at line 14, column 3, which passes"),
])
def test_a_finding_that_only_quotes_a_moved_place_is_unchanged(before, after):
    """Lines inserted above a job move the places its findings quote, nothing else."""
    assert fields(side(before), side(after)) == []


def with_options(base: Side, **options: Any) -> Side:
    plan = dict(base.plan, options={"target": "scheduler", "timezone": "UTC",
                                    "horizon": ["2026-01-01", "2027-12-31"], "holidays": None,
                                    "inputs": ["."], **options})
    return Side(plan)


def test_the_options_that_differ_between_two_conversions_are_listed_old_and_new():
    """Every schedule changes when the second run forgets --timezone: the diff says why."""
    old = with_options(side("m"))
    new = with_options(side("m"), timezone="Asia/Tokyo", horizon=["2027-01-01", "2028-12-31"])
    assert compare(old, new)["options"] == {
        "horizon": {"old": ["2026-01-01", "2027-12-31"], "new": ["2027-01-01", "2028-12-31"]},
        "timezone": {"old": "UTC", "new": "Asia/Tokyo"},
    }
    assert compare(old, with_options(side("m")))["options"] == {}


def test_changed_options_are_a_section_of_the_change_ticket():
    old = with_options(side("m"))
    new = with_options(side("m"), timezone="Asia/Tokyo")
    markdown = render_markdown(compare(old, new))
    assert "- timezone: UTC → Asia/Tokyo" in markdown
    assert "timezone" not in render_markdown(compare(old, old))


def with_stale(base: Side, *whys: tuple[str, str]) -> Side:
    """``base`` with JM090 findings for decisions (job, why) of decisions.toml."""
    findings = [{"code": "JM090", "severity": "review",
                 "message": f"decision to accept JM208 for job {job} matches nothing: {why}",
                 "source": {"path": "decisions.toml", "line": 1 + 4 * n}}
                for n, (job, why) in enumerate(whys)]
    return Side(dict(base.plan, findings=findings))


def test_a_decision_already_stale_before_is_not_listed_again_when_its_reason_changes():
    """It did not become stale: it was; its job is listed as removed on its own."""
    old = with_stale(side("m"), ("crontab:batch#sync", "the job has no JM208 finding any more"))
    new = with_stale(side("m"), ("crontab:batch#sync", "no job has this id any more"),
                     ("crontab:batch#backup", "no job has this id any more"))
    stale = compare(old, new)["decisions"]["stale"]
    assert [item["message"].split(" for job ")[1].split(" ")[0] for item in stale] == \
        ["crontab:batch#backup"]


@pytest.mark.parametrize("key, value, expected", [
    ("environment", {"MAILTO": "night@example.com"}, "environment"),
    ("user", "batch2", "user"),
    ("host", "app02", "host"),
    ("command", "/opt/x.sh --all", "command"),
])
def test_a_job_whose_environment_user_or_host_changed_says_which(key, value, expected):
    """A MAILTO= edit is no command change: the operator would look for one in vain."""
    new = side("m")
    new.plan["jobs"][0] = dict(new.plan["jobs"][0], **{key: value})
    assert fields(side("m"), new) == [expected]


def test_an_unreadable_template_is_named_with_its_line_and_column(tmp_path):
    """The flow sequence opened on line 1 is still open where the text ends: line 2, column 1."""
    from jobmig.diff import DiffInputError, load_side

    (tmp_path / "cloudformation").mkdir()
    (tmp_path / "plan.json").write_text(json.dumps(with_options(side("m")).plan), "utf-8")
    template = tmp_path / "cloudformation" / "template.yaml"
    template.write_text("Resources: [\n", "utf-8")
    with pytest.raises(DiffInputError) as raised:
        load_side(str(tmp_path))
    assert str(raised.value).startswith(f"{template}:2:1: not a readable template")


def with_findings(base: Side, *findings: tuple[str, str, int]) -> Side:
    """``base`` with findings tied to no job: (code, message, line) in exports/a.txt."""
    return Side(dict(base.plan, findings=[
        {"code": code, "severity": "manual", "message": message,
         "source": {"path": "exports/a.txt", "line": line}} for code, message, line in findings]))


def test_a_finding_tied_to_no_job_that_appeared_or_went_is_listed():
    """A Jenkins job moved into a folder leaves a build step naming nothing: a new JM502."""
    dangling = "dependency etl/nightly → etl/cache names etl/cache, which is not in the export"
    old = with_findings(side("m"), ("JM001", "not a crontab, Jenkins or JP1 file; skipped", 1),
                        ("JM404", "unit x: unknown parameter", 9))
    new = with_findings(side("m"), ("JM001", "not a crontab, Jenkins or JP1 file; skipped", 1),
                        ("JM502", dangling, 51))
    data = compare(old, new)
    assert data["findings"] == {
        "added": [{"code": "JM502", "message": dangling, "path": "exports/a.txt", "line": 51}],
        "removed": [{"code": "JM404", "message": "unit x: unknown parameter",
                     "path": "exports/a.txt", "line": 9}]}
    assert "JM502" in render_markdown(data)


def test_a_finding_tied_to_no_job_that_only_moved_down_is_not_listed():
    old = with_findings(side("m"), ("JM404", "unit x (exports/a.txt:9): unknown parameter", 9))
    new = with_findings(side("m"), ("JM404", "unit x (exports/a.txt:12): unknown parameter", 12))
    assert compare(old, new)["findings"] == {"added": [], "removed": []}


def test_one_of_two_like_findings_tied_to_no_job_that_went_is_listed():
    # the same problem on two lines of a file; the second line was mended
    old = with_findings(side("m"), ("JM401", "expected 'unit=' at top level, found 'x'", 3),
                        ("JM401", "expected 'unit=' at top level, found 'x'", 9))
    new = with_findings(side("m"), ("JM401", "expected 'unit=' at top level, found 'x'", 3))
    data = compare(old, new)
    assert data["findings"]["added"] == []
    assert [(f["code"], f["line"]) for f in data["findings"]["removed"]] == [("JM401", 9)]
