"""Jenkins item names: full names from paths, and project references.

Contract:

- :func:`name_from_path` derives a job's full name from where its file sits
  in a ``JENKINS_HOME`` tree: ``jobs/a/jobs/b/config.xml`` → ``a/b``, a
  multibranch branch ``jobs/mb/branches/master/config.xml`` → ``mb/master``.
  Anything else falls back to a guess that the caller must report.
- :func:`split_names` splits a ``childProjects``/``upstreamProjects``/
  ``projects`` list the way Jenkins does (``StringTokenizer(",")``, each
  token trimmed, empty tokens such as a trailing comma ignored).
- :func:`resolve` resolves one token against the referring job's folder as
  ``Jenkins.getItem(name, job.getParent())`` does (notes jenkins-cron.md
  §2.2): ``/abs`` is absolute; otherwise segments walk from the folder,
  ``..`` up and ``.`` staying. Jenkins then falls back to the token as a
  full name from the root when the walk finds nothing; that needs to know
  which items exist, so :func:`root_fallback` gives the alternative and the
  cross-file step (:mod:`jobmig.parsers.jenkins.merge`) applies it.
- :func:`is_computed` tells a name Jenkins expands at run time
  (``$VAR``/``${VAR}``) from a literal one.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache

from jobmig.messages import msg

JOB_ID_PREFIX = "jenkins:"
#: The container kinds a finding names, as messages (so they are said in Japanese too).
CONTAINER_WORDS = {"folder": msg("folder"), "multibranch project": msg("multibranch project"),
                   "organization folder": msg("organization folder")}
CONTAINER_DIRS = ("jobs", "branches")  # folders' children / multibranch branches
CONFIG_FILE = "config.xml"
_SUFFIX_CONFIG = ".config.xml"
_VARIABLE = re.compile(r"\$(\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True)
class NameGuess:
    """A job's full name and how sure we are of it.

    ``exact`` is True when the name comes from a ``jobs/…`` (or
    ``branches/…``) layout; otherwise ``basis`` says what it was taken from.
    ``branch`` is True for a multibranch branch job (``…/branches/<b>``).
    """

    full_name: str
    exact: bool
    basis: str
    branch: bool = False


def job_id(full_name: str) -> str:
    """The model id of a Jenkins job (``jenkins:<full name>``)."""
    return JOB_ID_PREFIX + full_name


def folder_of(full_name: str) -> str:
    """The parent folder of a full name ('' at the root)."""
    return full_name.rpartition("/")[0]


@lru_cache(maxsize=64)
def _root_prefix(root: str) -> tuple[str, str]:
    """``root`` with forward slashes and a trailing '/', and its last segment."""
    slashed = root.replace("\\", "/").rstrip("/")
    return slashed + "/", slashed.rsplit("/", 1)[-1]


def _relative_parts(path: str, root: str | None) -> list[str]:
    """Directory segments of ``path``, relative to ``root`` when given."""
    if root is not None:  # fast path: a plain path under the root
        prefix, base = _root_prefix(root)
        slashed = path.replace("\\", "/")
        if slashed.startswith(prefix):
            parts = slashed[len(prefix):].split("/")[:-1]
            if ".." not in parts:
                parts = [p for p in parts if p and p != "."]
                return [base] + parts if base in CONTAINER_DIRS else parts
    directory = os.path.dirname(os.path.normpath(path))
    if root is not None:
        root_norm = os.path.normpath(root)
        try:
            rel = os.path.relpath(directory, root_norm)
        except ValueError:  # other drive on Windows
            rel = directory
        parts = [] if rel == "." else rel.replace("\\", "/").split("/")
        if parts and parts[0] == "..":
            parts = directory.replace("\\", "/").split("/")
        elif os.path.basename(root_norm) in CONTAINER_DIRS:
            # The user named the jobs/ folder itself: its children are jobs.
            parts = [os.path.basename(root_norm)] + parts
        return [p for p in parts if p]
    return [p for p in directory.replace("\\", "/").split("/") if p]


def _layout_names(parts: list[str]) -> tuple[list[str], bool]:
    """Names taken from the trailing ``(jobs|branches)/<name>`` pairs of ``parts``."""
    names: list[str] = []
    branch = False
    index = len(parts)
    while index >= 2 and parts[index - 2] in CONTAINER_DIRS:
        if parts[index - 2] == "branches":
            if names:  # a branch job holds no children of its own
                break
            branch = True
        names.append(parts[index - 1])
        index -= 2
    names.reverse()
    if branch and len(names) < 2:  # branches/<b> must sit inside a multibranch job
        return [], False
    return names, branch


def name_from_path(path: str, root: str | None, file_name: str = CONFIG_FILE) -> NameGuess:
    """The full name of the job whose definition file is ``path``.

    ``file_name`` is the conventional file name (``config.xml`` or
    ``Jenkinsfile``): a file of another name outside a ``jobs/`` layout is
    named after its own stem (``x.config.xml`` → ``x``).
    """
    parts = _relative_parts(path, root)
    names, branch = _layout_names(parts)
    if names:
        return NameGuess("/".join(names), True, msg("jobs/ layout"), branch)
    base = os.path.basename(path)
    if base.endswith(_SUFFIX_CONFIG) and base != file_name:
        return NameGuess(base[: -len(_SUFFIX_CONFIG)], False, msg("file name"))
    if base != file_name:
        return NameGuess(base.split(".", 1)[0] or base, False, msg("file name"))
    parent = parts[-1] if parts else os.path.basename(os.path.dirname(os.path.abspath(path)))
    return NameGuess(parent or "job", False, msg("parent folder name"))


def choose_name(path: str, root: str | None, job_name: str | None,
                file_name: str = CONFIG_FILE) -> NameGuess:
    """The full name to use: ``--job-name`` for a file given alone, else the layout.

    ``job_name`` (the CLI's ``--job-name``) wins for a single file (``root``
    is None) and for a file outside any ``jobs/`` layout; inside a tree the
    layout wins, so one option cannot rename every job of the tree.
    """
    if job_name and root is None:
        return NameGuess(job_name, True, "--job-name")
    guess = name_from_path(path, root, file_name)
    if not guess.exact and job_name:
        return NameGuess(job_name, True, "--job-name")
    return guess


def split_names(value: str) -> list[str]:
    """Tokens of a comma-separated project list, trimmed, empties dropped."""
    return [token.strip() for token in value.split(",") if token.strip()]


def is_computed(token: str) -> bool:
    """True when the name holds a variable Jenkins expands at run time."""
    return bool(_VARIABLE.search(token))


def resolve(token: str, folder: str) -> str | None:
    """The full name ``token`` denotes from ``folder``, or None above the root.

    Mirrors ``Jenkins.getItem(String, ItemGroup)``: a leading ``/`` makes the
    name absolute; segments are split on ``/`` with empty ones skipped (Java
    StringTokenizer), ``.`` stays, ``..`` climbs one folder.
    """
    if token.startswith("/"):
        segments: list[str] = []
        walk = token.split("/")
    else:
        segments = [s for s in folder.split("/") if s]
        walk = token.split("/")
    for segment in walk:
        if not segment or segment == ".":
            continue
        if segment == "..":
            if not segments:  # Jenkins itself is not an Item: the walk fails
                return None
            segments.pop()
            continue
        segments.append(segment)
    return "/".join(segments) or None


def root_fallback(token: str) -> str | None:
    """The full name Jenkins tries when the relative walk finds nothing.

    ``getItemByFullName(token)``: only a plain token (no ``.``/``..``
    segment) can name an item that way.
    """
    segments = [s for s in token.split("/") if s]
    if not segments or any(s in (".", "..") for s in segments):
        return None
    return "/".join(segments)
