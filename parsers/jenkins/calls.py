"""Find method calls and their arguments in a tokenized Groovy script.

Contract: :func:`find_calls` returns every call of a wanted name, in source
order, as a :class:`Call` with positional and named arguments. A call is
``name(args)`` (optionally followed by a closure ``{…}``) or, for names in
``command_names``, a Groovy command expression at the start of a statement
(``build job: 'x', wait: false``, ``label 'linux'``). Method calls on an
object (``x.cron(...)``) are not matched, except on the pipeline script object
shared library code calls steps through (``steps.build job: x``, see
:data:`STEP_RECEIVERS`). Each call knows the labels of the
``{…}`` blocks around it (``pipeline``, ``triggers``, ``options``, ``stage``
…), so a reader can tell ``options { retry(3) }`` from a step-level retry.

An argument's :attr:`Arg.literal` is its fixed value when it is one literal
(a string without interpolation, a number, ``true``/``false``); otherwise
None, and :attr:`Arg.text` quotes the expression for a finding.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from jobmig.parsers.jenkins.tokens import (
    CLOSERS, IDENT, NEWLINE, NUMBER, OPENERS, PUNCT, STRING, Token,
)

_KEYWORD_LITERALS = {"true", "false", "null"}


@dataclass(frozen=True)
class Arg:
    """One argument: its tokens and the source text they span."""

    tokens: tuple[Token, ...]
    text: str

    @property
    def line(self) -> int:
        return self.tokens[0].line if self.tokens else 0

    @property
    def literal(self) -> str | None:
        """The fixed value, or None when the argument is an expression."""
        if len(self.tokens) != 1:
            return None
        token = self.tokens[0]
        if token.kind == STRING:
            return token.value if token.literal else None
        if token.kind == NUMBER or (token.kind == IDENT and token.text in _KEYWORD_LITERALS):
            return token.text
        return None

    def literal_list(self) -> list[str] | None:
        """Values of a list of literal strings ``['a', 'b']``, else None."""
        inner = [t for t in self.tokens[1:-1] if not (t.kind == PUNCT and t.text == ",")]
        if (len(self.tokens) < 2 or self.tokens[0].text != "["
                or self.tokens[-1].text != "]"):
            return None
        if any(t.kind != STRING or not t.literal for t in inner):
            return None
        return [t.value for t in inner]

    def last_name(self) -> str | None:
        """The last identifier of a dotted name (``hudson.model.Result.SUCCESS`` → SUCCESS)."""
        names = [t.text for t in self.tokens if t.kind == IDENT]
        dots = all(t.kind == IDENT or t.text == "." for t in self.tokens)
        return names[-1] if names and dots else None


@dataclass(frozen=True)
class Call:
    """A call of ``name`` at ``line``:``column`` with its arguments."""

    name: str
    line: int
    column: int
    positional: tuple[Arg, ...]
    named: dict[str, Arg]
    blocks: Sequence[str]  # a BlockPath: labels of the blocks around, outermost first
    body: tuple[int, int] | None = None  # token index range of a trailing closure
    index: int = 0
    text: str = field(default="", compare=False)

    def arg(self, name: str, position: int | None = None) -> Arg | None:
        """The named argument, else the positional one at ``position``."""
        if name in self.named:
            return self.named[name]
        if position is not None and position < len(self.positional):
            return self.positional[position]
        return None


def match_brackets(tokens: list[Token]) -> dict[int, int]:
    """Token index of each bracket → index of its partner (matched pairs only)."""
    partner: dict[int, int] = {}
    stack: list[int] = []
    for index, token in enumerate(tokens):
        if token.kind != PUNCT:
            continue
        if token.text in OPENERS:
            stack.append(index)
        elif token.text in CLOSERS and stack and tokens[stack[-1]].text == CLOSERS[token.text]:
            opener = stack.pop()
            partner[opener] = index
            partner[index] = opener
    return partner


def _previous(tokens: list[Token], index: int, skip_newlines: bool = True) -> int | None:
    index -= 1
    while index >= 0 and skip_newlines and tokens[index].kind == NEWLINE:
        index -= 1
    return index if index >= 0 else None


def _block_label(tokens: list[Token], brace: int, partner: dict[int, int]) -> str:
    """The name before a ``{``: ``triggers {``, ``stage('x') {``, ``retry(3) {``."""
    before = _previous(tokens, brace)
    if before is not None and tokens[before].text == ")" and before in partner:
        before = _previous(tokens, partner[before])
    if before is not None and tokens[before].kind == IDENT:
        return tokens[before].text
    return ""


class BlockPath(Sequence[str]):
    """The labels of the ``{`` blocks around a token, outermost first, as a sequence.

    It points into the tree of :class:`BlockLabels` instead of copying the
    labels, so a call 10,000 blocks deep costs no 10,000-label tuple: the
    innermost label, ``len``, truth and ``in`` need no copy (``in`` is
    remembered per block and label); iterating or comparing builds one.
    """

    __slots__ = ("_tree", "_node")

    def __init__(self, tree: "BlockLabels", node: int) -> None:
        self._tree = tree
        self._node = node

    def __len__(self) -> int:
        return self._tree.depth(self._node)

    def _at(self, position: int) -> str:
        node = self._node
        for _ in range(len(self) - 1 - position):
            node = self._tree.parents[node]
        return self._tree.labels[node]

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return tuple(self._at(i) for i in range(len(self))[index])
        size = len(self)
        if index < 0:
            index += size
        if not 0 <= index < size:
            raise IndexError("block index out of range")
        return self._at(index)

    def __contains__(self, label: object) -> bool:
        return isinstance(label, str) and self._tree.holds(self._node, label)

    def __iter__(self):
        found = []
        node = self._node
        while node != -1:
            found.append(self._tree.labels[node])
            node = self._tree.parents[node]
        return reversed(found)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (BlockPath, tuple, list)):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))


class BlockLabels:
    """For every token, the labels of the ``{`` blocks enclosing it (a :class:`BlockPath`).

    The blocks are kept as a tree of parent links, one node per ``{``: memory
    linear in the tokens however deep the nesting.
    """

    def __init__(self, nodes: list[int], labels: list[str], parents: list[int]) -> None:
        self._nodes = nodes  # per token: its innermost block's node, or -1
        self.labels = labels
        self.parents = parents
        self._depths: list[int] = []
        for parent in parents:  # a parent node always comes before its children
            self._depths.append(1 + (self._depths[parent] if parent != -1 else 0))
        self._holds: dict[str, dict[int, bool]] = {}

    def __len__(self) -> int:
        return len(self._nodes)

    def __getitem__(self, index: int) -> BlockPath:
        return BlockPath(self, self._nodes[index])

    def depth(self, node: int) -> int:
        return self._depths[node] if node != -1 else 0

    def holds(self, node: int, label: str) -> bool:
        """Whether block ``node`` or one around it is labelled ``label`` (remembered)."""
        known = self._holds.setdefault(label, {-1: False})
        path = []
        while node not in known:
            if self.labels[node] == label:
                known[node] = True
                break
            path.append(node)
            node = self.parents[node]
        answer = known[node]
        for step in path:
            known[step] = answer
        return answer


def block_labels(tokens: list[Token], partner: dict[int, int]) -> BlockLabels:
    """For every token, the labels of the ``{`` blocks enclosing it, outermost first."""
    nodes: list[int] = []
    labels: list[str] = []
    parents: list[int] = []
    stack: list[int] = []
    for index, token in enumerate(tokens):
        if token.kind == PUNCT and token.text == "}" and index in partner and stack:
            stack.pop()
        nodes.append(stack[-1] if stack else -1)
        if token.kind == PUNCT and token.text == "{" and index in partner:
            parents.append(stack[-1] if stack else -1)
            labels.append(_block_label(tokens, index, partner))
            stack.append(len(labels) - 1)
    return BlockLabels(nodes, labels, parents)


def _split_args(tokens: list[Token], source: str, first: int, last: int,
                partner: dict[int, int]) -> tuple[tuple[Arg, ...], dict[str, Arg]]:
    """Arguments in ``tokens[first:last]``, split at top-level commas."""
    groups: list[list[Token]] = [[]]
    index = first
    while index < last:
        token = tokens[index]
        if token.kind == PUNCT and token.text == ",":
            groups.append([])
        elif token.kind == PUNCT and token.text in OPENERS and index in partner:
            end = min(partner[index], last - 1)
            groups[-1].extend(t for t in tokens[index:end + 1] if t.kind != NEWLINE)
            index = end
        elif token.kind != NEWLINE:
            groups[-1].append(token)
        index += 1
    positional: list[Arg] = []
    named: dict[str, Arg] = {}
    for group in groups:
        if not group:
            continue
        if (len(group) >= 2 and group[0].kind in (IDENT, STRING)
                and group[1].kind == PUNCT and group[1].text == ":"):
            value = tuple(group[2:])
            text = source[value[0].start:value[-1].end] if value else ""
            named[group[0].value or group[0].text] = Arg(value, text)
        else:
            positional.append(Arg(tuple(group), source[group[0].start:group[-1].end]))
    return tuple(positional), named


def _statement_end(tokens: list[Token], start: int, partner: dict[int, int]) -> int:
    """Index just past a command expression starting at ``start`` (a token no newline).

    A line that ends with ``,`` goes on on the next line, however many blank
    lines follow (the last token before the newlines is kept, not looked for again).
    """
    index = start
    last = ""  # the text of the last token before ``index`` that is no newline
    while index < len(tokens):
        token = tokens[index]
        if token.kind == PUNCT and token.text in OPENERS and index in partner:
            index = partner[index] + 1
            last = tokens[index - 1].text
            continue
        if token.kind == PUNCT and token.text in (";", "}", ")", "]"):
            return index
        if token.kind == NEWLINE:
            if last != ",":
                return index
        else:
            last = token.text
        index += 1
    return index


# Names shared library code gives the pipeline script object whose steps it calls
# (``steps.build job: x``, ``script.sh '...'``, ``this.build(...)``).
STEP_RECEIVERS = frozenset({"steps", "script", "this"})


def _step_receiver(tokens: list[Token], dot: int) -> bool:
    """True when the ``.`` at ``dot`` follows a lone step receiver (not ``a.steps.``)."""
    owner = dot - 1
    if owner < 0 or tokens[owner].kind != IDENT or tokens[owner].text not in STEP_RECEIVERS:
        return False
    before = _previous(tokens, owner, skip_newlines=False)
    return before is None or tokens[before].text != "."


def find_calls(tokens: list[Token], source: str, names: set[str],
               command_names: frozenset[str] = frozenset()) -> list[Call]:
    """Every call of one of ``names`` (see the module docstring)."""
    if not any(token.kind == IDENT and token.text in names for token in tokens):
        return []  # a cheap pass spares the bracket and block tables of a long script
    partner = match_brackets(tokens)
    labels = block_labels(tokens, partner)
    calls: list[Call] = []
    for index, token in enumerate(tokens):
        if token.kind != IDENT or token.text not in names:
            continue
        previous = _previous(tokens, index, skip_newlines=False)
        if previous is not None and tokens[previous].text == "." and \
                _step_receiver(tokens, previous):
            # steps.build job: x in shared library code: read as the step it calls
            previous = _previous(tokens, previous - 1, skip_newlines=False)
        elif previous is not None and tokens[previous].text in (".", "?.", "*.", "def"):
            continue
        after = index + 1
        if after < len(tokens) and tokens[after].text == "(" and after in partner:
            close = partner[after]
            positional, named = _split_args(tokens, source, after + 1, close, partner)
            body = None
            if close + 1 < len(tokens) and tokens[close + 1].text == "{" and close + 1 in partner:
                body = (close + 1, partner[close + 1])
            calls.append(Call(token.text, token.line, token.column, positional, named,
                              labels[index], body, index, source[token.start:tokens[close].end]))
        elif (token.text in command_names and after < len(tokens)
              and tokens[after].kind in (STRING, IDENT, NUMBER)
              and (previous is None or tokens[previous].kind == NEWLINE
                   or tokens[previous].text in ("{", ";", "->"))):
            end = _statement_end(tokens, after, partner)
            positional, named = _split_args(tokens, source, after, end, partner)
            calls.append(Call(token.text, token.line, token.column, positional, named,
                              labels[index], None, index,
                              source[token.start:tokens[end - 1].end]))
    return calls
