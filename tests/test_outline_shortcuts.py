"""The shortcuts that make an audit's outline machines cheaper give what the plain path gives.

An empty execution role's policy is counted without writing the document; a command with no
``?AJS2`` is not searched for macro variables; an outline leaves out the AJS environment a job's
ASL would carry. The expectations are written out by hand, or come from the plain search and
from a full conversion.
"""
from __future__ import annotations

import re
from dataclasses import replace

from hypothesis import given, strategies as st

from jobmig.emit.limits import policy_chars
from jobmig.mappings import jp1_env
from jobmig.mappings.asl_tasks import Permission
from jobmig.model import Job, SourceRef

#: The compact policy document of no statements, typed out: 39 characters.
EMPTY_POLICY = '{"Version":"2012-10-17","Statement":[]}'


def test_a_role_without_permissions_counts_the_bare_policy_document_whatever_holds_them():
    assert len(EMPTY_POLICY) == 39
    for empty in ([], (), set(), frozenset()):
        assert policy_chars(empty) == len(EMPTY_POLICY)
        assert policy_chars(empty, {"sfn:StartExecution": {"Bool": {"x": "true"}}}) == 39
    assert policy_chars(iter(())) == 39  # the plain path, through the document


def test_one_permission_still_counts_its_statement():
    allow = Permission("ssm:GetCommandInvocation", "*")
    text = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow",'
            '"Action":"ssm:GetCommandInvocation","Resource":["*"]}]}')
    assert policy_chars([allow]) == policy_chars((allow,)) == len(text)


# command texts, some holding macro variables (and near misses), some AJS variables
pieces = st.sampled_from(["?AJS2EXECDATE?", "?AJS2X.Y?", "?AJS2?", "?AJS", "AJS2", "?ajs2x?",
                          "$AJSEXDATE", "run.sh ", "日次 ", "?", " "])
texts = st.lists(pieces, max_size=6).map("".join)


@given(st.none() | texts, st.dictionaries(st.sampled_from(["A", "B", "C"]), texts, max_size=3))
def test_macro_variables_are_what_a_search_of_every_text_finds(command, environment):
    job = Job("jp1:/g/n/j", "g/n/j", SourceRef("x.ajs", 1, None, "jp1"), command=command,
              environment=environment)
    everything = [command or "", *environment.values()]
    expected = sorted({m for text in everything for m in re.findall(r"\?AJS2[A-Z.]{0,64}\?", text)})
    assert jp1_env.macro_variables(job) == expected


def test_an_outline_machine_has_the_findings_of_the_full_one_for_jobs_reading_ajs_variables():
    from jobmig.graph import JobGraph
    from jobmig.mappings.stepfunctions import build_state_machines
    from jobmig.model import ParseResult
    from jobmig.options import MapOptions

    source = SourceRef("x.ajs", 1, 1, "jp1")
    jobs = (Job("jp1:/g/n", "g/n", source, kind="jobnet"),
            Job("jp1:/g/n/a", "g/n/a", source, parent="jp1:/g/n",
                command="echo $AJSNETNAME $AJSEXDATE ?AJS2DATE?", environment={"X": "?AJS2Y?"}),
            Job("jp1:/g/n/b", "g/n/b", source, parent="jp1:/g/n", command="echo $AJSHOST"))
    graph = JobGraph.from_results([ParseResult("x.ajs", "jp1", jobs, ())])
    full = build_state_machines(graph, {}, MapOptions(timezone="Asia/Tokyo"))
    outline = build_state_machines(graph, {}, replace(MapOptions(timezone="Asia/Tokyo"),
                                                      definitions=False))
    assert [m.findings for m in outline] == [m.findings for m in full]
    assert {f.code for m in full for f in m.findings} >= {"JM561", "JM564"}
    assert outline[0].definition == {}
    assert "export AJSNETNAME=/g/n" in full[0].definition_json()  # the full build sets them
