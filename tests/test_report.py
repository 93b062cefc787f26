"""The readiness report: figures, findings, secrets, escaping and determinism in every rendering.

Plans are built by hand in ``report_fixtures`` (no parser involved), so these
tests pin the report's contract on plan.json alone.
"""
from __future__ import annotations

import copy
import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from tests.report_fixtures import INJECTED_COMMAND, INJECTED_NAME, SECRETS, large_plan, sample_plan

from jobmig.report import (FORMATS, build_report, exit_code, format_for, render, write_report,
                           write_reports)
from jobmig.report.html import MAX_OCCURRENCES
from jobmig.report.json_render import report_schema
from jobmig.report.layout import MAX_NODES, graph_view
from jobmig.report.markdown import md
from jobmig.report.terminal import print_report, progress
from jobmig.report.timing import DST, EVERY_MINUTE, SUB_MINUTE, job_risks


def terminal_text(plan: dict) -> str:
    console = Console(record=True, width=200, color_system=None, file=io.StringIO())
    print_report(build_report(plan), console)
    return console.export_text()


def all_renderings(plan: dict) -> dict[str, str]:
    texts = {fmt: render(plan, fmt) for fmt in FORMATS}
    texts["terminal"] = terminal_text(plan)
    return texts


@pytest.fixture(scope="module")
def plan() -> dict:
    return sample_plan()


@pytest.fixture(scope="module")
def texts(plan: dict) -> dict[str, str]:
    return all_renderings(plan)


# -- figures ------------------------------------------------------------------
def test_the_report_data_takes_its_figures_from_the_plan_summary(plan: dict) -> None:
    summary = build_report(plan).summary
    assert (summary.jobs, summary.auto, summary.review, summary.manual) == (9, 4, 3, 2)


def test_report_json_summary_equals_the_plan_summary(plan: dict, texts: dict) -> None:
    data = json.loads(texts["json"])
    assert data["summary"] == plan["summary"]
    assert data["notes"] == []


def test_report_json_validates_against_its_shipped_schema(texts: dict) -> None:
    jsonschema.validate(json.loads(texts["json"]), report_schema())


def test_report_html_summary_cards_equal_the_plan_summary(plan: dict, texts: dict) -> None:
    for key, value in plan["summary"].items():
        assert f'id="count-{key}" data-value="{value}"' in texts["html"]


def test_report_md_summary_row_equals_the_plan_summary(plan: dict, texts: dict) -> None:
    s = plan["summary"]
    row = next(line for line in texts["md"].splitlines() if line.startswith(f"| {s['jobs']} |"))
    assert re.findall(r"(\d+) \(", row) == [str(s["auto"]), str(s["review"]), str(s["manual"])]


def test_report_csv_has_one_row_per_job_and_the_status_counts_add_up(plan: dict,
                                                                      texts: dict) -> None:
    rows = [row for row in csv.DictReader(io.StringIO(texts["csv"])) if row["kind"] != "file"]
    assert len(rows) == plan["summary"]["jobs"]
    for status in ("auto", "review", "manual"):
        assert sum(row["status"] == status for row in rows) == plan["summary"][status]


def test_the_terminal_status_table_shows_the_plan_summary(plan: dict, texts: dict) -> None:
    for status in ("auto", "review", "manual"):
        assert re.search(rf"{status}\s+│\s+{plan['summary'][status]}\s", texts["terminal"])
    assert re.search(rf"total\s+│\s+{plan['summary']['jobs']}\s", texts["terminal"])


def test_per_source_totals_count_the_jobs_of_each_file(plan: dict) -> None:
    sources = {s.path: s for s in build_report(plan).sources}
    crontab = sources["exports/etc/crontab"].counts
    assert (crontab.jobs, crontab.auto, crontab.review, crontab.manual) == (4, 1, 1, 2)
    assert sources["exports/broken.bin"].skipped


