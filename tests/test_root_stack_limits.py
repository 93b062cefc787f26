"""The root CloudFormation stack's own limits (JM544): nested stacks and parameters.

The quotas: 500 resources, 200 outputs and 200 parameters per stack, a template
of at most 1 MB (AWS CloudFormation quotas page, as in the project's notes on
the AWS target). The root is checked as the split the templates are made from
gives it, and a root AWS would refuse is not written. The generated estates
are small: the tests lower what a stack may hold instead of making 100,000
jobs.
"""
from __future__ import annotations

import json
import yaml

from jobmig.emit import cloudformation, limits
from jobmig.emit.aws_stack import stack_of
from jobmig.emit.stack_split import Capacity
from tests.conftest import run_jobmig

#: at most two state machines (outputs) and ten resources per nested stack
TINY = Capacity(resources=10, outputs=2, parameters=10)


def _jobnets(hosts: int, nets: int | None = None) -> str:
    """``nets`` root jobnets of one job each (default: one per host), spread over ``hosts``."""
    return "".join(
        f"unit=NET{i},,admin,;\n{{\n\tty=n;\n\tex=host{i % hosts};\n"
        f"\tunit=J,,admin,;\n\t{{\n\t\tty=j;\n\t\tsc=\"/opt/run.sh\";\n\t}}\n}}\n"
        for i in range(hosts if nets is None else nets))


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


def test_a_root_aws_would_refuse_is_not_written_and_convert_says_so(tmp_path):
    plan = _convert(tmp_path, _jobnets(201))
    folder = tmp_path / "out" / "cloudformation"
    parts = sorted(p.name for p in folder.glob("part-*.yaml"))
    assert not (folder / "template.yaml").exists()
    assert len(parts) >= 2  # 201 parameters: more than one stack may hold (200)
    for name in parts:  # each nested template stays inside the limits
        part = yaml.safe_load((folder / name).read_text("utf-8"))
        assert len(part.get("Parameters", {})) <= 200 and len(part["Resources"]) <= 500
    assert plan["summary"]["findings_by_severity"].get("manual", 0) >= 1
    done = run_jobmig("convert", str(tmp_path / "in"), "--out", str(tmp_path / "again"),
                      "--timezone", "Asia/Tokyo")
    assert "cloudformation/template.yaml was not written" in done.stdout
    assert "JM544" in done.stdout
    deploy = run_jobmig("deploy", str(tmp_path / "out"), "--stack-name", "batch-jobs")
    assert deploy.returncode == 2, deploy.stdout + deploy.stderr
    assert "not written, AWS would refuse the root stack" in deploy.stdout + deploy.stderr


def test_200_legacy_hosts_fit_one_stack_without_a_jm544(tmp_path):
    plan = _convert(tmp_path, _jobnets(200))
    assert not [f for f in plan["findings"] if f["code"] == "JM544"]
    assert (tmp_path / "out" / "cloudformation" / "template.yaml").is_file()


def _plan(tmp_path, hosts: int, nets: int):
    from jobmig import cli

    source = tmp_path / "nets.ajs"
    source.write_text(_jobnets(hosts, nets), encoding="utf-8")
    return cli._load([str(source)], "Asia/Tokyo", None, None, None, None, "scheduler",
                     "2026-01-01:2026-12-31", None, None, False, "auto")


def _root_and_parts(plan, root=None) -> tuple[dict | None, list[str]]:
    written = dict(cloudformation.files(plan, TINY, root))
    parts = sorted(name for name in written if name.startswith("part-"))
    top = written.get("template.yaml")
    return (yaml.safe_load(top) if top is not None else None), parts


def test_the_check_counts_the_nested_stacks_the_split_actually_makes(tmp_path):
    plan = _plan(tmp_path, hosts=2, nets=24)
    root, parts = _root_and_parts(plan)
    # every nested stack is one resource of the root (no failure notices here)
    assert root is not None and len(root["Resources"]) == len(parts)
    # 24 state machines, at most 2 per stack: 12 stacks would do, the hash split makes more
    fewest = 24 // TINY.outputs
    assert len(parts) > fewest
    just_short = limits.RootLimits(resources=len(parts) - 1)  # above the fewest
    (finding,) = limits.root_stack_findings(plan, TINY, just_short)
    assert finding.code == "JM544"
    assert f"create the {len(parts)} nested stacks" in finding.message
    assert f"{len(parts)} resources" in finding.message
    assert limits.root_stack_findings(plan, TINY, limits.RootLimits(resources=len(parts))) == []


