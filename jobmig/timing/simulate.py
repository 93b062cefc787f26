"""The fire-time simulation: legacy and AWS fire times of a plan's jobs, and their diff.

The schedule mapper checks its own work with it and ``jobmig verify`` runs it
over a whole plan (:mod:`jobmig.verify` only prints the results).

For every job of a plan.json that has schedules, the legacy side is
evaluated by a registered evaluator (:data:`LEGACY_EVALUATORS`, by flavor:
cronie semantics for ``vixie``, Jenkins for ``jenkins``, JP1 schedule rules
for ``jp1``) and the AWS side by :mod:`jobmig.mappings.eventbridge_cron`
(the union of the job's schedules, each bounded by its start/end date and
gated by its Change Calendar). Both sides are sets of UTC instants at minute
precision over the local days ``start .. start + days - 1`` of the job's
legacy zone (so a window equal to the mapping horizon matches the horizon of
generated Change Calendars and split rules exactly).

A job is *equivalent* when both sides hold the same instants and no instant
is started twice on AWS: several AWS schedules firing at one instant are
counted in ``duplicate_runs`` (the mapping declares them as JM208) and make
the job differ, because the legacy scheduler started it once.

A job whose AWS triggers are created DISABLED (plan status ``manual``, or
disabled in the source) never fires on AWS: it is not compared, and its
result says so (``disabled``). :func:`not_compared` counts the jobs
:func:`verify_plan` leaves out altogether (no legacy schedule, or a legacy
schedule with no AWS schedule).

Evaluation works on field sets, day by day (see :mod:`jobmig.timing.localtime`),
and instants are ints (epoch minutes) until the result is built, so
verifying both sides is cheaper than enumerating one side with a
next-fire-time iterator.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence
from zoneinfo import ZoneInfo

from jobmig.timing import cron as legacy_cron
from jobmig.timing.localtime import UTC, from_epoch_minute, local_midnight, to_epoch_minute
from jobmig.mappings import eventbridge_cron
from jobmig.mappings.change_calendar import ChangeCalendar, calendar_names
from jobmig.model import LegacySchedule

# (schedule, start, end, closed days from --holidays or None) → UTC fire instants
LegacyEvaluator = Callable[[LegacySchedule, datetime, datetime, "frozenset[date] | None"],
                           list[datetime]]
SHOWN_DIFFERENCES = 5  # differing instants kept per side in a JobResult
_AT = re.compile(r"^at\((\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)\)$")


@dataclass(frozen=True)
class JobResult:
    """How one job's AWS schedules compare with its legacy schedule.

    ``only_legacy``/``only_aws``: the first differing instants (UTC, at most
    :data:`SHOWN_DIFFERENCES` each); ``missing``/``extra`` count all of them.
    ``error`` is set (and ``equivalent`` False) when a side could not be
    evaluated. ``disabled``: the job's AWS triggers are created DISABLED, so
    nothing was compared (``equivalent`` False, counts zero).
    """

    job_id: str
    name: str
    equivalent: bool
    legacy_runs: int = 0
    aws_runs: int = 0
    duplicate_runs: int = 0
    missing: int = 0
    extra: int = 0
    only_legacy: tuple[datetime, ...] = ()
    only_aws: tuple[datetime, ...] = ()
    error: str | None = None
    status: str | None = None  # the plan's status for the job (auto/review/manual)
    disabled: bool = False

    @property
    def compared(self) -> bool:
        """Both sides were evaluated (not disabled, no error)."""
        return not self.disabled and self.error is None

    @property
    def unexpected(self) -> bool:
        """Not equivalent although the plan claims ``auto`` (or could not be evaluated)."""
        if self.disabled:
            return False
        return not self.equivalent and (self.status in (None, "auto") or self.error is not None)

    def to_json(self) -> dict[str, Any]:
        return {
            "job": self.job_id, "name": self.name, "equivalent": self.equivalent,
            "legacy_runs": self.legacy_runs, "aws_runs": self.aws_runs,
            "duplicate_runs": self.duplicate_runs, "missing": self.missing,
            "extra": self.extra,
            "only_legacy": [m.isoformat() for m in self.only_legacy],
            "only_aws": [m.isoformat() for m in self.only_aws],
            "error": self.error, "status": self.status, "disabled": self.disabled,
        }


# ---------------------------------------------------------------- legacy side


def selected_lines(legacy: LegacySchedule) -> tuple[int, ...] | None:
    """The 1-based spec lines a schedule stands for (``context["lines"]``), or ``None`` for all.

    A Jenkins parameterizedCron spec becomes one schedule per parameter set;
    each keeps the whole spec (its lines share one ``H`` stream) and lists
    the lines that are its own.
    """
    lines = (legacy.context or {}).get("lines")
    return tuple(int(n) for n in lines) if lines else None


@lru_cache(maxsize=16384)
def _legacy_specs(flavor: str, expression: str, timezone: str | None, seed: str | None,
                  lines: tuple[int, ...] | None,
                  ) -> tuple[tuple[legacy_cron.CronSpec, ...], str, str]:
    """(specs, zone, DST rule) of a vixie or Jenkins schedule; raises CronSyntaxError."""
    if flavor == "vixie":
        return (legacy_cron.parse_vixie(expression),), timezone or "UTC", "cronie"
    spec = legacy_cron.parse_jenkins(expression, seed or "").only(lines)
    return spec.lines, spec.timezone or timezone or "UTC", "jenkins"


def _cron_minutes(legacy: LegacySchedule, start_minute: int, end_minute: int) -> list[int]:
    specs, zone, dst = _legacy_specs(legacy.flavor, legacy.expression, legacy.timezone,
                                     legacy.seed, selected_lines(legacy))
    if not specs:
        return []
    return legacy_cron.fire_minutes(specs, zone, start_minute, end_minute, dst)


def evaluate_cron(legacy: LegacySchedule, start: datetime, end: datetime,
                  holidays: frozenset[date] | None = None) -> list[datetime]:
    """Legacy fire instants of a ``vixie`` or ``jenkins`` schedule in ``[start, end)`` (UTC).

    ``holidays`` is ignored: cron has no closed days.
    """
    return [from_epoch_minute(m) for m in
            _cron_minutes(legacy, to_epoch_minute(start), to_epoch_minute(end))]


def evaluate_jp1(legacy: LegacySchedule, start: datetime, end: datetime,
                 holidays: frozenset[date] | None = None) -> list[datetime]:
    """Legacy start instants of a JP1 schedule rule; ``holidays``: the --holidays days."""
    from jobmig.timing.jp1_days import legacy_fire_times

    return legacy_fire_times(legacy, start, end, holidays=holidays)


LEGACY_EVALUATORS: dict[str, LegacyEvaluator] = {
    "vixie": evaluate_cron,
    "jenkins": evaluate_cron,
    "jp1": evaluate_jp1,
}


def legacy_minutes(legacy: LegacySchedule, start_minute: int, end_minute: int, *,
                   holidays: frozenset[date] | None = None) -> list[int]:
    """Sorted unique epoch minutes of the legacy schedule, through the registry.

    ``holidays``: closed days from outside the export (JP1 ``--holidays``).
    """
    evaluator = LEGACY_EVALUATORS.get(legacy.flavor)
    if evaluator is None:
        raise KeyError(f"no legacy evaluator for flavor {legacy.flavor!r}")
    if evaluator is evaluate_cron:  # fast path: no datetimes
        return _cron_minutes(legacy, start_minute, end_minute)
    found = evaluator(legacy, from_epoch_minute(start_minute), from_epoch_minute(end_minute),
                      holidays)
    return sorted({to_epoch_minute(moment) for moment in found})


# ---------------------------------------------------------------- AWS side


def _field(schedule: Any, name: str) -> Any:
    if isinstance(schedule, Mapping):
        return schedule.get(name)
    return getattr(schedule, name, None)


def _iso_minute(text: str | None, default: int, *, end: bool) -> int:
    if not text:
        return default
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    minute = to_epoch_minute(moment)
    # Scheduler fires "on or after StartDate and on or before EndDate".
    if end:
        return minute + 1
    return minute if moment.second == 0 and moment.microsecond == 0 else minute + 1


def schedule_minutes(schedule: Any, calendars: Mapping[str, ChangeCalendar],
                     start_minute: int, end_minute: int) -> list[int]:
    """Epoch minutes one AWS schedule (an ``AwsSchedule`` or a plan dict) starts a run.

    Bounded by its start/end date (Scheduler only: an EventBridge rule,
    ``kind == "rule"``, has none, so dates on one are ignored as AWS would)
    and filtered by its calendar gate (every calendar it names open). Raises
    ``ValueError`` (or ``EventBridgeCronError``) for expressions that have
    no fixed fire times or a missing calendar.
    """
    expression = str(_field(schedule, "expression"))
    zone = _field(schedule, "timezone") or "UTC"
    low, high = start_minute, end_minute
    if _field(schedule, "kind") != "rule":  # an EventBridge rule has no start or end date
        low = max(low, _iso_minute(_field(schedule, "start_date"), start_minute, end=False))
        high = min(high, _iso_minute(_field(schedule, "end_date"), end_minute, end=True))
    if low >= high:
        return []
    at = _AT.match(expression)
    if at:
        year, month, day, hour, minute, _ = (int(g) for g in at.groups())
        moment = datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(zone))
        found = [to_epoch_minute(moment)]
        found = [m for m in found if low <= m < high]
    elif expression.startswith("rate("):
        raise ValueError(f"{expression} fires relative to its creation time; not comparable")
    else:
        cron = _parsed(expression)
        found = eventbridge_cron.fire_minutes(cron, zone, low, high)
    gates = []  # the calendar, or the pieces of a split one: a run needs all of them open
    for gate in calendar_names(_field(schedule, "calendar")):
        calendar = calendars.get(gate)
        if calendar is None:
            raise ValueError(f"calendar {gate!r} not found")
        gates.append(calendar)
    if gates:
        found = [m for m in found
                 if all(calendar.is_open(from_epoch_minute(m)) for calendar in gates)]
    return found


@lru_cache(maxsize=16384)
def _parsed(expression: str) -> eventbridge_cron.EventBridgeCron:
    return eventbridge_cron.parse(expression)


def aws_minutes(schedules: Sequence[Any], calendars: Mapping[str, ChangeCalendar],
                start_minute: int, end_minute: int) -> list[int]:
    """All runs of ``schedules`` as sorted epoch minutes, duplicates kept."""
    if len(schedules) == 1:
        return schedule_minutes(schedules[0], calendars, start_minute, end_minute)
    found: list[int] = []
    for schedule in schedules:
        found.extend(schedule_minutes(schedule, calendars, start_minute, end_minute))
    found.sort()
    return found


def aws_runs(schedules: Sequence[Any], calendars: Mapping[str, ChangeCalendar],
             start_minute: int, end_minute: int) -> tuple[list[int], int]:
    """(sorted unique run minutes, number of runs that coincide with another run)."""
    if len(schedules) == 1:  # one schedule never fires twice in a minute
        return schedule_minutes(schedules[0], calendars, start_minute, end_minute), 0
    found = aws_minutes(schedules, calendars, start_minute, end_minute)
    unique = sorted(set(found))
    return unique, len(found) - len(unique)


# ---------------------------------------------------------------- comparing


def compare(job_id: str, name: str, legacy: list[int], aws: list[int],
            duplicates: int = 0) -> JobResult:
    """A :class:`JobResult` from two sorted unique lists of epoch minutes."""
    runs = len(aws) + duplicates
    if legacy == aws:
        return JobResult(job_id, name, duplicates == 0, len(legacy), runs, duplicates)
    legacy_set, aws_set = set(legacy), set(aws)
    only_legacy = sorted(legacy_set - aws_set)
    only_aws = sorted(aws_set - legacy_set)
    return JobResult(
        job_id, name, False, len(legacy), runs, duplicates,
        missing=len(only_legacy), extra=len(only_aws),
        only_legacy=tuple(from_epoch_minute(m) for m in only_legacy[:SHOWN_DIFFERENCES]),
        only_aws=tuple(from_epoch_minute(m) for m in only_aws[:SHOWN_DIFFERENCES]),
    )


def load_calendars(plan: Mapping[str, Any], out_dir: str | Path) -> dict[str, ChangeCalendar]:
    """The plan's Change Calendars, read from ``<out_dir>/<path>`` (missing files skipped)."""
    found: dict[str, ChangeCalendar] = {}
    for entry in plan.get("calendars", []) or []:
        path = Path(out_dir) / entry["path"]
        if path.is_file():
            found[entry["name"]] = ChangeCalendar.from_ics(
                path.read_text(encoding="utf-8"), entry["name"],
                timezone=entry.get("timezone"))
    return found


