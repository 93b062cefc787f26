"""The JP1 reader's shortcuts give what the plain path gives.

The reader of a 100,000-unit export takes a few shortcuts: jobs and edges built
without the dataclass ``__init__``, a unit's ``ty=`` read once, the cycle of a
jobnet's arrows found on child names (and remembered), the group calendars read
only when a ``jc=`` asks, commands searched for damaged characters only when the
text holds one. Each test states the plain result independently (the model's own
constructor, the unit's parameters, a hand-traced search, the catalogue's
semantics) and checks the shortcut against it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from hypothesis import given, strategies as st

from jobmig.model import Condition, Dependency, Job, SourceRef
from jobmig.options import ParseOptions
from jobmig.parsers.jp1 import units as jp1
from jobmig.parsers.jp1.syntax import parse_units
from jobmig.textio import damaged_characters, has_damaged_characters


def _parse(text: str):
    return jp1.parse(text.encode("utf-8"), path="x.ajs", options=ParseOptions())


def test_a_job_built_by_the_shortcut_equals_the_one_its_constructor_builds():
    source = SourceRef("x.ajs", 3, 1, "jp1")
    given = {"id": "jp1:/g/n/j", "name": "g/n/j", "source": source, "kind": "job",
             "unit_type": "pj", "command": "run.bat", "parent": "jp1:/g/n",
             "attributes": {"unit": {"name": "j"}}, "timeout_seconds": 600}
    built = jp1._new_job(dict(given))
    plain = Job(**given)
    assert built == plain
    assert list(vars(built).items()) == list(vars(plain).items())  # same fields, same order


def test_fields_left_out_get_fresh_defaults_of_their_own():
    source = SourceRef("x.ajs", 1, 1, "jp1")
    first = jp1._new_job({"id": "a", "name": "a", "source": source})
    second = jp1._new_job({"id": "b", "name": "b", "source": source})
    assert first.parameters == {} and first.environment == {} and first.schedules == ()
    assert first.parameters is not second.parameters  # not one shared dict
    assert first.concurrent is True and first.disabled is False


def test_an_edge_built_by_the_shortcut_equals_the_one_its_constructor_builds():
    given = {"predecessor": "jp1:/n/a", "successor": "jp1:/n/b",
             "condition": Condition.FAILURE, "scope": "workflow",
             "source": SourceRef("x.ajs", 2, 3, "jp1"), "parameters": {"connection": "seq"}}
    built = jp1._new_dependency(dict(given))
    assert built == Dependency(**given)
    assert built.wait is False


def test_the_shortcut_refuses_a_class_whose_init_does_more_than_set_fields():
    @dataclass(frozen=True)
    class Checked:
        value: int

        def __post_init__(self) -> None:
            assert self.value >= 0

    @dataclass(frozen=True)
    class Derived:
        value: int
        double: int = field(init=False, default=0)

    with pytest.raises(TypeError):
        jp1._Builder(Checked)
    with pytest.raises(TypeError):
        jp1._Builder(Derived)


def test_a_units_type_is_its_last_ty_parameter():
    roots, _ = parse_units("unit=n,,,;{ty=g;cm=x;ty=n;}\nunit=m,,,;{cm=y;}\n")
    assert roots[0].ty().raw == "n" and roots[0].ty() is roots[0].last("ty")
    assert roots[0].ty() is roots[0].ty()
    assert roots[1].ty() is None and roots[1].ty() is None


def test_the_cycle_search_walks_from_the_first_name_in_sorted_order():
    # hand trace: from A: A→B, B→C, C→B closes B C B; D→D is never reached first
    assert jp1._cycle((("C", "B"), ("A", "B"), ("B", "C"), ("D", "D"))) == ("B", "C", "B")
    assert jp1._cycle((("A", "B"), ("B", "C"), ("A", "C"))) == ()


def test_a_cycle_among_the_arrows_of_two_jobnets_is_named_in_each():
    jobs = "".join(f"unit={name},,,;{{ty=j;te=/bin/true;}}\n" for name in "ABC")
    nets = [f"unit={net},,,;{{ty=n;ar=(f=B,t=C);ar=(f=C,t=B);ar=(f=A,t=B);\n{jobs}}}\n"
            for net in ("n1", "n2")]
    result = _parse("".join(nets))
    cycles = [f.message for f in result.findings if f.code == "JM403"]
    assert len(cycles) == 2
    assert all("(B → C → B)" in message for message in cycles)
    assert "in n1" in cycles[0] and "in n2" in cycles[1]


def test_a_jc_reference_finds_a_group_calendar_defined_further_down():
    text = ("unit=a,,,;{ty=g;\n"
            "unit=net,,,;{ty=n;jc=/b;sd=1,*1;st=1,10:00;\n"
            "unit=j,,,;{ty=j;te=/bin/true;}}}\n"
            "unit=b,,,;{ty=g;op=mo;cl=su;}\n")
    result = _parse(text)
    net = next(job for job in result.jobs if job.id == "jp1:/a/net")
    assert net.schedules[0].context["op"] == ["mo"] and net.schedules[0].context["cl"] == ["su"]
    assert not [f for f in (*result.findings, *net.findings) if f.code == "JM426"]


def test_a_command_with_a_control_character_is_found_and_a_clean_export_has_none():
    damaged = _parse("unit=n,,,;{ty=n;\nunit=j,,,;{ty=j;te=\"a\x01b\";}}\n")
    job = next(job for job in damaged.jobs if job.id == "jp1:/n/j")
    assert [(f.code, f.source.line) for f in job.findings if f.code == "JM010"] == [("JM010", 2)]
    clean = _parse("unit=n,,,;{ty=n;\nunit=j,,,;{ty=j;te=\"ab\";}}\n")
    assert not [f for job in clean.jobs for f in job.findings if f.code == "JM010"]


@given(st.text(alphabet=st.sampled_from("ab\t\n\r\x00\x01\x1f\x7f\ufffd é"), max_size=30))
def test_a_text_has_damaged_characters_exactly_when_any_are_listed(text):
    assert has_damaged_characters(text) == bool(damaged_characters(text))
