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

from jobmig.i18n import plan_word, say, tr
from jobmig.report.data import FindingGroup, ReportData, StatusCounts, renewal_lines
from jobmig.report.layout import graph_view

# Mid-line, only these can start emphasis, code, links, strikethrough or a cell.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_STATUS_DOT = {"auto": "🟢", "review": "🟡", "manual": "🔴"}


def _status_mark(status: str) -> str:
    """A job status as people read it: its colour dot and its word in the report's language
    (plan.json keeps the machine value)."""
    dot = _STATUS_DOT.get(status)
    return f"{dot} {tr(status)}" if dot else md(status)


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
    return _table([tr("Jobs"), "🟢 " + tr("Auto"), "🟡 " + tr("Review"), "🔴 " + tr("Manual")], [[
        str(counts.jobs),
        f"{counts.auto} ({_percent(counts.auto, counts.jobs)})",
        f"{counts.review} ({_percent(counts.review, counts.jobs)})",
        f"{counts.manual} ({_percent(counts.manual, counts.jobs)})",
    ]])


def _finding(group: FindingGroup) -> list[str]:
    lines = [f"### {md(group.code)}: {md(group.title)}", "",
             f"**{tr('Severity')}:** {md(tr(group.severity))} · **{tr('Occurrences')}:** "
             f"{len(group.occurrences)}", ""]
    if group.explanation:
        lines += [md(group.explanation), ""]
    if group.remedy:
        lines += [f"**{tr('What to do')}:** {md(group.remedy)}", ""]
    rows = [[md(o.where) or "–", md(o.job_name or o.job_id) or "–",
             md(say(o.message)) + (tr(" (accepted: {reason})", reason=md(o.accepted))
                              if o.accepted is not None else "")]
            for o in group.occurrences]
    return lines + _table([tr("Where"), tr("Job"), tr("Message")], rows)


def _graph(report: ReportData) -> list[str]:
    view = graph_view(report)
    if not view.columns:
        return [tr("No dependencies between jobs."), ""]
    names = report.job_names()
    statuses = {job.id: job.status for job in report.jobs}
    ids = {job_id: f"n{index}" for index, job_id in
           enumerate(job_id for column in view.columns for job_id in column)}
    lines = []
    if view.hidden_nodes:
        lines += [tr("Showing {shown} of {total} jobs that have dependencies (connected groups "
                     "in id order, capped); report.json lists every edge.",
                     shown=view.shown_nodes, total=view.total_nodes), ""]
    lines += ["```mermaid", "flowchart LR"]
    for column in view.columns:
        for job_id in column:
            lines.append(f'  {ids[job_id]}["{mermaid_label(names.get(job_id, job_id))}"]')
    for edge in view.edges:
        arrow = "-->" if edge.realized_as in ("state_machine", "") else "-.->"
        label = plan_word(edge.condition) if edge.condition not in ("", "success") else ""
        label = f"{label} {plan_word(edge.realized_as)}".strip() if arrow == "-.->" else label
        middle = f'|"{mermaid_label(label)}"|' if label else ""
        lines.append(f"  {ids[edge.source]} {arrow}{middle} {ids[edge.target]}")
    for status, colour in (("auto", "#d1fadf,stroke:#12b76a"), ("review", "#fef0c7,stroke:#f79009"),
                           ("manual", "#fee4e2,stroke:#f04438")):
        members = [ids[n] for n in ids if statuses.get(n, "manual") == status]
        lines.append(f"  classDef {status} fill:{colour}")
        if members:
            lines.append(f"  class {','.join(members)} {status}")
    return lines + ["```", ""]


def _wave(report: ReportData) -> list[str]:
    """convert --wave: the wave and its cutover checklist (nothing for a whole plan)."""
    wave = report.wave
    if not wave:
        return []
    from jobmig.waves_render import PHASES  # here: a whole plan's report needs no wave code

    lines = ["## " + tr("Cutover checklist: {name} of {total} waves", name=md(wave.get("name")),
                        total=wave.get("of", "?")), "",
             tr("This report covers one wave only: the jobs, state machines and rules it "
                "moves."), ""]
    steps = wave.get("checklist") or {}
    for key, title in PHASES:
        lines += [f"- [ ] {tr(title)}: {md(step)}" for step in steps.get(key) or []]
    return lines + [""]


