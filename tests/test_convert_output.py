"""What `jobmig convert` and `jobmig audit` print, run as a user runs them (a subprocess
whose output goes to a pipe)."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.conftest import FIXTURES, REPO, jobmig_command, run_jobmig


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def test_convert_names_the_manual_jobs_where_the_outputs_went_and_the_next_steps(tmp_path):
    # @reboot has no AWS schedule: the catalogue makes that job manual (JM105)
    crontab = write(tmp_path / "in" / "crontab",
                    "0 3 * * * /usr/local/bin/backup\n@reboot /usr/local/bin/warm-cache\n")
    out = tmp_path / "out"
    process = run_jobmig("convert", str(crontab.parent), "--out", str(out), "--timezone", "UTC")
    assert process.returncode == 0, process.stderr
    lines = process.stdout.splitlines()
    assert "2 jobs (1 auto, 0 review, 1 manual)" in lines[0]
    manual = lines.index("Manual jobs (created disabled, they need a person first):")
    assert lines[manual + 1].strip().endswith(f"({crontab}:2)")
    assert f"In {out}: report.html, plan.json" in process.stdout
    assert f"open {out / 'report.html'}" in process.stdout
    assert f" verify {out}" in process.stdout
    assert f" deploy {out} --stack-name NAME" in process.stdout


def test_convert_names_the_first_five_manual_jobs_and_counts_the_rest(tmp_path):
    crontab = write(tmp_path / "in" / "crontab",
                    "".join(f"@reboot /usr/local/bin/start-{n}\n" for n in range(7)))
    process = run_jobmig("convert", str(crontab.parent), "--out", str(tmp_path / "out"))
    assert process.returncode == 0, process.stderr
    named = [line for line in process.stdout.splitlines() if f"({crontab}:" in line]
    assert [line.rsplit(":", 1)[1] for line in named] == ["1)", "2)", "3)", "4)", "5)"]
    assert "and 2 more manual jobs (see the report)" in process.stdout


def test_printed_errors_are_capped_per_file_and_code_but_the_plan_keeps_them_all(tmp_path):
    # hour 25 is out of range (0-23): one JM102 error per line, 13 lines
    bad = write(tmp_path / "in" / "bad.crontab", "0 25 * * * /bin/true\n" * 13)
    also = write(tmp_path / "in" / "also.crontab", "0 24 * * * /bin/true\n" * 2)
    out = tmp_path / "out"
    process = run_jobmig("convert", str(bad.parent), "--out", str(out))
    assert process.returncode == 0, process.stderr
    printed = [line for line in process.stderr.splitlines() if line.startswith(f"{bad}:")
               and "JM102" in line]
    assert [line.split(":")[1] for line in printed[:10]] == [str(n) for n in range(1, 11)]
    assert printed[10:] == [f"{bad}: ... and 3 more JM102 in this file (see the report)"]
    assert len([line for line in process.stderr.splitlines()
                if line.startswith(f"{also}:") and "JM102" in line]) == 2
    plan = json.loads((out / "plan.json").read_text("utf-8"))
    assert sum(1 for f in plan["findings"] if f["code"] == "JM102") == 15
    report = json.loads((out / "report.json").read_text("utf-8"))
    assert json.dumps(report).count("hour: 25") >= 13


def test_piped_output_is_not_wrapped_at_80_columns(tmp_path):
    name = "nightly-" + "very-long-crontab-name-" * 6 + "end"  # 150 characters
    write(tmp_path / "in" / name, "0 3 * * * /usr/local/bin/backup\n")
    env = {key: value for key, value in os.environ.items() if key != "COLUMNS"}
    env.update(NO_COLOR="1")
    audit = subprocess.run([*jobmig_command(), "audit", str(tmp_path / "in"), "--timezone",
                            "UTC"], cwd=REPO, env=env, capture_output=True, text=True,
                           timeout=600)
    assert audit.returncode == 0, audit.stderr
    assert len(name) > 80 and name in audit.stdout  # one piece, on one line
    out = tmp_path / ("out-" + "deep-folder-name-" * 6)
    convert = subprocess.run([*jobmig_command(), "convert", str(tmp_path / "in"), "--out",
                              str(out), "--timezone", "UTC"], cwd=REPO, env=env,
                             capture_output=True, text=True, timeout=600)
    assert convert.returncode == 0, convert.stderr
    assert f" files to {out}: 1 jobs (1 auto" in convert.stdout.splitlines()[0]


def test_a_malformed_config_xml_is_named_once_per_line(tmp_path):
    broken = FIXTURES / "jenkins" / "lone" / "broken.config.xml"
    process = run_jobmig("convert", str(broken), "--out", str(tmp_path / "out"))
    (line,) = [line for line in process.stderr.splitlines() if "JM301" in line]
    # the place is said once, in front: `path:line:col: JM301 message`
    assert line.startswith(f"{broken}:9:") and line.count("config.xml") == 1
    assert "line 9" not in line.split("JM301", 1)[1]


def test_a_printed_error_in_japanese_leads_with_the_code_title_in_japanese(tmp_path):
    broken = FIXTURES / "jenkins" / "lone" / "broken.config.xml"
    process = run_jobmig("convert", str(broken), "--out", str(tmp_path / "out"), "--lang", "ja")
    (line,) = [line for line in process.stderr.splitlines() if "JM301" in line]
    # JM301's Japanese title as written in the catalogue (jenkins_ja.py), then the message
    assert line.startswith(f"{broken}:9:")
    assert "JM301 Jenkins の XML が整形式でない: " in line
    english = run_jobmig("convert", str(broken), "--out", str(tmp_path / "en"))
    (plain,) = [line for line in english.stderr.splitlines() if "JM301" in line]
    assert "整形式" not in plain and line.endswith(plain.split("JM301 ", 1)[1])
