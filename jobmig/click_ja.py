"""click's own command-line errors in Japanese.

click (the copy typer carries) writes its errors as English f-strings with no
translation hook: ``Error: No such option: --x``, ``Missing argument 'PATH...'.``,
``Invalid value for '--max-jobs': …``, the ``Try 'jobmig audit --help' for help.``
hint. :func:`japanese` rewrites such a text line by line from :data:`LINES` and
:data:`ERRORS` (regular expressions over click's wording, tried in order); a line
none of them knows stays as click wrote it, so a new click message is never lost.
:func:`show` prints a click error that way (the ``Usage:`` line itself is already
Japanese: :mod:`jobmig.help_i18n` sets it).
"""
from __future__ import annotations

import io
import re
import sys
from typing import Any, Callable

_KINDS = {"argument": "引数", "option": "オプション", "parameter": "パラメーター"}

# click's value errors (after "Invalid value for X: "), and typer's type checks
VALUES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"Input should be a valid integer.*"), "整数を指定してください"),
    (re.compile(r"Input should be a valid number.*"), "数値を指定してください"),
    (re.compile(r"Input should be a valid boolean.*"), "真偽値を指定してください"),
    (re.compile(r"Input should be a valid date.*"), "日付を指定してください"),
    (re.compile(r"(?P<value>'[^']*') is not one of (?P<choices>.+)\."),
     "{value} は {choices} のいずれでもありません。"),
    (re.compile(r"(?P<label>File|Directory|Path) (?P<loc>'[^']*') does not exist\."),
     "{loc} は存在しません。"),
    (re.compile(r"(?P<label>File|Directory|Path) (?P<loc>'[^']*') is a file\."), "{loc} はファイルです。"),
    (re.compile(r"(?P<label>File|Directory|Path) (?P<loc>'[^']*') is a directory\."),
     "{loc} はフォルダーです。"),
]


def _value(text: str) -> str:
    for pattern, japanese in VALUES:
        found = pattern.fullmatch(text)
        if found:
            return japanese.format(**found.groupdict())
    return text


def _missing(found: re.Match[str]) -> str:
    kind = _KINDS.get(found["kind"].lower(), found["kind"])
    return f"{kind} {found['name']} が指定されていません。"


# what follows "Error: "
ERRORS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"No such option: (?P<name>\S+) \(Possible options: (?P<options>.*)\)"),
     lambda m: f"そのようなオプションはありません: {m['name']} (候補: {m['options']})"),
    (re.compile(r"No such option: (?P<name>\S+)"),
     lambda m: f"そのようなオプションはありません: {m['name']}"),
    (re.compile(r"No such command (?P<name>'[^']*')\."),
     lambda m: f"そのようなコマンドはありません: {m['name']}"),
    (re.compile(r"Missing command\."), lambda m: "コマンドを指定してください。"),
    (re.compile(r"Missing (?P<kind>argument|option|parameter) (?P<name>'[^']*'(?: / '[^']*')*)\.?"),
     _missing),
    (re.compile(r"Option (?P<name>'[^']*') requires an argument\."),
     lambda m: f"オプション {m['name']} には値が必要です。"),
    (re.compile(r"Option (?P<name>'[^']*') requires (?P<n>\d+) arguments\."),
     lambda m: f"オプション {m['name']} には値が {m['n']} 個必要です。"),
    (re.compile(r"Option (?P<name>'[^']*') does not take a value\."),
     lambda m: f"オプション {m['name']} は値を取りません。"),
    (re.compile(r"Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)"),
     lambda m: f"余分な引数があります ({m['args']})"),
    (re.compile(r"Invalid value for (?P<hint>.+?): (?P<message>.*)"),
     lambda m: f"{m['hint']} の値が不正です: {_value(m['message'])}"),
    (re.compile(r"Invalid value: (?P<message>.*)"),
     lambda m: f"値が不正です: {_value(m['message'])}"),
]

# whole lines of click's error output
LINES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"Try (?P<command>'[^']*') for help\."),
     lambda m: f"詳しくは {m['command']} を実行してください。"),
    (re.compile(r"Error: (?P<rest>.*)"), lambda m: f"エラー: {_error(m['rest'])}"),
]


def _error(text: str) -> str:
    for pattern, render in ERRORS:
        found = pattern.fullmatch(text)
        if found:
            return render(found)
    return text


def japanese(text: str) -> str:
    """click's error output ``text`` with every line click's wording is known for in
    Japanese (other lines as they are)."""
    lines = []
    for line in text.split("\n"):
        for pattern, render in LINES:
            found = pattern.fullmatch(line)
            if found:
                line = render(found)
                break
        lines.append(line)
    return "\n".join(lines)


def show(error: Any) -> None:
    """Print a click error (one with ``show(file)``) on stderr in Japanese."""
    buffer = io.StringIO()
    error.show(file=buffer)
    sys.stderr.write(japanese(buffer.getvalue()))
