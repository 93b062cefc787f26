"""Whole numbers as the legacy schedulers write them."""
from __future__ import annotations


def is_number(text: str) -> bool:
    """Whether ``text`` is a whole number in ASCII digits ``0``-``9`` (at least one).

    ``str.isdigit`` alone is not enough: it accepts superscripts such as ``¹``, which
    ``int`` refuses (an error instead of a finding), and the digits of other scripts
    (``３``), which ``int`` reads but cron, Jenkins and EventBridge do not.
    """
    return text.isascii() and text.isdigit()
