"""Property tests: random crontab and Jenkins specs, mapped, fire at the legacy instants.

The independent evaluators are cronsim (vixie: it follows cronie's star rule
for the day fields; divergences from cronie that the generator avoids:
cronsim rejects ``fri-sun``/``5-0``, accepts ``n/s``, and rejects dates no
month has, such as ``30 2``, which cronie accepts and never runs) and croniter with
``day_or=False`` (Jenkins: the H-expanded line, written out as explicit
lists, ANDs its day fields). Both enumerate *local naive* times; the test
turns them into instants with EventBridge Scheduler's DST rule itself
(nonexistent times skipped, repeated times once, first occurrence) using
zoneinfo directly, so neither jobmig.timing.localtime nor the mapper is trusted.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from croniter import croniter
from cronsim import CronSim, CronSimError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobmig.timing import cron as legacy_cron
from jobmig.timing.localtime import local_midnight, to_epoch_minute
from jobmig.mappings.schedule import map_cron
from jobmig.model import LegacySchedule, SourceRef, Status
from jobmig.timing.simulate import aws_minutes, legacy_minutes

UTC = timezone.utc
ZONES = ["UTC", "Asia/Tokyo", "America/New_York"]
HORIZON = (date(2026, 1, 1), date(2026, 12, 31))
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
SETTINGS = settings(max_examples=50, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


def _number(low, high):
    return st.integers(low, high).map(str)


def _range(low, high):
    return st.tuples(st.integers(low, high), st.integers(low, high)).map(
        lambda p: f"{min(p)}-{max(p)}")


def _list(term, size=3):
    return st.lists(term, min_size=1, max_size=size).map(",".join)


minute_field = st.one_of(_number(0, 59), _list(_number(0, 59)),
                         st.sampled_from(["*/5", "*/10", "*/15", "*/20", "*/30", "0-10/5", "15-45/15"]))
hour_field = st.one_of(_number(0, 23), _list(_number(0, 23)), _range(0, 23),
                       st.sampled_from(["*", "*/6", "*/8", "1-5/2"]))
dom_field = st.one_of(st.just("*"), _number(1, 31), _list(_number(1, 31)), _range(1, 31),
                      st.sampled_from(["*/10", "*/7", "1-7", "28-31"]))
month_field = st.one_of(st.just("*"), _number(1, 12), _list(_number(1, 12)),
                        _list(st.sampled_from(MONTHS), 2), _range(1, 12))
dow_field = st.one_of(st.just("*"), _number(0, 7), _list(_number(0, 7)), _range(0, 7),
                      _list(st.sampled_from(DAYS), 2), st.sampled_from(["*/2", "mon-fri"]))

vixie_expression = st.tuples(minute_field, hour_field, dom_field, month_field,
                             dow_field).map(" ".join)


def _runs_per_day(expr: str) -> int:
    spec = legacy_cron.parse_vixie(expr)
    return len(spec.minutes) * len(spec.hours)


def local_window(tz):
    return local_midnight(tz, HORIZON[0]), local_midnight(tz, HORIZON[1] + timedelta(days=1))


def scheduler_instants(naive_times, tz):
    """Local naive times → epoch minutes with Scheduler's DST rule, via zoneinfo only."""
    zone = ZoneInfo(tz)
    found = set()
    for moment in naive_times:
        aware = moment.replace(tzinfo=zone, fold=0)
        if aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != moment:
            continue  # does not exist in this zone
        found.add(to_epoch_minute(aware))
    return found


def cronsim_local_times(expr, mapping):
    """cronsim's local times for ``expr``; its refusal of impossible dates must be JM209."""
    try:
        iterator = CronSim(expr, datetime(2025, 12, 31, 23, 59))
    except CronSimError:
        assert [f.code for f in mapping.findings] == ["JM209"] and not mapping.schedules
        return []
    return naive_until_end(iterator)


def naive_until_end(iterator, end=datetime(2027, 1, 1)):
    times = []
    for moment in iterator:
        if moment >= end:
            return times
        times.append(moment)
    return times


