"""Small contracts of the model and the job graph (jobmig.model, jobmig.graph)."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jobmig.model import Status

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
