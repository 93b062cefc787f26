"""Migration waves (`jobmig waves`): the engine's rules on generated estates, hand-worked
cuts, and the command's outputs.

The generated estates are plan.json-shaped dicts: workflows (a jobnet with its
units, sometimes a nested jobnet with a child state machine), chains, fans and
joins of cross-workflow dependencies between them. What each check expects is
taken from the generator's own choices (which workflow a job belongs to, which
edges it drew), never from the engine.
"""
from __future__ import annotations

import json
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from jobmig.waves import BY_CHOICES, plan_waves
from jobmig.waves_render import checklist, render_markdown
from tests.conftest import run_jobmig

STATUSES = ("auto", "review", "manual")
HOSTS = ("app01", "app02", "db01", None)
CONDITIONS = ("success", "failure", "always", "completed")


def _job(job_id: str, parent: str | None, machine: str, status: str = "auto",
         host: str | None = None, kind: str = "job") -> dict:
    return {"id": job_id, "name": job_id.split(":", 1)[1], "parent": parent, "kind": kind,
            "state_machine": machine, "status": status, "host": host,
            "source": {"path": "exports/nets.txt", "line": 1, "format": "jp1"},
            "schedules": []}


def _dep(a: str, b: str, condition: str = "success", inside: bool = False) -> dict:
    return {"from": a, "to": b, "condition": condition,
            "scope": "workflow" if inside else "cross",
            "realized_as": "state_machine" if inside else "event_rule"}


@st.composite
def estates(draw, cycle: bool = False) -> tuple[dict, dict[str, int], list[tuple[str, str]]]:
    """(plan, job id → workflow number, cross-workflow edges drawn)."""
    count = draw(st.integers(1, 12))
    jobs: list[dict] = []
    deps: list[dict] = []
    workflow_of: dict[str, int] = {}
    members: list[list[str]] = []
    for w in range(count):
        size = draw(st.integers(1, 7))
        root = f"jp1:/g/net{w:02d}"
        ids = [root]
        jobs.append(_job(root, None, f"m{w:02d}", draw(st.sampled_from(STATUSES)),
                         draw(st.sampled_from(HOSTS)), kind="jobnet"))
        nested = size >= 3 and draw(st.booleans())
        for k in range(1, size):
            if nested and k == 1:
                job_id, parent, machine, kind = f"{root}/sub", root, f"m{w:02d}-sub", "jobnet"
            elif nested and k == 2:
                job_id, parent, machine, kind = f"{root}/sub/j{k}", f"{root}/sub", \
                    f"m{w:02d}-sub", "job"
            else:
                job_id, parent, machine, kind = f"{root}/j{k}", root, f"m{w:02d}", "job"
            jobs.append(_job(job_id, parent, machine, draw(st.sampled_from(STATUSES)),
                             draw(st.sampled_from(HOSTS)), kind))
            ids.append(job_id)
        children = [i for i in ids[1:] if not i.endswith("/sub")]
        for a, b in zip(children, children[1:]):
            deps.append(_dep(a, b, inside=True))
        for job_id in ids:
            workflow_of[job_id] = w
        members.append(ids)

    def end(w: int) -> str:
        return members[w][draw(st.integers(0, len(members[w]) - 1))]

    pairs: set[tuple[int, int]] = set()
    if count > 1 and draw(st.booleans()):  # a chain through some workflows
        start = draw(st.integers(0, count - 2))
        stop = draw(st.integers(start + 1, count - 1))
        pairs.update((i, i + 1) for i in range(start, stop))
    if count > 2 and draw(st.booleans()):  # a fan out of one workflow
        hub = draw(st.integers(0, count - 2))
        pairs.update((hub, j) for j in draw(st.sets(st.integers(hub + 1, count - 1), min_size=1)))
    if count > 2 and draw(st.booleans()):  # a join across workflows into one
        sink = draw(st.integers(1, count - 1))
        pairs.update((i, sink) for i in draw(st.sets(st.integers(0, sink - 1), min_size=2)
                                             if sink >= 2 else st.just({0})))
    pairs.update((min(p), max(p)) for p in draw(st.sets(
        st.tuples(st.integers(0, count - 1), st.integers(0, count - 1)), max_size=6))
        if p[0] != p[1])
    if cycle and count > 1:  # 0 → 1 → … → last → 0
        pairs.update((i, i + 1) for i in range(count - 1))
        pairs.add((count - 1, 0))
    cross: list[tuple[str, str]] = []
    for i, j in sorted(pairs):
        a, b = end(i), end(j)
        if (a, b) not in cross:
            cross.append((a, b))
            deps.append(_dep(a, b, draw(st.sampled_from(CONDITIONS))))
    plan = {"jobs": jobs, "dependencies": deps, "rules": [], "state_machines": []}
    return plan, workflow_of, cross


