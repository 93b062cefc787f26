"""Waves kept across re-runs (``--keep-waves``): jobs already planned keep their wave's name.

The estates are drawn by tests/test_waves.py's generator; an export that
"gained" workflows is the drawn estate, the earlier export the same without
some of its workflows. What each check expects comes from that choice.
"""
from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from jobmig.waves import BY_CHOICES, plan_waves
from tests.conftest import run_jobmig
from tests.test_waves import _check_common, _dep, _job, estates


def _without(plan: dict, workflow_of: dict[str, int], gone: set[int]) -> dict:
    """``plan`` without the jobs (and their edges) of the workflows in ``gone``."""
    left = {j for j, w in workflow_of.items() if w not in gone}
    return {**plan, "jobs": [j for j in plan["jobs"] if j["id"] in left],
            "dependencies": [d for d in plan["dependencies"]
                             if d["from"] in left and d["to"] in left]}


@settings(max_examples=60, deadline=None)
@given(estates(), st.integers(1, 20), st.sampled_from(BY_CHOICES), st.data())
def test_jobs_planned_before_keep_their_wave_and_new_ones_get_new_waves(drawn, max_jobs, by,
                                                                        data):
    plan, workflow_of, _ = drawn
    count = len(set(workflow_of.values()))
    gone = data.draw(st.sets(st.integers(0, count - 1), max_size=count - 1))
    earlier = plan_waves(_without(plan, workflow_of, gone), max_jobs=max_jobs, by=by)
    before = earlier.wave_of()
    later = plan_waves(plan, max_jobs=max_jobs, by=by, keep=before)
    _check_common(later, plan, workflow_of)
    after = later.wave_of()
    assert {j: after[j] for j in before} == before
    highest = max(int(name.split("-")[1]) for name in before.values())
    for job, name in after.items():
        if job not in before:
            assert int(name.split("-")[1]) > highest, (job, name)
    names = [wave.name for wave in later.waves]
    for cut in later.cuts:
        back = names.index(cut.from_wave) > names.index(cut.to_wave)
        assert cut.backward == back
        if back:  # only a kept wave moves before one of its predecessors
            assert cut.to_id in before and cut.from_id not in before, cut


@settings(max_examples=60, deadline=None)
@given(estates(), st.integers(1, 20), st.sampled_from(BY_CHOICES), st.data())
def test_jobs_left_after_others_are_removed_keep_their_wave_and_no_wave_is_added(
        drawn, max_jobs, by, data):
    plan, workflow_of, _ = drawn
    count = len(set(workflow_of.values()))
    gone = data.draw(st.sets(st.integers(0, count - 1), max_size=count - 1))
    before = plan_waves(plan, max_jobs=max_jobs, by=by).wave_of()
    smaller = _without(plan, workflow_of, gone)
    left = {j: w for j, w in workflow_of.items() if w not in gone}
    later = plan_waves(smaller, max_jobs=max_jobs, by=by, keep=before)
    _check_common(later, smaller, left)
    assert later.wave_of() == {j: before[j] for j in left}


def test_a_job_that_joins_two_kept_waves_keeps_the_first_by_number():
    """A new edge inside one workflow ties a and b (waves 01 and 02): both go to wave-01."""
    jobs = [_job("jp1:/g/n", None, "m", kind="jobnet"), _job("jp1:/g/n/a", "jp1:/g/n", "m"),
            _job("jp1:/g/n/b", "jp1:/g/n", "m")]
    plan = {"jobs": jobs, "dependencies": [_dep("jp1:/g/n/a", "jp1:/g/n/b", inside=True)]}
    keep = {"jp1:/g/n/b": "wave-02", "jp1:/g/n/a": "wave-10", "jp1:/g/n": "wave-02"}
    result = plan_waves(plan, max_jobs=5, keep=keep)
    assert [(w.name, w.jobs) for w in result.waves] == \
        [("wave-02", ("jp1:/g/n", "jp1:/g/n/a", "jp1:/g/n/b"))]


