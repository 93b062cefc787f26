"""What the crontab reader guesses, it says (issue 17, point 4).

The fixtures are in tests/fixtures/guessing; the expected values come from
crontab(5): system crontabs carry a user column after the five time fields,
user crontabs do not, and cron runs each command with ``$SHELL -c`` where
SHELL defaults to /bin/sh.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from jobmig.options import ParseOptions
from jobmig.parsers import crontab, detect_format
from tests.conftest import FIXTURES, run_jobmig

GUESSING = FIXTURES / "guessing"


def read(name: str, **options):
    path = GUESSING / name
    return crontab.parse(path.read_bytes(), path=str(path), options=ParseOptions(**options))


def job_codes(job) -> set[str]:
    return {f.code for f in job.findings}


def test_a_crontab_with_user_columns_and_no_telling_name_is_read_as_system():
    result = read("host-export.txt")
    assert [(job.user, job.command) for job in result.jobs] == [
        ("ubuntu", "/home/ubuntu/bin/rotate-logs.sh"),
        ("freeside", "/usr/local/bin/freeside-daily -v"),
        ("ubuntu", "/home/ubuntu/bin/prune.sh --days 7"),
    ]


def test_the_guessed_kind_is_said_at_review_level_with_its_evidence():
    result = read("host-export.txt")
    for job in result.jobs:
        (guess,) = [f for f in job.findings if f.code == "JM115"]
        assert guess.severity.value == "review"
        assert "3 of 3" in guess.message and "ubuntu ×2" in guess.message \
            and "freeside" in guess.message


def test_the_kind_option_still_overrides_the_guess():
    result = read("host-export.txt", crontab_kind="user")
    assert result.jobs[0].command.startswith("ubuntu ")
    assert all("JM115" not in job_codes(job) for job in result.jobs)


def test_a_user_crontab_line_starting_with_a_user_name_needs_manual_work():
    result = read("alice.crontab")
    first, second = result.jobs
    assert "JM119" in job_codes(first)
    (finding,) = [f for f in first.findings if f.code == "JM119"]
    assert (finding.source.line, finding.source.column) == (2, 11)
    assert first.name == "cleanup"  # not "root"
    assert first.command == "root /usr/local/bin/cleanup.sh"  # what cron really runs
    assert "JM119" not in job_codes(second)


def test_shell_bash_is_kept_in_the_command_cron_runs():
    (job,) = read("bash-shell.crontab").jobs
    assert job.command == \
        "/bin/bash -c 'source ~/.profile && /opt/app/backup.sh &>> /var/log/backup.log'"
    assert "JM121" in job_codes(job) and "JM120" not in job_codes(job)


def test_bash_only_constructs_under_sh_are_flagged_where_they_start():
    result = read("plain-shell.crontab")
    flagged = {job.source.line: [(f.source.column, f.message) for f in job.findings
                                 if f.code == "JM120"] for job in result.jobs}
    assert [column for column, _ in flagged[2]] == [11]  # 'source' after the five fields
    assert "source" in flagged[2][0][1]
    assert [column for column, _ in flagged[3]] == [31]  # 11 + len("/opt/app/export.sh ") + 1
    assert flagged[4] == []  # '[[:space:]]' inside quotes is a grep class, not bash syntax
    assert all(job.command.startswith(("source", "/opt", "grep")) for job in result.jobs)


@pytest.mark.parametrize("name", ["nightly-cron.Jenkinsfile", "cron_jobs.groovy"])
def test_groovy_and_jenkinsfile_names_are_never_read_as_crontab(name):
    path = GUESSING / name
    assert crontab.detect(path.read_bytes(), str(path)) == 0
    assert detect_format(path.read_bytes(), str(path)) != "crontab"


def test_groovy_content_is_not_a_crontab_whatever_the_name():
    text = (GUESSING / "cron_jobs.groovy").read_bytes()
    assert crontab.detect(text, "exports/crontab") == 0


def test_a_name_alone_does_not_make_prose_a_crontab():
    path = GUESSING / "crontab-notes.txt"
    assert crontab.detect(path.read_bytes(), str(path)) == 0


def test_converting_the_folder_gives_one_jm001_for_the_unknown_file_and_no_crontab_errors(tmp_path):
    out = tmp_path / "out"
    process = run_jobmig("convert", str(GUESSING), "--out", str(out), "--timezone", "UTC")
    assert process.returncode == 0, process.stderr
    plan = json.loads((out / "plan.json").read_text("utf-8"))
    formats = {Path(s["path"]).name: s["format"] for s in plan["sources"]}
    assert formats["nightly-cron.Jenkinsfile"] == "jenkinsfile"
    assert formats["cron_jobs.groovy"] != "crontab"
    assert formats["crontab-notes.txt"] is None
    unknown = [f for f in plan["findings"] if f["code"] == "JM001"]
    # a Groovy helper with no pipeline, Job DSL or library step is no reader's: one JM001
    assert [Path(f["source"]["path"]).name for f in unknown] == ["cron_jobs.groovy",
                                                                  "crontab-notes.txt"]
    for name in ("cron_jobs.groovy", "crontab-notes.txt"):
        assert [f["code"] for f in plan["findings"] if f["source"]["path"].endswith(name)] \
            == ["JM001"]
    crontab_errors = [f for f in plan["findings"] if f["code"] in ("JM101", "JM102")]
    assert crontab_errors == []
    status = {job["source"]["path"].rsplit("/", 1)[-1] + f":{job['source']['line']}": job["status"]
              for job in plan["jobs"]}
    assert status["host-export.txt:3"] == "review"
    assert status["alice.crontab:2"] == "manual"
    assert status["alice.crontab:3"] == "auto"
    assert status["plain-shell.crontab:2"] == "review"
