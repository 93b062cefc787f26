"""Jenkinsfiles and Job DSL scripts → jobs, edges, findings.

Format module (see :mod:`jobmig.parsers`): ``FORMAT``, ``detect``, ``parse``,
``finalize``.

- A **Jenkinsfile** (declarative or scripted) is one job. It belongs to the
  job whose folder holds it (``jobs/a/jobs/b/Jenkinsfile`` → ``a/b``), or to
  ``options.job_name``; otherwise it becomes a job named after its file
  (the stem, or the folder name for a bare ``Jenkinsfile``) with JM311.
  :func:`finalize` merges it into the config.xml job of the same id.
- A **Job DSL** script (top-level ``job('x')``, ``freeStyleJob``,
  ``pipelineJob``, ``matrixJob``, ``mavenJob``, ``multiJob``) defines one job
  per call, by full name, with its ``triggers``, ``steps``
  (``shell``/``batchFile``), ``publishers`` (``downstream``,
  ``downstreamParameterized { trigger(...) }``) and an inline ``cps`` script.
- Broken Groovy gives JM312 findings (``line:col``); what could be read is
  kept. Never raises for bad input.
"""
from __future__ import annotations

import os

from jobmig.model import Finding, ParseResult, SourceRef
from jobmig.options import ParseOptions
from jobmig.parsers.jenkins.calls import Call, find_calls
from jobmig.parsers.jenkins.tokens import Token, tokenize
from jobmig.parsers.jenkins.conditions import at_least
from jobmig.parsers.jenkins.draft import JobDraft
from jobmig.parsers.jenkins.edges import add_downstream, condition
from jobmig.parsers.jenkins.merge import merge_results
from jobmig.parsers.jenkins.names import choose_name, folder_of
from jobmig.parsers.jenkins.scan import (
    COMMANDS, OPTION_CALLS, OTHER_CALLS, PARAMETER_CALLS, TRIGGER_CALLS, scan_calls,
    scan_pipeline,
)

FORMAT = "jenkinsfile"
JENKINSFILE = "Jenkinsfile"
NAME_SUFFIXES = (".jenkinsfile", ".groovy", ".gvy", ".dsl")
CONTENT_MARKERS = ("pipeline {", "pipeline{", "node {", "node(", "properties([",
                   "pipelineTriggers(", "pipelineJob(", "freeStyleJob(", "job(")
DSL_JOBS = {"job": "freestyle", "freeStyleJob": "freestyle", "pipelineJob": "pipeline",
            "matrixJob": "matrix", "mavenJob": "maven", "multiJob": "multijob",
            "workflowJob": "pipeline"}
DSL_CONTAINERS = {"folder": "folder", "multibranchPipelineJob": "multibranch project",
                  "organizationFolder": "organization folder"}
DSL_STEP_CALLS = {"shell", "batchFile", "downstream", "trigger", "disabled", "label",
                  "concurrentBuild", "script"}
_DETECT_BYTES = 8192


def detect(data: bytes, path: str) -> int:
    """2 for a Jenkinsfile-like name with Groovy pipeline content, 1 for the name alone."""
    base = os.path.basename(path)
    named = base.startswith(JENKINSFILE) or base.lower().endswith(NAME_SUFFIXES)
    if not named:
        return 0
    head = data[:_DETECT_BYTES].decode("utf-8", "replace")
    return 2 if any(marker in head for marker in CONTENT_MARKERS) else 1


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.decode("utf-8", "replace")


def _syntax_findings(problems, path: str, job: str | None) -> list[Finding]:
    return [Finding("JM312", f"{path}:{p.line}:{p.column}: {p.message}",
                    SourceRef(path, p.line, p.column, FORMAT), job) for p in problems]


# -- Job DSL ---------------------------------------------------------------------
def _dsl_roots(calls: list[Call]) -> list[Call]:
    """Top-level Job DSL item definitions (``job('x') {…}``, ``folder('x')``)."""
    return [c for c in calls if not c.blocks and (c.name in DSL_JOBS or c.name in DSL_CONTAINERS)
            and c.positional]


def _dsl_job(call: Call, tokens: list[Token], source: str, path: str,
             options: ParseOptions) -> JobDraft:
    full_name = call.positional[0].literal or ""
    draft = JobDraft(full_name, path, call.line, FORMAT, DSL_JOBS[call.name])
    draft.attributes["folder"] = folder_of(full_name)
    draft.attributes["job_dsl"] = True
    draft.concurrent = call.name == "pipelineJob"
    if call.body is None:
        return draft
    body = tokens[call.body[0] + 1:call.body[1]]
    names = TRIGGER_CALLS | OPTION_CALLS | PARAMETER_CALLS | OTHER_CALLS | DSL_STEP_CALLS
    calls = find_calls(body, source, names, COMMANDS)
    # Job DSL spells triggers and options with positional arguments; the
    # pipeline scanner reads those (cron('spec'), upstream('a, b', 'UNSTABLE')).
    scan_calls(draft, [c for c in calls if c.name not in DSL_STEP_CALLS or c.name == "label"],
               options.timezone)
    for inner in calls:
        _dsl_step(draft, inner, options)
    return draft


