"""Migration waves: groups of jobs that move to AWS together, and the edges between them.

:func:`plan_waves` reads a plan.json dict (never the sources) and answers
with :class:`Waves`. Its rules, in order of strength:

1. The members of one state machine never part: a job stays with its
   parent (a jobnet and its units, nested jobnets with their child state
   machines) and with every job an edge ties it to inside one workflow
   (``realized_as`` a state machine construct, or ``scope`` ``workflow``).
   Such a set is an *atom*.
2. Atoms that depend on each other in a cycle stay together too: no order
   of the waves could move predecessors first otherwise.
3. ``by="component"``: atoms linked by cross-workflow dependencies stay
   together, and unrelated components of the same readiness (worst status)
   share waves up to ``max_jobs``; ``by="host"`` / ``by="jobnet"``: atoms are grouped by legacy host,
   or by top-level jobnet / Jenkins folder / crontab file, and the
   dependencies between groups are cut.
4. A group larger than ``max_jobs`` is split along the fewest dependency
   edges: a minimum cut (networkx) that keeps every predecessor on the
   earlier side, repeated until each part fits, then parts are merged back
   while they fit. A group that is not connected is packed into parts first,
   which cuts nothing.
5. Waves are ordered so that every cut runs from an earlier wave to a later
   one (predecessors move first; where --by groups depend on each other in
   a cycle, their parts are regrouped so that none remains), then ``auto`` waves before ``review`` before
   ``manual``, then smaller first, then by first job id.
   Waves kept from an earlier plan (``keep``) come first as they were, so a
   job planned after them that a kept job now waits for is the one cut that
   runs back to an earlier wave (:attr:`Cut.backward`).

A wave is larger than ``max_jobs`` only when one atom (one state machine,
or one dependency cycle of workflows) is. Every dependency whose ends sit in
two waves is listed as a :class:`Cut`, with what it needs while the later
wave still runs on the legacy scheduler. The same plan and options give the
same answer.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

import networkx as nx

from jobmig.i18n import tr

BY_CHOICES = ("component", "host", "jobnet")
DEFAULT_MAX_JOBS = 50
STATUS_RANK = {"auto": 0, "review": 1, "manual": 2}
# realized_as values that put both ends inside one state machine (plan.json)
INSIDE_WORKFLOW = frozenset({"state_machine", "parallel", "sequence", "child_state_machine"})
# Execution statuses of the predecessor's state machine that meet each legacy condition
# (as the event rules read them; a judgment edge is decided inside a state machine).
END_STATUSES = {
    "success": ("SUCCEEDED",),
    "unstable": ("SUCCEEDED",),
    "completed": ("SUCCEEDED", "FAILED", "TIMED_OUT"),
    "always": ("SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"),
    "failure": ("FAILED", "TIMED_OUT", "ABORTED"),
}
# Widths of the two ends of a group (share of its jobs) tied to the source and the sink
# of a minimum cut: narrow ends leave the cut free to find the fewest edges, wide ones
# keep the two sides even (and the splitting shallow).
_END_SHARES = (0.1, 0.25, 0.4)
_SOURCE, _SINK = ("", "source"), ("", "sink")  # never a job id (those are strings)
# Parts of one group tried pairwise for packing after the cuts (quadratic: kept small).
_PACK_AGAIN_UP_TO = 60


@dataclass(frozen=True)
class Wave:
    """One wave: its jobs (plan.json ids, sorted), state machines and status counts."""

    name: str
    jobs: tuple[str, ...]
    state_machines: tuple[str, ...]
    status: Mapping[str, int]
    group: str = ""  # the --by host/jobnet key it came from (empty for components)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "jobs": list(self.jobs),
                                "state_machines": list(self.state_machines),
                                "status": dict(self.status)}
        if self.group:
            data["group"] = self.group
        return data


@dataclass(frozen=True)
class Cut:
    """A dependency whose ends move in two different waves."""

    from_id: str
    to_id: str
    from_name: str
    to_name: str
    condition: str
    realized_as: str
    from_wave: str
    to_wave: str
    from_state_machine: str
    statuses: tuple[str, ...]  # predecessor end statuses that start the successor
    # ``to_wave`` moves before ``from_wave``: it was kept from an earlier plan (keep of
    # plan_waves) and a job planned after it is now its predecessor
    backward: bool = False

    @property
    def interim_rule(self) -> str:
        """What keeps the edge working while the later of the two waves still runs on the
        legacy scheduler (in the language of :func:`jobmig.i18n.language`)."""
        if self.backward:
            return tr("{then} moves before {first} (kept from an earlier plan): until {first} "
                      "moves, start {job} on AWS by hand once {predecessor} has ended on the "
                      "legacy scheduler as the legacy condition '{condition}' requires",
                      then=self.to_wave, first=self.from_wave, job=self.to_name,
                      predecessor=self.from_name, condition=self.condition)
        if self.statuses:
            return tr("until {wave} moves, start {job} on the legacy scheduler when {machine} "
                      "ends {ends} on AWS (an EventBridge rule on that status that notifies the "
                      "legacy scheduler, or an operator who starts it)",
                      wave=self.to_wave, job=self.to_name,
                      machine=self.from_state_machine or tr("its state machine"),
                      ends=tr(" or ").join(self.statuses))
        return tr("until {wave} moves, start {job} on the legacy scheduler by hand once "
                  "{predecessor} has ended as the legacy condition '{condition}' requires",
                  wave=self.to_wave, job=self.to_name, predecessor=self.from_name,
                  condition=self.condition)

    @property
    def order(self) -> str:
        """The order of moves that keeps the edge safe."""
        if self.backward:
            return tr("move {first} soon: {job} ({then}, kept from an earlier plan) waits for "
                      "{predecessor}; disable {predecessor} on the legacy scheduler in the same "
                      "change that enables it on AWS",
                      first=self.from_wave, then=self.to_wave, job=self.to_name,
                      predecessor=self.from_name)
        return tr("move {first} before or together with {then}; disable {job} on the legacy "
                  "scheduler in the same change that enables it on AWS",
                  first=self.from_wave, then=self.to_wave, job=self.from_name)

    def to_json(self) -> dict[str, Any]:
        return {"from": self.from_id, "to": self.to_id, "condition": self.condition,
                "realized_as": self.realized_as, "from_wave": self.from_wave,
                "to_wave": self.to_wave, "rule": self.interim_rule, "order": self.order}


@dataclass(frozen=True)
class Waves:
    """The waves in move order and the dependencies between them."""

    waves: tuple[Wave, ...]
    cuts: tuple[Cut, ...]
    by: str = "component"
    max_jobs: int = DEFAULT_MAX_JOBS
    notes: tuple[str, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        """``{"waves": [...], "cut": [...]}`` with plan.json's job ids."""
        return {"waves": [wave.to_json() for wave in self.waves],
                "cut": [cut.to_json() for cut in self.cuts]}

    def wave_of(self) -> dict[str, str]:
        """Job id → wave name."""
        return {job: wave.name for wave in self.waves for job in wave.jobs}


