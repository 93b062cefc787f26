"""The language of what jobmig says to people: English (default) or Japanese.

- :func:`resolve` picks the language: ``--lang`` when given, otherwise
  Japanese when the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``, the first
  one set) starts with ``ja``, otherwise English.
- :func:`finding_text` gives a catalogue entry's title, explanation and
  remedy in a language (the English entries live in the catalogue modules,
  the Japanese ones in the ``*_ja`` module beside each).
- :func:`tr` translates one report or terminal sentence, written in English
  in the code, into the language set by :func:`language` (a context
  variable, so renderers need no language argument on every helper); the
  Japanese sentences are in :mod:`jobmig.text_ja`.
- :func:`plan_word` gives a plan value a report shows (``event_rule``,
  ``success``) in that language; plan.json keeps the value.
- :func:`say` gives a finding message (a :class:`jobmig.messages.Message`) in
  that language; the Japanese templates are in :mod:`jobmig.messages_ja`.

Only people's text changes: file names, JSON keys, CSV columns, plan.json
values (``auto``, ``manual``, codes) stay as they are in every language.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator, Mapping

LANGS = ("en", "ja")
_CURRENT: ContextVar[str] = ContextVar("jobmig_language", default="en")


def resolve(lang: str | None, environ: Mapping[str, str] | None = None) -> str:
    """``lang`` checked (``en`` or ``ja``; :class:`ValueError` otherwise), or the locale's."""
    if lang is not None:
        if lang.lower() not in LANGS:
            raise ValueError(f"--lang {lang!r}: choose en or ja")
        return lang.lower()
    env = os.environ if environ is None else environ
    for key in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(key)
        if value:
            return "ja" if value.lower().startswith("ja") else "en"
    return "en"


def finding_text(code: str, lang: str = "en") -> tuple[str, str, str] | None:
    """(title, explanation, remedy) of a catalogue code in ``lang``; ``None`` for an
    unknown code. A code without a Japanese entry falls back to English (a test makes
    sure every code has one)."""
    from jobmig.catalogue import CATALOGUE, CATALOGUE_JA

    entry = CATALOGUE.get(code)
    if entry is None:
        return None
    if lang == "ja" and code in CATALOGUE_JA:
        return CATALOGUE_JA[code]
    return entry.title, entry.explanation, entry.remedy


def current() -> str:
    """The language :func:`tr` translates into."""
    return _CURRENT.get()


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Translate :func:`tr` sentences into ``lang`` inside the ``with`` block."""
    token = _CURRENT.set(lang if lang in LANGS else "en")
    try:
        yield
    finally:
        _CURRENT.reset(token)


def tr(text: str, context: str | None = None, **values: object) -> str:
    """``text`` (an English sentence, a :meth:`str.format` template when ``values`` are
    given) in the current language, with ``values`` filled in.

    ``context`` tells apart one English word that needs two translations: the
    Japanese is looked up as ``"context|text"`` first, then as ``text``."""
    if _CURRENT.get() == "ja":
        from jobmig.text_ja import JA

        text = JA.get(f"{context}|{text}", JA.get(text, text)) if context else JA.get(text, text)
    return text.format(**values) if values else text


# plan.json values a report shows (conditions, how an edge is realized, rule kinds); in
# Japanese they are looked up as "plan|value" in jobmig.text_ja, plan.json keeps them
PLAN_WORDS = ("success", "unstable", "completed", "always", "failure", "judgment",
              "state_machine", "nested", "join_gate", "event_rule", "manual", "parallel",
              "sequence", "child_state_machine", "rule")


def plan_word(value: str) -> str:
    """A plan.json value (``event_rule``, ``success``...) as a report shows it: in
    Japanese from the ``plan|`` entries of :mod:`jobmig.text_ja`, otherwise as it is."""
    if _CURRENT.get() == "en" or not value:
        return value
    from jobmig.text_ja import JA

    return JA.get(f"plan|{value}", value)


def say(text: str) -> str:
    """A finding message (or skip reason) in the current language: a
    :class:`jobmig.messages.Message` is looked up in :mod:`jobmig.messages_ja`, another
    text in :mod:`jobmig.text_ja` (as :func:`tr` would); in English, or without an
    entry, the text is returned as it is."""
    if _CURRENT.get() == "en":
        return text
    from jobmig.messages import Message, localize

    if isinstance(text, Message):
        return localize(text, _CURRENT.get())
    from jobmig.text_ja import JA

    return JA.get(text, text)
