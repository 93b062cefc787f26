"""An audit (state machines in outline, no ASL) says exactly what a conversion says.

``jobmig audit`` builds its plan with ``MapOptions(definitions=False)``: job
tasks become one placeholder state each and the prologue is left out, because
an audit shows names and findings, never ASL. That must not change a single
finding, status or name. For every estate the project has (samples/, the
test fixtures, and the shared corpus when present), the plan is built both
ways from the same parse results and compared whole, with each machine's
name, jobs, findings and unrealized edges; the full definitions must also
be present in the one and absent in the other, so the comparison is of two
different builds.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from tests.conftest import REPO, corpus_dir

from jobmig.emit.limits import DEFINITION_CHARS, definition_bound, definition_text
from jobmig.options import MapOptions, ParseOptions
from jobmig.pipeline import build_plan
from jobmig.sources import collect, read_sources

HORIZON = (date(2026, 1, 1), date(2027, 12, 31))
FIXTURES = REPO / "tests" / "fixtures"


def _estates() -> list[tuple[str, list[str]]]:
    estates = [("samples", [str(REPO / "samples")]),
               ("fixtures", [str(FIXTURES / "jenkins"), str(FIXTURES / "jp1")])]
    for kind in ("crontab", "jenkins", "jp1"):
        try:
            estates.append((f"corpus-{kind}", [str(corpus_dir(kind))]))
        except pytest.skip.Exception:
            pass
    return estates


@pytest.mark.parametrize("target", ["scheduler", "rules"])
@pytest.mark.parametrize("name,sources", _estates(), ids=[name for name, _ in _estates()])
def test_outline_plan_equals_full_plan(name: str, sources: list[str], target: str) -> None:
    files, findings = collect(sources)
    results, records = read_sources(files, ParseOptions(timezone="Asia/Tokyo"))
    options = MapOptions(timezone="Asia/Tokyo", target=target, horizon=HORIZON,
                         profile=str(REPO / "samples" / "profile.toml") if name == "samples" else None)
    full = build_plan(results, records, options, list(findings))
    outline = build_plan(results, records, replace(options, definitions=False), list(findings))

    assert outline.data == full.data
    assert len(full.data["jobs"]) > 0
    machines = {m.name: m for m in full.state_machines}
    assert [m.name for m in outline.state_machines] == list(machines)
    for machine in outline.state_machines:
        twin = machines[machine.name]
        assert (machine.jobs, machine.root, machine.kind) == (twin.jobs, twin.root, twin.kind)
        assert machine.findings == twin.findings
        assert machine.unrealized == twin.unrealized
        # an outline has no definition, unless its workflow might pass a size limit and
        # was built in full to be measured (jobmig.pipeline._measured_where_large)
        assert twin.definition["States"]
        assert not machine.definition or machine.definition == twin.definition


def _full_plan(name: str, sources: list[str]) -> tuple[Any, dict[str, Any]]:
    """The estate's plan built with definitions, and its jobs by id."""
    files, findings = collect(sources)
    results, records = read_sources(files, ParseOptions(timezone="Asia/Tokyo"))
    options = MapOptions(timezone="Asia/Tokyo", horizon=HORIZON,
                         profile=str(REPO / "samples" / "profile.toml") if name == "samples" else None)
    full = build_plan(results, records, options, list(findings))
    return full, {job.id: job for result in results for job in result.jobs}


@pytest.mark.parametrize("name,sources", _estates(), ids=[name for name, _ in _estates()])
def test_the_definition_bound_holds_for_every_machine_of_every_estate(name: str,
                                                                     sources: list[str]) -> None:
    """An audit trusts definition_bound to leave a machine in outline; measured here on
    every machine built from jobs (the bound must never be below the real size)."""
    full, jobs = _full_plan(name, sources)
    measured = 0
    for machine in full.state_machines:
        if not machine.jobs or any(job_id not in jobs for job_id in machine.jobs):
            continue  # a join gate or relay: not built from jobs (not bounded this way)
        size = len(definition_text(machine.definition).encode("utf-8"))
        assert size <= definition_bound([jobs[j] for j in machine.jobs]), machine.name
        measured += 1
    assert measured > 0


