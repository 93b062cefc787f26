"""Workflows → Step Functions state machines (ASL, JSONPath, STANDARD).

One state machine per workflow (:meth:`JobGraph.workflows`): a top-level job
alone, or a jobnet with its members. Nested jobnets become child machines
started with ``states:startExecution.sync:2``. Every machine has the same
outline::

    business date  →  [calendar gate]  →  [duplicate-run guard]  →  body

* **Business date.** Schedules pass ``{"business_date":
  "<aws.scheduler.scheduled-time>"}``; event rules pass the predecessor's
  output as ``upstream_output`` (a JSON string, see
  :mod:`jobmig.mappings.event_patterns`), whose ``business_date`` is taken;
  a manual start without either uses the execution's start time. Every
  state keeps its input (``ResultPath``), so the output carries
  ``business_date`` on to successors.
* **Calendar gate** (when any of the workflow's schedules names a Change
  Calendar): the schedule's input names the calendar (``calendar``);
  ``aws-sdk:ssm:getCalendarState`` at the business date, and CLOSED ends the
  run with Succeed "Skipped: closed day". A start without ``calendar`` (a
  manual re-run) is not gated.
* **Duplicate-run guard** (``MapOptions.guard``: ``auto`` where
  ``Job.concurrent`` is False, ``on``, ``off``): ``aws-sdk:sfn:listExecutions``
  RUNNING for this machine; more than one (this one included) → Fail.
* **Body**: the workflow DAG as nested ``Parallel`` blocks
  (:mod:`jobmig.mappings.series_parallel`); each job's states come from
  :mod:`jobmig.mappings.asl_tasks` via the mapping profile; JP1 judgment
  jobs become Choice states (:mod:`jobmig.mappings.judgment`) where the
  return code is at hand.

The first three parts come from :mod:`jobmig.mappings.asl_prologue`.
Control flow inside the body: ``Job.retry`` → ``Retry``; FAILURE edges →
``Catch`` to the recovery units, after which the run ends failed;
COMPLETED/ALWAYS edges → ``Catch`` that goes on; blocking edges
(``Dependency.wait``) → nested ``startExecution.sync:2`` after the job.

``StateMachine.substitutions`` maps each ``${Placeholder}`` in the definition
to a CloudFormation ``Fn::Sub`` template (a parameter ``${InstanceId}``, or
an ARN built from pseudo parameters and a state machine's name); the
emitters turn them into ``DefinitionSubstitutions`` (CloudFormation) or
interpolations (Terraform).
"""
from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo
from dataclasses import dataclass, replace
from typing import Any, Mapping

from jobmig.frozen import copy_with
from jobmig.graph import JobGraph
from jobmig.identity import aws_base
from jobmig.model import Condition, Dependency, Finding, Job
from jobmig.options import MapOptions
from jobmig.mappings.asl_prologue import BUSINESS_DATE
from jobmig.mappings.asl_tasks import (
    BuildContext, Permission, TemplateParameter, abnormal_threshold, chain, job_states,
    needs_wrapper, nested_execution, retriers,
)
from jobmig.mappings.aws_schedule import ScheduleMapping
from jobmig.mappings.change_calendar import calendar_names
from jobmig.mappings import asl_prologue as prologue
from jobmig.mappings import cron_mail
from jobmig.mappings import jp1_env
from jobmig.mappings import jp1_runtime
from jobmig.mappings import judgment
from jobmig.mappings import cross_waits
from jobmig.mappings import eun_poll
from jobmig.mappings import file_watch
from jobmig.mappings import jp1_events
from jobmig.mappings import event_wait
from jobmig.mappings import start_conditions
from jobmig.mappings import or_join
from jobmig.mappings import placeholder
from jobmig.mappings import windows
from jobmig.mappings.profile import BATCH, ECS, LAMBDA, SSM, Profile
from jobmig.mappings.series_parallel import Block, Leaf, Par, Seq, decompose, decompose_edges
from jobmig.messages import joined, msg

NAME_MAX = 80
_NAME_CHARS = re.compile(r"[^0-9A-Za-z_-]+")
RECOVERED = "Jobmig.JobFailedAfterRecovery"
#: Edge conditions that order two jobs inside one workflow.
ORDERING = (Condition.SUCCESS, Condition.UNSTABLE, Condition.COMPLETED, Condition.ALWAYS,
            Condition.JUDGMENT)
#: Conditions under which the successor runs even when the predecessor failed.
CONTINUE_ON_FAILURE = (Condition.COMPLETED, Condition.ALWAYS)
GUARD_MODES = ("auto", "on", "off")
#: Unit types whose placeholder question their kind answers first (OR jobs, judgment jobs,
#: connectors: see _MachineBuilder._placeholder_reason).
_OWN_STATE_TYPES = frozenset({*or_join.OR_TYPES, *judgment.JUDGMENT_TYPES,
                              *cross_waits.CONNECTOR_TYPES})
MACHINE_TIMEOUT_MIN = 86400  # seconds: a machine without a legacy limit may run a day
TIMEOUT_SLACK = 600  # seconds for the calendar check, the guard and polling around one job


#: How a JP1 job run by each container kind gets its AJS variables (JM564).
CARRIERS = {ECS: msg("as the ECS task's container environment"),
            BATCH: msg("as the AWS Batch job's container environment"),
            LAMBDA: msg("in the Lambda payload's environment object")}


@dataclass(frozen=True)
class StateMachine:
    """One state machine to emit.

    ``root``: the job id the machine runs as a whole (workflow root, nested
    jobnet or, for a join gate, the successor). ``kind``: ``workflow``,
    ``child`` (nested jobnet) or ``join_gate``. ``substitutions``:
    ``(placeholder, Fn::Sub template)`` pairs, sorted. ``parameters``:
    template parameters, sorted by name. ``permissions``: IAM allows of the
    machine's execution role, sorted. ``unrealized``: edges inside the
    workflow its definition does not carry (a ``con`` arrow from a unit that
    is not a judgment job, a cycle's back edges); the plan marks them manual.
    """

    name: str
    definition: dict[str, Any]
    jobs: tuple[str, ...]
    root: str = ""
    kind: str = "workflow"
    substitutions: tuple[tuple[str, str], ...] = ()
    parameters: tuple[TemplateParameter, ...] = ()
    permissions: tuple[Permission, ...] = ()
    findings: tuple[Finding, ...] = ()
    # (predecessor, successor) edges of the workflow that the definition does not carry
    unrealized: tuple[tuple[str, str], ...] = ()

    @property
    def path(self) -> str:
        return f"statemachines/{self.name}.asl.json"

    def definition_json(self) -> str:
        """The ASL file's text: deterministic, indented, final newline."""
        return json.dumps(self.definition, indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "path": self.path, "jobs": list(self.jobs)}


# -- names ----------------------------------------------------------------
def machine_name(text: str, unique_key: str, force_hash: bool = False,
                 fallback: str = "job") -> str:
    """A state machine name from ``text``: ``[0-9A-Za-z_-]``, ≤80, hash-suffixed if needed.

    A ``text`` with no usable character (e.g. all Japanese) becomes
    ``<fallback>-<hash of unique_key>``.
    """
    base = _long_name_start(text) or _NAME_CHARS.sub("-", text).strip("-")
    if not base:
        base, force_hash = fallback, True
    if force_hash or len(base) > NAME_MAX:
        digest = hashlib.sha1(unique_key.encode("utf-8")).hexdigest()[:8]
        base = f"{base[:NAME_MAX - 9]}-{digest}"
    return base


def _long_name_start(text: str) -> str:
    """For a ``text`` whose name surely exceeds :data:`NAME_MAX` (a unit path thousands of
    jobnets deep), the start of that name worked out from the start of ``text`` only
    (runs are replaced left to right; a kept character after the limit means the final
    strip cannot shorten it below); else ``""``. Only the start of such a name is used."""
    if len(text) <= 4 * NAME_MAX:
        return ""
    start = _NAME_CHARS.sub("-", text[:4 * NAME_MAX]).lstrip("-")
    return start[:NAME_MAX + 1] if start.rstrip("-")[NAME_MAX:] else ""


