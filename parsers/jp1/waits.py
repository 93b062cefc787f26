"""JP1 waits on units of other jobnets (``eun``) and jobnet connectors (``nc``) → cross edges.

What the JP1/AJS3 manuals say (Command Reference, 5.2.4 "Jobnet definition",
5.2.10 and the other job definitions, 5.2.29 "Specifying the definition of a
jobnet connector"; System Design (Work Tasks) Guide 2.2.5 and 2.4.7/2.4.8;
Operator's Guide 12.3.19 "Waiting Condition Settings dialog box"):

* **Wait conditions.** ``eun=name-of-the-unit-whose-end-is-being-waited-for``
  (repeatable, a unit full name such as ``/group/jobnet/job``) on a jobnet or a
  job; ``mm={and|or}`` the wait method "when more than one unit whose end is to
  be waited for is assigned" ("The default is AND"); ``nmg``, ``ega``, ``uem``
  what to do when the waited unit has no generation, when an execution
  generation ends abnormally, and for unmonitored start-condition jobnets
  (defaults ``n``, ``none``, ``n``). A waited unit "has finished executing when
  its status is ... Ended normally, Ended with warning, Bypassed": on AWS a
  SUCCEEDED execution.
* **Jobnet connectors.** A connector (``ty=nc``) sits in a jobnet and names,
  with ``ncr=``, "the unit full name of the root jobnet for which you want to
  control the execution order"; units after the connector run once that root
  jobnet has ended. ``ncex=y`` enables "linkage between scheduler services"
  (``nchn`` host, ``ncsv`` service). The connected root jobnet says the same
  from its side: ``ncl=y`` (execution order controlled), ``ncn`` the
  connector's name, ``ncs=y`` to start in synchronisation with the connector.

Each becomes a :class:`~jobmig.model.Dependency` of scope ``cross`` from the
waited unit (or the connected root jobnet) to the waiting unit (or the
connector's root jobnet), with ``parameters["via"]`` ``eun`` or ``nc`` and
``parameters["join"]`` ``and``/``or`` when several must end, so the status
change rules and join gates of :mod:`jobmig.mappings.event_patterns` carry it.
An edge whose other end is not in the export is reported by the graph
(JM440). The differences each conversion leaves are JM441 (waits) and JM442
(connectors), at the parameter's ``path:line:col``; a waiting unit inside a
jobnet is polled for by its jobnet's state machine instead (JM446,
:mod:`jobmig.mappings.eun_poll`).
"""
from __future__ import annotations

from typing import Callable

from jobmig.model import Condition, Dependency, Finding, SourceRef
from jobmig.parsers.jp1.syntax import Param, Unit
from jobmig.messages import joined, msg

#: Keys this module reads (the parser's JM414 is left for ``ejn``).
HANDLED_KEYS = frozenset({"eun", "ncr", "ncl", "ncn", "ncs", "ncex", "nchn", "ncsv"})
WAIT_DEFAULTS = {"mm": "and", "nmg": "n", "ega": "none", "uem": "n"}  # [M]/ajsbutler defaults
_NOT_CARRIED = {
    "nmg": lambda value: msg("nmg={value}: JP1's choice when the waited unit has no generation "
                             "for the day", value=value),
    "ega": lambda value: msg("ega={value}: JP1's choice when an execution generation ends "
                             "abnormally", value=value),
    "uem": lambda value: msg("uem={value}: JP1's choice for an unmonitored start-condition "
                             "jobnet", value=value),
}
#: What the conversion does instead, whatever those settings say.
_INSTEAD = {
    False: msg("the status-change rule starts the unit on every SUCCEEDED run of the waited "
               "units, whenever it comes, and never without one"),
    True: msg("its jobnet's state machine polls for a SUCCEEDED run of the waited units for the "
              "run's business day, up to a day, then fails (Jobmig.WaitTimedOut)"),
}
VIA_EUN, VIA_NC = "eun", "nc"


def _last(unit: Unit, key: str) -> Param | None:
    params = unit.index().get(key)
    return params[-1] if params else None


def _value(unit: Unit, key: str) -> str:
    param = _last(unit, key)
    return param.text.strip().strip('"') if param is not None else WAIT_DEFAULTS.get(key, "")


def target_id(full_name: str) -> str | None:
    """The job id of a unit full name (``/grp/net`` → ``jp1:/grp/net``), None if not one."""
    name = full_name.strip().strip('"')
    return f"jp1:{name.rstrip('/')}" if name.startswith("/") and name.strip("/") else None