def verify_plan(plan: Mapping[str, Any], start: date, days: int, *,
                out_dir: str | Path | None = None,
                calendars: Mapping[str, ChangeCalendar] | None = None) -> list[JobResult]:
    """Compare legacy and AWS fire instants of every scheduled job in ``plan``.

    The window is the local days ``start .. start + days - 1`` in each job's
    legacy zone. Calendars come from ``calendars`` or are read from
    ``out_dir`` (the convert output folder). Never raises for a bad job: its
    result carries ``error``.
    """
    if calendars is None:
        calendars = load_calendars(plan, out_dir) if out_dir is not None else {}
    holidays = _plan_holidays(plan)
    results: list[JobResult] = []
    for job in plan.get("jobs", []) or []:
        schedules = job.get("schedules") or []
        legacy_data = job.get("legacy_schedules") or (
            [job["legacy_schedule"]] if job.get("legacy_schedule") else [])
        if not schedules or not legacy_data:
            continue
        job_id, name = str(job.get("id", "")), str(job.get("name", ""))
        status = job.get("status")
        if not triggers_enabled(job):
            results.append(JobResult(job_id, name, False, status=status, disabled=True))
            continue
        try:
            result = _verify_job(job_id, name, legacy_data, schedules, calendars, start, days,
                                 holidays)
        except (ValueError, KeyError, TypeError) as error:
            result = JobResult(job_id, name, False, error=str(error))
        results.append(replace(result, status=status))
    return results


