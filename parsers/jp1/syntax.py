"""JP1/AJS3 unit definitions (``ajsprint -a`` text): tokenizer and unit tree.

This module knows the grammar only, not what any parameter means::

    file  := { comment | unit }*
    unit  := 'unit=' NAME ',' [PERM] ',' [USER] ',' [GROUP] ';' '{' { param | unit }* '}'
    param := KEY '=' VALUE ';'

(notes/jp1.md §1). Two stages, as in sqlglot: :func:`tokenize` turns text into
:class:`Token` objects that carry their line and column, and :func:`parse_units`
turns tokens into a tree of :class:`Unit` objects. Nothing here raises for
bad input: every problem becomes a :class:`SyntaxIssue` with a position and
what was expected, and the parser resynchronises:

- a parameter that is not closed by ``;`` ends at the end of its line (JP1 has
  no line continuation, so the next line starts a new statement);
- a quoted string ends at the end of its line if its closing ``"`` is missing;
- a malformed ``unit`` header (``unit X`` without ``=``) makes that unit
  unreadable: its ``{ ... }`` block is skipped with braces balanced and the
  parser resumes at the next ``unit=``;
- a ``{`` never closed is closed at end of input;
- a run of junk on one line (statements that are no ``key=value;``, blocks without a
  unit line, stray ``}`` at the top level) is one issue at its first token that says
  how much was skipped, and plain junk is skipped by one regex match rather than token
  by token (a line of a million ``;`` costs what its size warrants).

Both passes are linear in the input and iterative (no recursion), so deep or
huge exports cannot exhaust the stack. :func:`parse_units` reads the well-formed
bulk of a file without Token objects: line by line while each line holds one
statement, one brace or a comment (:meth:`_Parser.lines`, the layout ajsprint
writes), then from the regex matches (:meth:`_Parser.fast`), and hands over to
the token stream at the first thing that needs it. The result is the same as
the token stream's (a property test compares them).
"""
from __future__ import annotations

import re
import sys
from collections import deque
from dataclasses import dataclass, field
from typing import Iterator, NamedTuple, Union
from jobmig.messages import msg

# Token types.
WORD = "word"  # a run of characters that are not blanks or punctuation
STATEMENT = "statement"  # a whole simple 'key=value;' (see _STATEMENT); carries its Param
STRING = "string"  # "..." with #" and ## decoded
LBRACE, RBRACE, SEMI, EQ, COMMA, LPAREN, RPAREN = "{", "}", ";", "=", ",", "(", ")"
EOF = "eof"

# The "cast character" #: inside quotes, #" is a quote and ## is a # (notes §1 [M]).
# A # before any other character is kept as it is (lenient).
_STRING_BODY = r'(?:#[#"]|[^"#\n]|#(?![#"]))*'
_WORD_CHARS = r'[^\s{};=,()"/\u3000]'
_WORD = r'(?:' + _WORD_CHARS + r'|/(?!\*))+'
_FAST_STRING_BODY = r'[^"#\n]*(?:#[^\n]?[^"#\n]*)*'  # same language as _STRING_BODY, faster
# A whole 'key=value;' on one line with a plain value (no quotes inside, at most one
# parenthesised field without nesting, e.g. 'ar=(f=A,t=B,seq);' or 'cy=1,(1,d);'): most
# statements of an export. Read in one match; anything else goes token by token.
_PLAIN_CHAR = r'(?:[^;"{}()\n/]|/(?!\*))'
_FIELD_CHAR = r'(?:[^;"{}()\n/,]|/(?!\*))'
_STATEMENT = (r'(?P<key>[A-Za-z0-9_]+)[ \t]*=[ \t]*(?:"(?P<quoted>' + _FAST_STRING_BODY
              + r')"|(?P<grouped>(?:' + _FIELD_CHAR + r'*,)*[ \t]*\(' + _PLAIN_CHAR
              + r'*\)[ \t]*(?:,' + _PLAIN_CHAR + r'*)?)|(?P<plain>' + _PLAIN_CHAR
              + r'*?))[ \t\r]*;')
_TOKEN_BODY = (
    r'(?P<word>' + _WORD + r')'
    r'|(?P<punct>[{};=,()])'
    r'|(?P<string>"' + _FAST_STRING_BODY + r'")'
    r'|(?P<bad_string>"' + _FAST_STRING_BODY + r')'
    r'|(?P<comment>/\*.*?\*/)'
    r'|(?P<open_comment>/\*)'
    r'|(?P<end>\Z))'
)
_BLANKS = r'[ \t\r\n\f\v\u3000]*(?:'
# One match = optional blanks and line breaks, then one statement, token or comment.
_TOKEN = re.compile(_BLANKS + r'(?P<statement>' + _STATEMENT + r')|' + _TOKEN_BODY, re.DOTALL)
# The same without statements: re-reads a statement met where a value was expected.
_PLAIN_TOKEN = re.compile(_BLANKS + _TOKEN_BODY, re.DOTALL)
# Plain values up to this length are interned (ty=n, tho=0, ...).
_INTERNED_VALUE = 8
# Statements up to this length are read once per file (see _Parser.fast).
_KNOWN_STATEMENT = 40
# Token types after which a new statement may start on the same line.
_STATEMENT_STARTS = frozenset({SEMI, LBRACE, RBRACE, STATEMENT})
_UNESCAPE = re.compile(r'#([#"])')
# Unit types that hold other units (groups, jobnets, start conditions). A job-type
# unit never does, so 'unit=' inside one means its '}' is missing (notes §3) [I].
CONTAINER_TYPES = frozenset({"g", "mg", "n", "rn", "rm", "rr", "mn", "rc", "hln"})


class Token:
    """One lexical token. ``line``/``column`` are 1-based; ``start``/``end`` index the text.

    ``newline_before`` says a line break separates this token from the one
    before it: the parser uses it to end a statement whose ``;`` is missing.
    (A plain slotted class: tokens are the hot path of a 100,000-unit export.)
    """

    __slots__ = ("type", "text", "line", "column", "start", "end", "newline_before", "param")

    def __init__(self, type: str, text: str, line: int, column: int, start: int, end: int,
                 newline_before: bool = False) -> None:
        self.type = type
        self.text = text
        self.line = line
        self.column = column
        self.start = start
        self.end = end
        self.newline_before = newline_before
        self.param: Param | None = None  # set for STATEMENT tokens

    def __repr__(self) -> str:
        return f"Token({self.type!r}, {self.text!r}, {self.line}:{self.column})"


