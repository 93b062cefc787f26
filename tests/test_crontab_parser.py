"""The crontab parser, line by line, against cronie's documented rules (crontab(5))."""
from __future__ import annotations

import pytest

from jobmig.options import ParseOptions
from jobmig.parsers import crontab


def parse(text: str | bytes, path: str = "tests/user.crontab", **options):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return crontab.parse(data, path=path, options=ParseOptions(**options))


def codes(result) -> list[tuple[int | None, str]]:
    """(line, code) of every finding, on jobs and on the file."""
    found = [(f.source.line, f.code) for job in result.jobs for f in job.findings]
    found += [(f.source.line if f.source else None, f.code) for f in result.findings]
    return sorted(found, key=lambda item: (item[0] or 0, item[1]))


def test_it_reads_a_user_crontab_job_with_its_five_fields_and_command():
    result = parse("30 2 * * 1-5 /opt/backup.sh --full\n")
    (job,) = result.jobs
    assert job.schedules[0].expression == "30 2 * * 1-5"
    assert job.schedules[0].flavor == "vixie"
    assert job.command == "/opt/backup.sh --full"
    assert job.user is None
    assert (job.source.line, job.source.column) == (1, 1)
    # the file and the program it runs, not the line (a line inserted above must not rename it)
    assert job.id == "crontab:tests/user.crontab#backup"


def test_it_reads_the_user_column_of_a_system_crontab():
    result = parse("0 1 * * * billing /opt/invoice.sh\n", path="etc/cron.d/billing")
    (job,) = result.jobs
    assert job.user == "billing"
    assert job.command == "/opt/invoice.sh"


def test_it_keeps_the_expression_exactly_as_written_with_tabs():
    result = parse("0\t2\t*\t*\t*\t/etc/daily\n")
    assert result.jobs[0].schedules[0].expression == "0\t2\t*\t*\t*"


def test_comments_and_blank_lines_are_neither_jobs_nor_findings():
    result = parse("# a comment\n\n   \n  # indented comment\n0 0 * * * /bin/true\n")
    assert [job.source.line for job in result.jobs] == [5]
    assert codes(result) == []


def test_a_hash_after_the_command_belongs_to_the_command():
    # crontab(5): there are no trailing comments.
    result = parse("0 0 * * * /bin/echo hi # not a comment\n")
    assert result.jobs[0].command == "/bin/echo hi # not a comment"


@pytest.mark.parametrize("line, name, value", [
    ("MAILTO=ops@example.com", "MAILTO", "ops@example.com"),
    ("SHELL = /bin/bash", "SHELL", "/bin/bash"),
    ('GREETING="  two spaces  "', "GREETING", "  two spaces  "),
    ("PATH=$PATH:/opt/bin", "PATH", "$PATH:/opt/bin"),  # values are not expanded
    ("EMPTY=", "EMPTY", ""),
], ids=["plain", "spaces-around-equals", "quoted-keeps-blanks", "not-expanded", "empty"])
def test_environment_lines_apply_to_the_jobs_after_them(line, name, value):
    result = parse(f"0 0 * * * /bin/first\n{line}\n0 1 * * * /bin/second\n")
    first, second = result.jobs
    assert name not in first.environment
    assert second.environment[name] == value


def test_a_later_assignment_overrides_an_earlier_one_for_later_jobs_only():
    result = parse("A=1\n0 0 * * * /bin/x\nA=2\n0 1 * * * /bin/y\n")
    assert [job.environment["A"] for job in result.jobs] == ["1", "2"]


def test_cron_tz_sets_the_schedule_zone_and_tz_does_not():
    result = parse("TZ=Europe/Paris\n0 9 * * * /bin/a\nCRON_TZ=America/New_York\n0 9 * * * /bin/b\n",
                   timezone="Asia/Tokyo")
    first, second = result.jobs
    assert first.schedules[0].timezone == "Asia/Tokyo"
    assert second.schedules[0].timezone == "America/New_York"
    assert (1, "JM116") in codes(result) and (3, "JM109") in codes(result)


def test_random_delay_is_reported_for_review():
    result = parse("RANDOM_DELAY=30\n0 9 * * * /bin/a\n")
    assert (1, "JM108") in codes(result)


@pytest.mark.parametrize("nickname", ["@yearly", "@annually", "@monthly", "@weekly", "@daily",
                                      "@midnight", "@hourly"])
def test_nicknames_are_jobs_with_the_nickname_as_expression(nickname):
    result = parse(f"{nickname} /bin/job\n")
    (job,) = result.jobs
    assert job.schedules[0].expression == nickname
    assert codes(result) == []


