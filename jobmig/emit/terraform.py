"""Terraform: the same resources as the CloudFormation template, as ``main.tf.json``.

Resources: ``aws_sfn_state_machine`` (definition = the ASL JSON with every
``${Placeholder}`` replaced by its Terraform interpolation),
``aws_iam_role`` + ``aws_iam_role_policy``, ``aws_scheduler_schedule``,
``aws_cloudwatch_event_rule`` + ``aws_cloudwatch_event_target``,
``aws_ssm_document`` (ChangeCalendar, TEXT: needs a recent AWS provider; and the
Command documents JP1 jobs that read AJSEXDATE/AJSPRE_ST/AJSPRE_RC run through, named
``<SsmDocumentPrefix>-jp1-shell``/``-jp1-powershell``),
``aws_sns_topic`` + ``aws_sns_topic_policy`` for failure notices (created
when the ``NotificationTopicArn`` variable is left empty: ``count``) and per
set of cron ``MAILTO`` addresses, with ``aws_sns_topic_subscription`` (email).
States follow :mod:`jobmig.emit.aws_stack`: triggers of jobs that are
disabled or need manual work are ``DISABLED``; a rule never gets a date.
Template parameters become ``variable`` blocks; the pseudo parameters come
from the ``aws_partition``, ``aws_region`` and ``aws_caller_identity`` data
sources. Every literal ``${``/``%{`` in a string is escaped (``$${``), so
Terraform interpolates only what jobmig put there.
"""
from __future__ import annotations

import hashlib
import json
import re
from typing import Any, Callable, Iterator

from jobmig.emit.aws_stack import (
    CONDITIONS, EVENT_WAIT_KEYS, EVENT_WAIT_TTL, NOTICE_INPUT_PATHS, NOTICE_INPUT_TEMPLATE,
    NOTIFY_TOPIC,
    NOTIFY_TOPIC_PARAMETER, Role, command_document, documents_of, grouped, rule_input_template,
    rule_target_input, schedule_input_json, stack_of, subscription_logical, topic_policy,
)
from jobmig.mappings.jp1_runtime import POWERSHELL_DOCUMENT
from jobmig.emit.stack_split import DEFAULT_CAPACITY, Capacity
from jobmig.plan import Plan, dump_json, dump_json_parts
from jobmig.report.json_render import Deferred

AWS_PROVIDER = {"source": "hashicorp/aws", "version": ">= 5.40"}
PSEUDO = {
    "AWS::Partition": "data.aws_partition.current.partition",
    "AWS::Region": "data.aws_region.current.name",
    "AWS::AccountId": "data.aws_caller_identity.current.account_id",
}
_TOKEN = re.compile(r"\$\{([A-Za-z0-9:_.]+)\}|([$%])\{")
#: The variable whose value starts the names of jobmig's SSM Command documents.
DOCUMENT_PREFIX = "SsmDocumentPrefix"


def interpolate(text: str, variables: set[str], extra: dict[str, str] | None = None) -> str:
    """Turn an Fn::Sub template into a Terraform string; escape anything else.

    ``${AWS::…}`` → data sources, ``${Param}`` (a template parameter) →
    ``${var.Param}``, names in ``extra`` → their expressions; any other
    ``${``/``%{`` is escaped as ``$${``/``%%{``.
    """
    extra = extra or {}

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name is None:
            return match.group(2) * 2 + "{"
        if name in PSEUDO:
            return "${" + PSEUDO[name] + "}"
        if name in extra:
            return "${" + extra[name] + "}"
        if name in variables:
            return "${var." + name + "}"
        return "$${" + name + "}"

    return _TOKEN.sub(replace, text)


def escape(text: str) -> str:
    """A literal string for Terraform (no interpolation)."""
    return interpolate(text, set())


