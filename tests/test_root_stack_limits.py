"""The root CloudFormation stack's own limits (JM544): nested stacks and parameters.

The quotas: 500 resources and 200 parameters per stack (AWS CloudFormation
quotas page, as in the project's notes on the AWS target).
"""
from __future__ import annotations

import json
from types import SimpleNamespace

from jobmig.emit import limits
from jobmig.emit.stack_split import DEFAULT_CAPACITY, fewest_parts
from tests.conftest import run_jobmig


def _jobnets(hosts: int) -> str:
    return "".join(
        f"unit=NET{i},,admin,;\n{{\n\tty=n;\n\tex=host{i};\n"
        f"\tunit=J,,admin,;\n\t{{\n\t\tty=j;\n\t\tsc=\"/opt/run.sh\";\n\t}}\n}}\n"
        for i in range(hosts))


def _convert(tmp_path, text: str) -> dict:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "nets.ajs").write_text(text, encoding="utf-8")
    done = run_jobmig("convert", str(tmp_path / "in"), "--out", str(tmp_path / "out"),
                      "--timezone", "Asia/Tokyo")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    return json.loads((tmp_path / "out" / "plan.json").read_text("utf-8"))


def test_201_legacy_hosts_give_201_instance_parameters_and_a_jm544(tmp_path):
    plan = _convert(tmp_path, _jobnets(201))
    found = [f for f in plan["findings"] if f["code"] == "JM544"]
    assert len(found) == 1, [f["code"] for f in plan["findings"]]
    assert "201 template parameters" in found[0]["message"]
    assert found[0]["severity"] == "manual"


def test_200_legacy_hosts_fit_one_stack_without_a_jm544(tmp_path):
    plan = _convert(tmp_path, _jobnets(200))
    assert not [f for f in plan["findings"] if f["code"] == "JM544"]


def test_the_fewest_parts_is_the_tightest_of_resources_outputs_and_bytes():
    cap = DEFAULT_CAPACITY  # 480 resources, 190 outputs, 900,000 bytes per part
    assert (cap.resources, cap.outputs, cap.template_bytes) == (480, 190, 900_000)
    assert fewest_parts(0, 0, 0) == 1
    assert fewest_parts(481, 10, 1_000) == 2
    assert fewest_parts(100, 191, 1_000) == 2
    assert fewest_parts(100, 10, 2_700_001) == 4


def test_more_state_machines_than_480_nested_stacks_can_hold_give_a_jm544():
    # 480 nested stacks of at most 190 state machines each hold 91,200 (outputs bind first)
    machines = [SimpleNamespace(definition={}, parameters=()) for _ in range(480 * 190 + 1)]
    (finding,) = limits.root_stack_findings(machines, [], 0)
    assert finding.code == "JM544" and "at least 481 nested stacks" in finding.message
    assert limits.root_stack_findings(machines[:-1], [], 0) == []