def test_nickname_in_a_system_crontab_is_followed_by_the_user():
    (job,) = parse("@daily root /bin/job\n", path="etc/crontab").jobs
    assert (job.user, job.command) == ("root", "/bin/job")


def test_reboot_is_a_job_that_needs_manual_handling():
    result = parse("@reboot /opt/warm-cache.sh\n")
    assert len(result.jobs) == 1
    assert codes(result) == [(1, "JM105")]


def test_names_in_month_and_day_fields_are_accepted():
    result = parse("0 9 * jan-mar mon-fri /bin/q1-report\n")
    assert result.jobs[0].schedules[0].expression == "0 9 * jan-mar mon-fri"
    assert codes(result) == []


@pytest.mark.parametrize("line, command, stdin", [
    ("0 0 * * * mail -s hi root%line one%line two", "mail -s hi root", "line one\nline two"),
    (r"0 0 * * * date +\%F > /tmp/d", "date +%F > /tmp/d", None),
    (r"0 0 * * * cat%50\% done", "cat", "50% done"),
], ids=["percent-is-stdin", "escaped-percent-is-literal", "escaped-percent-in-stdin"])
def test_percent_in_the_command_follows_cronie(line, command, stdin):
    (job,) = parse(line + "\n").jobs
    assert (job.command, job.stdin) == (command, stdin)


def test_an_unescaped_percent_is_reported():
    result = parse('0 0 * * * date "+%H:%M" > /tmp/t\n')
    assert result.jobs[0].command == 'date "+'
    assert (1, "JM106") in codes(result)


def test_a_missing_final_newline_keeps_the_job_and_reports_it():
    result = parse("0 0 * * * /bin/a\n0 1 * * * /bin/b")
    assert [job.source.line for job in result.jobs] == [1, 2]
    assert codes(result) == [(2, "JM107")]


def test_a_leading_dash_is_stripped_and_reported():
    result = parse("-0 1 * * * /bin/quiet\n", path="etc/crontab-user.crontab")
    (job,) = result.jobs
    assert job.schedules[0].expression == "0 1 * * *"
    assert (1, "JM111") in codes(result)


def test_cronie_n_option_is_removed_from_the_command():
    (job,) = parse("0 1 * * * -n /bin/mail-on-error\n").jobs
    assert job.command == "/bin/mail-on-error"


def test_a_line_with_four_fields_is_a_finding_at_its_line():
    result = parse("0 0 * * * /bin/ok\n0 1 * * /bin/four-fields\n")
    assert [job.source.line for job in result.jobs] == [1]
    assert codes(result) == [(2, "JM101")]
    finding = result.findings[0]
    assert finding.source.column == 9  # where the fifth field should have been


def test_an_hour_of_25_is_a_finding_that_names_the_field_and_column():
    result = parse("0 25 * * * /bin/late\n")
    assert result.jobs == ()
    (finding,) = [f for f in result.findings if f.code == "JM102"]
    assert "hour" in finding.message and "25" in finding.message
    assert (finding.source.line, finding.source.column) == (1, 3)


def test_a_missing_user_column_in_cron_d_is_reported():
    result = parse("* */12 * * * perl 'sleep 1'; certbot -q renew\n", path="etc/cron.d/certbot")
    (job,) = result.jobs
    assert job.user == "perl"
    assert codes(result) == [(1, "JM103")]


def test_six_time_fields_in_a_user_crontab_are_reported():
    result = parse("0 0 12 * * * /bin/seconds-style\n")
    assert (1, "JM104") in codes(result)


def test_cronie_random_range_needs_manual_handling():
    result = parse("0 1~4 * * * /bin/random\n")
    assert codes(result) == [(1, "JM110")]


def test_run_parts_is_reported_because_the_real_jobs_are_scripts():
    result = parse("25 6 * * * root cd / && run-parts --report /etc/cron.daily\n", path="etc/crontab")
    assert codes(result) == [(1, "JM112")]


def test_every_minute_of_a_fixed_hour_is_reported():
    assert codes(parse("* 16 * * * /bin/ping\n")) == [(1, "JM113")]


def test_stray_characters_in_an_environment_value_are_reported():
    assert codes(parse("SHELL=/bin/bash\u21b2\n0 0 * * * /bin/x\n")) == [(1, "JM118")]


def test_crlf_line_ends_are_read():
    (job,) = parse(b"0 0 * * * /bin/x\r\n").jobs
    assert job.command == "/bin/x"


