"""report.csv: one row per job, for spreadsheets and migration trackers.

Columns are :data:`COLUMNS`, in that order, after one header row; lists
(schedules, calendars, finding codes, findings) are joined with ``"; "``.
Line ends are ``\\r\\n`` (RFC 4180) and the text is UTF-8.

Rows:

- one row per job, sorted by job id; ``finding_codes`` lists the codes of its
  findings, ``findings`` each finding as ``CODE path:line:column`` (the place
  the finding cites, which can differ from the job's own line);
- then one row per file that has findings not tied to a job (an unreadable
  or skipped file, a syntax error between units, a relation that could not
  be built), sorted by path: ``kind`` is ``file``, ``source_path`` the file,
  ``id``, ``name``, ``status`` and the other job columns are empty, and
  ``finding_codes`` / ``findings`` list those findings. Findings with no
  place at all (e.g. "no --timezone given") share one such row with an
  empty ``source_path``, after the others.

So every finding of the plan is in exactly one row, and filtering on
``kind`` (or on a non-empty ``status``) gives the job rows alone.

Spreadsheet formula injection: a cell from the inputs that starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return is prefixed with ``'`` so a
spreadsheet shows it as text instead of evaluating it (OWASP's advice).
"""
from __future__ import annotations

import csv
import io

from jobmig.report.data import JobRow, Occurrence, ReportData

COLUMNS = (
    "id", "name", "status", "kind", "unit_type", "parent", "source_path", "source_line",
    "format", "state_machine", "legacy_flavor", "legacy_expression", "legacy_timezone",
    "aws_schedules", "calendars", "finding_codes", "command", "user", "host", "disabled",
    "findings",
)
FILE_KIND = "file"  # the kind of a row that holds findings not tied to a job
Tagged = tuple[str, Occurrence]  # (finding code, where it was seen)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _finding_cell(occurrences: list[Tagged], jobs_shown: bool = True) -> str:
    """``CODE place`` per finding (``CODE`` alone without a place), in a stable order.

    With ``jobs_shown`` false (a file row), a finding that names a job the
    plan does not list says so: ``CODE place (job ID)``.
    """
    def text(code: str, occurrence: Occurrence) -> str:
        job = f" (job {occurrence.job_id})" if occurrence.job_id and not jobs_shown else ""
        accepted = " accepted" if occurrence.accepted is not None else ""
        return f"{code} {occurrence.where}".rstrip() + job + accepted

    return "; ".join(sorted(text(code, occurrence) for code, occurrence in occurrences))


def _row(job: JobRow, occurrences: list[Tagged]) -> list[str]:
    values: list[object] = [
        job.id, job.name, job.status, job.kind, job.unit_type, job.parent, job.path, job.line,
        job.format, job.state_machine, job.legacy_flavor, job.legacy_expression,
        job.legacy_timezone, "; ".join(job.schedules), "; ".join(job.calendars),
        "; ".join(job.finding_codes), job.command, job.user, job.host,
        "yes" if job.disabled else "no", _finding_cell(occurrences),
    ]
    return [_cell(value) for value in values]


def _file_row(path: str, fmt: str, occurrences: list[Tagged]) -> list[str]:
    """A row for the findings of one file that belong to no job (see the module docstring)."""
    values = dict.fromkeys(COLUMNS, "")
    values.update(kind=FILE_KIND, source_path=path, format=fmt,
                  finding_codes="; ".join(sorted({code for code, _ in occurrences})),
                  findings=_finding_cell(occurrences, jobs_shown=False))
    return [_cell(values[column]) for column in COLUMNS]


def render_csv(report: ReportData) -> str:
    """report.csv text (see the module docstring)."""
    job_ids = {job.id for job in report.jobs}
    by_job: dict[str, list[Tagged]] = {}
    by_file: dict[str, list[Tagged]] = {}
    for group in report.findings:
        for occurrence in group.occurrences:
            if occurrence.job_id in job_ids:
                by_job.setdefault(occurrence.job_id, []).append((group.code, occurrence))
            else:  # no job, or a job the plan does not list: the file's row keeps it
                by_file.setdefault(occurrence.path, []).append((group.code, occurrence))
    formats = {source.path: source.format for source in report.sources}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(_row(job, by_job.get(job.id, [])) for job in report.jobs)
    writer.writerows(_file_row(path, formats.get(path, ""), by_file[path])
                     for path in sorted(by_file, key=lambda path: (path == "", path)))
    return buffer.getvalue()
