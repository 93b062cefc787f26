"""``jobmig graph``: the dependency graph as Graphviz DOT, Mermaid or JSON.

Jobnets are drawn as clusters (DOT ``subgraph cluster_…``, Mermaid
``subgraph``) holding their members; edges carry their condition as a label
unless it is ``success``; cross-workflow edges are dashed, blocking
(``wait``) edges bold. Output is deterministic (sorted by id).
"""
from __future__ import annotations

import hashlib
import json
from typing import Callable

from jobmig.graph import JobGraph
from jobmig.model import Condition, Dependency, Job

FORMATS = ("dot", "mermaid", "json")


def render_graph(graph: JobGraph, fmt: str) -> str:
    """The graph in ``fmt`` (``dot``, ``mermaid`` or ``json``); text ends with a newline."""
    renderers: dict[str, Callable[[JobGraph], str]] = {
        "dot": _dot, "mermaid": _mermaid, "json": _json}
    if fmt not in renderers:
        raise ValueError(f"unknown graph format {fmt!r} (one of {', '.join(FORMATS)})")
    return renderers[fmt](graph)


def _node_id(job_id: str) -> str:
    """A short identifier safe in DOT and Mermaid: ``n`` + 10 hex digits of the id's hash."""
    return "n" + hashlib.sha1(job_id.encode("utf-8")).hexdigest()[:10]


def _label(job: Job) -> str:
    return job.name + (" [disabled]" if job.disabled else "")


def _edge_label(edge: Dependency) -> str:
    parts = [] if edge.condition is Condition.SUCCESS else [edge.condition.value]
    if edge.wait:
        parts.append("waits")
    return ", ".join(parts)


# -- DOT ------------------------------------------------------------------------
def _dot_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _dot(graph: JobGraph) -> str:
    lines = ["digraph jobs {", "  rankdir=LR;", "  node [shape=box, fontname=\"Helvetica\"];"]

    def emit(parent: str | None, indent: str) -> None:
        for job in graph.members(parent):
            if job.kind == "jobnet":
                lines.append(f"{indent}subgraph cluster_{_node_id(job.id)} {{")
                lines.append(f"{indent}  label={_dot_quote(_label(job))};")
                lines.append(f"{indent}  {_node_id(job.id)} [label={_dot_quote(_label(job))}, "
                             "shape=folder];")
                emit(job.id, indent + "  ")
                lines.append(f"{indent}}}")
            else:
                style = ", style=dashed" if job.disabled else ""
                lines.append(f"{indent}{_node_id(job.id)} [label={_dot_quote(_label(job))}{style}];")

    emit(None, "  ")
    orphans = [j for j in graph.jobs() if j.parent is not None and j.parent not in graph]
    for job in orphans:
        lines.append(f"  {_node_id(job.id)} [label={_dot_quote(_label(job))}];")
    for edge in graph.dependencies():
        attributes = []
        label = _edge_label(edge)
        if label:
            attributes.append(f"label={_dot_quote(label)}")
        if edge.scope == "cross":
            attributes.append("style=dashed")
        if edge.wait:
            attributes.append("penwidth=2")
        suffix = f" [{', '.join(attributes)}]" if attributes else ""
        lines.append(f"  {_node_id(edge.predecessor)} -> {_node_id(edge.successor)}{suffix};")
    lines.append("}")
    return "\n".join(lines) + "\n"


# -- Mermaid ----------------------------------------------------------------------
def _mermaid_text(text: str) -> str:
    return '"' + text.replace('"', "#quot;").replace("\n", " ") + '"'


def _mermaid(graph: JobGraph) -> str:
    lines = ["flowchart LR"]

    def emit(parent: str | None, indent: str) -> None:
        for job in graph.members(parent):
            if job.kind == "jobnet":
                lines.append(f"{indent}subgraph {_node_id(job.id)}_net[{_mermaid_text(_label(job))}]")
                lines.append(f"{indent}  {_node_id(job.id)}[/{_mermaid_text(_label(job))}/]")
                emit(job.id, indent + "  ")
                lines.append(f"{indent}end")
            else:
                lines.append(f"{indent}{_node_id(job.id)}[{_mermaid_text(_label(job))}]")

    emit(None, "  ")
    for job in graph.jobs():
        if job.parent is not None and job.parent not in graph:
            lines.append(f"  {_node_id(job.id)}[{_mermaid_text(_label(job))}]")
    for edge in graph.dependencies():
        arrow = "==>" if edge.wait else "-.->" if edge.scope == "cross" else "-->"
        label = _edge_label(edge)
        text = f"|{_mermaid_text(label)}|" if label else ""
        lines.append(f"  {_node_id(edge.predecessor)} {arrow}{text} {_node_id(edge.successor)}")
    return "\n".join(lines) + "\n"


# -- JSON -----------------------------------------------------------------------------
def _json(graph: JobGraph) -> str:
    data = {
        "nodes": [{"id": job.id, "name": job.name, "kind": job.kind, "parent": job.parent,
                   "disabled": job.disabled, "source": job.source.to_json()}
                  for job in graph.jobs()],
        "edges": [{"from": e.predecessor, "to": e.successor, "condition": e.condition.value,
                   "scope": e.scope, "wait": e.wait} for e in graph.dependencies()],
    }
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


__all__ = ["render_graph", "FORMATS"]
