"""Jenkins ``config.xml`` (a JENKINS_HOME ``jobs/`` tree) → jobs, edges, findings.

Format module (see :mod:`jobmig.parsers`): ``FORMAT``, ``detect``, ``parse``,
``finalize``.

- The job's full name comes from the file's place under ``options.root``
  (:func:`jobmig.parsers.jenkins.names.name_from_path`); a lone file without
  a ``jobs/`` layout is named after the file (or ``options.job_name``), with
  JM310. The id is ``jenkins:<full name>``.
- The root element names the item type (notes jenkins-cron.md §2.1).
  Folders, multibranch projects and organisation folders are containers: no
  job, a JM302 finding (and JM303 for their periodic scan).
- Jobs: ``Job(kind="job", unit_type=freestyle|pipeline|matrix|maven|…)``,
  ``disabled``, ``concurrent`` (``concurrentBuild``, or no
  DisableConcurrentBuildsJobProperty for pipelines), ``host`` (the
  ``assignedNode`` label expression), ``parameters`` (defaults of
  ParametersDefinitionProperty), ``timeout_seconds`` (build-timeout absolute),
  ``command`` (Shell/BatchFile steps joined by newlines), ``schedules``
  (Timer and parameterized triggers, top level or in
  PipelineTriggersJobProperty), and edges from triggers, build steps and
  publishers. An inline pipeline script is scanned like a Jenkinsfile.
- Malformed XML gives one JM301 finding at the error's line and column (the message
  does not repeat the place).
"""
from __future__ import annotations

import re
from urllib.parse import quote

from lxml import etree

from jobmig.model import Finding, ParseResult, SourceRef
from jobmig.options import ParseOptions
from jobmig.parsers.jenkins.tokens import tokenize
from jobmig.parsers.jenkins.draft import JobDraft
from jobmig.parsers.jenkins.merge import merge_results
from jobmig.parsers.jenkins.names import CONTAINER_WORDS, NameGuess, choose_name, folder_of
from jobmig.parsers.jenkins.steps import read_builders, read_publishers, read_wrappers
from jobmig.parsers.jenkins.triggers import read_triggers
from jobmig.parsers.jenkins.xmltree import (
    child, child_text, elements, has_doctype, java_name, load, text,
)
from jobmig.parsers.jenkins.scan import scan_pipeline
from jobmig.messages import msg

FORMAT = "jenkins"

JOB_KINDS = {
    "project": "freestyle",
    "flow-definition": "pipeline",
    "matrix-project": "matrix",
    "maven2-moduleset": "maven",
    "com.tikal.jenkins.plugins.multijob.MultiJobProject": "multijob",
    "hudson.model.ExternalJob": "external",
}
CONTAINER_KINDS = {
    "com.cloudbees.hudson.plugins.folder.Folder": "folder",
    "org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject": "multibranch project",
    "jenkins.branch.OrganizationFolder": "organization folder",
}
PIPELINE_TRIGGERS = "org.jenkinsci.plugins.workflow.job.properties.PipelineTriggersJobProperty"
DISABLE_CONCURRENT = ("org.jenkinsci.plugins.workflow.job.properties."
                      "DisableConcurrentBuildsJobProperty")
PARAMETERS = "hudson.model.ParametersDefinitionProperty"
BRANCH_PROPERTY = "org.jenkinsci.plugins.workflow.multibranch.BranchJobProperty"
INLINE_SCRIPT = "org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition"
SCM_SCRIPT = "org.jenkinsci.plugins.workflow.cps.CpsScmFlowDefinition"
BRANCH_BINDER = "org.jenkinsci.plugins.workflow.multibranch.SCMBinder"
PASSWORD_PARAMETER = "hudson.model.PasswordParameterDefinition"
_ROOT_TAG = re.compile(rb"<([A-Za-z_][\w.\-]*)[\s/>]")
_HEAD_BYTES = 4096
_LXML_PLACE = re.compile(r",? line \d+, column \d+$")
# Characters branch-api encodes in a branch job's item name (at least '%' and '/').
_BRANCH_SAFE = " !\"#&'()*+,-.:;<=>?@[\\]^_`{|}~"


# -- detection -------------------------------------------------------------------
def _root_tag(data: bytes) -> str | None:
    head = data[:_HEAD_BYTES]
    for match in _ROOT_TAG.finditer(head):
        start = match.start()
        if head[start:start + 2] in (b"<?", b"<!"):
            continue
        return match.group(1).decode("ascii", "replace")
    return None


