"""JP1/AJS3 unit definitions (``ajsprint -a`` exports) → jobs, edges and findings.

Contract (see :mod:`jobmig.parsers`): :func:`detect` and :func:`parse`, which
never raises. The grammar lives in :mod:`jobmig.parsers.jp1.syntax`, the unit
types in :mod:`jobmig.parsers.jp1.types`, schedule rules in
:mod:`jobmig.parsers.jp1.rules`. This module maps the unit tree onto the model:

- job groups (``g``) are folders: they give names their prefix and carry the
  calendar (``op cl sdd md stt``) down to the jobnets below; they are not jobs;
- jobnets (``n``, ``rn``; remote ``rm``/``rr`` too) → ``Job(kind="jobnet")``
  with one ``LegacySchedule`` per schedule rule number;
- every other unit → ``Job(kind="job")`` whose ``parent`` is the nearest
  jobnet; types without an AWS equivalent carry a JM404/JM405 finding;
- ``ar=(f=,t=,seq|con)`` → ``Dependency(scope="workflow")``: ``con`` is a
  judgment branch, an arrow into a recovery unit (``r*``) runs on abnormal
  end only, several arrows into one unit wait for all (AND-join).

Ids are ``jp1:`` + the unit path from the export's top (``jp1:/grp/net/job``);
names are that path without the leading slash. Every parameter is kept, as
written, in ``attributes["params"]`` as ``(key, raw value)`` pairs.
"""
from __future__ import annotations

import difflib
from bisect import bisect_right
import gc
import re
from collections import Counter, defaultdict
from dataclasses import MISSING, dataclass, field, fields, replace
from functools import lru_cache
from operator import itemgetter
from typing import Any

from jobmig.model import (Condition, Dependency, Finding, Job, LegacySchedule, ParseResult,
                          RetryPolicy, SourceRef)
from jobmig.options import ParseOptions
from jobmig.digits import is_number
from jobmig.parsers.jp1 import limits, types, waits
from jobmig.parsers.jp1.rules import CALENDAR_KEYS, RULE_KEYS, RuleError, parse_rule, split_rule_number
from jobmig.parsers.jp1.syntax import Param, SyntaxIssue, Unit, parse_units
from jobmig.textio import (damaged_characters, decode_text, has_damaged_characters,
                           known_encoding, looks_binary)
from jobmig.messages import joined, msg

FORMAT = "jp1"

_DETECT = re.compile(rb"\A(?:\xef\xbb\xbf)?(?:\s|/\*.*?\*/)*unit\s*=", re.DOTALL)
# A unit's definition line, as bytes: one free of control bytes shows an export with NULs
# is damaged text, not binary.
_UNIT_LINE = re.compile(rb"[ \t]*unit\s*=[^,;\n]*,")
_NAME_HINTS = (".ajs", ".jp1", ".unitdef", ".ajsdef", ".def")
# Parameters that link a unit to units of other jobnets (JM414).
_CROSS_KEYS = ("eun", "ejn", "ncl", "ncn", "ncs", "ncex", "nchn", "ncsv", "ncr")
_COMMAND_KEYS = ("te", "sc", "prm")
# Syntax problems that change which unit holds which (the tree was repaired).
_BRACE_ISSUES = frozenset({"unterminated-brace", "missing-brace", "stray-brace"})
_SINGLE_KEYS = ("ty", "cm", "te", "sc", "prm", "un", "ex", "wkp", "jd", "tho", "wth", "etm")
_HOLD_VALUES = ("y", "w", "a")
# Keys with a fixed set of values (notes §4, §7; defaults from ajsbutler Defaults.ts) [M/P].
_ENUMS: dict[str, tuple[str, ...]] = {
    "de": ("y", "n"), "ha": ("y", "w", "a", "n"), "eu": ("ent", "def"), "mp": ("y", "n"),
    "jd": ("nm", "ab", "cod", "mdf", "exf"), "ms": ("sch", "mlt"), "abr": ("y", "n"),
    "jty": ("q", "n"), "md": ("th", "ne"), "gty": ("n", "p"),
}
_SIZE = re.compile(r"^(\d{1,3})\s*[x×]\s*(\d{1,3})$", re.ASCII)
_CROSS_SET = frozenset(_CROSS_KEYS)
# numbers whose text is otherwise dropped (retry) or kept as text (thresholds) unread
_NUMBER_KEYS = {"rec": msg("the default of 1 is used"), "rei": msg("the default of 1 is used"),
                "tho": msg("no threshold is set from it"), "wth": msg("no threshold is set from it")}
_CHECKED_VALUES = frozenset(_ENUMS) | {"sz", "etm"} | frozenset(_NUMBER_KEYS)  # keys _values_check looks at
_KEY_RAW = itemgetter(0, 1)  # a Param's (key, raw value), in C
_RULE_KEYS = frozenset(RULE_KEYS)


class _Builder:
    """Builds instances of a frozen dataclass as its ``__init__`` would (every field set,
    in field order, defaults and default factories for those not given), but in one
    dict: the generated ``__init__`` sets each field through ``object.__setattr__`` (a
    Job has 19 of them; an export makes 100,000 jobs), and keyword arguments cost a dict
    of their own. For classes without ``__post_init__`` and without ``init=False``
    fields (a test checks the instances equal those ``__init__`` makes)."""

    def __init__(self, cls: type) -> None:
        if hasattr(cls, "__post_init__") or not all(item.init for item in fields(cls)):
            raise TypeError(f"{cls.__name__} needs its own __init__")
        self.cls = cls
        self.defaults: dict[str, Any] = {}
        self.factories: dict[str, Any] = {}
        for item in fields(cls):
            self.defaults[item.name] = item.default  # (MISSING for the required ones)
            if item.default_factory is not MISSING:
                self.factories[item.name] = item.default_factory

    def build(self, given: dict[str, Any]) -> Any:
        """``cls(**given)``."""
        values = self.defaults.copy()
        values.update(given)
        for name, factory in self.factories.items():
            if name not in given:
                values[name] = factory()
        instance = object.__new__(self.cls)
        object.__setattr__(instance, "__dict__", values)
        return instance