def _check_common(result, plan: dict, workflow_of: dict[str, int]) -> dict[str, int]:
    """Rules that hold for every estate and option; returns job id → wave index."""
    position: dict[str, int] = {}
    for index, wave in enumerate(result.waves):
        for job_id in wave.jobs:
            assert job_id not in position, f"{job_id} is in two waves"
            position[job_id] = index
    assert set(position) == set(workflow_of), "every job is in exactly one wave"
    for workflow in set(workflow_of.values()):
        waves = {position[j] for j, w in workflow_of.items() if w == workflow}
        assert len(waves) == 1, f"workflow {workflow} (one state machine tree) is split"
    expected_cuts = {(d["from"], d["to"]) for d in plan["dependencies"]
                     if position[d["from"]] != position[d["to"]]}
    listed = {(c.from_id, c.to_id) for c in result.cuts}
    assert listed == expected_cuts, "every dependency between two waves is a cut, and only those"
    names = [wave.name for wave in result.waves]
    for cut in result.cuts:
        assert names.index(cut.from_wave) == position[cut.from_id]
        assert names.index(cut.to_wave) == position[cut.to_id]
    return position


@settings(max_examples=80, deadline=None)
@given(estates(), st.integers(1, 20), st.sampled_from(BY_CHOICES))
def test_generated_estates_keep_every_rule_of_the_waves(drawn, max_jobs, by):
    plan, workflow_of, _ = drawn
    result = plan_waves(plan, max_jobs=max_jobs, by=by)
    position = _check_common(result, plan, workflow_of)
    for cut in result.cuts:
        assert position[cut.from_id] < position[cut.to_id], "a cut runs back to an earlier wave"
    for wave in result.waves:
        if len(wave.jobs) > max_jobs:
            assert len({workflow_of[j] for j in wave.jobs}) == 1, \
                f"{wave.name} has {len(wave.jobs)} jobs, more than {max_jobs}, and more than one state machine"


@settings(max_examples=40, deadline=None)
@given(estates(cycle=True), st.integers(1, 20), st.sampled_from(BY_CHOICES))
def test_workflows_that_wait_on_each_other_in_a_cycle_move_in_one_wave(drawn, max_jobs, by):
    plan, workflow_of, cross = drawn
    result = plan_waves(plan, max_jobs=max_jobs, by=by)
    position = _check_common(result, plan, workflow_of)
    # the generator closed a cycle through every workflow: nothing can move first
    assert len(result.waves) == 1 and not result.cuts
    for cut in result.cuts:
        assert position[cut.from_id] < position[cut.to_id]


@settings(max_examples=25, deadline=None)
@given(estates(), st.integers(1, 20), st.sampled_from(BY_CHOICES), st.randoms())
def test_the_same_estate_in_any_order_gives_the_same_waves(drawn, max_jobs, by, rnd):
    plan, _, _ = drawn
    shuffled = {**plan, "jobs": list(plan["jobs"]), "dependencies": list(plan["dependencies"])}
    rnd.shuffle(shuffled["jobs"])
    rnd.shuffle(shuffled["dependencies"])
    assert plan_waves(shuffled, max_jobs, by).to_json() == plan_waves(plan, max_jobs, by).to_json()


def _single(names: str, status: str = "auto", host: str | None = None) -> list[dict]:
    return [_job(f"jp1:/{n}", None, n, status, host) for n in names.split()]


def test_two_dense_clusters_joined_by_one_edge_are_cut_at_that_edge():
    # Hand-worked: each triangle holds 3 jobs; with at most 3 per wave the only cut
    # of one edge that fits is the bridge c → d.
    jobs = _single("a b c d e f")
    edges = [("a", "b"), ("a", "c"), ("b", "c"), ("d", "e"), ("d", "f"), ("e", "f"), ("c", "d")]
    plan = {"jobs": jobs, "dependencies": [_dep(f"jp1:/{a}", f"jp1:/{b}") for a, b in edges]}
    result = plan_waves(plan, max_jobs=3)
    assert [w.jobs for w in result.waves] == [("jp1:/a", "jp1:/b", "jp1:/c"),
                                              ("jp1:/d", "jp1:/e", "jp1:/f")]
    assert [(c.from_id, c.to_id) for c in result.cuts] == [("jp1:/c", "jp1:/d")]


