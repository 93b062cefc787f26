"""config.xml ``<triggers>`` → schedules, upstream edges and findings.

Contract: :func:`read_triggers` walks the children of one ``<triggers>``
element (top-level, or inside PipelineTriggersJobProperty) and records what
each trigger means on the draft. Every trigger ends up as a schedule, an
edge or a finding: none is dropped silently.
"""
from __future__ import annotations

from typing import Callable

from lxml import etree

from jobmig.parsers.jenkins.conditions import at_least, threshold_name
from jobmig.parsers.jenkins.draft import JobDraft
from jobmig.parsers.jenkins.edges import add_upstream, condition
from jobmig.parsers.jenkins.specs import parameterized_schedules, timer_schedule
from jobmig.parsers.jenkins.xmltree import child, child_text, elements, java_name, simple_name, text
from jobmig.messages import msg

TIMER = "hudson.triggers.TimerTrigger"
SCM_POLL = "hudson.triggers.SCMTrigger"
REVERSE = "jenkins.triggers.ReverseBuildTrigger"
PARAMETERIZED = "org.jenkinsci.plugins.parameterizedscheduler.ParameterizedTimerTrigger"
FOLDER_SCAN = "com.cloudbees.hudson.plugins.folder.computed.PeriodicFolderTrigger"
# Triggers started by a repository push (webhooks): an event, not a schedule.
SCM_EVENTS = frozenset({
    "com.cloudbees.jenkins.GitHubPushTrigger",
    "com.dabsquared.gitlabjenkins.GitLabPushTrigger",
    "com.cloudbees.jenkins.plugins.BitBucketTrigger",
    "org.jenkinsci.plugins.ghprb.GhprbTrigger",
})


def _timer(draft: JobDraft, element: etree._Element, options_tz: str | None) -> None:
    spec = child_text(element, "spec")
    schedule, problems = timer_schedule(spec, seed=draft.full_name, default_timezone=options_tz)
    for problem in problems:
        draft.find(problem.code, msg("TimerTrigger: {message}", message=problem.message), element.sourceline)
    if schedule is not None:
        draft.add_schedule(schedule, element.sourceline)


def _parameterized(draft: JobDraft, element: etree._Element, options_tz: str | None) -> None:
    spec = child_text(element, "parameterizedSpecification") or child_text(element, "spec")
    schedules, problems = parameterized_schedules(spec, seed=draft.full_name,
                                                  default_timezone=options_tz)
    for problem in problems:
        draft.find(problem.code, msg("parameterizedCron: {message}", message=problem.message), element.sourceline)
    for schedule in schedules:
        draft.add_schedule(schedule, element.sourceline)


def _scm_poll(draft: JobDraft, element: etree._Element, options_tz: str | None) -> None:
    spec = child_text(element, "spec")
    draft.find("JM304", msg("SCMTrigger polls the repository on {spec!r}", spec=spec), element.sourceline)


def _reverse(draft: JobDraft, element: etree._Element, options_tz: str | None) -> None:
    threshold = threshold_name(child(element, "threshold"))
    what = f"ReverseBuildTrigger (threshold {threshold})"
    cond = condition(draft, at_least(threshold), what, element.sourceline)
    add_upstream(draft, child_text(element, "upstreamProjects"), cond, what, element.sourceline)


def _folder_scan(draft: JobDraft, element: etree._Element, options_tz: str | None) -> None:
    draft.find("JM303", msg("PeriodicFolderTrigger {element!r} re-indexes the folder",
                            element=child_text(element, 'spec')), element.sourceline)


_HANDLERS: dict[str, Callable[[JobDraft, etree._Element, str | None], None]] = {
    TIMER: _timer,
    SCM_POLL: _scm_poll,
    REVERSE: _reverse,
    PARAMETERIZED: _parameterized,
    FOLDER_SCAN: _folder_scan,
}


def read_triggers(draft: JobDraft, triggers: etree._Element | None,
                  options_tz: str | None) -> None:
    """Record every trigger under ``triggers`` on ``draft``."""
    for element in elements(triggers):
        name = java_name(element.tag)
        handler = _HANDLERS.get(name)
        if handler is not None:
            handler(draft, element, options_tz)
        elif name in SCM_EVENTS:
            draft.find("JM304", msg("{name} starts the job on a repository push",
                                    name=simple_name(name)),
                       element.sourceline)
        elif text(child(element, "spec")).strip():
            draft.find("JM305", msg("{name} polls on {element!r} ({name2})",
                                    name=simple_name(name),
                                    element=child_text(element, 'spec'),
                                    name2=name), element.sourceline)
        else:
            draft.find("JM309", msg("trigger {name} is not converted", name=name), element.sourceline)
