"""Benchmark: ``jobmig audit`` over a generated JP1 export of about 100,000 units.

    .venv/bin/python benchmarks/bench_jp1.py [--units 100000] [--cp932] [--no-parse] [--repeat 3]

The export has job groups with a calendar, root jobnets with two nested
jobnets each, UNIX/PC jobs with commands, relations (sequences and an
AND-join) and numbered schedule rules. It is written to a temporary file and
run through the real ``jobmig audit FILE --timezone Asia/Tokyo`` as a child
process (read, parse, map schedules over the horizon, build state machines,
build and print the report), ``--repeat`` times. Prints the median run's wall
and CPU time, units/s and the peak RSS, and whether each of the issue's
targets (under 20 s wall and under 1 GiB peak RSS for 100,000 units on the
2-core machine) was met; then the parser alone (``jp1.parse``) in this
process. A baseline measured between the runs (read, decode and split the
export at ``=``) gives the figure as a ratio too: this machine's speed drifts
by a quarter from one hour to the next, the ratio much less. The load average
is printed too: on a busy machine wall time exceeds CPU time. Time per unit
should not grow with the size (compare --units 10000). It prints; it never
asserts timing.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jobmig.options import ParseOptions
from jobmig.parsers.jp1 import units as jp1

UNITS_PER_NET = 13  # root jobnet + 2 nested jobnets x 4 jobs + 2 jobs
NETS_PER_GROUP = 100


def jobnet(index: int) -> list[str]:
    """One root jobnet of 13 units, as ajsprint would print it."""
    lines = [
        f"\t\tunit=日次処理{index:06d},,jp1admin,;", "\t\t{", "\t\t\tty=n;",
        f'\t\t\tcm="日次処理 {index}";',
        "\t\t\tar=(f=前処理,t=集計A,seq);", "\t\t\tar=(f=前処理,t=集計B,seq);",
        "\t\t\tar=(f=集計A,t=後処理,seq);", "\t\t\tar=(f=集計B,t=後処理,seq);",
        "\t\t\tsd=1,*b;", f"\t\t\tst=1,{index % 24:02d}:{index % 60:02d};",
        "\t\t\tsd=2,2026/01/05;", "\t\t\tst=2,+01:30;", "\t\t\tcy=2,(1,d);", "\t\t\tsh=2,af;",
        "\t\t\tunit=前処理,,jp1admin,;", "\t\t\t{", "\t\t\t\tty=j;",
        f'\t\t\t\tte="/opt/batch/pre.sh --net {index}";', '\t\t\t\tun="batch";', "\t\t\t}",
    ]
    for part in ("集計A", "集計B"):
        lines += [f"\t\t\tunit={part},,jp1admin,;", "\t\t\t{", "\t\t\t\tty=n;",
                  "\t\t\t\tar=(f=J1,t=J2);", "\t\t\t\tar=(f=J2,t=J4);", "\t\t\t\tar=(f=J3,t=J4);"]
        for job in ("J1", "J2", "J3", "J4"):
            lines += [f"\t\t\t\tunit={job},,,;", "\t\t\t\t{", "\t\t\t\t\tty=pj;",
                      f'\t\t\t\t\tsc="C:\\batch\\{job}.bat";',
                      f'\t\t\t\t\tprm="#"{index}#" ##{job}";', "\t\t\t\t\ttho=0;", "\t\t\t\t}"]
        lines.append("\t\t\t}")
    lines += ["\t\t\tunit=後処理,,jp1admin,;", "\t\t\t{", "\t\t\t\tty=j;",
              '\t\t\t\tte="/opt/batch/post.sh";', "\t\t\t\tabr=y;", "\t\t\t\trec=2;", "\t\t\t}",
              "\t\t}"]
    return lines


def export(units: int) -> tuple[str, int]:
    """The export text and its exact unit count (groups included)."""
    nets = max(1, units // UNITS_PER_NET)
    groups = -(-nets // NETS_PER_GROUP)
    lines = ["unit=本番,,jp1admin,;", "{", "\tty=g;", "\top=mo;", "\top=tu;", "\top=we;",
             "\top=th;", "\top=fr;", "\tcl=sa;", "\tcl=su;", "\tcl=2026/01/01;"]
    index = 0
    for group in range(groups):
        lines += [f"\tunit=業務{group:04d},,jp1admin,;", "\t{", "\t\tty=g;"]
        for _ in range(min(NETS_PER_GROUP, nets - index)):
            lines += jobnet(index)
            index += 1
        lines.append("\t}")
    lines.append("}")
    return "\n".join(lines) + "\n", 1 + groups + nets * UNITS_PER_NET


def _audit(path: Path) -> tuple[float, float, float, int]:
    """Wall s, CPU s (user + system), peak RSS in MiB and exit code of one ``jobmig audit`` child."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "jobmig", "audit", str(path),
                           "--timezone", "Asia/Tokyo"], stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # ru_maxrss of RUSAGE_CHILDREN: the largest peak of any waited-for child (KiB on
    # Linux); the audit is the only child this process starts.
    return wall, cpu, after.ru_maxrss / 1024, done.returncode


