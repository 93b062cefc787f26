"""The report's quick paths give what the plain computations give.

The report of a large estate reads a hundred thousand jobs and findings, so a few
steps take a shorter road: the place of a finding is ordered without writing and
parsing its text again, the jobs are read in one pass, and the renewal dates are
read from the plan's calendars. Each test here compares such a road with the plain
definition it replaces (written out in the test), on generated plans.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from jobmig.report.data import (
    _JobIndex, _occurrence_order, _place, _position_order, _where, build_report,
)

_PATHS = st.sampled_from(["a.jp1", "dir/b.cron", "c:d", "C:\\x\\e.xml", "9:1", "", "f:", "本番.jp1"])
_NUMBERS = st.one_of(st.none(), st.integers(-3, 12), st.booleans(), st.sampled_from(["4", "x", "²"]))
_SOURCES = st.one_of(
    st.none(), st.just("not a dict"),
    st.fixed_dictionaries({"path": st.one_of(_PATHS, st.none(), st.integers(0, 3))},
                          optional={"line": _NUMBERS, "column": _NUMBERS}))


def _plain_place(source: Any) -> tuple[str, tuple[str, list[int]]] | type[ValueError]:
    """What the place of a finding reads as when its text is written and parsed again."""
    where = _where(source)
    path, *position = where.rsplit(":", 2) if where else ("",)
    if any(p.isdigit() and not p.isascii() for p in position):
        return ValueError  # int() refuses a digit such as '²'
    numbers = [int(p) for p in position if p.isdigit()]
    if len(numbers) != len(position):
        path, numbers = where, []
    return where, (path, numbers)


@settings(max_examples=200, deadline=None)
@given(_SOURCES)
def test_a_finding_place_is_written_and_ordered_as_its_text_would_be(source: Any) -> None:
    expected = _plain_place(source)
    if expected is ValueError:
        try:
            _place(source)
        except ValueError:
            return
        raise AssertionError("a place the plain order refuses was ordered")
    assert _place(source) == expected


def test_places_order_lines_and_columns_as_numbers() -> None:
    # file9 sorts after file10 as text; line 9 sorts before line 10 as a number
    keys = [_place({"path": p, "line": line, "column": column})[1]
            for p, line, column in [("f", 10, 1), ("f", 9, 2), ("f", 9, 10), ("e", 99, None)]]
    assert sorted(keys) == [("e", [99]), ("f", [9, 2]), ("f", [9, 10]), ("f", [10, 1])]


def test_the_order_of_an_occurrence_is_the_order_of_its_place() -> None:
    from jobmig.report.data import Occurrence

    occurrence = Occurrence("x.cron:12:3", "cron:x#1", "x", "a message", "x.cron")
    assert _occurrence_order(occurrence) == ("x.cron", [12, 3], "cron:x#1", "a message")
    # only the last two ':' can part a line and column from the path
    assert _position_order("C:\\x:7:3") == ("C:\\x", [7, 3])
    assert _position_order("a:b:7") == ("a:b:7", [])


_JOBS = st.lists(st.fixed_dictionaries(
    {"id": st.one_of(st.sampled_from(["j1", "j2", "j3"]), st.none())},
    optional={"name": st.sampled_from(["", "Job One", "夜間"]),
              "status": st.sampled_from(["auto", "review", "manual", "odd"]),
              "source": st.one_of(st.none(), st.fixed_dictionaries(
                  {"path": st.sampled_from(["a", "b"])},
                  optional={"format": st.sampled_from(["jp1", "crontab"])})),
              "schedules": st.one_of(st.none(), st.just("x"), st.lists(st.one_of(
                  st.just("not a schedule"),
                  st.fixed_dictionaries({"kind": st.sampled_from(["rule", "schedule"])}))))}),
    max_size=8)


@settings(max_examples=150, deadline=None)
@given(_JOBS)
def test_one_pass_over_the_jobs_counts_what_separate_passes_count(jobs: list[dict]) -> None:
    index = _JobIndex(jobs)

    def status(job: dict) -> str:
        return job.get("status") if job.get("status") in ("auto", "review", "manual") else "manual"

    statuses = Counter(status(job) for job in jobs)
    assert (index.counts.jobs, index.counts.auto, index.counts.review, index.counts.manual) == (
        len(jobs), statuses["auto"], statuses["review"], statuses["manual"])
    assert index.names == {str(job.get("id", "")): str(job.get("name") or job.get("id") or "")
                           for job in jobs}
    assert index.sources == {("" if job["id"] is None else job["id"]): job.get("source")
                             for job in jobs}
    assert index.schedule_rules == sum(
        1 for job in jobs if isinstance(job.get("schedules"), list)
        for schedule in job["schedules"] if isinstance(schedule, dict) and schedule["kind"] == "rule")
    for path in ("a", "b", ""):
        members = [job for job in jobs if ((job.get("source") or {}).get("path") or "") == path]
        counted = Counter(status(job) for job in members)
        counts = index.counts_of(path)
        assert (counts.jobs, counts.auto, counts.review, counts.manual) == (
            len(members), counted["auto"], counted["review"], counted["manual"])
        if members:
            assert index.first_job[path] is members[0]
        else:
            assert path not in index.first_job


_CALENDARS = st.lists(st.one_of(st.just("not a calendar"), st.fixed_dictionaries(
    {"name": st.sampled_from(["c1", "c2", "c3"])},
    optional={"horizon": st.one_of(st.just("2027-12-31"), st.lists(
        st.sampled_from(["2026-01-01", "2027-06-30", "2027-12-31"]), max_size=3))})), max_size=6)


@settings(max_examples=150, deadline=None)
@given(_CALENDARS, st.lists(st.sampled_from(["c1", "c4"]), max_size=2))
def test_renewal_dates_read_from_the_plan_equal_those_of_the_listed_calendars(
        calendars: list[Any], gated: list[str]) -> None:
    plan = {"calendars": calendars,
            "jobs": [{"id": "j", "name": "j", "schedules": [{"calendar": name} for name in gated]}]}
    report = build_report(plan)
    ends: dict[str, list[str]] = {}
    for calendar in report.calendars:  # the plain road: every calendar the report lists
        if calendar.horizon_end:
            ends.setdefault(calendar.horizon_end, []).append(calendar.name)
    assert report.calendar_renewals == tuple(
        (end, tuple(sorted(names))) for end, names in sorted(ends.items()))


def test_renewal_dates_take_the_last_listing_of_a_calendar() -> None:
    plan = {"calendars": [{"name": "c", "horizon": ["2026-01-01", "2026-12-31"]},
                          {"name": "c", "horizon": ["2026-01-01", "2027-12-31"]},
                          {"name": "d", "horizon": ["2026-01-01", "2026-12-31"]}]}
    assert build_report(plan).calendar_renewals == (("2026-12-31", ("d",)),
                                                    ("2027-12-31", ("c",)))


def test_the_remembered_timing_kind_of_a_code_is_the_kind_worked_out_each_time() -> None:
    from jobmig.catalogue import CATALOGUE
    from jobmig.report.timing import _code_kind, code_kind

    codes = sorted(CATALOGUE) + ["JM999", "", "not a code"]
    for _ in range(2):  # asked twice: the second answer comes from memory
        assert [code_kind(code) for code in codes] == [_code_kind.__wrapped__(code)
                                                       for code in codes]
    from jobmig.report.timing import DST, DST_CODES, SUB_MINUTE, SUB_MINUTE_CODES

    assert all(code_kind(code) == SUB_MINUTE for code in SUB_MINUTE_CODES)
    assert all(code_kind(code) == DST for code in DST_CODES)
    assert code_kind("JM999") is None


_KEYS = st.one_of(st.text(max_size=6), st.integers(-5, 5), st.booleans(), st.none(),
                  st.floats(allow_nan=False, width=32))
_LEAVES = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(),
                    st.text(max_size=12), st.sampled_from(["\u2028", '"\\', "\x00\x1f", "日次"]))
_VALUES = st.recursive(_LEAVES, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.lists(inner, max_size=3).map(tuple),
    st.dictionaries(st.text(max_size=6), inner, max_size=4)), max_leaves=25)


@settings(max_examples=300, deadline=None)
@given(_VALUES)
def test_report_json_text_is_what_the_standard_library_writes(value: Any) -> None:
    import json

    from jobmig.report.json_render import dumps

    assert dumps(value) == json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(_KEYS, _LEAVES, max_size=1))
def test_report_json_writes_keys_that_are_not_strings_as_the_standard_library_does(
        value: dict) -> None:
    import json

    from jobmig.report.json_render import dumps

    assert dumps(value) == json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)


def test_report_json_writes_messages_as_their_english_text_and_refuses_other_objects() -> None:
    import json

    import pytest

    from jobmig.messages import msg
    from jobmig.report.json_render import dumps

    value = {"m": [msg("{n} jobs", n=3)], "t": (1, 2.5, float("nan"))}
    assert dumps(value) == json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)
    with pytest.raises(TypeError):
        dumps({"x": {1, 2}})
    with pytest.raises(TypeError):
        dumps({(1, 2): "a tuple key"})
