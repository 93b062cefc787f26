"""Jenkins cron specs → :class:`LegacySchedule`, recorded verbatim.

Contract: the parser never expands ``H`` or evaluates a spec; it records
``LegacySchedule(flavor="jenkins", expression=<spec>, timezone=<TZ= zone or
the --timezone option>, seed=<job full name>)`` and lets the cron engine
(:mod:`jobmig.timing.cron`) do the rest. When that engine is installed, it is
used to check the spec, so a spec Jenkins would reject becomes a JM307
finding instead of a schedule.

Jenkins facts used here (notes jenkins-cron.md §1.1, CronTabList.create):
the spec is split on ``\\r?\\n`` and each line trimmed; only the **first
line** may be ``TZ=<id>`` (the id is ``line.replace("TZ=", "")``); blank and
``#`` lines are skipped; every other line is a cron line, and the lines share
one random stream for ``H``, so the spec is kept whole.

parameterizedCron (parameterized-scheduler plugin, ParameterizedCronTabList /
ParameterizedCronTab): each cron line may end with ``%K=V;K2=V2``; the TZ
line is the first *non-comment* line; the lines also share one ``Hash`` of
the job's full name. :func:`parameterized_schedules` therefore keeps every
line in ``expression`` (parameter suffixes cut off, so it is plain Jenkins
cron) and makes one schedule per distinct parameter set with
``context = {"parameters": {K: V}, "lines": (n, ...)}``: the mapping must
evaluate the whole expression (so ``H`` draws match) and keep only the fires
of the listed 1-based lines, passing ``parameters`` as execution input.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from jobmig.model import LegacySchedule
from jobmig.messages import msg

FLAVOR = "jenkins"
TZ_PREFIX = "TZ="
_LINE_SPLIT = re.compile(r"\r?\n")


@dataclass(frozen=True)
class SpecProblem:
    """Something to report about a spec: a catalogue code and a message."""

    code: str
    message: str


@lru_cache(maxsize=1)
def _zone_ids() -> frozenset[str]:
    from zoneinfo import available_timezones

    return frozenset(available_timezones())


@lru_cache(maxsize=1)
def _engine() -> Callable[[str, str], object] | None:
    """``jobmig.timing.cron.parse_jenkins`` when that module exists."""
    try:
        from jobmig.timing import cron as legacy_cron
    except ImportError:
        return None
    return getattr(legacy_cron, "parse_jenkins", None)


def _check(spec: str, seed: str) -> str | None:
    """The engine's error message for ``spec``, or None when it accepts it.

    Whether Jenkins accepts a spec does not depend on the seed (H draws only
    pick values inside ranges that are checked before drawing), so results
    are cached by spec text: real exports repeat a few specs many times.
    """
    return _check_spec(spec)


@lru_cache(maxsize=4096)
def _check_spec(spec: str) -> str | None:
    engine = _engine()
    if engine is None:
        return None
    try:
        engine(spec, "")
    except Exception as exc:  # noqa: BLE001 - any engine error is a bad spec, never a crash
        return str(exc) or type(exc).__name__
    return None


def spec_lines(spec: str) -> list[str]:
    """The spec's lines as Jenkins sees them (split on \\r?\\n, trimmed)."""
    return [line.strip() for line in _LINE_SPLIT.split(spec)]


def is_empty(spec: str) -> bool:
    """True when the spec has no cron line (only blanks, comments, a TZ line)."""
    lines = spec_lines(spec)
    body = lines[1:] if lines and lines[0].startswith(TZ_PREFIX) else lines
    return all(not line or line.startswith("#") for line in body)


def _zone(tz_line: str) -> tuple[str | None, list[SpecProblem]]:
    zone = tz_line.replace(TZ_PREFIX, "")
    if zone not in _zone_ids():
        return None, [SpecProblem("JM307", msg("invalid or unsupported time zone {tz_line!r}",
                                               tz_line=tz_line))]
    return zone, [SpecProblem("JM314", msg("{tz_line!r} sets the time zone of the spec",
                                           tz_line=tz_line))]


