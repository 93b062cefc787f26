"""JP1/AJS3 schedule rules: their grammar and when they run (legacy semantics).

A jobnet's schedule is a set of numbered rules; rule N is made of the
parameters ``sd``, ``st``, ``cy``, ``sh``, ``shd``, ``cftd`` and ``ln`` whose
value starts with ``N,`` (omitted N = rule 1), plus the jobnet-wide ``ed``
(notes/jp1.md §4). The job group's calendar (``op``, ``cl``, ``sdd``, ``md``,
``stt``; §6) decides which days are open and where a month and a day begin.

This module parses a rule's text (:func:`parse_rule`) and a calendar
(:func:`calendar_from_context`) and computes the business days a rule runs on
(:func:`run_days`) and the local start times (:func:`fire_times`). It knows
nothing of AWS. Where the manuals leave the exact behaviour open, the choice
made is marked [I] and listed in the module's known limits:

- ``b``/``dd``/weekday forms without a prefix count in the calendar month;
  ``+``/``*``/``@`` forms count in the business month that starts on the base
  day ``sdd`` (identical when ``sdd`` = 1, the default) [I].
- A day that does not exist (``31`` in April, ``+31`` in a 30-day business
  month, the 5th Monday) gives no run that month [I].
- Order of adjustments: ``sd`` (and ``cy``) → ``cftd`` → closed-day handling
  ``sh``/``shd`` → ``ed`` [I]. ``sh`` defaults to ``ca``: the glossary says a
  jobnet is not run on a closed day unless "execute without shift" is chosen
  [M]. Days picked by ``*dd`` are open and days picked by ``@dd`` are meant to
  be closed, so ``sh`` does not touch them [I].
- Start time: ``st=hh:mm`` is a clock time of the business day, so a time
  before the base time ``stt`` falls on the next calendar day; ``+hh:mm`` is
  relative to ``stt``; ``hh`` may exceed 23 [M base time; I for st].
"""
from __future__ import annotations

import calendar as _cal
import re
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, datetime, timedelta
from typing import Iterable, Mapping
from jobmig.messages import msg
from jobmig.digits import is_number

WEEKDAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")  # index = date.weekday()
RULE_KEYS = ("sd", "st", "cy", "sh", "shd", "cftd", "ln")
CALENDAR_KEYS = ("op", "cl", "sdd", "md", "stt")
MAX_RULE = 144
SHIFT_MODES = ("be", "af", "ca", "no")
DEFAULT_SHIFT = "ca"  # closed day: not executed unless "execute without shift" [M glossary]
DEFAULT_SHIFT_DAYS = 2  # shd default [M/P]
CFTD_MODES = ("no", "be", "af", "db", "da")
CYCLE_UNITS = ("y", "m", "w", "d")
# How far outside the asked range candidates are generated, so that shifts,
# business months and cftd moves that cross the range edge are seen.
_MARGIN_DAYS = 70

_DATE_PREFIX = re.compile(r"^(?:(?:(?P<year>\d{4})/)?(?P<month>\d{1,2})/)?(?P<day>.+)$", re.ASCII)
_NUMERIC_DAY = re.compile(r"^(?P<prefix>[+*@]?)(?P<n>\d{1,2})$", re.ASCII)
_BACK_DAY = re.compile(r"^(?P<prefix>[+*@]?)b(?:-(?P<n>\d{1,2}))?$", re.ASCII)
_WEEKDAY = re.compile(r"^(?P<prefix>\+?)(?P<wd>su|mo|tu|we|th|fr|sa)(?::(?P<occ>[1-5]|b))?$")
_TIME = re.compile(r"^(?P<rel>\+?)(?P<h>\d{1,2}):(?P<m>\d{2})$", re.ASCII)
_CYCLE = re.compile(r"^\(\s*(?P<n>\d{1,3})\s*,\s*(?P<u>[ymwd])\s*\)$", re.ASCII)
_FULL_DATE = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$", re.ASCII)


