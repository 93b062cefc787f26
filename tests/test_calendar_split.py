"""A Change Calendar over 64 KB is written as pieces its schedules name together (JM545).

The AWS facts the tests rest on: an SSM document's content may hold 64 KB;
GetCalendarState given several calendar names "returns the status of OPEN
only if all calendars in the request are open" (SSM API reference,
GetCalendarState); ``DEFAULT_OPEN`` calendars are open except during their
events, ``DEFAULT_CLOSED`` ones closed except during them. The iCalendar text
is read here by a reader written from RFC 5545 (content lines, folding,
VEVENT with DTSTART/DTEND and a TZID parameter), independent of jobmig's own.
"""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from jobmig.mappings.change_calendar import (
    DEFAULT_CLOSED, DEFAULT_OPEN, ChangeCalendar, split_calendar,
)
from tests.asl_run import ok, request, run_all
from tests.conftest import run_jobmig
from tests.test_aws_limit_findings import EVERY_OTHER_DAY

SSM_DOCUMENT_BYTES = 64 * 1024


# ------------------------------------------------------------ an RFC 5545 reader


def _content_lines(text: str) -> list[str]:
    """RFC 5545 3.1: lines end with CRLF; a line starting with a space or tab continues
    the previous one."""
    lines: list[str] = []
    for raw in text.split("\r\n"):
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] += raw[1:]
        elif raw:
            lines.append(raw)
    return lines


def _when(name_and_params: str, value: str) -> datetime:
    """A DATE-TIME with a TZID parameter (RFC 5545 3.3.5, form 3), or a UTC one."""
    params = dict(p.split("=", 1) for p in name_and_params.split(";")[1:])
    moment = datetime.strptime(value[:15], "%Y%m%dT%H%M%S")
    if value.endswith("Z"):
        return moment.replace(tzinfo=timezone.utc)
    return moment.replace(tzinfo=ZoneInfo(params.get("TZID", "UTC")))


def read_ics(text: str) -> tuple[str, list[tuple[datetime, datetime]]]:
    """(X-CALENDAR-TYPE, [(DTSTART, DTEND)] of every VEVENT)."""
    kind, events, start, end, inside = "", [], None, None, False
    for line in _content_lines(text):
        name, _, value = line.partition(":")
        head = name.split(";")[0].upper()
        if head == "X-CALENDAR-TYPE":
            kind = value
        elif line == "BEGIN:VEVENT":
            inside, start, end = True, None, None
        elif line == "END:VEVENT":
            events.append((start, end))
            inside = False
        elif inside and head == "DTSTART":
            start = _when(name, value)
        elif inside and head == "DTEND":
            end = _when(name, value)
    return kind, events


def open_at(text: str, moment: datetime) -> bool:
    """What one Change Calendar says at ``moment``."""
    kind, events = read_ics(text)
    in_event = any(start <= moment < end for start, end in events)
    assert kind in (DEFAULT_OPEN, DEFAULT_CLOSED), kind
    return in_event if kind == DEFAULT_CLOSED else not in_event


# --------------------------------------------------------------- the property

START = date(2026, 1, 1)
SPAN = 700
day_sets = st.frozensets(st.integers(min_value=0, max_value=SPAN), min_size=2, max_size=250).map(
    lambda offsets: frozenset(START + timedelta(days=n) for n in offsets))


@settings(max_examples=60, deadline=None)
@given(days=day_sets, kind=st.sampled_from([DEFAULT_OPEN, DEFAULT_CLOSED]),
       zone=st.sampled_from(["Asia/Tokyo", "UTC", "America/New_York"]),
       limit=st.integers(min_value=1_500, max_value=12_000),
       probes=st.lists(st.integers(min_value=-40 * 24, max_value=(SPAN + 40) * 24),
                       min_size=20, max_size=60))
