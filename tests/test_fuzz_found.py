"""Problems the fuzzing harness (benchmarks/fuzz.py) found, each from its minimised input.

Memory is measured with tracemalloc (deterministic), never time.
"""
from __future__ import annotations

import tracemalloc

from hypothesis import given, settings
from hypothesis import strategies as st

from jobmig.messages import localize
from jobmig.options import ParseOptions
from jobmig import parsers as registry
from jobmig.parsers.jenkins import jenkinsfile
from jobmig.parsers.jenkins.calls import block_labels, find_calls, match_brackets
from jobmig.parsers.jenkins.tokens import MAX_PROBLEMS, PUNCT, tokenize


def test_a_nul_byte_in_one_jp1_unit_keeps_the_other_units(tmp_path):
    """Found by the harness: one NUL anywhere made the whole JP1 export "binary data"."""
    data = (b"unit=NET,,admin,;\n{\n\tty=n;\n"
            b"\tunit=A,,admin,;\n\t{\n\t\tty=j;\n\t\tsc=\"/opt/a.sh\";\n\t}\n"
            b"\tunit=B,,admin,;\n\t{\n\t\tty=j;\n\t\tsc=\"/opt/b\x00.sh\";\n\t}\n}\n")
    path = str(tmp_path / "net.ajs")
    result = registry.parser_for("jp1").parse(data, path=path, options=ParseOptions(root=str(tmp_path)))
    names = {job.name for job in result.jobs}
    assert {"NET/A", "NET/B"} <= names, names
    (b,) = [job for job in result.jobs if job.name == "NET/B"]
    damaged = [f for f in b.findings + result.findings if f.code == "JM010"]
    # the NUL is the 9th character of sc="/opt/b\0.sh" on line 12: column 3 + len('sc="/opt/b')
    assert damaged and damaged[0].source.line == 12 and damaged[0].source.column == 13, damaged
    assert not [f for f in result.findings if f.code == "JM002"]


def _nested(depth: int) -> str:
    """``stage('s0') { stage('s1') { ... sh 'x' ... } }`` ``depth`` deep."""
    return ("".join(f"stage('s{i}') {{\n" for i in range(depth)) + "sh('x')\n"
            + "}\n" * depth)


def test_block_labels_name_every_enclosing_block_outermost_first():
    source = "pipeline {\n options { retry(2) }\n stages { stage('a') { steps { sh 'x' } } }\n}\n"
    tokens, _ = tokenize(source)
    labels = block_labels(tokens, match_brackets(tokens))
    where = {t.text: i for i, t in enumerate(tokens) if t.text in ("retry", "sh")}
    assert labels[where["retry"]] == ("pipeline", "options")
    assert labels[where["sh"]] == ("pipeline", "stages", "stage", "steps")
    assert labels[0] == ()
    assert len(labels) == len(tokens)


def test_groovy_nesting_10000_deep_keeps_labels_in_linear_memory():
    """Found by the harness: one tuple per block level made memory grow with depth squared.

    10,000 levels as tuples of every enclosing label take about 10,000**2 / 2
    pointers (400 MB); the labels themselves are a few hundred KB.
    """
    depth = 10_000
    source = _nested(depth)
    tokens, _ = tokenize(source)
    partner = match_brackets(tokens)
    tracemalloc.start()
    try:
        labels = block_labels(tokens, partner)
        calls = find_calls(tokens, source, {"sh"})
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    (call,) = calls
    assert call.blocks == ("stage",) * depth
    assert labels[0] == () and labels[len(tokens) - 1] == ()
    assert peak < 40 * 1024 * 1024, peak


