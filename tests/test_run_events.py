"""JP1 event, wait and control units (issue 22), run in an independent interpreter.

Each test builds a small jobnet, converts it, and runs the machine in
aws-local-stepfunctions (tests/asl_run.py) with a scripted AWS. Expected
outcomes come from the JP1/AJS3 manuals' semantics (cited per test), not from
the definitions.
"""
from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, strategies as st

from jobmig.model import Condition
from tests.asl_run import fail, ok
from tests.aws_fixtures import dep, graph_of, job
from tests.test_run_faults import DATE, execute, machines, sent, ssm, status, thresholds


# -- judgment jobs without ej: JP1's default judgment --------------------------------------
def default_judgment_net(params: list[list[str]]):
    """pred (tho=20) → judge (given params) → then (con) → last."""
    return graph_of(
        [job("net", kind="jobnet"),
         job("pred", parent="net", attributes=thresholds(type="cod", abnormal_threshold=20)),
         job("judge", parent="net", unit_type="jdj", command=None, attributes={"params": params}),
         job("then", parent="net"), job("last", parent="net")],
        [dep("pred", "judge"), dep("judge", "then", Condition.JUDGMENT), dep("then", "last")])


@pytest.mark.parametrize("answer, runs_then", [
    (status("Failed", 1), True),   # JP1: ej omitted = gt, ejc omitted = 0; rc 1 > 0 holds
    (status("Failed", 20), True),  # within tho=20: a warning end, and 20 > 0
    (status("Success", 0), False),  # 0 > 0 does not hold: the con unit is skipped
])
def test_a_judgment_without_ej_holds_when_the_return_code_is_above_zero(answer, runs_then):
    built = machines(default_judgment_net([]))
    result = execute(built["net"], ssm({"pred": [answer], "then": [status("Success", 0)],
                                        "last": [status("Success", 0)]}))
    assert result.status == "SUCCEEDED"
    assert sent(result) == (["pred", "then", "last"] if runs_then else ["pred", "last"])
    codes = {f.code for f in built["net"].findings if "judge" in (f.job_id or "")}
    assert "JM522" in codes and "JM511" not in codes


def test_a_judgment_without_ej_fails_with_its_predecessor():
    result = execute(machines(default_judgment_net([]))["net"], ssm({"pred": [status("Failed", 21)]}))
    assert (result.status, sent(result)) == ("FAILED", ["pred"])


def test_an_ej_without_ejc_compares_with_zero():
    built = machines(default_judgment_net([["ej", "eq"]]))["net"]
    for answer, runs_then in ((status("Success", 0), True), (status("Failed", 3), False)):
        result = execute(built, ssm({"pred": [answer], "then": [status("Success", 0)],
                                     "last": [status("Success", 0)]}))
        assert sent(result) == (["pred", "then", "last"] if runs_then else ["pred", "last"])


def test_a_file_judgment_without_ej_is_not_given_a_return_code_default():
    built = machines(default_judgment_net([["ejf", "/tmp/flag"]]))["net"]
    result = execute(built, ssm({"pred": [status("Success", 0)], "then": [status("Success", 0)]}))
    assert (result.status, result.error, sent(result)) == ("FAILED", "Jobmig.NotConverted", ["pred"])


# -- OR jobs --------------------------------------------------------------------------------
def or_net(second_test: list[list[str]], tho: int = 20):
    """pred → j1 (ej=le 3) -con→ a → or; pred → j2 (second_test) -con→ b → or; or → last.

    The if/else of JP1/AJS3 System Design (Work Tasks) Guide 2.4.3: the stock check's
    return code picks one form job; the OR job starts its successor when the first
    predecessor ends."""
    return graph_of(
        [job("net", kind="jobnet"),
         job("pred", parent="net", attributes=thresholds(type="cod", abnormal_threshold=tho)),
         job("j1", parent="net", unit_type="jdj", attributes={"params": [["ej", "le"], ["ejc", "3"]]}),
         job("j2", parent="net", unit_type="jdj", attributes={"params": second_test}),
         job("a", parent="net"), job("b", parent="net"),
         job("or", parent="net", unit_type="orj", command=None),
         job("last", parent="net")],
        [dep("pred", "j1"), dep("pred", "j2"), dep("j1", "a", Condition.JUDGMENT),
         dep("j2", "b", Condition.JUDGMENT), dep("a", "or"), dep("b", "or"), dep("or", "last")])