@dataclass(frozen=True, slots=True)
class SyntaxIssue:
    """A grammar problem: where it is, what was found and what was expected.

    ``kind`` is one of ``missing-semicolon``, ``unterminated-string``,
    ``unterminated-comment``, ``unit-in-comment`` (a unit that comment swallowed), ``unterminated-brace``, ``bad-unit-header``,
    ``unexpected``, ``missing-brace``, ``stray-brace``. ``unit`` names the
    unit the problem affects, when known.
    """

    kind: str
    message: str
    line: int
    column: int
    unit: str | None = None


Item = Union[str, tuple["Item", ...]]


class Param(NamedTuple):
    """``key=value;`` as written. ``raw`` is the value's source text (blanks trimmed).

    ``items`` are the comma-separated parts of the value: a quoted part is
    decoded (``#"`` → ``"``), a parenthesised part is a nested tuple, and any
    other part is its source text (``+240 +144`` keeps its inner blank).
    (A NamedTuple rather than a frozen dataclass: it is built once per statement.)
    """

    key: str
    raw: str
    items: tuple[Item, ...]
    line: int
    column: int

    @property
    def text(self) -> str:
        """The value as one string: the decoded string when the value is one quoted string."""
        items = self.items
        if len(items) == 1 and isinstance(items[0], str):
            return items[0]
        return self.raw


@dataclass(slots=True)
class Unit:
    """One ``unit=`` block: its attribute line, parameters in order, children in order."""

    name: str
    permission: str
    user: str
    group: str
    line: int
    column: int
    params: list[Param] = field(default_factory=list)
    children: list["Unit"] = field(default_factory=list)
    closed: bool = True  # False when its '{' was never closed
    _index: dict[str, list[Param]] | None = field(default=None, repr=False, compare=False)
    _ty: Param | None | bool = field(default=False, repr=False, compare=False)  # False: unread

    def values(self, key: str) -> list[Param]:
        """Every ``key=`` parameter of this unit, in file order (keys may repeat)."""
        return [param for param in self.params if param.key == key]

    def index(self) -> dict[str, list[Param]]:
        """Parameters by key, each list in file order. Built once, on the first call:
        call it only after parsing (while parsing, ``params`` still grows)."""
        if self._index is None:
            table: dict[str, list[Param]] = {}
            for param in self.params:
                table.setdefault(param.key, []).append(param)
            self._index = table
        return self._index

    def last(self, key: str) -> Param | None:
        """The last ``key=`` parameter (a later definition overrides an earlier one)."""
        for param in reversed(self.params):
            if param.key == key:
                return param
        return None

    def ty(self) -> Param | None:
        """``last("ty")``, read once, on the first call: call it only after parsing. (The
        reader asks a unit's type several times: for the group calendars, its parent's
        relations and map elements, and whether its children sit in a job group.)"""
        ty = self._ty
        if ty is False:
            ty = self._ty = self.last("ty")
        return ty  # type: ignore[return-value]

    def walk(self) -> Iterator["Unit"]:
        """This unit and all units below it, depth first, in file order."""
        stack = [self]
        while stack:
            unit = stack.pop()
            yield unit
            stack.extend(reversed(unit.children))


# -- tokenizer ----------------------------------------------------------------------

def tokenize(text: str) -> tuple[list[Token], list[SyntaxIssue]]:
    """Split ``text`` into tokens (comments and blanks dropped) plus lexical issues.

    The last token is always ``EOF``. Never raises.
    """
    issues: list[SyntaxIssue] = []
    return list(iter_tokens(text, issues)), issues


def iter_tokens(text: str, issues: list[SyntaxIssue], resume: _Resume | None = None
                ) -> Iterator[Token]:
    """Tokens of ``text`` one by one, ending with ``EOF``; lexical issues go to ``issues``.

    Linear: one regex match per token (a whole simple statement is one token),
    line numbers kept by counting line breaks between tokens. Lazy, so a large
    export never holds all its tokens at once. ``resume`` continues a
    tokenization that stopped after a token (see :class:`_Resume`).
    """
    count, rfind = text.count, text.rfind
    line, line_start, newline, last_end = 1, 0, False, 0
    previous = SEMI  # type of the last token given out (the start counts as after a ';')
    if resume is not None:
        line, line_start, newline, last_end, previous = resume
    for m in _TOKEN.finditer(text, last_end):
        kind = m.lastgroup
        start = m.start(kind) if kind else m.end()
        breaks = count("\n", last_end, start)
        if breaks:
            line += breaks
            line_start = rfind("\n", last_end, start) + 1
            newline = True
        column = start - line_start + 1
        end = m.end()
        last_end = end
        if kind == "statement":
            if not newline and previous not in _STATEMENT_STARTS:
                # 'k=x=y;' or a value after a comment: inside a value, read it token by
                # token (a statement never spans lines, so line and line_start stay).
                for sub in _PLAIN_TOKEN.finditer(text, start, end):
                    sub_kind = sub.lastgroup
                    if sub_kind in (None, "end"):
                        break
                    sub_start = sub.start(sub_kind)
                    token_type = WORD if sub_kind == "word" else sub.group(sub_kind)
                    if sub_kind == "string":
                        yield Token(STRING, _unescape(sub.group(sub_kind)[1:-1]), line,
                                    sub_start - line_start + 1, sub_start, sub.end())
                    else:
                        yield Token(token_type, sub.group(sub_kind), line,
                                    sub_start - line_start + 1, sub_start, sub.end())
                    previous = token_type
                continue
            param = _param_of(m, line, column)
            token = Token(STATEMENT, param.key, line, column, start, end, newline)
            token.param = param
            newline = False
            previous = STATEMENT
            yield token
            continue
        if kind == "word":
            yield Token(WORD, m.group(kind), line, column, start, end, newline)
        elif kind == "punct":
            value = m.group(kind)
            yield Token(value, value, line, column, start, end, newline)
        elif kind == "string":
            yield Token(STRING, _unescape(m.group(kind)[1:-1]), line, column, start, end,
                        newline)
        elif kind == "bad_string":
            issues.append(SyntaxIssue(
                "unterminated-string", msg('string is not closed; expected \'"\' before the end of '
                                           'the line (write a quote inside a string as #")'), line, column))
            yield Token(STRING, _unescape(m.group(kind)[1:]), line, column, start, end,
                        newline)
        elif kind in ("comment", "open_comment"):
            if kind == "open_comment":
                issues.append(SyntaxIssue(
                    "unterminated-comment", msg("comment '/*' is never closed; expected '*/' "
                                                "(the rest of the file was read as comment)"),
                    line, column))
                issues.extend(_units_in_comment(text, start, line))
                last_end = len(text)
                break
            last_end = start  # the comment's own line breaks are counted at the next token
            continue
        else:  # end of text
            break
        newline = False
        previous = STATEMENT if kind == "statement" else (
            WORD if kind in ("word", "string", "bad_string") else m.group(kind))
        if end == start and kind != "end":  # cannot happen; guards against a loop
            break
    breaks = count("\n", last_end, len(text))
    if breaks:
        line += breaks
        line_start = rfind("\n", last_end, len(text)) + 1
        newline = True
    yield Token(EOF, "", line, len(text) - line_start + 1, len(text), len(text), newline)


