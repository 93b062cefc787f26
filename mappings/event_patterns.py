"""Cross-workflow edges → EventBridge rules on Step Functions status events.

A successor in another workflow is started by a rule on the predecessor's
"Step Functions Execution Status Change" event::

    {"source": ["aws.states"],
     "detail-type": ["Step Functions Execution Status Change"],
     "detail": {"status": ["SUCCEEDED"],
                "stateMachineArn": ["arn:…:stateMachine:A", "arn:…:stateMachine:B"]}}

A list is OR, so predecessors whose conditions give the same status list
share one rule per successor. ARNs in patterns are ``Fn::Sub`` templates
(``arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:A``);
the emitters resolve them.

An AND-join (the successor waits for *all* predecessors; a dependency with
``parameters["join"] == "and"``, as JP1 ``eun`` with ``mm=and``) cannot be
one pattern: a rule sees one event at a time. Each predecessor's event then
starts a generated join-gate machine (:mod:`jobmig.mappings.join_gate`).

Blocking edges (``wait``) are nested executions (``nested``), edges inside
one workflow are states of its machine (``state_machine``).
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from typing import Any

from jobmig.graph import JobGraph
from jobmig.model import Condition, Dependency, Finding
from jobmig.options import MapOptions
from jobmig.mappings import cron_mail
from jobmig.mappings.asl_tasks import state_machine_arn
from jobmig.mappings.cross_waits import is_wait, signalling_unit
from jobmig.mappings.eun_poll import polls
from jobmig.mappings.stepfunctions import StateMachine
from jobmig.messages import msg

SOURCE = "aws.states"
DETAIL_TYPE = "Step Functions Execution Status Change"
SUCCEEDED, FAILED, TIMED_OUT, ABORTED = "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"
TERMINAL = (SUCCEEDED, FAILED, TIMED_OUT, ABORTED)
FAILURE_STATUSES = (FAILED, TIMED_OUT, ABORTED)
#: Legacy condition → execution statuses that start the successor.
STATUSES: dict[Condition, tuple[str, ...]] = {
    Condition.SUCCESS: (SUCCEEDED,),
    Condition.UNSTABLE: (SUCCEEDED,),
    Condition.COMPLETED: (SUCCEEDED, FAILED, TIMED_OUT),
    Condition.ALWAYS: TERMINAL,
    Condition.FAILURE: FAILURE_STATUSES,
}
CONDITION_FINDING = {Condition.UNSTABLE: "JM514", Condition.COMPLETED: "JM515",
                     Condition.FAILURE: "JM521"}
RULES_PER_BUS = 300  # default quota, adjustable
RULES_WARN_AT = 240  # report when the conversion adds this many rules or more
PATTERN_MAX = 4096  # EventPattern length (PutRule API model)
TARGETS_PER_RULE = 5
RULE_NAME_MAX = 64
DEPENDENCY, FAILURE_NOTICE, MAIL_NOTICE = "dependency", "failure_notice", "mail_notice"
NOTIFY_TARGET = "NotificationTopicArn"  # the SNS template parameter
_RULE_CHARS = re.compile(r"[^.\-_A-Za-z0-9]+")


@dataclass(frozen=True)
class EventRule:
    """One EventBridge rule on the default bus.

    ``target`` is a state machine name, or :data:`NOTIFY_TARGET` (an SNS
    topic parameter) for failure notices. ARNs inside ``event_pattern`` are
    ``Fn::Sub`` templates.
    """

    name: str
    event_pattern: dict[str, Any]
    target: str
    kind: str = DEPENDENCY
    #: a mail notice's email addresses (cron's MAILTO): the stack creates a topic with an
    #: email subscription for each, which the rule publishes to
    addresses: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "event_pattern": self.event_pattern,
                                "target": self.target, "kind": self.kind}
        if self.addresses:
            data["addresses"] = list(self.addresses)
        return data


@dataclass
class RulesResult:
    rules: list[EventRule] = field(default_factory=list)
    machines: list[StateMachine] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    realized: dict[tuple[str, str], str] = field(default_factory=dict)
    rule_names: set[str] = field(default_factory=set, repr=False)

    def add_rule(self, rule: EventRule) -> None:
        self.rules.append(rule)
        self.rule_names.add(rule.name)


#: A SUCCEEDED run that did its work ends with a JSON object; one skipped on a closed
#: calendar day ends with a JSON string (asl_prologue.SKIPPED_OUTPUT). The event's
#: ``detail.output`` is that JSON as text, so a prefix match tells them apart.
WORKED_OUTPUT = [{"prefix": "{"}]


def pattern(statuses: tuple[str, ...] | list[str], machines: list[str]) -> dict[str, Any]:
    """The event pattern for these statuses of these state machines (by name).

    SUCCEEDED matches only runs that did their work, not runs skipped on a
    closed day: with SUCCEEDED alone the pattern requires :data:`WORKED_OUTPUT`;
    with other statuses too, ``$or`` lets those through whatever their output.
    """
    detail: dict[str, Any] = {"status": list(statuses),
                              "stateMachineArn": [state_machine_arn(m) for m in sorted(machines)]}
    others = [s for s in statuses if s != SUCCEEDED]
    if SUCCEEDED in statuses and not others:
        detail["output"] = WORKED_OUTPUT
    elif SUCCEEDED in statuses:
        detail["$or"] = [{"output": WORKED_OUTPUT}, {"status": others}]
    return {"source": [SOURCE], "detail-type": [DETAIL_TYPE], "detail": detail}


def pattern_length(event_pattern: dict[str, Any], arn_length: int = 20) -> int:
    """Length of the pattern once ``Fn::Sub`` is resolved (pseudo parameters estimated)."""
    text = json.dumps(event_pattern, separators=(",", ":"))
    return (len(text) - text.count("${AWS::Partition}") * (len("${AWS::Partition}") - 10)
            - text.count("${AWS::Region}") * (len("${AWS::Region}") - arn_length)
            - text.count("${AWS::AccountId}") * (len("${AWS::AccountId}") - 12))


def build_rules(graph: JobGraph, machines: list[StateMachine], options: MapOptions, *,
                scheduled_rules: int = 0) -> RulesResult:
    """Rules (and join gates) for every edge between workflows; see the module doc.

    ``scheduled_rules``: how many UTC schedule rules (``--target rules``) the
    plan adds besides these; they count against the same per-bus quota.
    """
    result = RulesResult()
    machine_of = {m.root: m.name for m in machines if m.kind in ("workflow", "child")}
    incoming: dict[str, list[Dependency]] = {}
    not_carried = {edge for m in machines for edge in m.unrealized}
    for edge in graph.dependencies():
        key = (edge.predecessor, edge.successor)
        if polls(graph, edge):  # a loop in the waiting unit's jobnet machine (JM446)
            result.realized[key] = "state_machine"
        elif graph.root_of(edge.predecessor) == graph.root_of(edge.successor) and is_wait(edge):
            _manual(result, graph, edge, msg("the waited unit is in the same root jobnet; JP1 "
                                             "waits for it there, which the jobnet's state "
                                             "machine does not model"))
        elif graph.root_of(edge.predecessor) == graph.root_of(edge.successor) and not edge.wait:
            result.realized[key] = "manual" if key in not_carried else "state_machine"
        elif edge.wait:
            if edge.successor in machine_of:
                result.realized[key] = "nested"
            else:
                _manual(result, graph, edge, msg("the blocking trigger's target runs inside a "
                                                 "jobnet, so it cannot be started alone"))
        else:
            incoming.setdefault(edge.successor, []).append(edge)
    for successor in sorted(incoming):
        _successor_rules(graph, machine_of, incoming[successor], result)
    if options.notify:
        _failure_notices(machines + result.machines, result)
    _mail_notices(graph, machines, result)
    count = len(result.rules) + scheduled_rules
    if count >= RULES_WARN_AT:
        scheduled = (msg(" ({count} of them schedules)", count=scheduled_rules)
                     if scheduled_rules else "")
        result.findings.append(Finding(
            "JM518", msg("this conversion adds {count} event rules{scheduled}; the default quota "
                         "is {RULES_PER_BUS} per event bus (including rules already there)",
                         count=count, scheduled=scheduled, RULES_PER_BUS=RULES_PER_BUS)))
    result.rules.sort(key=lambda r: r.name)
    result.machines.sort(key=lambda m: m.name)
    # an audit keeps the join gates' definitions: few, and their size (one branch per
    # predecessor) is what its limit checks must see, as convert's do (JM540)
    return result


def _successor_rules(graph: JobGraph, machine_of: dict[str, str], edges: list[Dependency],
                     result: RulesResult) -> None:
    successor = edges[0].successor
    target = machine_of.get(successor)
    if target is None:
        for edge in edges:
            _manual(result, graph, edge, msg("{name} runs inside a jobnet, so no rule can start "
                                             "it alone",
                                             name=graph.job(successor).name))
        return
    usable = []
    for edge in edges:
        if edge.predecessor not in machine_of and is_wait(edge):
            edge = _signalled_by_machine(graph, machine_of, edge, result)
        if edge.predecessor not in machine_of:
            _manual(result, graph, edge, msg("{name} runs inside a jobnet; its end is not an "
                                             "execution event",
                                             name=graph.job(edge.predecessor).name))
        elif edge.condition is Condition.JUDGMENT:
            _manual(result, graph, edge, msg("a judgment link cannot cross workflows"))
        else:
            usable.append(edge)
    if not usable:
        return
    if _is_and_join(usable) and len(usable) > 1:
        from jobmig.mappings.join_gate import build_join_gate

        gate = build_join_gate(graph, target, successor,
                               [(machine_of[e.predecessor], e) for e in usable],
                               taken=set(machine_of.values()))
        if gate is None:
            for edge in usable:
                _manual(result, graph, edge, msg("an AND-join on conditions other than success"))
            return
        result.machines.append(gate)
        result.findings.extend(gate.findings)
        _add_rules(result, gate.name, [(machine_of[e.predecessor], e) for e in usable],
                   "join_gate", graph)
        return
    _add_rules(result, target, [(machine_of[e.predecessor], e) for e in usable], "event_rule", graph)


def _add_rules(result: RulesResult, target: str, sources: list[tuple[str, Dependency]],
               realized: str, graph: JobGraph) -> None:
    """One rule per status list (split further only if the pattern grows too long)."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for machine, edge in sources:
        statuses = STATUSES[edge.condition]
        groups.setdefault(statuses, []).append(machine)
        result.realized[(edge.predecessor, edge.successor)] = realized
        if "waited" in edge.parameters:  # the plan lists the edge by the unit waited for
            result.realized[(edge.parameters["waited"], edge.successor)] = realized
        code = CONDITION_FINDING.get(edge.condition)
        if code:
            job = graph.job(edge.successor)
            result.findings.append(Finding(
                code, msg("{name} → {name2}: starts on {statuses}",
                          name=graph.job(edge.predecessor).name,
                          name2=job.name,
                          statuses=', '.join(statuses)), edge.source or job.source, edge.successor))
    for statuses, names in sorted(groups.items()):
        for index, chunk in enumerate(_chunks(sorted(set(names)), statuses)):
            suffix = "ok" if statuses == (SUCCEEDED,) else "end" if SUCCEEDED in statuses else "failed"
            label = f"{target}-after-{suffix}" + (f"-{index + 1}" if index else "")
            name = rule_name(label)
            if name in result.rule_names:
                name = rule_name(label + "-" + "-".join(chunk), force_hash=True)
            result.add_rule(EventRule(name, pattern(statuses, chunk), target))