ALL_OK = {"a": [status("Success", 0)], "b": [status("Success", 0)], "last": [status("Success", 0)]}


@pytest.mark.parametrize("answer, branch", [
    (status("Success", 0), "a"), (status("Failed", 3), "a"),  # rc <= 3
    (status("Failed", 4), "b"), (status("Failed", 20), "b"),  # rc > 3, within tho
])
def test_an_or_job_after_exclusive_judgments_is_where_the_one_branch_that_ran_meets(answer, branch):
    built = machines(or_net([["ej", "gt"], ["ejc", "3"]]))["net"]
    result = execute(built, ssm({"pred": [answer], **ALL_OK}))
    assert (result.status, sent(result)) == ("SUCCEEDED", ["pred", branch, "last"])
    codes = {f.code for f in built.findings if f.job_id == "test:or"}
    assert codes == {"JM430"}


def test_an_or_job_after_a_branch_that_fails_does_not_go_on():
    built = machines(or_net([["ej", "gt"], ["ejc", "3"]]))["net"]
    result = execute(built, ssm({"pred": [status("Failed", 5)], "b": [status("Failed", 1)],
                                 "last": [status("Success", 0)]}))
    assert (result.status, sent(result)) == ("FAILED", ["pred", "b"])


def test_an_or_job_stops_at_the_predecessor_s_abnormal_end():
    built = machines(or_net([["ej", "gt"], ["ejc", "3"]]))["net"]
    result = execute(built, ssm({"pred": [status("Failed", 21)], **ALL_OK}))
    assert (result.status, sent(result)) == ("FAILED", ["pred"])


@pytest.mark.parametrize("second, why", [
    ([["ej", "ge"], ["ejc", "3"]], "more than one judgment holds"),  # rc 3 runs both branches
    ([["ej", "gt"], ["ejc", "5"]], "no judgment holds"),  # rc 4 and 5 run neither
])
def test_an_or_job_after_overlapping_or_incomplete_judgments_stays_manual(second, why):
    built = machines(or_net(second))["net"]
    findings = [f for f in built.findings if f.job_id == "test:or"]
    assert [f.code for f in findings] == ["JM431"] and why in findings[0].message
    result = execute(built, ssm({"pred": [status("Success", 0)], **ALL_OK}))
    assert (result.status, result.error) == ("FAILED", "Jobmig.NotConverted")
    assert "last" not in sent(result)


def test_an_or_job_after_plain_jobs_stays_manual_and_says_they_may_run_together():
    graph = graph_of(
        [job("net", kind="jobnet"), job("a", parent="net"), job("b", parent="net"),
         job("or", parent="net", unit_type="orj", command=None), job("last", parent="net")],
        [dep("a", "or"), dep("b", "or"), dep("or", "last")])
    built = machines(graph)["net"]
    findings = [f for f in built.findings if f.job_id == "test:or"]
    assert [f.code for f in findings] == ["JM431"] and "a, b" in findings[0].message
    result = execute(built, ssm(ALL_OK))
    assert (result.status, result.error) == ("FAILED", "Jobmig.NotConverted")
    assert "last" not in sent(result)


OPS = {"gt": lambda c, k: c > k, "ge": lambda c, k: c >= k, "lt": lambda c, k: c < k,
       "le": lambda c, k: c <= k, "eq": lambda c, k: c == k, "ne": lambda c, k: c != k}


