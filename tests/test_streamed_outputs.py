"""Outputs written as they are made (deferred texts) against the plain whole-text path."""
from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from jobmig.emit import terraform
from jobmig.report.json_render import Deferred, dump_parts, dumps
from tests.test_cloudformation import full_plan


@given(texts=st.dictionaries(st.text(max_size=6), st.text(max_size=30), max_size=6),
       opened=st.integers(min_value=0, max_value=3))
@settings(max_examples=200, deadline=None)
def test_a_deferred_text_is_written_as_the_standard_library_writes_the_text(texts, opened):
    value = {"machines": [{"name": k, "definition": Deferred(lambda v=v: v)}
                          for k, v in texts.items()]}
    plain = {"machines": [{"name": k, "definition": v} for k, v in texts.items()]}
    expected = json.dumps(plain, indent=2, sort_keys=True, ensure_ascii=False)
    assert dumps(value) == expected
    assert "".join(dump_parts(value, levels=opened, open_above=1)) == expected


def test_a_deferred_text_is_made_only_when_it_is_written():
    made = []
    parts = dump_parts({"a": Deferred(lambda: made.append(1) or "x")})
    assert made == []
    assert "".join(parts) == '{\n  "a": "x"\n}'
    assert made == [1]


def test_main_tf_json_streamed_is_the_document_dumped_whole():
    plan = full_plan()
    streamed = "".join(terraform.render_parts(plan))
    assert streamed == terraform.render(plan)
    assert json.loads(streamed) == terraform.document(plan)
    assert '"definition": "{' in streamed  # the machines' definitions are there as texts


def _samples_plan():
    from datetime import date

    from jobmig.options import MapOptions, ParseOptions
    from jobmig.pipeline import build_plan
    from jobmig.sources import collect, read_sources
    from tests.conftest import REPO

    found, findings = collect([str(REPO / "samples")])
    results, records = read_sources(found, ParseOptions(timezone="Asia/Tokyo"))
    return build_plan(results, records, MapOptions(
        timezone="Asia/Tokyo", horizon=(date(2026, 1, 1), date(2026, 12, 31))), list(findings))


def test_a_plan_released_while_written_gives_the_same_files_and_keeps_its_data(tmp_path):
    from jobmig.emit.files import write_plan
    from jobmig.plan import dump_json

    kept, released = _samples_plan(), _samples_plan()
    data_before = dump_json(released.data)
    assert released.state_machines and released.calendars
    names = write_plan(kept, str(tmp_path / "kept"))
    assert write_plan(released, str(tmp_path / "released"), release=True) == names
    for name in names:
        assert ((tmp_path / "released" / name).read_bytes()
                == (tmp_path / "kept" / name).read_bytes()), name
    assert dump_json(released.data) == data_before
    assert released.state_machines == [] and released.calendars == {}
    assert kept.state_machines and kept.calendars  # not asked to release: left whole
