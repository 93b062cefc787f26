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

from jobmig.i18n import current, plan_word, say, tr
from jobmig.report.data import FindingGroup, ReportData, SourceTotal, StatusCounts, renewal_lines
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
        return f'<p class="lead">{tr("No jobs were found in the sources.")}</p>'
    ready = counts.auto + counts.review
    text = tr("<b>{share}</b> of {jobs} jobs convert ({auto} as they are, {review} with a "
              "difference to accept); <b>{manual}</b> need manual work.",
              share=_pct(ready, counts.jobs), jobs=f"{counts.jobs:,}", auto=f"{counts.auto:,}",
              review=f"{counts.review:,}", manual=f"{counts.manual:,}")
    if report.findings:
        text += tr(" Start with the open findings below: each says what to do on AWS.")
    return f'<p class="lead">{text}</p>'


def _summary(report: ReportData) -> str:
    counts = report.summary
    cards = [f'<div class="card" data-status="jobs"><div class="label">{tr("Jobs")}</div>'
             f'<div class="num" id="count-jobs" data-value="{counts.jobs}">{counts.jobs:,}</div>'
             f'<div class="pct">{tr("in {n} source files", n=f"{len(report.sources):,}")}'
             '</div></div>']
    for status, label in (("auto", tr("Auto: converted")),
                          ("review", tr("Review: converted, check")),
                          ("manual", tr("Manual: not converted"))):
        value = getattr(counts, status)
        cards.append(
            f'<div class="card {status}" data-status="{status}"><div class="label">{label}</div>'
            f'<div class="num" id="count-{status}" data-value="{value}">{value:,}</div>'
            f'<div class="pct">{tr("{share} of jobs", share=_pct(value, counts.jobs))}</div></div>')
    bar = "".join(f'<span class="{s}" style="width:{_pct(getattr(counts, s), counts.jobs)}" '
                  f'title="{tr(s)}: {getattr(counts, s)}"></span>'
                  for s in ("auto", "review", "manual"))
    sev = report.severity_counts
    facts = [
        f"<span>{tr('Findings')}: <b>{report.finding_total:,}</b> "
        + " ".join(f'<span class="badge {s}{"" if sev.get(s, 0) else " zero"}">'
                   f"{tr('{n} {severity}', n=f'{sev.get(s, 0):,}', severity=tr(s))}</span>"
                   for s in ("error", "manual", "review", "info")) + "</span>",
        f"<span>{tr('Change Calendars')}: <b>{len(report.calendars):,}</b></span>",
        f"<span>{tr('Cross-workflow dependencies')}: "
        f"<b>{len(report.cross_dependencies):,}</b></span>",
        f"<span>{tr('Timing risks')}: "
        f"{tr('<b>{n}</b> jobs', n=f'{len(report.timing):,}')}</span>",
    ]
    notes = "".join(f'<div class="note renewal"><b>{e(line)}</b></div>'
                    for line in renewal_lines(report))
    notes += "".join(f'<div class="note">{e(note)}</div>' for note in report.notes)
    return (f'<section id="summary"><h2>{tr("Summary")}</h2>{_lead(report)}'
            f'<div class="cards">{"".join(cards)}</div>'
            f'<div class="bar" role="img" aria-label="{tr("jobs by status")}">{bar}</div>'
            f'<div class="facts">{"".join(facts)}</div>{notes}</section>')


def _finding(group: FindingGroup) -> str:
    shown = group.occurrences[:MAX_OCCURRENCES]
    rows = "".join(
        f"<tr><td class=\"mono\">{e(o.where) or '–'}</td><td>{e(o.job_name or o.job_id) or '–'}"
        f"</td><td>{e(say(o.message))}"
        + (" <em>" + tr("(accepted: {reason})", reason=e(o.accepted)) + "</em>"
           if o.accepted is not None else "")
        + "</td></tr>" for o in shown)
    more = ""
    if len(group.occurrences) > len(shown):
        more = ('<p class="muted">' + tr("Showing {shown} of {total} occurrences; report.json "
                                         "and report.md list all of them.",
                                         shown=f"{len(shown):,}",
                                         total=f"{len(group.occurrences):,}") + "</p>")
    opened = " open" if group.severity in ("error", "manual") else ""
    explanation = f"<p>{e(group.explanation)}</p>" if group.explanation else ""
    remedy = (f'<div class="remedy"><b>{tr("What to do")}:</b> {e(group.remedy)}</div>'
              if group.remedy else "")
    return (f'<details class="finding {e(group.severity)}" id="finding-{e(group.code)}"{opened}>'
            f'<summary><span class="badge {e(group.severity)}">{e(tr(group.severity))}</span>'
            f'<span class="code">{e(group.code)}</span><span>{e(group.title)}</span>'
            f'<span class="count">{len(group.occurrences):,}×</span></summary>'
            f'<div class="body">{explanation}{remedy}<div class="occ-wrap"><table class="occurrences">'
            f"<thead><tr><th>{tr('Where')}</th><th>{tr('Job')}</th><th>{tr('Message')}</th>"
            f"</tr></thead><tbody>{rows}"
            f"</tbody></table></div>{more}</div></details>")


