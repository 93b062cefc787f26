"""A cheaper :func:`dataclasses.replace` for the model's frozen dataclasses.

``dataclasses.replace`` looks up the class's fields, sorts out which it may
pass, and calls the class's ``__init__`` with every one: on a large estate,
where every job, edge and source reference is copied once or twice on its way
through the pipeline, that costs seconds. :func:`copy_with` sets the same
attributes on a new instance directly.
"""
from __future__ import annotations

import dataclasses
from typing import Any, Callable, TypeVar

Frozen = TypeVar("Frozen")

_COPIERS: dict[type, Callable[[Any, dict[str, Any]], Any]] = {}  # each class's copier
_SET = object.__setattr__  # what a frozen dataclass's own __init__ sets fields with


def copy_with(item: Frozen, **changes: Any) -> Frozen:
    """``dataclasses.replace(item, **changes)`` for a dataclass without
    ``__post_init__``, ``InitVar`` or ``init=False`` fields (the model's classes:
    :mod:`jobmig.model`); ``changes`` name fields only.

    Each field is set with ``object.__setattr__``, as the class's ``__init__`` sets
    it, and read as an attribute: writing the instance's ``__dict__`` directly
    (or reading ``item.__dict__``) would be quicker here, but leaves both objects
    with a materialised dict, which makes every later attribute read slower.
    """
    kind = type(item)
    copier = _COPIERS.get(kind)
    if copier is None:
        copier = _COPIERS[kind] = _copier(kind)
    return copier(item, changes)  # type: ignore[no-any-return]


def _copier(kind: type) -> Callable[[Any, dict[str, Any]], Any]:
    """A function ``(item, changes) -> copy`` for instances of ``kind`` that sets each field
    in field order, from ``changes`` or from ``item``. Written out field by field (as
    :mod:`dataclasses` writes a class's ``__init__``): a loop over the field names with
    ``getattr`` takes about twice as long, which counts for the hundreds of thousands of
    copies of a large estate."""
    lines = [f"    _SET(new, {name!r}, changes[{name!r}] if {name!r} in changes else item.{name})"
             for name in (f.name for f in dataclasses.fields(kind))]
    source = "def copy(item, changes):\n    new = _NEW(_KIND)\n" + "\n".join(lines) + \
        "\n    return new\n"
    namespace: dict[str, Any] = {"_SET": _SET, "_NEW": object.__new__, "_KIND": kind}
    exec(source, namespace)  # the names are the class's field names: identifiers
    return namespace["copy"]  # type: ignore[no-any-return]
