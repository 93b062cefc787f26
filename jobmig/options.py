"""Options every parser and mapping may read, gathered from the CLI once."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ParseOptions:
    """What a parser may need beyond the file's bytes.

    ``timezone``: the zone the legacy scheduler ran in (``None``: not given;
    parsers that need one record a JM004 finding and the pipeline uses UTC).
    ``encoding``: force a text encoding (else UTF-8, then CP932 for JP1).
    ``crontab_kind``: ``user`` or ``system`` to override detection.
    ``job_name``: the Jenkins full name a lone Jenkinsfile belongs to.
    ``root``: the folder given on the command line that holds this file
    (Jenkins full names are taken relative to it), or ``None`` for a file
    given directly.
    """

    timezone: str | None = None
    encoding: str | None = None
    crontab_kind: str | None = None
    job_name: str | None = None
    root: str | None = None


@dataclass(frozen=True)
class MapOptions:
    """What the mappings need: target, zone, calendar horizon, extras.

    ``target``: ``scheduler`` (EventBridge Scheduler, local time + zone) or
    ``rules`` (EventBridge rules, UTC). ``horizon``: the inclusive date range
    Change Calendars are computed for. ``holidays``: ``jp`` or a path to an
    .ics/.csv closed-day list, or ``None``. ``profile``: path of a mapping
    profile TOML, or ``None`` for the defaults. ``notify``: emit failure
    notices to an SNS topic parameter. ``guard``: duplicate-run guard policy
    (``auto``: where the legacy scheduler forbade concurrent runs; ``on``;
    ``off``).
    """

    timezone: str = "UTC"
    target: str = "scheduler"
    horizon: tuple[date, date] = (date(2026, 1, 1), date(2027, 12, 31))
    holidays: str | None = None
    profile: str | None = None
    notify: bool = False
    guard: str = "auto"
    #: Build each state machine's ASL definition. An audit reads only machine names and
    #: findings: with ``False`` the machines are built in outline (each job task one
    #: placeholder state, no prologue) with the same findings, and keep no definition.
    definitions: bool = True
