"""JM412 says the end judgment by return code as JP1/AJS3 defines it (issue 19, a doubt
about its text).

JP1/AJS3 Command Reference, UNIX/PC job definition (``wth=n``, ``tho=n``): with the end
judgment by return code (``jd=cod``), a return code above the abnormal threshold ``tho``
is an abnormal end, one above the warning threshold ``wth`` (and up to ``tho``) a warning
end, any other a normal end; a jobnet goes on after a warning end as after a normal one.
"""
from __future__ import annotations

import pytest

from jobmig.messages import localize
from jobmig.options import ParseOptions
from jobmig.parsers.jp1 import units as jp1


def _jm412(parameters: str) -> list[str]:
    text = ("unit=g,,jp1admin,;\n{\n\tty=g;\n\tunit=net,,jp1admin,;\n\t{\n\t\tty=n;\n"
            "\t\tunit=job,,jp1admin,;\n\t\t{\n\t\t\tty=j;\n\t\t\tte=\"/opt/job.sh\";\n"
            f"{parameters}\t\t}}\n\t}}\n}}\n")
    result = jp1.parse(text.encode("utf-8"), path="net.ajs",
                       options=ParseOptions(timezone="Asia/Tokyo"))
    return [f.message for job in result.jobs for f in job.findings if f.code == "JM412"]


def test_with_wth_below_tho_the_finding_names_the_warning_range():
    (message,) = _jm412("\t\t\ttho=8;\n\t\t\twth=4;\n")
    assert "up to wth=4 count as a normal end" in message
    assert "above it up to tho=8 as a warning end" in message
    assert "up to tho=8 count as a normal end" not in message
    japanese = localize(message, "ja")
    assert "wth=4" in japanese and "tho=8" in japanese and "警告終了" in japanese


@pytest.mark.parametrize("parameters", ["\t\t\ttho=4;\n", "\t\t\ttho=4;\n\t\t\twth=4;\n"])
def test_without_a_warning_range_codes_up_to_tho_are_a_normal_end(parameters):
    """No wth, or wth not below tho: no code is above wth and up to tho, so none is a
    warning end."""
    (message,) = _jm412(parameters)
    assert message.endswith("return codes up to tho=4 count as a normal end")
