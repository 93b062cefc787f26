"""Jenkins shell steps run the Jenkins way: ``sh -xe`` per step, shebangs honoured, stop at the first failure.

The expected behaviour is Jenkins' (hudson.tasks.Shell: each step is a temporary
file run with ``/bin/sh -xe`` unless it starts with ``#!``; the build stops at the
first step that fails). The scripts are run here by a real ``/bin/sh``.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from jobmig.mappings.asl_tasks import command_lines
from jobmig.options import ParseOptions
from jobmig.parsers.jenkins import config as jenkins
from jobmig.parsers.jenkins.shell import script


def run(text: str, tmp_path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["/bin/sh", "-c", text], cwd=tmp_path, capture_output=True, text=True,
                          timeout=30)


def test_a_failing_line_in_a_single_step_fails_the_job(tmp_path: Path) -> None:
    result = run(script(["echo first\nfalse\necho never"]), tmp_path)
    assert result.returncode != 0
    assert result.stdout == "first\n"


def test_the_first_failing_step_stops_the_build_with_its_status(tmp_path: Path) -> None:
    result = run(script(["echo one", "echo two; exit 3; echo never", "echo three"]), tmp_path)
    assert result.returncode == 3
    assert result.stdout == "one\ntwo\n"


def test_every_step_runs_when_all_succeed(tmp_path: Path) -> None:
    result = run(script(["echo one", "echo two"]), tmp_path)
    assert result.returncode == 0 and result.stdout == "one\ntwo\n"


def test_a_later_step_with_a_shebang_runs_with_its_interpreter(tmp_path: Path) -> None:
    steps = ["echo shell", "#!/usr/bin/env python3\nimport sys\nprint('py', sys.version_info[0])"]
    result = run(script(steps), tmp_path)
    assert result.returncode == 0
    assert result.stdout == "shell\npy 3\n"


def test_a_step_holding_the_delimiter_line_is_kept_intact(tmp_path: Path) -> None:
    step = "cat <<'JOBMIG_STEP'\nbody\nJOBMIG_STEP"
    result = run(script(["true", step]), tmp_path)
    assert result.returncode == 0 and result.stdout == "body\n"


def test_a_freestyle_job_with_two_steps_gets_the_composed_script(tmp_path: Path) -> None:
    config = b"""<?xml version='1.1' encoding='UTF-8'?>
<project><builders>
<hudson.tasks.Shell><command>echo a
false</command></hudson.tasks.Shell>
<hudson.tasks.Shell><command>echo b</command></hudson.tasks.Shell>
</builders></project>"""
    job = jenkins.parse(config, path=str(tmp_path / "jobs/x/config.xml"),
                        options=ParseOptions(root=str(tmp_path))).jobs[0]
    result = run(job.command or "", tmp_path)
    assert result.returncode != 0 and result.stdout == "a\n"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \n"), max_size=40))
def test_ssm_command_lines_rejoin_to_the_script_and_hold_no_blank_entry(text: str) -> None:
    lines = command_lines(text)
    assert "\n".join(lines) == text
    assert all(line for line in lines[1:]) and (lines[0] or not text or text.startswith("\n"))
