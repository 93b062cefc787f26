"""Crontab detection is decided by the content of all lines (a majority rule):
one bad line never loses a file's valid jobs, and a file that is mostly not
cron is listed in ``sources`` with the reason it was not read."""
from __future__ import annotations

import json

from tests.conftest import run_jobmig


def _convert(tmp_path, name: str, text: str) -> dict:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_text(text, encoding="utf-8")
    done = run_jobmig("convert", str(folder), "--out", str(tmp_path / "out"),
                      "--timezone", "Asia/Tokyo")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    return json.loads((tmp_path / "out" / "plan.json").read_text("utf-8"))


def test_a_crontab_with_one_bad_line_keeps_every_valid_line_and_names_the_bad_one(tmp_path):
    plan = _convert(tmp_path, "ops", "0 1 * * * /opt/a.sh\n"
                                     "this line is not cron at all\n"
                                     "30 2 * * * /opt/b.sh\n"
                                     "0 3 * * 1 /opt/c.sh\n")
    assert plan["sources"] == [{"path": "ops", "format": "crontab", "jobs": 3}]
    assert sorted((j["command"], j["source"]["line"]) for j in plan["jobs"]) == [
        ("/opt/a.sh", 1), ("/opt/b.sh", 3), ("/opt/c.sh", 4)]
    bad = [f for f in plan["findings"] if f["code"] == "JM101"]
    assert [(f["source"]["path"], f["source"]["line"], f["source"]["column"]) for f in bad] \
        == [("ops", 2, 1)]


def test_two_bad_lines_among_three_valid_ones_are_each_named_at_their_line(tmp_path):
    plan = _convert(tmp_path, "ops", "0 1 * * * /opt/a.sh\n"
                                     "61 1 * * * /opt/minute-out-of-range.sh\n"
                                     "30 2 * * * /opt/b.sh\n"
                                     "garbage here\n"
                                     "0 3 * * 1 /opt/c.sh\n")
    assert {j["command"] for j in plan["jobs"] if j["source"]["line"] in (1, 3, 5)} == {
        "/opt/a.sh", "/opt/b.sh", "/opt/c.sh"}
    lines = {f["source"]["line"] for j in plan["jobs"] for f in j["findings"]
             if f["code"].startswith("JM1")} | {
        f["source"]["line"] for f in plan["findings"]
        if f["code"].startswith("JM1") and (f.get("source") or {}).get("path") == "ops"}
    assert {2, 4} <= lines, lines
    line2 = [j for j in plan["jobs"] if j["source"]["line"] == 2]
    assert all(j["status"] != "auto" for j in line2)


def test_a_file_mostly_of_prose_with_two_cron_lines_is_listed_with_the_reason(tmp_path):
    lines = [f"lorem ipsum dolor {i} sit amet" for i in range(10)]
    lines[3], lines[7] = "0 1 * * * /opt/a.sh", "15 4 * * * /opt/b.sh"
    plan = _convert(tmp_path, "notes", "\n".join(lines) + "\n")
    (record,) = plan["sources"]
    assert record["path"] == "notes" and record["format"] is None
    assert record["skipped"] is True and record["reason"]
    assert [f["code"] for f in plan["findings"]
            if (f.get("source") or {}).get("path") == "notes"] == ["JM001"]
    assert plan["jobs"] == []
