"""ASL building blocks: the states that run one job, and what they need.

Every builder works *backwards*: it is given the name of the state that
follows (``next_state``; ``None`` means the fragment ends the machine or
branch) and returns ``(start_state_name, states)``. A :class:`BuildContext`
collects, across one state machine, the unique state names, the template
parameters, the ``DefinitionSubstitutions`` and the IAM permissions the
states need.

Substitution values and permission resources are CloudFormation ``Fn::Sub``
templates over the pseudo parameters ``${AWS::Partition}``,
``${AWS::Region}``, ``${AWS::AccountId}`` and the template's own parameters
(``${InstanceId}``). The Terraform emitter translates the same strings.
State machine ARNs are built from their (explicit, deterministic) names, so
no emitted resource refers to another by ``GetAtt`` and no cycles arise.
"""
from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field, replace
from typing import Any

from jobmig.model import Finding, Job, RetryPolicy
from jobmig.mappings import jp1_env, jp1_runtime, windows
from jobmig.mappings.profile import BATCH, ECS, LAMBDA, SSM, TaskSpec
from jobmig.messages import msg

# -- constants -------------------------------------------------------------
SSM_SEND = "arn:aws:states:::aws-sdk:ssm:sendCommand"
SSM_GET_INVOCATION = "arn:aws:states:::aws-sdk:ssm:getCommandInvocation"
SSM_CALENDAR_STATE = "arn:aws:states:::aws-sdk:ssm:getCalendarState"
SFN_LIST_EXECUTIONS = "arn:aws:states:::aws-sdk:sfn:listExecutions"
SFN_START_EXECUTION = "arn:aws:states:::aws-sdk:sfn:startExecution"
SFN_START_SYNC = "arn:aws:states:::states:startExecution.sync:2"
ECS_RUN_SYNC = "arn:aws:states:::ecs:runTask.sync"
BATCH_SUBMIT_SYNC = "arn:aws:states:::batch:submitJob.sync"
LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke"

#: getCommandInvocation statuses (SSM API): still running → poll again.
SSM_RUNNING = ("Pending", "InProgress", "Delayed")
SSM_SUCCESS = "Success"
#: The status of an invocation whose command ended with a non-zero exit code (SSM API).
SSM_FAILED = "Failed"
#: The error a failed job raises (Fail state), so Retry/Catch can name it.
JOB_FAILED = "Jobmig.JobFailed"
STATE_NAME_MAX = 80
LABEL_MAX = 56  # leaves room for ": get command status" and a " #n" suffix

PARTITION_ARN = "arn:${AWS::Partition}"
_BLANKS = re.compile(r"\s+")
REGION_ACCOUNT = "${AWS::Region}:${AWS::AccountId}"


def state_machine_arn(name: str) -> str:
    """Fn::Sub template of the ARN of the state machine named ``name``."""
    return f"{PARTITION_ARN}:states:{REGION_ACCOUNT}:stateMachine:{name}"


def execution_arn(name: str) -> str:
    """Fn::Sub template matching every execution of state machine ``name``."""
    return f"{PARTITION_ARN}:states:{REGION_ACCOUNT}:execution:{name}:*"


def managed_rule_arn(rule: str) -> str:
    return f"{PARTITION_ARN}:events:{REGION_ACCOUNT}:rule/{rule}"


@dataclass(frozen=True, order=True)
class TemplateParameter:
    """A CloudFormation parameter (Terraform variable) the emitted stack needs."""

    name: str
    type: str = "String"
    description: str = ""
    #: the value when none is given at deploy time (``None``: the parameter is required)
    default: str | None = None


@dataclass(frozen=True, order=True)
class Permission:
    """One IAM allow: an action on a resource (an Fn::Sub template)."""

    action: str
    resource: str


