"""Which part of the dependency graph the report draws, and where each node goes.

Only jobs that take part in at least one dependency are drawn (a lone crontab
line has nothing to show). Large estates are capped at :data:`MAX_NODES`:
whole connected groups are taken in a stable order (by their smallest job
id) while they fit; the first group that does not fit is cut to its first
generations (roots first) to fill the cap, and drawing stops there; :attr:`GraphView.hidden_nodes` says
how many were left out so the renderings can say so.

Layout: columns are the topological generations of the drawn graph
(:func:`networkx.topological_generations`); a cycle (which a plan should not
hold, but input can) is collapsed with :func:`networkx.condensation` first so
its members share a column. The first column is sorted by id; each later
column by the mean row of its nodes' predecessors (the barycentre heuristic,
one pass), then by id, so chains run straight and edges cross less.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from jobmig.report.data import Edge, ReportData

if TYPE_CHECKING:  # imported where a graph is drawn: an estate without edges needs none
    import networkx as nx

MAX_NODES = 300


@dataclass(frozen=True)
class GraphView:
    """The drawn part of the graph: ``columns[i]`` lists the job ids of generation ``i``."""

    columns: tuple[tuple[str, ...], ...]
    edges: tuple[Edge, ...]
    total_nodes: int  # jobs with at least one dependency
    total_edges: int

    @property
    def shown_nodes(self) -> int:
        return sum(len(column) for column in self.columns)

    @property
    def hidden_nodes(self) -> int:
        return self.total_nodes - self.shown_nodes


def graph_view(report: ReportData, max_nodes: int = MAX_NODES) -> GraphView:
    """The part of the dependency graph to draw, laid out by topological generation."""
    drawable = [edge for edge in report.edges
                if edge.source and edge.target and edge.source != edge.target]
    if not drawable:  # nothing to draw (a crontab estate): no graph library needed
        return GraphView((), (), 0, len(report.edges))
    import networkx as nx

    graph = nx.DiGraph()
    for edge in drawable:
        graph.add_edge(edge.source, edge.target)
    groups = sorted((sorted(group) for group in nx.weakly_connected_components(graph)),
                    key=lambda members: members[0])
    keep: set[str] = set()
    for members in groups:
        room = max_nodes - len(keep)
        if len(members) <= room:
            keep.update(members)
        elif room > 0:  # too big to draw whole: its first generations, then stop
            keep.update(_first_nodes(graph.subgraph(members), room))
            break
    drawn = graph.subgraph(keep)
    edges = tuple(e for e in report.edges if e.source in keep and e.target in keep
                  and e.source != e.target)
    return GraphView(_columns(drawn), edges, graph.number_of_nodes(), len(report.edges))


def _first_nodes(graph: nx.DiGraph, count: int) -> list[str]:
    """The first ``count`` nodes of ``graph`` in column order (roots first)."""
    ordered = [node for column in _columns(graph) for node in column]
    return ordered[:count]


def _columns(graph: nx.DiGraph) -> tuple[tuple[str, ...], ...]:
    if graph.number_of_nodes() == 0:
        return ()
    import networkx as nx

    condensed = nx.condensation(graph)
    members = condensed.graph["mapping"]  # node -> component index
    by_component: dict[int, list[str]] = {}
    for node, component in members.items():
        by_component.setdefault(component, []).append(node)
    columns: list[tuple[str, ...]] = []
    row: dict[str, int] = {}
    for generation in nx.topological_generations(condensed):
        nodes = sorted(node for component in generation for node in by_component[component])
        column = sorted(nodes, key=lambda node: (_barycentre(graph, node, row), node))
        row.update((node, index) for index, node in enumerate(column))
        columns.append(tuple(column))
    return tuple(columns)


def _barycentre(graph: nx.DiGraph, node: str, row: dict[str, int]) -> float:
    """Mean row of the node's already placed predecessors (fewer crossings); -1 for roots."""
    rows = [row[p] for p in graph.predecessors(node) if p in row]
    return sum(rows) / len(rows) if rows else -1.0