# -- the plan as atoms ------------------------------------------------------
@dataclass
class _Estate:
    jobs: dict[str, Mapping[str, Any]]
    atom_of: dict[str, str]  # job id → atom id (its smallest job id)
    members: dict[str, list[str]]  # atom id → job ids
    edges: list[Mapping[str, Any]]  # dependencies between two atoms
    graph: nx.DiGraph  # atoms; edge attribute "weight": number of dependencies


def _find(parents: dict[str, str], item: str) -> str:
    root = item
    while parents[root] != root:
        root = parents[root]
    while parents[item] != root:  # path compression
        parents[item], item = root, parents[item]
    return root


def _union(parents: dict[str, str], a: str, b: str) -> None:
    ra, rb = _find(parents, a), _find(parents, b)
    if ra != rb:
        low, high = sorted((ra, rb))
        parents[high] = low


def _estate(plan: Mapping[str, Any]) -> _Estate:
    jobs = {str(job["id"]): job for job in plan.get("jobs") or []
            if isinstance(job, dict) and job.get("id") is not None}
    parents = {job_id: job_id for job_id in jobs}
    by_machine: dict[str, str] = {}
    for job_id, job in sorted(jobs.items()):
        parent = job.get("parent")
        if parent is not None and str(parent) in jobs:
            _union(parents, job_id, str(parent))
    # sorted, so that the graph (and a cut among equal ones) never depends on listing order
    dependencies = sorted((d for d in plan.get("dependencies") or []
                           if isinstance(d, dict) and str(d.get("from")) in jobs
                           and str(d.get("to")) in jobs),
                          key=lambda d: (str(d["from"]), str(d["to"]), str(d.get("condition"))))
    for dep in dependencies:
        if dep.get("realized_as") in INSIDE_WORKFLOW or dep.get("scope") == "workflow":
            _union(parents, str(dep["from"]), str(dep["to"]))
    for job_id, job in sorted(jobs.items()):
        machine = job.get("state_machine")
        if machine:
            if machine in by_machine:
                _union(parents, job_id, by_machine[machine])
            else:
                by_machine[machine] = job_id
    atom_of = {job_id: _find(parents, job_id) for job_id in jobs}
    graph: nx.DiGraph = nx.DiGraph()
    graph.add_nodes_from(sorted(set(atom_of.values())))
    edges = []
    for dep in dependencies:
        a, b = atom_of[str(dep["from"])], atom_of[str(dep["to"])]
        if a == b:
            continue
        edges.append(dep)
        weight = graph.edges[a, b]["weight"] + 1 if graph.has_edge(a, b) else 1
        graph.add_edge(a, b, weight=weight)
    # Workflows that wait on each other in a cycle move together (rule 2).
    for cycle in nx.strongly_connected_components(graph):
        if len(cycle) > 1:
            first = min(cycle)
            for atom in cycle:
                _union(parents, atom, first)
    if any(_find(parents, a) != a for a in graph):
        atom_of = {job_id: _find(parents, job_id) for job_id in jobs}
        merged: nx.DiGraph = nx.DiGraph()
        merged.add_nodes_from(sorted(set(atom_of.values())))
        edges = [d for d in edges if atom_of[str(d["from"])] != atom_of[str(d["to"])]]
        for dep in edges:
            a, b = atom_of[str(dep["from"])], atom_of[str(dep["to"])]
            weight = merged.edges[a, b]["weight"] + 1 if merged.has_edge(a, b) else 1
            merged.add_edge(a, b, weight=weight)
        graph = merged
    members: dict[str, list[str]] = {}
    for job_id in sorted(jobs):
        members.setdefault(atom_of[job_id], []).append(job_id)
    for atom, size in ((a, len(m)) for a, m in members.items()):
        graph.nodes[atom]["size"] = size
    return _Estate(jobs, atom_of, members, edges, graph)


