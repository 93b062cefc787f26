"""SSM Change Calendars: the run days cron cannot express, as iCalendar.

A calendar is written as AWS documents Change Calendar content (iCalendar 2.0
with ``X-CALENDAR-TYPE``). jobmig writes ``DEFAULT_CLOSED`` calendars whose
events are the open days ("run only on these days") and ``DEFAULT_OPEN``
calendars whose events are closed days (holidays). Events are whole local
days in the calendar's time zone. Output is deterministic: events sorted,
a fixed ``DTSTAMP``, CRLF line ends as in the AWS example.

A calendar whose text would pass the 64 KB an SSM document may hold is
written as several documents, *pieces* (:func:`split_calendar`), that a
schedule names together: ``GetCalendarState`` given several calendar names
answers OPEN only when every one of them is open ("If you specify more than
one calendar in a request, the command returns the status of OPEN only if
all calendars in the request are open", SSM API reference, GetCalendarState).
A schedule's ``calendar`` then holds the piece names joined by
:data:`NAME_SEPARATOR` (:func:`calendar_names` reads them back).
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
#: What joins the names of a split calendar's pieces in a schedule's ``calendar``
#: (never part of a document name, see ``_NAME``).
NAME_SEPARATOR = ","


def calendar_names(value: str | None) -> list[str]:
    """The Change Calendar names a schedule's ``calendar`` holds (none, one, or pieces)."""
    return [name for name in (value or "").split(NAME_SEPARATOR) if name]


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
    #: more events, ``[start, end)`` each, apart from ``days``: a piece of a split
    #: ``DEFAULT_CLOSED`` calendar is open outside the dates it answers for
    spans: tuple[tuple[date, date], ...] = ()
    #: for a piece (:func:`split_calendar`): the whole calendar's name, and the first
    #: and last day of the dates it answers for (outside them it says nothing)
    part_of: str | None = None
    covers: tuple[date, date] | None = None

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
        in_event = local_day in self.days or any(start <= local_day < end
                                                 for start, end in self.spans)
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
        consecutive days and one per span.
        """
        if "_ics" in self.__dict__:
            return len(self._ics.encode("utf-8"))
        runs = _run_count(self.days)
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

        return (length(header) + (runs + len(self.spans)) * length(event)
                + length(("END:VCALENDAR",)))

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
        for start, end in sorted(_runs(sorted(self.days)) + list(self.spans)):
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
        data: dict[str, object] = {
            "name": self.name,
            "path": self.path,
            "type": self.calendar_type,
            "timezone": self.timezone,
            "horizon": [self.horizon[0].isoformat(), self.horizon[1].isoformat()],
            "days": len(self.days),
            "description": self.description,
        }
        if self.part_of is not None and self.covers is not None:
            data["part_of"] = self.part_of
            data["covers"] = [self.covers[0].isoformat(), self.covers[1].isoformat()]
        return data


def piece_name(name: str, index: int) -> str:
    """The SSM document name of piece ``index`` (from 1) of calendar ``name``.

    ``.`` never occurs in the names jobmig derives from jobs (``[0-9A-Za-z_-]``),
    so a piece's name cannot be another calendar's.
    """
    suffix = f".part{index}"
    return name[: 128 - len(suffix)] + suffix


def split_calendar(calendar: ChangeCalendar, limit: int,
                   names_budget: int) -> list[ChangeCalendar] | None:
    """``calendar`` as pieces whose text is each at most ``limit`` bytes, or ``None``.

    The calendar's events (runs of consecutive days) are cut, in date order,
    into the fewest groups of nearly equal length that fit; piece ``j``
    answers for the dates from its first event to the day before the next
    piece's first event (the first piece from the horizon's start or first
    event, the last one to the horizon's end or last event: ``covers``).

    * ``DEFAULT_OPEN`` (events are closed days): a piece holds its own
      events and is open everywhere else, so the pieces are all open exactly
      where the whole calendar is.
    * ``DEFAULT_CLOSED`` (events are open days): a piece also holds an open
      event over every other piece's dates (``spans``: one before its own
      dates, one after), so on any day all but one piece are open and that
      one answers as the whole calendar would. Before the first piece's
      dates the first piece is closed, after the last one's the last piece
      is: CLOSED, as the whole calendar says there.

    ``None`` when there is nothing to cut (one event, or a piece already),
    when the piece names joined by :data:`NAME_SEPARATOR` would pass
    ``names_budget`` characters (a schedule's input carries them), or when
    even one event per piece does not fit.
    """
    days = sorted(calendar.days)
    runs = _runs(days)
    if len(runs) < 2 or calendar.spans:
        return None
    low = min(calendar.horizon[0], days[0])
    high = max(calendar.horizon[1], days[-1]) + timedelta(days=1)  # exclusive
    whole = calendar.description or calendar.name
    block = (calendar.size - ChangeCalendar(calendar.name, calendar.calendar_type,
                                            calendar.timezone, frozenset(), calendar.horizon,
                                            calendar.description).size) // len(runs)
    count = max(2, -(-calendar.size // max(1, limit - 3 * block)))
    while count <= len(runs):
        names = [piece_name(calendar.name, j) for j in range(1, count + 1)]
        if len(NAME_SEPARATOR.join(names)) > names_budget:
            return None
        groups = [runs[j * len(runs) // count:(j + 1) * len(runs) // count]
                  for j in range(count)]
        starts = [low] + [group[0][0] for group in groups[1:]] + [high]
        pieces = []
        for j, group in enumerate(groups):
            first, after = starts[j], starts[j + 1]
            spans: tuple[tuple[date, date], ...] = ()
            if calendar.calendar_type == DEFAULT_CLOSED:
                spans = tuple(span for span in ((low, first), (after, high))
                              if span[0] < span[1])
            covers = (first, after - timedelta(days=1))
            pieces.append(ChangeCalendar(
                names[j], calendar.calendar_type, calendar.timezone,
                frozenset(day for start, end in group
                          for day in (start + timedelta(days=n)
                                      for n in range((end - start).days))),
                calendar.horizon,
                f"{whole} (part {j + 1} of {count}: {covers[0]}..{covers[1]})",
                spans=spans, part_of=calendar.name, covers=covers))
        if all(piece.size <= limit for piece in pieces):
            return pieces
        count += 1
    return None


_RUN_COUNTS: dict[frozenset[date], int] = {}  # days → runs of consecutive days in them
_RUN_COUNTS_MAX = 1024


def _run_count(days: frozenset[date]) -> int:
    """How many runs of consecutive days ``days`` holds (one event each).

    Remembered for the run: the calendars of a large estate share a few sets of
    days (every jobnet of a job group runs on its open days), each counted once.
    """
    count = _RUN_COUNTS.get(days)
    if count is None:
        one_day = timedelta(days=1)
        count = sum(1 for day in days if day - one_day not in days)
        if len(_RUN_COUNTS) < _RUN_COUNTS_MAX:
            _RUN_COUNTS[days] = count
    return count


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