@given(st.lists(st.tuples(st.sampled_from(sorted(OPS)), st.integers(0, 30)), min_size=2, max_size=4))
def test_branches_are_an_if_else_exactly_when_one_test_holds_for_every_code(tests):
    from jobmig.mappings.judgment import condition
    from jobmig.mappings.or_join import branch_problem
    rules = [condition(job("j", unit_type="jdj", attributes={"params": [["ej", op], ["ejc", str(k)]]}))
             for op, k in tests]
    # brute force over a range wider than every constant (return codes are non-negative in
    # JP1, but the check must not depend on that)
    exactly_one = all(sum(OPS[op](code, k) for op, k in tests) == 1 for code in range(-5, 40))
    assert (branch_problem(rules) is None) == exactly_one


def test_the_fixture_s_or_job_after_two_wait_jobs_stays_manual_at_its_place(tmp_path):
    import json
    from tests.conftest import run_jobmig
    run_jobmig("convert", "tests/fixtures/jp1/all_constructs.ajs", "-o", str(tmp_path), check=True)
    plan = json.loads((tmp_path / "plan.json").read_text("utf-8"))
    or_job = next(j for j in plan["jobs"] if j["unit_type"] == "orj")
    finding = next(f for f in or_job["findings"] if f["code"] == "JM431")
    assert or_job["status"] == "manual"
    # the unit=OR line of the fixture (line 119, column of "unit")
    assert (finding["source"]["line"], finding["source"]["path"].endswith("all_constructs.ajs")) == (119, True)
    # its file watch watches flwc=c:m (created or modified): converted, the time compared
    # with the previous check's (JM443)
    watch = next(j for j in plan["jobs"] if j["unit_type"] == "flwj")
    assert watch["status"] == "review"
    assert any(f["code"] == "JM443" and "flwc=c:m" in f["message"] for f in watch["findings"])


# -- sending units --------------------------------------------------------------------------
def sending_net(unit_type: str, params: list[list[str]], timeout: int | None = None):
    """pred → send (the sending unit) → last; send's abnormal end runs recover."""
    return graph_of(
        [job("net", kind="jobnet"), job("pred", parent="net"),
         job("send", parent="net", unit_type=unit_type, command=None, timeout_seconds=timeout,
             attributes={"params": params, "unit_path": "/grp/net/send"}),
         job("last", parent="net"), job("recover", parent="net", unit_type="rj")],
        [dep("pred", "send"), dep("send", "last"), dep("send", "recover", Condition.FAILURE)])


EVENT = [["evsid", "00000100"], ["evsms", '"batch done"'], ["evssv", "in"],
         ["evsfr", 'STAGE:"night"'], ["evhst", '"mgr01"']]
OK_JOBS = {"pred": [status("Success", 0)], "last": [status("Success", 0)],
           "recover": [status("Success", 0)]}


def with_ssm(extra: dict[str, Any], **states: Any) -> dict[str, Any]:
    scenario = ssm({**OK_JOBS, **states})
    scenario["resources"].update(extra)
    return scenario


def test_an_event_sending_job_puts_its_event_id_and_message_on_the_bus():
    import json
    built = machines(sending_net("evsj", EVENT))["net"]
    result = execute(built, with_ssm({"eventbridge:putEvents": [ok({"FailedEntryCount": 0,
                                                                      "Entries": [{"EventId": "e1"}]})]}))
    assert (result.status, sent(result)) == ("SUCCEEDED", ["pred", "last"])
    [call] = result.calls_to("eventbridge:putEvents")
    [entry] = call["input"]["Entries"]
    assert entry["EventBusName"] == "${EventBusName}"  # a template parameter, not substituted here
    assert (entry["Source"], entry["DetailType"]) == ("jobmig.jp1", "JP1 event")
    detail = json.loads(entry["Detail"])
    assert detail == {"event_id": "00000100", "message": "batch done", "severity": "in",
                      "attributes": {"STAGE": "night"}, "unit": "/grp/net/send",
                      "business_date": DATE}  # the run's business date as its start gave it
    finding = next(f for f in built.findings if f.code == "JM432")
    assert "evhst" in finding.message  # the destination host is not carried over


