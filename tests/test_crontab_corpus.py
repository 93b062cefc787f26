"""Every crontab in the shared corpus: each entry line is a job or a finding at its line.

The expected job lines and findings below were derived by reading each file
(and its PROVENANCE.md notes), not from the parser's output: a line counts
as a job when it holds five valid time fields (or a nickname), the user
column where the file is a system crontab, and a command.
"""
from __future__ import annotations

import json
import re

import pytest

from jobmig.options import ParseOptions
from jobmig.parsers import crontab
from tests.conftest import CORPUS, corpus_dir, run_jobmig

# file prefix → (job lines, {line: finding codes expected there})
EXPECTED = {
    "01": ([5], {5: {"JM112", "JM121"}}),              # run-parts /etc/cron.hourly; SHELL=/bin/bash
    "02": ([14, 15, 16], {}),                          # '#0/15' on line 13 is a comment
    "03": ([12, 15, 18, 19, 20, 25], {}),
    "04": ([], {None: {"JM003"}}),                     # only commented-out entries
    "05": ([6], {}),
    "06": ([7], {}),
    "07": ([4], {}),                                   # '\;' is not before a %
    "08": ([1], {}),                                   # every minute: fine for EventBridge
    "09": ([5], {}),
    "10": ([6], {6: {"JM103"}}),                       # 'perl' taken as the user
    "11": ([3, 5], {}),
    "12": ([19], {19: {"JM121"}}),                     # entry line starts with spaces; SHELL=/bin/bash
    "13": ([4], {4: {"JM113"}}),                       # '* 16 * * *': 60 runs in hour 16
    "14": ([3], {1: {"JM118"}, 2: {"JM118"}}),         # U+21B2 glyphs on the env lines
    "15": ([11, 12, 13, 14], {11: {"JM112"}, 12: {"JM112"}, 13: {"JM112"}, 14: {"JM112"}}),
    "16": ([4], {}),
    "17": ([1], {2: {"JM102"}}),                       # hour 30; last line has no newline
    "18": ([1], {1: {"JM107"}}),                       # single entry, no final newline
    "19": ([4], {}),
    "20": ([1, 2, 4, 5, 6, 8, 9, 10, 11, 13, 14, 16, 18, 20], {}),
}

_ENV = re.compile(r"^\s*[A-Za-z_][A-Za-z0-9_]*\s*=")


def corpus_files():
    folder = CORPUS / "crontab"
    return sorted(p for p in folder.glob("[0-9]*")) if folder.is_dir() else []


def entry_lines(text: str) -> list[int]:
    """Lines that are not blank, comments or environment settings (an independent count)."""
    lines = text.split("\n")
    return [n for n, line in enumerate(lines, 1)
            if line.strip() and not line.strip().startswith("#") and not _ENV.match(line)]


def test_the_table_covers_every_corpus_file():
    folder = corpus_dir("crontab")
    prefixes = {p.name[:2] for p in folder.glob("[0-9]*")}
    assert prefixes == set(EXPECTED)


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name[:2])
def test_each_corpus_file_gives_the_expected_jobs_and_findings(path):
    result = crontab.parse(path.read_bytes(), path=str(path), options=ParseOptions(timezone="Asia/Tokyo"))
    job_lines, finding_codes = EXPECTED[path.name[:2]]
    assert [job.source.line for job in result.jobs] == job_lines
    found: dict[int | None, set[str]] = {}
    for finding in [*result.findings, *(f for job in result.jobs for f in job.findings)]:
        found.setdefault(finding.source.line if finding.source else None, set()).add(finding.code)
    assert found == finding_codes


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name[:2])
def test_every_entry_line_is_a_job_or_a_finding_at_that_line(path):
    result = crontab.parse(path.read_bytes(), path=str(path), options=ParseOptions())
    cited = {job.source.line for job in result.jobs}
    cited |= {f.source.line for f in result.findings if f.source}
    assert set(entry_lines(path.read_text("utf-8"))) <= cited


def test_convert_of_the_whole_crontab_corpus_accounts_for_every_line(tmp_path):
    folder = corpus_dir("crontab")
    out = tmp_path / "out"
    process = run_jobmig("convert", str(folder), "--out", str(out), "--timezone", "Asia/Tokyo",
                         "--horizon", "2026-01-01:2026-12-31")
    assert process.returncode == 0, process.stderr
    assert "Traceback" not in process.stdout + process.stderr
    plan = json.loads((out / "plan.json").read_text("utf-8"))
    expected_jobs = sum(len(lines) for lines, _ in EXPECTED.values())
    assert plan["summary"]["jobs"] == expected_jobs == len(plan["jobs"])
    summary = plan["summary"]
    assert summary["auto"] + summary["review"] + summary["manual"] == summary["jobs"]
    for path in corpus_files():
        shown = path.relative_to(folder).as_posix()  # outputs quote paths from the folder given
        cited = {j["source"]["line"] for j in plan["jobs"] if j["source"]["path"] == shown}
        cited |= {f["source"]["line"] for f in plan["findings"]
                  if f["source"] and f["source"]["path"] == shown}
        assert set(entry_lines(path.read_text("utf-8"))) <= cited, path.name