def detect(data: bytes, path: str) -> int:
    """2 when the root element is a Jenkins item type, 1 for a ``config.xml`` name.

    The content counts only when it starts as XML does (``<`` after an optional
    BOM and white space): a JP1 export or a crontab with a piece of XML pasted
    inside is not a Jenkins item. When the name says neither ``config.xml`` nor
    ``*.xml``, the content shows a Jenkins item only when it parses as XML: a
    file that merely starts with such markup (a crontab whose first lines were
    replaced by a piece of a config.xml) scores 1, so a reader whose content
    claims the file wins, and the file is read as Jenkins (its XML error said
    at its place) only when no other reader claims it.
    """
    starts_as_xml = data[:_HEAD_BYTES].lstrip(b"\xef\xbb\xbf").lstrip().startswith(b"<")
    tag = _root_tag(data) if starts_as_xml else None
    base = path.replace("\\", "/").rsplit("/", 1)[-1]
    if tag is not None and java_name(tag) in (*JOB_KINDS, *CONTAINER_KINDS):
        return 2 if base.lower().endswith(".xml") or _well_formed(data) else 1
    return 1 if base == "config.xml" else 0


def _well_formed(data: bytes) -> bool:
    try:
        load(data)
    except etree.XMLSyntaxError:
        return False
    return True


# -- parsing ---------------------------------------------------------------------
def _syntax_finding(path: str, exc: etree.XMLSyntaxError) -> Finding:
    line, column = exc.position if exc.position else (exc.lineno, None)
    # The place is the finding's source (shown as ``path:line:col:``); lxml's own
    # ", line N, column M" at the end of its message would say it a second time.
    message = _LXML_PLACE.sub("", exc.msg) or exc.msg
    return Finding("JM301", msg("{error}", error=message), SourceRef(path, line, column, FORMAT))


def _cron_lines_after(data: bytes, path: str, exc: etree.XMLSyntaxError) -> list[Finding]:
    """A JM301 at each line from the XML error on that reads as a cron entry.

    A config.xml with crontab lines pasted after (or over) its end is not read,
    but the entries it holds are each named at their line, not lost under the one
    syntax error.
    """
    from jobmig.parsers.crontab import looks_like_entry

    first = exc.position[0] if exc.position else (exc.lineno or 1)
    found = []
    lines = data.decode("utf-8", "replace").split("\n")
    for number, line in enumerate(lines[max(first - 1, 0):], start=max(first, 1)):
        if looks_like_entry(line):
            found.append(Finding(
                "JM301", msg("a cron entry where the XML should go on, not read: {value!r}",
                             value=line.strip()[:80]),
                SourceRef(path, number, len(line) - len(line.lstrip()) + 1, FORMAT)))
    return found


def _full_name(path: str, options: ParseOptions) -> NameGuess:
    return choose_name(path, options.root, options.job_name)


def _branch_name(root: etree._Element, guess: NameGuess) -> str:
    """A branch job's full name from its branch head (the folder name may be mangled)."""
    if not guess.branch:
        return guess.full_name
    head = root.find(f"properties/{BRANCH_PROPERTY}/branch/head/name")
    if head is None or not text(head).strip():
        return guess.full_name
    return folder_of(guess.full_name) + "/" + quote(text(head).strip(), safe=_BRANCH_SAFE)


def _container(root: etree._Element, kind: str, guess: NameGuess, path: str) -> ParseResult:
    draft = JobDraft(guess.full_name, path, root.sourceline, FORMAT)
    read_triggers(draft, child(root, "triggers"), None)
    findings = [Finding("JM302", msg("{kind} {full_name!r} holds other items",
                                     kind=CONTAINER_WORDS.get(kind, kind),
                                     full_name=guess.full_name),
                        draft.source(), None)]
    findings += [Finding(f.code, f.message, f.source, None) for f in draft.findings]
    return ParseResult(path, FORMAT, findings=tuple(findings))


def _parameters(draft: JobDraft, prop: etree._Element) -> None:
    for definition in elements(child(prop, "parameterDefinitions")):
        name = child_text(definition, "name")
        default_element = child(definition, "defaultValue")
        if default_element is None:  # choices: the first one is the default
            first = definition.find(".//string")
            default = text(first)
        else:
            default = text(default_element)
        if java_name(definition.tag) == PASSWORD_PARAMETER and default:
            draft.find("JM006", msg("parameter {name} has a password default", name=name),
                       definition.sourceline)
            default = ""
        draft.parameters.setdefault(name, default)


def _flag(element: etree._Element | None) -> bool:
    """A ``true``/``false`` element as a bool (False when absent)."""
    return element is not None and (element.text or "").strip().lower() == "true"


def _properties(draft: JobDraft, properties: etree._Element | None, tz: str | None) -> None:
    for prop in elements(properties):
        name = java_name(prop.tag)
        if name == PIPELINE_TRIGGERS:
            read_triggers(draft, child(prop, "triggers"), tz)
        elif name == DISABLE_CONCURRENT:
            draft.concurrent = False
        elif name == PARAMETERS:
            _parameters(draft, prop)


