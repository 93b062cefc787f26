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
from functools import cached_property
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

    @classmethod
    def from_ics(cls, text: str, name: str, timezone: str | None = None,
                 horizon: tuple[date, date] | None = None) -> "ChangeCalendar":
        """Read Change Calendar content back (see :func:`_from_ics`)."""
        return _from_ics(cls, text, name, timezone, horizon)

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
        return self._ics

    @cached_property
    def size(self) -> int:
        """``len(to_ics().encode("utf-8"))``, worked out without writing the text.

        The limits check needs only the size, and an audit writes no calendar:
        building the text of every calendar of a large estate just to measure it
        was a large part of an audit's time. Every event block has the same length
        (fixed-width dates), so the size is the header plus one block per run of
        consecutive days.
        """
        if "_ics" in self.__dict__:
            return len(self._ics.encode("utf-8"))
        one_day = timedelta(days=1)
        runs = sum(1 for day in self.days if day - one_day not in self.days)
        summary = "open" if self.calendar_type == DEFAULT_CLOSED else "closed"
        header = ("BEGIN:VCALENDAR", "PRODID:-//AWS//Change Calendar 1.0//EN", "VERSION:2.0",
                  f"X-CALENDAR-TYPE:{self.calendar_type}",
                  f"X-WR-CALDESC:{_escape(self.description or self.name)}")
        event = ("BEGIN:VEVENT", f"UID:{self.name}-YYYYMMDD", f"DTSTAMP:{_DTSTAMP}",
                 f"DTSTART;TZID={self.timezone}:YYYYMMDDT000000",
                 f"DTEND;TZID={self.timezone}:YYYYMMDDT000000", f"SUMMARY:{summary}",
                 "END:VEVENT")

        def length(lines: tuple[str, ...]) -> int:  # each line ends with CRLF
            return sum(len(line.encode("utf-8")) + 2 for line in lines)

        return length(header) + runs * length(event) + length(("END:VCALENDAR",))

    @cached_property
    def _ics(self) -> str:  # written once, read by the template and the .ics file alike
        lines = [
            "BEGIN:VCALENDAR",
            "PRODID:-//AWS//Change Calendar 1.0//EN",
            "VERSION:2.0",
            f"X-CALENDAR-TYPE:{self.calendar_type}",
            f"X-WR-CALDESC:{_escape(self.description or self.name)}",
        ]
        summary = "open" if self.calendar_type == DEFAULT_CLOSED else "closed"
        for start, end in _runs(sorted(self.days)):
            first, after = _basic(start), _basic(end)
            lines += [
                "BEGIN:VEVENT",
                f"UID:{self.name}-{first}",
                f"DTSTAMP:{_DTSTAMP}",
                f"DTSTART;TZID={self.timezone}:{first}T000000",
                f"DTEND;TZID={self.timezone}:{after}T000000",
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


def _basic(day: date) -> str:
    """``YYYYMMDD`` (iCalendar's basic date format; what ``%Y%m%d`` gives, without strftime)."""
    return day.isoformat().replace("-", "")


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _unfold(text: str) -> list[str]:
    """iCalendar lines with folded continuations (a leading blank) joined."""
    lines: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if raw.startswith((" ", "\t")) and lines:
            lines[-1] += raw[1:]
        elif raw:
            lines.append(raw)
    return lines


def _ics_day(value: str) -> tuple[date, bool]:
    """The date of a DTSTART/DTEND value and whether it is exactly midnight."""
    day = date(int(value[0:4]), int(value[4:6]), int(value[6:8]))
    clock = value[9:15] if len(value) >= 15 else ""
    return day, clock in ("", "000000")


def _from_ics(cls: "type[ChangeCalendar]", text: str, name: str, timezone: str | None = None,
              horizon: tuple[date, date] | None = None) -> ChangeCalendar:
    """Read Change Calendar content back (the inverse of :meth:`ChangeCalendar.to_ics`).

    Events are taken as whole local days ``[DTSTART, DTEND)`` (an end that is
    not midnight includes its day). The zone is the first event's ``TZID``,
    else ``timezone``, else UTC. ``horizon`` defaults to the first and last
    event day. Raises ``ValueError`` when the text is not a calendar.
    """
    lines = _unfold(text)
    if not lines or lines[0].strip().upper() != "BEGIN:VCALENDAR":
        raise ValueError(f"{name}: not an iCalendar text")
    calendar_type, description, zone = DEFAULT_OPEN, "", None
    days: set[date] = set()
    start: date | None = None
    for line in lines:
        key, _, value = line.partition(":")
        head, *params = key.split(";")
        head = head.upper()
        if head == "X-CALENDAR-TYPE":
            calendar_type = value.strip()
        elif head == "X-WR-CALDESC":
            description = re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1),
                                 value)
        elif head in ("DTSTART", "DTEND"):
            for param in params:
                if param.upper().startswith("TZID=") and zone is None:
                    zone = param[5:]
            day, midnight = _ics_day(value.strip())
            if head == "DTSTART":
                start = day
            elif start is not None:
                end = day if midnight else day + timedelta(days=1)
                days.update(start + timedelta(days=n) for n in range((end - start).days))
                start = None
        elif head == "END" and value.strip().upper() == "VEVENT" and start is not None:
            days.add(start)  # an event without DTEND is one day
            start = None
    if horizon is None:
        horizon = (min(days), max(days)) if days else (date(1970, 1, 1), date(1970, 1, 1))
    return cls(name=name, calendar_type=calendar_type, timezone=zone or timezone or "UTC",
               days=frozenset(days), horizon=horizon, description=description)

