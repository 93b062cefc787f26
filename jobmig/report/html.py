"""report.html: the readiness report as one self-contained page.

One file, no external resources (a Content-Security-Policy forbids them):
inline CSS and script (:mod:`jobmig.report.html_assets`), an inline SVG of
the dependency graph (:mod:`jobmig.report.svg`). Sections: summary cards,
findings by code with their remedies, timing risks, Change Calendars,
cross-workflow dependencies and rules, the graph, sources, and a sortable,
filterable, paged job table.

Size: the job table's rows travel as compact JSON and the script draws one
page (100 rows) at a time, so 10,000 jobs make a file of a few MB that opens
quickly. Each finding code lists at most :data:`MAX_OCCURRENCES` occurrences
(report.json and report.md list all of them); the dependency and rule
tables show at most :data:`MAX_TABLE_ROWS` rows, and past that many source
files the sources table shows totals per format and the skipped files
(report.json and report.csv keep every row); the graph is capped by
:func:`jobmig.report.layout.graph_view`. Every cap is stated on the page.

Escaping: every text from the inputs goes through :func:`html.escape`
(``quote=True``); the embedded JSON has ``<``, ``>``, ``&`` and the line
separators written as ``\\uXXXX`` so it cannot close its ``<script>``.
"""
from __future__ import annotations

import json
from html import escape

from jobmig.report.data import FindingGroup, ReportData, SourceTotal, StatusCounts
from jobmig.report.html_assets import CSS, SCRIPT
from jobmig.report.layout import graph_view
from jobmig.report.svg import STATUS_FILL, render_svg

MAX_OCCURRENCES = 200
MAX_TABLE_ROWS = 300
_CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
        "img-src data:; base-uri 'none'; form-action 'none'")


def e(value: object) -> str:
    """HTML-escaped text (``None`` is empty)."""
    return escape("" if value is None else str(value), quote=True)


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "0%"


def _lead(report: ReportData) -> str:
    """One sentence a migration lead can act on."""
    counts = report.summary
    if not counts.jobs:
        return '<p class="lead">No jobs were found in the sources.</p>'
    ready = counts.auto + counts.review
    text = (f"<b>{_pct(ready, counts.jobs)}</b> of {counts.jobs:,} jobs convert "
            f"({counts.auto:,} as they are, {counts.review:,} with a difference to accept); "
            f"<b>{counts.manual:,}</b> need manual work.")
    if report.findings:
        text += " Start with the open findings below: each says what to do on AWS."
    return f'<p class="lead">{text}</p>'


def _summary(report: ReportData) -> str:
    counts = report.summary
    cards = [f'<div class="card" data-status="jobs"><div class="label">Jobs</div>'
             f'<div class="num" id="count-jobs" data-value="{counts.jobs}">{counts.jobs:,}</div>'
             f'<div class="pct">in {len(report.sources):,} source files</div></div>']
    for status, label in (("auto", "Auto: converted"), ("review", "Review: converted, check"),
                          ("manual", "Manual: not converted")):
        value = getattr(counts, status)
        cards.append(
            f'<div class="card {status}" data-status="{status}"><div class="label">{label}</div>'
            f'<div class="num" id="count-{status}" data-value="{value}">{value:,}</div>'
            f'<div class="pct">{_pct(value, counts.jobs)} of jobs</div></div>')
    bar = "".join(f'<span class="{s}" style="width:{_pct(getattr(counts, s), counts.jobs)}" '
                  f'title="{s}: {getattr(counts, s)}"></span>' for s in ("auto", "review", "manual"))
    sev = report.severity_counts
    facts = [
        f"<span>Findings: <b>{report.finding_total:,}</b> "
        + " ".join(f'<span class="badge {s}{"" if sev.get(s, 0) else " zero"}">'
                   f"{sev.get(s, 0):,} {s}</span>"
                   for s in ("error", "manual", "review", "info")) + "</span>",
        f"<span>Change Calendars: <b>{len(report.calendars):,}</b></span>",
        f"<span>Cross-workflow dependencies: <b>{len(report.cross_dependencies):,}</b></span>",
        f"<span>Timing risks: <b>{len(report.timing):,}</b> jobs</span>",
    ]
    notes = "".join(f'<div class="note">{e(note)}</div>' for note in report.notes)
    return (f'<section id="summary"><h2>Summary</h2>{_lead(report)}'
            f'<div class="cards">{"".join(cards)}</div>'
            f'<div class="bar" role="img" aria-label="jobs by status">{bar}</div>'
            f'<div class="facts">{"".join(facts)}</div>{notes}</section>')


