"""Turning a file's bytes into text, or a finding that says why not."""
from __future__ import annotations

import re

from jobmig.model import Finding, SourceRef
from jobmig.messages import msg

_CONTROL = frozenset(range(0, 9)) | {11, 12} | frozenset(range(14, 32))


def known_encoding(encoding: str | None) -> bool:
    """Whether Python knows ``encoding`` (``None``: the reader's default, always known)."""
    if not encoding:
        return True
    try:
        "".encode(encoding)
    except LookupError:
        return False
    return True


def looks_binary(data: bytes, allow_nul: bool = False,
                 text_line: re.Pattern[bytes] | None = None) -> bool:
    """True for data no text export would hold: NUL bytes or many control bytes.

    ``allow_nul``: a stray NUL in otherwise plain text (a damaged line of a
    line-based format) counts as one control byte, not as a sign of binary data.
    ``text_line``: a line of the format (a cron entry, a JP1 ``unit=``); one such
    line free of control bytes shows the file is text whose other lines are
    damaged, however many control bytes those hold (a short file with a few NULs
    would otherwise lose its valid lines too).
    """
    sample = data[:8192]
    if b"\x00" in sample and not allow_nul:
        return True
    controls = sum(1 for byte in sample if byte in _CONTROL and byte != 0x1B)
    if not sample or controls / len(sample) <= 0.05:
        return False
    if text_line is None:
        return True
    return not any(text_line.match(line) and not _CONTROL.intersection(line)
                   for line in sample.split(b"\n"))


def decode_text(data: bytes, source: SourceRef, encoding: str | None = None,
                fallbacks: tuple[str, ...] = (), allow_nul: bool = False,
                text_line: re.Pattern[bytes] | None = None,
                ) -> tuple[str | None, list[Finding]]:
    """Decode ``data`` as ``encoding``, else UTF-8, else each of ``fallbacks``.

    Returns ``(text, findings)``; ``text`` is ``None`` when the bytes are
    binary or no encoding fits (then a JM002 finding explains). A fallback
    that succeeds adds a JM005 finding. A UTF-8 BOM is dropped. ``allow_nul``
    and ``text_line`` as for :func:`looks_binary`.
    """
    if looks_binary(data, allow_nul, text_line):
        return None, [Finding("JM002", msg("binary data, not a text export"), source)]
    candidates = (encoding,) if encoding else ("utf-8", *fallbacks)
    for candidate in candidates:
        try:
            text = data.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
        findings = []
        if candidate != "utf-8" and not encoding:
            findings.append(Finding("JM005", msg("not valid UTF-8; read as {candidate}",
                                                 candidate=candidate), source))
        return text.removeprefix("\ufeff"), findings
    tried = ", ".join(candidates)
    return None, [Finding("JM002", msg("cannot be decoded as {tried}; give --encoding", tried=tried), source)]


# What no command holds on purpose: U+FFFD (a byte that could not be decoded) and control
# characters other than tab and line ends (DEL included).
_DAMAGED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")


def damaged_characters(text: str) -> list[tuple[int, str]]:
    """Each undecodable (U+FFFD) or control character of ``text``: (0-based offset, ``U+XXXX``)."""
    return [(match.start(), f"U+{ord(match.group()):04X}") for match in _DAMAGED.finditer(text)]


def has_damaged_characters(text: str) -> bool:
    """True when :func:`damaged_characters` of ``text`` (or of any part of it) is not empty."""
    return _DAMAGED.search(text) is not None


def decode_replacing(data: bytes, source: SourceRef, encoding: str | None = None
                     ) -> tuple[str, list[Finding]]:
    """``data`` decoded with each undecodable byte replaced by U+FFFD, and a JM011 finding."""
    text = data.decode(encoding or "utf-8", errors="replace").removeprefix("\ufeff")
    count = text.count("\ufffd")
    return text, [Finding("JM011", msg("not valid {value}: {count} undecodable byte(s) replaced "
                                       "by U+FFFD; the lines holding them are flagged",
                                       value=encoding or 'UTF-8', count=count),
                          source)]
