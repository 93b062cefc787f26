"""Benchmark: start-up of one-off commands, against Astronomer Orbiter in the same run.

    .venv/bin/python benchmarks/bench_startup.py [--repeat 5] [--orbiter-venv DIR] [--no-orbiter]

Times, as child processes, ``jobmig cron EXPR``, ``jobmig audit`` of one
crontab, and ``jobmig convert`` of a 7-line crontab (six entries and a
MAILTO line), and as baselines in the same run: ``python -c pass`` (the
interpreter alone), ``jobmig --version``, and Orbiter's ``translate`` of the
same crontab with the community crontab ruleset
(``orbiter_translations.cron.crontab_base``), which writes one Airflow DAG per
entry.

Orbiter is never a dependency of jobmig: the benchmark installs
``astronomer-orbiter`` and ``orbiter-community-translations`` into a venv of
its own (``build/bench-orbiter-venv`` by default, reused by later runs). When
that venv cannot be made or Orbiter does not run, it says so and judges
against ``python -c pass`` instead.

Runs are interleaved (each repeat runs every command once), so all see the same
machine; the median of each is printed with the load average. It prints each
ratio with its target and whether it is met; it never asserts timing.
"""
from __future__ import annotations

import argparse
import compileall
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CRONTAB = """MAILTO=ops@example.com
0 2 * * * /usr/local/bin/backup.sh
*/15 * * * * /opt/app/poll.sh
30 6 * * 1-5 /opt/app/report.sh --daily
0 0 1 * * /opt/app/monthly.sh
15 3 * * 0 /opt/app/weekly-clean.sh
45 23 * * * /opt/app/rotate-logs.sh
"""
ORBITER_PACKAGES = ("astronomer-orbiter", "orbiter-community-translations")
ORBITER_RULESET = "orbiter_translations.cron.crontab_base.translation_ruleset"
CONVERT_TARGET = 0.5  # convert <= 0.5x Orbiter translate
START_TARGET = 0.5  # seconds: cron and a one-crontab audit start "in well under half a second"


def jobmig_command() -> list[str]:
    script = Path(sys.executable).with_name("jobmig")
    return [str(script)] if script.exists() else [sys.executable, "-m", "jobmig"]


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system, its children included) and exit code of
    one child process (its output discarded)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.returncode


def orbiter_venv(folder: Path, fresh: bool) -> tuple[Path | None, str]:
    """The ``orbiter`` script of a venv holding Orbiter (made when missing), or None and why."""
    script = folder / "bin" / "orbiter"
    if fresh and folder.exists():
        shutil.rmtree(folder)
    if script.exists() and _ruleset_imports(folder):
        return script, f"reused {folder.relative_to(REPO) if folder.is_relative_to(REPO) else folder}"
    try:
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(folder)], check=True,
                       capture_output=True, timeout=300)
        subprocess.run([str(folder / "bin" / "python"), "-m", "pip", "install", "--quiet",
                        *ORBITER_PACKAGES], check=True, capture_output=True, timeout=900)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
        detail = getattr(error, "stderr", b"") or b""
        last = detail.decode("utf-8", "replace").strip().splitlines()[-1:] if detail else []
        return None, f"could not install {' and '.join(ORBITER_PACKAGES)}: {error} {' '.join(last)}"
    if not script.exists() or not _ruleset_imports(folder):
        return None, "Orbiter installed, but its crontab ruleset does not import"
    return script, f"installed into {folder}"


def _ruleset_imports(folder: Path) -> bool:
    module = ORBITER_RULESET.rsplit(".", 1)[0]
    done = subprocess.run([str(folder / "bin" / "python"), "-c", f"import {module}"],
                          capture_output=True)
    return done.returncode == 0


