"""Fuzzing harness: mutated exports through every reader and the whole pipeline.

    .venv/bin/python benchmarks/fuzz.py [--count 100000] [--seed 1] [--workers N]
        [--timeout 20] [--memory-mb 2048] [--horizon-days 62] [--save DIR] [--extreme]

Seeds are the text files under ``samples/`` and ``tests/fixtures/``. Input
number ``i`` is built from ``(seed, i)`` alone (so any input can be
rebuilt): one seed file, then one to three mutations of its bytes: byte
flips, truncation, duplicated and deleted lines, injected NUL, CR and
undecodable bytes, a BOM, a very long line (5,000 characters, rarely up to
200,000; 1,000,000 with ``--extreme``), deep nesting (JP1 jobnets, XML
elements, Groovy blocks, brackets: 100 deep, rarely up to 1,000; 20,000
with ``--extreme``), or a chunk of another seed spliced in.

Each input is written under a fresh input folder at its seed's relative
path (so a Jenkins ``jobs/<name>/config.xml`` stays one), then

1. given to every reader (crontab, Jenkins config.xml, Jenkinsfile, JP1):
   ``detect`` and ``parse``, whatever its format;
2. run through the whole conversion in this process: read the folder,
   detect, parse, map, build the plan and write every artifact into a
   fresh output folder (``write_plan``), as ``jobmig convert`` does.

Each input has ``--timeout`` seconds (SIGALRM) and each worker process at
most ``--memory-mb`` of address space. A write that the conversion makes
anywhere but its output folder is caught by an audit hook (PEP 578) and
counted. Prints the number of inputs, tracebacks (an exception that escaped
a reader or the pipeline: must be 0), timeouts, memory errors, writes
outside the output folder, lost jobs (below), and the slowest input with its
time; exits 1 if any of those counts is not zero. ``--save DIR`` keeps every
failing input (with its unmutated companion, if any). ``--first N`` starts at
input N, so a long run can be made in chunks.

Lost jobs: every job of the unmutated part of an input must still be
accounted for. The seed is converted once, unmutated; the part of it a
mutation changed is the span between the longest common prefix and the
longest common suffix of the seed and the input. The units that span
overlaps are damaged, and so is the innermost unit holding it whole (a JP1
unit, group or jobnet, holds its children); nothing inside a damaged unit is
expected back. Every other job (a crontab line, a JP1 unit from its
``unit=`` line to its closing ``}``, with their newlines) must be in the
plan, from the same file, at its (shifted) line or under its name, or a
finding must name that line (the rest of the input may change what it
means: a crontab read as a system one when damage adds user columns); or
the file must be listed in ``sources`` as read by no reader (the reason is a
finding). A Jenkins ``config.xml`` input is written next to an unmutated
``config.xml`` of another job, every job of which must be in the plan.
"""
from __future__ import annotations

import argparse
import bisect
import multiprocessing
import os
import random
import resource
import shutil
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_FOLDERS = ("samples", "tests/fixtures")
MAX_SEED_BYTES = 256 * 1024
WRITE_EVENTS = {"os.mkdir", "os.rename", "os.replace", "os.remove", "os.rmdir", "os.truncate",
                "os.symlink", "os.link", "os.chmod", "shutil.rmtree", "shutil.copyfile",
                "shutil.move"}


class InputTimeout(Exception):
    """An input took longer than --timeout."""


@dataclass
class Outcome:
    """What one worker saw; merged across workers."""

    inputs: int = 0
    tracebacks: list[tuple[int, str, str]] = field(default_factory=list)  # (index, what, tb)
    timeouts: list[tuple[int, str]] = field(default_factory=list)
    memory: list[tuple[int, str]] = field(default_factory=list)
    outside: list[tuple[int, str]] = field(default_factory=list)
    lost: list[tuple[int, str]] = field(default_factory=list)
    slowest: tuple[float, int, str] = (0.0, -1, "")

    def merge(self, other: "Outcome") -> None:
        self.inputs += other.inputs
        self.tracebacks += other.tracebacks
        self.timeouts += other.timeouts
        self.memory += other.memory
        self.outside += other.outside
        self.lost += other.lost
        self.slowest = max(self.slowest, other.slowest)