_LINES = "".join(f"{m} 3 * * * /opt/jobs/job{m}.sh\n" for m in range(1, 6))
_ARGS = ["--format", "crontab", "--crontab-kind", "user", "--max-jobs", "2"]


def _five_jobs_in_waves(tmp_path):
    """A folder with a crontab of five jobs, and `jobmig waves --json` of it saved as
    tmp_path/waves.json (two jobs per wave)."""
    estate = tmp_path / "estate"
    estate.mkdir()
    (estate / "batch").write_text(_LINES, "utf-8")
    first = run_jobmig("waves", str(estate), *_ARGS, "--json", check=True)
    (tmp_path / "waves.json").write_text(first.stdout, "utf-8")
    return estate, first


def test_waves_keeps_the_waves_of_an_earlier_waves_json_after_a_crontab_line_is_added(tmp_path):
    estate, first = _five_jobs_in_waves(tmp_path)
    args = [*_ARGS, "--json"]
    before = {job: wave["name"] for wave in json.loads(first.stdout)["waves"]
              for job in wave["jobs"]}
    assert len(set(before.values())) == 3  # five jobs, two per wave
    (estate / "batch").write_text("0 1 * * * /opt/jobs/early.sh\n" + _LINES, "utf-8")
    second = run_jobmig("waves", str(estate), *args, "--keep-waves",
                        str(tmp_path / "waves.json"), check=True)
    after = {job: wave["name"] for wave in json.loads(second.stdout)["waves"]
             for job in wave["jobs"]}
    assert {job: after[job] for job in before} == before
    assert after["crontab:batch#early"] == "wave-04"


def test_an_unreadable_keep_waves_file_is_one_line_with_its_place(tmp_path):
    (tmp_path / "batch").write_text("0 3 * * * /opt/jobs/a.sh\n", "utf-8")
    bad = tmp_path / "waves.json"
    bad.write_text('{"waves": [\n  {"name": "wave-01", "jobs": [}\n]}\n', "utf-8")
    done = run_jobmig("waves", str(tmp_path / "batch"), "--format", "crontab",
                      "--keep-waves", str(bad))
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"jobmig: {bad}:2:32: not valid JSON: Expecting value"]
    bad.write_text('{"cut": []}\n', "utf-8")
    done = run_jobmig("waves", str(tmp_path / "batch"), "--format", "crontab",
                      "--keep-waves", str(bad))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip() == (f"jobmig: {bad}: not the waves of jobmig waves --json "
                                   "(no \"waves\" list of {\"name\", \"jobs\"})")


def test_convert_one_kept_wave_after_a_line_is_added_writes_the_same_jobs(tmp_path):
    estate, first = _five_jobs_in_waves(tmp_path)
    args = _ARGS
    wave_01 = json.loads(first.stdout)["waves"][0]["jobs"]
    (estate / "batch").write_text("0 1 * * * /opt/jobs/early.sh\n" + _LINES, "utf-8")
    run_jobmig("convert", str(estate), *args, "--wave", "wave-01", "--keep-waves",
               str(tmp_path / "waves.json"), "--out", str(tmp_path / "w1"), check=True)
    plan = json.loads((tmp_path / "w1" / "plan.json").read_text("utf-8"))
    assert sorted(job["id"] for job in plan["jobs"]) == sorted(wave_01)


def test_a_kept_wave_name_that_is_no_plain_folder_name_is_a_usage_error(tmp_path):
    # convert --waves writes each wave into OUT/<name> and names its stack NAME-<name>: a
    # name from the file such as '../x' would write outside OUT
    estate = tmp_path / "estate"
    estate.mkdir()
    (estate / "batch").write_text("1 3 * * * /opt/a.sh\n", "utf-8")
    for name in ("../escaped", "/abs", "", "a/b", "wave 1", ".."):
        bad = tmp_path / "waves.json"
        bad.write_text(json.dumps({"waves": [{"name": name, "jobs": ["crontab:batch#a"]}]}),
                       "utf-8")
        done = run_jobmig("convert", str(estate), "--format", "crontab", "--crontab-kind",
                          "user", "--waves", "--keep-waves", str(bad), "--out",
                          str(tmp_path / "out"))
        assert done.returncode == 2, name
        assert done.stderr.strip() == (
            f"jobmig: {bad}: wave name {name!r} is not a plain name (letters, digits and "
            "'-', starting with a letter or digit)"), name
        assert not (tmp_path / "escaped").exists() and not (tmp_path / "out").exists()


