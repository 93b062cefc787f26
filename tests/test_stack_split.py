"""Stack parts and IAM policy fitting (issue 17, point 6): stable, bounded, complete."""
from __future__ import annotations

import fnmatch
import json
import random
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from jobmig.emit import limits
from jobmig.emit.stack_split import Capacity, Unit, fits, split
from jobmig.mappings.asl_tasks import Permission, state_machine_arn

SMALL = Capacity(resources=12, outputs=4, parameters=3, template_bytes=60_000,
                 policy_chars=2_000)


def unit(key: str) -> Unit:
    """A state machine with its role and one schedule (3 resources, 1 output)."""
    return Unit(key, machines=[key], schedules=[f"{key}-schedule"], parameters={"InstanceId"},
                template_bytes=5_000, starts={"scheduler": len(state_machine_arn(key)) + 3})


def part_of(parts, key: str) -> str:
    return next(p.key for p in parts if any(u.key == key for u in p.units))


keys = st.lists(st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True), unique=True,
                max_size=80)


@settings(max_examples=60, deadline=None)
@given(keys, keys)
def test_adding_jobs_never_moves_a_job_out_of_its_part_unless_that_part_splits(old, added):
    added = [k for k in added if k not in old]
    before = split([unit(k) for k in old], SMALL)
    after = split([unit(k) for k in old + added], SMALL)
    for key in old:
        was, now = part_of(before, key), part_of(after, key)
        assert now.startswith(was)  # the same part, or a half of it
        grew = [k for k in added if unit(k).bits.startswith(was)]
        if not grew:  # nothing was added to its part: it did not move at all
            assert now == was


@settings(max_examples=40, deadline=None)
@given(keys)
def test_every_part_fits_and_every_unit_is_in_exactly_one_part(names):
    parts = split([unit(k) for k in names], SMALL)
    placed = [u.key for p in parts for u in p.units]
    assert sorted(placed) == sorted(names)
    for part in parts:
        assert len(part.units) == 1 or fits(part.units, SMALL)
        assert all(u.bits.startswith(part.key) for u in part.units)


def test_the_parts_do_not_depend_on_the_order_of_the_units():
    names = [f"job-{n}" for n in range(50)]
    shuffled = names[:]
    random.Random(7).shuffle(shuffled)
    first = [(p.key, [u.key for u in p.units]) for p in split([unit(k) for k in names], SMALL)]
    again = [(p.key, [u.key for u in p.units]) for p in split([unit(k) for k in shuffled], SMALL)]
    assert first == again


def test_what_fits_one_stack_stays_one_part_keyed_empty():
    parts = split([unit("a"), unit("b")], SMALL)
    assert [p.key for p in parts] == [""]


def test_five_machines_need_two_parts_when_a_stack_holds_four_outputs():
    parts = split([unit(k) for k in "abcde"], SMALL)
    assert len(parts) >= 2 and all(len(p.units) <= 4 for p in parts)


# ---------------------------------------------------------------- policies


def permissions(names):
    return [Permission("states:StartExecution", state_machine_arn(n)) for n in names]


def test_a_policy_that_fits_is_left_exact():
    exact = permissions(["etl-a", "etl-b"])
    assert limits.fit_permissions(exact) == (sorted(exact), False)


def test_policy_chars_count_the_compact_document():
    # counted by hand: {"Version":"2012-10-17", 24 + "Statement":[ 13 + {"Effect":"Allow", 18
    # + "Action":"a:B", 15 + "Resource":["r"] 16 + }]} 3 = 89
    assert limits.policy_chars([Permission("a:B", "r")]) == 89


def test_a_long_policy_is_cut_to_name_prefixes_that_still_cover_every_resource():
    names = [f"nightly-{group}-{n:04d}" for group in ("sales", "stock") for n in range(200)]
    exact = permissions(names)
    assert limits.policy_chars(exact) > limits.ROLE_POLICY_BUDGET
    fitted, widened = limits.fit_permissions(exact)
    assert widened and limits.policy_chars(fitted) <= limits.ROLE_POLICY_BUDGET
    patterns = [p.resource for p in fitted]
    assert all(p.endswith("*") for p in patterns)
    for permission in exact:  # IAM * matches any characters, ':' included
        assert any(fnmatch.fnmatchcase(permission.resource, p) for p in patterns)
    # the longest prefixes that fit: not everything collapsed into stateMachine:*
    assert not any(p.endswith(":stateMachine:*") for p in patterns)


def test_a_resource_with_a_parameter_is_never_cut():
    exact = [Permission("ssm:SendCommand", "arn:${AWS::Partition}:ec2:${AWS::Region}:"
                        "${AWS::AccountId}:instance/${InstanceIdHost" + str(n) + "}")
             for n in range(120)]
    assert limits.fit_permissions(exact) is None


