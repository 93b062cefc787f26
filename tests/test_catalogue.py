"""The finding catalogue is complete: every code the code base emits is documented."""
from __future__ import annotations

import re

from jobmig.catalogue import CATALOGUE
from jobmig.model import Severity
from tests.conftest import REPO

_EMITTED = re.compile(r"""["'](JM\d{3})["']""")


def emitted_codes() -> dict[str, str]:
    """Every ``"JMnnn"`` literal in the package sources (outside the catalogue), by file."""
    found: dict[str, str] = {}
    for folder in ("jobmig", "parsers", "mappings"):
        for path in (REPO / folder).rglob("*.py"):
            if "catalogue" in path.parts:
                continue
            for code in _EMITTED.findall(path.read_text("utf-8")):
                found.setdefault(code, str(path.relative_to(REPO)))
    return found


def test_every_emitted_code_is_in_the_catalogue():
    missing = {code: where for code, where in emitted_codes().items() if code not in CATALOGUE}
    assert missing == {}


def test_every_entry_explains_itself_and_says_what_to_do():
    for code, entry in CATALOGUE.items():
        assert re.fullmatch(r"JM\d{3}", code) and entry.code == code
        assert isinstance(entry.severity, Severity)
        assert entry.title and entry.explanation.endswith(".") and entry.remedy.endswith(".")


def test_codes_sit_in_the_range_of_their_area_module():
    ranges = {"general": "JM0", "crontab": "JM1", "schedule": "JM2", "jenkins": "JM3",
              "jp1": "JM4", "aws": "JM5"}
    from jobmig import catalogue

    for area, prefix in ranges.items():
        module = getattr(catalogue, area)
        assert all(code.startswith(prefix) for code in module.TYPES), area