def _overview(report: ReportData) -> str:
    rows = "".join(
        f'<tr><td><span class="badge {e(g.severity)}">{e(tr(g.severity))}</span></td>'
        f'<td><a class="code" href="#finding-{e(g.code)}">{e(g.code)}</a></td>'
        f'<td>{e(g.title)}</td><td class="num">{len(g.occurrences):,}</td></tr>'
        for g in report.findings)
    return (f'<table class="overview"><thead><tr><th>{tr("Severity")}</th><th>{tr("Code")}</th>'
            f'<th>{tr("Finding")}</th><th class="num">{tr("Count")}</th></tr></thead>'
            f'<tbody>{rows}</tbody></table>')


def _findings(report: ReportData) -> str:
    if not report.findings:
        return (f'<section id="findings"><h2>{tr("Findings and what to do")}</h2>'
                f'<p class="muted">{tr("No findings.")}</p></section>')
    body = "".join(_finding(g) for g in report.findings)
    return (f'<section id="findings"><h2>{tr("Findings and what to do")}</h2>{_overview(report)}'
            '<p class="muted">' + tr("Each code below explains the finding and what to do on "
                                     "AWS, then lists where it was seen. Error and manual groups "
                                     "are open.") + f"</p>{body}</section>")


def _table(section_id: str, title: str, intro: str, header: list[str],
           rows: list[list[str]], empty: str, *, total: int | None = None) -> str:
    """A section with a table; ``rows`` hold already-escaped cell HTML.

    ``total``: how many rows there are when ``rows`` is only the first of
    them; the section then says so.
    """
    if not rows:
        return (f'<section id="{section_id}"><h2>{tr(title)}</h2>{intro}'
                f'<p class="muted">{tr(empty)}</p></section>')
    if total is not None and total > len(rows):
        intro += ('<p class="note">' + tr("Showing the first {shown} of {total} rows; "
                                          "report.json lists all of them.",
                                          shown=f"{len(rows):,}", total=f"{total:,}") + "</p>")
    head = "".join(f"<th>{tr(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return (f'<section id="{section_id}"><h2>{tr(title)}</h2>{intro}<div class="table-wrap"><table>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div></section>")


def _badge(status: str) -> str:
    return f'<span class="badge {e(status)}">{e(tr(status))}</span>'


