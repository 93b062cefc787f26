"""crontab files: user crontabs, /etc/crontab and /etc/cron.d (cronie semantics).

Every line is one of: blank, comment, environment setting, job, or a finding
that cites ``path:line:col``. The rules follow cronie's ``crontab(5)``,
``entry.c`` and ``env.c`` (see the project's notes on crontab dialects):

- a line is tried as ``name = value`` first; only if that fails is it a job;
- there are no trailing comments: ``#`` after a command belongs to it;
- an environment setting applies to the jobs after it;
- an unescaped ``%`` ends the command and the rest is its standard input;
- an entry without a final newline is ignored by cronie (reported, kept).

The time fields themselves are validated by :mod:`jobmig.timing.cron`, which
also gives the schedule semantics; this module only finds the fields.
"""
from __future__ import annotations

import os
import re
import shlex
from collections import Counter
from dataclasses import dataclass, field, replace

from jobmig.identity import file_scoped_ids
from jobmig.timing.cron import CronSyntaxError, parse_vixie
from jobmig.model import Finding, Job, LegacySchedule, ParseResult, SourceRef
from jobmig.options import ParseOptions
from jobmig.textio import (damaged_characters, decode_replacing, decode_text, known_encoding,
                           looks_binary)
from jobmig.messages import msg

FORMAT = "crontab"

USER, SYSTEM = "user", "system"

NICKNAMES = ("@reboot", "@yearly", "@annually", "@monthly", "@weekly", "@daily",
             "@midnight", "@hourly")

# A token that can stand in a cron time field (numbers, names, * , - / ~).
_FIELD_TOKEN = re.compile(r"^[0-9A-Za-z*,/~\-]+$")
_NUMERIC_FIELD = re.compile(r"^[0-9*,/\-]+$")
# Stricter: what a real time field looks like (numbers, or 3-letter names).
_PLAUSIBLE_FIELD = re.compile(
    r"^(?:[0-9*~][0-9*,/~\-]*|[A-Za-z]{3}(?:[-,~](?:[A-Za-z]{3}|[0-9]+))*(?:/[0-9]+)?)$")
# cronie's env line: a (possibly quoted) name, optional blanks, then '='.
_ENV_LINE = re.compile(r"""^\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<name>[^\s="']+))\s*=(?P<value>.*)$""")
_USER_NAME = re.compile(r"^[a-z_][a-z0-9_.-]*\$?$", re.IGNORECASE)
# Tokens that are commands, not user names: a sign the user column is missing.
_COMMAND_WORDS = frozenset({
    "perl", "python", "python3", "php", "ruby", "node", "sh", "bash", "zsh", "cd", "test",
    "echo", "run-parts", "sleep", "find", "rm", "curl", "wget", "nice", "flock", "timeout",
    "env", "exec", "cat", "true", "false", "[", "if", "for", "while", "certbot",
})
# Programs that run another program: the name comes from what they run.
_WRAPPERS = frozenset({"nice", "ionice", "flock", "timeout", "sudo", "exec", "env", "sh", "bash",
                       "php", "php5", "perl", "python", "python3", "ruby", "node", "if", "then",
                       "fi", "export", "nohup"})
_WELL_KNOWN_USERS = frozenset({"root", "daemon", "nobody", "www-data", "apache", "nginx",
                               "postgres", "mysql", "backup", "operator", "bin", "sys"})
# Lines that only Groovy (a Jenkinsfile, Job DSL, a shared library) starts with.
_GROOVY_LINE = re.compile(
    r"^(?:pipeline\s*\{|node\s*[({]|stage\s*\(|def\s+\w|import\s+[\w.]+|package\s+[\w.]+|"
    r"class\s+\w|@Library\b|(?:job|pipelineJob|multibranchPipelineJob|folder|freeStyleJob)\s*\(|"
    r"//|/\*)")
# A line that starts like a cron entry even when it is damaged (too few fields, say).
_CRON_START = re.compile(r"^-?(?:@[a-z]+|[0-9*][0-9*,/\-~]*)(?:\s|$)", re.IGNORECASE)
# A whole cron entry (five fields or an @ keyword, then a command), as bytes: one such
# line free of control bytes shows a file with NULs is a damaged crontab, not binary.
_CLEAN_ENTRY = re.compile(
    rb"[ \t]*-?(?:@[a-z]+|[0-9*][0-9A-Za-z*,/\-~]*(?:[ \t]+[0-9A-Za-z*?][0-9A-Za-z*,/\-~?]*){4})"
    rb"[ \t]+[!-~]", re.IGNORECASE)
