"""What JP1/AJS3 sets for a job at run time (AJSEXDATE, AJSEXECID, AJSPRE_ST, AJSPRE_RC),
passed to the converted command through an SSM Command document of jobmig's own, or a
container's environment (ECS, AWS Batch), or a Lambda payload.

JP1/AJS3 sets these environment variables for every job (JP1/AJS3 Command
Reference, 1.4.2 "Environment variables set when a job is executed from
JP1/AJS3", table 1-7):

* ``AJSEXDATE``: the scheduled date of the root jobnet, ``yyyy/mm/dd``; the
  original date when the run is late or re-run the next day;
* ``AJSPRE_ST``: the end status of the preceding job or jobnet, one character:
  ``n`` normal end, ``w`` ended with warning, ``a`` abnormal end (the most
  serious one of several predecessors); ``n`` when there is none;
* ``AJSPRE_RC``: the preceding job's return code (the logical OR of several
  predecessors'); ``0`` when there is none.

A state machine knows them only while it runs, and the command list of an SSM
command is written when converting. So a job whose command reads one of them
is sent to a Command document jobmig creates (:func:`document_content`,
logical id :data:`SHELL_DOCUMENT` / :data:`POWERSHELL_DOCUMENT`) with the
values as document parameters (:data:`PARAMETERS`). The document declares
them with ``interpolationType: ENV_VAR``: SSM Agent 3.3.2746.0 or later gives
them to the script as the environment variables ``SSM_<parameter>`` instead
of pasting them into the script text (AWS Systems Manager User Guide, "Data
elements and parameters"), so a value never becomes shell code; every one
also has an ``allowedPattern``. The first lines of the job's commands
(:func:`prelude`) export them under the JP1 names, and stop the job (exit
255) on an agent that does not set them, rather than run it with the
variables empty.

The values come from the execution (:func:`value_states`): the business date
``$.business_day`` (:mod:`jobmig.mappings.asl_dates`, the date in the jobs'
zone of the schedule's scheduled time) as ``yyyy/mm/dd``; the preceding
unit's end where it is known (:class:`Preceding`): none (the first unit of a
root jobnet: ``n``/``0``), or one bare SSM command job right before, whose
``getCommandInvocation`` result is still at ``$.inv``. Reaching the job means
that predecessor ended normally or with a warning: status ``Success`` (code
0), or ``Failed`` with a code within its ``tho``, which is a warning end when
above its ``wth`` (JP1 end judgment by return code) and a normal end
otherwise. After several preceding units (an AND join: a Parallel state whose
branches each end with one of them), JP1 sets the most serious of their end
statuses and the bitwise OR of their return codes (table 1-7: "If there are two
or more preceding jobs, the logical OR of all return values is set"). ASL has no
bitwise operation, so the Parallel state keeps the branches' return codes
(:func:`join_selector`, at :data:`JOIN_RESULT`), the job's SSM document gets them
as one space-separated parameter (``preReturnCodes``) and the script's first
lines compute the OR and the worst status (each predecessor's ``wth`` is written
into the script: a code above it is a warning end). This is done for shell jobs
on SSM, and for ECS tasks and AWS Batch jobs whose shell is POSIX sh (the codes in
the container variable :data:`CONTAINER_CODES`, the same lines before the
command); a PowerShell job or a Lambda function after several preceding units
gets AJSEXDATE only (JM561 says so). A recovery unit "is executed when all
preceding units have terminated abnormally" (JP1/AJS3 Overview, 3.1.1 "Units"):
AJSPRE_ST is ``a``, and AJSPRE_RC "the return value for the preceding job"
(table 1-7), the code of the unit that ended abnormally. A Catch keeps only the
error's name and cause, so a bare SSM command job or ECS task whose recovery
unit reads the variables ends abnormally through a Pass state that writes its
result as JSON (``States.JsonToString``) to :data:`FAILURE`, and a Fail state
whose ``CausePath`` is that text; the recovery unit's first states parse the
cause back (:func:`value_states`) and take the SSM ``ResponseCode`` or the
container's exit code. An SSM command that timed out or was cancelled, an ECS
task stopped before its container exited by itself, and any other error that
starts the recovery (the command could not be sent, the task did not start, the
job's time limit ran out) give ``-1``: JP1 sets -1 for a job that failed to
start or was killed, timeouts included (JP1/AJS3 System Design (Work Tasks)
Guide, 7.8.3 "Checking the return code of a job", table 7-12). After any other unit (an AWS Batch job,
a Lambda function, a nested jobnet...) or after several units, AJSPRE_RC is not
set. Where the predecessor's end is not at hand, the AJSPRE_ variables stay
unset and JM561 says why.

``AJSEXECID`` (the job execution ID, up to 10 bytes in JP1) is set to the name of
the Step Functions execution that runs the job (``$$.Execution.Name``, up to 80
characters): it identifies the run as JP1's does, but is the workflow run's, the
same for every job of one run. ``AJSHOST`` is not set: JP1 sets the name of the
*manager* host that requested the job (table 1-7), and the converted job is
requested by Step Functions, which has no host name.

A job run as an ECS task or AWS Batch job gets the same values (read from
:data:`WORK` when its Task starts) in its container override's ``Environment``
(:func:`container_environment`), beside the AJS variables known when converting
(AJSENV, AJSNETNAME, AJSJOBNAME); a Lambda function gets them as the payload's
``"environment"`` object (:func:`payload_environment`). A bare ECS task before
the job leaves its container's exit code at ``$.task.ExitCodes[0]`` (``"ecs"``);
an AWS Batch job before it has ended with exit code 0, the only end after which
the run goes on (``"batch"``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # asl_tasks builds the states with this module's help
    from jobmig.mappings.asl_tasks import BuildContext

#: Logical ids (CloudFormation) of the documents; their names are ``Ref`` s of these.
SHELL_DOCUMENT = "Jp1ShellDocument"
POWERSHELL_DOCUMENT = "Jp1PowerShellDocument"
DOCUMENTS = (SHELL_DOCUMENT, POWERSHELL_DOCUMENT)
#: The run-time variables converted, in the order written, and their document parameters.
EXDATE, EXECID, PRE_STATUS, PRE_CODE = "AJSEXDATE", "AJSEXECID", "AJSPRE_ST", "AJSPRE_RC"
PARAMETERS = {EXDATE: "businessDate", EXECID: "executionId", PRE_STATUS: "preStatus",
              PRE_CODE: "preReturnCode"}
#: The document parameter of the return codes of several preceding units (an AND join).
JOIN_PARAMETER = "preReturnCodes"
#: At most this many preceding units' codes fit the parameter (its allowedPattern).
JOIN_MAX = 100
#: What each parameter may hold (the document's allowedPattern): a yyyy/mm/dd date; a Step
#: Functions execution name (1 to 80 characters, none of those Step Functions refuses in a
#: name: blanks, brackets, wildcards, " # % \ ^ | ~ ` $ & , ; : / and control characters);
#: one of JP1's end status characters; a signed 32-bit return code; up to JOIN_MAX of them
#: separated by one space. Empty when not given.
PATTERNS = {
    "businessDate": r"^(\d{4}/\d{2}/\d{2})?$",
    "executionId": "^[^\\s\\x00-\\x1f\\x7f<>{}\\[\\]?*\"#%\\\\^|~`$&,;:/]{0,80}$",
    "preStatus": "^[nwa]?$",
    "preReturnCode": r"^(-?\d{1,10})?$",
    JOIN_PARAMETER: r"^(-?\d{1,10}( -?\d{1,10}){0,%d})?$" % (JOIN_MAX - 1),
}
DESCRIPTIONS = {
    "businessDate": "AJSEXDATE: the scheduled date of the root jobnet (yyyy/mm/dd)",
    "executionId": "AJSEXECID: the name of the Step Functions execution that runs the job",
    "preStatus": "AJSPRE_ST: the end status of the preceding unit (n normal, w warning, "
                 "a abnormal)",
    "preReturnCode": "AJSPRE_RC: the return code of the preceding job",
    JOIN_PARAMETER: "The return codes of several preceding units, separated by spaces; the "
                    "script sets AJSPRE_RC to their bitwise OR and AJSPRE_ST to the worst end",
}
#: Where the values are kept for the SendCommand task (scratch, rewritten per job).
WORK = "$.ajs_runtime"
#: SSM's allowed executionTimeout (1 to 172800 seconds), as AWS-RunShellScript declares it.
TIMEOUT_PATTERN = ("^([1-9][0-9]{0,4}|1[0-6][0-9]{4}|17[01][0-9]{3}|172[0-7][0-9]{2}"
                   "|172800)$")
OLD_AGENT_EXIT = 255
#: getCommandInvocation's status of a command that ended with a non-zero code (SSM API).
SSM_FAILED = "Failed"
_OLD_AGENT = ("jobmig: the SSM Agent did not pass the document parameters as environment "
              "variables (interpolationType ENV_VAR needs SSM Agent 3.3.2746.0 or later); "
              "AJSEXDATE would be unset")


@dataclass(frozen=True)
class Preceding:
    """What is known of the preceding unit's end where a job starts.

    ``kind``: ``"none"`` (no preceding unit: JP1 sets ``n`` and ``0``),
    ``"ssm"`` (a bare SSM command job right before: its result is at ``$.inv``),
    ``"ecs"`` (a bare ECS task right before: its container's exit code is at
    ``$.task.ExitCodes[0]``) or ``"batch"`` (an AWS Batch job right before: the
    run goes on only after it SUCCEEDED, which AWS Batch reports for exit code 0
    alone, so ``n`` and ``0``).
    ``warning_above``: for ``"ssm"`` and ``"ecs"``, the predecessor's ``wth`` when a
    code above it (and within its ``tho``) is a warning end; ``None`` when every code
    that lets the run go on is a normal end.
    ``"abnormal"``: a recovery unit, started because the unit before it ended
    abnormally: AJSPRE_ST is ``a``. With one of ``parts`` (``"ssm"`` or ``"ecs"``: the
    failed unit, whose end check writes its result into the error's cause), AJSPRE_RC
    is its return code; without, AJSPRE_RC is not set.
    ``"join"``: several preceding units, each a bare ``"ssm"``, ``"ecs"`` or ``"batch"``
    unit ending one branch of the Parallel state right before the job (``parts``, in
    the order of the branches); their codes are at :data:`JOIN_RESULT`.
    """

    kind: str
    warning_above: int | None = None
    parts: tuple["Preceding", ...] = ()


@dataclass(frozen=True)
class Runtime:
    """The run-time variables a job gets, and through which document (None: the job runs
    on ECS, AWS Batch or Lambda and gets them as environment or payload values)."""

    document: str | None  # SHELL_DOCUMENT, POWERSHELL_DOCUMENT or None
    variables: tuple[str, ...]  # of EXDATE, PRE_STATUS, PRE_CODE, in that order
    preceding: Preceding | None = None

    @property
    def powershell(self) -> bool:
        return self.document == POWERSHELL_DOCUMENT


def runtime_for(read: list[str], preceding: Preceding | None, powershell: bool,
                container: bool = False) -> Runtime | None:
    """The :class:`Runtime` of a job whose command reads the run-time variables ``read``
    (None when it reads none of :data:`PARAMETERS`). AJSEXDATE is always set, AJSEXECID
    when the command reads it; the AJSPRE_ variables where ``preceding`` is known.
    ``container``: the job runs on ECS, AWS Batch or Lambda (no document)."""
    if not set(read) & set(PARAMETERS):
        return None
    pre: tuple[str, ...] = () if preceding is None else (PRE_STATUS,) \
        if preceding.kind == "abnormal" and not preceding.parts else (PRE_STATUS, PRE_CODE)
    variables = (EXDATE,) + ((EXECID,) if EXECID in read else ()) + pre
    document = None if container else POWERSHELL_DOCUMENT if powershell else SHELL_DOCUMENT
    return Runtime(document, variables, preceding)


def warning_threshold(end_judgment: dict[str, Any], abnormal_threshold: int) -> int | None:
    """The code above which a job that went on ended with a warning: its ``wth`` when it is
    below its ``tho`` (a code above ``tho`` stops the run), else None."""
    if str(end_judgment.get("type", "cod")) != "cod":
        return None
    wth = end_judgment.get("warning_threshold")
    if isinstance(wth, int) and 0 <= wth < abnormal_threshold:
        return wth
    return None


def document_content(powershell: bool) -> dict[str, Any]:
    """The Command document (schema 2.2): ``commands``, ``workingDirectory`` and
    ``executionTimeout`` as AWS-RunShellScript / AWS-RunPowerShellScript take them, and
    the run-time values as environment-variable parameters."""
    action = "aws:runPowerShellScript" if powershell else "aws:runShellScript"
    parameters: dict[str, Any] = {
        "commands": {"type": "StringList", "minItems": 1, "displayType": "textarea",
                     "description": "The job's commands (their first lines export the JP1 "
                                    "variables)"},
        "workingDirectory": {"type": "String", "default": "", "maxChars": 4096,
                             "description": "The working directory on the instance"},
        "executionTimeout": {"type": "String", "default": "3600",
                             "allowedPattern": TIMEOUT_PATTERN,
                             "description": "Seconds before the command fails (at most 172800)"},
    }
    for name, pattern in PATTERNS.items():
        parameters[name] = {"type": "String", "default": "", "interpolationType": "ENV_VAR",
                            "allowedPattern": pattern, "description": DESCRIPTIONS[name]}
    return {
        "schemaVersion": "2.2",
        "description": "jobmig: runs a converted JP1/AJS3 job; businessDate, executionId, "
                       "preStatus and preReturnCode (or preReturnCodes) reach the commands as "
                       "SSM_<name> environment variables, exported as AJSEXDATE, AJSEXECID, "
                       "AJSPRE_ST and AJSPRE_RC",
        "parameters": parameters,
        "mainSteps": [{"action": action, "name": "runJob", "inputs": {
            "runCommand": "{{ commands }}", "workingDirectory": "{{ workingDirectory }}",
            "timeoutSeconds": "{{ executionTimeout }}"}}],
    }


def prelude(runtime: Runtime) -> list[str]:
    """The script lines that export the job's run-time variables from ``SSM_<parameter>``."""
    first = PARAMETERS[EXDATE]
    if runtime.powershell:
        lines = [f"if (-not $env:SSM_{first}) {{ [Console]::Error.WriteLine('{_OLD_AGENT}'); "
                 f"exit {OLD_AGENT_EXIT} }}"]
        lines += [f"$env:{name} = $env:SSM_{PARAMETERS[name]}" for name in runtime.variables]
        return lines
    lines = [f'if [ -z "${{SSM_{first}:-}}" ]; then echo \'{_OLD_AGENT}\' >&2; '
             f"exit {OLD_AGENT_EXIT}; fi"]
    joined = is_join(runtime)
    lines += [f'export {name}="$SSM_{PARAMETERS[name]}"' for name in runtime.variables
              if not (joined and name in (PRE_STATUS, PRE_CODE))]
    if joined:
        assert runtime.preceding is not None
        lines += join_lines(runtime.preceding)
    return lines


#: The container environment variable that holds the codes of several preceding units.
CONTAINER_CODES = "JOBMIG_PRE_RETURN_CODES"
#: Shells whose language the lines of :func:`join_lines` are written in (POSIX sh).
POSIX_SHELLS = frozenset({"sh", "bash", "dash", "ksh", "zsh"})


def join_lines(preceding: Preceding, source: str = f"SSM_{JOIN_PARAMETER}") -> list[str]:
    """POSIX shell lines that set AJSPRE_RC to the bitwise OR of the codes in the
    environment variable ``source`` (space-separated; the SSM document's parameter, or
    :data:`CONTAINER_CODES` in a container) and AJSPRE_ST to ``w`` when any code is above
    its unit's ``wth`` (the n-th code is the n-th of ``preceding.parts``), else ``n``; and
    export both.

    Every code there let the run go on (a code above a unit's ``tho`` fails its branch), so
    no predecessor ended abnormally: the worst end is a warning end or a normal end."""
    arms = [f'{n}) if [ "$jobmig_rc" -gt {part.warning_above} ]; then AJSPRE_ST=w; fi ;;'
            for n, part in enumerate(preceding.parts, 1) if part.warning_above is not None]
    judge = f' case $jobmig_n in {" ".join(arms)} esac;' if arms else ""
    return ["AJSPRE_RC=0; AJSPRE_ST=n; jobmig_n=0",
            f"for jobmig_rc in ${source}; do jobmig_n=$((jobmig_n + 1)); "
            f"AJSPRE_RC=$((AJSPRE_RC | jobmig_rc));{judge} done",
            "export AJSPRE_ST AJSPRE_RC"]


#: Where :func:`value_states` puts each variable's value, below :data:`WORK`.
FIELDS = {EXDATE: "date", EXECID: "execution", PRE_STATUS: "status", PRE_CODE: "code"}
#: Where :func:`value_states` puts the codes of several preceding units, below :data:`WORK`.
JOIN_FIELD = "codes"
#: Where the Parallel state before a job after several preceding units keeps their codes
#: (its ResultPath; :func:`join_selector` is its ResultSelector).
JOIN_RESULT = "$.ajs_preceding"


def command_parameters(runtime: Runtime) -> dict[str, str]:
    """The SendCommand ``Parameters`` entries of the run-time values (read from :data:`WORK`)."""
    joined = is_join(runtime)
    parameters = {f"{PARAMETERS[name]}.$": f"States.Array({WORK}.{FIELDS[name]})"
                  for name in runtime.variables
                  if not (joined and name in (PRE_STATUS, PRE_CODE))}
    if joined:
        parameters[f"{JOIN_PARAMETER}.$"] = f"States.Array({WORK}.{JOIN_FIELD})"
    return parameters


def join_selector(preceding: Preceding) -> dict[str, str]:
    """The ResultSelector of the Parallel state whose branches end with the units of a
    ``"join"`` ``preceding`` (branch n with its n-th part): ``codes``, their return codes
    separated by spaces, in branch order (an AWS Batch job's is 0: the run goes on only
    after it SUCCEEDED, which AWS Batch reports for exit code 0 alone)."""
    template, paths = [], []
    for index, part in enumerate(preceding.parts):
        code = CODE_PATHS.get(part.kind)
        if code is None:  # batch
            template.append("0")
        else:
            template.append("{}")
            paths.append("$[%d]%s" % (index, code[1:]))
    if not paths:
        return {JOIN_FIELD: " ".join(template)}
    return {f"{JOIN_FIELD}.$": f"States.Format('{' '.join(template)}', {', '.join(paths)})"}


def container_environment(static: dict[str, str],
                          runtime: Runtime | None) -> list[dict[str, str]]:
    """An ECS / AWS Batch container override's ``Environment``: ``Name``/``Value`` pairs of
    the ``static`` variables (known when converting), then ``Name``/``Value.$`` pairs of
    the run-time ones, read from :data:`WORK` when the task starts."""
    pairs = [{"Name": name, "Value": value} for name, value in static.items()]
    joined = runtime is not None and is_join(runtime)
    for name in runtime.variables if runtime is not None else ():
        if not (joined and name in (PRE_STATUS, PRE_CODE)):
            pairs.append({"Name": name, "Value.$": f"{WORK}.{FIELDS[name]}"})
    if joined:  # the container's script computes AJSPRE_ST and AJSPRE_RC (join_lines)
        pairs.append({"Name": CONTAINER_CODES, "Value.$": f"{WORK}.{JOIN_FIELD}"})
    return pairs


def is_join(runtime: Runtime) -> bool:
    """Whether the job's AJSPRE_ variables come from several preceding units."""
    return runtime.preceding is not None and runtime.preceding.kind == "join"


def payload_environment(static: dict[str, str], runtime: Runtime | None) -> dict[str, str]:
    """The same variables as :func:`container_environment` as one object of a Lambda
    payload (``"environment"``): variable name → value (``name.$`` → path for the run-time
    ones)."""
    values = dict(static)
    for name in runtime.variables if runtime is not None else ():
        values[f"{name}.$"] = f"{WORK}.{FIELDS[name]}"
    return values


#: Where a bare predecessor of each kind leaves its return code (the Task's ResultPath).
CODE_PATHS = {"ssm": "$.inv.ResponseCode", "ecs": "$.task.ExitCodes[0]"}

_DATE_PART = "States.ArrayGetItem(States.StringSplit($.business_day, '-'), {})"
#: ``$.business_day`` (YYYY-MM-DD) as JP1 writes a date (yyyy/mm/dd).
JP1_DATE = ("States.Format('{}/{}/{}', " + ", ".join(_DATE_PART.format(i) for i in range(3))
            + ")")


def value_states(ctx: BuildContext, label: str, runtime: Runtime, next_state: str,
                 states: dict[str, dict[str, Any]]) -> str:
    """States that put the job's run-time values at :data:`WORK`; returns the first one.

    One Pass state; with a predecessor whose ``wth`` tells warning from normal ends,
    a Choice on its return code in front of two of them.
    """
    base: dict[str, Any] = {"date.$": JP1_DATE}
    if EXECID in runtime.variables:
        base[f"{FIELDS[EXECID]}.$"] = "$$.Execution.Name"
    preceding = runtime.preceding
    if preceding is not None and preceding.kind == "join":  # the script computes the values
        base[f"{JOIN_FIELD}.$"] = f"{JOIN_RESULT}.{JOIN_FIELD}"
        name = ctx.name(f"{label}: JP1 values")
        states[name] = {"Type": "Pass", "Comment": "the values JP1/AJS3 sets at run time",
                        "Parameters": base, "ResultPath": WORK, "Next": next_state}
        return name
    if preceding is not None and preceding.kind == "abnormal":  # a recovery unit
        if preceding.parts:
            return _failed_code_states(ctx, label, preceding.parts[0].kind,
                                       {**base, FIELDS[PRE_STATUS]: "a"}, next_state, states)
        name = ctx.name(f"{label}: JP1 values")
        states[name] = {"Type": "Pass", "Comment": "the values JP1/AJS3 sets at run time",
                        "Parameters": {**base, FIELDS[PRE_STATUS]: "a"}, "ResultPath": WORK,
                        "Next": next_state}
        return name
    code = None if preceding is None else CODE_PATHS.get(preceding.kind)
    if code is not None:
        base["code.$"] = f"States.Format('{{}}', {code})"
    elif preceding is not None:
        base["code"] = "0"

    def values(status: str | None, name: str) -> str:
        parameters = dict(base)
        if status is not None:
            parameters["status"] = status
        states[name] = {"Type": "Pass", "Comment": "the values JP1/AJS3 sets at run time",
                        "Parameters": parameters, "ResultPath": WORK, "Next": next_state}
        return name

    if preceding is None:
        return values(None, ctx.name(f"{label}: JP1 values"))
    if preceding.warning_above is None or code is None:
        return values("n", ctx.name(f"{label}: JP1 values"))
    check = ctx.name(f"{label}: preceding end?")
    warning = values("w", ctx.name(f"{label}: JP1 values (warning)"))
    normal = values("n", ctx.name(f"{label}: JP1 values"))
    above = [{"Variable": code, "NumericGreaterThan": preceding.warning_above}]
    if preceding.kind == "ssm":
        above.insert(0, {"Variable": "$.inv.Status", "StringEquals": SSM_FAILED})
    states[check] = {"Type": "Choice", "Choices": [{"And": above, "Next": warning}]
                     if len(above) > 1 else [{**above[0], "Next": warning}], "Default": normal}
    return check


#: Where a job whose recovery unit wants its return code writes its result as JSON text
#: before its Fail state (``CausePath``: :data:`FAILURE` ``.Cause``).
FAILURE = "$.ajs_failure"
#: The Catch that starts a recovery unit puts the error here (its ResultPath).
CAUGHT = "$.error"
#: Where the return code is in the result a failed unit of each kind wrote into the cause.
FAILED_CODES = {"ssm": "ResponseCode", "ecs": "ExitCodes[0]"}
#: The field and value of a result whose code is the job's own: an SSM command that ran to
#: its end (``Failed``); one that ``TimedOut`` (its executionTimeout, the job's time limit)
#: or was ``Cancelled`` was killed, which JP1 reports as -1 (:data:`NOT_ENDED_CODE`). An ECS
#: task whose container exited by itself (``EssentialContainerExited``); one stopped by
#: StopTask (``UserInitiated``), a Spot interruption or the scheduler was killed.
ENDED_STATUS = {"ssm": ("Status", "Failed"), "ecs": ("StopCode", "EssentialContainerExited")}
#: AJSPRE_RC after a unit that failed to start or was stopped (its command could not be
#: sent, its task did not start, its time limit ran out): JP1 sets -1 for a job that
#: failed to start or was killed (System Design (Work Tasks) Guide, table 7-12).
NOT_ENDED_CODE = "-1"


def failure_states(ctx: BuildContext, label: str, result: str, failed: str,
                   states: dict[str, dict[str, Any]]) -> str:
    """A Pass state that writes the job's result at ``result`` (``$.inv``, ``$.task``) as
    JSON text to :data:`FAILURE`, before the Fail state ``failed`` whose cause it becomes
    (its ``CausePath``); returns the Pass state's name.

    Step Functions also takes ``States.JsonToString`` in ``CausePath`` itself; a reference
    path to text a Pass state made is what every ASL interpreter evaluates alike."""
    name = ctx.name(f"{label}: keep the result")
    states[name] = {"Type": "Pass", "Comment": "the result, for the recovery unit's AJSPRE_RC",
                    "Parameters": {"Cause.$": f"States.JsonToString({result})"},
                    "ResultPath": FAILURE, "Next": failed}
    return name


def _failed_code_states(ctx: BuildContext, label: str, kind: str, base: dict[str, Any],
                        next_state: str, states: dict[str, dict[str, Any]]) -> str:
    """The values of a recovery unit after a unit of ``kind`` (``"ssm"``, ``"ecs"``) that
    ended abnormally: its return code from the caught error's cause when its own end check
    failed it (:func:`failure_states`), else :data:`NOT_ENDED_CODE`; returns the first
    state."""
    from jobmig.mappings.asl_tasks import JOB_FAILED  # asl_tasks imports this module

    check, parse, present = (ctx.name(f"{label}: {text}") for text in (
        "preceding unit ended by its code?", "read the preceding result",
        "preceding code known?"))
    with_code, without = (ctx.name(f"{label}: JP1 values{text}") for text in (
        "", " (not started or stopped)"))
    code = f"{WORK}.failed.{FAILED_CODES[kind]}"
    comment = "the values JP1/AJS3 sets at run time"
    states[check] = {"Type": "Choice", "Choices": [
        {"Variable": f"{CAUGHT}.Error", "StringEquals": JOB_FAILED, "Next": parse}],
        "Default": without}
    states[parse] = {"Type": "Pass", "Parameters": {"failed.$": f"States.StringToJson("
                                                                 f"{CAUGHT}.Cause)"},
                     "ResultPath": WORK, "Next": present}
    known: dict[str, Any] = {"Variable": code, "IsPresent": True}
    if kind in ENDED_STATUS:  # a job killed (timed out, cancelled, stopped): -1
        known = {"And": [known, {"Variable": f"{WORK}.failed.{ENDED_STATUS[kind][0]}",
                                 "StringEquals": ENDED_STATUS[kind][1]}]}
    states[present] = {"Type": "Choice", "Choices": [{**known, "Next": with_code}],
                       "Default": without}
    states[with_code] = {"Type": "Pass", "Comment": comment, "Parameters": {
        **base, f"{FIELDS[PRE_CODE]}.$": f"States.Format('{{}}', {code})"},
        "ResultPath": WORK, "Next": next_state}
    states[without] = {"Type": "Pass", "Comment": comment, "Parameters": {
        **base, FIELDS[PRE_CODE]: NOT_ENDED_CODE}, "ResultPath": WORK, "Next": next_state}
    return check
