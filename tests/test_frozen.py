"""copy_with must make exactly the object dataclasses.replace makes, for every model class."""
from __future__ import annotations

import dataclasses

from hypothesis import given, strategies as st

from jobmig.frozen import copy_with
from jobmig.model import Condition, Dependency, Finding, Job, LegacySchedule, ParseResult, SourceRef

texts = st.text(max_size=8)
refs = st.builds(SourceRef, texts, st.none() | st.integers(1, 9), st.none() | st.integers(1, 9),
                 st.none() | st.just("jp1"))
findings = st.builds(Finding, st.just("JM001"), texts, st.none() | refs, st.none() | texts)
jobs = st.builds(Job, texts, texts, refs, kind=st.sampled_from(["job", "jobnet"]),
                 command=st.none() | texts,
                 environment=st.dictionaries(texts, texts, max_size=2),
                 schedules=st.lists(st.builds(LegacySchedule, st.just("jp1"), texts),
                                    max_size=2).map(tuple),
                 findings=st.lists(findings, max_size=2).map(tuple))
edges = st.builds(Dependency, texts, texts, st.sampled_from(list(Condition)),
                  source=st.none() | refs)


@given(jobs, texts, refs, st.dictionaries(texts, texts, max_size=2))
def test_a_job_copied_with_changes_equals_the_one_replace_makes(job, name, source, environment):
    copied = copy_with(job, name=name, source=source, environment=environment)
    expected = dataclasses.replace(job, name=name, source=source, environment=environment)
    assert copied == expected and hash(copied.source) == hash(expected.source)
    assert type(copied) is Job and copied is not job
    assert vars(copied) == vars(expected)


@given(refs, texts)
def test_a_source_reference_copied_with_a_new_path_sorts_and_hashes_like_replace(ref, path):
    copied, expected = copy_with(ref, path=path), dataclasses.replace(ref, path=path)
    assert copied == expected and hash(copied) == hash(expected) and str(copied) == str(expected)
    assert not copied < expected and not expected < copied


@given(edges, jobs, texts)
def test_edges_and_results_copied_equal_replace_and_leave_the_original_alone(edge, job, path):
    before = dataclasses.replace(edge)
    assert copy_with(edge, successor=path) == dataclasses.replace(edge, successor=path)
    assert edge == before  # the original is not changed
    result = ParseResult("a.ajs", "jp1", (job,), (edge,))
    assert copy_with(result, path=path, jobs=()) == dataclasses.replace(result, path=path, jobs=())


def test_a_copied_object_stays_frozen():
    copied = copy_with(SourceRef("a", 1), path="b")
    try:
        copied.path = "c"  # type: ignore[misc]
    except dataclasses.FrozenInstanceError:
        pass
    else:
        raise AssertionError("a copy must be as frozen as the original")
    assert copied.path == "b"