@pytest.mark.parametrize("answer", [
    ok({"FailedEntryCount": 1, "Entries": [{"ErrorCode": "InternalFailure"}]}),  # not accepted
    fail("EventBridge.ResourceNotFoundException", "no such bus"),
    fail("States.Timeout", "etm passed"),  # the unit's etm as TimeoutSeconds
])
def test_an_event_not_sent_fails_the_job_and_runs_its_recovery(answer):
    built = machines(sending_net("evsj", EVENT, timeout=120))["net"]
    result = execute(built, with_ssm({"eventbridge:putEvents": [answer]}))
    assert (result.status, sent(result)) == ("FAILED", ["pred", "recover"])
    assert result.error == "Jobmig.JobFailedAfterRecovery"


def test_a_throttled_put_events_is_retried():
    built = machines(sending_net("evsj", EVENT))["net"]
    result = execute(built, with_ssm({"eventbridge:putEvents": [
        fail("EventBridge.ThrottlingException", "Rate exceeded"), ok({"FailedEntryCount": 0})]}))
    assert (result.status, sent(result)) == ("SUCCEEDED", ["pred", "last"])
    assert len(result.calls_to("eventbridge:putEvents")) == 2


MAIL = [["mladr", 'to:"ops@example.com"'], ["mladr", 'cc:"lead@example.com"'],
        ["mlsbj", '"nightly batch"'], ["mltxt", '"finished"'], ["mlatf", '"/var/log/a.log"']]


def test_a_mail_sending_job_sends_through_ses_to_its_recipients():
    built = machines(sending_net("mlsj", MAIL))["net"]
    result = execute(built, with_ssm({"sesv2:sendEmail": [ok({"MessageId": "m1"})]}))
    assert (result.status, sent(result)) == ("SUCCEEDED", ["pred", "last"])
    [call] = result.calls_to("sesv2:sendEmail")
    parameters = call["input"]
    assert parameters["Destination"] == {"ToAddresses": ["ops@example.com"],
                                         "CcAddresses": ["lead@example.com"]}
    assert parameters["Content"]["Simple"]["Subject"]["Data"] == "nightly batch"
    assert parameters["Content"]["Simple"]["Body"]["Text"]["Data"] == "finished"
    assert "mlatf" in next(f for f in built.findings if f.code == "JM432").message


def test_the_profile_sends_mail_through_sns_instead():
    from jobmig.mappings.profile import parse_profile
    built = machines(sending_net("mlsj", MAIL), parse_profile('[events]\nmail = "sns"\n'))["net"]
    result = execute(built, with_ssm({"sns:publish": [ok({"MessageId": "m1"})]}))
    assert (result.status, sent(result)) == ("SUCCEEDED", ["pred", "last"])
    [call] = result.calls_to("sns:publish")
    assert call["input"] == {"TopicArn": "${MailTopicArn}", "Subject": "nightly batch",
                             "Message": "finished"}
    failed = execute(built, with_ssm({"sns:publish": [fail("Sns.NotFoundException", "no topic")]}))
    assert (failed.status, sent(failed)) == ("FAILED", ["pred", "recover"])


def test_a_mail_sending_job_without_a_recipient_stays_manual():
    built = machines(sending_net("mlsj", [["mlsbj", '"x"']]))["net"]
    assert any(f.code == "JM524" and "mladr" in f.message for f in built.findings)
    result = execute(built, with_ssm({}))
    # a placeholder fails the run where it stands: no mail, and no recovery as if it had run
    assert (result.status, result.error, sent(result)) == ("FAILED", "Jobmig.NotConverted", ["pred"])


def test_an_http_connection_job_calls_its_endpoint_with_its_method_through_a_connection():
    built = machines(sending_net("htpj", [["htknd", "POST"], ["htcfl", '"/etc/conn.conf"']]))["net"]
    result = execute(built, with_ssm({"http:invoke": [ok({"StatusCode": 200, "ResponseBody": {}})]}))
    assert (result.status, sent(result)) == ("SUCCEEDED", ["pred", "last"])
    [call] = result.calls_to("http:invoke")
    assert call["input"] == {"ApiEndpoint": "${HttpEndpointSend}", "Method": "POST",
                             "Authentication": {"ConnectionArn": "${HttpConnectionArn}"}}
    assert {p.name for p in built.parameters} >= {"HttpEndpointSend", "HttpConnectionArn"}


