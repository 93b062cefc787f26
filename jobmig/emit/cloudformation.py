"""CloudFormation: one template (YAML) with every resource of a Plan.

Resources (see :mod:`jobmig.emit.aws_stack` for what is in the plan):

* ``AWS::StepFunctions::StateMachine`` (STANDARD, ``Definition`` object +
  ``DefinitionSubstitutions`` as ``Fn::Sub``), each with its own
  ``AWS::IAM::Role`` (least privilege: the actions and resources its states
  need);
* ``AWS::Scheduler::Schedule`` with ``ScheduleExpressionTimezone``,
  ``FlexibleTimeWindow: {Mode: OFF}``, ``State: DISABLED`` for jobs that
  are disabled or need manual work, and Input carrying the business date
  (``<aws.scheduler.scheduled-time>``) and the gating calendar;
* ``AWS::Events::Rule``: UTC schedule rules (``--target rules``; a rule has
  no StartDate/EndDate, and a dated one raises rather than losing its
  dates), dependency rules (DISABLED when the job they start needs manual
  work) and failure notices, with targets and ``RoleArn``;
* ``AWS::SSM::Document`` ``ChangeCalendar`` in ``TEXT`` format, and the ``Command``
  documents JP1 jobs that read AJSEXDATE/AJSPRE_ST/AJSPRE_RC run through (without a
  name: the machines' substitutions ``Ref`` them; one in each stack that needs it);
* ``SchedulerRole``/``EventsRole`` allowed to start exactly their targets;
* parameters for site-specific values (instance ids, ARNs, SNS topic).

Output is deterministic YAML (sorted keys, plain ``Fn::`` mappings, no tags).
"""
from __future__ import annotations

import re
from typing import Any, Callable, Iterator, Mapping

import yaml

from jobmig.emit import limits
from jobmig.emit.aws_stack import (
    CONDITIONS, EVENT_WAIT_KEYS, EVENT_WAIT_TTL, NOTICE_INPUT_PATHS, NOTICE_INPUT_TEMPLATE,
    NOTIFY_CONDITION,
    NOTIFY_TOPIC, NOTIFY_TOPIC_PARAMETER, Role, Rule, Stack, command_document, documents_of,
    grouped, rule_input_template, rule_target_input, schedule_input_json, stack_of,
    starting_roles, subscription_logical, topic_policy,
)
from jobmig.mappings.asl_tasks import TemplateParameter
from jobmig.emit.stack_split import DEFAULT_CAPACITY, Capacity, Part, split
from jobmig.emit.yaml_block import Scalars, dump_block
from jobmig.emit.yaml_nodes import QuickNodes
from jobmig.model import Finding
from jobmig.plan import Plan

TEMPLATE_VERSION = "2010-09-09"
CFN_LINT_TEXT_DOCUMENT = "E3051"  # see the calendar resource below


def sub(text: str) -> Any:
    """``text`` as is, or ``{"Fn::Sub": text}`` when it holds ``${...}``."""
    return {"Fn::Sub": text} if "${" in text else text


def _deep_sub(value: Any) -> Any:
    if isinstance(value, str):
        return sub(value)
    if isinstance(value, list):
        return [_deep_sub(v) for v in value]
    if isinstance(value, dict):
        return {k: _deep_sub(v) for k, v in value.items()}
    return value


def template(plan: Plan) -> dict[str, Any]:
    """The top-level template as a dict: everything, or the root of nested stacks."""
    return templates(plan)[ROOT]


def templates(plan: Plan, capacity: Capacity = DEFAULT_CAPACITY) -> dict[str, dict[str, Any]]:
    """Every template by file name (``template.yaml`` and any ``part-<key>.yaml``), as dicts.

    Parts follow :func:`jobmig.emit.aws_stack.stack_of`'s estimate only; what
    :func:`files` writes is also measured (and split further if needed).
    """
    stack = stack_of(plan, capacity)
    if len(stack.parts) == 1:
        return {ROOT: _template(stack, stack.parts[0], stack.description, outputs=True)}
    found = {_part_file(p.key): _part_template(stack, p) for p in stack.parts}
    found[ROOT] = root_template(stack, stack.parts)
    return found