def _finding(group: FindingGroup) -> str:
    shown = group.occurrences[:MAX_OCCURRENCES]
    rows = "".join(
        f"<tr><td class=\"mono\">{e(o.where) or '–'}</td><td>{e(o.job_name or o.job_id) or '–'}"
        f"</td><td>{e(o.message)}"
        + (f" <em>(accepted: {e(o.accepted)})</em>" if o.accepted is not None else "")
        + "</td></tr>" for o in shown)
    more = ""
    if len(group.occurrences) > len(shown):
        more = (f'<p class="muted">Showing {len(shown):,} of {len(group.occurrences):,} '
                f"occurrences; report.json and report.md list all of them.</p>")
    opened = " open" if group.severity in ("error", "manual") else ""
    explanation = f"<p>{e(group.explanation)}</p>" if group.explanation else ""
    remedy = (f'<div class="remedy"><b>What to do:</b> {e(group.remedy)}</div>'
              if group.remedy else "")
    return (f'<details class="finding {e(group.severity)}" id="finding-{e(group.code)}"{opened}>'
            f'<summary><span class="badge {e(group.severity)}">{e(group.severity)}</span>'
            f'<span class="code">{e(group.code)}</span><span>{e(group.title)}</span>'
            f'<span class="count">{len(group.occurrences):,}×</span></summary>'
            f'<div class="body">{explanation}{remedy}<div class="occ-wrap"><table class="occurrences">'
            f"<thead><tr><th>Where</th><th>Job</th><th>Message</th></tr></thead><tbody>{rows}"
            f"</tbody></table></div>{more}</div></details>")


def _overview(report: ReportData) -> str:
    rows = "".join(
        f'<tr><td><span class="badge {e(g.severity)}">{e(g.severity)}</span></td>'
        f'<td><a class="code" href="#finding-{e(g.code)}">{e(g.code)}</a></td>'
        f'<td>{e(g.title)}</td><td class="num">{len(g.occurrences):,}</td></tr>'
        for g in report.findings)
    return ('<table class="overview"><thead><tr><th>Severity</th><th>Code</th><th>Finding</th>'
            f'<th class="num">Count</th></tr></thead><tbody>{rows}</tbody></table>')


def _findings(report: ReportData) -> str:
    if not report.findings:
        return ('<section id="findings"><h2>Findings and what to do</h2>'
                '<p class="muted">No findings.</p></section>')
    body = "".join(_finding(g) for g in report.findings)
    return (f'<section id="findings"><h2>Findings and what to do</h2>{_overview(report)}'
            f'<p class="muted">Each code below explains the finding and what to do on AWS, then '
            f"lists where it was seen. Error and manual groups are open.</p>{body}</section>")


def _table(section_id: str, title: str, intro: str, header: list[str],
           rows: list[list[str]], empty: str, *, total: int | None = None) -> str:
    """A section with a table; ``rows`` hold already-escaped cell HTML.

    ``total``: how many rows there are when ``rows`` is only the first of
    them; the section then says so.
    """
    if not rows:
        return f'<section id="{section_id}"><h2>{title}</h2>{intro}<p class="muted">{empty}</p></section>'
    if total is not None and total > len(rows):
        intro += (f'<p class="note">Showing the first {len(rows):,} of {total:,} rows; '
                  "report.json lists all of them.</p>")
    head = "".join(f"<th>{h}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return (f'<section id="{section_id}"><h2>{title}</h2>{intro}<div class="table-wrap"><table>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div></section>")


def _badge(status: str) -> str:
    return f'<span class="badge {e(status)}">{e(status)}</span>'