def test_a_summary_that_disagrees_with_the_jobs_is_shown_and_noted() -> None:
    plan = sample_plan()
    plan["summary"]["manual"] = 5
    report = build_report(plan)
    assert report.summary.manual == 5
    assert any("summary.manual is 5" in note for note in report.notes)


# -- findings -----------------------------------------------------------------
def _where(finding: dict) -> str:
    source = finding.get("source") or {}
    if not source.get("path"):
        return ""
    return source["path"] + (f":{source['line']}" if source.get("line") is not None else "")


@pytest.mark.parametrize("fmt", ["md", "html", "json", "terminal"])
def test_every_finding_code_of_the_plan_appears_in_the_rendering(plan: dict, texts: dict,
                                                                  fmt: str) -> None:
    for finding in plan["findings"]:
        assert finding["code"] in texts[fmt], finding["code"]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_every_finding_occurrence_is_listed_with_its_place(plan: dict, texts: dict,
                                                           fmt: str) -> None:
    for finding in plan["findings"]:
        where = _where(finding)
        if where:
            assert (md(where) if fmt == "md" else where) in texts[fmt], where


def test_report_json_lists_every_finding_once_with_place_and_job(plan: dict, texts: dict) -> None:
    data = json.loads(texts["json"])
    seen = sorted((g["code"], o["where"], o["job"] or "") for g in data["findings"]
                  for o in g["occurrences"])
    jobs = {job["id"]: job for job in plan["jobs"]}
    expected = sorted((f["code"], _where(f) or _where(jobs.get(f.get("job"), {})), f.get("job") or "")
                      for f in plan["findings"])
    assert seen == expected


def test_job_findings_missing_from_the_top_level_list_are_still_reported() -> None:
    plan = sample_plan()
    plan["findings"] = [f for f in plan["findings"] if f.get("code") != "JM105"]
    codes = {g.code for g in build_report(plan).findings}
    assert "JM105" in codes


def test_each_job_row_in_csv_lists_its_finding_codes(plan: dict, texts: dict) -> None:
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(texts["csv"]))}
    for finding in plan["findings"]:
        if finding.get("job"):
            assert finding["code"] in rows[finding["job"]]["finding_codes"]


def test_each_job_row_in_csv_lists_its_findings_with_their_places(texts: dict) -> None:
    # report_fixtures.sample_plan: backup-db (crontab line 3) has JM006 and JM999 on
    # line 3; load's JM502 has no place of its own, so it is cited at the job (line 20).
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(texts["csv"]))}
    assert rows["crontab:exports/etc/crontab:3"]["findings"] == \
        "JM006 exports/etc/crontab:3; JM999 exports/etc/crontab:3"
    assert rows["jenkins:etl/load"]["findings"] == \
        "JM502 exports/jenkins/jobs/etl/jobs/load/config.xml:20"
    assert rows["jenkins:etl/extract"]["findings"] == ""


def test_csv_findings_without_a_job_are_on_file_rows_after_the_jobs(texts: dict) -> None:
    # sample_plan has two: JM002 on exports/broken.bin (no line), JM004 with no place.
    rows = list(csv.DictReader(io.StringIO(texts["csv"])))
    assert [row["kind"] for row in rows] == ["job"] * 6 + ["jobnet"] + ["job"] * 2 + ["file"] * 2
    files = [{key: value for key, value in row.items() if value} for row in rows[-2:]]
    assert files == [
        {"kind": "file", "source_path": "exports/broken.bin", "finding_codes": "JM002",
         "findings": "JM002 exports/broken.bin"},
        {"kind": "file", "finding_codes": "JM004", "findings": "JM004"},
    ]


def test_csv_keeps_a_finding_whose_job_the_plan_does_not_list() -> None:
    plan = sample_plan()
    plan["findings"].append({"code": "JM105", "severity": "manual", "message": "lost",
                             "source": {"path": "exports/etc/crontab", "line": 9},
                             "job": "crontab:exports/etc/crontab:9"})
    rows = list(csv.DictReader(io.StringIO(render(plan, "csv"))))
    row = next(row for row in rows if row["source_path"] == "exports/etc/crontab"
               and row["kind"] == "file")
    assert row["findings"] == "JM105 exports/etc/crontab:9 (job crontab:exports/etc/crontab:9)"


