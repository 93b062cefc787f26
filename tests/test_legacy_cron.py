"""Legacy cron parsing (cronie and Jenkins) and legacy fire times.

Expected values: cronie's rules as summarised in shared/notes/jenkins-cron.md
§3.2, Jenkins' own CronTabTest vectors (§1.5), and hand computation from a
calendar (stated next to each case).
"""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from jobmig.timing.cron import (
    CronSyntaxError, fire_times, parse_jenkins, parse_vixie,
)

UTC = timezone.utc
R = range


def s(*values):
    return frozenset(values)


# expression, minutes, hours, days of month, months, days of week, day_and
VIXIE_CASES = [
    ("weekday-mornings", "30 2 * * 1-5", s(30), s(2), s(*R(1, 32)), s(*R(1, 13)),
     s(1, 2, 3, 4, 5), True),
    ("every-15-minutes", "*/15 * * * *", s(0, 15, 30, 45), s(*R(24)), s(*R(1, 32)),
     s(*R(1, 13)), s(*R(7)), True),
    ("names-any-case", "0 0 * JAN,jul Mon-fri", s(0), s(0), s(*R(1, 32)), s(1, 7),
     s(1, 2, 3, 4, 5), True),
    ("sunday-as-7", "0 0 * * 7", s(0), s(0), s(*R(1, 32)), s(*R(1, 13)), s(0), True),
    ("fri-sun-range-ending-at-0", "0 0 * * 5-0", s(0), s(0), s(*R(1, 32)), s(*R(1, 13)),
     s(5, 6, 0), True),
    ("fri-sun-by-name", "0 0 * * fri-sun", s(0), s(0), s(*R(1, 32)), s(*R(1, 13)),
     s(5, 6, 0), True),
    ("both-days-restricted-is-or", "30 4 1,15 * 5", s(30), s(4), s(1, 15), s(*R(1, 13)),
     s(5), False),
    ("star-step-in-dom-is-and", "0 0 */10 * 1", s(0), s(0), s(1, 11, 21, 31), s(*R(1, 13)),
     s(1), True),
    ("full-range-without-star-is-or", "0 0 1-31 * 1", s(0), s(0), s(*R(1, 32)),
     s(*R(1, 13)), s(1), False),
    ("range-with-step", "0 8-18/2 * * *", s(0), s(8, 10, 12, 14, 16, 18), s(*R(1, 32)),
     s(*R(1, 13)), s(*R(7)), True),
    ("step-beyond-range", "*/35 */23 * * *", s(0, 35), s(0, 23), s(*R(1, 32)),
     s(*R(1, 13)), s(*R(7)), True),
    ("star-step-in-dow-includes-sunday", "0 0 * * */2", s(0), s(0), s(*R(1, 32)),
     s(*R(1, 13)), s(0, 2, 4, 6), True),
    ("tabs-between-fields", "0\t9\t*\t*\t*", s(0), s(9), s(*R(1, 32)), s(*R(1, 13)),
     s(*R(7)), True),
    ("at-daily", "@daily", s(0), s(0), s(*R(1, 32)), s(*R(1, 13)), s(*R(7)), True),
    ("at-weekly", "@weekly", s(0), s(0), s(*R(1, 32)), s(*R(1, 13)), s(0), True),
    ("at-yearly", "@yearly", s(0), s(0), s(1), s(1), s(*R(7)), True),
    ("at-hourly", "@hourly", s(0), s(*R(24)), s(*R(1, 32)), s(*R(1, 13)), s(*R(7)), True),
]


@pytest.mark.parametrize("expr, minutes, hours, doms, months, dows, day_and",
                         [c[1:] for c in VIXIE_CASES], ids=[c[0] for c in VIXIE_CASES])
def test_vixie_fields_parse_to_the_sets_cronie_uses(expr, minutes, hours, doms, months, dows,
                                                    day_and):
    spec = parse_vixie(expr)
    assert (spec.minutes, spec.hours, spec.days_of_month, spec.months, spec.days_of_week,
            spec.day_and) == (minutes, hours, doms, months, dows, day_and)