@pytest.mark.parametrize("name,sources", _estates(), ids=[name for name, _ in _estates()])
def test_the_role_bound_holds_for_every_machine_of_every_estate(name: str,
                                                               sources: list[str]) -> None:
    """An audit trusts policy_bound to leave a machine's role unmeasured: its policy, as
    IAM counts it, is never above the bound (counted here without the waits and calls the
    bound may also be given, so stricter than the audit's use)."""
    from jobmig.emit.aws_stack import CONDITIONS
    from jobmig.emit.limits import policy_bound, policy_chars

    full, jobs = _full_plan(name, sources)
    measured = 0
    for machine in full.state_machines:
        if not machine.jobs or any(job_id not in jobs for job_id in machine.jobs):
            continue
        size = policy_chars(list(machine.permissions), CONDITIONS)
        assert size <= policy_bound([jobs[j] for j in machine.jobs]), machine.name
        measured += 1
    assert measured > 0


def _audit_and_convert(tmp_path, files: dict[str, str]):
    for relative, text in files.items():
        (tmp_path / relative).write_text(text, encoding="utf-8")
    found, findings = collect([str(tmp_path)])
    results, records = read_sources(found, ParseOptions(timezone="Asia/Tokyo"))
    options = MapOptions(timezone="Asia/Tokyo", horizon=HORIZON)
    full = build_plan(results, records, options, list(findings))
    outline = build_plan(results, records, replace(options, definitions=False), list(findings))
    return full, outline


def test_an_audit_reports_a_definition_over_the_step_functions_limit_as_convert_does(tmp_path):
    """A 1.2 MB command makes a definition over the 1,048,576 characters Step Functions
    takes (JM540, the job's machine not written): an outline has nothing to measure, so
    the audit must build that workflow in full to say so too."""
    command = "/opt/x.sh " + "a" * 1_200_000
    full, outline = _audit_and_convert(tmp_path, {"crontab": f"0 1 * * * {command}\n"})
    codes = [f["code"] for f in full.data["findings"]]
    assert "JM540" in codes  # convert leaves the machine out (over 1,048,576 > len(command))
    assert len(command) > DEFINITION_CHARS
    assert outline.data == full.data


def test_an_audit_of_a_jobnet_of_many_jobs_says_what_convert_says(tmp_path):
    """A jobnet of 60 jobs may pass a template's budget by the bound (60 x 32 KB): its
    workflow is built in full in the audit and the plans agree."""
    units = "".join(f'unit=J{n},,u,;{{ty=j;sc="/opt/batch/{n}.sh";}}\n' for n in range(60))
    arrows = "".join(f"ar=(f=J{n},t=J{n + 1});\n" for n in range(59))
    text = "unit=NET,,u,;{ty=n;sd=1,en;st=1,01:00;\n" + units + arrows + "}\n"
    full, outline = _audit_and_convert(tmp_path, {"net.ajs": text})
    (net,) = [m for m in outline.state_machines if m.root.endswith("NET")]
    assert net.definition  # measured, so built in full
    assert outline.data == full.data


def test_an_audit_of_a_jobnet_starting_many_nested_jobnets_says_what_convert_says(tmp_path):
    """A jobnet's machine lists only its own jobs, yet its definition holds a state that
    starts each nested jobnet's machine (with that machine's name and ARN): 1,400 nested
    jobnets with 30-character names pass the 1,048,576 characters (JM540 in convert,
    at least a few hundred bytes each), so the audit must measure that workflow too."""
    pad = "x" * 25
    subs = "".join(f'unit=S{n:04d}{pad},,,;{{ty=n;unit=j,,,;{{ty=j;te="/x";}}}}\n'
                   for n in range(1400))
    text = "unit=NET,,u,;{ty=n;sd=1,en;st=1,02:00;\n" + subs + "}\n"
    full, outline = _audit_and_convert(tmp_path, {"net.ajs": text})
    assert "JM540" in [f["code"] for f in full.data["findings"]]
    assert outline.data == full.data


