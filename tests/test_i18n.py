"""`--lang ja|en`: the catalogue and the reports in Japanese.

The catalogue test is the one that fails when a new finding code has no
Japanese entry beside its English one. The report tests look for English
left behind: every catalogue title of the English catalogue must be gone
from a Japanese report, and its headings must be Japanese.
"""
from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from jobmig import i18n
from jobmig.catalogue import CATALOGUE, CATALOGUE_JA
from jobmig.report import build_report, render
from jobmig.text_ja import JA
from tests.conftest import REPO, run_jobmig
from tests.report_fixtures import sample_plan

# Hiragana, katakana or a CJK ideograph: what any Japanese sentence contains
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_catalogue_code_has_a_japanese_title_explanation_and_remedy(code):
    assert code in CATALOGUE_JA, f"{code} has no entry in the *_ja module beside its area module"
    title, explanation, remedy = CATALOGUE_JA[code]
    for field, text in (("title", title), ("explanation", explanation), ("remedy", remedy)):
        assert JAPANESE.search(text), f"{code} {field} is not Japanese: {text!r}"


def test_the_japanese_catalogue_names_no_code_the_english_one_lacks():
    assert sorted(set(CATALOGUE_JA) - set(CATALOGUE)) == []


def _tr_literals() -> list[tuple[str, str]]:
    """(file, text) of every ``tr("...")`` call with a literal first argument."""
    found = []
    for path in sorted((REPO / "jobmig").rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "tr" \
                    and node.args and isinstance(node.args[0], ast.Constant):
                found.append((path.name, node.args[0].value))
    return found


def test_every_sentence_the_code_translates_has_a_japanese_entry():
    literals = _tr_literals()
    assert len(literals) > 50  # the scan found the report's sentences
    missing = sorted({f"{name}: {text!r}" for name, text in literals if text not in JA})
    assert missing == []


def test_a_japanese_entry_keeps_the_placeholders_of_its_english_sentence():
    for english, japanese in JA.items():
        assert sorted(re.findall(r"\{\w+\}", english)) == sorted(re.findall(r"\{\w+\}", japanese)), \
            english


@pytest.mark.parametrize("given, environ, expected", [
    (None, {}, "en"),
    (None, {"LANG": "ja_JP.UTF-8"}, "ja"),
    (None, {"LANG": "en_US.UTF-8"}, "en"),
    (None, {"LC_ALL": "C", "LANG": "ja_JP.UTF-8"}, "en"),  # LC_ALL wins over LANG
    ("en", {"LANG": "ja_JP.UTF-8"}, "en"),  # --lang wins over the locale
    ("JA", {}, "ja"),
], ids=["nothing", "japanese-locale", "english-locale", "lc-all-first", "option-first", "case"])
def test_the_language_comes_from_the_option_then_the_locale(given, environ, expected):
    assert i18n.resolve(given, environ) == expected


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="choose en or ja"):
        i18n.resolve("fr", {})


def test_a_japanese_markdown_report_has_japanese_headings_and_no_english_catalogue_title():
    plan = sample_plan()
    text = render(build_report(plan, "ja"), "md")
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings and all(JAPANESE.search(h) for h in headings), headings
    for group in build_report(plan, "en").findings:
        assert group.title not in text
    assert render(build_report(plan), "md").startswith("# Migration readiness report")


def test_a_japanese_html_report_says_lang_ja_and_the_english_one_lang_en():
    plan = sample_plan()
    assert '<html lang="ja">' in render(build_report(plan, "ja"), "html")
    assert '<html lang="en">' in render(build_report(plan), "html")


def test_findings_explains_a_code_in_japanese():
    done = run_jobmig("findings", "JM208", "--lang", "ja", check=True)
    title, explanation, remedy = CATALOGUE_JA["JM208"]
    assert title in done.stdout and "対処" in done.stdout
    assert CATALOGUE["JM208"].title not in done.stdout


def test_findings_speaks_japanese_under_a_japanese_locale_only_without_lang():
    import os
    import subprocess

    from tests.conftest import jobmig_command

    env = dict(os.environ, LANG="ja_JP.UTF-8", COLUMNS="200", NO_COLOR="1")
    env.pop("LC_ALL", None)
    env.pop("LC_MESSAGES", None)
    japanese = subprocess.run([*jobmig_command(), "findings", "JM105"], env=env,
                              capture_output=True, text=True, timeout=120)
    english = subprocess.run([*jobmig_command(), "findings", "JM105", "--lang", "en"], env=env,
                             capture_output=True, text=True, timeout=120)
    assert CATALOGUE_JA["JM105"][0] in japanese.stdout
    assert CATALOGUE["JM105"].title in english.stdout


