"""Benchmark: the Groovy reader on the shapes the fuzzing harness found slow.

For each case, the time and peak memory (tracemalloc) of reading one
Jenkinsfile: tokenizing it, finding its calls with the labels of their
blocks, and the whole Jenkinsfile parse. The cases, at ``--size`` N:

- *punctuation*: a line of N characters of ``=,;`` (one token each);
- *brackets*: a line of N/2 ``(`` and N/2 ``[`` (N "never closed" problems,
  listed as 20 and one count);
- *nesting*: ``stage('sK') {`` N/10 deep around one step (block labels kept as
  parent links: memory linear in the depth);
- *plain*: a pipeline of N/100 stages, for comparison.

Each should grow linearly with N: run with two sizes and compare.

    .venv/bin/python benchmarks/bench_groovy.py [--size 200000]
"""
from __future__ import annotations

import argparse
import sys
import time
import tracemalloc

from jobmig.options import ParseOptions
from jobmig.parsers.jenkins import jenkinsfile
from jobmig.parsers.jenkins.calls import find_calls
from jobmig.parsers.jenkins.tokens import tokenize

HEAD = "pipeline {\n agent any\n stages { stage('a') { steps { sh 'x' } } }\n}\n"


def cases(size: int) -> dict[str, str]:
    depth = size // 10
    return {
        "punctuation": HEAD + ("=,;" * (size // 3 + 1))[:size] + "\n",
        "brackets": HEAD + "(" * (size // 2) + "[" * (size // 2) + "\n",
        "nesting": ("".join(f"stage('s{i}') {{\n" for i in range(depth)) + "sh('x')\n"
                    + "}\n" * depth),
        "plain": "pipeline {\n agent any\n stages {\n" + "".join(
            f"  stage('s{i}') {{ steps {{ sh 'run {i}' }} }}\n" for i in range(size // 100))
        + " }\n}\n",
    }


def measure(source: str) -> tuple[float, float, int]:
    """(seconds to tokenize and find calls, seconds of the whole parse, peak bytes)."""
    began = time.perf_counter()
    tokens, _ = tokenize(source)
    find_calls(tokens, source, {"sh", "stage", "build"})
    tokens_time = time.perf_counter() - began
    began = time.perf_counter()
    jenkinsfile.parse(source.encode(), path="Jenkinsfile", options=ParseOptions())
    parse_time = time.perf_counter() - began
    tracemalloc.start()  # a second parse: tracemalloc slows what it watches
    jenkinsfile.parse(source.encode(), path="Jenkinsfile", options=ParseOptions())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return tokens_time, parse_time, peak


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=200_000)
    args = parser.parse_args(argv)
    print(f"{'case':<12} {'chars':>9} {'tokens+calls':>13} {'parse':>8} {'peak MB':>8}")
    for name, source in cases(args.size).items():
        tokens_time, parse_time, peak = measure(source)
        print(f"{name:<12} {len(source):>9,} {tokens_time:>12.2f}s {parse_time:>7.2f}s "
              f"{peak / 2**20:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