def test_a_chain_of_five_in_waves_of_two_cuts_two_edges_in_chain_order():
    # Five jobs, at most two per wave: three waves at least, so two cuts at least.
    names = "n1 n2 n3 n4 n5".split()
    plan = {"jobs": _single(" ".join(names)),
            "dependencies": [_dep(f"jp1:/{a}", f"jp1:/{b}") for a, b in zip(names, names[1:])]}
    result = plan_waves(plan, max_jobs=2)
    assert len(result.cuts) == 2
    flat = [job for wave in result.waves for job in wave.jobs]
    assert flat == [f"jp1:/{n}" for n in names]


def test_a_fan_of_four_in_waves_of_three_cuts_two_edges():
    # The hub with two leaves in one wave, the other two leaves later: two cuts; any
    # other grouping within three jobs per wave cuts more.
    plan = {"jobs": _single("hub l1 l2 l3 l4"),
            "dependencies": [_dep("jp1:/hub", f"jp1:/l{i}") for i in range(1, 5)]}
    result = plan_waves(plan, max_jobs=3)
    assert len(result.cuts) == 2
    assert len(result.waves) == 2
    assert "jp1:/hub" in result.waves[0].jobs


def test_auto_waves_come_before_manual_ones_unless_a_dependency_says_otherwise():
    plan = {"jobs": _single("a", "manual") + _single("b", "auto")}
    assert [w.jobs for w in plan_waves(plan, max_jobs=1).waves] == [("jp1:/b",), ("jp1:/a",)]
    plan["dependencies"] = [_dep("jp1:/a", "jp1:/b")]
    result = plan_waves(plan, max_jobs=1)
    assert [w.jobs for w in result.waves] == [("jp1:/a",), ("jp1:/b",)]
    assert result.waves[0].status == {"jobs": 1, "auto": 0, "review": 0, "manual": 1}


def test_grouping_by_host_keeps_each_host_apart_and_cuts_what_runs_between_hosts():
    plan = {"jobs": _single("a b", host="app01") + _single("c", host="db01"),
            "dependencies": [_dep("jp1:/a", "jp1:/c")]}
    result = plan_waves(plan, max_jobs=50, by="host")
    assert [(w.group, w.jobs) for w in result.waves] == [("app01", ("jp1:/a", "jp1:/b")),
                                                        ("db01", ("jp1:/c",))]
    cut = result.cuts[0].to_json()
    assert (cut["from"], cut["to"], cut["from_wave"], cut["to_wave"]) == \
        ("jp1:/a", "jp1:/c", result.waves[0].name, result.waves[1].name)
    assert "SUCCEEDED" in cut["rule"] and "legacy scheduler" in cut["rule"]


def test_hosts_that_depend_on_each_other_both_ways_are_regrouped_without_a_cycle():
    # app01: a, c; db01: b; a → b → c. Two host waves would need b both after a and
    # before c, so app01 falls apart and b moves between a and c.
    plan = {"jobs": _single("a c", host="app01") + _single("b", host="db01"),
            "dependencies": [_dep("jp1:/a", "jp1:/b"), _dep("jp1:/b", "jp1:/c")]}
    result = plan_waves(plan, max_jobs=50, by="host")
    assert [w.jobs for w in result.waves] == [("jp1:/a",), ("jp1:/b",), ("jp1:/c",)]


def test_the_checklist_of_a_wave_stops_deploys_enables_and_rolls_back():
    plan = {"jobs": _single("a b"), "dependencies": [_dep("jp1:/a", "jp1:/b")],
            "rules": [{"name": "b-after-ok", "target": "b"}]}
    plan["jobs"][1]["schedules"] = [{"name": "b-daily"}]
    result = plan_waves(plan, max_jobs=1)
    steps = checklist(result.waves[1], result, plan)
    assert any("b-after-ok" in s for s in steps["deploy"])
    assert steps["enable"] == ["enable the schedules b-daily"]
    assert any("ajsleave" in s for s in steps["legacy"])
    assert any("ajsentry" in s for s in steps["rollback"])
    assert steps["before"] and "a" in steps["before"][0]
    first = checklist(result.waves[0], result, plan)
    assert first["bridges"] and "SUCCEEDED" in first["bridges"][0]
    text = render_markdown(result, plan)
    assert "### Cutover checklist" in text and "## Cuts" in text


