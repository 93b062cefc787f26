"""The fuzzing harness (benchmarks/fuzz.py): a seeded slice, and that it can see failures.

`make fuzz` runs 100,000 inputs; here a seeded slice of 2,000 runs on every
`make test`. Timeouts are printed by the harness but not asserted here: how
long an input takes depends on the machine.
"""
from __future__ import annotations

import re
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import REPO, run_jobmig

pytestmark = pytest.mark.slow

FUZZ = REPO / "benchmarks" / "fuzz.py"
SLICE = 2_000


def counts(output: str) -> dict[str, int]:
    return {m.group(1): int(m.group(2))
            for m in re.finditer(r"^(inputs|tracebacks|timeouts|memory errors|writes outside "
                                 r"the output folder|lost jobs): (\d+)$", output, re.M)}


@pytest.fixture(scope="module")
def seeded_slice() -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(FUZZ), "--count", str(SLICE), "--seed", "17",
                           "--workers", "2", "--timeout", "60"],
                          capture_output=True, text=True, timeout=3600, cwd=REPO)


def test_a_seeded_slice_gives_no_traceback_and_writes_nothing_outside_out(seeded_slice):
    found = counts(seeded_slice.stdout)
    assert found["inputs"] == SLICE, seeded_slice.stdout + seeded_slice.stderr
    assert found["tracebacks"] == 0, seeded_slice.stdout
    assert found["writes outside the output folder"] == 0, seeded_slice.stdout
    assert found["memory errors"] == 0, seeded_slice.stdout
    # every job of an input's unmutated part is still in the plan or named by a finding
    assert found["lost jobs"] == 0, seeded_slice.stdout
    assert re.search(r"^slowest input: \d+\.\d+ s \(#\d+ ", seeded_slice.stdout, re.M)


def _run_with(patch: str) -> dict[str, int]:
    """Three inputs through the harness in a child process with ``patch`` applied first."""
    code = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(REPO / 'benchmarks')!r})
        import fuzz
        {patch}
        outcome = fuzz.run_slice(range(3), 1, 60, 0, 31, None)
        print("inputs:", outcome.inputs)
        print("tracebacks:", len(outcome.tracebacks))
        print("writes outside the output folder:", len(outcome.outside))
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=600, cwd=REPO)
    assert done.returncode == 0, done.stderr
    return counts(done.stdout)


def test_the_harness_counts_an_exception_that_escapes_the_pipeline():
    found = _run_with(textwrap.dedent("""
        import jobmig.pipeline
        def broken(*args, **kwargs):
            raise RuntimeError("boom")
        jobmig.pipeline.build_plan = broken
    """).replace("\n", "\n        "))
    assert found == {"inputs": 3, "tracebacks": 3, "writes outside the output folder": 0}


def test_the_harness_counts_a_write_outside_the_output_folder(tmp_path):
    stray = tmp_path / "stray.txt"
    found = _run_with(textwrap.dedent(f"""
        import jobmig.emit.files
        original = jobmig.emit.files.write_plan
        def leaky(plan, out, force=False):
            open({str(stray)!r}, "w").close()
            return original(plan, out, force)
        jobmig.emit.files.write_plan = leaky
    """).replace("\n", "\n        "))
    assert found["inputs"] == 3 and found["writes outside the output folder"] == 3


def test_a_time_zone_too_long_for_a_file_name_is_an_unknown_zone(tmp_path):
    """Found by the harness: CRON_TZ= with a very long value raised OSError (name too long)."""
    crontab = tmp_path / "in" / "ops"
    crontab.parent.mkdir()
    crontab.write_text(f"CRON_TZ=Asia/Tokyo{'<' * 5000}\n0 1 * * * /opt/bin/x.sh\n",
                       encoding="utf-8")
    done = run_jobmig("convert", str(tmp_path / "in"), "--out", str(tmp_path / "out"))
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert "JM201" in (tmp_path / "out" / "plan.json").read_text("utf-8")
    usage = run_jobmig("convert", str(tmp_path / "in"), "--out", str(tmp_path / "o2"),
                       "--timezone", "Asia/" + "x" * 5000)
    assert usage.returncode == 2 and "Traceback" not in usage.stderr


def test_a_pipeline_definition_without_a_script_element_is_read(tmp_path):
    """Found by the harness: CpsFlowDefinition with no <script> raised AttributeError."""
    from jobmig.options import ParseOptions
    from jobmig.parsers.jenkins import config

    data = b"""<?xml version='1.1' encoding='UTF-8'?>
<flow-definition plugin="workflow-job@1400">
  <definition class="org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition"/>
  <disabled>false</disabled>
</flow-definition>
"""
    path = tmp_path / "jobs" / "load" / "config.xml"
    result = config.parse(data, path=str(path), options=ParseOptions(root=str(tmp_path)))
    (job,) = result.jobs
    assert job.name == "load"


def _harness():
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import fuzz
    finally:
        sys.path.pop(0)
    return fuzz


