"""``jobmig verify``: print the fire-time simulation of a plan (:mod:`jobmig.timing.simulate`).

What is printed and the exit code agree with each other and with the README:

* one row per scheduled job: ``equivalent``, ``differs`` (declared by a
  review finding, or unexpected), ``error``, or ``not compared`` (its AWS
  triggers are created DISABLED: status ``manual`` or disabled in the
  source);
* a summary that counts compared jobs, declared and unexpected differences,
  and every job that was not compared, by reason (:func:`summary`);
* :func:`exit_code`: 0 when every compared job is equivalent, 1 when any
  compared job differs (a declared difference too, double starts (JM208)
  included) or could not be evaluated.

On a terminal the rows are a table; elsewhere (a pipe, a file, CI logs)
they are tab-separated lines, so that no name is cut to the width of a
console nobody looks at.

Under ``--lang ja`` (:func:`jobmig.i18n.tr`) the summary line and the terminal
table's headers and result words are Japanese; the tab-separated lines keep
their English header and result words (scripts read them); the detail column
is a sentence for people, so it follows the language.
"""
from __future__ import annotations

from typing import Any, Mapping, Sequence

from jobmig.i18n import tr
from jobmig.timing.simulate import JobResult

COLUMNS = ("job", "status", "result", "legacy runs", "AWS runs", "first difference")


def exit_code(results: Sequence[JobResult]) -> int:
    """0 when every compared job is equivalent, else 1 (disabled jobs do not count)."""
    return 0 if all(r.equivalent for r in results if not r.disabled) else 1


def _row(result: JobResult) -> tuple[str, str, str, str, str, str]:
    """(name, status, verdict, legacy runs, AWS runs, detail) as plain text."""
    name = result.name or result.job_id
    if result.disabled:
        return (name, result.status or "", "not compared", "", "",
                tr("its AWS triggers are created DISABLED; nothing fires on AWS"))
    if result.error:
        return name, result.status or "", "error", "", "", result.error
    if result.equivalent:
        verdict, detail = "equivalent", ""
    else:
        verdict = "differs (unexpected)" if result.unexpected else "differs (declared)"
        firsts = [tr("legacy only {time}", time=m.isoformat()) for m in result.only_legacy[:1]]
        firsts += [tr("AWS only {time}", time=m.isoformat()) for m in result.only_aws[:1]]
        counts = [tr("{n} missing", n=result.missing), tr("{n} extra", n=result.extra)]
        if result.duplicate_runs:
            counts.append(tr("{n} started twice", n=result.duplicate_runs))
        detail = ("; ".join(firsts) + f" ({tr(', ').join(counts)})").strip()
    return (name, result.status or "", verdict, str(result.legacy_runs), str(result.aws_runs),
            detail)


def summary(results: Sequence[JobResult], skipped: Mapping[str, int] | None = None) -> str:
    """The closing line: compared, equivalent, declared/unexpected, and not compared by reason."""
    compared = [r for r in results if not r.disabled]
    same = sum(r.equivalent for r in compared)
    unexpected = sum(r.unexpected for r in compared)
    declared = len(compared) - same - unexpected
    reasons = {"disabled or manual": sum(r.disabled for r in results), **(skipped or {})}
    not_compared = sum(reasons.values())
    text = tr("{same}/{compared} compared jobs equivalent; {declared} differ as their review "
              "findings say; {unexpected} unexpected.", same=same, compared=len(compared),
              declared=declared, unexpected=unexpected)
    # the reasons are keys of simulate.not_compared; text_ja has each of them
    detail = tr(", ").join(tr("{count} {reason}", count=count, reason=tr(reason))
                           for reason, count in reasons.items() if count)
    if detail:
        return text + tr(" {n} jobs not compared ({detail}).", n=not_compared, detail=detail)
    return text + tr(" {n} jobs not compared.", n=not_compared)


def render(results: Sequence[JobResult], console: Any,
           skipped: Mapping[str, int] | None = None) -> None:
    """Print verify results on a rich ``Console``: one row per job, then :func:`summary`.

    ``skipped``: jobs without a result counted by reason
    (:func:`jobmig.timing.simulate.not_compared`).
    """
    rows = [_row(result) for result in results]
    if console.is_terminal:
        from rich.markup import escape
        from rich.table import Table

        colours = {"equivalent": "green", "differs (declared)": "yellow",
                   "differs (unexpected)": "red", "error": "red", "not compared": "dim"}
        table = Table(*(tr(column) for column in COLUMNS))
        for name, status, verdict, legacy, aws, detail in rows:
            colour = colours[verdict]
            table.add_row(escape(name), tr(status) if status else status,
                          f"[{colour}]{tr(verdict)}[/{colour}]", legacy, aws, escape(detail))
        console.print(table)
        console.print(summary(results, skipped), highlight=False, markup=False, soft_wrap=True)
        return
    # Written as is: rich would expand the tabs and wrap long lines.
    lines = ["\t".join(COLUMNS)] + ["\t".join(_clean(cell) for cell in row) for row in rows]
    lines.append(summary(results, skipped))
    console.file.write("\n".join(lines) + "\n")


def _clean(cell: str) -> str:
    """A cell on one tab-separated line: tabs and line breaks become spaces."""
    return " ".join(cell.replace("\t", " ").splitlines())