# expression, field, offset, words the message must contain
VIXIE_ERRORS = [
    ("minute-61", "61 * * * *", "minute", 0, "61 is out of range 0-59"),
    ("hour-25", "0 25 * * *", "hour", 2, "hour: 25 is out of range 0-23"),
    ("dow-8", "0 9 * * 8", "day-of-week", 8, "8 is out of range 0-7"),
    ("dom-0", "0 0 0 * *", "day-of-month", 4, "0 is out of range 1-31"),
    ("month-13", "0 0 1 13 *", "month", 6, "13 is out of range 1-12"),
    ("zero-step", "*/0 * * * *", "minute", 2, "step 0"),
    ("n-slash-step", "5/15 * * * *", "minute", 0, "needs a range or *"),
    ("backwards-range", "0 0 * * * ".strip().replace("0 0", "0 9-5", 1), "hour", 2,
     "runs backwards"),
    ("random-range", "0~30 * * * *", "minute", 1, "random"),
    ("random-bare", "0 ~ * * *", "hour", 2, "random"),
    ("unknown-name", "0 0 * * mon-fry", "day-of-week", 12, "'fry'"),
    ("full-day-name", "0 0 * * monday", "day-of-week", 8, "'monday'"),
    ("empty-list-item", "0,,5 * * * *", "minute", 2, "empty list element"),
    ("four-fields", "* * * *", None, 7, "expected 5 time fields, found 4"),
    ("six-fields", "0 0 * * * 2024", None, 10, "found 6"),
    ("reboot", "@reboot", None, 0, "@reboot"),
    ("unknown-nickname", "@fortnightly", None, 0, "unknown nickname"),
    ("garbage", "every day", None, 9, "expected 5"),
    ("nickname-case-matters", "@DAILY", None, 0, "unknown nickname"),
]


@pytest.mark.parametrize("expr, field, offset, words", [c[1:] for c in VIXIE_ERRORS],
                         ids=[c[0] for c in VIXIE_ERRORS])
def test_vixie_errors_name_the_field_offset_and_problem(expr, field, offset, words):
    with pytest.raises(CronSyntaxError) as caught:
        parse_vixie(expr)
    assert caught.value.field == field
    assert caught.value.offset == offset
    assert words in str(caught.value)


def test_a_vixie_error_is_a_value_error_so_generic_handlers_catch_it():
    assert issubclass(CronSyntaxError, ValueError)


# Jenkins CronTabTest vectors (notes §1.5): spec, seed, [(minutes, hours) per line]
JENKINS_VECTORS = [
    ("H-17", "H 17 * * *", "stuff", [({56}, {17})]),
    ("H-hourly-stuff", "H * * * *", "stuff", [({56}, set(R(24)))]),
    ("at-hourly-stuff", "@hourly", "stuff", [({56}, set(R(24)))]),
    ("at-hourly-junk", "@hourly", "junk", [({20}, set(R(24)))]),
    ("H-in-hour-range", "H H(12-13) * * *", "stuff", [({56}, {13})]),
    ("H-every-15", "H/15 * * * *", "stuff", [({11, 26, 41, 56}, set(R(24)))]),
    ("H-range-step-3", "H(0-15)/3 * * * *", "junk", [({2, 5, 8, 11, 14}, set(R(24)))]),
    ("H-range-step-4-one-value", "H(0-3)/4 * * * *", "junk", [({2}, set(R(24)))]),
    ("two-lines-share-one-stream", "H * * * *\nH * * * *", "seed",
     [({35}, set(R(24))), ({56}, set(R(24)))]),
    ("tz-line-then-two-lines", "TZ=Australia/Sydney\nH * * * *\nH * * * *", "seed",
     [({35}, set(R(24))), ({56}, set(R(24)))]),
]


@pytest.mark.parametrize("spec, seed, lines", [v[1:] for v in JENKINS_VECTORS],
                         ids=[v[0] for v in JENKINS_VECTORS])
def test_jenkins_h_matches_crontabtest(spec, seed, lines):
    parsed = parse_jenkins(spec, seed)
    assert [(set(line.minutes), set(line.hours)) for line in parsed.lines] == lines


def test_jenkins_tz_on_line_one_sets_the_zone():
    assert parse_jenkins("TZ=Australia/Sydney\nH * * * *", "seed").timezone == \
        "Australia/Sydney"


class _FakeHash:
    """CronTabTest's fake hashes: next(n) returns a fixed function of n."""

    def __init__(self, draw):
        self.draw = draw

    def next_int(self, bound):
        return self.draw(bound)


@pytest.mark.parametrize("draw, minute, hour, doms, months", [
    (lambda n: n - 1, {59}, {8}, set(R(3, 28, 3)), {4, 8}),
    (lambda n: 1, {1}, {6}, set(R(2, 27, 3)), {2, 6, 10}),
], ids=["next-is-n-minus-1", "next-is-1"])
def test_jenkins_hash_expansion_matches_crontabtest_fake_hashes(draw, minute, hour, doms,
                                                                 months):
    line = parse_jenkins("H H(5-8) H/3 H(1-10)/4 *", "", rnd=_FakeHash(draw)).lines[0]
    assert (set(line.minutes), set(line.hours), set(line.days_of_month),
            set(line.months)) == (minute, hour, doms, months)


