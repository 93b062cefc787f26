"""The dependency graph as an inline SVG, laid out by topological generation.

Columns come from :func:`jobmig.report.layout.graph_view`; a node is a rounded
box coloured by job status, with the (truncated) job name and a ``<title>``
tooltip holding the full name and id. Edges inside one state machine are
solid; edges realised by rules, join gates or left manual are dashed and
labelled. All text is XML-escaped. No scripts, no external references.
"""
from __future__ import annotations

from html import escape

from jobmig.i18n import plan_word, tr
from jobmig.report.data import Edge, ReportData
from jobmig.report.layout import GraphView

NODE_W = 196
NODE_H = 34
COL_GAP = 84
ROW_GAP = 14
MARGIN = 16
LABEL_CHARS = 26
STATUS_FILL = {"auto": ("#ecfdf3", "#12b76a"), "review": ("#fffaeb", "#f79009"),
               "manual": ("#fef3f2", "#f04438")}


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1] + "…"


def render_svg(report: ReportData, view: GraphView) -> str:
    """The ``<svg>`` element for ``view`` (empty string when there is nothing to draw)."""
    if not view.columns:
        return ""
    names = report.job_names()
    statuses = {job.id: job.status for job in report.jobs}
    position: dict[str, tuple[int, int]] = {}
    for col, column in enumerate(view.columns):
        for row, job_id in enumerate(column):
            position[job_id] = (MARGIN + col * (NODE_W + COL_GAP),
                                MARGIN + row * (NODE_H + ROW_GAP))
    width = MARGIN * 2 + len(view.columns) * NODE_W + (len(view.columns) - 1) * COL_GAP
    height = MARGIN * 2 + max(len(c) for c in view.columns) * (NODE_H + ROW_GAP) - ROW_GAP
    label = tr("Dependency graph: {nodes} jobs, {edges} edges", nodes=view.shown_nodes,
               edges=len(view.edges))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="dependency-graph" class="graph" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" '
        'fill="#667085"/></marker></defs>',
    ]
    parts.extend(_edge(edge, position) for edge in view.edges)
    for job_id, (x, y) in sorted(position.items()):
        fill, stroke = STATUS_FILL.get(statuses.get(job_id, "manual"), STATUS_FILL["manual"])
        name = names.get(job_id, job_id)
        parts.append(
            f'<g class="node" data-status="{escape(statuses.get(job_id, "manual"))}">'
            f'<title>{escape(name)} ({escape(job_id)}): {escape(statuses.get(job_id, "?"))}'
            f'</title><rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="7" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>'
            f'<text x="{x + 10}" y="{y + NODE_H // 2 + 4}">{escape(_short(name))}</text></g>')
    parts.append("</svg>")
    return "\n".join(parts)


def _edge(edge: Edge, position: dict[str, tuple[int, int]]) -> str:
    x1, y1 = position[edge.source]
    x2, y2 = position[edge.target]
    y1 += NODE_H // 2
    y2 += NODE_H // 2
    if x2 > x1:
        x1 += NODE_W
        bend = (x2 - x1) / 2
        path = f"M{x1} {y1}C{x1 + bend:.0f} {y1} {x2 - bend:.0f} {y2} {x2} {y2}"
    else:  # same column (a cycle): loop out on the right
        x1 += NODE_W
        x2 += NODE_W
        path = f"M{x1} {y1}C{x1 + 40} {y1} {x2 + 40} {y2} {x2} {y2}"
    inside = edge.realized_as in ("state_machine", "")
    label = plan_word(edge.realized_as) if not inside else ""
    if edge.condition and edge.condition != "success":
        label = f"{plan_word(edge.condition)} {label}".strip()
    dash = "" if inside else ' stroke-dasharray="5 4"'
    title = f"<title>{escape(edge.source)} → {escape(edge.target)}" \
            f"{': ' + escape(label) if label else ''}</title>"
    return (f'<path class="edge" d="{path}" fill="none" stroke="#98a2b3" stroke-width="1.4"'
            f'{dash} marker-end="url(#arrow)">{title}</path>')
