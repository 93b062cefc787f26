"""JP1 OR jobs (``orj``) that merge the branches of one judgment.

An OR job starts its successors as soon as the first of its predecessors ends
normally (notes/jp1.md §3). Step Functions has no "first branch wins" join,
but the common use of an OR job needs none: it closes an if/else built from
judgment jobs that test the *same* return code with tests of which exactly
one holds (JP1/AJS3 System Design (Work Tasks) Guide 2.4.3, "Dynamically
changing a process depending on the result of a preceding job"). Then
exactly one branch runs, the OR job is simply where the branches meet, and
the judgments become one Choice state whose rules lead into the branches.

This module decides that from the judgments' Choice rules
(:func:`jobmig.mappings.judgment.condition`): :func:`branch_problem` says
why the branches are not such an if/else (``None`` when they are).
"""
from __future__ import annotations

from typing import Any, Iterable

from jobmig.model import Job
from jobmig.messages import msg

OR_TYPES = ("orj", "rorj")


def is_or_job(job: Job) -> bool:
    return job.unit_type in OR_TYPES


def _constants(rule: dict[str, Any]) -> Iterable[int]:
    for key, value in rule.items():
        if key.startswith("Numeric"):
            yield int(value)
        elif key == "And":
            for part in value:
                yield from _constants(part)
        elif key == "Not":
            yield from _constants(value)


def holds(rule: dict[str, Any], code: int) -> bool:
    """Whether a Choice rule made by :func:`judgment.condition` holds for return code ``code``."""
    if "And" in rule:
        return all(holds(part, code) for part in rule["And"])
    if "Not" in rule:
        return not holds(rule["Not"], code)
    for key, value in rule.items():
        if key == "NumericEquals":
            return code == value
        if key == "NumericGreaterThan":
            return code > value
        if key == "NumericGreaterThanEquals":
            return code >= value
        if key == "NumericLessThan":
            return code < value
        if key == "NumericLessThanEquals":
            return code <= value
    raise ValueError(f"not a return-code rule: {rule}")


def branch_problem(rules: list[dict[str, Any]]) -> str | None:
    """Why the judgments' rules are not "exactly one holds for every code" (None if they are).

    Each rule is a union of integer intervals whose ends are its constants, so
    checking every constant, its neighbours and a point beyond the extremes
    covers every interval where the number of rules that hold could change.
    """
    if len(rules) < 2:
        return msg("it has fewer than two judgment branches")
    points = {-1, 0}
    for rule in rules:
        for constant in _constants(rule):
            points.update((constant - 1, constant, constant + 1))
    points.update((min(points) - 1, max(points) + 1))
    for code in sorted(points):
        count = sum(holds(rule, code) for rule in rules)
        if count > 1:
            return msg("for return code {code} more than one judgment holds, so several branches "
                       "run",
                       code=code)
        if count == 0:
            return (msg("for return code {code} no judgment holds, so no branch runs and JP1 "
                        "would leave the OR job waiting",
                        code=code))
    return None
