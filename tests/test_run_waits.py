"""JP1 waits on units of other jobnets (eun, mm) and jobnet connectors (nc): issue 22 point 6.

Expected values come from the fixture as a person reads it (which unit waits
for which) and from the JP1/AJS3 manuals: a waited unit has ended when it
ended normally or with a warning (System Design (Work Tasks) Guide 2.2.5: on
AWS a SUCCEEDED run), the wait method defaults to AND (Operator's Guide
12.3.19), a connector's units after it run once the connected root jobnet
(ncr) has ended (Command Reference 5.2.29, Design Guide 2.4.7).
"""
from __future__ import annotations

import json
from typing import Any

import pytest

from tests.asl_run import ok
from tests.aws_fixtures import resolve
from tests.test_run_faults import execute, sent, ssm, status

FIXTURE = "tests/fixtures/jp1/wait_units.ajs"
GROUP = "jp1:/待ち合わせ"


def unit(name: str) -> str:
    return f"{GROUP}/{name}"


@pytest.fixture(scope="module")
def plan(tmp_path_factory) -> dict[str, Any]:
    from tests.conftest import run_jobmig
    out = tmp_path_factory.mktemp("waits")
    run_jobmig("convert", FIXTURE, "-o", str(out), check=True)
    return json.loads((out / "plan.json").read_text("utf-8"))


def machine_of(plan: dict[str, Any], job_id: str) -> str:
    return next(j["state_machine"] for j in plan["jobs"] if j["id"] == job_id)


def job_json(plan: dict[str, Any], job_id: str) -> dict[str, Any]:
    return next(j for j in plan["jobs"] if j["id"] == job_id)


def rules_into(plan: dict[str, Any], target: str) -> list[dict[str, Any]]:
    return [r for r in plan["rules"] if r["target"] == target]


def arns(*machines: str) -> list[str]:
    return [f"arn:${{AWS::Partition}}:states:${{AWS::Region}}:${{AWS::AccountId}}:stateMachine:{m}"
            for m in sorted(machines)]


def fixture_position(needle: str, after: str = "") -> tuple[int, int]:
    """(line, column) where ``needle`` first starts in the fixture after the line holding
    ``after``, found by reading the text."""
    from tests.conftest import REPO
    seen = not after
    for number, line in enumerate((REPO / FIXTURE).read_text("utf-8").splitlines(), 1):
        seen = seen or after in line
        if seen and needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(needle)


# -- the graph ------------------------------------------------------------------------------
def test_each_wait_and_connector_is_an_edge_from_the_waited_unit_to_the_waiting_one():
    from jobmig.graph import JobGraph
    from jobmig.options import ParseOptions
    from jobmig.parsers.jp1.units import parse
    from tests.conftest import REPO
    result = parse((REPO / FIXTURE).read_bytes(), path="wait_units.ajs", options=ParseOptions())
    graph = JobGraph.from_results([result])
    cross = {(d.predecessor, d.successor): d for d in graph.dependencies() if d.scope == "cross"}
    # read off the fixture: 月次報告 and 速報 wait for both totals, 在庫連携 for a unit of
    # 在庫集計, the two connectors name 出荷 (edges into the jobnets that hold them);
    # 外部待ち's /他システム/日次締め is not in the export (no edge, JM440); 出力, a job
    # inside 日次出力, waits for 売上集計 and 在庫表
    assert set(cross) == {
        (unit("売上集計"), unit("月次報告")), (unit("在庫集計"), unit("月次報告")),
        (unit("売上集計"), unit("速報")), (unit("在庫集計"), unit("速報")),
        (unit("在庫集計/在庫表"), unit("在庫連携")),
        (unit("出荷"), unit("配送計画")), (unit("出荷"), unit("他社連携")),
        (unit("売上集計"), unit("日次出力/出力")), (unit("在庫集計/在庫表"), unit("日次出力/出力"))}
    assert cross[(unit("売上集計"), unit("月次報告"))].parameters["join"] == "and"  # mm=and
    assert cross[(unit("売上集計"), unit("速報"))].parameters["join"] == "or"  # mm=or
    assert "join" not in cross[(unit("在庫集計/在庫表"), unit("在庫連携"))].parameters  # one eun
    assert {d.parameters["via"] for (_, succ), d in cross.items()
            if succ in (unit("配送計画"), unit("他社連携"))} == {"nc"}


def test_a_waited_unit_that_is_not_in_the_export_leaves_the_waiting_jobnet_manual_at_its_eun(plan):
    waiting = job_json(plan, unit("外部待ち"))
    finding = next(f for f in waiting["findings"] if f["code"] == "JM440")
    assert waiting["status"] == "manual" and "/他システム/日次締め" in finding["message"]
    assert (finding["source"]["line"], finding["source"]["column"]) == \
        fixture_position("eun=/他システム/日次締め;")