_new_job = _Builder(Job).build
_new_dependency = _Builder(Dependency).build


def detect(data: bytes, path: str) -> int:
    """2 when the text starts with ``unit=`` (after comments), 1 for a JP1-like name."""
    if _DETECT.match(data[:65536]):
        return 2
    return 1 if path.lower().endswith(_NAME_HINTS) else 0


def parse(data: bytes, *, path: str, options: ParseOptions) -> ParseResult:
    """Read one unit definition file. Never raises: problems become findings."""
    collecting = gc.isenabled()
    # The unit tree and the jobs are hundreds of thousands of small acyclic objects;
    # the cyclic garbage collector would rescan them over and over while they are
    # built (about a fifth of the CPU time on a 100,000-unit export), so pause it.
    gc.disable()
    try:
        return _parse(data, path, options)
    except Exception as exc:  # a bug must not stop the other files (DESIGN: errors)
        return ParseResult(path, FORMAT, findings=(Finding(
            "JM401", msg("internal error while reading the file ({error_type}: {exc}); please report "
                         "it with the file",
                         error_type=type(exc).__name__, exc=exc), SourceRef(path, format=FORMAT)),))
    finally:
        if collecting:
            # Move the new objects to the oldest generation first: re-enabled, the collector
            # would otherwise scan all of them at its next young collection.
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def decode(data: bytes, path: str, encoding: str | None) -> tuple[str | None, list[Finding]]:
    """UTF-8, else CP932 (JM005); ``encoding`` forces one. Undecodable bytes → U+FFFD (JM421)."""
    source = SourceRef(path, format=FORMAT)
    # A stray NUL damages its unit only (JM010/JM401 there); the other units are kept.
    text, findings = decode_text(data, source, encoding, fallbacks=("cp932",), allow_nul=True,
                                 text_line=_UNIT_LINE)
    if text is not None or looks_binary(data, allow_nul=True, text_line=_UNIT_LINE):
        return text, findings
    text = data.decode(encoding or "cp932", errors="replace") if known_encoding(encoding) else \
        data.decode("cp932", errors="replace")
    return text.removeprefix("\ufeff"), [Finding(
        "JM421", msg("not valid {value}; undecodable bytes were replaced",
                     value=encoding or 'UTF-8 or CP932'),
        source)]


def _parse(data: bytes, path: str, options: ParseOptions) -> ParseResult:
    text, findings = decode(data, path, options.encoding)
    if text is None:
        return ParseResult(path, FORMAT, findings=tuple(findings))
    roots, issues = parse_units(text)
    issues = _cap_issues(issues)
    converter = _Converter(path, options)
    converter.damaged = has_damaged_characters(text)
    converter.findings.extend(findings)
    converter.syntax(issues)
    converter.convert(roots)
    converter.damage(issues)
    if not roots and not issues:
        converter.findings.append(Finding("JM003", msg("no unit definitions in the file"),
                                          SourceRef(path, format=FORMAT)))
    return converter.result()


#: syntax problems listed one by one per file; the rest are counted in one more
MAX_ISSUES = 20


def _cap_issues(issues: list[SyntaxIssue]) -> list[SyntaxIssue]:
    """The first :data:`MAX_ISSUES` problems, then one that counts the rest (kind "more");
    units a comment swallowed ("unit-in-comment") are all kept: each is a lost job.

    A line of 50,000 stray braces would otherwise give 50,000 findings, and one
    JM425 per unit after each of them."""
    lost = [issue for issue in issues if issue.kind == "unit-in-comment"]
    others = [issue for issue in issues if issue.kind != "unit-in-comment"]
    if len(others) <= MAX_ISSUES:
        return issues
    rest = others[MAX_ISSUES]
    more = len(others) - MAX_ISSUES
    return [*others[:MAX_ISSUES], SyntaxIssue(
        "more", msg("{more} more syntax problems in this file from here on (only the first "
                    "{limit} are listed one by one; fix those and convert again)",
                    more=more, limit=MAX_ISSUES) if more > 1 else
        msg("1 more syntax problem in this file from here on (only the first {limit} are "
            "listed one by one; fix those and convert again)", limit=MAX_ISSUES),
        rest.line, rest.column), *lost]


@dataclass
class _Context:
    """What a unit inherits from the units above it."""

    path: tuple[str, ...] = ()
    calendar: dict[str, Any] = field(default_factory=dict)
    jobnet: str | None = None  # id of the nearest jobnet above
    container: str | None = None  # id of a non-jobnet unit that holds jobs (.CONDITION)
    in_jobnet: bool = False
    host: str | None = None  # ex= of the nearest jobnet: the default agent of its jobs [M]


@dataclass
class _Cut:
    """Units past JP1's limits (:mod:`jobmig.parsers.jp1.limits`), gathered during the walk."""

    ids: set[str] = field(default_factory=set)  # ids of the top units not converted
    parents: Counter[str] = field(default_factory=Counter)  # unit id → its units not converted
    notes: defaultdict[str, list[Finding]] = field(  # unit id → JM450 findings for it
        default_factory=lambda: defaultdict(list))


def _is_group(unit: Unit) -> bool:
    kind = unit.ty()
    return kind is not None and kind.text.strip() in types.GROUP_TYPES