def dst_days(tz):
    zone = ZoneInfo(tz)
    days = set()
    day = HORIZON[0]
    while day <= HORIZON[1]:
        a = datetime(day.year, day.month, day.day, tzinfo=zone).utcoffset()
        b = datetime(day.year, day.month, day.day, 23, 59, tzinfo=zone).utcoffset()
        if a != b:
            days.add(day)
        day += timedelta(days=1)
    return days


def local_day(minute, tz):
    return (datetime(1970, 1, 1, tzinfo=UTC) + timedelta(minutes=minute)).astimezone(
        ZoneInfo(tz)).date()


def declared_days(mapping):
    """The dates JM205 findings declare ("... runs differ on 2026-03-08, 2026-11-01: ...")."""
    days = set()
    for finding in mapping.findings:
        if finding.code == "JM205":
            listed = finding.message.split("runs differ on ", 1)[1].split(":", 1)[0]
            days |= {date.fromisoformat(text) for text in listed.split(", ")}
    return days


@pytest.mark.parametrize("tz", ZONES)
@SETTINGS
@given(expr=vixie_expression.filter(lambda e: _runs_per_day(e) <= 288))
def test_crontab_schedules_fire_at_the_independently_computed_instants(tz, expr):
    mapping = map_cron(LegacySchedule("vixie", expr, tz), name="p", horizon=HORIZON)
    assert mapping.status is not Status.MANUAL, mapping.findings
    start, end = local_window(tz)
    calendars = {c.name: c for c in mapping.calendars}
    aws = set(aws_minutes(mapping.schedules, calendars, start, end))
    expected = scheduler_instants(cronsim_local_times(expr, mapping), tz)
    assert aws == expected
    # The legacy (cronie) side differs from the AWS side only on DST days,
    # and exactly when the mapping says so (JM205).
    legacy = set(legacy_minutes(LegacySchedule("vixie", expr, tz), start, end))
    off_dst = {m for m in legacy ^ aws if local_day(m, tz) not in dst_days(tz)}
    assert off_dst == set()
    assert (legacy != aws) == any(f.code == "JM205" for f in mapping.findings)


@pytest.mark.parametrize("tz", ZONES)
@SETTINGS
@given(expr=vixie_expression.filter(lambda e: _runs_per_day(e) <= 288))
def test_utc_rules_fire_at_the_legacy_instants_or_are_refused(tz, expr):
    mapping = map_cron(LegacySchedule("vixie", expr, tz), name="p", target="rules",
                       horizon=HORIZON)
    if mapping.status is Status.MANUAL:
        assert [f.code for f in mapping.findings] in (["JM207"], ["JM212"])
        return
    # Rules have no start or end date: what the expressions say is what runs.
    assert all(s.timezone == "UTC" and s.kind == "rule" and s.start_date is None
               and s.end_date is None for s in mapping.schedules)
    start, end = local_window(tz)
    calendars = {c.name: c for c in mapping.calendars}
    aws = set(aws_minutes(mapping.schedules, calendars, start, end))
    expected = scheduler_instants(cronsim_local_times(expr, mapping), tz)
    off_dst = {m for m in aws ^ expected if local_day(m, tz) not in dst_days(tz)}
    assert off_dst == set()
    # On DST days the rules may differ from the legacy (cronie) runs, but only on days
    # a JM205 finding lists, and it lists exactly those days.
    legacy = set(legacy_minutes(LegacySchedule("vixie", expr, tz), start, end))
    differing = {local_day(m, tz) for m in legacy ^ aws}
    assert differing <= dst_days(tz)
    assert differing == declared_days(mapping)


def _h_term(low, high):
    span = high - low + 1
    return st.one_of(
        st.just("H"),
        st.integers(2, max(2, min(span, 30))).map(lambda s: f"H/{s}"),
        st.tuples(st.integers(low, high), st.integers(low, high)).map(
            lambda p: f"H({min(p)}-{max(p)})"),
        _number(low, high), _range(low, high), st.just("*"),
    )


