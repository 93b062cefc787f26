"""Event-driven triggers of JP1 wait units: the EventBridge rules (and the relay machine) that
:mod:`jobmig.mappings.event_wait` and :mod:`jobmig.mappings.start_conditions` need.

* For every converted in-flow ``evwj``: one rule per waited event ID (the
  pattern a converted ``evsj``'s event matches) starting the relay machine
  :data:`~jobmig.mappings.event_wait.RELAY_NAME`, which resumes the waits
  (kind :data:`~jobmig.mappings.event_wait.RELAY_KIND`: the rule's target gets
  the whole event). The machine is emitted once, with the table of waits.
* For every converted start condition: one rule per wait job starting the
  jobnet's machine (kind :data:`~jobmig.mappings.start_conditions.START_KIND`:
  the target gets ``{"business_date": <event time>}``).
"""
from __future__ import annotations

from jobmig.graph import JobGraph
from jobmig.mappings import event_wait, start_conditions
from jobmig.mappings.asl_tasks import Permission
from jobmig.mappings.event_patterns import EventRule, RulesResult, _rule_name
from jobmig.mappings.profile import Profile
from jobmig.mappings.stepfunctions import StateMachine, machine_name

RELAY_TIMEOUT = 3600  # seconds: a query and one call per waiter


def add_triggers(graph: JobGraph, machines: list[StateMachine], profile: Profile,
                 result: RulesResult) -> None:
    """Add the relay machine, its rules and the start-condition rules to ``result``."""
    machine_of = {m.root: m.name for m in machines if m.kind in ("workflow", "child")}
    converted = {job_id for m in machines if m.kind in ("workflow", "child") for job_id in m.jobs}
    waits = event_wait.waits(graph, converted)
    if waits:
        taken = {m.name for m in machines} | {m.name for m in result.machines}
        relay = event_wait.RELAY_NAME if event_wait.RELAY_NAME not in taken else machine_name(
            event_wait.RELAY_NAME, "relay:" + event_wait.RELAY_NAME, force_hash=True)
        definition = {**event_wait.relay_definition(), "TimeoutSeconds": RELAY_TIMEOUT}
        result.machines.append(StateMachine(
            name=relay, definition=definition, jobs=(), root="", kind=event_wait.RELAY_KIND,
            permissions=tuple(sorted(Permission(a, r) for a, r in event_wait.RELAY_PERMISSIONS))))
        for event_id, pattern in event_wait.relay_patterns(waits, profile).items():
            _add(result, f"jobmig-jp1-event-{event_id}", pattern, relay, event_wait.RELAY_KIND)
    started = start_conditions.build(graph, profile, set(machine_of))
    result.findings.extend(started.findings)
    for index, rule in enumerate(started.rules):
        same = [r for r in started.rules[:index] if r.jobnet == rule.jobnet]
        target = machine_of[rule.jobnet]
        _add(result, f"{target}-start-{len(same) + 1}", rule.pattern, target,
             start_conditions.START_KIND)
    result.rules.sort(key=lambda r: r.name)
    result.machines.sort(key=lambda m: m.name)


def _add(result: RulesResult, label: str, pattern: dict, target: str, kind: str) -> None:
    name = _rule_name(label)
    if name in result.rule_names:
        name = _rule_name(f"{label}-{target}", force_hash=True)
    result.add_rule(EventRule(name, pattern, target, kind))