def test_a_call_at_every_level_of_10000_blocks_shares_the_labels_instead_of_copying():
    """A call on each of 10,000 levels: a tuple per call would hold 50 million labels."""
    depth = 10_000
    source = ("".join(f"retry({i}) {{\n" for i in range(depth)) + "sh('x')\n"
              + "}\n" * depth)
    tokens, _ = tokenize(source)
    tracemalloc.start()
    try:
        calls = find_calls(tokens, source, {"retry", "sh"})
        inner = calls[-1]
        found = ("retry" in inner.blocks, "options" in inner.blocks, len(inner.blocks),
                 inner.blocks[-1], inner.blocks[0], inner.blocks[-1:], bool(calls[0].blocks))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [c.name for c in calls] == ["retry"] * depth + ["sh"]
    assert found == (True, False, depth, "retry", "retry", ("retry",), False)
    assert len(calls[5].blocks) == 5 and calls[5].blocks == ("retry",) * 5
    assert list(calls[2].blocks) == ["retry", "retry"]
    assert peak < 60 * 1024 * 1024, peak


def test_block_paths_answer_like_tuples_of_their_labels():
    source = "pipeline {\n agent { label('x') }\n options { retry(2) }\n}\nnode('y')\n"
    tokens, _ = tokenize(source)
    found = {c.name: c.blocks for c in find_calls(tokens, source, {"label", "retry", "node"})}
    assert found["label"] == ("pipeline", "agent") and "agent" in found["label"]
    assert found["retry"][-1] == "options" and found["retry"][-2] == "pipeline"
    assert "agent" not in found["retry"] and found["retry"][::-1] == ("options", "pipeline")
    assert not found["node"] and len(found["node"]) == 0 and found["node"] == ()


def test_a_long_punctuation_run_is_read_one_token_per_operator():
    run = "=,;" * 50_000 + "**" * 1_000 + "?." * 10
    tokens, _ = tokenize("x\n" + run + "\ny")
    punct = [t.text for t in tokens if t.kind == PUNCT]
    assert punct == ["=", ",", ";"] * 50_000 + ["**"] * 1_000 + ["?."] * 10
    last = tokens[-1]
    assert (last.text, last.line, last.column) == ("y", 3, 1)
    assert tokens[-2].line == 2 and tokens[-3].column == len(run) - 1


def test_a_line_of_200000_brackets_gives_twenty_findings_and_one_that_counts_the_rest(tmp_path):
    data = ("pipeline {\n agent any\n stages { stage('a') { steps { sh 'x' } } }\n}\n"
            + "(" * 100_000 + "[" * 100_000 + "\n").encode()
    path = str(tmp_path / "Jenkinsfile")
    result = jenkinsfile.parse(data, path=path, options=ParseOptions(root=str(tmp_path)))
    found = [f for job in result.jobs for f in job.findings if f.code == "JM312"]
    found += [f for f in result.findings if f.code == "JM312"]
    assert len(found) == MAX_PROBLEMS + 1 == 21
    assert all("is never closed" in f.message for f in found[:MAX_PROBLEMS])
    # 200,000 unclosed brackets, 20 listed: 199,980 counted, at the 21st (line 5, column 21)
    assert "199980 more Groovy syntax problems" in found[-1].message, found[-1].message
    assert (found[-1].source.line, found[-1].source.column) == (5, 21)


def test_a_block_without_its_unit_line_inside_a_group_is_named_not_dropped(tmp_path):
    """Found by the harness (a deleted ``unit=`` line): the finding was moved onto the
    group, which is no job, and vanished: the jobnet and its jobs were lost unsaid."""
    data = ("unit=G,,admin,;\n{\n\tty=g;\n\t{\n\t\tty=n;\n"
            "\t\tunit=A,,admin,;\n\t\t{\n\t\t\tty=j;\n\t\t\tsc=\"/opt/a.sh\";\n\t\t}\n\t}\n}\n")
    path = str(tmp_path / "g.ajs")
    result = registry.parser_for("jp1").parse(data.encode(), path=path,
                                              options=ParseOptions(root=str(tmp_path)))
    said = [f for f in result.findings if f.code == "JM401"]
    said += [f for job in result.jobs for f in job.findings if f.code == "JM401"]
    # the '{' of the block whose unit line is missing (line 4, after one tab), and the
    # '}' left over at line 12 once the skip stopped at unit=A
    assert [(f.source.path, f.source.line, f.source.column) for f in said] == [
        (path, 4, 2), (path, 12, 1)]
    assert "skipped" in said[0].message
    (a,) = result.jobs  # A is kept, flagged: where it belongs was repaired
    assert a.name == "G/A" and {"JM406", "JM425"} <= {f.code for f in a.findings}


