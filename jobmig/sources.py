"""Finding and reading input files: folders walked, formats detected, parsers run.

One bad file never stops the others: an unreadable file, a file of no known
format, or a parser that fails unexpectedly becomes a finding about that file
and the run goes on.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from jobmig import parsers as registry
from jobmig.model import Finding, ParseResult, SourceRef
from jobmig.options import ParseOptions

_SKIPPED_DIRS = {".git", ".svn", ".hg", "__pycache__", "node_modules", ".venv",
                 "builds", "workspace", "lastStable", "lastSuccessful"}


class UsageError(Exception):
    """A problem with the command line itself (e.g. a path that does not exist)."""


@dataclass(frozen=True)
class SourceFile:
    """A file to read: its path as shown to the user, and the folder it was found in."""

    path: str
    root: str | None


@dataclass(frozen=True)
class SourceRecord:
    """What happened to one input file (plan.json ``sources``)."""

    path: str
    format: str | None
    jobs: int = 0
    skipped: bool = False
    reason: str | None = None

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {"path": self.path, "format": self.format, "jobs": self.jobs}
        if self.skipped:
            data["skipped"] = True
            data["reason"] = self.reason
        return data


def collect(paths: list[str]) -> tuple[list[SourceFile], list[Finding]]:
    """Every file under ``paths`` (files and folders, mixed), in a stable order.

    Raises :class:`UsageError` for a path that does not exist. A folder with
    no files gives a JM003 finding.
    """
    files: list[SourceFile] = []
    findings: list[Finding] = []
    for given in paths:
        if os.path.isfile(given):
            files.append(SourceFile(given, None))
        elif os.path.isdir(given):
            found = list(_walk(given))
            if not found:
                findings.append(Finding("JM003", "folder holds no files", SourceRef(given)))
            files.extend(SourceFile(path, given) for path in found)
        else:
            raise UsageError(f"{given}: no such file or folder")
    unique = {file.path: file for file in files}
    return sorted(unique.values(), key=lambda f: f.path), findings


def _walk(folder: str) -> list[str]:
    found: list[str] = []
    for current, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS and not d.startswith("."))
        for name in sorted(names):
            if not name.startswith("."):
                found.append(os.path.join(current, name))
    return found


def read_sources(files: list[SourceFile], options: ParseOptions, forced_format: str | None = None,
                 on_file: Callable[[str], None] | None = None
                 ) -> tuple[list[ParseResult], list[SourceRecord]]:
    """Parse every file with the parser its content (or ``forced_format``) picks."""
    results: list[ParseResult] = []
    records: list[SourceRecord] = []
    options_by_root: dict[str | None, ParseOptions] = {}  # one copy per folder given
    for source in files:
        if on_file:
            on_file(source.path)
        file_options = options_by_root.get(source.root)
        if file_options is None:
            file_options = options_by_root[source.root] = replace(options, root=source.root)
        result, record = _read_one(source, file_options, forced_format)
        if result is not None:
            results.append(result)
        records.append(record)
    results = _finalize(results, options)
    counts = {r.path: sum(1 for job in r.jobs) for r in results}
    records = [rec if counts.get(rec.path, rec.jobs) == rec.jobs else
               replace(rec, jobs=counts[rec.path]) for rec in records]
    return results, records


def _read_one(source: SourceFile, options: ParseOptions, forced_format: str | None
              ) -> tuple[ParseResult | None, SourceRecord]:
    """Read and parse one file; ``options`` already name the folder it was found in."""
    ref = SourceRef(source.path)
    try:
        data = Path(source.path).read_bytes()
    except OSError as error:
        finding = Finding("JM002", f"cannot read: {error.strerror or error}", ref)
        return ParseResult(source.path, "unknown", findings=(finding,)), \
            SourceRecord(source.path, None, skipped=True, reason="unreadable")
    fmt = forced_format or registry.detect_format(data, source.path)
    if fmt is None:
        finding = Finding("JM001", "not a crontab, Jenkins or JP1 file; skipped", ref)
        return ParseResult(source.path, "unknown", findings=(finding,)), \
            SourceRecord(source.path, None, skipped=True, reason="no known format")
    parser = registry.parser_for(fmt)
    try:
        result = parser.parse(data, path=source.path, options=options)
    except Exception as error:  # a parser bug must not stop the other files
        finding = Finding("JM002", f"could not be read as {fmt}: {type(error).__name__}: {error}", ref)
        return ParseResult(source.path, fmt, findings=(finding,)), \
            SourceRecord(source.path, fmt, skipped=True, reason="parser error")
    return result, SourceRecord(source.path, fmt, len(result.jobs))


def _finalize(results: list[ParseResult], options: ParseOptions) -> list[ParseResult]:
    """Let each format join work across files (e.g. a Jenkinsfile into its config.xml job).

    Each ``finalize`` sees every result (a Jenkinsfile and its job are two
    formats) and passes the results of other formats through unchanged.
    """
    for name in registry.FORMATS:
        finalize = getattr(registry.parser_for(name), "finalize", None)
        if finalize is not None:
            results = list(finalize(results, options))
    return sorted(results, key=lambda r: r.path)
