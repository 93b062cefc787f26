"""A cheaper :func:`dataclasses.replace` for the model's frozen dataclasses.

``dataclasses.replace`` calls the class's ``__init__`` with every field, and a
frozen class's ``__init__`` sets each one through ``object.__setattr__``: on a
large estate, where every job, edge and source reference is copied once or
twice on its way through the pipeline, that costs seconds. :func:`copy_with`
makes the same object by copying the instance's attributes.
"""
from __future__ import annotations

from typing import Any, TypeVar

Frozen = TypeVar("Frozen")


def copy_with(item: Frozen, **changes: Any) -> Frozen:
    """``dataclasses.replace(item, **changes)`` for a dataclass without
    ``__post_init__``, ``InitVar`` or ``init=False`` fields and without
    ``__slots__`` (the model's classes: :mod:`jobmig.model`); ``changes`` name
    fields only."""
    new = object.__new__(type(item))
    new.__dict__.update(item.__dict__, **changes)
    return new
