"""A job's identity: where its id, its AWS names and its paths come from.

A job is known by its legacy identity alone, relative to the input it came
from, so that re-running on a newer export, from another folder, with other
jobs added or removed, gives every existing job the same id and names:

- **Paths** in everything jobmig writes are relative to the *input root*:
  the folder given on the command line (for several inputs, the deepest
  folder holding them all; for a file given alone, its folder). Parsers read
  files where they are; :func:`relocate` then rewrites every path they
  reported (sources, job ids, findings, messages quoting the file) to its
  root-relative form with ``/`` separators.
- **Ids**: ``jp1:<unit path>``, ``jenkins:<full name>``, and for formats
  whose jobs are only named by their file and content (crontab)
  ``<format>:<path>#<name>`` (:func:`file_scoped_ids`): the name comes from
  the command; jobs of one file that share it are told apart by a short hash
  of their content (user, command, input), and only jobs of identical content
  by their order among themselves (``~2``).
- **AWS names** (:func:`aws_base`, :func:`unique_names`): a file-scoped job
  is named after its path and name, any other after its name (already its
  legacy identity: unit path, full name). A name two jobs would share gets a
  short hash of each one's id: never a counter in reading order.
"""
from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from dataclasses import replace
from typing import Callable, Iterable, Mapping

from jobmig.frozen import copy_with
from jobmig.model import Dependency, Finding, Job, ParseResult, SourceRef

#: Formats whose job ids are ``<format>:<path>#<name>`` (named by file and content).
FILE_SCOPED = frozenset({"crontab"})
DUPLICATE_MARK = "~"  # ``#name~2``: the second job of identical content in one file
_NOT_NAME = re.compile(r"[^0-9A-Za-z_-]+")