@dataclass
class BuildContext:
    """What one state machine accumulates while its states are built."""

    machine: str
    #: Only names and findings are wanted (an audit): job tasks become one
    #: placeholder state each, so their ASL is not built.
    outline: bool = False
    states: dict[str, dict[str, Any]] = field(default_factory=dict)
    parameters: dict[str, TemplateParameter] = field(default_factory=dict)
    substitutions: dict[str, str] = field(default_factory=dict)
    permissions: set[Permission] = field(default_factory=set)
    findings: list[Finding] = field(default_factory=list)
    _labels: dict[str, str] = field(default_factory=dict)
    _names: set[str] = field(default_factory=set)
    _used_labels: set[str] = field(default_factory=set)  # the values of _labels
    _label_tried: dict[str, int] = field(default_factory=dict)  # base → last n it was given
    _count: int = 0  # names given in an outline

    def label(self, job: Job) -> str:
        """A readable label for ``job``, unique within this machine (its id in an outline)."""
        if self.outline:
            return job.id
        if job.id in self._labels:
            return self._labels[job.id]
        base = _BLANKS.sub(" ", job.name).strip()[:LABEL_MAX] or "job"
        # resume where the last label of this base stopped: the smaller n are all taken
        n = self._label_tried.get(base, 1)
        text = base if n == 1 else f"{base} #{n}"
        while text in self._used_labels:
            n += 1
            text = f"{base} #{n}"
        self._label_tried[base] = n
        self._labels[job.id] = text
        self._used_labels.add(text)
        return text

    def name(self, text: str) -> str:
        """Reserve a state name (≤80, unique); clashes get ``#n``. An outline's names are
        only unique (nothing reads them)."""
        if self.outline:
            self._count += 1
            return f"{self._count}"
        base = text[:STATE_NAME_MAX]
        candidate, n = base, 1
        while candidate in self._names:
            n += 1
            suffix = f" #{n}"
            candidate = base[: STATE_NAME_MAX - len(suffix)] + suffix
        self._names.add(candidate)
        return candidate

    def parameter(self, name: str, type_: str, description: str) -> str:
        """Declare a template parameter and a same-named substitution; return ``${name}``."""
        self.parameters.setdefault(name, TemplateParameter(name, type_, description))
        self.substitutions[name] = "${" + name + "}"
        return "${" + name + "}"

    def allow(self, action: str, *resources: str) -> None:
        for resource in resources:
            self.permissions.add(Permission(action, resource))


def chain(state: dict[str, Any], next_state: str | None) -> dict[str, Any]:
    """``state`` with ``Next`` (or ``End: true`` when ``next_state`` is None)."""
    state = dict(state)
    if next_state is None:
        state["End"] = True
    else:
        state["Next"] = next_state
    return state


#: Errors of an AWS API call that are worth retrying: throttling and the service's own
#: faults (the common errors of every AWS API). Step Functions names an AWS SDK
#: integration's error ``<Service>.<Error>`` in PascalCase and always with the
#: ``Exception`` suffix ("Learning to use AWS service SDK integrations in Step Functions").
TRANSIENT_ERRORS = ("ThrottlingException", "InternalServerErrorException",
                    "ServiceUnavailableException")
#: How transient errors are retried: exponential backoff with full jitter, so many
#: executions throttled at once do not retry in step.
API_RETRY = {"IntervalSeconds": 2, "MaxAttempts": 8, "BackoffRate": 2.0,
             "MaxDelaySeconds": 60, "JitterStrategy": "FULL"}


def api_retry(*services: str) -> dict[str, Any]:
    """A ``Retry`` entry for throttling and service faults of calls to ``services``
    (``Ssm``, ``Sfn``, ``StepFunctions``...)."""
    return {"ErrorEquals": [f"{service}.{error}" for service in services
                            for error in TRANSIENT_ERRORS], **API_RETRY}


def retriers(policy: RetryPolicy | None) -> list[dict[str, Any]]:
    """A legacy automatic re-run as an ASL ``Retry`` on any error."""
    if policy is None or policy.max_attempts <= 0:
        return []
    return [{
        "ErrorEquals": ["States.ALL"],
        "IntervalSeconds": max(1, int(policy.interval_seconds)),
        "MaxAttempts": int(policy.max_attempts),
        "BackoffRate": max(1.0, float(policy.backoff_rate)),
    }]


