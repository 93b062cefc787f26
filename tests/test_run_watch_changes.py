"""File watches for size (flwc s) and modified-time (flwc m) changes, and wildcards (issue 22
point 2).

JP1/AJS3 Command Reference 5.2.10: ``flwc=c[:d[:{s|m}]]`` "s: Monitors file
resizing", "m: Monitors for a change in the writing time of the last file", s
and m not together; ``flwf`` takes wildcards. The state machines run in the
independent ASL interpreter (tests/asl_run.py) against scripted AWS answers;
the check script runs in a real ``sh`` on real files; the wildcard helpers are
checked against Python's :mod:`fnmatch` as the oracle.
"""
from __future__ import annotations

import fnmatch
import os
import subprocess
import tempfile
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

from tests.asl_run import fail, ok
from tests.test_run_events import NOT_YET, checks, watch_net, watching
from tests.test_run_faults import execute, machines, sent, ssm, status


def answer(state: str, code: int, output: str) -> dict[str, Any]:
    """A getCommandInvocation answer with the script's standard output."""
    return ok({"Status": state, "ResponseCode": code, "StandardOutputContent": output})


def commands_sent(result) -> list[list[str]]:
    return [c["input"]["Parameters"]["commands"] for c in result.calls_to("ssm:sendCommand")
            if c["state"] == "watch: check"]


SIZE = [["flwf", '"/data/in/sales.csv"'], ["flwc", "s"], ["flwi", "30"]]


# -- on the managed node ------------------------------------------------------------------------
def test_a_size_watch_ends_when_the_size_differs_from_the_previous_check():
    built = machines(watch_net(SIZE, etm_minutes=10))["net"]
    # the script says "not yet" (exit 1) and prints its value: baseline, unchanged, changed
    result = execute(built, watching([answer("Failed", 1, "111"), answer("Failed", 1, "111"),
                                      answer("Success", 0, "222")], last=[status("Success", 0)]))
    assert (result.status, sent(result)[-1], checks(result)) == ("SUCCEEDED", "last", 3)
    # each check gets the value the check before it printed (none at the first)
    assert [c[0] for c in commands_sent(result)] == ["prev=", "prev=111", "prev=111"]
    assert any(f.code == "JM443" for f in built.findings)


@pytest.mark.parametrize("ets, goes_on", [(None, False), ("nr", True)])
def test_a_size_watch_whose_file_never_changes_ends_at_etm_as_ets_says(ets, goes_on):
    params = SIZE + ([["ets", ets]] if ets else [])
    built = machines(watch_net(params, etm_minutes=2))["net"]  # 120 s / 30 s = 4 checks
    result = execute(built, watching([answer("Failed", 1, "111")], last=[status("Success", 0)],
                                     recover=[status("Success", 0)]))
    assert checks(result) == 4
    if goes_on:
        assert (result.status, sent(result)[-1]) == ("SUCCEEDED", "last")
    else:
        assert (result.status, result.error) == ("FAILED", "Jobmig.JobFailedAfterRecovery")
        assert "recover" in sent(result)


def test_a_size_check_that_cannot_run_fails_the_watch():
    built = machines(watch_net(SIZE, etm_minutes=10))["net"]
    result = execute(built, watching([answer("Failed", 127, "")], recover=[status("Success", 0)]))
    assert (result.status, checks(result)) == ("FAILED", 1) and "recover" in sent(result)


def test_a_size_watch_without_etm_keeps_the_previous_value_too():
    built = machines(watch_net(SIZE))["net"]
    result = execute(built, watching([answer("Failed", 1, "7"), answer("Failed", 1, "8"),
                                      answer("Success", 0, "9")], last=[status("Success", 0)]))
    assert result.status == "SUCCEEDED"
    assert [c[0] for c in commands_sent(result)] == ["prev=", "prev=7", "prev=8"]


def run_script(path: str, condition: str, prev: str | None) -> tuple[int, str]:
    from jobmig.mappings.file_watch import check_script
    lines = ([f"prev={prev}"] if prev is not None else []) + check_script(path, condition)
    done = subprocess.run(["sh", "-c", "\n".join(lines)], capture_output=True, text=True)
    return done.returncode, done.stdout


def test_the_size_script_records_then_sees_a_change_of_size_only(tmp_path):
    folder = tmp_path / "in box"
    folder.mkdir()
    path = f"{folder}/*.csv"
    assert run_script(path, "s", "") == (1, "none")  # nothing there yet: not a change
    (folder / "a.csv").write_text("12345")
    code, first = run_script(path, "s", "none")
    assert code == 1  # appeared: that is c's event, not a size change
    assert run_script(path, "s", first) == (1, first)  # unchanged
    (folder / "a.csv").write_text("54321")  # same size, other content
    assert run_script(path, "s", first) == (1, first)
    (folder / "a.csv").write_text("123456")
    code, second = run_script(path, "s", first)
    assert code == 0 and second != first


def test_the_modified_time_script_sees_a_new_last_write_time(tmp_path):
    target = tmp_path / "data.txt"
    target.write_text("x")
    os.utime(target, (1_700_000_000, 1_700_000_000))
    code, first = run_script(str(target), "m", "")
    assert code == 1
    assert run_script(str(target), "m", first) == (1, first)
    os.utime(target, (1_700_000_060, 1_700_000_060))  # written a minute later, same size
    assert run_script(str(target), "m", first)[0] == 0


def test_created_or_size_ends_as_soon_as_the_file_is_there(tmp_path):
    target = tmp_path / "x.dat"
    assert run_script(str(target), "c:s", "")[0] == 1
    target.write_text("1")
    assert run_script(str(target), "c:s", "")[0] == 0


