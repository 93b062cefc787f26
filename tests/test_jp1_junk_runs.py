"""A run of junk on one line of a JP1 export is one syntax problem, read in time linear in
its length (jobmig.parsers.jp1.syntax): statements that are no 'key=value;', stray '}' at
the top level, blocks without a unit line. Counts, never time."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from jobmig.options import ParseOptions
from jobmig import parsers as registry
from jobmig.parsers.jp1 import syntax
from jobmig.parsers.jp1.syntax import parse_units

HEAD = "unit=N,,a,;\n{\n\tty=n;\n\tunit=J,,a,;\n\t{\n\t\tty=j;\n"  # J's body from line 7
TAIL = "\t}\n}\n"


def job(lines: str):
    """The params of job J, as (key, raw, line, column), and the issues, for body ``lines``."""
    roots, issues = parse_units(HEAD + lines + TAIL)
    j = roots[0].children[0]
    return [(p.key, p.raw, p.line, p.column) for p in j.params], issues


def test_words_without_an_equals_sign_up_to_a_semicolon_are_one_skipped_statement():
    params, issues = job("\t\tcm=x; a b c d;\n\t\tsc=y;\n")
    # line 7: two tabs, 'cm=x;' in columns 3-7, a blank, 'a' in column 9
    assert [(i.kind, i.line, i.column) for i in issues] == [("unexpected", 7, 9)]
    assert issues[0].message.endswith("found 'a'; the statement was skipped")
    assert [p[:3] for p in params] == [("ty", "j", 6), ("cm", "x", 7), ("sc", "y", 8)]


def test_junk_statements_in_a_row_are_one_problem_that_counts_them_and_their_characters():
    params, issues = job("\t\tsc=x; ;;; a;b; te=1;\n")
    # ';' ';' ';' ' a;' 'b;': five statements from column 9 to column 16 (8 characters)
    assert [(i.line, i.column) for i in issues] == [(7, 9)]
    assert "found ';'; it and the next 4 statements on this line" in issues[0].message
    assert issues[0].message.endswith("(8 characters, to column 16)")
    assert [p[:2] for p in params] == [("ty", "j"), ("sc", "x"), ("te", "1")]
    assert params[-1][2:] == (7, 18)


def test_a_quote_or_a_comment_inside_a_junk_run_does_not_end_it():
    line = 'a "x;y" b; c /* ; */ d; e=1;'
    params, issues = job("\t\t" + line + "\n")
    # 'a "x;y" b;' (10 characters), ' c /* ; */ d;' (13): two statements, 23 characters
    assert [(i.line, i.column) for i in issues] == [(7, 3)]
    assert "it and the next 1 statements" in issues[0].message
    assert issues[0].message.endswith("(23 characters, to column 25)")
    assert [p[:2] for p in params] == [("ty", "j"), ("e", "1")]
    assert params[-1][3] == 3 + line.index("e=1")


def test_a_junk_run_stops_at_the_line_end_a_brace_and_a_unit_line():
    params, issues = job("\t\t;;\n\t\t;\n\t\t;; unit=K,,a,;\n")
    # lines 7 and 8 are one run each; on line 9 the run stops before 'unit=' (which a job
    # cannot hold: that closes J, a problem of its own)
    runs = [(i.line, i.column) for i in issues if i.kind == "unexpected"]
    assert runs == [(7, 3), (8, 3), (9, 3)]
    assert "it and the next 1 statements" in issues[0].message
    assert issues[1].message.endswith("the statement was skipped")


def test_stray_closing_braces_in_a_row_on_a_line_are_one_problem():
    roots, issues = parse_units(HEAD + TAIL + "} } }}\n}\n")
    # line 9: braces in columns 1, 3, 5 and 6; line 10: one more
    assert [(i.kind, i.line, i.column) for i in issues] == [
        ("stray-brace", 9, 1), ("stray-brace", 10, 1)]
    assert issues[0].message == "4 '}' without a matching '{' in a row, to column 6; all were skipped"
    assert issues[1].message == "'}' without a matching '{'"
    assert [u.name for u in roots] == ["N"]


def test_blocks_without_a_unit_line_in_a_row_on_a_line_are_one_problem():
    params, issues = job("\t\t{}{ty=q;} {x}\n\t\tsc=y;\n")
    assert [(i.line, i.column) for i in issues] == [(7, 3)]
    assert "3 blocks '{...}' in a row" in issues[0].message
    assert [p[:2] for p in params] == [("ty", "j"), ("sc", "y")]


def test_a_line_of_100000_junk_tokens_gives_a_bounded_number_of_findings(tmp_path):
    n = 100_000
    text = (HEAD + "\t\t" + "a " * n + ";\n\t\t" + "a;" * n + "\n\t\t" + ";" * n + "\n\t\t"
            + "{}" * n + "\n" + TAIL + "}" * n + "\n")
    roots, issues = parse_units(text)
    assert [(i.line, i.column) for i in issues] == [(7, 3), (8, 3), (9, 3), (10, 3), (13, 1)]
    assert f"next {n - 1} statements" in issues[1].message
    assert f"{n} blocks" in issues[3].message and f"{n} '}}'" in issues[4].message
    path = str(tmp_path / "n.ajs")
    result = registry.parser_for("jp1").parse(text.encode(), path=path,
                                              options=ParseOptions(root=str(tmp_path)))
    found = list(result.findings) + [f for j in result.jobs for f in j.findings]
    assert len([f for f in found if f.code == "JM401"]) == 5
    assert len(found) < 20


_PIECES = [";", "a", "b=1;", "b =2;", " ", "\t", '"q;"', '"', "/*;*/", "/*", "*/", "{", "}",
           "{}", ",", "(", ")", "=", "unit", "unit=K,,a,;", "\n", "x/y", "#", "xunit", "unit ",
           "/unit", "=;", "0 1 * * * /x.sh\n", "\r\n", "\u3000", "\u00a0", "\x1c", "\u2028",
           "\u65e5\u672c", "b", "/*c*/"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30), st.booleans())
def test_junk_read_by_regex_reads_as_junk_read_token_by_token(pieces, in_unit):
    junk = "".join(pieces)
    if in_unit:
        text = HEAD + "\t\t" + junk + "\n\t\tsc=z;\n" + TAIL
    else:
        text = HEAD + TAIL + junk + "\nunit=M,,a,;\n{\n\tty=n;\n}\n"
    fast = _tree(text)
    saved = syntax._PLAIN_STARTS, syntax._BLOCK_RUN, syntax._BRACE_RUN, syntax._TOP_PLAIN_STARTS
    try:  # every run token by token
        syntax._PLAIN_STARTS = syntax._TOP_PLAIN_STARTS = frozenset()
        syntax._BLOCK_RUN = re.compile(r"(?!)")
        syntax._BRACE_RUN = re.compile(r"\}")
        slow = _tree(text)
    finally:
        (syntax._PLAIN_STARTS, syntax._BLOCK_RUN, syntax._BRACE_RUN,
         syntax._TOP_PLAIN_STARTS) = saved
    assert fast == slow


def _tree(text: str):
    roots, issues = parse_units(text)
    units = [(u.name, u.line, [(p.key, p.raw, p.line, p.column) for p in u.params])
             for root in roots for u in root.walk()]
    return units, [(i.kind, i.line, i.column, i.message) for i in issues]


def test_junk_over_many_lines_at_the_top_level_is_one_problem_and_the_next_unit_is_read():
    text = HEAD + TAIL + "x y; z\n" * 50_000 + "xunit=1; a/unit=2;\nunit=M,,a,;\n{\n\tty=n;\n}\n"
    roots, issues = parse_units(text)
    # HEAD and TAIL are lines 1-8; the junk starts at line 9, column 1
    assert [(i.kind, i.line, i.column) for i in issues] == [("unexpected", 9, 1)]
    assert [(u.name, u.line) for u in roots] == [("N", 1), ("M", 9 + 50_000 + 1)]


def test_a_unit_line_after_junk_and_a_no_break_space_is_read():
    # the tokenizer reads U+00A0 (and the other Unicode blanks) as blank between tokens, so
    # 'unit=K' after 'x; y;' starts a unit, whether the junk is read by regex or not
    text = "unit=N,,a,;\n{\n\tty=n;\n\tx; y;\u00a0unit=K,,a,;\n\t{\n\t\tty=j;\n\t}\n}\n"
    roots, issues = parse_units(text)
    assert [(u.name, u.line) for u in roots[0].walk()] == [("N", 1), ("K", 4)]
    # 'x;' and ' y;' are the junk: two statements, columns 2 to 6
    assert [(i.kind, i.line, i.column) for i in issues] == [("unexpected", 4, 2)]
    assert issues[0].message.endswith("it and the next 1 statements on this line, none of "
                                      "them 'key=value;', were skipped (5 characters, to "
                                      "column 6)")


def test_a_parameter_after_junk_and_a_unicode_blank_is_read():
    for blank in ("\u00a0", "\x1c", "\u2028", "\u2003"):
        params, issues = job("\t\tx;" + blank + "ab=2;\n")
        assert [p[:2] for p in params] == [("ty", "j"), ("ab", "2")], repr(blank)
        assert params[-1][2:] == (7, 6), repr(blank)  # tabs, 'x;', the blank: column 6
        assert issues[0].message.endswith("found 'x'; the statement was skipped"), repr(blank)


def test_a_parameter_after_junk_with_a_comment_before_its_equals_sign_is_read():
    # token by token, 'ab' followed (past the comment) by '=' starts a parameter
    params, issues = job("\t\tx; ab /* note */ = 2;\n")
    assert [p[:3] for p in params] == [("ty", "j", 6), ("ab", "2", 7)]
    assert params[-1][3] == 6  # two tabs, 'x;', a blank: 'ab' in column 6
    assert [(i.line, i.column) for i in issues] == [(7, 3)]
    assert issues[0].message.endswith("found 'x'; the statement was skipped")


def test_a_junk_run_that_ends_its_line_counts_no_line_break_in_its_characters():
    params, issues = job("\t\ta;b;\n\t\tsc=y;\n")
    # 'a;b;' in columns 3 to 6 of line 7
    assert issues[0].message.endswith("(4 characters, to column 6)")
    assert [p[:2] for p in params] == [("ty", "j"), ("sc", "y")]


def test_a_unit_line_after_junk_on_the_same_line_is_read():
    # 'x unit=K,,a,;': the junk 'x' is skipped, not the unit line after it (ajsdefine would
    # refuse the line; the reader keeps K and its jobs rather than lose them under one issue)
    text = "unit=G,,a,;\n{\n\tty=g;\n\tx unit=K,,a,;\n\t{\n\t\tty=n;\n\t\tunit=J,,a,;\n" \
           "\t\t{\n\t\t\tty=j;\n\t\t}\n\t}\n}\n"
    roots, issues = parse_units(text)
    assert [(u.name, u.line) for u in roots[0].walk()] == [("G", 1), ("K", 4), ("J", 7)]
    assert [(i.kind, i.line, i.column) for i in issues] == [("unexpected", 4, 2)]
    # the same with a comma and with a comment before its '='
    for junk in ("x,unit=K,,a,;", "x unit /* c */ =K,,a,;"):
        roots, _ = parse_units(text.replace("x unit=K,,a,;", junk))
        assert [u.name for u in roots[0].walk()] == ["G", "K", "J"], junk
