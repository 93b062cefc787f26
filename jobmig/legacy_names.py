"""The legacy name of a job, kept visible next to its AWS name.

AWS names are ASCII (:func:`jobmig.pipeline.aws_names`): Step Functions
allows other characters in a state machine name, but CloudWatch Logs logging
needs ``0-9 A-Z a-z - _`` only, and Scheduler and rule names allow no others.
So a JP1 jobnet named ``経理/夜間締め`` runs as ``jobnet-0af4482a``; this module
gives the tags that carry the original name on the state machine. The ASL
``Comment`` and the schedule descriptions already hold it as written.

Tag values allow Unicode letters and digits, white space and ``_ . : / = + - @``,
up to 256 characters (Step Functions ``TagResource``); any other character
becomes ``_`` in the tag only.
"""
from __future__ import annotations

import unicodedata
from typing import Any, Mapping

LEGACY_NAME_TAG = "jobmig:legacy-name"
LEGACY_ID_TAG = "jobmig:legacy-id"
TAG_VALUE_MAX = 256
_TAG_SYMBOLS = frozenset("_.:/=+-@")


class _TagCharacters(dict):  # type: ignore[type-arg]
    """Code point -> the character a tag value holds for it (itself, or ``_``), each
    worked out the first time it is met: :meth:`str.translate` then maps a whole name
    in one call instead of asking for the category of each of its characters."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        kept = char in _TAG_SYMBOLS or char == " " or unicodedata.category(char)[0] in "LN"
        value = char if kept else "_"
        if len(self) < _REMEMBERED:
            self[code] = value
        return value


_REMEMBERED = 65536  # characters remembered at most (names use a few thousand)


_TAG_CHARACTERS = _TagCharacters()


def tag_value(text: str) -> str:
    """``text`` with each character a tag value may not hold replaced by ``_``, clipped."""
    # One character in, one out: clipping first gives the same value and keeps a
    # name thousands of characters long (a deeply nested unit) cheap.
    return text[:TAG_VALUE_MAX].translate(_TAG_CHARACTERS)


def machine_tags(job: Mapping[str, Any] | None, aws_name: str) -> list[tuple[str, str]]:
    """(key, value) tags naming the legacy job a state machine runs, when its AWS name
    differs from the legacy name (sorted by key; none when the names agree)."""
    if not job:
        return []
    name = str(job.get("name") or "")
    if not name or name == aws_name:
        return []
    return sorted([(LEGACY_NAME_TAG, tag_value(name)),
                   (LEGACY_ID_TAG, tag_value(str(job.get("id") or "")))])