def _resource_name(logical: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", logical).lower()


def document(plan: Plan, capacity: Capacity = DEFAULT_CAPACITY,
             deferred: bool = False) -> dict[str, Any]:
    """The Terraform JSON document as a dict (what :func:`render` dumps).

    Terraform has no per-stack limits, but each starting role's policy must
    fit IAM's: the Scheduler and EventBridge roles are one pair per part of
    :func:`jobmig.emit.aws_stack.stack_of` (``capacity``), as in CloudFormation.
    ``deferred``: each state machine's ``definition`` text is a
    :class:`jobmig.report.json_render.Deferred` made when it is written (for
    :func:`render_parts`), not a string.
    """
    stack = stack_of(plan, capacity)
    variables = {p.name for p in stack.parameters}
    machines = {m.logical: _resource_name(m.logical) for m in stack.machines}
    resources: dict[str, dict[str, Any]] = {}

    def add(kind: str, name: str, body: dict[str, Any]) -> None:
        resources.setdefault(kind, {})[name] = body

    documents = documents_of(stack.machines)
    # a machine's ${<document logical id>} is the document's name
    named = {d: f"aws_ssm_document.{_resource_name(d)}.name" for d in documents}
    for logical in documents:
        suffix = "jp1-powershell" if logical == POWERSHELL_DOCUMENT else "jp1-shell"
        add("aws_ssm_document", _resource_name(logical), {
            "name": "${var." + DOCUMENT_PREFIX + "}-" + suffix, "document_type": "Command",
            "document_format": "JSON",
            "content": escape(json.dumps(command_document(logical), sort_keys=True))})
    for role in stack.roles:
        _role(role, variables, add, named)
    for machine in stack.machines:
        text = _definition_text(machine, variables, named)
        body = {
            "name": machine.name, "type": "STANDARD",
            "role_arn": "${aws_iam_role." + _resource_name(machine.role.logical) + ".arn}",
            # every machine's text at once is several times the size of the rest of the
            # file: written as it is made when the document is streamed
            "definition": Deferred(text) if deferred else text()}
        if machine.tags:
            body["tags"] = {k: escape(v) for k, v in machine.tags}
        add("aws_sfn_state_machine", machines[machine.logical], body)
        if machine.table:  # the JP1 event relay's table of waits (as in CloudFormation)
            add("aws_dynamodb_table", _resource_name(machine.logical + "Table"), {
                "name": interpolate(machine.table, variables),
                "billing_mode": "PAY_PER_REQUEST",
                "hash_key": EVENT_WAIT_KEYS[0][0], "range_key": EVENT_WAIT_KEYS[1][0],
                "attribute": [{"name": a, "type": "S"} for a, _ in EVENT_WAIT_KEYS],
                "ttl": {"attribute_name": EVENT_WAIT_TTL, "enabled": True}})
    for schedule in stack.schedules:
        target_arn = "${aws_sfn_state_machine." + machines[schedule.machine] + ".arn}"
        name = _resource_name(schedule.logical)
        state = "ENABLED" if schedule.enabled else "DISABLED"
        if schedule.kind == "rule":
            paths, template_text = rule_input_template(schedule)
            add("aws_cloudwatch_event_rule", name, {
                "name": schedule.name, "description": escape(schedule.description),
                "schedule_expression": schedule.expression, "state": state})
            add("aws_cloudwatch_event_target", name, {
                "rule": "${aws_cloudwatch_event_rule." + name + ".name}", "target_id": "start",
                "arn": target_arn,
                "role_arn": "${aws_iam_role." + _resource_name(schedule.role) + ".arn}",
                "input_transformer": {"input_paths": paths, "input_template": escape(template_text)}})
            continue
        body: dict[str, Any] = {
            "name": schedule.name, "description": escape(schedule.description),
            "schedule_expression": schedule.expression,
            "schedule_expression_timezone": schedule.timezone,
            "flexible_time_window": {"mode": "OFF"}, "state": state,
            "target": {"arn": target_arn,
                       "role_arn": "${aws_iam_role." + _resource_name(schedule.role) + ".arn}",
                       "input": escape(schedule_input_json(schedule))},
        }
        if schedule.start_date:
            body["start_date"] = schedule.start_date
        if schedule.end_date:
            body["end_date"] = schedule.end_date
        add("aws_scheduler_schedule", name, body)
    for rule in stack.rules:
        name = _resource_name(rule.logical)
        add("aws_cloudwatch_event_rule", name, {
            "name": rule.name, "description": escape(rule.description),
            "event_pattern": interpolate(json.dumps(rule.pattern, sort_keys=True), variables),
            "state": "ENABLED" if rule.enabled else "DISABLED"})
        target: dict[str, Any] = {"rule": "${aws_cloudwatch_event_rule." + name + ".name}"}
        if rule.machine:
            target.update({"target_id": "start",
                           "arn": "${aws_sfn_state_machine." + machines[rule.machine] + ".arn}",
                           "role_arn": "${aws_iam_role." + _resource_name(rule.role) + ".arn}"})
            given = rule_target_input(rule.kind, rule.pattern)
            if given is not None:
                target["input_transformer"] = {"input_paths": given[0],
                                               "input_template": escape(given[1])}
        else:
            if rule.addresses:
                topic = _mail_topic(rule, name, variables, add)
            else:
                topic = _OWN_TOPIC_ARN
            target.update({"target_id": "notify", "arn": topic,
                           "input_transformer": {"input_paths": NOTICE_INPUT_PATHS,
                                                 "input_template": escape(NOTICE_INPUT_TEMPLATE)}})
        add("aws_cloudwatch_event_target", name, target)
    notices = [rule.name for rule in stack.rules if rule.notice]
    if notices:
        _notification_topic(notices, variables, add)
    for calendar in stack.calendars:
        add("aws_ssm_document", _resource_name(calendar.logical), {
            "name": calendar.name, "document_type": "ChangeCalendar", "document_format": "TEXT",
            "content": escape(calendar.content)})
    data: dict[str, Any] = {
        "terraform": {"required_providers": {"aws": AWS_PROVIDER}},
        "data": {"aws_partition": {"current": {}}, "aws_region": {"current": {}},
                 "aws_caller_identity": {"current": {}}},
        "resource": resources,
    }
    if stack.parameters:
        data["variable"] = {p.name: _variable(p) for p in stack.parameters}
    if documents:
        data.setdefault("variable", {})[DOCUMENT_PREFIX] = _document_prefix(stack.machines)
    if stack.machines:
        data["output"] = {f"{machines[m.logical]}_arn": {
            "value": "${aws_sfn_state_machine." + machines[m.logical] + ".arn}"} for m in stack.machines}
    return data


def _definition_text(machine: Any, variables: set[str],
                     named: dict[str, str]) -> Callable[[], str]:
    """What makes ``machine``'s definition as Terraform reads it: the ASL JSON with each
    ``${Placeholder}`` of its substitutions interpolated, every other ``${``/``%{``
    escaped."""
    def text() -> str:
        values = {k: interpolate(v, variables, named) for k, v in machine.substitutions}
        definition = json.dumps(machine.definition, sort_keys=True, ensure_ascii=False)
        return _TOKEN.sub(lambda m: values[m.group(1)] if m.group(1) in values
                          else (m.group(0).replace("${", "$${") if m.group(1)
                                else m.group(2) * 2 + "{"), definition)
    return text


def _document_prefix(machines: list[Any]) -> dict[str, Any]:
    """The variable that starts the SSM documents' names. Its default carries a hash of the
    names of the machines that use them, so two outputs (two waves) do not share a name."""
    users = sorted(m.name for m in machines if documents_of([m]))
    digest = hashlib.sha1("\n".join(users).encode("utf-8")).hexdigest()[:8]
    return {"type": "string", "default": f"jobmig-{digest}",
            "description": "Start of the names of the SSM Command documents the JP1 jobs run "
                           "through (letters, digits, _ . -; the names must be unique in the "
                           "account and region and not start with aws, amazon or amzn)"}


def _variable(parameter: Any) -> dict[str, Any]:
    data = {"type": "string", "description": parameter.description}
    if parameter.default is not None:
        data["default"] = parameter.default
    return data


_OWN_TOPIC = _resource_name(NOTIFY_TOPIC)
#: The failure-notice topic: the variable's, else the one created when it is left empty.
_OWN_TOPIC_ARN = ("${var." + NOTIFY_TOPIC_PARAMETER + " != \"\" ? var." + NOTIFY_TOPIC_PARAMETER
                  + " : one(aws_sns_topic." + _OWN_TOPIC + "[*].arn)}")


def _notification_topic(rule_names: list[str], variables: set[str], add: Any) -> None:
    """The topic created when NotificationTopicArn is left empty (``count`` 0 or 1), and its
    policy letting EventBridge publish for the notice rules ``rule_names``."""
    count = "${var." + NOTIFY_TOPIC_PARAMETER + " == \"\" ? 1 : 0}"
    arn = "aws_sns_topic." + _OWN_TOPIC + "[count.index].arn"
    add("aws_sns_topic", _OWN_TOPIC, {"count": count, "display_name": "jobmig failure notices"})
    policy = json.dumps(topic_policy("${JobmigTopic}", rule_names), sort_keys=True)
    add("aws_sns_topic_policy", _OWN_TOPIC, {
        "count": count, "arn": "${" + arn + "}",
        "policy": interpolate(policy, variables, {"JobmigTopic": arn})})


def _mail_topic(rule: Any, name: str, variables: set[str], add: Any) -> str:
    """A mail notice's topic, its policy and an email subscription per address; returns
    the topic's ARN as an interpolation."""
    topic = name + "_topic"
    arn = "aws_sns_topic." + topic + ".arn"
    add("aws_sns_topic", topic, {"display_name": "jobmig failure notices"})
    policy = json.dumps(topic_policy("${JobmigTopic}", [rule.name]), sort_keys=True)
    add("aws_sns_topic_policy", topic, {
        "arn": "${" + arn + "}", "policy": interpolate(policy, variables, {"JobmigTopic": arn})})
    for address in rule.addresses:
        add("aws_sns_topic_subscription",
            topic + "_subscription_" + subscription_logical(topic, address)[-8:].lower(),
            {"topic_arn": "${" + arn + "}", "protocol": "email", "endpoint": escape(address)})
    return "${" + arn + "}"


def _role(role: Role, variables: set[str], add: Any, named: dict[str, str] | None = None) -> None:
    name = _resource_name(role.logical)
    add("aws_iam_role", name, {
        "description": role.description,
        "assume_role_policy": interpolate(json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": role.principal},
            "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"aws:SourceAccount": "${AWS::AccountId}"}}}]},
            sort_keys=True), variables)})
    policy = stack_policy(role)
    if policy["Statement"]:
        add("aws_iam_role_policy", name, {
            "name": "jobmig", "role": "${aws_iam_role." + name + ".id}",
            "policy": interpolate(json.dumps(policy, sort_keys=True), variables, named)})


def stack_policy(role: Role) -> dict[str, Any]:
    """The role's permission policy document (Fn::Sub strings unresolved)."""
    statements = []
    for action, resources in grouped(role.permissions):
        statement: dict[str, Any] = {"Effect": "Allow", "Action": action, "Resource": resources}
        if action in CONDITIONS:
            statement["Condition"] = CONDITIONS[action]
        statements.append(statement)
    return {"Version": "2012-10-17", "Statement": statements}


def render(plan: Plan) -> str:
    """``main.tf.json`` text: deterministic JSON (sorted keys, two-space indent)."""
    return dump_json(document(plan))


def render_parts(plan: Plan) -> Iterator[str]:
    """:func:`render`'s text in pieces (see :func:`jobmig.plan.dump_json_parts`)."""
    return dump_json_parts(document(plan, deferred=True))


__all__ = ["render", "render_parts", "document", "interpolate"]