# A line of XML or HTML markup: a tag, comment or declaration, or the end of one (``]>``).
_MARKUP_START = re.compile(r"^<[A-Za-z_/!?]")
# Names that say the file is markup, whatever its content.
_MARKUP_NAMES = (".xml", ".html", ".htm", ".xhtml")
_NAME_HINTS_SYSTEM = (".system", ".cron.d", ".crond")
_NAME_HINTS_USER = (".crontab", ".user")
_ENV_EFFECTS = {"CRON_TZ": "JM109", "TZ": "JM116", "RANDOM_DELAY": "JM108"}


def detect(data: bytes, path: str) -> int:
    """2 when the content is crontab lines, 1 when the name says so and no line contradicts.

    A file is a crontab only when its content shows it: its non-comment lines
    are cron entries or environment settings (a minority of damaged lines is
    allowed once entries are the majority). A name or content that says
    Groovy or Jenkinsfile is never a crontab, whatever else the name says.

    Content that starts with markup (``<``) scores at most 1: when the markup
    lines all come before the first entry and the other lines show a crontab
    (a crontab whose first lines were replaced by a piece of XML), so that a
    Jenkins item that parses wins and one that does not (scoring 1 too, and
    later in the order of formats) loses. A name that says XML or HTML is never
    a crontab.
    """
    if _names_groovy(path):
        return 0
    name_hint = _name_suggests_crontab(path)
    if name_hint and looks_binary(data):
        return 1  # said to be a crontab: the parser reports what is wrong with the bytes
    try:
        text = data[:65536].decode("utf-8")
    except UnicodeDecodeError:
        return 1 if name_hint else 0
    markup_first = text.lstrip("\ufeff \t\r\n").startswith("<")
    if markup_first and _names_markup(path):
        return 0
    jobs = others = 0
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if _GROOVY_LINE.match(line):
            return 0
        if _looks_like_job(line):
            jobs += 1
        elif _ENV_LINE.match(line):
            continue  # an environment setting (MAILTO=<a@b> ends with '>' but is no markup)
        elif markup_first and is_markup(line):
            if jobs:
                return 0  # markup after an entry: a document that quotes cron lines
        elif not _CRON_START.match(line):
            others += 1
    if markup_first:
        return 1 if jobs and others <= jobs else 0
    if jobs and others <= jobs:
        return 2
    return 1 if name_hint and not others else 0


def is_markup(line: str) -> bool:
    """True for a stripped line of XML or HTML markup (``<tag>``, ``</tag>``, ``<!--``,
    ``<!ENTITY …>``, ``<?xml …?>``) or the end of one (``]>``, ``SYSTEM "x">``)."""
    return bool(_MARKUP_START.match(line)) or (line.endswith(">") and not _CRON_START.match(line)
                                               and not _looks_like_job(line))


def _names_markup(path: str) -> bool:
    return os.path.basename(path.replace("\\", "/")).lower().endswith(_MARKUP_NAMES)


def _names_groovy(path: str) -> bool:
    """True for a Groovy or Jenkinsfile name (``*.groovy``, ``Jenkinsfile*``, ``*.Jenkinsfile``)."""
    base = os.path.basename(path.replace("\\", "/")).lower()
    return base.startswith("jenkinsfile") or base.endswith((".groovy", ".gvy", ".jenkinsfile", ".jenkins"))


