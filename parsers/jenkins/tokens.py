"""A light Groovy tokenizer: strings, comments, brackets, names, positions.

Contract: :func:`tokenize` never raises. It returns the tokens it could read
and a list of :class:`SyntaxProblem` (``line``/``column`` 1-based) for what
Groovy would reject and we can see without a real parser:

- an unterminated string or block comment;
- unbalanced or mismatched brackets (each reported where it stands, with the
  opener it does not match);
- a stray ``,`` that ends a statement and runs it into a command call on the
  next line (``sh "a",`` then ``sh "b"``): after a comma Groovy expects an
  expression, and a command expression (``name arg``) is not one.

At most :data:`MAX_PROBLEMS` problems are listed one by one (the first in
source order); the rest are counted in one more problem at the first one not
listed ("N more Groovy syntax problems in this file"), so a line of 200,000
brackets gives 21 findings, not 200,000.

It knows ``//`` and ``/* */`` comments, a ``#!`` first line, ``'…'``,
``"…"``, ``'''…'''``, ``\"\"\"…\"\"\"``, slashy ``/…/`` (where an operand may
start) and dollar-slashy ``$/…/$`` strings. A string is *literal* when its
value is fixed: single-quoted forms always, double-quoted forms only without
``$`` interpolation.
"""
from __future__ import annotations

import gc
import heapq
import re
from typing import Any, Callable, NamedTuple

from jobmig.messages import msg

IDENT, STRING, NUMBER, PUNCT, NEWLINE = "ident", "string", "number", "punct", "newline"
OPENERS = {"(": ")", "[": "]", "{": "}"}
CLOSERS = {")": "(", "]": "[", "}": "{"}
_OPERATORS = tuple(sorted(("->", "?.", "*.", "==", "!=", "<=", ">=", "&&", "||", "++", "--",
                           "+=", "-=", "<<", ">>", "=~", "==~", "?:", "..", "**"),
                          key=len, reverse=True))
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "0": "\0",
                   "\\": "\\", "'": "'", '"': '"', "$": "$", "/": "/"}
# Punctuation that starts no comment, string, name or number: read at once. Every
# operator is made of these characters only.
_PLAIN_PUNCT = frozenset("()[]{},;:=!&|?+-*%<>~.@^#`")
#: problems listed one by one per script; the rest are counted in one more problem
MAX_PROBLEMS = 20
# One punctuation token (the longest operator first, as Groovy reads it) and a run of them:
# a run holds no newline, so all its tokens share one line.
_PUNCT_TOKEN = re.compile("|".join(re.escape(o) for o in _OPERATORS)
                          + "|[" + re.escape("".join(sorted(_PLAIN_PUNCT))) + "]")
_PUNCT_RUN = re.compile("[" + re.escape("".join(sorted(_PLAIN_PUNCT))) + "]+")
# One text object per punctuation token kind, so a run of a million holds no copies.
_PUNCT_TEXT = {text: text for text in (*_OPERATORS, *_PLAIN_PUNCT)}
# The rest of a name: what str.isalnum() accepts (Unicode word characters), '_' and '$'.
_NAME_REST = re.compile(r"[\w$]*")
_new_tuple = tuple.__new__  # builds a Token without the keyword-argument wrapper
# After these a '/' starts a slashy string rather than a division.
_OPERAND_START_AFTER = set("([{,=:;!&|?+-*%<>~") | {"->", "return", None}


class Token(NamedTuple):
    """One token: ``kind``, source ``text``, decoded ``value`` for strings.

    ``literal`` is False for strings with interpolation. ``start``/``end``
    are offsets in the source; ``line``/``column`` are 1-based. (A named
    tuple: a script of 200,000 brackets makes 200,000 of them.)
    """

    kind: str
    text: str
    line: int
    column: int
    start: int
    end: int
    value: str = ""
    literal: bool = True


class SyntaxProblem(NamedTuple):
    """A place where Groovy would fail to compile the script."""

    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.message}"


