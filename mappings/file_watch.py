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
the jobnet goes on).

Size (``s``) and modified-time (``m``) watches: JP1 "Monitors file resizing"
and "a change in the writing time of the last file" (Command Reference 5.2.10;
``s`` and ``m`` not together, each may join ``c`` or ``d``). The loop records
the value at every check in the state's data (``$.watch.state``) and ends
when it differs from the previous check's while the file is there at both
(JM443): on the node the check script prints a checksum of the matching
files' names and sizes (or times) and gets the previous one as its first
line; on S3 ``aws-sdk:s3:headObject`` gives ``ContentLength`` or
``LastModified`` (one key: no wildcard). A wildcard other than a trailing
``*`` on S3 is listed by its literal prefix (JM444): the state machine cannot
match a pattern (the definitions are JSONPath, where no intrinsic matches a
glob). ``c`` and ``d`` together stay manual.

A file already there when the watch starts: JP1/AJS3 System Design (Work Tasks)
Guide 7.6.2 (1), note #1 to the table of monitored events: "If a file with the
specified name already exists when monitoring starts, the condition is
satisfied when the old file is deleted and a new file is created. You can use
the start monitoring option to specify whether the condition is satisfied if a
file with the specified name already exists when monitoring starts." Note #2
describes the close check (the file no longer open in another process) as done
whenever a condition is met, with no option. So ``flco`` is read as the start
monitoring option [I: the Command Reference text of ``flco`` was not at hand],
``y`` making a file already there count; without it (JP1's default) the watch
keeps each check's finding (:func:`created_anew`) and ``c`` is met once a check
saw no file and a later one sees it. The close check has no counterpart (JM433).
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
from jobmig.messages import joined, msg
from jobmig.digits import is_number

WATCH_TYPES = frozenset({"flwj", "rflwj"})
WATCH_TIMED_OUT = "Jobmig.WatchTimedOut"
DEFAULT_INTERVAL = 60  # seconds (flwi)
DEFAULT_OUTCOME = "kl"  # ets
GOES_ON = ("nr", "wr")  # ets outcomes after which the jobnet goes on
S3_LIST = "arn:aws:states:::aws-sdk:s3:listObjectsV2"
S3_HEAD = "arn:aws:states:::aws-sdk:s3:headObject"
#: What headObject on a missing key fails with (a 404 without a body).
S3_MISSING = ["S3.NoSuchKeyException", "S3.NotFoundException"]
ABSENT = "none"  # the recorded state when no watched file is there
CONDITIONS = frozenset("cdsm")
CHANGE = {"s": msg("size"), "m": msg("modified time")}
_STAT = {"s": "%n %s", "m": "%n %Y"}  # stat -c formats: name and size / last write time
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
            int(interval) if is_number(interval) and int(interval) > 0 else DEFAULT_INTERVAL,
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


def conditions(condition: str) -> frozenset[str]:
    """The letters of ``flwc`` (``c:s`` → ``{c, s}``)."""
    return frozenset(part.strip() for part in condition.split(":") if part.strip())


def literal_prefix(pattern: str) -> str:
    """``pattern`` up to its first wildcard (``*``, ``?``, ``[``): every name the pattern
    matches starts with it."""
    found = _GLOB.search(pattern)
    return pattern[:found.start()] if found else pattern


def problem(job: Job, profile: Profile) -> str | None:
    """Why the watch cannot be converted (``None`` when it can)."""
    path, condition, _, outcome = watch(job)
    wanted = conditions(condition)
    if not path:
        return msg("a file monitoring job without a file (flwf)")
    if not wanted or not wanted <= CONDITIONS or {"s", "m"} <= wanted:
        return (msg("a file monitoring job with flwc={condition}: JP1 takes c, d, s or m joined "
                    "by ':', s and m not together",
                    condition=condition))
    if {"c", "d"} <= wanted:
        return (msg("a file monitoring job for flwc={condition}: created and deleted at once are "
                    "events, not states a check can see",
                    condition=condition))
    if outcome not in ("kl", "nr", "wr", "an"):
        return msg("a file monitoring job with ets={outcome}", outcome=outcome)
    target = s3_target(path, profile)
    if target is not None and wanted & {"s", "m"} and _GLOB.search(target[1]):
        return (msg("a file monitoring job for flwc={condition} on an S3 key with a wildcard "
                    "({target}): headObject reads one key",
                    condition=condition, target=target[1]))
    return None


def _quote(path: str) -> str:
    """``path`` for sh with its wildcards left to the shell's globbing."""
    out = []
    for part in re.split(r"([*?]|\[[^\]]*\])", path):
        if not part:
            continue
        out.append(part if _GLOB.match(part) else "'" + part.replace("'", "'\"'\"'") + "'")
    return "".join(out)


def _what(condition: str) -> str:
    words = {"c": msg("created"), "d": msg("deleted"), "s": msg("changes size"),
             "m": msg("changes its modified time")}
    return joined(msg(" or "), (words[c] for c in "cdsm" if c in conditions(condition)))


def check_script(path: str, condition: str, anew: bool = False) -> list[str]:
    """Shell lines that exit 0 when the watched change is there, 1 when not yet.

    With ``s`` or ``m``, or ``anew`` (``c`` counts a file only once a check saw none, see
    :func:`created_anew`), the script expects ``prev=<value>`` to run first (the value the
    previous check printed, empty at the first) and prints its own value (a checksum of
    the matching files' names, and sizes or times, :data:`ABSENT` when none is there).
    """
    wanted = conditions(condition)
    change = next((c for c in "sm" if c in wanted), None)
    record = f'$(stat -c \'{_STAT[change]}\' -- "$f")/' if change else '${f}/'
    lines = [f"# jobmig file watch ({_what(condition)}): {path}",
             "seen=''",
             f"for f in {_quote(path)}; do",
             f'  if [ -e "$f" ]; then seen="${{seen}}{record}"; fi',
             "done"]
    if "c" in wanted:
        lines.append(f'if [ "${{prev:-}}" = {ABSENT} ] && [ -n "$seen" ]; then exit 0; fi'
                     if anew else 'if [ -n "$seen" ]; then exit 0; fi')
    if "d" in wanted:
        lines.append('if [ -z "$seen" ]; then exit 0; fi')
    if change is None and not anew:
        return lines + ["exit 1"]
    lines += [
        f"now={ABSENT}",
        'if [ -n "$seen" ]; then now=$(printf \'%s\' "$seen" | cksum | cut -d\' \' -f1); fi',
        'printf \'%s\' "$now"']
    if change is not None:
        lines.append(f'if [ -n "${{prev:-}}" ] && [ "$prev" != {ABSENT} ] '
                     f'&& [ "$now" != {ABSENT} ] && [ "$now" != "$prev" ]; then exit 0; fi')
    return lines + ["exit 1"]


def created_anew(job: Job) -> bool:
    """True when a watched file counts as created only once a check saw none: JP1's default.
    ``flco=y`` (JP1's start-monitoring option) makes a file already there count [I: see
    the module doc]."""
    return "c" in conditions(watch(job)[1]) and _params(job).get("flco", "n").lower() != "y"


def unit_states(ctx: BuildContext, job: Job, profile: Profile,
                next_state: str | None) -> tuple[str, dict[str, dict[str, Any]]]:
    """The watch loop, continuing to ``next_state`` once the change is seen."""
    path, condition, interval, outcome = watch(job)
    wanted = conditions(condition)
    change = next((c for c in "sm" if c in wanted), None)
    anew = created_anew(job)
    tracked = change is not None or anew  # each check's value is kept for the next
    target = s3_target(path, profile)
    label = ctx.label(job)
    polls = math.ceil(job.timeout_seconds / interval) if job.timeout_seconds else None
    _notes(ctx, job, path, condition, interval, outcome, polls, target)
    if ctx.outline:
        name = ctx.name(label)
        return name, {name: chain({"Type": "Pass", "Comment": f"run {job.id}"}, next_state)}
    done = next_state or ctx.name(f"{label}: seen")
    names = {k: ctx.name(f"{label}: {k}") for k in (
        "start watch", "arm check", "check", "check wait", "check status", "seen?", "count",
        "give up?", "interval", "failed", "timed out", "absent")}
    states: dict[str, dict[str, Any]] = {}
    # a not-yet check is counted (etm) and, for s/m, its value kept for the next comparison
    counted = bool(polls) or tracked
    not_yet = names["count"] if counted else names["interval"]
    first = names["check"]
    if target is None:
        spec = TaskSpec(SSM, dict(profile.settings.get(SSM, {})))
        instance = _instance(ctx, job, spec)
        script = check_script(path, condition, anew)
        commands: dict[str, Any] = {"commands": script}
        if tracked:
            # the previous value goes in as the script's first line (a checksum or "none")
            states[names["arm check"]] = chain({
                "Type": "Pass", "Parameters": {
                    "prev.$": "States.Format('prev={}', $.watch.state)",
                    "body": "\n".join(script)},
                "ResultPath": "$.watch_script"}, names["check"])
            commands = {"commands.$": "States.Array($.watch_script.prev, $.watch_script.body)"}
            first = names["arm check"]
        states[names["check"]] = chain({
            "Type": "Task", "Resource": SSM_SEND, "Comment": f"run {job.id}",
            "Parameters": {"DocumentName": "AWS-RunShellScript", "InstanceIds": [instance],
                           "Parameters": {**commands, "executionTimeout": ["60"]}},
            "ResultSelector": {"CommandId.$": "$.Command.CommandId"},
            "ResultPath": "$.watch_cmd", "Retry": [api_retry("Ssm")]}, names["check wait"])
        states[names["check wait"]] = chain({"Type": "Wait", "Seconds": 5}, names["check status"])
        selector = {"Status.$": "$.Status", "ResponseCode.$": "$.ResponseCode"}
        if tracked:
            selector["Output.$"] = "$.StandardOutputContent"
        states[names["check status"]] = chain({
            "Type": "Task", "Resource": SSM_GET_INVOCATION,
            "Parameters": {"CommandId.$": "$.watch_cmd.CommandId", "InstanceId": instance},
            "ResultSelector": selector,
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
        value = "$.watch_inv.Output" if tracked else None
    elif change is not None:
        value = _s3_head(ctx, job, target, wanted, change, names, states, done, not_yet, anew)
    else:
        bucket, key = target
        states[names["check"]] = chain({
            "Type": "Task", "Resource": S3_LIST, "Comment": f"run {job.id}",
            "Parameters": {"Bucket": bucket, "Prefix": literal_prefix(key), "MaxKeys": 1},
            "ResultSelector": {"KeyCount.$": "$.KeyCount",
                               "value.$": "States.Format('{}', $.KeyCount)"},
            "ResultPath": "$.watch_list", "Retry": [api_retry("S3")]}, names["seen?"])
        seen: dict[str, Any] = {"Variable": "$.watch_list.KeyCount",
                                ("NumericGreaterThan" if "c" in wanted else "NumericEquals"): 0}
        if anew:  # and the previous check listed none ("0")
            seen = {"And": [seen, {"Variable": "$.watch.state", "StringEquals": "0"}]}
        states[names["seen?"]] = {"Type": "Choice", "Default": not_yet,
                                  "Choices": [{**seen, "Next": done}]}
        ctx.allow("s3:ListBucket", f"{PARTITION_ARN}:s3:::{bucket}")
        value = "$.watch_list.value" if anew else None
    if counted:
        kept: dict[str, Any] = {"checks.$": "States.MathAdd($.watch.checks, 1)"}
        if value is not None:
            kept["state.$"] = value
        states[names["count"]] = chain({"Type": "Pass", "Parameters": kept, "ResultPath": "$.watch"},
                                       names["give up?"] if polls else names["interval"])
    if polls:
        end = done if outcome in GOES_ON else names["timed out"]
        states[names["give up?"]] = {"Type": "Choice", "Default": names["interval"], "Choices": [
            {"Variable": "$.watch.checks", "NumericGreaterThanEquals": polls, "Next": end}]}
        if outcome not in GOES_ON:
            states[names["timed out"]] = {
                "Type": "Fail", "Error": WATCH_TIMED_OUT,
                "Cause": f"{job.name}: {path} was not {_what(condition)} within etm (ets={outcome})"}
    states[names["interval"]] = chain({"Type": "Wait", "Seconds": interval}, first)
    start = {"checks": 0, **({"state": ""} if tracked else {})}
    states[names["start watch"]] = chain({"Type": "Pass", "Parameters": start,
                                          "ResultPath": "$.watch"}, first)
    if next_state is None:
        states[done] = {"Type": "Succeed"}
    return names["start watch"], states


def _s3_head(ctx: BuildContext, job: Job, target: tuple[str, str], wanted: frozenset[str],
             change: str, names: dict[str, str], states: dict[str, dict[str, Any]], done: str,
             not_yet: str, anew: bool = False) -> str:
    """headObject on the key; its size or time as text (``none`` when the key is missing)."""
    bucket, key = target
    field_ = "ContentLength" if change == "s" else "LastModified"
    states[names["check"]] = chain({
        "Type": "Task", "Resource": S3_HEAD, "Comment": f"run {job.id}",
        "Parameters": {"Bucket": bucket, "Key": key},
        "ResultSelector": {"value.$": f"States.Format('{{}}', $.{field_})"},
        "ResultPath": "$.watch_head", "Retry": [api_retry("S3")],
        "Catch": [{"ErrorEquals": S3_MISSING, "ResultPath": None, "Next": names["absent"]}]},
        names["seen?"])
    states[names["absent"]] = chain({"Type": "Pass", "Result": {"value": ABSENT},
                                     "ResultPath": "$.watch_head"}, names["seen?"])
    now, prev = "$.watch_head.value", "$.watch.state"
    choices: list[dict[str, Any]] = []
    if "c" in wanted:
        there = {"Not": {"Variable": now, "StringEquals": ABSENT}}
        choices.append({"And": [there, {"Variable": prev, "StringEquals": ABSENT}], "Next": done}
                       if anew else {**there, "Next": done})
    if "d" in wanted:
        choices.append({"Variable": now, "StringEquals": ABSENT, "Next": done})
    choices.append({"And": [
        {"Not": {"Variable": prev, "StringEquals": ""}},
        {"Not": {"Variable": prev, "StringEquals": ABSENT}},
        {"Not": {"Variable": now, "StringEquals": ABSENT}},
        {"Not": {"Variable": now, "StringEqualsPath": prev}}], "Next": done})
    states[names["seen?"]] = {"Type": "Choice", "Default": not_yet, "Choices": choices}
    ctx.allow("s3:GetObject", f"{PARTITION_ARN}:s3:::{bucket}/{key}")
    # without ListBucket S3 answers a HeadObject of a missing key with 403, not the 404
    # (NoSuchKey/NotFound) the Catch above takes for "absent"
    ctx.allow("s3:ListBucket", f"{PARTITION_ARN}:s3:::{bucket}")
    return now


def _notes(ctx: BuildContext, job: Job, path: str, condition: str, interval: int, outcome: str,
           polls: int | None, target: tuple[str, str] | None) -> None:
    """JM433 (always), JM443 (size or time), JM444 (S3 prefix wider than the pattern)."""
    wanted = conditions(condition)
    where = (msg("s3://{bucket}/{key}", bucket=target[0], key=target[1]) if target
             else msg("the same managed node (SSM Run Command)"))
    anew = created_anew(job)
    text = (msg("{name} waits until {path} is {condition}, checking {where} every {interval} s",
                name=job.name, path=path, condition=_what(condition), where=where,
                interval=interval)
            + ("" if "c" not in wanted else
               msg("; a file already there at the first check counts as created (flco=y)")
               if not anew else
               msg("; a file counts as created once a check saw none (a file already there at "
                   "the first check must go and come back, as in JP1 without flco=y)")))
    text += (msg(", at most {polls} checks (etm), then ends as ets={outcome} says",
                 polls=polls, outcome=outcome)
             if polls else msg("; without etm it waits until the state machine's own timeout"))
    ctx.findings.append(Finding("JM433", text, job.source, job.id))
    change = next((c for c in "sm" if c in wanted), None)
    if change is not None:
        ctx.findings.append(Finding(
            "JM443", msg("{name}: flwc={condition}: the {CHANGE} is recorded at each check and "
                         "compared with the previous one (the first check only records it)",
                         name=job.name, condition=condition, CHANGE=CHANGE[change]),
            job.source, job.id))
    if target is not None and _GLOB.search(target[1].removesuffix("*")):
        ctx.findings.append(Finding(
            "JM444", msg("{name}: S3 key pattern {target} is listed by its prefix "
                         "{literal_prefix!r}; any key under it counts",
                         name=job.name, target=target[1], literal_prefix=literal_prefix(target[1])), job.source, job.id))
