"""The direct block YAML writer (jobmig.emit.yaml_block) against yaml.dump with the
emitters' settings: the same text, or None (left to PyYAML)."""
from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from jobmig.emit import cloudformation
from jobmig.emit.yaml_block import Scalars, _plain, dump_block
from tests.test_cloudformation import full_plan
from tests.test_yaml_nodes import _EMITTERS, _KEYS, _TEXTS, _VALUES

_WORDS = st.text(alphabet="abcXYZ019_-./:$(){}*,=+@ 日次ジョブ#'\"?!&|>%`~", max_size=12)


def plain_dump(value, base):
    return cloudformation.dump_yaml(value, base, quick=False)


@pytest.mark.parametrize("base", _EMITTERS)
@given(text=st.one_of(_TEXTS, _WORDS))
@settings(max_examples=500, deadline=None)
def test_a_text_taken_as_plain_is_written_plain_by_pyyaml_as_value_and_as_key(base, text):
    if _plain(text):
        assert plain_dump([text], base) == f"- {text}\n"
        assert plain_dump({"k": text}, base) == f"k: {text}\n"
        if len(text.encode()) < 128:
            assert plain_dump({text: 0}, base) == f"{text}: 0\n"


@pytest.mark.parametrize("base", _EMITTERS)
@given(data=st.dictionaries(st.one_of(_TEXTS.filter(bool), _WORDS.filter(bool)),
                            st.one_of(_VALUES, st.dictionaries(_KEYS, _VALUES)), max_size=5))
@settings(max_examples=500, deadline=None)
def test_the_direct_writer_writes_what_pyyaml_writes_or_leaves_it(base, data):
    written = dump_block(data, Scalars(lambda value: plain_dump(value, base)))
    if written is not None:
        assert written == plain_dump(data, base)


@pytest.mark.parametrize("base", _EMITTERS)
@given(data=st.recursive(
    st.one_of(_WORDS, st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False)),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_WORDS.filter(bool), inner,
                                                                 max_size=3),
    max_leaves=15).filter(lambda value: isinstance(value, dict) and bool(value)))
@settings(max_examples=300, deadline=None)
def test_one_line_texts_in_any_nesting_are_written_directly_as_pyyaml_writes_them(base, data):
    written = dump_block(data, Scalars(lambda value: plain_dump(value, base)))
    assert written is not None  # no text here takes more than one line
    assert written == plain_dump(data, base)


def test_an_entry_with_a_text_over_lines_is_left_to_pyyaml():
    asked = []

    def dump(value):
        asked.append(value)
        return plain_dump(value, yaml.SafeDumper)

    data = {"a": {"b": "x\ny"}, "c": ["\u2028"], "d": {"e": "f"}}
    assert dump_block(data, Scalars(dump)) == plain_dump(data, yaml.SafeDumper)
    assert asked == [{"a": {"b": "x\ny"}}, {"c": ["\u2028"]}]


def test_the_full_template_in_pieces_is_the_template_pyyaml_writes(monkeypatch):
    """Written directly but for the calendars (their iCalendar content is on several lines),
    which PyYAML writes; in pieces of two resources the same text as one yaml.dump."""
    data = cloudformation.template(full_plan())
    asked = []

    def dump(value):
        asked.append(value)
        return plain_dump(value, yaml.SafeDumper)

    direct = dump_block(data["Resources"], Scalars(dump))
    assert direct == plain_dump(data["Resources"], yaml.SafeDumper)
    left = [next(iter(entry)) for entry in asked
            if isinstance(entry, dict) and next(iter(entry)) in data["Resources"]]
    assert left and all(data["Resources"][name]["Type"] == "AWS::SSM::Document"
                        for name in left)
    monkeypatch.setattr(cloudformation, "_ENTRIES_PER_DUMP", 2)
    assert "".join(cloudformation.dump_yaml_parts(data)) == plain_dump(
        data, getattr(yaml, "CSafeDumper", yaml.SafeDumper))
