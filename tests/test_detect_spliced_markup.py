"""A file that merely starts with markup is not a Jenkins item by that alone.

Found by the fuzzing harness: a file named ``crontab`` whose first lines were replaced
by a piece of a Jenkins config.xml (a DOCTYPE's tail, then ``<project>…</project>``) was
detected as Jenkins XML, failed with one JM301 at line 1, and its cron entries were never
named. A Jenkins item is shown by its content only when its markup parses as XML (or its
name says config.xml or *.xml); a crontab around broken markup is read as a crontab, each
markup line a finding at its place and each job ``review`` with the evidence.
"""
from __future__ import annotations

from jobmig import parsers as registry
from jobmig.catalogue import CATALOGUE
from jobmig.model import Severity
from jobmig.options import ParseOptions
from jobmig.parsers import crontab
from jobmig.parsers.jenkins import config
from tests.conftest import run_jobmig

# The harness's input #55127 (seed 2026), byte for byte: 12 lines of markup, a comment
# whose '# m' was cut off, then the two entries of the crontab it replaced the head of.
SPLICED = (
    '  <!ENTITY remote SYSTEM "http://127.0.0.1:9/evil.dtd">\n'
    "]>\n"
    "<project>\n"
    "  <description>&secret;</description>\n"
    "  <disabled>false</disabled>\n"
    "  <triggers/>\n"
    "  <builders>\n"
    "    <hudson.tasks.Shell>\n"
    "      <command>echo &secret;&remote;done</command>\n"
    "    </hudson.tasks.Shell>\n"
    "  </builders>\n"
    "</project>\n"
    "h dom mon dow command\n"
    "0 9 1 * 1 /opt/bin/first-monday-or-first.sh\n"
    "@reboot /opt/bin/warmup.sh\n"
).encode()

PROJECT = (b"<?xml version='1.1' encoding='UTF-8'?>\n<project>\n  <builders>\n"
           b"    <hudson.tasks.Shell><command>echo hi</command></hudson.tasks.Shell>\n"
           b"  </builders>\n</project>\n")


def _parse(data: bytes, path: str):
    fmt = registry.detect_format(data, path)
    if fmt is None:
        return None, None
    return fmt, registry.parser_for(fmt).parse(data, path=path, options=ParseOptions())


def test_a_crontab_whose_head_was_replaced_by_broken_xml_keeps_every_entry(tmp_path):
    path = str(tmp_path / "crontab")
    fmt, result = _parse(SPLICED, path)
    assert fmt == "crontab"
    assert [(job.name, job.source.line) for job in result.jobs] == [
        ("first-monday-or-first", 14), ("warmup", 15)]
    damaged = [(f.source.line, f.source.column) for f in result.findings if f.code == "JM101"]
    # each markup line at its first non-blank character (indents of 2, 4 and 6 spaces),
    # and the cut comment of line 13
    assert damaged == [(1, 3), (2, 1), (3, 1), (4, 3), (5, 3), (6, 3), (7, 3), (8, 5), (9, 7),
                       (10, 5), (11, 3), (12, 1), (13, 1)]


def test_every_job_of_such_a_file_is_review_with_the_markup_named_at_its_first_line(tmp_path):
    _, result = _parse(SPLICED, str(tmp_path / "crontab"))
    for job in result.jobs:
        (said,) = [f for f in job.findings if f.code == "JM122"]
        assert (said.source.line, said.source.column) == (1, 1)
        assert "12 line(s) of markup between lines 1 and 12" in said.message
    assert CATALOGUE["JM122"].severity == Severity.REVIEW


def test_the_conversion_plans_both_jobs_as_review_and_lists_the_markup(tmp_path):
    import json

    folder = tmp_path / "in" / "verify"
    folder.mkdir(parents=True)
    (folder / "crontab").write_bytes(SPLICED)
    done = run_jobmig("convert", str(tmp_path / "in"), "--out", str(tmp_path / "out"),
                      "--timezone", "UTC")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    plan = json.loads((tmp_path / "out" / "plan.json").read_text("utf-8"))
    assert [s["format"] for s in plan["sources"]] == ["crontab"]
    statuses = {job["name"]: job["status"] for job in plan["jobs"]}
    assert set(statuses) == {"first-monday-or-first", "warmup"}
    assert "auto" not in statuses.values(), statuses
    lines = {f["source"]["line"] for f in plan["findings"] if f["code"] == "JM101"}
    assert lines == set(range(1, 14))


def test_a_jenkins_item_that_parses_is_jenkins_whatever_its_name():
    assert registry.detect_format(PROJECT, "exports/nightly-build") == "jenkins"
    assert config.detect(PROJECT, "exports/nightly-build") == 2


