"""JP1 file monitoring jobs (``flwj``) → a polling loop in the state machine.

Parameters (JP1/AJS3 Command Reference, 5.2 "File monitoring job definition";
defaults as notes/jp1.md §7 lists them): ``flwf="file"`` the watched file,
wildcards allowed; ``flwc=c[:d[:{s|m}]]`` what counts: created (``c``, the
default), deleted (``d``), size changed (``s``), modified time changed
(``m``); ``flwi`` the interval in seconds (default 60); ``etm`` the timeout
in minutes; ``ets={kl|nr|wr|an}`` the end when the timeout passes: killed
(the default), normal, warning or abnormal end.

Two targets:

* **the same managed node** (default): the legacy agent watched a local disk,
  so a short shell check runs there through SSM Run Command
  (``AWS-RunShellScript`` on the job's instance parameter, as its commands
  would). It exits 0 when the watched change is seen and 1 when not yet;
  the shell's own globbing honours the wildcards of ``flwf``.
* **S3**, where the profile's ``[events.paths]`` maps a prefix of the path to
  ``s3://bucket/prefix/``: ``aws-sdk:s3:listObjectsV2`` on the key (or the
  part before a trailing ``*``): a key count above zero is "created", zero is
  "deleted".

Between checks the loop waits ``flwi`` seconds; with ``etm`` it gives up
after ``ceil(etm * 60 / flwi)`` checks and ends as ``ets`` says (killed and
abnormal: the job fails with :data:`WATCH_TIMED_OUT`; normal and warning:
the jobnet goes on). Size and modified-time watches need the file's state at
the start of the watch kept between checks, which these loops do not keep:
they stay manual, as do wildcards other than a trailing ``*`` on S3.
"""
from __future__ import annotations

import math
import re
from typing import Any

from jobmig.model import Finding, Job
from jobmig.mappings.asl_tasks import (
    SSM_GET_INVOCATION, SSM_RUNNING, SSM_SEND, SSM_SUCCESS, BuildContext, _instance,
    api_retry, chain, JOB_FAILED, PARTITION_ARN, REGION_ACCOUNT,
)
from jobmig.mappings.profile import SSM, Profile, TaskSpec

WATCH_TYPES = frozenset({"flwj", "rflwj"})
WATCH_TIMED_OUT = "Jobmig.WatchTimedOut"
DEFAULT_INTERVAL = 60  # seconds (flwi)
DEFAULT_OUTCOME = "kl"  # ets
GOES_ON = ("nr", "wr")  # ets outcomes after which the jobnet goes on
S3_LIST = "arn:aws:states:::aws-sdk:s3:listObjectsV2"
_GLOB = re.compile(r"[*?\[]")


def handles(job: Job) -> bool:
    return job.kind == "job" and (job.unit_type or "") in WATCH_TYPES


def _params(job: Job) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in job.attributes.get("params", ()):
        if isinstance(item, (list, tuple)) and len(item) == 2:
            values[str(item[0])] = str(item[1]).strip().strip('"')
    return values


def watch(job: Job) -> tuple[str, str, int, str]:
    """``(path, condition, interval seconds, timeout outcome)`` of the unit, JP1 defaults filled."""
    values = _params(job)
    interval = values.get("flwi", "")
    return (values.get("flwf", ""), values.get("flwc", "c"),
            int(interval) if interval.isdigit() and int(interval) > 0 else DEFAULT_INTERVAL,
            values.get("ets", DEFAULT_OUTCOME))


def s3_target(path: str, profile: Profile) -> tuple[str, str] | None:
    """``(bucket, key)`` for ``path`` under the longest mapped prefix, or None."""
    best = None
    for prefix, target in dict(profile.event_setting("paths")).items():
        if path.startswith(prefix) and (best is None or len(prefix) > len(best[0])):
            best = (prefix, str(target))
    if best is None:
        return None
    bucket, _, key_prefix = best[1][len("s3://"):].partition("/")
    return bucket, key_prefix + path[len(best[0]):]


def problem(job: Job, profile: Profile) -> str | None:
    """Why the watch cannot be converted (``None`` when it can)."""
    path, condition, _, outcome = watch(job)
    if not path:
        return "a file monitoring job without a file (flwf)"
    if condition not in ("c", "d"):
        return (f"a file monitoring job for flwc={condition}: a size or modified-time watch "
                "needs the file's state at the start kept between checks")
    if outcome not in ("kl", "nr", "wr", "an"):
        return f"a file monitoring job with ets={outcome}"
    target = s3_target(path, profile)
    if target is not None and _GLOB.search(target[1].removesuffix("*")):
        return ("a file monitoring job whose S3 key has a wildcard other than a trailing *; "
                "S3 lists by prefix only")
    return None


def _quote(path: str) -> str:
    """``path`` for sh with its wildcards left to the shell's globbing."""
    out = []
    for part in re.split(r"([*?]|\[[^\]]*\])", path):
        if not part:
            continue
        out.append(part if _GLOB.match(part) else "'" + part.replace("'", "'\"'\"'") + "'")
    return "".join(out)


def check_script(path: str, condition: str) -> list[str]:
    """Shell lines that exit 0 when the watched change is there, 1 when not yet."""
    seen, unseen = ("0", "1") if condition == "c" else ("1", "0")
    return [f"# jobmig file watch ({'created' if condition == 'c' else 'deleted'}): {path}",
            f"for f in {_quote(path)}; do",
            f'  if [ -e "$f" ]; then exit {seen}; fi',
            "done",
            f"exit {unseen}"]