def machine_names(graph: JobGraph) -> dict[str, str]:
    """Job id → machine name for every workflow root and nested jobnet; unique."""
    wanted: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for job in graph.jobs():
        kinds[job.id] = job.kind
        if job.parent is None:
            wanted[job.id] = aws_base(job)  # a crontab job's name is its file's + its own
        elif job.kind == "jobnet":
            root = graph.job(graph.root_of(job.id)).name
            # JP1 names are already unit paths ("grp/net/sub"): do not repeat the root
            wanted[job.id] = job.name if job.name.startswith(root + "/") else \
                f"{root}-{_path_below_root(graph, job)}"
    # a name that loses characters (grp/net/日次 → grp-net) carries its id's hash from the start
    plain = {job_id: machine_name(text, job_id, not text.isascii(), kinds[job_id])
             for job_id, text in wanted.items()}
    counts: dict[str, int] = {}
    for name in plain.values():
        counts[name.lower()] = counts.get(name.lower(), 0) + 1
    # a name two workflows would share gets its hash suffix (the others stay as they are)
    return {job_id: machine_name(wanted[job_id], job_id, True, kinds[job_id])
            if counts[name.lower()] > 1 else name for job_id, name in sorted(plain.items())}


def _path_below_root(graph: JobGraph, job: Job) -> str:
    names = []
    while job.parent is not None and job.parent in graph:
        names.append(job.name)
        job = graph.job(job.parent)
    return "-".join(reversed(names))


# -- entry point ------------------------------------------------------------
def build_state_machines(graph: JobGraph, schedule_mappings: Mapping[str, ScheduleMapping],
                         options: MapOptions, profile: Profile | None = None) -> list[StateMachine]:
    """All state machines for ``graph``, sorted by name.

    ``schedule_mappings`` (job id → mapping) tells which workflows are
    calendar-gated. Blocking edges (``Dependency.wait``) become nested
    executions inside the predecessor's machine.
    """
    run = machine_run(graph, schedule_mappings, options, profile)
    return finish_machines(build_machines(run, list(run.names)), schedule_mappings)


@dataclass(frozen=True)
class MachineRun:
    """What every machine of one run is built from (read only): see :func:`machine_run`."""

    graph: JobGraph
    names: dict[str, str]  # job id → machine name, in the order the machines are built
    profile: Profile
    options: MapOptions
    schedule_mappings: Mapping[str, ScheduleMapping]
    waiters: frozenset[str]
    day_roots: frozenset[str]
    polled: dict[str, list[Dependency]]


def machine_run(graph: JobGraph, schedule_mappings: Mapping[str, ScheduleMapping],
                options: MapOptions, profile: Profile | None = None) -> MachineRun:
    """The shared part of :func:`build_state_machines`, worked out once for the run."""
    if options.guard not in GUARD_MODES:
        raise ValueError(f"guard must be one of {GUARD_MODES}, not {options.guard!r}")
    # jobs that start a successor and wait for it (few, if any): the rest skip the lookup
    waiters = frozenset(d.predecessor for d in graph.dependencies() if d.wait)
    polled: dict[str, list[Dependency]] = {}  # unit inside a jobnet → its eun waits (JM446)
    for edge in graph.dependencies():
        if eun_poll.polls(graph, edge):
            polled.setdefault(edge.successor, []).append(edge)
    return MachineRun(graph, machine_names(graph), profile or Profile(), options,
                      schedule_mappings, waiters, _join_predecessors(graph), polled)


def build_machines(run: MachineRun, job_ids: list[str]) -> list[StateMachine]:
    """The machines of ``job_ids`` (keys of ``run.names``, in the order of ``run.names``),
    in that order.

    The builders share what they learn about placeholder units (within one call), and a
    machine asks about the units of its own top-level workflow only; so a call given
    whole top-level workflows (every machine whose root is under the same workflow root)
    builds them exactly as one call given every machine does: the pool builds parts of a
    large estate that way (:func:`jobmig.pipeline._workflows`).
    """
    machines = []
    reasons: dict[str, str | None] = {}  # placeholder reason by job id, shared by the builders
    stuck_below: dict[str, tuple[int, list[str]]] = {}  # see _MachineBuilder._stuck_below
    for job_id in job_ids:
        builder = _MachineBuilder(run.graph, run.names, run.profile, run.options,
                                  run.schedule_mappings, job_id, run.names[job_id], reasons,
                                  run.waiters)
        builder.business_day = job_id in run.day_roots
        builder.stuck_below = stuck_below
        builder.polled = run.polled
        machines.append(builder.build())
    return machines


def finish_machines(machines: list[StateMachine],
                    schedule_mappings: Mapping[str, ScheduleMapping]) -> list[StateMachine]:
    """The machines of a run sorted by name, with the run's JM562 (see
    :func:`_with_calendar_renewal`)."""
    machines.sort(key=lambda m: m.name)
    return _with_calendar_renewal(machines, schedule_mappings)


def _with_calendar_renewal(machines: list[StateMachine],
                           schedule_mappings: Mapping[str, ScheduleMapping]) -> list[StateMachine]:
    """JM562 once, on the first calendar-gated machine: the day the calendars run out."""
    gated = [i for i, m in enumerate(machines) if m.kind in ("workflow", "child")
             and calendars_of(m.root, schedule_mappings)]
    if not gated:
        return machines
    ends = [c.horizon[1] for i in gated for c in schedule_mappings[machines[i].root].calendars]
    if not ends:  # calendars named by the schedules but not built here
        return machines
    last = min(ends)
    finding = Finding("JM562", msg("the Change Calendars end on {isoformat}: from the next day "
                                   "on, calendar-gated runs fail (Jobmig.CalendarExpired) and "
                                   "send the failure notice; convert again with a later "
                                   "--horizon and update the calendars before {isoformat}",
                                   isoformat=last.isoformat()))
    first = machines[gated[0]]
    machines[gated[0]] = replace(first, findings=first.findings + (finding,))
    return machines


def _join_predecessors(graph: JobGraph) -> frozenset[str]:
    """Roots of the workflows a join gate compares by business day (every predecessor of a
    successor with an AND-join edge; see :mod:`jobmig.mappings.join_gate`)."""
    edges = graph.dependencies()
    joined = {d.successor for d in edges if str(d.parameters.get("join", "")).lower() == "and"}
    if not joined:
        return frozenset()
    return frozenset(graph.root_of(d.predecessor) for d in edges if d.successor in joined)


def calendars_of(job_id: str, schedule_mappings: Mapping[str, ScheduleMapping]) -> list[str]:
    """Change Calendar names named by the job's schedules (each piece of a split one),
    sorted, unique."""
    mapping = schedule_mappings.get(job_id)
    if mapping is None:
        return []
    return sorted({name for s in mapping.schedules for name in calendar_names(s.calendar)})


def names_several_calendars(job_id: str, schedule_mappings: Mapping[str, ScheduleMapping]) -> bool:
    """Whether a schedule of the job names several calendars (the pieces of a split one)."""
    mapping = schedule_mappings.get(job_id)
    return mapping is not None and any(len(calendar_names(s.calendar)) > 1
                                       for s in mapping.schedules)


def base_minutes(graph: JobGraph, job_id: str) -> int:
    """When the business day of ``job_id``'s workflow starts, in minutes after local
    midnight: JP1's base time (``stt`` of the job group holding its root jobnet, carried in
    the root's schedule context), 0 for other formats and without one."""
    from jobmig.parsers.jp1.rules import calendar_from_context

    root = graph.job(graph.root_of(job_id))
    bases = {calendar_from_context(s.context).base_time
             for s in root.schedules if s.flavor == "jp1"}
    return max(bases, default=0)  # one job group holds the jobnet: one base time


