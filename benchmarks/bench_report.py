"""Benchmark the readiness report on a generated estate (default 10,000 jobs).

Prints: time to build the report data, time and size of each rendering, and
(when chromium is installed) how long headless Chromium takes to load
report.html and dump its DOM, and whether the page script ran. Figures are
printed, not asserted; run from the repository root::

    .venv/bin/python benchmarks/bench_report.py [--jobs 10000] [--out /tmp/bench-report]
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.report_fixtures import large_plan  # noqa: E402

from jobmig.report import RENDERERS, build_report  # noqa: E402

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


def _chromium() -> str | None:
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=10_000)
    parser.add_argument("--out", default=None, help="folder for the reports (default: a temp dir)")
    args = parser.parse_args()
    out = Path(args.out or tempfile.mkdtemp(prefix="bench-report-"))
    out.mkdir(parents=True, exist_ok=True)

    plan = large_plan(args.jobs)
    started = time.perf_counter()
    report = build_report(plan)
    print(f"jobs: {args.jobs:,}  findings: {report.finding_total:,}  edges: {len(report.edges):,}")
    print(f"build_report: {time.perf_counter() - started:.2f} s")
    for fmt, renderer in RENDERERS.items():
        started = time.perf_counter()
        text = renderer(report)
        elapsed = time.perf_counter() - started
        path = out / f"report.{fmt}"
        path.write_text(text, encoding="utf-8", newline="")
        size = path.stat().st_size
        print(f"render {fmt:<4}: {elapsed:.2f} s  {size / 1_000_000:.2f} MB  ({path})")

    chromium = _chromium()
    if chromium is None:
        print("chromium: not installed, browser timing skipped")
        return
    with tempfile.TemporaryDirectory() as profile:
        started = time.perf_counter()
        result = subprocess.run(
            [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom",
             (out / "report.html").as_uri()],
            capture_output=True, text=True, timeout=120)
        elapsed = time.perf_counter() - started
    dom = result.stdout
    script_ok = 'data-script="ok"' in dom
    rows = dom.count("<tr>")
    script_ms = re.search(r'data-script-ms="(\d+)"', dom)
    print(f"chromium --dump-dom: {elapsed:.2f} s (process start to exit), script ran: {script_ok} "
          f"in {script_ms.group(1) if script_ms else '?'} ms, DOM {len(dom) / 1_000_000:.2f} MB, "
          f"<tr> in DOM: {rows:,}")
    with tempfile.TemporaryDirectory() as profile:
        started = time.perf_counter()
        subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom",
                        "about:blank"], capture_output=True, text=True, timeout=120)
        print(f"chromium --dump-dom about:blank (start-up cost): "
              f"{time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
