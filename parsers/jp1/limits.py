"""JP1/AJS3's own limits on units, and how a unit is measured against them.

JP1/AJS3 System Design (Configuration) Guide, appendix B.3 "Limits for units"
(ユニットの制限値) [M]:

- a unit's full name (job group, jobnet or job) is at most 930 bytes;
- units nest at most 30 deep;
- a unit name is at most 30 bytes;
- at most 10,000 units on one level below a jobnet.

Lengths count bytes as JP1 does with ``DEFLENTYPE=sjis`` (Shift_JIS bytes, also
for a UTF-8 system); a character Shift_JIS cannot write counts its UTF-8 bytes.
That is the smallest count any working JP1 system could have used, so a unit
this module calls "too long" is too long everywhere.

A definition past the nesting or full-name limit cannot come from a working JP1
system (it is damaged or hand-made). The reader does not convert such a unit
nor anything inside it (JM448), so that what it writes grows linearly with its
input: a unit nested n deep carries its full path in every artefact, and
n-deep nesting would otherwise write n² bytes.

The export's top unit is read as level one of the path when it is written by its
own name, so the real full name may be longer still; a unit this module passes
may then be past the limit on the real system, never the other way round. A top
unit written by its full name (``unit=/group/net``; a unit name holds no ``/``)
is measured as written, and its own name is the last element.
"""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

#: the longest full name of a unit, in bytes (``/group/net/job``)
MAX_FULL_NAME_BYTES = 930
#: the deepest nesting of units
MAX_NESTING = 30
#: the longest unit name, in bytes
MAX_NAME_BYTES = 30
#: the most units on one level below a jobnet
MAX_UNITS_PER_LEVEL = 10_000


@lru_cache(maxsize=4096)  # unit names repeat (J1, J2, ... in every jobnet); asked twice per unit
def name_bytes(name: str) -> int:
    """Bytes of ``name`` as JP1 counts them: Shift_JIS (CP932), else UTF-8."""
    try:
        return len(name.encode("cp932"))
    except UnicodeEncodeError:
        return sum(_char_bytes(char) for char in name)


def _char_bytes(char: str) -> int:
    try:
        return len(char.encode("cp932"))
    except UnicodeEncodeError:
        return len(char.encode("utf-8", errors="replace"))


class Place(NamedTuple):
    """Where a unit sits: how deep it is nested and how long its full name is.

    ``nesting`` counts the units above it that are not job groups outside a
    jobnet (the root jobnet is 0; a job of it is 1; job groups are folders and
    do not count); ``full_name_bytes`` is the length of ``/a/b/c`` from the
    export's top down to the unit. (A NamedTuple: one is made for every unit.)"""

    nesting: int = 0
    full_name_bytes: int = 0

    def child(self, name: str, counts: bool) -> "Place":
        """The place of a unit named ``name`` inside this one; ``counts``: this
        unit is a level of nesting (it is not a job group outside a jobnet)."""
        return Place(self.nesting + (1 if counts else 0),
                     self.full_name_bytes + 1 + name_bytes(name))


def top(name: str) -> Place:
    """The place of a unit at the top of the export. A top unit written by its full name
    (``/group/net``: a unit name holds no ``/``) is measured as written."""
    return Place(0, name_bytes(name) if name.startswith("/") else 1 + name_bytes(name))


def own_name(name: str) -> str:
    """The unit's own name: the last element of a top unit written by its full name."""
    return name.rsplit("/", 1)[-1] if name.startswith("/") else name


def past_limit(place: Place) -> str | None:
    """Which limit a unit at ``place`` passes ("nesting" or "full-name"), or ``None``."""
    if place.nesting > MAX_NESTING:
        return "nesting"
    if place.full_name_bytes > MAX_FULL_NAME_BYTES:
        return "full-name"
    return None