def test_the_pieces_together_answer_as_the_whole_calendar_at_any_moment(
        days, kind, zone, limit, probes):
    whole = ChangeCalendar("gate-days", kind, zone, days, (START, START + timedelta(days=SPAN)),
                           "run days")
    pieces = split_calendar(whole, limit, names_budget=4_096)
    if pieces is None:  # one run of days is one event: nothing to cut
        assert sum(1 for d in days if d - timedelta(days=1) not in days) == 1
        return
    texts = [piece.to_ics() for piece in pieces]
    assert len(pieces) >= 2
    for piece, text in zip(pieces, texts):
        assert len(text.encode("utf-8")) <= limit  # every piece under the limit
        assert piece.size == len(text.encode("utf-8"))  # the size worked out is the text's
    whole_text = whole.to_ics()
    # the hour probes land on local midnights' neighbours too, in every zone
    base = datetime(2026, 1, 1, tzinfo=timezone.utc)
    for hours in probes + [0, SPAN * 24, (SPAN + 1) * 24 - 1, -1]:
        moment = base + timedelta(hours=hours)
        assert all(open_at(t, moment) for t in texts) == open_at(whole_text, moment), moment


def test_a_default_closed_piece_is_open_over_every_other_piece_s_dates():
    # open on the 1st, 3rd, 5th ... of a 40-day span, cut small enough for several pieces
    days = frozenset(START + timedelta(days=n) for n in range(0, 40, 2))
    whole = ChangeCalendar("odd-days", DEFAULT_CLOSED, "UTC", days,
                           (START, START + timedelta(days=39)))
    pieces = split_calendar(whole, 1_600, names_budget=4_096)
    assert pieces is not None and len(pieces) >= 3
    middle = pieces[1]
    first, last = middle.covers
    kind, events = read_ics(middle.to_ics())
    spans = [(s.date(), e.date()) for s, e in events if (e - s).days > 1]
    # one open event from the horizon's start to its own first day, one from the day
    # after its last day to the horizon's end (exclusive end)
    assert spans == [(START, first), (last + timedelta(days=1), START + timedelta(days=40))]


def test_a_calendar_whose_piece_names_pass_the_budget_is_not_split():
    days = frozenset(START + timedelta(days=n) for n in range(0, 400, 2))
    whole = ChangeCalendar("every-other-day", DEFAULT_CLOSED, "UTC", days,
                           (START, START + timedelta(days=400)))
    # 200 events of ~200 bytes in pieces of at most 1,500 bytes: dozens of pieces,
    # whose names ("every-other-day.partN") pass 100 characters together
    assert split_calendar(whole, 1_500, names_budget=100) is None
    assert split_calendar(whole, 1_500, names_budget=4_096) is not None


# ------------------------------------------------------------ through convert


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict:
    # every second day over three years: 548 run days, one event each of about 180
    # bytes: about 100 KB, over the 64 KB of one SSM document
    root = tmp_path_factory.mktemp("split")
    (root / "in").mkdir()
    (root / "in" / "every2.ajs").write_text(EVERY_OTHER_DAY, encoding="utf-8")
    done = run_jobmig("convert", str(root / "in"), "--out", str(root / "out"), "--timezone",
                      "Asia/Tokyo", "--horizon", "2026-01-01:2028-12-31")
    assert done.returncode == 0, done.stdout + done.stderr
    plan = json.loads((root / "out" / "plan.json").read_text("utf-8"))
    job = next(j for j in plan["jobs"] if j["name"] == "every2")
    return {"out": root / "out", "plan": plan, "job": job, "root": root}


def test_the_job_is_gated_by_every_piece_and_no_jm542_is_left(converted):
    plan, job = converted["plan"], converted["job"]
    names = [c["name"] for c in plan["calendars"]]
    assert len(names) >= 2 and all(c["part_of"] == "every2-jp1-rule1" for c in plan["calendars"])
    codes = {f["code"] for f in job["findings"]}
    assert "JM545" in codes and "JM542" not in codes and job["status"] != "manual"
    (schedule,) = job["schedules"]
    assert schedule["calendar"].split(",") == names


