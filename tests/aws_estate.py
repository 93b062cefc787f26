"""Generate a mixed estate for the AWS-limits test: crontab, Jenkins and JP1 together.

:func:`build_estate` writes under ``root``:

* ``crontab/ops``: a user crontab of ``cron_jobs`` lines, each its own job
  with its own schedule (every tenth a ``*/2`` day rule that needs a
  Change Calendar);
* ``jenkins/jobs/...``: ``jenkins_jobs`` freestyle jobs
  (:func:`tests.jenkins_tree.build_tree`: timers and upstream edges, which
  become event rules);
* ``jp1/export.ajs``: root jobnets of :data:`UNITS_PER_NET` units each
  (jobs with relations, a schedule rule, in every fifth a nested jobnet),
  enough for the rest of the jobs.

It returns how many jobs (runnable units, jobnets and crontab lines, not
folders or JP1 groups) a correct conversion must list. Deterministic.
"""
from __future__ import annotations

from pathlib import Path

from tests.jenkins_tree import build_tree

UNITS_PER_NET = 10  # a root jobnet and 9 units under it
NESTED_EVERY = 5  # every fifth jobnet holds a nested jobnet (with 1 job) instead of 2 jobs


def _job(name: str, index: int, indent: str) -> list[str]:
    return [f"{indent}unit={name},,ops,;", f"{indent}{{", f"{indent}\tty=j;",
            f'{indent}\tsc="/opt/batch/{name}.sh";', f'{indent}\tprm="{index}";', f"{indent}}}"]


def _jobnet(index: int) -> list[str]:
    """A root jobnet: a chain of jobs, a fan-out and an AND-join, one schedule rule."""
    hour, minute = index % 24, index % 60
    nested = index % NESTED_EVERY == 0
    jobs = [f"j{n}" for n in range(1, 10 - (2 if nested else 0))]
    lines = [f"\tunit=net{index:05d},,ops,;", "\t{", "\t\tty=n;",
             "\t\tsd=1,*b;", f"\t\tst=1,{hour:02d}:{minute:02d};"]
    # j1 → j2 … fan out from j2 to the rest, all joining into the last job
    lines += [f"\t\tar=(f=j1,t=j2);"]
    middle = jobs[2:-1] + (["inner"] if nested else [])
    lines += [f"\t\tar=(f=j2,t={name});" for name in middle]
    lines += [f"\t\tar=(f={name},t={jobs[-1]});" for name in middle]
    for name in jobs:
        lines += _job(name, index, "\t\t")
    if nested:
        lines += ["\t\tunit=inner,,ops,;", "\t\t{", "\t\t\tty=n;",
                  *_job("step", index, "\t\t\t"), "\t\t}"]
    lines.append("\t}")
    return lines


def build_estate(root: Path, jobs: int = 10_000, cron_jobs: int = 500,
                 jenkins_jobs: int = 500) -> int:
    """Write the estate; return the number of jobs it holds (exactly ``jobs`` or just above)."""
    crontab = root / "crontab" / "ops"
    crontab.parent.mkdir(parents=True, exist_ok=True)
    lines = ["# m h dom mon dow command"]
    for index in range(cron_jobs):
        day = "*/2" if index % 10 == 0 else "*"
        weekday = "1-5" if index % 3 else "*"
        lines.append(f"{index % 60} {index % 24} {day} * {weekday} "
                     f"/opt/cron/task-{index:05d}.sh --slot {index}")
    crontab.write_text("\n".join(lines) + "\n", encoding="utf-8")
    build_tree(root / "jenkins", jenkins_jobs)
    rest = max(0, jobs - cron_jobs - jenkins_jobs)
    nets = -(-rest // UNITS_PER_NET)
    export = ["unit=estate,,ops,;", "{", "\tty=g;"]
    for index in range(nets):
        export += _jobnet(index)
    export.append("}")
    jp1 = root / "jp1" / "export.ajs"
    jp1.parent.mkdir(parents=True, exist_ok=True)
    jp1.write_text("\n".join(export) + "\n", encoding="utf-8")
    return cron_jobs + jenkins_jobs + nets * UNITS_PER_NET
