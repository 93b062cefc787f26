"""The shape of a catalogue entry; entries live in one module per area."""
from __future__ import annotations

from dataclasses import dataclass

from jobmig.model import Severity


@dataclass(frozen=True)
class FindingType:
    """A kind of finding: what it is, why it matters, what to do on AWS."""

    code: str
    severity: Severity
    title: str
    explanation: str
    remedy: str


def entries(*types: FindingType) -> dict[str, FindingType]:
    """Index ``types`` by code, refusing duplicates within one area module."""
    table: dict[str, FindingType] = {}
    for finding_type in types:
        if finding_type.code in table:
            raise ValueError(f"duplicate finding code {finding_type.code}")
        table[finding_type.code] = finding_type
    return table