# -- grouping ---------------------------------------------------------------
def _group_key(estate: _Estate, atom: str, by: str) -> str:
    """The --by host / --by jobnet key of an atom (empty for components)."""
    if by == "host":
        hosts = Counter(str(estate.jobs[j].get("host")) for j in estate.members[atom]
                        if estate.jobs[j].get("host"))
        if not hosts:
            return "(no host)"
        best = max(hosts.values())
        return min(host for host, count in hosts.items() if count == best)
    if by == "jobnet":
        return _container(estate.jobs[atom])
    return ""


def _container(job: Mapping[str, Any]) -> str:
    """A top-level job's container: its Jenkins folder, its crontab file, or itself
    (a top-level JP1 jobnet)."""
    job_id = str(job.get("id"))
    source = job.get("source") if isinstance(job.get("source"), dict) else {}
    fmt = source.get("format") or job_id.split(":", 1)[0]
    if fmt in ("jenkins", "jenkinsfile"):
        full = job_id.split(":", 1)[-1]
        return f"jenkins:{full.rsplit('/', 1)[0]}" if "/" in full else "jenkins:(top level)"
    if fmt == "crontab" and source.get("path"):
        return f"crontab:{source['path']}"
    return job_id


def _groups(estate: _Estate, by: str) -> list[tuple[str, set[str]]]:
    """Initial groups of atoms: (key, atoms), sorted by their smallest atom."""
    if by == "component":
        # Unrelated components of the same readiness share waves (packed up to the limit),
        # so an estate of independent crontab lines does not become one wave per line.
        by_status: dict[int, set[str]] = {}
        for component in nx.weakly_connected_components(estate.graph):
            by_status.setdefault(_worst(estate, component), set()).update(component)
        parts = [("", atoms) for atoms in by_status.values()]
    else:
        keyed: dict[str, set[str]] = {}
        for atom in estate.graph:
            keyed.setdefault(_group_key(estate, atom, by), set()).add(atom)
        parts = sorted(keyed.items())
    return sorted(parts, key=lambda part: min(part[1]))