# ------------------------------------------------------------------ seeds


def seeds() -> list[tuple[str, bytes]]:
    """(relative path, bytes) of every seed file, sorted by path."""
    found = []
    for folder in SEED_FOLDERS:
        base = ROOT / folder
        for path in sorted(base.rglob("*")):
            if path.is_file() and path.stat().st_size <= MAX_SEED_BYTES:
                found.append((str(path.relative_to(base.parent if folder == "samples"
                                                   else base)), path.read_bytes()))
    return found


# -------------------------------------------------------------- mutations


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def flip(data: bytes, rng: random.Random, _: list) -> bytes:
    if not data:
        return bytes([rng.randrange(256)])
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def truncate(data: bytes, rng: random.Random, _: list) -> bytes:
    return data[:rng.randrange(len(data) + 1)]


def duplicate_lines(data: bytes, rng: random.Random, _: list) -> bytes:
    lines = _lines(data)
    start = rng.randrange(len(lines))
    end = min(len(lines), start + rng.randint(1, 20))
    times = rng.choice((1, 2, 50))
    return b"\n".join(lines[:end] + lines[start:end] * times + lines[end:])


def delete_lines(data: bytes, rng: random.Random, _: list) -> bytes:
    lines = _lines(data)
    start = rng.randrange(len(lines))
    return b"\n".join(lines[:start] + lines[start + rng.randint(1, 10):])


def inject(data: bytes, rng: random.Random, _: list) -> bytes:
    junk = rng.choice((b"\x00", b"\r", b"\r\n", b"\x7f", b"\xff\xfe", b"\xc3", b"\xe3\x81",
                       b"\xef\xbf\xbd", b"\x1b[31m", b"\t", b"\x85", "\u2028".encode()))
    out = bytearray(data)
    for _ in range(rng.randint(1, 5)):
        at = rng.randrange(len(out) + 1)
        out[at:at] = junk
    return bytes(out)


def carriage_returns(data: bytes, rng: random.Random, _: list) -> bytes:
    return data.replace(b"\n", rng.choice((b"\r\n", b"\r", b"\n\r")))


