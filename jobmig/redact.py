"""Find and redact secrets (passwords, tokens, keys) in text from job definitions.

Contract:

- :func:`find_secrets` returns the spans of secret *values* in a text (the
  ``S3cret`` of ``mysql -pS3cret``), never the key or flag around them, so a
  caller can say where a secret is without repeating it (the pipeline turns
  each into a JM006 finding).
- :func:`redact` replaces every such value by :data:`MASK` and keeps the rest
  of the text, so ``mysql -pS3cret db`` becomes ``mysql -p*** db``.
- :func:`secret_key` says whether a name (an environment variable, a job
  parameter, a JSON key) holds a secret by its name alone; such values are
  masked whole.
- :func:`redact_tree` applies all of the above to every string of a JSON-like
  value (dicts, lists, strings), and also masks, anywhere in the tree, each
  literal secret value found elsewhere in it (a password seen in a command is
  also masked when a finding message quotes it without its flag), using
  :class:`KnownSecrets` (one scan per text, whatever the number of values).

What is recognised (case-insensitive; see ``_PATTERNS``): ``-p<value>`` after
mysql/mariadb clients; ``--password=x``, ``--password x``, ``-password x`` and
the same for passwd/pass/pwd/token/secret/api-key/access-key/secret-key/
client-secret flags; ``NAME=value`` and ``NAME: value`` where NAME names a
secret (``TOKEN``, ``API_KEY``, ``AWS_SECRET_ACCESS_KEY``, ``DB_PASSWORD``,
``PGPASSWORD``, ...); ``Authorization: Bearer|Basic|Token …`` headers and a
bare ``Bearer <token>``; ``user:pass@`` in URLs; ``curl -u user:pass``;
``sshpass -p``; AWS access key ids, GitHub, Slack and private-key blocks.

Limits: literal values shorter than :data:`MIN_KNOWN_LENGTH` are masked only
where a pattern or a secret name marks them, not everywhere (masking ``x`` or
``db`` in every text would destroy the report); a secret held in a variable the command expands later
(``mysql -p"$PW"``) is not a secret in the text and is kept; a password
passed positionally without a flag cannot be told from any other argument.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Iterator

from jobmig.messages import Joined, Message

MASK = "***"

# A value: a quoted string, or a run without blanks and shell separators.
_VALUE = r"""(?:'[^'\n]*'|"[^"\n]*"|[^\s'";&|<>`]+)"""

# Words that make a name a secret when they are one of its parts
# (parts are split on _ - . and camelCase humps).
_SECRET_PARTS = frozenset({
    "password", "passwd", "passwort", "passphrase", "pass", "pwd", "secret", "secrets",
    "token", "apikey", "credential", "credentials", "auth", "privatekey", "accesskey",
    "secretkey", "sessionkey", "signingkey", "clientsecret",
})
# Pairs of adjacent parts that name a secret together (``API_KEY``, ``ACCESS_KEY``).
_SECRET_PAIRS = frozenset({
    ("api", "key"), ("access", "key"), ("private", "key"), ("secret", "key"),
    ("session", "key"), ("signing", "key"), ("client", "secret"), ("master", "key"),
    ("encryption", "key"),
})
# Names that contain a secret word but are not secrets.
_NOT_SECRET_NAMES = frozenset({"pwd", "oldpwd", "passthrough", "bypass", "compass", "ssh_auth_sock"})

_FLAG_WORDS = (
    r"password|passwd|pass|pwd|passphrase|token|secret|api[-_]?key|access[-_]?key"
    r"|secret[-_]?key|client[-_]?secret|auth[-_]?token|private[-_]?key"
)


@dataclass(frozen=True, order=True)
class SecretSpan:
    """Where a secret value stands in a text: ``text[start:end]``; ``kind`` says how it was seen."""

    start: int
    end: int
    kind: str


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# Words one of which every secret name holds (see :func:`secret_key`).
_KEY_WORDS = ("pass", "pwd", "secret", "token", "key", "credential", "auth")

