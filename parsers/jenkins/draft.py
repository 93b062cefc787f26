"""A mutable job under construction, shared by the config.xml and Groovy readers.

Readers fill a :class:`JobDraft` (schedules, edges, steps, findings) while they
walk a file, then :meth:`JobDraft.finish` freezes it into a
:class:`~jobmig.model.Job`. Every finding made through :meth:`JobDraft.find`
carries the job id and a source position.

``attributes`` keys the mappings may read (all optional):

- ``folder``: the job's parent folder full name ('' at the root);
- ``steps``: ordered build steps, each a dict with ``kind`` (``shell``,
  ``batch``, ``build``), ``line``, and ``command`` or ``job`` (target id),
  ``wait``, ``parameters``;
- ``batch``: True when any step is a Windows BatchFile step;
- ``definition``: ``inline``, ``scm`` or ``branch`` for pipelines, with
  ``script_path`` / ``script``;
- ``axes``: matrix axes ``{name: [values]}``;
- ``jenkinsfile``: path of the Jenkinsfile merged into the job;
- ``block``: for blocking triggers, thresholds per target id;
- ``schedule_sources``: ``"path:line"`` of each entry of ``schedules``, in
  the same order (LegacySchedule has no source field).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jobmig.model import Dependency, Finding, Job, LegacySchedule, RetryPolicy, SourceRef
from jobmig.parsers.jenkins import shell as jenkins_shell


@dataclass
class JobDraft:
    """Everything known so far about one Jenkins job."""

    full_name: str
    path: str
    line: int | None
    format: str
    unit_type: str = "freestyle"
    disabled: bool = False
    concurrent: bool = True
    host: str | None = None
    timeout_seconds: int | None = None
    retry: RetryPolicy | None = None
    parameters: dict[str, str] = field(default_factory=dict)
    commands: list[str] = field(default_factory=list)
    schedules: list[LegacySchedule] = field(default_factory=list)
    dependencies: list[Dependency] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return "jenkins:" + self.full_name

    def source(self, line: int | None = None, column: int | None = None) -> SourceRef:
        """A position in this draft's file (the job's own line when ``line`` is None)."""
        return SourceRef(self.path, line if line is not None else self.line, column, self.format)

    def find(self, code: str, message: str, line: int | None = None,
             column: int | None = None) -> None:
        """Record a finding about this job at ``line`` (default: the job's line)."""
        self.findings.append(Finding(code, message, self.source(line, column), self.id))

    def add_schedule(self, schedule: LegacySchedule, line: int | None) -> None:
        """Add a schedule once; its position goes to ``attributes['schedule_sources']``."""
        if schedule not in self.schedules:
            self.schedules.append(schedule)
            self.attributes.setdefault("schedule_sources", []).append(str(self.source(line)))

    def add_dependency(self, dependency: Dependency) -> None:
        if dependency not in self.dependencies:
            self.dependencies.append(dependency)

    def add_step(self, step: dict[str, Any]) -> None:
        self.attributes.setdefault("steps", []).append(step)

    def finish(self) -> Job:
        """The frozen :class:`Job` (lists become tuples, attribute lists stay lists)."""
        command = None
        if self.commands and self.attributes.get("batch"):
            command = "\n".join(self.commands)  # cmd.exe steps: JM315 says a person decides
        elif self.commands:
            command = jenkins_shell.script(self.commands)
        return Job(
            id=self.id,
            name=self.full_name,
            source=self.source(),
            kind="job",
            unit_type=self.unit_type,
            command=command,
            host=self.host,
            schedules=tuple(self.schedules),
            disabled=self.disabled,
            concurrent=self.concurrent,
            retry=self.retry,
            timeout_seconds=self.timeout_seconds,
            parameters=dict(self.parameters),
            attributes=dict(self.attributes),
            findings=tuple(self.findings),
        )
