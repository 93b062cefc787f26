"""Japanese finding messages show Japanese words where the English message inserts an
English word of its own (not text quoted from the input).

Expected words are the plain Japanese ones, chosen by hand (not read from the code's
table): 毎日 for daily, サイズ for a file's size, 更新日時 for its modified time.
"""
from __future__ import annotations

import re

from jobmig.messages import localize
from tests.conftest import REPO
from tests.test_run_events import watch_net
from tests.test_run_faults import machines

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def test_the_gated_rule_of_the_sample_jobnet_says_daily_in_japanese(tmp_path):
    from tests.conftest import run_jobmig

    done = run_jobmig("convert", str(REPO / "samples" / "jp1"), "--out", str(tmp_path / "out"),
                      "--no-cache", "--lang", "ja")
    assert done.returncode == 0, done.stdout + done.stderr
    report = (tmp_path / "out" / "report.md").read_text("utf-8")
    gated = [line for line in report.splitlines() if "Change Calendar jp1-" in line
             and "02:30" in line and JAPANESE.search(line)]
    assert gated, "the sample's calendar-gated rule (JM409) is in the Japanese report"
    assert all("毎日" in line and "daily" not in line for line in gated), gated


def test_a_size_and_a_modified_time_watch_name_what_they_record_in_japanese():
    for flwc, word, english in (("s", "サイズ", "size"), ("m", "更新日時", "modified time")):
        params = [["flwf", '"/data/in/sales.csv"'], ["flwc", flwc], ["flwi", "30"]]
        built = machines(watch_net(params, etm_minutes=10))["net"]
        (note,) = [f.message for f in built.findings if f.code == "JM443"]
        said = localize(note, "ja")
        assert word in said and english not in said, said