def files(plan: Plan, capacity: Capacity = DEFAULT_CAPACITY,
          root: limits.RootLimits | None = None,
          refused: Callable[[Finding], None] | None = None) -> Iterator[tuple[str, str]]:
    """(file name, YAML text) of every template, each at most 1 MB; the root last.

    One part that fits is written as ``template.yaml`` alone. Otherwise each
    part is a nested template ``part-<key>.yaml`` and ``template.yaml`` is the
    root stack that creates them (``TemplateURL`` is the file's relative
    path, which ``aws cloudformation package`` uploads and rewrites). A part
    whose text passes 1 MB is split further before anything of it is written.
    A root that passes ``root`` (:func:`jobmig.emit.limits.root_stack_problems`:
    more resources or parameters than a stack may hold, or too long a text) is
    not yielded: AWS would refuse it. The plan's JM544 says so (it is worked out on
    the same split); ``refused`` is given the JM544 of the root actually left out.
    """
    stack = stack_of(plan, capacity)
    if len(stack.parts) == 1:
        text = render_template(_template(stack, stack.parts[0], stack.description, outputs=True))
        if len(stack.parts[0].units) == 1 or _fits(text):
            yield ROOT, text
            return
        stack = stack_of(plan, capacity, forced=frozenset({""}))
    written: list[Part] = []
    pending = list(stack.parts)
    while pending:
        part = pending.pop(0)
        text = render_template(_part_template(stack, part))
        if not _fits(text) and len(part.units) > 1:
            smaller = split(part.units, capacity, frozenset({part.key}), key=part.key)
            for piece in smaller:
                starting_roles(stack, piece, single=False)
            pending[:0] = smaller
            continue
        written.append(part)
        yield _part_file(part.key), text
    data = root_template(stack, written)
    text = render_template(data)
    problems = limits.root_stack_problems(data, len(text.encode("utf-8")), root)
    if not problems:
        yield ROOT, text
    elif refused is not None:
        refused(limits.root_stack_finding(problems, len(written),
                                          [p.name for p in stack.parameters][:3]))


ROOT = "template.yaml"


def _part_file(key: str) -> str:
    return f"part-{key}.yaml"


def _fits(text: str) -> bool:
    return len(text.encode("utf-8")) <= limits.TEMPLATE_BYTES


def render_template(data: Mapping[str, Any]) -> str:
    """One template's YAML text."""
    return "".join(dump_yaml_parts(data))


def _part_template(stack: Stack, part: Part) -> dict[str, Any]:
    return _template(stack, part, f"jobmig conversion, nested stack part {part.key}: "
                                  f"{len(part.machines)} state machines, {len(part.schedules)} "
                                  f"schedules, {len(part.rules)} event rules, "
                                  f"{len(part.calendars)} calendars", outputs=True)


def root_template(stack: Stack, parts: list[Part]) -> dict[str, Any]:
    """The root template: the parameters, and one nested stack per part."""
    resources = {}
    for part in parts:
        properties: dict[str, Any] = {"TemplateURL": _part_file(part.key)}
        if part.parameters:
            properties["Parameters"] = {name: {"Ref": name} for name in part.parameters}
        resources[f"Part{part.key}"] = {"Type": "AWS::CloudFormation::Stack",
                                        "Properties": properties}
    data: dict[str, Any] = {
        "AWSTemplateFormatVersion": TEMPLATE_VERSION,
        "Description": f"{stack.description}; {len(parts)} nested stacks (package with aws "
                       "cloudformation package before deploying)",
        "Resources": resources,
    }
    notices = [r.name for part in parts for r in part.rules if r.notice]
    if notices:  # the root creates the topic, and passes the one to use to the parts
        _notification_topic(data, notices)
        for key, resource in resources.items():
            passed = resource["Properties"].get("Parameters", {})
            if NOTIFY_TOPIC_PARAMETER in passed:
                passed[NOTIFY_TOPIC_PARAMETER] = _notification_topic_arn()
    if stack.parameters:
        data["Parameters"] = {p.name: _parameter(p) for p in stack.parameters}
    return data


def _parameter(parameter: TemplateParameter) -> dict[str, Any]:
    data = {"Type": parameter.type, "Description": parameter.description}
    if parameter.default is not None:
        data["Default"] = parameter.default
    return data


def _notification_topic_arn() -> dict[str, Any]:
    """The topic failure notices go to: the stack's own unless NotificationTopicArn is given."""
    return {"Fn::If": [NOTIFY_CONDITION, {"Ref": NOTIFY_TOPIC}, {"Ref": NOTIFY_TOPIC_PARAMETER}]}