def test_waves_json_on_the_samples_uses_plan_job_ids(tmp_path):
    out = tmp_path / "build"
    run_jobmig("convert", "samples/", "--out", str(out), "--timezone", "Asia/Tokyo", check=True)
    plan = json.loads((out / "plan.json").read_text("utf-8"))
    done = run_jobmig("waves", "samples/", "--timezone", "Asia/Tokyo", "--max-jobs", "3",
                      "--json", check=True)
    data = json.loads(done.stdout)
    assert set(data) == {"waves", "cut"}
    ids = [job for wave in data["waves"] for job in wave["jobs"]]
    assert sorted(ids) == sorted(job["id"] for job in plan["jobs"])
    for wave in data["waves"]:
        assert set(wave["status"]) == {"jobs", "auto", "review", "manual"}
    # the JP1 jobnet with its nested jobnet (8 units) stays whole although larger than 3
    jobnet = [w for w in data["waves"] if "jp1:/経理/夜間締め" in w["jobs"]][0]
    assert len([j for j in jobnet["jobs"] if j.startswith("jp1:")]) == 8


def test_waves_rejects_an_unknown_grouping_with_one_line():
    done = run_jobmig("waves", "samples/", "--by", "team")
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "--by" in done.stderr


def test_waves_prints_markdown_with_format_md():
    done = run_jobmig("waves", "samples/", "--timezone", "Asia/Tokyo", "--format", "md",
                      check=True)
    assert done.stdout.startswith("# Migration waves")
    assert "### Cutover checklist" in done.stdout


def test_a_random_large_chain_estate_is_split_within_the_limit():
    rnd = random.Random(7)
    names = [f"w{i:03d}" for i in range(120)]
    deps = [_dep(f"jp1:/{a}", f"jp1:/{b}") for a, b in zip(names, names[1:])]
    deps += [_dep(f"jp1:/{names[i]}", f"jp1:/{names[j]}")
             for i, j in sorted({tuple(sorted(rnd.sample(range(120), 2))) for _ in range(40)})]
    plan = {"jobs": _single(" ".join(names)), "dependencies": deps}
    result = plan_waves(plan, max_jobs=25)
    assert all(len(w.jobs) <= 25 for w in result.waves)
    position = {j: i for i, w in enumerate(result.waves) for j in w.jobs}
    assert all(position[c.from_id] < position[c.to_id] for c in result.cuts)


def _convert_wave(tmp_path, wave: str, *extra: str) -> tuple[dict, "Path"]:
    out = tmp_path / wave
    run_jobmig("convert", "samples/", "--out", str(out), "--timezone", "Asia/Tokyo",
               "--wave", wave, "--max-jobs", "3", "--by", "host", *extra, check=True)
    return json.loads((out / "plan.json").read_text("utf-8")), out


def _host_waves() -> dict:
    done = run_jobmig("waves", "samples/", "--timezone", "Asia/Tokyo", "--max-jobs", "3",
                      "--by", "host", "--json", check=True)
    return json.loads(done.stdout)


def test_convert_one_wave_writes_only_its_jobs_and_a_manual_step_for_a_predecessor_elsewhere(
        tmp_path):
    import jsonschema

    from jobmig.plan import plan_schema
    from tests.aws_fixtures import cfn_lint

    waves = _host_waves()
    # the Jenkins successors wait for etl/nightly-etl, which moves in an earlier wave
    cut = next(c for c in waves["cut"] if c["to"] == "jenkins:etl/refresh-cache")
    plan, out = _convert_wave(tmp_path, cut["to_wave"])
    jsonschema.validate(plan, plan_schema())
    wave = next(w for w in waves["waves"] if w["name"] == cut["to_wave"])
    assert sorted(job["id"] for job in plan["jobs"]) == sorted(wave["jobs"])
    assert plan["summary"]["jobs"] == len(wave["jobs"])
    steps = [f for f in plan["findings"] if f["code"] == "JM601"]
    assert [f["job"] for f in steps] == ["jenkins:etl/refresh-cache"]
    assert "etl/nightly-etl" in steps[0]["message"]
    written = sorted(p.name for p in (out / "statemachines").iterdir())
    assert written == sorted(f"{m}.asl.json" for m in wave["state_machines"])
    assert {r["target"] for r in plan["rules"]} <= set(wave["state_machines"])
    assert plan["wave"]["name"] == cut["to_wave"] and plan["wave"]["checklist"]["rollback"]
    report = (out / "report.md").read_text("utf-8")
    assert "Cutover checklist" in report and "JM601" in report
    code, lint = cfn_lint((out / "cloudformation" / "template.yaml").read_text("utf-8"))
    assert code == 0, lint


