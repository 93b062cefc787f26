"""Test helpers for the AWS side: small graphs, validators, a moto server.

* :func:`job`, :func:`dep`, :func:`graph_of` build JobGraphs directly from
  model objects (no parser involved).
* :func:`statelint`, :func:`asl_validator` run the npm validators installed
  by ``npm ci --prefix tests/validators``; :func:`cfn_lint` runs cfn-lint as
  a subprocess. Each returns ``(returncode, output)``.
* :func:`moto_server` (a pytest fixture; import it into a test module) starts
  ``moto_server`` on a free port with ``MOTO_PORT`` set and the Step
  Functions interpreter switched on (notes/aws-target.md §8.2).
* :func:`for_moto` is the test-only transform that swaps the states moto
  cannot call (aws-sdk:ssm:*, aws-sdk:sfn:*) for Pass/Fail states.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any, Iterator

import pytest

from jobmig.graph import JobGraph
from jobmig.model import Condition, Dependency, Job, SourceRef

TESTS = Path(__file__).resolve().parent
VALIDATORS = TESTS / "validators" / "node_modules" / ".bin"
GOLDEN = TESTS / "golden"
REGEN = os.environ.get("JOBMIG_REGEN") == "1"
#: What the tests substitute for the pseudo parameters when resolving ARNs.
PSEUDO = {"AWS::Partition": "aws", "AWS::Region": "us-east-1", "AWS::AccountId": "123456789012"}


# -- graphs ----------------------------------------------------------------
def job(name: str, *, kind: str = "job", parent: str | None = None, command: str | None = None,
        line: int = 1, **kwargs: Any) -> Job:
    """A Job with id ``test:<name>`` and a command ``/opt/jobs/<name>.sh`` by default."""
    if command is None and kind == "job":
        command = f"/opt/jobs/{name}.sh"
    return Job(id=f"test:{name}", name=name, source=SourceRef("test.def", line), kind=kind,
               parent=f"test:{parent}" if parent else None, command=command, **kwargs)


def dep(pred: str, succ: str, condition: Condition = Condition.SUCCESS, *,
        scope: str = "workflow", **kwargs: Any) -> Dependency:
    return Dependency(f"test:{pred}", f"test:{succ}", condition, scope, **kwargs)


def graph_of(jobs: list[Job], deps: list[Dependency] = ()) -> JobGraph:
    graph = JobGraph()
    for item in jobs:
        graph.add_job(item)
    for edge in deps:
        graph.add_dependency(edge)
    assert not graph.findings, graph.findings
    return graph


def jobnet(name: str, members: list[str], edges: list[tuple[str, str]], **kwargs: Any) -> JobGraph:
    """A jobnet ``name`` with job members and SUCCESS edges between them."""
    jobs = [job(name, kind="jobnet", **kwargs)] + [job(m, parent=name) for m in members]
    return graph_of(jobs, [dep(a, b) for a, b in edges])


# -- validators --------------------------------------------------------------
def _node_tool(tool: str) -> Path:
    path = VALIDATORS / tool
    if not path.exists():
        pytest.skip(f"{tool} not installed: run npm ci --prefix tests/validators")
    return path


def _run_on_json(command: list[str], definition: dict[str, Any]) -> tuple[int, str]:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(definition, handle)
        name = handle.name
    try:
        done = subprocess.run([*command, name], capture_output=True, text=True, timeout=120)
    finally:
        os.unlink(name)
    return done.returncode, done.stdout + done.stderr


def statelint(definition: dict[str, Any]) -> tuple[int, str]:
    return _run_on_json([str(_node_tool("statelint"))], definition)


def asl_validator(definition: dict[str, Any]) -> tuple[int, str]:
    return _run_on_json([str(_node_tool("asl-validator")), "--json-path"], definition)


_FILTER = re.compile(r"\[\?\(.*?\)\]")


def without_filters(definition: dict[str, Any]) -> dict[str, Any]:
    """A copy whose JSONPath filter expressions (``[?(...)]``) are ``[*]``.

    statelint's JSONPath grammar has no filter expressions, which AWS paths
    (and asl-validator, via jsonpath-plus) accept; only statelint sees this copy.
    """
    return json.loads(_FILTER.sub("[*]", json.dumps(definition)))


def single_line_strings(value: Any) -> Any:
    """A copy in which every empty string, or string with a line break, is a one-line stand-in.

    asl-validator 4.0.0 requires each payload-template string to match
    ``^(?!\\{% )(.+)(?! %\\})$`` (its ``not_jsonata`` pattern, meant to keep
    JSONata out of JSONPath machines). Without JavaScript's ``s`` flag ``.+``
    matches neither an empty string nor a line break, although ASL (JSON)
    allows both; an SSM ``commands`` entry that ends in a blank script line is
    such a string. Only asl-validator sees this copy.
    """
    if isinstance(value, str):
        return value.replace("\n", "\\n") if value else "(empty)"
    if isinstance(value, dict):
        return {key: single_line_strings(item) for key, item in value.items()}
    if isinstance(value, list):
        return [single_line_strings(item) for item in value]
    return value


def assert_valid_asl(definition: dict[str, Any]) -> None:
    """Both ASL validators accept ``definition`` (placeholders left in place).

    statelint checks it with filter expressions replaced (:func:`without_filters`),
    asl-validator with multi-line and empty strings replaced (:func:`single_line_strings`).
    """
    code, out = statelint(without_filters(definition))
    assert code == 0 and not out.strip(), f"statelint: {out}"
    code, out = asl_validator(single_line_strings(definition))
    assert code == 0, f"asl-validator: {out}"


def cfn_lint(template_text: str) -> tuple[int, str]:
    binary = Path(sys.executable).with_name("cfn-lint")
    command = [str(binary)] if binary.exists() else [shutil.which("cfn-lint") or "cfn-lint"]
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as handle:
        handle.write(template_text)
        name = handle.name
    try:
        done = subprocess.run([*command, name], capture_output=True, text=True, timeout=300)
    finally:
        os.unlink(name)
    return done.returncode, done.stdout + done.stderr


# -- golden files ------------------------------------------------------------
def check_golden(name: str, text: str) -> None:
    """Compare ``text`` with ``tests/golden/<name>``; ``JOBMIG_REGEN=1`` rewrites it.

    Regenerate: ``JOBMIG_REGEN=1 pytest tests -k golden`` (or ``make golden``),
    then review the diff by eye before committing.
    """
    path = GOLDEN / name
    if REGEN or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
        if not REGEN:
            pytest.fail(f"golden file {path} was missing and has been written; review and re-run")
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} differs from the golden file; if the change is intended run "
        "JOBMIG_REGEN=1 pytest tests -k golden and review the diff")


# -- substitutions -----------------------------------------------------------
def resolve(text: str, values: dict[str, str]) -> str:
    """Resolve an Fn::Sub template with ``values`` plus :data:`PSEUDO`."""
    for key, value in {**PSEUDO, **values}.items():
        text = text.replace("${" + key + "}", value)
    return text


def substituted(machine: Any, values: dict[str, str]) -> dict[str, Any]:
    """The machine's definition with DefinitionSubstitutions applied (as CloudFormation would)."""
    text = json.dumps(machine.definition)
    for placeholder, template in machine.substitutions:
        text = text.replace("${" + placeholder + "}", resolve(template, values))
    return json.loads(text)


