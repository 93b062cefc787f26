"""Read Jenkins XML (config.xml) safely and exactly as Jenkins wrote it.

Contract:

- :func:`load` takes the file's **bytes** and returns the root element, or
  raises :class:`lxml.etree.XMLSyntaxError` (the caller turns it into a
  ``path:line:col`` finding). It never touches the network, never loads a
  DTD and never expands entities, so an XXE or "billion laughs" file stays
  inert: an entity reference is kept as an unexpanded node and its text is
  not part of any ``.text`` value.
- Jenkins (since 2.105, JENKINS-48463) writes ``<?xml version='1.1'?>`` and
  may then write control characters as character references (``&#x1b;``),
  which XML 1.0 forbids and libxml2 rejects. :func:`load` maps those
  references to placeholders in Supplementary Private Use Area-A before
  parsing (notes jenkins-cron.md §2.5); :func:`text` maps them back. We never
  use ``recover=True``: it silently drops later ``&amp;`` in the same text.
- :func:`java_name` decodes XStream element names (``__`` → ``_``,
  ``_-`` → ``$``); ``class="…"`` attribute values are already raw.
"""
from __future__ import annotations

import re
import threading

from lxml import etree

# A character reference to a code point XML 1.0 forbids but XML 1.1 allows
# (C0 controls other than TAB, LF, CR). `&amp;#1;` is not matched: the regex
# needs `&#` to be adjacent.
_CHAR_REF = re.compile(rb"&#(?:[xX]0*([0-9a-fA-F]{1,6})|0*([0-9]{1,7}));")
_PLACEHOLDER_BASE = 0xF0000  # Supplementary Private Use Area-A
_RESTORE = {_PLACEHOLDER_BASE + c: c for c in range(0x20)}
_FIRST_PLACEHOLDER = chr(_PLACEHOLDER_BASE)
_XSTREAM_ESCAPE = re.compile(r"__|_-")


def _placeholder(match: re.Match[bytes]) -> bytes:
    hex_digits, dec_digits = match.group(1), match.group(2)
    value = int(hex_digits, 16) if hex_digits else int(dec_digits)
    if value < 0x20 and value not in (0x9, 0xA, 0xD):
        return b"&#x%X;" % (_PLACEHOLDER_BASE + value)
    return match.group(0)


_LOCAL = threading.local()


def _parser() -> etree.XMLParser:
    # One parser per thread: lxml parsers must not be shared across threads,
    # and building one per file costs more than parsing a small config.xml.
    parser = getattr(_LOCAL, "parser", None)
    if parser is None:
        parser = _LOCAL.parser = _new_parser()
    return parser


def _new_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,  # XXE: keep &e; as an unexpanded reference
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=True,  # long inline scripts and build logs in descriptions
        remove_blank_text=False,
    )


def load(data: bytes) -> etree._Element:
    """Parse Jenkins XML bytes strictly; raise ``XMLSyntaxError`` when malformed."""
    if b"&#" in data:
        data = _CHAR_REF.sub(_placeholder, data)
    return etree.fromstring(data, _parser())


def has_doctype(root: etree._Element) -> bool:
    """True when the document declares a DOCTYPE (Jenkins never writes one)."""
    docinfo = root.getroottree().docinfo
    return bool(docinfo.doctype) or docinfo.internalDTD is not None


def restore(value: str) -> str:
    """Undo the control-character placeholders of :func:`load`."""
    # max() is a fast C scan; translate() only when a placeholder is present.
    if value and max(value) >= _FIRST_PLACEHOLDER:
        return value.translate(_RESTORE)
    return value


def text(element: etree._Element | None, default: str = "") -> str:
    """The element's own text with control characters restored ('' when absent)."""
    if element is None or element.text is None:
        return default
    return restore(element.text)


def child(element: etree._Element | None, tag: str) -> etree._Element | None:
    """The first direct child named ``tag`` (raw XML name), or None.

    A plain loop: lxml's ``find()`` goes through ElementPath and costs
    several times more on the small elements of a config.xml.
    """
    if element is not None:
        for candidate in element:
            if candidate.tag == tag:
                return candidate
    return None


def child_text(element: etree._Element, tag: str, default: str = "") -> str:
    """Text of the first direct child named ``tag`` (raw XML name)."""
    for candidate in element:
        if candidate.tag == tag:
            value = candidate.text
            return restore(value) if value else default
    return default


def child_bool(element: etree._Element, tag: str, default: bool = False) -> bool:
    """A ``true``/``false`` child as a bool (``default`` when absent or empty)."""
    value = child_text(element, tag).strip().lower()
    if not value:
        return default
    return value == "true"


def java_name(tag: object) -> str:
    """The Java class or field name an XStream element name stands for.

    Comments and processing instructions (whose ``tag`` is not a string)
    give ``''``.
    """
    if not isinstance(tag, str):
        return ""
    if "_" not in tag:
        return tag
    return _XSTREAM_ESCAPE.sub(lambda m: "_" if m.group(0) == "__" else "$", tag)


def elements(parent: etree._Element | None) -> list[etree._Element]:
    """Direct child elements of ``parent`` (no comments or PIs); [] for None."""
    if parent is None:
        return []
    return list(parent.iterchildren(etree.Element))  # C-level filter: elements only


def simple_name(class_name: str) -> str:
    """The last dotted segment of a Java class name (``hudson.tasks.Shell`` → ``Shell``)."""
    return class_name.rsplit(".", 1)[-1]
