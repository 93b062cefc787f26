"""Series-parallel decomposition of a workflow's DAG.

A DAG whose order is series-parallel (no "N" shape: a→c, b→c, b→d without
a→d) can be written exactly as nested sequences and parallel blocks, which is
what ASL ``Parallel`` branches give: nothing waits for anything it did not
wait for before. The decomposition works on the order the DAG implies:

* nodes that fall into several weakly connected components run in
  parallel (:class:`Par`);
* a connected set splits into a sequence (:class:`Seq`) at every cut where
  all nodes before it precede all nodes after it;
* a connected set with no such cut is not series-parallel: it is run by
  *level barriers* (longest-path levels in sequence, each level in
  parallel), which keeps every edge but adds waits; :attr:`Decomposition.added_waits`
  lists them so the caller can report them.

Deterministic: nodes are sorted by id everywhere.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

import networkx as nx


@dataclass(frozen=True)
class Leaf:
    node: str


@dataclass(frozen=True)
class Seq:
    parts: tuple["Block", ...]


@dataclass(frozen=True)
class Par:
    parts: tuple["Block", ...]


Block = Union[Leaf, Seq, Par]


@dataclass
class Decomposition:
    """The block tree and the waits the level-barrier fallback added."""

    block: Block | None
    added_waits: list[tuple[str, str]] = field(default_factory=list)  # (waits for, waiter)


def decompose(dag: nx.DiGraph) -> Decomposition:
    """Decompose ``dag`` (acyclic; nodes are ids) into nested Seq/Par blocks."""
    if not nx.is_directed_acyclic_graph(dag):
        raise ValueError("workflow graph has a cycle")
    result = Decomposition(None)
    nodes = sorted(dag.nodes)
    result.block = _block(dag, nodes, result.added_waits) if nodes else None
    return result


def _block(dag: nx.DiGraph, nodes: list[str], added: list[tuple[str, str]]) -> Block:
    if len(nodes) == 1:
        return Leaf(nodes[0])
    sub = dag.subgraph(nodes)
    components = sorted((sorted(c) for c in nx.weakly_connected_components(sub)),
                        key=lambda c: c[0])
    if len(components) > 1:
        return _flat(Par, [_block(dag, c, added) for c in components])
    parts = _series_parts(sub)
    if len(parts) > 1:
        return _flat(Seq, [_block(dag, p, added) for p in parts])
    return _levels(sub, added)


def _series_parts(sub: nx.DiGraph) -> list[list[str]]:
    """Split at every cut where each node before precedes each node after."""
    order = list(nx.lexicographical_topological_sort(sub))
    descendants = {n: nx.descendants(sub, n) for n in order}
    parts: list[list[str]] = []
    start = 0
    for cut in range(1, len(order)):
        before, after = order[start:cut], order[cut:]
        # every node of the current part (and all earlier parts, by transitivity)
        # must precede every node after the cut
        if all(set(after) <= descendants[b] for b in before):
            parts.append(sorted(before))
            start = cut
    parts.append(sorted(order[start:]))
    return parts


def _levels(sub: nx.DiGraph, added: list[tuple[str, str]]) -> Block:
    """Longest-path levels in sequence; records the waits that adds."""
    level: dict[str, int] = {}
    for node in nx.lexicographical_topological_sort(sub):
        level[node] = max((level[p] + 1 for p in sub.predecessors(node)), default=0)
    depth = max(level.values()) + 1
    groups = [sorted(n for n in level if level[n] == d) for d in range(depth)]
    for node in sorted(level):
        ancestors = nx.ancestors(sub, node)
        for other in sorted(level):
            if level[other] < level[node] and other not in ancestors:
                added.append((other, node))
    return _flat(Seq, [_flat(Par, [Leaf(n) for n in g]) for g in groups])


def _flat(kind: type, parts: list[Block]) -> Block:
    """``kind(parts)`` with nested blocks of the same kind flattened; one part → itself."""
    flat: list[Block] = []
    for part in parts:
        flat.extend(part.parts if isinstance(part, kind) else (part,))
    return flat[0] if len(flat) == 1 else kind(tuple(flat))
