"""Jenkins build results and trigger thresholds → :class:`Condition`.

Every Jenkins way of saying "start the other job when this one ended so"
is reduced to the set of results that fire it, then to the model's
:class:`~jobmig.model.Condition`. A set the model cannot say exactly gives
the nearest wider condition and ``exact=False`` (the caller reports JM308).

Results and ordinals are ``hudson.model.Result``: SUCCESS 0, UNSTABLE 1,
FAILURE 2, NOT_BUILT 3, ABORTED 4; "better or equal" means a lower or equal
ordinal.
"""
from __future__ import annotations

from lxml import etree

from jobmig.model import Condition
from jobmig.parsers.jenkins.xmltree import child_text
from jobmig.digits import is_number

RESULTS = ("SUCCESS", "UNSTABLE", "FAILURE", "NOT_BUILT", "ABORTED")
ORDINAL = {name: index for index, name in enumerate(RESULTS)}
DEFAULT_THRESHOLD = "SUCCESS"

# Result sets the model expresses exactly.
_EXACT: dict[frozenset[int], Condition] = {
    frozenset({0}): Condition.SUCCESS,
    frozenset({0, 1}): Condition.UNSTABLE,
    frozenset({0, 1, 2}): Condition.COMPLETED,  # Jenkins threshold FAILURE
    frozenset({0, 1, 2, 3, 4}): Condition.ALWAYS,
    frozenset({2}): Condition.FAILURE,
}
# Nearest wider condition for the other sets that include SUCCESS, in order.
_WIDENING = (
    (frozenset({0}), Condition.SUCCESS),
    (frozenset({0, 1}), Condition.UNSTABLE),
    (frozenset({0, 1, 2}), Condition.COMPLETED),
    (frozenset({0, 1, 2, 3, 4}), Condition.ALWAYS),
)

# parameterized-trigger ResultCondition (ResultCondition.java; the
# UNSTABLE_OR_WORSE and FAILED_OR_BETTER names are from the notes, §2.2).
PARAMETERIZED: dict[str, frozenset[int]] = {
    "SUCCESS": frozenset({0}),
    "UNSTABLE": frozenset({1}),
    "UNSTABLE_OR_BETTER": frozenset({0, 1}),
    "UNSTABLE_OR_WORSE": frozenset({1, 2}),
    "FAILED": frozenset({2}),
    "FAILED_OR_BETTER": frozenset({0, 1, 2}),
    "ALWAYS": frozenset({0, 1, 2, 3, 4}),
}


def condition_for(results: frozenset[int]) -> tuple[Condition, bool]:
    """The model condition for a set of firing results, and whether it is exact."""
    if results in _EXACT:
        return _EXACT[results], True
    if 0 in results:
        for covered, condition in _WIDENING:
            if results <= covered:
                return condition, False
    # Without SUCCESS: "unstable only" is closest to a run that ended (AWS has no
    # unstable outcome); anything with FAILURE is closest to an abnormal end.
    return (Condition.FAILURE if 2 in results else Condition.UNSTABLE), False


def at_least(threshold: str) -> frozenset[int]:
    """Results "better or equal" to ``threshold`` (core BuildTrigger, ReverseBuildTrigger)."""
    limit = ORDINAL.get(threshold, 0)
    return frozenset(range(limit + 1))


def threshold_name(element: etree._Element | None) -> str:
    """The result name of a ``<threshold>`` element (by name, else ordinal)."""
    if element is None:
        return DEFAULT_THRESHOLD
    name = child_text(element, "name").strip().upper()
    if name in ORDINAL:
        return name
    ordinal = child_text(element, "ordinal").strip()
    if is_number(ordinal) and int(ordinal) < len(RESULTS):
        return RESULTS[int(ordinal)]
    return DEFAULT_THRESHOLD


def downstream_ext(threshold: str, strategy: str) -> frozenset[int]:
    """downstream-ext ``thresholdStrategy``: AND_HIGHER, EXACT or AND_LOWER."""
    limit = ORDINAL.get(threshold, 0)
    if strategy == "EXACT":
        return frozenset({limit})
    if strategy == "AND_LOWER":
        return frozenset(range(limit, len(RESULTS)))
    return frozenset(range(limit + 1))
