"""The AWS resources of a Plan, independent of the IaC language.

:func:`stack_of` reads a :class:`~jobmig.plan.Plan` and lists what both
emitters (:mod:`jobmig.emit.cloudformation`, :mod:`jobmig.emit.terraform`)
write: template parameters, state machines with their execution roles,
Scheduler schedules, UTC schedule rules, event rules, Change Calendars, and
the Scheduler and EventBridge roles. Identifiers are deterministic and
unique; every list is sorted.

Triggers (schedules, UTC schedule rules, dependency rules) are created
DISABLED when the job they start is disabled in the source or needs manual
work (plan status ``manual``), so deploying never runs an unconverted job
(:func:`starts_enabled`). An EventBridge rule has no start or end date: a
rule schedule that still carries one is a programming error and raises
:class:`UnexpressibleSchedule` rather than being written without it.

Strings may hold ``Fn::Sub`` syntax (``${AWS::Region}``, ``${InstanceId}``);
:func:`sub_refs` tells an emitter which names such a string uses.

Size limits (:mod:`jobmig.emit.limits`): the resources are grouped into
:attr:`Stack.parts` (:mod:`jobmig.emit.stack_split`), each inside the
per-stack limits; each part has its own Scheduler and EventBridge roles,
allowed to start exactly that part's machines (``SchedulerRole`` and
``EventsRole`` when everything is one part). An execution role whose exact
policy would pass the IAM size limit gets wildcards on name prefixes
(:func:`jobmig.emit.limits.fit_permissions`).
"""
from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Mapping

from jobmig.emit import limits
from jobmig.emit.stack_split import DEFAULT_CAPACITY, Capacity, Part, Unit, split
from jobmig.legacy_names import machine_tags
from jobmig.mappings.change_calendar import ChangeCalendar
from jobmig.mappings.asl_tasks import (
    Permission, TemplateParameter, managed_rule_arn, state_machine_arn,
)
from jobmig.mappings.event_wait import EXPIRES, PARTITION_KEY, RELAY_KIND, SORT_KEY, relay_input
from jobmig.mappings.event_wait import TABLE_NAME as EVENT_WAIT_TABLE
from jobmig.mappings.start_conditions import START_KIND
from jobmig.mappings.jp1_runtime import DOCUMENTS, POWERSHELL_DOCUMENT, document_content
from jobmig.plan import Plan

NOTIFY_TOPIC_PARAMETER = "NotificationTopicArn"
#: Asked for at deploy time, so it says what a topic of one's own needs: without a topic
#: policy that lets EventBridge publish, every failure notice is dropped without a trace.
NOTIFY_TOPIC_DESCRIPTION = ("SNS topic ARN for failure notices; leave empty and the stack "
                            "creates the topic, with a policy that lets the notice rules "
                            "publish. A topic of your own must allow events.amazonaws.com to "
                            "sns:Publish (else EventBridge drops every notice); subscribe the "
                            "people to tell")
#: The topic the stack creates when NotificationTopicArn is left empty, and the condition.
NOTIFY_TOPIC = "NotificationTopic"
NOTIFY_CONDITION = "CreateNotificationTopic"
SCHEDULE_NAME_MAX = 64
RULE_NAME_MAX = 64
#: Scheduler context attribute: the time the schedule fired (UTC, ISO 8601).
SCHEDULED_TIME = "<aws.scheduler.scheduled-time>"
STATES_PRINCIPAL = "states.amazonaws.com"
SCHEDULER_PRINCIPAL = "scheduler.amazonaws.com"
EVENTS_PRINCIPAL = "events.amazonaws.com"
PSEUDO = ("AWS::Partition", "AWS::Region", "AWS::AccountId")
_SUB = re.compile(r"\$\{([A-Za-z0-9:_.]+)\}")
MANUAL = "manual"  # plan.json job status: not converted


class UnexpressibleSchedule(ValueError):
    """A schedule holds something its AWS resource cannot carry (a date on a rule)."""


def starts_enabled(job: Mapping[str, Any] | None) -> bool:
    """Whether a trigger that starts ``job`` (a plan.json job) is created ENABLED.

    False when the job is disabled in the source or its status is
    ``manual``: its schedules and the rules that start it are written
    DISABLED, to be enabled once the job is converted.
    """
    if job is None:
        return True
    return not job.get("disabled", False) and job.get("status") != MANUAL


