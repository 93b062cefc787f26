"""Every wave of a plan written in one run (``jobmig convert --waves``).

Each wave goes into a folder of its own named after it (``OUT/wave-01/`` …)
holding exactly what ``jobmig convert --wave NAME --out OUT/NAME`` writes for
that wave alone: its plan.json, state machines, one CloudFormation template
(one stack per wave), one Terraform root module, calendars and a report with
the wave's cutover checklist; the cut dependencies become JM601/JM602
findings of the wave as with ``--wave``. Beside the folders, ``waves.md``
(every wave, its checklist and the cuts, as ``jobmig waves --to md``) and
``waves.json`` (as ``jobmig waves --json``) list the move order.
"""
from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from jobmig.plan import Plan
from jobmig.waves import Waves

# Folder names jobmig.waves gives its waves; only such folders are replaced by --force.
_WAVE_FOLDER = re.compile(r"wave-\d+")
INDEX_FILES = ("waves.md", "waves.json")


@dataclass(frozen=True)
class WrittenWave:
    """One wave written: its name, its narrowed plan and its files (relative to its folder)."""

    name: str
    plan: Plan
    files: list[str]


def write_waves(plan: Plan, waves: Waves, out: str, force: bool, lang: str = "en"
                ) -> list[WrittenWave]:
    """Write each wave of ``waves`` into ``out/<wave name>/`` and the index files into
    ``out``; return the waves written, in move order.

    With ``force``, the wave folders and index files of an earlier run in ``out`` are
    removed first (an earlier run may have had more waves); other files are left alone.
    :class:`jobmig.emit.files.OutputExists` when ``out`` holds files and ``force`` is off.
    """
    from jobmig.emit.files import OutputExists, write_plan
    from jobmig.i18n import language
    from jobmig.plan import dump_json
    from jobmig.wave_plan import plan_for_wave
    from jobmig.waves_render import render_markdown

    root = Path(out)
    if root.is_dir() and any(root.iterdir()):
        if not force:
            raise OutputExists(f"{out}: folder is not empty; use --force to replace its contents")
        _remove_earlier(root)
    written = []
    for wave in waves.waves:
        part = plan_for_wave(plan, waves, wave.name, lang)
        files = write_plan(part, str(root / wave.name), force, lang)
        written.append(WrittenWave(wave.name, part, files))
    with language(lang):
        markdown = render_markdown(waves, plan.data)
    root.mkdir(parents=True, exist_ok=True)
    (root / "waves.md").write_text(markdown, "utf-8", newline="")
    (root / "waves.json").write_text(dump_json(waves.to_json()), "utf-8", newline="")
    return written


def _remove_earlier(root: Path) -> None:
    """The wave folders (``wave-NN`` holding a plan.json) and index files of an earlier run."""
    for child in root.iterdir():
        if child.is_dir() and _WAVE_FOLDER.fullmatch(child.name) and \
                (child / "plan.json").is_file():
            shutil.rmtree(child)
        elif child.name in INDEX_FILES and child.is_file():
            child.unlink()
