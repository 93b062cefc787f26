"""The source-neutral model every parser produces and every mapping reads.

Parsers turn text into these objects and never touch AWS concepts; mappings
read them and never touch files. All objects are frozen: a stage that needs a
changed object makes a new one with :func:`dataclasses.replace`.

Identity: ``Job.id`` is unique across one run and stable across runs, also
when other jobs are added, removed or moved (``crontab:<path>#<name>``,
``jenkins:<full name>``, ``jp1:<unit path>``; paths relative to the input
root; see :mod:`jobmig.identity`). Every job, edge and finding carries a :class:`SourceRef`
so a person can find the construct in the file they exported.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, Mapping


@dataclass(frozen=True, order=True)
class SourceRef:
    """Where a construct stands in its input: ``path:line:col`` (1-based).

    ``line`` and ``column`` are ``None`` when the construct is the whole file
    (an unreadable file, a folder) or the position is unknown.
    """

    path: str
    line: int | None = None
    column: int | None = None
    format: str | None = None

    def __str__(self) -> str:
        text = self.path
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"path": self.path, "line": self.line}
        if self.column is not None:
            data["column"] = self.column
        if self.format is not None:
            data["format"] = self.format
        return data


class Status(str, enum.Enum):
    """How far a job converted (plan.json ``status``)."""

    AUTO = "auto"  # converted and equivalent
    REVIEW = "review"  # converted, with a documented difference a person must accept
    MANUAL = "manual"  # not converted; a finding says why and what to do

    @staticmethod
    def worst(statuses: "list[Status] | tuple[Status, ...]") -> "Status":
        """The least converted of ``statuses`` (``auto`` when empty)."""
        # two membership tests cost less than max() with a rank key, and this runs for
        # every job of an estate
        if Status.MANUAL in statuses:
            return Status.MANUAL
        return Status.REVIEW if Status.REVIEW in statuses else Status.AUTO


class Severity(str, enum.Enum):
    """What a finding asks of a person.

    ``error``: the input itself is broken (the legacy scheduler would reject
    it too); ``manual``: not converted; ``review``: converted with a
    difference to accept; ``info``: noted, nothing to do.
    """

    INFO = "info"
    REVIEW = "review"
    MANUAL = "manual"
    ERROR = "error"

    @property
    def job_status(self) -> Status:
        """The job status this severity forces on the job it is attached to."""
        if self is Severity.REVIEW:
            return Status.REVIEW
        if self in (Severity.MANUAL, Severity.ERROR):
            return Status.MANUAL
        return Status.AUTO


@dataclass(frozen=True)
class Finding:
    """One thing a person should know, tied to a catalogue code (``JMnnn``).

    ``severity`` and the title, explanation and remedy come from the
    catalogue (:mod:`jobmig.catalogue`); ``message`` says what was seen here.
    """

    code: str
    message: str
    source: SourceRef | None = None
    job_id: str | None = None

    @property
    def severity(self) -> Severity:
        return _catalogue()[self.code].severity

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        return f"{where}{self.code} {self.message}"

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity._value_,  # .value without the enum's property call
            "message": self.message,
            "source": self.source.to_json() if self.source else None,
        }
        if self.job_id is not None:
            data["job"] = self.job_id
        return data


def _catalogue() -> Mapping[str, Any]:
    """:data:`jobmig.catalogue.CATALOGUE`, imported on first use (it imports this module).

    Kept in a global: ``severity`` is read for every finding of a large estate,
    and an import statement in a function costs more than the lookup itself.
    """
    global _CATALOGUE
    if _CATALOGUE is None:
        from jobmig.catalogue import CATALOGUE

        _CATALOGUE = CATALOGUE
    return _CATALOGUE


_CATALOGUE: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class LegacySchedule:
    """A time trigger exactly as the legacy scheduler wrote it.

    ``flavor``: ``vixie`` (crontab, cronie semantics), ``jenkins`` (Jenkins
    cron with ``H``; ``seed`` is the job's full name), ``jp1`` (``expression``
    holds the jobnet's ``sd``/``st``/``cy``/... text; ``context`` holds the
    job-group calendar keys it needs). ``timezone`` is the IANA zone the
    schedule is evaluated in (``CRON_TZ``, Jenkins ``TZ=``, or ``--timezone``).
    """

    flavor: str
    expression: str
    timezone: str | None = None
    seed: str | None = None
    context: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "flavor": self.flavor,
            "expression": self.expression,
            "timezone": self.timezone,
            "seed": self.seed,
        }
        if self.context:
            data["context"] = dict(self.context)
        return data


@dataclass(frozen=True)
class RetryPolicy:
    """Automatic re-runs after an abnormal end (JP1 ``rec``/``rei``, Jenkins retry)."""

    max_attempts: int
    interval_seconds: int = 60
    backoff_rate: float = 1.0


@dataclass(frozen=True)
class Job:
    """One unit of work from a legacy scheduler.

    ``kind`` is ``job`` for anything that runs a command (a crontab line, a
    Jenkins job, a JP1 job-type unit) and ``jobnet`` for a container that
    becomes a state machine of its own (a JP1 jobnet). ``parent`` is the id of
    the jobnet a job belongs to (``None`` for a top-level job). ``unit_type``
    is the legacy type name (``cron``, ``freestyle``, ``pj``, ...).
    ``schedules`` are the legacy time triggers that start it.
    """

    id: str
    name: str
    source: SourceRef
    kind: str = "job"
    unit_type: str = ""
    command: str | None = None
    stdin: str | None = None
    user: str | None = None
    host: str | None = None
    environment: Mapping[str, str] = field(default_factory=dict)
    schedules: tuple[LegacySchedule, ...] = ()
    parent: str | None = None
    disabled: bool = False
    concurrent: bool = True
    retry: RetryPolicy | None = None
    timeout_seconds: int | None = None
    parameters: Mapping[str, str] = field(default_factory=dict)
    attributes: Mapping[str, Any] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()


class Condition(str, enum.Enum):
    """When an edge lets its successor start, in the legacy scheduler's terms."""

    SUCCESS = "success"  # predecessor ended normally
    UNSTABLE = "unstable"  # Jenkins UNSTABLE threshold: success or unstable
    COMPLETED = "completed"  # Jenkins FAILURE threshold: success, unstable or failure
    ALWAYS = "always"  # any end
    FAILURE = "failure"  # abnormal end only (JP1 recovery units)
    JUDGMENT = "judgment"  # JP1 ``con`` edge out of a judgment job


@dataclass(frozen=True)
class Dependency:
    """An edge ``predecessor → successor`` between two job ids.

    ``scope`` is ``workflow`` when both ends run inside one state machine (a
    JP1 jobnet's arrows, a blocking Jenkins build step) and ``cross`` when the
    edge links separate workflows (Jenkins upstream/downstream).
    """

    predecessor: str
    successor: str
    condition: Condition = Condition.SUCCESS
    scope: str = "cross"
    source: SourceRef | None = None
    wait: bool = False  # successor is started and awaited by the predecessor (nested)
    parameters: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ParseResult:
    """What one parser made of one file: jobs, edges and findings.

    ``references`` are edges whose other end is named but not defined in this
    file (e.g. a Jenkins downstream project); the graph builder resolves them
    across all files and reports those it cannot.
    """

    path: str
    format: str
    jobs: tuple[Job, ...] = ()
    dependencies: tuple[Dependency, ...] = ()
    findings: tuple[Finding, ...] = ()
