"""Recorded review decisions (``--decisions FILE.toml``): findings a person accepted.

The file holds ``[[accept]]`` tables, each with ``job`` (a job id from
plan.json), ``code`` (a finding code) and ``reason``. Applied to a plan
(:func:`apply`):

- every finding of that job with that code keeps its severity and gains
  ``"accepted": {"reason": ...}`` (in the plan's list and the job's alike);
- ``summary.accepted`` counts the accepted findings;
- a decision that matches no job, or no finding of its job, any more is a
  JM090 finding at its line in the file, quoting its job id and code, so an
  approval never silently outlives what it approved.

A file that cannot be read, is not TOML, or holds an entry without job,
code and reason raises :class:`DecisionsError` (``path:line: what``), which
the CLI reports as a usage error.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jobmig.model import Finding, SourceRef
from jobmig.messages import msg

STALE = "JM090"
_HEADER = re.compile(r"^\s*\[\[\s*accept\s*\]\]")
_TOML_PLACE = re.compile(r"\(at line (\d+), column (\d+)\)")


class DecisionsError(Exception):
    """The decisions file is unusable; the message reads ``path:line: what``."""


@dataclass(frozen=True)
class Decision:
    """One ``[[accept]]`` entry and the line its header stands on."""

    job: str
    code: str
    reason: str
    line: int | None


def load(path: str) -> list[Decision]:
    """The decisions of ``path`` in file order (see the module docstring)."""
    try:
        text = Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DecisionsError(f"{path}: cannot read the decisions file "
                             f"({getattr(error, 'strerror', None) or error})")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        place = _TOML_PLACE.search(str(error))
        where = f"{path}:{place.group(1)}:{place.group(2)}" if place else path
        raise DecisionsError(f"{where}: not valid TOML ({_TOML_PLACE.sub('', str(error)).strip()})")
    unknown = sorted(set(data) - {"accept"})
    if unknown:
        raise DecisionsError(f"{path}: unknown table {unknown[0]!r}; the file holds [[accept]] "
                             "entries")
    entries = data.get("accept", [])
    if not isinstance(entries, list):
        raise DecisionsError(f"{path}: 'accept' must be an array of tables ([[accept]])")
    lines = [number for number, line in enumerate(text.splitlines(), start=1)
             if _HEADER.match(line)]
    decisions = []
    for index, entry in enumerate(entries):
        line = lines[index] if index < len(lines) else None
        where = f"{path}:{line}" if line else path
        if not isinstance(entry, dict):
            raise DecisionsError(f"{where}: an [[accept]] entry must be a table")
        missing = [key for key in ("job", "code", "reason")
                   if not isinstance(entry.get(key), str) or not entry[key].strip()]
        if missing:
            raise DecisionsError(f"{where}: [[accept]] needs {', '.join(missing)} (text)")
        extra = sorted(set(entry) - {"job", "code", "reason"})
        if extra:
            raise DecisionsError(f"{where}: [[accept]] has an unknown key {extra[0]!r}")
        decisions.append(Decision(entry["job"], entry["code"].strip().upper(), entry["reason"],
                                  line))
    return decisions


def apply(data: dict[str, Any], decisions: list[Decision], shown_path: str) -> None:
    """Mark accepted findings in plan ``data`` and add a JM090 per stale decision.

    ``shown_path``: the decisions file as plan.json names it. Changes ``data``
    in place (findings, summary); jobs keep their status.
    """
    jobs = {job["id"]: job for job in data.get("jobs", [])}
    wanted = {(d.job, d.code): d for d in decisions}
    matched: set[tuple[str, str]] = set()
    lists = [data.get("findings", [])] + [job.get("findings", []) for job in jobs.values()]
    for findings in lists:
        for finding in findings:
            key = (finding.get("job"), finding.get("code"))
            decision = wanted.get(key)  # type: ignore[arg-type]
            if decision is not None:
                finding["accepted"] = {"reason": decision.reason}
                matched.add(key)  # type: ignore[arg-type]
    stale = []
    for decision in decisions:
        if (decision.job, decision.code) in matched:
            continue
        why = "no job has this id any more" if decision.job not in jobs else \
            f"the job has no {decision.code} finding any more"
        stale.append(Finding(STALE, msg("decision to accept {code} for job {job} matches "
                                        "nothing: {why}",
                                        code=decision.code, job=decision.job, why=why),
                             SourceRef(shown_path, decision.line)).to_json())
    data["findings"] = data.get("findings", []) + stale
    summary = data.setdefault("summary", {})
    summary["accepted"] = sum(1 for f in data["findings"] if f.get("accepted"))
    summary["findings"] = len(data["findings"])
    by_severity: dict[str, int] = {}
    for finding in data["findings"]:
        by_severity[finding["severity"]] = by_severity.get(finding["severity"], 0) + 1
    summary["findings_by_severity"] = dict(sorted(by_severity.items()))


__all__ = ["Decision", "DecisionsError", "STALE", "apply", "load"]