class _Reader:
    """Cursor over the source with line/column bookkeeping."""

    def __init__(self, source: str) -> None:
        self.src = source
        self.pos = 0
        self.line_starts = [0]
        self.line_starts.extend(match.end() for match in re.finditer("\n", source))

        self._last = 0  # line index of the last answer: offsets mostly only grow

    def position(self, offset: int) -> tuple[int, int]:
        last, starts = self._last, self.line_starts
        if starts[last] <= offset and (last + 1 == len(starts) or offset < starts[last + 1]):
            return last + 1, offset - starts[last] + 1
        if last + 2 < len(starts) and starts[last + 1] <= offset < starts[last + 2]:
            self._last = last + 1
            return last + 2, offset - starts[last + 1] + 1
        lo, hi = 0, len(self.line_starts) - 1
        while lo < hi:  # last line start <= offset
            mid = (lo + hi + 1) // 2
            if self.line_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        self._last = lo
        return lo + 1, offset - self.line_starts[lo] + 1


def _unescape(raw: str) -> str:
    out: list[str] = []
    index = 0
    while index < len(raw):
        char = raw[index]
        if char == "\\" and index + 1 < len(raw):
            nxt = raw[index + 1]
            if nxt == "u" and len(raw[index + 2:index + 6]) == 4:
                try:
                    out.append(chr(int(raw[index + 2:index + 6], 16)))
                    index += 6
                    continue
                except ValueError:
                    pass
            if nxt == "\n":  # line continuation inside a string
                index += 2
                continue
            out.append(_SIMPLE_ESCAPES.get(nxt, "\\" + nxt))
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out)


def _interpolates(raw: str) -> bool:
    """True when a double-quoted body has an unescaped ``$`` (GString)."""
    index = 0
    while index < len(raw):
        if raw[index] == "\\":
            index += 2
            continue
        if raw[index] == "$" and index + 1 < len(raw) and (
                raw[index + 1] == "{" or raw[index + 1].isalpha() or raw[index + 1] == "_"):
            return True
        index += 1
    return False


def _scan_string(src: str, pos: int) -> tuple[int, str, bool, bool]:
    """Scan a quoted string at ``pos``: (end, value, literal, terminated)."""
    for quote in ("'''", '"""', "'", '"'):
        if src.startswith(quote, pos):
            break
    body_start = pos + len(quote)
    index = body_start
    multiline = len(quote) == 3
    while index < len(src):
        char = src[index]
        if char == "\\":
            index += 2
            continue
        if src.startswith(quote, index):
            raw = src[body_start:index]
            double = quote[0] == '"'
            literal = not (double and _interpolates(raw))
            return index + len(quote), _unescape(raw), literal, True
        if char == "\n" and not multiline:
            break
        index += 1
    return index, src[body_start:index], False, False


def _scan_slashy(src: str, pos: int, dollar: bool) -> tuple[int, str, bool, bool]:
    """Scan ``/…/`` or ``$/…/$``: (end, value, literal, terminated)."""
    closing = "/$" if dollar else "/"
    index = pos + (2 if dollar else 1)
    while index < len(src):
        if not dollar and src[index] == "\\" and index + 1 < len(src):
            index += 2
            continue
        if src.startswith(closing, index):
            raw = src[pos + (2 if dollar else 1):index]
            return index + len(closing), raw, not _interpolates(raw), True
        if src[index] == "\n" and not dollar:
            break
        index += 1
    return index, src[pos:index], False, False


def tokenize(source: str) -> tuple[list[Token], list[SyntaxProblem]]:
    """Tokens of ``source`` (NEWLINE tokens kept) and the problems seen.

    Time and memory are linear in the length of ``source``: a run of punctuation
    is read with one regular expression, and a problem's message is written only
    for the problems that are listed (see :func:`cap_problems`).
    """
    # Tokens hold no reference cycles: the cyclic collector would only walk the
    # growing list again and again (half the time on a script of a million tokens).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _tokenize(source)
    finally:
        if collecting:
            gc.enable()