# -- the rules ------------------------------------------------------------------------------
def test_waiting_for_any_of_two_jobnets_is_one_rule_listing_both(plan):
    (rule,) = rules_into(plan, machine_of(plan, unit("速報")))
    assert rule["event_pattern"]["source"] == ["aws.states"]
    assert rule["event_pattern"]["detail-type"] == ["Step Functions Execution Status Change"]
    detail = rule["event_pattern"]["detail"]
    assert detail["status"] == ["SUCCEEDED"]
    assert detail["stateMachineArn"] == arns(machine_of(plan, unit("売上集計")),
                                             machine_of(plan, unit("在庫集計")))


def test_waiting_for_all_of_two_jobnets_goes_through_a_join_gate(plan):
    target = machine_of(plan, unit("月次報告"))
    assert rules_into(plan, target) == []  # not started by either end alone
    gates = [m for m in plan["state_machines"] if m["name"] != target and not m["jobs"]
             and m["name"].startswith(target)]  # a gate runs no job of its own
    assert len(gates) == 1
    (rule,) = rules_into(plan, gates[0]["name"])
    assert rule["event_pattern"]["detail"]["stateMachineArn"] == arns(
        machine_of(plan, unit("売上集計")), machine_of(plan, unit("在庫集計")))
    assert "JM516" in {f["code"] for f in job_json(plan, unit("月次報告"))["findings"]}


def test_a_unit_inside_a_jobnet_is_waited_for_through_the_end_of_its_jobnet(plan):
    (rule,) = rules_into(plan, machine_of(plan, unit("在庫連携")))
    assert rule["event_pattern"]["detail"]["stateMachineArn"] == arns(
        machine_of(plan, unit("在庫集計")))
    messages = [f["message"] for f in job_json(plan, unit("在庫連携"))["findings"]
                if f["code"] == "JM441"]
    assert any("在庫表" in m and "runs inside" in m for m in messages)
    edge = next(d for d in plan["dependencies"] if d["from"] == unit("在庫集計/在庫表"))
    assert edge["realized_as"] == "event_rule"


def test_a_jobnet_connector_starts_its_jobnet_when_the_connected_root_jobnet_ends(plan):
    shipping = machine_of(plan, unit("出荷"))
    for holder in ("配送計画", "他社連携"):
        (rule,) = rules_into(plan, machine_of(plan, unit(holder)))
        assert rule["event_pattern"]["detail"]["stateMachineArn"] == arns(shipping)
        assert rule["event_pattern"]["detail"]["status"] == ["SUCCEEDED"]
    assert job_json(plan, unit("配送計画/接続"))["status"] == "review"
    across = next(f for f in job_json(plan, unit("他社連携/接続先"))["findings"]
                  if f["code"] == "JM442")
    assert "ncex=y" in across["message"] and "partner01" in across["message"]
    assert (across["source"]["line"], across["source"]["column"]) == \
        fixture_position("ncr=/待ち合わせ/出荷;", after="unit=接続先,")


def test_a_jobnet_started_by_its_wait_rule_gets_no_schedule_of_its_own(plan):
    # JP1 holds the scheduled run until the wait is over; two starters would run it twice
    for name in ("月次報告", "速報", "在庫連携", "配送計画", "他社連携"):
        waiting = job_json(plan, unit(name))
        assert waiting["schedules"] == [], name
        assert "JM445" in {f["code"] for f in waiting["findings"]}, name
    assert job_json(plan, unit("売上集計"))["schedules"] != []  # the waited ones keep theirs
    assert job_json(plan, unit("外部待ち"))["schedules"] != []  # no rule was built for it


def test_the_status_change_event_of_the_connected_jobnet_matches_the_connector_s_rule(plan):
    """moto's event pattern matcher: a SUCCEEDED run of 出荷 that did its work starts 配送計画;
    a failed run, or a run of another state machine, does not."""
    from moto.events.models import EventPattern
    from tests.test_run_faults import status_event
    (rule,) = rules_into(plan, machine_of(plan, unit("配送計画")))
    pattern = EventPattern.load(resolve(json.dumps(rule["event_pattern"]), {}))
    shipping = machine_of(plan, unit("出荷"))
    assert pattern.matches_event(status_event(shipping, "SUCCEEDED", {"business_date": "x"}))
    assert not pattern.matches_event(status_event(shipping, "FAILED", None))
    assert not pattern.matches_event(status_event(machine_of(plan, unit("売上集計")), "SUCCEEDED",
                                                  {"business_date": "x"}))


