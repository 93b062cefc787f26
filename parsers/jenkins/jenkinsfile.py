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
import re

from jobmig.model import Finding, ParseResult, SourceRef
from jobmig.options import ParseOptions
from jobmig.parsers.jenkins.calls import Arg, Call, find_calls
from jobmig.parsers.jenkins.tokens import STRING, Token, tokenize
from jobmig.parsers.jenkins.conditions import at_least
from jobmig.parsers.jenkins.draft import JobDraft
from jobmig.parsers.jenkins.edges import add_downstream, condition
from jobmig.parsers.jenkins.merge import merge_results
from jobmig.parsers.jenkins.names import CONTAINER_WORDS, choose_name, folder_of
from jobmig.parsers.jenkins.scan import (
    COMMANDS, OPTION_CALLS, OTHER_CALLS, PARAMETER_CALLS, TRIGGER_CALLS, scan_calls,
    scan_pipeline,
)
from jobmig.messages import msg

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
    """2 for a Jenkinsfile-like name with Groovy pipeline content, 1 for the name alone.

    A plain Groovy name (``*.groovy``) is not enough: such a file is read only
    when it holds a pipeline or Job DSL, or is shared library code; any other
    Groovy (a helper, a build script) is left to the no-format finding.
    """
    base = os.path.basename(path)
    named = base.startswith(JENKINSFILE) or base.lower().endswith(NAME_SUFFIXES)
    if not named:
        return 0
    head = data[:_DETECT_BYTES].decode("utf-8", "replace")
    if any(marker in head for marker in CONTENT_MARKERS):
        return 2
    if base.startswith(JENKINSFILE) or base.lower().endswith(".jenkinsfile"):
        return 1
    return 1 if is_library_file(path, head) else 0


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.decode("utf-8", "replace")