class RuleError(ValueError):
    """A schedule parameter in a form JP1 does not accept (message says which)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message  # a jobmig.messages.Message: findings quote it translatable


@dataclass(frozen=True)
class DaySpec:
    """One ``sd`` value. ``kind``: ``day`` (dd), ``relative`` (+dd), ``open`` (*dd),
    ``closed`` (@dd), ``back`` (b, b-DD with ``prefix``), ``weekday``, ``en``, ``ud``."""

    kind: str
    text: str
    year: int | None = None
    month: int | None = None
    number: int | None = None  # dd, or DD of b-DD
    prefix: str = ""
    weekday: int | None = None  # 0 = Monday
    occurrence: int | str | None = None  # 1..5 or "b"


@dataclass(frozen=True)
class Rule:
    """One numbered schedule rule of a jobnet, parsed."""

    number: int
    days: tuple[DaySpec, ...] = ()
    time_relative: bool = True  # st '+hh:mm' (relative to stt); default +00:00
    time_minutes: int = 0
    cycle: tuple[int, str] | None = None
    shift: str = DEFAULT_SHIFT
    shift_days: int = DEFAULT_SHIFT_DAYS
    cftd: tuple[str, int, int] | None = None
    link: int | None = None
    end: date | None = None

    @property
    def kinds(self) -> set[str]:
        return {day.kind for day in self.days}


@dataclass(frozen=True)
class Calendar:
    """A job group's operating calendar. Without entries every day is open.

    Dated entries override the weekly pattern [M]; ``holidays`` (from
    ``--holidays`` when the export has no dated entries) close days too.
    """

    open_weekdays: frozenset[int] = frozenset()
    closed_weekdays: frozenset[int] = frozenset()
    open_dates: frozenset[date] = frozenset()
    closed_dates: frozenset[date] = frozenset()
    holidays: frozenset[date] = frozenset()
    base_day: int = 1  # sdd=dd
    base_weekday: tuple[int, int] | None = None  # sdd=wd:n → (weekday, n)
    base_month_next: bool = False  # md=ne
    base_time: int = 0  # stt in minutes
    errors: tuple[str, ...] = ()

    def is_open(self, day: date) -> bool:
        if day in self.closed_dates:
            return False
        if day in self.open_dates:
            return True
        if day in self.holidays:
            return False
        return day.weekday() not in self.closed_weekdays

    @property
    def has_closed_days(self) -> bool:
        return bool(self.closed_weekdays or self.closed_dates or self.holidays)

    @property
    def defined(self) -> bool:
        """True when the export itself defines open or closed days."""
        return bool(self.open_weekdays or self.closed_weekdays or self.open_dates
                    or self.closed_dates)


# -- grammar --------------------------------------------------------------------------

@lru_cache(maxsize=4096)  # asked for each rule parameter of every jobnet; values repeat
def split_rule_number(key: str, raw: str) -> tuple[int, str]:
    """``'1,2019/11/03'`` → ``(1, '2019/11/03')``; a value without ``N,`` is rule 1 [P].

    Only a leading all-digit field followed by a comma is a rule number
    (``sd=12`` is day 12 of rule 1; ``shd=1,2`` is rule 1, two days).
    """
    text = raw.strip()
    head, sep, rest = text.partition(",")
    if sep and is_number(head.strip()) and rest.strip():
        return int(head.strip()), rest.strip()
    return 1, text


def parse_day(text: str) -> DaySpec:
    """Parse one ``sd`` value (without its rule number)."""
    value = text.strip()
    if value in ("en", "ud"):
        return DaySpec(value, value)
    m = _DATE_PREFIX.match(value)
    if not m:
        raise RuleError(msg("sd value {value!r} is not a start date", value=value))
    year = int(m["year"]) if m["year"] else None
    month = int(m["month"]) if m["month"] else None
    if month is not None and not 1 <= month <= 12:
        raise RuleError(msg("sd value {value!r}: month {month} is not 1-12",
                            value=value, month=month))
    if year is not None and not 1994 <= year <= 2099:
        raise RuleError(msg("sd value {value!r}: year {year} out of range", value=value, year=year))
    day = m["day"]
    if n := _NUMERIC_DAY.match(day):
        number = int(n["n"])
        if not 1 <= number <= 35 or (not n["prefix"] and number > 31):
            raise RuleError(msg("sd value {value!r}: day {number} out of range",
                                value=value, number=number))
        kind = {"": "day", "+": "relative", "*": "open", "@": "closed"}[n["prefix"]]
        if year and month and kind == "day":
            try:
                date(year, month, number)
            except ValueError:
                raise RuleError(msg("sd value {value!r} is not a calendar date", value=value)) from None
        return DaySpec(kind, value, year, month, number)
    if b := _BACK_DAY.match(day):
        return DaySpec("back", value, year, month, int(b["n"] or 0), b["prefix"])
    if w := _WEEKDAY.match(day):
        occ = w["occ"]
        return DaySpec("weekday", value, year, month, None, w["prefix"], WEEKDAYS.index(w["wd"]),
                       None if occ is None else ("b" if occ == "b" else int(occ)))
    raise RuleError(msg("sd value {value!r} is not a start date (expected [[yyyy/]mm/]dd, +dd, "
                        "*dd, @dd, b, b-dd, a weekday such as mo:1, en or ud)",
                        value=value))


def parse_time(text: str) -> tuple[bool, int]:
    """``'+12:10'`` → ``(True, 730)``. Hours may run to 47 (next calendar day)."""
    m = _TIME.match(text.strip())
    if not m or int(m["m"]) > 59 or int(m["h"]) > 47:
        raise RuleError(msg("st value {strip!r} is not a time (expected [+]hh:mm)",
                            strip=text.strip()))
    return bool(m["rel"]), int(m["h"]) * 60 + int(m["m"])


def _statements(expression: str) -> Iterable[tuple[str, str]]:
    depth, start = 0, 0
    for index, char in enumerate(expression + ";"):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif char == ";" and depth == 0:
            statement = expression[start:index].strip()
            start = index + 1
            if statement:
                key, _, value = statement.partition("=")
                yield key.strip(), value.strip()


def parse_rule(expression: str) -> Rule:
    """Parse the text of one rule (``sd=1,...; st=1,...; ...; ed=...;``).

    Raises :class:`RuleError` naming the first bad parameter.
    """
    number: int | None = None
    fields: dict = {"days": []}
    for key, raw in _statements(expression):
        if key == "ed":
            fields["end"] = _parse_date(raw, "ed")
            continue
        if key not in RULE_KEYS:
            raise RuleError(msg("{key}= is not a schedule rule parameter", key=key))
        rule_no, value = split_rule_number(key, raw)
        if not 0 <= rule_no <= MAX_RULE:
            raise RuleError(msg("{key}={raw}: rule number {rule_no} is not 0-{MAX_RULE}",
                                key=key, raw=raw, rule_no=rule_no, MAX_RULE=MAX_RULE))
        number = rule_no if number is None else number
        if key == "sd":
            fields["days"].append(parse_day(value))
        elif key == "st":
            fields["time_relative"], fields["time_minutes"] = parse_time(value)
        elif key == "cy":
            m = _CYCLE.match(value)
            if not m or int(m["n"]) < 1:
                raise RuleError(msg("cy value {value!r} is not a cycle (expected (n,y|m|w|d))",
                                    value=value))
            fields["cycle"] = (int(m["n"]), m["u"])
        elif key == "sh":
            if value not in SHIFT_MODES:
                raise RuleError(msg("sh value {value!r} is not one of be, af, ca, no", value=value))
            fields["shift"] = value
        elif key == "shd":
            if not is_number(value) or not 1 <= int(value) <= 31:
                raise RuleError(msg("shd value {value!r} is not a number of days (1-31)",
                                    value=value))
            fields["shift_days"] = int(value)
        elif key == "cftd":
            fields["cftd"] = _parse_cftd(value)
        elif key == "ln":
            if not is_number(value):
                raise RuleError(msg("ln value {value!r} is not a rule number", value=value))
            fields["link"] = int(value)
    fields["days"] = tuple(fields["days"])
    return Rule(number if number is not None else 1, **fields)


def _parse_cftd(value: str) -> tuple[str, int, int] | None:
    parts = [part.strip() for part in value.split(",")]
    if parts[0] not in CFTD_MODES or len(parts) > 3 or not all(is_number(p) for p in parts[1:]):
        raise RuleError(msg("cftd value {value!r} is not {{no|be|af|db|da}}[,n[,N]]", value=value))
    if parts[0] == "no":
        return None
    amount = int(parts[1]) if len(parts) > 1 else 1
    limit = int(parts[2]) if len(parts) > 2 else 10
    return parts[0], amount, limit


def _parse_date(raw: str, key: str) -> date:
    m = _FULL_DATE.match(raw.strip())
    try:
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        pass
    raise RuleError(msg("{key} value {strip!r} is not a date (expected yyyy/mm/dd)",
                        key=key, strip=raw.strip()))


def calendar_from_context(context: Mapping[str, object],
                          holidays: Iterable[date] | None = None) -> Calendar:
    """Build the calendar from a LegacySchedule context (``op``/``cl`` lists, ``sdd``, ...).

    ``holidays`` close those days unless the export dates them itself; when
    the export has no weekly pattern either, Saturdays and Sundays are closed
    too (a Japanese business calendar) [I]. Bad entries are kept in
    ``errors`` and otherwise ignored.
    """
    errors: list[str] = []
    sets: dict[str, set] = {"ow": set(), "cw": set(), "od": set(), "cd": set()}
    for key, weekly, dated in (("op", "ow", "od"), ("cl", "cw", "cd")):
        for entry in _as_list(context.get(key)):
            text = str(entry).strip()
            if text in WEEKDAYS:
                sets[weekly].add(WEEKDAYS.index(text))
                continue
            try:
                sets[dated].add(_parse_date(text, key))
            except RuleError as exc:
                errors.append(exc.message)
    # A weekday named both open and closed: the later entry is not known here; closed wins [I].
    sets["ow"] -= sets["cw"]
    holiday_set = frozenset(holidays or ())
    if holiday_set and not (sets["ow"] or sets["cw"]):
        sets["cw"] = {5, 6}
    base_day, base_weekday = 1, None
    sdd = _last(context.get("sdd"))
    if sdd:
        text = sdd.strip()
        m = re.match(r"^(su|mo|tu|we|th|fr|sa):([1-5])$", text)
        if is_number(text) and 1 <= int(text) <= 31:
            base_day = int(text)
        elif m:
            base_weekday = (WEEKDAYS.index(m[1]), int(m[2]))
        else:
            errors.append(f"sdd value {text!r} is not dd or weekday:n")
    base_time = 0
    stt = _last(context.get("stt"))
    if stt:
        try:
            relative, minutes = parse_time(stt)
            if minutes >= 24 * 60:
                raise RuleError(msg("stt value {stt!r} is past 23:59", stt=stt))
            base_time = minutes
        except RuleError as exc:
            errors.append(str(exc).replace("st value", "stt value"))
    return Calendar(frozenset(sets["ow"]), frozenset(sets["cw"]), frozenset(sets["od"]),
                    frozenset(sets["cd"]), holiday_set, base_day, base_weekday,
                    (_last(context.get("md")) or "th").strip() == "ne", base_time, tuple(errors))


def _as_list(value: object) -> list:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def _last(value: object) -> str | None:
    values = _as_list(value)
    return str(values[-1]) if values else None


# -- semantics ------------------------------------------------------------------------

def run_days(rule: Rule, cal: Calendar, start: date, end: date) -> list[date]:
    """The business days in ``[start, end]`` on which ``rule`` starts the jobnet, sorted.

    ``en`` and ``ud`` select no day (they depend on operator action), except
    ``en`` with a one-day cycle: every day from registration on, whatever that day
    was (taken as every day of the range) [I].
    """
    if start > end:
        return []
    lo, hi = start - timedelta(days=_MARGIN_DAYS), end + timedelta(days=_MARGIN_DAYS)
    picked: dict[date, str] = {}  # day -> kind that picked it
    for spec in rule.days:
        if spec.kind == "en" and rule.cycle == (1, "d"):
            for offset in range((hi - lo).days + 1):
                picked.setdefault(lo + timedelta(days=offset), "day")
            continue
        if spec.kind in ("en", "ud"):
            continue
        candidates = _candidates(spec, cal, lo, hi)
        if rule.cycle:
            candidates = _cycle(spec, candidates, rule.cycle, cal, lo, hi)
        for day in candidates:
            picked.setdefault(day, _pick_kind(spec))
    days: set[date] = set()
    for day, kind in picked.items():
        moved = _adjust(day, kind, rule, cal)
        if moved is not None and (rule.end is None or moved <= rule.end):
            days.add(moved)
    return sorted(day for day in days if start <= day <= end)


def _pick_kind(spec: DaySpec) -> str:
    """``open``/``closed`` when the form picks open/closed days by construction."""
    if spec.kind == "back" and spec.prefix in ("*", "@"):
        return "open" if spec.prefix == "*" else "closed"
    return spec.kind


def fire_offset(rule: Rule, cal: Calendar) -> int:
    """Minutes from a business day's calendar midnight to the rule's start time."""
    if rule.time_relative:
        return cal.base_time + rule.time_minutes
    minutes = rule.time_minutes
    if minutes < cal.base_time:
        # A clock time before the base time belongs to the business day that began
        # the day before, so it happens on the next calendar day [M base time].
        minutes += 24 * 60
    return minutes


def fire_times(rule: Rule, cal: Calendar, start: date, end: date) -> list[datetime]:
    """Naive local start times for the business days of ``[start, end]``."""
    offset = timedelta(minutes=fire_offset(rule, cal))
    return [datetime.combine(day, datetime.min.time()) + offset
            for day in run_days(rule, cal, start, end)]


def _months(lo: date, hi: date) -> Iterable[tuple[int, int]]:
    year, month = lo.year, lo.month
    while (year, month) <= (hi.year, hi.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _base_date(cal: Calendar, year: int, month: int) -> date:
    """The first day of the business month that starts in calendar month (year, month)."""
    if cal.base_weekday is not None:
        weekday, n = cal.base_weekday
        found = _nth_weekday(year, month, weekday, n)
        return found or date(year, month, _cal.monthrange(year, month)[1])
    return date(year, month, min(cal.base_day, _cal.monthrange(year, month)[1]))


def _business_months(cal: Calendar, lo: date, hi: date) -> Iterable[tuple[tuple[int, int], date, date]]:
    """(label (year, month), first day, last day) of each business month near [lo, hi].

    With ``md=th`` a business month is labelled by the calendar month it starts
    in; with ``md=ne`` by the next one [M format; I for the exact labelling].
    """
    months = list(_months(lo - timedelta(days=40), hi + timedelta(days=40)))
    for (year, month), (nyear, nmonth) in zip(months, months[1:]):
        first = _base_date(cal, year, month)
        last = _base_date(cal, nyear, nmonth) - timedelta(days=1)
        label = (nyear, nmonth) if cal.base_month_next else (year, month)
        if last >= lo and first <= hi:
            yield label, first, last


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date | None:
    first = date(year, month, 1)
    day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    return day if day.month == month else None


def _matches(spec: DaySpec, label: tuple[int, int]) -> bool:
    return ((spec.year is None or spec.year == label[0])
            and (spec.month is None or spec.month == label[1]))


def _candidates(spec: DaySpec, cal: Calendar, lo: date, hi: date) -> list[date]:
    out: list[date] = []
    calendar_forms = spec.kind == "day" or (spec.kind == "back" and not spec.prefix) or (
        spec.kind == "weekday" and not spec.prefix)
    if calendar_forms:
        for year, month in _months(lo, hi):
            if not _matches(spec, (year, month)):
                continue
            length = _cal.monthrange(year, month)[1]
            if spec.kind == "day":
                if spec.number <= length:
                    out.append(date(year, month, spec.number))
            elif spec.kind == "back":
                if spec.number < length:
                    out.append(date(year, month, length - spec.number))
            else:
                out.extend(_weekdays_in(spec, date(year, month, 1), date(year, month, length)))
    else:
        for label, first, last in _business_months(cal, lo, hi):
            if not _matches(spec, label):
                continue
            found = _in_business_month(spec, cal, first, last)
            out.extend(found)
    return [day for day in out if lo <= day <= hi]


def _weekdays_in(spec: DaySpec, first: date, last: date) -> list[date]:
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    matching = [day for day in days if day.weekday() == spec.weekday]
    if spec.occurrence is None:
        return matching  # every such weekday [I: weekday without :n]
    if spec.occurrence == "b":
        return matching[-1:]
    index = int(spec.occurrence) - 1
    return matching[index:index + 1]


def _in_business_month(spec: DaySpec, cal: Calendar, first: date, last: date) -> list[date]:
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    if spec.kind == "weekday":
        return _weekdays_in(spec, first, last)
    if spec.kind in ("relative", "open", "closed"):
        pool = _pool(days, spec.kind, cal)
        index = spec.number - 1
        return pool[index:index + 1]
    # back: '+b' calendar days, '*b' open days, '@b' closed days, counted back from month end
    kind = {"+": "relative", "*": "open", "@": "closed"}[spec.prefix]
    pool = _pool(days, kind, cal)
    index = len(pool) - 1 - spec.number
    return [pool[index]] if 0 <= index < len(pool) else []


def _pool(days: list[date], kind: str, cal: Calendar) -> list[date]:
    if kind == "open":
        return [day for day in days if cal.is_open(day)]
    if kind == "closed":
        return [day for day in days if not cal.is_open(day)]
    return days


def _cycle(spec: DaySpec, candidates: list[date], cycle: tuple[int, str], cal: Calendar,
           lo: date, hi: date) -> list[date]:
    """``cy=(n,unit)``: every n units from the start date [M]. The anchor is the
    first day the ``sd`` selects: in its own year/month when given, else the
    first candidate of the range (then JM423 is reported by the mapping)."""
    anchor = _anchor(spec, cal, lo)
    if anchor is None:
        anchor = candidates[0] if candidates else None
    if anchor is None:
        return []
    n, unit = cycle
    out: list[date] = []
    if unit in ("d", "w"):
        step = n * (7 if unit == "w" else 1)
        k = max(0, -(-(lo - anchor).days // step))
        day = anchor + timedelta(days=k * step)
        while day <= hi:
            out.append(day)
            day += timedelta(days=step)
        return out
    months = n * (12 if unit == "y" else 1)
    k = max(0, ((lo.year - anchor.year) * 12 + lo.month - anchor.month) // months - 1)
    while True:
        total = anchor.month - 1 + k * months
        year, month = anchor.year + total // 12, total % 12 + 1
        if date(year, month, 1) > hi:
            return out
        day = date(year, month, min(anchor.day, _cal.monthrange(year, month)[1]))
        if lo <= day <= hi:
            out.append(day)
        k += 1


def _anchor(spec: DaySpec, cal: Calendar, lo: date) -> date | None:
    if spec.year is None or spec.month is None:
        return None
    first = date(spec.year, spec.month, 1)
    last = date(spec.year, spec.month, _cal.monthrange(spec.year, spec.month)[1])
    found = _candidates(spec, cal, first - timedelta(days=40), last + timedelta(days=40))
    return found[0] if found else None


def daily_from_entry(rule: Rule) -> bool:
    """``sd=en`` with ``cy=(1,d)``: daily from the registration day on."""
    return rule.cycle == (1, "d") and "en" in rule.kinds


def is_anchored(rule: Rule) -> bool:
    """True when every ``sd`` of a cycled rule names its year and month."""
    return all(spec.year is not None and spec.month is not None for spec in rule.days
               if spec.kind not in ("en", "ud")) and not daily_from_entry(rule)


def _adjust(day: date, kind: str, rule: Rule, cal: Calendar) -> date | None:
    """Apply ``cftd`` then the closed-day substitution ``sh``/``shd``."""
    if rule.cftd is not None:
        mode, amount, limit = rule.cftd
        if mode in ("db", "da"):
            day = day + timedelta(days=amount if mode == "da" else -amount)
        else:
            step = 1 if mode == "af" else -1
            moved, count, probe = None, 0, day
            for _ in range(limit + amount + 31):
                probe += timedelta(days=step)
                if cal.is_open(probe):
                    count += 1
                    if count == amount:
                        moved = probe
                        break
            if moved is None or abs((moved - day).days) > limit + amount:
                return None
            day = moved
    if kind in ("open", "closed") or cal.is_open(day):
        return day
    if rule.shift == "no":
        return day
    if rule.shift == "ca":
        return None
    step = 1 if rule.shift == "af" else -1
    for distance in range(1, rule.shift_days + 1):
        probe = day + timedelta(days=step * distance)
        if cal.is_open(probe):
            return probe
    return None  # no open day within shd days: the run is skipped [I]
