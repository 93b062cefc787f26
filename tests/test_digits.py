"""Numbers in cron fields are ASCII digits only.

cron's and Jenkins' grammars take ``[0-9]+`` for a number, and so does
EventBridge; ``str.isdigit`` also accepts superscripts (``¹``, which ``int``
refuses: an internal error before) and other scripts' digits (``３``, which
``int`` reads: a schedule the legacy scheduler never had).
"""
from __future__ import annotations

import pytest

from jobmig.digits import is_number
from jobmig.timing.cron import CronSyntaxError, parse_jenkins, parse_vixie
from jobmig.mappings.eventbridge_cron import EventBridgeCronError
from jobmig.mappings.eventbridge_cron import parse as parse_eventbridge


@pytest.mark.parametrize("text, expected", [
    ("0", True), ("59", True), ("007", True),
    ("", False), ("¹", False), ("2²", False), ("３", False), ("٣", False), ("-1", False),
    (" 1", False), ("1.5", False),
])
def test_a_number_is_one_or_more_ascii_digits(text, expected):
    assert is_number(text) is expected


@pytest.mark.parametrize("expression", ["¹ 2 * * *", "*/² * * * *", "0 ３ * * *", "0 2 1-¹ * *"])
def test_a_crontab_field_with_other_digits_is_a_syntax_error(expression):
    with pytest.raises(CronSyntaxError):
        parse_vixie(expression)


@pytest.mark.parametrize("spec", ["H/² * * * *", "¹ 2 * * *", "H(0-３) * * * *"])
def test_a_jenkins_field_with_other_digits_is_a_syntax_error(spec):
    with pytest.raises(CronSyntaxError):
        parse_jenkins(spec, "job")


@pytest.mark.parametrize("expression", ["cron(¹ 2 * * ? *)", "cron(0/² 2 * * ? *)",
                                        "cron(0 2 ? * MON#¹ *)"])
def test_an_eventbridge_field_with_other_digits_is_refused(expression):
    with pytest.raises(EventBridgeCronError):
        parse_eventbridge(expression)