def parse(data: bytes, *, path: str, options: ParseOptions) -> ParseResult:
    """Read a crontab file into jobs and findings; never raises for bad input."""
    file_ref = SourceRef(path, format=FORMAT)
    # A NUL or an undecodable byte damages its line only: the other lines are kept.
    text, findings = decode_text(data, file_ref, options.encoding, allow_nul=True,
                                 text_line=_CLEAN_ENTRY)
    if text is None and not looks_binary(data, allow_nul=True, text_line=_CLEAN_ENTRY) \
            and known_encoding(options.encoding):
        text, findings = decode_replacing(data, file_ref, options.encoding)
    if text is None:
        return ParseResult(path, FORMAT, findings=tuple(findings))
    kind, evidence = _crontab_kind(path, text, options.crontab_kind)
    reader = _Reader(path, kind, options, markup_first=text.lstrip("\ufeff \t\r\n").startswith("<"))
    lines = text.split("\n")
    ends_with_newline = text.endswith("\n")
    if ends_with_newline:
        lines.pop()
    crlf_lines = []
    for number, line in enumerate(lines, start=1):
        is_last_without_newline = number == len(lines) and not ends_with_newline
        if line.endswith("\r"):
            crlf_lines.append(number)
        reader.read_line(number, line.rstrip("\r"), is_last_without_newline)
    if crlf_lines:
        first = crlf_lines[0]
        reader.findings.append(Finding("JM123", msg(
            "{count} line(s) end in CR LF (first at line {line}): cron would keep each carriage "
            "return as the last character of the command; read here as a line end",
            count=len(crlf_lines), line=first), reader.ref(first, len(lines[first - 1]))))
    if not reader.jobs:
        reader.findings.append(Finding("JM003", msg("no jobs in this crontab"), file_ref))
    elif evidence is not None:  # every job's command and user depend on the guess
        reader.jobs = [replace(job, findings=(*job.findings, Finding("JM115", evidence, file_ref, job.id)))
                       for job in reader.jobs]
    if reader.jobs and reader.markup:  # that the file is a crontab at all was decided
        reader.jobs = [replace(job, findings=(*job.findings, _markup_finding(reader, job.id)))
                       for job in reader.jobs]
    jobs = file_scoped_ids(reader.jobs, FORMAT, path, _content)
    return ParseResult(path, FORMAT, tuple(jobs), (), tuple(findings + reader.findings))


def _markup_finding(reader: "_Reader", job_id: str) -> Finding:
    """JM122 on a job of a file that starts with markup: the kind of file was a guess."""
    first, last = reader.markup[0], reader.markup[-1]
    return Finding("JM122", msg("read as a crontab although the file starts with markup that is "
                                "no XML document: {count} line(s) of markup between lines "
                                "{first} and {last}, cron entries after them",
                                count=len(reader.markup), first=first, last=last),
                   reader.ref(first, 1), job_id)


def _content(job: Job) -> str:
    """What makes a crontab job itself, whatever line it stands on (its id's hash)."""
    return f"{job.user or ''}\n{job.command}\n{job.stdin if job.stdin is not None else ''}"