def test_a_keep_waves_file_nested_too_deeply_for_the_json_reader_is_one_line(tmp_path):
    (tmp_path / "batch").write_text("0 3 * * * /opt/jobs/a.sh\n", "utf-8")
    deep = tmp_path / "waves.json"
    deep.write_text("[" * 200_000, "utf-8")
    done = run_jobmig("waves", str(tmp_path / "batch"), "--format", "crontab",
                      "--keep-waves", str(deep))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip() == f"jobmig: {deep}: not valid JSON: nested too deeply"


def test_a_new_job_a_kept_wave_waits_for_is_a_cut_that_says_the_kept_wave_moved_first():
    """wave-01 (a) was planned, maybe deployed, before x existed; now a waits for x, which
    goes into a new wave after it: the cut runs back to an earlier wave, so its interim rule
    cannot be "until wave-01 moves, start a on the legacy scheduler" (a moves first)."""
    a, b, x = (_job(f"jp1:/{n}", None, f"m{n}") for n in "abx")
    keep = {"jp1:/a": "wave-01", "jp1:/b": "wave-02"}
    plan = {"jobs": [a, b, x], "dependencies": [_dep("jp1:/a", "jp1:/b"),
                                                _dep("jp1:/x", "jp1:/a")]}
    result = plan_waves(plan, max_jobs=1, keep=keep)
    assert [(w.name, w.jobs) for w in result.waves] == [
        ("wave-01", ("jp1:/a",)), ("wave-02", ("jp1:/b",)), ("wave-03", ("jp1:/x",))]
    forward, back = result.cuts
    assert (forward.from_wave, forward.to_wave, forward.backward) == ("wave-01", "wave-02", False)
    assert (back.from_wave, back.to_wave, back.backward) == ("wave-03", "wave-01", True)
    assert back.interim_rule == (
        "wave-01 moves before wave-03 (kept from an earlier plan): until wave-03 moves, start "
        "/a on AWS by hand once /x has ended on the legacy scheduler as the legacy condition "
        "'success' requires")
    assert back.order == (
        "move wave-03 soon: /a (wave-01, kept from an earlier plan) waits for /x; disable /x "
        "on the legacy scheduler in the same change that enables it on AWS")
    assert "move wave-01 before or together with wave-02" in forward.order


def test_the_checklists_of_a_cut_back_to_a_kept_wave_say_which_side_moved_first():
    from jobmig.waves_render import render_markdown

    a, b, x = (_job(f"jp1:/{n}", None, f"m{n}") for n in "abx")
    plan = {"jobs": [a, b, x], "dependencies": [_dep("jp1:/x", "jp1:/a")]}
    result = plan_waves(plan, max_jobs=1, keep={"jp1:/a": "wave-01", "jp1:/b": "wave-02"})
    text = render_markdown(result, plan)
    first = text[text.index("## wave-01"):text.index("## wave-02")]
    third = text[text.index("## wave-03"):]
    # wave-01 (a) moves while its predecessor x (wave-03) is still on the legacy scheduler
    assert "/x (wave-03) still runs on the legacy scheduler" in first
    assert "must already run on AWS" not in first
    # when wave-03 moves, a (wave-01) is on AWS already, not on the legacy scheduler
    assert "/a (wave-01) still runs on the legacy scheduler" not in third
    assert "/a (wave-01) moved before this wave and waits for /x" in third
