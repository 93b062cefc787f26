"""The stack split is the halving the module docstring describes, whatever the measures.

jobmig/emit/stack_split.py splits units by the bits of the SHA-1 of their keys: a set
that fits one stack (and is not forced to split) is one part, else it is halved by the
next bit (0 first), down to one unit or the last bit. The module computes this over a
list sorted by hash bits with running totals; here it is written out as that
recursion, with the bits taken from ``hashlib`` directly, and the two must give the same
parts, for a whole estate and for one part split further (``key``).
"""
from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from jobmig.emit.stack_split import MAX_DEPTH, Capacity, Unit, fits, split


def _bit(key: str, depth: int) -> str:
    digest = hashlib.sha1(key.encode("utf-8")).digest()
    return "1" if digest[depth // 8] & (0x80 >> (depth % 8)) else "0"


def _halving(units: list[Unit], capacity: Capacity, forced: frozenset[str],
             key: str = "") -> list[tuple[str, list[str]]]:
    if not units:
        return []
    if len(units) == 1 or len(key) >= MAX_DEPTH or (key not in forced
                                                     and fits(units, capacity)):
        return [(key, sorted(u.key for u in units))]
    depth = len(key)
    return (_halving([u for u in units if _bit(u.key, depth) == "0"], capacity, forced,
                     key + "0")
            + _halving([u for u in units if _bit(u.key, depth) == "1"], capacity, forced,
                       key + "1"))


_UNIT = st.fixed_dictionaries({
    "machines": st.integers(0, 3), "schedules": st.integers(0, 2), "rules": st.integers(0, 2),
    "parameters": st.sets(st.sampled_from(["P1", "P2", "P3", "P4", "P5"]), max_size=3),
    "template_bytes": st.integers(0, 6_000),
    "starts": st.dictionaries(st.sampled_from(["scheduler", "events"]), st.integers(0, 900),
                              max_size=2),
    "extra_resources": st.integers(0, 2),
})
_CAPACITY = st.builds(Capacity, resources=st.integers(2, 40), outputs=st.integers(1, 12),
                      parameters=st.integers(1, 5), template_bytes=st.integers(2_000, 40_000),
                      policy_chars=st.integers(200, 2_000))


def _units(keys: list[str], measures: list[dict]) -> list[Unit]:
    return [Unit(key, machines=[key] * m["machines"], schedules=[key] * m["schedules"],
                 rules=[key] * m["rules"], parameters=set(m["parameters"]),
                 template_bytes=m["template_bytes"], starts=dict(m["starts"]),
                 extra_resources=m["extra_resources"])
            for key, m in zip(keys, measures)]


@settings(max_examples=300, deadline=None)
@given(keys=st.lists(st.text(min_size=1, max_size=12), unique=True, max_size=50),
       measures=st.lists(_UNIT, min_size=50, max_size=50), capacity=_CAPACITY,
       forced=st.sets(st.sampled_from(["", "0", "1", "01", "10", "110"]), max_size=3))
def test_the_parts_are_those_of_halving_by_hash_bits_until_each_fits(keys, measures,
                                                                       capacity, forced):
    units = _units(keys, measures)
    parts = split(units, capacity, frozenset(forced))
    assert [(p.key, [u.key for u in p.units]) for p in parts] == \
        sorted(_halving(units, capacity, frozenset(forced)))
    for part in parts:  # one part split further, as the emitter does when its text is too large
        again = split(part.units, capacity, frozenset({part.key}), key=part.key)
        assert [(p.key, [u.key for u in p.units]) for p in again] == \
            sorted(_halving(part.units, capacity, frozenset({part.key}), part.key))
