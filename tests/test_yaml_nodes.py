"""The quick node builder (jobmig.emit.yaml_nodes) against PyYAML's own representer:
the same template text from either, for any scalars and nesting."""
from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from jobmig.emit import cloudformation
from jobmig.emit.yaml_nodes import QuickNodes
from tests.test_cloudformation import full_plan

_EMITTERS = [yaml.SafeDumper] + ([yaml.CSafeDumper] if hasattr(yaml, "CSafeDumper") else [])

# Texts that make PyYAML quote, escape or tag: indicators, quotes, colons, '#', blanks at
# either end, words and numbers that resolve to other types, line breaks, non-ASCII,
# control characters and text longer than any line width.
_TEXTS = st.one_of(
    st.sampled_from(["", " ", "~", "null", "Null", "yes", "no", "on", "off", "True", "false",
                     "0", "012", "0x1F", "1_000", "1e3", ".5", ".inf", "-.nan", "2026-01-05",
                     "12:30:00", "<<", "=", "- a", "? q", ": c", "a: b", "a:b", "#c", "a #b",
                     "'q'", '"d"', "it's", "{x}", "[y]", "&a", "*b", "!t", "%p", "@at", "`b",
                     "|", ">", " lead", "trail ", "a\n", "\n", "a\n\nb", "x\r\ny", "\tz",
                     "a\n  b\n", "ends\n\n", "\u2028", "\x85", "\x00", "\ufeff", "日次処理",
                     "${AWS::Region}", "arn:aws:states:::lambda:invoke", "x" * 300,
                     "word " * 40, "States.TaskFailed"]),
    st.text(max_size=24),
    st.text(alphabet="ynoYNO~:#'\" -\n01.", max_size=6))
_SCALARS = st.one_of(_TEXTS, st.integers(), st.booleans(), st.none(),
                     st.floats(allow_nan=False))
_KEYS = st.one_of(_TEXTS.filter(bool), st.integers())  # a number key takes PyYAML's own path
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4)
                       | st.dictionaries(_KEYS, inner, max_size=4), max_leaves=20)


@pytest.mark.parametrize("base", _EMITTERS)
@given(data=st.dictionaries(st.one_of(_TEXTS.filter(bool)), _VALUES, max_size=5))
@settings(max_examples=400, deadline=None)
def test_quick_nodes_write_what_pyyaml_representer_writes(base, data):
    quick = cloudformation.dump_yaml(data, base)
    assert quick == cloudformation.dump_yaml(data, base, quick=False)


@pytest.mark.parametrize("base", _EMITTERS)
def test_a_mapping_reached_twice_is_written_twice_without_an_alias(base):
    retry = {"ErrorEquals": ["States.ALL"], "MaxAttempts": 2}
    data = {"A": {"Retry": [retry]}, "B": {"Retry": [retry]}}
    quick = cloudformation.dump_yaml(data, base)
    assert quick == cloudformation.dump_yaml(data, base, quick=False)
    assert "&" not in quick and "*" not in quick


@pytest.mark.parametrize("base", _EMITTERS)
def test_the_full_template_is_the_same_with_quick_nodes(base):
    data = cloudformation.template(full_plan())
    assert cloudformation.dump_yaml(data, base) == cloudformation.dump_yaml(data, base,
                                                                           quick=False)


def test_other_dumper_settings_go_to_pyyaml_representer():
    """Only the emitters' settings take the quick path: a flow-style dump still gets
    PyYAML's own nodes (and so its flow layout)."""
    dumper = type("D", (QuickNodes, yaml.SafeDumper), {"ignore_aliases": lambda s, d: True})
    data = {"b": [1, "x"], "a": {"k": None}}
    assert (yaml.dump(data, Dumper=dumper, default_flow_style=True)
            == yaml.dump(data, Dumper=yaml.SafeDumper, default_flow_style=True)
            == "{a: {k: null}, b: [1, x]}\n")


@given(text=st.text(alphabet=st.sampled_from(["a", " ", "\n", "\r", "\t", "\x0b", "\x0c", "\x85",
                                              "\u2028", "\u2029", "日"]), max_size=30))
@settings(max_examples=400, deadline=None)
def test_indenting_a_dump_in_one_pass_is_indenting_it_line_by_line(text):
    """Every line that is not empty gets two spaces; YAML's line breaks are \\n, \\x85,
    \\u2028 and \\u2029 (not \\r, \\v or \\f, which stay inside a line)."""
    lines = []
    line = ""
    for char in text:
        if char in "\n\x85\u2028\u2029":
            lines.append(("  " + line if line else "") + char)
            line = ""
        else:
            line += char
    lines.append("  " + line if line else "")
    assert cloudformation._indented(text) == "".join(lines)
