"""Legacy cron expressions (crontab/cronie and Jenkins) as field sets, and their fire times.

``parse_vixie`` reads a crontab schedule the way cronie's ``entry.c`` does;
``parse_jenkins`` reads a Jenkins trigger spec the way ``CronTabList`` does,
expanding ``H`` bit for bit (:mod:`jobmig.timing.jenkins_hash`). Both give
:class:`CronSpec` objects: plain sets of minutes, hours, days, months and
weekdays plus the flags that decide how the two day fields combine.

``fire_minutes``/``fire_times`` enumerate the instants a legacy scheduler
starts the job, with its own DST behaviour (:data:`DST_RULES`). Facts and
sources: ``shared/notes/jenkins-cron.md`` §1 (Jenkins) and §3.2 (cronie).

Bad input raises :class:`CronSyntaxError` naming the field, the offset and
what is wrong; nothing else is raised for any string.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cached_property, lru_cache
from typing import Sequence
from zoneinfo import ZoneInfo, available_timezones

from jobmig.timing.jenkins_hash import JavaRandom, jenkins_random
from jobmig.timing.localtime import LocalDay, expand, from_epoch_minute, to_epoch_minute
from jobmig.messages import msg
from jobmig.digits import is_number

FIELDS = ("minute", "hour", "day-of-month", "month", "day-of-week")
# Bounds as the parsers accept them; day-of-week 7 is folded to 0 (Sunday).
BOUNDS = {"minute": (0, 59), "hour": (0, 23), "day-of-month": (1, 31),
          "month": (1, 12), "day-of-week": (0, 7)}
# Jenkins' plain ``H`` avoids days that not every month has, and DOW 7.
JENKINS_HASH_BOUNDS = {"day-of-month": (1, 28), "day-of-week": (0, 6)}
MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun",
               "jul", "aug", "sep", "oct", "nov", "dec")
DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")

# cronie entry.c: what each nickname means, and the star flags it sets.
VIXIE_NICKNAMES = {
    "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
}
# Jenkins BaseParser: keywords are re-parsed with H drawn from the same stream.
JENKINS_KEYWORDS = {
    "yearly": "H H H H *", "annually": "H H H H *", "monthly": "H H H * *",
    "weekly": "H H * * H", "daily": "H H * * *", "midnight": "H H(0-2) * * *",
    "hourly": "H * * * *",
}

# Jenkins splits a spec on "\r?\n" only (CronTabList.create), not on every
# line break Python knows.
_LINE = re.compile(r"([^\n]*?)(?:\r?\n|$)")

# What each legacy scheduler does when a local time falls in a DST change:
# (gap rule, repeat rule) from jobmig.timing.localtime. cronie depends on the job:
# see _cronie_rules.
DST_RULES = ("cronie", "jenkins", "scheduler")


class CronSyntaxError(ValueError):
    """An expression the legacy scheduler would reject.

    ``field`` is one of :data:`FIELDS` or ``None`` (the whole expression);
    ``offset`` is the 0-based character offset in the text where the bad
    token starts; ``line`` is the 1-based line of a Jenkins spec.
    """

    def __init__(self, message: str, *, field: str | None = None, offset: int = 0,
                 line: int | None = None) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.message = msg("{field}: {message}", field=field, message=message) if field else message
        self.field = field
        self.offset = offset
        self.line = line


@dataclass(frozen=True)
class CronSpec:
    """One cron line as sets. ``days_of_week`` uses 0 = Sunday (7 folded to 0).

    ``dom_star``/``dow_star``: the field text starts with ``*`` (cronie's
    DOM_STAR/DOW_STAR). ``day_and``: the two day fields are ANDed (cronie
    when either star flag is set; Jenkins always); otherwise ORed.
    ``minute_star``/``hour_star``: cronie's MIN_STAR/HR_STAR, which make a
    job a "wildcard" job for cronie's DST handling.
    """

    minutes: frozenset[int]
    hours: frozenset[int]
    days_of_month: frozenset[int]
    months: frozenset[int]
    days_of_week: frozenset[int]
    dom_star: bool
    dow_star: bool
    day_and: bool
    minute_star: bool = False
    hour_star: bool = False

    @cached_property
    def times(self) -> tuple[int, ...]:
        """Sorted minutes-of-day (``hour * 60 + minute``) the spec fires at on a matching day."""
        return tuple(sorted(h * 60 + m for h in self.hours for m in self.minutes))

    @property
    def wildcard(self) -> bool:
        """cronie's "wildcard job": the minute or hour field starts with ``*``."""
        return self.minute_star or self.hour_star

    def day_matches(self, month: int, day: int, dow: int) -> bool:
        """Whether the day fields and month accept a local day (``dow`` 0 = Sunday)."""
        if month not in self.months:
            return False
        dom_ok = day in self.days_of_month
        dow_ok = dow in self.days_of_week
        return (dom_ok and dow_ok) if self.day_and else (dom_ok or dow_ok)

    def matches(self, moment: datetime) -> bool:
        """Whether the spec fires at a local naive datetime (seconds ignored)."""
        return (moment.minute in self.minutes and moment.hour in self.hours
                and self.day_matches(moment.month, moment.day, (moment.weekday() + 1) % 7))