def triggers_enabled(job: Mapping[str, Any]) -> bool:
    """Whether a plan.json job's AWS triggers are created ENABLED (see the emitters)."""
    return not job.get("disabled", False) and job.get("status") != "manual"


def not_compared(plan: Mapping[str, Any]) -> dict[str, int]:
    """Jobs :func:`verify_plan` gives no result for, counted by reason.

    ``no schedule``: no legacy schedule (started by a predecessor or by hand);
    ``not converted``: a legacy schedule but no AWS schedule. Folders and
    other non-runnable units (plan kind ``folder``) are not jobs here.
    """
    counts = {"no schedule": 0, "not converted": 0}
    for job in plan.get("jobs", []) or []:
        if job.get("kind") == "folder":
            continue
        legacy = job.get("legacy_schedules") or job.get("legacy_schedule")
        if not legacy:
            counts["no schedule"] += 1
        elif not job.get("schedules"):
            counts["not converted"] += 1
    return counts


def _plan_holidays(plan: Mapping[str, Any]) -> frozenset[date] | None:
    """The closed days the plan was converted with (``options.holidays``), or ``None``."""
    recorded = (plan.get("options") or {}).get("holidays")
    if not recorded:
        return None
    return frozenset(date.fromisoformat(text) for text in recorded.get("dates", []))