class _Converter:
    """Walks the unit tree once (iteratively) and builds jobs, edges and findings."""

    def __init__(self, path: str, options: ParseOptions) -> None:
        self.path = path
        self.options = options
        self.jobs: list[Job] = []
        self.dependencies: list[Dependency] = []
        # unit id → arrows into it so far (a dict, not a Counter: most units have none, and
        # a Counter answers a missing key through a Python-level __missing__)
        self.incoming: dict[str, int] = {}
        self.findings: list[Finding] = []
        self.unreadable: set[str] = set()
        self.has_schedule = False
        self.headers: list[tuple[int, str]] = []  # (line of unit=, unit id) in file order
        # "/full/group" → its calendar; None until a jc= asks (most exports have none)
        self._calendars: dict[str, dict[str, Any]] | None = None
        self.roots: list[Unit] = []
        self.root_jobnets: dict[str, str] = {}  # jobnet id → id of its root jobnet
        self.cut = _Cut()  # units past JP1's limits (JM448) and what that leaves behind
        # the text may hold damaged characters (JM010); False skips looking for them
        # in every command (one search over the whole text answers for all of them)
        self.damaged = True

    def ref(self, line: int | None = None, column: int | None = None) -> SourceRef:
        return SourceRef(self.path, line, column, FORMAT)

    def syntax(self, issues) -> None:
        for issue in issues:
            code = {"bad-unit-header": "JM402", "unit-in-comment": "JM427"}.get(issue.kind, "JM401")
            if code == "JM402" and issue.unit:
                self.unreadable.add(issue.unit)
            self.findings.append(Finding(code, issue.message, self.ref(issue.line, issue.column)))

    def damage(self, issues) -> None:
        """Tie each syntax problem to the jobs it leaves uncertain (after :meth:`convert`).

        A problem inside a unit's parameters (an unclosed string, a missing ``;``)
        makes that unit's job manual (JM401 on the job). A brace problem makes every
        unit from the damaged one to the end of the file ``review`` at least (JM425):
        where each belongs was repaired, not read. One JM425 per unit, of the first brace
        problem above it: each of 20 problems on every unit after them made the findings
        grow twenty times faster than the units (each problem is a finding of its own).
        """
        if not issues or not self.headers:
            return
        starts = [line for line, _ in self.headers]
        job_ids = {job.id for job in self.jobs}
        extra: dict[str, list[Finding]] = defaultdict(list)
        moved: set[Finding] = set()
        covered = len(self.headers)  # the units from here on carry a JM425 already
        for issue in issues:
            if issue.kind in ("bad-unit-header", "more", "unit-in-comment"):
                continue  # JM402/JM427: the unit itself was not converted; "more": a count
            at = self.ref(issue.line, issue.column)
            anchor = bisect_right(starts, issue.line) - 1
            if issue.kind in _BRACE_ISSUES:
                named = [i for i, (_, unit_id) in enumerate(self.headers)
                         if issue.unit and unit_id.rsplit("/", 1)[-1] == issue.unit and i <= anchor]
                first = named[-1] if named else max(anchor, 0)
                message = (msg("unit structure repaired after a brace problem at line {line} "
                               "({message}); check which jobnet this unit belongs to",
                               line=issue.line, message=issue.message))
                for _, unit_id in self.headers[first:covered]:
                    if unit_id:  # ("": a unit past JP1's limits, JM448, no job)
                        extra[unit_id].append(Finding("JM425", message, at, unit_id))
                covered = min(covered, first)
            elif anchor >= 0 and self.headers[anchor][1] in job_ids:
                # (a group is no job: a problem in its body stays a finding of the file)
                unit_id = self.headers[anchor][1]
                extra[unit_id].append(Finding("JM401", issue.message, at, unit_id))
                moved.add(Finding("JM401", issue.message, at))  # said on the job instead
        if moved:
            self.findings = [f for f in self.findings if f not in moved]
        if extra:
            self.jobs = [replace(job, findings=(*job.findings, *extra[job.id]))
                         if job.id in extra else job for job in self.jobs]

    def result(self) -> ParseResult:
        if self.has_schedule and not self.options.timezone:
            self.findings.append(Finding(
                "JM004", msg("JP1 unit definitions carry no time zone; the schedules use the "
                             "--timezone given to the run (UTC when none)"), self.ref()))
        return ParseResult(self.path, FORMAT, tuple(self.jobs), tuple(self.dependencies),
                           tuple(self.findings))

    def _join(self, attributes: dict[str, Any], unit_id: str, unit_type: str) -> None:
        """``join`` ("and"; "or" for an OR job) on a unit that several arrows lead to.

        Arrows link the children of one unit and are read when that unit is, before
        any of its children: a child's count of incoming arrows is complete here."""
        if self.incoming.get(unit_id, 0) >= 2:
            attributes["join"] = "or" if types.base_type(unit_type) == "orj" else "and"

    # -- walking ------------------------------------------------------------------------
    def convert(self, roots: list[Unit]) -> None:
        self.roots = roots
        ids = self._child_ids(roots, "jp1:", None)
        stack = [(unit, _Context(), unit_id, limits.top(unit.name), None)
                 for unit, unit_id in reversed(list(zip(roots, ids)))]
        while stack:
            unit, ctx, unit_id, place, parent_id = stack.pop()
            reason = limits.past_limit(place)
            if reason is not None:
                self._cut(unit, unit_id, place, reason, parent_id)
                continue
            child_ids = self._child_ids(unit.children, unit_id, unit) if unit.children else []
            child_ctx = self.unit(unit, ctx, unit_id, child_ids)
            self._limits_check(unit, unit_id, ctx)
            if child_ids:
                counts = ctx.in_jobnet or not _is_group(unit)
                stack.extend((child, child_ctx, child_id, place.child(child.name, counts), unit_id)
                             for child, child_id in reversed(list(zip(unit.children, child_ids))))
        self._settle_cut()

    # -- JP1's limits (parsers/jp1/limits.py) -------------------------------------------
    def _cut(self, unit: Unit, unit_id: str, place: limits.Place, reason: str,
             parent_id: str | None) -> None:
        """JM448 for ``unit``, past a JP1 limit, and for each unit inside it, each at its
        own line; none is converted. The messages name the unit only (never its path):
        findings stay linear in the input however deep it nests."""
        if reason == "nesting":
            message = msg("unit {name} is nested {depth} levels deep (job groups not counted); "
                          "JP1 allows {limit}: it and the units inside it were not converted",
                          name=unit.name, depth=place.nesting, limit=limits.MAX_NESTING)
        else:
            message = msg("unit {name}: its full name is {size} bytes long; JP1 allows {limit}: "
                          "it and the units inside it were not converted",
                          name=unit.name, size=place.full_name_bytes,
                          limit=limits.MAX_FULL_NAME_BYTES)
        self.findings.append(Finding("JM448", message, self.ref(unit.line, unit.column)))
        self.headers.append((unit.line, ""))  # a syntax problem in it is no converted job's
        self.cut.ids.add(unit_id)
        if parent_id is not None:
            self.cut.parents[parent_id] += 1
        stack = list(reversed(unit.children))
        while stack:
            inner = stack.pop()
            self.findings.append(Finding("JM448", msg(
                "unit {name} is inside the unit at line {line}, column {column}, which passes a "
                "JP1 limit; it was not converted",
                name=inner.name, line=unit.line, column=unit.column),
                self.ref(inner.line, inner.column)))
            self.headers.append((inner.line, ""))
            stack.extend(reversed(inner.children))

    def _limits_check(self, unit: Unit, unit_id: str, ctx: _Context) -> None:
        """JM450 for a converted unit past JP1's other limits: a name over 30 bytes, over
        10,000 units on one level below a jobnet."""
        size = limits.name_bytes(limits.own_name(unit.name))
        if size > limits.MAX_NAME_BYTES:
            self.cut.notes[unit_id].append(Finding("JM450", msg(
                "unit {name}: its name is {size} bytes long; JP1 allows {limit}",
                name=limits.own_name(unit.name), size=size, limit=limits.MAX_NAME_BYTES),
                self.ref(unit.line, unit.column)))
        if len(unit.children) > limits.MAX_UNITS_PER_LEVEL and \
                (ctx.in_jobnet or not _is_group(unit)):
            self.cut.notes[unit_id].append(Finding("JM450", msg(
                "unit {name} holds {count} units on one level; JP1 allows {limit} below a jobnet",
                name=unit.name, count=len(unit.children), limit=limits.MAX_UNITS_PER_LEVEL),
                self.ref(unit.line, unit.column)))

    def _settle_cut(self) -> None:
        """After the walk: drop the relations that lead to or from a unit not converted,
        mark each converted unit that lost units inside (JM449, ``review``), and put the
        JM450 notes on their jobs (on the file for a job group)."""
        cut = self.cut
        if not (cut.ids or cut.notes):
            return
        if cut.ids:
            self.dependencies = [d for d in self.dependencies
                                 if d.predecessor not in cut.ids and d.successor not in cut.ids]
        extra: dict[str, list[Finding]] = defaultdict(list)
        for job in self.jobs:
            count = cut.parents.get(job.id)
            if count:
                extra[job.id].append(Finding("JM449", msg(
                    "{count} unit(s) inside {name} pass JP1's limits and were not converted "
                    "(JM448); it runs without them",
                    count=count, name=job.attributes["unit"]["name"]), job.source, job.id))
            for note in cut.notes.pop(job.id, ()):
                extra[job.id].append(replace(note, job_id=job.id))
        for notes in cut.notes.values():  # job groups: no job to carry them
            self.findings.extend(notes)
        if extra:
            self.jobs = [replace(job, findings=(*job.findings, *extra[job.id]))
                         if job.id in extra else job for job in self.jobs]

    def group_calendars(self) -> dict[str, dict[str, Any]]:
        """Every job group's calendar by full name, for ``jc=`` (which may point ahead):
        read on the first call, once the walk meets a ``jc=``."""
        if self._calendars is None:
            self._calendars = {}
            self._group_calendars(self.roots)
        return self._calendars

    def _group_calendars(self, roots: list[Unit]) -> None:
        """Fill ``_calendars`` from the unit tree."""
        assert self._calendars is not None
        stack: list[tuple[Unit, dict[str, Any], tuple[str, ...], int]] = \
            [(unit, {}, (), 0) for unit in reversed(roots)]
        while stack:
            unit, inherited, above, size = stack.pop()
            size = limits.top(unit.name).full_name_bytes if not above else \
                size + 1 + limits.name_bytes(unit.name)
            if size > limits.MAX_FULL_NAME_BYTES:
                continue  # not converted (JM448), nor anything inside it
            path = (*above, unit.name)
            kind = unit.ty()
            calendar = inherited
            if kind is not None and kind.text.strip() in types.GROUP_TYPES:
                calendar = _calendar(unit, inherited)
                # (a top unit written by its full name, "/grp", starts with its own '/')
                self._calendars["/" + "/".join(path).lstrip("/")] = calendar
            stack.extend((child, calendar, path, size) for child in reversed(unit.children))

    def _child_ids(self, children: list[Unit], parent_id: str, parent: Unit | None) -> list[str]:
        """Ids of sibling units; a repeated name gets ``~2``, ``~3`` ... (JM417)."""
        seen: dict[str, int] = {}
        ids = []
        base = parent_id
        for child in children:
            seen[child.name] = seen.get(child.name, 0) + 1
            unit_id = f"{base}/{child.name}"
            if seen[child.name] > 1:
                unit_id += f"~{seen[child.name]}"
                where = f"under {parent.name}" if parent else "at the top of the file"
                self.findings.append(Finding(
                    "JM417", msg("unit name {name} is used {seen} times {where}; this one's id "
                                 "is {unit_id}",
                                 name=child.name,
                                 seen=seen[child.name],
                                 where=where,
                                 unit_id=unit_id), self.ref(child.line, child.column), unit_id))
            ids.append(unit_id)
        return ids

    def unit(self, unit: Unit, ctx: _Context, unit_id: str, child_ids: list[str]) -> _Context:
        """Convert one unit (its children's ids given); return the context they inherit."""
        self.headers.append((unit.line, unit_id))
        path = (*ctx.path, unit.name)
        text = _texts(unit)  # its keys are the unit's keys: most checks ask it, not the index
        if len(text) != len(unit.params):  # (else no key is given twice)
            self._repeated(unit, unit_id, text)
        if not text.get("ty"):
            self.findings.append(Finding(
                "JM402", msg("unit {name} has no ty= (unit type); it was not converted",
                             name=unit.name),
                self.ref(unit.line, unit.column)))
            return replace(ctx, path=path)
        unit_type = text["ty"].strip()
        if "el" in text:
            self._el_check(unit)
        if not _CHECKED_VALUES.isdisjoint(text):
            self._values_check(unit, unit_id, text)
        if unit_type in types.GROUP_TYPES:
            if ctx.in_jobnet:
                self.findings.append(Finding(
                    "JM406", msg("job group {name} is inside a jobnet; it is read as a name "
                                 "prefix only",
                                 name=unit.name), self.ref(unit.line, unit.column)))
            if "ar" in text:
                self._relations(unit, child_ids)
            return replace(ctx, path=path, calendar=_calendar(unit, ctx.calendar))
        is_jobnet = unit_type in types.JOBNET_TYPES
        job = self._job(unit, text, unit_type, unit_id, path, ctx, is_jobnet)
        if is_jobnet:
            self.root_jobnets[unit_id] = self.root_jobnets.get(ctx.jobnet or "", unit_id)
        if unit_type == "nc" or not waits.HANDLED_KEYS.isdisjoint(text):
            job = self._cross_edges(unit, job, unit_type, ctx)
        self.jobs.append(job)
        if "ar" in text:
            self._relations(unit, child_ids)
        if is_jobnet:
            return _Context(path, ctx.calendar, unit_id, None, True, job.host or ctx.host)
        if not child_ids:
            return ctx  # a job with no units inside (nearly all): nothing inherits from it
        return _Context(path, ctx.calendar, ctx.jobnet, unit_id, ctx.in_jobnet, ctx.host)

    # -- one job ------------------------------------------------------------------------
    def _job(self, unit: Unit, text: dict[str, str], unit_type: str, unit_id: str,
             path: tuple[str, ...], ctx: _Context, is_jobnet: bool) -> Job:
        """The job of one unit; ``text`` is :func:`_texts` of it."""
        source = SourceRef(self.path, unit.line, unit.column, FORMAT)  # (self.ref, inlined)
        findings: list[Finding] = []

        def note(code: str, message: str, where: SourceRef | None = None) -> None:
            findings.append(Finding(code, message, where or source, unit_id))

        name = "/".join(path)
        label = f"{name} (ty={unit_type})"
        if unit_type not in types.ALL_TYPES:
            note("JM418", msg("unit {label}: unknown unit type; kept as a placeholder job",
                              label=label))
        elif (kind_advice := types.advice(unit_type)) is not None:
            level, build = kind_advice
            code = "JM405" if level == "review" else "JM404"
            note(code, msg("unit {label} has no direct AWS equivalent; build {build}",
                           label=label, build=build)
                 if code == "JM404" else msg("unit {label} becomes {build}",
                                             label=label, build=build))
        if not is_jobnet and ctx.jobnet is None:
            note("JM406", msg("unit {label} is not inside a jobnet; it becomes a workflow of its "
                              "own",
                              label=label))
        for key in _CROSS_KEYS if not _CROSS_SET.isdisjoint(text) else ():
            if key in waits.HANDLED_KEYS:
                continue  # edges of their own (_cross_edges)
            for param in unit.index().get(key, ()):
                note("JM414", msg("unit {name}: {key}={raw} links it to units of other jobnets",
                                  name=name, key=key, raw=param.raw), self.ref(param.line, param.column))
        if text.get("ha") in _HOLD_VALUES:
            hold = _last(unit, "ha")
            note("JM420", msg("unit {name} is held (ha={ha}) until an operator releases it",
                              name=name, ha=text['ha']),
                 self.ref(hold.line, hold.column))
        attributes: dict[str, Any] = {
            "unit_path": "/" + "/".join(path),
            "unit": {"name": unit.name, "permission": unit.permission, "user": unit.user,
                     "resource_group": unit.group},
            "params": list(map(_KEY_RAW, unit.params)),  # (key, raw value) pairs
        }
        if ctx.container:
            attributes["container"] = ctx.container
        if not unit.closed:
            attributes["incomplete"] = True
        if "cm" in text:
            attributes["comment"] = text["cm"]
        schedules: tuple[LegacySchedule, ...] = ()
        if is_jobnet:
            schedules = self._schedules(unit, unit_id, ctx, note)
            self._join(attributes, unit_id, unit_type)
            return _new_job({
                "id": unit_id, "name": name, "source": source, "kind": "jobnet",
                "unit_type": unit_type, "host": text.get("ex") or None, "schedules": schedules,
                "parent": ctx.jobnet, "attributes": attributes, "findings": tuple(findings)})
        for key in _COMMAND_KEYS if self.damaged else ():
            param = _last(unit, key) if key in text else None
            damaged = damaged_characters(param.raw) if param is not None else None
            if damaged:
                offset, which = damaged[0]
                note("JM010", msg("unit {name}: {which} in {key}=", name=name, which=which, key=key),
                     self.ref(param.line, param.column + len(key) + 1 + offset))
        command = text.get("te") or text.get("sc")
        if command and text.get("prm"):
            command = f"{command} {text['prm']}"
        elif not command and text.get("prm"):
            attributes["parameters"] = text["prm"]
        for key, label_ in (("wkp", "workdir"), ("eu", "run_as"), ("jty", "queueing")):
            if key in text:
                attributes[label_] = text[key]
        environment = _environment(unit) if "env" in text else {}
        if "?AJS2" in (command or "") or (
                environment and any("?AJS2" in v for v in environment.values())):
            attributes["macro_places"] = _macro_places(unit)
        judgment = _end_judgment(unit, text, note)
        if judgment:
            attributes["end_judgment"] = judgment
        retry = _retry(unit, text, note) if "abr" in text else None  # (None without abr=y)
        timeout = _int(text["etm"]) if "etm" in text else None
        if timeout is not None and not 1 <= timeout <= MAX_ETM_MINUTES:
            timeout = None  # JM424 says so (see the parameter check)
        self._join(attributes, unit_id, unit_type)
        return _new_job({
            "id": unit_id, "name": name, "source": source, "kind": "job",
            "unit_type": unit_type, "command": command, "user": text.get("un"),
            "host": text.get("ex") or ctx.host, "environment": environment,
            "parent": ctx.jobnet, "retry": retry,
            "timeout_seconds": timeout * 60 if timeout else None, "attributes": attributes,
            "findings": tuple(findings)})

    def _values_check(self, unit: Unit, unit_id: str, text: dict[str, str]) -> None:
        """JM424 for each parameter with a fixed set of values that holds another (called
        for a unit that has one)."""
        for param in unit.params:
            allowed = _ENUMS.get(param.key)
            bad = None
            if allowed is not None and param.text.strip() not in allowed:
                bad = msg("expected one of {allowed}", allowed=', '.join(allowed))
            elif param.key == "etm" and not 1 <= (_int(param.text) or 0) <= MAX_ETM_MINUTES:
                bad = msg("expected minutes 1-{MAX_ETM_MINUTES}; no time limit is set",
                          MAX_ETM_MINUTES=MAX_ETM_MINUTES)
            elif param.key in _NUMBER_KEYS and _int(param.text) is None:
                bad = msg("expected a whole number; {what}", what=_NUMBER_KEYS[param.key])
            elif param.key == "sz":
                size = _SIZE.match(param.text.strip())
                if not size or not all(1 <= int(n) <= 100 for n in size.groups()):
                    bad = msg("expected WxH with each 1-100")
            if bad:
                self.findings.append(Finding(
                    "JM424", msg("unit {name}: {key}={raw} is not valid; {bad}",
                                 name=unit.name, key=param.key, raw=param.raw, bad=bad),
                    self.ref(param.line, param.column), unit_id))

    def _repeated(self, unit: Unit, unit_id: str, text: dict[str, str]) -> None:
        index = unit.index()
        for key in _SINGLE_KEYS:
            params = index.get(key, ())
            if len(params) > 1 and len({param.raw for param in params}) > 1:
                last = params[-1]
                self.findings.append(Finding(
                    "JM419", msg("unit {name}: {key}= is given {count} times with different "
                                 "values; the last ({raw}) was used",
                                 name=unit.name, key=key, count=len(params), raw=last.raw),
                    self.ref(last.line, last.column), unit_id))

    def _schedules(self, unit: Unit, unit_id: str, ctx: _Context, note) -> tuple[LegacySchedule, ...]:
        """One LegacySchedule per rule number, holding that rule's parameters as written."""
        rules: dict[int, list[Param]] = defaultdict(list)
        end = None  # the last ed= (read here: a jobnet's index is seldom needed otherwise)
        for param in unit.params:
            key = param.key
            if key in _RULE_KEYS:
                number, _ = split_rule_number(key, param.raw)
                rules[number].append(param)
            elif key == "ed":
                end = param
        if not rules:
            if not ctx.in_jobnet:
                note("JM407", msg("root jobnet {name} has no schedule rule; JP1 then uses "
                                  "sd=1,en (it runs on the day it is registered for execution)",
                                  name=unit.name))
            return ()
        if ctx.in_jobnet:
            note("JM411", msg("nested jobnet {name} has {count} schedule rule(s) of its own",
                              name=unit.name, count=len(rules)))
        self.has_schedule = True
        calendar = ctx.calendar
        reference = _last(unit, "jc")
        if reference is not None:
            target = reference.text.strip()
            calendars = self.group_calendars()
            if target in calendars:
                calendar = calendars[target]
            else:
                note("JM426", msg("jobnet {name}: jc={raw} names a job group whose calendar this "
                                  "export does not define; its open and closed days are unknown",
                                  name=unit.name, raw=reference.raw),
                     self.ref(reference.line, reference.column))
        schedules = []
        for number in sorted(rules):
            params = rules[number]
            if sum(1 for param in params if param.key == "sd") > 1:
                note("JM419", msg("jobnet {name}: rule {number} has several start dates (sd); "
                                  "all of them are used",
                                  name=unit.name, number=number), self.ref(params[0].line, params[0].column))
            for param in params + ([end] if end else []):
                error = _rule_error(param.key, param.raw)
                if error:
                    note("JM410", msg("jobnet {name}, rule {number}: {error}",
                                      name=unit.name, number=number, error=error),
                         self.ref(param.line, param.column))
            expression = " ".join(f"{param.key}={param.raw};" for param in params)
            if end is not None:
                expression += f" ed={end.raw};"
            schedules.append(LegacySchedule("jp1", expression, self.options.timezone,
                                            context={**calendar, "rule": number}))
        return tuple(schedules)

    def _cross_edges(self, unit: Unit, job: Job, unit_type: str, ctx: _Context) -> Job:
        """Edges of ``eun`` waits and jobnet connectors (:mod:`jobmig.parsers.jp1.waits`)."""
        edges, found = waits.wait_edges(unit, job.id, job.name, self.ref,
                                         inside=bool(ctx.in_jobnet))
        if unit_type == "nc":
            root = self.root_jobnets.get(ctx.jobnet or "")
            more, notes = waits.connector_edges(unit, job.id, job.name, root,
                                                self.incoming.get(job.id, 0) > 0, self.ref)
            edges, found = edges + more, found + notes
        elif unit_type in types.JOBNET_TYPES and not ctx.in_jobnet:
            found += waits.controlled_findings(unit, job.id, job.name, self.ref)
        self.dependencies.extend(edges)
        return replace(job, findings=(*job.findings, *found)) if found else job

    # -- relations ----------------------------------------------------------------------
    def _relations(self, unit: Unit, child_ids: list[str]) -> None:
        """``ar`` of ``unit``: edges between its children (siblings) [M]. A repeated child
        name resolves to its first unit."""
        arrows = [param for param in unit.params if param.key == "ar"]  # (no index needed)
        if not arrows:
            return
        ids: dict[str, str] = {}
        for child, child_id in zip(unit.children, child_ids):
            ids.setdefault(child.name, child_id)
        kinds = _child_types(unit)
        # the arrows built, by child name: names and ids correspond one to one and sort
        # alike (the ids are the parent's id + "/" + name), so the cycle is the same, and
        # the same pattern of arrows repeats in many jobnets (_cycle is cached)
        edges = []
        for param in arrows:
            edge = self._relation(unit, param, ids, kinds)
            if edge is not None:
                edges.append(edge)
        cycle = _cycle(tuple(edges))
        if cycle:
            names = " → ".join(ids[node].rsplit("/", 1)[-1] for node in cycle)
            self.findings.append(Finding(
                "JM403", msg("relations in {name} form a cycle ({names}); JP1 does not accept "
                             "this and no state machine order exists for it",
                             name=unit.name, names=names),
                self.ref(arrows[0].line, arrows[0].column)))

    def _relation(self, unit: Unit, param: Param, ids: dict[str, str],
                  kinds: dict[str, str]) -> tuple[str, str] | None:
        """The edge of one ``ar=``; returns its ends (child names), ``None`` when no edge
        was built (a finding says why)."""
        where = SourceRef(self.path, param.line, param.column, FORMAT)  # (self.ref, inlined)
        fields = param.items[0] if param.items and isinstance(param.items[0], tuple) \
            else param.items
        ends, connection, problems = _arrow(fields)
        if ends.get("f") not in ids or ends.get("t") not in ids:  # (None is never an id)
            missing = [end for end in ("f", "t") if end not in ends]
            unknown = [ends[end] for end in ("f", "t") if end in ends and ends[end] not in ids]
            parts = problems + [msg("no {end}= end", end=end) for end in missing]
            for name in unknown:
                parts.append(self._unknown_unit(name, unit, ids))
            self.findings.append(Finding(
                "JM403", msg("relation ar={raw} in {name}: {parts}; no dependency was built",
                             raw=param.raw, name=unit.name, parts=joined('; ', parts)), where))
            return None
        if problems:
            self.findings.append(Finding(
                "JM403", msg("relation ar={raw} in {name}: {problems}",
                             raw=param.raw, name=unit.name, problems=joined('; ', problems)), where,
                ids[ends["t"]]))
        successor_type = kinds.get(ends["t"], "")
        if connection == "con":
            condition = Condition.JUDGMENT
        elif types.is_recovery(successor_type):
            condition = Condition.FAILURE  # a recovery unit runs on abnormal end only [M]
        else:
            condition = Condition.SUCCESS
        successor = ids[ends["t"]]
        self.dependencies.append(_new_dependency({
            "predecessor": ids[ends["f"]], "successor": successor, "condition": condition,
            "scope": "workflow", "source": where, "parameters": {"connection": connection}}))
        self.incoming[successor] = self.incoming.get(successor, 0) + 1
        return ends["f"], ends["t"]

    def _unknown_unit(self, name: str, unit: Unit, ids: dict[str, str]) -> str:
        if name in self.unreadable:
            return msg("{name} could not be read (see JM402)", name=name)
        text = msg("{name} is not a unit of {name2}", name=name, name2=unit.name)
        close = difflib.get_close_matches(name, list(ids), 1, 0.75)
        return text + (msg(" (did you mean {close}?)", close=close[0]) if close else "")

    def _el_check(self, unit: Unit) -> None:
        elements = unit.index().get("el")
        if not elements:
            return
        kinds = _child_types(unit)
        for param in elements:
            fields = [item for item in param.items if isinstance(item, str)]
            if not fields:
                continue
            name = fields[0].strip()
            el_type = fields[1].strip() if len(fields) > 1 else ""
            if name not in kinds:
                if name in self.unreadable:
                    continue
                close = difflib.get_close_matches(name, list(kinds), 1, 0.75)
                hint = msg(" (did you mean {close}?)", close=close[0]) if close else ""
                message = msg("map element el={raw} names {name}, which is not a unit of "
                              "{name2}{hint}",
                              raw=param.raw, name=name, name2=unit.name, hint=hint)
            elif el_type and kinds[name] and el_type != kinds[name]:
                message = msg("map element el={raw} gives type {el_type}, but unit {name} has "
                              "ty={kinds}",
                              raw=param.raw, el_type=el_type, name=name, kinds=kinds[name])
            else:
                continue
            self.findings.append(Finding("JM416", message, self.ref(param.line, param.column)))


