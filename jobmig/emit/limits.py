"""AWS size limits the emitted artifacts must stay inside, and how they are kept.

The limits (AWS service quotas; none of them can be raised):

=================================================  ==========================
Step Functions state machine definition            1,048,576 characters
CloudFormation template body                       1 MB (51,200 bytes inline;
                                                   larger ones go through S3)
CloudFormation stack                               500 resources, 200 outputs,
                                                   200 parameters
IAM inline policies of one role, in total          10,240 characters
SSM document content (a Change Calendar)           64 KB
names                                              state machine 80, Scheduler
                                                   schedule and rule 64
=================================================  ==========================

What grows with the estate is kept inside them by construction: the
CloudFormation output is split into nested stacks
(:mod:`jobmig.emit.stack_split`), and the roles that start state machines
are one pair per stack, each listing only its own stack's machines.
The root stack itself is one stack too: one resource per nested stack, and
every template parameter of the conversion. When the root of the split the
templates are made from passes a stack's limits (:func:`root_stack_findings`,
:func:`root_stack_problems`), a ``manual`` finding (JM544) says so and how to
cut the conversion in pieces, and the root template is not written.
A Change Calendar over 64 KB is written as several smaller calendars that
its schedules name together (:func:`split_large_calendars`, JM545).
What cannot be split is checked here, once, while the plan is built
(:func:`enforce`): a state machine whose definition or template entry is too
large, an execution role whose policy does not fit even with wildcards on
name prefixes (:func:`fit_permissions`), a Change Calendar that needs more
pieces than a schedule's input can name. Each becomes a ``manual`` finding
that names the limit and what to do, and the artifact is left out, never
written for AWS to refuse.
"""
from __future__ import annotations

import json
import re
import weakref
from dataclasses import dataclass, replace
from typing import Any, Iterable, Mapping, Sequence

from jobmig.model import Finding
from jobmig.messages import joined, msg

DEFINITION_CHARS = 1_048_576
TEMPLATE_BYTES = 1_000_000  # 1 MB through S3 (taken as 10^6 bytes, the smaller reading)
TEMPLATE_INLINE_BYTES = 51_200
STACK_RESOURCES = 500
STACK_OUTPUTS = 200
STACK_PARAMETERS = 200
ROLE_POLICY_CHARS = 10_240
CALENDAR_BYTES = 64 * 1024
#: Characters the names of one calendar's pieces may take together in a schedule's
#: input: half the 8,192 an EventBridge rule's input template may hold, the rest of
#: the input left room (a Scheduler target's input may hold 256 KB).
CALENDAR_NAMES_CHARS = 4_096
STATE_MACHINE_NAME = 80
SCHEDULE_NAME = 64
RULE_NAME = 64


@dataclass(frozen=True)
class RootLimits:
    """What AWS allows the root stack of nested stacks (the quotas; tests ask for less)."""

    resources: int = STACK_RESOURCES
    outputs: int = STACK_OUTPUTS
    parameters: int = STACK_PARAMETERS
    template_bytes: int = TEMPLATE_BYTES


#: The root stack's limits: used unless a caller (a test) asks for less.
ROOT_LIMITS = RootLimits()

#: What jobmig lets one role's policy grow to: the limit less room for the policy
#: name and for parameter values longer than counted (see :func:`policy_chars`).
ROLE_POLICY_BUDGET = ROLE_POLICY_CHARS - 240
#: What one template may hold by jobmig's estimate (:func:`entry_bytes`), which can be
#: off; the emitter measures the text it writes and splits further when needed.
TEMPLATE_BUDGET = 900_000
#: Bytes of a template entry besides a definition or a policy's resources (a role, a
#: schedule, a rule, an output): measured at most 765, usually about 600.
ENTRY_OVERHEAD = 800
#: Characters counted for the value of a template parameter other than the pseudo
#: parameters (an instance id, an ARN, a topic) inside a policy.
PARAMETER_VALUE_CHARS = 128