def sub_refs(text: str) -> list[str]:
    """Names referenced by ``${...}`` in an Fn::Sub template string."""
    return _SUB.findall(text)


def documents_of(machines: list[Any]) -> list[str]:
    """Logical ids of the SSM Command documents of jobmig's own that ``machines`` send their
    JP1 jobs to (:mod:`jobmig.mappings.jp1_runtime`), sorted. A stack that holds such a
    machine creates the document; the machine's substitution ``${<logical id>}`` is its
    ``Ref`` (the name CloudFormation gives it), so it is never a template parameter, and
    each nested stack that needs one creates its own."""
    return sorted({key for machine in machines for key, _ in machine.substitutions
                   if key in DOCUMENTS})


def command_document(logical: str) -> dict[str, Any]:
    """The content of the SSM Command document ``logical`` (a :data:`DOCUMENTS` id)."""
    return document_content(powershell=logical == POWERSHELL_DOCUMENT)


def _camel(prefix: str, name: str) -> str:
    camel = "".join(p[:1].upper() + p[1:] for p in re.split(r"[^A-Za-z0-9]+", name) if p)
    return (prefix + camel)[:200]


def logical_ids(wanted: list[tuple[str, str]], suffixes: Mapping[str, tuple[str, ...]] = {}
                ) -> list[str]:
    """Logical ids for ``(prefix, name)`` pairs (names unique per prefix), in order.

    Each is ``<Prefix><CamelName>``; ``suffixes[prefix]`` names ids derived
    from it (a state machine's ``…Role``), which count as taken too. Every
    pair whose id (or a derived id) another pair would share gains the hash
    of its name, so an id depends only on its own name and on whether
    another one collides with it, never on the order resources are read.
    """
    plain = [_camel(prefix, name) for prefix, name in wanted]
    claims = Counter(candidate + suffix for (prefix, _), candidate in zip(wanted, plain)
                     for suffix in ("",) + tuple(suffixes.get(prefix, ())))
    result = []
    for (prefix, name), candidate in zip(wanted, plain):
        ids = [candidate + suffix for suffix in ("",) + tuple(suffixes.get(prefix, ()))]
        if any(claims[i] > 1 for i in ids):
            candidate += hashlib.sha1(name.encode()).hexdigest()[:8].upper()
        result.append(candidate)
    return result


def aws_names_for(wanted: list[tuple[str, str]], limit: int) -> list[str]:
    """Scheduler/rule names ``[0-9A-Za-z_.-]`` ≤ ``limit`` for ``(key, text)`` pairs.

    Names two pairs would share gain ``-<hash of the key>``, all of them
    (see :func:`jobmig.identity.unique_names`).
    """
    from jobmig.identity import short_hash, unique_names

    cleaned = {key: re.sub(r"[^0-9A-Za-z_.-]+", "-", text).strip("-.") or
               f"jobmig-{short_hash(text)}" for key, text in wanted}
    names = unique_names(cleaned, limit)
    return [names[key] for key, _ in wanted]


@dataclass
class Role:
    logical: str
    principal: str
    permissions: list[Permission]
    description: str


@dataclass
class Machine:
    logical: str
    name: str
    definition: dict[str, Any]
    substitutions: list[tuple[str, str]]
    role: Role
    tags: list[tuple[str, str]] = field(default_factory=list)  # the legacy name, when it differs
    #: name of the DynamoDB table created with this machine (the JP1 event relay's waits)
    table: str | None = None
    #: what the limit checks measured of its state machine (:func:`jobmig.emit.limits.measures`)
    measured: limits.Measures | None = field(default=None, compare=False, repr=False)


@dataclass
class Schedule:
    logical: str
    name: str
    kind: str  # scheduler | rule
    expression: str
    timezone: str
    machine: str  # state machine logical id
    input: dict[str, Any]
    enabled: bool
    description: str
    start_date: str | None = None
    end_date: str | None = None
    role: str = "SchedulerRole"  # logical id of the role that starts the machine

    def __post_init__(self) -> None:
        if self.kind == "rule" and (self.start_date or self.end_date):
            raise UnexpressibleSchedule(
                f"schedule {self.name!r}: an EventBridge rule has no start or end date, so "
                f"{self.start_date or '…'} to {self.end_date or '…'} cannot be emitted; the "
                "mapping must confine the rule with its cron fields instead")