def test_findings_carry_the_catalogue_title_and_remedy(plan: dict) -> None:
    groups = {g.code: g for g in build_report(plan).findings}
    assert groups["JM105"].title == "@reboot has no AWS schedule"
    assert "systemd" in groups["JM105"].remedy
    assert groups["JM999"].title.startswith("Finding code not in")


def test_findings_are_grouped_worst_severity_first(plan: dict) -> None:
    order = ["error", "manual", "review", "info"]
    severities = [g.severity for g in build_report(plan).findings]
    assert severities == sorted(severities, key=order.index)


# -- secrets ------------------------------------------------------------------
@pytest.mark.parametrize("fmt", [*FORMATS, "terminal"])
def test_no_secret_appears_in_any_rendering(texts: dict, fmt: str) -> None:
    leaked = [secret for secret in SECRETS if secret in texts[fmt]]
    assert leaked == []


def test_written_report_files_hold_no_secret(plan: dict, tmp_path: Path) -> None:
    for path in write_reports(plan, tmp_path):
        data = path.read_bytes().decode("utf-8")
        assert [s for s in SECRETS if s in data] == [], path.name


def test_redacted_commands_keep_everything_but_the_secret(plan: dict) -> None:
    commands = {job.name: job.command for job in build_report(plan).jobs}
    assert commands["backup-db"] == "mysqldump -uroot -p*** shop > /backup/shop.sql"
    assert commands["reboot-task"] == "TOKEN=*** /opt/start.sh --password ***"


@settings(max_examples=40, deadline=None)
@given(secret=st.text(alphabet="abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!_",
                      min_size=2, max_size=20).map(lambda tail: "s3Kr" + tail),
       form=st.sampled_from(["--password={}", "--password {}", "-p{}", "TOKEN={}", "API_KEY={}",
                             "Authorization: Bearer {}", "https://u:{}@host/x"]))
def test_a_secret_in_a_command_never_reaches_a_rendering_even_when_a_message_quotes_it(
        secret: str, form: str) -> None:
    plan = sample_plan()
    job = plan["jobs"][0]
    job["command"] = "mysql " + form.format(secret) + " db"
    leak = {"code": "JM106", "severity": "review", "message": f"saw {secret} in the command",
            "source": job["source"], "job": job["id"]}
    job["findings"] = job["findings"] + [leak]
    plan["findings"] = plan["findings"] + [leak]
    job["legacy_schedule"]["expression"] = f"30 2 * * * {secret}"
    for fmt, text in all_renderings(plan).items():
        assert secret not in text, fmt


# -- escaping -----------------------------------------------------------------
class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)


def test_html_escapes_names_and_commands_from_the_inputs(texts: dict) -> None:
    html = texts["html"]
    assert INJECTED_NAME not in html and "<img" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    parser = _Collector()
    parser.feed(html)
    assert parser.tags.count("script") == 2  # the job data and the page script, nothing injected
    assert "img" not in parser.tags and "b" in parser.tags  # <b> is ours (labels), never injected


