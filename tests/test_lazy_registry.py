"""The lazy format registry and graph (issue 21): cheaper, never different.

Format detection skips a parser only when a cheap test on the name or first bytes
shows that parser's own ``detect`` would answer 0; these tests compare it with
asking every parser, over every sample, fixture and corpus file.
"""
from __future__ import annotations

import os
from pathlib import Path

import networkx as nx
from hypothesis import given, settings, strategies as st

from jobmig import parsers as registry
from jobmig.graph import JobGraph
from jobmig.model import Condition, Dependency, Job, SourceRef
from jobmig.parsers.jenkins import config, jenkinsfile
from jobmig.parsers.jp1 import units
from tests.conftest import CORPUS, FIXTURES, REPO


def every_parser_asked(data: bytes, path: str) -> str | None:
    """Detection as it was before the registry grew lazy: every module's detect, in order."""
    best: tuple[int, str | None] = (0, None)
    for name in registry.FORMATS:
        score = registry.parser_for(name).detect(data, path)
        if score > best[0]:
            best = (score, name)
        if score == registry.CONTENT:
            break
    return best[1]


def input_files() -> list[Path]:
    found = []
    for folder in (REPO / "samples", FIXTURES, CORPUS):
        if folder.is_dir():
            for root, _, names in os.walk(folder):
                found += [Path(root) / name for name in names]
    return sorted(found)


def test_lazy_detection_agrees_with_asking_every_parser_on_every_input_file():
    files = input_files()
    assert len(files) > 50
    for path in files:
        data = path.read_bytes()
        assert registry.detect_format(data, str(path)) == every_parser_asked(data, str(path)), path


@given(st.binary(max_size=300), st.sampled_from(
    ["crontab", "config.xml", "Jenkinsfile", "x.groovy", "jobs.ajs", "a/b.def", "x.txt",
     "a\\config.xml", "Jenkinsfile.prod", "build.DSL"]))
@settings(max_examples=300, deadline=None)
def test_lazy_detection_agrees_with_every_parser_on_any_bytes(data, name):
    for content in (data, b"unit=" + data, b"<project>" + data, b"pipeline {" + data):
        assert registry.detect_format(content, name) == every_parser_asked(content, name)


def test_the_registry_cheap_tests_use_the_parsers_own_names():
    assert registry.JENKINSFILE_NAME == jenkinsfile.JENKINSFILE
    assert registry.JENKINSFILE_SUFFIXES == jenkinsfile.NAME_SUFFIXES
    assert registry.JP1_NAME_HINTS == units._NAME_HINTS
    assert registry.XML_HEAD_BYTES == config._HEAD_BYTES


def test_finalize_runs_for_a_format_family_that_was_read_and_not_for_others():
    assert registry.finalizers({"crontab", "jp1"}) == []
    jenkins = registry.finalizers({"jenkinsfile"})
    assert jenkins == [config.finalize, jenkinsfile.finalize]


def _job(job_id: str) -> Job:
    return Job(id=job_id, name=job_id, kind="job", source=SourceRef("x", 1))


@given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), max_size=30))
@settings(max_examples=200, deadline=None)
def test_graph_edges_and_descendants_match_networkx(edges):
    graph = JobGraph()
    for node in range(10):
        graph.add_job(_job(f"j:{node}"))
    reference = nx.DiGraph()
    reference.add_nodes_from(f"j:{node}" for node in range(10))
    for a, b in edges:
        graph.add_dependency(Dependency(f"j:{a}", f"j:{b}", Condition.SUCCESS))
        reference.add_edge(f"j:{a}", f"j:{b}")
    for node in range(10):
        job_id = f"j:{node}"
        assert graph.descendants(job_id) == nx.descendants(reference, job_id)
        assert [d.predecessor for d in graph.predecessors(job_id)] == sorted(reference.predecessors(job_id))
        assert [d.successor for d in graph.successors(job_id)] == sorted(reference.successors(job_id))
    assert [(d.predecessor, d.successor) for d in graph.dependencies()] == sorted(reference.edges)
    assert sorted(graph.graph.edges) == sorted(reference.edges)