def _notification_topic(data: dict[str, Any], rule_names: list[str]) -> None:
    """Add to template ``data`` the topic created when NotificationTopicArn is left empty,
    and its policy letting EventBridge publish for the notice rules ``rule_names``."""
    data.setdefault("Conditions", {})[NOTIFY_CONDITION] = {
        "Fn::Equals": [{"Ref": NOTIFY_TOPIC_PARAMETER}, ""]}
    resources = data["Resources"]
    resources[NOTIFY_TOPIC] = {"Type": "AWS::SNS::Topic", "Condition": NOTIFY_CONDITION,
                               "Properties": {"DisplayName": "jobmig failure notices"}}
    resources[NOTIFY_TOPIC + "Policy"] = {
        "Type": "AWS::SNS::TopicPolicy", "Condition": NOTIFY_CONDITION,
        "Properties": {"Topics": [{"Ref": NOTIFY_TOPIC}],
                       "PolicyDocument": _deep_sub(topic_policy({"Ref": NOTIFY_TOPIC},
                                                                rule_names))}}


def _mail_topic(resources: dict[str, Any], rule: Rule) -> None:
    """A mail notice's topic, its policy and an email subscription per address."""
    topic = rule.logical + "Topic"
    resources[topic] = {"Type": "AWS::SNS::Topic", "Properties": {
        "DisplayName": "jobmig failure notices"}}
    resources[topic + "Policy"] = {"Type": "AWS::SNS::TopicPolicy", "Properties": {
        "Topics": [{"Ref": topic}],
        "PolicyDocument": _deep_sub(topic_policy({"Ref": topic}, [rule.name]))}}
    for address in rule.addresses:
        resources[subscription_logical(topic, address)] = {
            "Type": "AWS::SNS::Subscription",
            "Properties": {"TopicArn": {"Ref": topic}, "Protocol": "email", "Endpoint": address}}


def _template(stack: Stack, part: Part, description: str, outputs: bool) -> dict[str, Any]:
    """One template holding ``part``'s resources (all of them when there is one part)."""
    machines = part.machines
    own_roles = {m.role.logical for m in machines} | {r.logical for r in part.roles}
    resources: dict[str, Any] = {}
    for role in stack.roles:
        if role.logical in own_roles:
            resources[role.logical] = _role(role)
    for machine in machines:
        properties: dict[str, Any] = {
            "StateMachineName": machine.name,
            "StateMachineType": "STANDARD",
            "RoleArn": {"Fn::GetAtt": [machine.role.logical, "Arn"]},
            "Definition": machine.definition,
        }
        if machine.substitutions:
            properties["DefinitionSubstitutions"] = {k: sub(v) for k, v in machine.substitutions}
        if machine.tags:
            properties["Tags"] = [{"Key": k, "Value": v} for k, v in machine.tags]
        resources[machine.logical] = {"Type": "AWS::StepFunctions::StateMachine",
                                      "Properties": properties}
        if machine.table:
            resources[machine.logical + "Table"] = _table(machine.table)
    for logical in documents_of(machines):
        resources[logical] = {"Type": "AWS::SSM::Document", "Properties": {
            "DocumentType": "Command", "DocumentFormat": "JSON",
            "Content": command_document(logical)}}
    for schedule in part.schedules:
        resources[schedule.logical] = _schedule(schedule)
    own_topic = len(stack.parts) == 1  # else the root stack creates it
    for rule in part.rules:
        resources[rule.logical] = _rule(rule, own_topic)
        if rule.addresses:
            _mail_topic(resources, rule)
    for calendar in part.calendars:
        resources[calendar.logical] = {
            "Type": "AWS::SSM::Document",
            # cfn-lint's E3051 parses every string Content as JSON/YAML, even with
            # DocumentFormat TEXT (iCalendar), which AWS documents for Change Calendars.
            "Metadata": {"cfn-lint": {"config": {"ignore_checks": [CFN_LINT_TEXT_DOCUMENT]}}},
            "Properties": {
                "Name": calendar.name, "DocumentType": "ChangeCalendar", "DocumentFormat": "TEXT",
                "Content": calendar.content, "UpdateMethod": "NewVersion"}}
    data: dict[str, Any] = {
        "AWSTemplateFormatVersion": TEMPLATE_VERSION,
        "Description": description,
        "Resources": resources,
    }
    used = set(part.parameters) if len(stack.parts) > 1 else None
    parameters = [p for p in stack.parameters if used is None or p.name in used]
    if parameters:
        data["Parameters"] = {p.name: _parameter(p) for p in parameters}
    notices = [r.name for r in part.rules if r.notice]
    if own_topic and notices:
        _notification_topic(data, notices)
    if outputs and machines:
        data["Outputs"] = {f"{m.logical}Arn": {"Description": f"ARN of state machine {m.name}",
                                               "Value": {"Ref": m.logical}}
                           for m in machines}
    return data