# -- on S3 ----------------------------------------------------------------------------------------
def s3_profile():
    from jobmig.mappings.profile import parse_profile
    return parse_profile('[events.paths]\n"/data/in/" = "s3://landing/in/"\n')


def s3_run(params: list[list[str]], heads: list[dict[str, Any]], etm: int | None = 5):
    built = machines(watch_net(params, etm_minutes=etm), s3_profile())["net"]
    result = execute(built, ssm({"last": [status("Success", 0)], "recover": [status("Success", 0)]})
                     | {"resources": {"ssm:sendCommand": [ok({"Command": {"CommandId": "c"}})],
                                      "s3:headObject": heads}})
    return built, result


def test_an_s3_size_watch_compares_content_length_with_the_previous_check():
    built, result = s3_run(SIZE, [ok({"ContentLength": 5}), ok({"ContentLength": 5}),
                                  ok({"ContentLength": 9})])
    assert (result.status, sent(result)) == ("SUCCEEDED", ["last"])
    calls = result.calls_to("s3:headObject")
    assert len(calls) == 3 and calls[0]["input"] == {"Bucket": "landing", "Key": "in/sales.csv"}


def test_an_s3_object_that_appears_is_not_a_size_change_but_its_next_change_is():
    _, result = s3_run(SIZE, [fail("S3.NoSuchKeyException"), ok({"ContentLength": 5}),
                              ok({"ContentLength": 9})])
    assert result.status == "SUCCEEDED" and len(result.calls_to("s3:headObject")) == 3


def test_an_s3_modified_time_watch_ends_at_etm_when_the_time_stays():
    params = [["flwf", '"/data/in/sales.csv"'], ["flwc", "m"], ["flwi", "60"]]
    stamp = ok({"ContentLength": 5, "LastModified": "2026-11-23T01:00:00Z"})
    _, result = s3_run(params, [stamp], etm=3)  # 180 s / 60 s = 3 checks
    assert (result.status, result.error) == ("FAILED", "Jobmig.JobFailedAfterRecovery")
    assert len(result.calls_to("s3:headObject")) == 3 and "recover" in sent(result)


def test_an_s3_access_error_is_not_taken_for_a_missing_object():
    _, result = s3_run(SIZE, [fail("S3.AccessDeniedException")])
    assert result.status == "FAILED" and "last" not in sent(result)


def test_an_s3_wildcard_in_the_middle_lists_the_literal_prefix_and_says_so():
    params = [["flwf", '"/data/in/orders_*_2026.csv"']]
    built = machines(watch_net(params, etm_minutes=5), s3_profile())["net"]
    result = execute(built, ssm({"last": [status("Success", 0)]}) | {"resources": {
        "ssm:sendCommand": [ok({"Command": {"CommandId": "c"}})],
        "s3:listObjectsV2": [ok({"KeyCount": 0}), ok({"KeyCount": 1})]}})
    assert result.status == "SUCCEEDED"
    assert result.calls_to("s3:listObjectsV2")[0]["input"]["Prefix"] == "in/orders_"
    note = next(f for f in built.findings if f.code == "JM444")
    assert "in/orders_*_2026.csv" in note.message


def test_an_s3_size_watch_on_a_pattern_stays_manual():
    built = machines(watch_net([["flwf", '"/data/in/*.csv"'], ["flwc", "s"]]), s3_profile())["net"]
    assert any(f.code == "JM524" and "headObject reads one key" in f.message
               for f in built.findings)


# -- wildcards against fnmatch ------------------------------------------------------------------
PATTERN = st.text(alphabet="ab*?", min_size=1, max_size=6)
NAME = st.text(alphabet="ab c'", min_size=1, max_size=6).filter(lambda n: n.strip() == n)


@given(PATTERN, st.lists(st.text(alphabet="ab", max_size=3), max_size=4), st.data())
def test_every_name_a_pattern_matches_starts_with_its_literal_prefix(pattern, fills, data):
    from jobmig.mappings.file_watch import literal_prefix
    # a name built from the pattern (each wildcard filled in) matches it: fnmatch says so
    name, picks = "", iter(fills + [""] * 10)
    for char in pattern:
        name += next(picks) if char == "*" else data.draw(st.sampled_from("ab")) if char == "?" \
            else char
    assert fnmatch.fnmatchcase(name, pattern)
    assert name.startswith(literal_prefix(pattern))
    other = data.draw(st.text(alphabet="ab", max_size=6))
    if fnmatch.fnmatchcase(other, pattern):
        assert other.startswith(literal_prefix(pattern))


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="ab c'*?", min_size=1, max_size=5).filter(lambda p: p.strip() == p),
       st.sets(NAME, max_size=4))
def test_the_check_script_s_glob_matches_the_names_fnmatch_matches(pattern, names):
    from jobmig.mappings.file_watch import check_script
    with tempfile.TemporaryDirectory() as folder:
        for name in names:
            with open(os.path.join(folder, name), "w", encoding="utf-8") as handle:
                handle.write("x")
        script = "\n".join(check_script(f"{folder}/{pattern}", "c"))
        code = subprocess.run(["sh", "-c", script]).returncode
    expected = any(fnmatch.fnmatchcase(name, pattern) for name in names)
    assert code == (0 if expected else 1)


def test_an_s3_head_watch_may_list_the_bucket_so_a_missing_key_is_a_404():
    # S3 answers HeadObject on a missing key with 403 unless the caller may ListBucket
    # (Amazon S3 API reference, HeadObject "Permissions"); the watch takes only 404 as absent
    built, _ = s3_run(SIZE, [ok({"ContentLength": 5})])
    allowed = {(p.action, p.resource) for p in built.permissions}
    assert ("s3:ListBucket", "arn:${AWS::Partition}:s3:::landing") in allowed, allowed
