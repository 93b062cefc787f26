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

import heapq
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Union

if TYPE_CHECKING:  # only a type here: importing networkx is left to callers that use it
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
    return decompose_edges(dag.nodes, dag.edges)


def decompose_edges(nodes: Iterable[str], edges: Iterable[tuple[str, str]]) -> Decomposition:
    """:func:`decompose` of the DAG with these nodes and (unique) edges between them.

    Raises ValueError when the edges form a cycle."""
    ordered = sorted(nodes)
    if not ordered:
        return Decomposition(None)
    index = {node: number for number, node in enumerate(ordered)}
    numbered = tuple(sorted((index[a], index[b]) for a, b in edges))
    key = (len(ordered), numbered)
    shape = _SHAPES.get(key)
    if shape is None:
        shape = _shape(len(ordered), numbered)
        if len(_SHAPES) >= _MAX_SHAPES:
            _SHAPES.clear()
        _SHAPES[key] = shape
    if shape is _CYCLE:
        raise ValueError("workflow graph has a cycle")
    block, waits = shape
    return Decomposition(_named(block, ordered), [(ordered[a], ordered[b]) for a, b in waits])


# Decompositions by the shape of the DAG: nodes numbered in sorted id order, edges as
# number pairs. Every step below depends only on that order (sorting, the
# smallest-first topological order), so one shape always decomposes the same way
# whatever the ids, and large estates repeat a few shapes over and over.
_SHAPES: dict[tuple[int, tuple[tuple[int, int], ...]], object] = {}
_MAX_SHAPES = 4096
_CYCLE = object()


def _named(block: Block, nodes: list[str]) -> Block:
    """``block`` (over node numbers) with each number replaced by its id."""
    if isinstance(block, Leaf):
        return Leaf(nodes[block.node])  # type: ignore[index]
    return type(block)(tuple(_named(part, nodes) for part in block.parts))


def _shape(count: int, edges: tuple[tuple[int, int], ...]) -> object:
    """(block, added waits) over node numbers ``0..count-1``, or ``_CYCLE``."""
    successors: list[list[int]] = [[] for _ in range(count)]
    predecessors: list[list[int]] = [[] for _ in range(count)]
    for a, b in edges:
        successors[a].append(b)
        predecessors[b].append(a)
    if len(_topological(list(range(count)), successors, predecessors)) != count:
        return _CYCLE
    added: list[tuple[int, int]] = []
    block = _block(list(range(count)), successors, predecessors, added)
    return block, tuple(added)


def _topological(nodes: list[int], successors: list[list[int]],
                 predecessors: list[list[int]]) -> list[int]:
    """The smallest-first topological order of the subgraph on ``nodes`` (sorted), as
    ``networkx.lexicographical_topological_sort`` gives it; shorter when there is a cycle."""
    inside = set(nodes)
    indegree = {n: sum(1 for p in predecessors[n] if p in inside) for n in nodes}
    ready = [n for n in nodes if not indegree[n]]
    heapq.heapify(ready)
    order = []
    while ready:
        node = heapq.heappop(ready)
        order.append(node)
        for child in successors[node]:
            if child in inside:
                indegree[child] -= 1
                if not indegree[child]:
                    heapq.heappush(ready, child)
    return order


def _reach(start: int, links: list[list[int]], inside: set[int]) -> set[int]:
    """Nodes of ``inside`` reachable from ``start`` along ``links`` (``start`` excluded)."""
    seen: set[int] = set()
    pending = [start]
    while pending:
        for nxt in links[pending.pop()]:
            if nxt in inside and nxt not in seen:
                seen.add(nxt)
                pending.append(nxt)
    seen.discard(start)
    return seen


def _block(nodes: list[int], successors: list[list[int]], predecessors: list[list[int]],
           added: list[tuple[int, int]]) -> Block:
    if len(nodes) == 1:
        return Leaf(nodes[0])  # type: ignore[arg-type]
    components = _components(nodes, successors, predecessors)
    if len(components) > 1:
        return _flat(Par, [_block(c, successors, predecessors, added) for c in components])
    parts = _series_parts(nodes, successors, predecessors)
    if len(parts) > 1:
        return _flat(Seq, [_block(p, successors, predecessors, added) for p in parts])
    return _levels(nodes, successors, predecessors, added)