# -- parameter helpers ------------------------------------------------------------------

@lru_cache(maxsize=4096)
def _arrow(fields: tuple[Any, ...]) -> tuple[dict[str, str], str, list[str]]:
    """The fields of one ``ar=(...)``: its ends (``f``/``t`` → unit name), its connection
    type and what is wrong with it. Cached (arrows between units of the same names repeat
    in every jobnet); the caller must not change the dict or list it gets."""
    ends: dict[str, str] = {}
    connection, problems = "seq", []
    for item in fields:
        text = item if isinstance(item, str) else ""
        key, eq, value = text.partition("=")
        key, value = key.strip(), value.strip()
        if eq and key in ("f", "t"):
            ends[key] = value
        elif not eq and key in ("seq", "con"):
            connection = key
        elif not eq and len(key) == 3 and difflib.get_close_matches(key, ["seq", "con"], 1, 0.6):
            guess = difflib.get_close_matches(key, ["seq", "con"], 1, 0.6)[0]
            problems.append(msg("connection type '{key}' is not seq or con (read as {guess})",
                                key=key, guess=guess))
            connection = guess
        else:
            problems.append(msg("'{text}' is not f=unit, t=unit, seq or con", text=text))
    return ends, connection, problems


@lru_cache(maxsize=4096)
def _cycle(edges: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """One cycle in ``edges`` as a node list that ends where it starts, or ``()``: the
    first one a depth-first search from the nodes in sorted order meets."""
    graph: dict[str, list[str]] = defaultdict(list)
    for a, b in edges:
        graph[a].append(b)
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for root in sorted(graph):
        if state.get(root):
            continue
        path, stack = [root], [iter(graph[root])]
        state[root] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                return (*path[path.index(nxt):], nxt)
            elif not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(graph[nxt]))
    return ()