@dataclass(frozen=True)
class JenkinsSpec:
    """A Jenkins trigger spec: its ``TZ=`` zone (or ``None``) and its lines (ORed).

    ``numbers`` holds the 1-based line of the spec text each of ``lines``
    came from (parallel to ``lines``).
    """

    timezone: str | None
    lines: tuple[CronSpec, ...]
    numbers: tuple[int, ...] = ()

    def only(self, numbers: Sequence[int] | None) -> "JenkinsSpec":
        """The spec restricted to the cron lines at the given 1-based line numbers.

        ``None`` keeps every line. Used for parameterizedCron, where one
        spec's lines carry different parameters but share one ``H`` stream,
        so the whole spec is parsed and then split.
        """
        if numbers is None:
            return self
        wanted = set(numbers)
        kept = [(line, number) for line, number in zip(self.lines, self.numbers)
                if number in wanted]
        return JenkinsSpec(self.timezone, tuple(line for line, _ in kept),
                           tuple(number for _, number in kept))


# ---------------------------------------------------------------- tokenising


@dataclass(frozen=True)
class _Token:
    text: str
    offset: int


def _split(text: str, offset: int, separators: str) -> list[_Token]:
    """Split ``text`` on any run of ``separators``, keeping each piece's offset."""
    tokens: list[_Token] = []
    start = None
    for i, ch in enumerate(text + separators[0]):
        if ch in separators:
            if start is not None:
                tokens.append(_Token(text[start:i], offset + start))
                start = None
        elif start is None:
            start = i
    return tokens


def _terms(field_token: _Token, field: str) -> list[_Token]:
    """The comma-separated terms of a field; an empty term is an error."""
    terms: list[_Token] = []
    position = field_token.offset
    for piece in field_token.text.split(","):
        if not piece:
            raise CronSyntaxError(msg("empty list element"), field=field, offset=position)
        terms.append(_Token(piece, position))
        position += len(piece) + 1
    return terms


# ---------------------------------------------------------------- vixie


def parse_vixie(expression: str) -> CronSpec:
    """Parse a crontab schedule (five fields or an ``@nickname``) with cronie's rules.

    Raises :class:`CronSyntaxError` for anything cronie rejects, for
    ``@reboot`` (no fire times) and for cronie's random ``~`` ranges.
    """
    stripped = expression.strip()
    lead = len(expression) - len(expression.lstrip())
    if stripped.startswith("@"):
        return _vixie_nickname(stripped, lead)
    fields = _split(expression, 0, " \t")
    if len(fields) != 5:
        bad = fields[5].offset if len(fields) > 5 else len(expression)
        raise CronSyntaxError(msg("expected 5 time fields, found {count}", count=len(fields)), offset=bad)
    sets = [_vixie_field(token, name) for token, name in zip(fields, FIELDS)]
    dom_star = fields[2].text.startswith("*")
    dow_star = fields[4].text.startswith("*")
    return CronSpec(
        frozenset(sets[0]), frozenset(sets[1]), frozenset(sets[2]), frozenset(sets[3]),
        frozenset(_fold_sunday(sets[4])), dom_star=dom_star, dow_star=dow_star,
        day_and=dom_star or dow_star,
        minute_star=fields[0].text.startswith("*"), hour_star=fields[1].text.startswith("*"),
    )


