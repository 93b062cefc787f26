"""The readiness report as one data structure, built from plan.json alone.

:func:`build_report` reads the plan.json dict (never the sources) and returns
a :class:`ReportData` that every rendering (terminal, Markdown, HTML, JSON,
CSV) draws from, so all of them tell the same story with the same numbers.

Contracts:

- Secrets are masked before anything else (:func:`jobmig.redact.redact_tree`
  over the whole plan, plus every literal secret found anywhere in it), so no
  string in a :class:`ReportData` holds a secret: commands, parameters,
  environment values, finding messages, legacy expressions, names.
- The headline figures (:attr:`ReportData.summary`) are plan.json's
  ``summary`` where it has them; counts computed from ``jobs`` fill the gaps
  and any disagreement is listed in :attr:`ReportData.notes`.
- Every finding of the plan appears once in :attr:`ReportData.findings`:
  top-level ``findings`` plus any ``jobs[].findings`` missing from it (older
  plans), grouped by code with the catalogue's title, explanation and remedy.
- Everything is sorted, so the same plan gives the same report.
- Missing fields (older plans) are tolerated: they read as empty.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Iterable, Mapping, Sequence

from jobmig.catalogue import CATALOGUE
from jobmig.i18n import finding_text, tr
from jobmig.mappings.change_calendar import calendar_names
from jobmig.messages import Message
from jobmig.mappings.event_patterns import RULES_PER_BUS
from jobmig.redact import redact_tree
from jobmig.report.timing import TimingRisk, job_risks

STATUSES = ("auto", "review", "manual")
SEVERITIES = ("error", "manual", "review", "info")  # worst first
REPORT_SCHEMA = "jobmig.report/1"
# A dependency is cross-workflow unless it was realised inside one state machine.
INSIDE_WORKFLOW = frozenset({"state_machine", "parallel", "sequence", "child_state_machine"})


@dataclass(frozen=True)
class StatusCounts:
    """How many jobs converted how far."""

    jobs: int = 0
    auto: int = 0
    review: int = 0
    manual: int = 0


@dataclass(frozen=True)
class SourceTotal:
    """One input file: its format and how its jobs converted."""

    path: str
    format: str
    counts: StatusCounts
    skipped: bool = False
    reason: str = ""


@dataclass(frozen=True)
class Occurrence:
    """Where one finding was seen: ``where`` is ``path:line[:column]`` (or ``path``, or empty).

    ``path`` is the file part of ``where`` on its own (empty when unknown), so
    renderings can group findings by file without parsing ``where``.
    """

    where: str
    job_id: str
    job_name: str
    message: str
    path: str = ""
    accepted: str | None = None  # the reason, when a --decisions entry accepted it


@dataclass(frozen=True)
class FindingGroup:
    """Every occurrence of one finding code, with the catalogue's text."""

    code: str
    severity: str
    title: str
    explanation: str
    remedy: str
    occurrences: tuple[Occurrence, ...]


@dataclass(frozen=True)
class CalendarNeed:
    """A Change Calendar the migration needs, and the horizon it was computed for."""

    name: str
    path: str
    type: str
    timezone: str
    horizon_start: str
    horizon_end: str
    days: int | None
    description: str
    jobs: tuple[str, ...]  # names of the jobs whose schedules it gates


@dataclass(frozen=True)
class CrossDependency:
    """An edge between two workflows and what carries it on AWS (``realized_as``)."""

    from_id: str
    from_name: str
    to_id: str
    to_name: str
    condition: str
    realized_as: str


@dataclass(frozen=True)
class RuleInfo:
    """An EventBridge rule or join gate the plan generates."""

    name: str
    kind: str
    target: str


@dataclass(frozen=True)
class TimingEntry:
    """A job with a timing risk (see :mod:`jobmig.report.timing`)."""

    job_id: str
    job_name: str
    status: str
    risks: tuple[TimingRisk, ...]


