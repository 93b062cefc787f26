"""One wave of a plan on its own (``jobmig convert --wave NAME``).

:func:`plan_for_wave` narrows a whole :class:`~jobmig.plan.Plan` to the jobs
of one wave of :func:`jobmig.waves.plan_waves`: their state machines (join
gates go with their successor), the event rules that start them, their
calendars, the dependencies between them, the findings about them and the
findings not tied to a job. Every cut that crosses the wave boundary becomes
a finding on the job in the wave: JM601 when its predecessor moves in an
earlier wave, JM602 when its successor still runs on the legacy scheduler.
The wave, its options and its cutover checklist go into plan.json's ``wave``,
which the report shows. The emitters then write the wave's files as they
write a whole plan.
"""
from __future__ import annotations

import json
from collections import Counter
from typing import Any

from jobmig.mappings.change_calendar import calendar_names as names_in
from jobmig.model import Finding, SourceRef, Status
from jobmig.plan import Plan
from jobmig.waves import Cut, Waves
from jobmig.messages import msg


def plan_for_wave(plan: Plan, waves: Waves, name: str, lang: str = "en") -> Plan:
    """The part of ``plan`` that wave ``name`` deploys (:class:`KeyError` if no such wave).

    The checklist (prose for people) is written in ``lang``; finding messages stay
    English, as every finding message does.
    """
    from jobmig.i18n import language
    from jobmig.waves_render import checklist

    wave = next((w for w in waves.waves if w.name == name), None)
    if wave is None:
        raise KeyError(name)
    members = set(wave.jobs)
    data = plan.data
    jobs = {job["id"]: job for job in data["jobs"] if job["id"] in members}
    machines = _members_machines(plan, members)
    shared = _shared_machines(plan, waves, wave.name)
    kept = {id(m) for m in machines + shared}
    machines = [m for m in plan.state_machines if id(m) in kept]  # in the plan's order
    machine_names = {m.name for m in machines}
    notices = _notices_for(plan.rules, machine_names, wave.name)
    rules = [notices.get(r.name) or r for r in plan.rules
             if r.target in machine_names or r.name in notices]
    calendar_names = {name for job in jobs.values() for s in job.get("schedules") or []
                      for name in names_in(s.get("calendar"))}
    calendars = {n: c for n, c in plan.calendars.items() if n in calendar_names}

    added = [_cut_finding(cut, jobs, incoming=cut.to_id in members) for cut in waves.cuts
             if (cut.to_id in members) != (cut.from_id in members)]
    new_jobs = []
    for job in data["jobs"]:
        if job["id"] not in members:
            continue
        extra = [f.to_json() for f in added if f.job_id == job["id"]]
        if extra:
            job = dict(job, findings=list(job.get("findings") or []) + extra,
                       status=Status.worst([Status(job["status"]), Status.REVIEW]).value)
        new_jobs.append(job)
    findings = [f for f in data["findings"] if f.get("job") is None or f.get("job") in members]
    findings += [f.to_json() for f in added]
    with language(lang):
        steps = checklist(wave, waves, data)
    per_file = Counter((job.get("source") or {}).get("path") for job in new_jobs)
    narrowed: dict[str, Any] = dict(data)
    narrowed.update(
        # a file's job count is the count of its jobs in this wave
        sources=[dict(s, jobs=per_file.get(s.get("path"), 0)) if "jobs" in s else s
                 for s in data["sources"]],
        jobs=new_jobs,
        dependencies=[d for d in data["dependencies"]
                      if d["from"] in members and d["to"] in members],
        state_machines=[m for m in data["state_machines"] if m["name"] in machine_names],
        rules=[r.to_json() for r in rules],
        calendars=[c for c in data["calendars"] if c["name"] in calendar_names],
        findings=findings,
        summary=_summary(new_jobs, findings),
        wave={"name": wave.name, "by": waves.by, "max_jobs": waves.max_jobs,
              "of": len(waves.waves), "jobs": list(wave.jobs),
              "checklist": steps},
    )
    return Plan(data=narrowed, state_machines=machines, rules=rules, calendars=calendars)


def _members_machines(plan: Plan, members: set[str]) -> list[Any]:
    return [m for m in plan.state_machines
            if (m.root in members) or any(j in members for j in m.jobs)]


def _shared_machines(plan: Plan, waves: Waves, name: str) -> list[Any]:
    """Machines no job owns that a wave's machines need: the JP1 event relay (with its
    table, :mod:`jobmig.mappings.event_wait`), in the first wave that waits for a JP1 event
    only (its names are fixed; later waves use what that wave deployed)."""
    from jobmig.mappings.event_wait import RELAY_KIND, TABLE_NAME

    for wave in waves.waves:  # in the order they move
        if any(TABLE_NAME in json.dumps(m.definition)
               for m in _members_machines(plan, set(wave.jobs))):
            if wave.name != name:
                return []
            return [m for m in plan.state_machines if m.kind == RELAY_KIND]
    return []


def _notices_for(rules: list[Any], machine_names: set[str], wave: str) -> dict[str, Any]:
    """The failure and MAILTO notice rules, each narrowed to the wave's machines it names
    (a rule naming none of them is left out) and named after the wave too (rule names are
    per account and Region, and every wave may carry one)."""
    from dataclasses import replace

    from jobmig.mappings.event_patterns import (
        FAILURE_NOTICE, FAILURE_STATUSES, MAIL_NOTICE, pattern, rule_name,
    )

    narrowed = {}
    for rule in rules:
        if rule.kind not in (FAILURE_NOTICE, MAIL_NOTICE):
            continue
        arns = rule.event_pattern["detail"]["stateMachineArn"]
        named = [name for name in sorted(machine_names)
                 if pattern(FAILURE_STATUSES, [name])["detail"]["stateMachineArn"][0] in arns]
        if named:
            narrowed[rule.name] = replace(rule, name=rule_name(f"{rule.name}-{wave}"),
                                          event_pattern=pattern(FAILURE_STATUSES, named))
    return narrowed


def _cut_finding(cut: Cut, jobs: dict[str, dict[str, Any]], incoming: bool) -> Finding:
    inside = cut.to_id if incoming else cut.from_id
    source = jobs[inside].get("source") or {}
    where = SourceRef(source.get("path", ""), source.get("line"), source.get("column"))
    if incoming:
        return Finding("JM601", msg("{to_name} waits for {from_name} ({from_wave}, condition "
                                    "{condition}); until {from_wave} runs on AWS, start "
                                    "{to_name} by hand when {from_name} has ended",
                                    to_name=cut.to_name,
                                    from_name=cut.from_name,
                                    from_wave=cut.from_wave,
                                    condition=cut.condition),
                       where, inside)
    return Finding("JM602", msg("{to_name} ({to_wave}) waits for {from_name}: {interim_rule}",
                                to_name=cut.to_name,
                                to_wave=cut.to_wave,
                                from_name=cut.from_name,
                                interim_rule=cut.interim_rule), where, inside)


def _summary(jobs: list[dict[str, Any]], findings: list[dict[str, Any]]) -> dict[str, Any]:
    """plan.json's ``summary`` for the narrowed jobs and findings."""
    from jobmig.catalogue import CATALOGUE

    counts = Counter(job["status"] for job in jobs)
    severities = Counter(CATALOGUE[f["code"]].severity.value if f["code"] in CATALOGUE
                         else f.get("severity", "info") for f in findings)
    return {"jobs": len(jobs), **{s.value: counts.get(s.value, 0) for s in Status},
            "findings": len(findings), "findings_by_severity": dict(sorted(severities.items()))}