jenkins_line = st.tuples(
    st.one_of(_h_term(0, 59).filter(lambda t: t not in ("*",)), _number(0, 59)),
    st.one_of(st.just("H"), _number(0, 23), _range(0, 23), st.just("H(0-5)"),
              st.just("*/8")),
    st.one_of(st.just("*"), st.just("H"), _number(1, 28), _range(1, 31), st.just("1-7"),
              st.just("H/10")),
    st.one_of(st.just("*"), st.just("H"), _range(1, 12)),
    st.one_of(st.just("*"), st.just("H"), _number(0, 7), _range(0, 6), st.just("1-5")),
).map(" ".join)
jenkins_spec = st.one_of(
    jenkins_line, st.tuples(jenkins_line, jenkins_line).map("\n".join),
    st.sampled_from(["@daily", "@weekly", "@monthly", "@midnight", "@yearly"]))


def _lists(values):
    return ",".join(str(v) for v in sorted(values))


@pytest.mark.parametrize("tz", ZONES)
@SETTINGS
@given(spec=jenkins_spec, seed=st.text("abcxyz/-", min_size=1, max_size=12))
def test_jenkins_specs_fire_at_the_h_expanded_instants(tz, spec, seed):
    try:
        lines = legacy_cron.parse_jenkins(spec, seed).lines
    except legacy_cron.CronSyntaxError:
        return  # e.g. H(a-b)/s with s wider than the range: Jenkins rejects it too
    if sum(len(line.minutes) * len(line.hours) for line in lines) > 48:
        return
    mapping = map_cron(LegacySchedule("jenkins", spec, tz, seed), name="p", horizon=HORIZON)
    assert mapping.status is not Status.MANUAL, mapping.findings
    naive: list[datetime] = []
    for line in lines:
        expanded = " ".join(_lists(values) for values in (
            line.minutes, line.hours, line.days_of_month, line.months, line.days_of_week))
        iterator = croniter(expanded, datetime(2025, 12, 31, 23, 59), day_or=False)
        naive += naive_until_end(iter(lambda: iterator.get_next(datetime), None))
    start, end = local_window(tz)
    calendars = {c.name: c for c in mapping.calendars}
    aws = set(aws_minutes(mapping.schedules, calendars, start, end))
    assert aws == scheduler_instants(naive, tz)
    legacy = set(legacy_minutes(LegacySchedule("jenkins", spec, tz, seed), start, end))
    assert {m for m in legacy ^ aws if local_day(m, tz) not in dst_days(tz)} == set()
    assert (legacy != aws) == any(f.code == "JM205" for f in mapping.findings)


# -- outcomes shared between schedules that differ only in their minutes ------------------
from jobmig.mappings import schedule as schedule_module  # noqa: E402

minute_set = st.lists(st.integers(0, 59), min_size=1, max_size=3, unique=True).map(
    lambda ms: ",".join(map(str, sorted(ms))))


def _fresh(expression: str, flavor: str, zone: str, target: str):
    """map_cron with no remembered comparison outcomes or mappings."""
    schedule_module._CHECKS.clear()
    schedule_module._EXACT_SHAPES.clear()
    schedule_module._MAPPED.clear()
    return _mapped(expression, flavor, zone, target)


def _mapped(expression: str, flavor: str, zone: str, target: str):
    legacy = LegacySchedule(flavor, expression, zone, seed="folder/job" if flavor == "jenkins" else None)
    return map_cron(legacy, name="job", target=target, horizon=HORIZON)


@SETTINGS
@given(first=minute_set, second=minute_set, hours=hour_field, dom=dom_field, month=month_field,
       dow=dow_field, flavor=st.sampled_from(["vixie", "jenkins"]),
       zone=st.sampled_from(["UTC", "Asia/Tokyo", "America/New_York", "Asia/Kolkata"]),
       target=st.sampled_from(["scheduler", "rules"]))
def test_a_shared_outcome_is_what_a_fresh_comparison_gives(first, second, hours, dom, month, dow,
                                                           flavor, zone, target):
    """Mapping B after A (same hours and days, other minutes) may reuse A's equal outcome;
    the result must be exactly what mapping B alone gives."""
    expression_a = f"{first} {hours} {dom} {month} {dow}"
    expression_b = f"{second} {hours} {dom} {month} {dow}"
    alone = _fresh(expression_b, flavor, zone, target)
    _fresh(expression_a, flavor, zone, target)
    after = _mapped(expression_b, flavor, zone, target)
    assert after == alone