def test_an_http_error_status_fails_the_job_and_an_unavailable_service_is_retried():
    built = machines(sending_net("htpj", []))["net"]
    failed = execute(built, with_ssm({"http:invoke": [fail("States.Http.StatusCode.404", "")]}))
    assert (failed.status, sent(failed)) == ("FAILED", ["pred", "recover"])
    retried = execute(built, with_ssm({"http:invoke": [fail("States.Http.StatusCode.503", ""),
                                                       ok({"StatusCode": 200})]}))
    assert (retried.status, len(retried.calls_to("http:invoke"))) == ("SUCCEEDED", 2)
    assert retried.calls_to("http:invoke")[0]["input"]["Method"] == "GET"  # JP1 default htknd


def test_the_sample_profile_documents_every_events_setting():
    from pathlib import Path
    from jobmig.mappings.profile import EVENT_SETTINGS, parse_profile
    text = (Path(__file__).resolve().parent.parent / "samples" / "profile.toml").read_text()
    profile = parse_profile(text)
    documented = {line.split("=")[0].strip() for line in text.split("[events]", 1)[1].splitlines()
                  if "=" in line and not line.lstrip().startswith("#")}
    assert set(EVENT_SETTINGS) - {"paths"} <= documented
    assert "[events.paths]" in text
    assert profile.event_setting("mail") == "ses"


@pytest.mark.parametrize("text", ['[events]\nmail = "fax"\n', '[events]\nbus = "x"\n',
                                  '[events]\nbus_parameter = "not a name"\n',
                                  '[events.paths]\n"/data/in/" = "/mnt/in/"\n'])
def test_a_bad_events_table_is_refused_with_its_key(text):
    from jobmig.mappings.profile import ProfileError, parse_profile
    with pytest.raises(ProfileError, match=r"\[events\]"):
        parse_profile(text)


# -- file watch -----------------------------------------------------------------------------
def watch_net(params: list[list[str]], etm_minutes: int | None = None):
    """watch (flwj) → last; the watch's abnormal end runs recover."""
    return graph_of(
        [job("net", kind="jobnet"),
         job("watch", parent="net", unit_type="flwj", command=None,
             timeout_seconds=etm_minutes * 60 if etm_minutes else None,
             attributes={"params": params}),
         job("last", parent="net"), job("recover", parent="net", unit_type="rj")],
        [dep("watch", "last"), dep("watch", "recover", Condition.FAILURE)])


# the check script's "not yet" (exit 1) and "seen" (exit 0), printing what it saw: JP1 counts a
# file as created once a check saw none (file_watch.created_anew), so the script prints it
NOT_YET = ok({"Status": "Failed", "ResponseCode": 1, "StandardOutputContent": "none"})
SEEN = ok({"Status": "Success", "ResponseCode": 0, "StandardOutputContent": "4242"})
WATCH = [["flwf", '"/data/in/*.csv"'], ["flwi", "30"]]


def watching(answers: list[dict[str, Any]], **jobs: list[dict[str, Any]]) -> dict[str, Any]:
    """Scenario: the watch's status polls answered in order; the other jobs' as given."""
    scenario = ssm(jobs)
    scenario["states"]["watch: check status"] = answers
    return scenario


def find_state(states: dict[str, Any], name: str) -> dict[str, Any]:
    """The state ``name``, also inside Parallel branches."""
    if name in states:
        return states[name]
    for state in states.values():
        for branch in state.get("Branches", ()):
            try:
                return find_state(branch["States"], name)
            except KeyError:
                pass
    raise KeyError(name)


def checks(result) -> int:
    return len([c for c in result.calls_to("ssm:sendCommand") if c["state"] == "watch: check"])


