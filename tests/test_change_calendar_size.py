"""A Change Calendar's size, worked out without writing its text, is the size of the text."""
from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from jobmig.mappings.change_calendar import DEFAULT_CLOSED, DEFAULT_OPEN, ChangeCalendar

START = date(2026, 1, 1)

day_sets = st.frozensets(st.integers(min_value=0, max_value=800), max_size=300).map(
    lambda offsets: frozenset(START + timedelta(days=n) for n in offsets))
names = st.from_regex(r"[a-zA-Z0-9_.\-]{3,128}", fullmatch=True)
descriptions = st.text(alphabet=st.sampled_from("ab;,\\\n 経理締め日"), max_size=40)


spans = st.lists(st.tuples(st.integers(min_value=-50, max_value=850),
                           st.integers(min_value=1, max_value=300)), max_size=3).map(
    lambda pairs: tuple((START + timedelta(days=a), START + timedelta(days=a + n))
                        for a, n in pairs))


@settings(max_examples=300, deadline=None)
@given(days=day_sets, name=names, description=descriptions,
       kind=st.sampled_from([DEFAULT_OPEN, DEFAULT_CLOSED]),
       zone=st.sampled_from(["Asia/Tokyo", "UTC", "America/Argentina/Buenos_Aires"]),
       extra=spans)
def test_the_size_is_the_utf8_length_of_the_calendar_text(days, name, description, kind, zone,
                                                           extra):
    # ``spans``: the extra events a piece of a split calendar holds (one block each)
    calendar = ChangeCalendar(name, kind, zone, days, (START, START + timedelta(days=800)),
                              description, spans=extra)
    size = calendar.size  # before the text exists: the arithmetic path
    assert size == len(calendar.to_ics().encode("utf-8"))


def test_a_calendar_of_one_year_of_weekdays_is_sized_like_its_text():
    # 2026: 261 weekdays in 53 runs (a run per Monday-Friday week, the first and last partial)
    days = frozenset(START + timedelta(days=n) for n in range(365)
                     if (START + timedelta(days=n)).weekday() < 5)
    calendar = ChangeCalendar("weekdays-2026", DEFAULT_CLOSED, "Asia/Tokyo", days,
                              (START, date(2026, 12, 31)))
    size = calendar.size
    text = calendar.to_ics()
    assert text.count("BEGIN:VEVENT") == 53
    assert size == len(text.encode("utf-8"))