@dataclass
class _Reader:
    """Line-by-line state: the environment so far and what has been found."""

    path: str
    kind: str
    options: ParseOptions
    environment: dict[str, str] = field(default_factory=dict)
    jobs: list[Job] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    markup_first: bool = False  # the file starts with markup: its markup lines say so
    markup: list[int] = field(default_factory=list)  # the numbers of those lines

    def ref(self, line: int, column: int | None = None) -> SourceRef:
        return SourceRef(self.path, line, column, FORMAT)

    def read_line(self, number: int, line: str, last_without_newline: bool) -> None:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            return
        if "\x00" in line:
            self.findings.append(Finding(
                "JM101", msg("NUL byte in the line: it is damaged and was not read as a job "
                             "(cron reads the line only up to the NUL)"),
                self.ref(number, line.index("\x00") + 1)))
            return
        env = _ENV_LINE.match(line)
        if env and not _looks_like_job(stripped):
            self.read_environment(number, line, env)
            return
        if self.markup_first and is_markup(stripped):
            self.markup.append(number)
            self.findings.append(Finding(
                "JM101", msg("markup, not a cron entry: {value!r}", value=stripped[:80]),
                self.ref(number, len(line) - len(line.lstrip()) + 1)))
            return
        self.read_job(number, line, last_without_newline)

    def read_environment(self, number: int, line: str, match: re.Match[str]) -> None:
        name = match.group("dq") if match.group("dq") is not None else (
            match.group("sq") if match.group("sq") is not None else match.group("name"))
        value = _env_value(match.group("value"))
        self.environment[name] = value
        column = line.index("=") + 2
        if name in _ENV_EFFECTS:
            self.findings.append(Finding(_ENV_EFFECTS[name], msg("{name}={value}",
                                                                 name=name, value=value), self.ref(number, 1)))
        if any(ord(ch) > 126 or (ord(ch) < 32 and ch != "\t") for ch in value):
            odd = ", ".join(sorted({f"U+{ord(ch):04X}" for ch in value
                                    if ord(ch) > 126 or (ord(ch) < 32 and ch != "\t")}))
            self.findings.append(Finding(
                "JM118", msg("{name} value {value!r} contains {odd}",
                             name=name, value=value, odd=odd), self.ref(number, column)))

    def read_job(self, number: int, line: str, last_without_newline: bool) -> None:
        findings: list[Finding] = []
        body_start = len(line) - len(line.lstrip())
        if line[body_start] == "-":
            findings.append(Finding("JM111", msg("leading '-': cronie does not log this job"),
                                    self.ref(number, body_start + 1)))
            body_start += 1
        tokens = _tokens(line, body_start)
        if not tokens:
            self.findings.append(Finding("JM101", msg("a lone '-' is not a job"), self.ref(number, 1)))
            return
        if tokens[0][1].startswith("@"):
            schedule_tokens = tokens[:1]
        else:
            schedule_tokens = tokens[:5]
        user_needed = 1 if self.kind == SYSTEM else 0
        nickname = tokens[0][1].startswith("@")
        plausible = 0
        while plausible < min(5, len(tokens)) and _PLAUSIBLE_FIELD.match(tokens[plausible][1]):
            plausible += 1
        if not nickname and plausible < 5:
            where = tokens[plausible][0] + 1 if plausible < len(tokens) else len(line) + 1
            self.findings.append(Finding(
                "JM101", msg("found {plausible} time field(s) before the command; cron needs five",
                             plausible=plausible),
                self.ref(number, where)))
            return
        if len(schedule_tokens) < 5 and not nickname or \
                len(tokens) < len(schedule_tokens) + user_needed + 1:
            self.findings.append(Finding(
                "JM101", _field_count_message(tokens, self.kind), self.ref(number, tokens[0][0] + 1)))
            return
        start = schedule_tokens[0][0]
        end = schedule_tokens[-1][0] + len(schedule_tokens[-1][1])
        expression = line[start:end]
        rest = tokens[len(schedule_tokens):]
        user = None
        if self.kind == SYSTEM:
            user_column, user = rest[0]
            rest = rest[1:]
            problem = _user_problem(user, rest)
            if problem:
                findings.append(Finding(problem[0], problem[1], self.ref(number, user_column + 1)))
        elif _NUMERIC_FIELD.match(rest[0][1]) and len(rest) > 1:
            findings.append(Finding(
                "JM104", msg("a sixth time field {value!r}: cron runs it as the command",
                             value=rest[0][1]),
                self.ref(number, rest[0][0] + 1)))
        elif rest[0][1] in _WELL_KNOWN_USERS and len(rest) > 1 and \
                looks_like_user(rest[0][1], rest[1][1]):
            findings.append(Finding(
                "JM119", msg("{value!r} where a system crontab has its user column: in a user "
                             "crontab cron runs it as the command",
                             value=rest[0][1]), self.ref(number, rest[0][0] + 1)))
        schedule_findings = self.schedule_findings(number, expression, start)
        if any(f.code == "JM102" for f in schedule_findings):
            self.findings.extend(schedule_findings)  # cron rejects the line: not a job
            return
        findings += schedule_findings
        command_start = rest[0][0] if rest else len(line)
        command_text = line[command_start:]
        damaged = damaged_characters(command_text)
        if damaged:
            offset, which = damaged[0]
            more = msg(" (and {count} more)", count=len(damaged) - 1) if len(damaged) > 1 else ""
            findings.append(Finding("JM010", msg("{which} in the command{more}",
                                                 which=which, more=more),
                                    self.ref(number, command_start + offset + 1)))
        command, stdin, percent = split_percent(command_text)
        if percent:
            findings.append(Finding("JM106", msg("command split at %: stdin {stdin!r}", stdin=stdin),
                                    self.ref(number, command_start + 1)))
        if command.startswith("-n "):
            command = command[3:].lstrip()
            findings.append(Finding("JM117", msg("cronie -n option removed"), self.ref(number, command_start + 1)))
        if re.search(r"(^|[\s;&|(])run-parts(\s|$)", command):
            findings.append(Finding("JM112", msg("the job runs a directory of scripts with "
                                                 "run-parts"),
                                    self.ref(number, command_start + 1)))
        if last_without_newline:
            findings.append(Finding("JM107", msg("the last entry has no final newline; cronie "
                                                 "drops it"),
                                    self.ref(number, len(line) + 1)))
        name = job_name(command)
        if any(f.code == "JM119" for f in findings):
            name = job_name(command.split(None, 1)[1])  # named by what follows the user name
        command = self.under_shell(command, number, command_start, findings)
        job_id = f"crontab:{self.path}:{number}"  # until parse() names it (identity)
        timezone = self.environment.get("CRON_TZ") or self.options.timezone
        schedule = LegacySchedule("vixie", expression, timezone)
        findings = [Finding(f.code, f.message, f.source, job_id) for f in findings]
        self.jobs.append(Job(
            id=job_id,
            name=name,
            source=self.ref(number, body_start + 1),
            unit_type="cron",
            command=command,
            stdin=stdin,
            user=user,
            environment=dict(self.environment),
            schedules=(schedule,),
            findings=tuple(findings),
        ))

    def under_shell(self, command: str, number: int, column0: int,
                    findings: list[Finding]) -> str:
        """``command`` as cron runs it: with ``$SHELL -c`` (default ``/bin/sh``).

        Another shell than sh is made explicit in the command; under sh a
        bash-only construct is flagged where it starts.
        """
        shell = self.environment.get("SHELL", "/bin/sh").strip() or "/bin/sh"
        if shell in _POSIX_SHELLS:
            construct = bash_only(command)
            if construct is not None:
                findings.append(Finding(
                    "JM120", msg("bash-only {construct} in a command cron runs with {shell}",
                                 construct=construct[1], shell=shell),
                    self.ref(number, column0 + construct[0] + 1)))
            return command
        if not _SHELL_PATH.match(shell):
            return command  # not a program path: JM118 (stray characters) says so
        findings.append(Finding("JM121", msg("SHELL={shell}: the command runs as {shell} -c '…'",
                                             shell=shell),
                                self.ref(number, column0 + 1)))
        return f"{shell} -c {shlex.quote(command)}"

    def schedule_findings(self, number: int, expression: str, column0: int) -> list[Finding]:
        """Findings about the time fields: syntax errors, @reboot, ~, every minute."""
        if expression == "@reboot":
            return [Finding("JM105", msg("@reboot runs once when crond starts"), self.ref(number, column0 + 1))]
        if "~" in expression and not expression.startswith("@"):
            return [Finding("JM110", msg("random range in {expression!r}", expression=expression),
                            self.ref(number, column0 + expression.index("~") + 1))]
        try:
            parse_vixie(expression)
        except CronSyntaxError as error:
            return [Finding("JM102", error.message, self.ref(number, column0 + error.offset + 1))]
        fields = expression.split()
        if len(fields) == 5 and fields[0] == "*" and not fields[1].startswith("*"):
            return [Finding("JM113", msg("minute '*' with hour {fields!r}: 60 runs an hour",
                                         fields=fields[1]),
                            self.ref(number, column0 + 1))]
        return []


