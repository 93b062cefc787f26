"""Benchmark: ``jobmig audit`` over a generated JENKINS_HOME of N config.xml files.

Times, in the same run and on the same files:

- *bare*: read every file and ``lxml.etree.fromstring`` it (the baseline);
- *audit*: the ``jobmig audit`` command as a child process (CPU time of the
  child: read, detect, parse, map every schedule with its exactness check,
  build state machines and rules, build and print the report);
- *parse*: :func:`jobmig.parsers.jenkins.parse` alone over the same bytes;
- *floor*: the least any parser must do to fill the model (parse, read the
  timer spec, the upstream list and the shell command, build
  Job/LegacySchedule/Dependency/SourceRef), to show how much of the parse
  ratio is our code and how much is the model and lxml's element access;
- *start-up*: ``jobmig audit`` over a tree of one job (the interpreter,
  the imports and a run of nearly nothing);
- *schedules*: every timer mapped through the schedule engine (the
  EventBridge expression and its exactness check), in this process.

It prints each as a ratio to *bare* (issue target for *audit*: at most 3x, as
wall time with both cores; the audit runs with ``--no-cache``).
*start-up* + *floor* + *schedules* is work the issue asks for that no
faster parser removes: when it alone exceeds the target, the target cannot
be met by this design.
The tree comes from ``tests/jenkins_tree.py`` (nested folders, non-ASCII
and space-containing names, H timers, upstream edges, XML 1.1 with
control-character references).

    .venv/bin/python benchmarks/bench_jenkins.py [--jobs 10000] [--repeat 3]
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from jenkins_tree import build_tree  # noqa: E402

from jobmig.model import Condition, Dependency, Job, LegacySchedule, ParseResult, SourceRef  # noqa: E402,E501
from jobmig.options import MapOptions, ParseOptions  # noqa: E402
from jobmig.pipeline import map_job_schedules  # noqa: E402
from jobmig.parsers.jenkins import config as jenkins  # noqa: E402
from jobmig.parsers.jenkins.xmltree import load  # noqa: E402

TIMER, REVERSE = "hudson.triggers.TimerTrigger", "jenkins.triggers.ReverseBuildTrigger"


def floor_parse(data: bytes, path: str) -> ParseResult:
    """A bare-minimum extractor into the model (no names, checks or findings)."""
    root = load(data)
    schedules: tuple[LegacySchedule, ...] = ()
    edges = []
    triggers = root.find("triggers")
    for element in triggers if triggers is not None else ():
        if element.tag == TIMER:
            schedules = (LegacySchedule("jenkins", element.findtext("spec"), "UTC", "x"),)
        elif element.tag == REVERSE:
            for name in element.findtext("upstreamProjects").split(","):
                if name.strip():
                    edges.append(Dependency("jenkins:" + name.strip(), "jenkins:x",
                                            Condition.SUCCESS, "cross",
                                            SourceRef(path, element.sourceline)))
    job = Job(id="jenkins:x", name="x", source=SourceRef(path, root.sourceline),
              command=root.findtext("builders/hudson.tasks.Shell/command"),
              host=root.findtext("assignedNode"), schedules=schedules)
    return ParseResult(path, "jenkins", (job,), tuple(edges))


def _best_of(functions: dict[str, Callable[[], None]], repeat: int) -> dict[str, float]:
    """Best CPU time of each function, runs interleaved.

    CPU time (``process_time``) and interleaving keep the ratio stable on a
    shared, busy machine, where wall-clock times of separate runs drift.
    """
    best = {name: float("inf") for name in functions}
    for _ in range(repeat):
        for name, fn in functions.items():
            start = time.process_time()
            fn()
            best[name] = min(best[name], time.process_time() - start)
    return best


def _audit_cpu(root: Path) -> float:
    """CPU seconds (user + system, its pool workers included) of one ``jobmig audit``."""
    return _audit(root)[1]


def _audit(root: Path) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, its pool workers included) of one
    ``jobmig audit --no-cache`` child process over ``root``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "jobmig", "audit", str(root), "--timezone", "Asia/Tokyo",
                    "--no-cache"], check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _bare_wall(paths: list[str]) -> float:
    started = time.perf_counter()
    for path in paths:
        etree.fromstring(Path(path).read_bytes().replace(b"&#x1b;", b""))
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        manifest = build_tree(root, args.jobs)
        paths = [str(path) for path in manifest.files]
        files = [(path, Path(path).read_bytes()) for path in paths]
        options = ParseOptions(timezone="UTC", root=str(root))
        # The bare baseline needs the same XML 1.0 workaround to parse at all,
        # so it gets files without control-character references.

        def bare() -> None:
            for path in paths:
                etree.fromstring(Path(path).read_bytes().replace(b"&#x1b;", b""))

        def floor() -> None:
            for path, data in files:
                floor_parse(data, path)

        def ours() -> None:
            for path, data in files:
                jenkins.parse(data, path=path, options=options)

        jobs = sum(len(jenkins.parse(d, path=p, options=options).jobs) for p, d in files)
        assert jobs == len(manifest.jobs), (jobs, len(manifest.jobs))
        scheduled = [job for path, data in files
                     for job in jenkins.parse(data, path=path, options=options).jobs if job.schedules]
        map_options = MapOptions(timezone="Asia/Tokyo")

        def schedules() -> None:
            for index, job in enumerate(scheduled):
                map_job_schedules(job, map_options, f"job-{index}")

        best = _best_of({"bare": bare, "parse": ours, "floor": floor, "schedules": schedules},
                        args.repeat)
        audits = [_audit(root) for _ in range(max(1, args.repeat // 2))]
        audit = min(cpu for _, cpu in audits)
        audit_wall = min(wall for wall, _ in audits)
        bare_wall = min(_bare_wall(paths) for _ in range(args.repeat))
        bare_again = _best_of({"bare": bare}, args.repeat)["bare"]
        one = root / "one-job"
        build_tree(one, 1)
        startup = min(_audit_cpu(one) for _ in range(max(1, args.repeat // 2)))
    t_bare = min(best["bare"], bare_again)
    t_parse, t_floor, t_schedules = best["parse"], best["floor"], best["schedules"]
    per_file = 1e6 / len(files)
    print(f"files: {len(files)} ({len(manifest.jobs)} jobs, {len(manifest.folders)} folders)")
    print(f"bare read + lxml parse: {t_bare:7.3f} s CPU ({t_bare * per_file:.0f} us/file)")
    print(f"jobmig audit (process): {audit:7.3f} s CPU ({audit * per_file:.0f} us/file)")
    print(f"jenkins.parse only:     {t_parse:7.3f} s CPU ({t_parse * per_file:.0f} us/file)")
    print(f"floor (model only):     {t_floor:7.3f} s CPU ({t_floor * per_file:.0f} us/file)")
    print(f"start-up (1-job audit): {startup:7.3f} s CPU")
    print(f"schedules only:         {t_schedules:7.3f} s CPU ({len(scheduled)} timers)")
    ratio = audit_wall / bare_wall
    verdict = "met" if ratio <= 3 else "MISSED"
    print(f"jobmig audit wall (both cores): {audit_wall:.3f} s; bare wall: {bare_wall:.3f} s; "
          f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    print(f"ratio audit / bare, wall: {ratio:.1f}x (target <= 3x: {verdict})")
    print(f"ratio audit / bare, CPU: {audit / t_bare:.1f}x (all processes' CPU; the pool "
          "trades some CPU for wall time)")
    print(f"ratio parse / bare: {t_parse / t_bare:.1f}x; floor / bare: {t_floor / t_bare:.1f}x")
    least = startup + t_floor + t_schedules
    print(f"start-up {startup / t_bare:.1f}x + floor {t_floor / t_bare:.1f}x + schedules "
          f"{t_schedules / t_bare:.1f}x = {least / t_bare:.1f}x before folders, rules, state "
          "machines and the report")
    return 0


if __name__ == "__main__":
    sys.exit(main())
