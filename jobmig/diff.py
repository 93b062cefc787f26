"""``jobmig diff OLD NEW``: what changed between two conversions of an estate.

Each side is a ``convert`` output folder or its ``plan.json`` (the
CloudFormation templates are then read from ``cloudformation/*.yaml`` beside
it, every file there: a large plan may be split into several stacks).

Jobs are matched by id (their legacy identity, :mod:`jobmig.identity`). A job
is *changed* when one of :data:`JOB_FIELDS` differs; where it stands in its
file does not count, so a job that only moved (lines inserted above it) is
unchanged, and so do line numbers quoted in finding messages.

Resources are matched by logical ID within their stack file. One that
exists on both sides is *replaced* when its type changed or a property
CloudFormation can only change by replacing the resource (its name, mostly:
:data:`REPLACEMENT_PROPERTIES`) changed, else *modified* when anything in it
changed.

Decisions (``--decisions``) that became stale are the JM090 findings of NEW
that OLD did not have.

Findings tied to no job (a dependency that names nothing any more, a file
skipped) are listed as added or removed, matched by code, file and message
with its places masked.

Options of :data:`OPTION_KEYS` the two plans were made with differently (a
second run without ``--timezone``, a horizon that moved with the date) are
listed first, old and new: they explain many changed jobs at once.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from jobmig.decisions import STALE as STALE_DECISION
from jobmig.i18n import tr
from jobmig.plan import SCHEMA_ID

#: Fields a job's change is reported in, and the plan.json keys each one reads.
JOB_FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("name",),
    "command": ("command", "stdin", "parameters", "unit_type", "kind"),
    "environment": ("environment",),
    "user": ("user",),
    "host": ("host",),
    "schedule": ("legacy_schedule", "legacy_schedules"),
    "aws_expression": ("schedules",),
    "state_machine": ("state_machine", "parent"),
    "disabled": ("disabled",),
    "status": ("status",),
}
EXTRA_FIELDS = ("dependencies", "findings")

#: Properties whose change makes CloudFormation replace the resource (its user guide,
#: "Update requires: Replacement"), by resource type.
REPLACEMENT_PROPERTIES: dict[str, frozenset[str]] = {
    "AWS::StepFunctions::StateMachine": frozenset({"StateMachineName", "StateMachineType"}),
    "AWS::IAM::Role": frozenset({"RoleName", "Path"}),
    "AWS::Scheduler::Schedule": frozenset({"Name", "GroupName"}),
    "AWS::Events::Rule": frozenset({"Name", "EventBusName"}),
    "AWS::SSM::Document": frozenset({"Name", "DocumentType", "DocumentFormat", "TargetType"}),
    "AWS::SNS::Topic": frozenset({"TopicName", "FifoTopic"}),
}
_DEFAULT_TEMPLATE = "template"
#: plan.json options that change many jobs at once when a re-run gives them otherwise.
OPTION_KEYS = ("timezone", "horizon", "holidays", "inputs")


class DiffInputError(Exception):
    """A side that is not a readable jobmig output, or two sides that do not match."""


@dataclass
class Side:
    """One conversion: its plan.json data and its templates' resources.

    ``resources`` maps ``(stack file stem, logical id)`` to the resource.
    """

    plan: dict[str, Any]
    resources: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)


def load_side(given: str) -> Side:
    """Read a ``convert`` output folder or a plan.json; :class:`DiffInputError` if unusable."""
    path = Path(given)
    plan_path = path / "plan.json" if path.is_dir() else path
    if not plan_path.is_file():
        raise DiffInputError(f"{given}: no plan.json here; give a jobmig convert output folder "
                             "or its plan.json")
    try:
        plan = json.loads(plan_path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise DiffInputError(f"{plan_path}: not a readable plan.json ({error})")
    if not isinstance(plan, dict) or plan.get("schema") != SCHEMA_ID or \
            not isinstance(plan.get("jobs"), list):
        found = plan.get("schema") if isinstance(plan, dict) else None
        raise DiffInputError(f"{plan_path}: not a {SCHEMA_ID} plan (schema {found!r})")
    side = Side(plan)
    folder = plan_path.parent / "cloudformation"
    for template in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        for logical, resource in _resources(template).items():
            side.resources[(template.stem, logical)] = resource
    return side


def _resources(template: Path) -> dict[str, Any]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(template.read_text("utf-8"), Loader=loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        where = getattr(error, "problem_mark", None)
        line = f":{where.line + 1}:{where.column + 1}" if where is not None else ""
        raise DiffInputError(f"{template}{line}: not a readable template "
                             f"({getattr(error, 'problem', None) or error})")
    resources = data.get("Resources") if isinstance(data, dict) else None
    if not isinstance(resources, dict):
        raise DiffInputError(f"{template}: no Resources section")
    return resources


def compare(old: Side, new: Side) -> dict[str, Any]:
    """The differences as the ``--json`` document (sorted, deterministic)."""
    old_options, new_options = old.plan.get("options") or {}, new.plan.get("options") or {}
    if old_options.get("target") != new_options.get("target"):
        raise DiffInputError(f"the plans were made for different targets "
                             f"({old_options.get('target')} and {new_options.get('target')}); "
                             "convert both with the same --target")
    if bool(old.resources) != bool(new.resources):
        raise DiffInputError(f"only the {'old' if old.resources else 'new'} side has "
                             "CloudFormation templates beside its plan.json; give two convert "
                             "output folders")
    old_jobs = {job["id"]: job for job in old.plan["jobs"]}
    new_jobs = {job["id"]: job for job in new.plan["jobs"]}
    old_edges, new_edges = _edges(old.plan), _edges(new.plan)
    changed = []
    for job_id in sorted(old_jobs.keys() & new_jobs.keys()):
        fields = _changed_fields(old_jobs[job_id], new_jobs[job_id])
        if old_edges.get(job_id, set()) != new_edges.get(job_id, set()):
            fields.append("dependencies")
        if _findings(old_jobs[job_id]) != _findings(new_jobs[job_id]):
            fields.append("findings")
        if fields:
            changed.append({"id": job_id, "fields": fields})
    resources = _compare_resources(old.resources, new.resources)
    old_loose, new_loose = _loose(old.plan), _loose(new.plan)
    findings = {"added": [_finding_json(f) for key, f in sorted(new_loose.items())
                          if key not in old_loose],
                "removed": [_finding_json(f) for key, f in sorted(old_loose.items())
                            if key not in new_loose]}
    stale_before = {_stale_key(f) for f in _stale(old.plan)}
    stale = [_stale_json(f) for f in _stale(new.plan) if _stale_key(f) not in stale_before]
    data: dict[str, Any] = {
        "options": {key: {"old": old_options.get(key), "new": new_options.get(key)}
                    for key in OPTION_KEYS if old_options.get(key) != new_options.get(key)},
        "jobs": {"added": sorted(new_jobs.keys() - old_jobs.keys()),
                 "removed": sorted(old_jobs.keys() - new_jobs.keys()),
                 "changed": changed},
        "resources": resources,
        "findings": findings,
        "decisions": {"stale": stale},
    }
    data["summary"] = {
        **{f"jobs_{kind}": len(items) for kind, items in data["jobs"].items()},
        **{f"resources_{kind}": len(items) for kind, items in resources.items()},
        **{f"findings_{kind}": len(items) for kind, items in findings.items()},
        "stale_decisions": len(stale),
    }
    return data


def has_changes(data: dict[str, Any]) -> bool:
    """Whether anything at all changed (``--fail-on changes``)."""
    return any(data["jobs"].values()) or any(data["resources"].values()) or \
        any(data["findings"].values()) or bool(data["decisions"]["stale"])


def has_replacements(data: dict[str, Any]) -> bool:
    """Whether a deployed resource would be replaced (``--fail-on replacements``)."""
    return bool(data["resources"]["replaced"])


def _changed_fields(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    return [name for name, keys in JOB_FIELDS.items()
            if any(_field(old, key) != _field(new, key) for key in keys)]


_EXPRESSION_KEYS = ("kind", "expression", "timezone", "start_date", "end_date")


def _field(job: dict[str, Any], key: str) -> Any:
    """A job's value for ``key``; for its AWS schedules, what they fire on (not their names)."""
    value = job.get(key)
    if key == "schedules":
        return [{k: s.get(k) for k in _EXPRESSION_KEYS} for s in value or []]
    return value