def wait_edges(unit: Unit, unit_id: str, name: str,
               ref: Callable[[int, int], SourceRef], *,
               inside: bool = False) -> tuple[list[Dependency], list[Finding]]:
    """Edges for the unit's ``eun`` waits and the findings they need (none without eun).
    ``inside``: the unit is inside a jobnet (its jobnet's machine polls instead, JM446)."""
    waits = unit.index().get("eun")
    if not waits:
        return [], []
    method = _value(unit, "mm").lower()
    edges: list[Dependency] = []
    findings: list[Finding] = []
    for param in waits:
        where = ref(param.line, param.column)
        target = target_id(param.text)
        if target is None:
            findings.append(Finding(
                "JM440", msg("unit {name}: eun={raw} is not a unit full name "
                             "(/group/jobnet[/unit]); the wait was not converted",
                             name=name, raw=param.raw), where, unit_id))
            continue
        parameters = {"via": VIA_EUN}
        if len(waits) > 1:
            parameters["join"] = "or" if method == "or" else "and"
        edges.append(Dependency(target, unit_id, Condition.SUCCESS, "cross", where,
                                parameters=parameters))
    if edges:
        names = ", ".join(edge.predecessor.split(":", 1)[1] for edge in edges)
        how = ((msg("all of {names} (mm=and)", names=names) if inside else
                msg("all of {names} (mm=and: a join gate)", names=names))
               if len(edges) > 1 and method != "or"
               else (msg("any of {names} (mm=or)", names=names) if inside else
                     msg("any of {names} (mm=or: one rule)", names=names)) if len(edges) > 1
               else names)
        message = (msg("unit {name} waits for the end of {how}: ", name=name, how=how) + (
            msg("its jobnet's state machine polls for a SUCCEEDED run before it (JM446)") if inside
            else msg("a Step Functions status-change rule (SUCCEEDED) starts it when the wait is "
                     "over; JP1 starts it at its own time and then waits")))
        findings.append(Finding("JM441", message, edges[0].source, unit_id))
        # each setting AWS has no counterpart for, at its own path:line:col
        for key, said in _NOT_CARRIED.items():
            param = _last(unit, key)
            if param is None or _value(unit, key) == WAIT_DEFAULTS[key]:
                continue
            findings.append(Finding(
                "JM441", msg("unit {name}: not carried over: {what}; instead {instead}",
                             name=name, what=said(_value(unit, key)), instead=_INSTEAD[inside]),
                ref(param.line, param.column), unit_id))
    return edges, findings


def connector_edges(unit: Unit, unit_id: str, name: str, connector_root: str | None,
                    has_predecessors: bool,
                    ref: Callable[[int, int], SourceRef]) -> tuple[list[Dependency], list[Finding]]:
    """The edge of a jobnet connector (``ty=nc``): its ``ncr`` root jobnet → the root jobnet
    that holds the connector. Connectors always join with AND (each is passed in turn)."""
    target = _last(unit, "ncr")
    where = ref(unit.line, unit.column)
    if target is None or target_id(target.text) is None or connector_root is None:
        what = msg("ncr={raw} is not a root jobnet's full name", raw=target.raw) \
            if target is not None else msg("no ncr= (connected root jobnet)")
        if connector_root is None:
            what = msg("it is not inside a jobnet")
        return [], [Finding("JM440", msg("jobnet connector {name}: {what}; not converted",
                                         name=name, what=what),
                            ref(target.line, target.column) if target else where, unit_id)]
    source = ref(target.line, target.column)
    edge = Dependency(target_id(target.text) or "", connector_root, Condition.SUCCESS, "cross",
                      source, parameters={"via": VIA_NC, "join": "and"})
    root_name = connector_root.split(":", 1)[1]
    notes = [msg("jobnet connector {name}: {root_name} is started by a status-change rule when "
                 "{target} ends (SUCCEEDED)", name=name, root_name=root_name,
                 target=target.text.strip())]
    if has_predecessors:
        notes.append(msg("the units before the connector wait for it too (JP1 runs them first)"))
    if _value(unit, "ncex") == "y":
        host, service = _value(unit, "nchn"), _value(unit, "ncsv")
        notes.append(msg("ncex=y links scheduler services (host {host}, service {service}): "
                         "EventBridge has no such link; convert that service's export into "
                         "the same account and Region", host=host or '?', service=service or '?'))
    findings = [Finding("JM442", joined("; ", notes), source, unit_id)]
    return [edge], findings


def controlled_findings(unit: Unit, unit_id: str, name: str,
                        ref: Callable[[int, int], SourceRef]) -> list[Finding]:
    """JM442 on a root jobnet whose order a connector controls in sync mode (``ncs=y``)."""
    if _value(unit, "ncl") != "y" or _value(unit, "ncs") != "y":
        return []
    param = _last(unit, "ncs")
    connector = _value(unit, "ncn") or "?"
    return [Finding("JM442", msg("jobnet {name} starts in synchronisation with connector "
                                 "{connector} (ncs=y): JP1 starts it when the connector is "
                                 "reached; the conversion keeps its own schedule and starts the "
                                 "connector's jobnet after it ends",
                                 name=name, connector=connector), ref(param.line, param.column) if param else None, unit_id)]