def test_jenkins_plain_h_in_day_fields_draws_from_1_28_and_0_6():
    line = parse_jenkins("0 0 H * H", "", rnd=_FakeHash(lambda n: n - 1)).lines[0]
    assert (set(line.days_of_month), set(line.days_of_week)) == ({28}, {6})


def test_jenkins_h_slash_1_is_one_hashed_value_not_every_minute():
    line = parse_jenkins("H/1 * * * *", "", rnd=_FakeHash(lambda n: 7)).lines[0]
    assert set(line.minutes) == {7}


def test_jenkins_always_ands_the_day_fields():
    assert parse_jenkins("0 0 1 * 0", "x").lines[0].day_and is True


def test_jenkins_comment_and_blank_lines_are_skipped():
    assert len(parse_jenkins("# nightly\n\n0 2 * * *\n", "x").lines) == 1


def test_jenkins_crlf_line_ends_are_accepted():
    assert len(parse_jenkins("0 2 * * *\r\n0 3 * * *\r\n", "x").lines) == 2


JENKINS_ERRORS = [
    ("step-wider-than-range", "H(0-3)/15 * * * *",
     "15 is an invalid value. Must be within 1 and 4"),
    ("hour-24-in-h-range", "H H(12-24) * * *", "24 is an invalid value. Must be within 0 and 23"),
    ("trailing-comment", "H * * * * # x", "expected 5 time fields"),
    ("month-name", "0 0 * JAN *", "'JAN' is not a number"),
    ("question-mark", "0 0 ? * *", "'?' is not a number"),
    ("lowercase-h", "h * * * *", "'h' is not a number"),
    ("n-slash-step", "5/15 * * * *", "needs a range"),
    ("tz-not-on-line-1", "H * * * *\nTZ=UTC", "expected 5 time fields"),
    ("unknown-zone", "TZ=Mars/Olympus\nH * * * *", "Invalid or unsupported timezone"),
    ("reboot", "@reboot", "unknown keyword"),
    ("zero-step", "*/0 * * * *", "step must be positive"),
    ("reversed-range", "0 5-1 * * *", "You mean 1-5?"),
    ("only-newlines-split-lines", "H * * * *\u2028H * * * *", "expected 5 time fields"),
]


@pytest.mark.parametrize("spec, words", [e[1:] for e in JENKINS_ERRORS],
                         ids=[e[0] for e in JENKINS_ERRORS])
def test_jenkins_errors_read_like_jenkins(spec, words):
    with pytest.raises(CronSyntaxError) as caught:
        parse_jenkins(spec, "job")
    assert words in str(caught.value)


def test_jenkins_error_offset_counts_from_the_start_of_the_spec():
    with pytest.raises(CronSyntaxError) as caught:
        parse_jenkins("H * * * *\nH 61 * * *", "job")
    assert (caught.value.line, caught.value.offset, caught.value.field) == (2, 12, "hour")


def test_matches_applies_cronies_or_rule():
    spec = parse_vixie("30 4 1,15 * 5")
    assert spec.matches(datetime(2026, 1, 1, 4, 30))  # Thursday the 1st
    assert spec.matches(datetime(2026, 1, 2, 4, 30))  # Friday the 2nd
    assert not spec.matches(datetime(2026, 1, 3, 4, 30))


def test_matches_applies_the_and_rule_when_a_day_field_starts_with_a_star():
    spec = parse_vixie("0 0 */10 * 1")
    assert spec.matches(datetime(2026, 6, 1, 0, 0))  # Monday the 1st
    assert not spec.matches(datetime(2026, 6, 8, 0, 0))  # a Monday, not 1/11/21/31


def test_jenkins_first_sunday_that_is_the_1st_is_august_2010():
    # CronTabTest.testCeil3: "0 0 1 * 0" first fires 2010-08-01.
    line = parse_jenkins("0 0 1 * 0", "x").lines
    runs = fire_times(line, "UTC", datetime(2010, 1, 1, tzinfo=UTC),
                      datetime(2011, 1, 1, tzinfo=UTC), "jenkins")
    assert runs[0] == datetime(2010, 8, 1, tzinfo=UTC)


def ny(*args):
    return datetime(*args, tzinfo=UTC)


