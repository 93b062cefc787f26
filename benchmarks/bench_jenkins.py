"""Benchmark: parse a generated JENKINS_HOME of N config.xml files.

Times :func:`jobmig.parsers.jenkins.parse` over every file against a bare
``lxml.etree.fromstring`` of the same bytes, in the same run, and prints
the ratio (target: at most 3x). The tree comes from ``tests/jenkins_tree.py``
(nested folders, non-ASCII and space-containing names, H timers, upstream
edges, XML 1.1 with control-character references).

    .venv/bin/python benchmarks/bench_jenkins.py [--jobs 10000] [--repeat 3]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from jenkins_tree import build_tree  # noqa: E402

from jobmig.options import ParseOptions  # noqa: E402
from jobmig.parsers import jenkins  # noqa: E402


def _best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        manifest = build_tree(root, args.jobs)
        files = [(str(path), path.read_bytes()) for path in manifest.files]
        options = ParseOptions(timezone="UTC", root=str(root))
        # The bare baseline needs the same XML 1.0 workaround to parse at all,
        # so it gets files without control-character references.
        plain = [data.replace(b"&#x1b;", b"") for _, data in files]

        def bare() -> None:
            for data in plain:
                etree.fromstring(data)

        def ours() -> None:
            for path, data in files:
                jenkins.parse(data, path=path, options=options)

        jobs = sum(len(jenkins.parse(d, path=p, options=options).jobs) for p, d in files)
        assert jobs == len(manifest.jobs), (jobs, len(manifest.jobs))
        t_bare, t_ours = _best(bare, args.repeat), _best(ours, args.repeat)
    ratio = t_ours / t_bare
    print(f"files: {len(files)} ({len(manifest.jobs)} jobs, {len(manifest.folders)} folders)")
    print(f"lxml.etree.fromstring: {t_bare:.3f} s  ({t_bare / len(files) * 1e6:.0f} us/file)")
    print(f"jobmig jenkins.parse:  {t_ours:.3f} s  ({t_ours / len(files) * 1e6:.0f} us/file)")
    print(f"ratio: {ratio:.2f}x (target <= 3x)")
    return 0 if ratio <= 3 else 1


if __name__ == "__main__":
    sys.exit(main())