def test_html_job_data_cannot_close_its_script_element(texts: dict) -> None:
    data = texts["html"].split('id="jobs-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data and ">" not in data
    rows = json.loads(data)
    assert any(row[1] == INJECTED_NAME for row in rows)
    assert INJECTED_COMMAND.split()[0] not in data  # commands are not in the table data


def test_markdown_escapes_html_and_keeps_table_cells_intact(texts: dict) -> None:
    text = texts["md"]
    assert "<script>" not in text and "<img" not in text
    jobs_table = text.split("## Jobs", 1)[1].strip().splitlines()
    cells = {len(re.split(r"(?<!\\)\|", line)) - 2 for line in jobs_table if line.startswith("| ")}
    # status, job, state machine (the AWS name beside the legacy one), source, legacy
    # schedule, AWS schedules, findings
    assert cells == {7}


def test_mermaid_labels_cannot_break_out_of_their_quotes() -> None:
    plan = sample_plan()
    plan["jobs"][0]["name"] = 'evil"] --> X[<b>boom</b>'
    text = render(plan, "md")
    block = text.split("```mermaid", 1)[1].split("```", 1)[0]
    label_line = next(line for line in block.splitlines() if "evil" in line)
    assert label_line.count('"') == 2 and "<b>" not in label_line


def test_csv_cells_that_start_like_a_formula_are_quoted_as_text() -> None:
    plan = sample_plan()
    plan["jobs"][0]["name"] = "=HYPERLINK(\"http://x\")"
    rows = list(csv.DictReader(io.StringIO(render(plan, "csv"))))
    assert {row["name"] for row in rows} >= {"'=HYPERLINK(\"http://x\")"}


# -- determinism --------------------------------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
def test_the_same_plan_gives_the_same_bytes(plan: dict, fmt: str) -> None:
    assert render(plan, fmt) == render(copy.deepcopy(plan), fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_order_of_the_plan_lists_does_not_change_the_report(plan: dict, fmt: str) -> None:
    shuffled = copy.deepcopy(plan)
    for key in ("jobs", "findings", "sources", "dependencies", "rules", "calendars"):
        shuffled[key].reverse()
    assert render(shuffled, fmt) == render(plan, fmt)


def test_written_files_are_byte_identical_across_runs(plan: dict, tmp_path: Path) -> None:
    first = {p.name: p.read_bytes() for p in write_reports(plan, tmp_path / "a")}
    second = {p.name: p.read_bytes() for p in write_reports(plan, tmp_path / "b")}
    assert first == second and sorted(first) == ["report.csv", "report.html", "report.json",
                                                 "report.md"]


# -- sections -----------------------------------------------------------------
def test_calendars_are_listed_with_their_horizon_and_the_jobs_they_gate(plan: dict) -> None:
    (calendar,) = build_report(plan).calendars
    assert (calendar.horizon_start, calendar.horizon_end) == ("2026-01-01", "2027-12-31")
    assert calendar.jobs == ("NET",) and calendar.days == 487


def test_cross_workflow_dependencies_say_how_they_are_realized(plan: dict) -> None:
    cross = {(d.from_name, d.to_name): d.realized_as for d in build_report(plan).cross_dependencies}
    assert cross == {("extract", "load"): "rule", ("backup-db", "load"): "join_gate",
                     ("NET", "extract"): "rule"}


@pytest.mark.parametrize("job, kind", [
    pytest.param({"schedules": [{"kind": "scheduler", "expression": "cron(30 2 ? * MON-FRI *)",
                                 "timezone": "America/New_York"}]}, DST, id="new-york-0230-dst"),
    pytest.param({"schedules": [{"kind": "scheduler", "expression": "cron(30 1 * * ? *)",
                                 "timezone": "Europe/London"}]}, DST, id="london-0130-dst"),
    pytest.param({"schedules": [{"kind": "rule", "expression": "cron(0 9 * * ? *)",
                                 "timezone": "UTC"}],
                  "legacy_schedule": {"timezone": "Europe/Paris"}}, DST, id="utc-rule-of-paris"),
    pytest.param({"schedules": [{"kind": "scheduler", "expression": "rate(1 minute)",
                                 "timezone": "UTC"}]}, EVERY_MINUTE, id="rate-1-minute"),
    pytest.param({"legacy_schedule": {"flavor": "vixie", "expression": "* * * * *"},
                  "command": "/bin/a; sleep 20; /bin/a"}, SUB_MINUTE, id="sleep-loop"),
])
def test_timing_risks_are_detected(job: dict, kind: str) -> None:
    assert kind in {risk.kind for risk in job_risks(job)}


@pytest.mark.parametrize("job", [
    pytest.param({"schedules": [{"kind": "scheduler", "expression": "cron(30 2 * * ? *)",
                                 "timezone": "Asia/Tokyo"}]}, id="tokyo-has-no-dst"),
    pytest.param({"schedules": [{"kind": "scheduler", "expression": "cron(0 9 * * ? *)",
                                 "timezone": "America/New_York"}]}, id="new-york-0900"),
    pytest.param({"legacy_schedule": {"flavor": "vixie", "expression": "*/5 * * * *"},
                  "command": "sleep 30; x"}, id="every-five-minutes-with-sleep"),
])
def test_jobs_without_timing_risks_are_not_flagged(job: dict) -> None:
    assert job_risks(job) == []


def test_older_plans_without_optional_fields_still_render() -> None:
    plan = {"jobs": [{"id": "a", "status": "auto"}, {"id": "b"}],
            "dependencies": [{"from": "a", "to": "b"}]}
    for fmt in FORMATS:
        assert render(plan, fmt)
    report = build_report(plan)
    assert (report.summary.jobs, report.summary.auto, report.summary.manual) == (2, 1, 1)
    assert render({}, "html").startswith("<!DOCTYPE html>")


def test_the_graph_of_a_large_estate_is_capped_and_says_so() -> None:
    report = build_report(large_plan(3000))
    view = graph_view(report)
    assert 0 < view.shown_nodes <= MAX_NODES < view.total_nodes
    assert f"Showing {view.shown_nodes:,} of {view.total_nodes:,}" in render(report, "html")


def test_a_dependency_group_larger_than_the_cap_is_cut_not_dropped() -> None:
    plan = {"jobs": [{"id": f"j{i:04d}", "status": "auto"} for i in range(MAX_NODES + 50)],
            "dependencies": [{"from": f"j{i:04d}", "to": f"j{i + 1:04d}"}
                             for i in range(MAX_NODES + 49)]}
    view = graph_view(build_report(plan))
    assert view.shown_nodes == MAX_NODES and view.columns[0] == ("j0000",)
    assert all(e.source in {n for c in view.columns for n in c} for e in view.edges)


def test_html_lists_at_most_max_occurrences_per_code_and_says_how_many_there_are() -> None:
    plan = sample_plan()  # holds one JM106, on crontab line 4
    extra = MAX_OCCURRENCES + 50
    plan["findings"] += [{"code": "JM106", "severity": "review", "message": f"percent {n}",
                          "source": {"path": "exports/many", "line": n}}
                         for n in range(1, extra + 1)]
    page = render(plan, "html")
    group = page.split('id="finding-JM106"', 1)[1].split("</details>", 1)[0]
    assert group.count("<tr><td") == MAX_OCCURRENCES
    assert f'<span class="count">{extra + 1}×</span>' in group
    assert f"Showing {MAX_OCCURRENCES} of {extra + 1} occurrences" in group
    listed = render(plan, "md").split("### JM106", 1)[1].split("### ", 1)[0]
    assert sum(line.startswith("| exports/") for line in listed.splitlines()) == extra + 1


def test_a_ten_thousand_job_html_report_stays_under_five_megabytes() -> None:
    html = render(large_plan(10_000), "html")
    assert len(html.encode("utf-8")) < 5_000_000


# -- files and policy ---------------------------------------------------------
@pytest.mark.parametrize("name, fmt", [("r.html", "html"), ("r.HTM", "html"), ("r.md", "md"),
                                       ("r.json", "json"), ("r.csv", "csv")])
def test_write_report_chooses_the_format_by_suffix(plan: dict, tmp_path: Path, name: str,
                                                   fmt: str) -> None:
    path = write_report(plan, tmp_path / "sub" / name)
    assert format_for(name) == fmt
    assert path.read_bytes().decode("utf-8") == render(plan, fmt)


def test_write_report_refuses_an_unknown_suffix(plan: dict, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="report format"):
        write_report(plan, tmp_path / "report.pdf")


def test_write_reports_refuses_an_unknown_format(plan: dict, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="pdf"):
        write_reports(plan, tmp_path, formats=("md", "pdf"))


def _policy_plan(auto: int, review: int, manual: int, findings: list | None = None) -> dict:
    return {"summary": {"jobs": auto + review + manual, "auto": auto, "review": review,
                        "manual": manual}, "findings": findings or []}


@pytest.mark.parametrize("plan, fail_on, code", [
    pytest.param(_policy_plan(3, 0, 0), "review", 0, id="all-auto-passes-review"),
    pytest.param(_policy_plan(3, 1, 0), "review", 1, id="review-fails-review"),
    pytest.param(_policy_plan(3, 1, 0), "manual", 0, id="review-passes-manual"),
    pytest.param(_policy_plan(3, 0, 1), "manual", 1, id="manual-fails-manual"),
    pytest.param(_policy_plan(3, 0, 1), "review", 1, id="manual-fails-review"),
    pytest.param(_policy_plan(3, 0, 1), None, 0, id="no-level-never-fails"),
    pytest.param(_policy_plan(3, 0, 0, [{"code": "JM002", "source": {"path": "x"}}]), "manual", 1,
                 id="unreadable-file-fails-manual"),
    pytest.param(_policy_plan(3, 0, 0, [{"code": "JM004", "source": None}]), "review", 0,
                 id="info-finding-passes"),
])
def test_exit_code_policy(plan: dict, fail_on: str | None, code: int) -> None:
    assert exit_code(plan, fail_on) == code


def test_exit_code_refuses_an_unknown_level() -> None:
    with pytest.raises(ValueError, match="--fail-on"):
        exit_code(_policy_plan(1, 0, 0), "auto")


def test_progress_draws_a_bar_on_a_terminal_and_nothing_elsewhere() -> None:
    for terminal, expect_output in ((True, True), (False, False)):
        out = io.StringIO()
        with progress(3, console=Console(file=out, force_terminal=terminal)) as advance:
            for _ in range(3):
                advance(1)
        assert bool(out.getvalue()) is expect_output


def test_the_terminal_lists_the_worst_findings_first_and_caps_them() -> None:
    console = Console(record=True, width=200, color_system=None, file=io.StringIO())
    print_report(build_report(sample_plan()), console, top=3)
    text = console.export_text()
    table, line = text.split("Findings: ", 1)
    assert "Top findings (3 of 9 codes)" in table and "JM002" in table and "JM004" not in table
    # the six codes left out are named under the table, with their counts
    assert re.search(r"6 more codes not in the table: (\S+\s×1, ){5}\S+\s×1\.", line)
    assert re.search(r"JM004\s×1", line)
    # sample_plan's findings: 1 error (JM002), 4 manual, 3 review, 1 info (JM004)
    assert line.startswith("9 (1 error, 4 manual, 3 review, 1 info)")


def test_a_large_estate_shows_source_totals_per_format_and_every_skipped_file() -> None:
    # sample_plan: one crontab of 4 jobs, two Jenkins files of 1 job each, one
    # JP1 file of 3 jobs, and one unreadable file (see tests/report_fixtures.py).
    console = Console(record=True, width=200, color_system=None, file=io.StringIO())
    print_report(build_report(sample_plan()), console, max_sources=2)
    text = console.export_text()
    assert "5 files by format" in text
    assert re.search(r"1 files\s+│ crontab\s+│\s+4\s", text)
    assert re.search(r"2 files\s+│ jenkins\s+│\s+2\s", text)
    assert re.search(r"1 files\s+│ jp1\s+│\s+3\s", text)
    assert "exports/broken.bin" in text and "skipped: could not be read" in text
    assert "exports/jenkins/jobs/etl" not in text