def test_braces_never_closed_in_one_jp1_job_do_not_swallow_the_units_after_it(tmp_path):
    """Found by the harness: 200,000 '{' in one job's block ate every unit after it."""
    data = ("unit=N,,admin,;\n{\n\tty=n;\n\tunit=D,,,;\n\t{\n\t\tty=j;\n\t\tsc=\"/opt/d.sh\";\n"
            + "{" * 1000 + "\n\t}\n\tunit=E,,,;\n\t{\n\t\tty=j;\n\t\tsc=\"/opt/e.sh\";\n\t}\n}\n"
            "unit=M,,,;\n{\n\tty=n;\n\tunit=F,,,;\n\t{\n\t\tty=j;\n\t\tsc=\"/opt/f.sh\";\n\t}\n}\n")
    path = str(tmp_path / "n.ajs")
    result = registry.parser_for("jp1").parse(data.encode(), path=path,
                                              options=ParseOptions(root=str(tmp_path)))
    commands = {job.command for job in result.jobs}
    assert {"/opt/e.sh", "/opt/f.sh"} <= commands, commands
    (d,) = [job for job in result.jobs if job.command == "/opt/d.sh"]
    # the first unclosed '{' (line 8, column 1) is said on D, the job it damages
    assert [(f.source.line, f.source.column) for f in d.findings if f.code == "JM401"] \
        == [(8, 1)]
    # every unit from the repair on is flagged for review: where it belongs was guessed
    after = [job for job in result.jobs if job.command in ("/opt/e.sh", "/opt/f.sh")]
    assert all("JM425" in {f.code for f in job.findings} for job in after)


def _convert(tmp_path, files: dict[str, str]) -> dict:
    import json

    from tests.conftest import run_jobmig

    folder = tmp_path / "in"
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    done = run_jobmig("convert", str(folder), "--out", str(tmp_path / "out"),
                      "--timezone", "UTC")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    return json.loads((tmp_path / "out" / "plan.json").read_text("utf-8"))


def test_a_line_of_1000_stray_braces_in_jp1_gives_one_finding_that_counts_them(tmp_path):
    """Found by the harness: 50,000 stray braces gave 250,000 findings and a timeout; then
    one problem per brace, built one by one before the cap folded them (2.5 million in a
    2.5 MB export took 20 s). A run of them on a line is one problem."""
    text = ("unit=N,,a,;\n{\n\tty=n;\n\tunit=A,,a,;\n\t{\n\t\tty=j;\n\t\tsc=\"/opt/a.sh\";\n"
            "\t}\n}\n" + "}" * 1000 + "\n")
    plan = _convert(tmp_path, {"net.ajs": text})
    said = [f for f in plan["findings"] if f["code"] == "JM401"]
    # all 1000 on line 10, columns 1 to 1000: one finding at the first that counts them
    assert [(f["source"]["line"], f["source"]["column"]) for f in said] == [(10, 1)]
    assert said[0]["message"].startswith("1000 '}' without a matching '{' in a row, to "
                                         "column 1000")
    assert {j["name"] for j in plan["jobs"]} == {"N", "N/A"}