# -- the connector inside its jobnet's state machine --------------------------------------
def test_the_connector_is_a_step_the_run_passes_on_its_way_to_the_next_unit(tmp_path):
    from jobmig.graph import JobGraph
    from jobmig.mappings.stepfunctions import build_state_machines
    from jobmig.options import MapOptions, ParseOptions
    from jobmig.parsers.jp1.units import parse
    from tests.conftest import REPO
    result = parse((REPO / FIXTURE).read_bytes(), path="wait_units.ajs", options=ParseOptions())
    graph = JobGraph.from_results([result])
    built = {m.root: m for m in build_state_machines(graph, {}, MapOptions(guard="off"))}
    machine = built[unit("配送計画")]
    assert not any(f.code in ("JM524", "JM525") for f in machine.findings)
    label = next(s for s in machine.definition["States"] if s.endswith(": send command"))
    run = execute(machine, ssm({label.rsplit(": send command", 1)[0]: [status("Success", 0)]}))
    assert run.status == "SUCCEEDED"
    assert [s for s in run.entered if s.endswith("接続")] != []  # the connector's step
    assert sent(run) == [label.rsplit(": send command", 1)[0]]  # then 計画 ran


# -- waits the rules cannot carry ------------------------------------------------------------
INLINE = """unit=g,,,;
{
	ty=g;
	unit=a,,,;
	{
		ty=n;
		unit=a1,,,;
		{
			ty=j;
			te="a1.sh";
		}
		unit=a2,,,;
		{
			ty=j;
			te="a2.sh";
			eun=/g/a/a1;
		}
	}
	unit=b,,,;
	{
		ty=n;
		ar=(f=b1,t=b2);
		unit=b1,,,;
		{
			ty=j;
			te="b1.sh";
		}
		unit=b2,,,;
		{
			ty=j;
			te="b2.sh";
			eun=/g/a;
			nmg=y;
			ega=exec;
		}
	}
}
"""


@pytest.fixture(scope="module")
def inline_plan(tmp_path_factory) -> dict[str, Any]:
    from tests.conftest import run_jobmig
    folder = tmp_path_factory.mktemp("inline")
    (folder / "net.ajs").write_text(INLINE, encoding="utf-8")
    run_jobmig("convert", str(folder / "net.ajs"), "-o", str(folder / "out"), check=True)
    return json.loads((folder / "out" / "plan.json").read_text("utf-8"))


def test_a_job_that_waits_inside_its_jobnet_is_converted_with_a_polling_finding_at_its_eun(
        inline_plan):
    waiting = job_json(inline_plan, "jp1:/g/b/b2")
    assert waiting["status"] == "review"
    assert "JM517" not in {f["code"] for f in waiting["findings"]}
    why = next(f for f in waiting["findings"] if f["code"] == "JM446")
    line = INLINE.splitlines().index("\t\t\teun=/g/a;") + 1
    assert (why["source"]["line"], why["source"]["column"]) == (line, 4)
    edge = next(d for d in inline_plan["dependencies"] if d["from"] == "jp1:/g/a")
    assert edge["realized_as"] == "state_machine"
    # no rule starts b (or b2) on a's end: b2's own jobnet waits for it
    assert not [r for r in inline_plan["rules"] if r["target"] == machine_of(inline_plan, "jp1:/g/b")]


def test_settings_without_an_aws_counterpart_are_named_each_at_its_own_line(inline_plan):
    notes = [f for f in job_json(inline_plan, "jp1:/g/b/b2")["findings"] if f["code"] == "JM441"
             and "not carried over" in f["message"]]
    lines = INLINE.splitlines()
    where = {f["message"].split("not carried over: ")[1][:3]: (f["source"]["line"],
                                                              f["source"]["column"])
             for f in notes}
    assert where == {"nmg": (lines.index("\t\t\tnmg=y;") + 1, 4),
                     "ega": (lines.index("\t\t\tega=exec;") + 1, 4)}  # uem: left at its default
    # b2 is inside jobnet b: what happens instead is the polling, not a rule
    assert all("polls for a SUCCEEDED run" in f["message"] for f in notes)


def test_a_wait_within_one_root_jobnet_is_not_taken_for_a_finished_order(inline_plan):
    edge = next(d for d in inline_plan["dependencies"] if d["to"] == "jp1:/g/a/a2")
    assert edge["realized_as"] == "manual"
    assert job_json(inline_plan, "jp1:/g/a/a2")["status"] == "manual"