def _waiting_for(waited: int) -> str:
    """A JP1 group of ``waited`` scheduled root jobnets W0... and a jobnet NET whose
    nested SUB holds a job waiting (eun, mm=and) for all of them."""
    nets = "".join(f'unit=W{n},,u,;{{ty=n;sd=1,en;st=1,01:00;unit=j,,,;{{ty=j;te="/x";}}}}\n'
                   for n in range(waited))
    euns = "".join(f"eun=/G/W{n};" for n in range(waited))
    return ("unit=G,,u,;{ty=g;\n" + nets + "unit=NET,,u,;{ty=n;sd=1,en;st=1,02:00;"
            'unit=SUB,,,;{ty=n;unit=J,,,;{ty=j;te="/y";' + euns + "mm=and;}}}\n}\n")


def test_an_audit_of_a_unit_waiting_for_many_jobnets_says_what_convert_says(tmp_path):
    """A unit inside a jobnet that waits (eun, mm=and) for units of other root jobnets
    makes its jobnet's machine poll each waited machine: a check of several states per
    machine (list, describe, the run's business day), several KB each, that the unit's
    own text does not count. 110 waited jobnets pass the 1,048,576 characters (JM540 in
    convert), so the audit must measure that workflow too."""
    waited = 110
    text = _waiting_for(waited)
    full, outline = _audit_and_convert(tmp_path, {"g.ajs": text})
    assert "JM540" in [f["code"] for f in full.data["findings"]]
    assert outline.data == full.data


def test_an_audit_over_a_century_of_daylight_saving_changes_says_what_convert_says(tmp_path):
    """A run's business day is worked out in the definition with one branch per period of
    the zone's UTC offset over the horizon: New York changes twice a year, so a horizon of
    a hundred years holds about 200 periods in each business-day block. A unit waiting for
    10 jobnets (eun, mm=and) checks each waited run's business day (ten blocks): over the
    1,048,576 characters in convert (JM540), and the audit must say so too."""
    waited = 10
    text = _waiting_for(waited)
    (tmp_path / "g.ajs").write_text(text, encoding="utf-8")
    found, findings = collect([str(tmp_path)])
    results, records = read_sources(found, ParseOptions(timezone="America/New_York"))
    options = MapOptions(timezone="America/New_York", horizon=(date(2026, 1, 1), date(2125, 12, 31)))
    full = build_plan(results, records, options, list(findings))
    outline = build_plan(results, records, replace(options, definitions=False), list(findings))
    assert "JM540" in [f["code"] for f in full.data["findings"]]
    assert outline.data == full.data


def _pipeline_job(script: str) -> str:
    from xml.sax.saxutils import escape
    return ("<?xml version='1.0' encoding='UTF-8'?>\n<flow-definition plugin=\"workflow-job\">"
            "<properties><org.jenkinsci.plugins.workflow.job.properties.PipelineTriggersJobProperty>"
            "<triggers><hudson.triggers.TimerTrigger><spec>0 1 * * *</spec>"
            "</hudson.triggers.TimerTrigger></triggers>"
            "</org.jenkinsci.plugins.workflow.job.properties.PipelineTriggersJobProperty></properties>"
            "<definition class=\"org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition\">"
            f"<script>{escape(script)}</script><sandbox>true</sandbox></definition>"
            "</flow-definition>\n")


def test_an_audit_of_a_job_calling_many_others_says_what_convert_says_of_its_role(tmp_path):
    """A pipeline that calls 50 jobs and waits for each (``build``) starts, describes and
    stops each one's state machine: its execution role names about 150 ARNs of 40-odd
    character machine names, over the 10,240 characters IAM allows a role's policy, so
    convert widens it with name-prefix wildcards (JM543). The definition stays small, so
    only the role's size can tell the audit to measure it; it must say JM543 too."""
    called = [f"d{n}" + "x" * 40 for n in range(50)]
    freestyle = ("<?xml version='1.0' encoding='UTF-8'?>\n<project><disabled>false</disabled>"
                 "<triggers class=\"vector\"/><builders><hudson.tasks.Shell><command>/x"
                 "</command></hudson.tasks.Shell></builders></project>\n")
    files = {"jobs/up/config.xml": _pipeline_job(
        "node {\n" + "".join(f"build '{name}'\n" for name in called) + "}\n")}
    files.update((f"jobs/{name}/config.xml", freestyle) for name in called)
    for relative in files:
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
    full, outline = _audit_and_convert(tmp_path, files)
    assert "JM543" in [f["code"] for f in full.data["findings"]]
    assert outline.data == full.data
