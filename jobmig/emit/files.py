"""Writing a Plan to an output folder: plan.json and every artifact it names.

Nothing is written outside the folder. An existing non-empty folder is left
alone unless ``force`` is set; then only the files and folders jobmig writes
are replaced. Every file is written with fixed bytes for the same plan.

Each file is written as soon as its text exists, and the largest (plan.json,
the CloudFormation template, main.tf.json) in pieces of about a million
characters, so a large estate never holds all its output text at once; the
bytes are those of the whole-text renderers (tests/test_written_files.py).
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Iterable, Iterator

from jobmig.plan import Plan, dump_json_parts

_OWNED = ("plan.json", "statemachines", "calendars", "cloudformation", "terraform",
          "report.md", "report.json", "report.html", "report.csv")


class OutputExists(Exception):
    """The output folder holds files and ``--force`` was not given."""


def write_plan(plan: Plan, out_dir: str, force: bool = False, lang: str = "en",
               release: bool = False) -> list[str]:
    """Write everything; return the written paths relative to ``out_dir``, sorted.

    ``lang`` is the language of the reports' text (``en`` or ``ja``). ``release``: the
    caller needs no more than ``plan.data`` afterwards, so the plan's state machines,
    rules and calendars are dropped from it once the files made of them are written
    (the reports, written last, are made of ``plan.data`` alone)."""
    root = Path(out_dir)
    if root.exists() and any(root.iterdir()):
        if not force:
            raise OutputExists(f"{out_dir}: folder is not empty; use --force to replace its contents")
        for name in _OWNED:
            target = root / name
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
    written: list[str] = []

    def write(relative: str, text: str | Iterable[str]) -> None:
        # each file is written as soon as its text exists: a large estate's artifacts
        # together are several times the size of any one of them
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as handle:
            if isinstance(text, str):
                handle.write(text)
            else:
                handle.writelines(_joined(text))
        written.append(relative)

    from jobmig.report.json_render import dumps

    write("plan.json", dump_json_parts(plan.data))
    for machine in plan.state_machines:
        # json.dumps(definition, indent=2, ensure_ascii=False)'s text, written faster
        write(machine.to_json()["path"], dumps(machine.definition, sort_keys=False) + "\n")
    for calendar in plan.calendars.values():
        write(calendar.path, calendar.to_ics())
    from jobmig.emit import cloudformation, terraform

    late: list[dict] = []  # a root left out that the plan's JM544 did not foresee
    for name, text in cloudformation.files(plan, refused=lambda f: late.append(f.to_json())):
        write(f"cloudformation/{name}", text)
    if late and not any(f.get("code") == "JM544" for f in plan.data.get("findings", [])):
        _add_findings(plan, late)
        written.remove("plan.json")
        write("plan.json", dump_json_parts(plan.data))
    write("terraform/main.tf.json", terraform.render_parts(plan))
    if release:
        # every definition of a large estate at once is the largest thing a run holds:
        # dropped here, its memory is reused by the reports instead of added to
        plan.state_machines, plan.rules, plan.calendars = [], [], {}
    from jobmig.report import FORMATS, build_report, render

    report = build_report(plan.data, lang)
    for fmt in FORMATS:
        if fmt == "json":  # the largest report, written in pieces (the same text)
            from jobmig.i18n import language
            from jobmig.report.json_render import render_json_parts

            with language(report.lang):
                write("report.json", render_json_parts(report))
        else:
            write(f"report.{fmt}", render(report, fmt))
    return sorted(written)


def _add_findings(plan: Plan, found: list[dict]) -> None:
    """``found`` (plan-wide findings, as JSON) added to the plan and its summary counts."""
    plan.data.setdefault("findings", []).extend(found)
    summary = plan.data.get("summary")
    if isinstance(summary, dict):
        summary["findings"] = summary.get("findings", 0) + len(found)
        severities = summary.setdefault("findings_by_severity", {})
        for finding in found:
            severities[finding["severity"]] = severities.get(finding["severity"], 0) + 1
        summary["findings_by_severity"] = dict(sorted(severities.items()))


def _joined(parts: Iterable[str], size: int = 1 << 20) -> Iterator[str]:
    """``parts`` joined into pieces of about ``size`` characters: a JSON encoder gives a
    few characters per part, and one write per part would take longer than encoding."""
    batch: list[str] = []
    length = 0
    for part in parts:
        batch.append(part)
        length += len(part)
        if length >= size:
            yield "".join(batch)
            batch, length = [], 0
    if batch:
        yield "".join(batch)
