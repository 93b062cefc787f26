"""A state machine's definition size and fitted policy are worked out once and shared.

The plan's limit checks (JM540, JM541, JM543) and every stack split read the same
measures of each machine (:func:`jobmig.emit.limits.measures`); the reference here
is the plain computation: the compact JSON of the definition measured with the
standard library, and :func:`jobmig.emit.limits.fit_permissions` and
:func:`jobmig.emit.limits.policy_chars` called directly.
"""
from __future__ import annotations

import gc
import json
from dataclasses import replace
from datetime import date

import pytest

from jobmig.emit import aws_stack, limits
from jobmig.mappings.asl_tasks import Permission
from jobmig.mappings.stepfunctions import StateMachine
from jobmig.options import MapOptions, ParseOptions
from jobmig.pipeline import build_plan
from jobmig.sources import collect, read_sources
from tests.conftest import REPO


@pytest.fixture(scope="module")
def plan():  # type: ignore[no-untyped-def]
    found, findings = collect([str(REPO / "samples")])
    results, records = read_sources(found, ParseOptions(timezone="Asia/Tokyo"))
    return build_plan(results, records, MapOptions(
        timezone="Asia/Tokyo", horizon=(date(2026, 1, 1), date(2026, 12, 31))), list(findings))


def _wide_machine() -> StateMachine:
    """A machine reaching 300 documents of 40-character names: about 24,000 characters of
    policy, so it fits the 10,240 of a role only with wildcards."""
    permissions = tuple(sorted(Permission(
        "ssm:SendCommand", "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:"
        f"document/nightly-batch-document-number-{n:04d}") for n in range(300)))
    return StateMachine("wide", {"StartAt": "A", "States": {"A": {"Type": "Pass",
                                                                  "End": True}}},
                        ("job:1",), permissions=permissions)


def _plain(machine, conditions):  # type: ignore[no-untyped-def]
    text = json.dumps(machine.definition, ensure_ascii=False, separators=(",", ":"))
    fitted = limits.fit_permissions(list(machine.permissions), conditions=conditions)
    granted = fitted[0] if fitted is not None else list(machine.permissions)
    return (len(text), len(text.encode("utf-8")),
            (tuple(fitted[0]), fitted[1]) if fitted is not None else None,
            limits.policy_chars(granted))


def test_the_shared_measures_of_every_machine_equal_the_plain_computation(plan) -> None:
    machines = [*plan.state_machines, _wide_machine()]
    assert len(machines) > 3
    for machine in machines:
        measured = limits.measures(machine, aws_stack.CONDITIONS)
        assert (measured.definition_chars, measured.definition_bytes, measured.fitted,
                measured.role_chars) == _plain(machine, aws_stack.CONDITIONS)
    assert limits.measures(machines[-1], aws_stack.CONDITIONS).fitted[1] is True


def test_a_machine_is_measured_once_and_a_changed_copy_anew() -> None:
    machine = _wide_machine()
    first = limits.measures(machine, aws_stack.CONDITIONS)
    assert limits.measures(machine, aws_stack.CONDITIONS) is first
    narrow = replace(machine, permissions=machine.permissions[:2])
    assert limits.measures(narrow, aws_stack.CONDITIONS).fitted == _plain(
        narrow, aws_stack.CONDITIONS)[2]
    assert limits.measures(narrow, aws_stack.CONDITIONS).fitted[1] is False
    # other conditions are another computation
    assert limits.measures(machine, None) is not first


def test_a_freed_machine_leaves_the_shared_measures() -> None:
    machine = _wide_machine()
    key = id(machine)
    limits.measures(machine)
    assert key in limits._MEASURED
    del machine
    gc.collect()
    assert key not in limits._MEASURED


def test_the_stack_split_counts_the_same_bytes_with_the_shared_measures(plan) -> None:
    stack = aws_stack.stack_of(plan)
    shared = [(u.key, u.template_bytes) for u in aws_stack._units(stack)]
    for machine in stack.machines:
        assert machine.measured is not None
        machine.measured = None  # the plain path: measure the definition and policy again
    assert [(u.key, u.template_bytes) for u in aws_stack._units(stack)] == shared


def test_the_limit_findings_are_those_of_fresh_machines_measured_plainly(plan) -> None:
    """The same findings whether the machines were measured before or not."""
    wide = _wide_machine()
    found = limits.widened_findings([wide], aws_stack.CONDITIONS)
    fresh = replace(wide, name="wide")  # a new object: measured anew
    assert limits.widened_findings([fresh], aws_stack.CONDITIONS) == found
    assert [f.code for f in found] == ["JM543"]


def test_a_definition_bound_with_jobnet_attributes_kept_is_the_plain_bound(plan) -> None:
    """An audit keeps each jobnet's attributes length while bounding every machine; the
    bounds are those measured afresh for each machine."""
    from jobmig.graph import JobGraph

    found, _ = collect([str(REPO / "samples")])
    results, _ = read_sources(found, ParseOptions(timezone="Asia/Tokyo"))
    graph = JobGraph.from_results(results)
    kept: dict[str, int] = {}
    machines = [m for m in plan.state_machines if m.root in graph]
    nested = [m for m in machines
              if any(job.kind == "jobnet" for job in graph.members(m.root))]
    assert nested  # the samples have JP1 jobnets holding jobnets
    for _ in range(2):  # the second round reads every jobnet's length from ``kept``
        for machine in machines:
            jobs = limits.bounded_jobs(graph, machine)
            assert limits.definition_bound(jobs, 1, 2, kept) == limits.definition_bound(
                jobs, 1, 2)
    assert kept and all(graph.job(job_id).kind == "jobnet" for job_id in kept)
