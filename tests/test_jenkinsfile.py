"""Jenkinsfile / Job DSL scanning, the Groovy tokenizer, and merging into jobs.

Expected values are read off the scripts in each test (or the fixture files
under tests/fixtures/jenkins) by hand.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobmig.options import ParseOptions
from jobmig.parsers.jenkins import config as jenkins, jenkinsfile
from jobmig.parsers.jenkins.tokens import tokenize

FIXTURES = Path(__file__).parent / "fixtures" / "jenkins"
HOME = FIXTURES / "home"


def scan(script: str, path: str = "/src/Jenkinsfile", **options):
    options.setdefault("timezone", "UTC")
    return jenkinsfile.parse(script.encode(), path=path, options=ParseOptions(**options))


def only_job(result):
    assert len(result.jobs) == 1, result
    return result.jobs[0]


def codes(findings) -> list[str]:
    return sorted(f.code for f in findings)


def edges(result):
    return {(d.predecessor, d.successor, d.condition.value, d.scope, d.wait)
            for d in result.dependencies}


# -- tokenizer -----------------------------------------------------------------------
def test_tokenizer_ignores_brackets_in_strings_and_comments():
    _, problems = tokenize("a('(') // )\n/* ] */ b(\"[\") c('''\n)''')")
    assert problems == []


@pytest.mark.parametrize("source, where, words", [
    ("pipeline {\n  stages {\n", (1, 10), "never closed"),
    ("a(1]\n", (1, 4), "does not close '('"),
    ("x }\n", (1, 3), "nothing to close"),
    ("a('abc\n", (1, 3), "unterminated string"),
    ("/* open", (1, 1), "unterminated /* comment"),
    ('node {\n  sh "a",\n  sh "b"\n}\n', (2, 9), "stray ','"),
], ids=["unclosed", "mismatch", "extra-closer", "string", "comment", "stray-comma"])
def test_tokenizer_reports_broken_groovy_with_line_and_column(source, where, words):
    _, problems = tokenize(source)
    assert any((p.line, p.column) == where and words in p.message for p in problems), problems


@pytest.mark.parametrize("source", [
    'sh script: "x",\n   returnStdout: true\n',
    "def f = { a,\n b -> a }\n",
    "x = [1,\n 2]\n",
    "def r = s.replaceAll(/a\\/b/, 'c')\n",
], ids=["named-args-continue", "closure-params", "list", "slashy"])
def test_tokenizer_accepts_valid_groovy(source):
    assert tokenize(source)[1] == []


def test_gstring_with_interpolation_is_not_literal():
    tokens, _ = tokenize("""a("x ${y}", "p\\$q", 'r${s}')""")
    strings = [t for t in tokens if t.kind == "string"]
    assert [(t.value, t.literal) for t in strings] == [
        ("x ${y}", False), ("p$q", True), ("r${s}", True)]


# -- declarative and scripted pipelines ------------------------------------------------
DECLARATIVE = """\
pipeline {
    agent { label 'linux' }
    parameters {
        string(name: 'ENV', defaultValue: 'prod', description: 'where')
        booleanParam(name: 'DRY', defaultValue: false)
        choice(name: 'SIZE', choices: ['small', 'large'])
    }
    options {
        retry(2)
        timeout(time: 90, unit: 'MINUTES')
    }
    stages {
        stage('x') {
            steps {
                timeout(time: 5) { sh './slow.sh' }
                build job: 'child', parameters: [string(name: 'ENV', value: 'qa')]
                build job: 'async', wait: false, propagate: false
                build 'plain'
                build job: "child-${env.BRANCH}"
                // build job: 'commented'
            }
        }
    }
    triggers {
        cron('''TZ=Europe/Paris
H 4 * * *''')
        pollSCM('H/5 * * * *')
        upstream(upstreamProjects: 'up1, ../up2', threshold: hudson.model.Result.UNSTABLE)
        cron(env.SPEC)
    }
}
"""


def test_declarative_pipeline_is_read():
    result = scan(DECLARATIVE, path="/h/jobs/team/jobs/app/Jenkinsfile", root="/h")
    job = only_job(result)
    assert job.id == "jenkins:team/app" and job.unit_type == "pipeline"
    assert job.host == "linux"
    assert job.parameters == {"ENV": "prod", "DRY": "false", "SIZE": "small"}
    # retry(2): two runs in all, the second at once (the step has no delay; Step Functions'
    # least IntervalSeconds is 1)
    assert (job.retry.max_attempts, job.retry.interval_seconds) == (1, 1)
    assert job.timeout_seconds == 90 * 60
    (schedule,) = job.schedules
    assert (schedule.expression, schedule.timezone, schedule.seed) == (
        "TZ=Europe/Paris\nH 4 * * *", "Europe/Paris", "team/app")
    assert edges(result) == {
        ("jenkins:team/app", "jenkins:team/child", "success", "workflow", True),
        ("jenkins:team/app", "jenkins:team/async", "success", "cross", False),
        ("jenkins:team/app", "jenkins:team/plain", "success", "workflow", True),
        ("jenkins:team/up1", "jenkins:team/app", "unstable", "cross", False),
        ("jenkins:up2", "jenkins:team/app", "unstable", "cross", False),
    }
    child = next(d for d in result.dependencies if d.successor == "jenkins:team/child")
    assert dict(child.parameters) == {"ENV": "qa"}
    found = codes(job.findings)
    assert {"JM304", "JM306", "JM319", "JM320", "JM314"} <= set(found)
    assert "JM311" not in found
    assert job.attributes["step_options"][0]["option"] == "timeout"
    computed = next(f for f in job.findings if f.code == "JM306")
    assert '"child-${env.BRANCH}"' in computed.message and computed.source.line == 19


def test_scripted_properties_inside_a_stage():
    script = ("node('build') {\n  stage('a') {\n"
              "    properties([disableConcurrentBuilds(), pipelineTriggers([cron('@daily'), "
              "upstream('u', 'FAILURE')])])\n  }\n}\n")
    job = only_job(scan(script))
    assert job.concurrent is False and job.host == "build"
    assert [s.expression for s in job.schedules] == ["@daily"]


def test_parameterized_cron_in_a_jenkinsfile():
    script = ("pipeline { triggers { parameterizedCron('''\n  # x\n  H 1 * * * %A=1\n"
              "  H 2 * * * %A=2\n''') } }\n")
    job = only_job(scan(script))
    assert [(dict(s.context)["parameters"], s.context["lines"]) for s in job.schedules] == [
        ({"A": "1"}, (3,)), ({"A": "2"}, (4,))]
    assert job.schedules[0].expression == "\n# x\nH 1 * * *\nH 2 * * *\n"


def test_lone_jenkinsfile_is_named_after_its_file():
    job = only_job(scan("pipeline { }", path="/x/repo/Jenkinsfile"))
    assert job.name == "repo" and "JM311" in codes(job.findings)
    job = only_job(scan("pipeline { }", path="/x/nightly.groovy"))
    assert job.name == "nightly"


def test_job_name_option_names_the_jenkinsfile():
    job = only_job(scan("pipeline { }", path="/x/Jenkinsfile", job_name="a/b"))
    assert job.id == "jenkins:a/b" and "JM311" not in codes(job.findings)


@pytest.mark.parametrize("data", [b"", b"\xff\xfe\x00", b"pipeline {", b"'''", b"}}}}"],
                         ids=["empty", "binary", "unclosed", "string", "closers"])
def test_garbage_never_raises(data):
    result = jenkinsfile.parse(data, path="Jenkinsfile", options=ParseOptions())
    assert len(result.jobs) == 1


@pytest.mark.parametrize("data, path, score", [
    (b"pipeline {\n}", "Jenkinsfile", 2), (b"echo", "Jenkinsfile.prod", 1),
    (b"job('x') {}", "seed.groovy", 2), (b"pipeline {}", "README.md", 0),
], ids=["jenkinsfile", "name-only", "job-dsl", "other"])
def test_detect(data, path, score):
    assert jenkinsfile.detect(data, path) == score


# -- Job DSL ----------------------------------------------------------------------------
def test_job_dsl_script_defines_jobs_by_name():
    path = FIXTURES / "lone" / "seed.groovy"
    result = jenkinsfile.parse(path.read_bytes(), path=str(path),
                               options=ParseOptions(timezone="UTC"))
    jobs = {job.name: job for job in result.jobs}
    assert set(jobs) == {"nightly/backup", "nightly/verify"}
    backup = jobs["nightly/backup"]
    assert backup.unit_type == "freestyle" and backup.command == "set -xe\n./backup.sh"
    assert backup.host == "linux"
    assert [(s.expression, s.timezone) for s in backup.schedules] == [
        ("TZ=Europe/Berlin\nH 1 * * *", "Europe/Berlin")]
    assert "JM304" in codes(backup.findings)  # scm('H/15 * * * *')
    assert edges(result) == {
        ("jenkins:nightly/backup", "jenkins:nightly/verify", "unstable", "cross", False),
        ("jenkins:nightly/backup", "jenkins:nightly/verify", "success", "cross", False),
        ("jenkins:nightly/verify", "jenkins:nightly/notify", "success", "cross", False),
    }
    assert codes(result.findings) == ["JM302", "JM306"]  # folder('nightly'); job("…${suffix}")


# -- merging a Jenkinsfile into its config.xml job --------------------------------------
def test_jenkinsfile_in_the_job_folder_merges_into_the_job():
    options = ParseOptions(timezone="UTC", root=str(HOME))
    xml = HOME / "jobs" / "pj" / "config.xml"
    groovy = HOME / "jobs" / "pj" / "Jenkinsfile"
    results = [jenkins.parse(xml.read_bytes(), path=str(xml), options=options),
               jenkinsfile.parse(groovy.read_bytes(), path=str(groovy), options=options)]
    merged = jenkinsfile.finalize(results, options)
    jobs = [job for r in merged for job in r.jobs]
    assert [job.id for job in jobs] == ["jenkins:pj"]
    (job,) = jobs
    # cron('H 6 * * *') is also in config.xml: kept once
    assert [s.expression for s in job.schedules] == ["H 6 * * *"]
    assert job.concurrent is False and job.timeout_seconds == 2 * 3600
    assert job.retry.max_attempts == 2 and job.host == "docker"
    assert job.attributes["jenkinsfile"] == str(groovy)
    assert "JM325" in codes(job.findings)
    all_edges = {(d.predecessor, d.successor, d.wait) for r in merged for d in r.dependencies}
    assert all_edges == {("jenkins:etl/load", "jenkins:pj", False),
                         ("jenkins:pj", "jenkins:etl/extract", True)}
    assert jenkins.finalize(merged, options) == merged  # idempotent


def test_finalize_applies_the_root_fallback_for_plain_names():
    options = ParseOptions(timezone="UTC", root="/h")
    inside = scan("pipeline { triggers { upstream(upstreamProjects: 'top') } }",
                  path="/h/jobs/f/jobs/a/Jenkinsfile", root="/h")
    top = scan("pipeline { }", path="/h/jobs/top/Jenkinsfile", root="/h")
    merged = jenkinsfile.finalize([inside, top], options)
    (dependency,) = merged[0].dependencies
    assert dependency.predecessor == "jenkins:top"  # f/top does not exist; top does


def test_job_name_option_does_not_rename_jenkinsfiles_inside_a_tree():
    job = only_job(scan("pipeline { }", path="/h/jobs/a/Jenkinsfile", root="/h",
                        job_name="other"))
    assert job.id == "jenkins:a"


_GROOVY_BITS = ["pipeline", "{", "}", "(", ")", "[", "]", "'", '"', "'''", "/", "//", "/*",
                "*/", ",", "\n", " ", "cron", "build", "job:", "upstream", "$", "${", "\\",
                "parameterizedCron", "wait: false", "H * * * *", "%A=1", "options", "retry"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_GROOVY_BITS), max_size=60))
def test_scanner_never_raises_on_groovy_soup(parts):
    result = jenkinsfile.parse("".join(parts).encode(), path="Jenkinsfile",
                               options=ParseOptions())
    assert len(result.jobs) == 1
