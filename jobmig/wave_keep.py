"""Reading the waves of an earlier run (``--keep-waves FILE``) to keep them on a re-run.

FILE is what ``jobmig waves --json`` prints or ``jobmig convert --waves``
writes as ``waves.json``: ``{"waves": [{"name": ..., "jobs": [...]}, ...]}``.
The answer maps each job id to its wave's name (a job listed in two waves:
the first by number), for :func:`jobmig.waves.plan_waves`'s ``keep``.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

# A wave's name becomes the folder OUT/<name> of convert --waves and the end of its stack
# name: no path, and only what a CloudFormation stack name may hold.
_PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*")


class KeepWavesError(Exception):
    """A FILE that cannot be read as waves; its text is one line, ``path[:line:col]: what``."""


def read_kept(path: str) -> dict[str, str]:
    """Job id → wave name from the waves JSON at ``path`` (see the module docstring)."""
    from jobmig.waves import wave_name_order

    try:
        text = Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise KeepWavesError(f"{path}: {getattr(error, 'strerror', None) or error}")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise KeepWavesError(f"{path}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}")
    except RecursionError:  # the json module reads nested arrays recursively
        raise KeepWavesError(f"{path}: not valid JSON: nested too deeply")
    waves = data.get("waves") if isinstance(data, dict) else None
    if not isinstance(waves, list) or not all(
            isinstance(w, dict) and isinstance(w.get("name"), str)
            and isinstance(w.get("jobs"), list) for w in waves):
        raise KeepWavesError(f"{path}: not the waves of jobmig waves --json "
                             "(no \"waves\" list of {\"name\", \"jobs\"})")
    for wave in waves:
        if not _PLAIN_NAME.fullmatch(wave["name"]):
            raise KeepWavesError(f"{path}: wave name {wave['name']!r} is not a plain name "
                                 "(letters, digits and '-', starting with a letter or digit)")
    kept: dict[str, str] = {}
    for wave in sorted(waves, key=lambda w: wave_name_order(w["name"]), reverse=True):
        for job in wave["jobs"]:
            kept[str(job)] = wave["name"]  # the earliest wave is written last and wins
    return kept


__all__ = ["KeepWavesError", "read_kept"]
