"""The Plan: everything a conversion decided, before it is written to files.

``data`` is exactly what ``plan.json`` holds (schema ``jobmig.plan/1``,
shipped as ``jobmig/schemas/plan.schema.json``); the other fields hold the
artifacts the emitters write beside it. Everything else derives from the
plan: emitters and the report read it and never look at the sources again.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Iterator

from jobmig.mappings.change_calendar import ChangeCalendar

SCHEMA_ID = "jobmig.plan/1"


@dataclass
class Plan:
    """plan.json data plus the state machines, rules and calendars it names.

    ``state_machines`` and ``rules`` hold the objects built by
    :mod:`jobmig.mappings.stepfunctions` and :mod:`jobmig.mappings.event_patterns`;
    ``calendars`` the Change Calendars by name.
    """

    data: dict[str, Any]
    state_machines: list[Any] = field(default_factory=list)
    rules: list[Any] = field(default_factory=list)
    calendars: dict[str, ChangeCalendar] = field(default_factory=dict)


def plan_schema() -> dict[str, Any]:
    """The JSON Schema of plan.json, as shipped in the package."""
    text = resources.files("jobmig").joinpath("schemas/plan.schema.json").read_text("utf-8")
    return json.loads(text)


def dump_json(data: Any) -> str:
    """Deterministic JSON text: sorted keys, two-space indent, final newline, UTF-8 kept."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def dump_json_parts(data: Any) -> Iterator[str]:
    """:func:`dump_json`'s text in pieces (the same text joined), so that a large
    document is written without holding all of its text at once."""
    # the report's writer: the same text as json's indenting encoder, several times faster
    from jobmig.report.json_render import dump_parts

    yield from dump_parts(data)
    yield "\n"