_UNIT_IN_COMMENT = re.compile(r"^[ \t]*unit[ \t]*=[ \t]*([^,;\r\n]*)", re.MULTILINE)


def _units_in_comment(text: str, start: int, line: int) -> Iterator[SyntaxIssue]:
    """An issue at each ``unit=`` line an unclosed comment opened at ``start`` (on
    ``line``) swallowed: those units were not read, and each is named where it stands."""
    at, number = start, line
    for match in _UNIT_IN_COMMENT.finditer(text, start):
        number += text.count("\n", at, match.start())
        at = match.start()
        name = match.group(1).strip()
        yield SyntaxIssue("unit-in-comment",
                          msg("unit {name} was not read: it is inside the comment opened at "
                              "line {line} and never closed", name=name, line=line),
                          number, match.start(1) - match.start() + 1, unit=name or None)


def _param_of(m: re.Match, line: int, column: int) -> Param:
    """The Param of a statement match of ``_TOKEN`` that starts at ``line``:``column``."""
    key, quoted, grouped, plain = m.group("key", "quoted", "grouped", "plain")
    # Keys and short plain values repeat in every unit (jobs keep them in their
    # attributes): one string object each instead of one per statement.
    key = sys.intern(key)
    if quoted is not None:
        raw = '"' + quoted + '"'
        items: tuple[Item, ...] = (_unescape(quoted),)
    elif grouped is not None:
        raw = grouped.strip()
        items = _grouped_items(raw)
    else:
        raw = plain.strip()
        if len(raw) <= _INTERNED_VALUE:
            raw = sys.intern(raw)
        if "," in raw:
            items = tuple([part.strip() for part in raw.split(",")])
        else:
            items = (raw,) if raw else ()
    return tuple.__new__(Param, (key, raw, items, line, column))


def _grouped_items(raw: str) -> tuple[Item, ...]:
    """Items of a value with one parenthesised field: ``1,(1,d)`` → ``("1", ("1", "d"))``."""
    before, _, rest = raw.partition("(")
    inner, _, after = rest.partition(")")
    items: list[Item] = [part.strip() for part in before.split(",")[:-1]]
    items.append(tuple([part.strip() for part in inner.split(",")]) if inner.strip() else ())
    if after.strip():
        items.extend(part.strip() for part in after.split(",")[1:])
    return tuple(items)


def _unescape(body: str) -> str:
    return _UNESCAPE.sub(_group1, body) if "#" in body else body


def _group1(match: re.Match) -> str:
    return match.group(1)


class _Resume(NamedTuple):
    """Where :func:`iter_tokens` picks up: the state it keeps between two tokens."""

    line: int
    line_start: int
    newline: bool
    last_end: int
    previous: str


# A line read by _Parser.lines: the blanks of _BLANKS but the line break around one statement.
_LINE_BLANKS = " \t\r\f\v\u3000"
_STATEMENT_LINE = re.compile(_STATEMENT)  # backtracks as _TOKEN does at a statement
_BLOCK = 1 << 20  # characters per block of lines (_blocks_of_lines)


class _Block(NamedTuple):
    """Consecutive lines of a text: the first one's number and offset, the lines."""

    first_line: int
    offset: int
    lines: list[str]

    def resume(self, line_no: int, previous: str | None) -> _Resume:
        """The tokenizer's state at the start of line ``line_no`` of this block, after a
        token of type ``previous`` on an earlier line (``None``: at the start of the text)."""
        if previous is None:
            return _Resume(1, 0, False, 0, SEMI)
        index = line_no - self.first_line
        start = self.offset + sum(map(len, self.lines[:index])) + index
        return _Resume(line_no, start, True, start, previous)


def _blocks_of_lines(text: str) -> Iterator[_Block]:
    """The lines of ``text`` (split at ``\\n``) in consecutive blocks of about
    :data:`_BLOCK` characters, so that the lines of a large export never all exist
    at once."""
    first_line, start = 1, 0
    while True:
        end = text.find("\n", start + _BLOCK)
        if end < 0:
            yield _Block(first_line, start, text[start:].split("\n"))
            return
        lines = text[start:end].split("\n")
        yield _Block(first_line, start, lines)
        first_line, start = first_line + len(lines), end + 1


# After a 'unit=...;' statement: blanks, then the unit's '{' (so that token is '{').
_BRACE_NEXT = re.compile(r'[ \t\r\n\f\v\u3000]*\{')

# Junk in a unit body, read at the text level (a line of 100,000 ';' or 'a;' must not cost
# 100,000 tokens and findings). A segment is text up to a ';' that holds no quote, comment,
# brace or line break; after the junk statement that starts the run, each further segment
# is junk too unless it starts as a parameter would ('key =', with blanks or line breaks
# before the '='), with 'unit', or with something a segment cannot hold.
# The tokenizer passes over every character that is no word, punctuation, quote or comment:
# the blanks of _BLANKS and any other Unicode blank (U+00A0, U+2028, ...), so those count as
# blanks here too; between a key and its '=' it passes over line breaks and comments as well.
# A 'unit' token followed by '=' (blanks and comments between): junk before it on the same
# line ends there, so 'x unit=K,,a,;' loses the junk, not the unit (as skip_statement does).
_UNIT_AHEAD = (r'(?<!' + _WORD_CHARS + r')(?<!/)unit(?!' + _WORD_CHARS + r'|/(?!\*))'
               r'(?:\s|\u3000|/\*(?s:.*?)\*/)*+=')