def bom(data: bytes, rng: random.Random, _: list) -> bytes:
    return rng.choice((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) + data


#: (long line lengths, nesting depths), each with its weight: the default, and with
#: --extreme (which finds what grows faster than linearly, slowly)
SIZES = {False: (((5_000, 50_000, 200_000), (80, 17, 3)), ((100, 300, 1_000), (80, 17, 3))),
         True: (((100_000, 1_000_000), (1, 1)), ((3_000, 20_000), (1, 1)))}
_sizes = SIZES[False]


def _size(rng: random.Random, which: int) -> int:
    values, weights = _sizes[which]
    return rng.choices(values, weights)[0]


def long_line(data: bytes, rng: random.Random, _: list) -> bytes:
    length = _size(rng, 0)
    piece = rng.choice((b"a", b"x ", b"{", b"}", b"<", b"(", b"\"", b"*", b"%", b"\\", b"=,;"))
    line = (piece * (length // len(piece) + 1))[:length]
    lines = _lines(data)
    at = rng.randrange(len(lines) + 1)
    if rng.random() < 0.5 and at < len(lines):
        lines[at] += line
    else:
        lines.insert(at, line)
    return b"\n".join(lines)


def deep_nesting(data: bytes, rng: random.Random, _: list) -> bytes:
    depth = _size(rng, 1)
    kind = rng.randrange(4)
    if kind == 0:  # JP1 jobnets inside jobnets
        head = b"".join(b"unit=n%d,,u,;{ty=n;" % i for i in range(depth))
        return head + data + b"}" * depth
    if kind == 1:  # XML elements inside elements
        open_, close = b"<a>" * depth, b"</a>" * depth
        at = data.find(b"<project>")
        at = at + len(b"<project>") if at >= 0 else rng.randrange(len(data) + 1)
        return data[:at] + open_ + close + data[at:]
    if kind == 2:  # Groovy / JP1 braces without names
        return data + b"\n" + b"{" * depth + b"\n" + b"}" * depth
    return data + b"\n" + b"(" * depth + b"[" * depth  # unbalanced brackets


def splice(data: bytes, rng: random.Random, pool: list) -> bytes:
    _, other = rng.choice(pool)
    if not other:
        return data
    start = rng.randrange(len(other))
    chunk = other[start:start + rng.randint(1, 2_000)]
    at = rng.randrange(len(data) + 1)
    return data[:at] + chunk + data[at:]


MUTATIONS = (flip, truncate, duplicate_lines, delete_lines, inject, carriage_returns, bom,
             long_line, deep_nesting, splice)


def build_input(index: int, seed: int, pool: list[tuple[str, bytes]]) -> tuple[str, bytes, str]:
    """(relative path, bytes, description) of input ``index``: deterministic."""
    rng = random.Random(f"{seed}:{index}")
    path, data = pool[rng.randrange(len(pool))]
    done = []
    for _ in range(rng.choice((1, 1, 2, 3))):
        mutation = rng.choice(MUTATIONS)
        data = mutation(data, rng, pool)
        done.append(mutation.__name__)
    return path, data, f"#{index} {path} ({'+'.join(done)}, {len(data)} bytes)"


# ------------------------------------------------------------- accounting


@dataclass(frozen=True)
class Expected:
    """One job of an unmutated seed: its name, line, and the bytes that define it."""

    name: str
    line: int | None
    start: int  # offset of the first byte of its first line
    end: int  # offset just past what defines it (its newline included)


def changed_span(original: bytes, mutated: bytes) -> tuple[int, int]:
    """(p, e): ``original[p:e]`` is what a mutation replaced (common prefix and suffix kept)."""
    limit = min(len(original), len(mutated))
    lo, hi = 0, limit  # longest common prefix, by bisection on slices (C speed)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if original[:mid] == mutated[:mid]:
            lo = mid
        else:
            hi = mid - 1
    prefix = lo
    lo, hi = 0, limit - prefix
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if original[len(original) - mid:] == mutated[len(mutated) - mid:]:
            lo = mid
        else:
            hi = mid - 1
    return prefix, len(original) - lo


def _line_offsets(data: bytes) -> list[int]:
    offsets, at = [0], data.find(b"\n")
    while at >= 0:
        offsets.append(at + 1)
        at = data.find(b"\n", at + 1)
    return offsets


def _unit_end(data: bytes, start: int) -> int:
    """Offset just past the ``}`` closing the JP1 unit whose ``unit=`` is at ``start``."""
    brace = data.find(b"{", start)
    if brace < 0:
        return len(data)
    depth, index, quoted = 0, brace, False
    while index < len(data):
        char = data[index:index + 1]
        if quoted:
            if char == b"#":
                index += 1  # JP1's escape character inside a quoted value
            elif char == b'"':
                quoted = False
        elif char == b'"':
            quoted = True
        elif char == b"{":
            depth += 1
        elif char == b"}":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return len(data)


def jp1_units(data: bytes) -> list[tuple[int, int]]:
    """(start of its line, end) of every JP1 unit definition, groups and jobs alike."""
    offsets = _line_offsets(data)
    spans = []
    at = data.find(b"unit=")
    while at >= 0:
        line_start = offsets[bisect.bisect_right(offsets, at) - 1]
        if not data[line_start:at].strip(b" \t;{}"):  # a statement, not inside a value
            end = data.find(b"\n", _unit_end(data, at))
            spans.append((line_start, len(data) if end < 0 else end + 1))
        at = data.find(b"unit=", at + 5)
    return spans


def expected_jobs(plan_data: dict, path: str, data: bytes) -> tuple[str | None, list[Expected]]:
    """The format of ``path`` and the jobs read from it, with the spans that define them."""
    formats = [s.get("format") for s in plan_data["sources"] if s["path"] == path]
    fmt = formats[0] if formats else None
    offsets = _line_offsets(data)
    found = []
    for job in plan_data["jobs"]:
        source = job.get("source") or {}
        line = source.get("line")
        if source.get("path") != path:
            continue
        if fmt not in ("crontab", "jp1"):
            continue  # a Jenkins file is one job: its companion is checked instead
        if line and line <= len(offsets):
            start = offsets[line - 1]
            if fmt == "crontab":
                end = offsets[line] if line < len(offsets) else len(data)
            else:
                at = data.find(b"unit=", start)
                end = _unit_end(data, at) if at >= 0 else len(data)
                end = data.find(b"\n", end)
                end = len(data) if end < 0 else end + 1
        else:
            start, end = 0, len(data)
        found.append(Expected(job["name"], line, start, end))
    return fmt, found


def lost_jobs(expected: list[Expected], original: bytes, mutated: bytes, plan_data: dict,
              path: str, whole_file: bool = False,
              containers: list[tuple[int, int]] | None = None) -> list[str]:
    """Jobs of the unmutated part of ``original`` that the plan of ``mutated`` lost.

    ``whole_file``: the file was not mutated; every job of it must be there.
    ``containers``: the spans of every unit that may hold others (JP1 groups
    are no jobs but hold some); by default the jobs' own spans.
    """
    if whole_file:
        prefix, end = len(original), len(original)
        untouched = expected
    else:
        prefix, end = changed_span(original, mutated)
        # the damaged units: those the change overlaps without holding it whole, and
        # the innermost one that holds it (a JP1 unit holds its children); nothing
        # inside a damaged unit is expected back
        spans = containers if containers is not None else [(j.start, j.end) for j in expected]
        touching = [(start, stop) for start, stop in spans
                    if start < max(end, prefix + 1) and prefix < stop]
        holding = [(start, stop) for start, stop in touching if start <= prefix and end < stop]
        damaged = [span for span in touching if span not in holding]
        if holding:
            damaged.append(min(holding, key=lambda span: span[1] - span[0]))
        after = end + 1  # the newline before a line after the change must be unchanged
        for start, stop in damaged:
            prefix, after = min(prefix, start), max(after, stop)
        untouched = [job for job in expected if job.end <= prefix or job.start >= after]
    if not untouched:
        return []
    records = [s for s in plan_data["sources"] if s["path"] == path]
    if records and records[0].get("format") is None:
        return []  # read by no reader: listed in sources, the reason is a finding
    shift = mutated.count(b"\n") - original.count(b"\n")
    mine = [j for j in plan_data["jobs"] if (j.get("source") or {}).get("path") == path]
    lines = {(j.get("source") or {}).get("line") for j in mine}
    # a line the input's other lines made mean something else (a crontab read as a
    # system one) is accounted for when a finding names it
    lines |= {(f.get("source") or {}).get("line") for f in plan_data.get("findings", [])
              if (f.get("source") or {}).get("path") == path}
    names = {j["name"] for j in mine}
    lost = []
    for job in untouched:
        line = job.line if job.end <= prefix or job.line is None else job.line + shift
        if job.name in names or (line is not None and line in lines):
            continue
        lost.append(f"{job.name} (line {job.line} of the seed)")
    return lost


def _companion(index: int, seed: int, path: str, pool: list[tuple[str, bytes]]
               ) -> tuple[str, bytes] | None:
    """An unmutated Jenkins ``config.xml`` of another job to write next to input ``path``."""
    if not path.endswith("config.xml") or "/jobs/" not in "/" + path:
        return None
    folder = path.rsplit("/", 1)[0] + "/"
    others = [(p, d) for p, d in pool if p.endswith("config.xml") and "/jobs/" in "/" + p
              and not p.startswith(folder) and not folder.startswith(p.rsplit("/", 1)[0] + "/")]
    if not others:
        return None
    return random.Random(f"{seed}:{index}:companion").choice(others)


# ---------------------------------------------------------------- running


class _Guard:
    """Audit hook: while armed, any write outside ``allowed`` is recorded."""

    def __init__(self) -> None:
        self.armed = False
        self.allowed = ""
        self.seen: list[str] = []
        sys.addaudithook(self.hook)

    def hook(self, event: str, args: tuple) -> None:
        if not self.armed:
            return
        if event == "open":
            path, mode, flags = args
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))
            paths = [path] if writing else []
        elif event in WRITE_EVENTS:
            paths = [a for a in args[:2] if isinstance(a, (str, bytes, os.PathLike))]
        else:
            return
        for target in paths:
            if isinstance(target, int):
                continue
            full = os.path.abspath(os.fsdecode(target))
            if not (full == self.allowed or full.startswith(self.allowed + os.sep)):
                self.seen.append(f"{event} {full}")


def _alarm(signum: int, frame: object) -> None:
    raise InputTimeout()


def run_slice(indexes: range, seed: int, timeout: float, memory_mb: int, horizon_days: int,
              save: str | None, extreme: bool = False) -> Outcome:
    """Run inputs ``indexes`` in this process; returns what was seen."""
    from datetime import date, timedelta

    global _sizes
    _sizes = SIZES[extreme]

    from jobmig import cli
    from jobmig import parsers as registry
    from jobmig.emit.files import write_plan
    from jobmig.options import ParseOptions

    if memory_mb:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    signal.signal(signal.SIGALRM, _alarm)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))
    pool = seeds()
    guard = _Guard()
    start = date(2026, 1, 1)
    horizon = f"{start}:{start + timedelta(days=horizon_days)}"
    outcome = Outcome()
    work = Path(tempfile.mkdtemp(prefix="jobmig-fuzz-"))
    readers = {name: registry.parser_for(name) for name in registry.FORMATS}
    failed_before = 0
    originals = dict(pool)
    baselines: dict[str, tuple[str | None, list[Expected]]] = {}

    def load(folder: Path, definitions: bool = True):
        # no parse cache: it writes outside --out, and mutated inputs never repeat
        return cli._load([str(folder)], "Asia/Tokyo", None, None, None, None, "scheduler",
                         horizon, None, None, False, "auto", definitions=definitions,
                         no_cache=True)

    def baseline(relative: str) -> tuple[str | None, list[Expected]]:
        if relative not in baselines:
            folder = work / "base"
            shutil.rmtree(folder, ignore_errors=True)
            (folder / relative).parent.mkdir(parents=True)
            (folder / relative).write_bytes(originals[relative])
            try:
                plan = load(folder, definitions=False)
                baselines[relative] = expected_jobs(plan.data, relative, originals[relative])
            except Exception:  # noqa: BLE001 - an unmutated seed that fails is not our input
                baselines[relative] = (None, [])
        return baselines[relative]

    try:
        for index in indexes:
            path, data, what = build_input(index, seed, pool)
            companion = _companion(index, seed, path, pool)
            source, out = work / "in", work / "out"
            fmt, expected = baseline(path) if not companion else (None, [])
            containers = jp1_units(originals[path]) if fmt == "jp1" and expected else None
            expected_companion = baseline(companion[0])[1] if companion else []
            shutil.rmtree(source, ignore_errors=True)
            shutil.rmtree(out, ignore_errors=True)
            (source / path).parent.mkdir(parents=True, exist_ok=True)
            (source / path).write_bytes(data)
            if companion:
                (source / companion[0]).parent.mkdir(parents=True, exist_ok=True)
                (source / companion[0]).write_bytes(companion[1])
            plan = None
            outcome.inputs += 1
            began = time.perf_counter()
            signal.setitimer(signal.ITIMER_REAL, timeout)
            stage = "reader"
            try:
                guard.allowed, guard.armed = str(out.resolve()), True
                for name, module in readers.items():
                    stage = f"{name} reader"
                    module.detect(data, str(source / path))
                    module.parse(data, path=str(source / path),
                                 options=ParseOptions(timezone="Asia/Tokyo", root=str(source)))
                stage = "pipeline"
                plan = load(source)
                write_plan(plan, str(out), force=True)
            except InputTimeout:
                outcome.timeouts.append((index, f"{what} in the {stage}"))
            except MemoryError:
                outcome.memory.append((index, f"{what} in the {stage}"))
            except BaseException as error:  # noqa: BLE001 - a traceback is what we count
                if isinstance(error, KeyboardInterrupt):
                    raise
                outcome.tracebacks.append((index, f"{what} in the {stage}",
                                           traceback.format_exc(limit=-8)))
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
                guard.armed = False
            elapsed = time.perf_counter() - began
            if plan is not None:
                lost = lost_jobs(expected, originals[path], data, plan.data, path,
                                 containers=containers)
                if companion:
                    lost += lost_jobs(expected_companion, companion[1], companion[1], plan.data,
                                      companion[0], whole_file=True)
                outcome.lost += [(index, f"{what}: {job}") for job in lost]
            failures = (len(outcome.tracebacks) + len(outcome.timeouts) + len(outcome.memory)
                        + len(outcome.lost))
            if failures > failed_before:
                _keep(save, index, path, data)
                if companion:
                    _keep(save, index, *companion)
                failed_before = failures
            outcome.slowest = max(outcome.slowest, (elapsed, index, what))
            if guard.seen:
                outcome.outside += [(index, f"{what}: {write}") for write in guard.seen]
                guard.seen.clear()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return outcome