# (kind, needles, pattern): the pattern runs only when the lower-cased text
# holds one of its needles (most texts, such as names and paths, hold none).
# Each pattern has a group named ``v``: the secret value to mask.
_PATTERNS: tuple[tuple[str, tuple[str, ...], re.Pattern[str]], ...] = (
    ("private-key", ("private key",), _compile(
        r"(?P<v>-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(?:-----END [A-Z ]*PRIVATE KEY-----|$))")),
    ("url-credentials", ("://",), _compile(
        r"\b[a-z][a-z0-9+.-]*://[^\s/:@'\"]*:(?P<v>[^\s@/'\"]+)@")),
    ("mysql-password", ("mysql", "mariadb"), _compile(
        r"\b(?:mysql\w*|mariadb\w*)\b[^;&|\n]*?\s-p(?P<v>(?!\s)" + _VALUE + r")")),
    ("sshpass", ("sshpass",), _compile(r"\bsshpass\s+-p\s*(?P<v>" + _VALUE + r")")),
    ("user-password", ("-u",), _compile(
        r"(?:^|\s)(?:-u|--user|--proxy-user)(?:\s+|=)[^\s:'\"]+:(?P<v>" + _VALUE + r")")),
    ("password-flag", _KEY_WORDS, _compile(
        r"(?:^|[\s'\"])--?[a-z0-9-]*(?:" + _FLAG_WORDS + r")(?:=|\s+)(?!-)(?P<v>" + _VALUE + r")")),
    ("authorization", ("authorization",), _compile(
        r"\b(?:proxy-)?authorization\s*[:=]\s*(?:(?:bearer|basic|token|digest|negotiate)\s+)?"
        r"(?P<v>[^\s'\"]+)")),
    ("bearer", ("bearer",), _compile(r"\bbearer\s+(?P<v>[a-z0-9._~+/=-]{6,})")),
    ("aws-access-key-id", ("akia", "asia"), re.compile(r"\b(?P<v>(?:AKIA|ASIA)[0-9A-Z]{16})\b")),
    ("github-token", ("gh",), re.compile(r"\b(?P<v>gh[pousr]_[A-Za-z0-9]{20,})\b")),
    ("slack-token", ("xox",), re.compile(r"\b(?P<v>xox[abprs]-[A-Za-z0-9-]{10,})\b")),
)

# ``NAME=value`` / ``NAME = value`` / ``NAME: value`` / ``"name": "value"``: masked when
# NAME names a secret. ``NAME= cmd`` is shell for an empty value, so no blank after a bare ``=``.
_ASSIGNMENT = re.compile(
    r"""(?P<k>[A-Za-z_][A-Za-z0-9_.-]*)["']?(?P<op>=|\s+=\s+|\s*:\s*)(?P<v>""" + _VALUE + r")")


def _name_parts(name: str) -> list[str]:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return [part for part in re.split(r"[_.\-\s]+", spaced.lower()) if part]


@lru_cache(maxsize=4096)
def secret_key(name: str) -> bool:
    """True when ``name`` (an env var, parameter or key) says its value is a secret.

    ``TOKEN``, ``API_KEY``, ``AWS_SECRET_ACCESS_KEY``, ``dbPassword``,
    ``PGPASSWORD`` are; ``PWD``, ``OLDPWD``, ``KEY_FILE_PATH`` are not.
    """
    lowered = name.lower().strip()
    if not lowered or lowered in _NOT_SECRET_NAMES:
        return False
    parts = _name_parts(name)
    if any(part in _SECRET_PARTS for part in parts):
        return True
    if any(pair in _SECRET_PAIRS for pair in zip(parts, parts[1:])):
        return True
    # Run-together names: PGPASSWORD, MYSQL_PWD is covered above, DBPASS.
    return any(lowered.endswith(word) for word in ("password", "passwd", "secret", "token", "apikey"))


