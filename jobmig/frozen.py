"""A cheaper :func:`dataclasses.replace` for the model's frozen dataclasses.

``dataclasses.replace`` looks up the class's fields, sorts out which it may
pass, and calls the class's ``__init__`` with every one: on a large estate,
where every job, edge and source reference is copied once or twice on its way
through the pipeline, that costs seconds. :func:`copy_with` sets the same
attributes on a new instance directly.
"""
from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

Frozen = TypeVar("Frozen")

_NAMES: dict[type, tuple[str, ...]] = {}  # each class's field names, in field order
_SET = object.__setattr__  # what a frozen dataclass's own __init__ sets fields with


def copy_with(item: Frozen, **changes: Any) -> Frozen:
    """``dataclasses.replace(item, **changes)`` for a dataclass without
    ``__post_init__``, ``InitVar`` or ``init=False`` fields (the model's classes:
    :mod:`jobmig.model`); ``changes`` name fields only.

    Each field is set with ``object.__setattr__``, as the class's ``__init__`` sets
    it, and read with ``getattr``: writing the instance's ``__dict__`` directly
    (or reading ``item.__dict__``) would be quicker here, but leaves both objects
    with a materialised dict, which makes every later attribute read slower.
    """
    kind = type(item)
    names = _NAMES.get(kind)
    if names is None:
        names = _NAMES[kind] = tuple(f.name for f in dataclasses.fields(kind))  # type: ignore[arg-type]
    new = object.__new__(kind)
    for name in names:
        _SET(new, name, changes[name] if name in changes else getattr(item, name))
    return new
