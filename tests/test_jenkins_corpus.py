"""The shared Jenkins corpus (../shared/corpus/jenkins), file by file.

Every expectation was derived by reading the corpus file itself (the comment
on each case says where in the file), never from the parser's output. Corpus
files are not in a jobs/ layout, so a job is named after its file (JM310 /
JM311); where the real name matters (the H seed) the test passes
``job_name`` as the CLI's --job-name would.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from jobmig.options import ParseOptions
from jobmig.parsers.jenkins import config as jenkins, jenkinsfile

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "jenkins"
pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS}"),
]
TZ = "Asia/Tokyo"


@dataclass
class Expect:
    """What one corpus file holds (None: the file defines no job)."""

    unit_type: str | None
    specs: list[str] = field(default_factory=list)
    edges: set[tuple[str, str, str, str, bool]] = field(default_factory=set)
    codes: set[str] = field(default_factory=set)  # at least these findings
    file_codes: set[str] = field(default_factory=set)
    host: str | None = None
    concurrent: bool | None = None


def j(name: str) -> str:
    return "jenkins:" + name


N01 = "01_mozplatformqa_aurora-mac10_9-mac10_9"
N07 = "07_paramtrigger-test_upstream_TriggerBuilder-blocking"
N08 = "08_paramtrigger-test_triggering_BuildTrigger-xml11"
N16 = "16_learn-scripts_declarative-cron-upstream-list"

CASES: dict[str, Expect] = {
    # <triggers>: ReverseBuildTrigger upstreamProjects
    # "trigger-firefox-aurora-mac,expand-tests-aurora-linux64," (trailing comma), threshold
    # SUCCESS; SCMTrigger H * * * *; URLTrigger H * * * *. assignedNode steeplechase,
    # concurrentBuild false; email-ext publisher.
    "01_mozplatformqa_aurora-mac10_9-mac10_9.config.xml": Expect(
        "freestyle", [],
        {(j("trigger-firefox-aurora-mac"), j(N01), "success", "cross", False),
         (j("expand-tests-aurora-linux64"), j(N01), "success", "cross", False)},
        {"JM304", "JM305", "JM310", "JM324"}, host="steeplechase", concurrent=False),
    # <triggers/> empty; one Shell step; assignedNode steeplechase.
    "02_mozplatformqa_expand-tests-nightly-linux64.config.xml": Expect(
        "freestyle", [], set(), {"JM310"}, host="steeplechase", concurrent=False),
    # Root element WorkflowMultiBranchProject: a container; <triggers/> empty.
    "03_learn-jenkins_first-pipeline_multibranch.config.xml": Expect(
        None, file_codes={"JM302", "JM310"}),
    # flow-definition with definition class SCMBinder; <triggers/> empty.
    "04_learn-jenkins_first-pipeline__branches__master.config.xml": Expect(
        "pipeline", [], set(), {"JM310", "JM316"}, concurrent=True),
    # TimerTrigger <spec>H * * * *</spec>; SCMTrigger H/5 * * * *; assignedNode master.
    "06_mozplatformqa_firefox-nightly-linux64.config.xml": Expect(
        "freestyle", ["H * * * *"], set(), {"JM304", "JM310", "JM324"}, host="master",
        concurrent=False),
    # Three TriggerBuilder steps, each with <block>, condition ALWAYS: downstream1
    # (test=test1), downstream2 (test=test2), downstream1 (test=test3).
    "07_paramtrigger-test_upstream_TriggerBuilder-blocking.config.xml": Expect(
        "freestyle", [],
        {(j(N07), j("downstream1"), "always", "workflow", True),
         (j(N07), j("downstream2"), "always", "workflow", True)},
        {"JM310"}, concurrent=False),
    # XML 1.1; parameterized BuildTrigger projects "tobetriggered, ", condition ALWAYS,
    # BooleanParameters ok=false.
    "08_paramtrigger-test_triggering_BuildTrigger-xml11.config.xml": Expect(
        "freestyle", [], {(j(N08), j("tobetriggered"), "always", "cross", False)},
        {"JM310"}, concurrent=False),
    # Root com.cloudbees.hudson.plugins.folder.Folder: a container.
    "09_folder-plugin-test_d_Folder.config.xml": Expect(None, file_codes={"JM302", "JM310"}),
    # XML 1.1; flow-definition with inline CpsFlowDefinition script "input 'hangs forever'".
    "11_workflow-job-test_p_flow-definition-inline-xml11.config.xml": Expect(
        "pipeline", [], set(), {"JM310", "JM316"}, concurrent=True),
    # triggers { upstream(... "fakeUpstreamProject/" + env.BRANCH_NAME...) (computed),
    # cron('H 07-19 * * *'), pollSCM('* * * * *') }; options disableConcurrentBuilds(),
    # timeout(time: 1, unit: 'HOURS').
    "13_sampleJenkinsfile_declarative-upstream-cron-pollscm.Jenkinsfile": Expect(
        "pipeline", ["H 07-19 * * *"], set(), {"JM304", "JM306", "JM311"}, concurrent=False),
    # properties([... pipelineTriggers([cron('H 3,12,17 * * *'), scm('H 3,12,17 * * *')])]);
    # node('local').
    "14_surenpi_scripted-properties-pipelineTriggers.Jenkinsfile": Expect(
        "pipeline", ["H 3,12,17 * * *"], set(), {"JM304", "JM311"}, host="local"),
    # parameterizedCron('''…''') with two comment lines and two H/5 lines with different
    # parameters: two schedules (checked in detail below).
    "15_work-flow-automation_parameterizedCron.Jenkinsfile": Expect(
        "pipeline", ["\n# leave spaces where you want them around the parameters. They'll be "
                     "trimmed.\n# we let the build run with the default name\nH/5 * * * *\n"
                     "H/5 * * * *\n"] * 2, set(), {"JM311"}),
    # cron('0 */4 * * 1-5'); upstream(upstreamProjects: 'job1, job2', threshold SUCCESS);
    # pollSCM('0 */4 * * 1-5').
    "16_learn-scripts_declarative-cron-upstream-list.Jenkinsfile": Expect(
        "pipeline", ["0 */4 * * 1-5"],
        {(j("job1"), j(N16), "success", "cross", False),
         (j("job2"), j(N16), "success", "cross", False)}, {"JM304", "JM311"}),
    # properties([pipelineTriggers([cron('* * * * * ')])]) (trailing space kept verbatim);
    # line 4 ends with a stray ',' before `sh "do something"` on line 5.
    "18_jenkins-pipeline_scripted-cron-in-stage-invalid-groovy.Jenkinsfile": Expect(
        "pipeline", ["* * * * * "], set(), {"JM311", "JM312"}),
}


def parse(name: str, **options):
    path = CORPUS / name
    module = jenkins if name.endswith(".xml") else jenkinsfile
    options.setdefault("timezone", TZ)
    return module.parse(path.read_bytes(), path=str(path), options=ParseOptions(**options))


def test_every_corpus_file_has_a_case():
    files = {p.name for p in CORPUS.iterdir() if p.name != "PROVENANCE.md"}
    assert files == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_corpus_file(name):
    expect = CASES[name]
    result = parse(name)
    assert {f.code for f in result.findings} >= expect.file_codes
    if expect.unit_type is None:
        assert result.jobs == ()
        return
    (job,) = result.jobs
    assert job.unit_type == expect.unit_type
    assert [s.expression for s in job.schedules] == expect.specs
    assert all(s.flavor == "jenkins" and s.timezone == TZ and s.seed == job.name
               for s in job.schedules)
    assert {(d.predecessor, d.successor, d.condition.value, d.scope, d.wait)
            for d in result.dependencies} == expect.edges
    assert {f.code for f in job.findings} >= expect.codes
    assert "JM301" not in {f.code for f in job.findings}
    if expect.host is not None:
        assert job.host == expect.host
    if expect.concurrent is not None:
        assert job.concurrent is expect.concurrent
    assert all(f.source is not None and f.source.line for f in job.findings)


def test_01_upstream_edges_point_at_the_trigger_line():
    # <jenkins.triggers.ReverseBuildTrigger> opens on line 44 of the file (grep -n)
    result = parse("01_mozplatformqa_aurora-mac10_9-mac10_9.config.xml")
    assert {d.source.line for d in result.dependencies} == {44}


def test_01_shell_command_unescapes_entities():
    (job,) = parse("01_mozplatformqa_aurora-mac10_9-mac10_9.config.xml").jobs
    assert "firefox-latest-aurora.en-US.mac.dmg > firefox-latest-aurora" in job.command


def test_06_seed_is_the_job_name_when_given():
    (job,) = parse("06_mozplatformqa_firefox-nightly-linux64.config.xml",
                   job_name="firefox-nightly-linux64").jobs
    assert job.schedules[0].seed == "firefox-nightly-linux64"


def test_07_blocking_steps_keep_order_parameters_and_thresholds():
    (job,) = parse("07_paramtrigger-test_upstream_TriggerBuilder-blocking.config.xml").jobs
    steps = [(s["job"], s["parameters"], s["wait"]) for s in job.attributes["steps"]]
    assert steps == [(j("downstream1"), {"test": "test1"}, True),
                     (j("downstream2"), {"test": "test2"}, True),
                     (j("downstream1"), {"test": "test3"}, True)]
    assert job.attributes["block"][j("downstream2")] == {
        "build_step_failure": "FAILURE", "unstable": "UNSTABLE", "failure": "FAILURE"}


def test_08_boolean_parameters_ride_on_the_edge():
    (dependency,) = parse("08_paramtrigger-test_triggering_BuildTrigger-xml11.config.xml"
                          ).dependencies
    assert dict(dependency.parameters) == {"ok": "false"}


def test_11_inline_script_is_kept():
    (job,) = parse("11_workflow-job-test_p_flow-definition-inline-xml11.config.xml").jobs
    assert job.attributes["script"] == "input 'hangs forever'"


def test_13_options_and_computed_upstream():
    (job,) = parse("13_sampleJenkinsfile_declarative-upstream-cron-pollscm.Jenkinsfile").jobs
    assert job.timeout_seconds == 3600
    (computed,) = [f for f in job.findings if f.code == "JM306"]
    assert computed.source.line == 91
    assert '"fakeUpstreamProject/" + env.BRANCH_NAME.replaceAll("/", "%2F")' in computed.message


def test_15_parameter_sets_and_lines():
    (job,) = parse("15_work-flow-automation_parameterizedCron.Jenkinsfile").jobs
    # lines 4 and 5 of the spec text (line 1 is the empty text after ''')
    assert [dict(s.context) for s in job.schedules] == [
        {"parameters": {"GREETING": "Hola", "PLANET": "Pluto"}, "lines": (4,)},
        {"parameters": {"GREETING": "Namaste", "PLANET": "GURU"}, "lines": (5,)}]
    assert job.parameters == {"PLANET": "Earth", "GREETING": "Hello"}


def test_18_broken_groovy_is_reported_at_the_stray_comma():
    (job,) = parse("18_jenkins-pipeline_scripted-cron-in-stage-invalid-groovy.Jenkinsfile").jobs
    (problem,) = [f for f in job.findings if f.code == "JM312"]
    # line 4: `        sh "echo Hello ${NAME}",` — the comma is column 32
    assert (problem.source.line, problem.source.column) == (4, 32)
