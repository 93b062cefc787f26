"""config.xml parsing: the JENKINS_HOME fixture tree, XML quirks, names, edges.

Expected values below were written from the fixture files by hand
(tests/fixtures/jenkins/home), not copied from parser output.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobmig.catalogue import CATALOGUE
from jobmig.model import Condition, ParseResult
from jobmig.options import ParseOptions
from jobmig.parsers.jenkins import config as jenkins, shell as jenkins_shell
from jobmig.parsers.jenkins.names import name_from_path, resolve, root_fallback, split_names
from jobmig.parsers.jenkins.xmltree import java_name, load, text

sys.path.insert(0, str(Path(__file__).parent))  # tests/jenkins_tree.py
FIXTURES = Path(__file__).parent / "fixtures" / "jenkins"
HOME = FIXTURES / "home"
OPTIONS = ParseOptions(timezone="UTC", root=str(HOME))


def parse_file(path: Path, options: ParseOptions = OPTIONS) -> ParseResult:
    return jenkins.parse(path.read_bytes(), path=str(path), options=options)


def only_job(result: ParseResult):
    assert len(result.jobs) == 1, result
    return result.jobs[0]


def codes(findings) -> list[str]:
    return sorted(f.code for f in findings)


def edges(result: ParseResult) -> set[tuple[str, str, str, str, bool]]:
    return {(d.predecessor, d.successor, d.condition.value, d.scope, d.wait)
            for d in result.dependencies}


# -- names -----------------------------------------------------------------------
@pytest.mark.parametrize("relative, full_name, branch", [
    ("jobs/a/config.xml", "a", False),
    ("jobs/a/jobs/b/config.xml", "a/b", False),
    ("jobs/a/jobs/b/jobs/c d/config.xml", "a/b/c d", False),
    ("jobs/mb/branches/master/config.xml", "mb/master", True),
    ("jobs/f/jobs/mb/branches/dev/config.xml", "f/mb/dev", True),
], ids=["top", "nested", "space", "branch", "branch-in-folder"])
def test_full_name_follows_the_jobs_layout(relative, full_name, branch):
    guess = name_from_path(f"/home/jenkins/{relative}", "/home/jenkins")
    assert (guess.full_name, guess.exact, guess.branch) == (full_name, True, branch)


def test_full_name_when_the_jobs_folder_itself_is_the_root():
    assert name_from_path("/h/jobs/a/jobs/b/config.xml", "/h/jobs").full_name == "a/b"


def test_lone_config_xml_is_named_after_its_parent_folder_and_flagged():
    result = parse_file(FIXTURES / "lone" / "xxe.config.xml", ParseOptions())
    job = only_job(result)
    assert job.name == "xxe"  # x.config.xml → x
    assert "JM310" in codes(job.findings)
    guess = name_from_path("/tmp/export/myjob/config.xml", None)
    assert (guess.full_name, guess.exact) == ("myjob", False)


def test_job_name_option_names_a_lone_file():
    path = FIXTURES / "lone" / "xxe.config.xml"
    job = only_job(parse_file(path, ParseOptions(job_name="team/xxe")))
    assert job.id == "jenkins:team/xxe" and "JM310" not in codes(job.findings)


@pytest.mark.parametrize("token, folder, expected", [
    ("b", "f", "f/b"),
    ("./b", "f", "f/b"),
    ("../b", "f/g", "f/b"),
    ("/x/y", "f", "x/y"),
    ("a//b", "", "a/b"),
    ("../b", "", None),
], ids=["sibling", "dot", "dotdot", "absolute", "empty-segment", "above-root"])
def test_relative_names_resolve_like_jenkins_getitem(token, folder, expected):
    assert resolve(token, folder) == expected


def test_root_fallback_only_for_plain_names():
    assert root_fallback("x/y") == "x/y"
    assert root_fallback("../x") is None


@pytest.mark.parametrize("value, names", [
    ("a,b,", ["a", "b"]), ("tobetriggered, ", ["tobetriggered"]), (" a , b ", ["a", "b"]),
    ("", []),
], ids=["trailing-comma", "comma-space", "spaces", "empty"])
def test_project_lists_split_like_stringtokenizer(value, names):
    assert split_names(value) == names


def test_xstream_element_names_decode():
    assert java_name("hudson.plugins.build__timeout.BuildTimeoutWrapper") == \
        "hudson.plugins.build_timeout.BuildTimeoutWrapper"
    assert java_name("hudson.plugins.URLSCM.URLSCM_-URLTuple") == \
        "hudson.plugins.URLSCM.URLSCM$URLTuple"
    assert java_name("a___-b") == "a_$b"


# -- XML as Jenkins writes it ------------------------------------------------------
def test_xml_11_with_control_character_references_parses_losslessly():
    root = load(b"<?xml version='1.1' encoding='UTF-8'?><a>&#x1b;[1m &#1; x &amp;&amp; y</a>")
    assert text(root) == "\x1b[1m \x01 x && y"


def test_escaped_character_reference_is_left_alone():
    assert text(load(b"<a>&amp;#1;</a>")) == "&#1;"


def test_xxe_attempt_stays_inert(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    data = (b'<?xml version="1.0"?><!DOCTYPE project [<!ENTITY s SYSTEM "file://'
            + str(secret).encode() + b'">]><project><description>&s;</description>'
            b"<builders><hudson.tasks.Shell><command>echo &s;</command></hudson.tasks.Shell>"
            b"</builders></project>")
    result = jenkins.parse(data, path="x/config.xml", options=ParseOptions())
    job = only_job(result)
    assert "TOP-SECRET" not in repr(job)
    assert "JM323" in codes(job.findings)


def test_fixture_xxe_file_names_no_file_content():
    job = only_job(parse_file(FIXTURES / "lone" / "xxe.config.xml", ParseOptions()))
    assert job.command == "set -xe\necho "  # the entity reference is not expanded
    assert "root:" not in repr(job)


def test_malformed_xml_gives_one_finding_with_line_and_column():
    path = FIXTURES / "lone" / "broken.config.xml"
    result = parse_file(path, ParseOptions())
    assert result.jobs == ()
    (finding,) = result.findings
    assert finding.code == "JM301"
    # the file's <builders> on line 8 is closed by </project> on line 9
    assert finding.source.line == 9 and finding.source.column is not None
    # the place is the finding's source; the message does not say it again
    assert str(path) not in finding.message and "line 9" not in finding.message


@pytest.mark.parametrize("data", [b"", b"\x00\x01", b"<project>", b"not xml at all"],
                         ids=["empty", "binary", "unclosed", "text"])
def test_garbage_never_raises(data):
    result = jenkins.parse(data, path="jobs/x/config.xml", options=ParseOptions())
    assert codes(result.findings) == ["JM301"]


@pytest.mark.parametrize("data, path, score", [
    (b"<?xml version='1.1'?>\n<flow-definition plugin='x'>", "a.xml", 2),
    (b"<com.cloudbees.hudson.plugins.folder.Folder/>", "x", 2),
    # a name that says neither config.xml nor *.xml: the markup must be an XML document
    (b"<com.cloudbees.hudson.plugins.folder.Folder>", "x", 1),
    (b"<com.cloudbees.hudson.plugins.folder.Folder>", "x.xml", 2),
    (b"<beans/>", "config.xml", 1),
    (b"<beans/>", "pom.xml", 0),
], ids=["pipeline", "folder", "unclosed-odd-name", "unclosed-xml-name", "name-only",
        "other-xml"])
def test_detect(data, path, score):
    assert jenkins.detect(data, path) == score


# -- the fixture tree ---------------------------------------------------------------
def test_folders_are_recorded_not_jobs():
    result = parse_file(HOME / "jobs" / "etl" / "config.xml")
    assert result.jobs == () and codes(result.findings) == ["JM302"]


def test_multibranch_scan_is_not_a_schedule():
    result = parse_file(HOME / "jobs" / "mb" / "config.xml")
    assert result.jobs == () and codes(result.findings) == ["JM302", "JM303"]


def test_freestyle_job_fields():
    # extract/config.xml: TZ= spec (3 lines), 2 Shell steps, 4 parameters,
    # assignedNode "linux && !master", concurrentBuild true, timeout 30 min.
    job = only_job(parse_file(HOME / "jobs" / "etl" / "jobs" / "extract" / "config.xml"))
    assert job.id == "jenkins:etl/extract" and job.unit_type == "freestyle"
    assert job.host == "linux && !master" and job.concurrent is True and job.disabled is False
    assert job.timeout_seconds == 30 * 60
    assert job.parameters == {"TARGET_DATE": "yesterday", "FULL_LOAD": "false",
                              "REGION": "ap-northeast-1", "DB_PASSWORD": ""}
    steps = ["echo -e '\x1b[1mextract\x1b[0m' && ./extract.sh \"$TARGET_DATE\"", "./check.sh"]
    assert [step["command"] for step in job.attributes["steps"]] == steps
    assert job.command == jenkins_shell.script(steps)  # run the Jenkins way: test_jenkins_shell
    (schedule,) = job.schedules
    assert schedule.expression == "TZ=Asia/Tokyo\n# weekdays, early morning\nH 2 * * 1-5"
    assert (schedule.flavor, schedule.timezone, schedule.seed) == ("jenkins", "Asia/Tokyo",
                                                                   "etl/extract")
    assert {"JM006", "JM314"} <= set(codes(job.findings))
    assert [s["kind"] for s in job.attributes["steps"]] == ["shell", "shell"]
    assert job.source.line == 2


def test_core_build_trigger_resolves_relative_children():
    result = parse_file(HOME / "jobs" / "etl" / "jobs" / "extract" / "config.xml")
    # childProjects "load, ../reports/daily," threshold UNSTABLE, from folder etl
    assert edges(result) == {
        ("jenkins:etl/extract", "jenkins:etl/load", "unstable", "cross", False),
        ("jenkins:etl/extract", "jenkins:reports/daily", "unstable", "cross", False),
    }
    assert all(d.source.line == 55 for d in result.dependencies)


def test_pipeline_triggers_property_and_inline_script():
    result = parse_file(HOME / "jobs" / "etl" / "jobs" / "load" / "config.xml")
    job = only_job(result)
    assert job.unit_type == "pipeline" and job.concurrent is False  # DisableConcurrentBuilds
    assert [s.expression for s in job.schedules] == ["H H(0-2) * * *"]
    assert job.schedules[0].timezone == "UTC"  # from the options: no TZ= line
    assert job.host == "etl"  # node('etl') in the inline script
    assert edges(result) == {
        # ReverseBuildTrigger "extract", threshold FAILURE → completed
        ("jenkins:etl/extract", "jenkins:etl/load", "completed", "cross", False),
        # build job: '/reports/daily', wait: false (script line 5 → XML line 30)
        ("jenkins:etl/load", "jenkins:reports/daily", "success", "cross", False),
    }
    computed = [f for f in job.findings if f.code == "JM306"]
    assert len(computed) == 1 and '"${params.NEXT}"' in computed[0].message
    assert computed[0].source.line == 31


def test_batch_disabled_job_and_approximated_downstream_ext():
    result = parse_file(HOME / "jobs" / "reports" / "jobs" / "daily" / "config.xml")
    job = only_job(result)
    assert job.disabled is True and job.attributes["batch"] is True
    assert job.command == "call report.bat %DATE%"
    assert {"JM308", "JM315", "JM318"} <= set(codes(job.findings))
    # EXACT UNSTABLE fires on unstable only: nearest model condition is "unstable"
    assert edges(result) == {("jenkins:reports/daily", "jenkins:etl/extract", "unstable",
                              "cross", False)}


@pytest.mark.parametrize("folder, full_name", [
    ("master", "mb/master"), ("feature-x.k3j9", "mb/feature%2Fx"),
], ids=["plain", "mangled-dir"])
def test_branch_jobs_take_their_name_from_the_branch_head(folder, full_name):
    job = only_job(parse_file(HOME / "jobs" / "mb" / "branches" / folder / "config.xml"))
    assert job.name == full_name and job.attributes["definition"] == "branch"
    assert job.schedules[0].seed == full_name and job.schedules[0].expression == "@midnight"


def test_without_timezone_option_the_zone_is_left_open_and_reported():
    job = only_job(parse_file(HOME / "jobs" / "etl" / "jobs" / "load" / "config.xml",
                              ParseOptions(root=str(HOME))))
    assert job.schedules[0].timezone is None and "JM004" in codes(job.findings)


# -- triggers and edges built in memory ---------------------------------------------
def project(triggers: str = "", builders: str = "", publishers: str = "") -> bytes:
    return (f"<?xml version='1.1' encoding='UTF-8'?>\n<project><triggers>{triggers}</triggers>"
            f"<builders>{builders}</builders><publishers>{publishers}</publishers>"
            "</project>").encode()


def parse_project(data: bytes, name: str = "f/job") -> ParseResult:
    return jenkins.parse(data, path=f"/h/jobs/{name.replace('/', '/jobs/')}/config.xml",
                         options=ParseOptions(timezone="UTC", root="/h"))


PARAM_CRON = ("<org.jenkinsci.plugins.parameterizedscheduler.ParameterizedTimerTrigger>"
              "<spec></spec><parameterizedSpecification># c\nH 1 * * * %A=1;B=2\n"
              "H 2 * * *\nH 3 * * * % A = 1 ; B = 2 </parameterizedSpecification>"
              "</org.jenkinsci.plugins.parameterizedscheduler.ParameterizedTimerTrigger>")


def test_parameterized_cron_gives_one_schedule_per_parameter_set():
    job = only_job(parse_project(project(PARAM_CRON)))
    assert [dict(s.context) for s in job.schedules] == [
        {"parameters": {"A": "1", "B": "2"}, "lines": (2, 4)},
        {"parameters": {}, "lines": (3,)},
    ]
    assert {s.expression for s in job.schedules} == {"# c\nH 1 * * *\nH 2 * * *\nH 3 * * *"}


@pytest.mark.parametrize("xml, code", [
    ("<hudson.triggers.SCMTrigger><spec>H/5 * * * *</spec></hudson.triggers.SCMTrigger>",
     "JM304"),
    ("<org.jenkinsci.plugins.fstrigger.triggers.FileNameTrigger><spec>* * * * *</spec>"
     "</org.jenkinsci.plugins.fstrigger.triggers.FileNameTrigger>", "JM305"),
    ("<com.cloudbees.jenkins.GitHubPushTrigger><spec></spec>"
     "</com.cloudbees.jenkins.GitHubPushTrigger>",
     "JM304"),
    ("<x.y.UnknownTrigger/>", "JM309"),
    ("<hudson.triggers.TimerTrigger><spec>TZ=Mars/Olympus\nH * * * *</spec>"
     "</hudson.triggers.TimerTrigger>", "JM307"),
    ("<hudson.triggers.TimerTrigger><spec># nothing\n</spec></hudson.triggers.TimerTrigger>",
     "JM307"),
], ids=["scm-poll", "plugin-poll", "push", "unknown", "bad-zone", "empty-spec"])
def test_triggers_that_are_not_schedules_become_findings(xml, code):
    job = only_job(parse_project(project(xml)))
    assert job.schedules == () and code in codes(job.findings)


@pytest.mark.parametrize("threshold, condition", [
    ("SUCCESS", "success"), ("UNSTABLE", "unstable"), ("FAILURE", "completed"),
])
def test_reverse_build_trigger_thresholds(threshold, condition):
    xml = (f"<jenkins.triggers.ReverseBuildTrigger><upstreamProjects>a, /b/c,"
           f"</upstreamProjects><threshold><name>{threshold}</name></threshold>"
           "</jenkins.triggers.ReverseBuildTrigger>")
    result = parse_project(project(xml))
    assert edges(result) == {("jenkins:f/a", "jenkins:f/job", condition, "cross", False),
                             ("jenkins:b/c", "jenkins:f/job", condition, "cross", False)}


@pytest.mark.parametrize("name, condition, approximated", [
    ("SUCCESS", "success", False), ("UNSTABLE", "unstable", True),
    ("UNSTABLE_OR_BETTER", "unstable", False), ("UNSTABLE_OR_WORSE", "failure", True),
    ("FAILED", "failure", False), ("FAILED_OR_BETTER", "completed", False),
    ("ALWAYS", "always", False),
])
def test_parameterized_trigger_conditions(name, condition, approximated):
    publisher = ("<hudson.plugins.parameterizedtrigger.BuildTrigger><configs>"
                 "<hudson.plugins.parameterizedtrigger.BuildTriggerConfig><configs>"
                 "<hudson.plugins.parameterizedtrigger.PredefinedBuildParameters>"
                 "<properties>A=1\n# c\nB = two</properties>"
                 "</hudson.plugins.parameterizedtrigger.PredefinedBuildParameters>"
                 "<hudson.plugins.parameterizedtrigger.CurrentBuildParameters/></configs>"
                 f"<projects>x, ${{DYN}}</projects><condition>{name}</condition>"
                 "</hudson.plugins.parameterizedtrigger.BuildTriggerConfig></configs>"
                 "</hudson.plugins.parameterizedtrigger.BuildTrigger>")
    result = parse_project(project(publishers=publisher))
    (dependency,) = result.dependencies
    assert dependency.condition.value == condition
    assert dict(dependency.parameters) == {"A": "1", "B": "two"}
    found = codes(only_job(result).findings)
    assert ("JM308" in found) is approximated
    assert "JM306" in found and "JM321" in found  # ${DYN}; CurrentBuildParameters


def test_trigger_builder_without_block_is_fire_and_forget():
    builder = ("<hudson.plugins.parameterizedtrigger.TriggerBuilder><configs>"
               "<hudson.plugins.parameterizedtrigger.BlockableBuildTriggerConfig>"
               "<projects>../up</projects><condition>ALWAYS</condition>"
               "</hudson.plugins.parameterizedtrigger.BlockableBuildTriggerConfig></configs>"
               "</hudson.plugins.parameterizedtrigger.TriggerBuilder>")
    result = parse_project(project(builders=builder), "f/g/job")
    assert edges(result) == {("jenkins:f/g/job", "jenkins:f/up", "always", "cross", False)}
    assert "JM320" in codes(only_job(result).findings)


def test_name_above_the_root_is_reported_without_an_edge():
    xml = ("<hudson.tasks.BuildTrigger><childProjects>../../x</childProjects>"
           "</hudson.tasks.BuildTrigger>")
    result = parse_project(project(publishers=xml), "f/job")
    assert result.dependencies == () and "JM322" in codes(only_job(result).findings)


def test_legacy_build_trigger_even_if_unstable():
    xml = ("<hudson.tasks.BuildTrigger><childProjects>x</childProjects>"
           "<evenIfUnstable>true</evenIfUnstable></hudson.tasks.BuildTrigger>")
    (dependency,) = parse_project(project(publishers=xml)).dependencies
    assert dependency.condition is Condition.UNSTABLE


def test_every_code_used_is_in_the_catalogue():
    source = "".join(p.read_text() for p in (Path(jenkins.__file__).parent).glob("jenkins*.py"))
    source += (Path(jenkins.__file__).parent / "jenkinsfile.py").read_text()
    import re
    for code in set(re.findall(r'"(JM\d{3})"', source)):
        assert code in CATALOGUE, code


def test_generated_tree_parses_to_its_manifest(tmp_path):
    from jenkins_tree import build_tree

    manifest = build_tree(tmp_path, 60)
    options = ParseOptions(timezone="UTC", root=str(tmp_path))
    found_jobs, found_edges, folders = {}, set(), 0
    for path in manifest.files:
        result = jenkins.parse(path.read_bytes(), path=str(path), options=options)
        folders += sum(f.code == "JM302" for f in result.findings)
        for job in result.jobs:
            found_jobs[job.name] = job.schedules[0].expression
        for dep in result.dependencies:
            found_edges.add((dep.predecessor[len("jenkins:"):], dep.successor[len("jenkins:"):]))
    assert found_jobs == manifest.jobs
    assert found_edges == {(up, down) for up, down, _ in manifest.edges}
    assert folders == len(manifest.folders)


@pytest.mark.parametrize("spec", ["5/15 * * * *", "H(0-3)/15 * * * *", "H * * * * # x",
                                  "@reboot", "H H * * MON"],
                         ids=["start-step", "step-too-big", "trailing-comment", "reboot",
                              "day-name"])
def test_specs_jenkins_rejects_become_errors_not_schedules(spec):
    pytest.importorskip("jobmig.timing.cron", reason="the cron engine validates specs")
    xml = f"<hudson.triggers.TimerTrigger><spec>{spec}</spec></hudson.triggers.TimerTrigger>"
    job = only_job(parse_project(project(xml)))
    assert job.schedules == ()
    (finding,) = [f for f in job.findings if f.code == "JM307"]
    assert spec in finding.message and finding.source.line == 2


def test_parameterized_tz_after_comments_is_moved_to_line_one():
    xml = ("<org.jenkinsci.plugins.parameterizedscheduler.ParameterizedTimerTrigger>"
           "<parameterizedSpecification># zone\nTZ=Asia/Tokyo\nH 1 * * * %A=1"
           "</parameterizedSpecification>"
           "</org.jenkinsci.plugins.parameterizedscheduler.ParameterizedTimerTrigger>")
    job = only_job(parse_project(project(xml)))
    (schedule,) = job.schedules
    assert schedule.expression == "TZ=Asia/Tokyo\n# zone\nH 1 * * *"
    assert schedule.timezone == "Asia/Tokyo" and schedule.context["lines"] == (3,)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_parser_never_raises_on_damaged_config_xml(data):
    original = (HOME / "jobs" / "etl" / "jobs" / "extract" / "config.xml").read_bytes()
    start = data.draw(st.integers(0, len(original)))
    end = data.draw(st.integers(start, min(len(original), start + 40)))
    junk = data.draw(st.binary(max_size=12) | st.sampled_from(
        [b"&#x1;", b"&#0;", b"<", b"&", b"]]>", b"<!DOCTYPE x>", b"\x00"]))
    damaged = original[:start] + junk + original[end:]
    result = jenkins.parse(damaged, path="jobs/x/config.xml", options=ParseOptions())
    assert len(result.jobs) + len(result.findings) >= 1


def test_naginator_becomes_a_retry_policy_and_join_is_reported():
    publishers = ("<com.chikli.hudson.plugin.naginator.NaginatorPublisher>"
                  "<regexpForRerun/><rerunIfUnstable>false</rerunIfUnstable>"
                  "<checkRegexp>false</checkRegexp><maxSchedule>3</maxSchedule>"
                  "<delay class='com.chikli.hudson.plugin.naginator.FixedDelay'><delay>120</delay>"
                  "</delay></com.chikli.hudson.plugin.naginator.NaginatorPublisher>"
                  "<join.JoinTrigger><joinProjects>final</joinProjects></join.JoinTrigger>")
    job = only_job(parse_project(project(publishers=publishers)))
    assert (job.retry.max_attempts, job.retry.interval_seconds) == (3, 120)
    assert [f.code for f in job.findings if "join" in f.message] == ["JM309"]


def naginator(inner: str) -> bytes:
    return project(publishers="<com.chikli.hudson.plugin.naginator.NaginatorPublisher>"
                   f"{inner}</com.chikli.hudson.plugin.naginator.NaginatorPublisher>")


def naginator_notes(job) -> list[str]:
    return [f.message for f in job.findings if f.code == "JM309" and "Naginator" in f.message]


@pytest.mark.parametrize("count", ["0", "", "-1"])
def test_naginator_without_a_limit_is_no_retry_but_a_manual_item(count):
    # The plugin re-runs "always" when maxSchedule <= 0 (NaginatorScheduleAction.shouldSchedule:
    # getMaxSchedule() <= 0 || retryCount < getMaxSchedule()); absent, the int field stays 0.
    inner = f"<maxSchedule>{count}</maxSchedule>" if count else ""
    job = only_job(parse_project(naginator(inner + "<delay class='com.chikli.hudson.plugin."
                                           "naginator.FixedDelay'><delay>30</delay></delay>")))
    assert job.retry is None
    (note,) = naginator_notes(job)
    assert "without limit" in note


def test_naginator_count_that_is_no_number_is_named():
    job = only_job(parse_project(naginator("<maxSchedule>three</maxSchedule>")))
    assert job.retry is None
    assert any("'three'" in note for note in naginator_notes(job))


def test_naginator_progressive_delay_retries_after_its_increment():
    # ProgressiveDelay.computeScheduleDelay adds `increment` per consecutive failure: the
    # first re-run waits one increment (90 s), later ones longer, which a fixed
    # IntervalSeconds cannot follow (a JM309 says so).
    job = only_job(parse_project(naginator(
        "<maxSchedule>2</maxSchedule><delay class='com.chikli.hudson.plugin.naginator."
        "ProgressiveDelay'><increment>90</increment><max>600</max></delay>")))
    assert (job.retry.max_attempts, job.retry.interval_seconds) == (2, 90)
    assert any("90 s × 1, 3, 6, 10" in note for note in naginator_notes(job))


def test_naginator_progressive_delay_capped_below_its_increment_waits_the_cap():
    # ProgressiveDelay.computeScheduleDelay (plugin source): n re-runs so far, delay =
    # increment * (n + 1) * (n + 2) / 2, then min(delay, max) when max > 0. With increment
    # 600 and max 300 every re-run waits 300 s (min(600, 300), min(1800, 300), ...).
    job = only_job(parse_project(naginator(
        "<maxSchedule>3</maxSchedule><delay class='com.chikli.hudson.plugin.naginator."
        "ProgressiveDelay'><increment>600</increment><max>300</max></delay>")))
    assert (job.retry.max_attempts, job.retry.interval_seconds) == (3, 300)
    assert not any("longer" in note for note in naginator_notes(job))


def test_naginator_without_a_delay_uses_the_plugins_default_progression():
    # NaginatorScheduleAction: delay null -> new ProgressiveDelay(5 * 60, 3 * 60 * 60).
    job = only_job(parse_project(naginator("<maxSchedule>4</maxSchedule>")))
    assert (job.retry.max_attempts, job.retry.interval_seconds) == (4, 300)


def test_naginator_rerun_of_unstable_builds_is_named():
    job = only_job(parse_project(naginator(
        "<rerunIfUnstable>true</rerunIfUnstable><maxSchedule>1</maxSchedule><delay class='com."
        "chikli.hudson.plugin.naginator.FixedDelay'><delay>10</delay></delay>")))
    assert (job.retry.max_attempts, job.retry.interval_seconds) == (1, 10)
    assert any("unstable" in note for note in naginator_notes(job))


def test_each_schedule_has_its_source_position():
    job = only_job(parse_file(HOME / "jobs" / "etl" / "jobs" / "load" / "config.xml"))
    # <hudson.triggers.TimerTrigger> opens on line 9 of load/config.xml
    assert job.attributes["schedule_sources"] == [
        f"{HOME / 'jobs' / 'etl' / 'jobs' / 'load' / 'config.xml'}:9"]


def test_a_matrix_project_keeps_its_axes_and_needs_a_person():
    # matrix.config.xml: a TextAxis DB (pg, mysql) and a LabelAxis (linux), a daily
    # timer and one shell step that reads $DB.
    job = only_job(parse_file(FIXTURES / "lone" / "matrix.config.xml", ParseOptions()))
    assert job.unit_type == "matrix"
    assert job.attributes["axes"] == {"DB": ["pg", "mysql"], "label": ["linux"]}
    assert [s.expression for s in job.schedules] == ["0 3 * * *"]
    (axes,) = [f for f in job.findings if f.code == "JM317"]
    assert "DB=2" in axes.message and axes.severity.job_status.value == "manual"
