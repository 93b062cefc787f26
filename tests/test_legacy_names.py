"""Japanese names survive: the legacy name stays visible beside the ASCII AWS name.

The tag rule checked here is the one Step Functions documents for tag values
(Unicode letters, digits, white space and ``_ . : / = + - @``, at most 256
characters), tested with ``str.isalnum`` rather than the module's own check.
"""
from __future__ import annotations

import json
import unicodedata

import yaml
from hypothesis import given
from hypothesis import strategies as st

from jobmig.legacy_names import LEGACY_NAME_TAG, machine_tags, tag_value
from tests.conftest import run_jobmig

ALLOWED_SYMBOLS = set("_.:/=+-@ ")


def _allowed(text: str) -> bool:
    return len(text) <= 256 and all(c.isalnum() or c in ALLOWED_SYMBOLS for c in text)


@given(st.text(max_size=400))
def test_a_tag_value_always_keeps_to_the_documented_characters(text):
    value = tag_value(text)
    assert _allowed(value)
    assert len(value) == min(len(text), 256)  # one character for one, then clipped


@given(st.text(st.characters(categories=("L", "N")) | st.sampled_from(sorted(ALLOWED_SYMBOLS)),
               max_size=256))
def test_a_name_that_is_already_a_valid_tag_value_is_kept_as_it_is(text):
    assert tag_value(text) == text


def test_a_jp1_jobnet_path_is_a_valid_tag_value_as_written():
    assert tag_value("経理/夜間締め") == "経理/夜間締め"
    assert tag_value("売上(日次)#1") == "売上_日次__1"


def test_no_tag_when_the_aws_name_is_the_legacy_name():
    assert machine_tags({"id": "crontab:x:1", "name": "backup-db"}, "backup-db") == []
    assert machine_tags(None, "x") == []


def test_the_converted_jobnet_carries_its_japanese_name_in_tags_comment_and_report(tmp_path):
    out = tmp_path / "build"
    run_jobmig("convert", "samples/", "--out", str(out), "--timezone", "Asia/Tokyo", check=True)
    plan = json.loads((out / "plan.json").read_text("utf-8"))
    root = next(job for job in plan["jobs"] if job["id"] == "jp1:/経理/夜間締め")
    machine = root["state_machine"]
    assert machine.isascii()  # CloudWatch Logs logging needs an ASCII state machine name
    template = yaml.safe_load((out / "cloudformation" / "template.yaml").read_text("utf-8"))
    resource = next(r for r in template["Resources"].values()
                    if r["Type"] == "AWS::StepFunctions::StateMachine"
                    and r["Properties"]["StateMachineName"] == machine)
    tags = {t["Key"]: t["Value"] for t in resource["Properties"]["Tags"]}
    assert tags[LEGACY_NAME_TAG] == "経理/夜間締め"
    terraform = json.loads((out / "terraform" / "main.tf.json").read_text("utf-8"))
    machines = terraform["resource"]["aws_sfn_state_machine"].values()
    assert any(m["name"] == machine and m["tags"][LEGACY_NAME_TAG] == "経理/夜間締め"
               for m in machines)
    asl = json.loads((out / "statemachines" / f"{machine}.asl.json").read_text("utf-8"))
    assert "経理/夜間締め" in asl["Comment"]
    jobs_table = (out / "report.md").read_text("utf-8").split("## Jobs", 1)[1]
    rows = [line for line in jobs_table.splitlines() if "| 経理/夜間締め |" in line]
    assert len(rows) == 1 and f"| 経理/夜間締め | {machine} |" in rows[0]


def _tag_character(char: str) -> str:
    """The tag rule for one character, by its Unicode general category (letters L*,
    numbers N*), the documented symbols and the space."""
    return char if char in ALLOWED_SYMBOLS or unicodedata.category(char)[0] in "LN" else "_"


def test_every_code_point_becomes_what_its_category_says_in_a_tag_value():
    # every code point, 200 at a time: more than the characters the module remembers,
    # so both the remembered and the worked-out answers are compared
    every = "".join(map(chr, range(0x110000)))
    for start in range(0, len(every), 200):
        piece = every[start:start + 200]
        assert tag_value(piece) == "".join(map(_tag_character, piece)), hex(start)