def _chunks(names: list[str], statuses: tuple[str, ...]) -> list[list[str]]:
    chunks: list[list[str]] = [[]]
    for name in names:
        if chunks[-1] and pattern_length(pattern(statuses, chunks[-1] + [name])) > PATTERN_MAX:
            chunks.append([])
        chunks[-1].append(name)
    return chunks


def _failure_notices(machines: list[StateMachine], result: RulesResult) -> None:
    names = sorted(m.name for m in machines)
    if not names:
        return
    for index, chunk in enumerate(_chunks(names, FAILURE_STATUSES)):
        result.add_rule(EventRule(rule_name(f"jobmig-failure-notice-{index + 1}"),
                                      pattern(FAILURE_STATUSES, chunk), NOTIFY_TARGET,
                                      FAILURE_NOTICE))
    result.findings.append(Finding("JM519", msg("{count} state machines report failures to the "
                                                "{NOTIFY_TARGET} topic, or, left empty, to a "
                                                "topic the stack creates with a policy that lets "
                                                "events.amazonaws.com sns:Publish for these "
                                                "rules; a topic of your own needs that policy, "
                                                "else the notices are dropped",
                                                count=len(names), NOTIFY_TARGET=NOTIFY_TARGET)))


def _mail_notices(graph: JobGraph, machines: list[StateMachine], result: RulesResult) -> None:
    """A rule per distinct set of cron ``MAILTO`` email addresses: the failures of the
    machines of the jobs cron mailed to them go to a topic the stack creates for them."""
    by_addresses: dict[tuple[str, ...], list[str]] = {}
    for machine in machines:
        if machine.kind != "workflow" or machine.root not in graph:
            continue
        addresses = cron_mail.email_addresses(graph.job(machine.root))
        if addresses:
            by_addresses.setdefault(addresses, []).append(machine.name)
    for addresses, names in sorted(by_addresses.items()):
        for index, chunk in enumerate(_chunks(sorted(names), FAILURE_STATUSES)):
            label = "jobmig-mail-" + "-".join(addresses) + (f"-{index + 1}" if index else "")
            name = rule_name(label)
            if name in result.rule_names:
                name = rule_name(label, force_hash=True)
            result.add_rule(EventRule(name, pattern(FAILURE_STATUSES, chunk),
                                      "email: " + ", ".join(addresses), MAIL_NOTICE, addresses))