def test_the_plan_lists_twenty_file_findings_of_one_code_per_file_then_counts_the_rest(tmp_path):
    good = [f"0 {i % 24} * * * /opt/job{i}.sh" for i in range(30)]
    short = [f"* * * /opt/short{i}.sh" for i in range(25)]  # lines 31-55: too few fields
    plan = _convert(tmp_path, {"ops": "\n".join(good + short) + "\n"})
    said = [f for f in plan["findings"] if f["code"] == "JM101"]
    assert [f["source"]["line"] for f in said] == list(range(31, 52))
    assert said[-1]["message"].startswith("5 more JM101 in this file from here on")
    assert len(plan["jobs"]) == 30


def test_the_cap_never_drops_a_finding_on_a_job_nor_one_just_over_the_limit():
    from jobmig.finding_cap import MAX_REPEATS, cap_repeated
    from jobmig.model import Finding, SourceRef

    on_jobs = [Finding("JM101", f"j{i}", SourceRef("f", i), f"job{i}") for i in range(50)]
    assert cap_repeated(on_jobs) == on_jobs
    one_over = [Finding("JM101", f"m{i}", SourceRef("f", i)) for i in range(MAX_REPEATS + 1)]
    assert cap_repeated(one_over) == one_over
    other_file = [Finding("JM101", "x", SourceRef("g", 1))]
    capped = cap_repeated(one_over + [Finding("JM101", "m", SourceRef("f", 99))] + other_file)
    assert [f.message for f in capped[:MAX_REPEATS]] == [f"m{i}" for i in range(MAX_REPEATS)]
    assert capped[MAX_REPEATS].message.startswith("2 more JM101 in this file")
    assert capped[MAX_REPEATS].source == SourceRef("f", MAX_REPEATS)
    assert capped[-1] == other_file[0] and len(capped) == MAX_REPEATS + 2


def test_a_cron_tz_with_thousands_of_slashes_is_an_unknown_zone_not_a_recursion_error(tmp_path):
    """Found by the harness: ``CRON_TZ=Asia/Tokyo<a>…</a>`` (1,000 ``</a>``) made the zone
    lookup import a package per ``/``-part and overflow the recursion limit."""
    zone = "Asia/Tokyo" + "<a>" * 1000 + "</a>" * 1000
    plan = _convert(tmp_path, {"etc/cron.d/billing": f"CRON_TZ={zone}\n0 1 * * * root /opt/x.sh\n"})
    (job,) = plan["jobs"]
    assert job["status"] != "auto"
    assert "JM201" in {f["code"] for f in job["findings"]}


def test_zone_names_are_checked_for_their_shape_before_the_database():
    import pytest
    from zoneinfo import ZoneInfoNotFoundError

    from jobmig.timing.zones import check_zone_name

    for good in ("Asia/Tokyo", "UTC", "Etc/GMT+9", "America/Argentina/Buenos_Aires",
                 "EST5EDT"):
        check_zone_name(good)
    for bad in ("Asia/Tokyo</a>", "a/b/c/d/e", "x" * 65, "", "Asia//Tokyo", "../etc/passwd"):
        with pytest.raises(ZoneInfoNotFoundError):
            check_zone_name(bad)


def test_junk_with_a_brace_between_jp1_units_does_not_swallow_the_next_unit(tmp_path):
    """Found by the harness (Groovy spliced between units): skipping the junk to the next
    ``unit=`` skipped its ``{`` block whole, and the unit inside it with it."""
    data = ("unit=N,,a,;\n{\n\tty=n;\n\tunit=J1,,a,;\n\t{\n\t\tty=j;\n\t\tsc=\"/opt/j1.sh\";\n"
            "\t}\n}\njunk { more junk\nunit=J2,,a,;\n{\n\tty=j;\n\tsc=\"/opt/j2.sh\";\n}\n")
    path = str(tmp_path / "n.ajs")
    result = registry.parser_for("jp1").parse(data.encode(), path=path,
                                              options=ParseOptions(root=str(tmp_path)))
    assert {job.command for job in result.jobs} >= {"/opt/j1.sh", "/opt/j2.sh"}
    said = [(f.source.line, f.source.column) for f in result.findings if f.code == "JM401"]
    said += [(f.source.line, f.source.column) for job in result.jobs for f in job.findings
             if f.code == "JM401"]
    assert said == [(10, 1)], said  # the junk, where it starts