def test_a_synchronised_connected_jobnet_is_named_as_a_difference(tmp_path):
    from jobmig.options import ParseOptions
    from jobmig.parsers.jp1.units import parse
    text = ("unit=g,,,;\n{\n\tty=g;\n\tunit=a,,,;\n\t{\n\t\tty=n;\n\t\tncl=y;\n\t\tncn=/g/s/c;\n"
            "\t\tncs=y;\n\t\tunit=a1,,,;\n\t\t{\n\t\t\tty=j;\n\t\t\tte=\"a1.sh\";\n\t\t}\n\t}\n}\n")
    result = parse(text.encode("utf-8"), path="a.ajs", options=ParseOptions())
    (net,) = [j for j in result.jobs if j.id == "jp1:/g/a"]
    note = next(f for f in net.findings if f.code == "JM442")
    assert "ncs=y" in note.message and "/g/s/c" in note.message
    assert (note.source.line, note.source.column) == (9, 3)  # the ncs=y line, read off the text
    assert "JM414" not in {f.code for f in net.findings}


# -- a job inside a jobnet that waits (JM446) -----------------------------------------------
def test_a_job_inside_a_jobnet_that_waits_is_converted_and_its_jobnet_keeps_its_schedule(plan):
    waiting = job_json(plan, unit("日次出力/出力"))
    assert waiting["status"] == "review"
    assert "JM517" not in {f["code"] for f in waiting["findings"]}
    note = next(f for f in waiting["findings"] if f["code"] == "JM446")
    assert (note["source"]["line"], note["source"]["column"]) == \
        fixture_position("eun=/待ち合わせ/売上集計;", after="unit=出力,")
    # no rule starts 日次出力: it runs on its own schedule and waits inside
    assert rules_into(plan, machine_of(plan, unit("日次出力"))) == []
    assert job_json(plan, unit("日次出力"))["schedules"] != []
    for waited in ("売上集計", "在庫集計/在庫表"):
        edge = next(d for d in plan["dependencies"]
                    if d["from"] == unit(waited) and d["to"] == unit("日次出力/出力"))
        assert edge["realized_as"] == "state_machine"


def test_the_waiting_job_runs_after_its_predecessor_once_both_waited_jobnets_ran_today():
    """mm=and: 売上集計 has run for the business day, 在庫集計 (which runs 在庫表) does so
    between two checks; then 出力 runs. The fixture's zone is UTC: business_date
    2026-01-05T02:00:00Z is the day 2026-01-05, and so are the waited runs' dates."""
    from jobmig.graph import JobGraph
    from jobmig.mappings.stepfunctions import build_state_machines
    from jobmig.options import MapOptions, ParseOptions
    from jobmig.parsers.jp1.units import parse
    from tests.asl_run import ok
    from tests.conftest import REPO
    result = parse((REPO / FIXTURE).read_bytes(), path="wait_units.ajs", options=ParseOptions())
    graph = JobGraph.from_results([result])
    built = {m.root: m for m in build_state_machines(graph, {}, MapOptions(guard="off"))}
    machine = built[unit("日次出力")]
    labels = [s.rsplit(": send command", 1)[0] for s in machine.definition["States"]
              if s.endswith(": send command")]
    prepare = next(label for label in labels if label.endswith("準備"))
    output = next(label for label in labels if label.endswith("出力") and label != prepare)
    sales, stock = machine_of_built(built, "売上集計"), machine_of_built(built, "在庫集計")

    def runs(name: str, count: int) -> dict[str, Any]:
        return ok({"Executions": [{"ExecutionArn": f"arn:aws:states:us-east-1:123456789012:"
                                                   f"execution:{name}:r1", "Status": "SUCCEEDED",
                                   "StartDate": "2026-01-05T01:00:00Z"}] * count})
    scenario = ssm({prepare: [status("Success", 0)], output: [status("Success", 0)]})
    scenario["states"][f"{output}: list {sales}"] = [runs(sales, 1)]
    scenario["states"][f"{output}: list {stock}"] = [runs(stock, 0), runs(stock, 1)]
    scenario["resources"]["sfn:describeExecution"] = [ok({
        "Input": json.dumps({"business_date": "2026-01-05T01:30:00Z"}),
        "StartDate": "2026-01-05T01:30:00Z"})]
    run = execute(machine, scenario, {"business_date": "2026-01-05T02:00:00Z"})
    assert run.status == "SUCCEEDED"
    assert sent(run) == [prepare, output]
    listed = [c["state"] for c in run.calls_to("sfn:listExecutions")]
    assert listed == [f"{output}: list {sales}", f"{output}: list {stock}",
                      f"{output}: list {stock}"]


def machine_of_built(built: dict[str, Any], name: str) -> str:
    return built[unit(name)].name