def _sections(report: ReportData) -> list[str]:
    timing = _table(
        "timing", "Timing risks",
        '<p class="muted">' + tr("Jobs that run more often than once a minute "
                                 "(<b>sub-minute</b>: EventBridge cannot), every minute "
                                 "(<b>every-minute</b>: the AWS floor), or at local times DST "
                                 "skips or repeats (<b>dst</b>).") + "</p>",
        ["Job", "Status", "Risk", "Detail"],
        [[e(t.job_name or t.job_id), _badge(t.status), e(r.kind), e(say(r.detail))]
         for t in report.timing for r in t.risks], "None found.")
    calendars = _table(
        "calendars", "Change Calendars needed",
        '<p class="muted">' + tr("Each calendar is computed for the horizon shown; renew it "
                                 "before the horizon ends.") + "</p>",
        ["Calendar", "Type", "Time zone", "Horizon", "Days", "Gates jobs"],
        [[f"<code>{e(c.name)}</code>", e(c.type), e(c.timezone),
          e(f"{c.horizon_start} → {c.horizon_end}") if c.horizon_start else "–",
          "–" if c.days is None else f"{c.days:,}", e(", ".join(c.jobs))]
         for c in report.calendars], "None needed.")
    cross = _table(
        "cross", "Cross-workflow dependencies",
        '<p class="muted">' + tr("Edges between separate state machines and what carries "
                                 "them on AWS (EventBridge rules on execution status changes, "
                                 "join gates for AND-joins).") + "</p>",
        ["From", "To", "Condition", "Realized as"],
        [[e(d.from_name), e(d.to_name), e(plan_word(d.condition)), e(plan_word(d.realized_as))]
         for d in report.cross_dependencies[:MAX_TABLE_ROWS]], "None.",
        total=len(report.cross_dependencies))
    rules = _table(
        "rules", "EventBridge rules and join gates", f'<p class="muted">{e(report.rule_quota)}</p>',
        ["Name", "Kind", "Target"],
        [[f"<code>{e(r.name)}</code>", e(plan_word(r.kind)), e(r.target)]
         for r in report.rules[:MAX_TABLE_ROWS]], "None.", total=len(report.rules))
    sections = [timing, calendars, cross, rules, _graph(report), _sources(report)]
    events = report.event_units
    if events.total:
        sections.insert(3, _table(
            "events", "JP1 event and wait units",
            '<p class="muted">' + e(tr("{converted} of {total} converted; each left manual, "
                                       "and why:", converted=f"{events.converted:,}",
                                       total=f"{events.total:,}")) + "</p>",
            ["Unit", "Type", "Where", "Why not converted"],
            [[e(name), f"<code>{e(kind)}</code>", f"<code>{e(where)}</code>", e(say(reason))]
             for name, kind, where, reason in events.left[:MAX_TABLE_ROWS]], "None left.",
            total=len(events.left)))
    return sections


def _sources(report: ReportData) -> str:
    """One row per file, or past :data:`MAX_TABLE_ROWS` files totals per format + skipped files."""
    header = ["File", "Format", "Jobs", "Auto", "Review", "Manual", "Skipped"]

    def counts(c: StatusCounts) -> list[str]:
        return [f"{c.jobs:,}", f"{c.auto:,}", f"{c.review:,}", f"{c.manual:,}"]

    def skipped(s: SourceTotal) -> str:
        return e(f"{tr('yes')}: {say(s.reason)}" if s.reason else tr("yes")) if s.skipped else ""

    if len(report.sources) <= MAX_TABLE_ROWS:
        return _table("sources", "Sources", "", header,
                      [[f"<code>{e(s.path)}</code>", e(s.format), *counts(s.counts), skipped(s)]
                       for s in report.sources], "No sources.")
    rows = [[e(tr("{n} files", n=f"{files:,}")), e(fmt), *counts(c), ""]
            for fmt, files, c in report.totals_by_format()]
    passed_over = [s for s in report.sources if s.skipped]
    rows += [[f"<code>{e(s.path)}</code>", e(s.format), *counts(s.counts), skipped(s)]
             for s in passed_over[:MAX_TABLE_ROWS]]
    intro = ('<p class="note">' + tr("{n} files: totals per format, then the files that were "
                                     "skipped; report.json lists every file.",
                                     n=f"{len(report.sources):,}") + "</p>")
    return _table("sources", "Sources", intro, header, rows, "No sources.",
                  total=len(rows) - min(len(passed_over), MAX_TABLE_ROWS) + len(passed_over))


