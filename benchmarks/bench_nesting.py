"""Benchmark: ``jobmig audit`` of JP1 jobnets nested ever deeper.

    .venv/bin/python benchmarks/bench_nesting.py [--depths 750,1500,3000]

Each export holds one chain of jobnets ``n0 ⊃ n1 ⊃ …``, the innermost with a
job and a log-file watch. JP1 itself nests units at most 30 deep (JP1/AJS3
Design Guide (System Construction), appendix B.3), so everything below level 30
is not converted: each unit there is one JM448 finding naming its line, never
its full path. Output and time should therefore grow linearly with the depth
(before that limit was applied, unit paths grew with the depth and their total
length as its square: about 4x per doubling); compare the seconds per level.
It prints; it never asserts timing.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def export(depth: int) -> str:
    """The nested export (as in tests/test_deep_nesting.py)."""
    head = "".join(f"unit=n{level},,jp1admin,;{{ty=n;\n" for level in range(depth))
    bottom = ('unit=job,,jp1admin,;{ty=j;sc="/opt/batch/run.sh";}\n'
              'unit=watch,,jp1admin,;{ty=lfwj;lftpd="/var/log/app.log";}\n'
              "ar=(f=job,t=watch);\n")
    return head + bottom + "}\n" * depth


def _audit(path: Path) -> tuple[float, int]:
    started = time.perf_counter()
    code = subprocess.run([sys.executable, "-m", "jobmig", "audit", str(path), "--no-cache"],
                          stdout=subprocess.DEVNULL, check=False).returncode
    return time.perf_counter() - started, code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--depths", default="750,1500,3000",
                        help="comma-separated nesting depths, each double the last")
    args = parser.parse_args(argv)
    depths = [int(part) for part in args.depths.split(",") if part.strip()]
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    previous = None
    with tempfile.TemporaryDirectory() as tmp:
        for depth in depths:
            path = Path(tmp) / f"deep-{depth}.ajs"
            path.write_text(export(depth), encoding="utf-8")
            wall, code = _audit(path)
            growth = f"; {wall / previous:.1f}x the previous depth" if previous else ""
            print(f"nesting {depth:,} deep ({path.stat().st_size / 2**20:.1f} MiB): "
                  f"audit {wall:.2f} s wall (exit {code}){growth}")
            previous = wall
    print("at most 2x per doubling expected: past 30 levels each unit is one finding (see the docstring)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