def test_a_file_watch_polls_on_the_node_until_the_file_is_there():
    built = machines(watch_net(WATCH, etm_minutes=10))["net"]
    result = execute(built, watching([NOT_YET, NOT_YET, SEEN], last=[status("Success", 0)]))
    assert (result.status, sent(result)[-1], checks(result)) == ("SUCCEEDED", "last", 3)
    waits = [s for s in result.entered if s == "watch: interval"]
    assert len(waits) == 2  # flwi between checks
    assert find_state(built.definition["States"], "watch: interval")["Seconds"] == 30


@pytest.mark.parametrize("ets, goes_on", [(None, False), ("kl", False), ("an", False),
                                          ("nr", True), ("wr", True)])
def test_a_file_watch_gives_up_after_etm_and_ends_as_ets_says(ets, goes_on):
    params = WATCH + ([["ets", ets]] if ets else [])  # JP1 default ets=kl: killed
    built = machines(watch_net(params, etm_minutes=2))["net"]  # 120 s / 30 s = 4 checks
    result = execute(built, watching([NOT_YET], last=[status("Success", 0)], recover=[status("Success", 0)]))
    assert checks(result) == 4
    if goes_on:
        assert (result.status, sent(result)[-1]) == ("SUCCEEDED", "last")
    else:
        assert (result.status, result.error) == ("FAILED", "Jobmig.JobFailedAfterRecovery")
        assert "recover" in sent(result) and "last" not in sent(result)


def test_a_check_that_cannot_run_fails_the_watch():
    built = machines(watch_net(WATCH, etm_minutes=10))["net"]
    result = execute(built, watching([ok({"Status": "Failed", "ResponseCode": 127,
                                          "StandardOutputContent": ""})],
                                     recover=[status("Success", 0)]))
    assert (result.status, checks(result)) == ("FAILED", 1)
    assert "recover" in sent(result)


@pytest.mark.parametrize("condition, files, code", [
    ("c", [], 1), ("c", ["a.csv"], 0), ("c", ["a.txt"], 1),
    ("d", ["b.csv"], 1), ("d", ["a.txt"], 0), ("d", [], 0),
])
def test_the_check_script_honours_wildcards_in_a_path_with_spaces(tmp_path, condition, files, code):
    import subprocess
    from jobmig.mappings.file_watch import check_script
    folder = tmp_path / "in box"
    folder.mkdir()
    for name in files:
        (folder / name).write_text("x")
    script = "\n".join(check_script(f"{folder}/*.csv", condition))
    assert subprocess.run(["sh", "-c", script]).returncode == code


@pytest.mark.parametrize("flco, files, prev, code", [
    (None, ["a.csv"], "", 1),       # there at the first check: only recorded
    (None, ["a.csv"], "none", 0),   # none at the check before: created
    (None, [], "none", 1),
    ("y", ["a.csv"], "", 0),        # flco=y: a file already there counts
])
def test_a_file_already_there_counts_as_created_only_with_flco(tmp_path, flco, files, prev, code):
    """JP1/AJS3 System Design (Work Tasks) Guide 7.6.2: a file that exists when monitoring
    starts satisfies the create condition only once deleted and created again, unless the
    start monitoring option says it counts."""
    import subprocess
    from jobmig.mappings.file_watch import check_script, created_anew
    folder = tmp_path / "in"
    folder.mkdir()
    for name in files:
        (folder / name).write_text("x")
    unit = job("watch", unit_type="flwj", command=None, attributes={"params": [
        ["flwf", f'"{folder}/*.csv"']] + ([["flco", flco]] if flco else [])})
    script = "\n".join(check_script(f"{folder}/*.csv", "c", created_anew(unit)))
    done = subprocess.run(["sh", "-c", f"prev={prev}\n{script}"], capture_output=True, text=True)
    assert done.returncode == code


