"""A unit inside a jobnet that waits for units of other jobnets (eun, mm): issue 22 point 6.

Its jobnet's state machine polls, right before it, for a SUCCEEDED run of the
waited jobnet's state machine of the same business day (JM446). The runs
below script what Step Functions answers (tests/asl_run.py) and check what
JP1 would do: a waited unit "has finished executing when its status is ...
Ended normally, Ended with warning" (System Design (Work Tasks) Guide 2.2.5;
on AWS a SUCCEEDED run), ``mm=and`` waits for all of them, ``mm=or`` for any
(Operator's Guide 12.3.19). Business days are computed by hand in the jobs'
zone, Asia/Tokyo (UTC+9, no daylight saving time):

* this run's business_date 2026-01-05T16:00:00Z is 01:00 on 2026-01-06 there;
* a waited run with 2026-01-05T15:30:00Z (00:30 on the 6th) is of the same day;
* one with 2026-01-05T14:00:00Z (23:00 on the 5th) is of the day before.
"""
from __future__ import annotations

import json
from typing import Any

import pytest

from jobmig.graph import JobGraph
from jobmig.mappings.stepfunctions import StateMachine, build_state_machines
from jobmig.options import MapOptions, ParseOptions
from jobmig.parsers.jp1.units import parse
from tests.asl_run import ok, run_all, request
from tests.aws_fixtures import substituted
from tests.test_run_faults import VALUES, sent, ssm, status

ZONE = "Asia/Tokyo"
THIS_RUN = "2026-01-05T16:00:00Z"
SAME_DAY = "2026-01-05T15:30:00Z"
DAY_BEFORE = "2026-01-05T14:00:00Z"


def jp1(waits: str) -> str:
    """Root jobnets a and c (one job each) and b: b1 → b2, b2 waiting as ``waits`` says."""
    def net(name: str, body: str) -> str:
        return f"\tunit={name},,,;\n\t{{\n\t\tty=n;\n{body}\t}}\n"

    def job(name: str, extra: str = "") -> str:
        return f"\t\tunit={name},,,;\n\t\t{{\n\t\t\tty=j;\n\t\t\tte=\"{name}.sh\";\n{extra}\t\t}}\n"
    return ("unit=g,,,;\n{\n\tty=g;\n" + net("a", job("a1")) + net("c", job("c1"))
            + net("b", "\t\tar=(f=b1,t=b2);\n" + job("b1") + job("b2", waits)) + "}\n")


def machines(text: str, **options: Any) -> dict[str, StateMachine]:
    result = parse(text.encode("utf-8"), path="net.ajs", options=ParseOptions())
    graph = JobGraph.from_results([result])
    built = build_state_machines(graph, {}, MapOptions(guard="off", timezone=ZONE, **options))
    return {m.name: m for m in built}


B1, B2 = "g/b/b1", "g/b/b2"  # the state labels: the units' names
ONE = "\t\t\teun=/g/a;\n"
BOTH_AND = "\t\t\teun=/g/a;\n\t\t\teun=/g/c;\n\t\t\tmm=and;\n"
BOTH_OR = "\t\t\teun=/g/a;\n\t\t\teun=/g/c;\n\t\t\tmm=or;\n"


def runs_of(waited: str, *business_dates: str) -> dict[str, Any]:
    """listExecutions answer: the newest SUCCEEDED runs of machine ``waited`` (none if empty)."""
    return ok({"Executions": [
        {"ExecutionArn": f"arn:aws:states:us-east-1:123456789012:execution:{waited}:r{i}",
         "Status": "SUCCEEDED", "StartDate": date} for i, date in enumerate(business_dates)]})


def described(business_date: str) -> dict[str, Any]:
    return ok({"Input": json.dumps({"business_date": business_date}), "StartDate": business_date})


def scenario(lists: dict[str, list[dict[str, Any]]], descriptions: list[dict[str, Any]]) -> dict[str, Any]:
    """b1 and b2 succeed; each waited machine's listExecutions answered in order (by state
    name), describeExecution in order."""
    base = ssm({B1: [status("Success", 0)], B2: [status("Success", 0)]})
    base["states"].update({f"{B2}: list {name}": answers for name, answers in lists.items()})
    base["resources"]["sfn:describeExecution"] = descriptions
    return base


def execute_all(machine: StateMachine, scenarios: list[dict[str, Any]]):
    definition = substituted(machine, VALUES)
    return run_all([request(definition, {"business_date": THIS_RUN}, s, machine.name)
                    for s in scenarios])


def lists_of(run, machine: str) -> int:
    return sum(1 for c in run.calls_to("sfn:listExecutions") if c["state"] == f"{B2}: list {machine}")