def _size(graph: nx.DiGraph, atoms: Iterable[str]) -> int:
    return sum(graph.nodes[a]["size"] for a in atoms)


def _pack(graph: nx.DiGraph, pieces: list[set[str]], limit: int) -> list[set[str]]:
    """Pieces with no edges between them, packed first-fit by decreasing size."""
    bins: list[set[str]] = []
    sizes: list[int] = []
    for piece in sorted(pieces, key=lambda p: (-_size(graph, p), min(p))):
        size = _size(graph, piece)
        for index, used in enumerate(sizes):
            if used + size <= limit:
                bins[index] |= piece
                sizes[index] += size
                break
        else:
            bins.append(set(piece))
            sizes.append(size)
    return bins


def _split(graph: nx.DiGraph, atoms: set[str], limit: int) -> list[set[str]]:
    """``atoms`` in parts of at most ``limit`` jobs (or single atoms), cutting few edges."""
    if len(atoms) <= 1 or _size(graph, atoms) <= limit:
        return [atoms]
    sub = graph.subgraph(atoms)
    pieces = [set(c) for c in nx.weakly_connected_components(sub)]
    if len(pieces) > 1:
        parts = []
        for packed in _pack(graph, pieces, limit):
            parts.extend(_split(graph, packed, limit) if _size(graph, packed) > limit
                         else [packed])
        return parts
    earlier, later = _min_cut(sub)
    return _split(graph, earlier, limit) + _split(graph, later, limit)


def _min_cut(sub: nx.DiGraph) -> tuple[set[str], set[str]]:
    """A cut of a connected acyclic group with few edges, no edge running back, both
    sides of some size.

    Each dependency a→b has capacity ``weight`` forward and none given backward
    (networkx reads a missing capacity as infinite), so a finite cut never puts
    a successor before its predecessor. The first atoms in dependency order are
    tied to the source and the last ones to the sink (a prefix of a topological
    order has all its predecessors, a suffix all its successors); a few widths
    of those ends are tried, one maximum flow each, and the cut with the fewest
    edges wins, then the most even one.
    """
    order = list(nx.lexicographical_topological_sort(sub))
    sizes = [sub.nodes[a]["size"] for a in order]
    total = sum(sizes)
    best: tuple[tuple[float, int, str], set[str]] | None = None
    for share in _END_SHARES:
        head, tail = _ends(order, sizes, total * share)
        flow: nx.DiGraph = nx.DiGraph()
        for a, b, data in sub.edges(data=True):
            flow.add_edge(a, b, capacity=data["weight"])
            flow.add_edge(b, a)  # infinite: keeps b's side from coming before a's
        for atom in head:
            flow.add_edge(_SOURCE, atom)
        for atom in tail:
            flow.add_edge(atom, _SINK)
        value, (earlier, _) = nx.minimum_cut(flow, _SOURCE, _SINK)
        earlier = set(earlier) - {_SOURCE}
        score = (value, abs(total - 2 * _size(sub, earlier)), min(earlier))
        if best is None or score < best[0]:
            best = (score, earlier)
    assert best is not None
    return best[1], set(sub) - best[1]


def _ends(order: list[str], sizes: list[int], budget: float) -> tuple[list[str], list[str]]:
    """The first and the last atoms of ``order`` holding about ``budget`` jobs each
    (at least one atom each, never the same atom)."""
    head: list[str] = []
    used = 0
    for atom, size in zip(order, sizes):
        if head and used + size > budget:
            break
        head.append(atom)
        used += size
    tail: list[str] = []
    used = 0
    for atom, size in zip(reversed(order), reversed(sizes)):
        if atom in head or (tail and used + size > budget):
            break
        tail.append(atom)
        used += size
    # budget < total, so the head never reaches the last atom: the tail is never empty
    return head, tail


def _quotient(graph: nx.DiGraph, parts: list[set[str]]) -> nx.DiGraph:
    """Parts (by index) with an edge where some dependency runs between them."""
    index = {atom: i for i, part in enumerate(parts) for atom in part}
    quotient: nx.DiGraph = nx.DiGraph()
    quotient.add_nodes_from(range(len(parts)))
    successors = graph.succ
    for a, i in index.items():
        for b, data in successors[a].items():
            j = index.get(b)
            if j is None or j == i:
                continue
            weight = quotient.edges[i, j]["weight"] + data["weight"] \
                if quotient.has_edge(i, j) else data["weight"]
            quotient.add_edge(i, j, weight=weight)
    return quotient