@dataclass(frozen=True)
class JobRow:
    """One job as the job tables show it (one CSV row)."""

    id: str
    name: str
    kind: str
    unit_type: str
    parent: str
    path: str
    line: int | None
    format: str
    status: str
    state_machine: str
    legacy_flavor: str
    legacy_expression: str
    legacy_timezone: str
    schedules: tuple[str, ...]  # "expression [zone]" per AWS schedule
    calendars: tuple[str, ...]
    finding_codes: tuple[str, ...]
    command: str
    user: str
    host: str
    disabled: bool


#: JP1 event, wait and sending units (and OR jobs, which merge their branches): the block
#: of units the readiness report counts apart (:attr:`ReportData.event_units`).
EVENT_UNIT_TYPES = frozenset(
    "evwj flwj mlwj mqwj mswj lfwj ntwj tmwj evsj mlsj mqsj mssj cmsj htpj orj pwlj pwrj".split())


@dataclass(frozen=True)
class EventUnits:
    """How many JP1 event and wait units converted, and each that did not, with its reason.

    ``left``: ``(name, unit type, path:line:col, reason)`` per unit left manual, by name.
    """

    total: int = 0
    converted: int = 0
    left: tuple[tuple[str, str, str, str], ...] = ()


@dataclass(frozen=True)
class Edge:
    """One dependency edge (all of them, for the graph)."""

    source: str
    target: str
    condition: str
    realized_as: str


