"""Writing a Plan to an output folder: plan.json and every artifact it names.

Nothing is written outside the folder. An existing non-empty folder is left
alone unless ``force`` is set; then only the files and folders jobmig writes
are replaced. Every file is written with fixed bytes for the same plan.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from jobmig.plan import Plan, dump_json

_OWNED = ("plan.json", "statemachines", "calendars", "cloudformation", "terraform",
          "report.md", "report.json", "report.html", "report.csv")


class OutputExists(Exception):
    """The output folder holds files and ``--force`` was not given."""


def write_plan(plan: Plan, out_dir: str, force: bool = False) -> list[str]:
    """Write everything; return the written paths relative to ``out_dir``, sorted."""
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
    files: dict[str, str] = {"plan.json": dump_json(plan.data)}
    for machine in plan.state_machines:
        files[machine.to_json()["path"]] = json.dumps(machine.definition, indent=2, ensure_ascii=False) + "\n"
    for calendar in plan.calendars.values():
        files[calendar.path] = calendar.to_ics()
    from jobmig.emit import cloudformation, terraform

    files["cloudformation/template.yaml"] = cloudformation.render(plan)
    files["terraform/main.tf.json"] = terraform.render(plan)
    from jobmig.report import FORMATS, build_report, render

    report = build_report(plan.data)
    files.update({f"report.{fmt}": render(report, fmt) for fmt in FORMATS})
    for relative, text in sorted(files.items()):
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    return sorted(files)