def short_hash(text: str, length: int = 8) -> str:
    """The first ``length`` hex digits of SHA-1 of ``text`` (UTF-8)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


# -- ids ----------------------------------------------------------------------------------
def file_scoped_ids(jobs: list[Job], fmt: str, path: str,
                    content: Callable[[Job], str]) -> list[Job]:
    """``jobs`` of one file with ids ``<fmt>:<path>#<name>`` (see the module docstring).

    ``content`` gives what makes a job itself (for crontab: user, command and
    input). Each job's findings follow its new id. The order of ``jobs`` only
    separates jobs whose name and content are both equal.
    """
    slugs = [_NOT_NAME.sub("-", job.name).strip("-") or "job" for job in jobs]
    contents = [content(job) for job in jobs]
    variety: dict[str, set[str]] = {}
    for slug, text in zip(slugs, contents):
        variety.setdefault(slug, set()).add(text)
    seen: Counter[str] = Counter()
    renamed = []
    for job, slug, text in zip(jobs, slugs, contents):
        local = slug if len(variety[slug]) == 1 else f"{slug}-{short_hash(text)}"
        seen[local] += 1
        if seen[local] > 1:
            local += f"{DUPLICATE_MARK}{seen[local]}"
        new_id = f"{fmt}:{path}#{local}"
        findings = tuple(replace(f, job_id=new_id) if f.job_id == job.id else f
                         for f in job.findings)
        renamed.append(replace(job, id=new_id, findings=findings))
    return renamed


# -- paths --------------------------------------------------------------------------------
def input_root(given: Iterable[str]) -> str:
    """The absolute folder every output path is relative to (see the module docstring)."""
    folders = [os.path.abspath(p) if os.path.isdir(p) else os.path.dirname(os.path.abspath(p))
               for p in given]
    if not folders:
        return os.path.abspath(".")
    try:
        return os.path.commonpath(folders)
    except ValueError:  # different drives (Windows): nothing in common
        return ""


def display_path(path: str, root: str) -> str:
    """``path`` relative to ``root`` with ``/`` separators (``.`` for the root itself)."""
    if not root:
        return path.replace(os.sep, "/")
    relative = os.path.relpath(os.path.abspath(path), root)
    return relative.replace(os.sep, "/")


def relocate(results: list[ParseResult], findings: list[Finding], paths: Iterable[str],
             root: str) -> tuple[list[ParseResult], list[Finding], dict[str, str]]:
    """Every path the parsers reported, made relative to ``root``.

    ``paths`` are the paths as read (files and the inputs given). Returns the
    results, the findings and the map path as read → path shown. A finding
    whose message quotes its own file's path quotes the path shown.
    """
    shown: dict[str, str] = {}
    # Below a normalised absolute root, a path's relative form is the rest of its
    # absolute form: no relpath (which splits both into components) per file.
    prefix = os.path.join(root, "") if root and os.path.isabs(root) and \
        os.path.normpath(root) == root else None
    for path in [*paths, *(result.path for result in results)]:
        if path not in shown:
            absolute = os.path.abspath(path)
            shown[path] = absolute[len(prefix):].replace(os.sep, "/") \
                if prefix and absolute.startswith(prefix) and len(absolute) > len(prefix) \
                else display_path(path, root)
    return ([_relocated(result, shown) for result in results],
            [_finding(f, shown, None) for f in findings], shown)


def _ref(ref: SourceRef | None, shown: Mapping[str, str]) -> SourceRef | None:
    if ref is None:
        return None
    new = shown.get(ref.path)
    return ref if new is None or new == ref.path else copy_with(ref, path=new)


def _finding(item: Finding, shown: Mapping[str, str], ids: Mapping[str, str] | None) -> Finding:
    source = _ref(item.source, shown)
    message = item.message
    if item.source is not None and source is not item.source and item.source.path in message:
        message = message.replace(item.source.path, source.path)  # type: ignore[union-attr]
    job_id = ids.get(item.job_id, item.job_id) if ids and item.job_id else item.job_id
    if source is item.source and message is item.message and job_id == item.job_id:
        return item
    return Finding(item.code, message, source, job_id)


def _relocated(result: ParseResult, shown: Mapping[str, str]) -> ParseResult:
    path = shown.get(result.path, result.path)
    ids: dict[str, str] = {}
    if result.format in FILE_SCOPED and path != result.path:
        old_prefix, new_prefix = f"{result.format}:{result.path}#", f"{result.format}:{path}#"
        ids = {job.id: new_prefix + job.id[len(old_prefix):]
               for job in result.jobs if job.id.startswith(old_prefix)}

    def rid(job_id: str | None) -> str | None:
        return ids.get(job_id, job_id) if job_id is not None else None

    jobs = tuple(_job(job, shown, ids, rid) for job in result.jobs)
    dependencies = tuple(_dependency(d, shown, ids, rid) for d in result.dependencies)
    return copy_with(result, path=path, jobs=jobs, dependencies=dependencies,
                    findings=tuple(_finding(f, shown, ids) for f in result.findings))


def _job(job: Job, shown: Mapping[str, str], ids: Mapping[str, str],
         rid: Callable[[str | None], str | None]) -> Job:
    source = _ref(job.source, shown)
    findings = tuple(_finding(f, shown, ids) for f in job.findings) if job.findings else ()
    if not ids:  # ids keep their paths (not file-scoped, or the path shown is as read)
        if source is job.source and all(new is old for new, old in zip(findings, job.findings)):
            return job
        return copy_with(job, source=source, findings=findings)
    return copy_with(job, id=rid(job.id), parent=rid(job.parent), source=source,
                    findings=findings)


def _dependency(edge: Dependency, shown: Mapping[str, str], ids: Mapping[str, str],
                rid: Callable[[str | None], str | None]) -> Dependency:
    source = _ref(edge.source, shown)
    if not ids:
        return edge if source is edge.source else copy_with(edge, source=source)
    return copy_with(edge, predecessor=rid(edge.predecessor), successor=rid(edge.successor),
                    source=source)


# -- AWS names ----------------------------------------------------------------------------
def aws_base(job: Job) -> str:
    """The text a job's AWS names start from: ``<path>-<name>`` for a file-scoped
    id (two files may run the same command), else the job's name."""
    fmt, _, rest = job.id.partition(":")
    if fmt in FILE_SCOPED and "#" in rest:
        path, _, local = rest.rpartition("#")
        return f"{path}-{local.replace(DUPLICATE_MARK, '-')}"
    return job.name


def unique_names(wanted: Mapping[str, str], limit: int) -> dict[str, str]:
    """Key → a name ≤ ``limit`` chars from ``wanted[key]``, unique case-insensitively.

    A name too long keeps its start and gains ``-<hash of the key>``; every
    key whose name another key would share gains it too, so a name never
    depends on which other keys exist, only on whether one collides.
    """
    def hashed(key: str, base: str) -> str:
        return f"{base[:limit - 9]}-{short_hash(key)}"

    plain = {key: base if len(base) <= limit else hashed(key, base)
             for key, base in wanted.items()}
    counts = Counter(name.lower() for name in plain.values())
    return {key: hashed(key, wanted[key]) if counts[name.lower()] > 1 else name
            for key, name in plain.items()}


__all__ = ["FILE_SCOPED", "aws_base", "display_path", "file_scoped_ids", "input_root",
           "relocate", "short_hash", "unique_names"]