def _graph(report: ReportData) -> str:
    view = graph_view(report)
    svg = render_svg(report, view)
    if not svg:
        return (f'<section id="graph"><h2>{tr("Dependency graph")}</h2>'
                f'<p class="muted">{tr("No dependencies between jobs.")}</p></section>')
    legend = "".join(f'<span><i style="background:{fill};border:1.5px solid {stroke}"></i>'
                     f"{e(tr(status))}</span>" for status, (fill, stroke) in STATUS_FILL.items())
    legend += ("<span>" + tr("solid: inside one state machine · dashed: rule / join gate / "
                             "manual") + "</span>")
    cap = ""
    if view.hidden_nodes:
        cap = ('<p class="note">' + tr("Showing {shown} of {total} jobs that have dependencies "
                                       "(connected groups in id order, up to the cap). "
                                       "report.json lists all {edges} edges.",
                                       shown=f"{view.shown_nodes:,}",
                                       total=f"{view.total_nodes:,}",
                                       edges=f"{view.total_edges:,}") + "</p>")
    return (f'<section id="graph"><h2>{tr("Dependency graph")}</h2><p class="muted">'
            + tr("Columns are topological generations: a job stands right of everything it "
                 "waits for. Only jobs with dependencies are drawn.")
            + f"</p>{cap}<div class=\"legend\">{legend}</div>"
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
    header = "".join(f"<th>{tr(h)}</th>" for h in (
        "Status", "Job", "Kind", "Source", "Legacy schedule", "AWS schedules", "Findings",
        "State machine"))
    return (
        f'<section id="jobs-section"><h2>{tr("Jobs")}</h2><div class="controls">'
        f'<input id="job-filter" type="search" placeholder="{tr("Filter: name, path, schedule, code…")}" '
        f'aria-label="{tr("Filter jobs")}">'
        f'<select id="status-filter" aria-label="{tr("Status")}"><option value="">{tr("All statuses")}</option>'
        + "".join(f'<option value="{s}">{e(tr(s))}</option>' for s in ("manual", "review", "auto"))
        + "</select>"
        f'<button id="page-prev" type="button">◀ {tr("Previous")}</button>'
        f'<button id="page-next" type="button">{tr("Next")} ▶</button>'
        f'<span id="job-count" class="muted" data-none="{e(tr("No matching jobs"))}" '
        f'data-showing="{e(tr("Showing {first}–{last} of {total} jobs"))}" '
        f'data-filtered="{e(tr(" (filtered from {all})"))}"></span></div>'
        '<noscript><p class="note">' + tr("The job table needs JavaScript; report.csv holds "
                                          "the same rows.") + "</p></noscript>"
        f'<div class="table-wrap"><table id="jobs">{_JOB_COLUMNS}<thead><tr>{header}</tr></thead>'
        "<tbody>"
        "</tbody></table></div>"
        f'<script type="application/json" id="jobs-data">{_jobs_json(report)}</script></section>')


def _horizon(options: dict) -> str:
    horizon = options.get("horizon") or []
    if len(horizon) != 2:
        return ""
    return tr("Calendar horizon <b>{start} → {end}</b>", start=e(horizon[0]),
              end=e(horizon[1])) + " · "


def _wave(report: ReportData) -> str:
    """convert --wave: the wave and its cutover checklist (empty for a whole plan)."""
    wave = report.wave
    if not wave:
        return ""
    from jobmig.waves_render import PHASES  # here: a whole plan's report needs no wave code

    steps = wave.get("checklist") or {}
    items = "".join(f"<li><b>{e(tr(title))}:</b> {e(step)}</li>"
                    for key, title in PHASES for step in steps.get(key) or [])
    title = tr("Cutover checklist: {name} of {total} waves", name=e(wave.get("name")),
               total=e(wave.get("of", "?")))
    return (f'<section id="wave"><h2>{title}</h2><p class="muted">'
            + tr("This report covers one wave only: the jobs, state machines and rules it "
                 "moves.") + f'</p><ul class="checklist">{items}</ul></section>')


def render_html(report: ReportData) -> str:
    """report.html text (see the module docstring)."""
    options = report.options
    zone = e(options.get("timezone") or tr("not given"))
    if options.get("timezone_assumed"):
        zone += tr(" (assumed)")
    nav = "".join(f'<a href="#{anchor}">{tr(label)}</a>' for anchor, label in (
        ("summary", "Summary"), ("findings", "Findings"), ("timing", "Timing"),
        ("calendars", "Calendars"), ("cross", "Dependencies"), ("graph", "Graph"),
        ("sources", "Sources"), ("jobs-section", "Jobs")))
    body = [_summary(report), _wave(report), _findings(report), *_sections(report),
            _jobs(report)]
    return (
        f"<!DOCTYPE html>\n<html lang=\"{current()}\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>jobmig: {tr('migration readiness report')}</title>"
        f"<style>{CSS}</style></head><body>"
        f'<header class="top"><h1>{tr("Migration readiness report")}</h1>'
        f'<div class="meta">{tr("Target")} <b>{e(options.get("target") or "scheduler")}</b> · '
        f"{tr('Time zone')} <b>{zone}</b> · {_horizon(options)}"
        + tr("{jobs} jobs from {files} files", jobs=f"{report.summary.jobs:,}",
             files=f"{len(report.sources):,}")
        + f" · {e(report.schema)}</div></header>"
        f'<nav class="toc">{nav}</nav><main>{"".join(body)}</main>'
        "<footer>" + tr("Generated by jobmig from plan.json. Secrets in commands, parameters "
                        "and messages are shown as ***.") + "</footer>"
        f"<script>{SCRIPT}</script></body></html>\n")