def _vixie_nickname(text: str, offset: int) -> CronSpec:
    words = text.split()
    word = words[0]  # cronie compares nicknames case-sensitively (strcmp in entry.c)
    if word == "@reboot":
        raise CronSyntaxError(msg("@reboot runs once at daemon start-up and has no fire times"),
                              offset=offset)
    if word not in VIXIE_NICKNAMES:
        raise CronSyntaxError(msg("unknown nickname {word!r}", word=word), offset=offset)
    if len(words) > 1:
        raise CronSyntaxError(msg("{word} takes no time fields after it", word=word),
                              offset=offset + text.index(words[1], len(word)))
    spec = parse_vixie(VIXIE_NICKNAMES[word])
    # cronie sets the flags by hand: @yearly/@monthly set DOW_STAR, @weekly
    # DOM_STAR, @daily both; only @hourly is a wildcard job (HR_STAR).
    return replace(spec, dom_star=word not in ("@yearly", "@annually", "@monthly"),
                   dow_star=word != "@weekly", day_and=True, minute_star=False,
                   hour_star=word == "@hourly")


def _fold_sunday(days: set[int]) -> set[int]:
    return {0 if d == 7 else d for d in days}


def _vixie_field(token: _Token, field: str) -> set[int]:
    values: set[int] = set()
    for term in _terms(token, field):
        values |= _vixie_term(term, field)
    return values


def _vixie_term(term: _Token, field: str) -> set[int]:
    low, high = BOUNDS[field]
    text = term.text
    if "~" in text:
        raise CronSyntaxError(msg("{text!r} is a cronie random range (~), picked when crond "
                                  "loads the file; the value is not known",
                                  text=text), field=field,
                              offset=term.offset + text.index("~"))
    body, step = _split_step(term, field)
    if body == "*":
        start, end = low, high
    else:
        if step is not None and "-" not in body:
            raise CronSyntaxError(msg("{text!r}: a step needs a range or * before it (cronie "
                                      "rejects n/step)",
                                      text=text), field=field, offset=term.offset)
        first, _, last = body.partition("-")
        start = _vixie_number(first, field, term.offset)
        end = _vixie_number(last, field, term.offset + len(first) + 1) if last else start
        if field == "day-of-week" and last and end == 0 and start > 0:
            end = 7  # cronie: a weekday range ending at 0 ends at Sunday (fri-sun)
        if start > end:
            raise CronSyntaxError(msg("range {body!r} runs backwards", body=body), field=field,
                                  offset=term.offset)
    return set(range(start, end + 1, step or 1))


def _split_step(term: _Token, field: str) -> tuple[str, int | None]:
    body, slash, step_text = term.text.partition("/")
    if not slash:
        return body, None
    step_offset = term.offset + len(body) + 1
    if not is_number(step_text):
        raise CronSyntaxError(msg("step {step_text!r} is not a number", step_text=step_text), field=field,
                              offset=step_offset)
    step = int(step_text)
    if step == 0:
        raise CronSyntaxError(msg("step 0 is invalid (must be 1 or more)"), field=field,
                              offset=step_offset)
    return body, step


def _vixie_number(text: str, field: str, offset: int) -> int:
    low, high = BOUNDS[field]
    if is_number(text):
        value = int(text)
    else:
        names = MONTH_NAMES if field == "month" else DAY_NAMES if field == "day-of-week" else ()
        if text.lower() in names:
            return names.index(text.lower()) + (1 if field == "month" else 0)
        what = "a number or name" if names else "a number"
        raise CronSyntaxError(msg("{text!r} is not {what}", text=text, what=what), field=field, offset=offset)
    if not low <= value <= high:
        raise CronSyntaxError(msg("{value} is out of range {low}-{high}",
                                  value=value, low=low, high=high), field=field, offset=offset)
    return value


# ---------------------------------------------------------------- jenkins


