"""report.json: the readiness report for machines (schema ``jobmig.report/1``).

The shape is documented by the JSON Schema shipped as
``jobmig/schemas/report.schema.json`` (:func:`report_schema`). Keys are sorted,
lists keep the report's order, and the text ends with a newline, so the same
plan gives the same bytes.
"""
from __future__ import annotations

import json
from importlib import resources
from json.encoder import encode_basestring as _escaped
from typing import Any, Callable, Iterator

from jobmig.report.data import RULES_PER_BUS, ReportData


def to_dict(report: ReportData) -> dict[str, Any]:
    """The report as plain JSON data (what report.json holds)."""
    return {
        "schema": report.schema,
        "options": dict(report.options),
        "summary": _counts(report.summary),
        "notes": list(report.notes),
        "sources": [{"path": s.path, "format": s.format, "skipped": s.skipped,
                     "reason": s.reason, **_counts(s.counts)} for s in report.sources],
        "severity_counts": dict(report.severity_counts),
        "findings": [{
            "code": g.code, "severity": g.severity, "title": g.title,
            "explanation": g.explanation, "remedy": g.remedy, "count": len(g.occurrences),
            "occurrences": [{"where": o.where, "job": o.job_id or None,
                             "job_name": o.job_name or None, "message": o.message,
                             **({"accepted": {"reason": o.accepted}}
                                if o.accepted is not None else {})}
                            for o in g.occurrences],
        } for g in report.findings],
        "calendars": [{
            "name": c.name, "path": c.path, "type": c.type, "timezone": c.timezone,
            "horizon": [c.horizon_start, c.horizon_end], "days": c.days,
            "description": c.description, "jobs": list(c.jobs),
        } for c in report.calendars],
        "cross_dependencies": [{
            "from": d.from_id, "from_name": d.from_name, "to": d.to_id, "to_name": d.to_name,
            "condition": d.condition, "realized_as": d.realized_as,
        } for d in report.cross_dependencies],
        "rules": [{"name": r.name, "kind": r.kind, "target": r.target} for r in report.rules],
        "rule_quota": {"event_rules": len(report.rules), "schedule_rules": report.schedule_rules,
                       "per_bus": RULES_PER_BUS},
        "timing": [{
            "job": t.job_id, "job_name": t.job_name, "status": t.status,
            "risks": [{"kind": r.kind, "detail": r.detail} for r in t.risks],
        } for t in report.timing],
        "jobs": [{
            "id": j.id, "name": j.name, "kind": j.kind, "unit_type": j.unit_type,
            "parent": j.parent or None, "path": j.path, "line": j.line, "format": j.format,
            "status": j.status, "state_machine": j.state_machine or None,
            "legacy": {"flavor": j.legacy_flavor, "expression": j.legacy_expression,
                       "timezone": j.legacy_timezone},
            "schedules": list(j.schedules), "calendars": list(j.calendars),
            "findings": list(j.finding_codes), "command": j.command, "user": j.user,
            "host": j.host, "disabled": j.disabled,
        } for j in report.jobs],
    }


def _counts(counts: Any) -> dict[str, int]:
    return {"jobs": counts.jobs, "auto": counts.auto, "review": counts.review,
            "manual": counts.manual}


class Deferred:
    """A string value made only when :func:`dumps` or :func:`dump_parts` writes it
    (``make()``), so a large document need not hold all its texts at once."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[], str]) -> None:
        self.make = make


def render_json(report: ReportData) -> str:
    """report.json text: sorted keys, two-space indent, UTF-8 kept, final newline."""
    return dumps(to_dict(report)) + "\n"


def render_json_parts(report: ReportData) -> Iterator[str]:
    """:func:`render_json`'s text in pieces (the same text joined): a large estate's
    report.json is written without holding its text, or the pieces of all of it, at once.
    The findings' occurrences are opened too (one code may occur for every job)."""
    yield from dump_parts(to_dict(report), levels=3)
    yield "\n"