def _tokenize(source: str) -> tuple[list[Token], list[SyntaxProblem]]:
    reader = _Reader(source)
    src = source
    tokens: list[Token] = []
    problems: list[_Pending] = []
    pos = 2 if src.startswith("#!") else 0
    if pos:
        pos = src.find("\n") if "\n" in src else len(src)

    def add(kind: str, start: int, end: int, value: str = "", literal: bool = True) -> None:
        line, column = reader.position(start)
        tokens.append(Token(kind, src[start:end], line, column, start, end, value, literal))

    def problem(offset: int, message: str) -> None:
        line, column = reader.position(offset)
        problems.append((line, column, _as_written, (message,)))

    position, append, size = reader.position, tokens.append, len(src)
    punct_run, punct_token, texts = _PUNCT_RUN.match, _PUNCT_TOKEN.finditer, _PUNCT_TEXT
    while pos < size:
        char = src[pos]
        if char in _PLAIN_PUNCT:  # the commonest case in damaged input: a punctuation run
            run_end = punct_run(src, pos).end()
            line, column = position(pos)
            shift = column - pos
            for match in punct_token(src, pos, run_end):
                op = texts[match.group()]
                start, end = match.span()
                append(_new_tuple(Token, (PUNCT, op, line, start + shift, start, end, op, True)))
            pos = run_end
        elif char == "\n":
            add(NEWLINE, pos, pos + 1)
            pos += 1
        elif char in " \t\r\f":
            pos += 1
        elif char == "\\" and src.startswith("\n", pos + 1):
            pos += 2  # explicit line continuation
        elif src.startswith("//", pos):
            end = src.find("\n", pos)
            pos = len(src) if end < 0 else end
        elif src.startswith("/*", pos):
            end = src.find("*/", pos + 2)
            if end < 0:
                problem(pos, msg("unterminated /* comment"))
                break
            for offset in range(pos, end):  # keep line structure for the comma check
                if src[offset] == "\n":
                    add(NEWLINE, offset, offset + 1)
            pos = end + 2
        elif char in "'\"":
            end, value, literal, ok = _scan_string(src, pos)
            if not ok:
                problem(pos, msg("unterminated string"))
            add(STRING, pos, end, value, literal)
            pos = end
        elif src.startswith("$/", pos) or (char == "/" and _operand_may_start(tokens)):
            end, value, literal, ok = _scan_slashy(src, pos, dollar=char == "$")
            if not ok:
                problem(pos, msg("unterminated slashy string"))
            add(STRING, pos, end, value, literal)
            pos = end
        elif char.isalpha() or char in "_$":
            end = _NAME_REST.match(src, pos + 1).end()
            add(IDENT, pos, end, src[pos:end])
            pos = end
        elif char.isdigit():
            end = pos + 1
            while end < len(src) and (src[end].isalnum() or src[end] in "._"):
                if src[end] == "." and not src[end + 1:end + 2].isdigit():
                    break
                end += 1
            add(NUMBER, pos, end, src[pos:end])
            pos = end
        else:  # any other character is a token of its own (every operator starts above)
            line, column = position(pos)
            append(_new_tuple(Token, (PUNCT, char, line, column, pos, pos + 1, char, True)))
            pos += 1
    problems.extend(_bracket_problems(tokens))
    problems.extend(_stray_comma_problems(tokens))
    # the first problems in source order (ties in the order found), as a stable sort would
    first = heapq.nsmallest(MAX_PROBLEMS + 1, problems, key=lambda p: (p[0], p[1]))
    return tokens, cap_problems([_written(p) for p in first], total=len(problems))


# A problem whose message is not written yet: (line, column, writer, its arguments).
_Pending = tuple[int, int, Callable[..., str], tuple[Any, ...]]


def _written(pending: _Pending) -> SyntaxProblem:
    line, column, writer, values = pending
    return SyntaxProblem(line, column, writer(*values))


def _as_written(message: str) -> str:
    return message


def _nothing_to_close(text: str) -> str:
    return msg("unexpected {text!r}: nothing to close", text=text)


def _does_not_close(text: str, text2: str, line: int, column: int) -> str:
    return msg("{text!r} does not close {text2!r} opened at {line}:{column}",
               text=text, text2=text2, line=line, column=column)


