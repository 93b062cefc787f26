"""What a new user reads first: --help names the values an option takes."""
from __future__ import annotations

import re

import pytest

from tests.conftest import run_jobmig


@pytest.mark.parametrize("command, option, values", [
    ("audit", "--fail-on", "manual|review"),
    ("audit", "--target", "scheduler|rules"),
    ("audit", "--lang", "en|ja"),
    ("convert", "--guard", "auto|on|off"),
    ("convert", "--crontab-kind", "user|system"),
    ("graph", "--to", "dot|mermaid|json"),
    ("waves", "--by", "component|host|jobnet"),
    ("cron", "--flavor", "vixie|jenkins"),
], ids=lambda value: str(value))
def test_help_names_the_values_an_option_takes(command, option, values):
    done = run_jobmig(command, "--help", check=True)
    line = next(line for line in done.stdout.splitlines()
                if line.lstrip("│ ").startswith(option))
    assert values in line


@pytest.mark.parametrize("command", ["audit", "convert", "graph", "waves", "findings", "cron",
                                     "verify", "diff", "deploy"])
def test_help_shows_no_python_type_names(command):
    done = run_jobmig(command, "--help", check=True)
    # options, flags (--help too) and arguments: a value's name or its choices, never
    # typer's Python type (`<bool>` on a flag, `<list[str]>` beside `PATH...`)
    assert not re.search(r"<(str|int|float|bool|list\[str\])>", done.stdout), done.stdout


def test_graph_takes_its_output_format_as_to_and_still_as_f(tmp_path):
    new = run_jobmig("graph", "samples", "--to", "json", "--tz", "Asia/Tokyo", check=True)
    old = run_jobmig("graph", "samples", "-f", "json", "--tz", "Asia/Tokyo", check=True)
    assert new.stdout == old.stdout and new.stdout.lstrip().startswith("{")
    assert "-f" not in run_jobmig("graph", "--help", check=True).stdout.replace("--format", "")
