"""Benchmark: parse and convert a generated JP1 export of about 100,000 units.

    .venv/bin/python benchmarks/bench_jp1.py [--units 100000] [--cp932]

The export has job groups with a calendar, root jobnets with two nested
jobnets each, UNIX/PC jobs with commands, relations (sequences and an
AND-join) and numbered schedule rules. Prints units/s and peak RSS. Targets:
under 20 s and under 1 GiB for 100,000 units; the parser is linear, so time
per unit should not grow with the size (compare --units 10000).
"""
from __future__ import annotations

import argparse
import resource
import sys
import time

from jobmig.options import ParseOptions
from jobmig.parsers import jp1

UNITS_PER_NET = 13  # root jobnet + 2 nested jobnets x 4 jobs + 2 jobs
NETS_PER_GROUP = 100


def jobnet(index: int) -> list[str]:
    """One root jobnet of 13 units, as ajsprint would print it."""
    lines = [
        f"\t\tunit=日次処理{index:06d},,jp1admin,;", "\t\t{", "\t\t\tty=n;",
        f'\t\t\tcm="日次処理 {index}";',
        "\t\t\tar=(f=前処理,t=集計A,seq);", "\t\t\tar=(f=前処理,t=集計B,seq);",
        "\t\t\tar=(f=集計A,t=後処理,seq);", "\t\t\tar=(f=集計B,t=後処理,seq);",
        f"\t\t\tsd=1,*b;", f"\t\t\tst=1,{index % 24:02d}:{index % 60:02d};",
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--cp932", action="store_true", help="encode the export as CP932")
    args = parser.parse_args(argv)
    text, count = export(args.units)
    data = text.encode("cp932" if args.cp932 else "utf-8")
    started, cpu_started = time.perf_counter(), time.process_time()
    result = jp1.parse(data, path="bench.ajs", options=ParseOptions(timezone="Asia/Tokyo"))
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started  # differs from wall time on a busy machine
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    jobs = sum(job.kind == "job" for job in result.jobs)
    nets = sum(job.kind == "jobnet" for job in result.jobs)
    rules = sum(len(job.schedules) for job in result.jobs)
    errors = [f for f in result.findings if f.severity.value == "error"]
    print(f"units {count:,} ({len(data) / 2**20:.1f} MiB): {nets:,} jobnets, {jobs:,} jobs, "
          f"{len(result.dependencies):,} relations, {rules:,} schedule rules, "
          f"{len(errors)} errors")
    print(f"parse+convert {elapsed:.2f} s wall ({cpu:.2f} s CPU) = {count / elapsed:,.0f} "
          f"units/s; peak RSS {peak_mib:,.0f} MiB")
    ok = elapsed < 20 and peak_mib < 1024 and not errors
    print("within target (< 20 s, < 1 GiB)" if ok else "OUTSIDE TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