def test_a_refused_root_is_not_written_while_every_nested_template_is(tmp_path):
    plan = _plan(tmp_path, hosts=2, nets=24)
    _, parts = _root_and_parts(plan)
    root, again = _root_and_parts(plan, limits.RootLimits(resources=len(parts) - 1))
    assert root is None and again == parts


def test_too_many_parameters_or_too_long_a_root_template_are_refused_too(tmp_path):
    plan = _plan(tmp_path, hosts=3, nets=12)  # an instance parameter per host
    root, _ = _root_and_parts(plan)
    assert len(root["Parameters"]) == 3
    (finding,) = limits.root_stack_findings(plan, TINY, limits.RootLimits(parameters=2))
    assert "3 template parameters, over the 2" in finding.message
    size = len(cloudformation.render_template(root).encode("utf-8"))
    (finding,) = limits.root_stack_findings(plan, TINY, limits.RootLimits(template_bytes=size - 1))
    assert f"a template of {size:,} bytes" in finding.message
    assert _root_and_parts(plan, limits.RootLimits(template_bytes=size - 1))[0] is None




def test_a_root_left_out_only_when_written_still_gets_its_jm544_in_plan_and_report(
        tmp_path, monkeypatch):
    from jobmig.emit.files import write_plan

    plan = _plan(tmp_path, hosts=200, nets=200)  # 200 parameters: two nested stacks, a root
    assert not [f for f in plan.data["findings"] if f["code"] == "JM544"]
    # as if the measured text had made more of the root than the plan foresaw
    monkeypatch.setattr(limits, "ROOT_LIMITS", limits.RootLimits(parameters=199))
    write_plan(plan, str(tmp_path / "out"))
    assert not (tmp_path / "out" / "cloudformation" / "template.yaml").exists()
    written = json.loads((tmp_path / "out" / "plan.json").read_text("utf-8"))
    (finding,) = [f for f in written["findings"] if f["code"] == "JM544"]
    assert "200 template parameters, over the 199" in finding["message"]
    assert written["summary"]["findings"] == len(written["findings"])
    assert "JM544" in (tmp_path / "out" / "report.md").read_text("utf-8")


def test_an_audit_counts_the_root_without_definitions_and_says_convert_counts_as_many_or_more(
        tmp_path):
    """An audit builds no state machine definitions, so its split can only have fewer
    parts than convert's (a part splits when what it holds does not fit; definitions only
    add bytes). A root its outline split already overfills is refused by convert too, and
    the audit's JM544 says its counts are a floor."""
    from jobmig import cli

    source = tmp_path / "nets.ajs"
    source.write_text(_jobnets(2, 24), encoding="utf-8")
    load = ([str(source)], "Asia/Tokyo", None, None, None, None, "scheduler",
            "2026-01-01:2026-12-31", None, None, False, "auto")
    full, outline = cli._load(*load), cli._load(*load, definitions=False)
    # bytes decide here: a template holds a few definitions, the resource counts never bind
    by_bytes = Capacity(resources=400, outputs=100, parameters=100, template_bytes=40_000)
    full_parts = len(stack_of(full, by_bytes).parts)
    outline_parts = len(stack_of(outline, by_bytes).parts)
    assert 1 < outline_parts < full_parts
    refusing = limits.RootLimits(resources=outline_parts - 1)
    (audited,) = limits.root_stack_findings(outline, by_bytes, refusing, outlined=True)
    (converted,) = limits.root_stack_findings(full, by_bytes, refusing)
    assert f"create the {outline_parts} nested stacks" in audited.message
    assert "convert counts at least as many" in audited.message
    assert f"create the {full_parts} nested stacks" in converted.message
    assert "convert counts" not in converted.message
