"""Block YAML of plain template data, written directly: the text PyYAML writes, faster.

:func:`dump_block` writes a ``dict`` of ``dict``/``list``/``str``/``int``/``bool``/``None``
values in the layout the emitters' PyYAML settings give (keys sorted, two-space
indent, block style, sequences in a mapping not indented, ``{}``/``[]`` when empty,
no line width). A scalar is written plain when that is provably what PyYAML writes
(:func:`_plain`), single-quoted when that is provably PyYAML's choice, and otherwise as
PyYAML writes it alone (asked once per text). A top-level entry holding a scalar that
would take more than one line, or a key that would not be a simple key, is dumped by
PyYAML itself. Tests compare it with ``yaml.dump`` on generated data and on real
templates.
"""
from __future__ import annotations

import re
from typing import Any, Callable

import yaml
from yaml.nodes import ScalarNode

_STR = "tag:yaml.org,2002:str"
# Plain in block context for PyYAML and libyaml alike: no leading indicator
# ('-?:,[]{}#&*!|>'"%@`' or '...'), no ': ' (checked in _plain) or ' #' ('#' is not
# allowed), no leading or trailing space, '?' only inside, no line break, only printable
# characters; ',', '?' and '{}' inside are flow indicators only, which block style ignores.
_PLAIN = re.compile("[A-Za-z0-9_/$(\u3040-\u30ff\u4e00-\u9fff]"
                    "[A-Za-z0-9_./$(){}*,?=+@:\\-\u3040-\u30ff\u4e00-\u9fff]*"
                    "(?: [A-Za-z0-9_./$(){}*,?=+@:\\-\u3040-\u30ff\u4e00-\u9fff]+)*")
# Single-quoted when not plain: printable characters only, no line break (PyYAML and
# libyaml then allow single quotes and, with no line width, write the text on one
# line with each ' doubled).
_QUOTABLE = re.compile("[\x20-\x7e\u3040-\u30ff\u4e00-\u9fff]*")
_RESOLVER = yaml.resolver.Resolver()
# YAML's line breaks (and \r): a text holding one may be written over lines indented
# by where it stands, so it is left to PyYAML
_BREAK = re.compile("[\n\r\x85\u2028\u2029]")
_KNOWN_LIMIT = 1 << 16  # texts whose written form is remembered (forgotten past this)


class NotBlock(Exception):
    """A value this writer leaves to PyYAML."""


def _plain(text: str) -> bool:
    """``text`` is written as it is (plain) by PyYAML in block context: it has the shape
    above, does not end with ':' nor hold ': ', and reads back as a string (not a number,
    boolean, null, date, '=' or '<<')."""
    return (_PLAIN.fullmatch(text) is not None and not text.endswith(":")
            and ": " not in text
            and _RESOLVER.resolve(ScalarNode, text, (True, False)) == _STR)


class Scalars:
    """How one PyYAML dump (``dump``) writes scalars, remembered per text: the pure-Python
    emitter and libyaml differ on a few (characters outside the BMP), so each dump
    function has its own."""

    def __init__(self, dump: Callable[[Any], str]) -> None:
        self.dump = dump
        self.values: dict[str, str] = {}
        self.keys: dict[str, str] = {}


def dump_block(data: dict[str, Any], scalars: Scalars) -> str | None:
    """``scalars.dump(data)``'s text (None for an empty mapping or keys that do not sort);
    each top-level entry this writer does not decide is written by ``scalars.dump``.

    ``scalars.dump`` is the PyYAML dump this stands in for; it is asked how a scalar
    that is neither plain nor simply single-quoted is written (``dump([text])``,
    ``dump({key: 0})``).
    """
    if type(data) is not dict or not data:
        return None
    try:
        keys = sorted(data)
    except TypeError:
        return None
    out: list[str] = []
    for key in keys:
        mark = len(out)
        try:
            _mapping({key: data[key]}, 0, out, scalars)
        except NotBlock:
            # the entries of a top-level mapping are written one after the other, each
            # as it is alone: this one as PyYAML writes it
            del out[mark:]
            out.append(scalars.dump({key: data[key]}))
    return "".join(out)


