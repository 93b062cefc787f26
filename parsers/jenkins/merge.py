"""Cross-file work for Jenkins results (both ``jenkins`` and ``jenkinsfile``).

Contract: :func:`merge_results` takes any list of parse results and returns
a new list; results of other formats pass through unchanged. It is
idempotent, so both format modules' ``finalize`` may call it.

1. A Jenkinsfile job whose id equals a config.xml job's id (the Jenkinsfile
   sits in the job's folder, or ``--job-name`` names it) is merged into that
   job: schedules, parameters, options and findings are added (JM325), and
   the Jenkinsfile result keeps only its edges. Jenkins writes a pipeline's
   Jenkinsfile triggers into config.xml after a run, so equal schedules and
   edges are kept once.
2. Name fallback (``Jenkins.getItem``): a plain relative name is first
   looked up in the referring job's folder and, when no such item exists,
   as a full name from the root. Only here do we know which jobs exist, so
   an edge end ``folder/x`` that is not in the export becomes ``x`` when
   that job is.
"""
from __future__ import annotations

from dataclasses import replace

from jobmig.model import Dependency, Finding, Job, ParseResult
from jobmig.parsers.jenkins.names import JOB_ID_PREFIX, folder_of
from jobmig.messages import msg

JENKINS_FORMATS = ("jenkins", "jenkinsfile")


def _merge_job(base: Job, extra: Job) -> Job:
    """``base`` (from config.xml) with what the Jenkinsfile ``extra`` adds."""
    schedules = list(base.schedules)
    sources = list(base.attributes.get("schedule_sources", []))
    extra_sources = list(extra.attributes.get("schedule_sources", []))
    for schedule, source in zip(extra.schedules, extra_sources):
        if schedule not in schedules:
            schedules.append(schedule)
            sources.append(source)
    parameters = {**extra.parameters, **base.parameters}
    attributes = {**extra.attributes, **base.attributes,
                  "jenkinsfile": extra.source.path, "schedule_sources": sources}
    if "steps" in extra.attributes and "steps" not in base.attributes:
        attributes["steps"] = extra.attributes["steps"]
    note = Finding("JM325", msg("Jenkinsfile {path} merged into {name!r}",
                                path=extra.source.path, name=base.name),
                   extra.source, base.id)
    extra_findings = [f for f in extra.findings if f.code != "JM311"]
    return replace(
        base, schedules=tuple(schedules), parameters=parameters, attributes=attributes,
        concurrent=base.concurrent and extra.concurrent,
        retry=base.retry or extra.retry,
        timeout_seconds=base.timeout_seconds or extra.timeout_seconds,
        host=base.host or extra.host,
        findings=base.findings + (note,) + tuple(extra_findings))


def _fallback(dependency: Dependency, known: set[str]) -> Dependency:
    """Apply the root fallback to an end that names a job not in the export."""
    ends = [dependency.predecessor, dependency.successor]
    for index, end in enumerate(ends):
        other = ends[1 - index]
        if end in known or not end.startswith(JOB_ID_PREFIX) or other not in known:
            continue
        folder = folder_of(other[len(JOB_ID_PREFIX):])
        prefix = JOB_ID_PREFIX + folder + "/"
        if folder and end.startswith(prefix):
            candidate = JOB_ID_PREFIX + end[len(prefix):]
            if candidate in known:
                ends[index] = candidate
    if ends == [dependency.predecessor, dependency.successor]:
        return dependency
    return replace(dependency, predecessor=ends[0], successor=ends[1])


def merge_results(results: list[ParseResult]) -> list[ParseResult]:
    """Merge Jenkinsfiles into their jobs and apply the root name fallback."""
    xml_jobs: dict[str, Job] = {}
    for result in results:
        if result.format == "jenkins":
            for job in result.jobs:
                xml_jobs.setdefault(job.id, job)
    merged: dict[str, Job] = {}
    consumed: set[tuple[int, str]] = set()
    for position, result in enumerate(results):
        if result.format != "jenkinsfile":
            continue
        for job in result.jobs:
            if job.id in xml_jobs:
                merged[job.id] = _merge_job(merged.get(job.id, xml_jobs[job.id]), job)
                consumed.add((position, job.id))
    known = {job.id for r in results if r.format in JENKINS_FORMATS for job in r.jobs}
    seen_edges: set[tuple] = set()
    output: list[ParseResult] = []
    for position, result in enumerate(results):
        if result.format not in JENKINS_FORMATS:
            output.append(result)
            continue
        jobs = tuple(merged.get(job.id, job) if result.format == "jenkins" else job
                     for job in result.jobs if (position, job.id) not in consumed)
        dependencies = []
        for dependency in result.dependencies:
            dependency = _fallback(dependency, known)
            key = (dependency.predecessor, dependency.successor, dependency.condition,
                   dependency.scope, dependency.wait, tuple(sorted(dependency.parameters.items())))
            if key in seen_edges:
                continue
            seen_edges.add(key)
            dependencies.append(dependency)
        unchanged = jobs == result.jobs and tuple(dependencies) == result.dependencies
        output.append(result if unchanged else
                      replace(result, jobs=jobs, dependencies=tuple(dependencies)))
    return output