def split_percent(text: str) -> tuple[str, str | None, bool]:
    """Split a crontab command at its first unescaped ``%`` (cronie ``do_command.c``).

    Returns ``(command, stdin, had_percent)``: in the command ``\\%`` becomes
    ``%``; in the input each further unescaped ``%`` becomes a newline and
    ``\\%`` becomes ``%`` (other backslashes are kept). ``stdin`` is ``None``
    when there was no unescaped ``%``.
    """
    command_chars: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text) and text[index + 1] == "%":
            command_chars.append("%")
            index += 2
            continue
        if char == "%":
            break
        command_chars.append(char)
        index += 1
    else:
        command = "".join(command_chars)
        return command, None, "\\%" in text
    stdin_chars: list[str] = []
    index += 1
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text) and text[index + 1] == "%":
            stdin_chars.append("%")
            index += 2
            continue
        stdin_chars.append("\n" if char == "%" else char)
        index += 1
    return "".join(command_chars), "".join(stdin_chars), True


def job_name(command: str) -> str:
    """A readable name from the command: its program's base name, without extension.

    Leading ``VAR=value`` assignments, ``cd dir &&`` and common wrappers are
    skipped. Names are not unique; the pipeline makes them unique.
    """
    words = re.split(r"[\s;&|()]+", command.strip())
    skip_next = False
    for word in words:
        if skip_next:
            skip_next = False
            continue
        if not word or "=" in word.split("/")[0] or word.startswith("-") or word.startswith(">"):
            continue
        if word in ("cd", "test", "[", "]"):
            skip_next = word == "cd"
            continue
        if os.path.basename(word) in _WRAPPERS:
            continue
        base = os.path.basename(word.strip("'\"`")) or word
        base = re.sub(r"\.(sh|py|pl|php|rb|js|bash)$", "", base)
        cleaned = re.sub(r"[^0-9A-Za-z_-]+", "-", base).strip("-_")
        if cleaned:
            return cleaned[:40]
    return "job"