def test_a_bad_lang_is_a_usage_error_of_one_line():
    done = run_jobmig("findings", "--lang", "fr")
    assert done.returncode == 2 and done.stderr.count("\n") == 1


def test_convert_writes_japanese_reports_with_lang_ja(tmp_path):
    out = tmp_path / "build"
    done = run_jobmig("convert", "samples/", "--out", str(out), "--timezone", "Asia/Tokyo",
                      "--lang", "ja", check=True)
    assert JAPANESE.search(done.stdout)
    report = (out / "report.md").read_text("utf-8")
    assert report.startswith("# 移行準備状況レポート")
    # the machine-readable outputs keep their keys and values
    data = json.loads((out / "report.json").read_text("utf-8"))
    assert data["findings"] and all(re.fullmatch(r"JM\d{3}", f["code"]) for f in data["findings"])
    plan = json.loads((out / "plan.json").read_text("utf-8"))
    assert {job["status"] for job in plan["jobs"]} <= {"auto", "review", "manual"}


def test_the_japanese_tables_translate_every_heading_the_html_shows():
    html = render(build_report(sample_plan(), "ja"), "html")
    for tag in ("h1", "h2", "th"):
        for text in re.findall(rf"<{tag}[^>]*>(.*?)</{tag}>", html):
            assert JAPANESE.search(text), f"<{tag}>{text}</{tag}> is not translated"


def test_japanese_sentences_stay_one_place_per_language():
    # the Japanese catalogue lives only in the *_ja modules beside the area modules
    folder = Path(i18n.__file__).parent / "catalogue"
    for module in sorted(folder.glob("*.py")):
        if module.name.endswith("_ja.py") or module.name.startswith("_"):
            continue
        assert not JAPANESE.search(module.read_text("utf-8")), module.name
        assert (folder / f"{module.stem}_ja.py").is_file(), f"{module.name} has no _ja module"