def _value_text(value: Any, scalars: Scalars) -> str:
    kind = type(value)
    if kind is str:
        text = scalars.values.get(value)
        if text is None:
            text = _remembered(scalars.values, value,
                               _scalar_text(value, scalars.dump, key=False))
        return text
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if value is None:
        return "null"
    if kind is float:
        return _written(scalars.dump([value]), "- ", "\n")
    raise NotBlock


def _key_text(key: Any, scalars: Scalars) -> str:
    if type(key) is not str:
        raise NotBlock
    text = scalars.keys.get(key)
    if text is None:
        text = _remembered(scalars.keys, key, _scalar_text(key, scalars.dump, key=True))
    return text


def _scalar_text(text: str, dump: Callable[[Any], str], key: bool) -> str:
    """How PyYAML writes ``text`` as a mapping key or as a value (block context)."""
    if key and (not text or len(text.encode("utf-8")) >= 128):
        raise NotBlock  # not a simple key ("? " and a line of its own)
    if _plain(text):
        return text
    if _QUOTABLE.fullmatch(text) and _never_plain(text):
        return "'" + text.replace("'", "''") + "'"
    if _BREAK.search(text):
        raise NotBlock
    return _written(dump({text: 0}), "", ": 0\n") if key else _written(dump([text]), "- ", "\n")


def _never_plain(text: str) -> bool:
    """PyYAML would not write ``text`` plain in block context: it reads back as another
    type, or holds an indicator plain text may not (': ', a final ':', ' #', a space at
    either end, an indicator first)."""
    return (text == "" or text[0] in _LEADING or text[0] == " " or text[-1] in ": "
            or ": " in text or " #" in text
            or _RESOLVER.resolve(ScalarNode, text, (True, False)) != _STR)


_LEADING = "#,[]{}&*!|>'\"%@`"


def _written(text: str, before: str, after: str) -> str:
    """What PyYAML wrote between ``before`` and ``after``, if that is all on one line."""
    if (not text.startswith(before) or not text.endswith(after) or text.startswith("? ")
            or _BREAK.search(text, 0, len(text) - 1)):
        raise NotBlock
    return text[len(before):len(text) - len(after)]


def _remembered(known: dict[str, str], text: str, written: str) -> str:
    if len(known) >= _KNOWN_LIMIT:
        known.clear()
    known[text] = written
    return written


def _mapping(data: dict[str, Any], indent: int, out: list[str],
             scalars: Scalars) -> None:
    """A non-empty mapping whose first key is written where the text is now (at column
    ``indent``), the others on their own lines at that column."""
    pad = " " * indent
    first = True
    try:
        keys = sorted(data)
    except TypeError:  # keys of several types (any key not a string is left to PyYAML)
        raise NotBlock from None
    for key in keys:
        if first:
            first = False
        else:
            out.append(pad)
        out.append(_key_text(key, scalars))
        out.append(":")
        value = data[key]
        if _leaf(value, out, scalars):
            continue
        if type(value) is dict:
            out.append("\n" + pad + "  ")
            _mapping(value, indent + 2, out, scalars)
        else:
            out.append("\n")
            _sequence(value, indent, out, scalars, inline=False)  # not indented in a mapping


def _sequence(items: list[Any], indent: int, out: list[str], scalars: Scalars,
              inline: bool) -> None:
    """A non-empty sequence with its dashes at column ``indent``; ``inline``: the first
    dash where the text is now (an item of a sequence)."""
    pad = " " * indent
    for index, item in enumerate(items):
        if index or not inline:
            out.append(pad)
        out.append("-")
        if _leaf(item, out, scalars):
            continue
        out.append(" ")
        if type(item) is dict:
            _mapping(item, indent + 2, out, scalars)
        else:
            _sequence(item, indent + 2, out, scalars, inline=True)


def _leaf(value: Any, out: list[str], scalars: Scalars) -> bool:
    """Write ``value`` after its key or dash when it takes no line of its own (a scalar,
    ``{}`` or ``[]``) and say so; False for a non-empty mapping or sequence (not written)."""
    kind = type(value)
    if kind is dict or kind is list:
        if value:
            return False
        out.append(" {}\n" if kind is dict else " []\n")
        return True
    out.append(" " + _value_text(value, scalars) + "\n")
    return True
