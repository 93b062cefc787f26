"""The JP1 corpus (../shared/corpus/jp1): counts read off each file by hand.

Every expectation below was derived by reading the file (the comment above
each case says how), not by running the parser. "Jobs by type" counts every
job-type unit, so the sum is the number of ``Job(kind="job")`` the plan must
hold; groups are not jobs. Malformed files must report their errors at the
right lines and still give every intact unit.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from jobmig.mappings.jp1_schedule import map_jp1
from jobmig.model import Condition, Status
from jobmig.options import ParseOptions
from jobmig.parsers.jp1 import units as jp1

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "jp1"

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus folder {CORPUS} is absent"),
]

TOKYO = ParseOptions(timezone="Asia/Tokyo")


@dataclass(frozen=True)
class Expected:
    jobnets: int
    jobs: dict[str, int]
    relations: int
    rules: int
    # (code, line) pairs that must be among the findings
    findings: set[tuple[str, int]] = field(default_factory=set)
    conditions: dict[str, int] = field(default_factory=dict)


EXPECTED = {
    # 0001 (g) holds two root jobnets: 0002 (pj 0004, nested jobnet 0005, ar 0004->0005 with no
    # type = seq) and 0003 (jdj 0006, pj 0007, ar 0006->0007 con). No sd anywhere, so no rules
    # and each root jobnet gets JM407 (default sd=1,en). 0003 repeats ty/cm, cm with another
    # value (line 35: JM419); its el lines 37/38 name 0004/0005, which are not its children.
    "01_unclazz-java-0001-nested-jdj-escape.txt": Expected(
        jobnets=3, jobs={"pj": 2, "jdj": 1}, relations=2, rules=0,
        findings={("JM407", 6), ("JM407", 30), ("JM419", 35), ("JM416", 37), ("JM416", 38)},
        conditions={"success": 1, "judgment": 1}),
    # XXXX0000/1000/1100 are groups (3); 1110 pj and 1120 mlsj sit in group 1100, 1200 and
    # 1300 pj in group 1000 (four jobs outside any jobnet: JM406); jobnet 2000 holds nested
    # jobnet 2100 (pj 2110, mlsj 2120) and pj 2200, 2300. No ar, no sd.
    "02_unclazz-cs-testunits-deep-nesting.txt": Expected(
        jobnets=2, jobs={"pj": 6, "mlsj": 2}, relations=0, rules=0,
        findings={("JM406", 16), ("JM406", 22), ("JM406", 29), ("JM406", 36), ("JM407", 45)}),
    # Group testAJS1 (calendar: op mo..fr, cl sa/su) holds jobnet1 with 7 jobs: evwj, orj, pj,
    # j, ntwj, flwj, tmwj. Six ar, all seq: four wait jobs -> OR job, OR job -> pj and -> j.
    # One rule (sd/st/cy/sh/shd all numbered 1).
    "03_kntools-test01-calendar-waitjobs-orj.txt": Expected(
        jobnets=1, jobs={"evwj": 1, "orj": 1, "pj": 1, "j": 1, "ntwj": 1, "flwj": 1, "tmwj": 1},
        relations=6, rules=1, conditions={"success": 6}),
    # Root jobnet XXXX0000 (top level, no group) with nested jobnets XXXX0001 and XXXX0002;
    # five groups sit inside those jobnets (lines 34, 38, 44, 54, 59: JM406). ar 0001->0002
    # (seq) and 0002->0001 (con) form a cycle (JM403 at the first ar, line 6). sd uses rule
    # numbers 0..10: eleven rules (2, 3 and 4 have two sd each: JM419). el says g for the
    # two jobnets (lines 4, 5: JM416).
    "04_jobdoc-sample-sd-forms.txt": Expected(
        jobnets=3, jobs={}, relations=2, rules=11,
        findings={("JM406", 34), ("JM406", 38), ("JM406", 44), ("JM406", 54), ("JM406", 59),
                  ("JM403", 6), ("JM416", 4), ("JM416", 5)},
        conditions={"success": 1, "judgment": 1}),
    # Root jobnet testAJS4 with nested DERIADO5 (letter O; j 0501, j 0502, flwj FLCK_DDDD),
    # DERIADO9 (letter O; 'unit DERIAD0901' has no '=' at line 75 -> unreadable; j
    # SO_YKH-DR012) and DERIAD20 (j 2001, j SD_FBSDR014). Relations: the root's three ar name
    # DERIAD05/DERIAD09 (digit 0) and FLCK_DDDD (not a child of the root) -> none; DERIADO5's
    # 0501->0502 -> 1; DERIADO9's ar needs the unreadable 0901 -> none; DERIAD20's
    # ar=(DERIAD2001,t=SD_FBSDR014.sea) lacks f= -> none. Every jobnet has one rule (4).
    # Bad rules: cy=(1.d) line 27, sd=1.2018/11/01 line 69, st=1.17:00 line 70.
    "05_kntools-test04-transcribed-malformed.txt": Expected(
        jobnets=4, jobs={"j": 5, "flwj": 1}, relations=1, rules=4,
        findings={("JM402", 75), ("JM403", 9), ("JM403", 10), ("JM403", 11), ("JM403", 68),
                  ("JM403", 101), ("JM410", 27), ("JM410", 69), ("JM410", 70)},
        conditions={"success": 1}),
    # Root ajs01 with nested jobnet01 and jobnet02 (ar jobnet01->jobnet02); each nested one
    # holds j, j, flwj with two ar into the second j (AND-join): 1 + 2 + 2 = 5 relations.
    # One rule per jobnet (3). Missing ';' after cm (lines 4, 18, 34, 43, 63, 79, 88) and un
    # (36, 45, 81, 90); unit lines end with ':' (15, 31, 40, 49, 60, 76, 85, 94);
    # st=1,+00:100 (line 10) is no time; de=n1 (line 14) is no valid value.
    "07_go-kntool-jp1ajs-nested-flwj-malformed.txt": Expected(
        jobnets=3, jobs={"j": 4, "flwj": 2}, relations=5, rules=3,
        findings={("JM401", n) for n in (4, 18, 34, 43, 63, 79, 88, 36, 45, 81, 90,
                                         15, 31, 40, 49, 60, 76, 85, 94)}
        | {("JM410", 10), ("JM424", 14)},
        conditions={"success": 5}),
    # Group root with seven job-type units directly inside (JM406 each; the literal starts
    # with an empty line, and mail-explicit has one more line, ets=wr): lfwj, mlwj, mqwj,
    # mswj, ntwj, recovery rmlwj, j.
    "09_ajsbutler-waitjobs-recovery-types.txt": Expected(
        jobnets=0, jobs={"lfwj": 1, "mlwj": 1, "mqwj": 1, "mswj": 1, "ntwj": 1, "rmlwj": 1,
                         "j": 1},
        relations=0, rules=0, findings={("JM406", n) for n in (5, 9, 13, 17, 21, 25, 30)}),
    # Group root with flwj, cpj, rcpj, j, fxj, rfxj, j directly inside.
    "10_ajsbutler-escapes-cpj-fxj-recovery.txt": Expected(
        jobnets=0, jobs={"flwj": 1, "cpj": 1, "rcpj": 1, "j": 2, "fxj": 1, "rfxj": 1},
        relations=0, rules=0, findings={("JM406", n) for n in (5, 14, 20, 26, 32, 39, 46)}),
}


def convert(name: str, data: bytes | None = None):
    path = CORPUS / name
    return jp1.parse(data if data is not None else path.read_bytes(), path=name, options=TOKYO)


def all_findings(result):
    return list(result.findings) + [f for job in result.jobs for f in job.findings]


def test_every_corpus_file_has_expectations():
    names = {p.name for p in CORPUS.glob("*.txt")}
    assert names == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_counts(name):
    expected = EXPECTED[name]
    result = convert(name)
    jobnets = [job for job in result.jobs if job.kind == "jobnet"]
    jobs = Counter(job.unit_type for job in result.jobs if job.kind == "job")
    assert len(jobnets) == expected.jobnets
    assert dict(jobs) == expected.jobs
    assert len(result.dependencies) == expected.relations
    assert sum(len(job.schedules) for job in result.jobs) == expected.rules
    seen = {(f.code, f.source.line) for f in all_findings(result) if f.source}
    assert expected.findings <= seen, expected.findings - seen
    conditions = Counter(d.condition.value for d in result.dependencies)
    assert dict(conditions) == expected.conditions


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_ids_are_unique_and_parents_exist(name):
    result = convert(name)
    ids = [job.id for job in result.jobs]
    assert len(ids) == len(set(ids))
    for job in result.jobs:
        assert job.parent is None or job.parent in ids
    for dep in result.dependencies:
        assert dep.predecessor in ids and dep.successor in ids


def test_file01_escapes_and_judgment_branch():
    result = convert("01_unclazz-java-0001-nested-jdj-escape.txt")
    job = next(j for j in result.jobs if j.id == "jp1:/0001/0002/0004")
    assert job.command == 'foo.exe bar baz #sharp# "quoted"'
    con = next(d for d in result.dependencies if d.condition is Condition.JUDGMENT)
    assert (con.predecessor, con.successor) == ("jp1:/0001/0003/0006", "jp1:/0001/0003/0007")


def test_file03_calendar_reaches_the_schedule_and_maps_to_a_gated_daily_run():
    result = convert("03_kntools-test01-calendar-waitjobs-orj.txt")
    net = next(j for j in result.jobs if j.kind == "jobnet")
    (schedule,) = net.schedules
    assert schedule.expression == "sd=1,2019/11/03; st=1,23:58; cy=1,(1,d); sh=1,ca; shd=1,2;"
    assert sorted(schedule.context["op"]) == sorted(["mo", "tu", "we", "th", "fr"])
    assert sorted(schedule.context["cl"]) == ["sa", "su"]
    mapping = map_jp1(schedule, name="jobnet1", horizon=(date(2026, 1, 1), date(2026, 1, 31)),
                      holidays=None, target="scheduler", source=net.source, job_id=net.id)
    assert mapping.status is Status.REVIEW
    assert mapping.schedules[0].expression == "cron(58 23 * * ? *)"
    # January 2026 has 22 weekdays (Jan 1 is a Thursday; 31 days; 9 weekend days)
    assert len(mapping.calendars[0].days) == 22
    orj = next(j for j in result.jobs if j.unit_type == "orj")
    assert orj.attributes["join"] == "or"


def test_file03_in_cp932_converts_to_the_same_model():
    name = "03_kntools-test01-calendar-waitjobs-orj.txt"
    original = convert(name)
    cp932 = convert(name, (CORPUS / name).read_text("utf-8").encode("cp932"))
    assert cp932.jobs == original.jobs
    assert cp932.dependencies == original.dependencies
    assert {f.code for f in cp932.findings} - {f.code for f in original.findings} == {"JM005"}


def test_file07_and_join_and_nested_schedules():
    result = convert("07_go-kntool-jp1ajs-nested-flwj-malformed.txt")
    target = next(j for j in result.jobs if j.id == "jp1:/ajs01/jobnet01/job01-02")
    assert target.attributes["join"] == "and"
    assert target.user == "execuser"  # read although its ';' is missing
    assert "JM411" in {f.code for f in all_findings(result)}


def test_file10_escapes_and_unquoted_values():
    result = convert("10_ajsbutler-escapes-cpj-fxj-recovery.txt")
    by_name = {job.id.rsplit("/", 1)[1]: job for job in result.jobs}
    params = dict(by_name["file-monitor"].attributes["params"])
    assert params["flwf"] == '"watch#"#"##.txt"'
    assert by_name["custom-job"].environment == {'ENV""#': "1"}
    assert by_name["regular-job"].environment == {"REGULAR": "1"}
    assert by_name["regular-job"].attributes["parameters"] == "--regular"
    assert by_name["flexible-job"].host == 'agent""#-execution'


def test_file05_suggests_the_unit_meant():
    result = convert("05_kntools-test04-transcribed-malformed.txt")
    message = next(f.message for f in result.findings if f.code == "JM403" and f.source.line == 9)
    assert "did you mean DERIADO5?" in message and "'sea'" in message


# -- the whole corpus in one run: nothing lost, the same plan from CP932 -------------------
@pytest.fixture(scope="module")
def corpus_plan(tmp_path_factory):
    import json

    from tests.conftest import run_jobmig

    out = tmp_path_factory.mktemp("jp1-corpus") / "out"
    run_jobmig("convert", str(CORPUS), "--out", str(out), "--timezone", "Asia/Tokyo",
               "--horizon", "2026-01-01:2027-12-31", check=True)
    return json.loads((out / "plan.json").read_text("utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_nothing_is_lost_when_the_whole_corpus_converts_together(corpus_plan, name):
    # Files 09 and 10 both define /root/regular-job: both stay, each under an id of its
    # own with a JM527 finding.
    expected = EXPECTED[name]
    in_plan = [job for job in corpus_plan["jobs"]
               if job["id"].startswith("jp1:") and job["source"]["path"].endswith(name)]
    assert len(in_plan) == expected.jobnets + sum(expected.jobs.values())
    assert Counter(job["unit_type"] for job in in_plan if job["kind"] == "job") == \
        Counter(expected.jobs)


def test_a_unit_path_in_two_files_is_kept_twice_for_review(corpus_plan):
    regular = [job for job in corpus_plan["jobs"] if job["name"].startswith("root/regular-job")]
    assert len(regular) == 2
    # both get an id of their own, whichever file is read first
    assert sorted(job["id"].partition("@")[2].rsplit("/", 1)[-1] for job in regular) == [
        "09_ajsbutler-waitjobs-recovery-types.txt", "10_ajsbutler-escapes-cpj-fxj-recovery.txt"]
    for job in regular:
        assert job["id"].endswith("@" + job["source"]["path"])
        assert "JM527" in {finding["code"] for finding in job["findings"]}
    assert "JM501" not in {finding["code"] for finding in corpus_plan["findings"]}


@pytest.mark.parametrize("name", ["03_kntools-test01-calendar-waitjobs-orj.txt",
                                  "01_unclazz-java-0001-nested-jdj-escape.txt"])
def test_a_cp932_copy_converts_to_the_same_plan(tmp_path, name):
    import json

    from tests.conftest import run_jobmig

    plans = {}
    for encoding in ("utf-8", "cp932"):
        folder = tmp_path / encoding
        folder.mkdir()
        (folder / name).write_bytes((CORPUS / name).read_text("utf-8").encode(encoding))
        run_jobmig("convert", name, "--out", "out", "--timezone", "Asia/Tokyo",
                   "--horizon", "2026-01-01:2026-12-31", cwd=folder, check=True)
        plans[encoding] = json.loads((folder / "out" / "plan.json").read_text("utf-8"))
    utf8, cp932 = plans["utf-8"], plans["cp932"]
    # The only difference allowed: the JM005 note that the file was read as CP932.
    extra = [f for f in cp932["findings"] if f["code"] == "JM005"]
    assert len(extra) == 1
    cp932["findings"] = [f for f in cp932["findings"] if f["code"] != "JM005"]
    for key in ("summary",):
        cp932[key].pop("findings_by_severity"), utf8[key].pop("findings_by_severity")
        cp932[key]["findings"] -= 1
    for plan in plans.values():
        for source in plan["sources"]:
            source.pop("encoding", None)
    assert cp932 == utf8
