"""The files `convert` writes piece by piece are the texts the renderers give whole.

write_plan streams plan.json, the CloudFormation template and main.tf.json
to disk in pieces (a 100,000-unit estate's texts together are gigabytes);
the reference here is the same document rendered in one piece: json.dumps
for JSON, one yaml.dump of the whole template for YAML.
"""
from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from jobmig.emit import cloudformation, files, terraform
from jobmig.options import MapOptions, ParseOptions
from jobmig.pipeline import build_plan
from jobmig.plan import dump_json, dump_json_parts
from jobmig.sources import collect, read_sources
from tests.conftest import REPO

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner,
                                                                 max_size=4),
    max_leaves=20)


@given(data=_JSON)
def test_json_in_pieces_is_json_dumped_whole(data) -> None:
    assert "".join(dump_json_parts(data)) == dump_json(data)


_KEYED = st.recursive(  # keys in insertion order, of every kind JSON writes as a string
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.text(max_size=6) | st.integers(-3, 3) | st.booleans() | st.none(), inner,
        max_size=4),
    max_leaves=20)


@given(data=_KEYED)
def test_json_with_keys_in_their_own_order_is_what_json_dumps_writes(data) -> None:
    import json

    from jobmig.report.json_render import dumps

    assert dumps(data, sort_keys=False) == json.dumps(data, indent=2, ensure_ascii=False)


@given(data=_KEYED, levels=st.integers(0, 4), open_above=st.integers(0, 3))
def test_json_in_pieces_opened_to_any_depth_joins_to_json_dumps(data, levels,
                                                                open_above) -> None:
    import json

    from jobmig.report.json_render import dump_parts

    assert "".join(dump_parts(data, sort_keys=False, levels=levels,
                              open_above=open_above)) == json.dumps(data, indent=2,
                                                                    ensure_ascii=False)


@given(parts=st.lists(st.text(max_size=5), max_size=40), size=st.integers(1, 12))
def test_pieces_are_joined_in_order_into_writes_of_at_least_the_size(parts, size) -> None:
    joined = list(files._joined(parts, size))
    assert "".join(joined) == "".join(parts)
    assert all(len(piece) >= size for piece in joined[:-1])


def test_convert_writes_what_the_renderers_give_whole(tmp_path: Path, monkeypatch) -> None:
    """Samples (crontab, Jenkins, JP1 with calendars) written with tiny write pieces."""
    found, findings = collect([str(REPO / "samples")])
    results, records = read_sources(found, ParseOptions(timezone="Asia/Tokyo"))
    plan = build_plan(results, records, MapOptions(
        timezone="Asia/Tokyo", horizon=(date(2026, 1, 1), date(2026, 12, 31))), list(findings))
    monkeypatch.setattr(files, "_joined", partial(files._joined, size=7))
    monkeypatch.setattr(cloudformation, "_ENTRIES_PER_DUMP", 3)
    written = files.write_plan(plan, str(tmp_path / "out"))
    out = tmp_path / "out"

    def read(relative: str) -> str:
        return (out / relative).read_bytes().decode("utf-8")  # CRLF of .ics kept

    assert read("plan.json") == dump_json(plan.data)
    assert read("cloudformation/template.yaml") == cloudformation.dump_yaml(
        cloudformation.template(plan), quick=False)
    assert read("terraform/main.tf.json") == dump_json(terraform.document(plan))
    from jobmig.report import build_report, render

    assert read("report.json") == render(build_report(plan.data), "json")
    assert len(plan.calendars) > 0 and len(plan.state_machines) > 3
    for calendar in plan.calendars.values():
        assert read(calendar.path) == calendar.to_ics()
    import json

    for machine in plan.state_machines:  # keys in the definition's own order (ASL reads so)
        assert read(machine.path) == json.dumps(machine.definition, indent=2,
                                                ensure_ascii=False) + "\n"
    assert written == sorted(str(path.relative_to(out)) for path in out.rglob("*")
                             if path.is_file())