def _texts(unit: Unit) -> dict[str, str]:
    """Last value of each key, decoded (a later definition overrides an earlier one)."""
    # param.text, inlined
    return {param.key: param.items[0] if len(param.items) == 1
            and isinstance(param.items[0], str) else param.raw for param in unit.params}


def _last(unit: Unit, key: str) -> Param | None:
    """``unit.last(key)`` from the unit's index (built once per unit, after parsing)."""
    params = unit.index().get(key)
    return params[-1] if params else None


def _child_types(unit: Unit) -> dict[str, str]:
    """Child name → its ``ty`` (last one), ``""`` when it has none."""
    kinds = {}
    for child in unit.children:
        ty = child.ty()
        kinds[child.name] = ty.text if ty is not None else ""
    return kinds


@lru_cache(maxsize=4096)
def _rule_error(key: str, raw: str) -> str | None:
    """Why one schedule parameter is not valid JP1, or ``None`` (cached: values repeat)."""
    try:
        parse_rule(f"{key}={raw};")
    except RuleError as exc:
        return exc.message
    return None


def _calendar(unit: Unit, inherited: dict[str, Any]) -> dict[str, Any]:
    """The calendar a group passes down: its own op/cl replace the inherited ones (as a
    whole), and sdd/md/stt override one by one (notes §6: nested groups without calendars
    use the parent's) [I on the granularity]."""
    calendar = dict(inherited)
    own_days = [param for param in unit.params if param.key in ("op", "cl")]
    if own_days:
        calendar.pop("op", None)
        calendar.pop("cl", None)
        for param in own_days:
            calendar.setdefault(param.key, []).append(param.text.strip())
    for key in CALENDAR_KEYS[2:]:
        param = _last(unit, key)
        if param is not None:
            calendar[key] = param.text.strip()
    return calendar