def _never_closed(text: str) -> str:
    return msg("{text!r} is never closed", text=text)


def _stray_comma(text: str, text2: str, line: int) -> str:
    return msg("stray ',' runs the statement into '{text} {text2}' on line {line}",
               text=text, text2=text2, line=line)


def cap_problems(problems: list[SyntaxProblem], limit: int = MAX_PROBLEMS,
                 total: int | None = None) -> list[SyntaxProblem]:
    """The first ``limit`` problems, then one that counts the others (at the first of them).

    ``total``: how many problems there are when ``problems`` holds only the first
    ``limit + 1`` of them (the others need no message).
    """
    total = len(problems) if total is None else total
    if total <= limit:
        return problems
    rest = problems[limit]
    more = total - limit
    return problems[:limit] + [SyntaxProblem(
        rest.line, rest.column,
        msg("{more} more Groovy syntax problems in this file from here on (only the first "
            "{limit} are listed one by one; fix those and convert again)", more=more, limit=limit)
        if more > 1 else
        msg("{more} more Groovy syntax problem in this file from here on (only the first "
            "{limit} are listed one by one; fix those and convert again)", more=more, limit=limit))]


def _operand_may_start(tokens: list[Token]) -> bool:
    previous = next((t for t in reversed(tokens) if t.kind != NEWLINE), None)
    if previous is None:
        return True
    if previous.kind == NEWLINE:
        return True
    if previous.kind == PUNCT:
        return previous.text in _OPERAND_START_AFTER
    return previous.kind == IDENT and previous.text == "return"


def check_brackets(tokens: list[Token]) -> list[SyntaxProblem]:
    """Unbalanced or mismatched ``()[]{}``, each at its own position."""
    return [_written(p) for p in _bracket_problems(tokens)]


def _bracket_problems(tokens: list[Token]) -> list[_Pending]:
    """:func:`check_brackets` with messages not written yet (a million may be found)."""
    problems: list[_Pending] = []
    stack: list[Token] = []
    for token in tokens:
        if token.kind != PUNCT:
            continue
        if token.text in OPENERS:
            stack.append(token)
        elif token.text in CLOSERS:
            if not stack:
                problems.append((token.line, token.column, _nothing_to_close, (token.text,)))
            elif stack[-1].text != CLOSERS[token.text]:
                opener = stack[-1]
                problems.append((token.line, token.column, _does_not_close,
                                 (token.text, opener.text, opener.line, opener.column)))
                if len(stack) > 1 and stack[-2].text == CLOSERS[token.text]:
                    stack.pop()  # the inner opener was left unclosed: recover
                    stack.pop()
            else:
                stack.pop()
    for opener in stack:
        problems.append((opener.line, opener.column, _never_closed, (opener.text,)))
    return problems


def check_stray_commas(tokens: list[Token]) -> list[SyntaxProblem]:
    """A statement-level ``,`` at a line end followed by a command call."""
    return [_written(p) for p in _stray_comma_problems(tokens)]


def _stray_comma_problems(tokens: list[Token]) -> list[_Pending]:
    """:func:`check_stray_commas` with messages not written yet."""
    problems: list[_Pending] = []
    stack: list[str] = []
    for index, token in enumerate(tokens):
        if token.kind == PUNCT and token.text in OPENERS:
            stack.append(token.text)
        elif token.kind == PUNCT and token.text in CLOSERS:
            if stack:
                stack.pop()
        elif token.kind == PUNCT and token.text == "," and (not stack or stack[-1] == "{"):
            rest = tokens[index + 1:index + 8]
            if not rest or rest[0].kind != NEWLINE:
                continue
            following = [t for t in rest if t.kind != NEWLINE]
            if (len(following) >= 2 and following[0].kind == IDENT
                    and following[1].kind in (STRING, IDENT, NUMBER)
                    and following[1].line == following[0].line):
                problems.append((token.line, token.column, _stray_comma,
                                 (following[0].text, following[1].text, following[0].line)))
    return problems
