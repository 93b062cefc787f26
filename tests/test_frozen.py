"""copy_with must make exactly the object dataclasses.replace makes, and quick_init the object
the dataclass's own __init__ makes, for every model class."""
from __future__ import annotations

import dataclasses

from hypothesis import given, strategies as st

from jobmig.frozen import copy_with, quick_init
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


@dataclasses.dataclass(frozen=True)
class _Plain:
    """A frozen dataclass of every kind of field, with the __init__ dataclasses writes."""

    name: str
    line: int | None = None
    tags: dict = dataclasses.field(default_factory=dict)
    parts: tuple = ()


@quick_init
@dataclasses.dataclass(frozen=True)
class _Quick:
    """The same fields, with quick_init's __init__."""

    name: str
    line: int | None = None
    tags: dict = dataclasses.field(default_factory=dict)
    parts: tuple = ()


@given(st.data())
def test_quick_init_takes_the_same_arguments_as_the_dataclass_init(data):
    values = [data.draw(texts), data.draw(st.none() | st.integers()),
              data.draw(st.dictionaries(texts, texts, max_size=2)),
              data.draw(st.lists(texts, max_size=2).map(tuple))]
    given_count = data.draw(st.integers(1, 4))
    by_name = data.draw(st.booleans())
    names = ["name", "line", "tags", "parts"][:given_count]
    if by_name:
        plain = _Plain(**dict(zip(names, values)))
        quick = _Quick(**dict(zip(names, values)))
    else:
        plain, quick = _Plain(*values[:given_count]), _Quick(*values[:given_count])
    assert vars(quick) == vars(plain)
    assert list(vars(quick)) == ["name", "line", "tags", "parts"]  # field order kept


def test_quick_init_gives_each_object_its_own_default_and_keeps_it_frozen():
    first, second = _Quick("a"), _Quick("b")
    assert first.tags == {} and first.tags is not second.tags
    try:
        first.name = "c"  # type: ignore[misc]
    except dataclasses.FrozenInstanceError:
        pass
    else:
        raise AssertionError("quick_init must leave the class frozen")
    try:
        _Quick()  # type: ignore[call-arg]
    except TypeError:
        pass
    else:
        raise AssertionError("a field without a default must be given")


def test_quick_init_refuses_a_class_it_would_get_wrong():
    @dataclasses.dataclass(frozen=True)
    class Checked:
        name: str

        def __post_init__(self) -> None:
            pass

    try:
        quick_init(Checked)
    except TypeError:
        pass
    else:
        raise AssertionError("a __post_init__ would be skipped")


def test_model_jobs_get_their_documented_defaults():
    job = Job("jp1:/g/n", "n", SourceRef("a.ajs", 3))
    assert (job.kind, job.unit_type, job.schedules, job.findings, job.disabled,
            job.concurrent) == ("job", "", (), (), False, True)
    assert job.environment == {} and job.environment is not Job("x", "x", job.source).environment
    assert job.attributes == {}  # a field may have any name, even one the __init__ might use
    assert Job("x", "x", job.source, attributes={"unit": 1}).attributes == {"unit": 1}
    assert Finding("JM001", "m").source is None and Dependency("a", "b").condition is Condition.SUCCESS