#: A JP1 macro variable (mappings.jp1_env.MACRO): ``?AJS2`` + upper-case letters and periods.
_MACRO = re.compile(r"\?AJS2[A-Z.]{0,64}\?")


def _macro_places(unit: Unit) -> list[tuple[str, int, int]]:
    """``(macro, line, column)`` of each macro variable in the unit's command, parameter and
    environment statements, in the order written (the column counts from the statement's
    ``key=``, as JM010's does)."""
    return [(m.group(0), param.line, param.column + len(param.key) + 1 + m.start())
            for param in unit.params if param.key in (*_COMMAND_KEYS, "env")
            for m in _MACRO.finditer(param.raw)]


def _environment(unit: Unit) -> dict[str, str]:
    environment: dict[str, str] = {}
    for param in unit.index().get("env", ()):
        key, eq, value = param.text.partition("=")
        if eq:
            environment[key.strip()] = value
    return environment


#: The largest end-time limit JP1/AJS3 accepts (etm, minutes: 1-1440).
MAX_ETM_MINUTES = 1440


def _int(text: str | None) -> int | None:
    if text is None:
        return None
    text = text.strip()
    return int(text) if is_number(text) else None


_JUDGMENT_KEYS = frozenset({"jd", "tho", "wth", "jdf"})


