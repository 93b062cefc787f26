"""States for units jobmig cannot run: a Fail placeholder, or a Wait for JP1 interval jobs.

A job with nothing to run must never look like a job that ran: a task that
succeeds without doing the work would start its successors and report the
workflow done. So:

* a unit of a type with no AWS equivalent (JM404), of an unknown type
  (JM418), or a shell job without a command (a Jenkins pipeline whose steps
  are Groovy, a freestyle job without a shell step) becomes a Choice that
  goes to a ``Fail`` state ``Jobmig.NotConverted`` whose cause says what to
  build (see :func:`fail_state`); the job
  gets a JM524 finding and the workflow holding it a JM525 finding, both
  ``manual``;
* a JP1 interval job (``tmwj``) becomes a ``Wait`` state of ``tmitv``
  minutes (default 10, per the JP1 command reference; see the notes).

Jobs that run through ECS, Batch or Lambda (by the mapping profile) need no
command: the container or function decides what runs.
"""
from __future__ import annotations

from typing import Any

from jobmig.model import Job
from jobmig.mappings.asl_tasks import BuildContext, chain
from jobmig.mappings.profile import SSM, TaskSpec
from jobmig.messages import msg
from jobmig.digits import is_number

NOT_CONVERTED = "Jobmig.NotConverted"
SKIP_KEY = "skip_not_converted"  # execution input key that lets a test run pass placeholders
NO_EQUIVALENT_CODES = frozenset({"JM404", "JM418"})
INTERVAL_TYPES = frozenset({"tmwj", "rtmwj"})
DEFAULT_INTERVAL_MINUTES = 10


def placeholder_reason(job: Job, spec: TaskSpec) -> str | None:
    """Why ``job`` cannot run as converted (``None`` when it can)."""
    if job.kind == "jobnet":
        return None
    if any(finding.code in NO_EQUIVALENT_CODES for finding in job.findings):
        kind = msg("a JP1 unit of type {unit_type}", unit_type=job.unit_type) \
            if job.unit_type else msg("a unit")
        return msg("{kind} with no AWS equivalent", kind=kind)
    if job.unit_type in INTERVAL_TYPES:
        return None
    if spec.kind == SSM and not (job.command or "").strip():
        if job.unit_type == "pipeline":
            return msg("a pipeline whose steps are Groovy, not a shell command")
        return msg("no command in the export")
    return None


def interval_seconds(job: Job) -> int | None:
    """Seconds a JP1 interval job waits (``tmitv`` minutes), or ``None`` for other jobs."""
    if job.unit_type not in INTERVAL_TYPES:
        return None
    minutes = DEFAULT_INTERVAL_MINUTES
    for key, raw in job.attributes.get("params", ()):
        if key == "tmitv" and is_number(str(raw).strip()):
            minutes = int(str(raw).strip())
    return minutes * 60


def fail_state(ctx: BuildContext, job: Job, reason: str,
               next_state: str | None) -> tuple[str, dict[str, dict[str, Any]]]:
    """A Choice that fails the run at ``job``, unless the input holds :data:`SKIP_KEY`.

    A bare Fail state would leave the states after it unreachable, which ASL
    forbids; the Choice keeps them in the machine (and lets an operator test
    the rest of a workflow by starting it with ``{"skip_not_converted": true}``).
    """
    check = ctx.name(f"{ctx.label(job)}: not converted")
    fail = ctx.name(f"{ctx.label(job)}: not converted (fail)")
    states: dict[str, dict[str, Any]] = {}
    if next_state is None:
        next_state = ctx.name(f"{ctx.label(job)}: skipped")
        states[next_state] = {"Type": "Succeed"}
    states[check] = {
        "Type": "Choice", "Comment": f"{job.id} was not converted: {reason}",
        "Choices": [{"Variable": f"$.{SKIP_KEY}", "IsPresent": True, "Next": next_state}],
        "Default": fail}
    states[fail] = {
        "Type": "Fail", "Error": NOT_CONVERTED,
        "Cause": f"{job.name}: {reason}; replace this state with a task that does the job's work",
    }
    return check, states


def wait_state(ctx: BuildContext, job: Job, seconds: int,
               next_state: str | None) -> tuple[str, dict[str, dict[str, Any]]]:
    """A Wait state for a JP1 interval job."""
    name = ctx.name(f"{ctx.label(job)}: wait {seconds // 60} min")
    return name, {name: chain({"Type": "Wait", "Seconds": seconds,
                               "Comment": f"interval job {job.id}"}, next_state)}