_SUB = re.compile(r"\$\{([A-Za-z0-9:_.]+)\}")
_PSEUDO = ("AWS::Partition", "AWS::Region", "AWS::AccountId")
# An ARN: its fixed head, a name made only of name characters, and an optional ":*".
_NAMED = re.compile(r"^(?P<head>.*[:/])(?P<name>[0-9A-Za-z_.-]+)(?P<tail>:\*)?$")


# ------------------------------------------------------------------ policies


def policy_document(permissions: Iterable[Any],
                    conditions: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The policy document of ``permissions`` (``action``/``resource`` pairs), grouped by action."""
    table: dict[str, set[str]] = {}
    for permission in permissions:
        table.setdefault(permission.action, set()).add(permission.resource)
    statements = []
    for action in sorted(table):
        statement: dict[str, Any] = {"Effect": "Allow", "Action": action,
                                     "Resource": sorted(table[action])}
        if conditions and action in conditions:
            statement["Condition"] = conditions[action]
        statements.append(statement)
    return {"Version": "2012-10-17", "Statement": statements}


def policy_chars(permissions: Iterable[Any], conditions: Mapping[str, Any] | None = None) -> int:
    """An upper bound of the characters IAM counts for the policy of ``permissions``.

    IAM does not count white space. ``${AWS::Partition}``, ``${AWS::Region}``
    and ``${AWS::AccountId}`` are longer than any value they take; any other
    ``${Parameter}`` is counted as :data:`PARAMETER_VALUE_CHARS` characters.
    """
    if isinstance(permissions, (list, tuple, set, frozenset)) and not permissions:
        return _EMPTY_POLICY_CHARS  # an audit's outline machines record no permissions
    text = json.dumps(policy_document(permissions, conditions), separators=(",", ":"))
    extra = sum(PARAMETER_VALUE_CHARS - len(m.group(0)) for m in _SUB.finditer(text)
                if m.group(1) not in _PSEUDO)
    return len(text) + max(extra, 0)


#: :func:`policy_chars` of no permissions: the document's frame, without parameters.
_EMPTY_POLICY_CHARS = len(json.dumps(policy_document(()), separators=(",", ":")))


def fit_permissions(permissions: Sequence[Any], budget: int = ROLE_POLICY_BUDGET,
                    conditions: Mapping[str, Any] | None = None,
                    ) -> tuple[list[Any], bool] | None:
    """``permissions`` made to fit ``budget``: (permissions, widened) or ``None``.

    When the exact list is too long, resource names are cut to a common
    length ``L`` followed by ``*`` (``...:stateMachine:etl-*``), the longest
    ``L`` that fits; ``widened`` is then True. Resources whose name holds a
    parameter, or that are not ARNs ending in a name, stay exact. ``None``
    when even ``L = 0`` does not fit.
    """
    exact = sorted(set(permissions))
    if policy_chars(exact, conditions) <= budget:
        return exact, False
    cuttable = [p for p in exact if _NAMED.match(p.resource)]
    if not cuttable:
        return None
    longest = max(len(_NAMED.match(p.resource).group("name")) for p in cuttable)

    def cut(length: int) -> list[Any]:
        out = set()
        for permission in exact:
            match = _NAMED.match(permission.resource)
            if match is None or len(match.group("name")) <= length and not match.group("tail"):
                out.add(permission)
            else:
                out.add(replace(permission, resource=match.group("head")
                                + match.group("name")[:length] + "*"))
        return sorted(out)

    if policy_chars(cut(0), conditions) > budget:
        return None
    low, high = 0, longest  # cut(low) fits; find the longest length that does
    while low < high:
        middle = (low + high + 1) // 2
        if policy_chars(cut(middle), conditions) <= budget:
            low = middle
        else:
            high = middle - 1
    return cut(low), True


# ------------------------------------------------------------ template sizes


def definition_text(definition: Mapping[str, Any]) -> str:
    """The definition as AWS receives it: compact JSON."""
    return json.dumps(definition, ensure_ascii=False, separators=(",", ":"))


def entry_bytes(definition: Mapping[str, Any] | None, resources: int = 1,
                body: int | None = None) -> int:
    """Estimated template bytes of a state machine's entry and ``resources`` others.

    Block YAML of an ASL definition measured 1.0-1.53 times its compact JSON
    (deeper nesting, more indentation); 1.6 times is the estimate. The
    emitter measures what it writes and splits a part further when the
    estimate was short (:func:`jobmig.emit.cloudformation.files`). ``body``: the
    UTF-8 bytes of the definition's compact JSON when already measured
    (:attr:`Measures.definition_bytes`).
    """
    if body is None:
        body = len(definition_text(definition).encode("utf-8")) if definition is not None else 0
    return (body * 8) // 5 + ENTRY_OVERHEAD * resources


@dataclass(frozen=True, slots=True)  # one per state machine of the estate: no __dict__ each
class Measures:
    """What the limit checks and the stack split measure of one state machine.

    ``definition_chars``/``definition_bytes``: characters and UTF-8 bytes of
    :func:`definition_text`; ``fitted``: :func:`fit_permissions` of its permissions
    (a tuple instead of a list); ``role_chars``: :func:`policy_chars` (without
    conditions) of the permissions its role gets (the fitted ones, or all of them when
    none fit).
    """

    definition_chars: int
    definition_bytes: int
    fitted: tuple[tuple[Any, ...], bool] | None
    role_chars: int


def measure(machine: Any, conditions: Mapping[str, Any] | None = None) -> Measures:
    """:class:`Measures` of ``machine`` (``definition``, ``permissions``), computed the
    plain way."""
    text = definition_text(machine.definition)
    fitted = fit_permissions(list(machine.permissions), conditions=conditions)
    granted = fitted[0] if fitted is not None else list(machine.permissions)
    return Measures(len(text), len(text.encode("utf-8")),
                    (tuple(fitted[0]), fitted[1]) if fitted is not None else None,
                    policy_chars(granted))


# id of a machine -> (a weak reference to it, the conditions, its Measures); an entry
# leaves when its machine is freed
_MEASURED: dict[int, tuple[Any, Any, Measures]] = {}


def measures(machine: Any, conditions: Mapping[str, Any] | None = None) -> Measures:
    """:func:`measure` of ``machine``, worked out once per machine object and ``conditions``.

    The policy check, the widened-role findings and each stack split (an audit's, then
    convert's CloudFormation and Terraform) all read them: each would otherwise dump
    the definition and fit the policy again. A state machine is frozen (a change is a
    new object, measured anew); its definition is not changed once built.
    """
    key = id(machine)
    entry = _MEASURED.get(key)
    if entry is not None and entry[0]() is machine and entry[1] is conditions:
        return entry[2]
    measured = measure(machine, conditions)
    try:
        ref = weakref.ref(machine, lambda _, key=key: _MEASURED.pop(key, None))
    except TypeError:  # an object that cannot be watched is not kept
        return measured
    _MEASURED[key] = (ref, conditions, measured)
    return measured


#: Per job and per machine, bytes an outline's definition bound allows besides the jobs'
#: own text (:func:`definition_bound`). Over the fixtures, samples and the published
#: corpus a machine's definition measured at most about 10 KB per job and 7 KB for a
#: machine without jobs (a join gate); 32 KB is three times that (tests/test_audit_outline.py
#: checks the bound on every machine it can build).
BOUND_PER_JOB = 32_768
#: Bytes a definition may hold before an outline must be built in full to be measured:
#: the least of the definition limit and what the template budget leaves a definition
#: (:func:`entry_bytes` counts 1.6 bytes of template per byte of JSON).
OUTLINE_SAFE_BYTES = min(DEFINITION_CHARS, ((TEMPLATE_BUDGET - ENTRY_OVERHEAD) * 5) // 8)


#: Bytes per period of the zone's UTC offset over the horizon in each block that works out
#: a run's business day (a branch per period: :func:`jobmig.mappings.asl_dates.offset_periods`),
#: above what :data:`BOUND_PER_JOB` holds; measured about 400 bytes. The blocks are a
#: machine's prologue and each eun check, so a zone with daylight saving and a horizon of
#: many years (two periods a year) grows a definition past any bound per job.
PERIOD_BYTES = 1_024


def definition_bound(jobs: Sequence[Any], waits: int = 0, periods: int = 1,
                     jobnet_attributes: dict[str, int] | None = None) -> int:
    """An upper bound of the UTF-8 bytes of the definition of a machine running ``jobs``.

    ``waits``: the eun waits its units poll for (:mod:`jobmig.mappings.eun_poll`, JM446):
    each waited machine gets its own check (listing, describing, the run's business day,
    named after a machine name of at most 80 characters), counted as a job. ``periods``:
    how many periods of its UTC offset the zone has over the horizon (:data:`PERIOD_BYTES`
    each, in the prologue and in each wait's check).

    A definition holds a fixed set of states per job (a nested jobnet it starts counts as
    one: :func:`bounded_jobs`; :data:`BOUND_PER_JOB` covers them and the machine's own
    prologue) and the jobs' text: names, command, input, user,
    host, environment, parameters and attributes. Each character of that text is at most
    6 bytes of JSON (a ``\\uXXXX`` escape) and appears at most 4 times (the command in a
    document's parameters and in the environment, a name in state names), so 24 bytes.
    ``jobnet_attributes``: where the caller keeps the length of each jobnet's attributes
    text by id (a nested jobnet is counted in its parent's machine and in its own).
    """
    text = 0
    for job in jobs:
        text += len(job.id) + len(job.name) + len(job.command or "") + len(job.stdin or "")
        text += len(job.user or "") + len(job.host or "")
        if job.environment:  # most jobs have neither: no sum to start
            text += sum(len(k) + len(v) for k, v in job.environment.items())
        if job.parameters:
            text += sum(len(k) + len(v) for k, v in job.parameters.items())
        if job.attributes:
            if jobnet_attributes is None or job.kind != "jobnet":
                text += len(str(job.attributes))
            else:  # measured once: str() of a jobnet's attributes is the costly part
                length = jobnet_attributes.get(job.id)
                if length is None:
                    length = jobnet_attributes[job.id] = len(str(job.attributes))
                text += length
    return (BOUND_PER_JOB * (len(jobs) + 1 + waits) + 24 * text
            + PERIOD_BYTES * periods * (1 + waits))


#: Characters of execution-role policy a role bound (:func:`policy_bound`) allows per job,
#: per waited or called machine and for the machine itself: a job's task reaches at most
#: four resources (an ECS task: its definition, tasks, a role to pass), a call starts,
#: describes and stops one machine (three ARNs of a name of at most 80 characters), a wait
#: lists and describes one; each permission is at most about 250 characters, a parameter
#: counted at :data:`PARAMETER_VALUE_CHARS`.
POLICY_PER_ITEM = 1_024


def policy_bound(jobs: Sequence[Any], waits: int = 0, calls: int = 0) -> int:
    """An upper bound of :func:`policy_chars` of the execution role of a machine running
    ``jobs`` that polls ``waits`` eun waits and calls ``calls`` machines and waits for them
    (``Dependency.wait``). An outline records no permissions of the states it leaves out,
    so an audit measures a machine this bound puts over :data:`ROLE_POLICY_BUDGET` (JM541,
    JM543). Resources named from a job's text (its host; a watched file, a topic or a
    connection, from the parameters ``attributes["params"]`` of the units
    :mod:`jobmig.mappings.file_watch` and :mod:`jobmig.mappings.jp1_events` convert)
    count 6 characters per character, twice.
    """
    from jobmig.mappings.file_watch import WATCH_TYPES
    from jobmig.mappings.jp1_events import SENDING_TYPES

    named = WATCH_TYPES | SENDING_TYPES  # units whose parameters name resources
    text = sum(len(job.host or "") + (len(str((job.attributes or {}).get("params") or ""))
                                      if (job.unit_type or "") in named else 0)
               for job in jobs)
    return POLICY_PER_ITEM * (len(jobs) + 1 + waits + calls) + 12 * text


def bounded_jobs(graph: Any, machine: Any) -> list[Any]:
    """The jobs :func:`definition_bound` takes for ``machine`` (a workflow or child built
    from ``graph``): its own (``machine.jobs``) and the nested jobnets directly under its
    root, which ``machine.jobs`` leaves to their own machines although its definition holds
    a state starting each of them (with that machine's name and ARN)."""
    nested = [job for job in graph.members(machine.root) if job.kind == "jobnet"]
    return [graph.job(job_id) for job_id in machine.jobs] + nested


def machine_template_bytes(definition: Mapping[str, Any]) -> int:
    """Exact bytes of a state machine's definition as block YAML inside a template."""
    from jobmig.emit.cloudformation import dump_yaml

    text = dump_yaml({"Definition": definition})
    # nested three levels deeper in a template (Resources, logical id, Properties)
    return len(text.encode("utf-8")) + 6 * text.count("\n") + ENTRY_OVERHEAD


# ----------------------------------------------------------- plan-time checks


def split_large_calendars(mappings: dict[str, Any], job_of: Any,
                          limit: int = CALENDAR_BYTES) -> list[Finding]:
    """Each Change Calendar over ``limit`` bytes replaced by its pieces, in place.

    ``mappings``: job id → :class:`~jobmig.mappings.aws_schedule.ScheduleMapping`;
    ``job_of``: job id → the job (``source``). The schedules that named the
    calendar name every piece instead (joined by ``,``; the state machine asks
    GetCalendarState about all of them at once, OPEN only when all are). A
    calendar that cannot be split (:func:`~jobmig.mappings.change_calendar.split_calendar`
    gives ``None``) stays whole, for :func:`enforce` to refuse (JM542). Returns
    one JM545 (info) per split calendar, on the job it serves.
    """
    from jobmig.mappings.change_calendar import NAME_SEPARATOR, split_calendar

    findings: list[Finding] = []
    for job_id in sorted(mappings):
        mapping = mappings[job_id]
        big = [c for c in mapping.calendars if c.size > limit]
        if not big:
            continue
        calendars, renamed = list(mapping.calendars), {}
        for calendar in big:
            pieces = split_calendar(calendar, limit, CALENDAR_NAMES_CHARS)
            if pieces is None:
                continue
            at = calendars.index(calendar)
            calendars[at:at + 1] = pieces
            renamed[calendar.name] = NAME_SEPARATOR.join(p.name for p in pieces)
            job = job_of(job_id)
            findings.append(Finding(
                "JM545", msg("Change Calendar {name} would be {size:,} bytes ({days} event days "
                             "from {start} to {end}), over the 64 KB of one SSM document; it is "
                             "written as {count} calendars ({first} to {last}, each answering "
                             "for its own dates) that the schedules name together: "
                             "GetCalendarState answers OPEN only when all of them are open",
                             name=calendar.name, size=calendar.size, days=len(calendar.days),
                             start=calendar.horizon[0], end=calendar.horizon[1],
                             count=len(pieces), first=pieces[0].name, last=pieces[-1].name),
                source=getattr(job, "source", None), job_id=job_id))
        if renamed:
            schedules = tuple(replace(s, calendar=renamed.get(s.calendar, s.calendar))
                              for s in mapping.schedules)
            mappings[job_id] = replace(mapping, schedules=schedules,
                                       calendars=tuple(calendars))
    return findings


def enforce(machines: list[Any], rules: list[Any], calendars: Mapping[str, Any],
            calendar_jobs: Mapping[str, list[Any]], conditions: Mapping[str, Any] | None = None,
            ) -> tuple[list[Any], list[Any], dict[str, Any], list[Finding], set[str]]:
    """Leave out what AWS would refuse; say so in findings.

    ``machines``/``rules``: the plan's state machines and event rules;
    ``calendars``: name → :class:`~jobmig.mappings.change_calendar.ChangeCalendar`;
    ``calendar_jobs``: calendar name → the jobs (with ``id``, ``name``,
    ``source``) whose schedules it gates. Returns (machines, rules,
    calendars, findings, ids of jobs whose state machine was left out).
    """
    findings: list[Finding] = []
    dropped: set[str] = set()
    kept = []
    for machine in machines:
        reason = _machine_problem(machine, conditions)
        if reason is None:
            kept.append(machine)
            continue
        code, message = reason
        dropped.add(machine.name)
        findings.append(Finding(code, msg("state machine {name}: {message}",
                                          name=machine.name, message=message),
                                job_id=machine.root or (machine.jobs[0] if machine.jobs else None)))
    left_out_jobs = {job for m in machines if m.name in dropped for job in m.jobs}
    kept_rules = [rule for rule in rules if rule.target not in dropped]
    kept_calendars: dict[str, Any] = {}
    for name in sorted(calendars):
        calendar = calendars[name]
        size = calendar.size
        if size <= CALENDAR_BYTES:
            kept_calendars[name] = calendar
            continue
        days = len(calendar.days)
        for job in calendar_jobs.get(name, []):
            findings.append(Finding(
                "JM542", msg("Change Calendar {name} would be {size:,} bytes ({days} event days "
                             "from {start} to {end}), over the 64 KB limit of an SSM document, "
                             "and it cannot be split into calendars checked together (their "
                             "names would pass the {chars:,} characters a schedule's input "
                             "leaves for them); it is not written and the job's schedules stay "
                             "DISABLED. Convert with a shorter --horizon (and again before it "
                             "ends)", name=name, size=size, days=days, start=calendar.horizon[0],
                             end=calendar.horizon[1], chars=CALENDAR_NAMES_CHARS),
                source=job.source, job_id=job.id))
    return kept, kept_rules, kept_calendars, findings, left_out_jobs


def root_stack_problems(template: Mapping[str, Any], text_bytes: int,
                        root: RootLimits | None = None) -> list[str]:
    """What in the root template ``template`` (its text ``text_bytes`` long) passes ``root``.

    Empty when AWS would take the root stack. Each entry says the count and the limit.
    """
    root = root or ROOT_LIMITS
    problems = []
    for what, count, limit in (
            (msg("resources (one per nested stack, and the failure-notice topic)"),
             len(template.get("Resources") or {}), root.resources),
            (msg("outputs"), len(template.get("Outputs") or {}), root.outputs),
            (msg("template parameters"), len(template.get("Parameters") or {}), root.parameters)):
        if count > limit:
            problems.append(msg("{count:,} {what}, over the {limit:,} a stack may hold",
                                count=count, what=what, limit=limit))
    if text_bytes > root.template_bytes:
        problems.append(msg("a template of {size:,} bytes, over the {limit:,} CloudFormation "
                            "takes", size=text_bytes, limit=root.template_bytes))
    return problems


def root_stack_finding(problems: Sequence[str], parts: int,
                       first_parameters: Sequence[str] = (), outlined: bool = False) -> Finding:
    """JM544: the root stack of ``parts`` nested stacks would pass its limits (``problems``).

    ``outlined``: counted on an audit's outline machines, whose definitions were not
    built: a conversion's split can only have more parts (a part is split when what it
    holds does not fit, and definitions only add), so the root is refused there too,
    with counts at least these; the message says so.
    """
    named = (msg(" (first parameters: {names})", names=", ".join(first_parameters))
             if first_parameters and any("parameters" in p for p in problems) else "")
    message = msg("the root CloudFormation stack that would create the {parts:,} nested "
                  "stacks would hold {problems}{named}: AWS would refuse it, so "
                  "cloudformation/template.yaml is not written. Each "
                  "cloudformation/part-*.yaml stays inside the limits and can be deployed as "
                  "its own stack (give it its parameters, and NotificationTopicArn for its "
                  "failure notices); or convert the estate in several runs (a folder or "
                  "jobnet group at a time), share instance parameters between hosts in the "
                  "profile ([ssm] hosts, or per_host_parameters = false), or deploy the "
                  "Terraform output", parts=parts, problems=joined("; ", problems),
                  named=named)
    if outlined:
        message = msg("{message} (counted without state machine definitions, as an audit "
                      "builds none: convert counts at least as many)", message=message)
    return Finding("JM544", message)


def root_stack_findings(plan: Any, capacity: Any = None,
                        root: RootLimits | None = None, outlined: bool = False) -> list[Finding]:
    """JM544 when the root stack of the plan's nested stacks would pass ``root``.

    ``outlined``: the plan's machines are an audit's outlines (see :func:`root_stack_finding`).
    An outline split that fits says nothing about the conversion's, which may not fit: an
    audit then reports nothing here (the limit of an audit; convert checks exactly).

    The parts are those the templates are made from (:func:`jobmig.emit.aws_stack.stack_of`
    with ``capacity``; measured by :func:`jobmig.emit.aws_stack.split_of`, which builds
    no more of the stack than the split reads), and the root is the template that
    creates them. It is
    not built when no split could pass ``root``: the root holds at most one
    resource per unit (state machine, notice rule, calendar) and two for the
    notice topic, and every parameter of the plan.
    """
    root = root or ROOT_LIMITS
    machines, rules, calendars = plan.state_machines, plan.rules, plan.calendars
    parameters = {p.name: p for m in machines for p in getattr(m, "parameters", ())}
    units = len(machines) + len(rules) + len(calendars)
    # a root entry: at most 100 bytes and two names and 40 bytes per parameter it passes
    # on; a parameter's declaration: its name, description and 100 bytes
    entry = 100 + sum(2 * len(name) + 40 for name in parameters) + 200
    declared = sum(len(name) + len(getattr(p, "description", "") or "") + 100
                   for name, p in parameters.items()) + 400
    if (units + 2 <= root.resources and len(parameters) + 1 <= root.parameters
            and units * entry + declared <= root.template_bytes):
        return []
    from jobmig.emit.aws_stack import split_of
    from jobmig.emit.cloudformation import render_template, root_template
    from jobmig.emit.stack_split import DEFAULT_CAPACITY

    stack = split_of(plan, capacity or DEFAULT_CAPACITY)  # the root needs only the split
    if len(stack.parts) < 2:
        return []
    data = root_template(stack, stack.parts)
    problems = root_stack_problems(data, len(render_template(data).encode("utf-8")), root)
    if not problems:
        return []
    return [root_stack_finding(problems, len(stack.parts),
                               [p.name for p in stack.parameters][:3], outlined)]


def _machine_problem(machine: Any, conditions: Mapping[str, Any] | None
                     ) -> tuple[str, str] | None:
    measured = measures(machine, conditions)
    chars = measured.definition_chars
    if chars > DEFINITION_CHARS:
        return "JM540", (f"its definition is {chars:,} characters, over the 1,048,576 "
                         "Step Functions allows; it is not written. Move long commands into "
                         "scripts on the instance, or split the workflow")
    if entry_bytes(machine.definition, body=measured.definition_bytes) > TEMPLATE_BUDGET:
        size = machine_template_bytes(machine.definition)
        if size > TEMPLATE_BUDGET:
            return "JM540", (f"its CloudFormation entry would be about {size:,} bytes, more "
                             "than one template (1 MB) can hold with its role and triggers; "
                             "it is not written. Move long commands into scripts on the "
                             "instance, or split the workflow")
    if measured.fitted is None:
        return "JM541", (f"its execution role needs {policy_chars(machine.permissions):,} "
                         "characters of policy even with wildcards on name prefixes, over "
                         "the 10,240 IAM allows per role; it is not written. Split the "
                         "workflow so each part reaches fewer resources")
    return None


def widened_findings(machines: Iterable[Any], conditions: Mapping[str, Any] | None = None
                     ) -> list[Finding]:
    """JM543 (review) for each execution role whose policy uses prefix wildcards."""
    found = []
    for machine in machines:
        fitted = measures(machine, conditions).fitted
        if fitted is None or not fitted[1]:
            continue
        wild = sorted({p.resource for p in fitted[0] if p.resource.endswith("*")
                       and p not in machine.permissions})
        found.append(Finding(
            "JM543", msg("state machine {name}: its execution role would need {permissions:,} "
                         "characters of policy, over the 10,240 IAM allows, so {count} resource "
                         "patterns end in * on a name prefix (first: {value})",
                         name=machine.name,
                         permissions=policy_chars(machine.permissions),
                         count=len(wild),
                         value=wild[0] if wild else '-'),
            job_id=machine.root or (machine.jobs[0] if machine.jobs else None)))
    return found