def _syntax_findings(problems, path: str, job: str | None) -> list[Finding]:
    return [Finding("JM312", p.message,
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
            draft.find("JM315", msg("the job runs Windows batch (batchFile) steps"), call.line)
    elif call.name in ("downstream", "trigger") and first is not None:
        if value is None:
            draft.find("JM306", msg("{name}() names {text}, computed at run time",
                                    name=call.name, text=first.text),
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
            draft.find("JM318", msg("disabled() in the Job DSL"), call.line)
    elif call.name == "concurrentBuild":
        draft.concurrent = value != "false"
    elif call.name == "script" and "cps" in call.blocks and first is not None:
        inline = inline_script(first)
        if inline is None:
            draft.find("JM319", msg("script({text}) is computed when the seed job runs: the "
                                    "pipeline's triggers and build steps are unknown",
                                    text=first.text[:80]),
                       first.line, first.tokens[0].column if first.tokens else None)
            return
        value, offset, interpolated = inline
        draft.attributes["definition"] = "inline"
        draft.attributes["script"] = value
        if interpolated:
            draft.find("JM319", msg("the inline script has ${{…}} parts the seed job fills in; "
                                    "read as written"), first.line, first.tokens[0].column)
        tokens, problems = tokenize(value)
        for problem in problems:
            draft.find("JM312", msg("inline script {problem}", problem=problem), problem.line + offset)
        scan_pipeline(draft, tokens, value, options.timezone, offset)


# String methods a Job DSL script often calls on its inline pipeline text; none of
# them changes which lines hold what.
_TEXT_METHODS = frozenset({"stripIndent", "stripMargin", "trim", "strip", "toString"})


def inline_script(arg: Arg) -> tuple[str, int, bool] | None:
    """The pipeline text of ``cps { script(ARG) }``: (text, line offset, interpolated).

    ``ARG`` is one string, optionally followed by ``.stripIndent()`` and the like;
    a GString is read as written (``interpolated`` says so). ``None`` when the
    text is computed (``readFileFromWorkspace(...)``, a variable). The offset
    maps the text's line 1 to the file: the string's own line, or the next one
    when the string opens with a line continuation (a backslash before the
    newline).
    """
    tokens = arg.tokens
    if not tokens or tokens[0].kind != STRING:
        return None
    rest = [t.text for t in tokens[1:]]
    while rest:
        if len(rest) < 4 or rest[0] != "." or rest[1] not in _TEXT_METHODS or rest[2:4] != ["(", ")"]:
            return None
        rest = rest[4:]
    token = tokens[0]
    quote = token.text[:3] if token.text[:3] in ('"""', "'''") else token.text[:1]
    continued = token.text[len(quote):len(quote) + 2] == "\\\n"
    return token.value, token.line - 1 + int(continued), not token.literal


def _parse_dsl(roots: list[Call], tokens: list[Token], source: str, path: str,
               options: ParseOptions, findings: list[Finding]) -> ParseResult:
    jobs, dependencies = [], []
    for root in roots:
        if root.positional[0].literal is None:
            findings.append(Finding("JM306", msg("{name}({text}) defines a job whose name is "
                                                 "computed at run time; not converted",
                                                 name=root.name, text=root.positional[0].text),
                                    SourceRef(path, root.line, root.column, FORMAT)))
            continue
        if root.name in DSL_CONTAINERS:
            findings.append(Finding("JM302", msg("{DSL_CONTAINERS} {literal!r} holds other items",
                                                 DSL_CONTAINERS=CONTAINER_WORDS.get(
                                                     DSL_CONTAINERS[root.name],
                                                     DSL_CONTAINERS[root.name]),
                                                 literal=root.positional[0].literal),
                                    SourceRef(path, root.line, root.column, FORMAT)))
            continue
        draft = _dsl_job(root, tokens, source, path, options)
        if draft.unit_type == "pipeline":
            draft.find("JM316", msg("pipeline steps are Groovy"))
        jobs.append(draft.finish())
        dependencies.extend(draft.dependencies)
    return ParseResult(path, FORMAT, tuple(jobs), tuple(dependencies), tuple(findings))


# -- Jenkinsfile -----------------------------------------------------------------
def _jenkinsfile_draft(path: str, options: ParseOptions) -> JobDraft:
    guess = choose_name(path, options.root, options.job_name, JENKINSFILE)
    draft = JobDraft(guess.full_name, path, 1, FORMAT, "pipeline")
    if not guess.exact:
        draft.find("JM311", msg("job named {full_name!r} after its {basis}",
                                full_name=guess.full_name, basis=guess.basis))
    draft.attributes["folder"] = folder_of(draft.full_name)
    draft.attributes["jenkinsfile"] = path
    draft.attributes["definition"] = "jenkinsfile"
    return draft


#: Scripts over this many bytes are not tokenized (JM328): tokens take a few hundred bytes
#: of memory per byte of script (a 10 MB line of braces took 3.5 GiB).
MAX_SCRIPT_BYTES = 4 * 1024 * 1024


def parse(data: bytes, *, path: str, options: ParseOptions) -> ParseResult:
    """Read one Jenkinsfile or Job DSL script (see the module docstring).

    A script over :data:`MAX_SCRIPT_BYTES` is one job named after its path, manual with
    JM328: nothing of it is read.
    """
    if len(data) > MAX_SCRIPT_BYTES:
        draft = _jenkinsfile_draft(path, options)
        draft.find("JM328", msg("the script is {size:,} bytes, over the {limit:,} jobmig reads "
                                "as Groovy: its steps, triggers and build calls are not read",
                                size=len(data), limit=MAX_SCRIPT_BYTES))
        return ParseResult(path, FORMAT, (draft.finish(),), tuple(draft.dependencies))
    source = _decode(data)
    tokens, problems = tokenize(source)
    roots = _dsl_roots(find_calls(tokens, source, set(DSL_JOBS) | set(DSL_CONTAINERS)))
    if roots:
        return _parse_dsl(roots, tokens, source, path, options,
                          _syntax_findings(problems, path, None))
    if is_library_file(path, source):
        return _library_result(path, tokens, source, problems, options)
    draft = _jenkinsfile_draft(path, options)
    draft.findings.extend(_syntax_findings(problems, path, draft.id))
    scan_pipeline(draft, tokens, source, options.timezone)
    draft.find("JM316", msg("pipeline steps are Groovy (Jenkinsfile)"))
    if draft.schedules and options.timezone is None and any(
            s.timezone is None for s in draft.schedules):
        draft.find("JM004", msg("no --timezone given: the controller's zone is unknown"))
    return ParseResult(path, FORMAT, (draft.finish(),), tuple(draft.dependencies))


# -- shared library code ------------------------------------------------------------
_CLASS_OR_PACKAGE = re.compile(r"^\s*(?:package\s+[\w.]+|(?:abstract\s+)?class\s+\w)", re.MULTILINE)
# What a library file's scan says about the file being a job; not true of library code.
_JOB_ONLY_CODES = frozenset({"JM311", "JM316", "JM004"})


def is_library_file(path: str, source: str) -> bool:
    """True for shared library code: ``vars/*.groovy``, or a class under ``src/``."""
    parts = path.replace("\\", "/").split("/")
    if not parts[-1].endswith(".groovy"):
        return False
    if len(parts) >= 2 and parts[-2] == "vars":
        return True
    return "src" in parts[:-1] and bool(_CLASS_OR_PACKAGE.search(source))


def _library_result(path: str, tokens: list[Token], source: str, problems,
                    options: ParseOptions) -> ParseResult:
    """Shared library code is no job: what its steps do is said on the file.

    A build of a computed job name is JM306 (manual) at the expression; the
    fixed job names it starts are listed in one JM327.
    """
    # a name without a folder: the names it builds are read from the Jenkins root
    # (relative to the calling job in truth, which the file cannot tell)
    draft = JobDraft("library", path, 1, FORMAT, "pipeline")
    scan_pipeline(draft, tokens, source, options.timezone)
    findings = _syntax_findings(problems, path, None)
    findings += [Finding(f.code, f.message, f.source) for f in draft.findings
                 if f.code not in _JOB_ONLY_CODES]
    started = sorted({step["job"].split(":", 1)[-1] for step in draft.attributes.get("steps", ())
                      if step.get("kind") == "build"})
    also = msg("; the jobs that call it also start {started}", started=', '.join(started)) \
        if started else ""
    findings.append(Finding("JM327", msg("shared library code, not a job: its steps run inside "
                                         "the jobs that call it{also}",
                                         also=also), SourceRef(path, 1, None, FORMAT)))
    return ParseResult(path, FORMAT, (), (), tuple(findings))


def finalize(results: list[ParseResult], options: ParseOptions) -> list[ParseResult]:
    """Merge Jenkinsfiles into their config.xml jobs (see :mod:`jenkins_merge`).

    Pass the results of **both** Jenkins formats (or all results): a
    Jenkinsfile can only be merged into a job this call can see.
    """
    return merge_results(results)


__all__ = ["FORMAT", "detect", "finalize", "parse"]