def _strip_quotes(start: int, end: int, text: str) -> tuple[int, int]:
    if end - start >= 2 and text[start] in "'\"" and text[end - 1] == text[start]:
        return start + 1, end - 1
    return start, end


def find_secrets(text: str) -> list[SecretSpan]:
    """Spans of the secret values in ``text``, sorted, overlaps merged.

    An empty value (``PASSWORD=`` at the end of a line) is not reported; a
    value that is only a variable reference (``$PW``, ``${PW}``) is not a
    secret in the text and is not reported either.
    """
    if not text:
        return []
    return list(_find_cached(text))


def _any_of(words: Iterable[str]) -> str:
    """A regex that finds a text holds one of ``words`` (literal, not empty), written as a
    tree of their first characters (``a(?:kia|sia)|...``): the regex engine tries one
    branch per character of the text instead of one per word. Only whether a word is
    there is kept, not which: a word that starts with another (``authorization`` after
    ``auth``) is left out."""
    return "|".join(_branches(words))


def _branches(words: Iterable[str]) -> list[str]:
    tails: dict[str, list[str]] = {}
    for word in sorted(set(words)):
        tails.setdefault(word[0], []).append(word[1:])
    branches = []
    for first, rest in tails.items():
        if "" in rest:
            branches.append(re.escape(first))
        else:
            inner = _branches(rest)
            branches.append(re.escape(first) + (inner[0] if len(inner) == 1
                                                else "(?:" + "|".join(inner) + ")"))
    return branches


# Every needle of _PATTERNS and _KEY_WORDS in one search: most texts hold none,
# and one regex scan rejects them faster than a test per needle.
_NEEDLES = "|".join(sorted({re.escape(needle) for _, needles, _ in _PATTERNS
                            for needle in needles} | set(_KEY_WORDS)))
_ANY_NEEDLE = _compile(_NEEDLES)
# The same needles (all lower case ASCII) searched in ``text.lower()`` without
# IGNORECASE: several times faster. The two agree except on the only characters
# that IGNORECASE matches to an ASCII needle letter while ``lower()`` does not
# turn them into it (found by trying every code point): those texts take the
# IGNORECASE search. Here ``gh`` must be followed by what the (case-sensitive)
# GitHub token pattern needs next, so "through" and "high" are not candidates.
_LOWER_NEEDLE = re.compile(_any_of(
    {needle for _, needles, _ in _PATTERNS for needle in needles} - {"gh"} | set(_KEY_WORDS))
    + "|gh[pousr]_")
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f]")  # İ ı ſ
# _LOWER_NEEDLE, or what those characters become in ``text.lower()`` (ı and ſ stay, İ
# becomes i and a combining dot): one scan of the lowered text tells most texts, which
# hold neither, from the rest, without a second scan for the characters. (Literal
# alternatives only: the regex engine then skips ahead by their first characters.)
_LOWER_NEEDLE_OR_FOLD = re.compile(_LOWER_NEEDLE.pattern + "|\u0131|\u017f|\u0307")


def _has_needle(text: str) -> bool:
    lowered = text.lower()
    hit = _LOWER_NEEDLE_OR_FOLD.search(lowered)
    if hit is None:
        return False
    if text.isascii():
        return True  # the characters are not ASCII: the hit is a needle
    if _FOLDS_TO_ASCII.search(text) is None:
        return _LOWER_NEEDLE.search(lowered, hit.start()) is not None
    return _ANY_NEEDLE.search(text) is not None


def might_hold_secret(text: str) -> bool:
    """False when :func:`find_secrets` would find nothing in ``text`` nor in any of its
    lines (a quick test: one search for the words every secret pattern needs)."""
    return _has_needle(text)


def _find_cached(text: str) -> tuple[SecretSpan, ...]:
    if not _has_needle(text):
        return ()
    return _find_spans(text)