def _input_key(values: Mapping[str, Any] | None) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((str(k), str(v)) for k, v in (values or {}).items()))


def _verify_job(job_id: str, name: str, legacy_data: Sequence[Mapping[str, Any]],
                schedules: Sequence[Mapping[str, Any]], calendars: Mapping[str, ChangeCalendar],
                start: date, days: int, holidays: frozenset[date] | None) -> JobResult:
    """One job's comparison, input by input.

    Legacy schedules and AWS schedules are grouped by the execution input
    they carry (Jenkins parameterizedCron parameters; usually none), and
    each group's legacy union is compared with its AWS union: a run with the
    wrong parameters is a difference, not a match.
    """
    legacy_groups: dict[tuple[tuple[str, str], ...], list[LegacySchedule]] = {}
    for data in legacy_data:
        legacy = LegacySchedule(
            flavor=data["flavor"], expression=data["expression"],
            timezone=data.get("timezone"), seed=data.get("seed"),
            context=data.get("context") or {})
        key = _input_key(legacy.context.get("parameters"))
        legacy_groups.setdefault(key, []).append(legacy)
    aws_groups: dict[tuple[tuple[str, str], ...], list[Mapping[str, Any]]] = {}
    for schedule in schedules:
        aws_groups.setdefault(_input_key(schedule.get("input")), []).append(schedule)
    zone = legacy_zone(next(iter(legacy_groups.values()))[0])
    start_minute = local_midnight(zone, start)
    end_minute = local_midnight(zone, start + timedelta(days=days))
    parts = []
    for key in sorted(set(legacy_groups) | set(aws_groups)):
        legacy_side = sorted({minute for legacy in legacy_groups.get(key, [])
                              for minute in legacy_minutes(legacy, start_minute, end_minute,
                                                           holidays=holidays)})
        aws_side, duplicates = aws_runs(aws_groups.get(key, []), calendars,
                                        start_minute, end_minute)
        parts.append(compare(job_id, name, legacy_side, aws_side, duplicates))
    return parts[0] if len(parts) == 1 else _combined(parts)


def _combined(parts: Sequence[JobResult]) -> JobResult:
    """One job's result from its per-input results."""
    first = parts[0]
    return JobResult(
        first.job_id, first.name, all(p.equivalent for p in parts),
        legacy_runs=sum(p.legacy_runs for p in parts), aws_runs=sum(p.aws_runs for p in parts),
        duplicate_runs=sum(p.duplicate_runs for p in parts),
        missing=sum(p.missing for p in parts), extra=sum(p.extra for p in parts),
        only_legacy=tuple(sorted(m for p in parts for m in p.only_legacy))[:SHOWN_DIFFERENCES],
        only_aws=tuple(sorted(m for p in parts for m in p.only_aws))[:SHOWN_DIFFERENCES],
    )


def legacy_zone(legacy: LegacySchedule) -> str:
    """The zone a legacy schedule runs in (Jenkins ``TZ=`` first, then its timezone, UTC)."""
    if legacy.flavor in ("vixie", "jenkins"):
        try:
            return _legacy_specs(legacy.flavor, legacy.expression, legacy.timezone,
                                 legacy.seed, selected_lines(legacy))[1]
        except legacy_cron.CronSyntaxError:
            pass
    return legacy.timezone or "UTC"