def render(plan: Plan) -> str:
    """The top-level template as deterministic YAML text."""
    return "".join(render_parts(plan))


def render_parts(plan: Plan) -> Iterator[str]:
    """:func:`render`'s text in pieces, so that a large template is written without
    holding its text, or PyYAML's node graph of all of it, at once."""
    return dump_yaml_parts(template(plan))


def dump_yaml_parts(data: Mapping[str, Any],
                    base: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)) -> Iterator[str]:
    """``dump_yaml(data)`` of a mapping, in pieces whose concatenation is that text.

    A top-level entry whose value is a non-empty mapping is written as its
    ``key:`` line, then its own entries dumped a few hundred at a time with
    every line indented by two spaces (the emitter leaves empty lines empty at
    any depth); any other entry is dumped whole.
    """
    if not data:
        yield dump_yaml(data, base)
        return

    scalars = _SCALARS.get(base)
    if scalars is None:
        scalars = _SCALARS[base] = Scalars(lambda value: dump_yaml(value, base))

    def dumped(value: dict[str, Any]) -> str:
        # most of a template written directly (jobmig.emit.yaml_block: PyYAML's text,
        # several times faster); what that leaves undecided, by PyYAML itself
        text = dump_block(value, scalars)
        return text if text is not None else dump_yaml(value, base)

    for key in sorted(data):
        value = data[key]
        plain_key = isinstance(key, str) and dump_yaml({key: 0}, base) == f"{key}: 0\n"
        if not (plain_key and isinstance(value, dict) and value):
            yield dumped({key: value})
            continue
        yield f"{key}:\n"
        names = sorted(value)
        for first in range(0, len(names), _ENTRIES_PER_DUMP):
            text = dumped({name: value[name] for name in names[first:first + _ENTRIES_PER_DUMP]})
            yield _indented(text)


def _indented(text: str) -> str:
    """``text`` with two spaces before every line that is not empty."""
    if _OTHER_BREAK.search(text) is None:
        # one C pass instead of a Python step per line: with \n the only break,
        # "a line not empty" is exactly a line start followed by a character
        return _LINE_START.sub("  ", text)
    return "".join("  " + piece if piece and index % 2 == 0 else piece
                   for index, piece in enumerate(_LINE_BREAK.split(text)))


_ENTRIES_PER_DUMP = 256
_SCALARS: dict[type, Scalars] = {}  # by PyYAML dumper: how it writes each text
# What the emitters end a line with (YAML 1.1 line breaks; they write no other
# raw, and \r only as an escape); split with the breaks kept at odd indexes.
_LINE_BREAK = re.compile("(\n|\x85|\u2028|\u2029)")
_OTHER_BREAK = re.compile("[\x85\u2028\u2029]")
_LINE_START = re.compile("^(?=.)", re.MULTILINE)


def dump_yaml(data: Any, base: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper),
              quick: bool = True) -> str:
    """``data`` as block YAML: keys sorted, no aliases, long strings on one line.

    ``base`` is libyaml's emitter when PyYAML was built with it (its wheels are):
    the pure-Python emitter takes minutes on a template of thousands of state
    machines. The two wrap long strings differently, so nothing is wrapped
    and both give the same text. ``quick``: build PyYAML's nodes with
    :class:`jobmig.emit.yaml_nodes.QuickNodes` (the same text; False is PyYAML's
    own representer, for comparison).
    """
    dumper = _DUMPERS.get((base, quick))
    if dumper is None:
        # CloudFormation rejects YAML aliases (cfn-lint W1101): never emit them.
        bases = (QuickNodes, base) if quick else (base,)
        dumper = _DUMPERS[(base, quick)] = type("NoAliasDumper", bases,
                                                {"ignore_aliases": lambda self, data: True})
    return yaml.dump(data, Dumper=dumper, sort_keys=True, allow_unicode=True,
                     default_flow_style=False, width=_NO_WRAP)