def timer_schedule(spec: str, *, seed: str, default_timezone: str | None,
                   ) -> tuple[LegacySchedule | None, list[SpecProblem]]:
    """One schedule for a TimerTrigger-style spec (all lines, verbatim).

    Returns ``(None, problems)`` when Jenkins would reject the spec or when it
    has no cron line at all.
    """
    timezone, problems, accepted = _analyse_timer(spec, default_timezone)
    schedule = LegacySchedule(FLAVOR, spec, timezone, seed) if accepted else None
    return schedule, list(problems)


@lru_cache(maxsize=4096)
def _analyse_timer(spec: str, default_timezone: str | None,
                   ) -> tuple[str | None, tuple[SpecProblem, ...], bool]:
    """(zone, problems, accepted) for a spec; seed-independent, so cached."""
    lines = spec_lines(spec)
    timezone, problems = default_timezone, []
    if lines and lines[0].startswith(TZ_PREFIX):
        timezone, problems = _zone(lines[0])
        if timezone is None:
            return None, tuple(problems), False
    if is_empty(spec):
        return None, tuple(problems) + (
            SpecProblem("JM307", msg("the spec has no cron line, so the trigger never fires")),), False
    error = _check(spec, "")
    if error is not None:
        return None, tuple(problems) + (SpecProblem("JM307", msg("spec {spec!r}: {error}",
                                                                 spec=spec, error=error)),), False
    return timezone, tuple(problems), True


def _parameters(text: str) -> dict[str, str]:
    """``K=V;K2=V2`` → dict (ParameterParser: split on ';' then the first '=', trimmed)."""
    values: dict[str, str] = {}
    for pair in text.split(";"):
        if not pair.strip():
            continue
        name, _, value = pair.partition("=")
        values[name.strip()] = value.strip()
    return values


def parameterized_schedules(spec: str, *, seed: str, default_timezone: str | None,
                            ) -> tuple[list[LegacySchedule], list[SpecProblem]]:
    """One schedule per distinct parameter set of a parameterizedCron spec."""
    timezone, problems = default_timezone, []
    kept: list[str] = []
    groups: dict[tuple[tuple[str, str], ...], list[int]] = {}
    seen_cron_line = False
    for number, line in enumerate(spec_lines(spec), start=1):
        if not line or line.startswith("#"):
            kept.append(line)
            continue
        if not seen_cron_line and line.startswith(TZ_PREFIX):
            seen_cron_line = True
            timezone, zone_problems = _zone(line)
            problems += zone_problems
            if timezone is None:
                return [], problems
            kept.append(line)
            continue
        seen_cron_line = True
        cron, percent, rest = line.partition("%")
        kept.append(cron.strip())
        key = tuple(sorted(_parameters(rest).items())) if percent else ()
        groups.setdefault(key, []).append(number)
    tz_index = next((i for i, line in enumerate(kept) if line.startswith(TZ_PREFIX)), None)
    if tz_index:
        # The plugin takes TZ= on the first non-comment line; core Jenkins cron
        # (and so the engine) only on line 1. Only blanks and comments stand
        # before it, so swapping it to line 1 changes no cron line's number.
        kept[0], kept[tz_index] = kept[tz_index], kept[0]
    expression = "\n".join(kept)
    if not groups:
        return [], problems + [SpecProblem("JM307", msg("the spec has no cron line, so the "
                                                        "trigger never fires"))]
    error = _check(expression, seed)
    if error is not None:
        return [], problems + [SpecProblem("JM307", msg("spec {expression!r}: {error}",
                                                        expression=expression, error=error))]
    schedules = [
        LegacySchedule(FLAVOR, expression, timezone, seed,
                       {"parameters": dict(key), "lines": tuple(numbers)})
        for key, numbers in groups.items()
    ]
    return schedules, problems