def unit_states(ctx: BuildContext, job: Job, profile: Profile,
                next_state: str | None) -> tuple[str, dict[str, dict[str, Any]]]:
    """The watch loop, continuing to ``next_state`` once the change is seen."""
    path, condition, interval, outcome = watch(job)
    target = s3_target(path, profile)
    label = ctx.label(job)
    polls = math.ceil(job.timeout_seconds / interval) if job.timeout_seconds else None
    where = f"s3://{target[0]}/{target[1]}" if target else "the same managed node (SSM Run Command)"
    text = (f"{job.name} waits until {path} is {'created' if condition == 'c' else 'deleted'}, "
            f"checking {where} every {interval} s"
            + ("; a file already there at the first check counts as created" if condition == "c"
               else ""))
    text += (f", at most {polls} checks (etm), then ends as ets={outcome} says"
             if polls else "; without etm it waits until the state machine's own timeout")
    ctx.findings.append(Finding("JM433", text, job.source, job.id))
    if ctx.outline:
        name = ctx.name(label)
        return name, {name: chain({"Type": "Pass", "Comment": f"run {job.id}"}, next_state)}
    done = next_state or ctx.name(f"{label}: seen")
    names = {k: ctx.name(f"{label}: {k}") for k in (
        "start watch", "check", "check wait", "check status", "seen?", "count", "give up?",
        "interval", "failed", "timed out")}
    states: dict[str, dict[str, Any]] = {}
    not_yet = names["count"] if polls else names["interval"]
    if target is None:
        spec = TaskSpec(SSM, dict(profile.settings.get(SSM, {})))
        instance = _instance(ctx, job, spec)
        states[names["check"]] = chain({
            "Type": "Task", "Resource": SSM_SEND, "Comment": f"run {job.id}",
            "Parameters": {"DocumentName": "AWS-RunShellScript", "InstanceIds": [instance],
                           "Parameters": {"commands": check_script(path, condition),
                                          "executionTimeout": ["60"]}},
            "ResultSelector": {"CommandId.$": "$.Command.CommandId"},
            "ResultPath": "$.watch_cmd", "Retry": [api_retry("Ssm")]}, names["check wait"])
        states[names["check wait"]] = chain({"Type": "Wait", "Seconds": 5}, names["check status"])
        states[names["check status"]] = chain({
            "Type": "Task", "Resource": SSM_GET_INVOCATION,
            "Parameters": {"CommandId.$": "$.watch_cmd.CommandId", "InstanceId": instance},
            "ResultSelector": {"Status.$": "$.Status", "ResponseCode.$": "$.ResponseCode"},
            "ResultPath": "$.watch_inv",
            "Retry": [{"ErrorEquals": ["Ssm.InvocationDoesNotExistException"],
                       "IntervalSeconds": 5, "MaxAttempts": 5, "BackoffRate": 1.5},
                      api_retry("Ssm")]}, names["seen?"])
        states[names["seen?"]] = {"Type": "Choice", "Default": names["failed"], "Choices": [
            {"Variable": "$.watch_inv.Status", "StringEquals": SSM_SUCCESS, "Next": done},
            {"Or": [{"Variable": "$.watch_inv.Status", "StringEquals": s} for s in SSM_RUNNING],
             "Next": names["check wait"]},
            {"And": [{"Variable": "$.watch_inv.Status", "StringEquals": "Failed"},
                     {"Variable": "$.watch_inv.ResponseCode", "NumericEquals": 1}],
             "Next": not_yet}]}
        ctx.allow("ssm:SendCommand", f"{PARTITION_ARN}:ssm:${{AWS::Region}}::document/AWS-RunShellScript",
                  f"{PARTITION_ARN}:ec2:{REGION_ACCOUNT}:instance/{instance}")
        ctx.allow("ssm:GetCommandInvocation", "*")
        states[names["failed"]] = {
            "Type": "Fail", "Error": JOB_FAILED,
            "Cause": f"{job.name}: the file check did not run (see $.watch_inv)"}
    else:
        bucket, key = target
        states[names["check"]] = chain({
            "Type": "Task", "Resource": S3_LIST, "Comment": f"run {job.id}",
            "Parameters": {"Bucket": bucket, "Prefix": key.removesuffix("*"), "MaxKeys": 1},
            "ResultSelector": {"KeyCount.$": "$.KeyCount"},
            "ResultPath": "$.watch_list", "Retry": [api_retry("S3")]}, names["seen?"])
        seen = {"Variable": "$.watch_list.KeyCount",
                ("NumericGreaterThan" if condition == "c" else "NumericEquals"): 0, "Next": done}
        states[names["seen?"]] = {"Type": "Choice", "Default": not_yet, "Choices": [seen]}
        ctx.allow("s3:ListBucket", f"{PARTITION_ARN}:s3:::{bucket}")
    if polls:
        states[names["count"]] = chain({
            "Type": "Pass", "Parameters": {"checks.$": "States.MathAdd($.watch.checks, 1)"},
            "ResultPath": "$.watch"}, names["give up?"])
        end = done if outcome in GOES_ON else names["timed out"]
        states[names["give up?"]] = {"Type": "Choice", "Default": names["interval"], "Choices": [
            {"Variable": "$.watch.checks", "NumericGreaterThanEquals": polls, "Next": end}]}
        if outcome not in GOES_ON:
            states[names["timed out"]] = {
                "Type": "Fail", "Error": WATCH_TIMED_OUT,
                "Cause": f"{job.name}: {path} was not {'created' if condition == 'c' else 'deleted'} "
                         f"within etm (ets={outcome})"}
    states[names["interval"]] = chain({"Type": "Wait", "Seconds": interval}, names["check"])
    states[names["start watch"]] = chain({"Type": "Pass", "Parameters": {"checks": 0},
                                          "ResultPath": "$.watch"}, names["check"])
    if next_state is None:
        states[done] = {"Type": "Succeed"}
    return names["start watch"], states