def render_markdown(report: ReportData) -> str:
    """report.md text (see the module docstring)."""
    options = report.options
    lines = ["# " + tr("Migration readiness report"), ""]
    zone = md(options.get("timezone") or tr("not given"))
    if options.get("timezone_assumed"):
        zone += tr(" (assumed: the sources did not say)")
    horizon = options.get("horizon") or []
    span = " · " + tr("Calendar horizon: **{start} to {end}**", start=md(horizon[0]),
                      end=md(horizon[1])) if len(horizon) == 2 else ""
    lines += [tr("Target: **{target}** · Time zone: **{zone}**",
                 target=md(options.get("target") or "scheduler"), zone=zone) + span, ""]
    lines += ["## " + tr("Summary"), ""] + _summary(report.summary)
    lines += [f"> **{md(line)}**" for line in renewal_lines(report)] + \
        ([""] if report.calendar_renewals else [])
    lines += _wave(report)
    counts = report.severity_counts
    lines += [tr("Findings: {total} ({error} error, {manual} manual, {review} review, "
                 "{info} info).", total=report.finding_total, error=counts.get("error", 0),
                 manual=counts.get("manual", 0), review=counts.get("review", 0),
                 info=counts.get("info", 0)), ""]
    lines += [f"> **{tr('Note')}:** {md(note)}" for note in report.notes] + \
        ([""] if report.notes else [])

    yes = tr("yes")
    lines += ["## " + tr("Sources"), ""] + _table(
        [tr("File"), tr("Format"), tr("Jobs"), tr("Auto"), tr("Review"), tr("Manual"),
         tr("Skipped")],
        [[md(s.path), md(s.format), str(s.counts.jobs), str(s.counts.auto), str(s.counts.review),
          str(s.counts.manual), md(f"{yes}: {say(s.reason)}" if s.reason else yes) if s.skipped else ""]
         for s in report.sources])

    lines += ["## " + tr("Findings"), ""]
    if not report.findings:
        lines += [tr("No findings."), ""]
    for group in report.findings:
        lines += _finding(group)

    lines += ["## " + tr("Timing risks"), "",
              tr("Jobs that run more often than once a minute (**sub-minute**: not possible on "
                 "EventBridge), every minute (**every-minute**: the AWS floor), or at local "
                 "times that DST skips or repeats (**dst**)."), ""]
    lines += _table([tr("Job"), tr("Status"), tr("Risk"), tr("Detail")],
                    [[md(t.job_name or t.job_id), _status_mark(t.status),
                      md(r.kind), md(say(r.detail))] for t in report.timing for r in t.risks]) \
        if report.timing else [tr("None found."), ""]

    lines += ["## " + tr("Change Calendars"), ""]
    lines += _table([tr("Calendar"), tr("Type"), tr("Time zone"), tr("Horizon"), tr("Days"),
                     tr("Gates jobs")],
                    [[md(c.name), md(c.type), md(c.timezone),
                      md(tr("{start} to {end}", start=c.horizon_start, end=c.horizon_end))
                      if c.horizon_start else "–",
                      "–" if c.days is None else str(c.days), md(", ".join(c.jobs))]
                     for c in report.calendars]) if report.calendars else [tr("None needed."), ""]
    if report.calendars:
        lines += [tr("Renew each calendar before its horizon ends."), ""]

    lines += ["## " + tr("Cross-workflow dependencies"), ""]
    lines += _table([tr("From"), tr("To"), tr("Condition"), tr("Realized as")],
                    [[md(d.from_name), md(d.to_name), md(plan_word(d.condition)),
                      md(plan_word(d.realized_as))]
                     for d in report.cross_dependencies]) \
        if report.cross_dependencies else [tr("None."), ""]
    lines += [report.rule_quota, ""]
    if report.rules:
        lines += ["### " + tr("EventBridge rules and join gates"), ""] + _table(
            [tr("Name"), tr("Kind"), tr("Target")],
            [[md(r.name), md(plan_word(r.kind)), md(r.target)] for r in report.rules])

    events = report.event_units
    if events.total:
        lines += ["## " + tr("JP1 event and wait units"), "",
                  tr("{converted} of {total} converted; each left manual, and why:",
                     converted=events.converted, total=events.total), ""]
        lines += _table([tr("Unit"), tr("Type"), tr("Where"), tr("Why not converted")],
                        [[md(name), md(kind), md(where), md(say(reason))]
                         for name, kind, where, reason in events.left]) \
            if events.left else [tr("None left."), ""]

    lines += ["## " + tr("Dependency graph"), ""] + _graph(report)

    lines += ["## " + tr("Jobs"), ""] + _table(
        [tr("Status"), tr("Job"), tr("State machine"), tr("Source"), tr("Legacy schedule"),
         tr("AWS schedules"), tr("Findings")],
        [[_status_mark(j.status), md(j.name or j.id), md(j.state_machine),
          md(f"{j.path}:{j.line}" if j.line is not None else j.path),
          md(j.legacy_expression), md("; ".join(j.schedules)), md(", ".join(j.finding_codes))]
         for j in report.jobs])
    return "\n".join(lines).rstrip("\n") + "\n"
