"""The plan's findings: without repeats, in the order of where they point, and the job
status each code forces (looked up once per code)."""
from __future__ import annotations

from jobmig import pipeline
from jobmig.catalogue import CATALOGUE
from jobmig.model import Finding, SourceRef, Status


def test_findings_are_sorted_by_path_line_column_code_message_and_job_without_repeats():
    a5 = SourceRef("a.ajs", 5, 2)
    findings = [
        Finding("JM517", "z", SourceRef("b.ajs", 1, 1), "jp1:/x"),
        Finding("JM209", "m", a5, "jp1:/y"),
        Finding("JM209", "m", a5, "jp1:/y"),  # the same finding again
        Finding("JM209", "m", a5, None),
        Finding("JM006", "s", SourceRef("a.ajs", 5, None), "jp1:/y"),
        Finding("JM518", "no place"),
        Finding("JM204", "m", SourceRef("a.ajs", None, None), "jp1:/y"),
    ]
    ordered = pipeline._sorted_findings(findings)
    # worked out by hand: no source first ("" path), then a.ajs line 0 (none), 5 col 0,
    # 5 col 2 (no job before jp1:/y), then b.ajs
    assert [(f.code, f.source.path if f.source else None, f.job_id) for f in ordered] == [
        ("JM518", None, None), ("JM204", "a.ajs", "jp1:/y"), ("JM006", "a.ajs", "jp1:/y"),
        ("JM209", "a.ajs", None), ("JM209", "a.ajs", "jp1:/y"), ("JM517", "b.ajs", "jp1:/x")]


def test_the_status_a_code_forces_follows_its_severity_for_every_code():
    # the severities as the catalogue documents them: error and manual leave the job
    # manual, review makes it review, info leaves it auto
    expected = {"error": Status.MANUAL, "manual": Status.MANUAL, "review": Status.REVIEW,
                "info": Status.AUTO}
    for code, entry in CATALOGUE.items():
        assert pipeline._code_status(code) is expected[entry.severity.value], code
