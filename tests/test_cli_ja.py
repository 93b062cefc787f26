"""The command line in Japanese: jobmig's usage errors, click's own error lines, the
progress labels and the plan values a report shows; English stays as it was."""
from __future__ import annotations

import os
import subprocess

import pytest
from typer.testing import CliRunner

from jobmig import cli, click_ja
from jobmig.cli import app
from tests.conftest import REPO, jobmig_command


def _run(*args: str, lang_env: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, COLUMNS="200", NO_COLOR="1", TERM="dumb")
    for key in ("LC_ALL", "LC_MESSAGES", "LANG"):
        env.pop(key, None)
    if lang_env:
        env["LANG"] = lang_env
    return subprocess.run([*jobmig_command(), *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=600)


def test_a_usage_error_of_jobmig_is_one_japanese_line_with_exit_code_2():
    done = _run("audit", "samples/", "--fail-on", "x", "--lang", "ja")
    assert done.returncode == 2
    assert done.stderr == "jobmig: --fail-on 'x': manual か review を指定してください\n"


def test_a_japanese_locale_says_the_usage_error_in_japanese_and_english_stays_english():
    japanese = _run("audit", "no-such-folder/", lang_env="ja_JP.UTF-8")
    assert japanese.returncode == 2
    assert japanese.stderr == "jobmig: no-such-folder/: ファイルもフォルダーもありません\n"
    english = _run("audit", "no-such-folder/")
    assert english.stderr == "jobmig: no-such-folder/: no such file or folder\n"


def test_clicks_unknown_option_error_is_japanese_under_lang_ja():
    done = _run("audit", "--nope", "samples/", "--lang", "ja")
    assert done.returncode == 2
    assert "エラー: そのようなオプションはありません: --nope (候補: --no-cache)" in done.stderr
    assert "詳しくは 'jobmig audit --help' を実行してください。" in done.stderr
    assert "Error:" not in done.stderr and "Try '" not in done.stderr
    english = _run("audit", "--nope", "samples/")
    assert "Error: No such option: --nope (Possible options: --no-cache)" in english.stderr


def test_clicks_missing_argument_error_is_japanese_under_lang_ja():
    done = _run("audit", "--lang", "ja")
    assert done.returncode == 2
    assert "エラー: 引数 'PATH...' が指定されていません。" in done.stderr


@pytest.mark.parametrize("english, japanese", [
    ("Error: Missing option '--out' / '-o'.", "エラー: オプション '--out' / '-o' が指定されていません。"),
    ("Error: Option '--timezone' requires an argument.",
     "エラー: オプション '--timezone' には値が必要です。"),
    ("Error: Option '--no-cache' does not take a value.",
     "エラー: オプション '--no-cache' は値を取りません。"),
    ("Error: Got unexpected extra argument(s) (a b)", "エラー: 余分な引数があります (a b)"),
    ("Error: No such command 'nosuch'.", "エラー: そのようなコマンドはありません: 'nosuch'"),
    ("Error: Invalid value for '--max-jobs': Input should be a valid integer, unable to parse "
     "string as an integer", "エラー: '--max-jobs' の値が不正です: 整数を指定してください"),
    ("Error: Invalid value for '--to': 'x' is not one of 'md', 'json'.",
     "エラー: '--to' の値が不正です: 'x' は 'md', 'json' のいずれでもありません。"),
])
def test_each_click_error_wording_has_its_japanese_line(english, japanese):
    assert click_ja.japanese(english) == japanese


def test_a_click_line_of_unknown_wording_stays_as_click_wrote_it():
    assert click_ja.japanese("Error: a wording click may add later\nUsage: x") == \
        "エラー: a wording click may add later\nUsage: x"


def test_the_progress_labels_follow_the_command_lines_language(monkeypatch):
    import jobmig.report.terminal as terminal

    seen = []
    monkeypatch.setattr(terminal, "progress", lambda total, description, console=None: seen.append(description))
    monkeypatch.setattr(cli.sys, "argv", ["jobmig", "audit", "x", "--lang", "ja"])
    cli._progress(True, 3, "Reading sources")
    cli._progress(True, 3, "Mapping schedules")
    monkeypatch.setattr(cli.sys, "argv", ["jobmig", "audit", "x", "--lang", "en"])
    cli._progress(True, 3, "Reading sources")
    assert seen == ["入力ファイルを読み込み中", "スケジュールを変換中", "Reading sources"]


def test_a_japanese_report_shows_plan_values_in_japanese_and_the_english_one_as_in_the_plan(tmp_path):
    runner = CliRunner()
    for lang in ("ja", "en"):
        result = runner.invoke(app, ["audit", str(REPO / "samples"), "--lang", lang, "--no-cache",
                                     "--report", str(tmp_path / f"{lang}.md")])
        assert result.exit_code in (0, 1), result.output
    japanese = (tmp_path / "ja.md").read_text("utf-8")
    english = (tmp_path / "en.md").read_text("utf-8")
    # the samples' Jenkins jobs trigger two others on success through event rules
    assert "| etl/nightly-etl | etl/refresh-cache | 正常終了 | EventBridge ルール |" in japanese
    assert "| etl/nightly-etl | etl/refresh-cache | success | event\\_rule |" in english