@dataclass
class Rule:
    logical: str
    name: str
    pattern: dict[str, Any]
    kind: str
    machine: str | None  # target state machine logical id, or None for SNS
    description: str
    enabled: bool = True
    role: str = "EventsRole"  # logical id of the role that starts the machine
    #: a mail notice's email addresses: its topic (``<logical>Topic``), the topic's policy
    #: and one email subscription per address are written with the rule
    addresses: tuple[str, ...] = ()

    @property
    def notice(self) -> bool:
        """A failure notice to the NotificationTopicArn topic (or the stack's own)."""
        return self.machine is None and not self.addresses


def subscription_logical(topic: str, address: str) -> str:
    """The logical id of ``address``'s email subscription to ``topic`` (by the address's
    hash, so adding an address leaves the others' ids alone)."""
    return f"{topic}Subscription{hashlib.sha1(address.encode()).hexdigest()[:8].upper()}"


def topic_policy(topic: Any, rule_names: list[str]) -> dict[str, Any]:
    """An SNS topic policy letting EventBridge publish to ``topic`` (a reference in the
    emitter's language) for the rules named, and no other (``aws:SourceArn``; rule ARNs
    as Fn::Sub templates)."""
    return {"Version": "2012-10-17", "Statement": [{
        "Sid": "EventBridgeNoticeRules", "Effect": "Allow",
        "Principal": {"Service": EVENTS_PRINCIPAL}, "Action": "sns:Publish", "Resource": topic,
        "Condition": {"ArnEquals": {"aws:SourceArn": [managed_rule_arn(name)
                                                      for name in sorted(rule_names)]}}}]}


@dataclass
class Calendar:
    """A Change Calendar resource; its iCalendar text is written when first read.

    A check that only measures the stack (an audit's root-stack limits) needs
    the size, which :attr:`ChangeCalendar.size` tells without writing the text.
    """

    logical: str
    name: str
    calendar: ChangeCalendar

    @property
    def content(self) -> str:
        """The iCalendar text (:meth:`ChangeCalendar.to_ics`)."""
        return self.calendar.to_ics()

    @property
    def size(self) -> int:
        """``len(content.encode("utf-8"))``, without writing the text."""
        return self.calendar.size


@dataclass
class Stack:
    description: str
    parameters: list[TemplateParameter] = field(default_factory=list)
    machines: list[Machine] = field(default_factory=list)
    schedules: list[Any] = field(default_factory=list)  # Schedule (_Start: split_of)
    rules: list[Rule] = field(default_factory=list)
    calendars: list[Calendar] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    #: the resources grouped into stacks that each fit the limits; one part keyed ""
    #: when everything fits one stack
    parts: list[Part] = field(default_factory=list)


def stack_of(plan: Plan, capacity: Capacity = DEFAULT_CAPACITY,
             forced: frozenset[str] = frozenset()) -> Stack:
    """Every resource the plan needs, with deterministic ids and names.

    Ids and names derive from each resource's own name (and so from the
    identity of the job it serves), never from the order of the others.
    ``capacity`` and ``forced``: see :func:`jobmig.emit.stack_split.split`.
    """
    return _stack(plan, capacity, forced, measured_only=False)


def split_of(plan: Plan, capacity: Capacity = DEFAULT_CAPACITY) -> Stack:
    """What the split of :func:`stack_of` (``plan``, ``capacity``) is made of: the same
    description, template parameters and :attr:`Stack.parts` (keys, units, what each
    unit measures, the failure-notice rules and their names), without what the split
    does not measure (for a check of the root stack, :func:`jobmig.emit.limits.
    root_stack_findings`).

    Its resources are not those of a template: no logical ids (a resource's AWS name
    stands in), no tags, no starting roles, and a schedule is only the ``machine`` and
    ``kind`` its unit counts.
    """
    return _stack(plan, capacity, frozenset(), measured_only=True)


@dataclass
class _Start:
    """A schedule as the split counts it (:func:`split_of`): which machine it starts, how."""

    machine: str
    kind: str