_NO_WRAP = 1 << 30
_DUMPERS: dict[tuple[type, bool], type] = {}


def _role(role: Role) -> dict[str, Any]:
    statements = []
    for action, resources in grouped(role.permissions):
        statement: dict[str, Any] = {"Effect": "Allow", "Action": action,
                                     "Resource": [sub(r) for r in resources]}
        if action in CONDITIONS:
            statement["Condition"] = CONDITIONS[action]
        statements.append(statement)
    properties: dict[str, Any] = {
        "Description": role.description,
        "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": role.principal},
            "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}}}]},
    }
    if statements:
        properties["Policies"] = [{"PolicyName": "jobmig", "PolicyDocument": {
            "Version": "2012-10-17", "Statement": statements}}]
    return {"Type": "AWS::IAM::Role", "Properties": properties}


def _schedule(schedule: Any) -> dict[str, Any]:
    state = "ENABLED" if schedule.enabled else "DISABLED"
    if schedule.kind == "rule":
        paths, template_text = rule_input_template(schedule)
        return {"Type": "AWS::Events::Rule", "Properties": {
            "Name": schedule.name, "Description": schedule.description,
            "ScheduleExpression": schedule.expression, "State": state,
            "Targets": [{"Id": "start", "Arn": {"Ref": schedule.machine},
                         "RoleArn": {"Fn::GetAtt": [schedule.role, "Arn"]},
                         "InputTransformer": {"InputPathsMap": paths,
                                              "InputTemplate": template_text}}]}}
    properties: dict[str, Any] = {
        "Name": schedule.name, "Description": schedule.description,
        "ScheduleExpression": schedule.expression,
        "ScheduleExpressionTimezone": schedule.timezone,
        "FlexibleTimeWindow": {"Mode": "OFF"}, "State": state,
        "Target": {"Arn": {"Ref": schedule.machine},
                   "RoleArn": {"Fn::GetAtt": [schedule.role, "Arn"]},
                   "Input": schedule_input_json(schedule)},
    }
    if schedule.start_date:
        properties["StartDate"] = schedule.start_date
    if schedule.end_date:
        properties["EndDate"] = schedule.end_date
    return {"Type": "AWS::Scheduler::Schedule", "Properties": properties}


def _table(name: str) -> dict[str, Any]:
    """The DynamoDB table of JP1 event waits (task tokens by event id and waiter)."""
    return {"Type": "AWS::DynamoDB::Table",
            "DeletionPolicy": "Delete", "UpdateReplacePolicy": "Delete",
            "Properties": {
                "TableName": sub(name), "BillingMode": "PAY_PER_REQUEST",
                "AttributeDefinitions": [{"AttributeName": a, "AttributeType": "S"}
                                         for a, _ in EVENT_WAIT_KEYS],
                "KeySchema": [{"AttributeName": a, "KeyType": k} for a, k in EVENT_WAIT_KEYS],
                # an item a run never cleaned up (an aborted execution) expires
                "TimeToLiveSpecification": {"AttributeName": EVENT_WAIT_TTL, "Enabled": True}}}


def _rule(rule: Rule, own_topic: bool = True) -> dict[str, Any]:
    if rule.machine:
        target = {"Id": "start", "Arn": {"Ref": rule.machine},
                  "RoleArn": {"Fn::GetAtt": [rule.role, "Arn"]}}
        given = rule_target_input(rule.kind, rule.pattern)
        if given is not None:
            target["InputTransformer"] = {"InputPathsMap": given[0], "InputTemplate": given[1]}
    else:
        arn = ({"Ref": rule.logical + "Topic"} if rule.addresses else
               _notification_topic_arn() if own_topic else {"Ref": NOTIFY_TOPIC_PARAMETER})
        target = {"Id": "notify", "Arn": arn,
                  "InputTransformer": {"InputPathsMap": NOTICE_INPUT_PATHS,
                                       "InputTemplate": NOTICE_INPUT_TEMPLATE}}
    return {"Type": "AWS::Events::Rule", "Properties": {
        "Name": rule.name, "Description": rule.description,
        "State": "ENABLED" if rule.enabled else "DISABLED",
        "EventPattern": _deep_sub(rule.pattern), "Targets": [target]}}


__all__ = ["files", "render", "template", "templates", "sub"]
