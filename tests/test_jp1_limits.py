"""JP1/AJS3's own limits on units bound what the reader converts.

The limits are JP1's (JP1/AJS3 System Design (Configuration) Guide, appendix
B.3 "Limits for units"): units nest at most 30 deep, a unit's full name is at
most 930 bytes, a unit name at most 30 bytes, at most 10,000 units on one level
below a jobnet. Bytes are Shift_JIS bytes (a kanji is 2, an ASCII letter 1).
Expected counts, lines and columns below are worked out by hand from the
exports each test builds.
"""
from __future__ import annotations

import json
from pathlib import Path

from jobmig.catalogue import CATALOGUE
from jobmig.model import Severity
from jobmig.options import ParseOptions
from jobmig.parsers.jp1 import limits
from jobmig.parsers.jp1 import units as jp1
from tests.conftest import run_jobmig


def _parse(text: str):
    return jp1.parse(text.encode("utf-8"), path="x.ajs", options=ParseOptions())


def _chain(depth: int, bottom: str = "") -> str:
    """Jobnets n0 ⊃ n1 ⊃ … ⊃ n<depth-1>, one unit per line (n<k> on line k+1), with
    ``bottom`` inside the innermost."""
    head = "".join(f"unit=n{level},,jp1admin,;{{ty=n;\n" for level in range(depth))
    return head + bottom + "}\n" * depth


_JOB = 'unit=job,,jp1admin,;{ty=j;sc="/opt/run.sh";}\n'


def _codes(findings, code: str) -> list:
    return [f for f in findings if f.code == code]


def test_a_job_nested_30_levels_below_its_root_jobnet_is_converted():
    # n0 is the root jobnet (nesting 0), n29 is nested 29 deep, the job 30: within the limit
    result = _parse(_chain(30, _JOB))
    assert len(result.jobs) == 31
    assert not _codes(result.findings, "JM448")
    assert all(not _codes(job.findings, "JM449") for job in result.jobs)


def test_a_job_nested_31_levels_deep_is_not_converted_and_its_jobnet_becomes_review():
    result = _parse(_chain(31, _JOB))
    names = {job.name.rsplit("/", 1)[-1] for job in result.jobs}
    assert names == {f"n{level}" for level in range(31)}
    (cut,) = _codes(result.findings, "JM448")
    # the job is the 32nd line, its 'unit=' at column 1
    assert (cut.source.line, cut.source.column) == (32, 1)
    assert "unit job is nested 31 levels deep" in cut.message and "n0/" not in cut.message
    (holder,) = [job for job in result.jobs if job.name.endswith("/n30")]
    (marked,) = _codes(holder.findings, "JM449")
    assert marked.job_id == holder.id and "1 unit(s) inside n30" in marked.message
    assert CATALOGUE["JM449"].severity is Severity.REVIEW
    others = [job for job in result.jobs if job is not holder]
    assert all(not _codes(job.findings, "JM449") for job in others)


def test_every_unit_inside_a_cut_unit_gets_its_own_finding_at_its_line():
    # 33 jobnets: n31 (line 32) is nested 31 deep; n32 (line 33) and the job (line 34) are in it
    text = _chain(33, _JOB)
    result = _parse(text)
    cut = _codes(result.findings, "JM448")
    assert [(f.source.line, f.source.column) for f in cut] == [(32, 1), (33, 1), (34, 1)]
    assert "unit n31 is nested 31 levels deep" in cut[0].message
    assert "unit n32 is inside the unit at line 32, column 1" in cut[1].message
    assert "unit job is inside the unit at line 32, column 1" in cut[2].message
    assert len(result.jobs) == 31


def test_job_groups_do_not_count_as_levels_of_nesting():
    groups = 40
    text = ("".join(f"unit=g{i},,jp1admin,;{{ty=g;\n" for i in range(groups))
            + _chain(30, _JOB) + "}\n" * groups)
    result = _parse(text)
    assert not _codes(result.findings, "JM448")
    assert len(result.jobs) == 31  # 30 jobnets and the job; groups are no jobs


