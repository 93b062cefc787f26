"""Run emitted definitions in an independent ASL interpreter with a scripted AWS.

The interpreter is aws-local-stepfunctions (npm, pinned in
tests/validators/package.json), driven by tests/validators/run_asl.mjs.
Every Task state is answered by the interpreter's local task handler, so the
Task's own Parameters, ResultSelector, ResultPath, Retry and Catch are applied
by the interpreter exactly as written; nothing is replaced by a Pass.

A scenario says what AWS answers, per state name or per resource
(``"ssm:sendCommand"``): a list of :func:`ok` / :func:`fail` responses taken
in order, the last one repeating. :func:`run_all` runs many requests in one
node process; :func:`run` runs one.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.aws_fixtures import TESTS

RUNNER = TESTS / "validators" / "run_asl.mjs"
INTERPRETER = TESTS / "validators" / "node_modules" / "aws-local-stepfunctions"
REGION_ACCOUNT = "us-east-1:123456789012"
TASK_TOKEN = "task-token-1"
ENTERED_TIME = "2026-11-23T17:30:00.000Z"


def ok(result: Any) -> dict[str, Any]:
    """A call that returns ``result`` (the raw service response)."""
    return {"result": result}


def fail(error: str, cause: str = "") -> dict[str, Any]:
    """A call that fails with error name ``error`` (as Step Functions names SDK errors)."""
    return {"error": error, "cause": cause or error}


@dataclass
class Run:
    """What one execution did: its end, output, the AWS calls made and the states entered."""

    status: str
    output: Any = None
    error: str | None = None
    cause: str | None = None
    calls: list[dict[str, Any]] = field(default_factory=list)
    entered: list[str] = field(default_factory=list)
    retried: list[str] = field(default_factory=list)

    def calls_to(self, action: str) -> list[dict[str, Any]]:
        """The calls whose Resource ends with ``:action`` (e.g. ``ssm:sendCommand``)."""
        return [c for c in self.calls if c["resource"].endswith(":" + action)]


def context_for(machine_name: str, execution: str = "run-1") -> dict[str, Any]:
    """The Context Object fields the definitions read ($$.Execution.*, $$.StateMachine.Id,
    $$.Task.Token)."""
    machine_arn = f"arn:aws:states:{REGION_ACCOUNT}:stateMachine:{machine_name}"
    return {"Execution": {"Id": f"arn:aws:states:{REGION_ACCOUNT}:execution:{machine_name}:{execution}",
                          "Name": execution},
            "StateMachine": {"Id": machine_arn, "Name": machine_name},
            # what Step Functions gives a .waitForTaskToken task ($$.Task.Token); the
            # interpreter does not make one up
            "Task": {"Token": TASK_TOKEN},
            # nor the time a state was entered (read by the JP1 event waits' expiry)
            "State": {"EnteredTime": ENTERED_TIME, "Name": ""}}


def request(definition: dict[str, Any], payload: Any, scenario: dict[str, Any],
            machine_name: str = "machine") -> dict[str, Any]:
    return {"definition": definition, "input": payload, "scenario": scenario,
            "context": context_for(machine_name)}


def run_all(requests: list[dict[str, Any]]) -> list[Run]:
    """Run every request (see :func:`request`) in one interpreter process, in order."""
    node = shutil.which("node")
    if node is None or not INTERPRETER.exists():
        pytest.skip("aws-local-stepfunctions not installed: run npm ci --prefix tests/validators")
    done = subprocess.run([node, str(RUNNER)], input=json.dumps({"runs": requests}),
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)["results"]
    runs = [Run(**r) for r in results]
    for run_ in runs:
        assert run_.status != "HARNESS_ERROR", f"{run_.error}: {run_.cause}"
    return runs


def run(definition: dict[str, Any], payload: Any, scenario: dict[str, Any],
        machine_name: str = "machine") -> Run:
    return run_all([request(definition, payload, scenario, machine_name)])[0]
