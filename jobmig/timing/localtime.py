"""Local wall-clock time → UTC instants, fast, with the DST cases made explicit.

Schedules are evaluated day by day: most days have one UTC offset, so every
local minute of the day is ``base + minute_of_day`` in *epoch minutes* (minutes
since 1970-01-01T00:00Z, an ``int``). Days that contain a transition are
marked irregular and each local minute is resolved on its own into one of:

``normal``   one instant;
``gap``      the local time does not exist (spring forward); ``transition``
             is the instant the clocks jumped;
``repeat``   the local time happens twice (autumn); ``first`` and ``second``.

What a scheduler does in a gap or repeat is the caller's business
(:data:`DST_RULES` in :mod:`jobmig.timing.cron`).
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import Callable, Sequence
from zoneinfo import ZoneInfo

UTC = timezone.utc
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
MINUTES_PER_DAY = 1440


@dataclass(frozen=True)
class LocalDay:
    """One local calendar day of a zone.

    ``dow`` is cron's weekday (0 = Sunday). ``base`` is the epoch minute of
    local 00:00 when the whole day has one UTC offset, else ``None``.
    """

    day: date
    dow: int
    base: int | None


@dataclass(frozen=True)
class Resolved:
    """A local minute on an irregular day, resolved to instants (epoch minutes)."""

    kind: str  # "normal" | "gap" | "repeat"
    first: int | None = None
    second: int | None = None
    transition: int | None = None


def to_epoch_minute(moment: datetime) -> int:
    """An aware datetime as epoch minutes (seconds are truncated)."""
    return int((moment - EPOCH).total_seconds() // 60)


def from_epoch_minute(minute: int) -> datetime:
    """Epoch minutes as an aware UTC datetime."""
    return EPOCH + timedelta(minutes=minute)


def _offset_minutes(zone: ZoneInfo, local: datetime, fold: int) -> int:
    offset = zone.utcoffset(local.replace(fold=fold))
    return int(offset.total_seconds() // 60) if offset is not None else 0


@lru_cache(maxsize=256)
def zone_days(tz: str, first: date, last: date) -> tuple[LocalDay, ...]:
    """Every local day ``first..last`` (inclusive) of zone ``tz``, with its base."""
    zone = ZoneInfo(tz)
    days: list[LocalDay] = []
    ordinal = first.toordinal()
    for n in range(last.toordinal() - ordinal + 1):
        day = date.fromordinal(ordinal + n)
        midnight = datetime(day.year, day.month, day.day)
        late = midnight + timedelta(hours=23, minutes=59)
        offsets = {
            _offset_minutes(zone, midnight, 0),
            _offset_minutes(zone, midnight, 1),
            _offset_minutes(zone, late, 0),
            _offset_minutes(zone, late, 1),
        }
        base = None
        if len(offsets) == 1:
            base = (ordinal + n - EPOCH_ORDINAL) * MINUTES_PER_DAY - offsets.pop()
        days.append(LocalDay(day, (day.weekday() + 1) % 7, base))
    return tuple(days)


@lru_cache(maxsize=4096)
def resolve(tz: str, day: date, minute_of_day: int) -> Resolved:
    """Resolve local ``day`` + ``minute_of_day`` in ``tz`` (any day, slow path)."""
    zone = ZoneInfo(tz)
    local = datetime(day.year, day.month, day.day) + timedelta(minutes=minute_of_day)
    day_minute = (day.toordinal() - EPOCH_ORDINAL) * MINUTES_PER_DAY + minute_of_day
    off0 = _offset_minutes(zone, local, 0)
    off1 = _offset_minutes(zone, local, 1)
    if off0 == off1:
        return Resolved("normal", first=day_minute - off0)
    first, second = day_minute - off0, day_minute - off1
    if first < second:  # both readings exist: the clock passes this time twice
        return Resolved("repeat", first=first, second=second)
    # Nonexistent: the reading before the jump (fold=0) lands after it and
    # vice versa; the jump happened between ``second`` and ``first``.
    return Resolved("gap", transition=_first_minute_with_offset(zone, second, first, off1))


def _first_minute_with_offset(zone: ZoneInfo, low: int, high: int, offset: int) -> int:
    """The first epoch minute in ``[low, high]`` whose UTC offset is ``offset``."""
    while low < high:
        middle = (low + high) // 2
        if _offset_at(zone, middle) == offset:
            high = middle
        else:
            low = middle + 1
    return low


def _offset_at(zone: ZoneInfo, minute: int) -> int:
    moment = from_epoch_minute(minute).astimezone(zone)
    offset = moment.utcoffset()
    return int(offset.total_seconds() // 60) if offset is not None else 0


@lru_cache(maxsize=256)
def transitions(tz: str, first: date, last: date) -> tuple[int, ...]:
    """Epoch minutes at which ``tz`` changes its UTC offset between local days ``first..last``."""
    zone = ZoneInfo(tz)
    found: list[int] = []
    for local_day in zone_days(tz, first, last):
        if local_day.base is not None:
            continue
        day = local_day.day
        start = (day.toordinal() - EPOCH_ORDINAL) * MINUTES_PER_DAY - 26 * 60
        for hour in range(0, 52):
            low, high = start + hour * 60, start + hour * 60 + 60
            if _offset_at(zone, low) != _offset_at(zone, high):
                after = _offset_at(zone, high)
                moment = _first_minute_with_offset(zone, low, high, after)
                if moment not in found:
                    found.append(moment)
    return tuple(sorted(found))


def offset_at(tz: str, minute: int) -> int:
    """The UTC offset of ``tz`` (minutes east of UTC) at epoch minute ``minute``."""
    return _offset_at(ZoneInfo(tz), minute)


GAP_RULES = ("skip", "transition")  # skip the run, or run once when the clocks jump
REPEAT_RULES = ("first", "both")  # run at the first occurrence only, or at both


def expand(
    tz: str,
    start_minute: int,
    end_minute: int,
    times_for: Callable[[LocalDay], Sequence[int]],
    *,
    gap: str = "skip",
    repeat: str = "first",
) -> list[int]:
    """Sorted unique epoch minutes in ``[start_minute, end_minute)``.

    ``times_for(day)`` gives the sorted local minutes-of-day a schedule fires
    on that local day (empty when the day does not match). ``gap`` and
    ``repeat`` say what the scheduler does with nonexistent and repeated
    local times (:data:`GAP_RULES`, :data:`REPEAT_RULES`).
    """
    first_day = from_epoch_minute(start_minute).date() - timedelta(days=1)
    last_day = from_epoch_minute(end_minute).date() + timedelta(days=1)
    out: list[int] = []
    irregular = False
    for local_day in zone_days(tz, first_day, last_day):
        times = times_for(local_day)
        if not times:
            continue
        base = local_day.base
        if base is not None:
            out.extend([base + t for t in times])
            continue
        irregular = True
        for t in times:
            found = resolve(tz, local_day.day, t)
            if found.kind == "normal":
                out.append(found.first)  # type: ignore[arg-type]
            elif found.kind == "repeat":
                out.append(found.first)  # type: ignore[arg-type]
                if repeat == "both":
                    out.append(found.second)  # type: ignore[arg-type]
            elif gap == "transition":
                out.append(found.transition)  # type: ignore[arg-type]
    if irregular:
        out = sorted(set(out))
    lo = bisect_left(out, start_minute)
    hi = bisect_left(out, end_minute)
    return out[lo:hi]


def local_midnight(tz: str, day: date) -> int:
    """Epoch minute at which local ``day`` begins in ``tz`` (the jump, if midnight is skipped)."""
    found = resolve(tz, day, 0)
    if found.kind == "gap":
        return found.transition  # type: ignore[return-value]
    return found.first  # type: ignore[return-value]