def _keep(save: str | None, index: int, path: str, data: bytes) -> None:
    if save:
        target = Path(save) / str(index) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _worker(arguments: tuple) -> Outcome:
    return run_slice(*arguments)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--first", type=int, default=0, help="index of the first input")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds per input")
    parser.add_argument("--memory-mb", type=int, default=2048, help="address space per worker")
    parser.add_argument("--horizon-days", type=int, default=62,
                        help="Change Calendar horizon of the conversions")
    parser.add_argument("--save", help="folder to keep failing inputs in")
    parser.add_argument("--extreme", action="store_true",
                        help="1,000,000-character lines and nesting 20,000 deep")
    args = parser.parse_args(argv)
    workers = max(1, min(args.workers, args.count))
    bounds = [args.first + args.count * n // workers for n in range(workers + 1)]
    jobs = [(range(bounds[n], bounds[n + 1]), args.seed, args.timeout, args.memory_mb,
             args.horizon_days, args.save, args.extreme) for n in range(workers)]
    began = time.perf_counter()
    outcome = Outcome()
    if workers == 1:
        outcome.merge(_worker(jobs[0]))
    else:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for part in pool.imap_unordered(_worker, jobs):
                outcome.merge(part)
    for index, what, text in sorted(outcome.tracebacks)[:20]:
        print(f"TRACEBACK {what}\n{text}")
    for label, items in (("TIMEOUT", outcome.timeouts), ("MEMORY", outcome.memory),
                         ("OUTSIDE", outcome.outside), ("LOST", outcome.lost)):
        for _, what in sorted(items)[:20]:
            print(f"{label} {what}")
    slow_time, _, slow_what = outcome.slowest
    print(f"inputs: {outcome.inputs}")
    print(f"tracebacks: {len(outcome.tracebacks)}")
    print(f"timeouts: {len(outcome.timeouts)}")
    print(f"memory errors: {len(outcome.memory)}")
    print(f"writes outside the output folder: {len(outcome.outside)}")
    print(f"lost jobs: {len(outcome.lost)}")
    print(f"slowest input: {slow_time:.3f} s ({slow_what})")
    print(f"wall time: {time.perf_counter() - began:.1f} s with {workers} worker(s), "
          f"seed {args.seed}")
    failed = (outcome.tracebacks or outcome.timeouts or outcome.memory or outcome.outside
              or outcome.lost)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
