"""JP1 event IDs and event conditions become EventBridge pattern parts (issue 22, leftovers).

Independent judges: JP1 event IDs are hexadecimal numbers (JP1/AJS3 Command Reference
5.2.9/5.2.17: evwid 00000000:00000000-FFFFFFFF:FFFFFFFF, evsid a basic part only), so two
spellings are one ID exactly when int(x, 16) agrees; a JP1 condition is a regular expression
searched for in the value (POSIX regexec), which Python's re.search judges alike for literal
text, '.*' gaps, parentheses and ^/$ anchors. Patterns are matched by moto's EventBridge
pattern matcher, as EventBridge would.
"""
from __future__ import annotations

import json
import re

import pytest
from hypothesis import assume, given, settings, strategies as st
from moto.events.models import EventPattern

from jobmig.mappings.jp1_event_match import ANY, conditions, event_id, regex_matcher
from jobmig.mappings.jp1_events import event_detail, receiver_pattern
from jobmig.mappings.profile import Profile
from tests.aws_fixtures import job


def _spellings(number: int) -> st.SearchStrategy[str]:
    """Ways a JP1 definition may write ``number`` (1-8 hex digits, any case, padded)."""
    digits = f"{number:X}"
    return st.tuples(st.integers(0, 8 - len(digits)), st.booleans(),
                     st.sampled_from(["", ":0", ":00000000"])).map(
        lambda t: ("0" * t[0] + (digits.lower() if t[1] else digits)) + t[2])


def _event(detail: dict) -> dict:
    return {"version": "0", "id": "1", "detail-type": "JP1 event", "source": "jobmig.jp1",
            "account": "123456789012", "time": "2026-11-23T17:30:00Z", "region": "us-east-1",
            "resources": [], "detail": detail}


def _connects(sent: str, waited: str) -> bool:
    """Whether the event a converted evsj with evsid=``sent`` sends matches the rule of an
    evwj with evwid=``waited``."""
    sender = job("send", unit_type="evsj", command=None, attributes={"params": [["evsid", sent]]})
    receiver = job("wait", unit_type="evwj", command=None,
                   attributes={"params": [["evwid", waited]]})
    pattern = receiver_pattern(receiver, Profile())
    assert pattern is not None
    return EventPattern.load(json.dumps(pattern)).matches_event(_event(event_detail(sender)))


@settings(max_examples=120, deadline=None)
@given(data=st.data(), number=st.integers(0, 0xFFFFFFFF))
def test_any_two_spellings_of_one_event_id_connect_sender_and_receiver(data, number):
    sent = data.draw(_spellings(number).filter(lambda s: ":" not in s))  # evsid: basic part only
    waited = data.draw(_spellings(number))
    assert event_id(sent) == event_id(waited) == f"{number:08X}"
    assert _connects(sent, waited)


@settings(max_examples=80, deadline=None)
@given(data=st.data(), one=st.integers(0, 0xFFFFFFFF), other=st.integers(0, 0xFFFFFFFF))
def test_different_event_ids_do_not_connect(data, one, other):
    assume(one != other)
    assert not _connects(data.draw(_spellings(one)).split(":")[0],
                         data.draw(_spellings(other)))


@pytest.mark.parametrize("text", ["", "12345678g", "123456789", "1:", ":1", "0x10", "1:2:3"])
def test_what_is_not_a_hexadecimal_event_id_is_refused(text):
    assert event_id(text) is None


def test_a_non_zero_extended_part_is_kept_so_a_sent_event_never_matches_it():
    assert event_id("100:1") == "00000100:00000001"
    assert not _connects("100", "100:1")


# -- conditions -----------------------------------------------------------------------------
_LITERAL = st.sampled_from(list("ab ") + ["\\.", "\\*", "\\(", "\\\\", "\\$", "-"])
_PIECE = st.one_of(st.lists(_LITERAL, min_size=1, max_size=3).map("".join), st.just(".*"))
_SUBJECT = st.text(alphabet="ab .*(\\$-", max_size=8)


@st.composite
def _expressions(draw) -> str:
    pieces = draw(st.lists(_PIECE, max_size=4))
    if pieces and draw(st.booleans()):  # a group that only groups (as JP1 extracts data)
        at = draw(st.integers(0, len(pieces) - 1))
        pieces[at] = f"({pieces[at]})"
    return (("^" if draw(st.booleans()) else "") + "".join(pieces)
            + ("$" if draw(st.booleans()) else ""))


@settings(max_examples=300, deadline=None)
@given(expression=_expressions(), subject=_SUBJECT)
def test_a_message_condition_s_pattern_matches_exactly_what_the_regular_expression_finds(
        expression, subject):
    matcher, why = regex_matcher(expression)
    assert matcher is not None, why
    expected = re.search(expression, subject) is not None
    if matcher is ANY:
        assert expected  # a condition every value meets
        return
    pattern = {"detail": {"message": [matcher]}}
    assert EventPattern.load(json.dumps(pattern)).matches_event(
        _event({"message": subject})) is expected


@pytest.mark.parametrize("expression", ["a|b", "[ab]c", "a.c", "ab+", "ab?", "a{2}", "x*",
                                        "(ab)*", "\\d+", "a^b", "a$b", "(ab", "ab)"])
def test_a_regular_expression_beyond_literals_gaps_and_anchors_is_not_translated(expression):
    matcher, why = regex_matcher(expression)
    assert matcher is None and why


def test_conditions_a_converted_event_cannot_carry_are_listed_not_matched():
    found = conditions([("evgrp", "ops"), ("evipa", "10.0.0.1"), ("evdet", "x"),
                        ("evwms", "^done$"), ("evwsv", "er:zz")])
    assert found.detail == {"message": ["done"]}
    assert [key for key, _, _ in found.unmatched] == ["evgrp", "evipa", "evdet", "evwsv"]


def test_the_definition_file_s_cast_character_is_undone_before_matching():
    # evwms="say #"hi#" ##1" is the message condition: say "hi" #1
    found = conditions([("evwms", 'say #"hi#" ##1')])
    assert found.detail == {"message": [{"wildcard": '*say "hi" #1*'}]}


def test_a_start_condition_waiting_for_an_event_id_that_is_not_hexadecimal_says_so():
    from jobmig.mappings.start_conditions import wait_pattern
    wait = job("ev", unit_type="evwj", command=None, attributes={"params": [["evwid", "12G"]]})
    pattern, why = wait_pattern(wait, Profile())
    assert pattern is None and "evwid=12G is not hexadecimal" in why