def test_broken_xml_named_config_xml_or_xml_stays_jenkins_even_with_cron_lines_after_it():
    damaged = PROJECT.replace(b"</project>", b"") + b"0 2 * * * /opt/x.sh\n15 3 * * * /opt/y.sh\n"
    for name in ("jobs/a/config.xml", "exports/a.xml", "exports/A.XML"):
        fmt, result = _parse(damaged, name)
        assert fmt == "jenkins", name
        assert [f.code for f in result.findings] == ["JM301"], name


def test_broken_jenkins_markup_without_cron_lines_is_read_as_jenkins_and_its_error_placed():
    damaged = PROJECT.replace(b"</project>", b"")  # the root is never closed
    fmt, result = _parse(damaged, "exports/nightly-build")
    assert fmt == "jenkins"
    assert [f.code for f in result.findings] == ["JM301"]


def test_markup_after_a_cron_entry_is_a_document_quoting_cron_not_a_crontab():
    page = (b"<html><body>\n<p>Run nightly:</p>\n<pre>\n0 2 * * * /opt/backup.sh\n</pre>\n"
            b"</body></html>\n")
    assert crontab.detect(page, "notes/backup") == 0
    assert registry.detect_format(page, "notes/backup") is None


def test_a_name_that_says_xml_or_html_is_never_read_as_a_crontab():
    data = b"<broken>\n0 2 * * * /opt/a.sh\n30 2 * * * /opt/b.sh\n"
    for name in ("a.xml", "index.html", "page.HTM"):
        assert crontab.detect(data, name) == 0, name
    assert crontab.detect(data, "a.cron") == 1
    assert registry.detect_format(data, "a.cron") == "crontab"


def test_a_spliced_crontab_whose_other_lines_are_mostly_not_cron_is_not_a_crontab():
    data = b"<project>\nsome prose here\nmore prose\n0 2 * * * /opt/a.sh\n"
    assert crontab.detect(data, "crontab") == 0
    fmt, result = _parse(data, "crontab")  # broken markup no one else claims: Jenkins says why
    assert fmt == "jenkins" and [f.code for f in result.findings] == ["JM301"]


def test_markup_lines_in_a_crontab_that_does_not_start_with_markup_keep_their_old_finding():
    data = b"0 2 * * * /opt/a.sh\n<oops>\n30 2 * * * /opt/b.sh\n"
    result = crontab.parse(data, path="crontab", options=ParseOptions())
    assert [job.source.line for job in result.jobs] == [1, 3]
    (bad,) = [f for f in result.findings if f.code == "JM101"]
    assert bad.source.line == 2 and "time field" in bad.message
    assert not [f for job in result.jobs for f in job.findings if f.code == "JM122"]


def test_cron_entries_after_a_broken_config_xml_are_each_named_at_their_line():
    """The other way round: a config.xml (its name says Jenkins) with crontab lines after
    its end is not read, but each entry is a finding at its line, not lost under one."""
    data = PROJECT + b"# nightly\n0 2 * * * /opt/a.sh\n\n  @daily /opt/b.sh\n"
    result = config.parse(data, path="jobs/a/config.xml", options=ParseOptions())
    assert not result.jobs
    places = [(f.code, f.source.line, f.source.column) for f in result.findings]
    # the XML ends on line 6; the comment (line 7) is no entry; the entries stand on
    # line 8 and, indented by two spaces, on line 10
    assert places == [("JM301", 7, 1), ("JM301", 8, 1), ("JM301", 10, 3)]
    assert "Extra content" in result.findings[0].message
    assert result.findings[2].message.endswith("'@daily /opt/b.sh'")


def test_text_inside_a_jenkins_item_that_parses_is_never_named_as_a_cron_entry():
    data = PROJECT.replace(b"echo hi", b"\n0 2 * * * /opt/a.sh\n")
    result = config.parse(data, path="jobs/a/config.xml", options=ParseOptions())
    (job,) = result.jobs
    assert "\n0 2 * * * /opt/a.sh\n" in job.command  # the shell step's own text
    assert not [f for f in result.findings if f.code == "JM301"]


def test_an_environment_value_in_angle_brackets_after_the_entries_is_no_markup():
    data = (b"<project>\n</broken>\n0 2 * * * /opt/a.sh\nMAILTO=<ops@example.com>\n"
            b"30 2 * * * /opt/b.sh\n")
    assert crontab.detect(data, "crontab") == 1
    fmt, result = _parse(data, "crontab")
    assert fmt == "crontab"
    assert [job.source.line for job in result.jobs] == [3, 5]
    assert result.jobs[1].environment["MAILTO"] == "<ops@example.com>"