# The letters Python's case-blind matching takes for ASCII ones (ſ for s, K (Kelvin) for k,
# ı and İ for i), each mapped to that ASCII letter: the same length, so a span found in the
# folded text is the same span in the text, and ``paſſword=`` is a password assignment.
_ASCII_FOLD = str.maketrans({"\u017f": "s", "\u212a": "k", "\u0131": "i", "\u0130": "I"})


@lru_cache(maxsize=65536)
def _find_spans(text: str) -> tuple[SecretSpan, ...]:
    original = text
    if not text.isascii():
        text = text.translate(_ASCII_FOLD)
    spans = _spans_in(text)
    return tuple(_merge([span for span in spans if _is_value(original[span.start:span.end])]))


def _spans_in(text: str) -> list[SecretSpan]:
    """The secret spans of ``text`` as every pattern and assignment finds them, unmerged."""
    lowered = text.lower()
    spans: list[SecretSpan] = []
    for kind, needles, pattern in _PATTERNS:
        if not any(needle in lowered for needle in needles):
            continue
        for match in pattern.finditer(text):
            start, end = _strip_quotes(match.start("v"), match.end("v"), text)
            spans.append(SecretSpan(start, end, kind))
    if ("=" in text or ":" in text) and any(word in lowered for word in _KEY_WORDS):
        spans.extend(_assignments(text))
    return spans


def _assignments(text: str) -> Iterator[SecretSpan]:
    # Searched again from inside a value that is no secret: ``https://h/x?token=abc`` reads
    # first as ``https`` = ``//h/x?token=abc``, and the ``token=`` inside must still count.
    at = 0
    while (match := _ASSIGNMENT.search(text, at)) is not None:
        if secret_key(match.group("k")):
            start, end = _strip_quotes(match.start("v"), match.end("v"), text)
            yield SecretSpan(start, end, "assignment")
            at = match.end()
        else:
            at = match.start("v")


def _is_value(value: str) -> bool:
    if not value or value == MASK:
        return False
    return re.fullmatch(r"\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|\$\(.*\)|%[A-Za-z_]+%", value) is None


def _merge(spans: list[SecretSpan]) -> list[SecretSpan]:
    merged: list[SecretSpan] = []
    for span in sorted(spans):
        if merged and span.start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = SecretSpan(last.start, max(last.end, span.end), last.kind)
        else:
            merged.append(span)
    return merged


def redact(text: str, known: "Iterable[str] | KnownSecrets" = ()) -> str:
    """``text`` with every secret value replaced by :data:`MASK`.

    ``known``: literal secret values found elsewhere (see :func:`collect_secrets`)
    that are masked wherever they appear, with or without a flag in front
    (pass a :class:`KnownSecrets` when redacting many texts with the same set).
    """
    if not text:
        return text
    pieces: list[str] = []
    position = 0
    for span in find_secrets(text):
        pieces.append(text[position:span.start])
        pieces.append(MASK)
        position = span.end
    pieces.append(text[position:])
    matcher = known if isinstance(known, KnownSecrets) else KnownSecrets(known)
    return matcher.mask("".join(pieces))


class KnownSecrets:
    """Masks a fixed set of literal secret values in any text, fast for thousands of values.

    Values are indexed by their first :data:`_PREFIX` characters, so a text is
    scanned once whatever the number of values; at each position the longest
    value that matches wins. Values shorter than the prefix are ignored.
    """

    _PREFIX = 4

    def __init__(self, values: Iterable[str] = ()) -> None:
        self._index: dict[str, list[str]] = {}
        for value in sorted(set(values), key=lambda v: (-len(v), v)):
            if len(value) >= self._PREFIX and value != MASK:
                self._index.setdefault(value[:self._PREFIX], []).append(value)

    def __bool__(self) -> bool:
        return bool(self._index)

    def mask(self, text: str) -> str:
        """``text`` with every known value replaced by :data:`MASK`."""
        if not self._index or len(text) < self._PREFIX:
            return text
        size, index = self._PREFIX, self._index
        starts = [i for i in range(len(text) - size + 1) if text[i:i + size] in index]
        if not starts:
            return text
        pieces: list[str] = []
        done = 0
        for position in starts:
            if position < done:
                continue
            hit = next((v for v in index[text[position:position + size]]
                        if text.startswith(v, position)), None)
            if hit is not None:
                pieces.append(text[done:position])
                pieces.append(MASK)
                done = position + len(hit)
        pieces.append(text[done:])
        return "".join(pieces)


