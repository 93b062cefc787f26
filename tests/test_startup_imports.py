"""Start-up: a one-off command imports only what it needs (issue 21).

Each check runs jobmig in a fresh interpreter and looks at ``sys.modules`` when
the command ends: a module-presence assertion, never a timing one.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

# Libraries and modules a crontab one-off never needs (the list, and the
# report renderers other than the terminal tables).
HEAVY = ("boto3", "botocore", "jsonschema", "networkx", "holidays", "lxml",
         "jobmig.report.html", "jobmig.report.markdown", "jobmig.report.csv_render",
         "jobmig.report.json_render", "jobmig.report.svg", "jobmig.report.layout",
         # the writers; the AWS-limit checks in jobmig.emit (limits, stack_split,
         # aws_stack: plain Python) run on audit too, so the report shows what AWS refuses
         "jobmig.emit.files", "jobmig.emit.cloudformation", "jobmig.emit.terraform",
         "jobmig.parsers.jp1", "jobmig.parsers.jenkins",
         # typer 0.29 imports it at start-up (+0.1 s on every command): pinned below that
         "pydantic")

# Runs the CLI as the console script does, then prints the loaded module names
# instead of ending the process (jobmig ends with os._exit, past any atexit hook).
_PROBE = """
import json, os, sys
sys.argv = ["jobmig"] + json.loads(sys.argv[1])
real_exit = os._exit
def _report(code):
    sys.stderr.write("MODULES " + json.dumps(sorted(sys.modules)) + "\\n")
    sys.stderr.flush()
    real_exit(code)
os._exit = _report
from jobmig.cli import main
main()
"""


def loaded_modules(*args: str, cwd: Path = REPO) -> set[str]:
    env = dict(os.environ, COLUMNS="120", NO_COLOR="1", TERM="dumb")
    process = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(list(args))], cwd=cwd,
                             env=env, capture_output=True, text=True, timeout=300)
    lines = [line for line in process.stderr.splitlines() if line.startswith("MODULES ")]
    assert lines, f"jobmig {' '.join(args)} did not finish:\n{process.stdout}\n{process.stderr}"
    return set(json.loads(lines[-1][len("MODULES "):]))


def heavy_in(modules: set[str]) -> list[str]:
    return sorted(name for name in modules
                  if any(name == heavy or name.startswith(heavy + ".") for heavy in HEAVY))


def test_cron_command_imports_no_heavy_library():
    modules = loaded_modules("cron", "0 9 * * 1-5", "--tz", "Asia/Tokyo")
    assert "jobmig.cron_command" in modules  # the probe really ran the command
    assert heavy_in(modules) == []


def test_cron_command_as_json_imports_no_heavy_library():
    modules = loaded_modules("cron", "*/5 * * * *", "--json")
    assert heavy_in(modules) == []


def test_audit_of_a_one_line_crontab_imports_no_heavy_library(tmp_path):
    crontab = tmp_path / "crontab"
    crontab.write_text("0 2 * * * /usr/local/bin/backup.sh\n", encoding="utf-8")
    modules = loaded_modules("audit", str(crontab), "--timezone", "Asia/Tokyo")
    assert "jobmig.parsers.crontab" in modules and "jobmig.report.terminal" in modules
    assert heavy_in(modules) == []


def test_audit_without_a_terminal_loads_no_progress_bar(tmp_path):
    # stderr is a pipe here: no bar is shown, so rich's progress module is not needed
    crontab = tmp_path / "crontab"
    crontab.write_text("0 2 * * * /usr/local/bin/backup.sh\n", encoding="utf-8")
    modules = loaded_modules("audit", str(crontab), "--timezone", "Asia/Tokyo")
    assert "jobmig.report.terminal" in modules and "rich.console" in modules
    assert "rich.progress" not in modules


def test_audit_of_a_jenkins_job_still_loads_the_xml_reader(tmp_path):
    # The other side of the lazy registry: a format that is present is read.
    job = tmp_path / "nightly" / "config.xml"
    job.parent.mkdir()
    job.write_text("<?xml version='1.1' encoding='UTF-8'?>\n<project>\n  <triggers>\n"
                   "    <hudson.triggers.TimerTrigger><spec>H 2 * * *</spec>"
                   "</hudson.triggers.TimerTrigger>\n  </triggers>\n</project>\n",
                   encoding="utf-8")
    modules = loaded_modules("audit", str(tmp_path), "--timezone", "UTC")
    assert "lxml.etree" in modules and "jobmig.parsers.jenkins.config" in modules


@pytest.mark.parametrize("report", ["report.html", "report.md"])
def test_audit_writing_a_report_loads_only_that_renderer(tmp_path, report):
    crontab = tmp_path / "crontab"
    crontab.write_text("0 2 * * * /usr/local/bin/backup.sh\n", encoding="utf-8")
    modules = loaded_modules("audit", str(crontab), "--report", str(tmp_path / report))
    wanted = {"report.html": "jobmig.report.html", "report.md": "jobmig.report.markdown"}[report]
    assert wanted in modules
    assert "jobmig.report.csv_render" not in modules


def test_convert_of_a_small_crontab_loads_no_graph_library_xml_reader_or_process_pool(tmp_path):
    crontab = tmp_path / "estate.cron"
    crontab.write_text("MAILTO=ops@example.com\n0 2 * * * /opt/backup.sh\n"
                       "*/15 * * * * /opt/poll.sh\n", encoding="utf-8")
    modules = loaded_modules("convert", str(crontab), "--out", str(tmp_path / "out"),
                             "--timezone", "UTC")
    assert "jobmig.emit.files" in modules and "jobmig.report.html" in modules
    unwanted = ("networkx", "lxml", "boto3", "jsonschema", "holidays", "jobmig.parsers.jp1",
                "jobmig.parsers.jenkins", "concurrent.futures.process", "multiprocessing")
    assert sorted(name for name in modules if name.split(".")[0] in unwanted
                  or name.startswith(unwanted)) == []