class _MachineBuilder:
    """Builds one machine; holds the context shared by its states."""

    def __init__(self, graph: JobGraph, names: dict[str, str], profile: Profile,
                 options: MapOptions, schedule_mappings: Mapping[str, ScheduleMapping],
                 root_id: str, name: str, reasons: dict[str, str | None],
                 waiters: frozenset[str]) -> None:
        self.graph, self.names, self.profile, self.options = graph, names, profile, options
        self.reasons = reasons  # shared by all builders of a run (see build_state_machines)
        self.waiters = waiters
        self.root = graph.job(root_id)
        self.schedule_mappings = schedule_mappings
        self.calendars = calendars_of(root_id, schedule_mappings)
        self.ctx = BuildContext(name, outline=not options.definitions)
        self.con: dict[str, set[str]] = {}  # judgment job → its con-linked units
        self.unrealized: set[tuple[str, str]] = set()
        self.edges: list[Dependency] = []
        self.edges_from: dict[str, list[Dependency]] = {}  # self.edges by predecessor
        # a jobnet's ordering graph, set by _body: each unit run in order → its predecessors
        self.main: dict[str, set[str]] = {}
        self.recovery: set[str] = set()
        #: Settle $.business_day too (a join gate compares it; set by build_state_machines).
        self.business_day = False
        #: Placeholder units inside nested jobnets (see _stuck_below), shared by the builders.
        self.stuck_below: dict[str, tuple[int, list[str]]] = {}
        #: OR jobs that merge the branches of one judgment (mappings.or_join) → state name
        self.merges: dict[str, str] = {}
        self.or_problems: dict[str, str] = {}  # OR job → why it is not a merge point
        #: Units inside a jobnet → their eun waits (set by build_state_machines; JM446).
        self.polled: dict[str, list[Dependency]] = {}
        #: A unit right after a Parallel block → the unit ending each of its branches, in
        #: branch order (set by _sequence before the unit is built; see _branch_ends).
        self.join_ends: dict[str, list[str]] = {}
        #: Units that got their preceding units' codes from that Parallel (kind "join") →
        #: the Parallel's ResultSelector (set by _runtime, read by _sequence).
        self.joined: dict[str, dict[str, str]] = {}
        #: The unit whose abnormal end starts the recovery units being built (set by
        #: _recovery), and the units whose end check keeps their result for them.
        self.failing: str | None = None
        self.keep_results: set[str] = set()

    # -- assembly -------------------------------------------------------------
    def build(self) -> StateMachine:
        ctx, root = self.ctx, self.root
        body_start, body = self._body()
        states: dict[str, dict[str, Any]] = dict(body)
        start = body_start
        if not ctx.outline:
            if self._guarded():
                start = prologue.duplicate_run_guard(ctx, root.name, start, states)
            if self.calendars:
                start = prologue.calendar_gate(ctx, self.calendars, start, states,
                                               self._calendar_expiry(), names_several_calendars(
                                                   root.id, self.schedule_mappings))
            start = prologue.business_date(ctx, start, states, self.options.timezone,
                                           self.options.horizon, self.business_day,
                                           self._base_minutes() if self.business_day else 0)
        if self.calendars:  # an audit (outline) reports it too
            self._finding("JM560", root.id, msg("{name}: a run on a day {calendars} is CLOSED "
                                                "ends skipped; it starts no successor and sends "
                                                "no failure notice",
                                                name=root.name, calendars=', '.join(self.calendars)))
        kind = "workflow" if root.parent is None else "child"
        definition = {} if ctx.outline else {  # an audit: names and findings only, not the ASL
            # the file, not the line: a line number would change the deployed machine
            # whenever a line is added above it
            "Comment": f"jobmig: {root.kind} {root.name} ({root.source.path})",
            "StartAt": start,
            "States": {key: states[key] for key in sorted(states)},
            "TimeoutSeconds": self._timeout_seconds(),
        }
        # nested jobnets are listed by their own (child) machine
        jobs = [root.id] + [m.id for m in self.graph.members(root.id) if m.kind != "jobnet"]
        self._report_placeholders()
        return StateMachine(
            name=ctx.machine, definition=definition, jobs=tuple(jobs), root=root.id, kind=kind,
            substitutions=tuple(sorted(ctx.substitutions.items())),
            parameters=tuple(sorted(ctx.parameters.values())),
            permissions=tuple(sorted(ctx.permissions)),
            findings=tuple(ctx.findings),
            unrealized=tuple(sorted(self.unrealized)),
        )

    def _base_minutes(self) -> int:
        """When this machine's business day starts, in minutes after local midnight
        (:func:`base_minutes`). A base time the business-day states cannot fold into the
        zone's offset is left out with JM565."""
        from jobmig.mappings.asl_dates import base_time_fits

        base = base_minutes(self.graph, self.root.id)
        if base and not base_time_fits(self.options.timezone, self.options.horizon
                                       or prologue.DEFAULT_HORIZON, base):
            self._finding("JM565", self.root.id, msg("{name}: the business day starts at "
                                                     "{value:02d}:{value2:02d} (stt), more than "
                                                     "a day from UTC midnight in {timezone}; "
                                                     "$.business_day (AJSEXDATE, join gates) is "
                                                     "the local date of the scheduled time "
                                                     "instead",
                                                     name=self.root.name,
                                                     value=base // 60,
                                                     value2=base % 60,
                                                     timezone=self.options.timezone))
            return 0
        return base

    def _fitting(self, base: int) -> int:
        """``base`` where the business-day states can shift by it, else 0 (JM565 is on the
        jobnet whose own base time it is)."""
        from jobmig.mappings.asl_dates import base_time_fits

        horizon = self.options.horizon or prologue.DEFAULT_HORIZON
        return base if base_time_fits(self.options.timezone, horizon, base) else 0

    def _calendar_expiry(self) -> str | None:
        """The UTC timestamp where the first of this machine's calendars runs out: local
        midnight after its horizon's last day, in the calendar's zone."""
        mapping = self.schedule_mappings.get(self.root.id)
        ends = []
        for calendar in mapping.calendars if mapping is not None else ():
            if calendar.name in self.calendars:
                local = datetime.combine(calendar.horizon[1] + timedelta(days=1), time(0),
                                         ZoneInfo(calendar.timezone or "UTC"))
                ends.append(local.astimezone(timezone.utc))
        return min(ends).strftime("%Y-%m-%dT%H:%M:%SZ") if ends else None

    def _timeout_seconds(self) -> int:
        """How long an execution may run before it ends TIMED_OUT (and the failure notice fires).

        The root's own limit where the legacy scheduler had one (JP1 ``etm``, a Jenkins
        build timeout) plus :data:`TIMEOUT_SLACK`; otherwise the sum of its jobs' limits (each job's own, else the
        task's execution timeout), and at least a day: a run that hangs ends loudly
        instead of blocking the next day's run behind the duplicate-run guard.
        """
        if self.root.timeout_seconds:  # the job's own limit, and time to start and poll it
            return int(self.root.timeout_seconds) + TIMEOUT_SLACK
        total = 0
        pending = [self.root] if self.root.kind != "jobnet" else list(self.graph.members(self.root.id))
        while pending:
            member = pending.pop()
            if member.kind == "jobnet":
                pending.extend(self.graph.members(member.id))
                continue
            spec = self.profile.task_for(member)
            default = spec.get("execution_timeout_seconds") if spec.kind == "ssm" else None
            total += int(member.timeout_seconds or default or MACHINE_TIMEOUT_MIN)
        return max(MACHINE_TIMEOUT_MIN, total)

    def _report_placeholders(self) -> None:
        """JM525 on a jobnet whose machine (or a nested one) holds placeholder states."""
        if self.root.kind != "jobnet":
            return
        count, first = self._stuck_below(self.root.id)  # this machine and below
        if count:
            shown = ", ".join(first) + (msg(" and {count} more", count=count - 10)
                                        if count > 10 else "")
            self._finding("JM525", self.root.id, msg("{name} holds {count} unit(s) that could "
                                                     "not be converted ({shown}); a run fails "
                                                     "when it reaches them",
                                                     name=self.root.name, count=count, shown=shown))

    def _guarded(self) -> bool:
        mode = self.options.guard
        return self.root.parent is None and (mode == "on" or (mode == "auto" and not self.root.concurrent))

    # -- body ---------------------------------------------------------------
    def _body(self) -> tuple[str, dict[str, dict[str, Any]]]:
        if self.root.kind != "jobnet":
            return self._leaf(self.root, None)
        # the units of a start condition (.CONDITION) start the jobnet: they are not in its flow
        members = [m for m in self.graph.members(self.root.id)
                   if not start_conditions.is_condition_unit(m)]
        edges = self.graph.workflow_edges(self.root.id)
        self.edges = edges
        for edge in edges:
            self.edges_from.setdefault(edge.predecessor, []).append(edge)
        recovery = _recovery_set(members, edges)
        main = {m.id: set() for m in members if m.id not in recovery}  # unit → predecessors
        main_edges = []
        for edge in edges:
            if edge.condition in ORDERING and edge.predecessor in main and edge.successor in main:
                main[edge.successor].add(edge.predecessor)
                main_edges.append((edge.predecessor, edge.successor))
            if edge.condition is Condition.JUDGMENT:
                if judgment.is_judgment(self.graph.job(edge.predecessor)):
                    self.con.setdefault(edge.predecessor, set()).add(edge.successor)
                else:
                    self.unrealized.add((edge.predecessor, edge.successor))
                    self._finding("JM511", edge.successor, msg("the con arrow {predecessor} → "
                                                               "{successor} starts at a unit that is "
                                                               "not a judgment job; it was not converted",
                                                               predecessor=self._n(edge.predecessor),
                                                               successor=self._n(edge.successor)))
        self.main = main
        self.recovery = recovery
        try:
            parts = decompose_edges(main, main_edges)
        except ValueError:
            self._finding("JM513", self.root.id, msg("the jobnet's links form a cycle; units run "
                                                     "one after another in id order"))
            nodes = sorted(main)
            self.unrealized.update((a, b) for a, b in main_edges if a > b)
            block: Block | None = Seq(tuple(Leaf(n) for n in nodes)) if len(nodes) > 1 else Leaf(nodes[0])
        else:
            block = parts.block
            if parts.added_waits:
                self._report_waits(parts.added_waits)
        if block is None:  # no units, or only recovery units
            name = self.ctx.name(f"{self.ctx.label(self.root)}: no units")
            return name, {name: {"Type": "Succeed", "Comment": "the jobnet has no units to run"}}
        return self._compose(block, None)

    def _report_waits(self, waits: list[tuple[str, str]]) -> None:
        by_waiter: dict[str, list[str]] = {}
        for before, waiter in waits:
            by_waiter.setdefault(waiter, []).append(self._n(before))
        text = "; ".join(f"{self._n(w)} also waits for {', '.join(sorted(b))}"
                         for w, b in sorted(by_waiter.items()))
        self._finding("JM510", self.root.id,
                      msg("the links of {name} are not series-parallel; level barriers add "
                          "waits: {text}",
                          name=self.root.name, text=text))

    def _compose(self, block: Block, next_state: str | None,
                 carried: str | None = None) -> tuple[str, dict[str, dict[str, Any]]]:
        """The states of ``block``. ``carried``: the unit whose states run right before
        the block (their results are in its input), if one does."""
        if isinstance(block, Leaf):
            return self._leaf(self.graph.job(block.node), next_state, carried)
        if isinstance(block, Seq):
            return self._sequence(block, next_state, carried)
        labels = [self.ctx.label(self.graph.job(n)) for n in _first_nodes(block)]
        name = self.ctx.name(f"Parallel: {', '.join(labels)}")
        branches = []
        for part in block.parts:  # a branch's input is the Parallel state's input
            start, branch_states = self._compose(part, None, carried)
            branches.append({"StartAt": start,
                             "States": {k: branch_states[k] for k in sorted(branch_states)}})
        state = {"Type": "Parallel", "Branches": branches, "ResultPath": None}
        return name, {name: chain(state, next_state)}

    def _sequence(self, block: Seq, next_state: str | None,
                  carried: str | None = None) -> tuple[str, dict[str, dict[str, Any]]]:
        """Parts one after another (built backwards); judgment jobs become Choice states."""
        states: dict[str, dict[str, Any]] = {}
        starts: list[str | None] = [None] * len(block.parts) + [next_state]
        branchings = {index: self._judgment_branches(block.parts, index)
                      for index in range(1, len(block.parts) - 1)
                      if isinstance(block.parts[index], Par)}
        for index, branches in branchings.items():
            if branches:  # the OR job after them is their merge point, decided before it is built
                self.merges[block.parts[index + 1].node] = ""  # type: ignore[union-attr]
        for index in reversed(range(len(block.parts))):
            part = block.parts[index]
            if branchings.get(index):
                start, part_states = self._branches(branchings[index], block.parts[index + 1],
                                                    starts[index + 1])
            elif isinstance(part, Leaf) and self._expressible_judgment(block.parts, index):
                start, part_states = self._judgment(self.graph.job(part.node), starts[index + 1],
                                                    starts[index + 2] if index + 2 < len(starts) else None)
            else:
                before = block.parts[index - 1] if index else None
                if isinstance(part, Leaf) and isinstance(before, Par) \
                        and not branchings.get(index - 1):
                    ends = _branch_ends(before)
                    if ends is not None:
                        self.join_ends[part.node] = ends
                start, part_states = self._compose(
                    part, starts[index + 1],
                    before.node if isinstance(before, Leaf) else carried if index == 0 else None)
                after = block.parts[index + 1] if index + 1 < len(block.parts) else None
                selector = self.joined.get(after.node) if isinstance(part, Par) \
                    and isinstance(after, Leaf) else None
                if selector is not None:  # keep the branches' codes for the unit after
                    part_states[start] = {**part_states[start], "ResultSelector": selector,
                                          "ResultPath": jp1_runtime.JOIN_RESULT}
            starts[index] = start
            states.update(part_states)
        assert starts[0] is not None
        return starts[0], states

    def _expressible_judgment(self, parts: tuple[Block, ...], index: int) -> bool:
        """A judgment job right after its one SSM predecessor, right before its con units."""
        node = parts[index].node  # type: ignore[union-attr]
        job = self.graph.job(node)
        if not judgment.is_judgment(job) or judgment.condition(job) is None:
            return False
        if index == 0 or index + 1 >= len(parts) or not isinstance(parts[index - 1], Leaf):
            return False
        predecessor = parts[index - 1].node  # type: ignore[union-attr]
        if self.main.get(node) != {predecessor}:
            return False
        spec = self.profile.task_for(self.graph.job(predecessor))
        if not needs_wrapper(spec) or self._wrapped(self.graph.job(predecessor)):
            return False  # only the bare SSM loop leaves the return code at $.inv
        nodes = _nodes(parts[index + 1])
        con = self.con.get(node, set())
        sources = {n for n in nodes if not self.main.get(n, set()) & nodes}
        return bool(con) and sources == con

    def _judgment_branches(self, parts: tuple[Block, ...], index: int) -> list[tuple[Job, Block]]:
        """``[(judgment job, the block it guards)]`` when ``parts[index]`` is an if/else of
        judgments on the return code of ``parts[index - 1]`` closed by the OR job
        ``parts[index + 1]`` (:mod:`jobmig.mappings.or_join`); ``[]`` otherwise."""
        before, after = parts[index - 1], parts[index + 1]
        if not isinstance(before, Leaf) or not isinstance(after, Leaf):
            return []
        merge = self.graph.job(after.node)
        if not or_join.is_or_job(merge):
            return []
        problem, branches = self._branch_problem(parts[index], before.node)
        if problem is None:
            rules = [judgment.condition(job) for job, _ in branches]
            problem = or_join.branch_problem(rules)  # type: ignore[arg-type]
        if problem is not None:
            self.or_problems[merge.id] = problem
            return []
        return branches

    def _branch_problem(self, block: Block, predecessor: str) -> tuple[str | None, list[tuple[Job, Block]]]:
        predecessor_job = self.graph.job(predecessor)
        spec = self.profile.task_for(predecessor_job)
        if not needs_wrapper(spec) or self._wrapped(predecessor_job):
            return (msg("the return code of {name} is not at hand for a Choice (it does not run "
                        "as a bare SSM command)",
                        name=predecessor_job.name)), []
        branches = []
        for part in block.parts:  # type: ignore[union-attr]
            first = part.parts[0] if isinstance(part, Seq) else part
            rest = part.parts[1:] if isinstance(part, Seq) else ()
            if not isinstance(first, Leaf) or not rest:
                return msg("a branch before it does not start with a judgment job"), []
            job = self.graph.job(first.node)
            if not judgment.is_judgment(job) or judgment.condition(job) is None:
                return f"{job.name} is not a return-code judgment job", []
            if self.main.get(job.id) != {predecessor}:
                return f"{job.name} does not follow {predecessor_job.name} alone", []
            guarded = rest[0] if len(rest) == 1 else Seq(tuple(rest))
            nodes = _nodes(guarded)
            if {n for n in nodes if not self.main.get(n, set()) & nodes} != self.con.get(job.id, set()):
                return msg("the units after {name} are not all linked to it by con arrows",
                           name=job.name), []
            branches.append((job, guarded))
        return None, branches

    def _branches(self, branches: list[tuple[Job, Block]], merge_block: Block,
                  merge_state: str | None) -> tuple[str, dict[str, dict[str, Any]]]:
        """One Choice over exclusive judgments, each rule leading into its branch, every
        branch going on to the OR job's merge state."""
        assert merge_state is not None
        merge = self.graph.job(merge_block.node)  # type: ignore[union-attr]
        predecessor = self.graph.job(next(iter(self.main[branches[0][0].id])))
        code = judgment.return_code_path(self.profile.task_for(predecessor).kind)
        states: dict[str, dict[str, Any]] = {}
        choices = []
        for job, guarded in branches:
            start, branch_states = self._compose(guarded, merge_state)
            states.update(branch_states)
            choices.append({**judgment.condition(job, code), "Next": start})  # type: ignore[dict-item]
            units = ", ".join(sorted(self._n(n) for n in self.con.get(job.id, ())))
            self._finding("JM522", job.id, msg("{name} ({job}) decides whether {units} run; its "
                                               "test and the other branches' of {name2} exclude "
                                               "each other, so exactly one branch runs",
                                               name=job.name,
                                               job=judgment.describe(job),
                                               units=units,
                                               name2=merge.name))
        labels = ", ".join(judgment.describe(job) for job, _ in branches)
        name = self.ctx.name(f"{self.ctx.label(predecessor)}: {labels}?"[:80])
        states[name] = {"Type": "Choice", "Comment": f"judgment jobs before OR job {merge.id}",
                        "Choices": choices, "Default": merge_state}
        self._finding("JM430", merge.id, msg(
            "OR job {name} merges the branches of {branches}: exactly one of them runs for any "
            "return code", name=merge.name, branches=joined("; ", (msg(
                "{name} ({test})", name=job.name, test=judgment.describe(job))
                for job, _ in branches))))
        return name, states

    def _or_job(self, job: Job, next_state: str | None) -> tuple[str, dict[str, dict[str, Any]]]:
        """An OR job: the meeting point of exclusive branches, else a placeholder (JM431)."""
        if job.id in self.merges:
            name = self.ctx.name(f"{self.ctx.label(job)}: branches meet (OR job)")
            self.merges[job.id] = name
            return name, {name: chain({"Type": "Pass", "Comment": f"OR job {job.id}"}, next_state)}
        preds = sorted(self._n(p) for p in self.main.get(job.id, set()))
        why = self.or_problems.get(job.id) or msg(
            "its predecessors ({preds}) are not the branches of judgment jobs on one return code",
            preds=', '.join(preds) or 'none')
        reason = msg("an OR job whose predecessors may run together: {why}", why=why)
        self._finding("JM431", job.id, msg("OR job {name}: {why}; Step Functions has no "
                                           "first-branch-wins join, so it is a placeholder that "
                                           "fails the run",
                                           name=job.name, why=why))
        self.reasons[job.id] = reason
        return placeholder.fail_state(self.ctx, job, reason, next_state)

    def _wrapped(self, job: Job) -> bool:
        return bool(retriers(job.retry)) or any(
            e.predecessor == job.id and e.condition in (Condition.FAILURE, *CONTINUE_ON_FAILURE)
            for e in self.edges)

    def _judgment(self, job: Job, run: str | None, skip: str | None) -> tuple[str, dict[str, dict[str, Any]]]:
        label = self.ctx.label(job)
        name = self.ctx.name(f"{label}: {judgment.describe(job)}?")
        states: dict[str, dict[str, Any]] = {}
        if skip is None:
            skip = self.ctx.name(f"{label}: condition not met")
            states[skip] = {"Type": "Succeed"}
        assert run is not None
        predecessor = self.graph.job(next(iter(self.main[job.id])))
        code = judgment.return_code_path(self.profile.task_for(predecessor).kind)
        states[name] = {"Type": "Choice", "Comment": f"judgment job {job.id}",
                        "Choices": [{**judgment.condition(job, code), "Next": run}],
                        "Default": skip}
        units = ", ".join(sorted(self._n(n) for n in self.con.get(job.id, ())))
        self._finding("JM522", job.id, msg("{name} ({job}) decides whether {units} run; when it "
                                           "does not hold, the block of units that starts with "
                                           "them is skipped",
                                           name=job.name, job=judgment.describe(job), units=units))
        return name, states

    def _leaf(self, job: Job, next_state: str | None,
              carried: str | None = None) -> tuple[str, dict[str, dict[str, Any]]]:
        """The states of one unit, after the polling loop of its eun waits if it has any
        (:mod:`jobmig.mappings.eun_poll`)."""
        start, states = self._unit(job, next_state, carried)
        edges = self.polled.get(job.id) if job.id != self.root.id else None
        if not edges:
            return start, states
        # in the order the eun parameters are written (the finding points at the first)
        edges = sorted(edges, key=lambda e: (e.source.line or 0, e.source.column or 0)
                       if e.source is not None else (0, 0))
        machines = eun_poll.waited_machines(self.graph, edges, self.names)
        if not machines:
            return start, states
        any_of = str(edges[0].parameters.get("join", "")).lower() == "or"
        self.business_day = True  # the loop compares $.business_day (set by the prologue)
        machine_roots = {name: job_id for job_id, name in self.names.items()}
        bases = {m: self._fitting(base_minutes(self.graph, machine_roots[m]))
                 for m in machines if m in machine_roots}
        first = eun_poll.wait_states(self.ctx, self.ctx.label(job), machines, any_of,
                                     self.options.timezone,
                                     self.options.horizon or prologue.DEFAULT_HORIZON,
                                     start, states, bases)
        names = ", ".join(self._n(e.predecessor) for e in edges)
        how = ("any of" if any_of else "all of") if len(edges) > 1 else "the end of"
        self.ctx.findings.append(Finding(
            "JM446", msg("{name} waits for {how} {names}: its jobnet's state machine polls "
                         "{machines} for a SUCCEEDED run of this business day before it runs "
                         "(every {INTERVAL_SECONDS} s, at most {MAX_POLLS} times, then "
                         "{TIMEOUT_ERROR})",
                         name=job.name,
                         how=how,
                         names=names,
                         machines=', '.join(machines),
                         INTERVAL_SECONDS=eun_poll.INTERVAL_SECONDS,
                         MAX_POLLS=eun_poll.MAX_POLLS,
                         TIMEOUT_ERROR=eun_poll.TIMEOUT_ERROR), edges[0].source or job.source, job.id))
        return first, states

    def _unit(self, job: Job, next_state: str | None,
              carried: str | None = None) -> tuple[str, dict[str, dict[str, Any]]]:
        """The states of one unit: its task, nested starts of blocking edges, Retry/Catch.
        ``carried``: the unit whose states run right before this one's, if one does."""
        if judgment.is_judgment(job) or job.id in self.con:
            return self._unconverted_judgment(job, next_state)
        if or_join.is_or_job(job):
            return self._or_job(job, next_state)
        if cross_waits.is_connector(job):
            return cross_waits.connector_states(self.ctx, job, next_state)
        states: dict[str, dict[str, Any]] = {}
        after = next_state
        for edge in reversed(self._blocking(job)):
            child = self.names[edge.successor]
            after, nested = nested_execution(
                self.ctx, f"Start {child} and wait", child, after,
                f"blocking trigger {edge.predecessor} → {edge.successor}")
            states.update(nested)
        if job.kind == "jobnet":
            catch, catch_states = self._catchers(job, after)
            states.update(catch_states)
            start, own = nested_execution(self.ctx, f"{self.ctx.label(job)}", self.names[job.id],
                                          after, f"nested jobnet {job.id}")
            if catch:
                own[start]["Catch"] = catch
            states.update(own)
            return start, states
        spec = self.profile.task_for(job)
        runtime = self._runtime(job, spec, carried)
        job = self._with_jp1_environment(job, runtime)
        mail = cron_mail.mail_note(job, self.options.notify)
        if mail is not None:
            self._finding("JM563", job.id, mail)
        reason = self._placeholder_reason(job)
        if reason is not None:
            pattern = jp1_events.receiver_pattern(job, self.profile)
            hint = "" if pattern is None else (
                "; an EventBridge rule with the pattern "
                f"{json.dumps(pattern, ensure_ascii=False, sort_keys=True)} matches what a "
                "converted event sending job sends")
            self._finding("JM524", job.id, msg("{name}: {reason}; its state is a Fail "
                                               "placeholder, so a run fails instead of skipping "
                                               "the work{hint}",
                                               name=job.name, reason=reason, hint=hint))
            start, own = placeholder.fail_state(self.ctx, job, reason, after)
            states.update(own)
            return start, states
        wait_seconds = placeholder.interval_seconds(job)
        if wait_seconds is not None:
            start, own = placeholder.wait_state(self.ctx, job, wait_seconds, after)
            states.update(own)
            return start, states
        # after the placeholder and Wait cases: neither fails like a job, so neither has
        # recovery states (built, they would be unreachable)
        catch, catch_states = self._catchers(job, after)
        states.update(catch_states)
        retry = retriers(job.retry)
        own_states = True  # a unit type with states of its own, not a job task
        if jp1_events.handles(job):  # a JP1 sending unit: an AWS call instead of a command
            def build(after_: str | None) -> tuple[str, dict[str, dict[str, Any]]]:
                return jp1_events.unit_states(self.ctx, job, self.profile, after_)
        elif file_watch.handles(job):  # a JP1 file watch: a polling loop
            def build(after_: str | None) -> tuple[str, dict[str, dict[str, Any]]]:
                return file_watch.unit_states(self.ctx, job, self.profile, after_)
        elif event_wait.handles(job):  # a JP1 event wait: a task-token wait
            def build(after_: str | None) -> tuple[str, dict[str, dict[str, Any]]]:
                return event_wait.unit_states(self.ctx, job, self.profile, after_)
        else:
            own_states = False

            def build(after_: str | None) -> tuple[str, dict[str, dict[str, Any]]]:
                return job_states(self.ctx, job, spec, after_, runtime,
                                  job.id in self.keep_results)
        if (needs_wrapper(spec, runtime) or own_states) and (retry or catch):
            inner_start, inner = build(None)
            name = self.ctx.name(self.ctx.label(job))
            wrapper: dict[str, Any] = {
                "Type": "Parallel", "Comment": f"{job.id} with its retry/recovery",
                "Branches": [{"StartAt": inner_start, "States": {k: inner[k] for k in sorted(inner)}}],
                "ResultPath": None}
            if retry:
                wrapper["Retry"] = retry
            if catch:
                wrapper["Catch"] = catch
            states[name] = chain(wrapper, after)
            return name, states
        start, own = build(after)
        if catch:
            own[start]["Catch"] = catch
        states.update(own)
        return start, states

    def _with_jp1_environment(self, job: Job, runtime: jp1_runtime.Runtime | None) -> Job:
        """A JP1 job with the AJS variables JP1/AJS3 would set (in an outline, which builds
        no ASL to carry them, ``job`` itself); JM561 and JM564 for what is missing and set.

        ``runtime``: the run-time variables the job gets (jobmig's SSM document, the
        container's environment, the Lambda payload)."""
        if not jp1_env.is_jp1(job):
            return job
        spec_kind = self.profile.task_for(job).kind
        macros = jp1_env.macro_variables(job)
        given = runtime.variables if runtime is not None else ()
        missing = [name for name in jp1_env.run_time_variables(job) if name not in given]
        if macros or missing:
            named = ", ".join(macros + [f"${name}" for name in missing])
            message = (msg("{name}: the command uses {named}, which JP1 fills in at run time; "
                           "the converted command gets ",
                           name=job.name, named=named)
                       + (msg("the macro text as written") if macros else msg("them unset")))
            why = self._unset_reason(job, missing, runtime)
            if why:
                message += msg(" ({why})", why=why)
            # at the first macro's own place when the parser kept it, else at the unit
            where = jp1_env.macro_place(job)
            self.ctx.findings.append(Finding("JM561", message, where or job.source, job.id))
        if runtime is not None:
            preceding = runtime.preceding
            if preceding is not None and preceding.kind == "abnormal":
                names = ", ".join(self._n(n) for n in self._failed_before(job.id))
                pre = msg("; AJSPRE_ST=a: the recovery unit runs after {names} ended abnormally",
                          names=names)
                if preceding.parts:
                    pre += msg("; AJSPRE_RC: its return code, carried in the error that starts "
                               "the recovery (-1 when it was not started or was stopped, as "
                               "JP1 sets for a job that failed to start or was killed)")
            elif preceding is not None and preceding.kind == "join":
                names = ", ".join(self._n(n) for n in self.join_ends[job.id])
                pre = msg("; AJSPRE_ST and AJSPRE_RC: the worst end of {names} and the bitwise "
                          "OR of their return codes, computed by the script's first lines",
                          names=names)
            else:
                pre = ("" if preceding is None else
                       msg("; AJSPRE_ST=n, AJSPRE_RC=0: no preceding unit")
                       if preceding.kind == "none" else
                       msg("; AJSPRE_ST and AJSPRE_RC: the end of {unit}",
                           unit=self._n(next(iter(self.main[job.id])))))
            if jp1_runtime.EXECID in runtime.variables:
                pre += msg("; AJSEXECID: the name of the execution that runs it (the workflow "
                           "run's, the same for all its jobs, up to 80 characters where JP1's "
                           "job execution ID has 10)")
            through = (msg("through the stack's SSM document {document}", document=runtime.document)
                       if runtime.document is not None else CARRIERS[spec_kind])
            agent = (msg("; the managed node needs SSM Agent 3.3.2746.0 or later")
                     if runtime.document is not None else "")
            self._finding("JM564", job.id, msg("{name}: {variables} set at run time {through} "
                                               "(AJSEXDATE: the business date in "
                                               "{timezone}{pre}){agent}",
                                               name=job.name,
                                               variables=', '.join(runtime.variables),
                                               through=through,
                                               timezone=self.options.timezone,
                                               pre=pre,
                                               agent=agent))
            self.business_day = True  # the business date in the jobs' zone, for AJSEXDATE
        if self.ctx.outline:  # only a job's ASL reads its environment: an outline has none
            return job
        root = self.graph.job(self.graph.root_of(job.id))
        return copy_with(job, environment={**job.environment, **jp1_env.environment(job, root)})

    def _unset_reason(self, job: Job, missing: list[str],
                      runtime: jp1_runtime.Runtime | None) -> str:
        """Why run-time variables the job reads stay unset (JM561), empty if none do."""
        reasons = []
        converted = [name for name in missing if name in jp1_runtime.PARAMETERS]
        if converted and runtime is None:
            reasons.append(msg("jobmig passes {converted} only to a command job run through "
                               "{shell_document} or {powershell_document} (by running it through "
                               "a document of the stack's own), as an ECS task, an AWS Batch job "
                               "or a Lambda function", converted=", ".join(converted),
                               shell_document=windows.SHELL_DOCUMENT,
                               powershell_document=windows.POWERSHELL_DOCUMENT))
        elif converted:
            reasons.append(self._preceding_reason(job, runtime))
        if "AJSHOST" in missing:
            reasons.append(msg("AJSHOST: JP1 sets the name of the manager host that requested the "
                               "job; Step Functions requests it, which has no host name"))
        others = [name for name in missing
                  if name not in jp1_runtime.PARAMETERS and name != "AJSHOST"]
        if others:
            reasons.append(msg("{others}: no counterpart is set", others=', '.join(others)))
        return joined("; ", reasons)

    def _preceding_reason(self, job: Job, runtime: jp1_runtime.Runtime) -> str:
        """Why the end of the units before ``job`` is not at hand for AJSPRE_ST/AJSPRE_RC."""
        preds = self.main.get(job.id)
        if preds is None:
            failed = self._failed_before(job.id)
            if len(failed) > 1:
                return msg("a recovery unit after several units ({failed}): JP1 sets the "
                           "bitwise OR of their return codes, but the Catch of whichever ended "
                           "abnormally starts it, with that unit's error alone (AJSPRE_ST=a "
                           "is set)", failed=", ".join(self._n(n) for n in failed))
            if failed:
                return msg("a recovery unit: JP1 sets the return code of {failed}, which ended "
                           "abnormally; jobmig carries the code into the error that starts the "
                           "recovery only from the end check of an SSM command or an ECS task, "
                           "which {failed} is not (AJSPRE_ST=a is set)",
                           failed=self._n(failed[0]))
            return msg("the preceding unit's end is not at hand")
        if not preds:
            parent = self._n(job.parent) if job.parent in self.graph else "its jobnet"
            return msg("the first unit of the nested jobnet {parent}: JP1/AJS3 sets n and 0 "
                       "when there is no preceding job or jobnet (Command Reference, table "
                       "1-7) and does not say whether the unit before {parent} in its parent "
                       "jobnet counts; jobmig sets neither rather than guess", parent=parent)
        spec = self.profile.task_for(job)
        shell = (runtime.document is not None and not runtime.powershell) or (
            spec.kind in (ECS, BATCH) and _posix_shell(spec.get("shell")))
        if len(preds) > 1 and not shell:
            return msg("after several preceding units JP1 sets the most serious end status and "
                       "the bitwise OR of their return codes; ASL has no bitwise operation, and "
                       "only a shell script computes them: a job run through the stack's SSM "
                       "shell document, or in an ECS or AWS Batch container whose shell is "
                       "POSIX sh (a Lambda function would have to compute them itself)")
        blockers = [why for why in (self._end_not_at_hand(p) for p in sorted(preds)) if why]
        if blockers:
            return joined("; ", blockers)
        if len(preds) > 1:
            return msg("after several preceding units the codes are taken only from the "
                       "branches of the Parallel state right before the unit, each ending with "
                       "one of them")
        return msg("the preceding unit does not run right before it in the state machine")

    def _end_not_at_hand(self, job_id: str) -> str:
        """Why the end of unit ``job_id`` is not at hand for its successor ("" when it is)."""
        job, name = self.graph.job(job_id), self._n(job_id)
        if job.kind == "jobnet":
            return msg("{name} is a nested jobnet, whose end its child state machine does not "
                       "pass back", name=name)
        if judgment.is_judgment(job) or job.id in self.con:
            return msg("{name} is a judgment job: a Choice state, with no end or return code",
                       name=name)
        if or_join.is_or_job(job):
            return msg("{name} is an OR job: a Pass state where branches meet, with no return "
                       "code", name=name)
        if file_watch.handles(job) or event_wait.handles(job) or jp1_events.handles(job):
            return msg("{name} is an event unit (file watch, event wait or send): no return "
                       "code", name=name)
        if placeholder.interval_seconds(job) is not None or self._placeholder_reason(job):
            return msg("{name} is not converted as a job with a return code", name=name)
        kind = self.profile.task_for(job).kind
        if kind not in (SSM, ECS, BATCH):
            return msg("{name} runs as a Lambda function, which has no return code", name=name)
        if self._wrapped(job):
            return msg("{name} runs with retry or recovery inside a Parallel state, which drops "
                       "its result", name=name)
        return ""

    def _runtime(self, job: Job, spec: Any, carried: str | None) -> jp1_runtime.Runtime | None:
        """The JP1 run-time variables ``job`` gets through jobmig's SSM Command document:
        for a JP1 command job on SSM Run Command (the default documents) whose command
        reads AJSEXDATE, AJSPRE_ST or AJSPRE_RC; None otherwise."""
        if not jp1_env.is_jp1(job) or (spec.kind == SSM and spec.get("document")
                                        != windows.SHELL_DOCUMENT):
            return None
        if not set(jp1_env.run_time_variables(job)) & set(jp1_runtime.PARAMETERS):
            return None
        if jp1_events.handles(job) or file_watch.handles(job) \
                or placeholder.interval_seconds(job) is not None \
                or self._placeholder_reason(job) is not None:
            return None
        container = spec.kind in CARRIERS
        powershell = not container and windows.is_windows(job)
        if powershell and windows.script_problem(job) is not None:
            return None
        shell = spec.kind in (ECS, BATCH) and _posix_shell(spec.get("shell")) \
            if container else not powershell
        preceding = self._preceding(job, carried, shell=shell)
        if preceding is not None and preceding.kind == "join":
            self.joined[job.id] = jp1_runtime.join_selector(preceding)
        return jp1_runtime.runtime_for(jp1_env.run_time_variables(job), preceding,
                                       powershell, container)

    def _preceding(self, job: Job, carried: str | None,
                   shell: bool = False) -> jp1_runtime.Preceding | None:
        """What is known of the end of the unit before ``job`` (AJSPRE_ST/AJSPRE_RC): none
        for the first unit of a root jobnet; the result of the one bare SSM command job
        that runs right before it; for a shell job (``shell``: on SSM, or in an ECS or AWS
        Batch container whose shell is POSIX sh), the results of the
        bare units that end the branches of the Parallel right before it, when they are
        exactly its preceding units (a ``"join"``); None otherwise."""
        preceding = self.main.get(job.id)
        if preceding is None:  # a recovery unit, or a machine of one job
            failed = self._failed_before(job.id)
            if not failed:
                return None
            kind = self._fails_with_code(failed[0]) if failed == [self.failing] else None
            if kind is None:
                return jp1_runtime.Preceding("abnormal")
            self.keep_results.add(failed[0])
            return jp1_runtime.Preceding("abnormal", parts=(jp1_runtime.Preceding(kind),))
        if not preceding:
            top = self.root.parent is None and job.parent == self.root.id
            return jp1_runtime.Preceding("none") if top else None
        if len(preceding) > 1:
            ends = self.join_ends.get(job.id)
            if not shell or ends is None or set(ends) != preceding \
                    or len(ends) > jp1_runtime.JOIN_MAX:
                return None
            parts = [self._ended(end) for end in ends]
            if any(part is None for part in parts):
                return None
            return jp1_runtime.Preceding("join", parts=tuple(parts))  # type: ignore[arg-type]
        if carried is None or preceding != {carried}:
            return None
        return self._ended(carried)

    def _failed_before(self, job_id: str) -> list[str]:
        """The units whose abnormal end starts recovery unit ``job_id``, when nothing else
        leads to it (a unit after a recovery unit follows a normal end); sorted."""
        incoming = [e for e in self.edges if e.successor == job_id
                    and (e.condition is Condition.FAILURE or e.condition in ORDERING)]
        if not incoming or any(e.condition is not Condition.FAILURE for e in incoming):
            return []
        return sorted(e.predecessor for e in incoming)

    def _ended(self, job_id: str) -> jp1_runtime.Preceding | None:
        """The :class:`~jobmig.mappings.jp1_runtime.Preceding` of one bare unit whose end its
        successor knows (:meth:`_leaves_end`), with its warning threshold; else None."""
        kind = self._leaves_end(job_id)
        if kind is None:
            return None
        before = self.graph.job(job_id)
        return jp1_runtime.Preceding(kind, jp1_runtime.warning_threshold(
            before.attributes.get("end_judgment") or {}, abnormal_threshold(before)))

    def _fails_with_code(self, job_id: str) -> str | None:
        """``"ssm"`` or ``"ecs"`` for a unit that runs as an SSM command or ECS task whose
        end check (the command's status and code, the container's exit code) fails it,
        so that check can carry its return code to a recovery unit; None otherwise."""
        job = self.graph.job(job_id)
        if job.kind == "jobnet" or judgment.is_judgment(job) or job.id in self.con \
                or or_join.is_or_job(job) or jp1_events.handles(job) or file_watch.handles(job) \
                or event_wait.handles(job) or cross_waits.is_connector(job):
            return None
        if placeholder.interval_seconds(job) is not None or self._placeholder_reason(job):
            return None
        return {SSM: "ssm", ECS: "ecs"}.get(self.profile.task_for(job).kind)

    def _leaves_end(self, job_id: str) -> str | None:
        """The :class:`~jobmig.mappings.jp1_runtime.Preceding` kind of a unit whose end its
        successor knows: ``"ssm"`` (a bare SSM polling loop: its result at $.inv),
        ``"ecs"`` (a bare ECS task: its exit codes at $.task), ``"batch"`` (an AWS Batch
        job: the run goes on only when it exited with 0); None for any other unit, or one
        with a Parallel wrapper for retry or recovery (whose result it drops)."""
        job = self.graph.job(job_id)
        if job.kind == "jobnet" or judgment.is_judgment(job) or job.id in self.con \
                or or_join.is_or_job(job) or jp1_events.handles(job) or file_watch.handles(job) \
                or event_wait.handles(job):
            return None
        if placeholder.interval_seconds(job) is not None or self._placeholder_reason(job):
            return None
        kind = self.profile.task_for(job).kind
        if kind not in (SSM, ECS, BATCH) or self._wrapped(job):
            return None
        return {SSM: "ssm", ECS: "ecs", BATCH: "batch"}[kind]

    def _blocking(self, job: Job) -> list[Dependency]:
        if job.id not in self.waiters:
            return []
        return [d for d in self.graph.successors(job.id)
                if d.wait and d.successor in self.names
                and self.graph.root_of(d.successor) != self.graph.root_of(job.id)]

    def _catchers(self, job: Job, after: str | None) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
        """Catch clauses of ``job``: to its recovery units, or on to ``after``."""
        edges = self.edges_from.get(job.id)
        if not edges:
            return [], {}
        recovery_edges = [e for e in edges if e.predecessor == job.id and e.condition is Condition.FAILURE]
        if recovery_edges:
            return self._recovery(job, recovery_edges)
        continuing = [e for e in edges if e.predecessor == job.id and e.condition in CONTINUE_ON_FAILURE]
        if continuing:
            target = after
            states: dict[str, dict[str, Any]] = {}
            if target is None:
                target = self.ctx.name(f"{self.ctx.label(job)}: failed, continuing")
                states[target] = {"Type": "Succeed"}
            self._finding("JM520", job.id,
                          msg("{name}'s successors run after it ended either way ({join}); its "
                              "failure is caught and recorded in $.error",
                              name=job.name,
                              join=', '.join(sorted({e.condition.value for e in continuing}))))
            return [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": target}], states
        return [], {}

    def _recovery(self, job: Job, edges: list[Dependency]) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
        import networkx as nx  # only recovery units need it: a plain run does not import it

        units = sorted({e.successor for e in edges})
        reachable = set(units)
        for unit in units:
            reachable |= {d for d in self.graph.descendants(unit) if d in self.recovery}
        sub = nx.DiGraph()
        sub.add_nodes_from(reachable)
        sub.add_edges_from((e.predecessor, e.successor) for e in self.edges
                           if e.predecessor in reachable and e.successor in reachable
                           and e.condition in ORDERING)
        end = self.ctx.name(f"{self.ctx.label(job)}: failed after recovery")
        states: dict[str, dict[str, Any]] = {
            end: {"Type": "Fail", "Error": RECOVERED,
                  "Cause": f"{job.name} ended abnormally; its recovery units ran"}}
        parts = decompose(sub)
        assert parts.block is not None
        failing, self.failing = self.failing, job.id
        try:
            start, recovery_states = self._compose(parts.block, end)
        finally:
            self.failing = failing
        states.update(recovery_states)
        self._finding("JM512", job.id,
                      msg("{name} ended abnormally → recovery {join} (Catch); the execution then "
                          "ends failed and other parallel branches stop",
                          name=job.name, join=', '.join((self._n(u) for u in units))))
        return [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": start}], states

    def _unconverted_judgment(self, job: Job, next_state: str | None) -> tuple[str, dict[str, dict[str, Any]]]:
        """A judgment jobmig cannot express: a Fail placeholder, so nothing after it runs by
        accident (the units it guards would otherwise run whatever the judgment said)."""
        units = ", ".join(sorted(self._n(n) for n in self.con.get(job.id, ()))) or "none"
        reason = f"judgment {judgment.describe(job)} was not converted"
        self.reasons[job.id] = reason
        self._finding("JM511", job.id, msg("judgment {name} ({job}) was not converted; a run "
                                           "fails there (placeholder) instead of running its "
                                           "dependent units ({units})",
                                           name=job.name, job=judgment.describe(job), units=units))
        return placeholder.fail_state(self.ctx, job, reason, next_state)

    # -- helpers --------------------------------------------------------------
    def _stuck_below(self, jobnet_id: str) -> tuple[int, list[str]]:
        """How many placeholder units the nested jobnet ``jobnet_id`` holds at any depth,
        and the first ten of their names, sorted.

        Remembered for the run in ``self.stuck_below`` (shared by the builders): every
        enclosing machine asks for the same nested jobnets, and a deep nesting would
        otherwise be walked once per level. The builders run parents first (ids sort
        a jobnet before the jobnets inside it), so the units below are judged as the
        first enclosing machine judged them. Iterative: nesting may be thousands deep.
        """
        known = self.stuck_below
        if jobnet_id not in known:
            order, pending = [], [jobnet_id]
            while pending:
                current = pending.pop()
                members = self.graph.members(current)
                order.append((current, members))
                pending.extend(m.id for m in members if m.kind == "jobnet" and m.id not in known)
            for current, members in reversed(order):  # the innermost first
                count = 0
                first: list[str] = []
                for member in members:
                    if member.kind == "jobnet":
                        below, names = known[member.id]
                        count += below
                        first.extend(names)
                    elif start_conditions.is_condition_unit(member):
                        continue
                    elif self._placeholder_reason(member):
                        count += 1
                        first.append(member.name)
                known[current] = (count, sorted(first)[:10])
        return known[jobnet_id]

    def _placeholder_reason(self, job: Job) -> str | None:
        """:func:`placeholder.placeholder_reason`, once per job (nested jobnets ask again)."""
        if job.unit_type in _OWN_STATE_TYPES:  # the three checks below, for most units at once
            if or_join.is_or_job(job) and job.id in self.merges:
                return None
            if judgment.is_judgment(job):  # a Choice, unless _unconverted_judgment said why not
                return self.reasons.get(job.id)
            if cross_waits.is_connector(job):  # a Pass marker; its wait is an event rule
                return None
        reasons = self.reasons
        if job.id in reasons:
            return reasons[job.id]
        if jp1_events.handles(job):
            reason = jp1_events.problem(job)
        elif file_watch.handles(job):
            reason = file_watch.problem(job, self.profile)
        elif event_wait.handles(job):
            reason = event_wait.problem(job)
        else:
            reason = placeholder.placeholder_reason(job, self.profile.task_for(job))
        reasons[job.id] = reason
        return reason

    def _n(self, job_id: str) -> str:
        return self.graph.job(job_id).name

    def _finding(self, code: str, job_id: str, message: str) -> None:
        job = self.graph.job(job_id)
        self.ctx.findings.append(Finding(code, message, job.source, job_id))


def _recovery_set(members: list[Job], edges: list[Dependency]) -> set[str]:
    """Units that run only after an abnormal end: recovery units and what only they lead to."""
    recovery = {e.successor for e in edges if e.condition is Condition.FAILURE}
    if not recovery:  # nothing can join an empty set (most jobnets have no recovery units)
        return recovery
    incoming: dict[str, set[str]] = {}
    for edge in edges:
        incoming.setdefault(edge.successor, set()).add(edge.predecessor)
    changed = True
    while changed:
        changed = False
        for member in members:
            preds = incoming.get(member.id, set())
            if member.id not in recovery and preds and preds <= recovery:
                recovery.add(member.id)
                changed = True
    return recovery


def _posix_shell(shell: Any) -> bool:
    """Whether a container's ``shell`` (the profile's command prefix) runs POSIX sh."""
    return bool(shell) and str(shell[0]).rsplit("/", 1)[-1] in jp1_runtime.POSIX_SHELLS


def _branch_ends(block: Par) -> list[str] | None:
    """The unit each branch of ``block`` ends with, in branch order; None when a branch
    ends with a Parallel block (its end is not one unit)."""
    ends = []
    for part in block.parts:
        last = part.parts[-1] if isinstance(part, Seq) else part
        if not isinstance(last, Leaf):
            return None
        ends.append(last.node)
    return ends


def _nodes(block: Block) -> set[str]:
    if isinstance(block, Leaf):
        return {block.node}
    return set().union(*(_nodes(part) for part in block.parts))


def _first_nodes(block: Block) -> list[str]:
    """The first node of each branch of a Parallel block (for its name)."""
    out = []
    for part in block.parts:
        while not isinstance(part, Leaf):
            part = part.parts[0]
        out.append(part.node)
    return out


__all__ = ["StateMachine", "build_state_machines", "machine_name", "machine_names",
           "calendars_of", "BUSINESS_DATE"]