def _parse(fmt: str, data: bytes, tmp_path, name: str):
    path = str(tmp_path / name)
    return registry.parser_for(fmt).parse(data, path=path, options=ParseOptions(root=str(tmp_path)))


def test_a_short_crontab_with_several_nuls_on_one_line_keeps_its_clean_lines(tmp_path):
    """Found by the harness: five NULs in a 67-byte crontab passed the 5 % control-byte share
    that marks binary data, and the two valid entries were lost with the damaged one."""
    data = (b"0 3 * * * /opt/d.sh\n0 4 * * * /opt/e.sh\n"
            b"\x000 5\x00 *\x00 * * /op\x00t/f\x00.sh\n")
    result = _parse("crontab", data, tmp_path, "jobs.crontab")
    assert sorted((job.name, job.source.line) for job in result.jobs) == [("d", 1), ("e", 2)]
    codes = {(f.code, f.source.line) for f in result.findings}
    assert ("JM101", 3) in codes and not [f for f in result.findings if f.code == "JM002"]


def test_bytes_with_many_control_characters_and_no_clean_entry_are_still_binary(tmp_path):
    """The clean-line rule keeps damaged text; data that has no clean cron entry (here an
    ELF-like header and random bytes, 1 in 10 of them control characters or more) is still
    not read as lines."""
    import random

    rng = random.Random(4)
    data = b"\x7fELF\x02\x01\x01\x00" + bytes(rng.randrange(256) for _ in range(4000))
    result = _parse("crontab", data, tmp_path, "root.crontab")
    assert not result.jobs
    assert [f.code for f in result.findings] == ["JM002"]


def test_units_inside_an_unclosed_jp1_comment_are_each_named_at_their_line(tmp_path):
    """Found by the harness: a flipped quote left ``flwf=/data/in/*.csv`` unquoted, its ``/*``
    opened a comment never closed, and the units after it vanished under one finding.
    Here the opening quote of ``flwf="/data/in/*.csv"`` is missing."""
    data = ("unit=G,,u,;\n{\n\tty=g;\n"
            "\tunit=N,,u,;\n\t{\n\t\tty=n;\n"
            "\t\tunit=W,,u,;\n\t\t{\n\t\t\tty=flwj;\n\t\t\tflwf=/data/in/*.csv\";\n\t\t}\n"
            "\t\tunit=A,,u,;\n\t\t{\n\t\t\tty=j;\n\t\t\tsc=\"/opt/a.sh\";\n\t\t}\n"
            "\t}\n}\n").encode()
    result = _parse("jp1", data, tmp_path, "net.ajs")
    # the comment opens at line 10; unit A's unit= line is line 12, "A" at column 8 (two tabs)
    everything = list(result.findings) + [f for job in result.jobs for f in job.findings]
    swallowed = [f for f in everything if "inside the comment" in f.message]
    assert [(f.source.line, f.source.column) for f in swallowed] == [(12, 8)], result.findings
    assert "unit A " in swallowed[0].message and "line 10" in swallowed[0].message
    assert swallowed[0].code == "JM427"


def test_every_unit_an_unclosed_comment_swallows_is_listed_past_the_per_file_cap(tmp_path):
    """Found by the harness: a deleted '*/' line left 30 units inside a comment, and the
    per-file cap of 20 folded the last of them into a count; each is a lost job."""
    units = "".join(f"unit=J{n},,u,;\n{{\n\tty=j;\n\tsc=\"/opt/{n}.sh\";\n}}\n" for n in range(30))
    result = _parse("jp1", ("/* a comment never closed\n" + units).encode(), tmp_path, "n.ajs")
    named = [f for f in result.findings if f.code == "JM427"]
    # unit J<n> stands on line 2 + 5n (five lines per unit after the comment's line)
    assert [(f.source.line, f.message.split()[1]) for f in named] == \
        [(2 + 5 * n, f"J{n}") for n in range(30)]