def test_a_wait_already_over_today_lets_the_unit_run_at_once_and_a_wait_still_open_holds_it():
    built = machines(jp1(ONE))
    b = built["g-b"]
    today, later, never = execute_all(b, [
        scenario({"g-a": [runs_of("g-a", SAME_DAY)]}, [described(SAME_DAY)]),
        scenario({"g-a": [runs_of("g-a"), runs_of("g-a", SAME_DAY)]}, [described(SAME_DAY)]),
        # only yesterday's run of a: the wait never ends
        scenario({"g-a": [runs_of("g-a", DAY_BEFORE)]}, [described(DAY_BEFORE)]),
    ])
    assert today.status == "SUCCEEDED" and sent(today) == [B1, B2]
    assert lists_of(today, "g-a") == 1
    assert f"{B2}: wait for the next check" not in today.entered
    assert later.status == "SUCCEEDED" and sent(later) == [B1, B2]
    assert lists_of(later, "g-a") == 2  # none, then one on the next poll
    assert later.entered.count(f"{B2}: wait for the next check") == 1
    # the documented limit: 288 checks 300 s apart (JM446), then Jobmig.WaitTimedOut
    assert never.status == "FAILED" and never.error == "Jobmig.WaitTimedOut"
    assert sent(never) == [B1]
    assert lists_of(never, "g-a") == 1 + 288


def test_the_wait_asks_the_waited_machine_for_its_newest_successful_run_with_retries():
    b = machines(jp1(ONE))["g-b"]
    (listing,) = [s for s in b.definition["States"].values()
                  if s.get("Resource", "").endswith(":sfn:listExecutions")]
    assert listing["Parameters"]["StatusFilter"] == "SUCCEEDED"
    assert listing["Parameters"]["MaxResults"] == 1
    assert any("Sfn.ThrottlingException" in r["ErrorEquals"] for r in listing["Retry"])
    allowed = {(p.action, p.resource) for p in b.permissions}
    assert ("states:ListExecutions",
            "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:g-a") \
        in allowed
    assert ("states:DescribeExecution",
            "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:g-a:*") \
        in allowed


def test_mm_and_waits_for_the_second_machine_when_only_the_first_has_run_today():
    b = machines(jp1(BOTH_AND))["g-b"]
    (both,) = execute_all(b, [scenario(
        {"g-a": [runs_of("g-a", SAME_DAY)], "g-c": [runs_of("g-c"), runs_of("g-c", SAME_DAY)]},
        [described(SAME_DAY)])])
    assert both.status == "SUCCEEDED" and sent(both) == [B1, B2]
    assert lists_of(both, "g-c") == 2  # c had not run yet at the first check
    assert sum(1 for s in both.entered if s.startswith(f"{B2}: wait for the next check")) == 1


def test_mm_and_does_not_run_the_unit_while_one_machine_has_not_run_today():
    b = machines(jp1(BOTH_AND))["g-b"]
    (stuck,) = execute_all(b, [scenario(
        {"g-a": [runs_of("g-a", SAME_DAY)], "g-c": [runs_of("g-c", DAY_BEFORE)]},
        [described(SAME_DAY), described(DAY_BEFORE)])])
    assert stuck.status == "FAILED" and stuck.error == "Jobmig.WaitTimedOut"
    assert sent(stuck) == [B1]


def test_mm_or_runs_the_unit_when_any_machine_has_run_today():
    b = machines(jp1(BOTH_OR))["g-b"]
    (either,) = execute_all(b, [scenario(
        {"g-a": [runs_of("g-a")], "g-c": [runs_of("g-c", SAME_DAY)]}, [described(SAME_DAY)])])
    assert either.status == "SUCCEEDED" and sent(either) == [B1, B2]
    assert f"{B2}: wait for the next check" not in either.entered  # c's run was enough


def test_a_waited_run_without_a_business_date_counts_by_its_start_time():
    b = machines(jp1(ONE))["g-b"]
    started_today = ok({"Input": "{}", "StartDate": SAME_DAY})
    (run,) = execute_all(b, [scenario({"g-a": [runs_of("g-a", SAME_DAY)]}, [started_today])])
    assert run.status == "SUCCEEDED" and sent(run) == [B1, B2]


