"""report.json: the readiness report for machines (schema ``jobmig.report/1``).

The shape is documented by the JSON Schema shipped as
``jobmig/schemas/report.schema.json`` (:func:`report_schema`). Keys are sorted,
lists keep the report's order, and the text ends with a newline, so the same
plan gives the same bytes.
"""
from __future__ import annotations

import json
from importlib import resources
from typing import Any

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


def render_json(report: ReportData) -> str:
    """report.json text: sorted keys, two-space indent, UTF-8 kept, final newline."""
    return json.dumps(to_dict(report), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def report_schema() -> dict[str, Any]:
    """The JSON Schema of report.json, as shipped in the package."""
    text = resources.files("jobmig").joinpath("schemas/report.schema.json").read_text("utf-8")
    return json.loads(text)