@pytest.mark.parametrize("data, code", [
    (b"\x00\x01\x02binary\x00", "JM002"),
    (b"", "JM003"),
    (b"# only comments\n", "JM003"),
], ids=["binary", "empty", "only-comments"])  # undecodable bytes: tests/test_damaged_input.py
def test_bad_files_give_one_finding_and_no_exception(data, code):
    result = parse(data)
    assert result.jobs == ()
    assert [f.code for f in result.findings] == [code]


def test_bad_lines_do_not_stop_the_rest_of_the_file():
    text = "0 0 * * * /bin/a\n61 * * * * /bin/b\nnonsense here\n0 2 * * * /bin/c\n"
    result = parse(text)
    assert [job.source.line for job in result.jobs] == [1, 4]
    assert codes(result) == [(2, "JM102"), (3, "JM101")]


@pytest.mark.parametrize("path, text, kind", [
    ("x/etc/cron.d/app", "0 0 * * * root /bin/a\n", "system"),
    ("x/etc/crontab", "0 0 * * * root /bin/a\n", "system"),
    ("x/host.system", "0 0 * * * root /bin/a\n", "system"),
    ("x/var/spool/cron/crontabs/alice", "0 0 * * * /bin/a\n", "user"),
    ("x/alice.crontab", "0 0 * * * root-cleanup\n", "user"),
], ids=["cron.d", "etc-crontab", "system-suffix", "spool", "crontab-suffix"])
def test_the_crontab_kind_follows_the_path(path, text, kind):
    result = parse(text, path=path)
    assert (result.jobs[0].user is not None) == (kind == "system")
    assert all(f.code != "JM115" for f in result.findings)


def test_the_kind_is_guessed_from_user_columns_when_the_name_says_nothing():
    result = parse("0 0 * * * root /bin/a\n5 0 * * * root /bin/b\n", path="exports/host1.txt")
    assert [job.user for job in result.jobs] == ["root", "root"]
    # the guess decides each job's command and user, so each job carries it
    assert all(any(f.code == "JM115" for f in job.findings) for job in result.jobs)


def test_the_kind_option_overrides_the_path():
    result = parse("0 0 * * * root /bin/a\n", path="etc/cron.d/x", crontab_kind="user")
    assert result.jobs[0].command == "root /bin/a"


@pytest.mark.parametrize("data, path, score", [
    (b"0 0 * * * /bin/a\n", "anything.txt", 2),
    (b"# just comments\n", "etc/cron.d/app", 1),
    (b"<?xml version='1.0'?><project/>", "config.xml", 0),
    (b"unit=JOB,,,;{ty=n;}", "export.txt", 0),
    (b"KEY=value\nOTHER=1\n", ".env", 0),
], ids=["job-line", "name-only", "xml", "jp1", "dotenv"])
def test_detect_scores_content_over_names(data, path, score):
    assert crontab.detect(data, path) == score


@pytest.mark.parametrize("command, name", [
    ("/opt/batch/bin/backup-db.sh --full", "backup-db"),
    ("cd / && run-parts --report /etc/cron.hourly", "run-parts"),
    ("FOO=1 BAR=2 /usr/bin/python3 /srv/app/sync.py", "sync"),
    ("php /path/to/takestats.php", "takestats"),
    (">>", "job"),
])
def test_job_names_come_from_the_program(command, name):
    assert crontab.job_name(command) == name


def test_windows_line_ends_are_read_as_line_ends_and_named_once_for_the_file():
    # cronie's load_entry: "Everything up to the next \n or EOF is part of the command", so
    # an installed crontab with CR LF runs '/opt/a.sh\r'; the conversion keeps the command
    # without it and says so once, at the first carriage return (line 1, column 9).
    result = parse("# header\r\n0 1 * * * /opt/a.sh\r\n5 2 * * * /opt/b.sh x\r\n")
    assert [job.command for job in result.jobs] == ["/opt/a.sh", "/opt/b.sh x"]
    (crlf,) = [f for f in result.findings if f.code == "JM123"]
    assert (crlf.source.line, crlf.source.column) == (1, 9)
    assert "3 line(s)" in crlf.message
    assert codes(result) == [(1, "JM123")]


def test_the_same_crontab_with_line_feeds_only_has_no_line_end_finding():
    assert codes(parse("0 1 * * * /opt/a.sh\n5 2 * * * /opt/b.sh x\n")) == []


def test_crlf_does_not_change_job_ids():
    lf = parse("0 1 * * * /opt/a.sh\n")
    crlf = parse("0 1 * * * /opt/a.sh\r\n")
    assert [job.id for job in lf.jobs] == [job.id for job in crlf.jobs]
