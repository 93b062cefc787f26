"""The readiness report on a terminal (``jobmig audit``), and a progress bar.

:func:`print_report` prints three rich tables (sources, jobs by status, the
top findings with their remedies), a line with the finding total by severity
that names every code the table left out (so each code of the plan appears,
with its count; the codes are bounded by the catalogue, so the line stays
short however large the estate), and any notes. Places (``path:line``) are
left to the written reports (``--report``). :func:`progress` is a
context manager the CLI wraps around reading a large estate. rich is used
here and in the CLI only.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Callable, Iterator

from rich.console import Console
from rich.table import Table
from rich.text import Text

from jobmig.i18n import language, tr
from jobmig.report.data import (
    SEVERITIES, FindingGroup, ReportData, SourceTotal, StatusCounts, renewal_lines,
)

STATUS_STYLE = {"auto": "green", "review": "yellow", "manual": "red"}
SEVERITY_STYLE = {"error": "bold red", "manual": "red", "review": "yellow", "info": "blue"}
TOP_FINDINGS = 10
MAX_SOURCE_ROWS = 30  # past this many files, the sources table shows totals per format


def _common_folder(paths: list[str]) -> str:
    """The folder all ``paths`` share ('' when none), so the table can show shorter names."""
    folders = [p.rsplit("/", 1)[0] + "/" for p in paths if "/" in p]
    if not folders or len(folders) != len(paths):
        return ""
    common = os.path.commonprefix(folders)
    return common[:common.rfind("/") + 1]


def _sources_table(report: ReportData, limit: int) -> Table:
    """One row per file, or, past ``limit`` files, one row per format plus the skipped files.

    A terminal cannot usefully show ten thousand rows; the written reports
    (``--report``) keep one row per file.
    """
    sources = report.sources
    grouped = len(sources) > limit
    folder = _common_folder([source.path for source in sources])
    title = tr("Sources (in {folder})", folder=folder) if folder else tr("Sources")
    if grouped:
        title += tr(": {n} files by format; --report lists each file", n=len(sources))
    table = Table(title=Text(title), title_justify="left")
    table.add_column(tr("Files") if grouped else tr("File"), overflow="fold", ratio=1,
                     min_width=20)
    table.add_column(tr("Format"), no_wrap=True)
    for status in ("jobs", "auto", "review", "manual"):
        table.add_column(tr(status.capitalize()), justify="right", no_wrap=True,
                         style=STATUS_STYLE.get(status))
    rows = _by_format(report, limit) if grouped else [
        (Text(source.path[len(folder):]), source) for source in sources]
    for name, source in rows:
        if source.skipped:
            reason = tr(source.reason) if source.reason else tr("not read")
            name.append("\n" + tr("skipped: {reason}", reason=reason),
                        style="dim")
        counts = source.counts
        table.add_row(name, Text(source.format), str(counts.jobs), str(counts.auto),
                      str(counts.review), str(counts.manual))
    return table


def _by_format(report: ReportData, limit: int) -> list[tuple[Text, SourceTotal]]:
    """Rows for a large estate: totals per format read, then skipped files (capped)."""
    rows = [(Text(tr("{n} files", n=files)), SourceTotal("", fmt, counts))
            for fmt, files, counts in report.totals_by_format()]
    skipped = [source for source in report.sources if source.skipped]
    rows += [(Text(source.path), source) for source in skipped[:limit]]
    if len(skipped) > limit:
        rows.append((Text(tr("and {n} more skipped files", n=len(skipped) - limit)),
                     SourceTotal("", "", StatusCounts())))
    return rows


def _status_table(report: ReportData) -> Table:
    counts = report.summary
    table = Table(title=tr("Jobs by status"), title_justify="left")
    table.add_column(tr("Status"))
    table.add_column(tr("Jobs"), justify="right")
    table.add_column(tr("Share"), justify="right")
    for status in ("auto", "review", "manual"):
        value = getattr(counts, status)
        share = f"{100 * value / counts.jobs:.1f}%" if counts.jobs else "–"
        table.add_row(Text(tr(status), style=STATUS_STYLE[status]), str(value), share)
    table.add_row(Text(tr("total"), style="bold"), str(counts.jobs), "")
    return table


def _ranked(report: ReportData) -> list[FindingGroup]:
    """Finding groups worst severity first, then most occurrences, then code."""
    return sorted(report.findings, key=lambda g: (
        SEVERITIES.index(g.severity) if g.severity in SEVERITIES else len(SEVERITIES),
        -len(g.occurrences), g.code))


def _findings_table(report: ReportData, limit: int) -> Table:
    groups = _ranked(report)
    shown = groups[:limit]
    title = tr("Top findings") + (tr(" ({shown} of {total} codes)", shown=len(shown),
                                     total=len(groups)) if len(groups) > limit else "")
    table = Table(title=title, title_justify="left", show_lines=True)
    table.add_column(tr("Code"), no_wrap=True)
    table.add_column(tr("Severity"))
    table.add_column(tr("Count"), justify="right")
    table.add_column(tr("Title / what to do"), overflow="fold")
    for group in shown:
        text = Text(group.title, style="bold")
        if group.remedy:
            text.append("\n" + group.remedy, style="dim")
        table.add_row(Text(group.code), Text(tr(group.severity),
                                             SEVERITY_STYLE.get(group.severity, "")),
                      str(len(group.occurrences)), text)
    return table


def _findings_line(report: ReportData, limit: int) -> Text:
    """The finding total by severity, and the codes (with counts) the table did not show."""
    counts = report.severity_counts
    text = Text(f"{tr('Findings')}: {report.finding_total} (" + tr(", ").join(
        tr("{n} {severity}", n=counts.get(severity, 0), severity=tr(severity))
        for severity in SEVERITIES) + ")")
    accepted = sum(1 for group in report.findings for o in group.occurrences
                   if o.accepted is not None)
    if accepted:
        text.append(tr("; {n} accepted by --decisions", n=accepted))
    hidden = _ranked(report)[limit:]
    if hidden:
        text.append(tr("; {n} more codes not in the table: ", n=len(hidden)) + ", ".join(
            f"{group.code}\u00a0×{len(group.occurrences)}" for group in hidden))
    return text.append(tr(". --report FILE lists every finding with its place."), style="dim")


def print_report(report: ReportData, console: Console | None = None,
                 top: int = TOP_FINDINGS, max_sources: int = MAX_SOURCE_ROWS) -> None:
    """Print the sources, status and top-findings tables (and notes) to ``console``."""
    console = console or Console()
    with language(report.lang):
        _print(report, console, top, max_sources)


def _print(report: ReportData, console: Console, top: int, max_sources: int) -> None:
    console.print(_sources_table(report, max_sources))
    console.print(_status_table(report))
    for line in renewal_lines(report):
        console.print(Text(line, style="bold yellow"))
    if report.findings:
        console.print(_findings_table(report, top))
        console.print(_findings_line(report, top))
    else:
        console.print(tr("No findings."))
    console.print(Text(report.rule_quota, style="dim"))
    for note in report.notes:
        console.print(Text(tr("Note") + ": " + note, style="yellow"))


def _no_progress(steps: int = 1) -> None:
    """What :func:`progress` yields when there is no terminal to show a bar on."""


@contextmanager
def progress(total: int, description: str = "Reading sources",
             console: Console | None = None) -> Iterator[Callable[[int], None]]:
    """A rich progress bar for ``total`` steps; yields ``advance(steps=1)``.

    The bar goes to stderr by default, disappears when done, and is not
    shown at all when the console is not a terminal (CI logs, pipes). Usage::

        with progress(len(files)) as advance:
            for path in files:
                parse(path)
                advance(1)
    """
    console = console or Console(stderr=True)
    if not console.is_terminal:  # a disabled bar still keeps its statistics at every step
        yield _no_progress
        return
    # imported only for a bar to show: most runs (pipes, CI, tests) show none
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                               TimeElapsedColumn)

    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), console=console, transient=True)
    with bar:
        task = bar.add_task(description, total=total)

        def advance(steps: int = 1) -> None:
            bar.advance(task, steps)

        yield advance