def test_every_piece_is_written_under_64_kb_and_together_they_give_every_run_day(converted):
    out = converted["out"]
    texts = [(out / c["path"]).read_bytes().decode("utf-8")  # CRLF kept
             for c in converted["plan"]["calendars"]]
    assert all(len(t.encode("utf-8")) <= SSM_DOCUMENT_BYTES for t in texts)
    tokyo = ZoneInfo("Asia/Tokyo")
    day = date(2026, 1, 1)
    while day <= date(2028, 12, 31):
        noon = datetime(day.year, day.month, day.day, 12, tzinfo=tokyo)
        runs = (day - date(2026, 1, 1)).days % 2 == 0  # sd=2026/01/01, every 2 days
        assert all(open_at(t, noon) for t in texts) == runs, day
        day += timedelta(days=1)


def test_the_templates_create_every_piece_and_let_the_machine_read_them(converted):
    out, names = converted["out"], [c["name"] for c in converted["plan"]["calendars"]]
    template = yaml.safe_load((out / "cloudformation" / "template.yaml").read_text("utf-8"))
    resources = template["Resources"].values()
    documents = [r["Properties"]["Name"] for r in resources
                 if r["Type"] == "AWS::SSM::Document"
                 and r["Properties"].get("DocumentType") == "ChangeCalendar"]
    assert sorted(documents) == sorted(names)
    allowed = [res for r in resources if r["Type"] == "AWS::IAM::Role"
               for p in r["Properties"].get("Policies", [])
               for s in p["PolicyDocument"]["Statement"] if s["Action"] == "ssm:GetCalendarState"
               for res in s["Resource"]]
    assert sorted(str(a).split("document/")[1].rstrip("'}") for a in allowed) == sorted(names)
    (schedule,) = [r for r in resources if r["Type"] == "AWS::Scheduler::Schedule"]
    given = json.loads(schedule["Properties"]["Target"]["Input"])
    assert given["calendar"].split(",") == names
    terraform = json.loads((out / "terraform" / "main.tf.json").read_text("utf-8"))
    tf_documents = [d["name"] for d in terraform["resource"]["aws_ssm_document"].values()
                    if d["document_type"] == "ChangeCalendar"]
    assert sorted(tf_documents) == sorted(names)


def test_the_calendar_check_passes_every_piece_name_to_get_calendar_state(converted):
    out, names = converted["out"], [c["name"] for c in converted["plan"]["calendars"]]
    definition = json.loads((out / "statemachines" / "every2.asl.json").read_text("utf-8"))
    start = {"business_date": "2027-09-01T03:00:00Z", "calendar": ",".join(names)}
    answers = {"ssm:sendCommand": [ok({"Command": {"CommandId": "c-1"}})],
               "ssm:getCommandInvocation": [ok({"Status": "Success", "ResponseCode": 0})],
               "sfn:listExecutions": [ok({"Executions": [{"ExecutionArn": "this"}]})]}
    is_open, closed = run_all([
        request(definition, start, {"resources": {
            **answers, "ssm:getCalendarState": [ok({"State": "OPEN"})]}}, "every2"),
        request(definition, start, {"resources": {
            **answers, "ssm:getCalendarState": [ok({"State": "CLOSED"})]}}, "every2")])
    for result in (is_open, closed):
        (call,) = result.calls_to("ssm:getCalendarState")
        assert call["input"]["CalendarNames"] == names
        assert call["input"]["AtTime"] == "2027-09-01T03:00:00Z"
    assert is_open.status == "SUCCEEDED" and is_open.calls_to("ssm:sendCommand")
    assert closed.status == "SUCCEEDED" and not closed.calls_to("ssm:sendCommand")


def test_verify_reads_the_pieces_and_finds_the_runs_equivalent(converted):
    done = run_jobmig("verify", str(converted["out"]), "--start", "2026-01-01", "--days", "1095")
    assert done.returncode == 0, done.stdout + done.stderr
    line = next(l for l in done.stdout.splitlines() if l.startswith("every2\t"))
    assert "\tequivalent\t548\t548" in line


def test_the_report_asks_to_renew_every_piece_by_the_horizon_s_end(converted):
    report = (converted["out"] / "report.md").read_text("utf-8")
    names = [c["name"] for c in converted["plan"]["calendars"]]
    assert f"renewed by 2028-12-31 ({', '.join(names)})" in report
