"""report.csv: one row per job, for spreadsheets and migration trackers.

Columns are :data:`COLUMNS`, in that order, after one header row; rows are
sorted by job id; lists (schedules, calendars, finding codes) are joined with
``"; "``. Line ends are ``\\r\\n`` (RFC 4180) and the text is UTF-8.

Spreadsheet formula injection: a cell from the inputs that starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return is prefixed with ``'`` so a
spreadsheet shows it as text instead of evaluating it (OWASP's advice).
Findings not tied to a job (an unreadable file) have no row here; report.json
and the other renderings list them.
"""
from __future__ import annotations

import csv
import io

from jobmig.report.data import JobRow, ReportData

COLUMNS = (
    "id", "name", "status", "kind", "unit_type", "parent", "source_path", "source_line",
    "format", "state_machine", "legacy_flavor", "legacy_expression", "legacy_timezone",
    "aws_schedules", "calendars", "finding_codes", "command", "user", "host", "disabled",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _row(job: JobRow) -> list[str]:
    values: list[object] = [
        job.id, job.name, job.status, job.kind, job.unit_type, job.parent, job.path, job.line,
        job.format, job.state_machine, job.legacy_flavor, job.legacy_expression,
        job.legacy_timezone, "; ".join(job.schedules), "; ".join(job.calendars),
        "; ".join(job.finding_codes), job.command, job.user, job.host,
        "yes" if job.disabled else "no",
    ]
    return [_cell(value) for value in values]


def render_csv(report: ReportData) -> str:
    """report.csv text (see the module docstring)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(_row(job) for job in report.jobs)
    return buffer.getvalue()
