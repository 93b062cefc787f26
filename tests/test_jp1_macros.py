"""A JP1 macro variable no converted unit sets makes its job review, quoted at its own place
(issue 19, fault 3).

samples/jp1/keiri_nightly.ajs line 59 is ``<tab><tab><tab>prm="--date ?AJS2EXECDATE?";``:
counted by hand, three tabs take columns 1-3, ``prm=`` 4-7, the quote 8, ``--date `` 9-15,
so the macro starts at column 16.
"""
from __future__ import annotations

import json

from tests.conftest import run_jobmig


def test_the_macro_variable_of_the_sample_is_reported_at_its_line_and_column(tmp_path):
    out = tmp_path / "out"
    run_jobmig("convert", "samples/jp1", "--out", str(out), "--timezone", "Asia/Tokyo",
               check=True)
    plan = json.loads((out / "plan.json").read_text("utf-8"))
    (job,) = [j for j in plan["jobs"] if "?AJS2EXECDATE?" in (j.get("command") or "")]
    (finding,) = [f for f in job["findings"] if f["code"] == "JM561"]
    assert job["status"] == "review"
    assert "?AJS2EXECDATE?" in finding["message"]
    assert (finding["source"]["path"], finding["source"]["line"], finding["source"]["column"]) \
        == ("keiri_nightly.ajs", 59, 16)


def test_a_macro_in_an_environment_statement_is_found_at_its_column(tmp_path):
    source = tmp_path / "net.ajs"
    source.write_text(
        "unit=/grp,,admin,;\n"
        "{\n"
        "ty=g;\n"
        "unit=net,,admin,;\n"
        "{\n"
        "ty=n;\n"
        "unit=job1,,admin,;\n"
        "{\n"
        "ty=j;\n"
        "te=\"/opt/bin/run.sh\";\n"
        "env=\"RUNDATE=?AJS2RUNDATE?\";\n"   # 'env="RUNDATE=' is 13 characters: column 14
        "}\n"
        "}\n"
        "}\n", encoding="utf-8")
    out = tmp_path / "out"
    run_jobmig("convert", str(source), "--out", str(out), "--timezone", "Asia/Tokyo",
               check=True)
    plan = json.loads((out / "plan.json").read_text("utf-8"))
    (job,) = [j for j in plan["jobs"] if j["name"].endswith("job1")]
    (finding,) = [f for f in job["findings"] if f["code"] == "JM561"]
    assert (finding["source"]["line"], finding["source"]["column"]) == (11, 14)
    assert job["status"] == "review"