def _edges(plan: dict[str, Any]) -> dict[str, set[tuple[str, ...]]]:
    """Job id → its edges (either end), without their source places."""
    edges: dict[str, set[tuple[str, ...]]] = {}
    for edge in plan.get("dependencies") or []:
        key = (edge.get("from"), edge.get("to"), edge.get("condition"), edge.get("scope"),
               edge.get("realized_as"))
        for end in (edge.get("from"), edge.get("to")):
            edges.setdefault(end, set()).add(key)
    return edges


# A place quoted in a message: ``path:line[:col]`` whose path has a letter or a slash
# (a clock time such as 02:30 or +00:00 has neither and is content, not a place; nor is
# an ISO date and time such as 2026-03-08T07:30:00, whose 'T' is no path).
_PLACE = re.compile(r"((?:^|[\s(\[,'\"=])(?!\d{4}-\d\d-\d\dT\d\d:)"
                    r"[^\s(\[,'\"=:;)]*(?:[^\W\d]|/)[^\s(\[,'\"=:;)]*)"
                    r":\d+(?::\d+)?\b")
_LINE = re.compile(r"\bline \d+(?:, column \d+)?")


def _findings(job: dict[str, Any]) -> set[tuple[str, str]]:
    """A job's findings as (code, message), places (path:line) quoted in messages masked."""
    return {(f.get("code", ""), _masked(f.get("message", ""))) for f in job.get("findings") or []}


