"""Splitting the AWS resources of a plan into stacks that each stay inside the limits.

A *unit* is what must stay in one stack: a state machine with its execution
role, the schedules that start it and the event rules that target it (they
``Ref`` the machine); a failure-notice rule alone; a Change Calendar alone.
Units are placed by the SHA-1 of their key (the state machine's, rule's or
calendar's AWS name), like extendible hashing:

* everything is one part (key ``""``) while it fits :class:`Capacity`;
* a part that does not fit is split in two by the next bit of the hash
  (part ``"0"`` and part ``"1"``, then ``"10"``, ``"11"`` …), and so on
  until every part fits or holds a single unit.

So a unit's part depends only on its own name and on how full the parts
along its hash path are: adding or removing other jobs never moves it,
unless its own part overflows and is split (then about half of that part's
units move to the new sibling, and no other part changes). Re-running with
the same names gives the same parts.
"""
from __future__ import annotations

import hashlib
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Sequence

from jobmig.emit import limits

MAX_DEPTH = 40  # bits of the hash; 2^40 parts is far beyond any estate


@dataclass(frozen=True)
class Capacity:
    """What one stack may hold (defaults: the AWS limits less a margin for estimates)."""

    resources: int = limits.STACK_RESOURCES - 20
    outputs: int = limits.STACK_OUTPUTS - 10
    parameters: int = limits.STACK_PARAMETERS - 20
    template_bytes: int = limits.TEMPLATE_BUDGET
    policy_chars: int = limits.ROLE_POLICY_BUDGET - 500


#: What a stack may hold: used unless a caller (a test) asks for less.
DEFAULT_CAPACITY = Capacity()


