"""Secrets behind letters that case-blind matching takes for ASCII ones.

Python's case-insensitive matching (and so every secret pattern) takes ``ſ`` for
``s``, the Kelvin sign ``K`` for ``k`` and ``ı``/``İ`` for ``i``; a key name written
with them is the same key to a reader, so its value is masked as the ASCII
spelling's would be. The expected spans are counted by hand.
"""
from __future__ import annotations

import pytest

from jobmig.redact import find_secrets, might_hold_secret


@pytest.mark.parametrize("text, value", [
    ("--pa\u017f\u017fword=hunter22", "hunter22"),      # paſſword
    ('db_pa\u017f\u017fwd="hunter22"', "hunter22"),     # quotes are not part of the value
    ("AP\u0130_KEY=abcdef12", "abcdef12"),              # APİ_KEY
    ("api_\u212aey=abcdef12", "abcdef12"),              # api_Key with the Kelvin sign
])
def test_a_key_spelt_with_folding_letters_is_a_secret_key(text, value):
    spans = find_secrets(text)
    if value is None:
        assert spans == []
        return
    (span,) = spans
    assert text[span.start:span.end] == value
    assert might_hold_secret(text)


def test_the_span_is_found_at_the_same_place_as_in_the_ascii_spelling():
    folded, ascii_text = "x \u017fecret=abcdef; y", "x secret=abcdef; y"
    assert [(s.start, s.end) for s in find_secrets(folded)] == \
        [(s.start, s.end) for s in find_secrets(ascii_text)] == [(9, 15)]
