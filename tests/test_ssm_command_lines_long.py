"""SSM command entries of a script with very many blank lines (a crontab command of a
million '%', each a line break): counted entries, never time."""
from __future__ import annotations

from jobmig.mappings.asl_tasks import command_lines


def test_100000_blank_lines_stay_on_the_entry_before_them():
    script = "echo a" + "\n" * 100_001 + "echo b\n\n"
    # 100,001 line breaks after 'echo a': one ends its line, 100,000 are blank lines kept
    # as its trailing newlines; the last two are split off 'echo b' as two empty lines
    assert command_lines(script) == ["echo a" + "\n" * 100_000, "echo b\n\n"]


def test_a_script_that_starts_with_blank_lines_keeps_them_on_its_empty_first_entry():
    assert command_lines("\n\n\nx") == ["\n\n", "x"]