# America/New_York: 2026-03-08 02:00 EST → 03:00 EDT (07:00Z);
# 2026-11-01 02:00 EDT → 01:00 EST (06:00Z). Hand-computed instants.
DST_CASES = [
    ("cronie-fixed-job-in-gap-runs-when-clocks-jump", "vixie", "30 2 * * *", "cronie",
     (2026, 3, 7), (2026, 3, 10), [ny(2026, 3, 7, 7, 30), ny(2026, 3, 8, 7, 0),
                                   ny(2026, 3, 9, 6, 30)]),
    ("cronie-wildcard-job-in-gap-is-skipped", "vixie", "*/30 2 * * *", "cronie",
     (2026, 3, 8), (2026, 3, 9), []),
    ("cronie-fixed-job-in-repeat-runs-once", "vixie", "30 1 * * *", "cronie",
     (2026, 11, 1), (2026, 11, 2), [ny(2026, 11, 1, 5, 30)]),
    ("cronie-wildcard-job-in-repeat-runs-twice", "vixie", "*/30 1 * * *", "cronie",
     (2026, 11, 1), (2026, 11, 2), [ny(2026, 11, 1, 5, 0), ny(2026, 11, 1, 5, 30),
                                    ny(2026, 11, 1, 6, 0), ny(2026, 11, 1, 6, 30)]),
    ("jenkins-gap-is-skipped", "jenkins", "30 2 * * *", "jenkins",
     (2026, 3, 8), (2026, 3, 9), []),
    ("jenkins-repeat-runs-twice", "jenkins", "30 1 * * *", "jenkins",
     (2026, 11, 1), (2026, 11, 2), [ny(2026, 11, 1, 5, 30), ny(2026, 11, 1, 6, 30)]),
]


@pytest.mark.parametrize("flavor, expr, dst, first, last, expected",
                         [c[1:] for c in DST_CASES], ids=[c[0] for c in DST_CASES])
def test_legacy_dst_behaviour_in_new_york(flavor, expr, dst, first, last, expected):
    specs = (parse_vixie(expr),) if flavor == "vixie" else parse_jenkins(expr, "x").lines
    start = datetime(*first, 5, tzinfo=UTC)
    end = datetime(*last, 5, tzinfo=UTC)
    assert fire_times(specs, "America/New_York", start, end, dst) == expected


def test_fire_times_are_half_open_and_in_utc():
    runs = fire_times((parse_vixie("0 9 * * *"),), "Asia/Tokyo",
                      datetime(2026, 1, 1, 0, 0, tzinfo=UTC),
                      datetime(2026, 1, 3, 0, 0, tzinfo=UTC),
                      "cronie")
    assert runs == [ny(2026, 1, 1, 0, 0), ny(2026, 1, 2, 0, 0)]


def test_a_jenkins_line_read_before_draws_the_h_of_each_job_anew():
    """A line text is read once and remembered; each later job draws its own H values
    (CronTabTest's fake hashes: a stream that always answers n - 1, then one that answers 1)."""
    from jobmig.timing import cron

    spec = "H H(5-8) H/3 H(1-10)/4 *"
    first = parse_jenkins(spec, "", rnd=_FakeHash(lambda n: n - 1)).lines[0]
    assert spec in cron._FORMS
    second = parse_jenkins(spec, "", rnd=_FakeHash(lambda n: 1)).lines[0]
    assert (set(first.minutes), set(first.hours)) == ({59}, {8})
    assert (set(second.minutes), set(second.hours), set(second.months)) == ({1}, {6},
                                                                              {2, 6, 10})


@pytest.mark.parametrize("spec", ["H H * * *", "@daily", "H/15 * * * *", "H 3 1,15 * *",
                                  "TZ=Asia/Tokyo\nH H(0-5) * * 1-5\n@hourly", "*/7 1-5 * * 7"])
@pytest.mark.parametrize("seed", ["job", "folder/夜間 バッチ", "a/b/c"])
def test_a_remembered_jenkins_line_gives_what_reading_it_afresh_gives(spec, seed):
    from jobmig.timing import cron

    parse_jenkins(spec, "another job")  # remembered, drawn for another job
    remembered = parse_jenkins(spec, seed)
    cron._FORMS.clear()
    assert parse_jenkins(spec, seed) == remembered


def test_a_bad_jenkins_line_is_not_remembered_each_error_has_its_own_line_and_offset():
    bad = "H/99 * * * *"
    with pytest.raises(CronSyntaxError) as alone:
        parse_jenkins(bad, "x")
    with pytest.raises(CronSyntaxError) as second:
        parse_jenkins("0 0 * * *\n" + bad, "x")
    assert (alone.value.line, alone.value.offset) == (1, 0)
    assert (second.value.line, second.value.offset) == (2, 10)
