"""Event-driven triggers of JP1 wait units: the EventBridge rules (and the relay machine) that
:mod:`jobmig.mappings.event_wait` and :mod:`jobmig.mappings.start_conditions` need.

* For every converted in-flow ``evwj``: one rule per match key (event ID and
  conditions: the pattern a converted ``evsj``'s event matches) starting the
  relay machine (:func:`~jobmig.mappings.event_wait.relay_name`), which resumes
  the waits (kind :data:`~jobmig.mappings.event_wait.RELAY_KIND`: the rule's
  target gets the match key and the event's detail,
  :func:`~jobmig.mappings.event_wait.relay_input`). The machine is emitted once,
  with the table of waits, whose name parameter gets its default on every
  machine that declares it.
* For every converted start condition: one rule per wait job starting the
  jobnet's machine (kind :data:`~jobmig.mappings.start_conditions.START_KIND`:
  the target gets ``{"business_date": <event time>}``). For ``cond=and`` over
  several waits each rule starts the wait's *arrival* machine
  (:data:`ARRIVAL_KIND`: it settles ``business_date`` and ``business_day`` from
  the event's time in the jobs' zone and succeeds with them), and the join
  gate of :mod:`jobmig.mappings.join_gate`, started by every arrival's
  SUCCEEDED event, starts the jobnet once each arrival machine has a
  SUCCEEDED run for that business day, under an execution name unique per
  day (so once per business day).
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from jobmig.graph import JobGraph
from jobmig.model import Condition, Dependency
from jobmig.options import MapOptions
from jobmig.mappings import asl_prologue, event_wait, start_conditions
from jobmig.mappings.asl_tasks import BuildContext, Permission, TemplateParameter
from jobmig.mappings.event_patterns import EventRule, RulesResult, _add_rules, rule_name
from jobmig.mappings.join_gate import build_join_gate
from jobmig.mappings.profile import Profile
from jobmig.mappings.stepfunctions import StateMachine, machine_name

RELAY_TIMEOUT = 3600  # seconds: a query and one call per waiter
ARRIVAL_KIND = "condition_arrival"
ARRIVAL_TIMEOUT = 300  # seconds: a few Pass and Choice states


def add_triggers(graph: JobGraph, machines: list[StateMachine], profile: Profile,
                 result: RulesResult, options: MapOptions | None = None,
                 conditions: start_conditions.Result | None = None) -> None:
    """Add the relay machine, its rules and the start-condition rules to ``result``.
    ``conditions``: the start conditions as the caller decided them (the pipeline decides
    once, before mapping schedules); built here when None."""
    # an audit builds machines in outline: the relay's fixed definition is left out
    outline = options is not None and not options.definitions
    machine_of = {m.root: m.name for m in machines if m.kind in ("workflow", "child")}
    converted = {job_id for m in machines if m.kind in ("workflow", "child") for job_id in m.jobs}
    waits = event_wait.waits(graph, converted)
    if waits:
        taken = {m.name for m in machines} | {m.name for m in result.machines}
        relay = event_wait.relay_name(waits)
        if relay in taken:
            relay = machine_name(relay, "relay:" + relay, force_hash=True)
        definition = {} if outline else {**event_wait.relay_definition(),
                                         "TimeoutSeconds": RELAY_TIMEOUT}
        table = event_wait.table_parameter(waits)
        _give_default(machines, table)
        result.machines.append(StateMachine(
            name=relay, definition=definition, jobs=(), root="", kind=event_wait.RELAY_KIND,
            substitutions=((table.name, "${" + table.name + "}"),), parameters=(table,),
            permissions=tuple(sorted(Permission(a, r) for a, r in event_wait.RELAY_PERMISSIONS))))
        for key, pattern in event_wait.relay_patterns(waits, profile).items():
            _add(result, f"jobmig-jp1-event-{key.replace('#', '-')}", pattern, relay,
                 event_wait.RELAY_KIND)
    started = conditions if conditions is not None else start_conditions.build(
        graph, profile, set(machine_of))
    result.findings.extend(started.findings)
    gated: dict[str, list[tuple[str, str]]] = {}  # jobnet → (arrival machine, wait id)
    taken = {m.name for m in machines} | {m.name for m in result.machines}
    for index, rule in enumerate(started.rules):
        same = [r for r in started.rules[:index] if r.jobnet == rule.jobnet]
        target = machine_of[rule.jobnet]
        if rule.gate:
            arrival = _arrival(graph, target, len(same) + 1, rule.wait, options, taken)
            result.machines.append(arrival)  # kept in an audit too (its limits are checked)
            gated.setdefault(rule.jobnet, []).append((arrival.name, rule.wait))
            target = arrival.name
        _add(result, f"{target}-start-{len(same) + 1}", rule.pattern, target,
             start_conditions.START_KIND)
    for jobnet, arrivals in sorted(gated.items()):
        target = machine_of[jobnet]
        sources = [(name, Dependency(wait, jobnet, Condition.SUCCESS)) for name, wait in arrivals]
        gate = build_join_gate(graph, target, jobnet, sources, taken)
        assert gate is not None  # success conditions only
        taken.add(gate.name)
        result.machines.append(gate)  # kept in an audit too, as build_rules's gates
        result.findings.extend(gate.findings)
        _add_rules(result, gate.name, sources, "join_gate", graph)
    result.rules.sort(key=lambda r: r.name)
    result.machines.sort(key=lambda m: m.name)


def _give_default(machines: list[StateMachine], table: TemplateParameter) -> None:
    """Every machine that declares the table parameter gets its default (in place), so the
    stacks (and waves) they end up in agree on the table's name."""
    for index, machine in enumerate(machines):
        if any(p.name == table.name for p in machine.parameters):
            machines[index] = replace(machine, parameters=tuple(
                table if p.name == table.name else p for p in machine.parameters))


def _arrival(graph: JobGraph, target: str, number: int, wait: str, options: MapOptions | None,
             taken: set[str]) -> StateMachine:
    """The machine that records one start-condition event: it succeeds with the business
    date (the event's time) and business day, which the join gate compares."""
    name = machine_name(f"{target}-arrival-{number}", f"arrival:{wait}")
    if name in taken:
        name = machine_name(f"{target}-arrival-{number}", f"arrival:{wait}", force_hash=True)
    taken.add(name)
    ctx = BuildContext(name)
    states: dict[str, dict[str, Any]] = {}
    arrived = ctx.name("Arrived")
    states[arrived] = {"Type": "Succeed", "Comment": f"start condition event of {wait}"}
    zone = options.timezone if options else "UTC"
    start = asl_prologue.business_date(ctx, arrived, states, zone,
                                       options.horizon if options else None, day=True)
    job = graph.job(wait)
    return StateMachine(
        name=name, definition={
            "Comment": f"jobmig: arrival of the start condition event of {job.name}",
            "StartAt": start, "States": {k: states[k] for k in sorted(states)},
            "TimeoutSeconds": ARRIVAL_TIMEOUT},
        jobs=(), root=wait, kind=ARRIVAL_KIND,
        substitutions=tuple(sorted(ctx.substitutions.items())),
        parameters=tuple(sorted(ctx.parameters.values())),
        permissions=tuple(sorted(ctx.permissions)))


def _add(result: RulesResult, label: str, pattern: dict, target: str, kind: str) -> None:
    name = rule_name(label)
    if name in result.rule_names:
        name = rule_name(f"{label}-{target}", force_hash=True)
    result.add_rule(EventRule(name, pattern, target, kind))
