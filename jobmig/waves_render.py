"""Waves for people: a Markdown document with a cutover checklist per wave, and
the terminal tables of ``jobmig waves``.

Both read a :class:`~jobmig.waves.Waves` and the plan.json dict it was made
from; they decide nothing. The same input gives the same text.
"""
from __future__ import annotations

from typing import Any, Mapping

from rich.console import Console
from rich.table import Table

from jobmig.i18n import tr
from jobmig.report.markdown import md as escape_cell
from jobmig.waves import Cut, Wave, Waves


def _jobs(plan: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    return {str(job.get("id")): job for job in plan.get("jobs") or [] if isinstance(job, dict)}


def _counts(wave: Wave) -> str:
    status = wave.status
    return tr("{jobs} jobs ({auto} auto, {review} review, {manual} manual)", **status)


def legacy_step(job: Mapping[str, Any], stop: bool) -> str:
    """How to stop (or, ``stop=False``, restore) one top-level job on its legacy scheduler."""
    source = job.get("source") if isinstance(job.get("source"), dict) else {}
    fmt = str(source.get("format") or str(job.get("id", "")).split(":", 1)[0])
    name = str(job.get("name") or job.get("id"))
    where = f"{source.get('path')}:{source.get('line')}" if source.get("line") else \
        str(source.get("path") or "")
    if fmt == "crontab":
        return (tr("comment out the crontab line of {name} ({where})", name=name, where=where)
                if stop else
                tr("restore the crontab line of {name} ({where})", name=name, where=where))
    if fmt in ("jenkins", "jenkinsfile"):
        return (tr("disable the Jenkins job {name}", name=name) if stop
                else tr("enable the Jenkins job {name}", name=name))
    if fmt == "jp1":
        return (tr("cancel the execution registration of the jobnet {name} (ajsleave)",
                   name=name) if stop
                else tr("register the jobnet {name} for execution again (ajsentry)", name=name))
    return (tr("stop {name} on the legacy scheduler", name=name) if stop
            else tr("restart {name} on the legacy scheduler", name=name))


def checklist(wave: Wave, waves: Waves, plan: Mapping[str, Any]) -> dict[str, list[str]]:
    """The cutover steps of one wave, by phase (``before``, ``legacy``, ``deploy``,
    ``enable``, ``bridges``, ``rollback``), each a list of sentences."""
    jobs = _jobs(plan)
    members = [jobs[j] for j in wave.jobs if j in jobs]
    tops = [job for job in members if not job.get("parent") or job.get("parent") not in wave.jobs]
    machines = set(wave.state_machines)
    rules = sorted(str(rule.get("name")) for rule in plan.get("rules") or []
                   if isinstance(rule, dict) and rule.get("target") in machines)
    enabled, held = [], []
    for job in members:
        names = [str(s.get("name")) for s in job.get("schedules") or [] if isinstance(s, dict)]
        (held if job.get("status") == "manual" else enabled).extend(names)
    incoming = [c for c in waves.cuts if c.to_wave == wave.name]
    outgoing = [c for c in waves.cuts if c.from_wave == wave.name]
    deploy = tr("deploy the state machines {machines}", machines=", ".join(sorted(machines)))
    if rules:
        deploy += tr(" and the event rules {rules}", rules=", ".join(rules))
    steps: dict[str, list[str]] = {
        # a cut back to a kept wave (Cut.backward): its predecessor moves later
        "before": [tr("{job} ({wave}) still runs on the legacy scheduler: {rule}",
                      job=c.from_name, wave=c.from_wave, rule=c.interim_rule) if c.backward
                   else tr("{job} ({wave}) must already run on AWS, or its interim step stays "
                           "in place: {rule}", job=c.from_name, wave=c.from_wave,
                           rule=c.interim_rule)
                   for c in incoming]
        + [tr("{job} ({wave}) moved before this wave and waits for {predecessor}: its interim "
              "step ends with this move ({rule})", job=c.to_name, wave=c.to_wave,
              predecessor=c.from_name, rule=c.interim_rule)
           for c in outgoing if c.backward],
        "deploy": [deploy] if machines else [],
        "legacy": [legacy_step(job, stop=True) for job in tops],
        "enable": ([tr("enable the schedules {names}", names=", ".join(sorted(enabled)))]
                   if enabled else [])
        + ([tr("leave disabled until converted (manual jobs): {names}",
               names=", ".join(sorted(held)))] if held else []),
        "bridges": [tr("{job} ({wave}) still runs on the legacy scheduler: {rule}",
                       job=c.to_name, wave=c.to_wave, rule=c.interim_rule)
                    for c in outgoing if not c.backward],
        "rollback": [tr("disable this wave's schedules and event rules on AWS")]
        + [legacy_step(job, stop=False) for job in tops],
    }
    return steps


#: checklist phases in the order of a cutover, with their headings
PHASES = (("before", "Before"), ("deploy", "Deploy"),
          ("legacy", "Stop on the legacy scheduler"), ("enable", "Enable"),
          ("bridges", "Interim steps for later waves"), ("rollback", "Roll back"))


def render_markdown(waves: Waves, plan: Mapping[str, Any]) -> str:
    """The waves as Markdown: a summary table, each wave with its jobs and cutover
    checklist, and every cut."""
    jobs = _jobs(plan)
    lines = ["# " + tr("Migration waves"), "",
             tr("Grouped by {by}, at most {max_jobs} jobs per wave (a state machine is never "
                "split). Predecessors move first.", by=waves.by, max_jobs=waves.max_jobs), "",
             "| " + " | ".join(tr(h) for h in ("wave", "jobs", "auto", "review", "manual",
                                               "group")) + " |", "|---|---|---|---|---|---|"]
    for wave in waves.waves:
        s = wave.status
        lines.append(f"| {wave.name} | {s['jobs']} | {s['auto']} | {s['review']} | "
                     f"{s['manual']} | {escape_cell(wave.group)} |")
    for wave in waves.waves:
        lines += ["", f"## {wave.name}", "", _counts(wave) + tr("."), "",
                  "| " + " | ".join(tr(h) for h in ("job", "name", "status", "state machine"))
                  + " |", "|---|---|---|---|"]
        for job_id in wave.jobs:
            job = jobs.get(job_id, {})
            lines.append(f"| {escape_cell(job_id)} | {escape_cell(str(job.get('name') or ''))} | "
                         f"{tr(str(job.get('status') or ''))} | "
                         f"{escape_cell(str(job.get('state_machine') or ''))} |")
        lines += ["", "### " + tr("Cutover checklist"), ""]
        steps = checklist(wave, waves, plan)
        for key, title in PHASES:
            for step in steps[key]:
                lines.append(f"- [ ] {tr(title)}: {escape_cell(step)}")
    lines += ["", "## " + tr("Cuts"), ""]
    if not waves.cuts:
        lines.append(tr("No dependency runs between two waves."))
    else:
        lines += ["| " + " | ".join(tr(h) for h in ("from", "to", "condition", "waves",
                                                    "while split", "order")) + " |",
                  "|---|---|---|---|---|---|"]
        lines += [_cut_row(cut) for cut in waves.cuts]
    return "\n".join(lines) + "\n"


def _cut_row(cut: Cut) -> str:
    return (f"| {escape_cell(cut.from_id)} | {escape_cell(cut.to_id)} | {cut.condition} | "
            f"{cut.from_wave} → {cut.to_wave} | {escape_cell(cut.interim_rule)} | "
            f"{escape_cell(cut.order)} |")


def print_waves(waves: Waves, console: Console) -> None:
    """The terminal view: one row per wave, then the cuts."""
    table = Table(*(tr(h) for h in ("wave", "jobs", "auto", "review", "manual",
                                    "state machines", "group")),
                  title=tr("Migration waves (by {by}, at most {max_jobs} jobs)", by=waves.by,
                           max_jobs=waves.max_jobs))
    for wave in waves.waves:
        s = wave.status
        machines = ", ".join(wave.state_machines[:3])
        if len(wave.state_machines) > 3:
            machines += tr(" and {n} more", n=len(wave.state_machines) - 3)
        table.add_row(wave.name, str(s["jobs"]), str(s["auto"]), str(s["review"]),
                      str(s["manual"]), machines, wave.group)
    console.print(table)
    if not waves.cuts:
        console.print(tr("No dependency runs between two waves."))
        return
    cuts = Table(*(tr(h) for h in ("from", "to", "waves", "condition")),
                 title=tr("Cut dependencies"))
    for cut in waves.cuts:
        cuts.add_row(cut.from_name, cut.to_name, f"{cut.from_wave} → {cut.to_wave}",
                     cut.condition)
    console.print(cuts)
    console.print(tr("Each cut needs an interim step while its later wave runs on the legacy "
                     "scheduler: see --to md or --json."), soft_wrap=True)