def _sections(report: ReportData) -> list[str]:
    timing = _table(
        "timing", "Timing risks",
        '<p class="muted">Jobs that run more often than once a minute (<b>sub-minute</b>: '
        "EventBridge cannot), every minute (<b>every-minute</b>: the AWS floor), or at local "
        "times DST skips or repeats (<b>dst</b>).</p>",
        ["Job", "Status", "Risk", "Detail"],
        [[e(t.job_name or t.job_id), _badge(t.status), e(r.kind), e(r.detail)]
         for t in report.timing for r in t.risks], "None found.")
    calendars = _table(
        "calendars", "Change Calendars needed",
        '<p class="muted">Each calendar is computed for the horizon shown; renew it before '
        "the horizon ends.</p>",
        ["Calendar", "Type", "Time zone", "Horizon", "Days", "Gates jobs"],
        [[f"<code>{e(c.name)}</code>", e(c.type), e(c.timezone),
          e(f"{c.horizon_start} → {c.horizon_end}") if c.horizon_start else "–",
          "–" if c.days is None else f"{c.days:,}", e(", ".join(c.jobs))]
         for c in report.calendars], "None needed.")
    cross = _table(
        "cross", "Cross-workflow dependencies",
        '<p class="muted">Edges between separate state machines and what carries them on AWS '
        "(EventBridge rules on execution status changes, join gates for AND-joins).</p>",
        ["From", "To", "Condition", "Realized as"],
        [[e(d.from_name), e(d.to_name), e(d.condition), e(d.realized_as)]
         for d in report.cross_dependencies[:MAX_TABLE_ROWS]], "None.",
        total=len(report.cross_dependencies))
    rules = _table(
        "rules", "EventBridge rules and join gates", f'<p class="muted">{e(report.rule_quota)}</p>',
        ["Name", "Kind", "Target"],
        [[f"<code>{e(r.name)}</code>", e(r.kind), e(r.target)]
         for r in report.rules[:MAX_TABLE_ROWS]], "None.", total=len(report.rules))
    sections = [timing, calendars, cross, rules, _graph(report), _sources(report)]
    events = report.event_units
    if events.total:
        sections.insert(3, _table(
            "events", "JP1 event and wait units",
            f'<p class="muted">{events.converted:,} of {events.total:,} converted; each left '
            "manual, and why.</p>",
            ["Unit", "Type", "Where", "Why not converted"],
            [[e(name), f"<code>{e(kind)}</code>", f"<code>{e(where)}</code>", e(reason)]
             for name, kind, where, reason in events.left[:MAX_TABLE_ROWS]], "None left.",
            total=len(events.left)))
    return sections


def _sources(report: ReportData) -> str:
    """One row per file, or past :data:`MAX_TABLE_ROWS` files totals per format + skipped files."""
    header = ["File", "Format", "Jobs", "Auto", "Review", "Manual", "Skipped"]

    def counts(c: StatusCounts) -> list[str]:
        return [f"{c.jobs:,}", f"{c.auto:,}", f"{c.review:,}", f"{c.manual:,}"]

    def skipped(s: SourceTotal) -> str:
        return e(f"yes: {s.reason}" if s.reason else "yes") if s.skipped else ""

    if len(report.sources) <= MAX_TABLE_ROWS:
        return _table("sources", "Sources", "", header,
                      [[f"<code>{e(s.path)}</code>", e(s.format), *counts(s.counts), skipped(s)]
                       for s in report.sources], "No sources.")
    rows = [[e(f"{files:,} files"), e(fmt), *counts(c), ""]
            for fmt, files, c in report.totals_by_format()]
    passed_over = [s for s in report.sources if s.skipped]
    rows += [[f"<code>{e(s.path)}</code>", e(s.format), *counts(s.counts), skipped(s)]
             for s in passed_over[:MAX_TABLE_ROWS]]
    intro = (f'<p class="note">{len(report.sources):,} files: totals per format, then the files '
             "that were skipped; report.json lists every file.</p>")
    return _table("sources", "Sources", intro, header, rows, "No sources.",
                  total=len(rows) - min(len(passed_over), MAX_TABLE_ROWS) + len(passed_over))