def _plan(path: str, jobs: list[tuple[str, int]], fmt: str | None = "crontab") -> dict:
    return {"sources": [{"path": path, "format": fmt, "jobs": len(jobs)}],
            "jobs": [{"name": name, "source": {"path": path, "line": line}}
                     for name, line in jobs]}


def test_the_harness_expects_back_every_job_away_from_the_damaged_line():
    fuzz = _harness()
    seed = b"0 1 * * * /a\n0 2 * * * /b\n0 3 * * * /c\n"
    expected = fuzz.expected_jobs(_plan("ops", [("a", 1), ("b", 2), ("c", 3)]), "ops", seed)[1]
    damaged = seed.replace(b"0 2 * * *", b"0 2 * *\x00*")
    # line 2 damaged: its job may go; a and c may not
    assert fuzz.lost_jobs(expected, seed, damaged, _plan("ops", [("a", 1), ("c", 3)]),
                          "ops") == []
    assert fuzz.lost_jobs(expected, seed, damaged, _plan("ops", [("a", 1), ("b", 2)]),
                          "ops") == ["c (line 3 of the seed)"]
    # two lines inserted before line 2: c is now on line 5, and is found there by line
    inserted = seed.replace(b"0 2", b"junk\njunk\n0 2")
    assert fuzz.lost_jobs(expected, seed, inserted,
                          _plan("ops", [("a", 1), ("x", 4), ("renamed", 5)]), "ops") == []
    assert fuzz.lost_jobs(expected, seed, inserted, _plan("ops", [("a", 1), ("x", 4)]),
                          "ops") == ["c (line 3 of the seed)"]
    # a file no reader read is listed in sources with its reason: nothing is lost
    assert fuzz.lost_jobs(expected, seed, damaged, _plan("ops", [], fmt=None), "ops") == []


def test_the_harness_expects_nothing_back_from_inside_the_damaged_jp1_unit():
    fuzz = _harness()
    seed = (b"unit=N,,a,;\n{\n\tty=n;\n\tunit=A,,a,;\n\t{\n\t\tty=j;\n\t}\n"
            b"\tunit=B,,a,;\n\t{\n\t\tty=j;\n\t}\n}\n")
    expected = fuzz.expected_jobs(
        _plan("n.ajs", [("N", 1), ("N/A", 4), ("N/B", 8)], "jp1"), "n.ajs", seed)[1]
    in_b = seed.replace(b"\t\tty=j;\n\t}\n}", b"\t\tty=X;\n\t}\n}")
    assert fuzz.lost_jobs(expected, seed, in_b, _plan("n.ajs", [("N", 1)], "jp1"),
                          "n.ajs") == ["N/A (line 4 of the seed)"]
    in_header = seed.replace(b"unit=N,", b"unit N,")  # N holds A and B: none expected back
    assert fuzz.lost_jobs(expected, seed, in_header, _plan("n.ajs", [], "jp1"), "n.ajs") == []


def test_the_harness_expects_nothing_back_from_a_jp1_group_whose_header_was_damaged():
    fuzz = _harness()
    seed = (b"unit=G,,a,;\n{\n\tty=g;\n\tunit=N,,a,;\n\t{\n\t\tty=n;\n\t\tunit=A,,a,;\n"
            b"\t\t{\n\t\t\tty=j;\n\t\t}\n\t}\n}\n")
    expected = fuzz.expected_jobs(
        _plan("g.ajs", [("G/N", 4), ("G/N/A", 7)], "jp1"), "g.ajs", seed)[1]
    damaged = seed.replace(b"unit=G,", b"unit G,")  # the group is no job, but holds both
    containers = fuzz.jp1_units(seed)
    assert containers == [(0, len(seed)), (seed.index(b"\tunit=N"), len(seed) - 2),
                          (seed.index(b"\t\tunit=A"), seed.index(b"\t}\n}"))]
    assert fuzz.lost_jobs(expected, seed, damaged, _plan("g.ajs", [], "jp1"), "g.ajs",
                          containers=containers) == []
    # without the group's span, N and A would wrongly be expected back
    assert len(fuzz.lost_jobs(expected, seed, damaged, _plan("g.ajs", [], "jp1"),
                              "g.ajs")) == 2


def test_the_harness_accepts_a_line_whose_meaning_changed_when_a_finding_names_it():
    fuzz = _harness()
    seed = b"0 1 * * * /a\n@reboot /w\n"
    expected = fuzz.expected_jobs(_plan("ops", [("a", 1), ("w", 2)]), "ops", seed)[1]
    damaged = b"0 1 * * * root /a\n" + seed  # now a system crontab: '@reboot /w' lacks a user
    plan = _plan("ops", [("a", 1), ("a", 2)])
    assert fuzz.lost_jobs(expected, seed, damaged, plan, "ops") == ["w (line 2 of the seed)"]
    plan["findings"] = [{"code": "JM101", "source": {"path": "ops", "line": 3}}]
    assert fuzz.lost_jobs(expected, seed, damaged, plan, "ops") == []
