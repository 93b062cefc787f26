"""Keep the units of JP1 exports whose unit paths repeat another export's, under ids of their own.

A JP1 job id is ``jp1:`` + the unit path (``jp1:/root/regular-job``), unique
within one manager. Two exports in one run can hold the same path: two
managers, or two exports of one manager. Dropping one unit would lose it; so
when JP1 files define the same id, every file that defines it gives its
colliding ids the file as a suffix (``jp1:/root/regular-job@exports/b.txt``),
consistently in its jobs, parents, edges and findings, and each such job
carries a JM527 finding (review: a person decides whether both are real).
All of them, not the later ones only: which file was read first must not
decide which unit keeps the plain id. A JP1 file's edges never leave the
file, so this cannot cut an edge. Other formats keep JM501: a Jenkins job
is named across files by its full name, and a repeated one is a duplicate.
"""
from __future__ import annotations

from dataclasses import replace

from jobmig.model import Finding, ParseResult
from jobmig.messages import msg

FORMATS = frozenset({"jp1"})


def separate(results: list[ParseResult]) -> list[ParseResult]:
    """``results`` with colliding JP1 ids renamed per file (see the module docstring)."""
    defined: dict[str, int] = {}
    for result in results:
        if result.format in FORMATS:
            for job_id in {job.id for job in result.jobs}:
                defined[job_id] = defined.get(job_id, 0) + 1
    separated = []
    for result in results:
        clashes = {job.id for job in result.jobs if defined.get(job.id, 0) > 1} \
            if result.format in FORMATS else set()
        if clashes:
            result = _renamed(result, {old: f"{old}@{result.path}" for old in clashes})
        separated.append(result)
    return separated


def _renamed(result: ParseResult, new: dict[str, str]) -> ParseResult:
    def rid(job_id: str | None) -> str | None:
        return new.get(job_id, job_id) if job_id is not None else None

    def finding(item: Finding) -> Finding:
        return replace(item, job_id=rid(item.job_id)) if item.job_id in new else item

    jobs = []
    for job in result.jobs:
        findings = tuple(finding(f) for f in job.findings)
        if job.id in new:
            findings += (Finding("JM527", msg("unit path {value} is also defined by another "
                                              "input; this one is kept as {new}",
                                              value=job.id.split(':', 1)[1], new=new[job.id]), job.source, new[job.id]),)
        jobs.append(replace(job, id=rid(job.id), parent=rid(job.parent), findings=findings))
    dependencies = [replace(d, predecessor=rid(d.predecessor), successor=rid(d.successor))
                    for d in result.dependencies]
    return replace(result, jobs=tuple(jobs), dependencies=tuple(dependencies),
                   findings=tuple(finding(f) for f in result.findings))


__all__ = ["separate"]
