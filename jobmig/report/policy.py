"""Exit-code policy for ``jobmig audit --fail-on manual|review``.

``exit_code(plan, fail_on)`` returns:

- ``0`` when nothing is at or worse than the level (always 0 for ``None`` or
  ``"never"``);
- ``1`` when at least one job has a status at or worse than the level
  (``manual`` catches ``manual``; ``review`` catches ``review`` and
  ``manual``), or when a finding not tied to a job has a severity at or worse
  than it (``error`` counts as ``manual``): an export that could not be read
  has no jobs to count, yet it is not converted.

Job counts come from plan.json's ``summary`` when it has them, else from
``jobs``. Accepted findings (``--decisions``) are ignored: when the plan has
any, each job counts at the level of its findings not accepted (a status no
finding explains, e.g. from its schedule, is kept). An unknown level raises :class:`ValueError`; the CLI turns that
(and any other usage error) into exit code ``2``.
"""
from __future__ import annotations

from typing import Any, Mapping

from jobmig.catalogue import CATALOGUE

LEVELS = ("review", "manual")
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2  # used by the CLI, not returned here
_CAUGHT = {"review": ("review", "manual"), "manual": ("manual",)}


def _count(plan: Mapping[str, Any], status: str) -> int:
    summary = plan.get("summary")
    if isinstance(summary, dict) and isinstance(summary.get(status), int):
        return summary[status]
    jobs = plan.get("jobs") if isinstance(plan.get("jobs"), list) else []
    return sum(1 for job in jobs if isinstance(job, dict) and job.get("status") == status)


def _finding_level(finding: Mapping[str, Any]) -> str:
    entry = CATALOGUE.get(str(finding.get("code", "")))
    severity = entry.severity.value if entry else str(finding.get("severity", "info"))
    return "manual" if severity == "error" else severity


def exit_code(plan: Mapping[str, Any], fail_on: str | None) -> int:
    """0 or 1 for ``--fail-on fail_on`` (see the module docstring)."""
    if fail_on in (None, "", "never"):
        return EXIT_OK
    if fail_on not in LEVELS:
        raise ValueError(f"--fail-on must be one of {', '.join(LEVELS)}, not {fail_on!r}")
    caught = _CAUGHT[fail_on]
    summary = plan.get("summary")
    if isinstance(summary, dict) and summary.get("accepted"):
        jobs = plan.get("jobs") if isinstance(plan.get("jobs"), list) else []
        if any(_open_status(job) in caught for job in jobs if isinstance(job, dict)):
            return EXIT_FAILED
    elif any(_count(plan, status) > 0 for status in caught):
        return EXIT_FAILED
    findings = plan.get("findings") if isinstance(plan.get("findings"), list) else []
    for finding in findings:
        if isinstance(finding, dict) and not finding.get("job") \
                and not finding.get("accepted") and _finding_level(finding) in caught:
            return EXIT_FAILED
    return EXIT_OK


_RANK = {"auto": 0, "info": 0, "review": 1, "manual": 2}


def _open_status(job: Mapping[str, Any]) -> str:
    """A job's status with its accepted findings left out (see the module docstring)."""
    status = str(job.get("status", "auto"))
    findings = [f for f in job.get("findings") or [] if isinstance(f, dict)]
    accepted = {_finding_level(f) for f in findings if f.get("accepted")}
    if status not in accepted:
        return status  # no accepted finding explains it
    open_levels = [_finding_level(f) for f in findings if not f.get("accepted")]
    worst = max(open_levels, key=lambda level: _RANK.get(level, 0), default="auto")
    return "auto" if worst == "info" else worst
