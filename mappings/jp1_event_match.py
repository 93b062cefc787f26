"""What a JP1 event reception monitoring job (``evwj``) matches → EventBridge pattern parts.

Sources (JP1/AJS3 Command Reference, 5.2.9 "Job definition for monitoring JP1
event reception"; 5.2.17 "JP1 event sending job definition"; JP1/Base
Function Reference A.1 "Basic attributes"):

* **Event IDs.** A JP1 event ID is 8 bytes: a 4-byte *basic* part and a 4-byte
  *extended* part, written in hexadecimal. ``evwid`` takes
  ``00000000:00000000`` to ``FFFFFFFF:FFFFFFFF`` (basic``:``extended);
  ``evsid`` takes a basic part only (``00000000``-``00001FFF``,
  ``7FFF8000``-``7FFFFFFF``), so a sent event's extended part is 0. Being
  numbers, ``123``, ``0123`` and ``00000123`` are one ID: :func:`event_id` gives
  the one spelling both sides use, 8 upper-case hex digits of the basic part,
  followed by ``:`` and the 8-digit extended part only when that is not 0.
* **Conditions.** ``evusr`` (issuing user), ``evgrp`` (group), ``evhst``
  (issuing host), ``evwms`` (message), ``evdet`` (detailed information) and
  the value of ``evwfr=NAME:"value"`` (an extended attribute) are regular
  expressions ("Note that you can use a regular expression"; the Operator's
  Guide, 12.4.15 "Detailed Definition - [Receive JP1 Event]", refers to the
  OS's regular expressions on UNIX and JP1/Base's on Windows, where a
  parenthesised part is extracted for passing on). ``evwsv`` lists the
  severities (``em:al:cr:er:wr:no:in:db``); ``evssv`` on the sender defaults
  to ``no`` (Notice).

Reading of the matching [I]: a regular expression is searched for, as POSIX
``regexec`` does: it matches when any part of the value matches, unless it is
anchored with ``^`` / ``$``. :func:`regex_matcher` turns the expressions that
an event pattern can state exactly into one: a literal text with ``.*`` gaps
and optional anchors becomes an exact value, a ``prefix``, a ``suffix`` or a
``wildcard`` (``*`` for each gap, literal ``*`` and ``\\`` escaped);
parentheses that only group are dropped. Anything else (``.`` alone, ``[...]``,
``|``, ``+``, ``?``, ``{n}``, a ``*`` after a character, back-references,
``\\d``...) has no exact event-pattern form and is reported instead.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

#: A condition every value meets (``.*``, ``^``, an empty expression): no pattern key.
ANY: Any = type("Any", (), {"__repr__": lambda self: "ANY"})()
#: The anchors ^ and $ among :func:`_pieces` (a literal "^" or "$" is a plain string).
_START: Any = type("Start", (), {"__repr__": lambda self: "^"})()
_END: Any = type("End", (), {"__repr__": lambda self: "$"})()
_HEX = re.compile(r"[0-9A-Fa-f]{1,8}")
#: Characters a backslash may make literal (any other escape is a class or a reference).
_ESCAPABLE = frozenset(".[]()*+?{}|^$\\/-\"'#:;,=<>!&%@~` ")
#: evwsv severities in JP1's order, and evssv's default.
SEVERITIES = ("em", "al", "cr", "er", "wr", "no", "in", "db")
DEFAULT_SEVERITY = "no"
#: evwj keys → the key of the converted event's detail they are matched against.
DETAIL_KEYS = {"evwms": "message", "evhst": "host", "evusr": "user"}
#: evwj conditions a converted evsj's event has no counterpart for.
NO_COUNTERPART = {"evgrp": "issuing group", "evipa": "issuing IP address",
                  "evuid": "issuing user ID", "evgid": "issuing group ID",
                  "evpid": "issuing process ID", "evdet": "detailed event information"}


def event_id(text: str | None) -> str | None:
    """The canonical spelling of a JP1 event ID (see the module doc), None if ``text`` is
    not one (hexadecimal basic part, optional ``:`` extended part, 1-8 digits each)."""
    if text is None:
        return None
    basic, sep, extended = text.strip().strip('"').partition(":")
    basic, extended = basic.strip(), extended.strip()
    if not _HEX.fullmatch(basic) or (sep and not _HEX.fullmatch(extended)):
        return None
    head = f"{int(basic, 16):08X}"
    return f"{head}:{int(extended, 16):08X}" if sep and int(extended, 16) else head


def regex_matcher(text: str) -> tuple[Any, str]:
    """``(matcher, "")`` for a JP1 regular expression an event pattern can state exactly:
    a string (equals), ``{"prefix": ...}``, ``{"suffix": ...}``, ``{"wildcard": ...}`` or
    :data:`ANY`; else ``(None, why)``."""
    pieces, why = _pieces(text)
    if pieces is None:
        return None, why
    start = not (pieces and pieces[0] is _START)
    end = not (pieces and pieces[-1] is _END)
    body = [p for p in pieces if p is not _START and p is not _END]
    parts: list[Any] = ([ANY] if start else []) + body + ([ANY] if end else [])
    merged: list[Any] = []
    for part in parts:  # adjacent literals join, adjacent gaps are one gap
        if merged and part is not ANY and merged[-1] is not ANY:
            merged[-1] += part
        elif not (merged and part is ANY and merged[-1] is ANY):
            merged.append(part)
    texts = [p for p in merged if p is not ANY]
    if not texts:
        return (ANY, "") if merged else ("", "")  # "^$": the empty value
    if len(merged) == 1:
        return texts[0], ""
    if len(merged) == 2:
        return ({"prefix": texts[0]} if merged[1] is ANY else {"suffix": texts[0]}), ""
    wildcard = "".join("*" if p is ANY else p.replace("\\", "\\\\").replace("*", "\\*")
                       for p in merged)
    return {"wildcard": wildcard}, ""


def _pieces(text: str) -> tuple[list[Any] | None, str]:
    """The expression as ``_START``, literal strings, :data:`ANY` (``.*``) and ``_END``."""
    pieces: list[Any] = []
    i, n, depth = 0, len(text), 0
    if text.startswith("^"):
        pieces.append(_START)
        i = 1
    stop = n
    if text.endswith("$") and not _escaped(text, n - 1) and n - 1 >= i:
        stop = n - 1
    while i < stop:
        c = text[i]
        following = text[i + 1] if i + 1 < stop else ""
        if c == "\\":
            if not following or following not in _ESCAPABLE:
                return None, f"the escape \\{following} is a character class or reference"
            literal = following
            i += 2
        elif c == "." and following == "*":
            pieces.append(ANY)
            i += 2
            continue
        elif c == "(":
            depth += 1
            i += 1
            continue
        elif c == ")":
            if depth == 0:
                return None, "an unbalanced ')'"
            if following in ("*", "+", "?", "{"):
                return None, f"a repeated group '){following}'"
            depth -= 1
            i += 1
            continue
        elif c in ".[]|+?{}*^$":
            return None, f"'{c}' (" + {".": "any one character", "[": "a bracket expression",
                                       "]": "a bracket expression", "|": "an alternative",
                                       "+": "a repetition", "?": "an optional part",
                                       "{": "a repetition count", "}": "a repetition count",
                                       "*": "a repetition", "^": "an anchor inside the text",
                                       "$": "an anchor inside the text"}[c] + ")"
        else:
            literal = c
            i += 1
        if i < stop and text[i] in "*+?{":
            return None, f"a repetition '{text[i]}' after '{literal}'"
        pieces.append(literal)
    if depth:
        return None, "an unbalanced '('"
    if stop < n:
        pieces.append(_END)
    return pieces, ""


def _escaped(text: str, index: int) -> bool:
    """True when the character at ``index`` follows an odd number of backslashes."""
    count, j = 0, index - 1
    while j >= 0 and text[j] == "\\":
        count += 1
        j -= 1
    return count % 2 == 1


@dataclass
class Conditions:
    """An evwj's conditions: ``detail`` pattern keys (besides the event ID) and what no
    pattern states (``(key, value, why)``)."""

    detail: dict[str, Any] = field(default_factory=dict)
    unmatched: list[tuple[str, str, str]] = field(default_factory=list)

    def key(self, event: str) -> str:
        """The key the waits of these conditions are stored under: the event ID alone
        without conditions, else the ID and a digest of the conditions."""
        if not self.detail:
            return event
        text = json.dumps(self.detail, sort_keys=True, ensure_ascii=False)
        return f"{event}#{hashlib.sha1(text.encode('utf-8')).hexdigest()[:16]}"


def conditions(params: list[tuple[str, str]]) -> Conditions:
    """The conditions of an evwj's ``(key, value)`` parameters (values unquoted)."""
    found = Conditions()
    for key, value in params:
        if key in DETAIL_KEYS:
            _add(found, key, value, [DETAIL_KEYS[key]])
        elif key == "evwfr":
            name, _, pattern = value.partition(":")
            name = name.strip()
            if not name:
                found.unmatched.append((key, value, "no attribute name"))
                continue
            _add(found, key, pattern.strip().strip('"'), ["attributes", name])
        elif key == "evwsv":
            levels = [v.strip().lower() for v in value.split(":") if v.strip()]
            if levels and all(v in SEVERITIES for v in levels):
                found.detail["severity"] = sorted(set(levels), key=SEVERITIES.index)
            else:
                found.unmatched.append((key, value, "a severity JP1 does not define"))
        elif key in NO_COUNTERPART:
            found.unmatched.append((key, value, f"a converted event carries no "
                                    f"{NO_COUNTERPART[key]}"))
    return found


def _add(found: Conditions, key: str, value: str, path: list[str]) -> None:
    # the definition file's cast character: #" is ", ## is #
    matcher, why = regex_matcher(re.sub(r'#([#"])', r"\1", value))
    if matcher is None:
        found.unmatched.append((key, value, why))
        return
    if matcher is ANY:
        return
    node = found.detail
    for part in path[:-1]:
        node = node.setdefault(part, {})
    node[path[-1]] = [matcher]