_SEGMENT = r'(?:(?!' + _UNIT_AHEAD + r')(?:[^;{}"\n/]|/(?!\*)))*+'
_VALID_START = (r'(?:[^\S\n]|\u3000)*+(?:(?:' + _WORD_CHARS + r'|/(?!\*))++'
                r'(?:\s|\u3000|/\*(?s:.*?)\*/)*+='
                r'|unit(?!' + _WORD_CHARS + r'|/(?!\*))|[{}"\n]|/\*|\Z)')
_JUNK_RUN = re.compile(_SEGMENT + r'(?:;(?!' + _VALID_START + r')' + _SEGMENT + r')*+;?')
# Junk at the top level, read at the text level up to the next quote, comment, '{' or
# 'unit' (then token by token again; see _Parser.plain_top_junk).
_TOP_JUNK = re.compile(r'(?:[^"/{u]|/(?!\*)|u(?!nit))*+')
_TOP_PLAIN_STARTS = frozenset({WORD, SEMI, EQ, COMMA, LPAREN, RPAREN, RBRACE})
_ALL_BLANKS = " \t\r\n\f\v\u3000"
_BOUNDARIES = _ALL_BLANKS + '{};=,()"'
# Messages made once (a file of junk lines says them once per line; a Message is immutable).
_EXPECTED_EQUALS = msg("expected '=' after parameter name")
_EXPECTED_PARAM = msg("expected a parameter 'key=value;' or 'unit='")
_ONE_STRAY = msg("'}}' without a matching '{{'")
# Tokens a junk run read by _JUNK_RUN may start with.
_PLAIN_STARTS = frozenset({WORD, SEMI, EQ, COMMA, LPAREN, RPAREN})
# Blocks '{...}' in a row on one line that hold no brace, quote, comment or 'unit' (where a
# skipped block would stop), with the blanks between them.
_PLAIN_BLOCK = r'\{(?:[^{}"\n/u]|/(?!\*)|u(?!nit))*+\}'
_BLOCK_RUN = re.compile(_PLAIN_BLOCK + r'(?:[ \t\r\f\v\u3000]*+' + _PLAIN_BLOCK + r')*+')
# Stray closing braces at the top level, with the blanks between them (not line breaks).
_BRACE_RUN = re.compile(r'\}(?:[ \t\r\f\v\u3000]*+\})*+')


# -- parser -------------------------------------------------------------------------

@dataclass
class _Frame:
    unit: Unit | None  # None: the top level
    open_line: int = 0
    open_column: int = 0
    # _holds_no_units(unit) as of len(unit.params) == checked (a jobnet with thousands of
    # arrows and units would otherwise rescan its parameters for each unit)
    checked: int = -1
    no_units: bool = False

    def holds_no_units(self) -> bool:
        unit = self.unit
        if unit is None:
            return False
        if self.checked != len(unit.params):
            self.no_units = _holds_no_units(unit)
            self.checked = len(unit.params)
        return self.no_units


@dataclass
class _Level:
    """Fields being collected at one parenthesis depth of a value."""

    fields: list[Item] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    group: Item | None = None
    started: bool = False

    def end_field(self, item) -> None:
        if self.tokens:
            self.fields.append(item(self.tokens))
        elif self.group is not None:
            self.fields.append(self.group)
        else:
            self.fields.append("")
        self.tokens, self.group = [], None

    def finish(self, item) -> tuple[Item, ...]:
        if self.started:
            self.end_field(item)
        return tuple(self.fields)


