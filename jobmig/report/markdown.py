"""report.md: the readiness report as GitHub-flavoured Markdown.

Sections: summary, sources, findings by code (with explanation and remedy
and every occurrence), timing risks, Change Calendars, cross-workflow
dependencies and rules, a mermaid dependency diagram (the part
:func:`jobmig.report.layout.graph_view` selects, with a note when capped),
and the job table.

Escaping: text from the inputs goes through :func:`md`, which turns ``&``,
``<``, ``>`` into entities (GitHub renders raw HTML otherwise) and
backslash-escapes Markdown punctuation and ``|``, so a job name can neither
inject HTML nor break a table. Mermaid labels go through :func:`mermaid_label`.
"""
from __future__ import annotations

import re

from jobmig.report.data import FindingGroup, ReportData, StatusCounts
from jobmig.report.layout import graph_view

# Mid-line, only these can start emphasis, code, links, strikethrough or a cell.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_STATUS_MARK = {"auto": "🟢 auto", "review": "🟡 review", "manual": "🔴 manual"}


def md(text: object) -> str:
    """``text`` safe inside Markdown prose and table cells (one line)."""
    value = "" if text is None else str(text)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = _MD_SPECIAL.sub(r"\\\1", value)
    return value.replace("\r\n", "<br>").replace("\n", "<br>").replace("\r", "<br>")