def _end_judgment(unit: Unit, text: dict[str, str], note) -> dict[str, Any]:
    if _JUDGMENT_KEYS.isdisjoint(text):
        return {}
    judgment: dict[str, Any] = {}
    mode = text.get("jd", "cod")
    for key, label in (("jd", "type"), ("tho", "abnormal_threshold"),
                       ("wth", "warning_threshold"), ("jdf", "file")):
        if key in text:
            number = _int(text[key]) if key in ("tho", "wth") else None
            judgment[label] = text[key] if number is None else number
    tho = _int(text.get("tho"))
    wth = _int(text.get("wth"))
    if mode != "cod":
        note("JM412", msg("unit {name}: end judgment jd={mode} (not the return code)",
                          name=unit.name, mode=mode))
    elif tho and wth is not None and wth < tho:  # above wth and up to tho: a warning end
        note("JM412", msg("unit {name}: return codes up to wth={wth} count as a normal end, "
                          "those above it up to tho={tho} as a warning end; the jobnet goes "
                          "on after both", name=unit.name, wth=wth, tho=tho))
    elif tho:
        note("JM412", msg("unit {name}: return codes up to tho={tho} count as a normal end",
                          name=unit.name, tho=tho))
    return judgment


def _retry(unit: Unit, text: dict[str, str], note) -> RetryPolicy | None:
    if text.get("abr") != "y":
        return None
    attempts = _int(text.get("rec")) or 1  # defaults rec=1, rei=1 minute [P]
    interval = _int(text.get("rei")) or 1
    if "rjs" in text or "rje" in text:
        note("JM413", msg("unit {name}: retried only for return codes {get}-{get2}",
                          name=unit.name, get=text.get('rjs', '?'), get2=text.get('rje', '?')))
    return RetryPolicy(max_attempts=attempts, interval_seconds=interval * 60)