@dataclass(frozen=True)
class ReportData:
    """Everything the renderings show; see the module docstring for the contracts.

    The per-job sections (``jobs``, ``timing``, ``calendars``,
    ``cross_dependencies``, ``edges``) are computed from the redacted plan on
    first use: the terminal report shows none of them, and on a large estate
    they are a third of the work of building a report.
    """

    schema: str
    options: dict[str, Any]
    summary: StatusCounts
    sources: tuple[SourceTotal, ...]
    findings: tuple[FindingGroup, ...]
    severity_counts: dict[str, int]
    rules: tuple[RuleInfo, ...]
    notes: tuple[str, ...] = field(default=())
    lang: str = "en"  # the language of people's text (catalogue entries, headings)
    # convert --wave: the wave's name, options and cutover checklist (plan.json "wave")
    wave: Mapping[str, Any] = field(default_factory=dict)
    schedule_rules: int = 0  # UTC schedule rules (--target rules), on the same event bus
    # the redacted plan and its job dicts, which the per-job sections are read from
    plan: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)
    plan_jobs: tuple[dict[str, Any], ...] = field(default=(), repr=False, compare=False)

    @cached_property
    def jobs(self) -> tuple[JobRow, ...]:
        codes: dict[str, set[str]] = {}
        for group in self.findings:
            for occurrence in group.occurrences:
                codes.setdefault(occurrence.job_id, set()).add(group.code)
        return tuple(sorted((_job_row(job, codes.get(_text(job.get("id")), set()))
                             for job in self.plan_jobs), key=lambda row: row.id))

    @cached_property
    def timing(self) -> tuple[TimingEntry, ...]:
        return _timing(self.plan_jobs)

    @cached_property
    def calendars(self) -> tuple[CalendarNeed, ...]:
        return _calendars(self.plan, self.plan_jobs)

    @cached_property
    def calendar_renewals(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """``(last day, calendar names)`` per horizon end, earliest first: each Change
        Calendar holds run days only up to its horizon's last day, after which its gated
        runs fail (JM562), so it must be renewed by then. Calendars without a horizon
        (older plans) are left out."""
        # read from the plan's calendars, not from :attr:`calendars`: the terminal report
        # shows these sentences and no calendar, and a calendar only a schedule names has
        # no horizon
        last_days = {_text(calendar.get("name")): _horizon(calendar)[1]
                     for calendar in _list(self.plan, "calendars") if isinstance(calendar, dict)}
        ends: dict[str, list[str]] = {}
        for name, end in last_days.items():
            if end:
                ends.setdefault(end, []).append(name)
        return tuple((end, tuple(sorted(names))) for end, names in sorted(ends.items()))

    @cached_property
    def cross_dependencies(self) -> tuple[CrossDependency, ...]:
        return _cross(self.plan, self.plan_jobs, _names(self.plan_jobs))

    @cached_property
    def edges(self) -> tuple[Edge, ...]:
        return _edges(self.plan)

    @cached_property
    def event_units(self) -> EventUnits:
        return _event_units(self.plan_jobs)

    @property
    def finding_total(self) -> int:
        return sum(len(group.occurrences) for group in self.findings)

    @property
    def rule_quota(self) -> str:
        """The event rules this plan adds, against the default per-bus quota (one sentence)."""
        total = len(self.rules) + self.schedule_rules
        schedules = tr(", {n} of them schedules", n=self.schedule_rules) \
            if self.schedule_rules else ""
        return tr("This plan adds {total} EventBridge rules{schedules}; the default quota is "
                  "{quota} rules per event bus, rules already there included.",
                  total=total, schedules=schedules, quota=RULES_PER_BUS)

    def job_names(self) -> dict[str, str]:
        return {job.id: job.name for job in self.jobs}

    def totals_by_format(self) -> list[tuple[str, int, StatusCounts]]:
        """(format, files read, job counts) per format of the files read, by format name."""
        totals: dict[str, list[int]] = {}
        for source in self.sources:
            if source.skipped:
                continue
            row = totals.setdefault(source.format, [0, 0, 0, 0, 0])
            counts = source.counts
            for index, value in enumerate((1, counts.jobs, counts.auto, counts.review,
                                           counts.manual)):
                row[index] += value
        return [(fmt, files, StatusCounts(jobs, auto, review, manual))
                for fmt, (files, jobs, auto, review, manual) in sorted(totals.items())]


def renewal_lines(report: ReportData) -> list[str]:
    """The first page's sentences on when the Change Calendars must be renewed, one per
    horizon end (:attr:`ReportData.calendar_renewals`), in the current language."""
    return [tr("Change Calendars must be renewed by {date} ({names}).", date=end,
               names=", ".join(names)) for end, names in report.calendar_renewals]


# -- building ---------------------------------------------------------------
def build_report(plan: Mapping[str, Any], lang: str = "en") -> ReportData:
    """The report for one plan.json dict (see the module docstring), its catalogue
    text in ``lang`` (``en`` or ``ja``)."""
    # The report never shows state machine definitions; redacting them would
    # be most of the work on a large estate, for nothing.
    safe: dict[str, Any] = redact_tree({key: value for key, value in plan.items()
                                        if key != "state_machines"})
    jobs = tuple(job for job in _list(safe, "jobs") if isinstance(job, dict))
    index = _JobIndex(jobs)
    summary, notes = _summary(safe.get("summary"), index.counts)
    findings = _all_findings(safe, jobs)
    severity_counts = _severity_counts(findings)
    notes.extend(_finding_notes(safe.get("summary"), findings, severity_counts))
    return ReportData(
        schema=REPORT_SCHEMA,
        options=_options(safe.get("options")),
        summary=summary,
        sources=_sources(safe, index),
        findings=_group_findings(findings, index.names, index.sources, lang),
        severity_counts=severity_counts,
        rules=_rules(safe),
        schedule_rules=index.schedule_rules,
        notes=tuple(notes),
        lang=lang,
        wave=safe["wave"] if isinstance(safe.get("wave"), dict) else {},
        plan=safe,
        plan_jobs=jobs,
    )


class _JobIndex:
    """What the report needs from every job, read in one pass over the jobs (a large
    estate has a hundred thousand of them): ``names`` (:func:`_names`), ``sources``
    (job id -> its ``source`` value), ``counts`` (the jobs by status),
    :meth:`counts_of` a source path (its jobs by status), ``first_job`` (source path -> its first job) and
    ``schedule_rules`` (schedules of kind ``rule``)."""

    def __init__(self, jobs: Sequence[dict[str, Any]]) -> None:
        self.names: dict[str, str] = {}
        self.sources: dict[str, Any] = {}
        self.first_job: dict[str, dict[str, Any]] = {}
        self._statuses: dict[str, Counter[str]] = {}  # source path -> statuses of its jobs
        rules = 0
        for job in jobs:
            get = job.get
            job_id = get("id", "")
            self.names[str(job_id)] = str(get("name") or job_id or "")
            source = get("source")
            self.sources[_text(get("id"))] = source
            path = _text((source or {}).get("path"))
            statuses = self._statuses.get(path)
            if statuses is None:
                statuses = self._statuses[path] = Counter()
                self.first_job[path] = job
            statuses[_status(job)] += 1
            schedules = get("schedules")
            if schedules and isinstance(schedules, list):
                rules += sum(1 for schedule in schedules
                             if isinstance(schedule, dict) and schedule.get("kind") == "rule")
        self.schedule_rules = rules
        total: Counter[str] = Counter()
        for statuses in self._statuses.values():
            total.update(statuses)
        self.counts = StatusCounts(len(jobs), total["auto"], total["review"], total["manual"])

    def counts_of(self, path: str) -> StatusCounts:
        """How many jobs have ``path`` as their source path, by status."""
        statuses = self._statuses.get(path, Counter())
        return StatusCounts(sum(statuses.values()), statuses["auto"], statuses["review"],
                            statuses["manual"])


def _names(jobs: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    return {str(job.get("id", "")): str(job.get("name") or job.get("id") or "") for job in jobs}


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    return value if isinstance(value, list) else []


def _text(value: Any) -> str:
    if type(value) is str:  # most values: answered first (called millions of times)
        return value
    # a finding message stays a Message (a str), so the renderers can say it in Japanese
    if isinstance(value, Message):
        return value
    return "" if value is None else str(value)


def _options(options: Any) -> dict[str, Any]:
    options = options if isinstance(options, dict) else {}
    return {
        "timezone": _text(options.get("timezone")),
        "target": _text(options.get("target")),
        "timezone_assumed": bool(options.get("timezone_assumed", False)),
        "horizon": [_text(day) for day in options["horizon"][:2]]
        if isinstance(options.get("horizon"), list) else [],
    }


def _status(job: Mapping[str, Any]) -> str:
    status = _text(job.get("status"))
    return status if status in STATUSES else "manual"


def _summary(summary: Any, computed: StatusCounts) -> tuple[StatusCounts, list[str]]:
    """plan.json's summary where present; computed counts fill gaps; disagreements noted."""
    summary = summary if isinstance(summary, dict) else {}
    values: dict[str, int] = {}
    notes: list[str] = []
    for key in ("jobs", "auto", "review", "manual"):
        mine = getattr(computed, key)
        theirs = summary.get(key)
        if isinstance(theirs, int) and not isinstance(theirs, bool):
            values[key] = theirs
            if theirs != mine:
                notes.append(f"plan.json summary.{key} is {theirs} but the plan lists {mine} "
                             "such jobs; the summary figure is shown")
        else:
            values[key] = mine
    return StatusCounts(**values), notes


def _finding_notes(summary: Any, findings: list[dict[str, Any]],
                   listed: dict[str, int]) -> list[str]:
    """Notes where plan.json's finding counts disagree with the findings it lists
    (``listed``: their :func:`_severity_counts`)."""
    summary = summary if isinstance(summary, dict) else {}
    notes = []
    total = summary.get("findings")
    if isinstance(total, int) and not isinstance(total, bool) and total != len(findings):
        notes.append(f"plan.json summary.findings is {total} but the plan lists {len(findings)} "
                     "findings; the listed findings are shown")
    by_severity = summary.get("findings_by_severity")
    if isinstance(by_severity, dict):
        for severity in SEVERITIES:
            theirs = by_severity.get(severity, 0)
            if isinstance(theirs, int) and theirs != listed[severity]:
                notes.append(f"plan.json summary.findings_by_severity.{severity} is {theirs} but "
                             f"the plan lists {listed[severity]}")
    return notes


def _sources(plan: Mapping[str, Any], index: _JobIndex) -> tuple[SourceTotal, ...]:
    """One total per file of ``sources``, and per source path of the jobs that
    ``sources`` does not list."""
    totals: dict[str, SourceTotal] = {}
    for source in _list(plan, "sources"):
        if not isinstance(source, dict):
            continue
        path = _text(source.get("path"))
        counts = index.counts_of(path)
        declared = source.get("jobs")
        if isinstance(declared, int) and not isinstance(declared, bool):
            counts = StatusCounts(declared, counts.auto, counts.review, counts.manual)
        totals[path] = SourceTotal(path, _text(source.get("format")), counts,
                                   bool(source.get("skipped", False)), _text(source.get("reason")))
    for path, first in index.first_job.items():
        if path not in totals:  # a job whose file is not listed in sources (older plans)
            fmt = _text((first.get("source") or {}).get("format"))
            totals[path] = SourceTotal(path, fmt, index.counts_of(path))
    return tuple(totals[path] for path in sorted(totals))


def _finding_key(finding: Mapping[str, Any]) -> tuple[str, ...]:
    source = finding.get("source") or {}
    return (_text(finding.get("code")), _text(finding.get("message")),
            _text(source.get("path")), _text(source.get("line")), _text(finding.get("job")))


def _all_findings(plan: Mapping[str, Any], jobs: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Top-level findings plus job findings missing from them (tagged with the job id)."""
    findings = [f for f in _list(plan, "findings") if isinstance(f, dict)]
    listed = {id(f) for f in findings}  # plan.json shares these dicts with the job lists
    seen: set[tuple[str, ...]] | None = None  # keys of the findings kept, once needed
    for job in jobs:
        for finding in job.get("findings") or []:
            if not isinstance(finding, dict) or (id(finding) in listed and "job" in finding):
                continue
            if seen is None:
                seen = {_finding_key(f) for f in findings}
            tagged = dict(finding)
            tagged.setdefault("job", job.get("id"))
            if _finding_key(tagged) not in seen:
                seen.add(_finding_key(tagged))
                findings.append(tagged)
    return findings


# each code's severity as text, read once (a report looks it up for every finding)
_SEVERITY_OF = {code: entry.severity.value for code, entry in CATALOGUE.items()}


def _severity(finding: Mapping[str, Any]) -> str:
    known = _SEVERITY_OF.get(_text(finding.get("code")))
    if known is not None:
        return known
    severity = _text(finding.get("severity"))
    return severity if severity in SEVERITIES else "info"


def _event_units(jobs: Sequence[dict[str, Any]]) -> EventUnits:
    total, converted, left = 0, 0, []
    for job in jobs:
        if _text(job.get("kind")) != "job":
            continue
        unit_type = _text(job.get("unit_type"))
        base = unit_type[1:] if unit_type.startswith("r") and unit_type[1:] in EVENT_UNIT_TYPES \
            else unit_type
        if base not in EVENT_UNIT_TYPES:
            continue
        total += 1
        if _status(job) != "manual":
            converted += 1
            continue
        findings = [f for f in _list(job, "findings") if isinstance(f, dict)]
        reason = next((_text(f.get("message")) for f in findings if _severity(f) == "manual"),
                      "")
        left.append((_text(job.get("name")), unit_type, _where(job.get("source")), reason))
    return EventUnits(total, converted, tuple(sorted(left)))


def _where(source: Any) -> str:
    if not isinstance(source, dict) or not source.get("path"):
        return ""
    where = _text(source.get("path"))
    if source.get("line") is not None:
        where += f":{source['line']}"
        if source.get("column") is not None:
            where += f":{source['column']}"
    return where


def _group_findings(findings: list[dict[str, Any]], names: dict[str, str],
                    job_sources: dict[str, Any], lang: str = "en") -> tuple[FindingGroup, ...]:
    """The findings grouped by code, worst severity first; ``job_sources``: job id -> the
    job's ``source`` (the place of a finding that has none of its own)."""
    groups: dict[str, tuple[list[Occurrence], list[tuple[Any, ...]]]] = {}
    severities: dict[str, str] = {}
    for finding in findings:
        get = finding.get
        code = _text(get("code")) or "?"
        job_id = _text(get("job"))
        source = get("source")
        where, place = _place(source)
        if not where:
            source = job_sources.get(job_id)
            where, place = _place(source)
        path = _text(source.get("path")) if isinstance(source, dict) else ""
        message = _text(get("message"))
        group = groups.get(code)
        if group is None:
            group = groups[code] = ([], [])
            severities[code] = _severity(finding)
        group[0].append(Occurrence(where, job_id, names.get(job_id, ""), message, path,
                                   _accepted(finding)))
        group[1].append((*place, job_id, message))  # _occurrence_order of that occurrence
    result = []
    for code, (occurrences, keys) in groups.items():
        text = finding_text(code, lang)
        unknown = "このバージョンのカタログにないコード" if lang == "ja" else \
            "Finding code not in this version's catalogue"
        result.append(FindingGroup(
            code=code,
            severity=severities[code],
            title=text[0] if text else unknown,
            explanation=text[1] if text else "",
            remedy=text[2] if text else "",
            occurrences=tuple(occurrences[n] for n in sorted(range(len(keys)),
                                                              key=keys.__getitem__)),
        ))
    return tuple(sorted(result, key=lambda g: (SEVERITIES.index(g.severity), g.code)))


def _place(source: Any) -> tuple[str, tuple[str, list[int]]]:
    """:func:`_where` of ``source``, and the (path, numbers) that :func:`_occurrence_order`
    reads from it."""
    if type(source) is dict:
        # the usual place (a path without ':', whole line and column numbers) is ordered
        # without writing and parsing its text again: a large estate has many thousands
        path, line, column = source.get("path"), source.get("line"), source.get("column")
        if type(path) is str and path and ":" not in path and (line is None or (
                type(line) is int and line >= 0 and (
                    column is None or (type(column) is int and column >= 0)))):
            if line is None:
                return path, (path, [])
            if column is None:
                return f"{path}:{line}", (path, [line])
            return f"{path}:{line}:{column}", (path, [line, column])
    where = _where(source)
    return where, _position_order(where)


def _accepted(finding: Mapping[str, Any]) -> str | None:
    """The reason a finding was accepted (``--decisions``), or None."""
    accepted = finding.get("accepted")
    return _text(accepted.get("reason")) if isinstance(accepted, dict) else None


def _occurrence_order(occurrence: Occurrence) -> tuple[Any, ...]:
    """Sort by path, then line and column as numbers (file9:2 before file10:1 is not wanted:
    paths sort as text, positions as numbers), then job and message."""
    return (*_position_order(occurrence.where), occurrence.job_id, occurrence.message)


def _position_order(where: str) -> tuple[str, list[int]]:
    """The (path, [line[, column]]) part of :func:`_occurrence_order` for ``where``."""
    path, *position = where.rsplit(":", 2) if where else ("",)
    numbers = [int(p) for p in position if p.isdigit()]
    if len(numbers) != len(position):  # a ':' that is part of the path
        path, numbers = where, []
    return path, numbers


def _severity_counts(findings: list[dict[str, Any]]) -> dict[str, int]:
    counts = Counter(_severity(f) for f in findings)
    return {severity: counts[severity] for severity in SEVERITIES}


def _calendars(plan: Mapping[str, Any], jobs: Sequence[dict[str, Any]]) -> tuple[CalendarNeed, ...]:
    users: dict[str, set[str]] = {}
    for job in jobs:
        for schedule in job.get("schedules") or []:
            if isinstance(schedule, dict) and schedule.get("calendar"):
                for name in calendar_names(_text(schedule["calendar"])):  # pieces: each
                    users.setdefault(name, set()).add(_text(job.get("name")))
    needs: dict[str, CalendarNeed] = {}
    for calendar in _list(plan, "calendars"):
        if not isinstance(calendar, dict):
            continue
        name = _text(calendar.get("name"))
        horizon_start, horizon_end = _horizon(calendar)
        days = calendar.get("days")
        needs[name] = CalendarNeed(
            name=name, path=_text(calendar.get("path")), type=_text(calendar.get("type")),
            timezone=_text(calendar.get("timezone")),
            horizon_start=horizon_start,
            horizon_end=horizon_end,
            days=len(days) if isinstance(days, list) else days if isinstance(days, int) else None,
            description=_text(calendar.get("description")),
            jobs=tuple(sorted(users.get(name, ()))),
        )
    for name, members in users.items():  # named by a schedule but not listed (older plans)
        if name not in needs:
            needs[name] = CalendarNeed(name, "", "", "", "", "", None, "", tuple(sorted(members)))
    return tuple(needs[name] for name in sorted(needs))


def _horizon(calendar: Mapping[str, Any]) -> tuple[str, str]:
    """A plan calendar's first and last day ("" when not given)."""
    horizon = calendar.get("horizon") if isinstance(calendar.get("horizon"), list) else []
    return (_text(horizon[0]) if len(horizon) > 0 else "",
            _text(horizon[1]) if len(horizon) > 1 else "")


def _cross(plan: Mapping[str, Any], jobs: Sequence[dict[str, Any]],
           names: dict[str, str]) -> tuple[CrossDependency, ...]:
    machine = {_text(job.get("id")): _text(job.get("state_machine")) for job in jobs}
    cross = []
    for dep in _list(plan, "dependencies"):
        if not isinstance(dep, dict):
            continue
        source, target = _text(dep.get("from")), _text(dep.get("to"))
        realized = _text(dep.get("realized_as"))
        same_machine = bool(machine.get(source)) and machine.get(source) == machine.get(target)
        if realized in INSIDE_WORKFLOW or (not realized and same_machine):
            continue
        cross.append(CrossDependency(source, names.get(source, source), target,
                                     names.get(target, target), _text(dep.get("condition")),
                                     realized or "unknown"))
    return tuple(sorted(cross, key=lambda d: (d.from_id, d.to_id, d.condition)))


def _rules(plan: Mapping[str, Any]) -> tuple[RuleInfo, ...]:
    rules = [RuleInfo(_text(rule.get("name")), _text(rule.get("kind")) or "rule",
                      _text(rule.get("target")))
             for rule in _list(plan, "rules") if isinstance(rule, dict)]
    return tuple(sorted(rules, key=lambda r: (r.kind, r.name)))


def _timing(jobs: Sequence[dict[str, Any]]) -> tuple[TimingEntry, ...]:
    entries = []
    for job in jobs:
        risks = job_risks(job)
        if risks:
            entries.append(TimingEntry(_text(job.get("id")), _text(job.get("name")),
                                       _status(job), tuple(risks)))
    return tuple(sorted(entries, key=lambda e: e.job_id))


def _job_row(job: Mapping[str, Any], codes: set[str]) -> JobRow:
    source = job.get("source") if isinstance(job.get("source"), dict) else {}
    legacy = job.get("legacy_schedule") if isinstance(job.get("legacy_schedule"), dict) else {}
    schedules = [s for s in job.get("schedules") or [] if isinstance(s, dict)]
    line = source.get("line")
    return JobRow(
        id=_text(job.get("id")),
        name=_text(job.get("name")),
        kind=_text(job.get("kind")) or "job",
        unit_type=_text(job.get("unit_type")),
        parent=_text(job.get("parent")),
        path=_text(source.get("path")),
        line=line if isinstance(line, int) and not isinstance(line, bool) else None,
        format=_text(source.get("format")),
        status=_status(job),
        state_machine=_text(job.get("state_machine")),
        legacy_flavor=_text(legacy.get("flavor")),
        legacy_expression=_text(legacy.get("expression")),
        legacy_timezone=_text(legacy.get("timezone")),
        schedules=tuple(f"{_text(s.get('expression'))} [{_text(s.get('timezone'))}]"
                        if s.get("timezone") else _text(s.get("expression")) for s in schedules),
        calendars=tuple(sorted({name for s in schedules if s.get("calendar")
                                for name in calendar_names(_text(s["calendar"]))})),
        finding_codes=tuple(sorted(codes)),
        command=_text(job.get("command")),
        user=_text(job.get("user")),
        host=_text(job.get("host")),
        disabled=bool(job.get("disabled", False)),
    )


def _edges(plan: Mapping[str, Any]) -> tuple[Edge, ...]:
    edges = {Edge(_text(d.get("from")), _text(d.get("to")), _text(d.get("condition")),
                  _text(d.get("realized_as")))
             for d in _list(plan, "dependencies") if isinstance(d, dict)}
    return tuple(sorted(edges, key=lambda e: (e.source, e.target, e.condition, e.realized_as)))