# -- shell text -------------------------------------------------------------
def shell_script(job: Job) -> str:
    """The job's command as one POSIX shell script: environment, user, stdin.

    crontab's ``%``-input becomes a quoted here-document; a run-as user other
    than root becomes ``runuser -u USER --``; environment settings become
    ``export`` lines (values quoted, so ``$HOME`` stays literal as in cron).
    """
    # blank lines before and after the command mean nothing to the shell; inner ones
    # are kept (they may be here-document data)
    command = (job.command or "").strip("\n") or "true"
    lines = [f"export {key}={shlex.quote(value)}" for key, value in sorted(job.environment.items())
             if re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", key)]
    if job.user and job.user != "root":
        command = f"runuser -u {shlex.quote(job.user)} -- /bin/sh -c {shlex.quote(command)}"
    if job.stdin is not None:
        marker = "JOBMIG_STDIN"
        command = f"{command} <<'{marker}'\n{job.stdin}\n{marker}"
    lines.append(command)
    return "\n".join(lines)


def command_lines(script: str) -> list[str]:
    """``script`` as the ``commands`` list of AWS-RunShellScript: one entry per line.

    SSM joins the entries with newlines into the script it runs (as AWS's
    examples write it), so ``"\\n".join(command_lines(s)) == s``. A blank line
    (here-document data, say) is kept as a trailing newline of the entry before
    it rather than as an empty entry, which ASL validators reject.
    """
    lines: list[str] = []
    blanks = 0  # blank lines after the last entry, added to it at once (one by one, a
    # command of a million '%' took 40 s: each addition copied the entry)
    for line in script.split("\n"):
        if line or not lines:
            if blanks:
                lines[-1] += "\n" * blanks
                blanks = 0
            lines.append(line)
        else:
            blanks += 1
    if blanks:
        lines[-1] += "\n" * blanks
    return lines


# -- job task fragments -----------------------------------------------------
def job_states(ctx: BuildContext, job: Job, spec: TaskSpec, next_state: str | None,
               runtime: jp1_runtime.Runtime | None = None,
               keep_result: bool = False) -> tuple[str, dict[str, dict[str, Any]]]:
    """The states that run ``job`` with ``spec``; the fragment continues to ``next_state``.

    ``runtime``: the JP1 run-time variables an SSM job gets through jobmig's own
    Command document (:mod:`jobmig.mappings.jp1_runtime`); an ECS task or AWS Batch job
    in its container's environment, a Lambda function in its payload. A JP1 job on ECS,
    AWS Batch or Lambda gets the AJS variables known when converting there too.
    ``keep_result``: an SSM command or ECS task that its end check fails carries its
    result into the error's cause (:func:`jp1_runtime.failure_states`), for a recovery
    unit's AJSPRE_RC.
    In an outline context the fragment is one Pass state; the findings are
    the same as for the full fragment.
    """
    if ctx.outline:
        if spec.kind == SSM and windows.is_windows(job) and \
                spec.get("document") == windows.SHELL_DOCUMENT:
            _windows_findings(ctx, job, windows.script_problem(job), runtime)
        name = ctx.name(ctx.label(job))
        return name, {name: chain({"Type": "Pass", "Comment": f"run {job.id}"}, next_state)}
    if spec.kind == SSM:
        return _ssm(ctx, job, spec, next_state, runtime, keep_result)
    if spec.kind == ECS:
        start, states = _ecs(ctx, job, spec, next_state, runtime, keep_result)
    else:
        builder = {BATCH: _batch, LAMBDA: _lambda}[spec.kind]
        start, states = builder(ctx, job, spec, next_state, runtime)
    if runtime is not None:  # the values are read from the execution first
        return jp1_runtime.value_states(ctx, ctx.label(job), runtime, start, states), states
    return start, states


def needs_wrapper(spec: TaskSpec, runtime: jp1_runtime.Runtime | None = None) -> bool:
    """Whether a failed job ends in a Fail state of its own (the SSM status loop, the ECS
    exit-code check), or its states start with the run-time values' Pass/Choice states
    (``runtime``), so Retry and Catch must sit on a Parallel around its states."""
    return spec.kind in (SSM, ECS) or runtime is not None


def _static_environment(job: Job) -> dict[str, str]:
    """The AJS variables known when converting (AJSENV, AJSNETNAME, AJSJOBNAME) that the
    JP1 job carries, for a container's environment or a Lambda payload; empty otherwise."""
    if not jp1_env.is_jp1(job):
        return {}
    return {name: job.environment[name] for name in jp1_env.STATIC if name in job.environment}


def _container_script(job: Job, runtime: jp1_runtime.Runtime | None = None) -> str:
    """:func:`shell_script` of a job run in a container, without the export lines of the
    AJS variables its container override's ``Environment`` sets (:func:`_static_environment`).
    After several preceding units (``runtime``), it starts with the lines that compute
    AJSPRE_ST and AJSPRE_RC from their codes (:func:`jp1_runtime.join_lines`)."""
    static = _static_environment(job)
    kept = {key: value for key, value in job.environment.items() if key not in static}
    script = shell_script(replace(job, environment=kept) if static else job)
    if runtime is not None and jp1_runtime.is_join(runtime):
        assert runtime.preceding is not None
        lines = jp1_runtime.join_lines(runtime.preceding, jp1_runtime.CONTAINER_CODES)
        # one line where the script is one: a command override stays one line as before
        script = "; ".join(lines) + ("\n" if "\n" in script else "; ") + script
    return script


def _ssm(ctx: BuildContext, job: Job, spec: TaskSpec, next_state: str | None,
         runtime: jp1_runtime.Runtime | None = None,
         keep_result: bool = False) -> tuple[str, dict[str, dict[str, Any]]]:
    label = ctx.label(job)
    send, wait, get, done, failed = (ctx.name(f"{label}{suffix}") for suffix in (
        ": send command", ": wait", ": get command status", ": command done?", ": failed"))
    instance = _instance(ctx, job, spec)
    timeout = job.timeout_seconds or int(spec.get("execution_timeout_seconds"))
    document = spec.get("document")
    script = shell_script(job)
    if windows.is_windows(job) and document == windows.SHELL_DOCUMENT:
        document, script = _windows(ctx, job, runtime)
    if runtime is not None:  # jobmig's document, and the script exports what it passes
        script = "\n".join([*jp1_runtime.prelude(runtime), script])
        document = "${" + runtime.document + "}"
        ctx.substitutions[runtime.document] = document  # Fn::Sub: the document's Ref, its name
    command_parameters: dict[str, Any] = {
        "commands": command_lines(script),
        "executionTimeout": [str(timeout)],
    }
    if runtime is not None:
        command_parameters.update(jp1_runtime.command_parameters(runtime))
    if spec.get("working_directory"):
        command_parameters["workingDirectory"] = [spec.get("working_directory")]
    succeeded = next_state or ctx.name(f"{label}: succeeded")
    states = {
        send: chain({
            "Type": "Task", "Resource": SSM_SEND,
            "Comment": f"run {job.id}",
            "Parameters": {"DocumentName": document, "InstanceIds": [instance],
                           "Parameters": command_parameters,
                           "Comment.$": "States.Format('jobmig {}', $$.Execution.Name)"},
            "ResultSelector": {"CommandId.$": "$.Command.CommandId"},
            "ResultPath": "$.cmd",
            "Retry": [api_retry("Ssm")],
        }, wait),
        wait: chain({"Type": "Wait", "Seconds": int(spec.get("poll_seconds"))}, get),
        get: chain({
            "Type": "Task", "Resource": SSM_GET_INVOCATION,
            "Parameters": {"CommandId.$": "$.cmd.CommandId", "InstanceId": instance},
            "ResultSelector": {"Status.$": "$.Status", "ResponseCode.$": "$.ResponseCode"},
            "ResultPath": "$.inv",
            "Retry": [{"ErrorEquals": ["Ssm.InvocationDoesNotExistException"],
                       "IntervalSeconds": 5, "MaxAttempts": 5, "BackoffRate": 1.5},
                      api_retry("Ssm")],
        }, done),
        done: {
            "Type": "Choice",
            "Choices": [
                _status_is(SSM_SUCCESS, succeeded),
                {"Or": [{"Variable": "$.inv.Status", "StringEquals": s} for s in SSM_RUNNING],
                 "Next": wait},
                *_within_threshold(job, "$.inv.ResponseCode", succeeded,
                                   {"Variable": "$.inv.Status", "StringEquals": SSM_FAILED}),
            ],
            "Default": failed,
        },
        failed: {"Type": "Fail", "Error": JOB_FAILED,
                 "Cause": f"{job.name}: the command did not succeed (see $.inv)"},
    }
    if keep_result:
        _keep_result(ctx, label, "$.inv", done, failed, states)
    if next_state is None:
        states[succeeded] = {"Type": "Succeed"}
    document_arn = (f"{PARTITION_ARN}:ssm:${{AWS::Region}}::document/{document}"
                    if document.startswith("AWS-")
                    else f"{PARTITION_ARN}:ssm:{REGION_ACCOUNT}:document/{document}")
    ctx.allow("ssm:SendCommand", document_arn,
              f"{PARTITION_ARN}:ec2:{REGION_ACCOUNT}:instance/{instance}")
    ctx.allow("ssm:GetCommandInvocation", "*")  # no resource-level permissions for this action
    if runtime is not None:  # the values are read from the execution first
        return jp1_runtime.value_states(ctx, label, runtime, send, states), states
    return send, states


def _keep_result(ctx: BuildContext, label: str, result: str, check: str, failed: str,
                 states: dict[str, dict[str, Any]]) -> None:
    """Make the end check ``check`` fail through a Pass state that writes ``result`` into
    the Fail state's cause (``CausePath``), for a recovery unit's AJSPRE_RC."""
    keep = jp1_runtime.failure_states(ctx, label, result, failed, states)
    states[check] = {**states[check], "Default": keep}
    fail = {key: value for key, value in states[failed].items() if key != "Cause"}
    states[failed] = {**fail, "CausePath": f"{jp1_runtime.FAILURE}.Cause"}


def _windows(ctx: BuildContext, job: Job,
             runtime: jp1_runtime.Runtime | None = None) -> tuple[str, str]:
    """(document, script) for a cmd.exe job on a Windows instance, with its JM526 finding."""
    problem = windows.script_problem(job)
    _windows_findings(ctx, job, problem, runtime)
    script = "exit 1" if problem is not None else windows.powershell_script(job)
    return windows.POWERSHELL_DOCUMENT, script


def _windows_findings(ctx: BuildContext, job: Job, problem: str | None,
                      runtime: jp1_runtime.Runtime | None = None) -> None:
    """JM526 for a cmd.exe job; JM524 first when its command cannot be carried over."""
    if problem is not None:
        ctx.findings.append(Finding("JM524", msg("{name}: {problem}; the command was not carried "
                                                 "over",
                                                 name=job.name, problem=problem), job.source, job.id))
    document = (windows.POWERSHELL_DOCUMENT if runtime is None else
                f"the stack's PowerShell document {runtime.document}")
    ctx.findings.append(Finding(
        "JM526", msg("{name}: a cmd.exe command; it runs through {document} as a temporary .cmd "
                     "file on a Windows instance",
                     name=job.name, document=document), job.source, job.id))


def abnormal_threshold(job: Job) -> int:
    """The highest return code that does not end ``job`` abnormally (JP1 ``tho``), else 0.

    JP1/AJS3 judges a job's end by its return code when ``jd=cod`` (the
    default): a code above the abnormal threshold ``tho`` is an abnormal end,
    a code above the warning threshold ``wth`` (and within ``tho``) a warning
    end, anything else a normal end; a warning end lets the jobnet go on like a
    normal one (JP1/AJS3 Command Reference 2, 4.2.6 "UNIX/PC job definition",
    ``wth=n``/``tho=n``). Other scheduler's jobs, and ``jd`` modes other than
    ``cod``, keep "exit code 0 = success" (JM412 reports them).
    """
    judgment = job.attributes.get("end_judgment") or {}
    if str(judgment.get("type", "cod")) != "cod":
        return 0
    threshold = judgment.get("abnormal_threshold")
    return threshold if isinstance(threshold, int) and threshold > 0 else 0


def _within_threshold(job: Job, code: str, next_state: str,
                      *also: dict[str, Any]) -> list[dict[str, Any]]:
    """A Choice rule to ``next_state`` for a non-zero ``code`` within the job's ``tho``."""
    threshold = abnormal_threshold(job)
    if threshold <= 0:
        return []
    return [{"And": [*also, {"Variable": code, "IsPresent": True},
                     {"Variable": code, "NumericGreaterThanEquals": 1},
                     {"Variable": code, "NumericLessThanEquals": threshold}],
             "Next": next_state}]


def _status_is(status: str, next_state: str) -> dict[str, Any]:
    return {"Variable": "$.inv.Status", "StringEquals": status, "Next": next_state}


def _instance(ctx: BuildContext, job: Job, spec: TaskSpec) -> str:
    hosts = spec.get("hosts") or {}
    if job.host and job.host in hosts:
        name = hosts[job.host]
    elif job.host and spec.get("per_host_parameters"):
        name = "InstanceId" + camel(job.host)
    else:
        name = spec.get("instance_parameter")
    where = f"legacy host {job.host}" if job.host else "jobs without a legacy host"
    return ctx.parameter(name, "AWS::EC2::Instance::Id", f"EC2 instance (SSM managed) for {where}")


def camel(text: str) -> str:
    parts = re.split(r"[^A-Za-z0-9]+", text)
    return "".join(p[:1].upper() + p[1:] for p in parts if p)[:200] or "Host"


def _ecs(ctx: BuildContext, job: Job, spec: TaskSpec, next_state: str | None,
         runtime: jp1_runtime.Runtime | None = None,
         keep_result: bool = False) -> tuple[str, dict[str, dict[str, Any]]]:
    """runTask.sync, then a Choice on the container's exit code (a stopped task with a
    non-zero exit code is not an error for the integration). A JP1 job's AJS variables
    are the container override's ``Environment``."""
    label = ctx.label(job)
    name, check, failed = (ctx.name(f"{label}: run task"), ctx.name(f"{label}: exit code 0?"),
                           ctx.name(f"{label}: failed"))
    container = spec.get("container")
    cluster = ctx.parameter(spec.get("cluster_parameter"), "String", "ECS cluster ARN")
    task_def = ctx.parameter(spec.get("task_definition_parameter"), "String",
                             "ECS task definition ARN (family:revision)")
    subnets = spec.get("subnets_parameter")
    groups = spec.get("security_groups_parameter")
    ctx.parameter(subnets, "String", "Subnet ids for ECS tasks, comma-separated")
    ctx.parameter(groups, "String", "Security group ids for ECS tasks, comma-separated")
    override: dict[str, Any] = {"Name": container,
                                "Command": [*spec.get("shell"),
                                            _container_script(job, runtime)]}
    environment = jp1_runtime.container_environment(_static_environment(job), runtime)
    if environment:
        override["Environment"] = environment
    state = {
        "Type": "Task", "Resource": ECS_RUN_SYNC, "Comment": f"run {job.id}",
        "Parameters": {
            "Cluster": cluster, "TaskDefinition": task_def, "LaunchType": spec.get("launch_type"),
            "NetworkConfiguration": {"AwsvpcConfiguration": {
                "Subnets.$": f"States.StringSplit('${{{subnets}}}', ',')",
                "SecurityGroups.$": f"States.StringSplit('${{{groups}}}', ',')",
                "AssignPublicIp": spec.get("assign_public_ip")}},
            "Overrides": {"ContainerOverrides": [override]},
        },
        "ResultSelector": {"TaskArn.$": "$.TaskArn", "StopCode.$": "$.StopCode",
                           "ExitCodes.$": f"$.Containers[?(@.Name == '{container}')].ExitCode"},
        "ResultPath": "$.task",
    }
    if job.timeout_seconds:
        state["TimeoutSeconds"] = int(job.timeout_seconds)
    exit_code = "$.task.ExitCodes[0]"
    succeeded = next_state or ctx.name(f"{label}: succeeded")
    states = {
        name: chain(state, check),
        check: {"Type": "Choice", "Choices": [
            {"And": [{"Variable": exit_code, "IsPresent": True},
                     {"Variable": exit_code, "NumericEquals": 0}], "Next": succeeded},
            *_within_threshold(job, exit_code, succeeded)], "Default": failed},
        failed: {"Type": "Fail", "Error": JOB_FAILED,
                 "Cause": f"{job.name}: container {container} did not exit with 0 (see $.task)"},
    }
    if keep_result:
        _keep_result(ctx, label, "$.task", check, failed, states)
    if next_state is None:
        states[succeeded] = {"Type": "Succeed"}
    ctx.allow("ecs:RunTask", task_def)
    ctx.allow("ecs:StopTask", f"{PARTITION_ARN}:ecs:{REGION_ACCOUNT}:task/*")
    ctx.allow("ecs:DescribeTasks", f"{PARTITION_ARN}:ecs:{REGION_ACCOUNT}:task/*")
    ctx.allow("iam:PassRole", "*")  # the task definition's roles; narrowed by a condition
    _allow_managed_rule(ctx, "StepFunctionsGetEventsForECSTaskRule")
    return name, states


def _batch(ctx: BuildContext, job: Job, spec: TaskSpec, next_state: str | None,
           runtime: jp1_runtime.Runtime | None = None) -> tuple[str, dict[str, dict[str, Any]]]:
    """submitJob.sync with a command override; a JP1 job's AJS variables are the override's
    ``Environment``. With ``runtime`` the job's retry sits on the Parallel around its
    states (:func:`needs_wrapper`), not on the Task."""
    name = ctx.name(ctx.label(job))
    overrides: dict[str, Any] = {"Command": [*spec.get("shell"),
                                             _container_script(job, runtime)]}
    environment = jp1_runtime.container_environment(_static_environment(job), runtime)
    if environment:
        overrides["Environment"] = environment
    queue = ctx.parameter(spec.get("job_queue_parameter"), "String", "AWS Batch job queue ARN")
    definition = ctx.parameter(spec.get("job_definition_parameter"), "String",
                               "AWS Batch job definition ARN")
    state = {
        "Type": "Task", "Resource": BATCH_SUBMIT_SYNC, "Comment": f"run {job.id}",
        "Parameters": {
            "JobName": re.sub(r"[^A-Za-z0-9_-]", "-", job.name)[:128] or "job",
            "JobQueue": queue, "JobDefinition": definition,
            "ContainerOverrides": overrides,
        },
        "ResultSelector": {"JobId.$": "$.JobId", "Status.$": "$.Status"},
        "ResultPath": "$.batch",
    }
    _add_timeout_and_retry(state, job, retry=runtime is None)
    ctx.allow("batch:SubmitJob", queue, definition)
    ctx.allow("batch:DescribeJobs", "*")
    ctx.allow("batch:TerminateJob", f"{PARTITION_ARN}:batch:{REGION_ACCOUNT}:job/*")
    _allow_managed_rule(ctx, "StepFunctionsGetEventsForBatchJobsRule")
    return name, {name: chain(state, next_state)}


def _lambda(ctx: BuildContext, job: Job, spec: TaskSpec, next_state: str | None,
            runtime: jp1_runtime.Runtime | None = None) -> tuple[str, dict[str, dict[str, Any]]]:
    """Lambda invoke with the payload ``{"job", "command", "business_date"}``; a JP1 job's
    payload also has ``"environment"``: the AJS variables JP1/AJS3 would set (AJSENV,
    AJSNETNAME, AJSJOBNAME and, where its command reads them, AJSEXDATE, AJSPRE_ST,
    AJSPRE_RC), name → value, for the function to set before it runs the command. With
    ``runtime`` the job's retry sits on the Parallel around its states."""
    name = ctx.name(ctx.label(job))
    function = ctx.parameter(spec.get("function_parameter"), "String", "Lambda function ARN")
    payload: dict[str, Any] = {"job": job.name, "command": job.command or "",
                               "business_date.$": "$.business_date"}
    environment = jp1_runtime.payload_environment(_static_environment(job), runtime)
    if environment:
        payload["environment"] = environment
    state = {
        "Type": "Task", "Resource": LAMBDA_INVOKE, "Comment": f"run {job.id}",
        "Parameters": {"FunctionName": function, "Payload": payload},
        "ResultSelector": {"StatusCode.$": "$.StatusCode"},
        "ResultPath": "$.lambda",
        "Retry": [{"ErrorEquals": ["Lambda.ServiceException", "Lambda.AWSLambdaException",
                                   "Lambda.SdkClientException", "Lambda.TooManyRequestsException"],
                   "IntervalSeconds": 2, "MaxAttempts": 6, "BackoffRate": 2}],
    }
    _add_timeout_and_retry(state, job, retry=runtime is None)
    ctx.allow("lambda:InvokeFunction", function, function + ":*")
    return name, {name: chain(state, next_state)}


def _add_timeout_and_retry(state: dict[str, Any], job: Job, retry: bool = True) -> None:
    if job.timeout_seconds:
        state["TimeoutSeconds"] = int(job.timeout_seconds)
    extra = retriers(job.retry) if retry else []
    if extra:
        state["Retry"] = state.get("Retry", []) + extra


def _allow_managed_rule(ctx: BuildContext, rule: str) -> None:
    for action in ("events:PutTargets", "events:PutRule", "events:DescribeRule"):
        ctx.allow(action, managed_rule_arn(rule))


def nested_execution(ctx: BuildContext, label: str, child: str,
                     next_state: str | None, comment: str) -> tuple[str, dict[str, dict[str, Any]]]:
    """A Task that starts state machine ``child`` and waits for it (``.sync:2``).

    The child's ARN is a DefinitionSubstitution ``${StateMachine<Camel>}``
    (value: an Fn::Sub template of the ARN built from its name). In an outline
    context, one Pass state.
    """
    name = ctx.name(label)
    if ctx.outline:
        return name, {name: chain({"Type": "Pass", "Comment": comment}, next_state)}
    placeholder = "StateMachine" + camel(child)
    ctx.substitutions[placeholder] = state_machine_arn(child)
    state = {
        "Type": "Task", "Resource": SFN_START_SYNC, "Comment": comment,
        "Parameters": {
            "StateMachineArn": "${" + placeholder + "}",
            "Input": {"business_date.$": "$.business_date",
                      "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id"},
        },
        "ResultSelector": {"ExecutionArn.$": "$.ExecutionArn", "Status.$": "$.Status"},
        "ResultPath": "$.child",
        "Retry": [api_retry("StepFunctions")],
    }
    ctx.allow("states:StartExecution", state_machine_arn(child))
    ctx.allow("states:DescribeExecution", execution_arn(child))
    ctx.allow("states:StopExecution", execution_arn(child))
    _allow_managed_rule(ctx, "StepFunctionsGetEventsForStepFunctionsExecutionRule")
    return name, {name: chain(state, next_state)}
