"""`jobmig convert` and `jobmig audit` end to end, as a user runs them."""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import jsonschema
import pytest

from jobmig.plan import plan_schema
from tests.conftest import REPO, run_jobmig

SAMPLES = REPO / "samples"
HORIZON = "2026-01-01:2026-12-31"


def digest_tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def crontab_demo(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "out"
    run_jobmig("convert", str(SAMPLES / "crontab"), "--out", str(out), "--timezone", "Asia/Tokyo",
               "--horizon", HORIZON, check=True)
    return out


def test_convert_writes_every_artifact_the_design_lists(crontab_demo):
    plan = json.loads((crontab_demo / "plan.json").read_text("utf-8"))
    assert (crontab_demo / "cloudformation" / "template.yaml").is_file()
    assert (crontab_demo / "terraform" / "main.tf.json").is_file()
    assert (crontab_demo / "report.md").is_file() and (crontab_demo / "report.json").is_file()
    for machine in plan["state_machines"]:
        assert (crontab_demo / machine["path"]).is_file()
    for calendar in plan["calendars"]:
        assert (crontab_demo / calendar["path"]).is_file()


def test_the_written_plan_validates_against_the_shipped_schema(crontab_demo):
    plan = json.loads((crontab_demo / "plan.json").read_text("utf-8"))
    jsonschema.validate(plan, plan_schema())


def test_every_sample_job_is_in_the_plan_and_the_summary_adds_up(crontab_demo):
    plan = json.loads((crontab_demo / "plan.json").read_text("utf-8"))
    # samples/crontab: 5 jobs in batch, 3 in etc/crontab, 3 in cron.d/billing (read by hand).
    assert len(plan["jobs"]) == plan["summary"]["jobs"] == 11
    summary = plan["summary"]
    assert summary["auto"] + summary["review"] + summary["manual"] == 11
    statuses = {job["source"]["line"]: job["status"] for job in plan["jobs"]
                if job["source"]["path"].endswith("etc/crontab")}
    assert statuses[8] == "manual"  # @reboot


def test_the_cron_d_schedules_use_cron_tz_and_the_others_the_given_zone(crontab_demo):
    plan = json.loads((crontab_demo / "plan.json").read_text("utf-8"))
    for job in plan["jobs"]:
        for schedule in job["schedules"]:
            assert schedule["timezone"] == "Asia/Tokyo"
            assert schedule["kind"] == "scheduler"


def test_the_weekday_backup_maps_to_the_documented_eventbridge_expression(crontab_demo):
    # DESIGN.md's own example: '30 2 * * 1-5' → 'cron(30 2 ? * MON-FRI *)'.
    plan = json.loads((crontab_demo / "plan.json").read_text("utf-8"))
    (backup,) = [j for j in plan["jobs"] if j["name"] == "backup-db"]
    assert [s["expression"] for s in backup["schedules"]] == ["cron(30 2 ? * MON-FRI *)"]
    assert backup["status"] == "auto"


def test_running_convert_twice_gives_byte_identical_output(tmp_path, crontab_demo):
    again = tmp_path / "again"
    run_jobmig("convert", str(SAMPLES / "crontab"), "--out", str(again), "--timezone", "Asia/Tokyo",
               "--horizon", HORIZON, check=True)
    assert digest_tree(again) == digest_tree(crontab_demo)


def test_cfn_lint_finds_no_error_in_the_template(crontab_demo):
    cfn_lint = shutil.which("cfn-lint", path=str(Path(sys.executable).parent))
    assert cfn_lint, "cfn-lint is a test dependency"
    process = subprocess.run([cfn_lint, str(crontab_demo / "cloudformation" / "template.yaml")],
                             capture_output=True, text=True)
    # cfn-lint's exit code is a bitmask: 2 = error (warnings, 4, are allowed here).
    assert process.returncode & 2 == 0, process.stdout


def test_an_existing_output_folder_is_not_clobbered_without_force(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    process = run_jobmig("convert", str(SAMPLES / "crontab"), "--out", str(out))
    assert process.returncode == 2
    assert "--force" in process.stderr
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]
    run_jobmig("convert", str(SAMPLES / "crontab"), "--out", str(out), "--force", check=True)
    assert (out / "keep.txt").read_text() == "mine"  # only jobmig's own files are replaced


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_bad_inputs_give_clear_messages_and_never_a_traceback(tmp_path):
    bad = tmp_path / "bad"
    write(bad / "blob.crontab", b"\x00\x01\x02\x03binary\x00")
    write(bad / "empty.crontab", b"")
    write(bad / "four.crontab", b"0 1 * * /bin/four-fields\n")
    write(bad / "hour.crontab", b"0 25 * * * /bin/late\n")
    write(bad / "good.crontab", b"0 3 * * * /bin/fine\n")
    (bad / "nothing-here").mkdir()
    out = tmp_path / "out"
    process = run_jobmig("convert", str(bad), "--out", str(out), "--timezone", "Asia/Tokyo")
    assert process.returncode == 0, process.stderr
    text = process.stdout + process.stderr
    assert "Traceback" not in text
    assert f"{bad / 'four.crontab'}:1:" in process.stderr
    assert f"{bad / 'hour.crontab'}:1:3: JM102 hour: 25" in process.stderr
    assert f"{bad / 'blob.crontab'}: JM002" in process.stderr
    assert f"{bad / 'empty.crontab'}: JM003" in process.stderr
    empty = run_jobmig("convert", str(bad / "nothing-here"), "--out", str(tmp_path / "out2"))
    assert empty.returncode == 0 and "Traceback" not in empty.stderr
    assert f"{bad / 'nothing-here'}: JM003 folder holds no files" in empty.stderr
    plan = json.loads((out / "plan.json").read_text("utf-8"))
    assert [job["command"] for job in plan["jobs"]] == ["/bin/fine"]
    by_file = {Path(f["source"]["path"]).name: f["code"] for f in plan["findings"] if f["source"]}
    assert by_file["blob.crontab"] == "JM002"
    assert by_file["empty.crontab"] == "JM003"


def test_a_folder_with_no_crontab_is_a_finding_not_an_error(tmp_path):
    folder = tmp_path / "docs"
    write(folder / "notes.txt", b"Nothing to schedule here.\n")
    process = run_jobmig("convert", str(folder), "--out", str(tmp_path / "out"))
    assert process.returncode == 0, process.stderr
    plan = json.loads((tmp_path / "out" / "plan.json").read_text("utf-8"))
    assert plan["jobs"] == []
    # paths in outputs are relative to the folder given
    assert plan["sources"] == [{"path": "notes.txt", "format": None, "jobs": 0,
                                "skipped": True, "reason": "no known format"}]
    assert [f["code"] for f in plan["findings"]] == ["JM001"]


def test_a_readme_and_the_profile_given_are_listed_as_not_read_without_a_finding(tmp_path):
    folder = tmp_path / "exports"
    write(folder / "README.md", b"# Notes\nNothing to schedule here.\n")
    write(folder / "docs" / "handover.md", b"Cut over on Friday.\n")
    write(folder / "profile.toml", b'[default]\ntask = "ssm"\n')
    write(folder / "crontab", b"0 3 * * * /bin/backup\n")
    process = run_jobmig("convert", str(folder), "--out", str(tmp_path / "out"),
                         "--profile", str(folder / "profile.toml"))
    assert process.returncode == 0, process.stderr
    assert "JM001" not in process.stderr
    plan = json.loads((tmp_path / "out" / "plan.json").read_text("utf-8"))
    skipped = {s["path"]: s["reason"] for s in plan["sources"] if s.get("skipped")}
    assert skipped == {"README.md": "documentation", "docs/handover.md": "documentation",
                       "profile.toml": "given with --profile"}
    assert not [f for f in plan["findings"] if f["code"] == "JM001"]
    assert [s["path"] for s in plan["sources"] if not s.get("skipped")] == ["crontab"]


def test_a_profile_not_given_with_profile_is_still_a_file_of_no_known_format(tmp_path):
    folder = tmp_path / "exports"
    write(folder / "profile.toml", b'[default]\ntask = "ssm"\n')
    write(folder / "crontab", b"0 3 * * * /bin/backup\n")
    process = run_jobmig("convert", str(folder), "--out", str(tmp_path / "out"))
    assert f"{folder / 'profile.toml'}: JM001" in process.stderr


@pytest.mark.parametrize("args, message", [
    (["convert", "no/such/dir", "--out", "x"], "no/such/dir: no such file or folder"),
    (["convert", "samples", "--out", "x", "--timezone", "Asia/Tokio"], "not an IANA time zone"),
    (["convert", "samples", "--out", "x", "--format", "cobol"], "--format 'cobol'"),
    (["audit", "samples", "--fail-on", "sometimes"], "--fail-on 'sometimes'"),
], ids=["missing-path", "bad-zone", "bad-format", "bad-fail-on"])
def test_usage_errors_are_one_line_with_exit_code_2(tmp_path, args, message):
    process = run_jobmig(*args, cwd=REPO)
    assert process.returncode == 2
    assert message in process.stderr
    assert "Traceback" not in process.stderr


def test_audit_prints_the_inventory_and_exits_0(tmp_path):
    process = run_jobmig("audit", str(SAMPLES / "crontab"), "--timezone", "Asia/Tokyo")
    assert process.returncode == 0, process.stderr
    assert "manual" in process.stdout and "auto" in process.stdout


def test_version_and_help_explain_the_commands():
    assert run_jobmig("--version").stdout.startswith("jobmig ")
    help_text = run_jobmig("--help").stdout
    for command in ("convert", "audit", "cron", "verify", "graph"):
        assert command in help_text
    assert "Example" in run_jobmig("convert", "--help").stdout


def test_exit_codes_of_the_console_script(tmp_path):
    """The installed `jobmig` script returns the documented codes (README: exit codes).

    samples/ holds an `@reboot` crontab line, which has no AWS schedule (manual).
    """
    assert run_jobmig("audit", "samples", "--timezone", "Asia/Tokyo").returncode == 0
    assert run_jobmig("audit", "samples", "--timezone", "Asia/Tokyo",
                      "--fail-on", "manual").returncode == 1
    assert run_jobmig("audit", "samples", "--timezone", "Asia/Tokyo",
                      "--fail-on", "review").returncode == 1
    out = tmp_path / "out"
    assert run_jobmig("convert", "samples", "--out", str(out), "--timezone", "Asia/Tokyo",
                      "--strict").returncode == 1
    assert run_jobmig("verify", str(out), "--days", "31").returncode == 0
    assert run_jobmig("verify", str(tmp_path / "nowhere")).returncode == 2


def test_audit_fail_on_passes_when_every_job_is_auto(tmp_path):
    crontab = tmp_path / "crontab"
    crontab.write_text("0 9 * * 1-5 /usr/local/bin/report.sh\n", encoding="utf-8")
    assert run_jobmig("audit", str(crontab), "--timezone", "UTC",
                      "--fail-on", "review").returncode == 0


def test_every_command_help_gives_an_example():
    for command in ("convert", "audit", "cron", "verify", "graph", "findings"):
        assert "Example" in run_jobmig(command, "--help").stdout, command


def test_cron_json_gives_the_eventbridge_expression_and_matching_next_runs():
    # EventBridge cron: day-of-week 1-5 is MON-FRI and day-of-month must then be '?'.
    done = run_jobmig("cron", "0 9 * * 1-5", "--tz", "Asia/Tokyo", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert [s["expression"] for s in result["aws"]["schedules"]] == ["cron(0 9 ? * MON-FRI *)"]
    nexts = result["aws"]["next"]
    assert nexts and nexts == result["legacy"]["next"]
    for moment in map(datetime.fromisoformat, nexts):
        assert moment.weekday() < 5 and (moment.hour, moment.minute) == (9, 0)
        assert moment.utcoffset() == timedelta(hours=9)


@pytest.mark.parametrize("expression", ["61 * * * *", "* * * *", "0 0 31 2 8"])
def test_cron_gives_one_clear_error_and_exits_1(expression):
    done = run_jobmig("cron", expression)
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert "error" in (done.stdout + done.stderr).lower()


def test_graph_prints_every_edge_of_the_samples():
    # Read from samples/: sales-report lists nightly-etl upstream, nightly-etl runs
    # `build job: 'refresh-cache'`; the JP1 jobnet has six ar= arrows (lines 44-48, 69).
    done = run_jobmig("graph", "samples", "-f", "json", "--tz", "Asia/Tokyo")
    assert done.returncode == 0, done.stderr
    edges = {(e["from"].split(":", 1)[1].rsplit("/", 1)[-1], e["to"].rsplit("/", 1)[-1])
             for e in json.loads(done.stdout)["edges"]}
    assert edges == {("nightly-etl", "refresh-cache"), ("nightly-etl", "sales-report"),
                     ("受注取込", "売上集計"), ("受注取込", "在庫引当"), ("売上集計", "仕訳作成"),
                     ("在庫引当", "仕訳作成"), ("仕訳作成", "障害通知"),
                     ("日次売上計算", "売上レポート出力")}
    mermaid = run_jobmig("graph", "samples", "-f", "mermaid", "--tz", "Asia/Tokyo").stdout
    assert mermaid.startswith(("graph", "flowchart")) and mermaid.count("-->") + \
        mermaid.count("-.->") >= 8
