"""JP1 waits on other jobnets (``eun``) and jobnet connectors (``nc``) on the AWS side.

The edges come from :mod:`jobmig.parsers.jp1.waits` (``parameters["via"]``);
the rules and join gates from :mod:`jobmig.mappings.event_patterns`. This
module holds what those two need beyond the general machinery:

* a jobnet connector unit is a marker in its jobnet's state machine (a
  ``Pass`` state): the wait it stands for is the rule that starts the jobnet;
* the end of a waited unit that runs *inside* a jobnet is not an execution
  event of its own. Its end is signalled by the end of the state machine
  that runs it (its nested jobnet's child machine, else its root jobnet's):
  the root ends after the unit, so the wait is longer than JP1's, never
  shorter. The alternative, a PutEvents task emitted by the waited unit,
  would need a receiving rule per wait and a second event contract; the
  status-change event already exists and the join gate reads it;
* a waiting unit *inside* a jobnet is not started by a rule: its jobnet's
  state machine polls right before it (:mod:`jobmig.mappings.eun_poll`).
"""
from __future__ import annotations

from typing import Any

from jobmig.graph import JobGraph
from jobmig.model import Dependency, Job
from jobmig.mappings.asl_tasks import BuildContext, chain

CONNECTOR_TYPES = frozenset({"nc"})
WAIT_VIAS = frozenset({"eun", "nc"})


def is_connector(job: Job) -> bool:
    return job.kind == "job" and (job.unit_type or "") in CONNECTOR_TYPES


def is_wait(edge: Dependency) -> bool:
    """True for the edges of JP1 waits and connectors."""
    return edge.parameters.get("via") in WAIT_VIAS


def connector_states(ctx: BuildContext, job: Job,
                     next_state: str | None) -> tuple[str, dict[str, dict[str, Any]]]:
    """A ``Pass`` marker for the connector (its wait is the rule that starts the jobnet)."""
    name = ctx.name(ctx.label(job))
    target = next((str(v).strip().strip('"') for k, v in job.attributes.get("params", ())
                   if k == "ncr"), "?")
    state = chain({"Type": "Pass", "Comment": f"jobnet connector {job.id}: the rule on {target}'s "
                   "end started this jobnet", "ResultPath": None}, next_state)
    return name, {name: state}


def signalling_unit(graph: JobGraph, unit_id: str, machine_of: dict[str, str]) -> str:
    """The unit whose state machine's end stands for the end of ``unit_id``: itself when it
    has a machine, else the nearest enclosing jobnet that has one (its root at the latest)."""
    current = unit_id
    while current not in machine_of:
        parent = graph.job(current).parent
        if parent is None or parent not in graph:
            return graph.root_of(unit_id)
        current = parent
    return current


def started_by_rules(graph: JobGraph, realized: dict[tuple[str, str], str]) -> list[str]:
    """Jobnets a JP1 wait or connector rule (or join gate) starts, sorted.

    JP1 runs such a jobnet on its schedule and holds it until the waited units have
    ended; on AWS the rule is what starts it, and its own schedule would start it a
    second time: the pipeline leaves that schedule out (JM445).
    """
    return sorted({edge.successor for edge in graph.dependencies() if is_wait(edge)
                   and realized.get((edge.predecessor, edge.successor)) in RULE_REALIZED})


RULE_REALIZED = frozenset({"event_rule", "join_gate"})