def _baseline(path: Path, cp932: bool) -> float:
    """Seconds to read the export, decode it and split every line at ``=``: the least
    any reader of the format does, in Python, to look at each statement once."""
    started = time.perf_counter()
    text = path.read_bytes().decode("cp932" if cp932 else "utf-8")
    statements = 0
    for line in text.splitlines():
        key, equals, _value = line.strip().partition("=")
        statements += bool(equals and key)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--cp932", action="store_true", help="encode the export as CP932")
    parser.add_argument("--no-parse", action="store_true", help="skip the parser-only figures")
    parser.add_argument("--repeat", type=int, default=3, help="audit runs; the median is judged")
    args = parser.parse_args(argv)
    text, count = export(args.units)
    data = text.encode("cp932" if args.cp932 else "utf-8")
    del text
    runs = []
    baselines = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.ajs"
        path.write_bytes(data)
        for _ in range(max(1, args.repeat)):  # interleaved, so both see the same machine
            baselines.append(_baseline(path, args.cp932))
            runs.append(_audit(path))
    wall, cpu, peak_mib, code = sorted(runs)[len(runs) // 2]  # the median run by wall time
    peak_mib = max(run[2] for run in runs)
    baseline = statistics.median(baselines)
    load = os.getloadavg()[0]  # wall time above CPU time: the machine was busy
    print(f"units {count:,} ({len(data) / 2**20:.1f} MiB{', CP932' if args.cp932 else ''}); "
          f"load average {load:.2f} on {os.cpu_count()} CPUs")
    print(f"jobmig audit (process), median of {len(runs)}: {wall:.2f} s wall, {cpu:.2f} s CPU = "
          f"{count / wall:,.0f} units/s; peak RSS {peak_mib:,.0f} MiB (exit {code}); "
          f"runs {', '.join(f'{run[0]:.1f}' for run in sorted(runs))} s")
    print(f"baseline (read, decode and split the export into lines and key=value, in "
          f"process): {baseline:.2f} s; audit / baseline = {wall / baseline:.1f}x "
          f"(the machine's speed drifts between runs; the ratio moves less)")
    if count >= 100_000:
        print(f"target for 100,000 units: wall < 20 s {'met' if wall < 20 else 'MISSED'} "
              f"({wall:.1f} s); peak RSS < 1 GiB {'met' if peak_mib < 1024 else 'MISSED'} "
              f"({peak_mib:,.0f} MiB)")
    else:
        print(f"target (< 20 s wall, < 1 GiB peak RSS) is for 100,000 units; not judged at "
              f"{count:,}")
    if not args.no_parse:
        started, cpu_started = time.perf_counter(), time.process_time()
        result = jp1.parse(data, path="bench.ajs", options=ParseOptions(timezone="Asia/Tokyo"))
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        jobs = sum(job.kind == "job" for job in result.jobs)
        nets = sum(job.kind == "jobnet" for job in result.jobs)
        rules = sum(len(job.schedules) for job in result.jobs)
        errors = sum(f.severity.value == "error" for f in result.findings)
        print(f"jp1.parse only (in process): {elapsed:.2f} s wall, {cpu:.2f} s CPU = "
              f"{count / elapsed:,.0f} units/s; {nets:,} jobnets, {jobs:,} jobs, "
              f"{len(result.dependencies):,} relations, {rules:,} schedule rules, {errors} errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
