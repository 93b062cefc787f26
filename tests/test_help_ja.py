"""`jobmig --help` in Japanese: every help text has a Japanese entry, and the locale
(or a `--lang ja` on the command line) chooses the language of the help."""
from __future__ import annotations

import os
import re
import subprocess

import pytest
import typer

from jobmig.cli import app
from jobmig.help_i18n import help_language, help_texts
from jobmig.help_ja import HELP_JA
from tests.conftest import jobmig_command

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def test_every_help_text_of_the_command_line_has_a_japanese_entry():
    texts = set(help_texts(typer.main.get_command(app)))
    assert len(texts) > 40  # the walk reached the subcommands' options
    missing = sorted(text for text in texts if text not in HELP_JA)
    assert missing == []


def test_every_japanese_help_entry_is_japanese_and_still_used():
    texts = set(help_texts(typer.main.get_command(app))) | {"Show this message and exit."}
    for english, japanese in HELP_JA.items():
        assert JAPANESE.search(japanese), english
        assert english in texts, f"no help text says {english!r} any more"


@pytest.mark.parametrize("argv, environ, expected", [
    (["convert", "--help"], {"LANG": "ja_JP.UTF-8"}, "ja"),
    (["convert", "--help"], {"LANG": "C"}, "en"),
    (["convert", "--lang", "ja", "--help"], {"LANG": "C"}, "ja"),
    (["convert", "--lang=ja", "--help"], {}, "ja"),
    (["convert", "--lang", "en", "--help"], {"LANG": "ja_JP.UTF-8"}, "en"),
    (["convert", "--lang", "fr", "--help"], {"LANG": "ja_JP.UTF-8"}, "ja"),  # refused later
], ids=["ja-locale", "c-locale", "lang-ja", "lang-equals-ja", "lang-en-over-locale",
        "bad-lang-ignored"])
def test_the_help_language_comes_from_a_lang_on_the_command_line_then_the_locale(
        argv, environ, expected):
    assert help_language(argv, environ) == expected


def _help(lang_env: str, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, LANG=lang_env, COLUMNS="200", NO_COLOR="1", TERM="dumb")
    env.pop("LC_ALL", None)
    env.pop("LC_MESSAGES", None)
    return subprocess.run([*jobmig_command(), *args], env=env, capture_output=True,
                          text=True, timeout=120)


def test_convert_help_is_japanese_under_a_japanese_locale_and_english_under_c():
    japanese = _help("ja_JP.UTF-8", "convert", "--help")
    assert japanese.returncode == 0, japanese.stderr
    # the command's summary, an option's help, the layout words, click's --help
    assert "エクスポートしたジョブを" in japanese.stdout
    assert "出力先フォルダ" in japanese.stdout
    assert "使い方:" in japanese.stdout and "オプション" in japanese.stdout
    assert "このヘルプを表示して終了します。" in japanese.stdout
    assert "Output folder" not in japanese.stdout and "Usage:" not in japanese.stdout
    english = _help("C", "convert", "--help")
    assert english.returncode == 0, english.stderr
    assert "Output folder (created; see --force)." in english.stdout
    assert "Usage:" in english.stdout and not JAPANESE.search(english.stdout)


def test_lang_ja_on_the_command_line_gives_japanese_help_under_an_english_locale():
    done = _help("C", "audit", "--lang", "ja", "--help")
    assert done.returncode == 0, done.stderr
    assert "棚卸し" in done.stdout and "Inventory and migration" not in done.stdout
