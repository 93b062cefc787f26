"""Fire times of many cron lines at once (jobmig.timing.cron.fire_minutes): a spec of
thousands of lines is read in time that grows with its distinct day fields, and fires
exactly when one of its lines does."""
from __future__ import annotations

from datetime import datetime, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from jobmig.timing.cron import fire_minutes, parse_vixie, to_epoch_minute

_LINES = ["0 1 * * *", "30 1 * * *", "0 1 * * 1", "15 2 1 * *", "0 3 1 * 1", "*/20 * * * *",
          "0 0 29 2 *", "45 23 * 12 0", "0 2 * 3 0", "30 1 * 11 0", "0 9 1-7 * 5"]
_START = to_epoch_minute(datetime(2025, 1, 1, tzinfo=timezone.utc))
_END = to_epoch_minute(datetime(2025, 4, 1, tzinfo=timezone.utc))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_LINES), min_size=1, max_size=12),
       st.sampled_from(["UTC", "America/New_York", "Asia/Tokyo"]))
def test_many_lines_fire_at_the_union_of_what_each_line_fires_at(lines, tz):
    specs = [parse_vixie(line) for line in lines]
    # the Jenkins DST rule is the same for every set of lines, so the union is the reference
    each = set()
    for spec in specs:
        each.update(fire_minutes([spec], tz, _START, _END, "jenkins"))
    assert fire_minutes(specs, tz, _START, _END, "jenkins") == sorted(each)


def test_the_same_line_written_20000_times_fires_as_it_does_once():
    spec = parse_vixie("0 1 * * *")
    once = fire_minutes([spec], "UTC", _START, _END, "jenkins")
    # 1 January to 31 March 2025: 90 days, at 01:00 each
    assert len(once) == 90
    assert fire_minutes([spec] * 20_000, "UTC", _START, _END, "jenkins") == once
