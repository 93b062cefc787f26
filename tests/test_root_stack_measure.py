"""The root-stack check measures only the split, and finds what the full stack gives.

An audit needs the JM544 of the root stack, not the stack: :func:`jobmig.emit.aws_stack.
split_of` builds no logical ids, tags, schedules or starting roles, and :func:`jobmig.emit.
stack_split.split` adds up each part's measures from running totals. Both are checked here
against the plain path: the whole stack of :func:`jobmig.emit.aws_stack.stack_of`, and a
split written straight from the module's description (halve a part by the next bit of
the SHA-1 of each unit's key until every part fits).
"""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jobmig.emit import cloudformation, limits
from jobmig.emit.aws_stack import split_of, stack_of
from jobmig.emit.stack_split import MAX_DEPTH, Capacity, Unit, fits, split
from tests.test_root_stack_limits import TINY, _plan


def plain_split(units, capacity, forced=frozenset(), key=""):
    """The split as the stack_split docstring tells it, one level at a time."""
    units = sorted(units, key=lambda u: u.key)
    if not units:
        return []
    if len(units) == 1 or len(key) >= MAX_DEPTH or (key not in forced
                                                    and fits(units, capacity)):
        return [(key, [u.key for u in units])]
    depth = len(key)
    return (plain_split([u for u in units if u.bits[depth] == "0"], capacity, forced, key + "0")
            + plain_split([u for u in units if u.bits[depth] == "1"], capacity, forced,
                          key + "1"))


units_strategy = st.lists(st.tuples(
    st.from_regex(r"[a-z][a-z0-9:-]{0,12}", fullmatch=True),
    st.integers(0, 3),  # machines
    st.integers(0, 3),  # schedules
    st.sets(st.sampled_from(["InstanceId", "Host2", "Topic", "Key"]), max_size=3),
    st.integers(0, 30_000),  # template bytes
    st.dictionaries(st.sampled_from(["scheduler", "events"]), st.integers(1, 900),
                    max_size=2),
), unique_by=lambda t: t[0], max_size=60)


def _units(rows) -> list[Unit]:
    return [Unit(key, machines=[f"{key}-m{i}" for i in range(machines)],
                 schedules=[f"{key}-s{i}" for i in range(schedules)], parameters=set(params),
                 template_bytes=size, starts=dict(starts))
            for key, machines, schedules, params, size, starts in rows]


@settings(max_examples=150, deadline=None)
@given(units_strategy, st.integers(4, 40), st.integers(1, 8), st.integers(1, 4),
       st.integers(10_000, 120_000), st.integers(300, 3_000),
       st.sets(st.sampled_from(["", "0", "1", "01", "10"]), max_size=2))
def test_the_split_from_running_totals_gives_the_parts_of_the_plain_split(
        rows, resources, outputs, parameters, template_bytes, policy, forced):
    capacity = Capacity(resources=resources, outputs=outputs, parameters=parameters,
                        template_bytes=template_bytes, policy_chars=policy)
    parts = split(_units(rows), capacity, frozenset(forced))
    assert [(p.key, [u.key for u in p.units]) for p in parts] == \
        sorted(plain_split(_units(rows), capacity, frozenset(forced)))


@settings(max_examples=60, deadline=None)
@given(units_strategy, st.sampled_from(["0", "1", "10"]))
def test_splitting_one_part_further_from_its_key_matches_the_plain_split_too(rows, key):
    capacity = Capacity(resources=8, outputs=2, parameters=2, template_bytes=40_000,
                        policy_chars=1_000)
    inside = [u for u in _units(rows) if u.bits.startswith(key)]
    parts = split(inside, capacity, frozenset({key}), key=key)
    assert [(p.key, [u.key for u in p.units]) for p in parts] == \
        plain_split(inside, capacity, frozenset({key}), key)


def _as_split(stack) -> list[tuple]:
    """What the root template and the JM544 read of a stack's split."""
    return [(part.key, [u.key for u in part.units], part.parameters,
             [(r.name, r.notice) for r in part.rules],
             [(u.resources, len(u.machines), u.template_bytes, sorted(u.starts.items()))
              for u in part.units])
            for part in stack.parts]


def _plain_root_findings(plan, capacity, root, outlined=False):
    """JM544 worked out on the whole stack, as the templates are made."""
    stack = stack_of(plan, capacity)
    if len(stack.parts) < 2:
        return []
    data = cloudformation.root_template(stack, stack.parts)
    problems = limits.root_stack_problems(
        data, len(cloudformation.render_template(data).encode("utf-8")), root)
    return [limits.root_stack_finding(problems, len(stack.parts),
                                      [p.name for p in stack.parameters][:3], outlined)
            ] if problems else []


def test_split_of_measures_the_parts_the_whole_stack_is_split_into(tmp_path):
    plan = _plan(tmp_path, hosts=3, nets=24)
    whole, measured = stack_of(plan, TINY), split_of(plan, TINY)
    assert len(whole.parts) > 2
    assert _as_split(measured) == _as_split(whole)
    assert measured.parameters == whole.parameters
    assert measured.description == whole.description
    assert cloudformation.root_template(measured, measured.parts) == \
        cloudformation.root_template(whole, whole.parts)


def test_split_of_keeps_the_failure_notice_rules_and_their_topic_parameter():
    from jobmig import cli

    plan = cli._load(["samples"], "Asia/Tokyo", None, None, None, None, "scheduler", None,
                     None, None, True, "auto")
    tiny = Capacity(resources=8, outputs=3, parameters=3, template_bytes=400_000,
                    policy_chars=2_000)
    whole, measured = stack_of(plan, tiny), split_of(plan, tiny)
    assert any(r.notice for part in whole.parts for r in part.rules)
    assert _as_split(measured) == _as_split(whole)
    assert measured.parameters == whole.parameters
    assert cloudformation.root_template(measured, measured.parts) == \
        cloudformation.root_template(whole, whole.parts)


def test_the_root_check_finds_what_the_whole_stack_gives_at_every_limit(tmp_path):
    plan = _plan(tmp_path, hosts=3, nets=24)
    parts = len(stack_of(plan, TINY).parts)
    size = len(cloudformation.render_template(cloudformation.root_template(
        stack_of(plan, TINY), stack_of(plan, TINY).parts)).encode("utf-8"))
    for root in (limits.RootLimits(resources=parts - 1), limits.RootLimits(resources=parts),
                 limits.RootLimits(parameters=2), limits.RootLimits(template_bytes=size - 1),
                 limits.RootLimits(template_bytes=size)):
        for outlined in (False, True):
            assert limits.root_stack_findings(plan, TINY, root, outlined) == \
                _plain_root_findings(plan, TINY, root, outlined)
    assert limits.root_stack_findings(plan, TINY, limits.RootLimits(parameters=2))


def test_a_units_bits_are_the_first_40_bits_of_the_sha1_of_its_key():
    # SHA-1("abc") = a9993e36 4706816a ... (FIPS 180-2, appendix A.1)
    assert Unit("abc").bits == format(0xa9993e3647, "040b")
    assert Unit("abc").bits.startswith("1010100110011001")