def test_an_equal_outcome_is_compared_once_per_shape(monkeypatch: pytest.MonkeyPatch) -> None:
    """Daily jobs at different minutes of 02:00 in Tokyo: one comparison for all of them;
    in New York (offset changes) and Kolkata (+05:30) each is compared."""
    calls = []
    real = schedule_module._check
    monkeypatch.setattr(schedule_module, "_check", lambda *a, **k: calls.append(1) or real(*a, **k))
    for zone, expected in (("Asia/Tokyo", 1), ("America/New_York", 3), ("Asia/Kolkata", 3)):
        calls.clear()
        schedule_module._CHECKS.clear()
        schedule_module._EXACT_SHAPES.clear()
        schedule_module._MAPPED.clear()
        for minute in (5, 17, 42):
            mapping = _mapped(f"{minute} 2 * * *", "vixie", zone, "scheduler")
            assert mapping.status is not Status.MANUAL
        assert len(calls) == expected, zone


# -- mappings shared between jobs whose schedules expand alike ----------------------------


def _job_mapping(expression: str, flavor: str, zone: str, target: str, seed: str | None,
                 name: str, job: str):
    legacy = LegacySchedule(flavor, expression, zone, seed=seed)
    return map_cron(legacy, name=name, target=target, horizon=HORIZON,
                    source=SourceRef(f"{job}/config.xml", 3, 1), job_id=f"jenkins:{job}")


@SETTINGS
@given(minutes=minute_set, hours=hour_field, dom=dom_field, month=month_field, dow=dow_field,
       flavor=st.sampled_from(["vixie", "jenkins"]),
       zone=st.sampled_from(["UTC", "Asia/Tokyo", "America/New_York", "Asia/Kolkata"]),
       target=st.sampled_from(["scheduler", "rules"]),
       name=st.sampled_from(["b", "folder-b", "x" * 70]))
def test_a_remembered_mapping_for_another_job_is_what_mapping_this_job_alone_gives(
        minutes, hours, dom, month, dow, flavor, zone, target, name):
    """Job B's schedule expands to what job A's did: B's mapping, made from A's remembered
    one, must be what B alone gives (its own schedule names, finding places and job)."""
    expression = f"{minutes} {hours} {dom} {month} {dow}"
    seed = "folder/b" if flavor == "jenkins" else None
    for cache in (schedule_module._CHECKS, schedule_module._EXACT_SHAPES,
                  schedule_module._MAPPED):
        cache.clear()
    alone = _job_mapping(expression, flavor, zone, target, seed, name, "b")
    schedule_module._MAPPED.clear()
    _job_mapping(expression, flavor, zone, target, seed, "a", "a")
    after = _job_mapping(expression, flavor, zone, target, seed, name, "b")
    assert after == alone


def test_h_schedules_that_draw_alike_are_mapped_once_and_named_per_job(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Two Jenkins jobs whose ``H/30`` draws agree share one mapping; each keeps its name."""
    from jobmig.timing import cron

    schedule_module._MAPPED.clear()
    calls = []
    real = schedule_module._map_parsed
    monkeypatch.setattr(schedule_module, "_map_parsed",
                        lambda *a, **k: calls.append(1) or real(*a, **k))
    by_minute: dict[int, list] = {}
    for n in range(40):  # H/30 draws one of 30 minutes: some of 40 jobs draw alike
        seed = f"folder/job-{n}"
        minute = min(cron.parse_jenkins("H/30 * * * *", seed).lines[0].minutes)
        by_minute.setdefault(minute, []).append(
            _job_mapping("H/30 * * * *", "jenkins", "UTC", "scheduler", seed, f"job-{n}",
                         f"job-{n}"))
    assert len(calls) == len(by_minute) < 40
    for mappings in by_minute.values():
        assert len({m.schedules[0].expression for m in mappings}) == 1
        assert len({m.schedules[0].name for m in mappings}) == len(mappings)
