"""Block YAML of plain template data, written directly: the text PyYAML writes, faster.

:func:`dump_block` writes a ``dict`` of ``dict``/``list``/``str``/``int``/``bool``/``None``
values in the layout the emitters' PyYAML settings give (keys sorted, two-space
indent, block style, sequences in a mapping not indented, ``{}``/``[]`` when empty,
no line width). A scalar is written plain when that is provably what PyYAML writes
(:func:`_plain`); any other scalar is written as PyYAML writes it alone, asked once
per text. When a scalar would take more than one line, or a key would not be a
simple key, it returns None and the caller dumps with PyYAML instead. Tests compare
it with ``yaml.dump`` on generated data and on real templates.
"""
from __future__ import annotations

import re
from typing import Any, Callable

import yaml
from yaml.nodes import ScalarNode

_STR = "tag:yaml.org,2002:str"
# Plain in block context for PyYAML and libyaml alike: no leading indicator ('-?:,[]{}#&*!|>'"%@`'
# or '...'), no ': ' or ' #' (neither ':'-space nor '#' can occur: ':' is checked below,
# '#' is not allowed), no leading or trailing space, no line break, only printable
# characters; ',', '{}' and '()' inside are flow indicators only, which block style ignores.
_PLAIN = re.compile("[A-Za-z0-9_/$(\u3040-\u30ff\u4e00-\u9fff]"
                    "[A-Za-z0-9_./$(){}*,=+@:\\-\u3040-\u30ff\u4e00-\u9fff]*"
                    "(?: [A-Za-z0-9_./$(){}*,=+@:\\-\u3040-\u30ff\u4e00-\u9fff]+)*")
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


def dump_block(data: dict[str, Any], dump: Callable[[Any], str]) -> str | None:
    """``dump(data)``'s text, or None where this writer does not decide it.

    ``dump`` is the PyYAML dump this stands in for; it is asked how a scalar that is
    not plain is written (``dump([text])``, ``dump({key: 0})``).
    """
    if type(data) is not dict or not data:
        return None
    out: list[str] = []
    try:
        _mapping(data, 0, out, dump)
    except NotBlock:
        return None
    return "".join(out)


_VALUES: dict[tuple[type, str], str] = {}
_KEYS: dict[str, str] = {}


def _value_text(value: Any, dump: Callable[[Any], str]) -> str:
    kind = type(value)
    if kind is str:
        if _plain(value):
            return value
    elif kind is bool:
        return "true" if value else "false"
    elif kind is int:
        return str(value)
    elif value is None:
        return "null"
    elif kind is not float:
        raise NotBlock
    key = (kind, value if kind is str else repr(value))  # -0.0 == 0.0, written apart
    text = _VALUES.get(key)
    if text is None:
        if kind is str and _BREAK.search(value):
            raise NotBlock
        written = dump([value])
        if not written.startswith("- ") or _BREAK.search(written, 0, len(written) - 1):
            raise NotBlock  # on several lines: left to PyYAML
        text = written[2:-1]
        if len(_VALUES) >= _KNOWN_LIMIT:
            _VALUES.clear()
        _VALUES[key] = text
    return text


def _key_text(key: Any, dump: Callable[[Any], str]) -> str:
    if type(key) is not str:
        raise NotBlock
    if len(key.encode("utf-8")) < 128 and _plain(key):  # a simple key is under 128
        return key
    text = _KEYS.get(key)
    if text is None:
        if _BREAK.search(key):
            raise NotBlock
        written = dump({key: 0})
        if (not written.endswith(": 0\n") or written.startswith("? ")
                or _BREAK.search(written, 0, len(written) - 1)):
            raise NotBlock
        text = written[:-4]
        if len(_KEYS) >= _KNOWN_LIMIT:
            _KEYS.clear()
        _KEYS[key] = text
    return text


def _mapping(data: dict[str, Any], indent: int, out: list[str],
             dump: Callable[[Any], str]) -> None:
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
        out.append(_key_text(key, dump))
        out.append(":")
        value = data[key]
        kind = type(value)
        if kind is dict:
            if value:
                out.append("\n" + pad + "  ")
                _mapping(value, indent + 2, out, dump)
            else:
                out.append(" {}\n")
        elif kind is list:
            if value:
                out.append("\n")
                _sequence(value, indent, out, dump, inline=False)  # not indented in a mapping
            else:
                out.append(" []\n")
        else:
            out.append(" " + _value_text(value, dump) + "\n")


def _sequence(items: list[Any], indent: int, out: list[str], dump: Callable[[Any], str],
              inline: bool) -> None:
    """A non-empty sequence with its dashes at column ``indent``; ``inline``: the first
    dash where the text is now (an item of a sequence)."""
    pad = " " * indent
    for index, item in enumerate(items):
        if index or not inline:
            out.append(pad)
        out.append("-")
        kind = type(item)
        if kind is dict:
            if item:
                out.append(" ")
                _mapping(item, indent + 2, out, dump)
            else:
                out.append(" {}\n")
        elif kind is list:
            if item:
                out.append(" ")
                _sequence(item, indent + 2, out, dump, inline=True)
            else:
                out.append(" []\n")
        else:
            out.append(" " + _value_text(item, dump) + "\n")