def _graph(report: ReportData) -> str:
    view = graph_view(report)
    svg = render_svg(report, view)
    if not svg:
        return ('<section id="graph"><h2>Dependency graph</h2>'
                '<p class="muted">No dependencies between jobs.</p></section>')
    legend = "".join(f'<span><i style="background:{fill};border:1.5px solid {stroke}"></i>'
                     f"{status}</span>" for status, (fill, stroke) in STATUS_FILL.items())
    legend += "<span>solid: inside one state machine · dashed: rule / join gate / manual</span>"
    cap = ""
    if view.hidden_nodes:
        cap = (f'<p class="note">Showing {view.shown_nodes:,} of {view.total_nodes:,} jobs '
               f"that have dependencies (connected groups in id order, up to the cap). "
               f"report.json lists all {view.total_edges:,} edges.</p>")
    return (f'<section id="graph"><h2>Dependency graph</h2><p class="muted">Columns are '
            f"topological generations: a job stands right of everything it waits for. Only jobs "
            f"with dependencies are drawn.</p>{cap}<div class=\"legend\">{legend}</div>"
            f'<div class="graph-wrap">{svg}</div></section>')


def _jobs_json(report: ReportData) -> str:
    rows = [[j.status, j.name or j.id, j.kind + (f" ({j.unit_type})" if j.unit_type else ""),
             f"{j.path}:{j.line}" if j.line is not None else j.path, j.legacy_expression,
             "\n".join(j.schedules), " ".join(j.finding_codes), j.state_machine, j.id]
            for j in report.jobs]
    text = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    for char, code in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                       ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, code)
    return text


# Fixed column widths: long paths and expressions wrap inside their column.
_JOB_COLUMNS = ('<colgroup><col style="width:88px"><col style="width:17%"><col style="width:96px">'
                '<col style="width:19%"><col style="width:13%"><col style="width:21%">'
                '<col style="width:9%"><col style="width:12%"></colgroup>')


def _jobs(report: ReportData) -> str:
    header = "".join(f"<th>{h}</th>" for h in (
        "Status", "Job", "Kind", "Source", "Legacy schedule", "AWS schedules", "Findings",
        "State machine"))
    return (
        '<section id="jobs-section"><h2>Jobs</h2><div class="controls">'
        '<input id="job-filter" type="search" placeholder="Filter: name, path, schedule, code…" '
        'aria-label="Filter jobs">'
        '<select id="status-filter" aria-label="Status"><option value="">All statuses</option>'
        '<option value="manual">manual</option><option value="review">review</option>'
        '<option value="auto">auto</option></select>'
        '<button id="page-prev" type="button">◀ Previous</button>'
        '<button id="page-next" type="button">Next ▶</button>'
        '<span id="job-count" class="muted"></span></div>'
        '<noscript><p class="note">The job table needs JavaScript; report.csv holds the same '
        "rows.</p></noscript>"
        f'<div class="table-wrap"><table id="jobs">{_JOB_COLUMNS}<thead><tr>{header}</tr></thead>'
        "<tbody>"
        "</tbody></table></div>"
        f'<script type="application/json" id="jobs-data">{_jobs_json(report)}</script></section>')


def _horizon(options: dict) -> str:
    horizon = options.get("horizon") or []
    if len(horizon) != 2:
        return ""
    return f"Calendar horizon <b>{e(horizon[0])} → {e(horizon[1])}</b> · "


def render_html(report: ReportData) -> str:
    """report.html text (see the module docstring)."""
    options = report.options
    zone = e(options.get("timezone") or "not given")
    if options.get("timezone_assumed"):
        zone += " (assumed)"
    nav = "".join(f'<a href="#{anchor}">{label}</a>' for anchor, label in (
        ("summary", "Summary"), ("findings", "Findings"), ("timing", "Timing"),
        ("calendars", "Calendars"), ("cross", "Dependencies"), ("graph", "Graph"),
        ("sources", "Sources"), ("jobs-section", "Jobs")))
    body = [_summary(report), _findings(report), *_sections(report), _jobs(report)]
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>jobmig: migration readiness report</title>"
        f"<style>{CSS}</style></head><body>"
        '<header class="top"><h1>Migration readiness report</h1>'
        f'<div class="meta">Target <b>{e(options.get("target") or "scheduler")}</b> · '
        f"Time zone <b>{zone}</b> · {_horizon(options)}{report.summary.jobs:,} jobs from "
        f"{len(report.sources):,} files · {e(report.schema)}</div></header>"
        f'<nav class="toc">{nav}</nav><main>{"".join(body)}</main>'
        "<footer>Generated by jobmig from plan.json. Secrets in commands, parameters and "
        "messages are shown as ***.</footer>"
        f"<script>{SCRIPT}</script></body></html>\n")
