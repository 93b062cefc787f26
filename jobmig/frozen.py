"""A cheaper :func:`dataclasses.replace` for the model's frozen dataclasses.

``dataclasses.replace`` calls the class's ``__init__`` with every field, and a
frozen class's ``__init__`` sets each one through ``object.__setattr__``: on a
large estate, where every job, edge and source reference is copied once or
twice on its way through the pipeline, that costs seconds. :func:`copy_with`
makes the same object by copying the instance's attributes, and
:func:`quick_init` gives a class an ``__init__`` that stores its fields the
same way (:mod:`jobmig.model` applies it to the classes made most often).
"""
from __future__ import annotations

import dataclasses
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


# names of the instance and of its __dict__ in the __init__ quick_init writes: no field's
_SELF, _STORE = "__quick_init_self__", "__quick_init_dict__"


def quick_init(cls: type) -> type:
    """Give the frozen dataclass ``cls`` an ``__init__`` that stores its fields straight into
    the instance's ``__dict__``; returns ``cls``.

    The one ``dataclasses`` writes for a frozen class sets each field through
    ``object.__setattr__`` (its own ``__setattr__`` refuses): for a class of twenty
    fields made a hundred thousand times in a run (:class:`jobmig.model.Job`), a
    noticeable share of the run. This one takes the same arguments (positional or
    by name, in field order), fills defaults the same way (a ``default_factory`` is
    called for each instance) and leaves everything else, the frozen
    ``__setattr__``, equality, ordering and hashing, as they were. For classes
    without ``__post_init__``, ``InitVar`` or ``init=False`` fields (checked).
    """
    fields = dataclasses.fields(cls)
    if hasattr(cls, "__post_init__") or any(not f.init for f in fields) or \
            "__slots__" in cls.__dict__ or {f.name for f in fields} & {_SELF, _STORE}:
        raise TypeError(f"{cls.__name__}: quick_init needs plain fields and no __post_init__")
    namespace: dict[str, Any] = {"_MISSING": dataclasses.MISSING}
    arguments, body = [], []
    for f in fields:
        if f.default is not dataclasses.MISSING:
            namespace[f"_default_{f.name}"] = f.default
            arguments.append(f"{f.name}=_default_{f.name}")
        elif f.default_factory is not dataclasses.MISSING:
            namespace[f"_factory_{f.name}"] = f.default_factory
            arguments.append(f"{f.name}=_MISSING")
            body.append(f"    if {f.name} is _MISSING:\n        {f.name} = _factory_{f.name}()")
        else:
            arguments.append(f.name)
    body.append(f"    {_STORE} = {_SELF}.__dict__")
    body.extend(f"    {_STORE}[{f.name!r}] = {f.name}" for f in fields)
    source = f"def __init__({_SELF}, {', '.join(arguments)}):\n" + "\n".join(body) + "\n"
    exec(source, namespace)  # noqa: S102 - the text is made of field names only
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = cls.__init__.__doc__
    cls.__init__ = init  # type: ignore[misc]
    return cls