def _compare_resources(old: dict[tuple[str, str], Any], new: dict[tuple[str, str], Any]
                       ) -> dict[str, list[str]]:
    single = {stack for stack, _ in old.keys() | new.keys()} <= {_DEFAULT_TEMPLATE}

    def name(key: tuple[str, str]) -> str:
        return key[1] if single else f"{key[0]}/{key[1]}"

    result: dict[str, list[str]] = {"added": [], "modified": [], "replaced": [], "deleted": []}
    for key in sorted(old.keys() | new.keys()):
        if key not in old:
            result["added"].append(name(key))
        elif key not in new:
            result["deleted"].append(name(key))
        elif old[key] != new[key]:
            result["replaced" if _replaces(old[key], new[key]) else "modified"].append(name(key))
    return result


def _replaces(old: Any, new: Any) -> bool:
    if not isinstance(old, dict) or not isinstance(new, dict) or old.get("Type") != new.get("Type"):
        return True
    properties = REPLACEMENT_PROPERTIES.get(str(new.get("Type")), frozenset())
    before, after = old.get("Properties") or {}, new.get("Properties") or {}
    return any(before.get(p) != after.get(p) for p in properties)


def _masked(message: str) -> str:
    return _LINE.sub("line …", _PLACE.sub(r"\1:…", message))


def _loose(plan: dict[str, Any]) -> dict[tuple[str, str, str, int], dict[str, Any]]:
    """The plan's findings tied to no job (stale decisions aside), by (code, file, message
    with its places masked, how many such came before it in the file): one that only moved
    down in its file is the same finding, and one of two alike that went is gone."""
    loose: dict[tuple[str, str, str, int], dict[str, Any]] = {}
    seen: Counter[tuple[str, str, str]] = Counter()
    for finding in plan.get("findings") or []:
        if finding.get("job") or finding.get("code") == STALE_DECISION:
            continue
        source = finding.get("source") or {}
        key = (str(finding.get("code")), str(source.get("path")),
               _masked(str(finding.get("message") or "")))
        loose[(*key, seen[key])] = finding
        seen[key] += 1
    return loose


def _finding_json(finding: dict[str, Any]) -> dict[str, Any]:
    source = finding.get("source") or {}
    return {"code": finding.get("code"), "message": finding.get("message"),
            "path": source.get("path"), "line": source.get("line")}


def _stale(plan: dict[str, Any]) -> Iterable[dict[str, Any]]:
    return [f for f in plan.get("findings") or [] if f.get("code") == STALE_DECISION]


def _stale_key(finding: dict[str, Any]) -> tuple[Any, ...]:
    """The decision a JM090 finding is about (its code and job), not why it matches
    nothing: one stale before and after, for another reason, did not become stale."""
    message = str(finding.get("message") or "")
    return (message.partition(" matches nothing: ")[0],)


def _stale_json(finding: dict[str, Any]) -> dict[str, Any]:
    source = finding.get("source") or {}
    return {"message": finding.get("message"), "path": source.get("path"),
            "line": source.get("line")}