def parse_jenkins(spec: str, seed: str, *, rnd: JavaRandom | None = None) -> JenkinsSpec:
    """Parse a Jenkins trigger spec (all its lines) with ``H`` seeded by ``seed``.

    ``seed`` is the job's full name (``folder/job``). One random stream is
    shared by every ``H`` of every line, in reading order, as in Jenkins.
    ``rnd`` replaces that stream (anything with ``next_int(n)``; tests use
    Jenkins' fake hashes).
    """
    rnd = rnd if rnd is not None else jenkins_random(seed)
    timezone: str | None = None
    lines: list[CronSpec] = []
    numbers: list[int] = []
    for number, match in enumerate(_LINE.finditer(spec), start=1):
        text = match.group(1)
        lead = len(text) - len(text.lstrip())
        line = text.strip()
        line_offset = match.start() + lead
        if number == 1 and line.startswith("TZ="):
            timezone = line.replace("TZ=", "")
            if timezone not in _zones():
                raise CronSyntaxError(msg("Invalid or unsupported timezone {timezone!r}",
                                          timezone=timezone),
                                      offset=line_offset, line=number)
            continue
        if not line or line.startswith("#"):
            continue
        lines.append(_jenkins_line(line, line_offset, number, rnd))
        numbers.append(number)
    return JenkinsSpec(timezone, tuple(lines), tuple(numbers))


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    """IANA zone ids (Jenkins checks Java's list; the IANA names are the same)."""
    return frozenset(available_timezones()) | {"UTC"}


def _jenkins_line(line: str, offset: int, number: int, rnd: JavaRandom) -> CronSpec:
    """One cron line of a spec, its ``H`` terms drawn from ``rnd``.

    A large estate repeats a few line texts over thousands of jobs (``H H * * *``), and
    only the draws differ between them: a line is read once per distinct text
    (:func:`_jenkins_form`) and drawn per job (:meth:`_LineForm.spec`). A line with an
    error is read again each time, so the error carries this line's offset and number.
    """
    form = _FORMS.get(line)
    if form is None:
        form = _jenkins_form(line, offset, number)
        if len(_FORMS) >= _MAX_FORMS:
            _FORMS.clear()
        _FORMS[line] = form
    return form.spec(rnd)


@dataclass(frozen=True)
class _Hash:
    """An ``H`` term: drawn from the job's random stream (BaseParser.doHash)."""

    start: int
    end: int
    step: int

    def draw(self, rnd: JavaRandom) -> frozenset[int]:
        """The term's values for the next draw of ``rnd`` (one draw per term)."""
        if self.step == 1:
            # Quirk: "H/1" is one hashed value, not "every".
            return frozenset((self.start + rnd.next_int(self.end - self.start + 1),))
        return frozenset(range(self.start + rnd.next_int(self.step), self.end + 1, self.step))


@dataclass(frozen=True)
class _LineForm:
    """A Jenkins cron line as read, before its ``H`` terms are drawn: per field, its
    terms in order (plain values, or :class:`_Hash`), and the star flags."""

    fields: tuple[tuple[frozenset[int] | _Hash, ...], ...]
    dom_star: bool
    dow_star: bool
    minute_star: bool
    hour_star: bool

    def spec(self, rnd: JavaRandom) -> CronSpec:
        """The line's :class:`CronSpec`, drawing each ``H`` from ``rnd`` in reading order."""
        sets = []
        for terms in self.fields:
            values: set[int] = set()
            for term in terms:
                values |= term.draw(rnd) if isinstance(term, _Hash) else term
            sets.append(values)
        return CronSpec(
            frozenset(sets[0]), frozenset(sets[1]), frozenset(sets[2]), frozenset(sets[3]),
            frozenset(_fold_sunday(sets[4])), dom_star=self.dom_star, dow_star=self.dow_star,
            day_and=True,  # Jenkins always ANDs
            minute_star=self.minute_star, hour_star=self.hour_star)


_FORMS: dict[str, _LineForm] = {}  # line text → its form (see _jenkins_line)
_MAX_FORMS = 65_536