def _merge_back(graph: nx.DiGraph, parts: list[tuple[str, set[str]]], limit: int,
                unlinked: bool = False) -> list[tuple[str, set[str]]]:
    """Merge parts of one key while they fit: most shared edges first, then the smallest
    result; never making a cycle between parts. ``unlinked`` also merges parts that share
    no edge (same key), smallest first."""
    parts = [(key, set(p)) for key, p in parts]
    while True:
        quotient = _quotient(graph, [p for _, p in parts])
        sizes = [_size(graph, p) for _, p in parts]
        pairs = ([(i, j) for i in range(len(parts)) for j in range(i + 1, len(parts))]
                 if unlinked else [(i, j) for i, j in quotient.edges])
        candidates = []
        for i, j in pairs:
            if parts[i][0] != parts[j][0] or sizes[i] + sizes[j] > limit:
                continue
            shared = sum(quotient.edges[e]["weight"] for e in ((i, j), (j, i))
                         if quotient.has_edge(*e))
            candidates.append((-shared, sizes[i] + sizes[j],
                               min(parts[i][1] | parts[j][1]), i, j))
        merged = False
        for *_, i, j in sorted(candidates):
            trial = [p for k, p in enumerate(parts) if k not in (i, j)]
            trial.append((parts[i][0], parts[i][1] | parts[j][1]))
            if nx.is_directed_acyclic_graph(_quotient(graph, [p for _, p in trial])):
                parts = trial
                merged = True
                break
        if not merged:
            return sorted(parts, key=lambda p: min(p[1]))


def _acyclic(graph: nx.DiGraph, parts: list[tuple[str, set[str]]],
             limit: int) -> list[tuple[str, set[str]]]:
    """Parts with no cycle between them (possible across --by groups: host A → host B →
    host A): the parts of each cycle fall apart into atoms, which are merged back per key
    only where that makes no cycle."""
    quotient = _quotient(graph, [p for _, p in parts])
    if nx.is_directed_acyclic_graph(quotient):
        return parts
    kept: list[tuple[str, set[str]]] = []
    loose: list[tuple[str, set[str]]] = []
    for component in nx.strongly_connected_components(quotient):
        if len(component) == 1:
            kept.extend(parts[i] for i in component)
        else:
            loose.extend((parts[i][0], {atom}) for i in component for atom in parts[i][1])
    return _merge_back(graph, kept + loose, limit, unlinked=True)


# -- the answer -------------------------------------------------------------
def plan_waves(plan: Mapping[str, Any], max_jobs: int = DEFAULT_MAX_JOBS,
               by: str = "component", keep: Mapping[str, str] | None = None) -> Waves:
    """Group a plan.json dict's jobs into ordered waves (see the module docstring).

    ``max_jobs`` must be at least 1 and ``by`` one of :data:`BY_CHOICES`
    (:class:`ValueError` otherwise).

    ``keep`` (job id → wave name, from an earlier run's waves) keeps the waves
    already planned, on a re-run with a newer export: each atom with a job in
    ``keep`` stays in that job's wave (the first by name when its jobs were in
    several), under the same name, first and in name order; the other atoms
    are planned as above into new waves numbered after the highest ``wave-N``
    of ``keep``. A kept wave whose jobs are all gone is gone; none is renamed.
    """
    if by not in BY_CHOICES:
        raise ValueError(f"by must be one of {', '.join(BY_CHOICES)}, not {by!r}")
    if max_jobs < 1:
        raise ValueError("max_jobs must be at least 1")
    estate = _estate(plan)
    graph = estate.graph
    kept = _kept(estate, keep or {})
    taken = {atom for atoms in kept.values() for atom in atoms}
    parts: list[tuple[str, set[str]]] = []
    for key, atoms in _groups(estate, by):
        atoms = atoms - taken
        if not atoms:
            continue
        split = _merge_back(graph, [(key, part) for part in _split(graph, atoms, max_jobs)],
                            max_jobs)
        if 1 < len(split) <= _PACK_AGAIN_UP_TO:  # parts a cut left small share waves again
            split = _merge_back(graph, split, max_jobs, unlinked=True)
        parts.extend(split)
    parts = _acyclic(graph, parts, max_jobs)
    ordered = _order(estate, parts)
    waves = [_wave(estate, name, _kept_key(estate, kept[name], by), _jobs(estate, kept[name]))
             for name in sorted(kept, key=wave_name_order)]
    first = 1 + max((_number(name) for name in (keep or {}).values()), default=0)
    width = max(2, len(str(first + len(ordered) - 1)))
    for number, (key, atoms) in enumerate(ordered, start=first):
        waves.append(_wave(estate, f"wave-{number:0{width}d}", key, _jobs(estate, atoms)))
    wave_of = {job: wave.name for wave in waves for job in wave.jobs}
    position = {wave.name: index for index, wave in enumerate(waves)}
    return Waves(tuple(waves), _cuts(estate, wave_of, position), by, max_jobs)