def _dsl_step(draft: JobDraft, call: Call, options: ParseOptions) -> None:
    first = call.positional[0] if call.positional else None
    value = first.literal if first is not None else None
    if call.name in ("shell", "batchFile") and value is not None:
        kind = "shell" if call.name == "shell" else "batch"
        draft.commands.append(value)
        draft.add_step({"kind": kind, "command": value, "line": call.line})
        if kind == "batch" and not draft.attributes.get("batch"):
            draft.attributes["batch"] = True
            draft.find("JM315", "the job runs Windows batch (batchFile) steps", call.line)
    elif call.name in ("downstream", "trigger") and first is not None:
        if value is None:
            draft.find("JM306", f"{call.name}() names {first.text}, computed at run time",
                       call.line)
            return
        threshold_arg = call.arg("threshold", 1)
        threshold = (threshold_arg.literal or "SUCCESS") if threshold_arg else "SUCCESS"
        what = f"{call.name}('{value}') (threshold {threshold})"
        cond = condition(draft, at_least(threshold.upper()), what, call.line)
        add_downstream(draft, value, cond, what, call.line)
    elif call.name == "label" and value is not None and not call.blocks[-1:] == ("agent",):
        draft.host = draft.host or value
    elif call.name == "disabled":
        draft.disabled = value != "false"
        if draft.disabled:
            draft.find("JM318", "disabled() in the Job DSL", call.line)
    elif call.name == "concurrentBuild":
        draft.concurrent = value != "false"
    elif call.name == "script" and "cps" in call.blocks and value is not None:
        draft.attributes["definition"] = "inline"
        draft.attributes["script"] = value
        tokens, problems = tokenize(value)
        offset = first.line - 1
        for problem in problems:
            draft.find("JM312", f"inline script {problem}", problem.line + offset)
        scan_pipeline(draft, tokens, value, options.timezone, offset)


def _parse_dsl(roots: list[Call], tokens: list[Token], source: str, path: str,
               options: ParseOptions, findings: list[Finding]) -> ParseResult:
    jobs, dependencies = [], []
    for root in roots:
        if root.positional[0].literal is None:
            findings.append(Finding("JM306", f"{root.name}({root.positional[0].text}) defines "
                                    "a job whose name is computed at run time; not converted",
                                    SourceRef(path, root.line, root.column, FORMAT)))
            continue
        if root.name in DSL_CONTAINERS:
            findings.append(Finding("JM302", f"{DSL_CONTAINERS[root.name]} "
                                    f"{root.positional[0].literal!r} holds other items",
                                    SourceRef(path, root.line, root.column, FORMAT)))
            continue
        draft = _dsl_job(root, tokens, source, path, options)
        if draft.unit_type == "pipeline":
            draft.find("JM316", "pipeline steps are Groovy")
        jobs.append(draft.finish())
        dependencies.extend(draft.dependencies)
    return ParseResult(path, FORMAT, tuple(jobs), tuple(dependencies), tuple(findings))


# -- Jenkinsfile -----------------------------------------------------------------
def _jenkinsfile_draft(path: str, options: ParseOptions) -> JobDraft:
    guess = choose_name(path, options.root, options.job_name, JENKINSFILE)
    draft = JobDraft(guess.full_name, path, 1, FORMAT, "pipeline")
    if not guess.exact:
        draft.find("JM311", f"job named {guess.full_name!r} after its {guess.basis}")
    draft.attributes["folder"] = folder_of(draft.full_name)
    draft.attributes["jenkinsfile"] = path
    draft.attributes["definition"] = "jenkinsfile"
    return draft


def parse(data: bytes, *, path: str, options: ParseOptions) -> ParseResult:
    """Read one Jenkinsfile or Job DSL script (see the module docstring)."""
    source = _decode(data)
    tokens, problems = tokenize(source)
    roots = _dsl_roots(find_calls(tokens, source, set(DSL_JOBS) | set(DSL_CONTAINERS)))
    if roots:
        return _parse_dsl(roots, tokens, source, path, options,
                          _syntax_findings(problems, path, None))
    draft = _jenkinsfile_draft(path, options)
    draft.findings.extend(_syntax_findings(problems, path, draft.id))
    scan_pipeline(draft, tokens, source, options.timezone)
    draft.find("JM316", "pipeline steps are Groovy (Jenkinsfile)")
    if draft.schedules and options.timezone is None and any(
            s.timezone is None for s in draft.schedules):
        draft.find("JM004", "no --timezone given: the controller's zone is unknown")
    return ParseResult(path, FORMAT, (draft.finish(),), tuple(draft.dependencies))


def finalize(results: list[ParseResult], options: ParseOptions) -> list[ParseResult]:
    """Merge Jenkinsfiles into their config.xml jobs (see :mod:`jenkins_merge`).

    Pass the results of **both** Jenkins formats (or all results): a
    Jenkinsfile can only be merged into a job this call can see.
    """
    return merge_results(results)


__all__ = ["FORMAT", "detect", "finalize", "parse"]
