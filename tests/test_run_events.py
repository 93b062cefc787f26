"""JP1 event, wait and control units (issue 22), run in an independent interpreter.

Each test builds a small jobnet, converts it, and runs the machine in
aws-local-stepfunctions (tests/asl_run.py) with a scripted AWS. Expected
outcomes come from the JP1/AJS3 manuals' semantics (cited per test), not from
the definitions.
"""
from __future__ import annotations

from typing import Any

import pytest

from jobmig.model import Condition
from tests.asl_run import fail, ok
from tests.aws_fixtures import dep, graph_of, job
from tests.test_run_faults import execute, machines, sent, ssm, status, thresholds


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