@dataclass
class Unit:
    """Resources that must share a stack (see the module docstring)."""

    key: str
    machines: list[Any] = field(default_factory=list)
    schedules: list[Any] = field(default_factory=list)
    rules: list[Any] = field(default_factory=list)
    calendars: list[Any] = field(default_factory=list)
    parameters: set[str] = field(default_factory=set)
    template_bytes: int = 0
    #: characters each starting role's policy grows by: principal kind → chars
    starts: dict[str, int] = field(default_factory=dict)
    #: resources written with the unit's rules (a mail notice's topic, policy, subscriptions)
    #: or machines (the SSM Command documents its JP1 jobs run through)
    extra_resources: int = 0

    @property
    def resources(self) -> int:
        return (2 * len(self.machines) + len(self.schedules) + len(self.rules)
                + len(self.calendars) + self.extra_resources)

    @cached_property
    def bits(self) -> str:
        """The first :data:`MAX_DEPTH` bits of the SHA-1 of ``key`` (worked out once:
        each level of the split reads them again)."""
        digest = hashlib.sha1(self.key.encode("utf-8")).digest()
        return format(int.from_bytes(digest[:MAX_DEPTH // 8], "big"), f"0{MAX_DEPTH}b")


@dataclass
class Part:
    """One stack's share of the units; ``key`` is its hash-bit prefix (``""``: all)."""

    key: str
    units: list[Any]
    roles: list[Any] = field(default_factory=list)  # the roles that start its machines

    @property
    def machines(self) -> list[Any]:
        return [m for u in self.units for m in u.machines]

    @property
    def schedules(self) -> list[Any]:
        return [s for u in self.units for s in u.schedules]

    @property
    def rules(self) -> list[Any]:
        return [r for u in self.units for r in u.rules]

    @property
    def calendars(self) -> list[Any]:
        return [c for u in self.units for c in u.calendars]

    @property
    def parameters(self) -> list[str]:
        return sorted({p for u in self.units for p in u.parameters})


def fits(units: Sequence[Unit], capacity: Capacity) -> bool:
    """Whether ``units`` and the two roles that start their machines fit one stack."""
    return _fits([_measure(unit) for unit in units], capacity)


# what fits() reads of a unit: resources, machines, parameters, template bytes, starts
_Measure = tuple[int, int, set[str], int, dict[str, int]]


def _measure(unit: Unit) -> _Measure:
    return (unit.resources, len(unit.machines), unit.parameters, unit.template_bytes,
            unit.starts)


def _fits(measures: Sequence[_Measure], capacity: Capacity) -> bool:
    """:func:`fits` of the units ``measures`` were taken of (:func:`_measure`)."""
    starts: dict[str, int] = {}
    for measure in measures:
        for kind, chars in measure[4].items():
            starts[kind] = starts.get(kind, 0) + chars
    return (sum(m[0] for m in measures) + len(starts) <= capacity.resources
            and sum(m[1] for m in measures) <= capacity.outputs
            and len({p for m in measures for p in m[2]}) <= capacity.parameters
            and sum(m[3] for m in measures)
            + sum(limits.ENTRY_OVERHEAD + 3 * chars // 2 for chars in starts.values())
            <= capacity.template_bytes
            and all(chars <= capacity.policy_chars for chars in starts.values()))


def split(units: Sequence[Unit], capacity: Capacity = DEFAULT_CAPACITY,
          forced: frozenset[str] = frozenset(), key: str = "") -> list[Part]:
    """The parts of ``units``, sorted by key (see the module docstring).

    ``forced``: keys of parts to split even if :func:`fits` says they fit
    (the emitter measured their text and found it too large). ``key``: the
    hash-bit prefix ``units`` share (to split one part further).
    """
    # Sorted by their hash bits, the units of any part are one run of the list: a part is
    # halved where its run's next bit turns to 1 and measured by running totals, instead
    # of every unit being filtered and added up again at every level (100,000 units).
    ordered = sorted(units, key=lambda u: (u.bits, u.key))
    bits = [unit.bits for unit in ordered]
    totals = _Totals(ordered)
    parts: list[Part] = []
    pending = [(key, 0, len(ordered))]
    while pending:
        prefix, start, end = pending.pop()
        if start == end:
            continue
        if end - start == 1 or len(prefix) >= MAX_DEPTH or (
                prefix not in forced and totals.fit(start, end, capacity)):
            parts.append(Part(prefix, sorted(ordered[start:end], key=lambda u: u.key)))
            continue
        middle = bisect_left(bits, prefix + "1", start, end)  # the first whose next bit is 1
        pending += [(prefix + "1", middle, end), (prefix + "0", start, middle)]
    return sorted(parts, key=lambda p: p.key)


class _Totals:
    """What :func:`fits` adds up, for any run ``start:end`` of ``units``: running totals of
    their measures. The parameters (a union, not a sum) are gathered only for a run that
    passes every other limit."""

    def __init__(self, units: Sequence[Unit]) -> None:
        self.units = units
        self.kinds = sorted({kind for unit in units for kind in unit.starts})
        self.resources, self.machines, self.template_bytes = [0], [0], [0]
        self.chars: dict[str, list[int]] = {kind: [0] for kind in self.kinds}
        self.started: dict[str, list[int]] = {kind: [0] for kind in self.kinds}  # units
        for unit in units:
            self.resources.append(self.resources[-1] + unit.resources)
            self.machines.append(self.machines[-1] + len(unit.machines))
            self.template_bytes.append(self.template_bytes[-1] + unit.template_bytes)
            for kind in self.kinds:
                self.chars[kind].append(self.chars[kind][-1] + unit.starts.get(kind, 0))
                self.started[kind].append(self.started[kind][-1] + (kind in unit.starts))

    def fit(self, start: int, end: int, capacity: Capacity) -> bool:
        """``fits(units[start:end], capacity)``."""
        starts = [self.chars[kind][end] - self.chars[kind][start] for kind in self.kinds
                  if self.started[kind][end] > self.started[kind][start]]
        return (self.resources[end] - self.resources[start] + len(starts) <= capacity.resources
                and self.machines[end] - self.machines[start] <= capacity.outputs
                and self.template_bytes[end] - self.template_bytes[start]
                + sum(limits.ENTRY_OVERHEAD + 3 * chars // 2 for chars in starts)
                <= capacity.template_bytes
                and all(chars <= capacity.policy_chars for chars in starts)
                and len({p for unit in self.units[start:end] for p in unit.parameters})
                <= capacity.parameters)