# -- rendering ----------------------------------------------------------------------------
# Sentences and headings go through tr() (the caller sets the language); ids, logical
# IDs, field names and stale decisions' messages are printed as they are.
def render_markdown(data: dict[str, Any]) -> str:
    """The differences as Markdown, for a change ticket."""
    lines = ["# jobmig diff", ""]
    jobs, resources = data["jobs"], data["resources"]
    if data.get("options"):
        lines += ["## " + tr("Options that differ"), ""]
        lines += [f"- {_md(line)}" for line in _option_lines(data["options"])] + [""]
    lines += ["## " + tr("Jobs", context="diff"), ""]
    if not any(jobs.values()):
        lines += [tr("No job was added, removed or changed."), ""]
    for kind in ("added", "removed"):
        if jobs[kind]:
            lines += [f"**{_kind(kind)}** ({len(jobs[kind])})", ""]
            lines += [f"- `{_md(job_id)}`" for job_id in jobs[kind]] + [""]
    if jobs["changed"]:
        lines += [f"**{_kind('changed')}** ({len(jobs['changed'])})", "",
                  f"| {tr('job')} | {tr('what changed')} |", "| --- | --- |"]
        lines += [f"| `{_md(item['id'])}` | {', '.join(item['fields'])} |"
                  for item in jobs["changed"]] + [""]
    lines += ["## " + tr("CloudFormation resources"), ""]
    if not any(resources.values()):
        lines += [tr("No resource would change."), ""]
    for kind in ("replaced", "deleted", "added", "modified"):
        if resources[kind]:
            lines += [f"**{_kind(kind)}** ({len(resources[kind])})", ""]
            lines += [f"- `{_md(logical)}`" for logical in resources[kind]] + [""]
    loose = data.get("findings") or {}
    if any(loose.values()):
        lines += ["## " + tr("Findings tied to no job"), ""]
    for kind in ("added", "removed"):
        if loose.get(kind):
            lines += [f"**{_kind(kind)}** ({len(loose[kind])})", ""]
            lines += [f"- {_md(_where(item))}: {item['code']} {_md(item['message'] or '')}"
                      for item in loose[kind]] + [""]
    stale = data["decisions"]["stale"]
    if stale:
        lines += ["## " + tr("Decisions that became stale"), ""]
        lines += [f"- {_md(_where(item))}: {_md(item['message'] or '')}" for item in stale] + [""]
    return "\n".join(lines)


def _kind(kind: str) -> str:
    """A change kind as a heading word: ``Added`` (English) or its translation."""
    return tr(kind.capitalize())


def render_table(data: dict[str, Any], console: Any) -> None:
    """The differences as rich tables on ``console``."""
    from rich.table import Table

    jobs, resources = data["jobs"], data["resources"]
    for line in _option_lines(data.get("options") or {}):
        console.print(tr("option differs: {change}", change=line), markup=False)
    table = Table(tr("change"), tr("job"), tr("what changed"), title=tr("Jobs", context="diff"))
    for job_id in jobs["added"]:
        table.add_row(tr("added"), job_id, "")
    for job_id in jobs["removed"]:
        table.add_row(tr("removed"), job_id, "")
    for item in jobs["changed"]:
        table.add_row(tr("changed"), item["id"], ", ".join(item["fields"]))
    if table.row_count:
        console.print(table)
    else:
        console.print(tr("Jobs: no job was added, removed or changed."))
    table = Table(tr("change"), tr("logical ID"), title=tr("CloudFormation resources"))
    for kind in ("replaced", "deleted", "added", "modified"):
        for logical in resources[kind]:
            table.add_row(tr(kind), logical)
    if table.row_count:
        console.print(table)
    else:
        console.print(tr("CloudFormation: no resource would change."))
    for kind, items in (data.get("findings") or {}).items():
        for item in items:
            console.print(tr("finding {kind}: {where}: {code} {message}", kind=tr(kind),
                             where=_where(item), code=item["code"], message=item["message"]),
                          markup=False)
    for item in data["decisions"]["stale"]:
        console.print(tr("stale decision: {where}: {message}", where=_where(item),
                         message=item["message"]), markup=False)


def _option_lines(options: dict[str, Any]) -> list[str]:
    """``timezone: UTC → Asia/Tokyo`` for each option that differs."""
    def shown(value: Any) -> str:
        if value is None:
            return tr("(none)")
        return ", ".join(map(str, value)) if isinstance(value, list) else str(value)

    return [f"{key}: {shown(change['old'])} → {shown(change['new'])}"
            for key, change in sorted(options.items())]


def _where(item: dict[str, Any]) -> str:
    return f"{item['path']}:{item['line']}" if item.get("line") else str(item.get("path"))


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("`", "'")


__all__ = ["DiffInputError", "compare", "has_changes", "has_replacements", "load_side",
           "render_markdown", "render_table"]
