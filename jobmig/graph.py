"""The dependency graph of all jobs from all sources: built in one place.

Nodes are job ids (attribute ``job``: the :class:`~jobmig.model.Job`); edges
carry the :class:`~jobmig.model.Dependency` (attribute ``dependency``). A
*workflow* is what becomes one state machine: a top-level job (a crontab line,
a Jenkins job) or a jobnet with its members (``Job.parent``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jobmig.model import Dependency, Finding, Job, ParseResult, SourceRef
from jobmig.messages import msg


@dataclass
class JobGraph:
    """All jobs, their edges, and the findings met while joining them."""

    findings: list[Finding] = field(default_factory=list)
    # parent id -> member ids, kept by add_job so members() stays O(members)
    _children: dict[str | None, list[str]] = field(default_factory=dict, repr=False)
    # jobs() remembered until the next add_job (the pipeline asks for it several times)
    _sorted: list[Job] | None = field(default=None, repr=False, compare=False)
    # id -> job as add_job stored it: job() is asked a million times on a large estate,
    # and a plain dict answers faster than the graph's node view
    _jobs: dict[str, Job] = field(default_factory=dict, repr=False, compare=False)
    # dependencies() remembered until the next add_dependency
    _edges: list[Dependency] | None = field(default=None, repr=False, compare=False)
    # members() by parent id, remembered until the next add_job
    _members: dict[str | None, list[Job]] = field(default_factory=dict, repr=False,
                                                  compare=False)
    # root_of() answers, remembered until the next add_job (asked for both ends of every edge)
    _roots: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    # predecessor id -> successor id -> dependency, as the graph's edges hold them (a plain
    # dict: workflow_edges() reads every jobnet's edges, the graph's views cost more)
    _successors: dict[str, dict[str, Dependency]] = field(default_factory=dict, repr=False,
                                                          compare=False)
    # successor id -> predecessor id -> dependency
    _predecessors: dict[str, dict[str, Dependency]] = field(default_factory=dict, repr=False,
                                                            compare=False)
    # the networkx view asked for by :attr:`graph`, built on demand
    _nx: Any = field(default=None, repr=False, compare=False)

    # -- building -----------------------------------------------------------
    @classmethod
    def from_results(cls, results: list[ParseResult]) -> "JobGraph":
        """Join parse results; report duplicate ids and dangling edges (JM501/JM502)."""
        job_graph = cls()
        for result in results:
            for job in result.jobs:
                job_graph.add_job(job)
        for result in results:
            for dependency in result.dependencies:
                job_graph.add_dependency(dependency)
        return job_graph

    def add_job(self, job: Job) -> None:
        if job.id in self._jobs:
            self.findings.append(Finding(
                "JM501", msg("job id {id!r} is defined twice; the later definition ({source}) "
                             "was ignored",
                             id=job.id, source=job.source), job.source, job.id))
            return
        self._jobs[job.id] = job
        self._nx = None
        self._sorted = None
        self._members.clear()
        self._roots.clear()
        self._children.setdefault(job.parent, []).append(job.id)

    def add_dependency(self, dependency: Dependency) -> None:
        missing = [end for end in (dependency.predecessor, dependency.successor)
                   if end not in self._jobs]
        if missing and dependency.parameters.get("via") in _WAIT_VIAS:
            self.findings.append(_missing_waited(dependency, missing))
            return
        if missing:
            self.findings.append(Finding(
                "JM502", msg("dependency {predecessor} → {successor} names {join}, which is not "
                             "in the export",
                             predecessor=_name(dependency.predecessor),
                             successor=_name(dependency.successor),
                             join=', '.join(map(_name, missing))), dependency.source,
                dependency.successor if dependency.successor in self._jobs else None))
            return
        self._successors.setdefault(dependency.predecessor, {})[dependency.successor] = dependency
        self._predecessors.setdefault(dependency.successor, {})[dependency.predecessor] = dependency
        self._edges = None
        self._nx = None

    # -- reading ------------------------------------------------------------
    def __contains__(self, job_id: object) -> bool:
        return job_id in self._jobs

    def __len__(self) -> int:
        return len(self._jobs)

    @property
    def graph(self) -> Any:
        """The jobs and edges as a ``networkx.DiGraph`` (nodes carry ``job``, edges
        ``dependency``), for graph algorithms; built when first asked for, so a run
        that needs none does not import networkx."""
        if self._nx is None:
            import networkx as nx

            digraph = nx.DiGraph()
            for job_id, job in self._jobs.items():
                digraph.add_node(job_id, job=job)
            for dependency in self.dependencies():
                digraph.add_edge(dependency.predecessor, dependency.successor,
                                 dependency=dependency)
            self._nx = digraph
        return self._nx

    def descendants(self, job_id: str) -> set[str]:
        """Every job reachable from ``job_id`` along edges, not ``job_id`` itself (even
        when a cycle leads back to it), as ``networkx.descendants`` answers."""
        found: set[str] = set()
        pending = list(self._successors.get(job_id, ()))
        while pending:
            node = pending.pop()
            if node not in found:
                found.add(node)
                pending.extend(self._successors.get(node, ()))
        found.discard(job_id)
        return found

    def job(self, job_id: str) -> Job:
        """The job ``job_id``; :class:`KeyError` when there is none."""
        return self._jobs[job_id]

    def jobs(self) -> list[Job]:
        """All jobs, sorted by id (deterministic)."""
        if self._sorted is None or len(self._sorted) != len(self._jobs):
            jobs = self._jobs
            self._sorted = [jobs[n] for n in sorted(jobs)]
        return list(self._sorted)

    def members(self, parent_id: str | None) -> list[Job]:
        """Jobs whose ``parent`` is ``parent_id`` (top-level jobs for ``None``), by id."""
        members = self._members.get(parent_id)
        if members is None:
            members = [self.job(job_id) for job_id in sorted(self._children.get(parent_id, ()))]
            self._members[parent_id] = members
        return list(members)

    def workflows(self) -> list[Job]:
        """Top-level jobs: each becomes one state machine (with its members)."""
        return self.members(None)

    def dependencies(self) -> list[Dependency]:
        """Every edge's dependency, sorted by (predecessor, successor)."""
        if self._edges is None:
            successors = self._successors
            self._edges = [successors[a][b] for a in sorted(successors)
                           for b in sorted(successors[a])]
        return list(self._edges)

    def workflow_edges(self, parent_id: str) -> list[Dependency]:
        """Edges between members of one jobnet (they stay inside its state machine)."""
        inside = set(self._children.get(parent_id, ()))
        successors = self._successors
        edges = sorted((a, b) for a in inside for b in successors.get(a, ()) if b in inside)
        return [successors[a][b] for a, b in edges]

    def predecessors(self, job_id: str) -> list[Dependency]:
        """Edges into ``job_id``, sorted by predecessor."""
        incoming = self._predecessors.get(job_id, {})
        return [incoming[p] for p in sorted(incoming)]

    def successors(self, job_id: str) -> list[Dependency]:
        """Edges out of ``job_id``, sorted by successor."""
        outgoing = self._successors.get(job_id)
        return [outgoing[s] for s in sorted(outgoing)] if outgoing else []

    def root_of(self, job_id: str) -> str:
        """The top-level workflow that contains ``job_id``."""
        root = self._roots.get(job_id)
        if root is None:
            # Every job on the way up learns the answer too: asked for each job of a deep
            # nesting, the walk would otherwise repeat the whole chain each time.
            path = [job_id]
            job = self.job(job_id)
            while job.parent is not None and job.parent in self._jobs:
                root = self._roots.get(job.parent)
                if root is not None:
                    break
                path.append(job.parent)
                job = self._jobs[job.parent]
            else:
                root = job.id
            for member in path:
                self._roots[member] = root
        return root


def _name(job_id: str) -> str:
    return job_id.split(":", 1)[-1]


_WAIT_VIAS = frozenset({"eun", "nc"})  # JP1 waits and connectors (parsers.jp1.waits)


def _missing_waited(dependency: Dependency, missing: list[str]) -> Finding:
    """JM440 on the waiting unit: the unit it waits for (or the jobnet a connector names)
    is not in the inputs, so no rule can be built."""
    what = msg("waits for") if dependency.parameters.get("via") == "eun" else msg("is connected to")
    return Finding("JM440", msg("{successor} {what} {join}, which is not in the export; no rule "
                                "was built for it",
                                successor=_name(dependency.successor),
                                what=what,
                                join=', '.join(map(_name, missing))),
                dependency.source, dependency.successor)


__all__ = ["JobGraph", "SourceRef"]
