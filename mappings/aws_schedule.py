"""What a legacy time trigger becomes on AWS: schedules, calendars, findings.

A :class:`ScheduleMapping` is the whole answer for one legacy schedule: the
EventBridge Scheduler schedules (or UTC rules) that together fire at exactly
the legacy times, the Change Calendars that gate them, the findings, and the
status that follows. Mapping modules produce it; the pipeline copies it into
plan.json unchanged (``to_json``).
"""
from __future__ import annotations

from dataclasses import dataclass

from jobmig.model import Finding, Status
from jobmig.mappings.change_calendar import ChangeCalendar

SCHEDULER = "scheduler"  # AWS::Scheduler::Schedule, local time + IANA zone
RULE = "rule"  # AWS::Events::Rule, UTC only


@dataclass(frozen=True)
class AwsSchedule:
    """One EventBridge time trigger.

    ``expression`` is a full expression (``cron(0 9 ? * MON-FRI *)``,
    ``rate(5 minutes)``, ``at(...)``). ``timezone`` is the IANA zone for
    ``scheduler`` schedules and ``UTC`` for rules. ``calendar`` names the
    Change Calendar that must be OPEN for the run to go ahead (the state
    machine checks it first). ``start_date``/``end_date`` (ISO 8601, UTC)
    bound a ``scheduler`` schedule (Scheduler's StartDate/EndDate). A
    ``rule`` cannot carry them (``AWS::Events::Rule`` has no such field, so
    a dated rule would be deployed without its dates): a rule confines
    itself with its cron's year, month and day fields, and constructing a
    dated rule raises ``ValueError``. ``input`` is extra execution input
    (e.g. Jenkins parameterizedCron values).
    """

    name: str
    expression: str
    kind: str = SCHEDULER
    timezone: str = "UTC"
    calendar: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    input: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if self.kind == RULE and (self.start_date or self.end_date):
            raise ValueError(f"rule {self.name!r}: EventBridge rules have no start or end date "
                             f"({self.start_date} to {self.end_date}); put the period in the "
                             "cron's year, month and day fields")

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "name": self.name,
            "kind": self.kind,
            "expression": self.expression,
            "timezone": self.timezone,
            "calendar": self.calendar,
        }
        if self.start_date is not None:
            data["start_date"] = self.start_date
        if self.end_date is not None:
            data["end_date"] = self.end_date
        if self.input:
            data["input"] = dict(self.input)
        return data


@dataclass(frozen=True)
class ScheduleMapping:
    """Everything one legacy schedule maps to, and how exact that is."""

    status: Status
    schedules: tuple[AwsSchedule, ...] = ()
    calendars: tuple[ChangeCalendar, ...] = ()
    findings: tuple[Finding, ...] = ()
