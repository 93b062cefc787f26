"""Small contracts of the model (jobmig.model)."""
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
