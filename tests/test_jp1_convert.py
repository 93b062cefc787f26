"""JP1 unit tree → model (jobmig.parsers.jp1.units), on the project's own fixtures."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobmig.catalogue import CATALOGUE
from jobmig.model import Condition
from jobmig.options import ParseOptions
from jobmig.parsers.jp1 import units as jp1

FIXTURES = Path(__file__).parent / "fixtures" / "jp1"
ALL = FIXTURES / "all_constructs.ajs"
MALFORMED = FIXTURES / "malformed.ajs"
TOKYO = ParseOptions(timezone="Asia/Tokyo")
NET = "jp1:/業務/日次/夜間処理"


def parse_file(path: Path, options: ParseOptions = TOKYO, data: bytes | None = None):
    return jp1.parse(data if data is not None else path.read_bytes(), path=path.name,
                     options=options)


@pytest.fixture(scope="module")
def result():
    return parse_file(ALL)


@pytest.fixture(scope="module")
def jobs(result):
    return {job.id: job for job in result.jobs}


def codes(findings) -> set[str]:
    return {finding.code for finding in findings}


# -- detection and encodings ---------------------------------------------------------

@pytest.mark.parametrize("data, path, score", [
    (b"unit=a,,,;{ty=g;}", "x.txt", 2),
    (b"/* c */\r\nunit=a,,,;", "x", 2),
    (b"  \nunit = a,,,;", "x", 2),
    (b"0 2 * * * /bin/x", "crontab", 0),
    (b"whatever", "export.ajs", 1),
])
def test_detect(data, path, score):
    assert jp1.detect(data, path) == score


def test_a_cp932_copy_converts_to_the_same_model(result):
    text = ALL.read_text("utf-8")
    cp932 = parse_file(ALL, data=text.encode("cp932"))
    assert cp932.jobs == result.jobs
    assert cp932.dependencies == result.dependencies
    assert codes(cp932.findings) - codes(result.findings) == {"JM005"}


def test_a_crlf_copy_converts_to_the_same_model(result):
    crlf = parse_file(ALL, data=ALL.read_bytes().replace(b"\n", b"\r\n"))
    assert crlf.jobs == result.jobs
    assert crlf.dependencies == result.dependencies


def test_encoding_option_forces_the_codec():
    data = "unit=名前,,,;{ty=g;}".encode("cp932")
    forced = jp1.parse(data, path="f", options=ParseOptions(encoding="cp932"))
    assert "JM005" not in codes(forced.findings)
    latin = jp1.parse(data, path="f", options=ParseOptions(encoding="latin-1"))
    assert not latin.jobs and "JM002" not in codes(latin.findings)


def test_undecodable_bytes_are_replaced_and_reported():
    data = b"unit=a,,,;{ty=n;unit=b,,,;{ty=j;te=\"\x81\x20\xff\";}}"
    result = jp1.parse(data, path="f", options=TOKYO)
    assert "JM421" in codes(result.findings)
    assert [job.id for job in result.jobs] == ["jp1:/a", "jp1:/a/b"]


def test_binary_input_is_an_unreadable_file():
    result = jp1.parse(b"\x00\x01\x02unit=", path="f", options=TOKYO)
    assert not result.jobs and codes(result.findings) == {"JM002"}


def test_missing_timezone_is_reported_once():
    result = parse_file(ALL, ParseOptions())
    assert sum(f.code == "JM004" for f in result.findings) == 1
    assert all(s.timezone is None for job in result.jobs for s in job.schedules)


# -- units → jobs --------------------------------------------------------------------

def test_groups_are_prefixes_not_jobs(jobs):
    assert "jp1:/業務" not in jobs and "jp1:/業務/日次" not in jobs
    assert jobs[NET].name == "業務/日次/夜間処理"


def test_jobnets_and_nested_jobnets(jobs):
    root, nested = jobs[NET], jobs[NET + "/集計"]
    assert (root.kind, root.unit_type, root.parent) == ("jobnet", "n", None)
    assert (nested.kind, nested.parent) == ("jobnet", NET)
    assert jobs[NET + "/集計/集計A"].parent == NET + "/集計"


def test_every_job_type_unit_is_a_job(jobs):
    # Read from the fixture: 夜間処理 holds 抽出 j, 集計 n (集計A pj, 集計B pj), 待機 tmwj,
    # 判定 jdj, 出力 pj, 回復 rj, ファイル待ち flwj, 時間待ち evwj, OR orj; 後続 n holds
    # .CONDITION rc (受信 evwj), 接続 nc, 独自 zzj.
    kinds = sorted(job.unit_type for job in jobs.values() if job.kind == "job")
    assert kinds == sorted(["j", "pj", "pj", "tmwj", "jdj", "pj", "rj", "flwj", "evwj", "orj",
                            "rc", "evwj", "nc", "zzj"])
    assert sorted(j.unit_type for j in jobs.values() if j.kind == "jobnet") == ["n", "n", "n"]


def test_unix_job_fields(jobs):
    job = jobs[NET + "/抽出"]
    assert job.command == '/opt/batch/extract.sh --mode "full" --tag #1'
    assert job.environment == {"LANG": "ja_JP.UTF-8", "TZ": "Asia/Tokyo"}
    assert (job.user, job.host) == ("batch", "agent02")
    assert job.retry.max_attempts == 3 and job.retry.interval_seconds == 300
    assert job.timeout_seconds == 90 * 60
    assert job.attributes["workdir"] == "/opt/batch"
    assert job.attributes["run_as"] == "def"
    assert job.attributes["end_judgment"] == {"type": "cod", "abnormal_threshold": 8,
                                              "warning_threshold": 4}
    assert codes(job.findings) == {"JM412", "JM413"}
    assert (job.source.line, job.source.column) == (49, 4)


def test_pc_job_joins_script_and_parameters(jobs):
    assert jobs[NET + "/集計/集計B"].command == "C:\\batch\\sum_b.bat /quick"


def test_all_raw_params_are_kept(jobs):
    params = jobs[NET].attributes["params"]
    assert ("zz", '(unknown,kept),"value"') in params
    assert ("fd", "120") in params  # written after the children
    assert jobs[NET + "/判定"].attributes["params"] == [("ty", "jdj"), ("ej", "ef"),
                                                       ("ejf", '"/tmp/flag"')]


@pytest.mark.parametrize("unit, code", [
    ("/待機", "JM405"), ("/判定", "JM405"),  # flwj: test_run_events; evwj: test_event_waits
    ("/出力", "JM420"),  # the OR job: findings from the mapping (test_run_events)
])
def test_types_without_aws_equivalent_get_findings(jobs, unit, code):
    finding = next(f for f in jobs[NET + unit].findings if f.code == code)
    assert unit.strip("/") in finding.message
    assert finding.job_id == NET + unit


def test_start_condition_jobs_belong_to_the_jobnet(jobs):
    wait = jobs["jp1:/業務/日次/後続/.CONDITION/受信"]
    assert wait.parent == "jp1:/業務/日次/後続"
    assert wait.attributes["container"] == "jp1:/業務/日次/後続/.CONDITION"


def test_cross_jobnet_links_and_unknown_types(jobs):
    # eun and a jobnet connector become status-change rules (JM441/JM442), not JM414
    assert {"JM441"} <= codes(jobs["jp1:/業務/日次/後続"].findings) and \
        "JM414" not in codes(jobs["jp1:/業務/日次/後続"].findings)
    assert codes(jobs["jp1:/業務/日次/後続/接続"].findings) == {"JM442"}
    assert "JM418" in codes(jobs["jp1:/業務/日次/後続/独自"].findings)
    assert "JM407" in codes(jobs["jp1:/業務/日次/後続"].findings)


# -- relations -----------------------------------------------------------------------

def test_relations(result):
    edges = {(d.predecessor.rsplit("/", 1)[1], d.successor.rsplit("/", 1)[1]): d
             for d in result.dependencies if d.scope == "workflow"}
    assert set(edges) == {("抽出", "集計"), ("抽出", "待機"), ("集計", "判定"), ("待機", "判定"),
                          ("判定", "出力"), ("出力", "回復"), ("ファイル待ち", "OR"),
                          ("時間待ち", "OR"), ("集計A", "集計B")}
    assert edges[("判定", "出力")].condition is Condition.JUDGMENT
    assert edges[("出力", "回復")].condition is Condition.FAILURE
    assert edges[("抽出", "集計")].condition is Condition.SUCCESS
    # the fixture's 後続 waits for 夜間処理 (eun) and its connector 接続 names it (ncr)
    cross = sorted((d.predecessor, d.successor, d.parameters["via"]) for d in result.dependencies
                   if d.scope == "cross")
    assert cross == [("jp1:/業務/日次/夜間処理", "jp1:/業務/日次/後続", "eun"),
                     ("jp1:/業務/日次/夜間処理", "jp1:/業務/日次/後続", "nc")]
    assert edges[("抽出", "待機")].source.line == 31  # ar=(f=抽出,t=待機); in the fixture


def test_join_kinds(jobs):
    assert jobs[NET + "/判定"].attributes["join"] == "and"
    assert jobs[NET + "/OR"].attributes["join"] == "or"
    assert "join" not in jobs[NET + "/出力"].attributes


# -- schedules -----------------------------------------------------------------------

def test_one_legacy_schedule_per_rule_with_the_group_calendar(jobs):
    schedules = jobs[NET].schedules
    assert [s.expression for s in schedules] == [
        "sd=1,*b; st=1,02:30; ed=2027/12/31;",
        "sd=2,2026/01/05; st=2,+01:00; cy=2,(1,w); sh=2,af; shd=2,3; ed=2027/12/31;",
        "sd=3,mo:1; ed=2027/12/31;",
    ]
    context = dict(schedules[0].context)
    assert context == {"op": ["mo", "tu", "we", "th", "fr", "2026/03/28"],
                       "cl": ["sa", "su", "2026/03/31"], "sdd": "1", "md": "th",
                       "stt": "00:00", "rule": 1}
    assert {s.flavor for s in schedules} == {"jp1"}
    assert {s.timezone for s in schedules} == {"Asia/Tokyo"}
    assert jobs[NET + "/集計"].schedules == ()


def test_nested_jobnet_rules_and_bad_rules_are_reported():
    text = ("unit=r,,,;{ty=n;sd=1,1;unit=c,,,;{ty=n;sd=1,1.2018/11/01;st=1,+00:100;}}")
    result = jp1.parse(text.encode(), path="f", options=TOKYO)
    nested = result.jobs[1]
    assert codes(nested.findings) == {"JM411", "JM410"}
    assert sum(f.code == "JM410" for f in nested.findings) == 2


# -- errors --------------------------------------------------------------------------

def test_malformed_file_yields_findings_at_the_right_lines_and_intact_units():
    result = parse_file(MALFORMED)
    # a problem inside a unit is said on that unit's job, the others on the file
    at = {(f.code, f.source.line) for f in [*result.findings, *(f for job in result.jobs
                                                                for f in job.findings)]}
    assert ("JM401", 4) in at  # cm="missing semicolon" without ';'
    assert ("JM402", 13) in at  # unit B without '='
    assert ("JM401", 21) in at  # te="/bin/c.sh;  unterminated string
    assert ("JM401", 28) in at  # unit D's '}' missing before unit=E
    assert ("JM401", 34) in at and ("JM401", 37) in at  # EOF inside 後 and F
    assert ("JM403", 6) in at and ("JM403", 7) in at  # 'sea', and t=Z unknown
    assert [job.id for job in result.jobs] == [
        "jp1:/壊れた", "jp1:/壊れた/A", "jp1:/壊れた/C", "jp1:/壊れた/D", "jp1:/壊れた/E",
        "jp1:/後", "jp1:/後/F"]
    assert result.jobs[2].user == "user"  # the line after the broken string still counts


def test_typo_in_relation_type_is_read_as_seq():
    text = "unit=n,,,;{ty=n;ar=(f=a,t=b,sea);unit=a,,,;{ty=j;}unit=b,,,;{ty=j;}}"
    result = jp1.parse(text.encode(), path="f", options=TOKYO)
    assert [(d.condition, d.parameters["connection"]) for d in result.dependencies] == \
        [(Condition.SUCCESS, "seq")]
    finding = next(f for f in result.findings if f.code == "JM403")
    assert "'sea'" in finding.message and "seq" in finding.message


def test_duplicate_sibling_names_get_distinct_ids():
    text = "unit=n,,,;{ty=n;unit=a,,,;{ty=j;}unit=a,,,;{ty=j;}}"
    result = jp1.parse(text.encode(), path="f", options=TOKYO)
    assert [job.id for job in result.jobs] == ["jp1:/n", "jp1:/n/a", "jp1:/n/a~2"]
    assert "JM417" in codes(result.findings)


def test_every_finding_code_is_catalogued(result):
    everything = list(result.findings) + [f for job in result.jobs for f in job.findings]
    everything += list(parse_file(MALFORMED).findings)
    for finding in everything:
        assert finding.code in CATALOGUE


def test_jp1_catalogue_entries_are_complete():
    from jobmig.catalogue import jp1 as area

    for code, entry in area.TYPES.items():
        assert code.startswith("JM4") and entry.title and entry.explanation and entry.remedy


def test_output_is_deterministic():
    assert parse_file(ALL) == parse_file(ALL)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_parse_never_raises_on_random_bytes(data):
    result = jp1.parse(data, path="fuzz", options=TOKYO)
    assert all(f.code != "JM401" or "internal error" not in f.message for f in result.findings)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 4000), st.integers(0, 200), st.text(max_size=5))
def test_parse_never_raises_on_damaged_fixtures(start, length, insert):
    text = ALL.read_text("utf-8")
    damaged = text[:start] + insert + text[start + length:]
    result = jp1.parse(damaged.encode("utf-8"), path="fuzz", options=TOKYO)
    assert all("internal error" not in f.message for f in result.findings)


def test_benchmark_export_converts_cleanly():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "bench_jp1", Path(__file__).resolve().parents[1] / "benchmarks" / "bench_jp1.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    text, count = bench.export(1300)  # 100 root jobnets of 13 units, 1 group + root group
    result = jp1.parse(text.encode("cp932"), path="bench", options=TOKYO)
    assert count == 1300 + 2
    assert len(result.jobs) == 1300
    assert len(result.dependencies) == 100 * 10
    assert sum(len(job.schedules) for job in result.jobs) == 200
    assert not [f for f in result.findings if f.code.startswith("JM4")]


@pytest.mark.parametrize("etm, seconds", [("30", 1800), ("1440", 86400), ("0", None),
                                          ("1441", None), ("99999999999999999999", None)])
def test_an_end_time_limit_outside_1_to_1440_minutes_is_refused_and_not_used(etm, seconds):
    # JP1/AJS3 accepts etm from 1 to 1,440 minutes (unit definition parameters)
    data = f'unit=a,,,;{{ty=n;unit=b,,,;{{ty=j;te="/opt/b.sh";etm={etm};}}}}'.encode()
    result = jp1.parse(data, path="f", options=TOKYO)
    (job,) = [job for job in result.jobs if job.id == "jp1:/a/b"]
    assert job.timeout_seconds == seconds
    refused = [f for f in result.findings if f.code == "JM424" and "etm=" in f.message]
    assert len(refused) == (0 if seconds else 1)


def test_a_superscript_digit_in_a_number_is_a_bad_value_not_an_internal_error():
    # '¹' and '²' count as digits for str.isdigit but int() refuses them (the fuzz test
    # above met 'shd=¹2,3;'): the value is simply not a number.
    text = ("unit=net,,,;{ty=n;sd=1,*1;st=1,10:00;shd=\u00b92,3;\n"
            "unit=j,,,;{ty=j;te=/bin/true;tho=\u00b2;}}\n")
    result = jp1.parse(text.encode("utf-8"), path="x.ajs", options=TOKYO)
    assert not [f for f in result.findings if "internal error" in f.message]
    net, job = result.jobs
    assert [f.code for f in net.findings] == ["JM410"]
    assert "shd value '\u00b92,3'" in net.findings[0].message
    assert job.attributes["end_judgment"] == {"abnormal_threshold": "\u00b2"}


def test_fullwidth_digits_in_a_time_or_day_count_are_bad_values_not_numbers():
    # JP1 writes numbers in ASCII digits; '１０:００' (fullwidth) is no time and
    # '１2' no day count, though Python's int() and \d would read them as 10 and 12.
    text = "unit=net,,,;{ty=n;sd=1,*1;st=1,\uff11\uff10:\uff10\uff10;shd=\uff112,3;\nunit=j,,,;{ty=j;te=/bin/true;}}\n"
    result = jp1.parse(text.encode("utf-8"), path="x.ajs", options=TOKYO)
    messages = [f.message for f in result.jobs[0].findings if f.code == "JM410"]
    assert any("st value" in message for message in messages)
    assert any("shd value" in message for message in messages)


def test_a_retry_count_interval_or_threshold_that_is_no_number_is_reported():
    # JP1 takes whole numbers for rec/rei (retry count, minutes) and tho/wth (thresholds);
    # before, such a value was dropped (retry 1 x 1 minute) or kept unread, without a word.
    data = b'unit=a,,,;{ty=n;unit=b,,,;{ty=j;te="/opt/b.sh";abr=y;rec=x;rei=y;tho=z;wth=w;}}'
    result = jp1.parse(data, path="f", options=TOKYO)
    (job,) = [job for job in result.jobs if job.id == "jp1:/a/b"]
    refused = sorted(f.message.split("=")[0].split()[-1] for f in result.findings
                     if f.code == "JM424")
    assert refused == ["rec", "rei", "tho", "wth"]
    assert (job.retry.max_attempts, job.retry.interval_seconds) == (1, 60)


def test_cron_entries_pasted_between_jp1_units_are_each_named_at_their_line():
    # A crontab pasted into a JP1 export is skipped to the next unit=; its entries (lines
    # 4, 5 and 8; line 3 is named by the skip itself, line 6 is a comment, line 7 a
    # variable) are each a JM401 at their line, and the unit after them is still read.
    text = ("unit=g,,,;{ty=g;}\n"
            "}\n"
            "# from another host\n"
            "15 2 * * * /opt/a.sh\n"
            "@daily /opt/b.sh\n"
            "# a comment\n"
            "PATH=/bin\n"
            "30 3 * * 1-5 /opt/c.sh\n"
            "unit=n,,,;{ty=n;unit=j,,,;{ty=j;te=/bin/true;}}\n")
    result = jp1.parse(text.encode(), path="mixed.ajs", options=TOKYO)
    named = sorted(f.source.line for f in result.findings
                   if f.code == "JM401" and "cron entry" in f.message)
    assert named == [4, 5, 8]
    assert "jp1:/n/j" in {job.id for job in result.jobs}
