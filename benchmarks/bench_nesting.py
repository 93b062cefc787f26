"""Benchmark: ``jobmig audit`` of JP1 jobnets nested ever deeper.

    .venv/bin/python benchmarks/bench_nesting.py [--depths 750,1500,3000]

Each export holds one chain of jobnets ``n0 ⊃ n1 ⊃ …``, the innermost with a
job and a log-file watch (a unit that cannot be converted, so every jobnet
reports it). The export grows linearly with the depth, but the unit paths
that name its units (``n0/n1/…``) grow with the depth, so their total length
grows as its square: about 4x per doubling is the floor for any run that
looks at every name once. Before the walks up and down the nesting were
remembered (the root of each unit, the placeholders below each jobnet), a
3,000-deep chain took 8 s, mostly in those walks; compare the seconds.
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
    print("about 4x per doubling: the unit paths' total length grows so (see the docstring)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
