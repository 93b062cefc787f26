"""The conversion: parse results → graph → schedule and workflow mappings → Plan.

This module only orchestrates; the decisions live in ``mappings/``. The plan
it builds is deterministic: jobs sorted by source position, AWS names derived
from each job's identity (:mod:`jobmig.identity`), findings sorted by where
they point.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from jobmig import identity, namespaces, pool
from jobmig.graph import JobGraph
from jobmig.mappings.aws_schedule import ScheduleMapping
from jobmig.model import Finding, Job, LegacySchedule, ParseResult, Status
from jobmig.options import MapOptions
from jobmig.plan import SCHEMA_ID, Plan
from jobmig.redact import find_secrets, might_hold_secret
from jobmig.sources import SourceRecord
from jobmig.textio import damaged_characters
from jobmig.finding_cap import cap_repeated
from jobmig.emit.limits import root_stack_findings, split_large_calendars
from jobmig.messages import joined, msg

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")  # become "-" in job names
_NOT_NAME_CHARS = re.compile(r"[^0-9A-Za-z_-]+")  # become "-" in AWS names
_NAME_CHAR = re.compile(r"[0-9A-Za-z]")
# Parser findings that already say a schedule has no AWS form (@reboot, cronie ~).
_UNMAPPABLE_SCHEDULE = frozenset({"JM105", "JM110"})


def build_plan(results: list[ParseResult], records: list[SourceRecord], options: MapOptions,
               extra_findings: list[Finding] | None = None,
               timezone_assumed: bool = False,
               on_mapped: Callable[[], None] | None = None,
               inputs: list[str] | None = None) -> Plan:
    """Map everything the parsers found into a :class:`Plan`.

    ``on_mapped`` is called once per job whose schedules were mapped (for a
    progress bar). ``inputs``: the paths given on the command line, relative to the input
    root they share (``options.inputs``; every other path is relative to that root).
    """
    results = [_with_unique_names(result) for result in namespaces.separate(results)]
    graph = JobGraph.from_results(results)
    findings: list[Finding] = list(extra_findings or [])
    for result in results:
        findings.extend(result.findings)
    findings.extend(graph.findings)
    # decided once: the rules, findings and started jobnets add_triggers uses too
    conditions = _start_conditions(graph, options)
    started = conditions.started if conditions is not None else set()  # schedules not triggers
    for job in graph.jobs():
        # JM407 (no schedule: started on registration) does not hold: the rules start it
        findings.extend(f for f in job.findings if job.id not in started or f.code != "JM407")
        findings.extend(_secret_findings(job))
        findings.extend(_damaged_command(job))

    in_order = sorted(graph.jobs(), key=_position)  # the plan's order (where they are written)
    names = aws_names(in_order)
    mappings = _map_schedules([job for job in graph.jobs() if job.schedules and job.id not in started],
                              options, names, on_mapped)
    for mapping in mappings.values():
        findings.extend(mapping.findings)
    findings.extend(split_large_calendars(mappings, graph.job))  # over 64 KB: in pieces

    machines, rules, realized = _workflows(graph, mappings, options, findings, conditions)
    _started_by_waits(graph, mappings, realized, findings)
    calendars = {c.name: c for m in mappings.values() for c in m.calendars}
    machines, rules, calendars = _within_limits(graph, mappings, machines, rules, calendars,
                                                findings)
    machine_of = {job_id: machine.name for machine in machines for job_id in machine.jobs}

    job_findings: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.job_id:
            job_findings.setdefault(finding.job_id, []).append(finding)
    for notice in _disabled_notices(graph, mappings, machines, rules, job_findings):
        findings.append(notice)
        job_findings.setdefault(notice.job_id or "", []).append(notice)
    # the first 20 file-level findings of one code per file, then one that counts the rest
    unique_findings = cap_repeated(_sorted_findings(findings))
    # One JSON dict per finding, in the plan's list and in its job's list alike.
    findings_json = {_finding_key(f): f.to_json() for f in unique_findings}
    jobs_json = [
        _job_json(job, mappings.get(job.id), machine_of.get(job.id) or machine_of.get(graph.root_of(job.id)),
                  _sorted_findings(job_findings.get(job.id, [])), findings_json)
        for job in in_order
    ]
    summary = _summary(jobs_json, unique_findings)
    data: dict[str, Any] = {
        "schema": SCHEMA_ID,
        "options": {"timezone": options.timezone, "target": options.target,
                    "timezone_assumed": timezone_assumed,
                    "horizon": [options.horizon[0].isoformat(), options.horizon[1].isoformat()],
                    "holidays": _holidays_json(options),
                    **({"inputs": list(inputs)} if inputs is not None else {})},
        "sources": [record.to_json() for record in records],
        "jobs": jobs_json,
        "dependencies": [
            {"from": d.predecessor, "to": d.successor, "condition": d.condition._value_,
             "scope": d.scope, "realized_as": realized.get((d.predecessor, d.successor), "manual"),
             "source": d.source.to_json() if d.source else None}
            for d in graph.dependencies()
        ],
        "state_machines": sorted((m.to_json() for m in machines), key=lambda m: m["name"]),
        "rules": sorted((r.to_json() for r in rules), key=lambda r: r["name"]),
        "calendars": [calendars[name].to_json() for name in sorted(calendars)],
        "findings": list(findings_json.values()),
        "summary": summary,
    }
    plan = Plan(data=data, state_machines=machines, rules=rules, calendars=calendars)
    # JM544: needs the plan, as the templates do
    late = root_stack_findings(plan, outlined=not options.definitions)
    if late:
        unique_findings = _sorted_findings(unique_findings + late)
        findings_json.update((_finding_key(f), f.to_json()) for f in late)
        data["findings"] = [findings_json[_finding_key(f)] for f in unique_findings]
        data["summary"] = _summary(jobs_json, unique_findings)
    return plan


def _map_schedules(jobs: list[Job], options: MapOptions, names: dict[str, str],
                   on_mapped: Callable[[], None] | None) -> dict[str, ScheduleMapping]:
    """Each scheduled job's mapping, by id in the order of ``jobs``: in a process pool
    when there are many (:mod:`jobmig.pool`, ``JOBMIG_POOL_JOBS``), else here."""
    workers = pool.workers_for([1] * len(jobs), pool.JOBS_ENV)
    pieces = pool.chunks(len(jobs), workers) if workers else [(0, len(jobs))]
    mappings: dict[str, ScheduleMapping] = {}
    for (start, end), mapped in zip(pieces, pool.ordered_map(
            _map_piece, pieces, workers, initializer=_share,
            initargs=(jobs, options, {job.id: names[job.id] for job in jobs}))):
        for job, mapping in zip(jobs[start:end], mapped):
            mappings[job.id] = mapping
            if on_mapped is not None:
                on_mapped()
    _share([], options, {})
    return mappings


_SHARED: dict[str, Any] = {}  # what :func:`_map_piece` maps, set once per worker


def _share(jobs: list[Job], options: MapOptions, names: dict[str, str]) -> None:
    _SHARED.update(jobs=jobs, options=options, names=names)


def _map_piece(piece: tuple[int, int]) -> list[ScheduleMapping]:
    """The mappings of ``_SHARED`` jobs ``start`` to ``end`` (module level: a pool
    worker runs it by name)."""
    options, names = _SHARED["options"], _SHARED["names"]
    return [map_job_schedules(job, options, names[job.id])
            for job in _SHARED["jobs"][piece[0]:piece[1]]]


def map_job_schedules(job: Job, options: MapOptions, aws_name: str) -> ScheduleMapping:
    """All of a job's legacy schedules mapped and combined into one answer.

    ``aws_name`` (unique in the run, ASCII) seeds schedule and calendar names.
    """
    parts = [_map_one(job, schedule, index, options, aws_name)
             for index, schedule in enumerate(job.schedules)]
    if len(parts) == 1:
        return parts[0]
    return ScheduleMapping(
        status=Status.worst([p.status for p in parts]),
        schedules=tuple(s for p in parts for s in p.schedules),
        calendars=tuple(c for p in parts for c in p.calendars),
        findings=tuple(f for p in parts for f in p.findings),
    )


def _map_one(job: Job, schedule: LegacySchedule, index: int, options: MapOptions,
             aws_name: str) -> ScheduleMapping:
    name = aws_name if index == 0 else f"{aws_name}-{index + 1}"
    if schedule.timezone is None:
        schedule = replace(schedule, timezone=options.timezone)
    if schedule.flavor == "jp1":
        from jobmig.mappings.jp1_schedule import map_jp1

        return map_jp1(schedule, name=name, horizon=options.horizon,
                       holidays=_holidays(options), target=options.target,
                       source=job.source, job_id=job.id)
    if any(f.code in _UNMAPPABLE_SCHEDULE for f in job.findings):
        return ScheduleMapping(Status.MANUAL)  # the parser already said why
    from jobmig.mappings.schedule import map_cron

    return map_cron(schedule, name=name, target=options.target, horizon=options.horizon,
                    source=job.source, job_id=job.id)


def _holidays(options: MapOptions) -> frozenset | None:
    if not options.holidays:
        return None
    return _load_holidays(options.holidays, options.horizon)


@lru_cache(maxsize=4)
def _load_holidays(spec: str, horizon: tuple[Any, Any]) -> frozenset:
    from jobmig.timing.holidays import load_holidays

    return frozenset(load_holidays(spec, horizon))


def _holidays_json(options: MapOptions) -> dict[str, Any] | None:
    dates = _holidays(options)
    if dates is None:
        return None
    return {"source": options.holidays, "dates": [d.isoformat() for d in sorted(dates)]}


def _workflows(graph: JobGraph, mappings: dict[str, ScheduleMapping], options: MapOptions,
               findings: list[Finding], conditions: Any = None,
               ) -> tuple[list[Any], list[Any], dict[tuple[str, str], str]]:
    """State machines and event rules for the whole graph."""
    from jobmig.mappings.aws_schedule import RULE
    from jobmig.mappings.event_patterns import build_rules
    from jobmig.mappings.profile import parse_profile
    profile = parse_profile(Path(options.profile).read_text(encoding="utf-8")
                            if options.profile else None)
    machines = _state_machines(graph, mappings, options, profile)
    schedule_rules = sum(1 for mapping in mappings.values()
                         for schedule in mapping.schedules if schedule.kind == RULE)
    rules_result = build_rules(graph, machines, options, scheduled_rules=schedule_rules)
    from jobmig.mappings.event_triggers import add_triggers

    add_triggers(graph, machines, profile, rules_result, options,  # JP1 event waits,
                 conditions)  # start conditions
    machines += list(rules_result.machines)
    for machine in machines:
        findings.extend(machine.findings)
    findings.extend(rules_result.findings)
    return machines, list(rules_result.rules), dict(rules_result.realized)


def _state_machines(graph: JobGraph, mappings: dict[str, ScheduleMapping], options: MapOptions,
                    profile: Any) -> list[Any]:
    """:func:`jobmig.mappings.stepfunctions.build_state_machines`: in a process pool when
    there are many machines (:mod:`jobmig.pool`, ``JOBMIG_POOL_WORKFLOWS``), whole
    top-level workflows to a piece (:func:`~jobmig.mappings.stepfunctions.build_machines`
    builds them as one run would), the pieces joined in order; else here."""
    from jobmig.mappings.stepfunctions import build_machines, finish_machines, machine_run

    run = machine_run(graph, mappings, options, profile)
    workflows: dict[str, list[str]] = {}  # top-level root → its machines, in build order
    for job_id in run.names:
        workflows.setdefault(graph.root_of(job_id), []).append(job_id)
    groups = list(workflows.values())
    workers = pool.workers_for([len(group) for group in groups], pool.WORKFLOWS_ENV)
    if not workers:
        machines = build_machines(run, list(run.names))
    else:
        pieces = [[job_id for group in groups[start:end] for job_id in group]
                  for start, end in pool.chunks(len(groups), workers)]
        machines = [machine for built in pool.ordered_map(_machines_piece, pieces, workers,
                                                          initializer=_share_run,
                                                          initargs=(run,))
                    for machine in built]
    if not options.definitions:
        machines = _measured_where_large(graph, run, groups, machines)
    return finish_machines(machines, mappings)


def _measured_where_large(graph: JobGraph, run: Any, groups: list[list[str]],
                          machines: list[Any]) -> list[Any]:
    """Outline ``machines`` (an audit) with every top-level workflow that might pass a
    state machine's size limits (JM540: 1,048,576 characters; a template's budget) built
    in full instead, so the audit says what convert would.

    An outline has no definition to measure. :func:`jobmig.emit.limits.definition_bound`
    bounds each machine's definition from its jobs; a workflow any of whose machines could
    pass :data:`jobmig.emit.limits.OUTLINE_SAFE_BYTES` by that bound is built again with
    definitions (the same names and findings; tests/test_audit_outline.py). Few are: the
    bound passes it only for jobnets of about 15 jobs or more, or long commands. An outline
    records no permissions either, so a workflow whose role might pass
    :data:`jobmig.emit.limits.ROLE_POLICY_BUDGET` by
    :func:`jobmig.emit.limits.policy_bound` (JM541, JM543) is built in full too.
    """
    from dataclasses import replace

    from jobmig.emit.limits import (OUTLINE_SAFE_BYTES, ROLE_POLICY_BUDGET, bounded_jobs,
                                    definition_bound, policy_bound)
    from jobmig.mappings.asl_dates import offset_periods
    from jobmig.mappings.asl_prologue import DEFAULT_HORIZON
    from jobmig.mappings.stepfunctions import build_machines

    periods = len(offset_periods(run.options.timezone, run.options.horizon or DEFAULT_HORIZON))
    jobnet_attributes: dict[str, int] = {}  # a nested jobnet is bounded in two machines
    large: set[str] = set()
    for m in machines:
        jobs = bounded_jobs(graph, m)
        waits = sum(len(run.polled.get(job.id, ())) for job in jobs)
        calls = sum(1 for job in jobs if job.id in run.waiters
                    for edge in graph.successors(job.id) if edge.wait)
        if (definition_bound(jobs, waits, periods, jobnet_attributes) > OUTLINE_SAFE_BYTES
                or policy_bound(jobs, waits, calls) > ROLE_POLICY_BUDGET):
            large.add(m.name)
    if not large:
        return machines
    full_run = replace(run, options=replace(run.options, definitions=True))
    rebuilt: dict[str, Any] = {}
    for group in groups:
        if any(run.names[job_id] in large for job_id in group):
            rebuilt.update((m.name, m) for m in build_machines(full_run, group))
    return [rebuilt.get(m.name, m) for m in machines]


_RUN: list[Any] = []  # the MachineRun :func:`_machines_piece` builds from, set once per worker


def _share_run(run: Any) -> None:
    _RUN[:] = [run]


def _machines_piece(job_ids: list[str]) -> list[Any]:
    """The machines of ``job_ids`` (whole top-level workflows) from the shared run (module
    level: a pool worker runs it by name)."""
    from jobmig.mappings.stepfunctions import build_machines

    return build_machines(_RUN[0], job_ids)


def _started_by_waits(graph: JobGraph, mappings: dict[str, ScheduleMapping],
                      realized: dict[tuple[str, str], str], findings: list[Finding]) -> None:
    """Leave out the schedules of JP1 jobnets that a wait or connector rule starts (JM445):
    both would start them. ``mappings`` is updated in place."""
    from jobmig.mappings.cross_waits import started_by_rules

    for job_id in started_by_rules(graph, realized):
        mapping = mappings.get(job_id)
        if mapping is not None and mapping.schedules:
            mappings[job_id] = replace(mapping, schedules=())
            job = graph.job(job_id)
            findings.append(Finding(
                "JM445", msg("{name}: its {count} schedule(s) are not created; the status-change "
                             "rule of its wait starts it (it keeps its calendar check)",
                             name=job.name, count=len(mapping.schedules)),
                job.source, job_id))


def _start_conditions(graph: JobGraph, options: MapOptions) -> Any:
    """The JP1 start conditions' rules and findings (:func:`jobmig.mappings.start_conditions.
    build`), decided once for the whole pipeline: a jobnet in its ``started`` is started by
    its rules, so its schedule only starts the monitoring in JP1 and is not mapped; the
    others keep theirs (created disabled when JM437 makes the jobnet manual). None without
    start conditions."""
    if not any((job.unit_type or "") == "rc" for job in graph.jobs()):
        return None
    from jobmig.mappings.profile import parse_profile
    from jobmig.mappings.start_conditions import build
    from jobmig.mappings.stepfunctions import machine_names

    profile = parse_profile(Path(options.profile).read_text(encoding="utf-8")
                            if options.profile else None)
    # every jobnet machine_names names gets a state machine of its own
    return build(graph, profile, set(machine_names(graph)))


def _within_limits(graph: JobGraph, mappings: dict[str, ScheduleMapping], machines: list[Any],
                   rules: list[Any], calendars: dict[str, Any], findings: list[Finding],
                   ) -> tuple[list[Any], list[Any], dict[str, Any]]:
    """What AWS would refuse left out, with findings (:func:`jobmig.emit.limits.enforce`).

    A job whose state machine is left out keeps no AWS schedule (nothing would
    start); ``mappings`` is updated in place.
    """
    from jobmig.emit.aws_stack import CONDITIONS
    from jobmig.emit.limits import enforce, widened_findings

    calendar_jobs: dict[str, list[Job]] = {}
    for job_id in sorted(mappings):
        for calendar in mappings[job_id].calendars:
            calendar_jobs.setdefault(calendar.name, []).append(graph.job(job_id))
    machines, rules, calendars, found, left_out = enforce(machines, rules, calendars,
                                                          calendar_jobs, CONDITIONS)
    findings.extend(found)
    findings.extend(widened_findings(machines, CONDITIONS))
    for job_id in sorted(left_out & set(mappings)):
        mappings[job_id] = replace(mappings[job_id], schedules=(), calendars=())
    return machines, rules, calendars


def _status(mapping: ScheduleMapping | None, findings: list[Finding]) -> Status:
    """A job's plan status: the worst of its findings and its schedule mapping."""
    if not findings:
        return mapping.status if mapping is not None else Status.AUTO
    statuses = [_code_status(f.code) for f in findings]
    if mapping is not None:
        statuses.append(mapping.status)
    return Status.worst(statuses)


@lru_cache(maxsize=None)
def _code_status(code: str) -> Status:
    """The job status a finding of ``code`` forces (its catalogue severity's), looked up
    once per code: every finding of every job is counted."""
    return Finding(code, "").severity.job_status


def _disabled_notices(graph: JobGraph, mappings: dict[str, ScheduleMapping], machines: list[Any],
                      rules: list[Any], job_findings: dict[str, list[Finding]]) -> list[Finding]:
    """JM211 (info) for each ``manual`` job that schedules or event rules start.

    The emitters create those triggers DISABLED
    (:func:`jobmig.emit.aws_stack.starts_enabled`); this says so in the plan.
    """
    roots = {machine.name: machine.root for machine in machines}
    started: dict[str, int] = {}  # job id → event rules that start its machine
    for rule in rules:
        root = roots.get(rule.target)
        if root:
            started[root] = started.get(root, 0) + 1
    notices = []
    for job in graph.jobs():
        mapping = mappings.get(job.id)
        schedules = len(mapping.schedules) if mapping is not None else 0
        starting = started.get(job.id, 0)
        if not (schedules or starting) or \
                _status(mapping, job_findings.get(job.id, [])) is not Status.MANUAL:
            continue
        parts = [(msg("{n} schedule", n=n) if n == 1 else msg("{n} schedules", n=n))
                 if what == "schedule" else
                 (msg("{n} event rule", n=n) if n == 1 else msg("{n} event rules", n=n))
                 for n, what in ((schedules, "schedule"), (starting, "event rule")) if n]
        notices.append(Finding("JM211", msg("{name} needs manual work, so the triggers that "
                                            "start it ({parts}) are created DISABLED; enable "
                                            "them once it is converted",
                                            name=job.name, parts=joined(msg(" and "), parts)),
                               source=job.source, job_id=job.id))
    return notices


def _job_json(job: Job, mapping: ScheduleMapping | None, machine: str | None,
              findings: list[Finding],
              findings_json: dict[tuple[Any, ...], dict[str, Any]] | None = None
              ) -> dict[str, Any]:
    legacy = [s.to_json() for s in job.schedules]
    data: dict[str, Any] = {
        "id": job.id,
        "name": job.name,
        "kind": job.kind,
        "unit_type": job.unit_type,
        "parent": job.parent,
        "source": job.source.to_json(),
        "command": job.command,
        "stdin": job.stdin,
        "user": job.user,
        "host": job.host,
        "disabled": job.disabled,
        "environment": dict(sorted(job.environment.items())) if job.environment else {},
        "parameters": dict(sorted(job.parameters.items())) if job.parameters else {},
        "legacy_schedule": legacy[0] if legacy else None,
        # _value_: what .value returns, without the enum's property call (once per job)
        "status": _status(mapping, findings)._value_,
        "schedules": [s.to_json() for s in mapping.schedules] if mapping else [],
        "state_machine": machine,
        "findings": [(findings_json or {}).get(_finding_key(f)) or f.to_json()
                     for f in findings],
    }
    if len(legacy) > 1:
        data["legacy_schedules"] = legacy
    return data


def _summary(jobs: list[dict[str, Any]], findings: list[Finding]) -> dict[str, Any]:
    counts = {status.value: 0 for status in Status}
    counts.update(Counter(job["status"] for job in jobs))
    severities = {severity.value: count
                  for severity, count in Counter(f.severity for f in findings).items()}
    return {"jobs": len(jobs), **counts, "findings": len(findings),
            "findings_by_severity": dict(sorted(severities.items())),
            "accepted": 0}  # findings accepted by --decisions (jobmig.decisions)


def _position(job: Job) -> tuple[str, int, int, str]:
    return (job.source.path, job.source.line or 0, job.source.column or 0, job.id)


def _finding_key(f: Finding) -> tuple[Any, ...]:
    """What makes two findings the same finding (same code, message, place and job)."""
    return (f.code, f.message, f.source, f.job_id)


def _sorted_findings(findings: list[Finding]) -> list[Finding]:
    """``findings`` without repeats (:func:`_finding_key`), sorted by :func:`_finding_order`."""
    if len(findings) < 2:  # most jobs have one finding or none
        return list(findings)
    # _finding_key written out: this runs over every finding of the estate
    unique = {(f.code, f.message, f.source, f.job_id): f for f in findings}
    return sorted(unique.values(), key=_finding_order)


def _finding_order(f: Finding) -> tuple[str, int, int, str, str, str]:
    """Where a finding points (path, line, column), then its code, message and job."""
    source = f.source
    if source is None:
        return ("", 0, 0, f.code, f.message, f.job_id or "")
    return (source.path, source.line or 0, source.column or 0, f.code, f.message,
            f.job_id or "")


def _with_unique_names(result: ParseResult, seen: set[str] | None = None) -> ParseResult:
    """Each job's name made printable: control characters and line breaks become ``-``.

    Names keep their script (JP1 names are often Japanese) and their spaces
    (Jenkins allows them). They are not made unique: two crontab files may
    run the same command, and a name must not depend on which other jobs
    were read; the id tells jobs apart, and AWS names are derived from the
    identity (:func:`aws_names`). ``seen`` is ignored (kept for callers).
    """
    jobs = []
    for job in result.jobs:
        name = _CONTROL.sub("-", job.name).strip() or "job"
        jobs.append(replace(job, name=name) if name != job.name else job)
    return result if tuple(jobs) == result.jobs else replace(result, jobs=tuple(jobs))


def aws_names(jobs: list[Job]) -> dict[str, str]:
    """Job id → a unique ASCII name for schedules and calendars (``[0-9A-Za-z_-]``, ≤48).

    Derived from the job's identity (:func:`jobmig.identity.aws_base`). A name
    with no ASCII letters or digits (e.g. a Japanese JP1 unit name) becomes
    ``<format>-<8 hex of the id>``, one with some (``grp/net/日次``) keeps them
    and gains that hash; names two jobs would still share gain the hash of
    each one's id, whatever else was read.
    """
    wanted: dict[str, str] = {}
    for job in jobs:
        text = identity.aws_base(job)
        base = _name_base(text)
        digest = hashlib.sha1(job.id.encode('utf-8')).hexdigest()[:8]
        if not _NAME_CHAR.search(base):
            base = f"{job.id.split(':', 1)[0]}-{digest}"
        elif not text.isascii():  # what was dropped told it apart: the id's hash does now
            base = f"{base[:39]}-{digest}"
        wanted[job.id] = base
    return identity.unique_names(wanted, 48)


def _name_base(text: str) -> str:
    """``text`` with runs of characters AWS names refuse made ``-``, stripped of ``-_``;
    for a long ``text`` (a unit path thousands of jobnets deep) only its first 60 or more
    characters, decided from the start of ``text``.

    That start is all :func:`aws_names` uses of a base longer than 48 characters
    (:func:`jobmig.identity.unique_names` keeps 39 and adds a hash). The runs are
    replaced from left to right, so the start of the text gives the start of the
    base; a letter or digit after the 48th character means the final strip
    cannot shorten it below that.
    """
    if len(text) > 240:
        start = _NOT_NAME_CHARS.sub("-", text[:240]).lstrip("-_")
        if _NAME_CHAR.search(start, 48):
            return start[:60]
    return _NOT_NAME_CHARS.sub("-", text).strip("-_")


def _damaged_command(job: Job) -> list[Finding]:
    """JM010 for a command holding U+FFFD or a control character that its reader did not flag."""
    if not job.command or any(f.code == "JM010" for f in job.findings):
        return []
    damaged = damaged_characters(job.command)
    if not damaged:
        return []
    return [Finding("JM010", msg("{value} in the command of {name}",
                                 value=damaged[0][1], name=job.name), job.source, job.id)]


def _secret_findings(job: Job) -> list[Finding]:
    """JM006 for each secret-looking value in the job's command, input or parameters."""
    texts = [job.command or "", job.stdin or ""]
    if job.environment:
        texts += [f"{k}={v}" for k, v in sorted(job.environment.items())]
    if job.parameters:
        texts += [f"{k}={v}" for k, v in sorted(job.parameters.items())]
    if not might_hold_secret("\n".join(texts)):  # one search instead of one per text
        return []
    kinds = sorted({kind for text in texts for kind in _secret_kinds(find_secrets(text))})
    if not kinds:
        return []
    return [Finding("JM006", msg("{kinds} in the job definition (redacted in reports)",
                                 kinds=', '.join(kinds)),
                    job.source, job.id)]


def _secret_kinds(found: list[Any]) -> list[str]:
    kinds = []
    for item in found:
        kind = getattr(item, "kind", None) or (item[0] if isinstance(item, tuple) else "secret")
        kinds.append(str(kind))
    return kinds
