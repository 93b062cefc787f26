"""Turn Jenkins project references into :class:`Dependency` edges on a draft.

Shared by the config.xml reader and the Groovy scanner, so both resolve names
and report problems the same way:

- a list is split like Jenkins does (trailing commas and spaces tolerated);
- a name holding ``$VAR``/``${VAR}`` (or, from Groovy, any non-literal
  expression) gives a JM306 finding quoting it, and no edge;
- a relative name that climbs above the root gives JM322, and no edge;
- otherwise the edge is emitted even when the other job is not in the
  export: the graph builder reports missing ends (JM502).

Direction: :func:`add_upstream` makes ``named job → this job`` (ReverseBuildTrigger,
``upstream()``); :func:`add_downstream` makes ``this job → named job``
(BuildTrigger, parameterized triggers, ``build job:``).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Mapping

from jobmig.model import Condition, Dependency
from jobmig.parsers.jenkins.conditions import condition_for
from jobmig.parsers.jenkins.draft import JobDraft
from jobmig.parsers.jenkins.names import folder_of, is_computed, job_id, resolve, split_names
from jobmig.messages import msg

CROSS = "cross"
WORKFLOW = "workflow"


def condition(draft: JobDraft, results: frozenset[int], what: str,
              line: int | None) -> Condition:
    """The model condition for ``results``; reports JM308 when approximated."""
    cond, exact = condition_for(results)
    if not exact:
        draft.find("JM308", msg("{what}: fires on results the model cannot state exactly; using "
                                "{value!r}",
                                what=what, value=cond.value), line)
    return cond


@lru_cache(maxsize=8192)
def _resolve_list(names: str, folder: str) -> tuple[tuple[str, str], ...]:
    """(kind, value) per token: ``id`` (a job id), ``computed`` or ``above`` (the token)."""
    resolved: list[tuple[str, str]] = []
    for token in split_names(names):
        if is_computed(token):
            resolved.append(("computed", token))
            continue
        full_name = resolve(token, folder)
        resolved.append(("above", token) if full_name is None else ("id", job_id(full_name)))
    return tuple(resolved)


def _targets(draft: JobDraft, names: str, what: str, line: int | None) -> list[str]:
    """Job ids named by a comma list, reporting computed and impossible names."""
    ids: list[str] = []
    for kind, value in _resolve_list(names, folder_of(draft.full_name)):
        if kind == "computed":
            draft.find("JM306", msg("{what} names {value!r}, which is expanded at run time",
                                    what=what, value=value), line)
        elif kind == "above":
            draft.find("JM322", msg("{what} names {value!r}, which climbs above the root",
                                    what=what, value=value), line)
        else:
            ids.append(value)
    return ids


def add_upstream(draft: JobDraft, names: str, cond: Condition, what: str,
                 line: int | None) -> None:
    """Edges ``upstream → draft`` for each name in ``names``."""
    for target in _targets(draft, names, what, line):
        draft.add_dependency(Dependency(target, draft.id, cond, CROSS, draft.source(line)))


def add_downstream(draft: JobDraft, names: str, cond: Condition, what: str,
                   line: int | None, *, wait: bool = False,
                   parameters: Mapping[str, str] | None = None) -> list[str]:
    """Edges ``draft → downstream`` for each name; returns the target ids.

    ``wait=True`` is a nested, awaited call inside the job's own workflow
    (scope ``workflow``); otherwise a fire-and-forget cross edge.
    """
    targets = _targets(draft, names, what, line)
    for target in targets:
        draft.add_dependency(Dependency(
            draft.id, target, cond, WORKFLOW if wait else CROSS, draft.source(line),
            wait=wait, parameters=dict(parameters or {})))
    return targets
