"""Small contracts of the model and the job graph (jobmig.model, jobmig.graph)."""
from __future__ import annotations

import dataclasses
import inspect

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobmig.model import Job, SourceRef, Status

# plan.json statuses from most to least converted (the design: auto = converted and
# equivalent, review = converted with a difference to accept, manual = not converted)
_ORDER = ["auto", "review", "manual"]


@given(st.lists(st.sampled_from(list(Status))))
def test_worst_status_is_the_least_converted(statuses):
    expected = max((s.value for s in statuses), key=_ORDER.index, default="auto")
    assert Status.worst(statuses) is Status(expected)
    assert Status.worst(tuple(statuses)) is Status(expected)


def test_graph_answers_follow_the_jobs_added():
    # root_of, members and workflow_edges are remembered; what is added later must show
    from jobmig.graph import JobGraph
    from tests.aws_fixtures import dep, job

    graph = JobGraph()
    graph.add_job(job("b", parent="net"))
    graph.add_job(job("c", parent="net"))
    assert graph.root_of("test:b") == "test:b"  # its jobnet is not in the graph (yet)
    graph.add_job(job("net", kind="jobnet"))
    graph.add_dependency(dep("b", "c"))
    assert graph.root_of("test:b") == "test:net"
    assert [m.id for m in graph.members("test:net")] == ["test:b", "test:c"]
    edges = [(d.predecessor, d.successor) for d in graph.workflow_edges("test:net")]
    assert edges == [("test:b", "test:c")]
    graph.add_dependency(dep("c", "b"))
    edges = [(d.predecessor, d.successor) for d in graph.workflow_edges("test:net")]
    assert edges == [("test:b", "test:c"), ("test:c", "test:b")]


def _generated_job_class():
    """A frozen dataclass with Job's fields and the __init__ dataclasses generates for them."""
    specs: list = []
    for item in dataclasses.fields(Job):
        if item.default_factory is not dataclasses.MISSING:
            specs.append((item.name, item.type, dataclasses.field(
                default_factory=item.default_factory)))
        elif item.default is not dataclasses.MISSING:
            specs.append((item.name, item.type, dataclasses.field(default=item.default)))
        else:
            specs.append((item.name, item.type))
    return dataclasses.make_dataclass("GeneratedJob", specs, frozen=True)


_GENERATED_JOB = _generated_job_class()
_NAMES = [item.name for item in dataclasses.fields(Job)]
# a few values per optional field, None among them (it must be stored as given)
_VALUES = st.sampled_from([None, "", "x", 0, 3, True, False, (), {"K": "v"}, ("a",)])


def test_job_init_takes_the_fields_in_order():
    parameters = list(inspect.signature(Job.__init__).parameters)
    assert parameters == ["self"] + _NAMES


@given(st.dictionaries(st.sampled_from(_NAMES[3:]), _VALUES), st.integers(0, len(_NAMES)))
def test_job_init_stores_what_the_generated_init_stores(optional, positional):
    # Job's __init__ is written out for speed; the one dataclasses would generate is the oracle
    required = {"id": "test:a", "name": "a", "source": SourceRef("test.def", 1)}
    arguments = {**required, **optional}
    defaults = _GENERATED_JOB("test:b", "b", None)
    given_positionally = [arguments.pop(name) if name in arguments else getattr(defaults, name)
                          for name in _NAMES[:positional]]
    job = Job(*given_positionally, **arguments)
    reference = _GENERATED_JOB(*given_positionally, **arguments)
    assert [getattr(job, name) for name in _NAMES] == [getattr(reference, name)
                                                       for name in _NAMES]


def test_job_defaults_are_new_dicts_and_the_job_stays_frozen():
    first, second = (Job("test:a", "a", SourceRef("test.def")) for _ in range(2))
    assert first.environment == {} and first.environment is not second.environment
    assert first.attributes is not second.attributes and first.parameters is not second.parameters
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.name = "b"  # type: ignore[misc]
    assert dataclasses.replace(first, name="b").name == "b"