def test_convert_the_predecessor_wave_documents_the_bridge_for_its_legacy_successors(tmp_path):
    waves = _host_waves()
    cut = next(c for c in waves["cut"] if c["from"] == "jenkins:etl/nightly-etl")
    plan, _ = _convert_wave(tmp_path, cut["from_wave"])
    bridges = sorted(f["message"] for f in plan["findings"] if f["code"] == "JM602")
    successors = sorted(c["to"] for c in waves["cut"] if c["from"] == "jenkins:etl/nightly-etl")
    assert len(bridges) == len(successors) == 2
    assert all("SUCCEEDED" in message for message in bridges)


def test_convert_refuses_a_wave_that_does_not_exist_with_one_line(tmp_path):
    done = run_jobmig("convert", "samples/", "--out", str(tmp_path / "x"), "--wave", "wave-99")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "wave-99" in done.stderr
    assert not (tmp_path / "x").exists()


def test_waves_and_a_wave_checklist_speak_japanese_with_lang_ja(tmp_path):
    import re

    japanese = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
    done = run_jobmig("waves", "samples/", "--timezone", "Asia/Tokyo", "--max-jobs", "3",
                      "--by", "host", "--lang", "ja", "--to", "md", check=True)
    headings = [line for line in done.stdout.splitlines() if line.startswith("#")
                and not line.startswith("## wave-")]
    assert headings and all(japanese.search(h) for h in headings), headings
    plan, out = _convert_wave(tmp_path, "wave-06", "--lang", "ja")
    steps = [step for phase in plan["wave"]["checklist"].values() for step in phase]
    assert steps and all(japanese.search(step) for step in steps), steps
    # finding messages stay English, as every finding message does
    assert not japanese.search(next(f["message"] for f in plan["findings"]
                                    if f["code"] == "JM601"))
    assert "切り替え手順" in (out / "report.md").read_text("utf-8")


def _tree(root) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def test_convert_waves_writes_each_wave_byte_for_byte_as_convert_wave_alone(tmp_path):
    waves = _host_waves()
    assert waves["cut"]  # the estate has dependencies between waves to document
    common = ["samples/", "--timezone", "Asia/Tokyo", "--max-jobs", "3", "--by", "host",
              "--horizon", "2026-01-01:2026-12-31"]
    every = tmp_path / "every"
    done = run_jobmig("convert", *common, "--out", str(every), "--waves", check=True)
    names = [w["name"] for w in waves["waves"]]
    assert sorted(p.name for p in every.iterdir()) == sorted(names + ["waves.json", "waves.md"])
    assert json.loads((every / "waves.json").read_text("utf-8")) == waves
    for name in names:
        alone = tmp_path / "alone" / name
        run_jobmig("convert", *common, "--out", str(alone), "--wave", name, check=True)
        assert _tree(every / name) == _tree(alone), name
        assert f"{every / name}: " in done.stdout
    # every cut is documented on both sides: JM601 in its later wave, JM602 in its earlier one
    for cut in waves["cut"]:
        later = json.loads((every / cut["to_wave"] / "plan.json").read_text("utf-8"))
        earlier = json.loads((every / cut["from_wave"] / "plan.json").read_text("utf-8"))
        assert any(f["code"] == "JM601" and f["job"] == cut["to"] for f in later["findings"])
        assert any(f["code"] == "JM602" and f["job"] == cut["from"] for f in earlier["findings"])
    assert "Cutover checklist" in (every / "waves.md").read_text("utf-8")


def test_convert_waves_again_with_force_replaces_the_earlier_waves_only(tmp_path):
    out = tmp_path / "out"
    run_jobmig("convert", "samples/", "--out", str(out), "--waves", "--max-jobs", "3",
               check=True)
    (out / "notes.txt").write_text("mine\n", "utf-8")
    again = run_jobmig("convert", "samples/", "--out", str(out), "--waves", "--max-jobs", "50")
    assert again.returncode == 2 and "--force" in again.stderr
    run_jobmig("convert", "samples/", "--out", str(out), "--waves", "--max-jobs", "50",
               "--force", check=True)
    count = len(json.loads((out / "waves.json").read_text("utf-8"))["waves"])
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"wave-{n:02d}" for n in range(1, count + 1)] + ["notes.txt", "waves.json", "waves.md"])


