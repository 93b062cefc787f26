"""config.xml ``<builders>``, ``<publishers>`` and ``<buildWrappers>`` → a draft.

Contract:

- :func:`read_builders`: Shell and BatchFile commands (joined, in order, into
  ``Job.command``; each also an entry of ``attributes['steps']``), and
  parameterized-trigger ``TriggerBuilder`` steps: with ``<block>`` the step
  waits for the child (``Dependency(wait=True, scope="workflow")``, block
  thresholds in ``attributes['block']``); without it the child is started
  and forgotten (a cross edge, JM320).
- :func:`read_publishers`: core ``BuildTrigger`` (childProjects +
  threshold), parameterized-trigger ``BuildTrigger``, downstream-ext
  ``DownstreamTrigger``: cross edges ``this job → child``.
  Naginator → ``retry``; the join plugin → JM309 (it needs a Parallel state).
- :func:`read_wrappers`: build-timeout's absolute strategy →
  ``timeout_seconds``; other strategies JM313.

Anything else is named in a finding (JM309 for build steps, JM324 for
publishers and wrappers).
"""
from __future__ import annotations

from lxml import etree

from jobmig.model import RetryPolicy
from jobmig.parsers.jenkins.conditions import (
    PARAMETERIZED, at_least, downstream_ext, threshold_name,
)
from jobmig.parsers.jenkins.draft import JobDraft
from jobmig.parsers.jenkins.edges import add_downstream, condition
from jobmig.parsers.jenkins.xmltree import child, child_text, elements, java_name, simple_name, text
from jobmig.messages import msg
from jobmig.digits import is_number

SHELL = "hudson.tasks.Shell"
BATCH = "hudson.tasks.BatchFile"
PT = "hudson.plugins.parameterizedtrigger."
TRIGGER_BUILDER = PT + "TriggerBuilder"
PT_BUILD_TRIGGER = PT + "BuildTrigger"
CORE_BUILD_TRIGGER = "hudson.tasks.BuildTrigger"
DOWNSTREAM_EXT = "hudson.plugins.downstream_ext.DownstreamTrigger"
JOIN = "join.JoinTrigger"  # join plugin (element names per the notes, from memory)
NAGINATOR = "com.chikli.hudson.plugin.naginator.NaginatorPublisher"
NAGINATOR_FIXED = "com.chikli.hudson.plugin.naginator.FixedDelay"
NAGINATOR_PROGRESSIVE = "com.chikli.hudson.plugin.naginator.ProgressiveDelay"
BUILD_TIMEOUT = "hudson.plugins.build_timeout.BuildTimeoutWrapper"
ABSOLUTE_TIMEOUT = "hudson.plugins.build_timeout.impl.AbsoluteTimeOutStrategy"
PREDEFINED = PT + "PredefinedBuildParameters"
BOOLEANS = PT + "BooleanParameters"
BLOCK_THRESHOLDS = (("buildStepFailureThreshold", "build_step_failure"),
                    ("unstableThreshold", "unstable"), ("failureThreshold", "failure"))


# -- build steps ---------------------------------------------------------------
def _command(draft: JobDraft, element: etree._Element, kind: str) -> None:
    command = child_text(element, "command")
    draft.commands.append(command)
    draft.add_step({"kind": kind, "command": command, "line": element.sourceline})
    if kind == "batch" and not draft.attributes.get("batch"):
        draft.attributes["batch"] = True
        draft.find("JM315", msg("the job runs Windows batch (BatchFile) steps"), element.sourceline)


def _properties(value: str) -> dict[str, str]:
    """``K=V`` lines of PredefinedBuildParameters (Java properties, simplified)."""
    values: dict[str, str] = {}
    for line in value.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "!")):
            continue
        name, _, val = line.partition("=")
        values[name.strip()] = val.strip()
    return values


def _trigger_parameters(draft: JobDraft, config: etree._Element) -> dict[str, str]:
    """Values a parameterized-trigger config passes; JM321 for providers not read."""
    values: dict[str, str] = {}
    for provider in elements(child(config, "configs")):
        name = java_name(provider.tag)
        if name == PREDEFINED:
            values.update(_properties(child_text(provider, "properties")))
        elif name == BOOLEANS:
            for item in elements(child(provider, "configs")):
                values[child_text(item, "name")] = child_text(item, "value")
        else:
            draft.find("JM321", msg("{name} parameters are not carried over",
                                    name=simple_name(name)),
                       provider.sourceline)
    return values


