"""Benchmark: ``jobmig convert`` of a JP1 export against ``jobmig audit`` of the same file.

    .venv/bin/python benchmarks/bench_convert.py [--units 100000] [--file EXPORT] [--repeat 1]

The export is the one :mod:`bench_jp1` generates (``--units``), or ``--file``.
Both commands run as child processes with ``--timezone Asia/Tokyo --no-cache``,
alternating, ``--repeat`` times; for each the median wall time, CPU time (user +
system, its children included) and peak RSS (``ru_maxrss`` of the child, the
largest of it and its workers) are printed, then convert's figures as ratios to
audit's: audit reads, maps and reports the same estate, so the ratio is what
writing the state machines, templates, Terraform and report files costs, on
whatever machine and load the run meets. Convert's peak RSS is also set against
the issue's target (under 1 GiB at 100,000 units). It prints; it never asserts
timing.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_jp1 import export  # noqa: E402

GIB = 1 << 30
JOBMIG = [sys.executable, "-m", "jobmig"]


def run(argv: list[str]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, peak RSS bytes) of one child process running ``argv``."""
    began = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - began
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode not in (0, 1):  # 1: findings that need a person
        raise SystemExit(f"{' '.join(argv)}: exit {child.returncode}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--file", help="an existing JP1 export instead of a generated one")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if args.file:
            source = args.file
        else:
            text, units = export(args.units)
            source = os.path.join(folder, "export.jp1")
            Path(source).write_text(text, encoding="utf-8")
            print(f"generated export: {units} units")
        options = ["--timezone", "Asia/Tokyo", "--no-cache"]
        audits, converts = [], []
        for index in range(args.repeat):
            audits.append(run([*JOBMIG, "audit", source, *options]))
            out = os.path.join(folder, f"out{index}")
            converts.append(run([*JOBMIG, "convert", source, "--out", out, *options]))
    audit = [statistics.median(values) for values in zip(*audits)]
    convert = [statistics.median(values) for values in zip(*converts)]
    print(f"load average: {os.getloadavg()[0]:.2f}")
    for name, (wall, cpu, rss) in (("audit", audit), ("convert", convert)):
        print(f"{name:8s} wall {wall:7.1f} s  CPU {cpu:7.1f} s  peak RSS {rss / 2**20:7.0f} MiB")
    print(f"convert / audit: wall {convert[0] / audit[0]:.2f}x, CPU {convert[1] / audit[1]:.2f}x, "
          f"peak RSS {convert[2] / audit[2]:.2f}x")
    met = "met" if convert[2] < GIB else "NOT met"
    print(f"convert peak RSS under 1 GiB: {met}")


if __name__ == "__main__":
    main()
