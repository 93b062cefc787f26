"""The quick test for secret words answers as the two-step test it replaced.

:func:`jobmig.redact.might_hold_secret` first looked for the few characters that
case-insensitive matching folds to an ASCII letter while ``str.lower`` does not
(İ ı ſ), then searched the lowered text (or, with such a character, the text
case-insensitively). It now scans the lowered text once for the words and those
characters together. The two-step test is written out here and compared on texts
made of secret words, those characters, look-alikes (K KELVIN SIGN, a combining
dot after a plain i) and Japanese.
"""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from jobmig.redact import _KEY_WORDS, _PATTERNS, might_hold_secret

_WORDS = sorted({needle for _, needles, _ in _PATTERNS for needle in needles} | set(_KEY_WORDS))
_CASELESS = re.compile("|".join(map(re.escape, _WORDS)), re.IGNORECASE)
_LOWERED = re.compile("|".join([re.escape(w) for w in _WORDS if w != "gh"] + ["gh[pousr]_"]))


def _two_step(text: str) -> bool:
    if text.isascii() or not any(char in text for char in "\u0130\u0131\u017f"):
        return _LOWERED.search(text.lower()) is not None
    return _CASELESS.search(text) is not None


_PIECES = st.sampled_from([
    "pa", "ss", "PASS", "wd", "p", "-u", "-U", "://", "AKIA", "asia", "Asia/Tokyo", "key",
    "\u212a", "ey", "ghp_", "GHo_", "gh", "through", "xox", "bearer", "token", "tok",
    "\u0130", "\u0131", "\u017f", "i\u0307", "i", "a", "ecret", "s", "日次", "/", " ", "\n",
    "private key", "auth", "credential", "mysql", "mariadb",
])


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=8).map("".join))
def test_the_one_scan_test_answers_as_the_two_step_test(text: str) -> None:
    assert might_hold_secret(text) == _two_step(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_the_one_scan_test_answers_as_the_two_step_test_on_any_text(text: str) -> None:
    assert might_hold_secret(text) == _two_step(text)


def test_the_folding_characters_are_still_seen_as_the_letters_they_fold_to() -> None:
    # 'ſ' matches 's' case-insensitively: the text is a candidate for the patterns
    assert might_hold_secret("run --paſſword=hunter22")
    assert might_hold_secret("TOKEN=abcdef\u0131")
    assert not might_hold_secret("日次処理 \u0131 /opt/run.sh")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text("abc:", min_size=1, max_size=4), min_size=1, max_size=6),
       st.text("abc:xy", max_size=12))
def test_the_word_tree_finds_a_word_exactly_when_the_text_holds_one(words: list[str],
                                                                    text: str) -> None:
    from jobmig.redact import _any_of

    assert (re.search(_any_of(words), text) is not None) == any(w in text for w in words)
