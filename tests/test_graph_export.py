"""``jobmig graph`` renderings: DOT, Mermaid and JSON of one small graph."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from jobmig.graph_export import _node_id, render_graph
from jobmig.model import Condition
from tests.aws_fixtures import dep, graph_of, job


def sample():
    return graph_of([job("net", kind="jobnet"), job("a", parent="net"), job("b", parent="net"),
                     job('say "hi"'), job("old", disabled=True)],
                    [dep("a", "b"), dep("net", 'say "hi"', Condition.COMPLETED, scope="cross"),
                     dep('say "hi"', "old", scope="cross", wait=True)])


def test_json_lists_every_node_and_edge():
    data = json.loads(render_graph(sample(), "json"))
    assert [n["id"] for n in data["nodes"]] == sorted(n["id"] for n in data["nodes"])
    assert len(data["nodes"]) == 5
    assert {(e["from"], e["to"], e["condition"], e["scope"], e["wait"]) for e in data["edges"]} == {
        ("test:a", "test:b", "success", "workflow", False),
        ("test:net", 'test:say "hi"', "completed", "cross", False),
        ('test:say "hi"', "test:old", "success", "cross", True)}


def test_dot_draws_jobnets_as_clusters_and_escapes_quotes():
    text = render_graph(sample(), "dot")
    assert text.startswith("digraph jobs {")
    assert f"subgraph cluster_{_node_id('test:net')} {{" in text
    assert '[label="say \\"hi\\""]' in text
    net, say = _node_id("test:net"), _node_id('test:say "hi"')
    assert f'{net} -> {say} [label="completed", style=dashed];' in text
    assert "penwidth=2" in text


@pytest.mark.skipif(shutil.which("dot") is None, reason="graphviz not installed")
def test_graphviz_accepts_the_dot_output():
    done = subprocess.run(["dot", "-Tsvg"], input=render_graph(sample(), "dot"),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_mermaid_uses_a_flowchart_with_subgraphs_and_arrow_styles():
    text = render_graph(sample(), "mermaid")
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    assert any(line.strip().startswith(f"subgraph {_node_id('test:net')}_net") for line in lines)
    assert f"{_node_id('test:a')} --> {_node_id('test:b')}" in text
    assert "-.->|\"completed\"|" in text
    assert "==>|\"waits\"|" in text
    assert "#quot;hi#quot;" in text


def test_output_is_deterministic_and_unknown_formats_are_refused():
    assert render_graph(sample(), "dot") == render_graph(sample(), "dot")
    with pytest.raises(ValueError):
        render_graph(sample(), "svg")
