"""Finding messages in Japanese: every message is made translatable where it is made,
every template has a Japanese entry, and a Japanese run says every message it prints
from that table while the English output stays byte for byte what it was.
"""
from __future__ import annotations

import json
import pickle
import re
import string

import pytest
from typer.testing import CliRunner

import jobmig.messages as messages
from jobmig import i18n
from jobmig.cli import app
from jobmig.messages import Message, joined, localize, msg, translated
from jobmig.messages_ja import MESSAGES_JA
from jobmig.model import Finding, SourceRef
from jobmig.redact import redact_tree
from tests import message_sites
from tests.conftest import REPO

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
ENGLISH_WORDS = re.compile(r"[A-Za-z]{2,} [a-z]{2,}")


def _fields(template: str) -> set[tuple[str, str | None, str]]:
    return {(name, conversion, spec) for _, name, spec, conversion in string.Formatter().parse(template)
            if name is not None}


# -- the source ------------------------------------------------------------------------

def test_every_finding_message_is_made_with_msg_where_the_finding_is_made():
    sinks = message_sites.sinks()
    assert {"Finding", "find", "note"} <= set(sinks)  # the checker follows the helpers
    assert [str(site) for site in message_sites.unwrapped()] == []


def test_the_checker_flags_a_bare_f_string_message(tmp_path, monkeypatch):
    bad = tmp_path / "jobmig"
    bad.mkdir()
    (bad / "bad.py").write_text('def f(x):\n    return Finding("JM001", f"odd {x}")\n'
                                'def g(x):\n    return Finding("JM001", msg("odd {x}", x=x))\n')
    monkeypatch.setattr(message_sites, "ROOT", tmp_path)
    assert [(site.path, site.line) for site in message_sites.unwrapped()] == [("jobmig/bad.py", 2)]


def test_every_msg_template_is_a_literal_with_a_japanese_entry_of_the_same_placeholders():
    found = message_sites.templates()
    assert len(found) > 300
    assert [str(site) for site, template in found if template is None] == []
    missing = sorted({template for _, template in found if template not in MESSAGES_JA})
    assert missing == []
    for _, template in found:
        assert _fields(MESSAGES_JA[template]) == _fields(template), template


def test_the_japanese_table_holds_no_template_the_code_no_longer_makes():
    used = {template for _, template in message_sites.templates()}
    assert sorted(set(MESSAGES_JA) - used) == []


def test_every_japanese_entry_of_an_english_sentence_is_written_in_japanese():
    for english, japanese in MESSAGES_JA.items():
        prose = re.sub(r"\{[^}]*\}", "", english)
        if ENGLISH_WORDS.search(prose):
            assert JAPANESE.search(japanese), (english, japanese)


# -- the Message type ------------------------------------------------------------------

def test_a_message_is_its_english_text_for_every_existing_consumer():
    message = msg("not valid UTF-8; read as {candidate}", candidate="cp932")
    assert message == "not valid UTF-8; read as cp932"
    assert hash(message) == hash("not valid UTF-8; read as cp932")
    assert json.dumps({"message": message}) == '{"message": "not valid UTF-8; read as cp932"}'
    finding = Finding("JM005", message, SourceRef("a.txt", 1, 1))
    assert str(finding) == "a.txt:1:1: JM005 not valid UTF-8; read as cp932"
    assert finding == Finding("JM005", "not valid UTF-8; read as cp932", SourceRef("a.txt", 1, 1))


def test_a_message_says_itself_in_japanese_and_falls_back_to_english():
    message = msg("not valid UTF-8; read as {candidate}", candidate="cp932")
    assert localize(message, "ja") == "UTF-8 として不正なため、cp932 として読みました"
    assert localize(message, "en") == message
    unknown = msg("a sentence nobody translated {x}", x=1)
    assert localize(unknown, "ja") == "a sentence nobody translated 1"
    assert localize("plain text", "ja") == "plain text"


def test_a_message_quoting_another_says_both_in_japanese():
    inner = msg("step 0 is invalid (must be 1 or more)")
    outer = msg("TimerTrigger: {message}", message=inner)
    assert outer == "TimerTrigger: step 0 is invalid (must be 1 or more)"
    assert localize(outer, "ja") == "TimerTrigger: ステップ 0 は不正です (1 以上が必要です)"
    assert translated(outer)
    assert not translated(msg("TimerTrigger: {message}", message=msg("untranslated")))


def test_a_concatenation_and_a_join_stay_translatable_part_by_part():
    text = msg("the start condition holds no wait job") + msg("; its schedule is created disabled")
    assert text == "the start condition holds no wait job; its schedule is created disabled"
    assert localize(text, "ja") == "起動条件に待ち合わせジョブがありません。スケジュールは無効の状態で作成します"
    words = joined(msg(" or "), [msg("created"), msg("deleted")])
    assert words == "created or deleted"
    assert localize(words, "ja") == "作成または削除"


def test_a_message_pickles_as_a_message_with_its_template():
    message = msg("{name}={value}", name="SHELL", value="/bin/bash")
    nested = msg("TimerTrigger: {message}", message=message) + msg("; its schedule is created disabled")
    for original in (message, nested):
        copy = pickle.loads(pickle.dumps(original, protocol=pickle.HIGHEST_PROTOCOL))
        assert type(copy) is type(original) and copy == original
        assert localize(copy, "ja") == localize(original, "ja")


