"""Job identity: ids, AWS names and logical IDs never depend on reading order.

Properties checked on generated inputs: the names given are unique; a key's
name is the same whatever other keys exist, as long as none collides with it;
permuting the inputs changes nothing.
"""
from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from jobmig.emit.aws_stack import logical_ids
from jobmig.identity import display_path, file_scoped_ids, input_root, unique_names
from jobmig.model import Finding, Job, SourceRef

WORDS = st.text(alphabet="abcAB-_01", min_size=1, max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=8), WORDS, max_size=12),
       st.integers(min_value=12, max_value=30))
def test_unique_names_are_unique_short_enough_and_plain_when_nothing_collides(wanted, limit):
    names = unique_names(wanted, limit)
    assert len({name.lower() for name in names.values()}) == len(names)
    assert all(len(name) <= limit for name in names.values())
    lowered = [base.lower() for base in wanted.values()]
    for key, base in wanted.items():
        if len(base) <= limit and lowered.count(base.lower()) == 1:
            assert names[key] == base


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=8), WORDS, max_size=12),
       st.text(min_size=1, max_size=8), WORDS)
def test_a_new_key_that_collides_with_nothing_renames_nothing(wanted, key, base):
    if key in wanted or base.lower() in {b.lower() for b in wanted.values()}:
        return
    before = unique_names(wanted, 20)
    after = unique_names({**wanted, key: base}, 20)
    assert {k: after[k] for k in wanted} == before


def cron_job(number: int, name: str, command: str, user: str | None = None) -> Job:
    job_id = f"crontab:f:{number}"
    return Job(id=job_id, name=name, source=SourceRef("f", number), command=command, user=user,
               findings=(Finding("JM113", "x", SourceRef("f", number), job_id),))


def content(job: Job) -> str:
    return f"{job.user}\n{job.command}"


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["backup", "report", "run-parts"]),
                          st.sampled_from(["a", "b", "c"]), st.sampled_from([None, "root"])),
                min_size=1, max_size=8, unique=True),
       st.randoms())
def test_file_scoped_ids_follow_content_not_position(entries, rng):
    jobs = [cron_job(i + 1, name, f"/bin/{name} {arg}", user)
            for i, (name, arg, user) in enumerate(entries)]
    shuffled = jobs[:]
    rng.shuffle(shuffled)
    ids = {content(j): j.id for j in file_scoped_ids(jobs, "crontab", "etc/crontab", content)}
    again = {content(j): j.id for j in file_scoped_ids(shuffled, "crontab", "etc/crontab", content)}
    assert ids == again
    assert len(set(ids.values())) == len(jobs)
    for job in file_scoped_ids(jobs, "crontab", "etc/crontab", content):
        assert all(f.job_id == job.id for f in job.findings)


def test_a_lone_program_name_is_the_id_and_repeats_are_told_apart():
    jobs = [cron_job(3, "backup", "/bin/backup"),
            cron_job(5, "run-parts", "run-parts /etc/cron.daily"),
            cron_job(6, "run-parts", "run-parts /etc/cron.weekly"),
            cron_job(8, "backup", "/bin/backup"),  # the same job twice: only order tells
            ]
    ids = [job.id for job in file_scoped_ids(jobs, "crontab", "etc/crontab", content)]
    assert ids[0] == "crontab:etc/crontab#backup"
    assert ids[3] == "crontab:etc/crontab#backup~2"
    assert ids[1].startswith("crontab:etc/crontab#run-parts-") and len(ids[1]) == len(
        "crontab:etc/crontab#run-parts-") + 8
    assert ids[1] != ids[2]


def test_logical_ids_do_not_depend_on_the_order_of_resources():
    wanted = [("StateMachine", "run-parts"), ("StateMachine", "run_parts"),
              ("Schedule", "backup"), ("StateMachine", "nightly"), ("StateMachine", "nightlyRole"),
              ("Calendar", "days")]
    first = dict(zip(wanted, logical_ids(wanted, {"StateMachine": ("Role",)})))
    for seed in range(5):
        shuffled = wanted[:]
        random.Random(seed).shuffle(shuffled)
        assert dict(zip(shuffled, logical_ids(shuffled, {"StateMachine": ("Role",)}))) == first
    assert first[("Schedule", "backup")] == "ScheduleBackup"
    # run-parts and run_parts both camel-case to RunParts: both carry their hash
    assert first[("StateMachine", "run-parts")] != first[("StateMachine", "run_parts")]
    assert first[("StateMachine", "run-parts")].startswith("StateMachineRunParts")
    assert len(first[("StateMachine", "run-parts")]) == len("StateMachineRunParts") + 8
    # nightly's role would be StateMachineNightlyRole, the id nightlyRole wants
    assert first[("StateMachine", "nightlyRole")] != "StateMachineNightlyRole"


def test_paths_are_shown_relative_to_the_folder_all_inputs_share(tmp_path):
    (tmp_path / "estate" / "cron").mkdir(parents=True)
    (tmp_path / "estate" / "jp1").mkdir()
    crontab = tmp_path / "estate" / "cron" / "root"
    crontab.write_text("", "utf-8")
    root = input_root([str(tmp_path / "estate" / "cron"), str(tmp_path / "estate" / "jp1")])
    assert root == str(tmp_path / "estate")
    assert display_path(str(crontab), root) == "cron/root"
    assert display_path(str(crontab), input_root([str(crontab)])) == "root"
