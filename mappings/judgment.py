"""JP1 judgment jobs (``jdj``) → an ASL Choice rule on the preceding return code.

A judgment job compares its predecessor's return code with a value and runs
the units linked to it by ``con`` arrows only when the comparison holds
(notes/jp1.md §7). The return-code comparisons are expressible as a Choice
on ``$.inv.ResponseCode``, the exit code the SSM polling loop keeps
(:mod:`jobmig.mappings.asl_tasks`); file, variable and string judgments are
not, and stay manual.

``ej`` (operator) with ``ejc`` (value), or ``ejl``/``ejh`` (range) for
``ri`` (inside) and ``ro`` (outside), read from ``Job.attributes["params"]``
as the JP1 parser keeps them (``[[key, raw], …]``).
"""
from __future__ import annotations

from typing import Any

from jobmig.model import Job

JUDGMENT_TYPES = ("jdj", "rjdj")
RETURN_CODE = "$.inv.ResponseCode"
#: Where each task kind leaves the predecessor's return code (mappings.asl_tasks).
RETURN_CODES = {"ssm": RETURN_CODE, "ecs": "$.task.ExitCodes[0]"}
#: ej operator → ASL numeric comparison against ejc.
OPERATORS = {"gt": "NumericGreaterThan", "ge": "NumericGreaterThanEquals",
             "lt": "NumericLessThan", "le": "NumericLessThanEquals", "eq": "NumericEquals"}


def is_judgment(job: Job) -> bool:
    return job.unit_type in JUDGMENT_TYPES


def _params(job: Job) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in job.attributes.get("params", ()):
        if isinstance(item, (list, tuple)) and len(item) == 2:
            values[str(item[0])] = str(item[1]).strip().strip('"')
    return values


def return_code_path(task_kind: str) -> str:
    """The JSONPath of the return code a predecessor run as ``task_kind`` leaves behind."""
    return RETURN_CODES.get(task_kind, RETURN_CODE)


def condition(job: Job, code: str = RETURN_CODE) -> dict[str, Any] | None:
    """The Choice rule (without ``Next``) that is true when the judgment holds, or None.

    ``code``: the JSONPath of the predecessor's return code. The predecessor
    reaches the judgment only after a normal or warning end, so a code above
    zero is seen only when the predecessor's ``tho`` lets it go on (JP1/AJS3:
    an abnormal end stops the jobnet before the judgment job).
    """
    params = _params(job)
    operator = params.get("ej", "")
    try:
        if operator in OPERATORS:
            return {"Variable": code, OPERATORS[operator]: int(params["ejc"])}
        if operator == "ne":
            return {"Not": {"Variable": code, "NumericEquals": int(params["ejc"])}}
        low, high = int(params["ejl"]), int(params["ejh"])
    except (KeyError, ValueError):
        return None
    inside = {"And": [{"Variable": code, "NumericGreaterThanEquals": low},
                      {"Variable": code, "NumericLessThanEquals": high}]}
    if operator == "ri":
        return inside
    if operator == "ro":
        return {"Not": inside}
    return None


def describe(job: Job) -> str:
    """The judgment as text for findings (``rc gt 10``, ``file exists /x``)."""
    params = _params(job)
    operator = params.get("ej")
    if operator is None:
        return "no ej test"
    if operator in OPERATORS or operator == "ne":
        return f"rc {operator} {params.get('ejc', '?')}"
    if operator in ("ri", "ro"):
        where = "inside" if operator == "ri" else "outside"
        return f"rc {where} {params.get('ejl', '?')}..{params.get('ejh', '?')}"
    if operator in ("ef", "nf"):
        verb = "exists" if operator == "ef" else "does not exist"
        return f"file {params.get('ejf', '?')} {verb}"
    return f"ej={operator}"