# Literal values shorter than this are not masked everywhere (masking ``x``
# or ``db`` in every text would destroy the report); they are still masked
# wherever a pattern or a secret key marks them.
MIN_KNOWN_LENGTH = 5


def collect_secrets(value: Any) -> set[str]:
    """Every literal secret value in a JSON-like tree (strings, dicts, lists).

    Values under a secret key (:func:`secret_key`) count whole; in other
    strings, the spans :func:`find_secrets` reports. Only values of at least
    :data:`MIN_KNOWN_LENGTH` characters are returned.
    """
    return _collect(value, {})


_SCALARS = frozenset({int, float, bool, type(None)})
# finding messages: texts like str, masked value by value so they stay translatable
_MESSAGES = frozenset({Message, Joined})
_TEXTS = frozenset({str}) | _MESSAGES


def _collect(value: Any, spans: dict[str, tuple[SecretSpan, ...]],
             state: dict[str, bool] | None = None) -> set[str]:
    """:func:`collect_secrets`; ``spans`` remembers the spans of each distinct string.

    A plan repeats the same strings many times (paths, formats, statuses, ids),
    so each distinct string is searched once; the walk is iterative. ``state``,
    when given, gets ``"plain": True`` when redaction could change nothing in
    ``value``: no span in any string, no non-empty string under a secret key,
    and only plain dicts, lists and strings as containers and texts.
    """
    found: set[str] = set()
    checked_keys: set[Any] = set()  # dict keys seen so far
    secret_names: set[Any] = set()  # those of them that name a secret
    plain = True
    pending: list[str] = []  # strings met for the first time, searched at the end
    stack = [value]
    pop, push = stack.pop, stack.append
    while stack:
        node = pop()
        kind = type(node)
        if kind is dict:
            if not checked_keys.issuperset(node):
                for key in node.keys() - checked_keys:
                    checked_keys.add(key)
                    if isinstance(key, str) and secret_key(key):
                        secret_names.add(key)
            if secret_names and not secret_names.isdisjoint(node):
                for key in secret_names.intersection(node):
                    item = node[key]
                    if isinstance(item, str):
                        found.add(item)
                        plain = plain and not item
            for item in node.values():
                # strings are checked here, as in the str branch below, rather than pushed:
                # most values are strings, and a push and pop each would double the walk
                item_kind = type(item)
                if item_kind is str or item_kind in _MESSAGES:
                    if item not in spans:
                        spans[item] = ()  # until _search_all says otherwise
                        pending.append(item)
                elif item_kind not in _SCALARS:  # numbers, booleans and None hold no text
                    push(item)
        elif kind is list:
            stack.extend(node)
        elif kind in _TEXTS:
            if node not in spans:
                spans[node] = ()
                pending.append(node)
        elif isinstance(node, dict):
            plain = False
            for key, item in node.items():
                if isinstance(key, str) and secret_key(key) and isinstance(item, str):
                    found.add(item)
                push(item)
        elif isinstance(node, (list, tuple)):
            plain = False
            stack.extend(node)
        elif isinstance(node, str):  # a str subclass
            plain = False
            found.update(node[s.start:s.end] for s in find_secrets(node))
    if _search_all(pending, spans, found):
        plain = False
    if state is not None:
        state["plain"] = plain
    return {secret for secret in found if len(secret) >= MIN_KNOWN_LENGTH and secret != MASK}


_BATCH = 256  # strings searched together for a needle (see _search_all)


