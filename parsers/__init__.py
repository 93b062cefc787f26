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

Adding a format is adding a module (or package) and one line to :data:`_MODULES`
(and, when its detection needs only a cheap look at the file, one to :data:`_MAY_CLAIM`).

Detection imports no parser it does not need: a format module is imported only when
a cheap test on the file's name or first bytes (:data:`_MAY_CLAIM`, a necessary
condition of that format's ``detect`` answering more than 0) lets it claim the file.
So a one-line crontab does not import the XML library or the JP1 reader.
"""
from __future__ import annotations

import importlib
import os
from functools import lru_cache
from types import ModuleType
from typing import Callable

_MODULES = {
    "crontab": "jobmig.parsers.crontab",
    "jenkins": "jobmig.parsers.jenkins.config",
    "jenkinsfile": "jobmig.parsers.jenkins.jenkinsfile",
    "jp1": "jobmig.parsers.jp1.units",
}

FORMATS: tuple[str, ...] = tuple(_MODULES)
CONTENT = 2  # the highest detect() score: the content shows the format

# The names and bytes each detect() looks for (tests check they match the modules).
JENKINSFILE_NAME = "Jenkinsfile"
JENKINSFILE_SUFFIXES = (".jenkinsfile", ".groovy", ".gvy", ".dsl")
JP1_NAME_HINTS = (".ajs", ".jp1", ".unitdef", ".ajsdef", ".def")
XML_HEAD_BYTES = 4096  # jenkins.config reads its root tag there
JP1_HEAD_BYTES = 65536  # jp1.units looks for ``unit=`` there


def _base(path: str) -> str:
    return os.path.basename(path.replace("\\", "/"))


# format -> a cheap test that is False only when that format's detect() would answer 0.
_MAY_CLAIM: dict[str, Callable[[bytes, str], bool]] = {
    "jenkins": lambda data, path: b"<" in data[:XML_HEAD_BYTES] or _base(path) == "config.xml",
    "jenkinsfile": lambda data, path: _base(path).startswith(JENKINSFILE_NAME)
    or _base(path).lower().endswith(JENKINSFILE_SUFFIXES),
    "jp1": lambda data, path: b"unit" in data[:JP1_HEAD_BYTES]
    or path.lower().endswith(JP1_NAME_HINTS),
}


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


@lru_cache(maxsize=None)
def _installed(name: str) -> ModuleType | None:
    try:
        return parser_for(name)
    except ModuleNotFoundError:
        return None


def finalizers(present: set[str]) -> list[Callable]:
    """The ``finalize`` functions to run when results of the formats ``present`` were read.

    A format's ``finalize`` is called only when some result is of a format whose
    module lies in the same package (``jenkins`` and ``jenkinsfile``): it passes the
    results of other formats through unchanged, so an estate without any of them
    does not import that parser at all. In the order of :data:`FORMATS`.
    """
    families = {_family(name) for name in present if name in _MODULES}
    found = []
    for name in FORMATS:
        if _family(name) in families:
            finalize = getattr(_installed(name), "finalize", None)
            if finalize is not None:
                found.append(finalize)
    return found


def _family(name: str) -> str:
    return _MODULES[name].rsplit(".", 1)[0]


def detect_format(data: bytes, path: str) -> str | None:
    """The best-matching format for a file, or ``None`` when none claims it.

    Ties go to the order of :data:`FORMATS`, so detection is deterministic.
    """
    best: tuple[int, str | None] = (0, None)
    for name in FORMATS:
        may_claim = _MAY_CLAIM.get(name)
        if may_claim is not None and not may_claim(data, path):
            continue  # its detect() would say 0: do not import its parser for that
        module = _installed(name)
        if module is None:
            continue
        score = module.detect(data, path)
        if score > best[0]:
            best = (score, name)
        if score == CONTENT:  # no later format can beat it: ties go to the earlier
            break
    return best[1]