def _block_thresholds(block: etree._Element) -> dict[str, str | None]:
    """The result names of a ``<block>``; None where the threshold is 'never'."""
    thresholds: dict[str, str | None] = {}
    for tag, key in BLOCK_THRESHOLDS:
        element = child(block, tag)
        thresholds[key] = threshold_name(element) if elements(element) else None
    return thresholds


def _parameterized_configs(draft: JobDraft, element: etree._Element, blocking_step: bool) -> None:
    """Each (Blockable)BuildTriggerConfig of a parameterized trigger → edges."""
    for config in elements(child(element, "configs")):
        line = config.sourceline
        name = child_text(config, "condition").strip() or "ALWAYS"
        what = f"{simple_name(java_name(element.tag))} (condition {name})"
        results = PARAMETERIZED.get(name)
        if results is None:
            draft.find("JM309", msg("{what}: unknown condition {name!r}, treated as ALWAYS",
                                    what=what, name=name), line)
            results = PARAMETERIZED["ALWAYS"]
        cond = condition(draft, results, what, line)
        parameters = _trigger_parameters(draft, config)
        block = child(config, "block") if blocking_step else None
        wait = block is not None
        targets = add_downstream(draft, child_text(config, "projects"), cond, what, line,
                                 wait=wait, parameters=parameters)
        for target in targets:
            if blocking_step:
                draft.add_step({"kind": "build", "job": target, "wait": wait,
                                "parameters": parameters, "line": line})
            if wait:
                draft.attributes.setdefault("block", {})[target] = _block_thresholds(block)
        if targets and blocking_step and not wait:
            draft.find("JM320", msg("{what} starts {targets} without waiting",
                                    what=what, targets=', '.join(targets)), line)


def read_builders(draft: JobDraft, builders: etree._Element | None) -> None:
    """Record the build steps under ``builders`` in order."""
    for element in elements(builders):
        name = java_name(element.tag)
        if name == SHELL:
            _command(draft, element, "shell")
        elif name == BATCH:
            _command(draft, element, "batch")
        elif name == TRIGGER_BUILDER:
            _parameterized_configs(draft, element, blocking_step=True)
        else:
            draft.find("JM309", msg("build step {name} is not converted", name=name), element.sourceline)


# -- publishers ----------------------------------------------------------------
def _core_build_trigger(draft: JobDraft, element: etree._Element) -> None:
    if child(element, "threshold") is not None:
        threshold = threshold_name(child(element, "threshold"))
    else:  # the legacy BuildTrigger(String, boolean evenIfUnstable) form
        threshold = "UNSTABLE" if child_text(element, "evenIfUnstable") == "true" else "SUCCESS"
    what = f"BuildTrigger (threshold {threshold})"
    cond = condition(draft, at_least(threshold), what, element.sourceline)
    add_downstream(draft, child_text(element, "childProjects"), cond, what, element.sourceline)


def _downstream_ext(draft: JobDraft, element: etree._Element) -> None:
    threshold = threshold_name(child(element, "threshold"))
    strategy = child_text(element, "thresholdStrategy").strip() or "AND_HIGHER"
    what = f"DownstreamTrigger (threshold {threshold}, {strategy})"
    cond = condition(draft, downstream_ext(threshold, strategy), what, element.sourceline)
    add_downstream(draft, child_text(element, "childProjects"), cond, what, element.sourceline)


def _naginator(draft: JobDraft, element: etree._Element) -> None:
    """Naginator re-runs a failed build: a retry policy, or JM309 where it has none.

    Per the plugin's source: ``maxSchedule`` ≤ 0 (or absent: an int field left
    at 0) re-runs without limit, which a Step Functions ``Retry`` cannot say; a
    ``ProgressiveDelay`` waits ``increment`` × 1, 3, 6, 10, ... s before the
    1st, 2nd, 3rd, 4th, ... re-run (``increment * (n + 1) * (n + 2) / 2`` after
    n re-runs), each at most ``max`` when ``max`` > 0, and is the default when
    no ``<delay>`` is given (300 s, up to 3 h); ``rerunIfUnstable`` re-runs
    unstable builds too, an outcome AWS does not have.
    """
    count = child_text(element, "maxSchedule").strip() or "0"
    line = element.sourceline
    if not is_number(count.removeprefix("-")):
        draft.find("JM309", msg("Naginator maxSchedule {value!r} is not a whole number: no "
                                "retry converted", value=count), line)
    elif int(count) <= 0:
        draft.find("JM309", msg("Naginator re-runs a failed build without limit (maxSchedule "
                                "{value}): a Step Functions Retry needs MaxAttempts, none "
                                "converted", value=count), line)
    else:
        draft.retry = RetryPolicy(int(count), _naginator_interval(draft, element))
    if child_text(element, "rerunIfUnstable").strip() == "true":
        draft.find("JM309", msg("Naginator re-runs unstable builds too; AWS has no unstable "
                                "outcome, so only failures are retried"), line)
    if child_text(element, "checkRegexp").strip() == "true":
        draft.find("JM309", msg("Naginator re-runs only when the log matches {element!r}",
                                element=child_text(element, 'regexpForRerun')), line)


