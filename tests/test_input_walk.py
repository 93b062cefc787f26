"""Every file under an input is accounted for (issue 17, points 1 and 2).

Each test builds its own small tree in a temporary folder: symbolic links
and unlistable folders cannot be committed as fixtures.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from jobmig import sources
from jobmig.options import ParseOptions
from jobmig.sources import collect, read_sources
from tests.conftest import run_jobmig

CRONTAB = "0 3 * * * /usr/local/bin/{name}.sh\n"
JOB_XML = """<?xml version='1.1' encoding='UTF-8'?>
<project>
  <triggers><hudson.triggers.TimerTrigger><spec>0 4 * * *</spec></hudson.triggers.TimerTrigger></triggers>
  <builders><hudson.tasks.Shell><command>/opt/{name}.sh</command></hudson.tasks.Shell></builders>
</project>
"""


def put(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def regular_files(root: Path) -> list[Path]:
    """Every regular file under ``root``, symbolic links not followed (the test's own count)."""
    found = []
    for current, _dirs, names in os.walk(root):
        for name in names:
            path = Path(current) / name
            if path.is_file() and not path.is_symlink():
                found.append(path)
    return found


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    put(root / "cron" / "nightly.crontab", CRONTAB.format(name="nightly"))
    put(root / ".hidden" / "secret.crontab", CRONTAB.format(name="hidden"))
    put(root / ".git" / "config", "[core]\n")
    put(root / ".git" / "HEAD", "ref: refs/heads/main\n")
    put(root / "jobs" / "alpha" / "config.xml", JOB_XML.format(name="alpha"))
    put(root / "jobs" / "alpha" / "builds" / "1" / "build.xml", "<build/>\n")
    put(root / "jobs" / "alpha" / "builds" / "1" / "log", "done\n")
    put(root / "jobs" / "alpha" / "workspace" / "run.sh", "#!/bin/sh\n")
    # a job and an export folder may carry Jenkins' internal names: they are read
    put(root / "jobs" / "workspace" / "config.xml", JOB_XML.format(name="workspace-job"))
    put(root / "exports" / "builds" / "weekly.crontab", CRONTAB.format(name="weekly"))
    put(root / ".profile.crontab", CRONTAB.format(name="dotfile"))
    return root


def plan_of(tmp_path: Path, *inputs: Path, name: str = "out") -> dict:
    out = tmp_path / name
    process = run_jobmig("convert", *map(str, inputs), "--out", str(out), "--timezone", "UTC")
    assert process.returncode == 0, process.stderr
    assert "Traceback" not in process.stderr
    return json.loads((out / "plan.json").read_text("utf-8"))


def test_every_regular_file_is_in_sources_read_or_in_a_counted_skipped_folder(tmp_path, tree):
    plan = plan_of(tmp_path, tree)
    listed = {s["path"]: s for s in plan["sources"]}
    skipped_folders = {path: s for path, s in listed.items() if s.get("files") is not None}
    for path in regular_files(tree):
        shown = path.relative_to(tree).as_posix()  # plan paths are relative to the input root
        covering = [folder for folder in skipped_folders if shown.startswith(folder + "/")]
        assert shown in listed or covering, f"{path} is nowhere in plan.json sources"
    # the counts by hand: .git 2, .hidden 1, alpha/builds 2, alpha/workspace 1
    assert {p: s["files"] for p, s in skipped_folders.items()} \
        == {".git": 2, ".hidden": 1, "jobs/alpha/builds": 2, "jobs/alpha/workspace": 1}
    assert all(s["skipped"] and s["reason"] for s in skipped_folders.values())


def test_builds_and_workspace_are_skipped_only_inside_a_job_folder(tmp_path, tree):
    plan = plan_of(tmp_path, tree)
    # Jenkins runs a shell step as `sh -xe`, which the command keeps as its first line
    commands = sorted(job["command"].splitlines()[-1] for job in plan["jobs"])
    assert "/usr/local/bin/weekly.sh" in commands  # exports/builds is read
    assert "/opt/workspace-job.sh" in commands  # a job named workspace is read
    assert "/opt/alpha.sh" in commands
    skipped = {s["path"] for s in plan["sources"] if s.get("skipped")}
    assert "exports/builds" not in skipped and "jobs/workspace" not in skipped


def test_each_skipped_folder_has_a_finding_with_its_path_and_count_in_the_report(tmp_path, tree):
    plan = plan_of(tmp_path, tree)
    notices = {f["source"]["path"]: f["message"] for f in plan["findings"] if f["code"] == "JM007"}
    assert "2 file(s)" in notices["jobs/alpha/builds"]
    assert "1 file(s)" in notices[".hidden"]
    report = (tmp_path / "out" / "report.md").read_text("utf-8").replace("\\", "")  # unescaped
    assert "jobs/alpha/builds" in report
    assert "2 file(s) not read" in report


def test_a_jenkins_permalink_to_a_build_is_skipped_without_counting_the_build_twice(tmp_path,
                                                                                   tree):
    job = tree / "jobs" / "alpha"
    (job / "lastStable").symlink_to(job / "builds" / "1", target_is_directory=True)
    plan = plan_of(tmp_path, tree)
    records = {Path(s["path"]).name: s for s in plan["sources"] if s.get("skipped")}
    assert "files" not in records["lastStable"]
    assert records["builds"]["files"] == 2


def test_a_dot_file_is_read_like_any_other_file(tmp_path, tree):
    plan = plan_of(tmp_path, tree)
    assert any(job["command"] == "/usr/local/bin/dotfile.sh" for job in plan["jobs"])


def test_a_symlinked_jobs_folder_outside_the_input_is_read_and_reported(tmp_path):
    elsewhere = tmp_path / "disk" / "jobs"
    put(elsewhere / "beta" / "config.xml", JOB_XML.format(name="beta"))
    home = tmp_path / "home"
    home.mkdir()
    (home / "jobs").symlink_to(elsewhere, target_is_directory=True)
    plan = plan_of(tmp_path, home)
    assert [job["command"].splitlines()[-1] for job in plan["jobs"]] == ["/opt/beta.sh"]
    leaving = [f for f in plan["findings"] if f["code"] == "JM008"]
    assert [f["source"]["path"] for f in leaving] == ["jobs"]
    assert leaving[0]["severity"] == "review"
    assert not any(f["code"] == "JM003" for f in plan["findings"])


def test_a_symlink_loop_is_followed_once_and_reported(tmp_path):
    root = tmp_path / "in"
    put(root / "a" / "x.crontab", CRONTAB.format(name="x"))
    (root / "a" / "back").symlink_to(root, target_is_directory=True)
    (root / "again").symlink_to(root / "a", target_is_directory=True)
    (root / "same.crontab").symlink_to(root / "a" / "x.crontab")
    plan = plan_of(tmp_path, root)
    assert [job["command"] for job in plan["jobs"]] == ["/usr/local/bin/x.sh"]
    by_path = {f["source"]["path"]: f["code"]
               for f in plan["findings"] if f["code"] == "JM009"}
    # sorted walk: "a" before "again", "again" before "same.crontab"
    assert by_path == {"a/back": "JM009", "again": "JM009", "same.crontab": "JM009"}


def test_a_broken_symlink_is_an_unreadable_file_with_its_path(tmp_path):
    root = tmp_path / "in"
    put(root / "ok.crontab", CRONTAB.format(name="ok"))
    (root / "gone.crontab").symlink_to(tmp_path / "nowhere")
    plan = plan_of(tmp_path, root)
    broken = [f for f in plan["findings"] if f["source"] and f["source"]["path"].endswith("gone.crontab")]
    assert [f["code"] for f in broken] == ["JM002"]
    assert any(s["path"] == "gone.crontab" and s["skipped"] for s in plan["sources"])


def test_a_folder_that_cannot_be_listed_is_an_error_finding(tmp_path, monkeypatch):
    """Tests run as root, where chmod 000 does not stop listing: os.scandir is made to
    refuse the folder instead, as it does for an ordinary user on a mode-000 folder."""
    root = tmp_path / "in"
    put(root / "ok.crontab", CRONTAB.format(name="ok"))
    put(root / "locked" / "inside.crontab", CRONTAB.format(name="inside"))
    real_scandir = os.scandir

    def refusing(path):
        if Path(path) == root / "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(sources.os, "scandir", refusing)
    files, findings = collect([str(root)])
    results, records = read_sources(files, ParseOptions())
    locked = str(root / "locked")
    assert [(f.code, f.message) for f in findings if f.source.path == locked] == \
        [("JM002", "folder cannot be listed: Permission denied")]
    assert [r.reason for r in records if r.path == locked] == ["cannot be listed"]
    assert [job.command for r in results for job in r.jobs] == ["/usr/local/bin/ok.sh"]


# --- point 2: the output folder is never read back ---------------------------------


def test_an_output_folder_inside_the_input_is_never_read_back(tmp_path):
    root = tmp_path / "in"
    put(root / "nightly.crontab", CRONTAB.format(name="nightly"))
    out = root / "build"
    first = run_jobmig("convert", str(root), "--out", str(out), "--timezone", "UTC")
    assert first.returncode == 0, first.stderr
    first_plan = json.loads((out / "plan.json").read_text("utf-8"))
    second = run_jobmig("convert", str(root), "--out", str(out), "--timezone", "UTC", "--force")
    assert second.returncode == 0, second.stderr
    plan = json.loads((out / "plan.json").read_text("utf-8"))
    assert [job["command"] for job in plan["jobs"]] == ["/usr/local/bin/nightly.sh"]
    assert not any(f["code"] in ("JM001", "JM101", "JM002") for f in plan["findings"])
    said = [f for f in plan["findings"] if f["code"] == "JM007" and "output folder" in f["message"]]
    assert len(said) == 1 and "build" in said[0]["message"]
    assert str(root) not in said[0]["message"]  # outputs never name where the estate lies
    assert [f for f in first_plan["findings"] if f["code"] == "JM007"] == said
    assert [s for s in plan["sources"] if s["path"] == "build"][0]["skipped"]


def test_the_output_of_an_earlier_run_elsewhere_in_the_input_is_not_read(tmp_path):
    root = tmp_path / "in"
    put(root / "nightly.crontab", CRONTAB.format(name="nightly"))
    run_jobmig("convert", str(root), "--out", str(root / "old"), "--timezone", "UTC").check_returncode()
    plan = plan_of(tmp_path, root, name="new")
    assert [job["command"] for job in plan["jobs"]] == ["/usr/local/bin/nightly.sh"]
    earlier = [s for s in plan["sources"] if s["path"] == "old"]
    assert earlier and earlier[0]["reason"].startswith("output of an earlier jobmig run")