@pytest.mark.parametrize("waits", [ONE, BOTH_AND])
def test_a_nested_jobnet_that_waits_is_started_only_after_the_wait(waits):
    text = ("unit=g,,,;\n{\n\tty=g;\n\tunit=a,,,;\n\t{\n\t\tty=n;\n\t\tunit=a1,,,;\n\t\t{\n"
            "\t\t\tty=j;\n\t\t\tte=\"a1.sh\";\n\t\t}\n\t}\n\tunit=c,,,;\n\t{\n\t\tty=n;\n"
            "\t\tunit=c1,,,;\n\t\t{\n\t\t\tty=j;\n\t\t\tte=\"c1.sh\";\n\t\t}\n\t}\n"
            "\tunit=b,,,;\n\t{\n\t\tty=n;\n\t\tunit=b2,,,;\n\t\t{\n\t\t\tty=n;\n"
            + waits.replace("\t\t\t", "\t\t\t") +
            "\t\t\tunit=inner,,,;\n\t\t\t{\n\t\t\t\tty=j;\n\t\t\t\tte=\"x.sh\";\n\t\t\t}\n"
            "\t\t}\n\t}\n}\n")
    b = machines(text)["g-b"]
    lists = {"g-a": [runs_of("g-a"), runs_of("g-a", SAME_DAY)],
             "g-c": [runs_of("g-c", SAME_DAY)]}
    base = scenario(lists, [described(SAME_DAY)])
    base["resources"]["states:startExecution.sync:2"] = [ok({"Status": "SUCCEEDED",
                                                             "ExecutionArn": "x"})]
    (nested,) = execute_all(b, [base])
    assert nested.status == "SUCCEEDED"
    starts = [i for i, c in enumerate(nested.calls) if c["resource"].endswith("startExecution.sync:2")]
    last_list = max(i for i, c in enumerate(nested.calls)
                    if c["resource"].endswith(":listExecutions"))
    assert len(starts) == 1 and starts[0] > last_list  # the child starts after the wait


def test_the_converted_template_with_a_polling_wait_passes_cfn_lint_and_allows_the_calls(tmp_path):
    from tests.aws_fixtures import cfn_lint
    from tests.conftest import run_jobmig
    (tmp_path / "net.ajs").write_text(jp1(BOTH_AND), encoding="utf-8")
    run_jobmig("convert", str(tmp_path / "net.ajs"), "-o", str(tmp_path / "out"), check=True)
    text = (tmp_path / "out" / "cloudformation" / "template.yaml").read_text("utf-8")
    code, out = cfn_lint(text)
    assert code == 0, out
    # the role of b's machine may list and describe the executions of a and c
    for action in ("states:ListExecutions", "states:DescribeExecution"):
        assert f"Action: {action}" in text
    for machine in ("g-a", "g-c"):
        assert f"stateMachine:{machine}" in text and f"execution:{machine}:*" in text


def test_no_rule_starts_a_waiting_nested_jobnet_alone():
    """Before, the child machine of a nested jobnet with eun got a rule of its own: a second
    run of it beside the one its parent starts."""
    from jobmig.mappings.event_patterns import build_rules
    text = jp1(ONE).replace("\t\tunit=b2,,,;\n\t\t{\n\t\t\tty=j;\n\t\t\tte=\"b2.sh\";\n",
                            "\t\tunit=b2,,,;\n\t\t{\n\t\t\tty=n;\n")
    text = text.replace(ONE, ONE + "\t\t\tunit=inner,,,;\n\t\t\t{\n\t\t\t\tty=j;\n"
                        "\t\t\t\tte=\"x.sh\";\n\t\t\t}\n")
    result = parse(text.encode("utf-8"), path="net.ajs", options=ParseOptions())
    graph = JobGraph.from_results([result])
    assert graph.job("jp1:/g/b/b2").kind == "jobnet"  # the edit above made it a jobnet
    options = MapOptions(guard="off", timezone=ZONE)
    built = build_state_machines(graph, {}, options)
    rules = build_rules(graph, built, options)
    child = next(m.name for m in built if m.root == "jp1:/g/b/b2")
    assert [r for r in rules.rules if r.target == child] == []
    assert rules.realized[("jp1:/g/a", "jp1:/g/b/b2")] == "state_machine"


def _clock_thresholds(node: Any) -> list[str]:
    """Every time of day a business-day rule compares the UTC time with."""
    if isinstance(node, dict):
        found = [node["StringGreaterThanEquals"]] if str(node.get("Variable", "")).endswith(
            ".time") and "StringGreaterThanEquals" in node else []
        return found + [t for value in node.values() for t in _clock_thresholds(value)]
    if isinstance(node, list):
        return [t for value in node for t in _clock_thresholds(value)]
    return []


def test_the_waited_run_s_day_is_judged_with_the_base_time_of_its_own_job_group():
    # one job group, business day from 05:00 (stt): in Tokyo (UTC+9) a day starts at
    # 20:00 UTC, for this run's day (the prologue) and for the waited run's (the poll)
    schedule = "\t\tsd=1,2026/01/05;\n\t\tst=1,06:00;\n\t\tcy=1,(1,d);\n"
    text = jp1(ONE).replace("\tty=g;\n", "\tty=g;\n\tstt=05:00;\n", 1)
    text = text.replace("\t\tty=n;\n", "\t\tty=n;\n" + schedule)
    built = machines(text)
    (waiting,) = [m for m in built.values() if "b2" in json.dumps(m.definition)
                  and "listExecutions" in json.dumps(m.definition)]
    thresholds = _clock_thresholds(waiting.definition)
    assert len(thresholds) >= 2 and set(thresholds) == {"20:00"}, thresholds