def _jenkins_form(line: str, offset: int, number: int) -> _LineForm:
    """Read one cron line (a keyword, or five fields) into its :class:`_LineForm`, or raise
    :class:`CronSyntaxError` at ``offset`` (where ``line`` starts) and line ``number``."""
    if line.startswith("@"):
        expansion = JENKINS_KEYWORDS.get(line[1:])
        if expansion is None:
            raise CronSyntaxError(msg("unknown keyword {line!r}", line=line), offset=offset, line=number)
        return _jenkins_form(expansion, offset, number)
    fields = _split(line, offset, " \t")
    if len(fields) != 5:
        bad = fields[5].offset if len(fields) > 5 else offset + len(line)
        raise CronSyntaxError(msg("expected 5 time fields, found {count}", count=len(fields)), offset=bad,
                              line=number)
    try:
        terms = tuple(_jenkins_field(token, name) for token, name in zip(fields, FIELDS))
    except CronSyntaxError as error:
        error.line = number
        raise
    return _LineForm(terms, dom_star=fields[2].text.startswith("*"),
                     dow_star=fields[4].text.startswith("*"),
                     minute_star=fields[0].text.startswith("*"),
                     hour_star=fields[1].text.startswith("*"))


def _jenkins_field(token: _Token, field: str) -> tuple[frozenset[int] | _Hash, ...]:
    return tuple(_jenkins_term(term, field) for term in _terms(token, field))


def _jenkins_term(term: _Token, field: str) -> frozenset[int] | _Hash:
    low, high = BOUNDS[field]
    body, step = _jenkins_step(term, field)
    if body == "*":
        return _jenkins_range(low, high, 1 if step is None else step, field, term.offset)
    if body.startswith("H"):
        if body == "H":
            start, end = JENKINS_HASH_BOUNDS.get(field, (low, high))
        elif body.startswith("H(") and body.endswith(")") and "-" in body:
            first, _, last = body[2:-1].partition("-")
            start = _jenkins_number(first, field, term.offset + 2)
            end = _jenkins_number(last, field, term.offset + 3 + len(first))
        else:
            raise CronSyntaxError(msg("{text!r} is not H, H(a-b) or their /step forms",
                                      text=term.text),
                                  field=field, offset=term.offset)
        return _jenkins_hash(start, end, 1 if step is None else step, field, term.offset)
    if step is not None and "-" not in body:
        raise CronSyntaxError(msg("{text!r}: a step needs a range, * or H before it",
                                  text=term.text),
                              field=field, offset=term.offset)
    first, _, last = body.partition("-")
    start = _jenkins_number(first, field, term.offset)
    end = _jenkins_number(last, field, term.offset + len(first) + 1) if last else start
    return _jenkins_range(start, end, 1 if step is None else step, field, term.offset)


def _jenkins_step(term: _Token, field: str) -> tuple[str, int | None]:
    body, slash, step_text = term.text.partition("/")
    if not slash:
        return body, None
    if not is_number(step_text):
        raise CronSyntaxError(msg("step {step_text!r} is not a number", step_text=step_text), field=field,
                              offset=term.offset + len(body) + 1)
    return body, int(step_text)


def _jenkins_number(text: str, field: str, offset: int) -> int:
    low, high = BOUNDS[field]
    if not is_number(text):
        raise CronSyntaxError(msg("{text!r} is not a number", text=text), field=field, offset=offset)
    value = int(text)
    if not low <= value <= high:
        raise CronSyntaxError(msg("{value} is an invalid value. Must be within {low} and {high}",
                                  value=value, low=low, high=high),
                              field=field, offset=offset)
    return value


def _jenkins_range(start: int, end: int, step: int, field: str, offset: int) -> frozenset[int]:
    """BaseParser.doRange."""
    if step <= 0:
        raise CronSyntaxError(msg("step must be positive, but found {step}", step=step), field=field,
                              offset=offset)
    if start > end:
        raise CronSyntaxError(msg("You mean {end}-{start}?", end=end, start=start), field=field, offset=offset)
    return frozenset(range(start, end + 1, step))


def _jenkins_hash(start: int, end: int, step: int, field: str, offset: int) -> _Hash:
    """BaseParser.doHash's checks; the draw is :meth:`_Hash.draw`, one per H term."""
    width = end - start + 1
    if step > width or step <= 0:
        raise CronSyntaxError(msg("{step} is an invalid value. Must be within 1 and {width}",
                                  step=step, width=width),
                              field=field, offset=offset)
    return _Hash(start, end, step)


