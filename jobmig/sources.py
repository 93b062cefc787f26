"""Finding and reading input files: folders walked, formats detected, parsers run.

One bad file never stops the others: an unreadable file, a file of no known
format, or a parser that fails unexpectedly becomes a finding about that file
and the run goes on. Nothing under an input is passed over without a word:
every regular file is read or recorded with the reason it was not (see
:func:`collect`), so plan.json ``sources`` accounts for all of them.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from jobmig import parsers as registry
from jobmig import pool
from jobmig.model import Finding, ParseResult, SourceRef
from jobmig.options import ParseOptions
from jobmig.messages import msg

if TYPE_CHECKING:
    from jobmig.cache import ParseCache

# Folders of tools, never exports: skipped wherever they are, with a count of their files.
_TOOL_DIRS = frozenset({".git", ".svn", ".hg", "__pycache__", "node_modules", ".venv"})
# What Jenkins keeps inside a job folder (the one holding the job's config.xml): build
# records, the workspace and the permalinks to builds. Skipped only there.
_JENKINS_INTERNAL = frozenset({"builds", "workspace", "lastStable", "lastSuccessful", "lastFailed",
                               "lastUnstable", "lastUnsuccessful", "lastCompleted"})
# What every output folder of jobmig convert holds (jobmig.emit.files writes them all).
_OUTPUT_MARKS = ("plan.json", "report.json", "cloudformation")


class UsageError(Exception):
    """A problem with the command line itself (e.g. a path that does not exist)."""


@dataclass(frozen=True)
class SourceFile:
    """A file to read: its path as shown to the user, and the folder it was found in.

    ``skip`` names why the path is not read (then ``files`` counts the regular
    files of a skipped folder); ``None`` for a file to read.
    """

    path: str
    root: str | None
    skip: str | None = None
    files: int | None = None


@dataclass(frozen=True)
class SourceRecord:
    """What happened to one input file or skipped folder (plan.json ``sources``)."""

    path: str
    format: str | None
    jobs: int = 0
    skipped: bool = False
    reason: str | None = None
    files: int | None = None  # regular files in a skipped folder

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {"path": self.path, "format": self.format, "jobs": self.jobs}
        if self.skipped:
            data["skipped"] = True
            data["reason"] = self.reason
        if self.files is not None:
            data["files"] = self.files
        return data


def collect(paths: list[str], exclude: list[str] | None = None
            ) -> tuple[list[SourceFile], list[Finding]]:
    """Every file under ``paths`` (files and folders, mixed), in a stable order.

    Raises :class:`UsageError` for a path that does not exist. Nothing under a
    folder is left out without a word: a file that is not read and a folder
    that is skipped come back as a :class:`SourceFile` with ``skip`` set, and
    the findings say why (tool and hidden folders, Jenkins build records inside
    a job folder, unlistable folders, broken or looping symbolic links, the
    output of an earlier run). Symbolic links are followed once; one that
    leaves its input folder is reported. ``exclude`` (the output folder) is
    never read; when it lies inside an input one finding says so. A folder
    with nothing in it gives a JM003 finding.
    """
    files: list[SourceFile] = []
    findings: list[Finding] = []
    excluded = {os.path.realpath(path) for path in exclude or ()}
    seen: dict[str, str] = {}  # real path of each file read → the path it was read as
    for given in paths:
        if os.path.isfile(given):
            files.append(SourceFile(given, None))
        elif os.path.isdir(given):
            walker = _Walker(given, excluded, seen)
            walker.walk()
            if not walker.files:
                findings.append(Finding("JM003", msg("folder holds no files"), SourceRef(given)))
            files.extend(walker.files)
            findings.extend(walker.findings)
        elif os.path.islink(given):
            raise UsageError(msg("{given}: broken symbolic link to {target}",
                                 given=given, target=os.readlink(given)))
        else:
            raise UsageError(msg("{given}: no such file or folder", given=given))
    findings.extend(_output_inside_input(paths, exclude or []))
    unique = {file.path: file for file in files}
    return sorted(unique.values(), key=lambda f: f.path), findings


def _output_inside_input(paths: list[str], exclude: list[str]) -> list[Finding]:
    """One JM007 per output folder that lies inside an input folder."""
    notices = []
    for out in exclude:
        real_out = os.path.realpath(out)
        for given in paths:
            real = os.path.realpath(given)
            if os.path.isdir(given) and real_out != real and _inside(real_out, real):
                shown = os.path.relpath(real_out, real).replace(os.sep, "/")
                notices.append(Finding("JM007", msg("the output folder {shown} is inside this "
                                                    "input; it is never read as input",
                                                    shown=shown), SourceRef(given)))
                break
    return notices


def _inside(path: str, folder: str) -> bool:
    """True when the real ``path`` is ``folder`` or lies under it (both real paths)."""
    try:
        return os.path.commonpath([path, folder]) == folder
    except ValueError:  # different drives
        return False


class _Walker:
    """One input folder walked: files to read, skipped paths, and findings about them."""

    def __init__(self, root: str, excluded: set[str], seen: dict[str, str]) -> None:
        self.root = root
        self.real_root = os.path.realpath(root)
        self.excluded = excluded
        self.seen = seen
        self.walked: dict[str, str] = {self.real_root: root}  # real folder → path walked as
        self.files: list[SourceFile] = []
        self.findings: list[Finding] = []

    def skip(self, path: str, reason: str, code: str | None, message: str | None = None,
             files: int | None = None) -> None:
        self.files.append(SourceFile(path, self.root, skip=reason, files=files))
        if code is not None:
            self.findings.append(Finding(code, message or reason, SourceRef(path)))

    def walk(self) -> None:
        """Walk the folder; symbolic links wait until every real path was seen.

        So a file or folder reached both directly and through a link is read at
        its own path, and the link is the one reported as read already.
        """
        # (folder, real paths of the folders that lead to it): a link back to one is a loop
        stack: list[tuple[str, tuple[str, ...]]] = [(self.root, (self.real_root,))]
        links: list[tuple[os.DirEntry[str], str, tuple[str, ...]]] = []
        while stack or links:
            if not stack:
                entry, folder, ancestors = links.pop(0)
                child = self.entry(entry, folder, ancestors)
                if child is not None:
                    stack.append(child)
                continue
            folder, ancestors = stack.pop()
            try:
                with os.scandir(folder) as listing:
                    entries = sorted(listing, key=lambda entry: entry.name)
            except OSError as error:
                self.skip(folder, "cannot be listed", "JM002",
                          msg("folder cannot be listed: {value}", value=error.strerror or error))
                continue
            below: list[tuple[str, tuple[str, ...]]] = []
            for entry in entries:
                if entry.is_symlink():
                    links.append((entry, folder, ancestors))
                    continue
                child = self.entry(entry, folder, ancestors)
                if child is not None:
                    below.append(child)
            stack.extend(reversed(below))

    def entry(self, entry: os.DirEntry[str], folder: str, ancestors: tuple[str, ...]
              ) -> tuple[str, tuple[str, ...]] | None:
        """Handle one folder entry; return a folder still to walk, or ``None``."""
        path = entry.path
        link = entry.is_symlink()
        real = os.path.realpath(path) if link else os.path.join(ancestors[-1], entry.name)
        if link:
            if not os.path.exists(path):
                self.skip(path, "broken symbolic link", "JM002",
                          msg("broken symbolic link to {path}", path=os.readlink(path)))
                return None
            if not _inside(real, self.real_root):
                self.findings.append(Finding(
                    "JM008", msg("symbolic link to {path}, outside the input; read all the same",
                                 path=os.readlink(path)), SourceRef(path)))
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            return self.folder(entry.name, path, real, folder, ancestors, link)
        try:
            is_file = entry.is_file()
        except OSError:
            is_file = False
        if not is_file:
            self.skip(path, "not a regular file", "JM007", msg("not a regular file (device, pipe or "
                                                               "socket): not read"))
            return None
        first = self.seen.get(real)
        if first is not None:
            if first != path:
                self.skip(path, f"same file as {self.shown(first)}", "JM009",
                          msg("symbolic link to a file already read as {first}: not read twice",
                              first=self.shown(first)))
            return None
        self.seen[real] = path
        self.files.append(SourceFile(path, self.root))
        return None

    def shown(self, path: str) -> str:
        """``path`` (as read) relative to the input given, for messages: outputs never name
        where the estate lies."""
        return os.path.relpath(path, self.root).replace(os.sep, "/")

    def folder(self, name: str, path: str, real: str, parent: str, ancestors: tuple[str, ...],
               link: bool) -> tuple[str, tuple[str, ...]] | None:
        """Decide whether a sub-folder is walked; a skipped one is recorded with its count."""
        if real in self.excluded:
            self.skip(path, "the output folder", None, files=_count_files(path))
            return None
        if real in ancestors:
            self.skip(path, "symbolic link loop", "JM009",
                      msg("symbolic link back to {path}, a folder that contains it: not followed",
                          path=os.readlink(path)))
            return None
        reason = _skip_reason(name, path, parent)
        if reason is not None and link:  # a Jenkins permalink (lastStable -> builds/7)
            target = os.readlink(path)
            self.skip(path, f"{reason}: link to {target}", "JM007",
                      msg("{reason}: symbolic link to {target}, not followed",
                          reason=reason, target=target))
            return None
        if reason is not None:
            count = _count_files(path)
            self.skip(path, reason, "JM007", msg("{reason}: {count} file(s) not read",
                                                 reason=reason, count=count), files=count)
            return None
        first = self.walked.get(real)
        if first is not None:
            self.skip(path, f"same folder as {self.shown(first)}", "JM009",
                      msg("symbolic link to a folder already read as {first}: not read twice",
                          first=self.shown(first)))
            return None
        self.walked[real] = path
        return path, (*ancestors, real)


def _skip_reason(name: str, path: str, parent: str) -> str | None:
    """Why a folder is not read, or ``None`` when it is."""
    if name in _TOOL_DIRS:
        return msg("version control or tool folder")
    if name.startswith("."):
        return msg("hidden folder")
    if name in _JENKINS_INTERNAL and os.path.isfile(os.path.join(parent, "config.xml")):
        return msg("Jenkins build records and workspace of the job")
    if all(os.path.exists(os.path.join(path, mark)) for mark in _OUTPUT_MARKS):
        return msg("output of an earlier jobmig run")
    return None


def _count_files(folder: str) -> int:
    """Regular files under ``folder`` (symbolic links not followed; unlistable parts not counted)."""
    return sum(len(names) for _, _, names in os.walk(folder))


def read_sources(files: list[SourceFile], options: ParseOptions, forced_format: str | None = None,
                 on_file: Callable[[str], None] | None = None,
                 cache: ParseCache | None = None
                 ) -> tuple[list[ParseResult], list[SourceRecord]]:
    """Parse every file with the parser its content (or ``forced_format``) picks.

    A large estate is read in a process pool (:mod:`jobmig.pool`); the results
    are taken in the order of ``files`` either way, so the answer is the same.
    ``cache``: parse results of earlier runs, used for unchanged files and kept
    for the others (:mod:`jobmig.cache`).
    """
    results: list[ParseResult] = []
    records: list[SourceRecord | None] = []
    options_by_root: dict[str | None, ParseOptions] = {}  # one copy per folder given
    tasks: list[tuple[SourceFile, ParseOptions, str | None, ParseCache | None]] = []
    slots: list[int] = []  # where each task's record goes in ``records``
    for source in files:
        if source.skip is not None:
            reason = source.skip if source.files is None else \
                f"{source.skip}: {source.files} file(s) not read"
            records.append(SourceRecord(source.path, None, skipped=True, reason=reason,
                                        files=source.files))
            continue
        file_options = options_by_root.get(source.root)
        if file_options is None:
            file_options = options_by_root[source.root] = replace(options, root=source.root)
        tasks.append((source, file_options, forced_format, cache))
        slots.append(len(records))
        records.append(None)
    skipped = [record.path for record in records if record is not None]
    if on_file:
        for path in skipped:
            on_file(path)
    workers = pool.workers_for([_size(task[0].path) for task in tasks])
    # Many small files go to the workers in batches: one pipe round trip per file
    # would cost more than parsing a small config.xml.
    batch = max(1, len(tasks) // (workers * 16)) if workers else 1
    for slot, task, (result, record) in zip(slots, tasks, pool.ordered_map(
            _read_task, tasks, workers, chunksize=batch)):
        if on_file:
            on_file(task[0].path)
        if result is not None:
            results.append(result)
        records[slot] = record
    results = _finalize(results, options)
    counts = {r.path: sum(1 for job in r.jobs) for r in results}
    done = [record for record in records if record is not None]
    done = [rec if counts.get(rec.path, rec.jobs) == rec.jobs else
            replace(rec, jobs=counts[rec.path]) for rec in done]
    return results, done


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _read_task(task: tuple[SourceFile, ParseOptions, str | None, ParseCache | None]
               ) -> tuple[ParseResult | None, SourceRecord]:
    """:func:`_read_one` of one task (module level: a pool worker runs it by name)."""
    return _read_one(*task)


def _read_one(source: SourceFile, options: ParseOptions, forced_format: str | None,
              cache: ParseCache | None = None) -> tuple[ParseResult | None, SourceRecord]:
    """Read and parse one file; ``options`` already name the folder it was found in.

    With a ``cache``, a file whose bytes, path, folder and options are those of an
    earlier run's is not parsed again (:mod:`jobmig.cache`).
    """
    ref = SourceRef(source.path)
    try:
        data = Path(source.path).read_bytes()
    except OSError as error:
        finding = Finding("JM002", msg("cannot read: {value}", value=error.strerror or error), ref)
        return ParseResult(source.path, "unknown", findings=(finding,)), \
            SourceRecord(source.path, None, skipped=True, reason="unreadable")
    if cache is None:
        return _parse_one(source, data, options, forced_format)
    from jobmig.cache import content_digest

    key = cache.key(source.path, options, forced_format)
    content = content_digest(data)
    kept = cache.get(key, content)
    if kept is not None:
        return kept
    answer = _parse_one(source, data, options, forced_format)
    if answer[1].reason != "parser error":  # a parser bug is not kept: a fix must show
        cache.put(key, content, answer)
    return answer


def _parse_one(source: SourceFile, data: bytes, options: ParseOptions,
               forced_format: str | None) -> tuple[ParseResult | None, SourceRecord]:
    """Detect the format of one file's bytes and parse them."""
    ref = SourceRef(source.path)
    fmt = forced_format or registry.detect_format(data, source.path)
    if fmt is None and _documentation(source.path):
        # the estate's own notes, not an export: listed with the reason, no finding
        return None, SourceRecord(source.path, None, skipped=True, reason="documentation")
    if fmt is None:
        finding = Finding("JM001", msg("not a crontab, Jenkins or JP1 file; skipped"), ref)
        return ParseResult(source.path, "unknown", findings=(finding,)), \
            SourceRecord(source.path, None, skipped=True, reason="no known format")
    parser = registry.parser_for(fmt)
    try:
        result = parser.parse(data, path=source.path, options=options)
    except Exception as error:  # a parser bug must not stop the other files
        finding = Finding("JM002", msg("could not be read as {fmt}: {error_type}: {error}",
                                       fmt=fmt, error_type=type(error).__name__, error=error), ref)
        return ParseResult(source.path, fmt, findings=(finding,)), \
            SourceRecord(source.path, fmt, skipped=True, reason="parser error")
    return result, SourceRecord(source.path, fmt, len(result.jobs))


def _documentation(path: str) -> bool:
    """A README or Markdown file (only asked of a file no reader recognised)."""
    name = os.path.basename(path)
    return name.upper().startswith("README") or name.lower().endswith((".md", ".markdown"))


def _finalize(results: list[ParseResult], options: ParseOptions) -> list[ParseResult]:
    """Let each format join work across files (e.g. a Jenkinsfile into its config.xml job).

    Each ``finalize`` sees every result (a Jenkinsfile and its job are two
    formats) and passes the results of other formats through unchanged.
    """
    for finalize in registry.finalizers({result.format for result in results}):
        results = list(finalize(results, options))
    return sorted(results, key=lambda r: r.path)