def test_a_jp1_unit_after_many_brace_problems_carries_one_jm425_of_the_first(tmp_path):
    """Found by the harness: a JP1 export of 1,500 units with duplicated lines took over
    20 s; each of the 20 brace problems it listed put a JM425 on every unit after it
    (27,000 findings, 60 MB written). A unit is review with one; each problem stays a
    finding of the file at its own line."""
    strays = 25
    data = ("unit=NET,,a,;\n{\nty=n;\n}\n" + "}\n" * strays + "unit=B,,a,;\n{\nty=n;\n"
            + "".join(f'unit=J{i},,a,;{{ty=j;sc="/opt/{i}.sh";}}\n' for i in range(40))
            + "}\n").encode()
    result = _parse("jp1", data, tmp_path, "n.ajs")
    # the stray braces stand on lines 5 to 29; B and its 40 jobs come after all of them
    after = [job for job in result.jobs if job.name == "B" or job.name.startswith("B/")]
    assert len(after) == 41
    for job in after:
        (repaired,) = [f for f in job.findings if f.code == "JM425"]
        assert repaired.source.line == 5 and "line 5" in repaired.message
    listed = sorted((f.source.line, f.message) for f in result.findings if f.code == "JM401")
    # the first 20 one by one, then the 21st (line 25) counts the 5 from there on
    assert [line for line, _ in listed] == list(range(5, 26))
    assert listed[-1][1].startswith("5 more syntax problems")


# -- the Jenkinsfile reader on multi-megabyte input of any format (the harness gives every
# input to every reader; a 2.5 MB line of '{' took 16 s, 10 MB of '<' 16 s) -------------

_PUNCT_CHARS = "()[]{},;:=!&|?+-*%<>~.@^#`"
_GROOVY_OPERATORS = ("==~", "->", "?.", "*.", "==", "!=", "<=", ">=", "&&", "||", "++", "--",
                     "+=", "-=", "<<", ">>", "=~", "?:", "..", "**")


def _greedy_split(run: str) -> list[tuple[str, int]]:
    """Reference reading of a punctuation run, written apart from the tokenizer: at each
    place the longest Groovy operator that starts there, else one character; with columns."""
    found, at = [], 0
    while at < len(run):
        longest = max((o for o in _GROOVY_OPERATORS if run.startswith(o, at)), key=len,
                      default=run[at])
        found.append((longest, at + 1))
        at += len(longest)
    return found


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=_PUNCT_CHARS, min_size=1, max_size=40), min_size=1,
                max_size=5))
def test_punctuation_runs_split_into_the_longest_operators_at_their_columns(lines):
    tokens, _ = tokenize("x\n" + "\n".join(lines))  # not first: '#!' there is a shebang
    got = [(t.text, t.line, t.column) for t in tokens if t.kind == PUNCT]
    want = [(text, number, column) for number, line in enumerate(lines, start=2)
            for text, column in _greedy_split(line)]
    assert got == want


def test_a_megabyte_line_of_braces_read_as_a_jenkinsfile_lists_twenty_problems_and_a_count(
        tmp_path):
    """Found by the harness (a JP1 export with a 2.5 MB line of '{' given to every reader):
    a message was written for each of the 2.5 million unclosed braces before 20 were kept."""
    braces = 1_000_000
    data = ("unit=NET,,admin,;\n" + "{" * braces + "\n").encode()
    path = str(tmp_path / "start_conditions.ajs")
    result = jenkinsfile.parse(data, path=path, options=ParseOptions(root=str(tmp_path)))
    (job,) = result.jobs
    found = [f for f in job.findings if f.code == "JM312"]
    # every brace of line 2 is never closed: columns 1..20 listed, the other 999,980 counted
    assert [(f.source.line, f.source.column) for f in found] == \
        [(2, column) for column in range(1, 22)]
    assert all(f.message == "'{' is never closed" for f in found[:20])
    assert "999980 more Groovy syntax problems" in found[20].message
    assert localize(found[0].message, "ja") != found[0].message  # still translatable


