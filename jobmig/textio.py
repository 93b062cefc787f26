"""Turning a file's bytes into text, or a finding that says why not."""
from __future__ import annotations

from jobmig.model import Finding, SourceRef

_CONTROL = set(range(0, 9)) | {11, 12} | set(range(14, 32))


def looks_binary(data: bytes) -> bool:
    """True for data no text export would hold: NUL bytes or many control bytes."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte in _CONTROL and byte != 0x1B)
    return bool(sample) and controls / len(sample) > 0.05


def decode_text(data: bytes, source: SourceRef, encoding: str | None = None,
                fallbacks: tuple[str, ...] = ()) -> tuple[str | None, list[Finding]]:
    """Decode ``data`` as ``encoding``, else UTF-8, else each of ``fallbacks``.

    Returns ``(text, findings)``; ``text`` is ``None`` when the bytes are
    binary or no encoding fits (then a JM002 finding explains). A fallback
    that succeeds adds a JM005 finding. A UTF-8 BOM is dropped.
    """
    if looks_binary(data):
        return None, [Finding("JM002", "binary data, not a text export", source)]
    candidates = (encoding,) if encoding else ("utf-8", *fallbacks)
    for candidate in candidates:
        try:
            text = data.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
        findings = []
        if candidate != "utf-8" and not encoding:
            findings.append(Finding("JM005", f"not valid UTF-8; read as {candidate}", source))
        return text.removeprefix("\ufeff"), findings
    tried = ", ".join(candidates)
    return None, [Finding("JM002", f"cannot be decoded as {tried}; give --encoding", source)]
