"""A cap on repeated file-level findings: the first few of one code per file, then a count.

Contract: :func:`cap_repeated` keeps, for each (code, file), the first
:data:`MAX_REPEATS` findings that belong to no job, in the order given, and
replaces the others with one finding of the same code at the first one left
out, that says how many were left out (only when that shortens the list: one
over the limit, say a reader's own "N more" count, is kept). Findings on a job are never dropped (a
job's status depends on them), nor those of :data:`NEVER_CAPPED` (each names a lost unit). A damaged file (a line of 200,000 brackets, a
crontab of garbage) so gives a readable list, and the plan stays small.
"""
from __future__ import annotations

from collections import Counter

from jobmig.model import Finding
from jobmig.messages import msg

#: file-level findings of one code listed one by one per file
MAX_REPEATS = 20
#: codes never counted together: each names a unit that was not read (a lost job)
NEVER_CAPPED = frozenset({"JM427", "JM448"})


def cap_repeated(findings: list[Finding], limit: int = MAX_REPEATS) -> list[Finding]:
    """``findings`` with the repeats over ``limit`` per (code, file) counted in one finding."""
    def key(finding: Finding) -> tuple[str, str | None]:
        return finding.code, finding.source.path if finding.source else None

    totals = Counter(key(f) for f in findings if not f.job_id and f.code not in NEVER_CAPPED)
    if all(count <= limit + 1 for count in totals.values()):
        return findings
    seen: Counter[tuple[str, str | None]] = Counter()
    kept: list[Finding] = []
    for finding in findings:
        if finding.job_id or finding.code in NEVER_CAPPED or totals[key(finding)] <= limit + 1:
            kept.append(finding)
            continue
        seen[key(finding)] += 1
        if seen[key(finding)] <= limit:
            kept.append(finding)
        elif seen[key(finding)] == limit + 1:
            more = totals[key(finding)] - limit
            kept.append(Finding(
                finding.code,
                msg("{more} more {code} in this file from here on (only the first {limit} are "
                    "listed one by one; fix those and convert again)",
                    more=more, code=finding.code, limit=limit),
                finding.source))
    return kept
