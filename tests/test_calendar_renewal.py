"""The report's first page says when the Change Calendars must be renewed (issue 19, fault 9).

A Change Calendar holds the legacy run days only up to the end of --horizon;
after that its gated runs fail (JM562). The summary of every rendering
(terminal, Markdown, HTML; English and Japanese) names the last day and the
calendars. Expected dates are the horizon given on the command line, or the
horizons written by hand into a plan.
"""
from __future__ import annotations

import json
import re

from tests.conftest import run_jobmig

from jobmig.i18n import language
from jobmig.report.data import build_report, renewal_lines
from jobmig.report.html import render_html
from jobmig.report.markdown import render_markdown

# Both day fields restricted, the first starting with "*": cronie ANDs them, which no
# EventBridge cron can say, so each line becomes a daily schedule gated by a calendar.
CRONTAB = ("0 12 */2 * 1 root /usr/local/bin/audit-even-mondays\n"
           "30 6 */3 * 5 root /usr/local/bin/audit-fridays\n")
HORIZON = "2026-03-01:2026-09-30"
LAST_DAY = "2026-09-30"  # the END of HORIZON


def _convert(tmp_path, *extra: str):
    source = tmp_path / "in" / "etc" / "cron.d"
    source.mkdir(parents=True)
    (source / "audit").write_text(CRONTAB, encoding="utf-8")
    out = tmp_path / "out"
    run_jobmig("convert", str(tmp_path / "in"), "--out", str(out), "--timezone", "Asia/Tokyo",
               "--horizon", HORIZON, *extra, check=True)
    plan = json.loads((out / "plan.json").read_text("utf-8"))
    names = sorted(c["name"] for c in plan["calendars"])
    assert len(names) == 2  # one calendar per crontab line
    return out, names


def test_the_markdown_summary_gives_the_renewal_date_and_the_calendars(tmp_path):
    out, names = _convert(tmp_path)
    text = (out / "report.md").read_text("utf-8")
    first_page = text.split("## Sources")[0]
    assert "## Summary" in first_page
    assert (f"Change Calendars must be renewed by {LAST_DAY} ({', '.join(names)})"
            in first_page.replace("\\-", "-"))


def test_the_html_summary_gives_the_renewal_date(tmp_path):
    out, names = _convert(tmp_path)
    text = (out / "report.html").read_text("utf-8")
    summary = re.search(r'<section id="summary">.*?</section>', text, re.S).group(0)
    assert f"Change Calendars must be renewed by {LAST_DAY} ({', '.join(names)})" in summary


def test_the_japanese_reports_give_the_renewal_date_in_japanese(tmp_path):
    out, names = _convert(tmp_path, "--lang", "ja")
    markdown = (out / "report.md").read_text("utf-8").split("## 入力ファイル")[0]
    html = (out / "report.html").read_text("utf-8")
    summary = re.search(r'<section id="summary">.*?</section>', html, re.S).group(0)
    for page in (markdown.replace("\\-", "-"), summary):
        assert f"Change Calendar を {LAST_DAY} までに更新してください" in page
        assert all(name in page for name in names)


def test_the_terminal_report_gives_the_renewal_date_under_the_status_table(tmp_path):
    source = tmp_path / "in" / "etc" / "cron.d"
    source.mkdir(parents=True)
    (source / "audit").write_text(CRONTAB, encoding="utf-8")
    printed = run_jobmig("audit", str(source), "--timezone", "Asia/Tokyo", "--horizon", HORIZON,
                         check=True).stdout
    flat = " ".join(printed.split())
    assert f"Change Calendars must be renewed by {LAST_DAY}" in flat
    assert flat.index("Jobs by status") < flat.index("must be renewed")


def _plan(*calendars: tuple[str, str]) -> dict:
    return {"schema": "jobmig.plan/1", "jobs": [], "findings": [],
            "summary": {"jobs": 0, "auto": 0, "review": 0, "manual": 0},
            "calendars": [{"name": name, "type": "DEFAULT_CLOSED", "timezone": "UTC",
                           "horizon": ["2026-01-01", end]} for name, end in calendars]}


def test_calendars_ending_on_different_days_get_one_line_each_earliest_first():
    report = build_report(_plan(("cal-b", "2027-03-31"), ("cal-c", "2026-12-31"),
                                ("cal-a", "2026-12-31")))
    assert renewal_lines(report) == [
        "Change Calendars must be renewed by 2026-12-31 (cal-a, cal-c).",
        "Change Calendars must be renewed by 2027-03-31 (cal-b)."]
    with language("en"):
        assert "renewed by 2026-12-31 (cal-a, cal-c)" in render_markdown(report)
        assert "renewed by 2027-03-31 (cal-b)" in render_html(report)


def test_a_plan_without_calendars_says_nothing_about_renewal():
    report = build_report(_plan())
    assert renewal_lines(report) == []
    assert "renewed" not in render_markdown(report)