def test_convert_refuses_wave_and_waves_together_with_one_line(tmp_path):
    done = run_jobmig("convert", "samples/", "--out", str(tmp_path / "x"), "--wave", "wave-01",
                      "--waves")
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert not (tmp_path / "x").exists()


def test_convert_one_wave_says_which_wave_it_wrote(tmp_path):
    waves = _host_waves()
    done = run_jobmig("convert", "samples/", "--out", str(tmp_path / "w"), "--timezone",
                      "Asia/Tokyo", "--wave", "wave-02", "--max-jobs", "3", "--by", "host",
                      check=True)
    assert f"Wave wave-02 (2 of {len(waves['waves'])} waves)" in done.stdout


# -- what no single job owns: notices and the JP1 event relay ------------------------------
EVENTS = """unit=G,,jp1admin,;
{
\tty=g;
\tunit=NETA,,jp1admin,;
\t{
\t\tty=n;
\t\tar=(f=J1,t=W1);
\t\tsd=1,2026/01/05;
\t\tst=1,06:00;
\t\tcy=1,(1,d);
\t\tunit=J1,,,;
\t\t{
\t\t\tty=j;
\t\t\tte="/opt/a.sh";
\t\t}
\t\tunit=W1,,,;
\t\t{
\t\t\tty=evwj;
\t\t\tevwid=00000123;
\t\t\tetm=10;
\t\t}
\t}
\tunit=NETB,,jp1admin,;
\t{
\t\tty=n;
\t\tsd=1,2026/01/05;
\t\tst=1,07:00;
\t\tcy=1,(1,d);
\t\tunit=S1,,,;
\t\t{
\t\t\tty=evsj;
\t\t\tevsid=00000123;
\t\t}
\t}
}
"""


def _wave_plans(out) -> dict[str, dict]:
    return {folder.name: json.loads((folder / "plan.json").read_text("utf-8"))
            for folder in sorted(out.iterdir()) if (folder / "plan.json").exists()}


def test_each_wave_mails_the_failures_of_its_own_cron_jobs_under_a_name_of_its_own(tmp_path):
    crontab = tmp_path / "crontab"
    crontab.write_text("MAILTO=ops@example.com\n0 1 * * * /opt/a.sh\n0 2 * * * /opt/b.sh\n",
                       "utf-8")
    out = tmp_path / "out"
    run_jobmig("convert", str(crontab), "--out", str(out), "--waves", "--max-jobs", "1",
               check=True)
    plans = _wave_plans(out)
    assert len(plans) == 2  # two unrelated jobs, at most one per wave
    names = set()
    for folder, plan in plans.items():
        (machine,) = [m["name"] for m in plan["state_machines"]]
        (mail,) = [r for r in plan["rules"] if r["kind"] == "mail_notice"]
        assert mail["addresses"] == ["ops@example.com"] and mail["name"].endswith(folder)
        arns = mail["event_pattern"]["detail"]["stateMachineArn"]
        assert len(arns) == 1 and arns[0].endswith(":" + machine)
        names.add(mail["name"])
    assert len(names) == 2


def test_the_jp1_event_relay_goes_with_the_first_wave_that_waits_for_an_event(tmp_path):
    export = tmp_path / "events.ajs"
    export.write_text(EVENTS, "utf-8")
    out = tmp_path / "out"
    run_jobmig("convert", str(export), "--out", str(out), "--waves", "--by", "jobnet",
               "--max-jobs", "3", check=True)
    plans = _wave_plans(out)
    relays = {folder for folder, plan in plans.items()
              if any(r["kind"] == "event_relay" for r in plan["rules"])}
    templates = {folder: (out / folder / "cloudformation" / "template.yaml").read_text("utf-8")
                 for folder in plans}
    waiting = {folder for folder, text in templates.items()
               if "dynamodb:putItem.waitForTaskToken" in text}
    # NETA waits (evwj), NETB sends (evsj): two waves; the relay, its table and its rule
    # go where the wait is, once
    assert len(plans) == 2 and len(waiting) == 1 and relays == waiting
    (relay_wave,) = relays
    assert "AWS::DynamoDB::Table" in templates[relay_wave]
    assert "jobmig-jp1-event-relay" in templates[relay_wave]
    assert not any("AWS::DynamoDB::Table" in text for folder, text in templates.items()
                   if folder != relay_wave)