def _tokens(line: str, start: int) -> list[tuple[int, str]]:
    """Whitespace-separated tokens of ``line[start:]`` with their 0-based column."""
    return [(match.start() + start, match.group()) for match in re.finditer(r"\S+", line[start:])]


def _env_value(raw: str) -> str:
    """cronie env.c: trim; a value fully in matching quotes loses them."""
    value = raw.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def looks_like_entry(line: str) -> bool:
    """True for a line that reads as a cron entry: five time fields or an @nickname, then
    a command (for finding entries inside a file of another format)."""
    return _looks_like_job(line.strip())


def _looks_like_job(line: str) -> bool:
    """A stripped line that starts like a cron entry (time fields or @nickname)."""
    body = line[1:] if line.startswith("-") else line
    parts = body.split()
    if not parts:
        return False
    if parts[0].lower() in NICKNAMES:
        return len(parts) >= 2
    if len(parts) < 6:
        return False
    return all(_FIELD_TOKEN.match(part) for part in parts[:5]) and bool(re.match(r"^[0-9*]", parts[0]))


def _field_count_message(tokens: list[tuple[int, str]], kind: str) -> str:
    needed = msg("five time fields, a user and a command") if kind == SYSTEM else \
        msg("five time fields and a command")
    fields = sum(1 for _, token in tokens[:6] if _FIELD_TOKEN.match(token))
    return msg("expected {needed}; found {count} token(s) ({fields} look like time fields)",
               needed=needed, count=len(tokens), fields=fields)


def _user_problem(user: str, rest: list[tuple[int, str]]) -> tuple[str, str] | None:
    """Why ``user`` is probably not a user column, as (code, message), or None."""
    if _NUMERIC_FIELD.match(user) and user not in _WELL_KNOWN_USERS:
        return "JM104", msg("a sixth time field {user!r} where the user column belongs", user=user)
    if not rest:
        return "JM103", msg("{user!r} is taken as the user and there is no command left", user=user)
    if user.lower() in _COMMAND_WORDS or not _USER_NAME.match(user):
        return "JM103", msg("{user!r} is taken as the user name: the user column seems to be "
                           "missing", user=user)
    return None


def _name_suggests_crontab(path: str) -> bool:
    lowered = path.lower().replace("\\", "/")
    base = os.path.basename(lowered)
    return ("cron" in base or "/cron.d/" in lowered or "/crontabs/" in lowered
            or "/var/spool/cron/" in lowered)


def _crontab_kind(path: str, text: str, forced: str | None) -> tuple[str, str | None]:
    """(kind, evidence): the kind the path names, else the one the lines show.

    ``evidence`` is ``None`` when the kind was given or the path names it, and
    otherwise says what in the lines decided (for a JM115 finding). A plain
    ``.crontab`` suffix suggests a user crontab, but entries that all carry a
    user column outweigh it.
    """
    if forced:
        return forced, None
    lowered = path.lower().replace("\\", "/")
    base = os.path.basename(lowered)
    if base.endswith(_NAME_HINTS_SYSTEM) or "/cron.d/" in lowered or lowered.endswith("etc/crontab"):
        return SYSTEM, None
    if base.endswith(".user") or "/crontabs/" in lowered or "/var/spool/cron/" in lowered:
        return USER, None
    users, commands = _user_column_votes(text)
    entries = sum(users.values()) + sum(commands.values())
    if base.endswith(_NAME_HINTS_USER) and not (
            users and not commands and all(name in _WELL_KNOWN_USERS for name in users)):
        return USER, None
    if not entries or not users and set(commands) == {""}:
        return USER, None  # no entry could carry a user column: certainly a user crontab
    named = ", ".join(f"{name} ×{count}" if count > 1 else name
                      for name, count in sorted(users.items(), key=lambda item: (-item[1], item[0])))
    if sum(users.values()) > sum(commands.values()):
        hint = msg(" although the name suggests a user crontab") if base.endswith(_NAME_HINTS_USER) else ""
        return SYSTEM, (msg("read as a system crontab{hint}: {users} of {entries} entries have a "
                            "user name after the time fields ({named})",
                            hint=hint, users=sum(users.values()), entries=entries, named=named))
    against = msg("; {users} look like they have a user column ({named})",
                  users=sum(users.values()), named=named) if users else ""
    return USER, (msg("read as a user crontab: {commands} of {entries} entries start the command "
                      "right after the time fields{against}",
                      commands=sum(commands.values()), entries=entries, against=against))


