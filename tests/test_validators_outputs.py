"""What `jobmig convert` writes for samples/ and for the whole shared corpus passes the real validators.

Every state machine definition goes through both npm ASL validators
(@wmfs/statelint and asl-validator, with the documented workarounds in
tests/aws_fixtures.py) and the CloudFormation template through cfn-lint:
zero errors. The validators are run once per folder, over all files at once.
"""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.aws_fixtures import _node_tool, cfn_lint, single_line_strings, without_filters
from tests.conftest import REPO, corpus_dir, run_jobmig

HORIZON = "2026-01-01:2027-12-31"


def _sources(which: str) -> list[Path]:
    if which == "samples":
        return [REPO / "samples"]
    return [corpus_dir(kind) for kind in ("crontab", "jenkins", "jp1")]


@pytest.fixture(scope="module", params=["samples", "corpus"])
def converted(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp(request.param) / "out"
    run_jobmig("convert", *map(str, _sources(request.param)), "--out", str(out),
               "--timezone", "Asia/Tokyo", "--horizon", HORIZON, check=True)
    return out


def _definitions(out: Path) -> list[Path]:
    found = sorted((out / "statemachines").glob("*.asl.json"))
    plan = json.loads((out / "plan.json").read_text("utf-8"))
    assert len(found) == len(plan["state_machines"]) > 0  # every machine was written
    return found


def _copies(out: Path, files: list[Path], folder: str, transform) -> list[str]:  # type: ignore[no-untyped-def]
    target = out.parent / folder
    target.mkdir(exist_ok=True)
    paths = []
    for path in files:
        copy = target / path.name
        copy.write_text(json.dumps(transform(json.loads(path.read_text("utf-8")))), "utf-8")
        paths.append(str(copy))
    return paths


def test_statelint_accepts_every_definition(converted: Path) -> None:
    files = _copies(converted, _definitions(converted), "statelint", without_filters)
    done = subprocess.run([str(_node_tool("statelint")), *files], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


def test_asl_validator_accepts_every_definition(converted: Path) -> None:
    files = _copies(converted, _definitions(converted), "asl-validator", single_line_strings)
    arguments = [argument for path in files for argument in ("--json-path", path)]
    done = subprocess.run([str(_node_tool("asl-validator")), *arguments], capture_output=True,
                          text=True, timeout=900)
    rejected = [line for line in (done.stdout + done.stderr).splitlines()
                if not line.startswith("✓")]
    assert done.returncode == 0 and rejected == [], "\n".join(rejected)


def test_cfn_lint_finds_no_error_in_the_template(converted: Path) -> None:
    code, out = cfn_lint((converted / "cloudformation" / "template.yaml").read_text("utf-8"))
    assert code & 2 == 0, out  # cfn-lint's exit code is a bitmask: 2 = error
