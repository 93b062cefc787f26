"""The mapping profile: which AWS service runs each job's command.

A profile is a TOML file (``samples/profile.toml`` documents every option)::

    [default]
    task = "ssm"                      # ssm | ecs | batch | lambda

    [ssm]                             # settings of one task kind
    document = "AWS-RunShellScript"

    [[rule]]                          # first matching rule wins
    name = "etl-*"                    # fnmatch patterns; all given keys must match
    task = "ecs"
    container = "etl"                 # overrides of the [ecs] settings

Without a profile every job runs through SSM Run Command
(``AWS-RunShellScript``) on an instance named by a template parameter.
Site-specific values (instance ids, cluster and function ARNs) are never
written into the profile's output as literals: settings ending in
``_parameter`` name CloudFormation parameters that the emitted template
declares, so no account id is ever invented.

:func:`parse_profile` is pure: it takes the TOML text (the pipeline reads
the file).
"""
from __future__ import annotations

import fnmatch
import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Mapping

from jobmig.model import Job

SSM = "ssm"
ECS = "ecs"
BATCH = "batch"
LAMBDA = "lambda"
TASK_KINDS = (SSM, ECS, BATCH, LAMBDA)

#: Defaults of every task kind; a profile's ``[ssm]``/``[ecs]``/... tables and
#: rules override them key by key. Keys ending in ``_parameter`` name template
#: parameters (CloudFormation parameter names: letters and digits only).
DEFAULT_SETTINGS: dict[str, dict[str, Any]] = {
    SSM: {
        "document": "AWS-RunShellScript",
        "instance_parameter": "InstanceId",  # for jobs without a host (or hosts not listed)
        "per_host_parameters": True,  # a parameter InstanceId<Host> per legacy host
        "hosts": {},  # host → parameter name, overrides the derived name
        "poll_seconds": 15,
        "execution_timeout_seconds": 3600,
        "working_directory": "",
    },
    ECS: {
        "cluster_parameter": "EcsClusterArn",
        "task_definition_parameter": "EcsTaskDefinitionArn",
        "subnets_parameter": "EcsSubnetIds",
        "security_groups_parameter": "EcsSecurityGroupIds",
        "container": "app",
        "launch_type": "FARGATE",
        "assign_public_ip": "DISABLED",
        "shell": ["/bin/sh", "-c"],
    },
    BATCH: {
        "job_queue_parameter": "BatchJobQueueArn",
        "job_definition_parameter": "BatchJobDefinitionArn",
        "shell": ["/bin/sh", "-c"],
    },
    LAMBDA: {
        "function_parameter": "JobFunctionArn",
    },
}

#: The ``[events]`` table: how JP1 sending and file-watch units are converted
#: (:mod:`jobmig.mappings.jp1_events`); samples/profile.toml documents each key.
EVENT_SETTINGS: dict[str, Any] = {
    "bus_parameter": "EventBusName",  # evsj: the bus PutEvents sends to
    "event_source": "jobmig.jp1",  # evsj: the events' source
    "mail": "ses",  # mlsj: ses (sesv2 SendEmail) | sns (Publish to a topic)
    "mail_from_parameter": "MailFromAddress",  # mlsj via SES: a verified sender
    "mail_topic_parameter": "MailTopicArn",  # mlsj via SNS
    "http_connection_parameter": "HttpConnectionArn",  # htpj: EventBridge connection
    "paths": {},  # flwj: legacy path prefix → "s3://bucket/prefix/"
}
MAIL_SERVICES = ("ses", "sns")

_MATCH_KEYS = ("name", "host", "user")
_PARAM_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]{0,254}$")


class ProfileError(ValueError):
    """The profile is not valid; the message names the offending key."""


@dataclass(frozen=True)
class TaskSpec:
    """What runs one job: a task kind and its merged settings."""

    kind: str
    settings: Mapping[str, Any] = field(default_factory=dict)

    def get(self, key: str) -> Any:
        return self.settings.get(key, DEFAULT_SETTINGS[self.kind].get(key))


@dataclass(frozen=True)
class Rule:
    """A per-job override: fnmatch patterns on name/host/user, a task, settings."""

    match: Mapping[str, str]
    task: str
    settings: Mapping[str, Any] = field(default_factory=dict)

    def matches(self, job: Job) -> bool:
        values = {"name": job.name, "host": job.host, "user": job.user}
        return all(values[key] is not None and fnmatch.fnmatchcase(values[key], pattern)
                   for key, pattern in self.match.items())