def test_the_problems_listed_are_the_first_in_source_order_whatever_check_found_them():
    """Mismatched closers, stray commas and unclosed openers are found by separate passes;
    the 20 listed are the first by place, as before the messages were deferred."""
    source = ("sh 'a',\nsh 'b'\n" + ")" * 5 + "\n" + "(]" * 3 + "\n" + "{" * 30 + "\n")
    _, problems = tokenize(source)
    places = [(p.line, p.column) for p in problems]
    # line 1: the stray comma at column 7; line 3: five ')' with nothing to close;
    # line 4: each ']' does not close its '(' and each '(' is never closed (columns 1-6);
    # then the braces of line 5, never closed
    expected = [(1, 7)] + [(3, c) for c in range(1, 6)] + [(4, c) for c in range(1, 7)]
    expected += [(5, c) for c in range(1, 1 + 20 - len(expected))]
    assert places[:20] == expected
    assert problems[0].message.startswith("stray ','")
    assert problems[1].message == "unexpected ')': nothing to close"
    assert problems[6].message == "'(' is never closed"
    assert problems[7].message == "']' does not close '(' opened at 4:1"


def test_a_build_step_whose_comma_is_followed_by_20000_blank_lines_keeps_its_next_argument(
        tmp_path):
    """A trailing ',' continues a Groovy command expression on the next line, past blank
    lines; each blank line looked back over all the ones before it (20,000 took 18 s)."""
    blank = 20_000
    data = ("node {\n  build 'deploy',\n" + "\n" * blank + "    wait: false\n}\n").encode()
    path = str(tmp_path / "Jenkinsfile")
    result = jenkinsfile.parse(data, path=path, options=ParseOptions(root=str(tmp_path)))
    (job,) = result.jobs
    (step,) = [s for s in job.attributes["steps"] if s["kind"] == "build"]
    assert step["job"].endswith("deploy") and step["wait"] is False
    (said,) = [f for f in job.findings if f.code == "JM320"]
    assert said.source.line == 2  # the build step's own line


def test_a_jenkinsfile_over_4_mib_is_one_manual_job_and_is_not_tokenized(tmp_path):
    """Found by the harness: 10 MB of '}' given to the Jenkinsfile reader took 3.5 GiB
    (a token is a few hundred bytes). Over 4 MiB the script is not read: its job stands,
    manual, with JM328 saying why."""
    data = b"pipeline {\n" + b"}" * (4 * 1024 * 1024) + b"\n"
    assert len(data) > jenkinsfile.MAX_SCRIPT_BYTES
    tracemalloc.start()
    try:
        result = jenkinsfile.parse(data, path=str(tmp_path / "Jenkinsfile"),
                                   options=ParseOptions(root=str(tmp_path)))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    (job,) = result.jobs
    (said,) = [f for f in job.findings if f.code == "JM328"]
    assert f"{len(data):,} bytes" in said.message and said.source.line == 1
    assert not job.schedules and not result.dependencies
    assert peak < 4 * len(data)  # the bytes decoded at most, never a token each


def test_a_jenkinsfile_of_exactly_4_mib_is_still_read(tmp_path):
    body = b"pipeline { agent any }\n"
    data = body + b" " * (4 * 1024 * 1024 - len(body))
    assert len(data) == jenkinsfile.MAX_SCRIPT_BYTES
    result = jenkinsfile.parse(data, path=str(tmp_path / "Jenkinsfile"),
                               options=ParseOptions(root=str(tmp_path)))
    (job,) = result.jobs
    assert not [f for f in job.findings if f.code == "JM328"]