# ------------------------------------------ a forced split, end to end, linted


@pytest.fixture(scope="module")
def split_samples(tmp_path_factory: pytest.TempPathFactory):
    from jobmig import cli
    from jobmig.emit import cloudformation, terraform

    plan = cli._load(["samples"], "Asia/Tokyo", None, None, None, None, "scheduler", None,
                     None, None, True, "auto")
    out = tmp_path_factory.mktemp("split")
    tiny = Capacity(resources=8, outputs=3, parameters=3, template_bytes=400_000,
                    policy_chars=2_000)
    written = dict(cloudformation.files(plan, tiny))
    for name, text in written.items():
        (out / name).write_text(text, encoding="utf-8")
    from jobmig.emit.aws_stack import stack_of

    return plan, out, written, stack_of(plan, tiny), terraform


def test_the_samples_split_into_nested_stacks_when_a_stack_holds_three_machines(split_samples):
    plan, out, written, stack, _ = split_samples
    assert len(written) > 3 and "template.yaml" in written
    machines = []
    for name, text in written.items():
        resources = yaml.safe_load(text)["Resources"]
        machines += [r["Properties"]["StateMachineName"] for r in resources.values()
                     if r["Type"] == "AWS::StepFunctions::StateMachine"]
        if name != "template.yaml":
            assert sum(r["Type"] == "AWS::StepFunctions::StateMachine"
                       for r in resources.values()) <= 3
    assert sorted(machines) == sorted(m.name for m in plan.state_machines)


def test_cfn_lint_accepts_the_root_and_every_nested_template(split_samples):
    import subprocess
    import sys

    _, out, written, _, _ = split_samples
    binary = Path(sys.executable).with_name("cfn-lint")
    done = subprocess.run([str(binary), *sorted(str(out / n) for n in written)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode & 2 == 0, done.stdout + done.stderr  # 2: an error


def test_terraform_gives_each_part_its_own_starting_roles(split_samples):
    plan, _, _, _, terraform = split_samples
    tiny = Capacity(resources=8, outputs=3, parameters=3, template_bytes=400_000,
                    policy_chars=2_000)
    document = terraform.document(plan, tiny)
    roles = document["resource"]["aws_iam_role"]
    policies = document["resource"]["aws_iam_role_policy"]
    starting = [name for name in roles if name.startswith("scheduler_role")]
    assert len(starting) > 1
    for name, body in document["resource"]["aws_scheduler_schedule"].items():
        role = re.fullmatch(r"\$\{aws_iam_role\.(\w+)\.arn\}", body["target"]["role_arn"])
        machine = re.fullmatch(r"\$\{aws_sfn_state_machine\.(\w+)\.arn\}",
                               body["target"]["arn"]).group(1)
        allowed = json.loads(policies[role.group(1)]["policy"])["Statement"][0]["Resource"]
        wanted = document["resource"]["aws_sfn_state_machine"][machine]["name"]
        assert any(arn.endswith(f":stateMachine:{wanted}") for arn in allowed), name


def _machine(name, permissions):
    from types import SimpleNamespace

    return SimpleNamespace(name=name, root=f"jp1:/{name}", jobs=(f"jp1:/{name}",),
                           definition={"StartAt": "a", "States": {"a": {"Type": "Succeed"}}},
                           permissions=tuple(permissions))


def test_a_role_cut_to_prefixes_is_a_review_finding_on_the_workflow():
    names = [f"nightly-{group}-{n:04d}" for group in ("sales", "stock") for n in range(200)]
    machine = _machine("starter", permissions(names))
    (finding,) = limits.widened_findings([machine])
    assert finding.code == "JM543" and finding.job_id == "jp1:/starter"
    assert "10,240" in finding.message
    assert limits.widened_findings([_machine("small", permissions(["a", "b"]))]) == []


def test_a_role_that_cannot_fit_leaves_its_machine_out_with_a_manual_finding():
    hosts = [Permission("ssm:SendCommand", "arn:${AWS::Partition}:ec2:${AWS::Region}:"
                        "${AWS::AccountId}:instance/${InstanceIdHost" + str(n) + "}")
             for n in range(120)]
    kept, rules, calendars, found, left_out = limits.enforce(
        [_machine("fanout", hosts), _machine("fine", permissions(["x"]))], [], {}, {})
    assert [m.name for m in kept] == ["fine"]
    assert [(f.code, f.job_id) for f in found] == [("JM541", "jp1:/fanout")]
    assert left_out == {"jp1:/fanout"}