def _signalled_by_machine(graph: JobGraph, machine_of: dict[str, str], edge: Dependency,
                          result: RulesResult) -> Dependency:
    """A JP1 wait on a unit inside a jobnet, as a wait on the machine that runs it (JM441;
    :func:`jobmig.mappings.cross_waits.signalling_unit` says why)."""
    unit = signalling_unit(graph, edge.predecessor, machine_of)
    if unit not in machine_of:
        return edge
    waiting = graph.job(edge.successor)
    result.findings.append(Finding(
        "JM441", msg("{name} waits for {name2}, which runs inside jobnet {name3}: the end of "
                     "{machine_of} stands for it (the wait lasts until that jobnet ends)",
                     name=waiting.name,
                     name2=graph.job(edge.predecessor).name,
                     name3=graph.job(unit).name,
                     machine_of=machine_of[unit]), edge.source or waiting.source, edge.successor))
    return replace(edge, predecessor=unit, parameters={**edge.parameters, "waited": edge.predecessor})


def _is_and_join(edges: list[Dependency]) -> bool:
    return any(str(e.parameters.get("join", "")).lower() == "and" for e in edges)


def rule_name(text: str, force_hash: bool = False) -> str:
    """``[.-_A-Za-z0-9]`` characters, ≤64; a hash of ``text`` keeps truncated names unique."""
    base = _RULE_CHARS.sub("-", text).strip("-") or "rule"
    if len(base) <= RULE_NAME_MAX and not force_hash:
        return base
    return f"{base[:RULE_NAME_MAX - 9]}-{hashlib.sha1(text.encode()).hexdigest()[:8]}"


def _manual(result: RulesResult, graph: JobGraph, edge: Dependency, why: str) -> None:
    result.realized[(edge.predecessor, edge.successor)] = "manual"
    job = graph.job(edge.successor)
    result.findings.append(Finding(
        "JM517", msg("{name} → {name2} not converted: {why}",
                     name=graph.job(edge.predecessor).name, name2=job.name, why=why),
        edge.source or job.source, edge.successor))


__all__ = ["EventRule", "RulesResult", "build_rules", "pattern", "pattern_length", "STATUSES"]