@dataclass(frozen=True)
class Profile:
    """A parsed mapping profile; :meth:`task_for` decides per job."""

    default_task: str = SSM
    settings: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    rules: tuple[Rule, ...] = ()
    events: Mapping[str, Any] = field(default_factory=dict)  # the [events] table

    def event_setting(self, key: str) -> Any:
        """A setting of the ``[events]`` table, else its default (:data:`EVENT_SETTINGS`)."""
        return self.events.get(key, EVENT_SETTINGS[key])

    def task_for(self, job: Job) -> TaskSpec:
        """The task spec of ``job``: the first matching rule, else the default.

        The spec's settings are shared between calls: read them, never change them.
        """
        for rule in self.rules:
            if rule.matches(job):
                return TaskSpec(rule.task, _merge(rule.task, self.settings, rule.settings))
        return self._default_spec

    @cached_property
    def _default_spec(self) -> TaskSpec:
        return TaskSpec(self.default_task, _merge(self.default_task, self.settings, {}))


def _merge(kind: str, tables: Mapping[str, Mapping[str, Any]],
           overrides: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(DEFAULT_SETTINGS[kind])
    merged.update(tables.get(kind, {}))
    merged.update(overrides)
    return merged


def parse_profile(text: str | None) -> Profile:
    """Parse profile TOML text (``None`` or empty: the defaults).

    Raises :class:`ProfileError` for an unknown task kind or setting, a rule
    without match keys, or a ``*_parameter`` value that is not a valid
    CloudFormation parameter name.
    """
    if not text:
        return Profile()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ProfileError(f"profile is not valid TOML: {error}") from error
    unknown = set(data) - {"default", "rule", "events", *TASK_KINDS}
    if unknown:
        raise ProfileError(f"unknown profile table(s): {', '.join(sorted(unknown))}")
    default_task = data.get("default", {}).get("task", SSM)
    _check_kind(default_task, "default.task")
    tables = {kind: _check_settings(kind, data.get(kind, {}), f"[{kind}]") for kind in TASK_KINDS}
    rules = []
    for index, raw in enumerate(data.get("rule", [])):
        where = f"rule #{index + 1}"
        match = {key: str(raw[key]) for key in _MATCH_KEYS if key in raw}
        if not match:
            raise ProfileError(f"{where} has none of {', '.join(_MATCH_KEYS)}")
        task = raw.get("task", default_task)
        _check_kind(task, f"{where}.task")
        overrides = {k: v for k, v in raw.items() if k not in (*_MATCH_KEYS, "task")}
        rules.append(Rule(match, task, _check_settings(task, overrides, where)))
    return Profile(default_task, tables, tuple(rules), _check_events(data.get("events", {})))


def _check_events(table: Mapping[str, Any]) -> dict[str, Any]:
    for key, value in table.items():
        if key not in EVENT_SETTINGS:
            raise ProfileError(f"[events]: unknown setting {key!r}")
        if key.endswith("_parameter") and not _PARAM_NAME.match(str(value)):
            raise ProfileError(f"[events].{key}: {value!r} is not a CloudFormation parameter name")
    if table.get("mail", "ses") not in MAIL_SERVICES:
        raise ProfileError(f"[events].mail: {table['mail']!r} is not one of {', '.join(MAIL_SERVICES)}")
    for prefix, target in dict(table.get("paths", {})).items():
        if not str(target).startswith("s3://") or "/" not in str(target)[5:].strip("/") + "/":
            raise ProfileError(f"[events].paths.{prefix}: {target!r} is not an s3://bucket/prefix")
    return dict(table)


def _check_kind(kind: str, where: str) -> None:
    if kind not in TASK_KINDS:
        raise ProfileError(f"{where}: unknown task {kind!r} (one of {', '.join(TASK_KINDS)})")


def _check_settings(kind: str, settings: Mapping[str, Any], where: str) -> dict[str, Any]:
    known = DEFAULT_SETTINGS[kind]
    for key, value in settings.items():
        if key not in known:
            raise ProfileError(f"{where}: unknown {kind} setting {key!r}")
        if key.endswith("_parameter") and not _PARAM_NAME.match(str(value)):
            raise ProfileError(f"{where}.{key}: {value!r} is not a CloudFormation parameter name")
        if key == "hosts":
            for host, name in value.items():
                if not _PARAM_NAME.match(str(name)):
                    raise ProfileError(f"{where}.hosts.{host}: {name!r} is not a parameter name")
    return dict(settings)