class _Parser:
    """Statement-level parser over the token stream (see module docstring for recovery)."""

    def __init__(self, text: str, tokens: Iterator[Token] | None,
                 issues: list[SyntaxIssue]) -> None:
        self.text = text
        self.stream = tokens
        self.ahead: deque[Token] = deque()  # look-ahead buffer (at most 2 tokens)
        self.last_token: Token | None = None  # EOF, once seen
        self.issues = issues
        self.roots: list[Unit] = []

    # token helpers
    def peek(self, offset: int = 0) -> Token:
        ahead = self.ahead
        while len(ahead) <= offset:
            if self.last_token is not None:
                return self.last_token
            token = next(self.stream)
            if token.type == EOF:
                self.last_token = token
            ahead.append(token)
        return ahead[offset]

    def advance(self, count: int = 1) -> None:
        for _ in range(count):
            if self.ahead:
                self.ahead.popleft()
            elif self.last_token is None:
                self.peek()
                self.ahead.popleft()

    def issue(self, kind: str, message: str, token: Token, unit: str | None = None) -> None:
        self.issues.append(SyntaxIssue(kind, message, token.line, token.column, unit))

    # main loop
    def parse(self) -> list[Unit]:
        stack = [_Frame(None)]
        if self.stream is None:
            if self.fast(stack):
                return self.roots
        ahead = self.ahead
        while True:
            if not ahead and self.last_token is None:
                # peek() inlined, and a parameter statement inside a unit (most tokens of
                # an export) taken at once, as the STATEMENT branch below would
                token = next(self.stream)  # a skip may have reseated it
                if token.type == STATEMENT and token.text != "unit":
                    unit = stack[-1].unit
                    if unit is not None:
                        unit.params.append(token.param)
                        continue
                if token.type == EOF:
                    self.last_token = token
                ahead.append(token)
            token = self.peek()
            frame = stack[-1]
            if token.type == EOF:
                for open_frame in reversed(stack[1:]):
                    unit = open_frame.unit
                    assert unit is not None
                    unit.closed = False
                    self.issues.append(SyntaxIssue(
                        "unterminated-brace", msg("unit {name}: '{{' opened at line {open_line} "
                                                  "is never closed; expected '}}'",
                                                  name=unit.name, open_line=open_frame.open_line),
                        open_frame.open_line, open_frame.open_column, unit.name))
                return self.roots
            if token.type == RBRACE:
                self.advance(1)
                if len(stack) == 1:
                    self.stray_braces(token)
                else:
                    stack.pop()
                continue
            if token.type == STATEMENT:
                if token.text != "unit":
                    if frame.unit is None:
                        self.issue("unexpected", msg("expected 'unit=' at top level, found "
                                                     "'{text}='; skipped to the next 'unit='",
                                                     text=token.text), token)
                        self.advance(1)
                        self.skip_to_unit()
                    else:
                        frame.unit.params.append(token.param)
                        self.advance(1)
                    continue
                if frame.holds_no_units():
                    self.close_job(frame, token)
                    stack.pop()
                    continue
                self.advance(1)
                child = self.open_unit(frame, token, [i if isinstance(i, str) else ""
                                                      for i in token.param.items])
                if child is not None:
                    stack.append(child)
                continue
            if token.type == WORD and token.text == "unit":
                nxt = self.peek(1)
                if nxt.type == EQ and frame.holds_no_units():
                    self.close_job(frame, token)
                    stack.pop()
                    continue
                if nxt.type == EQ:
                    child = self.unit_header(frame)
                    if child is not None:
                        stack.append(child)
                    continue
                self.bad_unit_header(token, frame)
                continue
            if frame.unit is None:
                self.issue("unexpected", msg("expected 'unit=' at top level, found {token}; "
                                             "skipped to the next 'unit='",
                                             token=_describe(token)), token)
                self.skip_to_unit()
                continue
            self.param(frame.unit)

    def fast(self, stack: list[_Frame]) -> bool:
        """Read the well-formed part of the text without Token objects; True when done.

        Parameters, ``unit=...;`` lines followed by ``{``, ``}`` and the end are
        taken here exactly as :func:`iter_tokens` and the loop of :meth:`parse`
        would take them (most of an export). At anything else (a comment, a
        string outside a statement, a value that is not closed, a stray brace,
        ...) it stops before that token and leaves the rest to the general loop,
        with the tokenizer resumed where it stopped (``self.stream``).
        """
        text = self.text
        count, rfind = text.count, text.rfind
        brace_next = _BRACE_NEXT.match
        # key, raw value and items of each short statement already read: an export repeats
        # 'ty=j;', 'tho=0;' and the like in every unit (the Param is the same but for
        # its position, and its parts are immutable)
        known: dict[str, tuple[str, str, tuple[Item, ...]]] = {}
        resume = self.lines(stack, known)
        if resume is None:
            return True
        new_tuple = tuple.__new__
        line, line_start, newline, last_end, previous = resume
        # the parameters of the innermost open unit (None at the top level)
        params = stack[-1].unit.params if stack[-1].unit is not None else None
        matches = _TOKEN.finditer(text, last_end)
        for m in matches:
            kind = m.lastgroup
            if kind == "statement":
                start = m.start(kind)
                breaks = count("\n", last_end, start)
                if breaks:
                    new_line_no = line + breaks
                    new_line_start = rfind("\n", last_end, start) + 1
                elif newline or previous in _STATEMENT_STARTS:
                    new_line_no, new_line_start = line, line_start
                else:
                    break
                statement = m.group(kind)
                parts = known.get(statement)
                if parts is None:
                    parts = _param_of(m, 0, 0)[:3]
                    if len(statement) <= _KNOWN_STATEMENT:
                        known[statement] = parts
                if parts[0] != "unit":
                    if params is None:
                        break
                    params.append(new_tuple(Param, (*parts, new_line_no,
                                                    start - new_line_start + 1)))
                else:
                    frame = stack[-1]
                    fields = [i if isinstance(i, str) else "" for i in parts[2]]
                    name = fields[0].strip() if fields else ""
                    brace = brace_next(text, m.end())
                    if not name or brace is None or frame.holds_no_units():
                        break
                    fields = fields + [""] * (4 - len(fields))
                    unit = self._new_unit(name, fields, new_line_no, start - new_line_start + 1,
                                          frame.unit)
                    # the '{' token (blanks, then '{': one punct match)
                    next(matches)
                    brace_at = brace.end() - 1
                    brace_breaks = count("\n", m.end(), brace_at)
                    if brace_breaks:
                        new_line_no += brace_breaks
                        new_line_start = rfind("\n", m.end(), brace_at) + 1
                    stack.append(_Frame(unit, new_line_no, brace_at - new_line_start + 1))
                    params = unit.params
                    line, line_start, newline, last_end = new_line_no, new_line_start, False, \
                        brace.end()
                    previous = LBRACE
                    continue
                line, line_start, newline, last_end = new_line_no, new_line_start, False, m.end()
                previous = STATEMENT
            elif kind == "punct" and m.group(kind) == RBRACE and len(stack) > 1:
                start = m.start(kind)
                breaks = count("\n", last_end, start)
                if breaks:
                    line += breaks
                    line_start = rfind("\n", last_end, start) + 1
                stack.pop()
                params = stack[-1].unit.params if stack[-1].unit is not None else None
                newline, last_end, previous = False, m.end(), RBRACE
            elif kind == "end" and len(stack) == 1:
                return True
            else:
                break
        self.stream = iter_tokens(text, self.issues,
                                  _Resume(line, line_start, newline, last_end, previous))
        return False

    def lines(self, stack: list[_Frame], known: dict[str, tuple[str, str, tuple[Item, ...]]]
              ) -> _Resume | None:
        """Read whole lines while each holds one thing; ``None`` when the text is done.

        ajsprint writes one statement per line: ``key=value;``, a ``unit=...;`` line
        whose ``{`` is alone on a later line, or a lone ``}``. Such a line is read
        here by itself (a short statement seen before needs no regex at all), as
        :meth:`fast` would read it; so are blank lines and a line that is one
        whole ``/* comment */``. At the first other line (two statements on one
        line, a comment that spans lines, a missing ``;``, a ``unit=`` not followed
        by its ``{``, ...) it stops and returns the tokenizer's state at the start of
        that line, where :meth:`fast` picks up.
        """
        statement_at = _STATEMENT_LINE.match
        new_tuple = tuple.__new__
        blanks = _LINE_BLANKS
        frame = stack[-1]
        params = frame.unit.params if frame.unit is not None else None
        previous: str | None = None  # type of the last token read; None: nothing read yet
        header: tuple[str, list[str], int, int, _Block] | None = None  # unit line, no '{' yet
        block = _Block(1, 0, [])
        # key, raw value, items and column of each parameter line already read, by the whole
        # line: the same short statement at the same depth repeats in every unit
        by_line: dict[str, tuple[str, str, tuple[Item, ...], int]] = {}
        for block in _blocks_of_lines(self.text):
            for line_no, raw in enumerate(block.lines, block.first_line):
                seen = by_line.get(raw)
                if seen is not None and params is not None and header is None:
                    params.append(new_tuple(Param, (seen[0], seen[1], seen[2], line_no, seen[3])))
                    previous = STATEMENT
                    continue
                body = raw.strip(blanks)
                if not body:
                    continue
                if header is not None:
                    if body != "{":  # fast() reads the unit line again and says what is wrong
                        return header[4].resume(header[2], previous)
                    name, fields, unit_line, unit_column, _ = header
                    header = None
                    unit = self._new_unit(name, fields, unit_line, unit_column, frame.unit)
                    frame = _Frame(unit, line_no, len(raw) - len(raw.lstrip(blanks)) + 1)
                    stack.append(frame)
                    params = unit.params
                    previous = LBRACE
                    continue
                parts = known.get(body)
                if parts is None:
                    if body == "}":
                        if len(stack) == 1:
                            return block.resume(line_no, previous)
                        stack.pop()
                        frame = stack[-1]
                        params = frame.unit.params if frame.unit is not None else None
                        previous = RBRACE
                        continue
                    if body.startswith("/*") and body.find("*/", 2) == len(body) - 2:
                        continue  # a whole-line comment: dropped, as the tokenizer drops it
                    m = statement_at(body)
                    if m is None or m.end() != len(body):
                        return block.resume(line_no, previous)
                    parts = _param_of(m, 0, 0)[:3]
                    if len(body) <= _KNOWN_STATEMENT:
                        known[body] = parts
                if parts[0] != "unit":
                    if params is None:
                        return block.resume(line_no, previous)
                    column = len(raw) - len(raw.lstrip(blanks)) + 1
                    params.append(new_tuple(Param, (*parts, line_no, column)))
                    if len(body) <= _KNOWN_STATEMENT:
                        by_line[raw] = (*parts, column)
                    previous = STATEMENT
                    continue
                fields = [i if isinstance(i, str) else "" for i in parts[2]]
                name = fields[0].strip() if fields else ""
                if not name or frame.holds_no_units():
                    return block.resume(line_no, previous)
                header = (name, fields + [""] * (4 - len(fields)), line_no,
                          len(raw) - len(raw.lstrip(blanks)) + 1, block)
        if header is not None:
            return header[4].resume(header[2], previous)
        if len(stack) == 1:
            return None
        # braces left open: fast() meets the end of the text and hands over to parse()
        last = block.lines[-1] if block.lines else ""
        line_no = block.first_line + len(block.lines) - 1
        size = len(self.text)
        return _Resume(line_no, size - len(last), not last.strip(blanks), size, previous or SEMI)

    def close_job(self, frame: _Frame, token: Token) -> None:
        """'unit=' inside a job-type unit: its '}' is missing; close it here."""
        unit = frame.unit
        assert unit is not None
        unit.closed = False
        self.issue("unterminated-brace", msg("unit {name} (ty={text}) cannot contain units; "
                                             "expected '}}' before this 'unit=' (its '{{' is at "
                                             "line {open_line}); {name} was closed here",
                                             name=unit.name,
                                             text=unit.last('ty').text,
                                             open_line=frame.open_line), token, unit.name)

    def unit_header(self, parent: _Frame) -> _Frame | None:
        """``unit=name,perm,user,group;`` then ``{``; returns the frame of the new unit."""
        head = self.peek()
        self.advance(2)  # 'unit' '='
        items, _raw, end_token, closed = self.value(head)
        fields = [item if isinstance(item, str) else "" for item in items]
        if not closed and fields and fields[-1] == ":":
            # ajsprint ends the attribute line with ';'; a ':' is a common typo (file 07).
            fields.pop()
            self.issues[-1] = SyntaxIssue(
                "missing-semicolon", msg("unit attribute line ends with ':'; expected ';'"),
                self.issues[-1].line, self.issues[-1].column, fields[0] if fields else None)
        return self.open_unit(parent, head, fields)

    def open_unit(self, parent: _Frame, head: Token, fields: list[str]) -> _Frame | None:
        """Add the unit named by ``fields`` to ``parent`` and enter its ``{``."""
        name = fields[0].strip() if fields else ""
        fields = fields + [""] * (4 - len(fields))
        if not name:
            self.issue("bad-unit-header", msg("unit attribute line has no unit name; expected "
                                              "'unit=name,permission,user,group;'"), head)
            self.skip_block()
            return None
        unit = self._new_unit(name, fields, head.line, head.column, parent.unit)
        brace = self.peek()
        if brace.type != LBRACE:
            self.issue("missing-brace", msg("unit {name}: expected '{{' after the unit attribute "
                                            "line, found {brace}",
                                            name=name, brace=_describe(brace)), brace, name)
            return None
        self.advance(1)
        return _Frame(unit, brace.line, brace.column)

    def bad_unit_header(self, token: Token, frame: _Frame) -> None:
        """``unit`` not followed by ``=``: report, skip this unit's block, resume."""
        after = self.peek(1)
        self.advance()
        name_token = self.peek()
        name = name_token.text.split(",")[0] if name_token.type == WORD else None
        self.skip_statement()
        block_line = self.peek().line
        self.skip_block()
        skipped = self.peek().line - block_line
        self.issue("bad-unit-header", msg("expected '=' after 'unit', found {after}; unit "
                                          "{value} (about {skipped} lines) could not be read and "
                                          "was skipped",
                                          after=_describe(after),
                                          value=name or '?',
                                          skipped=max(skipped, 1)), token, name)

    def param(self, unit: Unit) -> None:
        """``key=value;`` inside a unit body."""
        token = self.peek()
        if token.type == WORD and self.peek(1).type == EQ:
            self.advance(2)
            items, raw, _end, _closed = self.value(token, unit.name)
            unit.params.append(Param(token.text, raw, items, token.line, token.column))
            return
        if token.type == LBRACE:
            blocks = self.skip_blocks(token)
            if blocks == 1:
                self.issue("unexpected", msg("unit {name}: '{{' without a unit attribute line; "
                                             "the block was skipped up to its '}}' or the next "
                                             "'unit='",
                                             name=unit.name), token,
                           unit.name)
            else:
                self.issue("unexpected", msg("unit {name}: {count} blocks '{{...}}' in a row on "
                                             "this line without a unit attribute line; each was "
                                             "skipped up to its '}}' or the next 'unit='",
                                             name=unit.name, count=blocks), token, unit.name)
            return
        if token.type == WORD:
            expected = _EXPECTED_EQUALS
        else:
            expected = _EXPECTED_PARAM
        statements, end = self.skip_junk(token)
        if statements <= 1:
            self.issue("unexpected", msg("unit {name}: {expected}, found {token}; the statement "
                                         "was skipped",
                                         name=unit.name, expected=expected,
                                         token=_describe(token)), token, unit.name)
            return
        self.issue("unexpected", msg("unit {name}: {expected}, found {token}; it and the next "
                                     "{more} statements on this line, none of them "
                                     "'key=value;', were skipped ({chars} characters, to "
                                     "column {column})",
                                     name=unit.name, expected=expected, token=_describe(token),
                                     more=statements - 1, chars=end - token.start,
                                     column=token.column + end - token.start - 1),
                   token, unit.name)

    def reseat(self, token: Token, end: int, previous: str) -> None:
        """Go on reading at offset ``end`` (a token boundary at or after ``token``, the
        current token), after a token of type ``previous``: the look-ahead is dropped and
        the tokenizer restarted there. The problems the tokenizer found in that look-ahead
        (a quote or a comment not closed) are dropped too: it finds them again. (The parser
        has said nothing yet about anything from ``end`` on.)"""
        self.ahead.clear()
        self.last_token = None
        text = self.text
        breaks = text.count("\n", token.start, end)
        if breaks:
            line, line_start = token.line + breaks, text.rfind("\n", token.start, end) + 1
        else:
            line, line_start = token.line, token.start - token.column + 1
        issues, at = self.issues, (line, end - line_start + 1)
        while issues and (issues[-1].line, issues[-1].column) >= at:
            issues.pop()
        self.stream = iter_tokens(text, issues, _Resume(line, line_start, False, end, previous))

    def skip_junk(self, token: Token) -> tuple[int, int]:
        """Skip the run of junk statements that starts at ``token`` (the current token,
        which cannot start a parameter): this statement, to just after its ``;`` or to the
        end of its line, and each following one on the same line whose first token cannot
        start a parameter either. Returns how many statements were skipped and the offset
        where reading goes on.

        Plain text (no quote, comment or brace) is skipped with one regex match; the rest
        token by token, as :meth:`skip_statement` does.
        """
        text = self.text
        semis = 0
        started = False  # a part of the run was skipped
        while True:
            if token.type in _PLAIN_STARTS:
                end = _JUNK_RUN.match(text, token.start).end()
                semis += text.count(";", token.start, end)
                ended = text[end - 1] == ";"
                if end == token.end:
                    self.advance(1)  # the run is this token: the tokenizer is there already
                else:
                    self.reseat(token, end, SEMI if ended else WORD)
                if not ended and text[end:end + 1] in ('"', "/"):
                    ended = self.skip_statement(started=True)  # a quote or comment inside
                    semis += ended
            else:
                ended = self.skip_statement(started=started)
                semis += ended
            started = True
            token = self.peek()
            if not ended or token.newline_before or token.type in (EOF, LBRACE, RBRACE,
                                                                   STATEMENT) or (
                    token.type == WORD and (token.text == "unit" or self.peek(1).type == EQ)):
                end = token.start if token.type != EOF else len(text)
                while text[end - 1].isspace():  # the blanks and line breaks before it
                    end -= 1
                return semis + (not ended), end

    def skip_blocks(self, token: Token) -> int:
        """Skip the block that opens at ``token`` (the current ``{``) as :meth:`skip_block`
        with ``stop_at_unit`` does, and each block that opens right after it on the same
        line; returns how many. Blocks of plain text on one line are skipped by one regex
        match, the others token by token."""
        blocks = 0
        while True:
            m = _BLOCK_RUN.match(self.text, token.start)
            if m is not None:
                blocks += m.group().count("{")
                self.reseat(token, m.end(), RBRACE)
            else:
                blocks += 1
                self.skip_block(stop_at_unit=True)
            token = self.peek()
            if token.type != LBRACE or token.newline_before:
                return blocks

    def stray_braces(self, token: Token) -> None:
        """A ``}`` at the top level (it was advanced past): it and the ``}`` right after it
        on the same line are one problem."""
        first, count, text = token, 0, self.text
        while True:
            end = _BRACE_RUN.match(text, token.start).end()
            count += text.count("}", token.start, end)
            if end > token.end:
                self.reseat(token, end, RBRACE)
            after = self.peek()
            if after.type != RBRACE or after.newline_before:
                break
            self.advance(1)
            token = after
        if count == 1:
            self.issue("stray-brace", _ONE_STRAY, first)
            return
        self.issue("stray-brace", msg("{count} '}}' without a matching '{{' in a row, to column "
                                      "{column}; all were skipped",
                                      count=count, column=first.column + end - first.start - 1),
                   first)

    def value(self, head: Token, unit: str | None = None) -> tuple[tuple[Item, ...], str, Token, bool]:
        """Read a value up to ``;``. Returns (items, raw text, last token, closed by ';').

        Fields are split at commas outside parentheses; ``,,`` gives an empty
        field (``unit=0001,,,;`` has four fields); ``(...)`` gives a tuple.
        """
        levels = [_Level()]
        first = last = None
        closed = False
        while True:
            token = self.peek()
            if token.type == SEMI and len(levels) == 1:
                self.advance(1)
                closed = True
                break
            if token.type in (EOF, LBRACE, RBRACE) or token.newline_before:
                where = last or head
                width = len(self.text[where.start:where.end])
                if _unterminated(self.text, where):
                    break  # already reported as an unterminated string
                self.issues.append(SyntaxIssue(
                    "missing-semicolon", msg("'{text}=' is not closed; expected ';' after {where}",
                                             text=head.text, where=_describe(where)), where.line, where.column + width, unit))
                break
            self.advance(1)
            first = first or token
            last = token
            if token.type == RPAREN and len(levels) > 1:
                inner = levels.pop()
                levels[-1].group = inner.finish(self.item)
                continue
            level = levels[-1]
            level.started = True
            if token.type == LPAREN:
                levels.append(_Level())
            elif token.type == COMMA:
                level.end_field(self.item)
            else:
                level.tokens.append(token)
        while len(levels) > 1:  # '(' never closed: close it here
            inner = levels.pop()
            levels[-1].group = inner.finish(self.item)
        items = levels[0].finish(self.item)
        raw = self.text[first.start:last.end].strip() if first and last else ""
        return items, raw, last or head, closed

    def item(self, tokens: list[Token]) -> str:
        """One field's text: a lone quoted string decoded, else the source text as written."""
        if len(tokens) == 1 and tokens[0].type == STRING:
            return tokens[0].text
        return self.text[tokens[0].start:tokens[-1].end]

    # recovery helpers
    def skip_statement(self, started: bool = False) -> bool:
        """Skip to just after the next ``;`` on this line, or to the line's end; True when
        a ``;`` ended it. ``started``: a part of the statement was skipped already, so a
        token on the next line is not skipped.
        """
        first = not started
        while True:
            token = self.peek()
            if token.type in (EOF, LBRACE, RBRACE) or (token.newline_before and not first):
                return False
            if not first and self.at_unit(token):
                return False  # junk before a unit line on the same line does not swallow it
            self.advance(1)
            first = False
            if token.type == SEMI:
                return True

    def _new_unit(self, name: str, fields: list[str], line: int, column: int,
                  parent: "Unit | None") -> "Unit":
        """A unit from its ``unit=`` fields, added to ``parent``'s children (or the roots)."""
        unit = Unit(name, fields[1].strip(), fields[2].strip(), fields[3].strip(), line, column)
        (self.roots if parent is None else parent.children).append(unit)
        return unit

    def at_unit(self, token: Token) -> bool:
        """True when ``token`` (the next one) starts a ``unit=`` statement."""
        return ((token.type == WORD and token.text == "unit" and self.peek(1).type == EQ)
                or (token.type == STATEMENT and token.text == "unit"))

    def skip_block(self, stop_at_unit: bool = False) -> None:
        """If a ``{`` follows, skip it and everything up to its matching ``}``.

        ``stop_at_unit``: stop before a ``unit=`` statement too (a block without
        its unit line, or with braces never closed, does not swallow the units
        after it; the brace problems that follow are reported where they are).
        """
        if self.peek().type != LBRACE:
            return
        depth = 0
        while True:
            token = self.peek()
            if token.type == EOF:
                return
            if stop_at_unit and depth and self.at_unit(token):
                return
            self.advance(1)
            if token.type == LBRACE:
                depth += 1
            elif token.type == RBRACE:
                depth -= 1
                if depth == 0:
                    return

    def skip_to_unit(self) -> None:
        """Top level: skip tokens (whole blocks at a time) until the next ``unit=``; each
        skipped line after the first (which the caller's issue names) that reads as a cron
        entry gets an issue of its own, so entries of another export pasted into this one
        are named at their lines, not lost under the one issue."""
        first = self.peek()
        while True:
            token = self.peek()
            if token.type == EOF:
                break
            if token.type == WORD and token.text == "unit" and self.peek(1).type == EQ:
                break
            if token.type == STATEMENT and token.text == "unit":
                break
            if token.type == LBRACE:
                self.skip_block(stop_at_unit=True)  # a unit inside the junk is read
            elif token.type in _TOP_PLAIN_STARTS:
                end = self.plain_top_junk(token)
                if end > token.end:
                    last = self.text[end - 1]
                    self.reseat(token, end, last if last in ";}=,()" else WORD)
                else:
                    self.advance(1)
            else:
                self.advance(1)
        self._cron_entries_skipped(first, None if token.type == EOF else token.line)

    def plain_top_junk(self, token: Token) -> int:
        """Where the plain text from ``token`` on ends (see :data:`_TOP_JUNK`), backed off
        to the end of its last token: at most ``token.start``."""
        text = self.text
        end = _TOP_JUNK.match(text, token.start).end()
        if text.startswith("unit", end):  # a 'unit' inside a word is no unit: back off it
            while end > token.start and text[end - 1] not in _BOUNDARIES:
                end -= 1
        while end > token.start and text[end - 1] in _ALL_BLANKS:
            end -= 1
        return end

    def _cron_entries_skipped(self, first: Token, stop: int | None) -> None:
        """An issue at each line after ``first``'s and before line ``stop`` (None: to the
        end) that reads as a cron entry; only the skipped text is looked at."""
        from jobmig.parsers.crontab import looks_like_entry

        text = self.text
        at = text.find("\n", first.start) + 1
        number = first.line + 1
        while at and (stop is None or number < stop) and at < len(text):
            end = text.find("\n", at)
            line = text[at:] if end < 0 else text[at:end]
            if looks_like_entry(line):
                self.issues.append(SyntaxIssue(
                    "unexpected", msg("a cron entry where a JP1 unit should be, not read: "
                                      "{value!r}", value=line.strip()[:80]),
                    number, len(line) - len(line.lstrip()) + 1, None))
            at, number = end + 1, number + 1