def test_a_full_name_of_931_bytes_is_cut_and_one_of_930_bytes_is_converted():
    # "/top/" is 5 bytes: a child named with 925 bytes has a 930-byte full name, 926 → 931
    fits, too_long = "a" * 925, "b" * 926
    text = ("unit=top,,jp1admin,;{ty=n;\n"
            f"unit={fits},,jp1admin,;{{ty=j;sc=\"/opt/a.sh\";}}\n"
            f"unit={too_long},,jp1admin,;{{ty=j;sc=\"/opt/b.sh\";}}\n"
            "unit=last,,jp1admin,;{ty=j;sc=\"/opt/c.sh\";}\n"
            f"ar=(f={fits},t={too_long});\nar=(f={too_long},t=last);\n"
            "}\n")
    result = _parse(text)
    assert {job.name for job in result.jobs} == {"top", f"top/{fits}", "top/last"}
    (cut,) = _codes(result.findings, "JM448")
    assert cut.source.line == 3 and "full name is 931 bytes long" in cut.message
    # both relations touch the unit not converted: neither leads to a job that does not exist
    assert result.dependencies == ()
    (top,) = [job for job in result.jobs if job.name == "top"]
    assert _codes(top.findings, "JM449")
    # the 925-byte name passes the 30-byte name limit: said, and the job is still converted
    (fitting,) = [job for job in result.jobs if job.name == f"top/{fits}"]
    (long_name,) = _codes(fitting.findings, "JM450")
    assert "925 bytes long" in long_name.message and long_name.job_id == fitting.id


def test_unit_names_are_measured_in_shift_jis_bytes():
    # 15 kanji are 30 Shift_JIS bytes (45 in UTF-8): within JP1's limit; 16 kanji are 32
    assert limits.name_bytes("経" * 15) == 30
    text = ("unit=net,,jp1admin,;{ty=n;\n"
            f"unit={'経' * 15},,jp1admin,;{{ty=j;sc=\"/opt/a.sh\";}}\n"
            f"unit={'理' * 16},,jp1admin,;{{ty=j;sc=\"/opt/b.sh\";}}\n"
            "}\n")
    result = _parse(text)
    long_names = [f for job in result.jobs for f in _codes(job.findings, "JM450")]
    assert len(long_names) == 1
    assert long_names[0].source.line == 3 and "32 bytes long" in long_names[0].message
    assert len(result.jobs) == 3


def test_a_character_shift_jis_cannot_write_counts_its_utf8_bytes():
    # "é" is not in Shift_JIS (2 bytes in UTF-8), "a" is 1 byte either way
    assert limits.name_bytes("aé") == 3


def test_a_long_job_group_name_is_said_on_the_file():
    text = (f"unit={'g' * 31},,jp1admin,;{{ty=g;\n"
            "unit=net,,jp1admin,;{ty=n;\n" + _JOB + "}\n}\n")
    result = _parse(text)
    (note,) = _codes(result.findings, "JM450")
    assert note.job_id is None and note.source.line == 1 and "31 bytes long" in note.message
    assert len(result.jobs) == 2


def test_more_than_10000_units_on_one_level_of_a_jobnet_is_said_and_converted():
    count = limits.MAX_UNITS_PER_LEVEL + 1
    text = ("unit=wide,,jp1admin,;{ty=n;\n"
            + "".join(f"unit=j{i},,jp1admin,;{{ty=j;sc=\"/opt/x\";}}\n" for i in range(count))
            + "}\n")
    result = _parse(text)
    assert len(result.jobs) == count + 1
    (wide,) = [job for job in result.jobs if job.name == "wide"]
    (note,) = _codes(wide.findings, "JM450")
    assert "holds 10001 units on one level" in note.message


def _convert(tmp_path: Path, name: str, text: str) -> tuple[int, dict]:
    """Bytes written by ``jobmig convert`` of one export, and its plan."""
    source = tmp_path / name
    source.mkdir()
    (source / "deep.ajs").write_text(text, encoding="utf-8")
    out = tmp_path / f"{name}-out"
    run_jobmig("convert", str(source), "--out", str(out), "--no-cache", check=True)
    written = sum(path.stat().st_size for path in out.rglob("*") if path.is_file())
    return written, json.loads((out / "plan.json").read_text("utf-8"))