def test_an_error_value_keeps_its_own_message():
    from jobmig.timing.cron import CronSyntaxError

    error = CronSyntaxError(msg("step 0 is invalid (must be 1 or more)"), field="minute")
    message = msg("spec {spec!r}: {error}", spec="*/0 * * * *", error=error)
    assert message == "spec '*/0 * * * *': minute: step 0 is invalid (must be 1 or more)"
    assert localize(message, "ja") == "スペック '*/0 * * * *': minute: ステップ 0 は不正です (1 以上が必要です)"
    pickle.loads(pickle.dumps(message))  # the exception itself is not kept


def test_replacing_a_path_in_a_value_keeps_the_message_translatable():
    message = msg("broken symbolic link to {path}", path="/data/in/x")
    moved = message.replace("/data/in", "in")
    assert moved == "broken symbolic link to in/x" and isinstance(moved, Message)
    assert localize(moved, "ja") == "in/x へのシンボリックリンクが切れています"
    # a replacement inside the template's own words gives the plain text
    plain = message.replace("broken", "dead")
    assert plain == "dead symbolic link to /data/in/x" and not isinstance(plain, Message)


def test_redaction_masks_a_secret_a_message_quotes_and_keeps_it_translatable():
    message = msg("{value} in the command of {name}", value="U+FFFD", name="mysql -pS3cretPassword db")
    tree = redact_tree({"findings": [{"message": message}]})
    masked = tree["findings"][0]["message"]
    assert "S3cretPassword" not in masked and "***" in masked
    assert isinstance(masked, Message)
    assert "S3cretPassword" not in localize(masked, "ja")


# -- a whole run -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def japanese_run(tmp_path_factory):
    """A Japanese audit of samples/ in this process, with every text said through
    :func:`jobmig.messages.localize` recorded."""
    folder = tmp_path_factory.mktemp("ja")
    said: list[str] = []
    original = messages.localize
    depth = [0]

    def spy(text, lang):
        if depth[0] == 0:
            said.append(text)
        depth[0] += 1
        try:
            return original(text, lang)
        finally:
            depth[0] -= 1

    outputs = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(messages, "localize", spy)
        runner = CliRunner()
        for name in ("report.md", "report.html"):
            result = runner.invoke(app, ["audit", str(REPO / "samples"), "--lang", "ja", "--no-cache",
                                         "--report", str(folder / name)])
            assert result.exit_code in (0, 1), result.output
            outputs[name] = (folder / name).read_text("utf-8")
        result = runner.invoke(app, ["convert", str(REPO / "samples"), "--lang", "ja", "--no-cache",
                                     "--out", str(folder / "out"), "--timezone", "Asia/Tokyo"])
        outputs["terminal"] = result.output
    return said, outputs


def test_a_japanese_run_says_every_finding_message_from_the_japanese_table(japanese_run):
    said, _ = japanese_run
    messages_said = [text for text in said if isinstance(text, Message)]
    assert len(messages_said) > 40  # the md and html reports list every finding
    assert [text for text in messages_said if not translated(text)] == []
    # the only plain texts said are skip reasons, which the sentence table translates
    assert all(text in i18n_table() for text in said if not isinstance(text, Message) and text)


def i18n_table() -> dict[str, str]:
    from jobmig.text_ja import JA

    return JA


def test_a_japanese_report_shows_the_japanese_message_and_not_the_english_one(japanese_run):
    _, outputs = japanese_run
    for name in ("report.md", "report.html"):
        text = outputs[name]
        assert "@reboot は crond の起動時に 1 回だけ実行されます" in text
        assert "@reboot runs once when crond starts" not in text
        assert "cron mailed its output to" not in text


def test_the_english_report_keeps_the_english_messages(tmp_path):
    result = CliRunner().invoke(app, ["audit", str(REPO / "samples"), "--lang", "en", "--no-cache",
                                      "--report", str(tmp_path / "r.md")])
    assert result.exit_code in (0, 1), result.output
    text = (tmp_path / "r.md").read_text("utf-8")
    assert "@reboot runs once when crond starts" in text
    assert "crond の起動時" not in text


def test_the_language_context_decides_what_say_gives():
    message = msg("@reboot runs once when crond starts")
    with i18n.language("ja"):
        assert i18n.say(message) == "@reboot は crond の起動時に 1 回だけ実行されます"
    assert i18n.say(message) == "@reboot runs once when crond starts"


def test_a_timing_risk_is_said_in_japanese_with_its_cron_text_kept():
    """The timing-risk table's detail column: every minute of hours 0 and 12."""
    from jobmig.report.timing import job_risks

    job = {"schedules": [{"expression": "cron(* 0/12 * * ? *)", "timezone": "UTC",
                          "kind": "schedule"}]}
    (risk,) = job_risks(job)
    assert risk.detail == "cron(* 0/12 * * ? *) fires every minute during hour(s) 0,12"
    with i18n.language("ja"):
        assert i18n.say(risk.detail) == "cron(* 0/12 * * ? *) は毎分起動します (0,12 時台)"
    assert pickle.loads(pickle.dumps(risk.detail)).template == risk.detail.template
