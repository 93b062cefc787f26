"""JP1/AJS3 unit types (``ty=``): what each is and what to build on AWS instead.

Type list from the manual's format line as quoted in notes/jp1.md §3 [P]. A
leading ``r`` marks the recovery variant of a type, which runs only when its
predecessor ended abnormally — except ``rm`` (remote jobnet) and ``rc``
(start condition) [P].
"""
from __future__ import annotations

from functools import lru_cache
from jobmig.messages import msg

GROUP_TYPES = frozenset({"g"})
JOBNET_TYPES = frozenset({"n", "rn", "rm", "rr"})
COMMAND_TYPES = frozenset({"j", "rj", "pj", "rp", "qj", "rq"})
ALL_TYPES = frozenset(
    "g mg n rn rm rr rc mn j rj pj rp qj rq jdj rjdj orj rorj evwj revwj flwj rflwj mlwj "
    "rmlwj mqwj rmqwj mswj rmswj lfwj rlfwj ntwj rntwj tmwj rtmwj evsj revsj mlsj rmlsj mqsj "
    "rmqsj mssj rmssj cmsj rcmsj pwlj rpwlj pwrj rpwrj cj rcj cpj rcpj fxj rfxj htpj rhtpj "
    "hln nc".split())
_NOT_RECOVERY = frozenset({"rm", "rc"})


@lru_cache(maxsize=256)  # asked for every arrow's successor; an export uses a handful of types
def is_recovery(unit_type: str) -> bool:
    """True for recovery units (``rj``, ``rn``, ``rmlwj`` ...), not ``rm``/``rc``."""
    return (unit_type in ALL_TYPES and unit_type.startswith("r")
            and unit_type not in _NOT_RECOVERY)


_SPECIAL_BASES = {"rn": "n", "rr": "rm", "rp": "pj", "rq": "qj", "rj": "j"}


def base_type(unit_type: str) -> str:
    """The type without its recovery ``r`` (``rflwj`` → ``flwj``; ``rp`` → ``pj``)."""
    if not is_recovery(unit_type):
        return unit_type
    return _SPECIAL_BASES.get(unit_type, unit_type[1:])


# Types converted with a documented difference (JM405): what they become.
APPROXIMATE: dict[str, str] = {
    "jdj": msg("a Choice state on the predecessor's result (return code, file or variable test "
               "ej=...)"),
    "tmwj": msg("a Wait state of tmitv minutes"),
    "qj": msg("a task on an AWS Batch job queue (the JP1 queue qm/qu is not carried over)"),
}

# Types with no AWS equivalent (JM404): what to build instead.
MANUAL: dict[str, str] = {
    "orj": msg("a Parallel state whose branches end through a shared 'first one wins' step (Step "
               "Functions has no OR-join)"),
    "evwj": msg("an EventBridge rule matching the event (a converted evsj sends source "
                "jobmig.jp1, detail-type 'JP1 event', detail.event_id), resuming an "
                "aws-sdk:dynamodb:putItem .waitForTaskToken wait through a small state machine "
                "the rule starts that reads the token and calls sfn:SendTaskSuccess"),
    "flwj": msg("an S3 object-created (or EventBridge) rule resuming a waitForTaskToken task; a "
                "local file system has no AWS event"),
    "mlwj": msg("an Amazon SES receipt rule (S3 or SNS action) resuming a waitForTaskToken task"),
    "mqwj": msg("an Amazon MQ / SQS consumer resuming a waitForTaskToken task"),
    "mswj": msg("an SQS consumer resuming a waitForTaskToken task"),
    "lfwj": msg("a CloudWatch Logs subscription filter resuming a waitForTaskToken task"),
    "ntwj": msg("the CloudWatch agent collecting the Windows event log, with a CloudWatch Logs "
                "subscription filter resuming a waitForTaskToken task"),
    "evsj": msg("an EventBridge PutEvents task"),
    "mlsj": msg("an SNS publish or SES sendEmail task"),
    "mqsj": msg("an SQS sendMessage (or Amazon MQ) task"),
    "mssj": msg("an SQS sendMessage task"),
    "cmsj": msg("an SNS publish task (status notification)"),
    "pwlj": msg("an SSM Automation task (AWS-StartEC2Instance / AWS-StopEC2Instance) or "
                "aws-sdk:ec2:startInstances/stopInstances"),
    "pwrj": msg("an SSM Automation task (AWS-StartEC2Instance / AWS-StopEC2Instance) on the "
                "remote host's instance"),
    "cj": msg("a task for the add-on product named in cty (SAP, PFM ...)"),
    "cpj": msg("a Pass state with ResultSelector that sets the passed values"),
    "fxj": msg("SSM Run Command on the destination agent's instance (da), or on instances "
               "selected by tag for a broadcast (fxg)"),
    "htpj": msg("an HTTP Task (arn:aws:states:::http:invoke) or a Lambda task"),
    "hln": msg("a task for the hostlink (mainframe) system"),
    "nc": msg("an EventBridge rule on the connected root jobnet's Step Functions execution "
              "status change (through the join gate when several must end)"),
    "rc": msg("EventBridge rules for the wait jobs of the start condition, starting the state "
              "machine"),
    "mg": msg("nothing here: the job group lives on another manager; convert that export"),
    "mn": msg("an EventBridge rule or nested execution of the state machine converted from the "
              "other manager's export"),
    "rm": msg("an execution of the state machine converted from the remote manager's jobnet"),
}


# Types whose conversion the mappings decide from the unit's place and parameters (they
# add the findings): an OR job is a merge point only after exclusive judgment branches.
# evwj: a task-token wait in a jobnet's flow, a starting rule in a start condition (rc).
DECIDED_BY_MAPPING = frozenset({"orj", "evsj", "mlsj", "htpj", "flwj", "evwj", "rc", "nc"})


@lru_cache(maxsize=256)  # asked for every unit; an export uses a handful of types
def advice(unit_type: str) -> tuple[str, str] | None:
    """``("review"|"manual", what to build)`` for non-command types, ``None`` otherwise."""
    base = base_type(unit_type)
    if base in DECIDED_BY_MAPPING:
        return None
    if base in APPROXIMATE:
        return "review", APPROXIMATE[base]
    if base in MANUAL:
        return "manual", MANUAL[base]
    return None
