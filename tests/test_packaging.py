"""The wheel ships every subpackage: `import jobmig.parsers` works outside the repo."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import REPO


def test_the_wheel_contains_parsers_mappings_and_the_plan_schema(tmp_path):
    process = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
         "-w", str(tmp_path), str(REPO)], capture_output=True, text=True)
    assert process.returncode == 0, process.stderr
    (wheel,) = tmp_path.glob("jobmig-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("jobmig/parsers/crontab.py", "jobmig/mappings/aws_schedule.py",
                     "jobmig/catalogue/__init__.py", "jobmig/schemas/plan.schema.json",
                     "jobmig/cli.py"):
        assert required in names
    # Every package folder of the source tree is in the wheel (flat folders or listed ones).
    for folder in ("jobmig", "parsers", "mappings"):
        for module in (REPO / folder).rglob("*.py"):
            relative = module.relative_to(REPO / folder)
            prefix = {"jobmig": "jobmig", "parsers": "jobmig/parsers", "mappings": "jobmig/mappings"}[folder]
            assert f"{prefix}/{relative.as_posix()}" in names, module

    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True)
    probe = subprocess.run(
        [sys.executable, "-c", "import jobmig.parsers.crontab, jobmig.mappings.aws_schedule, "
         "jobmig.parsers as p; print(p.__file__)"],
        cwd=tmp_path, env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True)
    assert probe.returncode == 0, probe.stderr
    assert Path(probe.stdout.strip()).is_relative_to(target)