# -- moto ----------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def moto_server() -> Iterator[str]:
    """A real ``moto_server`` process executing state machines; yields its URL."""
    binary = Path(sys.executable).with_name("moto_server")
    if not binary.exists():
        pytest.skip("moto_server not installed (pip install 'moto[server]')")
    port = _free_port()
    env = {**os.environ, "MOTO_PORT": str(port)}
    process = subprocess.Popen([str(binary), "-H", "127.0.0.1", "-p", str(port)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/moto-api/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("moto_server did not start")
        request = urllib.request.Request(
            url + "/moto-api/config", method="POST",
            data=json.dumps({"stepfunctions": {"execute_state_machine": True}}).encode())
        urllib.request.urlopen(request, timeout=5)
        old_port = os.environ.get("MOTO_PORT")
        os.environ["MOTO_PORT"] = str(port)
        yield url
        if old_port is None:
            os.environ.pop("MOTO_PORT", None)
        else:
            os.environ["MOTO_PORT"] = old_port
    finally:
        process.terminate()
        process.wait(timeout=10)


def sfn_client(url: str) -> Any:
    import boto3

    return boto3.client("stepfunctions", endpoint_url=url, region_name=PSEUDO["AWS::Region"],
                        aws_access_key_id="testing", aws_secret_access_key="testing")


def for_moto(definition: dict[str, Any], outcomes: dict[str, Any]) -> dict[str, Any]:
    """Test-only transform: swap states moto cannot run for Pass/Fail states.

    ``outcomes`` maps a state name to the result its task would have
    produced (a dict becomes a ``Pass`` with that ``Result`` at the state's
    ``ResultPath``; ``("fail", error)`` becomes a ``Fail``). Every other
    ``aws-sdk:ssm:*`` / ``aws-sdk:sfn:*`` task must be named in ``outcomes``.
    The emitted definition is never changed; this works on a copy.
    """
    copy = json.loads(json.dumps(definition))

    def walk(states: dict[str, Any]) -> None:
        for name, state in list(states.items()):
            for branch in state.get("Branches", []):
                walk(branch["States"])
            if "Iterator" in state:
                walk(state["Iterator"]["States"])
            resource = state.get("Resource", "")
            if name in outcomes:
                outcome = outcomes[name]
                if isinstance(outcome, tuple) and outcome[0] == "fail":
                    states[name] = {"Type": "Fail", "Error": outcome[1], "Cause": "test"}
                    continue
                replacement = {"Type": "Pass", "Result": outcome,
                               "ResultPath": state.get("ResultPath", "$")}
                for key in ("Next", "End"):
                    if key in state:
                        replacement[key] = state[key]
                states[name] = replacement
            elif ":aws-sdk:" in resource:
                raise AssertionError(f"state {name!r} ({resource}) needs an outcome for moto")

    walk(copy["States"])
    return copy


# -- plans ---------------------------------------------------------------------
def plan_of(graph: JobGraph, schedules: dict[str, list[Any]] | None = None, options: Any = None,
            calendars: tuple[Any, ...] = (), profile: Any = None) -> Any:
    """A Plan as the pipeline builds it (the fields the emitters read).

    ``schedules``: job id → list of :class:`AwsSchedule`.
    """
    from jobmig.mappings.aws_schedule import ScheduleMapping
    from jobmig.mappings.event_patterns import build_rules
    from jobmig.mappings.stepfunctions import build_state_machines
    from jobmig.model import Status
    from jobmig.options import MapOptions
    from jobmig.plan import Plan

    options = options or MapOptions()
    mappings = {job_id: ScheduleMapping(Status.AUTO, tuple(items))
                for job_id, items in (schedules or {}).items()}
    machines = build_state_machines(graph, mappings, options, profile)
    rules = build_rules(graph, machines, options)
    machines = machines + rules.machines
    machine_of = {job_id: m.name for m in machines if m.kind != "join_gate" for job_id in m.jobs}
    jobs = []
    for item in graph.jobs():
        mapping = mappings.get(item.id)
        jobs.append({
            "id": item.id, "name": item.name, "kind": item.kind, "parent": item.parent,
            "source": item.source.to_json(), "command": item.command, "status": "auto",
            "disabled": item.disabled,
            "schedules": [s.to_json() for s in mapping.schedules] if mapping else [],
            "state_machine": machine_of.get(item.id),
        })
    data = {"schema": "jobmig.plan/1", "options": {"timezone": options.timezone,
                                                   "target": options.target},
            "jobs": jobs, "state_machines": [m.to_json() for m in machines],
            "rules": [r.to_json() for r in rules.rules],
            "calendars": [c.to_json() for c in calendars]}
    return Plan(data=data, state_machines=machines, rules=rules.rules,
                calendars={c.name: c for c in calendars})