# ---------------------------------------------------------------- fire times


def _dst_rules(dst: str, specs: Sequence[CronSpec]) -> tuple[str, str]:
    """(gap, repeat) rules of :func:`jobmig.timing.localtime.expand` for a scheduler.

    cronie (cron(8) "Local time changes of less than three hours ... are
    handled specially"; cron.c main loop, wakeup kinds 2 and 3): a
    *fixed-time* job whose time was skipped runs once when the clocks jump,
    and is not run again in a repeated hour; a *wildcard* job (minute or hour
    field starting with ``*``: MIN_STAR/HR_STAR) is skipped in a gap and runs
    at each pass of a repeated hour. (The notes' one-line summary of
    crontab(5), "skipped ... run twice", is the naive cron behaviour; cronie
    does the above.) Jenkins (``Trigger.Cron.doRun`` adds one real minute at
    a time and checks local fields): skipped in a gap, twice in a repeat.
    EventBridge Scheduler: skipped in a gap, once (first occurrence) in a
    repeat. The cronie and Jenkins rules are from reading their sources, not
    from a run.
    """
    if dst == "cronie":
        wild = any(spec.wildcard for spec in specs)
        return ("skip", "both") if wild else ("transition", "first")
    if dst == "jenkins":
        return "skip", "both"
    if dst == "scheduler":
        return "skip", "first"
    raise ValueError(f"unknown DST rule {dst!r}; expected one of {DST_RULES}")


def fire_minutes(specs: Sequence[CronSpec], tz: str, start_minute: int, end_minute: int,
                 dst: str) -> list[int]:
    """Epoch minutes in ``[start_minute, end_minute)`` at which any of ``specs`` fires.

    ``specs`` are evaluated in local time of ``tz`` with the DST behaviour of
    ``dst`` (one of :data:`DST_RULES`). For cronie, pass one spec at a time.
    """
    gap, repeat = _dst_rules(dst, specs)
    # Specs whose day fields agree fire on the same days: each day is asked once per set
    # of day fields, not once per spec (a Jenkins spec of 250,000 lines 'H 1 * * *' asked
    # 250,000 times for each day of the horizon).
    times_by_days: dict[tuple, set[int]] = {}
    first_by_days: dict[tuple, CronSpec] = {}
    for spec in specs:
        key = (spec.months, spec.days_of_month, spec.days_of_week, spec.day_and)
        times_by_days.setdefault(key, set()).update(spec.times)
        first_by_days.setdefault(key, spec)
    if len(times_by_days) == 1:
        ((key, merged),) = times_by_days.items()
        only = first_by_days[key]
        times = only.times if len(specs) == 1 else tuple(sorted(merged))

        def times_for(day: LocalDay) -> Sequence[int]:
            d = day.day
            return times if only.day_matches(d.month, d.day, day.dow) else ()
    else:
        groups = [(first_by_days[key], tuple(sorted(merged)))
                  for key, merged in times_by_days.items()]

        def times_for(day: LocalDay) -> Sequence[int]:
            d = day.day
            found: set[int] = set()
            for spec, spec_times in groups:
                if spec.day_matches(d.month, d.day, day.dow):
                    found.update(spec_times)
            return sorted(found)

    return expand(tz, start_minute, end_minute, times_for, gap=gap, repeat=repeat)


def fire_times(specs: Sequence[CronSpec], tz: str, start: datetime, end: datetime,
               dst: str) -> list[datetime]:
    """Like :func:`fire_minutes` for aware datetimes; returns aware UTC datetimes."""
    ZoneInfo(tz)  # fail early on an unknown zone
    return [from_epoch_minute(m) for m in
            fire_minutes(specs, tz, to_epoch_minute(start), to_epoch_minute(end), dst)]


def day_set(spec: CronSpec, first: date, last: date) -> list[date]:
    """Local days ``first..last`` (inclusive) on which ``spec``'s day fields match."""
    days: list[date] = []
    for ordinal in range(first.toordinal(), last.toordinal() + 1):
        day = date.fromordinal(ordinal)
        if spec.day_matches(day.month, day.day, (day.weekday() + 1) % 7):
            days.append(day)
    return days
