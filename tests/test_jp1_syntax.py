"""The JP1 unit-definition tokenizer and unit tree (jobmig.parsers.jp1.syntax)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobmig.parsers.jp1 import syntax as jp1_syntax
from jobmig.parsers.jp1.syntax import (EOF, STRING, WORD, SyntaxIssue, _blocks_of_lines, _Parser,
                                       iter_tokens, parse_units, tokenize)


def one_unit(text: str):
    roots, issues = parse_units(text)
    assert len(roots) == 1, (roots, issues)
    return roots[0], issues


def test_tokens_carry_line_and_column():
    tokens, issues = tokenize("unit=a,,,;\n{\n\tty=n;\n}\n")
    assert not issues
    ty = next(t for t in tokens if t.text == "ty")
    assert (ty.line, ty.column) == (3, 2)
    assert tokens[-1].type == EOF


def test_comments_are_dropped_and_lines_still_counted():
    tokens, _ = tokenize("/* a\ncomment */ unit=x,,,;")
    unit = tokens[0]
    assert (unit.text, unit.line, unit.column) == ("unit", 2, 12)


@pytest.mark.parametrize("written, value", [
    ('"bar baz ##sharp## #"quoted#""', 'bar baz #sharp# "quoted"'),
    ('"C:\\job1.bat"', "C:\\job1.bat"),  # backslashes are literal
    ('"watch#"#"##.txt"', 'watch""#.txt'),
    ('"a # b"', "a # b"),  # a lone cast character is kept
    ('""', ""),
])
def test_it_decodes_cast_character_escapes(written, value):
    tokens, issues = tokenize(written)
    assert not issues
    assert tokens[0].type == STRING and tokens[0].text == value


def test_unit_attribute_line_keeps_empty_fields():
    unit, issues = one_unit("unit=0001,,,;{ty=g;}")
    assert not issues
    assert (unit.name, unit.permission, unit.user, unit.group) == ("0001", "", "", "")


def test_unit_attribute_line_reads_all_four_fields():
    unit, _ = one_unit("unit=net,0755,jp1admin,grp;{ty=n;}")
    assert (unit.permission, unit.user, unit.group) == ("0755", "jp1admin", "grp")


@pytest.mark.parametrize("param, items", [
    ("ty=n;", ("n",)),
    ("el=0004,pj,+240 +144;", ("0004", "pj", "+240 +144")),
    ("ar=(f=A,t=B,seq);", (("f=A", "t=B", "seq"),)),
    ("cy=1,(1,d);", ("1", ("1", "d"))),
    ("st=1, 12:10;", ("1", "12:10")),
    ("flwc=c:d:s;", ("c:d:s",)),
    ("env=REGULAR=1;", ("REGULAR=1",)),
    ("prm=--regular;", ("--regular",)),
    ('xx=A,HAS SPACE,"Q S",();', ("A", "HAS SPACE", "Q S", ())),
    ("sz=12×8;", ("12×8",)),
])
def test_values_split_into_items(param, items):
    unit, issues = one_unit("unit=u,,,;{" + param + "}")
    assert not issues
    assert unit.params[0].items == items


def test_raw_text_is_kept_as_written():
    unit, _ = one_unit('unit=u,,,;{prm="a #"b#"";}')
    assert unit.params[0].raw == '"a #"b#""'
    assert unit.params[0].text == 'a "b"'


def test_repeated_and_unknown_keys_are_kept_in_order():
    unit, _ = one_unit("unit=u,,,;{ty=n;test=a,b;sd=1,en;sd=2,12;test=c;}")
    assert [p.key for p in unit.params] == ["ty", "test", "sd", "sd", "test"]
    assert [p.raw for p in unit.values("sd")] == ["1,en", "2,12"]
    assert unit.last("test").raw == "c"


def test_params_after_children_are_kept():
    unit, issues = one_unit("unit=n,,,;{ty=n;unit=j,,,;{ty=j;}fd=10;}")
    assert not issues
    assert unit.last("fd").raw == "10"
    assert [c.name for c in unit.children] == ["j"]


def test_crlf_and_lf_give_the_same_tree():
    text = "unit=n,,,;\n{\n\tty=n;\n\tunit=j,,,;\n\t{\n\t\tty=j;\n\t}\n}\n"
    lf, _ = parse_units(text)
    crlf, _ = parse_units(text.replace("\n", "\r\n"))
    assert [(u.name, u.line, u.column) for u in lf[0].walk()] == \
        [(u.name, u.line, u.column) for u in crlf[0].walk()]


def test_missing_semicolon_ends_the_statement_at_the_line_end():
    text = 'unit=n,,,;\n{\n\tcm="x"\n\tty=n;\n}\n'
    unit, issues = one_unit(text)
    assert [p.key for p in unit.params] == ["cm", "ty"]
    assert len(issues) == 1
    assert issues[0].kind == "missing-semicolon"
    assert (issues[0].line, issues[0].column) == (3, 8)
    assert "expected ';'" in issues[0].message


def test_colon_at_end_of_unit_line_is_reported_and_tolerated():
    unit, issues = one_unit("unit=j,,jp1user,:\n{\n ty=j;\n}\n")
    assert (unit.name, unit.user, unit.group) == ("j", "jp1user", "")
    assert issues[0].kind == "missing-semicolon" and "':'" in issues[0].message


def test_unit_without_equals_is_skipped_and_parsing_resumes():
    text = ("unit=n,,,;\n{\n ty=n;\n unit B,,,;\n {\n  ty=j;\n }\n"
            " unit=C,,,;\n {\n  ty=j;\n }\n}\n")
    unit, issues = one_unit(text)
    assert [c.name for c in unit.children] == ["C"]
    assert issues[0].kind == "bad-unit-header"
    assert (issues[0].line, issues[0].column) == (4, 2)
    assert issues[0].unit == "B"


def test_unterminated_string_stops_at_the_line_end():
    unit, issues = one_unit('unit=j,,,;\n{\n ty=j;\n te="/bin/x.sh;\n un="u";\n}\n')
    assert unit.last("un").text == "u"
    assert [i.kind for i in issues] == ["unterminated-string"]
    assert (issues[0].line, issues[0].column) == (4, 5)


def test_unterminated_brace_keeps_the_unit_and_says_where_it_opened():
    roots, issues = parse_units("unit=n,,,;\n{\n ty=n;\n unit=j,,,;\n {\n  ty=j;\n")
    assert [u.name for u in roots[0].walk()] == ["n", "j"]
    assert {(i.kind, i.line) for i in issues} == {("unterminated-brace", 2),
                                                 ("unterminated-brace", 5)}
    assert not roots[0].closed


def test_unit_inside_a_job_closes_the_job():
    text = "unit=n,,,;\n{\n ty=n;\n unit=a,,,;\n {\n  ty=j;\n unit=b,,,;\n {\n  ty=j;\n }\n}\n"
    unit, issues = one_unit(text)
    assert [c.name for c in unit.children] == ["a", "b"]
    assert issues[0].kind == "unterminated-brace" and issues[0].line == 7


def test_unterminated_comment_is_reported():
    _, issues = parse_units("unit=n,,,;{ty=n;}\n/* never closed\nunit=x,,,;{}")
    assert issues[0].kind == "unterminated-comment" and issues[0].line == 2


def test_stray_tokens_at_top_level_are_skipped_to_the_next_unit():
    roots, issues = parse_units("garbage here;\n}\nunit=a,,,;{ty=g;}")
    assert [r.name for r in roots] == ["a"]
    assert [i.kind for i in issues] == ["unexpected"]


def test_parameter_without_equals_is_skipped():
    unit, issues = one_unit("unit=a,,,;{ty=n;\n junk value;\n cm=x;}")
    assert [p.key for p in unit.params] == ["ty", "cm"]
    assert issues[0].kind == "unexpected" and issues[0].line == 2


def test_deep_nesting_does_not_recurse():
    depth = 5000
    text = "unit=n,,,;{ty=n;" * depth + "}" * depth
    roots, issues = parse_units(text)
    assert not issues
    assert sum(1 for _ in roots[0].walk()) == depth


_ALPHABET = st.sampled_from(list('unit=ty,;{}()"#/*\n\r\t abcn1:+@') + ["unit=", "ty=n;", "/*", "*/"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=80).map("".join))
def test_parse_units_never_raises(text):
    roots, issues = parse_units(text)
    for issue in issues:
        assert issue.line >= 1 and issue.column >= 1


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_tokens_always_end_with_eof(text):
    tokens, _ = tokenize(text)
    assert tokens[-1].type == EOF
    assert all(t.type != WORD or t.text for t in tokens)


_VALUE_PARTS = st.sampled_from(["a", "1", "b-2", "+240 +144", "2026/01/05", "x=y", " ", ",",
                                "(f=A,t=B,seq)", "(1,d)", "()", "c:d", "×"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_VALUE_PARTS, min_size=1, max_size=6).map("".join))
def test_fast_statement_path_reads_values_like_the_token_path(value):
    # 'k=/**/value;' cannot take the one-match statement path, so it is read token by token
    fast, fast_issues = parse_units("unit=u,,,;{k=" + value + ";}")
    slow, slow_issues = parse_units("unit=u,,,;{k=/**/" + value + ";}")
    assert fast_issues == slow_issues
    if fast and slow:
        assert fast[0].params[0][:3] == slow[0].params[0][:3]


def _token_by_token(text: str):
    """parse_units without its fast paths: the parser over the plain token stream."""
    issues: list[SyntaxIssue] = []
    roots = _Parser(text, iter_tokens(text, issues), issues).parse()
    issues.sort(key=lambda issue: (issue.line, issue.column))
    return roots, issues


# Lines as ajsprint writes them (a unit line and its '{' often together, so that most
# examples go deep) and lines that make the line reader hand over: several statements on a
# line, comments on and across lines, a missing ';' or '{', stray braces, a unit in a job.
_LINES = st.sampled_from([
    "unit=N,,jp1admin,;\n{\nty=n;", "unit=J,,,;\n{\nty=j;", "unit=J2,,,;\n\n{", "unit=G,,,;",
    "{", "}", "}", "ty=n;", "ty=j;", "ty=g;", 'te="/bin/x ; y";', 'cm="a#"b";',
    "ar=(f=J,t=J2,seq);", "sd=1,en;", "cy=1,(1,d);", "", "   ", "/* note */", "/**/",
    "/* open", "*/", "ty=n;cm=x;", "{ ty=n;", "ty=j", "unit x", "}}", "unit=,,,;", "k=v; /* c */",
    'cm="unterminated;', "\u3000ty=n;", "unit=U,,,;{", "/*/", "te=a=b;", "el=J,j,+80 +48;",
])


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["", "\t", "  \t", "\u3000"]), _LINES),
                max_size=25),
       st.sampled_from(["\n", "\r\n"]), st.booleans(), st.sampled_from([1, 5, 30, 1 << 20]))
def test_line_reader_reads_like_the_token_path(lines, newline, final_break, block):
    # the line reader and fast() are shortcuts: they must give the very same units, params,
    # positions and issues as the parser reading the token stream, wherever the text is
    # cut into blocks of lines
    text = newline.join(indent + line.replace("\n", newline + indent) for indent, line in lines)
    text += newline if final_break else ""
    saved, jp1_syntax._BLOCK = jp1_syntax._BLOCK, block
    try:
        assert parse_units(text) == _token_by_token(text)
    finally:
        jp1_syntax._BLOCK = saved


@pytest.mark.parametrize("text", [
    # a line read before, met again where it is not a parameter of the open unit
    "unit=A,,,;\n{\n\tty=n;\n}\n\tty=n;\nunit=B,,,;\n{\n}\n",
    "unit=A,,,;\n{\n\tty=n;\n\tunit=B,,,;\n\tty=n;\n\t{\n\t}\n}\n",
    "unit=A,,,;\n{\n\tty=j;\n\tunit=B,,,;\n\t{\n\tty=j;\n\t}\n}\n",
])
def test_line_reader_reads_repeated_lines_in_their_place(text):
    assert parse_units(text) == _token_by_token(text)


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("ab\n\r"), max_size=60), st.integers(1, 8))
def test_blocks_of_lines_split_the_text_at_every_line_break(text, block):
    saved, jp1_syntax._BLOCK = jp1_syntax._BLOCK, block
    try:
        blocks = list(_blocks_of_lines(text))
    finally:
        jp1_syntax._BLOCK = saved
    assert [line for b in blocks for line in b.lines] == text.split("\n")
    for b in blocks:  # each block knows where its first line is
        assert text.count("\n", 0, b.offset) == b.first_line - 1
        assert b.offset == 0 or text[b.offset - 1] == "\n"


def test_line_reader_reads_an_ajsprint_export_like_the_token_path():
    text = (
        "/* exported */\nunit=G,,jp1admin,;\n{\n\tty=g;\n\top=mo;\n\tunit=N,,,;\n\t{\n"
        "\t\tty=n;\n\t\tar=(f=A,t=B,seq);\n\t\tsd=1,*b;\n\t\tunit=A,,,;\n\t{\n\t\t\tty=j;\n"
        '\t\t\tte="/bin/a";\n\t\t}\n\t\tunit=B,,,;\n\t\t{\n\t\t\tty=j;\n\t\t}\n\t}\n}\n')
    roots, issues = parse_units(text)
    assert (roots, issues) == _token_by_token(text)
    assert not issues
    net = roots[0].children[0]
    assert [(c.name, c.line, c.column) for c in net.children] == [("A", 11, 3), ("B", 16, 3)]
    assert [(p.key, p.line, p.column) for p in net.params] == [
        ("ty", 8, 3), ("ar", 9, 3), ("sd", 10, 3)]