_WAVE_NUMBER = re.compile(r"wave-(\d+)")


def _kept(estate: _Estate, keep: Mapping[str, str]) -> dict[str, set[str]]:
    """Wave name → the atoms that stay in it (see :func:`plan_waves`)."""
    kept: dict[str, set[str]] = {}
    for atom, jobs in estate.members.items():
        names = sorted({keep[job] for job in jobs if job in keep}, key=wave_name_order)
        if names:
            kept.setdefault(names[0], set()).add(atom)
    return kept


def _number(name: str) -> int:
    """N of a ``wave-N`` name, 0 for any other name."""
    match = _WAVE_NUMBER.fullmatch(name)
    return int(match.group(1)) if match else 0


def wave_name_order(name: str) -> tuple[int, str]:
    """Sort key of wave names: ``wave-2`` before ``wave-10``."""
    return (_number(name), name)


def _kept_key(estate: _Estate, atoms: set[str], by: str) -> str:
    """The --by key of a kept wave: its atoms' key when they share one, else empty."""
    keys = {_group_key(estate, atom, by) for atom in atoms}
    return keys.pop() if len(keys) == 1 else ""


def _jobs(estate: _Estate, atoms: Iterable[str]) -> list[str]:
    return sorted(j for atom in atoms for j in estate.members[atom])


def _worst(estate: _Estate, atoms: Iterable[str]) -> int:
    return max((STATUS_RANK.get(str(estate.jobs[j].get("status")), 2)
                for a in atoms for j in estate.members[a]), default=0)


def _order(estate: _Estate, parts: list[tuple[str, set[str]]]) -> list[tuple[str, set[str]]]:
    """Predecessors first, then readiness, then size, then first job id."""
    quotient = _quotient(estate.graph, [p for _, p in parts])
    keys = {i: (_worst(estate, atoms), _size(estate.graph, atoms), min(atoms))
            for i, (_, atoms) in enumerate(parts)}
    order = nx.lexicographical_topological_sort(quotient, key=lambda i: keys[i])
    return [parts[i] for i in order]


def _wave(estate: _Estate, name: str, key: str, jobs: list[str]) -> Wave:
    counts = Counter(str(estate.jobs[j].get("status")) for j in jobs)
    status = {"jobs": len(jobs), **{s: counts.get(s, 0) for s in STATUS_RANK}}
    machines = sorted({str(estate.jobs[j]["state_machine"]) for j in jobs
                       if estate.jobs[j].get("state_machine")})
    return Wave(name, tuple(jobs), tuple(machines), status, key)


def _cuts(estate: _Estate, wave_of: dict[str, str], position: dict[str, int]
          ) -> tuple[Cut, ...]:
    cuts = []
    for dep in estate.edges:
        a, b = str(dep["from"]), str(dep["to"])
        if wave_of[a] == wave_of[b]:
            continue
        condition = str(dep.get("condition") or "success")
        source = estate.jobs[a]
        cuts.append(Cut(a, b, str(source.get("name") or a),
                        str(estate.jobs[b].get("name") or b), condition,
                        str(dep.get("realized_as") or ""), wave_of[a], wave_of[b],
                        str(source.get("state_machine") or ""),
                        END_STATUSES.get(condition, ()),
                        position[wave_of[a]] > position[wave_of[b]]))
    return tuple(sorted(cuts, key=lambda c: (c.from_wave, c.to_wave, c.from_id, c.to_id,
                                             c.condition)))