def _search_all(texts: list[str], spans: dict[str, tuple[SecretSpan, ...]],
                found: set[str]) -> bool:
    """The spans of each of ``texts`` into ``spans`` (texts without any stay ``()``), the
    secret values into ``found``; True when any text holds one.

    Nearly every text of a plan holds no needle (:func:`_has_needle`), so texts are
    first searched ``_BATCH`` at a time, joined by line breaks: a needle in a text is a
    needle in the joined text too (lower-casing maps each character on its own as far
    as ASCII needles are concerned), so a batch without one has no text with one, and
    only the texts of a batch with one are searched one by one.
    """
    any_hit = False
    for start in range(0, len(texts), _BATCH):
        batch = texts[start:start + _BATCH]
        if not _has_needle("\n".join(batch)):
            continue
        for text in batch:
            hits = _find_cached(text) if text else ()
            if hits:
                spans[text] = hits
                any_hit = True
                found.update(text[span.start:span.end] for span in hits)
    return any_hit


def redact_tree(value: Any, known: Iterable[str] | None = None) -> Any:
    """A copy of a JSON-like tree with every secret masked (see module docstring).

    ``known`` defaults to :func:`collect_secrets` of ``value`` itself. Dict
    keys are kept; a string under a secret key is replaced by :data:`MASK`
    when it is not empty. Tuples (and other list-likes) become lists. A plain
    dict or list in which nothing is masked is shared with ``value`` rather
    than copied (on a large plan almost all of it): do not change either tree
    in place afterwards.
    """
    spans: dict[str, tuple[SecretSpan, ...]] = {}
    state: dict[str, bool] = {}
    secrets = KnownSecrets(_collect(value, spans, state) if known is None else known)
    if state.get("plain") and not secrets:
        return value  # nothing to mask: the copy would equal ``value`` throughout
    memo: dict[str, str] = {}
    secret_keys: dict[Any, bool] = {}

    def text(node: str) -> str:
        done = memo.get(node)
        if done is None:
            hits = spans.get(node)
            if hits is None:
                hits = _find_cached(node) if node else ()
            if hits:
                pieces: list[str] = []
                position = 0
                for span in hits:
                    pieces.append(node[position:span.start])
                    pieces.append(MASK)
                    position = span.end
                pieces.append(node[position:])
                done = secrets.mask("".join(pieces))
            else:
                done = secrets.mask(node) if node else node
            memo[node] = done
        return done

    def visit(node: Any) -> Any:
        kind = type(node)
        if kind is str:
            return text(node)
        if kind in _MESSAGES:
            done = text(node)
            if done == node:
                return node
            masked = node.map_values(text)
            return masked if masked == done else done
        if kind is dict:
            copy: dict[Any, Any] | None = None
            for position, (key, item) in enumerate(node.items()):
                secret = secret_keys.get(key)
                if secret is None:
                    secret = secret_keys[key] = isinstance(key, str) and secret_key(key)
                new = MASK if secret and isinstance(item, str) and item else visit(item)
                if copy is not None:
                    copy[key] = new
                elif new is not item:
                    copy = dict(itertools.islice(node.items(), position))
                    copy[key] = new
            return node if copy is None else copy
        if kind is list:
            changed: list[Any] | None = None
            for position, item in enumerate(node):
                new = visit(item)
                if changed is not None:
                    changed.append(new)
                elif new is not item:
                    changed = node[:position]
                    changed.append(new)
            return node if changed is None else changed
        if isinstance(node, str):  # a str subclass: masked as a plain string
            return redact(node, secrets)
        if isinstance(node, dict):
            return {key: (MASK if isinstance(key, str) and secret_key(key)
                          and isinstance(item, str) and item else visit(item))
                    for key, item in node.items()}
        if isinstance(node, (list, tuple)):
            return [visit(item) for item in node]
        return node

    return visit(value)


__all__ = ["MASK", "KnownSecrets", "SecretSpan", "collect_secrets", "find_secrets",
           "might_hold_secret", "redact", "redact_tree", "secret_key"]
