"""Incremental re-runs: each file's parse result kept, keyed by what it depends on.

The migration loop re-reads the same estate often. A file's parse result
depends only on its bytes, its path as read, the folder it was found in, the
parse options and the reading code, so it is kept in a cache folder
(``--cache DIR``; by default ``jobmig`` under ``$XDG_CACHE_HOME``, else under
``~/.cache``; ``--no-cache`` reads everything afresh) and used again while all
of those are unchanged:

- one entry per file read (its path, folder, options and forced format make
  the entry's name); the entry holds the SHA-256 of the bytes it was made
  from, so a changed file misses and its entry is replaced, and no other
  file's entry is touched;
- entries live under a folder named for the jobmig version and a fingerprint of
  its code (every module's size and change time), and each entry records that
  name too: a cache written by another version (or other code) is never used;
- an entry is written to a temporary file and renamed into place, so a run that
  stops half-way, or two runs at once, leave whole entries or none; an entry
  that cannot be read is a miss, and a cache folder that cannot be written is
  no cache (the run reads afresh).

A second kind of entry keeps the result of a whole run (``audit``: the report
and its exit codes), keyed by every input file's SHA-256, the list of files and
skipped folders, every option (with the content of the profile, holidays and
decisions files), the paths as given, the working folder and the language
(:func:`estate_key`). An unchanged estate re-audited is then one entry read; a
changed file misses it, and the per-file entries still spare the other files'
parsing. These entries are large (the whole report), so only the
:data:`ESTATE_ENTRIES` most recently written are kept; and folders written by
other jobmig versions or code that have not been used for :data:`STALE_DAYS`
days are removed when an entry is written.

Entries are Python pickles: the cache folder must be the user's own (as the
default is). Output with and without the cache is byte-identical.
"""
from __future__ import annotations

import gc
import hashlib
import os
import pickle
import shutil
import tempfile
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

import jobmig

_PROTOCOL = 5
#: Whole-run entries kept (the newest written); each holds a whole report.
ESTATE_ENTRIES = 8
#: Folders of other jobmig versions (or code) unused this long are removed.
STALE_DAYS = 30


def default_folder() -> Path:
    """``$XDG_CACHE_HOME/jobmig`` (an absolute XDG_CACHE_HOME only, as the spec says),
    else ``~/.cache/jobmig``."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if base and os.path.isabs(base) else Path.home() / ".cache"
    return root / "jobmig"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The jobmig version and a digest of every module's path, size and change time."""
    digest = hashlib.sha256(jobmig.__version__.encode())
    folders = {Path(path) for name in ("jobmig", "jobmig.parsers", "jobmig.mappings")
               for path in _package_paths(name)}
    for folder in sorted(folders):
        for root, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(names):
                if name.endswith(".py"):
                    stat = os.stat(os.path.join(root, name))
                    digest.update(f"{root}/{name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return f"{jobmig.__version__}-{digest.hexdigest()[:16]}"


def _package_paths(name: str) -> list[str]:
    import importlib

    return list(getattr(importlib.import_module(name), "__path__", []))


@dataclass(frozen=True)
class ParseCache:
    """The parse results of one jobmig version and code under ``folder``."""

    folder: Path
    version: str

    @classmethod
    def under(cls, root: str | os.PathLike[str]) -> "ParseCache":
        """The cache of this jobmig (version and code) inside the folder ``root``."""
        version = code_fingerprint()
        return cls(Path(root) / f"parse-{version}", version)

    def key(self, *parts: Any) -> str:
        """An entry name for what a result depends on, besides the file's bytes."""
        return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, key: str, content: str) -> Any | None:
        """The value stored for ``key`` from bytes whose SHA-256 is ``content``, or None."""
        collecting = gc.isenabled()
        gc.disable()  # a large result is many small acyclic objects: no scans while loading
        try:
            with open(self._path(key), "rb") as handle:
                version, stored_content, value = pickle.load(handle)
        except Exception:  # missing, half-written by an older run, or not ours: a miss
            return None
        finally:
            if collecting:
                gc.freeze()  # what was loaded goes to the oldest generation, not rescanned
                gc.unfreeze()
                gc.enable()
        if version != self.version or stored_content != content:
            return None
        return value

    def put(self, key: str, content: str, value: Any) -> None:
        """Store ``value`` for ``key`` and the bytes whose SHA-256 is ``content``.

        Never raises for a folder that cannot be written: the run just reads afresh
        next time.
        """
        target = self._path(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as stream:
                    pickle.dump((self.version, content, value), stream, protocol=_PROTOCOL)
                os.replace(temporary, target)
            except BaseException:
                os.unlink(temporary)
                raise
        except (OSError, pickle.PicklingError):
            return


    def estate(self) -> "ParseCache":
        """The whole-run entries of this version, beside the per-file ones."""
        return ParseCache(self.folder.parent / f"estate-{self.version}", self.version)

    def prune(self, keep: int = ESTATE_ENTRIES, stale_days: int = STALE_DAYS) -> None:
        """Keep the ``keep`` newest entries of this folder; remove folders of other
        versions not written to for ``stale_days`` days. Never raises."""
        try:
            entries = sorted(self.folder.glob("*/*.pickle"), key=_modified, reverse=True)
            for entry in entries[keep:]:
                entry.unlink(missing_ok=True)
            cutoff = time.time() - stale_days * 86400
            for other in self.folder.parent.iterdir():
                if other.is_dir() and other.name.partition("-")[0] in ("parse", "estate") \
                        and not other.name.endswith(f"-{self.version}") \
                        and _modified(other) < cutoff:
                    shutil.rmtree(other, ignore_errors=True)
        except OSError:
            return


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def estate_key(files: Sequence[Any], *parts: Any) -> str:
    """The whole-run entry name for reading ``files`` (:class:`jobmig.sources.SourceFile`)
    with everything else the run's output depends on (``parts``: options, paths as
    given, file contents of options...): each file's path, folder and SHA-256 of its
    bytes (``None`` when it cannot be read: the run reports that), and the skipped ones
    as they were found."""
    digest = hashlib.sha256(repr((os.getcwd(), parts)).encode("utf-8", "surrogatepass"))
    for source in files:
        content = None
        if source.skip is None:
            try:
                content = content_digest(Path(source.path).read_bytes())
            except OSError:
                pass
        digest.update(repr((source.path, source.root, source.skip, source.files, content))
                      .encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def file_digest(path: str | None) -> str | None:
    """SHA-256 of a file an option names (a profile, a holidays or decisions file), or None."""
    if not path:
        return None
    try:
        return content_digest(Path(path).read_bytes())
    except OSError:
        return None


def content_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