def _stack(plan: Plan, capacity: Capacity, forced: frozenset[str], measured_only: bool
           ) -> Stack:
    """:func:`stack_of`, or with ``measured_only`` :func:`split_of`."""
    stack = Stack(description=_description(plan))
    parameters: dict[str, TemplateParameter] = {}
    by_name: dict[str, Machine] = {}
    machines = sorted(plan.state_machines, key=lambda m: m.name)
    jobs = {job["id"]: job for job in plan.data.get("jobs", [])}
    wanted_schedules: list[tuple[dict[str, Any], dict[str, Any], str]] = []
    known = {sm.name for sm in machines}
    for job in sorted(jobs.values(), key=lambda j: j["id"]):
        if (job.get("state_machine") or "") not in known:
            continue
        for index, schedule in enumerate(job.get("schedules", [])):
            wanted_schedules.append((job, schedule, f"{job['id']}#{index}"))
    rules = sorted(plan.rules, key=lambda r: r.name)
    rule_names = aws_names_for([(rule.name, rule.name) for rule in rules], RULE_NAME_MAX)
    calendar_names = sorted(plan.calendars)
    if measured_only:  # nothing reads ids or schedule names: the AWS names stand in
        schedule_names = [""] * len(wanted_schedules)
        ids = iter([sm.name for sm in machines] + schedule_names + rule_names
                   + calendar_names)
    else:
        schedule_names = aws_names_for([(key, schedule.get("name") or job["name"])
                                        for job, schedule, key in wanted_schedules],
                                       SCHEDULE_NAME_MAX)
        wanted = ([("StateMachine", sm.name) for sm in machines]
                  + [("Schedule" if schedule.get("kind", "scheduler") == "scheduler"
                      else "ScheduleRule", name)
                     for (_, schedule, _), name in zip(wanted_schedules, schedule_names)]
                  + [("Rule", rule.name) for rule in rules]
                  + [("Calendar", name) for name in calendar_names])
        ids = iter(logical_ids(wanted, {"StateMachine": ("Role", "Table"),
                                        "Rule": ("Topic", "TopicPolicy")}))

    for sm in machines:
        logical = next(ids)
        measured = limits.measures(sm, CONDITIONS)  # as the plan's checks measured it
        fitted = measured.fitted
        role = Role(logical + "Role", STATES_PRINCIPAL,
                    list(fitted[0]) if fitted is not None else list(sm.permissions),
                    f"execution role of state machine {sm.name}")
        tagged = not measured_only and getattr(sm, "kind", "workflow") in ("workflow", "child")
        machine = Machine(logical, sm.name, sm.definition, list(sm.substitutions), role,
                          machine_tags(jobs.get(sm.root), sm.name) if tagged else [],
                          table=EVENT_WAIT_TABLE if getattr(sm, "kind", "") == RELAY_KIND else None,
                          measured=measured)
        stack.machines.append(machine)
        stack.roles.append(role)
        by_name[sm.name] = machine
        for parameter in sm.parameters:
            parameters.setdefault(parameter.name, parameter)

    for (job, schedule, _), name in zip(wanted_schedules, schedule_names):
        logical = next(ids)
        machine = by_name[job["state_machine"]]
        stack.schedules.append(_Start(machine.logical, schedule.get("kind", "scheduler"))
                               if measured_only else
                               _schedule(job, schedule, machine, logical, name))

    # A rule starts its target machine as a whole: the job it runs is the machine's root
    # (for a join gate, the successor the gate starts).
    roots = {sm.name: getattr(sm, "root", "") for sm in plan.state_machines}
    for rule, name in zip(rules, rule_names):
        target = by_name.get(rule.target)
        addresses = tuple(getattr(rule, "addresses", ()) or ())
        if target is None and not addresses:
            parameters.setdefault(NOTIFY_TOPIC_PARAMETER, TemplateParameter(
                NOTIFY_TOPIC_PARAMETER, "String", NOTIFY_TOPIC_DESCRIPTION, default=""))
        stack.rules.append(Rule(next(ids), name, rule.event_pattern, rule.kind,
                                target.logical if target else None,
                                f"jobmig {rule.kind}: starts {rule.target}"
                                if target else f"jobmig {rule.kind} → SNS"
                                + (f" email to {', '.join(addresses)}" if addresses else ""),
                                enabled=starts_enabled(jobs.get(roots.get(rule.target, ""))),
                                addresses=addresses))

    for name in calendar_names:
        calendar = plan.calendars[name]
        stack.calendars.append(Calendar(next(ids), name, calendar))

    stack.parameters = [parameters[k] for k in sorted(parameters)]
    stack.parts = split(_units(stack), capacity, forced)
    if not measured_only:
        for part in stack.parts:
            starting_roles(stack, part, single=len(stack.parts) == 1)
    return stack


