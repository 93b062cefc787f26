"""SSM Change Calendars: the run days cron cannot express, as iCalendar.

A calendar is written as AWS documents Change Calendar content (iCalendar 2.0
with ``X-CALENDAR-TYPE``). jobmig writes ``DEFAULT_CLOSED`` calendars whose
events are the open days ("run only on these days") and ``DEFAULT_OPEN``
calendars whose events are closed days (holidays). Events are whole local
days in the calendar's time zone. Output is deterministic: events sorted,
a fixed ``DTSTAMP``, CRLF line ends as in the AWS example.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

DEFAULT_OPEN = "DEFAULT_OPEN"  # open except during events (events = closed days)
DEFAULT_CLOSED = "DEFAULT_CLOSED"  # closed except during events (events = open days)

# A fixed stamp keeps output byte-identical across runs; AWS does not use it.
_DTSTAMP = "20000101T000000Z"
_NAME = re.compile(r"^[a-zA-Z0-9_\-.]{3,128}$")


def calendar_name(text: str) -> str:
    """A valid SSM document name derived from ``text`` (3-128 of ``[A-Za-z0-9_.-]``)."""
    name = re.sub(r"[^a-zA-Z0-9_\-.]+", "-", text).strip("-.") or "calendar"
    if name.lower().startswith(("aws", "amazon", "amzn")):
        name = "cal-" + name
    name = (name + "---")[: max(3, len(name))] if len(name) < 3 else name
    return name[:128]


@dataclass(frozen=True)
class ChangeCalendar:
    """A Change Calendar over whole local days.

    ``days`` are the event days: open days for ``DEFAULT_CLOSED``, closed days
    for ``DEFAULT_OPEN``. ``horizon`` is the inclusive date range the days
    were computed for; outside it the calendar says nothing true about the
    legacy schedule, which the finding that created it states.
    """

    name: str
    calendar_type: str
    timezone: str
    days: frozenset[date]
    horizon: tuple[date, date]
    description: str = ""

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(f"invalid Change Calendar name {self.name!r}")
        if self.calendar_type not in (DEFAULT_OPEN, DEFAULT_CLOSED):
            raise ValueError(f"invalid calendar type {self.calendar_type!r}")

    @property
    def path(self) -> str:
        """Where the .ics file goes, relative to the output folder."""
        return f"calendars/{self.name}.ics"

    def is_open(self, moment: datetime) -> bool:
        """What GetCalendarState would answer at ``moment`` (an aware datetime)."""
        local_day = moment.astimezone(ZoneInfo(self.timezone)).date()
        in_event = local_day in self.days
        return in_event if self.calendar_type == DEFAULT_CLOSED else not in_event

    def to_ics(self) -> str:
        """The iCalendar text for the SSM document (CRLF line ends)."""
        lines = [
            "BEGIN:VCALENDAR",
            "PRODID:-//AWS//Change Calendar 1.0//EN",
            "VERSION:2.0",
            f"X-CALENDAR-TYPE:{self.calendar_type}",
            f"X-WR-CALDESC:{_escape(self.description or self.name)}",
        ]
        summary = "open" if self.calendar_type == DEFAULT_CLOSED else "closed"
        for start, end in _runs(sorted(self.days)):
            lines += [
                "BEGIN:VEVENT",
                f"UID:{self.name}-{start:%Y%m%d}",
                f"DTSTAMP:{_DTSTAMP}",
                f"DTSTART;TZID={self.timezone}:{start:%Y%m%d}T000000",
                f"DTEND;TZID={self.timezone}:{end:%Y%m%d}T000000",
                f"SUMMARY:{summary}",
                "END:VEVENT",
            ]
        lines.append("END:VCALENDAR")
        return "\r\n".join(lines) + "\r\n"

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "path": self.path,
            "type": self.calendar_type,
            "timezone": self.timezone,
            "horizon": [self.horizon[0].isoformat(), self.horizon[1].isoformat()],
            "days": len(self.days),
            "description": self.description,
        }


def _runs(days: list[date]) -> list[tuple[date, date]]:
    """Consecutive days merged into ``[start, end)`` ranges (one event each)."""
    runs: list[tuple[date, date]] = []
    for day in days:
        if runs and runs[-1][1] == day:
            runs[-1] = (runs[-1][0], day + timedelta(days=1))
        else:
            runs.append((day, day + timedelta(days=1)))
    return runs


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
