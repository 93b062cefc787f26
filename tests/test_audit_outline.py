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

import pytest

from tests.conftest import REPO, corpus_dir

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
        assert twin.definition["States"] and not machine.definition