def _definition(draft: JobDraft, root: etree._Element, options: ParseOptions) -> None:
    """A pipeline's script: inline (scanned like a Jenkinsfile), from SCM, or a branch's."""
    definition = child(root, "definition")
    cls = definition.get("class", "") if definition is not None else ""
    if cls == INLINE_SCRIPT:
        script_element = child(definition, "script")
        script = text(script_element)
        draft.attributes["definition"] = "inline"
        draft.attributes["script"] = script
        tokens, problems = tokenize(script)
        line = script_element.sourceline if script_element is not None else None
        offset = (line or 1) - 1  # no <script> element: an empty script
        for problem in problems:
            draft.find("JM312", msg("inline script {value}:{column}: {message}",
                                    value=problem.line + offset,
                                    column=problem.column,
                                    message=problem.message), problem.line + offset, problem.column)
        scan_pipeline(draft, tokens, script, options.timezone, offset)
    elif cls in (SCM_SCRIPT, BRANCH_BINDER):
        draft.attributes["definition"] = "scm" if cls == SCM_SCRIPT else "branch"
        draft.attributes["script_path"] = child_text(definition, "scriptPath") or "Jenkinsfile"
    draft.find("JM316", msg("pipeline steps are Groovy ({get})",
                            get=draft.attributes.get('definition', cls)))


def _matrix(draft: JobDraft, root: etree._Element) -> None:
    axes = {child_text(axis, "name"): [text(v) for v in elements(child(axis, "values"))]
            for axis in elements(child(root, "axes"))}
    draft.attributes["axes"] = axes
    draft.find("JM317", msg("axes: {value}",
                            value=', '.join((f'{k}={len(v)}' for k, v in axes.items())) or 'none'))


def _job(root: etree._Element, unit_type: str, full_name: str, path: str,
         options: ParseOptions) -> JobDraft:
    draft = JobDraft(full_name, path, root.sourceline, FORMAT, unit_type)
    draft.attributes["folder"] = folder_of(full_name)
    # One pass over the root's children (the first of each name, as find()).
    children: dict[str, etree._Element] = {}
    for child in root:
        children.setdefault(child.tag, child)
    draft.disabled = _flag(children.get("disabled"))
    if draft.disabled:
        draft.find("JM318", msg("disabled in config.xml"))
    # AbstractProject.concurrentBuild defaults to false; pipelines run
    # concurrently unless DisableConcurrentBuildsJobProperty is set.
    draft.concurrent = unit_type == "pipeline" or _flag(children.get("concurrentBuild"))
    draft.host = text(children.get("assignedNode")).strip() or None
    _properties(draft, children.get("properties"), options.timezone)
    read_triggers(draft, children.get("triggers"), options.timezone)
    read_builders(draft, children.get("builders"))
    read_publishers(draft, children.get("publishers"))
    read_wrappers(draft, children.get("buildWrappers"))
    if unit_type == "pipeline":
        _definition(draft, root, options)
    elif unit_type == "matrix":
        _matrix(draft, root)
    elif unit_type == "maven":
        draft.attributes["maven_goals"] = child_text(root, "goals")
        draft.find("JM309", msg("Maven project goals {root!r} are not converted to a command",
                                root=child_text(root, 'goals')))
    if draft.schedules and options.timezone is None and any(
            s.timezone is None for s in draft.schedules):
        draft.find("JM004", msg("no --timezone given: the controller's zone is unknown"))
    return draft


def parse(data: bytes, *, path: str, options: ParseOptions) -> ParseResult:
    """Read one config.xml; never raises for bad input (see the module docstring)."""
    try:
        root = load(data)
    except etree.XMLSyntaxError as exc:
        return ParseResult(path, FORMAT, findings=(_syntax_finding(path, exc),
                                                   *_cron_lines_after(data, path, exc)))
    guess = _full_name(path, options)
    file_findings: list[Finding] = []
    if not guess.exact:
        file_findings.append(Finding(
            "JM310", msg("full name {full_name!r} taken from the {basis}",
                         full_name=guess.full_name, basis=guess.basis),
            SourceRef(path, root.sourceline, None, FORMAT)))
    if has_doctype(root):
        file_findings.append(Finding("JM323", msg("DOCTYPE not loaded, entities not expanded"),
                                     SourceRef(path, 1, None, FORMAT)))
    kind = java_name(root.tag)
    if kind in CONTAINER_KINDS:
        result = _container(root, CONTAINER_KINDS[kind], guess, path)
        return ParseResult(path, FORMAT, findings=tuple(file_findings) + result.findings)
    if kind not in JOB_KINDS:
        file_findings.append(Finding("JM309", msg("item type {kind} is not a known Jenkins job",
                                                  kind=kind),
                                     SourceRef(path, root.sourceline, None, FORMAT)))
        return ParseResult(path, FORMAT, findings=tuple(file_findings))
    full_name = _branch_name(root, guess)
    draft = _job(root, JOB_KINDS[kind], full_name, path, options)
    if guess.branch and not draft.schedules:
        draft.find("JM326", msg("branch job without triggers in config.xml"))
    draft.findings[:0] = [Finding(f.code, f.message, f.source, draft.id)
                          for f in file_findings]
    return ParseResult(path, FORMAT, jobs=(draft.finish(),),
                       dependencies=tuple(draft.dependencies))


def finalize(results: list[ParseResult], options: ParseOptions) -> list[ParseResult]:
    """Cross-file work for Jenkins results; see :func:`jenkins_merge.merge_results`."""
    return merge_results(results)