@pytest.mark.parametrize("flco, counts, checked", [(None, [1, 0, 1], 3), ("y", [1], 1)])
def test_an_s3_watch_counts_a_key_already_there_only_with_flco(flco, counts, checked):
    from jobmig.mappings.profile import parse_profile
    profile = parse_profile('[events.paths]\n"/data/in/" = "s3://landing/in/"\n')
    params = [["flwf", '"/data/in/daily*"']] + ([["flco", flco]] if flco else [])
    built = machines(watch_net(params, etm_minutes=5), profile)["net"]
    result = execute(built, ssm({"last": [status("Success", 0)]}) | {"resources": {
        "ssm:sendCommand": [ok({"Command": {"CommandId": "c"}})],
        "s3:listObjectsV2": [ok({"KeyCount": n}) for n in counts]}})
    assert (result.status, sent(result)) == ("SUCCEEDED", ["last"])
    assert len(result.calls_to("s3:listObjectsV2")) == checked


def test_a_path_mapped_to_s3_is_watched_with_list_objects():
    from jobmig.mappings.profile import parse_profile
    profile = parse_profile('[events.paths]\n"/data/in/" = "s3://landing/in/"\n')
    built = machines(watch_net([["flwf", '"/data/in/daily*"']], etm_minutes=5), profile)["net"]
    result = execute(built, ssm({"last": [status("Success", 0)]}) | {"resources": {
        "ssm:sendCommand": [ok({"Command": {"CommandId": "c"}})],
        "s3:listObjectsV2": [ok({"KeyCount": 0}), ok({"KeyCount": 1, "Contents": [{"Key": "in/daily1"}]})]}})
    assert (result.status, sent(result)) == ("SUCCEEDED", ["last"])
    calls = result.calls_to("s3:listObjectsV2")
    assert len(calls) == 2 and calls[0]["input"] == {"Bucket": "landing", "Prefix": "in/daily", "MaxKeys": 1}


@pytest.mark.parametrize("params, why", [
    ([["flwf", '"/x"'], ["flwc", "s:m"]], "s and m not together"),
    ([["flwf", '"/x"'], ["flwc", "c:d"]], "created and deleted at once"),
    ([["flwi", "30"]], "without a file"),
])
def test_a_file_watch_that_cannot_be_converted_stays_manual(params, why):
    built = machines(watch_net(params))["net"]
    assert any(f.code == "JM524" and why in f.message for f in built.findings)
    result = execute(built, ssm({}))
    assert (result.status, result.error) == ("FAILED", "Jobmig.NotConverted")


# -- the fixture of event units -------------------------------------------------------------
EVENT_FIXTURE = "tests/fixtures/jp1/event_units.ajs"


@pytest.fixture(scope="module")
def event_plan(tmp_path_factory) -> dict[str, Any]:
    import json
    from tests.conftest import run_jobmig
    out = tmp_path_factory.mktemp("events")
    run_jobmig("convert", EVENT_FIXTURE, "-o", str(out), check=True)
    return json.loads((out / "plan.json").read_text("utf-8"))


def _unit_line(name: str) -> tuple[int, int]:
    from tests.conftest import REPO
    for number, line in enumerate((REPO / EVENT_FIXTURE).read_text("utf-8").splitlines(), 1):
        if line.strip().startswith(f"unit={name},"):
            return number, line.index("unit=") + 1
    raise AssertionError(name)


@pytest.mark.parametrize("unit_type, status", [
    ("orj", "auto"), ("flwj", "review"), ("evsj", "review"), ("mlsj", "review"), ("htpj", "review"),
    ("evwj", "review"),  # a task-token wait (test_event_waits)
])
def test_the_fixture_s_event_units_convert(event_plan, unit_type, status):
    (unit,) = [j for j in event_plan["jobs"] if j["unit_type"] == unit_type]
    assert unit["status"] == status, unit["findings"]