def _user_column_votes(text: str) -> tuple[Counter[str], Counter[str]]:
    """For every entry, the word after its time fields counted as a user name or a command.

    A command word that could not be a user name at all is counted under ``""``.
    """
    users: Counter[str] = Counter()
    commands: Counter[str] = Counter()
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or not _looks_like_job(line):
            continue
        parts = line.lstrip("-").split()
        index = 1 if parts[0].startswith("@") else 5
        if len(parts) <= index:
            continue
        word = parts[index]
        following = parts[index + 1] if len(parts) > index + 1 else None
        if looks_like_user(word, following):
            users[word] += 1
        else:
            # a word followed by nothing cannot be a user column (no command would be left)
            commands[word if following is not None and _could_be_user(word) else ""] += 1
    return users, commands


def _could_be_user(word: str) -> bool:
    """False for a word no user column holds (a path, a program, a variable, a quote)."""
    return bool(_USER_NAME.match(word)) and word.lower() not in _COMMAND_WORDS and \
        word not in _WRAPPERS


def looks_like_user(word: str, following: str | None) -> bool:
    """True when ``word`` followed by ``following`` reads as a user column and a command.

    A well-known system account always does; another plausible login name does
    when a command follows that starts like one (a path, a known program, a
    variable assignment).
    """
    if following is None:
        return False
    if word in _WELL_KNOWN_USERS:
        return True
    if word.lower() in _COMMAND_WORDS or word in _WRAPPERS or not _USER_NAME.match(word):
        return False
    return following.startswith(("/", "~/", "$", "./")) or \
        following in _COMMAND_WORDS or following in _WRAPPERS or "=" in following or \
        "/" in following


# Constructs bash has and POSIX sh (dash, cron's default shell) has not, with what they do.
_BASH_ONLY = (
    (re.compile(r"&>>?"), msg("'&>'/'&>>' (redirect both outputs)")),
    (re.compile(r"(?:^|[;&|(]\s*)(source)\s"), msg("'source' (dash: not found)")),
    (re.compile(r"\[\["), msg("'[[ ]]' tests")),
    (re.compile(r"[<>]\("), msg("process substitution '<( )'")),
    (re.compile(r"\|&"), msg("'|&' (pipe both outputs)")),
    (re.compile(r"\{[0-9a-z]+\.\.[0-9a-z]+\}"), msg("brace range '{{a..b}}'")),
    (re.compile(r"(?:^|[;&|]\s*)function\s+\w"), msg("'function' keyword")),
    (re.compile(r"\$'"), msg("$'...' quoting")),
)
_SHELL_PATH = re.compile(r"^[A-Za-z0-9_./+-]+$")
_POSIX_SHELLS = frozenset({"/bin/sh", "/usr/bin/sh", "sh"})


def bash_only(command: str) -> tuple[int, str] | None:
    """The first bash-only construct in ``command`` as (0-based column, description), or None.

    Quoted text is data, not syntax: ``grep '[[:space:]]'`` is POSIX.
    """
    shown = _unquoted(command)
    found = [(match.start(match.lastindex or 0), what)
             for pattern, what in _BASH_ONLY for match in [pattern.search(shown)] if match]
    return min(found) if found else None


def _unquoted(command: str) -> str:
    """``command`` with the inside of its quotes blanked (same length, quotes kept)."""
    out: list[str] = []
    quote: str | None = None
    escaped = False
    for char in command:
        if escaped:
            out.append(" ")
            escaped = False
        elif quote is not None:
            if char == quote:
                quote = None
                out.append(char)
            else:
                escaped = char == "\\" and quote == '"'
                out.append(" ")
        elif char == "\\":
            escaped = True
            out.append(char)
        else:
            if char in "'\"":
                quote = char
            out.append(char)
    return "".join(out)