def mermaid_label(text: object) -> str:
    """``text`` safe inside a quoted mermaid label (entity codes for quotes, brackets, ...)."""
    value = "" if text is None else str(text)
    replacements = {"&": "#amp;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "`": "#96;",
                    "\n": " ", "\r": " ", "|": "#124;", "[": "#91;", "]": "#93;",
                    "{": "#123;", "}": "#125;", "(": "#40;", ")": "#41;", ";": "#59;",
                    "#": "#35;"}
    return "".join(replacements.get(char, char) for char in value)


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines + [""]


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "–"


def _summary(counts: StatusCounts) -> list[str]:
    return _table(["Jobs", "🟢 Auto", "🟡 Review", "🔴 Manual"], [[
        str(counts.jobs),
        f"{counts.auto} ({_percent(counts.auto, counts.jobs)})",
        f"{counts.review} ({_percent(counts.review, counts.jobs)})",
        f"{counts.manual} ({_percent(counts.manual, counts.jobs)})",
    ]])


def _finding(group: FindingGroup) -> list[str]:
    lines = [f"### {md(group.code)}: {md(group.title)}", "",
             f"**Severity:** {md(group.severity)} · **Occurrences:** {len(group.occurrences)}", ""]
    if group.explanation:
        lines += [md(group.explanation), ""]
    if group.remedy:
        lines += [f"**What to do:** {md(group.remedy)}", ""]
    rows = [[md(o.where) or "–", md(o.job_name or o.job_id) or "–",
             md(o.message) + (f" (accepted: {md(o.accepted)})" if o.accepted is not None else "")]
            for o in group.occurrences]
    return lines + _table(["Where", "Job", "Message"], rows)


def _graph(report: ReportData) -> list[str]:
    view = graph_view(report)
    if not view.columns:
        return ["No dependencies between jobs.", ""]
    names = report.job_names()
    statuses = {job.id: job.status for job in report.jobs}
    ids = {job_id: f"n{index}" for index, job_id in
           enumerate(job_id for column in view.columns for job_id in column)}
    lines = []
    if view.hidden_nodes:
        lines += [f"Showing {view.shown_nodes} of {view.total_nodes} jobs that have "
                  f"dependencies (connected groups in id order, capped); report.json lists every "
                  "edge.", ""]
    lines += ["```mermaid", "flowchart LR"]
    for column in view.columns:
        for job_id in column:
            lines.append(f'  {ids[job_id]}["{mermaid_label(names.get(job_id, job_id))}"]')
    for edge in view.edges:
        arrow = "-->" if edge.realized_as in ("state_machine", "") else "-.->"
        label = edge.condition if edge.condition not in ("", "success") else ""
        label = f"{label} {edge.realized_as}".strip() if arrow == "-.->" else label
        middle = f'|"{mermaid_label(label)}"|' if label else ""
        lines.append(f"  {ids[edge.source]} {arrow}{middle} {ids[edge.target]}")
    for status, colour in (("auto", "#d1fadf,stroke:#12b76a"), ("review", "#fef0c7,stroke:#f79009"),
                           ("manual", "#fee4e2,stroke:#f04438")):
        members = [ids[n] for n in ids if statuses.get(n, "manual") == status]
        lines.append(f"  classDef {status} fill:{colour}")
        if members:
            lines.append(f"  class {','.join(members)} {status}")
    return lines + ["```", ""]


def render_markdown(report: ReportData) -> str:
    """report.md text (see the module docstring)."""
    options = report.options
    lines = ["# Migration readiness report", ""]
    zone = md(options.get("timezone") or "not given")
    if options.get("timezone_assumed"):
        zone += " (assumed: the sources did not say)"
    horizon = options.get("horizon") or []
    span = f" · Calendar horizon: **{md(horizon[0])} to {md(horizon[1])}**" \
        if len(horizon) == 2 else ""
    lines += [f"Target: **{md(options.get('target') or 'scheduler')}** · Time zone: **{zone}**"
              f"{span}", ""]
    lines += ["## Summary", ""] + _summary(report.summary)
    counts = report.severity_counts
    lines += [f"Findings: {report.finding_total} ({counts.get('error', 0)} error, "
              f"{counts.get('manual', 0)} manual, {counts.get('review', 0)} review, "
              f"{counts.get('info', 0)} info).", ""]
    lines += [f"> **Note:** {md(note)}" for note in report.notes] + ([""] if report.notes else [])

    lines += ["## Sources", ""] + _table(
        ["File", "Format", "Jobs", "Auto", "Review", "Manual", "Skipped"],
        [[md(s.path), md(s.format), str(s.counts.jobs), str(s.counts.auto), str(s.counts.review),
          str(s.counts.manual), md(f"yes: {s.reason}" if s.reason else "yes") if s.skipped else ""]
         for s in report.sources])

    lines += ["## Findings", ""]
    if not report.findings:
        lines += ["No findings.", ""]
    for group in report.findings:
        lines += _finding(group)

    lines += ["## Timing risks", "",
              "Jobs that run more often than once a minute (**sub-minute**: not possible on "
              "EventBridge), every minute (**every-minute**: the AWS floor), or at local times "
              "that DST skips or repeats (**dst**).", ""]
    lines += _table(["Job", "Status", "Risk", "Detail"],
                    [[md(t.job_name or t.job_id), _STATUS_MARK.get(t.status, md(t.status)),
                      md(r.kind), md(r.detail)] for t in report.timing for r in t.risks]) \
        if report.timing else ["None found.", ""]

    lines += ["## Change Calendars", ""]
    lines += _table(["Calendar", "Type", "Time zone", "Horizon", "Days", "Gates jobs"],
                    [[md(c.name), md(c.type), md(c.timezone),
                      md(f"{c.horizon_start} to {c.horizon_end}") if c.horizon_start else "–",
                      "–" if c.days is None else str(c.days), md(", ".join(c.jobs))]
                     for c in report.calendars]) if report.calendars else ["None needed.", ""]
    if report.calendars:
        lines += ["Renew each calendar before its horizon ends.", ""]

    lines += ["## Cross-workflow dependencies", ""]
    lines += _table(["From", "To", "Condition", "Realized as"],
                    [[md(d.from_name), md(d.to_name), md(d.condition), md(d.realized_as)]
                     for d in report.cross_dependencies]) \
        if report.cross_dependencies else ["None.", ""]
    lines += [report.rule_quota, ""]
    if report.rules:
        lines += ["### EventBridge rules and join gates", ""] + _table(
            ["Name", "Kind", "Target"],
            [[md(r.name), md(r.kind), md(r.target)] for r in report.rules])

    events = report.event_units
    if events.total:
        lines += ["## JP1 event and wait units", "",
                  f"{events.converted} of {events.total} converted; each left manual, and why:",
                  ""]
        lines += _table(["Unit", "Type", "Where", "Why not converted"],
                        [[md(name), md(kind), md(where), md(reason)]
                         for name, kind, where, reason in events.left]) \
            if events.left else ["None left.", ""]

    lines += ["## Dependency graph", ""] + _graph(report)

    lines += ["## Jobs", ""] + _table(
        ["Status", "Job", "Source", "Legacy schedule", "AWS schedules", "Findings"],
        [[_STATUS_MARK.get(j.status, md(j.status)), md(j.name or j.id),
          md(f"{j.path}:{j.line}" if j.line is not None else j.path),
          md(j.legacy_expression), md("; ".join(j.schedules)), md(", ".join(j.finding_codes))]
         for j in report.jobs])
    return "\n".join(lines).rstrip("\n") + "\n"