def _units(stack: Stack) -> list[Unit]:
    """The stack's resources as units that must share a stack (see stack_split)."""
    units: dict[str, Unit] = {}
    of_machine: dict[str, Unit] = {}
    for machine in stack.machines:
        unit = units[machine.name] = of_machine[machine.logical] = Unit(machine.name, [machine])
        texts = [v for _, v in machine.substitutions]
        texts += [p.resource for p in machine.role.permissions]
        unit.parameters.update(n for t in texts for n in sub_refs(t)
                               if n not in PSEUDO and n not in DOCUMENTS)
        documents = documents_of([machine])  # counted per unit: a part may hold a copy each
        unit.extra_resources += len(documents) + (1 if machine.table else 0)  # its table
        unit.template_bytes += sum(limits.ENTRY_OVERHEAD + 2 * len(json.dumps(
            command_document(d))) for d in documents)
    for schedule in stack.schedules:
        unit = of_machine[schedule.machine]
        unit.schedules.append(schedule)
        kind = "scheduler" if schedule.kind == "scheduler" else "events"
        unit.starts[kind] = len(state_machine_arn(unit.machines[0].name)) + 3
    for rule in stack.rules:
        if rule.machine is None:
            unit = units[f"rule:{rule.name}"] = Unit(f"rule:{rule.name}", rules=[rule])
            if rule.addresses:  # its topic, the topic's policy, a subscription per address
                unit.extra_resources = 2 + len(rule.addresses)
                unit.template_bytes += 600 + 200 * len(rule.addresses)
            else:
                unit.parameters.add(NOTIFY_TOPIC_PARAMETER)
        else:
            unit = of_machine[rule.machine]
            unit.rules.append(rule)
            unit.starts["events"] = len(state_machine_arn(unit.machines[0].name)) + 3
        text = json.dumps(rule.pattern)
        unit.parameters.update(n for n in sub_refs(text) if n not in PSEUDO)
        unit.template_bytes += 2 * len(text)
    for calendar in stack.calendars:
        unit = units[f"calendar:{calendar.name}"] = Unit(f"calendar:{calendar.name}",
                                                          calendars=[calendar])
        unit.template_bytes += 2 * calendar.size
    for unit in units.values():
        definition = unit.machines[0].definition if unit.machines else None
        measured = unit.machines[0].measured if unit.machines else None
        unit.template_bytes += limits.entry_bytes(
            definition, unit.resources + len(unit.machines),
            measured.definition_bytes if measured is not None else None)
        for machine in unit.machines:  # block YAML of a policy: about 1.2 times its JSON
            chars = (machine.measured.role_chars if machine.measured is not None
                     else limits.policy_chars(machine.role.permissions))
            unit.template_bytes += 3 * chars // 2
    return list(units.values())


def starting_roles(stack: Stack, part: Part, single: bool) -> None:
    """The part's SchedulerRole and EventsRole, allowed to start exactly its machines."""
    suffix = "" if single else part.key
    names = {m.logical: m.name for m in part.machines}
    scheduled = sorted({s.machine for s in part.schedules if s.kind == "scheduler"})
    targets = sorted({r.machine for r in part.rules if r.machine} |
                     {s.machine for s in part.schedules if s.kind == "rule"})
    where = "" if single else f" of stack part {part.key}"
    for principal, logical, machines, what in (
            (SCHEDULER_PRINCIPAL, "SchedulerRole" + suffix, scheduled,
             "lets EventBridge Scheduler start the scheduled state machines"),
            (EVENTS_PRINCIPAL, "EventsRole" + suffix, targets,
             "lets EventBridge rules start their target state machines")):
        if not machines:
            continue
        role = Role(logical, principal,
                    [Permission("states:StartExecution", state_machine_arn(names[m]))
                     for m in machines], what + where)
        stack.roles.append(role)
        part.roles.append(role)
    for schedule in part.schedules:
        schedule.role = ("SchedulerRole" if schedule.kind == "scheduler" else "EventsRole") + suffix
    for rule in part.rules:
        rule.role = "EventsRole" + suffix