def _components(nodes: list[int], successors: list[list[int]],
                predecessors: list[list[int]]) -> list[list[int]]:
    """Weakly connected components of the subgraph on ``nodes``, each sorted, by first node."""
    inside = set(nodes)
    seen: set[int] = set()
    components = []
    for node in nodes:
        if node in seen:
            continue
        seen.add(node)
        component, pending = [node], [node]
        while pending:
            current = pending.pop()
            for nxt in (*successors[current], *predecessors[current]):
                if nxt in inside and nxt not in seen:
                    seen.add(nxt)
                    component.append(nxt)
                    pending.append(nxt)
        components.append(sorted(component))
    return sorted(components, key=lambda c: c[0])


def _series_parts(nodes: list[int], successors: list[list[int]],
                  predecessors: list[list[int]]) -> list[list[int]]:
    """Split at every cut where each node before precedes each node after.

    Walks the topological order once. Before a cut lies the current part ``B``
    (earlier parts precede everything after it by transitivity), after it the
    rest ``A``. Every node of ``B`` precedes every node of ``A`` exactly when
    each sink of ``B`` (no successor in ``B``) has an edge to each source of
    ``A`` (no predecessor in ``A``): a path from such a sink leaves ``B`` at
    once and, the order being topological, never returns, so it can reach a
    source of ``A`` only by that one edge; conversely every node of ``B``
    reaches a sink of ``B`` and every node of ``A`` is reached from a source
    of ``A``. The sources and sinks are kept up to date as the cut moves, so
    a long chain costs linear time and no reachability sets.
    """
    inside = set(nodes)
    order = _topological(nodes, successors, predecessors)
    targets = {n: {c for c in successors[n] if c in inside} for n in order}
    indegree = {n: 0 for n in order}  # predecessors in A
    for n in order:
        for child in targets[n]:
            indegree[child] += 1
    sources = {n for n in order if not indegree[n]}  # of A (all nodes before the first cut)
    sinks: set[int] = set()  # of B
    in_part: set[int] = set()  # B
    parts: list[list[int]] = []
    start = 0
    # A set never shrinks its table, and walking it (as <= does) costs its table size:
    # sources and sinks are copied when they hold far fewer nodes than they once did.
    most_sources, most_sinks = len(sources), 0
    for cut in range(1, len(order)):
        node = order[cut - 1]  # leaves A, joins B
        sources.discard(node)
        for child in targets[node]:
            indegree[child] -= 1
            if not indegree[child]:
                sources.add(child)
        sinks.difference_update(p for p in predecessors[node] if p in in_part)
        sinks.add(node)
        in_part.add(node)
        if len(sources) * 8 < most_sources:
            sources = set(sources)
            most_sources = len(sources)
        most_sources = max(most_sources, len(sources))
        if len(sinks) * 8 < most_sinks:
            sinks = set(sinks)
            most_sinks = len(sinks)
        most_sinks = max(most_sinks, len(sinks))
        if all(sources <= targets[sink] for sink in sinks):
            parts.append(sorted(order[start:cut]))
            start = cut
            sinks, in_part, most_sinks = set(), set(), 0
    parts.append(sorted(order[start:]))
    return parts


def _levels(nodes: list[int], successors: list[list[int]], predecessors: list[list[int]],
            added: list[tuple[int, int]]) -> Block:
    """Longest-path levels in sequence; records the waits that adds."""
    inside = set(nodes)
    level: dict[int, int] = {}
    for node in _topological(nodes, successors, predecessors):
        level[node] = max((level[p] + 1 for p in predecessors[node] if p in inside), default=0)
    depth = max(level.values()) + 1
    groups = [sorted(n for n in level if level[n] == d) for d in range(depth)]
    for node in sorted(level):
        ancestors = _reach(node, predecessors, inside)
        for other in sorted(level):
            if level[other] < level[node] and other not in ancestors:
                added.append((other, node))
    return _flat(Seq, [_flat(Par, [Leaf(n) for n in g]) for g in groups])  # type: ignore[arg-type]


def _flat(kind: type, parts: list[Block]) -> Block:
    """``kind(parts)`` with nested blocks of the same kind flattened; one part → itself."""
    flat: list[Block] = []
    for part in parts:
        flat.extend(part.parts if isinstance(part, kind) else (part,))
    return flat[0] if len(flat) == 1 else kind(tuple(flat))