def test_a_japanese_audit_report_opens_in_chromium_with_lang_ja_and_no_english_title(tmp_path):
    from tests.test_report_html_browser import CHROMIUM, chromium

    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    page = tmp_path / "r.html"
    done = run_jobmig("audit", "samples/", "--timezone", "Asia/Tokyo", "--lang", "ja",
                      "--report", str(page))
    assert done.returncode == 0, done.stderr
    result = chromium(tmp_path, "--dump-dom", page.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    assert re.search(r'<html[^>]*lang="ja"', dom)
    assert re.search(r'<html[^>]*data-script="ok"', dom)  # the page script ran
    codes = set(re.findall(r'id="finding-(JM\d{3})"', dom))
    assert codes  # the samples do have findings
    for code in codes:
        assert CATALOGUE_JA[code][0] in dom
    for entry in CATALOGUE.values():
        assert entry.title not in dom, entry.code
    count = re.search(r'<span id="job-count"[^>]*>(.*?)</span>', dom).group(1)
    assert JAPANESE.search(count), count  # the script's own sentence is Japanese too


def test_a_japanese_report_shows_status_words_and_the_event_section_in_japanese(tmp_path):
    # the fixture's JP1 event units: 6 of 9 convert (orj, flwj, evsj, mlsj, htpj, evwj;
    # see test_run_events)
    out = tmp_path / "out"
    run_jobmig("convert", "tests/fixtures/jp1/event_units.ajs", "-o", str(out), "--lang", "ja",
               check=True)
    report = (out / "report.md").read_text("utf-8")
    assert "JP1 event and wait units" not in report and "Why not converted" not in report
    section = report.split("## JP1 のイベント・待ち合わせユニット", 1)[1].split("\n## ", 1)[0]
    assert "9 件中 6 件を変換しました" in section
    # status words as people read them; plan.json keeps the machine values
    assert "🔴 手作業" in report and "🔴 manual" not in report and "🟢 auto" not in report
    plan = json.loads((out / "plan.json").read_text("utf-8"))
    assert {job["status"] for job in plan["jobs"]} <= {"auto", "review", "manual"}
    html = (out / "report.html").read_text("utf-8")
    assert '<option value="manual">手作業</option>' in html
    assert "9 件中 6 件を変換しました" in html and "6 of 9 converted" not in html


def test_a_japanese_audit_says_status_and_severity_words_in_japanese(tmp_path):
    done = run_jobmig("audit", "samples/", "--timezone", "Asia/Tokyo", "--lang", "ja",
                      check=True)
    rows = {line.split("│")[1].strip() for line in done.stdout.splitlines()
            if line.startswith("│") and line.count("│") == 4}
    assert {"自動変換", "要確認", "手作業"} <= rows  # the jobs-by-status table
    assert not rows & {"auto", "review", "manual"}
    assert "(エラー 0、手作業 2、" in done.stdout and " info)" not in done.stdout


def test_verify_says_its_summary_in_japanese_with_lang_ja_and_keeps_the_tsv_header(tmp_path):
    out = tmp_path / "out"
    run_jobmig("convert", "samples/crontab", "-o", str(out), "--timezone", "Asia/Tokyo",
               check=True)
    done = run_jobmig("verify", str(out), "--days", "7", "--lang", "ja")
    assert done.returncode in (0, 1), done.stderr
    lines = done.stdout.splitlines()
    # scripts read the tab-separated header and result words: they stay English
    assert lines[0].split("\t") == ["job", "status", "result", "legacy runs", "AWS runs",
                                    "first difference"]
    assert "比較したジョブ" in lines[-1] and "compared jobs equivalent" not in lines[-1]
    english = run_jobmig("verify", str(out), "--days", "7", "--lang", "en")
    assert "compared jobs equivalent" in english.stdout.splitlines()[-1]


def test_diff_says_its_tables_and_change_ticket_in_japanese_with_lang_ja(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    run_jobmig("convert", "samples/crontab", "-o", str(old), check=True)
    run_jobmig("convert", "samples/crontab/etc", "-o", str(new), check=True)
    table = run_jobmig("diff", str(old), str(new), "--lang", "ja", check=True)
    # the job ids stay as they are; the words around them are Japanese
    assert "削除" in table.stdout and "removed" not in table.stdout
    ticket = run_jobmig("diff", str(old), str(new), "--lang", "ja", "--format", "md",
                        check=True)
    assert "## ジョブ" in ticket.stdout and "## Jobs" not in ticket.stdout
    same = run_jobmig("diff", str(new), str(new), "--lang", "ja", check=True)
    assert same.stdout.splitlines()[0] == "ジョブ: 追加、削除、変更されたジョブはありません。"
    english = run_jobmig("diff", str(new), str(new), "--lang", "en", check=True)
    assert english.stdout.splitlines()[0] == "Jobs: no job was added, removed or changed."


def test_a_word_with_two_meanings_takes_its_contexts_translation_then_the_plain_one():
    with i18n.language("ja"):
        assert i18n.tr("Jobs", context="diff") == JA["diff|Jobs"]
        assert i18n.tr("Jobs", context="nowhere") == JA["Jobs"]
    assert i18n.tr("Jobs", context="diff") == "Jobs"


def test_every_finding_row_of_a_japanese_report_sits_under_its_codes_japanese_title():
    text = render(build_report(sample_plan(), "ja"), "md")
    heading, rows = None, 0
    for line in text.splitlines():
        if line.startswith("### "):
            heading = line
        elif line.startswith("| ") and heading and re.match(r"### JM\d{3}: ", heading):
            if line.startswith("| 場所") or line.startswith("|---"):
                continue
            code = heading[4:9]
            if code in CATALOGUE_JA:  # the fixture also has a code of no catalogue entry
                assert CATALOGUE_JA[code][0] in heading.replace("\\", ""), heading
                rows += 1
    assert rows  # the sample plan has findings with places


def test_a_japanese_html_report_says_its_severity_badges_and_labels_in_japanese():
    html = render(build_report(sample_plan(), "ja"), "html")
    badges = re.findall(r'<span class="badge [a-z ]+">([^<]*)</span>', html)
    assert badges and all(JAPANESE.search(text) for text in badges), badges
    labels = re.findall(r'aria-label="([^"]*)"', html)
    assert labels and all(JAPANESE.search(text) for text in labels), labels
    english = render(build_report(sample_plan(), "en"), "html")
    assert re.search(r'<span class="badge (error|manual|review|info)">'
                     r'(error|manual|review|info)</span>', english)