#: Bytes written per byte of input, at most. Each unit here is a line of about 25
#: bytes; every output document (plan.json, the four reports, templates, state
#: machine) holds one record per unit at most, a job or a finding whose text carries
#: the unit's own name, never its whole path, so well under 1 KB: five documents of
#: 1 KB per 25 bytes is 200. Nesting 1,000 deep used to write each level's full path
#: into every jobnet above it: 64 MB for 23 KB, about 2,800 bytes per byte.
BYTES_PER_INPUT_BYTE = 200


def test_a_jp1_text_nested_1000_deep_writes_output_in_proportion_to_its_input(tmp_path):
    text = _chain(1000, _JOB)
    written, plan = _convert(tmp_path, "deep", text)
    assert written <= BYTES_PER_INPUT_BYTE * len(text.encode("utf-8")), written
    # every unit line (1 to 1,001) is a job of the plan or a finding at that line
    lines = {job["source"]["line"] for job in plan["jobs"]}
    lines |= {f["source"]["line"] for f in plan["findings"] if f.get("source", {}).get("line")}
    assert set(range(1, 1002)) <= lines
    assert len([f for f in plan["findings"] if f["code"] == "JM448"]) == 1001 - 31
    (holder,) = [job for job in plan["jobs"] if job["id"].endswith("/n30")]
    assert holder["status"] == "review"


def test_doubling_the_depth_past_the_limit_doubles_what_is_added(tmp_path):
    """Linear growth: the bytes each extra level adds stay the same from 500 to 2,000
    levels (a path per unit would make them grow with the depth)."""
    sizes = {depth: _convert(tmp_path, f"d{depth}", _chain(depth, _JOB))[0]
             for depth in (500, 1000, 2000)}
    first = (sizes[1000] - sizes[500]) / 500
    second = (sizes[2000] - sizes[1000]) / 1000
    # the names grow from 4 to 5 characters past n999: a few more bytes per level
    assert second <= 1.25 * first, sizes


def test_a_top_unit_written_by_its_full_name_is_measured_by_its_last_element_and_as_written():
    # A unit name is at most 30 bytes and holds no '/'; '/honban/keiri-system/nightly-batch'
    # is a full name (34 bytes) of elements of 6, 12 and 13 bytes: no name is too long.
    result = _parse('unit=/honban/keiri-system/nightly-batch,,jp1admin,;{ty=n;\n' + _JOB + "}\n")
    assert len(result.jobs) == 2
    assert not _codes(result.findings, "JM450")
    assert all(not _codes(job.findings, "JM450") for job in result.jobs)


def test_a_job_whose_full_name_is_930_bytes_below_a_top_unit_written_by_full_name_is_converted():
    # '/' + 30 letters (31 bytes) as written, then 28 jobnets and a job of 30 bytes each,
    # each adding '/' and 30 bytes: 31 + 29 * 31 = 930 bytes, JP1's limit; nested 29 deep.
    top = "/" + "g" * 30
    names = [f"{level:02d}" + "n" * 28 for level in range(28)]
    head = f"unit={top},,jp1admin,;{{ty=n;\n" + "".join(
        f"unit={name},,jp1admin,;{{ty=n;\n" for name in names)
    job = "unit=" + "j" * 30 + ',,jp1admin,;{ty=j;sc="/opt/run.sh";}\n'
    result = _parse(head + job + "}\n" * 29)
    assert not _codes(result.findings, "JM448")
    assert len(result.jobs) == 30


def test_jc_finds_the_calendar_of_a_top_job_group_written_by_its_full_name():
    # jc= takes a job group's full name; the top group written as 'unit=/grp' is '/grp'.
    result = _parse('unit=/grp,,jp1admin,;{ty=g;op=mo;cl=su;\n'
                    'unit=net,,jp1admin,;{ty=n;jc=/grp;sd=1,*1;st=1,10:00;\n' + _JOB + "}}\n")
    (net,) = [job for job in result.jobs if job.name.endswith("net")]
    assert not _codes(net.findings, "JM426")
