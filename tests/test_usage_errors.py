"""Usage errors found before any work: exit 2 and one line, never a traceback (issue 17, point 5)."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_jobmig

CRONTAB = b"0 3 * * * /usr/local/bin/nightly.sh\n"


@pytest.fixture
def crontab(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "nightly.crontab"
    path.parent.mkdir()
    path.write_bytes(CRONTAB)
    return path


def assert_one_line_usage_error(process, *needles: str) -> None:
    assert process.returncode == 2, process.stderr
    assert "Traceback" not in process.stderr
    lines = process.stderr.strip().splitlines()
    assert len(lines) == 1, process.stderr
    for needle in needles:
        assert needle in lines[0]
    # "before any work": nothing of the conversion (tables, summary) was printed
    assert process.stdout.strip() == ""


def test_convert_with_out_pointing_at_a_file_is_a_usage_error(tmp_path, crontab):
    target = tmp_path / "already-a-file"
    target.write_text("keep me")
    process = run_jobmig("convert", str(crontab), "--out", str(target))
    assert_one_line_usage_error(process, str(target), "is a file")
    assert target.read_text() == "keep me"


def test_convert_with_out_below_a_file_is_a_usage_error(tmp_path, crontab):
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    process = run_jobmig("convert", str(crontab), "--out", str(blocker / "out"))
    assert_one_line_usage_error(process, str(blocker), "is a file")


def test_convert_into_a_non_empty_folder_is_refused_before_reading_anything(tmp_path, crontab):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    process = run_jobmig("convert", str(crontab), "--out", str(out))
    assert_one_line_usage_error(process, "--force")


def test_audit_report_in_a_folder_that_is_a_file_is_a_usage_error(tmp_path, crontab):
    not_a_folder = tmp_path / "DIR"
    not_a_folder.write_text("")
    process = run_jobmig("audit", str(crontab), "--report", str(not_a_folder / "x.html"))
    assert_one_line_usage_error(process, str(not_a_folder), "is a file")


def test_audit_report_of_an_unknown_format_is_a_usage_error_before_the_tables(tmp_path, crontab):
    process = run_jobmig("audit", str(crontab), "--report", str(tmp_path / "r.pdf"))
    assert_one_line_usage_error(process, "r.pdf", ".html")
    assert not (tmp_path / "r.pdf").exists()


def test_audit_report_naming_an_existing_folder_is_a_usage_error(tmp_path, crontab):
    folder = tmp_path / "report.html"
    folder.mkdir()
    process = run_jobmig("audit", str(crontab), "--report", str(folder))
    assert_one_line_usage_error(process, "is a folder")


def test_a_good_report_name_still_writes_the_report(tmp_path, crontab):
    target = tmp_path / "new" / "report.md"
    process = run_jobmig("audit", str(crontab), "--report", str(target))
    assert process.returncode == 0, process.stderr
    assert "nightly" in target.read_text("utf-8")
