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
from jobmig.messages import msg

JUDGMENT_TYPES = ("jdj", "rjdj")
RETURN_CODE = "$.inv.ResponseCode"
#: Where each task kind leaves the predecessor's return code (mappings.asl_tasks).
RETURN_CODES = {"ssm": RETURN_CODE, "ecs": "$.task.ExitCodes[0]"}
#: ej operator → ASL numeric comparison against ejc.
OPERATORS = {"gt": "NumericGreaterThan", "ge": "NumericGreaterThanEquals",
             "lt": "NumericLessThan", "le": "NumericLessThanEquals", "eq": "NumericEquals"}


def is_judgment(job: Job) -> bool:
    return job.unit_type in JUDGMENT_TYPES


#: JP1's defaults for an omitted ``ej``/``ejc``: "The default is gt" (JP1/AJS3 Command
#: Reference, 5.2.8 Judgment job definition, ``ej=``); the judgment return code ``ejc``
#: defaults to 0 (same section; the Define Details - [Judgment Job] dialog of the
#: Operator's Guide 12.4.11 starts from "Return code" as the judgment type). So a judgment
#: job without ``ej`` holds when the preceding job's return code is above 0.
DEFAULT_OPERATOR = "gt"
DEFAULT_CODE = "0"
#: Keys that make ``ej`` mean a file or variable test, where no default operator applies.
_NOT_RETURN_CODE = ("ejf", "ejv", "ejt", "eji", "ejs", "ejg")


def _params(job: Job) -> dict[str, str]:
    """The unit's judgment parameters, with JP1's defaults for an omitted ``ej``/``ejc``."""
    values: dict[str, str] = {}
    for item in job.attributes.get("params", ()):
        if isinstance(item, (list, tuple)) and len(item) == 2:
            values[str(item[0])] = str(item[1]).strip().strip('"')
    if "ej" not in values and not any(key in values for key in _NOT_RETURN_CODE):
        values["ej"] = DEFAULT_OPERATOR
        values.setdefault("ejc", DEFAULT_CODE)
    elif values.get("ej") in (*OPERATORS, "ne"):
        values.setdefault("ejc", DEFAULT_CODE)
    return values


def uses_default(job: Job) -> bool:
    """True when the unit gives no ``ej``, so JP1's default judgment (rc gt ejc) applies."""
    return not any(isinstance(item, (list, tuple)) and len(item) == 2 and item[0] == "ej"
                   for item in job.attributes.get("params", ()))


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
        return msg("no ej test")
    if operator in OPERATORS or operator == "ne":
        default = msg(" (JP1 default)") if uses_default(job) else ""
        return msg("rc {operator} {value}{default}", operator=operator,
                   value=params.get("ejc", "?"), default=default)
    if operator in ("ri", "ro"):
        low, high = params.get("ejl", "?"), params.get("ejh", "?")
        return (msg("rc inside {low}..{high}", low=low, high=high) if operator == "ri"
                else msg("rc outside {low}..{high}", low=low, high=high))
    if operator in ("ef", "nf"):
        path = params.get("ejf", "?")
        return (msg("file {path} exists", path=path) if operator == "ef"
                else msg("file {path} does not exist", path=path))
    return f"ej={operator}"