def _schedule(job: dict[str, Any], schedule: dict[str, Any], machine: Machine, logical: str,
              name: str) -> Schedule:
    data: dict[str, Any] = {"business_date": SCHEDULED_TIME}
    if schedule.get("calendar"):
        data["calendar"] = schedule["calendar"]
    data.update(schedule.get("input") or {})
    kind = schedule.get("kind", "scheduler")
    return Schedule(
        logical=logical,
        name=name, kind=kind, expression=schedule["expression"],
        timezone=schedule.get("timezone") or "UTC", machine=machine.logical, input=data,
        enabled=starts_enabled(job),
        description=_clip(f"jobmig: {job['name']} ({_where(job)})", 512),
        start_date=schedule.get("start_date"), end_date=schedule.get("end_date"))


def schedule_input_json(schedule: Schedule) -> str:
    """The Scheduler target's Input: JSON text with the scheduled-time placeholder."""
    return json.dumps(schedule.input, sort_keys=True, ensure_ascii=False)


def rule_input_template(schedule: Schedule) -> tuple[dict[str, str], str]:
    """InputTransformer for a UTC schedule rule: the event's ``time`` is the business date."""
    data = {k: v for k, v in schedule.input.items() if k != "business_date"}
    body = json.dumps(data, sort_keys=True, ensure_ascii=False)[1:-1]
    template = "{\"business_date\": <time>" + (", " + body if body else "") + "}"
    return {"time": "$.time"}, template


#: Input of a state machine started by a dependency rule (see stepfunctions' prologue).
DEPENDENCY_INPUT_PATHS = {"execution": "$.detail.executionArn", "output": "$.detail.output"}
DEPENDENCY_INPUT_TEMPLATE = "{\"upstream_execution\": <execution>, \"upstream_output\": <output>}"
#: Input of a state machine a start-condition rule starts: the event's time is the business
#: date (as for a UTC schedule rule).
START_INPUT_PATHS = {"time": "$.time"}
START_INPUT_TEMPLATE = "{\"business_date\": <time>}"
#: Key schema of the table of JP1 event waits: (attribute, key type) pairs.
EVENT_WAIT_KEYS = ((PARTITION_KEY, "HASH"), (SORT_KEY, "RANGE"))
#: Its TTL attribute (epoch seconds).
EVENT_WAIT_TTL = EXPIRES


def rule_target_input(kind: str, pattern: dict[str, Any] | None = None
                      ) -> tuple[dict[str, str], str] | None:
    """The InputTransformer ``(paths, template)`` of a rule starting a machine, by the rule's
    kind (a JP1 event relay rule's carries the match key of its ``pattern``); None: the
    target gets the whole event."""
    if kind == RELAY_KIND and pattern is not None:
        return relay_input(pattern)
    if kind == RELAY_KIND:
        return None
    if kind == START_KIND:
        return START_INPUT_PATHS, START_INPUT_TEMPLATE
    return DEPENDENCY_INPUT_PATHS, DEPENDENCY_INPUT_TEMPLATE


NOTICE_INPUT_PATHS = {"machine": "$.detail.stateMachineArn", "name": "$.detail.name",
                      "status": "$.detail.status"}
NOTICE_INPUT_TEMPLATE = "\"jobmig: execution <name> of <machine> ended <status>\""


def _where(job: dict[str, Any]) -> str:
    """The file a job came from, without its line: a line moves whenever a line is
    added above it, and a deployed description quoting it would then change too."""
    return str((job.get("source") or {}).get("path"))


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _description(plan: Plan) -> str:
    options = plan.data.get("options", {})
    return (f"jobmig conversion: {len(plan.state_machines)} state machines, "
            f"{len(plan.rules)} event rules (timezone {options.get('timezone', 'UTC')}, "
            f"target {options.get('target', 'scheduler')})")


def grouped(permissions: list[Permission]) -> list[tuple[str, list[str]]]:
    """Permissions as (action, sorted resources) pairs, sorted by action."""
    table: dict[str, set[str]] = {}
    for permission in permissions:
        table.setdefault(permission.action, set()).add(permission.resource)
    return [(action, sorted(resources)) for action, resources in sorted(table.items())]


#: Conditions narrowing permissions that must name "*" as resource.
CONDITIONS: dict[str, dict[str, Any]] = {
    "iam:PassRole": {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}},
}