def verdict(value: float, target: float) -> str:
    return "met" if value <= target else "MISSED"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each command; medians judged")
    parser.add_argument("--orbiter-venv", default=str(REPO / "build" / "bench-orbiter-venv"),
                        help="where the benchmark keeps its Orbiter venv")
    parser.add_argument("--fresh", action="store_true", help="rebuild the Orbiter venv")
    parser.add_argument("--no-orbiter", action="store_true",
                        help="do not install or run Orbiter (baseline: python -c pass)")
    args = parser.parse_args(argv)

    # As an installed package is: byte-compiled (an editable install may not be, e.g.
    # under PYTHONDONTWRITEBYTECODE), so compiling is not timed as start-up.
    for package in ("jobmig", "parsers", "mappings"):
        compileall.compile_dir(str(REPO / package), quiet=1)
    orbiter, how = (None, "not run (--no-orbiter)") if args.no_orbiter else \
        orbiter_venv(Path(args.orbiter_venv).resolve(), args.fresh)
    jobmig = jobmig_command()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "in").mkdir()
        crontab = work / "in" / "estate.cron"  # Orbiter's crontab file type wants *.cron
        crontab.write_text(CRONTAB, encoding="utf-8")
        one = work / "one.cron"
        one.write_text("0 2 * * * /usr/local/bin/backup.sh\n", encoding="utf-8")
        # No cache folder of the user's is touched; each run reads afresh (--no-cache).
        env = dict(os.environ, XDG_CACHE_HOME=str(work / "cache"), NO_COLOR="1",
                   COLUMNS="120", TERM="dumb")
        commands: dict[str, list[str]] = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "jobmig --version": [*jobmig, "--version"],
            "jobmig cron": [*jobmig, "cron", "0 9 * * 1-5", "--tz", "Asia/Tokyo"],
            "jobmig audit (1 job)": [*jobmig, "audit", str(one), "--timezone", "UTC",
                                     "--no-cache"],
            "jobmig convert (7 lines)": [*jobmig, "convert", str(crontab), "--out",
                                         str(work / "jobmig-out"), "--timezone", "UTC",
                                         "--force", "--no-cache"],
        }
        if orbiter is not None:
            commands["orbiter translate"] = [
                str(orbiter), "translate", "--input-dir", str(work / "in"),
                "--output-dir", str(work / "orbiter-out"), "-r", ORBITER_RULESET]
            commands["orbiter translate --no-format"] = [
                *commands["orbiter translate"], "--no-format"]
        times: dict[str, list[float]] = {name: [] for name in commands}
        cpu_times: dict[str, list[float]] = {name: [] for name in commands}
        failed: dict[str, int] = {}
        for name, command in commands.items():  # one warm-up each: bytecode, page cache
            _, _, code = timed(command, work, env)
            if code not in (0, 1):
                failed[name] = code
        for _ in range(max(1, args.repeat)):
            for name, command in commands.items():
                seconds, cpu, _ = timed(command, work, env)
                times[name].append(seconds)
                cpu_times[name].append(cpu)
    median = {name: statistics.median(values) for name, values in times.items()}
    cpu_median = {name: statistics.median(values) for name, values in cpu_times.items()}
    load = os.getloadavg()

    print(f"start-up benchmark: median of {args.repeat} interleaved runs; load average "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs")
    print(f"Orbiter: {how}")
    for name, value in median.items():
        spread = ", ".join(f"{t:.2f}" for t in sorted(times[name]))
        note = f" (exit {failed[name]}!)" if name in failed else ""
        print(f"  {name:32s} {value:6.3f} s wall, {cpu_median[name]:6.3f} s CPU   "
              f"wall runs {spread}{note}")
    bare = median["python -c pass"]
    if "orbiter translate" in median and "orbiter translate" not in failed:
        ratio = median["jobmig convert (7 lines)"] / median["orbiter translate"]
        cpu_ratio = cpu_median["jobmig convert (7 lines)"] / cpu_median["orbiter translate"]
        print(f"convert / Orbiter translate = {ratio:.2f}x wall ({cpu_ratio:.2f}x CPU); "
              f"target <= {CONVERT_TARGET}x: {verdict(ratio, CONVERT_TARGET)}")
        plain = median["jobmig convert (7 lines)"] / median["orbiter translate --no-format"]
        print(f"convert / Orbiter translate --no-format = {plain:.2f}x (information: "
              "Orbiter without its Ruff formatting pass)")
    else:
        why = "failed to run" if "orbiter translate" in failed else "could not be installed"
        print(f"Orbiter {why}: baseline falls back to python -c pass; convert / python -c "
              f"pass = {median['jobmig convert (7 lines)'] / bare:.1f}x "
              f"(target <= {CONVERT_TARGET}x Orbiter: not judged)")
    for name in ("jobmig cron", "jobmig audit (1 job)"):
        value = median[name]
        print(f"{name}: {value:.2f} s wall ({cpu_median[name]:.2f} s CPU) = "
              f"{value / bare:.1f}x python -c pass, {value / median['jobmig --version']:.2f}x "
              f"jobmig --version; target < {START_TARGET} s wall: "
              f"{verdict(value, START_TARGET)}")
    if load[0] > (os.cpu_count() or 1):
        print("the machine was busy (load above its CPU count): wall times exceed CPU times; "
              "the ratios move less than the seconds")
    return 0


if __name__ == "__main__":
    sys.exit(main())