def _holds_no_units(unit: Unit | None) -> bool:
    """True for a unit whose ``ty`` says it is a job (it cannot hold child units)."""
    if unit is None:
        return False
    ty = unit.last("ty")
    return ty is not None and bool(ty.text.strip()) and ty.text.strip() not in CONTAINER_TYPES


def _unterminated(text: str, token: Token) -> bool:
    return token.type == STRING and (token.end - token.start < 2 or text[token.end - 1] != '"')


def _describe(token: Token) -> str:
    if token.type == EOF:
        return msg("end of file")
    if token.type == STRING:
        return msg("a quoted string")
    if token.type == STATEMENT:
        return f"'{token.text}=...;'"
    text = token.text if len(token.text) <= 30 else token.text[:27] + "..."
    return f"'{text}'"


def parse_units(text: str) -> tuple[list[Unit], list[SyntaxIssue]]:
    """Parse a whole unit definition text into its top-level units and the issues met.

    Every unit that could be read is returned, even when others could not.
    Issues are sorted by position. Never raises.
    """
    issues: list[SyntaxIssue] = []
    parser = _Parser(text, None, issues)  # no token stream: parse() starts with fast()
    roots = parser.parse()
    issues.sort(key=lambda issue: (issue.line, issue.column))
    return roots, issues
