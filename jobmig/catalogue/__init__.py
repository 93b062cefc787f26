"""The catalogue of findings: every code jobmig can report, with remedies.

Codes are grouped by area, one module each, in code ranges:

=======  ==========================================  =====================
range    area                                        module
=======  ==========================================  =====================
JM0xx    input files, formats, encodings             ``general``
JM1xx    crontab files                               ``crontab``
JM2xx    schedules and their AWS equivalents         ``schedule``
JM3xx    Jenkins jobs, triggers, Jenkinsfiles        ``jenkins``
JM4xx    JP1/AJS3 unit definitions                   ``jp1``
JM5xx    dependencies, state machines, AWS limits    ``aws``
JM6xx    migration waves                             ``waves``
=======  ==========================================  =====================

The report reads titles, explanations and remedies from here; parsers and
mappings only name a code and say what they saw. Each area module has a
``<area>_ja`` module beside it with the same entries in Japanese
(``CATALOGUE_JA``: code → (title, explanation, remedy)); a test checks that
every code has both.
"""
from __future__ import annotations

from jobmig.catalogue import aws, crontab, general, jenkins, jp1, schedule, waves
from jobmig.catalogue import aws_ja, crontab_ja, general_ja, jenkins_ja, jp1_ja, schedule_ja
from jobmig.catalogue import waves_ja
from jobmig.catalogue._base import FindingType

CATALOGUE: dict[str, FindingType] = {}
for _area in (general, crontab, schedule, jenkins, jp1, aws, waves):
    for _code, _type in _area.TYPES.items():
        if _code in CATALOGUE:
            raise ValueError(f"finding code {_code} is defined twice")
        CATALOGUE[_code] = _type

CATALOGUE_JA: dict[str, tuple[str, str, str]] = {}
for _table in (general_ja, crontab_ja, schedule_ja, jenkins_ja, jp1_ja, aws_ja, waves_ja):
    CATALOGUE_JA.update(_table.JA)

__all__ = ["CATALOGUE", "CATALOGUE_JA", "FindingType"]
