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

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Iterator

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


# Every needle of _PATTERNS and _KEY_WORDS in one search: most texts hold none,
# and one regex scan rejects them faster than a test per needle.
_ANY_NEEDLE = _compile("|".join(sorted({re.escape(needle) for _, needles, _ in _PATTERNS
                                        for needle in needles} | set(_KEY_WORDS))))


def _find_cached(text: str) -> tuple[SecretSpan, ...]:
    if _ANY_NEEDLE.search(text) is None:
        return ()
    return _find_spans(text)


@lru_cache(maxsize=65536)
def _find_spans(text: str) -> tuple[SecretSpan, ...]:
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
    return tuple(_merge([span for span in spans if _is_value(text[span.start:span.end])]))


def _assignments(text: str) -> Iterator[SecretSpan]:
    for match in _ASSIGNMENT.finditer(text):
        if secret_key(match.group("k")):
            start, end = _strip_quotes(match.start("v"), match.end("v"), text)
            yield SecretSpan(start, end, "assignment")


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
    found: set[str] = set()

    def visit(node: Any) -> None:
        if isinstance(node, str):
            found.update(node[s.start:s.end] for s in find_secrets(node))
        elif isinstance(node, dict):
            for key, item in node.items():
                if isinstance(key, str) and secret_key(key) and isinstance(item, str):
                    found.add(item)
                visit(item)
        elif isinstance(node, (list, tuple)):
            for item in node:
                visit(item)

    visit(value)
    return {secret for secret in found if len(secret) >= MIN_KNOWN_LENGTH and secret != MASK}


def redact_tree(value: Any, known: Iterable[str] | None = None) -> Any:
    """A copy of a JSON-like tree with every secret masked (see module docstring).

    ``known`` defaults to :func:`collect_secrets` of ``value`` itself. Dict
    keys are kept; a string under a secret key is replaced by :data:`MASK`
    when it is not empty.
    """
    secrets = KnownSecrets(collect_secrets(value) if known is None else known)

    memo: dict[str, str] = {}

    def visit(node: Any) -> Any:
        if isinstance(node, str):
            if node not in memo:
                memo[node] = redact(node, secrets)
            return memo[node]
        if isinstance(node, dict):
            return {key: (MASK if isinstance(key, str) and secret_key(key)
                          and isinstance(item, str) and item else visit(item))
                    for key, item in node.items()}
        if isinstance(node, (list, tuple)):
            return [visit(item) for item in node]
        return node

    return visit(value)


__all__ = ["MASK", "KnownSecrets", "SecretSpan", "collect_secrets", "find_secrets", "redact", "redact_tree",
           "secret_key"]
