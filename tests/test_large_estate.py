"""A 10,000-job estate through the real command: `jobmig audit` on a terminal.

One generated JENKINS_HOME (tests/jenkins_tree.py: 10,000 jobs in nested
folders, with upstream edges) is audited once by the console script with its
stderr on a pseudo-terminal, as an operator would run it. The tests then
check what the issue asks of a large estate: a progress bar was drawn, the
HTML report stays under 5 MB, and headless Chromium opens it and its script
draws the job table. How long Chromium takes is measured by
benchmarks/bench_report.py, not asserted here.
"""
from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.jenkins_tree import build_tree
from tests.test_report_html_browser import CHROMIUM, chromium

JOBS = 10_000


def _drain(fd: int, chunks: list[bytes]) -> None:
    """Read a pty master until the child side closes (keeps the child from blocking)."""
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:
            return
        if not data:
            return
        chunks.append(data)


@pytest.fixture(scope="module")
def audit(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("estate")
    manifest = build_tree(root / "home", JOBS)
    report = root / "report.html"
    master, slave = pty.openpty()
    chunks: list[bytes] = []
    reader = threading.Thread(target=_drain, args=(master, chunks), daemon=True)
    reader.start()
    env = {**os.environ, "COLUMNS": "120", "TERM": "xterm"}
    env.pop("NO_COLOR", None)
    result = subprocess.run(
        [sys.executable, "-m", "jobmig", "audit", str(root / "home"), "--timezone", "Asia/Tokyo",
         "--report", str(report)],
        stdout=subprocess.PIPE, stderr=slave, env=env, timeout=600)
    os.close(slave)
    reader.join(timeout=10)
    os.close(master)
    return {"returncode": result.returncode, "stdout": result.stdout.decode("utf-8"),
            "terminal": b"".join(chunks).decode("utf-8", "replace"), "report": report,
            "files": len(manifest.files), "jobs": len(manifest.jobs)}


def test_the_audit_succeeds_and_counts_every_generated_job(audit: dict) -> None:
    assert audit["jobs"] == JOBS
    assert audit["returncode"] == 0
    assert re.search(rf"total\s+│\s+{JOBS}\s", audit["stdout"])


def test_the_audit_draws_a_progress_bar_on_the_terminal(audit: dict) -> None:
    text = audit["terminal"]
    assert "Reading sources" in text and "Mapping schedules" in text
    # rich's MofNCompleteColumn: "done/total" for the files read.
    assert re.search(rf"\d+/{audit['files']}\b", text)


def test_the_html_report_of_ten_thousand_jobs_stays_under_5_mb(audit: dict) -> None:
    assert audit["report"].stat().st_size < 5_000_000


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_chromium_opens_the_large_report_and_draws_the_first_page(audit: dict,
                                                                 tmp_path: Path) -> None:
    result = chromium(tmp_path, "--enable-logging=stderr", "--v=0", "--dump-dom",
                      audit["report"].as_uri())
    html = result.stdout
    assert result.returncode == 0, result.stderr[-2000:]
    assert re.search(r'<html[^>]*data-script="ok"', html)
    assert re.search(rf'id="count-jobs" data-value="{JOBS}">', html)
    assert f"of {JOBS:,} jobs" in html
    body = html.split('<table id="jobs">', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert len(re.findall(r"<tr>", body)) == 100  # one page of the paged table
    assert 'id="dependency-graph"' in html
    console = [line for line in result.stderr.splitlines() if "CONSOLE" in line]
    assert [line for line in console if re.search(r"error|uncaught", line, re.I)] == []
