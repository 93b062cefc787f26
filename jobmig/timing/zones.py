"""Time zone names checked for their shape before the zone database is asked.

``ZoneInfo(name)`` imports a package per ``/``-separated part of ``name`` when it
looks the zone up in the ``tzdata`` package: a name with thousands of parts (a
damaged ``CRON_TZ=`` line) overflowed the interpreter's recursion limit. IANA
zone names have at most three parts of letters, digits, ``_``, ``+`` and ``-``
(``America/Argentina/Buenos_Aires``, ``Etc/GMT+9``) and are short.
"""
from __future__ import annotations

import re
from zoneinfo import ZoneInfoNotFoundError

_ZONE_NAME = re.compile(r"[A-Za-z0-9_+\-]+(?:/[A-Za-z0-9_+\-]+){0,3}")
MAX_ZONE_NAME = 64


def check_zone_name(name: str) -> None:
    """Raise ZoneInfoNotFoundError (a KeyError) for a name no IANA zone could have."""
    if len(name) > MAX_ZONE_NAME or not _ZONE_NAME.fullmatch(name):
        raise ZoneInfoNotFoundError(f"No time zone found with key {name[:80]!r}")