@pytest.mark.parametrize("unit_type, name, service", [
    # the AWS service a person would use, as the issue names it
    ("pwrj", "電源投入", "AWS-StartEC2Instance"),
    ("lfwj", "ログ監視", "CloudWatch Logs subscription"), ("mqsj", "キュー送信", "SQS"),
])
def test_a_unit_left_manual_names_the_aws_service_at_its_place(event_plan, unit_type, name, service):
    (unit,) = [j for j in event_plan["jobs"] if j["unit_type"] == unit_type]
    finding = next(f for f in unit["findings"] if f["code"] == "JM404")
    assert unit["status"] == "manual" and service in finding["message"]
    assert (finding["source"]["line"], finding["source"]["column"]) == _unit_line(name)


def test_the_report_counts_event_units_converted_and_lists_each_left_with_its_reason(tmp_path):
    from tests.conftest import run_jobmig
    run_jobmig("convert", EVENT_FIXTURE, "-o", str(tmp_path), check=True)
    report = (tmp_path / "report.md").read_text("utf-8")
    section = report.split("## JP1 event and wait units", 1)[1].split("\n## ", 1)[0]
    # converted: orj, flwj, evsj, mlsj, htpj, evwj; left: pwrj, lfwj, mqsj (the fixture's units)
    assert "6 of 9 converted" in section
    assert "/受信待ち |" not in section
    for name, kind in (("電源投入", "pwrj"), ("ログ監視", "lfwj"), ("キュー送信", "mqsj")):
        line, column = _unit_line(name)
        row = next(r for r in section.splitlines() if f"/{name} |" in r)
        assert f"| {kind} |" in row and f":{line}:{column} |" in row and "build" in row
    html = (tmp_path / "report.html").read_text("utf-8")
    assert 'id="events"' in html and "6 of 9 converted" in html


def test_a_report_without_event_units_has_no_such_section(tmp_path):
    from tests.conftest import run_jobmig
    run_jobmig("convert", "samples/crontab", "-o", str(tmp_path), check=True)
    assert "JP1 event and wait units" not in (tmp_path / "report.md").read_text("utf-8")


# -- an event sender and a receiver connect through the rule's pattern ----------------------
def test_the_event_an_evsj_sends_matches_the_pattern_named_for_the_evwj_waiting_for_it():
    """The fixture's 完了通知 (evsj, evsid=00000100) and 受信待ち (evwj, evwid=00000100): the
    event the sender puts, as the interpreter made it, matches the receiver's rule pattern
    in moto's event pattern matcher; another event id does not."""
    import json
    from moto.events.models import EventPattern
    from jobmig.mappings.jp1_events import receiver_pattern
    from jobmig.mappings.profile import Profile
    built = machines(sending_net("evsj", EVENT))["net"]
    result = execute(built, with_ssm({"eventbridge:putEvents": [ok({"FailedEntryCount": 0})]}))
    [entry] = result.calls_to("eventbridge:putEvents")[0]["input"]["Entries"]
    event = {"version": "0", "id": "1", "detail-type": entry["DetailType"],
             "source": entry["Source"], "account": "123456789012", "time": "2026-11-23T17:30:00Z",
             "region": "us-east-1", "resources": [], "detail": json.loads(entry["Detail"])}
    receiver = job("wait", unit_type="evwj", command=None,
                   attributes={"params": [["evwid", "00000100"]]})
    other = job("other", unit_type="evwj", command=None,
                attributes={"params": [["evwid", "00000200"]]})
    pattern = receiver_pattern(receiver, Profile())
    assert EventPattern.load(json.dumps(pattern)).matches_event(event)
    assert not EventPattern.load(json.dumps(receiver_pattern(other, Profile()))).matches_event(event)


def test_the_fixture_s_receiver_is_resumed_by_a_rule_on_its_event_id(event_plan):
    (unit,) = [j for j in event_plan["jobs"] if j["unit_type"] == "evwj"]
    finding = next(f for f in unit["findings"] if f["code"] == "JM434")
    assert "00000100" in finding["message"]
    (rule,) = [r for r in event_plan["rules"] if r["kind"] == "event_relay"]
    assert rule["event_pattern"]["detail"] == {"event_id": ["00000100"]}
