"""Source formats: the one table of ``--format`` choices, and auto-detection.

This package (installed as ``jobmig.parsers``) holds one module per source
format (``crontab.py``), or one package when a format needs several modules
(``jenkins/``: config.xml, Jenkinsfile and Job DSL; ``jp1/``: ajsprint
exports). A format module has:

- ``FORMAT``: its name;
- ``detect(data: bytes, path: str) -> int``: 0 = not this format, 1 = the
  name suggests it, 2 = the content shows it (content wins over names);
- ``parse(data: bytes, *, path: str, options: ParseOptions) -> ParseResult``:
  never raises for bad input; problems become findings;
- optionally ``finalize(results: list[ParseResult], options) -> list[ParseResult]``:
  called once with all results of that format, for work that spans files
  (e.g. matching a Jenkinsfile to the job whose folder holds it).

Adding a format is adding a module (or package) and one line to :data:`_MODULES`.
"""
from __future__ import annotations

import importlib
from functools import lru_cache
from types import ModuleType

_MODULES = {
    "crontab": "jobmig.parsers.crontab",
    "jenkins": "jobmig.parsers.jenkins.config",
    "jenkinsfile": "jobmig.parsers.jenkins.jenkinsfile",
    "jp1": "jobmig.parsers.jp1.units",
}

FORMATS: tuple[str, ...] = tuple(_MODULES)
CONTENT = 2  # the highest detect() score: the content shows the format


def parser_for(format_name: str) -> ModuleType:
    """The parser module for ``format_name`` (a key of :data:`FORMATS`)."""
    return importlib.import_module(_MODULES[format_name])


@lru_cache(maxsize=1)  # asked once per file read; the answer does not change in a run
def available_parsers() -> dict[str, ModuleType]:
    """Every format whose module is installed, by name (do not change the dict)."""
    found: dict[str, ModuleType] = {}
    for name in FORMATS:
        try:
            found[name] = parser_for(name)
        except ModuleNotFoundError:
            continue
    return found


def detect_format(data: bytes, path: str) -> str | None:
    """The best-matching format for a file, or ``None`` when none claims it.

    Ties go to the order of :data:`FORMATS`, so detection is deterministic.
    """
    best: tuple[int, str | None] = (0, None)
    for name, module in available_parsers().items():
        score = module.detect(data, path)
        if score > best[0]:
            best = (score, name)
        if score == CONTENT:  # no later format can beat it: ties go to the earlier
            break
    return best[1]
