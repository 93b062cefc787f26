"""What a JP1/AJS3 job expects from its scheduler: environment variables and macro variables.

JP1/AJS3 sets environment variables for every job it runs (JP1/AJS3 Command
Reference, 1.4.2 "Environment variables set when a job is executed from
JP1/AJS3"): ``AJSENV=YES``, ``AJSNETNAME`` (the root jobnet), ``AJSJOBNAME``
(the job), ``AJSEXDATE`` (the root jobnet's scheduled date), ``AJSPRE_ST`` /
``AJSPRE_RC`` (the preceding units' end) and more. :func:`environment` gives
the ones known when converting (:data:`STATIC`); AJSEXDATE, AJSEXECID, AJSPRE_ST
and AJSPRE_RC are set from the execution where :mod:`jobmig.mappings.jp1_runtime`
can, the others are not set (the report's JM561 says so when the command names
them, and why).

Macro variables (``?AJS2xxx?``) in a command are replaced by JP1 with values a
passing-information or event job set at run time. jobmig converts no such
job, so :func:`macro_variables` finds them for a ``review`` finding, which
stands where the first macro is written (:func:`macro_place`); the command
carries them as written.
"""
from __future__ import annotations

import re

from dataclasses import replace

from jobmig.model import Job, SourceRef

#: ``?AJS2`` + up to 64 upper-case letters and periods + ``?`` (JP1/AJS3 Command
#: Reference 2, 4.2.6: the macro variable format in ``te``/``prm``).
MACRO = re.compile(r"\?AJS2[A-Z.]{0,64}\?")
#: Variables known when converting (:func:`environment`).
STATIC = ("AJSENV", "AJSNETNAME", "AJSJOBNAME")
#: Variables JP1/AJS3 sets from the run (not known when converting).
RUN_TIME = ("AJSEXDATE", "AJSPRE_ST", "AJSPRE_RC", "AJSEXECID", "AJSHOST", "AJS_AJSCONF")


def is_jp1(job: Job) -> bool:
    return job.source.format == "jp1" or job.id.startswith("jp1:")


def environment(job: Job, root: Job) -> dict[str, str]:
    """The AJS variables known when converting, for ``job`` under root jobnet ``root``."""
    return {"AJSENV": "YES", "AJSNETNAME": "/" + root.name.lstrip("/"),
            "AJSJOBNAME": "/" + job.name.lstrip("/")}


def macro_variables(job: Job) -> list[str]:
    """The macro variables the job's command and environment name, sorted, unique."""
    texts = [job.command or "", *job.environment.values()]
    # every macro holds "?AJS2": most texts need no search
    return sorted({m for text in texts if "?AJS2" in text for m in MACRO.findall(text)})


def macro_place(job: Job) -> SourceRef | None:
    """Where the job's first macro variable is written (``path:line:col``), when the parser
    kept it (``attributes["macro_places"]``: ``(macro, line, column)`` in source order)."""
    places = job.attributes.get("macro_places") or ()
    if not places:
        return None
    _, line, column = places[0]
    return replace(job.source, line=line, column=column)


def run_time_variables(job: Job) -> list[str]:
    """The run-time AJS variables the job's command names (``$AJSEXDATE``...)."""
    text = job.command or ""
    if "AJS" not in text:  # every name holds it: most commands need no search
        return []
    return [name for name in RUN_TIME if re.search(rf"\b{name}\b", text)]