def _naginator_interval(draft: JobDraft, element: etree._Element) -> int:
    """Seconds before the first re-run; JM309 where later re-runs wait longer than that."""
    delay = child(element, "delay")
    kind = delay.get("class", "") if delay is not None else NAGINATOR_PROGRESSIVE
    seconds = child_text(delay, "delay").strip() if delay is not None else ""
    if kind == NAGINATOR_FIXED and is_number(seconds):
        return int(seconds)
    increment = child_text(delay, "increment").strip() if delay is not None else "300"
    cap = child_text(delay, "max").strip() if delay is not None else str(3 * 60 * 60)
    if kind == NAGINATOR_PROGRESSIVE and is_number(increment):
        if is_number(cap) and 0 < int(cap) <= int(increment):
            return int(cap)  # the first wait is capped already: every re-run waits max
        draft.find("JM309", msg("Naginator waits longer after each further failure ({seconds} s "
                                "× 1, 3, 6, 10, ...); every retry waits {seconds} s",
                                seconds=increment),
                   element.sourceline)
        return int(increment)
    draft.find("JM309", msg("Naginator delay other than a fixed delay; 60 s assumed"),
               element.sourceline)
    return 60


def read_publishers(draft: JobDraft, publishers: etree._Element | None) -> None:
    """Record downstream edges from post-build actions; name the others (JM324)."""
    for element in elements(publishers):
        name = java_name(element.tag)
        if name == CORE_BUILD_TRIGGER:
            _core_build_trigger(draft, element)
        elif name == PT_BUILD_TRIGGER:
            _parameterized_configs(draft, element, blocking_step=False)
        elif name == DOWNSTREAM_EXT:
            _downstream_ext(draft, element)
        elif name == NAGINATOR:
            _naginator(draft, element)
        elif name == JOIN:
            # "Run these once every downstream build started by this one has
            # finished": a Parallel state then the join jobs, not an edge.
            draft.find("JM309", msg("join trigger: {element!r} run after all downstream builds "
                                    "finish (Parallel state, by hand)",
                                    element=child_text(element, 'joinProjects')),
                       element.sourceline)
        else:
            draft.find("JM324", msg("publisher {name} is not converted", name=name), element.sourceline)


# -- build wrappers ------------------------------------------------------------
def _timeout(draft: JobDraft, element: etree._Element) -> None:
    strategy = child(element, "strategy")
    if strategy is None:  # build-timeout < 1.12 kept the minutes on the wrapper
        minutes = child_text(element, "timeoutMinutes").strip()
        strategy_class = ABSOLUTE_TIMEOUT if minutes else ""
    else:
        strategy_class = strategy.get("class", "")
        minutes = child_text(strategy, "timeoutMinutes").strip()
    if strategy_class == ABSOLUTE_TIMEOUT and is_number(minutes):
        draft.timeout_seconds = int(minutes) * 60
    else:
        draft.find("JM313", msg("build-timeout strategy {value} ({value2})",
                                value=simple_name(strategy_class) or '?',
                                value2=text(strategy).strip() or 'see config'), element.sourceline)


def read_wrappers(draft: JobDraft, wrappers: etree._Element | None) -> None:
    """Record the build timeout; name the other wrappers (JM324)."""
    for element in elements(wrappers):
        name = java_name(element.tag)
        if name == BUILD_TIMEOUT:
            _timeout(draft, element)
        else:
            draft.find("JM324", msg("build wrapper {name} is not converted", name=name), element.sourceline)
