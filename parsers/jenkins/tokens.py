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

from typing import NamedTuple
from jobmig.messages import msg

IDENT, STRING, NUMBER, PUNCT, NEWLINE = "ident", "string", "number", "punct", "newline"
OPENERS = {"(": ")", "[": "]", "{": "}"}
CLOSERS = {")": "(", "]": "[", "}": "{"}
_OPERATORS = tuple(sorted(("->", "?.", "*.", "==", "!=", "<=", ">=", "&&", "||", "++", "--",
                           "+=", "-=", "<<", ">>", "=~", "==~", "?:", "..", "**"),
                          key=len, reverse=True))
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "0": "\0",
                   "\\": "\\", "'": "'", '"': '"', "$": "$", "/": "/"}
# Punctuation that starts no comment, string, name or number: read at once.
_PLAIN_PUNCT = frozenset("()[]{},;:=!&|?+-*%<>~.@^#`")
# Operators by their first character, longest first (most punctuation starts none).
_OPERATORS_BY_FIRST: dict[str, tuple[str, ...]] = {
    first: tuple(o for o in _OPERATORS if o[0] == first) for first in {o[0] for o in _OPERATORS}}
#: problems listed one by one per script; the rest are counted in one more problem
MAX_PROBLEMS = 20
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
        for index, char in enumerate(source):
            if char == "\n":
                self.line_starts.append(index + 1)

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
    """Tokens of ``source`` (NEWLINE tokens kept) and the problems seen."""
    reader = _Reader(source)
    src = source
    tokens: list[Token] = []
    problems: list[SyntaxProblem] = []
    pos = 2 if src.startswith("#!") else 0
    if pos:
        pos = src.find("\n") if "\n" in src else len(src)

    def add(kind: str, start: int, end: int, value: str = "", literal: bool = True) -> None:
        line, column = reader.position(start)
        tokens.append(Token(kind, src[start:end], line, column, start, end, value, literal))

    def problem(offset: int, message: str) -> None:
        line, column = reader.position(offset)
        problems.append(SyntaxProblem(line, column, message))

    position, append, size = reader.position, tokens.append, len(src)
    while pos < size:
        char = src[pos]
        if char in _PLAIN_PUNCT:  # the commonest case, inlined (a long punctuation run)
            if char in _OPERATORS_BY_FIRST:
                op = next((o for o in _OPERATORS_BY_FIRST[char] if src.startswith(o, pos)),
                          char)
            else:
                op = char
            end = pos + len(op)
            line, column = position(pos)
            append(Token(PUNCT, op, line, column, pos, end, op, True))
            pos = end
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
            end = pos + 1
            while end < len(src) and (src[end].isalnum() or src[end] in "_$"):
                end += 1
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
        else:
            op = next((o for o in _OPERATORS_BY_FIRST.get(char, ()) if src.startswith(o, pos)),
                      char)
            add(PUNCT, pos, pos + len(op), op)
            pos += len(op)
    problems.extend(check_brackets(tokens))
    problems.extend(check_stray_commas(tokens))
    problems.sort(key=lambda p: (p.line, p.column))
    return tokens, cap_problems(problems)


def cap_problems(problems: list[SyntaxProblem], limit: int = MAX_PROBLEMS
                 ) -> list[SyntaxProblem]:
    """The first ``limit`` problems, then one that counts the others (at the first of them)."""
    if len(problems) <= limit:
        return problems
    rest = problems[limit]
    more = len(problems) - limit
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
    problems: list[SyntaxProblem] = []
    stack: list[Token] = []
    for token in tokens:
        if token.kind != PUNCT:
            continue
        if token.text in OPENERS:
            stack.append(token)
        elif token.text in CLOSERS:
            if not stack:
                problems.append(SyntaxProblem(token.line, token.column,
                                              msg("unexpected {text!r}: nothing to close",
                                                  text=token.text)))
            elif stack[-1].text != CLOSERS[token.text]:
                opener = stack[-1]
                problems.append(SyntaxProblem(
                    token.line, token.column,
                    msg("{text!r} does not close {text2!r} opened at {line}:{column}",
                        text=token.text, text2=opener.text, line=opener.line, column=opener.column)))
                if len(stack) > 1 and stack[-2].text == CLOSERS[token.text]:
                    stack.pop()  # the inner opener was left unclosed: recover
                    stack.pop()
            else:
                stack.pop()
    for opener in stack:
        problems.append(SyntaxProblem(opener.line, opener.column,
                                      msg("{text!r} is never closed", text=opener.text)))
    return problems


def check_stray_commas(tokens: list[Token]) -> list[SyntaxProblem]:
    """A statement-level ``,`` at a line end followed by a command call."""
    problems: list[SyntaxProblem] = []
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
                problems.append(SyntaxProblem(
                    token.line, token.column,
                    msg("stray ',' runs the statement into '{text} {text2}' on line {line}",
                        text=following[0].text, text2=following[1].text, line=following[0].line)))
    return problems