def dumps(value: Any, sort_keys: bool = True) -> str:
    """``json.dumps(value, indent=2, sort_keys=sort_keys, ensure_ascii=False)``, the same text.

    The standard library writes indented JSON with its pure-Python encoder, one
    generator step per token: several seconds for the report of a hundred thousand
    jobs. This writes each value in one step (strings escaped by the standard
    library's own C function) and joins the pieces once. Like ``json.dumps`` it raises
    :class:`TypeError` for a value or key JSON cannot hold; it does not look for
    circular references (a report holds none).
    """
    pieces: list[str] = []
    _write(value, 0, pieces.append, ["\n"], sort_keys)
    return "".join(pieces)


def dump_parts(value: Any, sort_keys: bool = True, levels: int = 2,
               open_above: int = 64) -> Iterator[str]:
    """:func:`dumps`'s text in pieces (the same text joined), so a large document
    (plan.json, main.tf.json) is never held as one text: the containers of the first
    ``levels`` levels, and any holding more than ``open_above`` items, are opened here
    item by item; every other value is written whole."""
    yield from _parts(value, 0, ["\n"], sort_keys, levels, open_above)


def _parts(value: Any, level: int, indents: list[str], sort_keys: bool,
           levels: int, open_above: int) -> Iterator[str]:
    if (not isinstance(value, (dict, list, tuple)) or not value
            or (level >= levels and len(value) <= open_above)):
        pieces: list[str] = []
        _write(value, level, pieces.append, indents, sort_keys)
        yield "".join(pieces)
        return
    is_dict = isinstance(value, dict)
    items: Any = (sorted(value.items()) if sort_keys else value.items()) if is_dict else value
    if len(indents) <= level + 1:
        indents.append(indents[-1] + "  ")
    inner = indents[level + 1]
    yield ("{" if is_dict else "[") + inner
    first = True
    for item in items:
        if first:
            first = False
        else:
            yield "," + inner
        if is_dict:
            key, item = item
            yield _key(key) + ": "
        yield from _parts(item, level + 1, indents, sort_keys, levels, open_above)
    yield indents[level] + ("}" if is_dict else "]")


def _write(value: Any, level: int, out: Callable[[str], None], indents: list[str],
           sort_keys: bool = True) -> None:
    """Write ``value``, nested ``level`` deep; ``indents[n]`` is a line break and n levels
    of indent (two spaces each), grown as needed; dict keys sorted when ``sort_keys``,
    else in the dict's own order."""
    text = _scalar(value)
    if text is not None:
        out(text)
        return
    if isinstance(value, dict):
        items: Any = sorted(value.items()) if sort_keys else value.items()
        opening, closing = "{", "}"
    elif isinstance(value, (list, tuple)):
        items = value
        opening, closing = "[", "]"
    elif isinstance(value, Deferred):
        out(_escaped(value.make()))
        return
    else:
        raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")
    if not items:
        out(opening + closing)
        return
    if len(indents) <= level + 1:
        indents.append(indents[-1] + "  ")
    inner = indents[level + 1]
    out(opening + inner)
    first = True
    for item in items:
        if first:
            first = False
        else:
            out("," + inner)
        if opening == "{":
            key, item = item
            out(_key(key) + ": ")
        if type(item) is str:  # most values
            out(_escaped(item))
        else:
            _write(item, level + 1, out, indents, sort_keys)
    out(indents[level] + closing)


def _scalar(value: Any) -> str | None:
    """A string, number, boolean or null as JSON, in the order ``json`` tells them apart;
    None for anything else."""
    if isinstance(value, str):
        return _escaped(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    return None


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == float("inf"):
        return "Infinity"
    if value == float("-inf"):
        return "-Infinity"
    return float.__repr__(value)


def _key(key: Any) -> str:
    """A dict key as JSON writes it: always a string (a number, boolean or null as its
    literal in quotes)."""
    if isinstance(key, str):
        return _escaped(key)
    literal = _scalar(key)
    if literal is None:
        raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")
    return _escaped(literal)


def report_schema() -> dict[str, Any]:
    """The JSON Schema of report.json, as shipped in the package."""
    text = resources.files("jobmig").joinpath("schemas/report.schema.json").read_text("utf-8")
    return json.loads(text)
