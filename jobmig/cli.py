"""The ``jobmig`` command line: a thin layer over parse → graph → map → emit/report.

Exit codes: 0 success; 1 a check failed (``verify`` mismatch, ``audit
--fail-on`` threshold, ``convert --strict`` with findings of severity error
or manual); 2 a usage error (bad option, missing path, output folder exists).
"""
from __future__ import annotations

import gc
import os
import sys
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, List, Optional
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer
from rich.console import Console

from jobmig import __version__
from jobmig.model import Finding, SourceRef
from jobmig.options import MapOptions, ParseOptions
from jobmig.timing.zones import check_zone_name
from jobmig.messages import msg

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode="rich",
    help="Move batch jobs off crontab, JP1/AJS3 and Jenkins onto AWS Step Functions, "
         "EventBridge and SSM Change Calendars, with a readiness report of what still needs "
         "a person.",
)
console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)

TIMEZONE_HELP = "IANA zone the legacy scheduler ran in, e.g. Asia/Tokyo (default: UTC, reported)."
FORMAT_HELP = "Read every file as this format instead of detecting it: crontab, jenkins, jenkinsfile, jp1."
LANG_HELP = "Language of reports and explanations: en or ja (default: ja when LANG is ja_*, else en)."


def _lang(lang: str | None) -> str:
    """--lang checked, or the locale's language (see :func:`jobmig.i18n.resolve`)."""
    from jobmig.i18n import resolve

    try:
        return resolve(lang)
    except ValueError as error:
        raise UsageProblem(str(error))


class UsageProblem(Exception):
    """A bad option value; reported as one line with exit code 2."""


def _version(value: bool) -> None:
    if value:
        console.print(f"jobmig {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """jobmig: legacy batch schedules to AWS."""
    _unwrapped_when_piped(console, errors)


# Width of output that goes to a pipe or file: lines as long as they are, never cut at 80.
PIPED_WIDTH = 100_000


def _unwrapped_when_piped(*consoles: Console) -> None:
    """Give a console that does not write to a terminal a width no line reaches, so
    piped and redirected output is not wrapped at rich's default of 80 columns (a
    ``COLUMNS`` set in the environment still wins)."""
    if os.environ.get("COLUMNS", "").isdigit():
        return
    for output in consoles:
        if not output.is_terminal:
            output.width = PIPED_WIDTH


def _check_zone(zone: str | None) -> None:
    if zone is None:
        return
    try:
        check_zone_name(zone)
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise UsageProblem(msg("--timezone {zone!r} is not an IANA time zone (e.g. Asia/Tokyo)",
                               zone=zone))


def _horizon(text: str | None) -> tuple[date, date]:
    """``START:END`` or ``END`` (ISO dates); default: this year's 1 Jan to next year's 31 Dec."""
    today = date.today()
    if not text:
        return date(today.year, 1, 1), date(today.year + 1, 12, 31)
    try:
        if ":" in text:
            start_text, end_text = text.split(":", 1)
            start, end = date.fromisoformat(start_text), date.fromisoformat(end_text)
        else:
            start, end = date(today.year, 1, 1), date.fromisoformat(text)
    except ValueError:
        raise UsageProblem(msg("--horizon {text!r}: give END or START:END as YYYY-MM-DD", text=text))
    if end < start:
        raise UsageProblem(msg("--horizon {text!r}: the end is before the start", text=text))
    return start, end


def _check_out_folder(out: str, force: bool) -> None:
    """Refuse, before any work, an output folder that cannot be written or would be clobbered."""
    _check_writable(out, "--out", folder=True)
    target = Path(out)
    if target.is_dir() and not force and any(target.iterdir()):
        raise UsageProblem(msg("{out}: folder is not empty; use --force to replace its contents",
                               out=out))


def _check_report_file(report: str) -> None:
    """Refuse, before any work, a report name of no known format or that cannot be written."""
    from jobmig.report import format_for

    try:
        format_for(report)
    except ValueError as error:
        raise UsageProblem(msg("--report {report}: {error}", report=report, error=error))
    _check_writable(report, "--report", folder=False)


def _check_writable(path: str, option: str, folder: bool) -> None:
    """A one-line usage problem when ``path`` is of the wrong kind or lies under a file."""
    target = Path(path)
    if target.exists():
        if folder and not target.is_dir():
            raise UsageProblem(msg("{option} {path}: is a file, not a folder",
                                   option=option, path=path))
        if not folder and target.is_dir():
            raise UsageProblem(msg("{option} {path}: is a folder, not a file",
                                   option=option, path=path))
    for parent in target.parents:
        if parent.exists():
            if not parent.is_dir():
                raise UsageProblem(msg("{option} {path}: {parent} is a file, not a folder",
                                       option=option, path=path, parent=parent))
            break


def _load(sources: list[str], timezone: str | None, fmt: str | None, encoding: str | None,
          crontab_kind: str | None, job_name: str | None, target: str, horizon: str | None,
          holidays: str | None, profile: str | None, notify: bool, guard: str,
          progress: bool = False, definitions: bool = True, decisions: str | None = None,
          out: str | None = None, cache: str | None = None, no_cache: bool = False,
          estate: dict[str, Any] | None = None):
    """Read and convert ``sources`` into a Plan (shared by convert and audit).

    ``definitions=False`` (audit) builds the state machines in outline, without ASL.
    ``decisions``: a ``--decisions`` file, applied to the plan (:mod:`jobmig.decisions`).
    ``out`` (convert's output folder) is never read as input. ``cache``/``no_cache``:
    where parse results of earlier runs are kept (:mod:`jobmig.cache`), or none.
    ``estate``: for a command that keeps its whole result in that cache, ``{"what": ...}``
    (what else its result depends on); on a hit, the kept result is put in
    ``estate["kept"]`` and None is returned (:func:`_estate_lookup`).
    """
    from jobmig import parsers as registry
    from jobmig.mappings.profile import ProfileError, parse_profile
    from jobmig.pipeline import build_plan
    from jobmig.sources import collect, read_sources

    _check_zone(timezone)
    if fmt is not None and fmt not in registry.FORMATS:
        raise UsageProblem(msg("--format {fmt!r}: choose one of {FORMATS}",
                               fmt=fmt, FORMATS=', '.join(registry.FORMATS)))
    if target not in ("scheduler", "rules"):
        raise UsageProblem(msg("--target {target!r}: choose scheduler or rules", target=target))
    if crontab_kind not in (None, "user", "system"):
        raise UsageProblem(msg("--crontab-kind {crontab_kind!r}: choose user or system",
                               crontab_kind=crontab_kind))
    if guard not in ("auto", "on", "off"):
        raise UsageProblem(msg("--guard {guard!r}: choose auto, on or off", guard=guard))
    if profile is not None:
        if not Path(profile).is_file():
            raise UsageProblem(msg("--profile {profile}: no such file", profile=profile))
        try:
            parse_profile(Path(profile).read_text(encoding="utf-8"))
        except (ProfileError, UnicodeDecodeError) as error:
            raise UsageProblem(msg("{profile}: {error}", profile=profile, error=error))
    if holidays is not None and holidays.lower() != "jp" and not Path(holidays).is_file():
        raise UsageProblem(msg("--holidays {holidays}: give 'jp' or an existing .ics/.csv file",
                               holidays=holidays))
    horizon_days = _horizon(horizon)
    if holidays is not None:
        from jobmig.timing.holidays import load_holidays

        try:
            load_holidays(holidays, horizon_days)
        except (ValueError, OSError, UnicodeDecodeError) as error:
            raise UsageProblem(msg("--holidays {holidays}: {error}", holidays=holidays, error=error))
    recorded = _decisions(decisions)
    parse_cache = _parse_cache(cache, no_cache)
    files, findings = collect(sources, exclude=[out] if out else None)
    files = _option_files_kept(files, {"--profile": profile, "--decisions": decisions,
                                       "--holidays": holidays})
    parse_options = ParseOptions(timezone=timezone, encoding=encoding,
                                 crontab_kind=crontab_kind, job_name=job_name)
    map_options = MapOptions(timezone=timezone or "UTC", target=target, horizon=horizon_days,
                             holidays=holidays, profile=profile, notify=notify, guard=guard,
                             definitions=definitions)
    if estate is not None and parse_cache is not None and _estate_lookup(
            estate, parse_cache, files, findings, sources, out, fmt, parse_options,
            map_options, decisions):
        return None
    with _progress(progress, len(files), "Reading sources") as advance:
        results, records = read_sources(files, parse_options, fmt,
                                        on_file=lambda _path: advance(1), cache=parse_cache)
    assumed = timezone is None
    if assumed and any(job.schedules for result in results for job in result.jobs):
        findings.append(Finding("JM004", msg("no --timezone given: schedules were read as UTC"),
                                SourceRef(sources[0])))
    results, records, findings = _relocated(sources, files, results, records, findings)
    scheduled = sum(1 for result in results for job in result.jobs if job.schedules)
    with _progress(progress, scheduled, "Mapping schedules") as advance:
        plan = build_plan(results, records, map_options, findings, timezone_assumed=assumed,
                          on_mapped=lambda: advance(1), inputs=_inputs_shown(sources))
    if recorded is not None and decisions is not None:
        from jobmig.decisions import apply

        plan.data["options"]["decisions"] = decisions
        apply(plan.data, recorded, decisions.replace(os.sep, "/"))
    return plan


def _option_files_kept(files: list[Any], given: dict[str, str | None]) -> list[Any]:
    """Files of the inputs that were given with an option (a mapping profile, a decisions
    or holidays file inside the exports folder): recorded in plan.json sources as not read,
    with the option as the reason, instead of as files of no known format."""
    from dataclasses import replace

    roles = {os.path.realpath(path): option for option, path in given.items()
             if path and os.path.isfile(path)}
    if not roles:
        return files
    return [replace(f, skip=f"given with {roles[os.path.realpath(f.path)]}")
            if f.skip is None and os.path.realpath(f.path) in roles else f for f in files]


def _parse_cache(folder: str | None, off: bool) -> Any:
    """The parse cache of ``--cache DIR`` (default: the user's cache folder), or None for
    ``--no-cache``; a ``--cache`` that is a file is a usage error."""
    if off:
        return None
    from jobmig.cache import ParseCache, default_folder

    if folder is not None and Path(folder).exists() and not Path(folder).is_dir():
        raise UsageProblem(msg("--cache {folder}: is a file, not a folder", folder=folder))
    return ParseCache.under(folder if folder is not None else default_folder())


def _estate_lookup(estate: dict[str, Any], parse_cache: Any, files: list[Any],
                   findings: list[Finding], *options: Any) -> bool:
    """Look the whole run up in the cache (:func:`jobmig.cache.estate_key`); True on a hit
    (``estate["kept"]`` holds it), else ``estate`` learns where to keep it."""
    from jobmig.cache import estate_key, file_digest

    map_options = options[-2]
    contents = [file_digest(path) for path in (map_options.profile, options[-1])]
    if map_options.holidays:
        if map_options.holidays.lower() == "jp":
            from importlib.metadata import PackageNotFoundError, version

            try:  # the holiday tables come with the package: a new one may move a day
                contents.append(version("holidays"))
            except PackageNotFoundError:
                contents.append(None)
        else:
            contents.append(file_digest(map_options.holidays))
    store = parse_cache.estate()
    key = estate_key(files, estate.get("what"), sys.version, findings, contents, *options)
    estate.update(store=store, key=key)
    kept = store.get(key, key)
    if kept is None:
        return False
    estate["kept"] = kept
    return True


def _estate_keep(estate: dict[str, Any], value: Any) -> None:
    """Keep a command's whole result for the next run over the same estate."""
    if "store" in estate:
        estate["store"].put(estate["key"], estate["key"], value)
        estate["store"].prune()


def _decisions(path: str | None) -> list[Any] | None:
    """The decisions of a ``--decisions`` file, or None; a bad file is a usage error."""
    if path is None:
        return None
    from jobmig.decisions import DecisionsError, load

    try:
        return load(path)
    except DecisionsError as error:
        raise UsageProblem(str(error))


def _relocated(sources: list[str], files: list[Any], results: list[Any], records: list[Any],
               findings: list[Finding]) -> tuple[list[Any], list[Any], list[Finding]]:
    """Paths made relative to the input root (:mod:`jobmig.identity`)."""
    from dataclasses import replace

    from jobmig.identity import input_root, relocate

    paths = [f.path for f in files] + sources + [r.path for r in records]
    paths += [f.source.path for f in findings if f.source is not None]
    results, findings, shown = relocate(results, findings, paths, input_root(sources))
    records = [replace(r, path=shown.get(r.path, r.path)) for r in records]
    return results, records, findings


@contextmanager
def _no_cycle_collection():  # type: ignore[no-untyped-def]
    """Pause the cyclic garbage collector while a run builds and reports a plan.

    A large estate makes millions of small objects (jobs, findings, schedules,
    state machine definitions, plan dicts) that all live until the run ends;
    the collector would rescan them each time they grow by a quarter and free
    nothing (a third of the CPU time of a 100,000-unit audit). Reference
    counting still frees everything that is dropped; a later full collection
    finds any cycles.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            # Move what is alive to the oldest generation first: re-enabled, the collector
            # would otherwise scan every object of the run at its next young collection.
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def _progress(shown: bool, total: int, description: str):  # type: ignore[no-untyped-def]
    """A transient progress bar on stderr (only on a terminal), or a no-op."""
    from contextlib import nullcontext

    if not shown:
        return nullcontext(lambda _steps=1: None)
    from jobmig.i18n import language, tr
    from jobmig.report.terminal import progress

    with language(_language()):
        description = tr(description)
    return progress(total, description, console=errors)


SOURCES_ARG = typer.Argument(..., metavar="PATH...", help="Files and folders to read (mixed formats are fine).")
KEEP_WAVES_HELP = ("waves.json of an earlier run (jobmig waves --json): jobs already in a wave "
                   "keep it and its name; the others go into new waves numbered after them.")
CACHE_HELP = ("Folder keeping parse results for re-runs (default: jobmig in $XDG_CACHE_HOME "
              "or ~/.cache); a changed file is read again.")
NO_CACHE_HELP = "Read every file afresh; keep nothing for later runs."


@app.command()
def convert(
    sources: List[str] = SOURCES_ARG,
    out: str = typer.Option(..., "--out", "-o", metavar="DIR", help="Output folder (created; see --force)."),
    timezone: Optional[str] = typer.Option(None, "--timezone", "--tz", metavar="ZONE", help=TIMEZONE_HELP),
    target: str = typer.Option("scheduler", metavar="scheduler|rules", help="scheduler: EventBridge Scheduler in local time; "
                                                 "rules: EventBridge rules in UTC."),
    fmt: Optional[str] = typer.Option(None, "--format", metavar="crontab|jenkins|jenkinsfile|jp1", help=FORMAT_HELP),
    encoding: Optional[str] = typer.Option(None, metavar="ENCODING", help="Text encoding of the inputs (default: UTF-8, then CP932 for JP1)."),
    crontab_kind: Optional[str] = typer.Option(None, metavar="user|system", help="user or system: override crontab kind detection."),
    job_name: Optional[str] = typer.Option(None, metavar="NAME", help="Jenkins full name a lone Jenkinsfile belongs to."),
    horizon: Optional[str] = typer.Option(None, metavar="[START:]END", help="Change Calendar horizon, END or START:END (default: through next year)."),
    holidays: Optional[str] = typer.Option(None, metavar="jp|FILE", help="Closed days not in the export: 'jp' or an .ics/.csv file."),
    profile: Optional[str] = typer.Option(None, metavar="FILE", help="Mapping profile TOML: what runs each job (SSM, ECS, Batch, Lambda)."),
    notify: bool = typer.Option(False, metavar=" ", help="Add failure notices (FAILED/TIMED_OUT/ABORTED → SNS topic parameter)."),
    guard: str = typer.Option("auto", metavar="auto|on|off", help="Duplicate-run guard: auto (where the legacy scheduler forbade overlap), on, off."),
    force: bool = typer.Option(False, metavar=" ", help="Replace jobmig's files in an existing output folder."),
    strict: bool = typer.Option(False, metavar=" ", help="Exit 1 when any finding is an error or needs manual work."),
    lang: Optional[str] = typer.Option(None, "--lang", metavar="en|ja", help=LANG_HELP),
    wave: Optional[str] = typer.Option(None, "--wave", metavar="NAME", help="Write only this wave of `jobmig waves` (e.g. wave-01), with its cutover checklist."),
    max_jobs: int = typer.Option(50, "--max-jobs", metavar="N", help="With --wave or --waves: most jobs per wave, as for jobmig waves."),
    by: str = typer.Option("component", "--by", metavar="component|host|jobnet", help="With --wave or --waves: component, host or jobnet, as for jobmig waves."),
    every_wave: bool = typer.Option(False, "--waves", metavar=" ", help="Write every wave into its own folder OUT/<wave> (one CloudFormation stack each, as --wave writes it), with waves.md and waves.json."),
    keep_waves: Optional[str] = typer.Option(None, "--keep-waves", metavar="FILE", help=KEEP_WAVES_HELP),
    decisions: Optional[str] = typer.Option(None, metavar="FILE", help="Review decisions TOML ([[accept]] job, code, reason): accepted findings are marked, stale ones reported."),
    cache: Optional[str] = typer.Option(None, metavar="DIR", help=CACHE_HELP),
    no_cache: bool = typer.Option(False, "--no-cache", metavar=" ", help=NO_CACHE_HELP),
) -> None:
    """Convert exported jobs into plan.json, state machines, templates and a report.

    Example: [bold]jobmig convert exports/ --out build/ --timezone Asia/Tokyo[/bold]
    """
    from jobmig.emit.files import OutputExists, write_plan

    language_code = _lang(lang)
    if wave is not None and every_wave:
        raise UsageProblem(msg("--wave NAME writes one wave, --waves every wave: give one of them"))
    if wave is not None or every_wave:
        _check_waves(by, max_jobs)
    kept = _kept_waves(keep_waves)
    _check_out_folder(out, force)
    with _no_cycle_collection():
        plan = _load(sources, timezone, fmt, encoding, crontab_kind, job_name, target, horizon,
                     holidays, profile, notify, guard, decisions=decisions, out=out,
                     cache=cache, no_cache=no_cache)
        if every_wave:
            _convert_waves(plan, out, force, max_jobs, by, sources, language_code, kept)
            _keep(plan)
            _exit_strict(strict, plan.data)
            return
        if wave is not None:
            plan = _one_wave(plan, wave, max_jobs, by, language_code, kept)
        try:
            written = write_plan(plan, out, force, language_code, release=True)
        except OutputExists as error:
            raise UsageProblem(str(error))
    _print_convert_summary(plan.data, out, written, sources, language_code)
    _keep(plan)
    _exit_strict(strict, plan.data)


def _exit_strict(strict: bool, data: dict) -> None:
    """convert --strict: exit 1 when a finding not accepted is an error or manual."""
    if strict and any(f["severity"] in ("error", "manual") and not f.get("accepted")
                      for f in data["findings"]):
        raise typer.Exit(1)


def _convert_waves(plan: Any, out: str, force: bool, max_jobs: int, by: str,
                   typed: list[str], lang: str, kept: dict[str, str] | None = None) -> None:
    """convert --waves: every wave in its own folder (:mod:`jobmig.wave_outputs`), then
    what was written and what to do next."""
    from jobmig.convert_output import problem_lines, program, waves_summary_lines
    from jobmig.emit.files import OutputExists
    from jobmig.i18n import language
    from jobmig.wave_outputs import write_waves
    from jobmig.waves import plan_waves

    result = plan_waves(plan.data, max_jobs=max_jobs, by=by, keep=kept)
    try:
        written = write_waves(plan, result, out, force, lang)
    except OutputExists as error:
        raise UsageProblem(str(error))
    shown = _shown_paths(plan.data, typed)
    rows = [(w.name, w.plan.data["summary"], len(w.files)) for w in written]
    with language(lang):
        for line in waves_summary_lines(rows, plan.data, out, program(sys.argv[0]), shown):
            console.print(line, markup=False, soft_wrap=True)
        problems = problem_lines(plan.data, shown)
    sys.stderr.write("".join(line + "\n" for line in problems))


def _shown_paths(data: dict, typed: list[str]):  # type: ignore[no-untyped-def]
    """A plan path as the user can open it (the decisions file is named as typed already)."""
    decisions = (data.get("options") or {}).get("decisions")
    return lambda path: path if path == decisions else _as_typed(path, typed)


def _inputs_shown(sources: list[str]) -> list[str]:
    """The inputs as plan.json records them: relative to their root (``.`` for a folder
    given alone), so the plan does not depend on where the estate lies or jobmig runs."""
    from jobmig.identity import display_path, input_root

    root = input_root(sources)
    return [display_path(source, root) for source in sources]


def _print_convert_summary(data: dict, out: str, written: list[str], typed: list[str],
                           lang: str) -> None:
    """What convert did and what to do next on stdout (:mod:`jobmig.convert_output`); the
    findings worth a word on stderr, capped per file and code."""
    from jobmig.convert_output import problem_lines, program, summary_lines
    from jobmig.i18n import language

    shown = _shown_paths(data, typed)
    with language(lang):
        for line in summary_lines(data, out, written, program(sys.argv[0]), shown):
            console.print(line, markup=False, soft_wrap=True)
        problems = problem_lines(data, shown)
    # Plain writes: a wrapped line would break `path:line:col:` for editors and grep.
    sys.stderr.write("".join(line + "\n" for line in problems))


def _as_typed(path: str, inputs: list[str]) -> str:
    """A plan path (relative to the input root) as a path the user can open from here:
    absolute when the inputs were given so, else relative to the working folder."""
    if not inputs or path == "?":
        return path
    from jobmig.identity import input_root

    full = os.path.normpath(os.path.join(input_root(inputs), path))
    return full if all(os.path.isabs(given) for given in inputs) else os.path.relpath(full)


@app.command()
def audit(
    sources: List[str] = SOURCES_ARG,
    report: Optional[str] = typer.Option(None, metavar="FILE", help="Also write the report to FILE (.html, .md, .json or .csv)."),
    fail_on: Optional[str] = typer.Option(None, metavar="manual|review", help="Exit 1 if any job is manual (or review or worse)."),
    timezone: Optional[str] = typer.Option(None, "--timezone", "--tz", metavar="ZONE", help=TIMEZONE_HELP),
    target: str = typer.Option("scheduler", metavar="scheduler|rules", help="scheduler or rules (as for convert)."),
    fmt: Optional[str] = typer.Option(None, "--format", metavar="crontab|jenkins|jenkinsfile|jp1", help=FORMAT_HELP),
    encoding: Optional[str] = typer.Option(None, metavar="ENCODING", help="Text encoding of the inputs."),
    crontab_kind: Optional[str] = typer.Option(None, metavar="user|system", help="user or system."),
    job_name: Optional[str] = typer.Option(None, metavar="NAME", help="Jenkins full name a lone Jenkinsfile belongs to."),
    horizon: Optional[str] = typer.Option(None, metavar="[START:]END", help="Change Calendar horizon, END or START:END."),
    holidays: Optional[str] = typer.Option(None, metavar="jp|FILE", help="Closed days: 'jp' or an .ics/.csv file."),
    profile: Optional[str] = typer.Option(None, metavar="FILE", help="Mapping profile TOML."),
    lang: Optional[str] = typer.Option(None, "--lang", metavar="en|ja", help=LANG_HELP),
    decisions: Optional[str] = typer.Option(None, metavar="FILE", help="Review decisions TOML ([[accept]] job, code, reason): accepted findings are marked, stale ones reported."),
    cache: Optional[str] = typer.Option(None, metavar="DIR", help=CACHE_HELP),
    no_cache: bool = typer.Option(False, "--no-cache", metavar=" ", help=NO_CACHE_HELP),
) -> None:
    """Inventory and migration readiness of exported jobs, in the terminal.

    Example: [bold]jobmig audit exports/ --report report.html --fail-on manual[/bold]

    Exit codes: 0 ready (or no --fail-on), 1 jobs at or beyond --fail-on, 2 usage error.
    """
    if fail_on not in (None, "manual", "review"):
        raise UsageProblem(msg("--fail-on {fail_on!r}: choose manual or review", fail_on=fail_on))
    language_code = _lang(lang)
    if report:
        _check_report_file(report)
    estate: dict[str, Any] = {"what": ("audit", language_code)}  # the report is kept whole
    with _no_cycle_collection():
        plan = _load(sources, timezone, fmt, encoding, crontab_kind, job_name, target, horizon,
                     holidays, profile, False, "auto", progress=True, definitions=False,
                     decisions=decisions, cache=cache, no_cache=no_cache, estate=estate)
        from jobmig import report as reports

        from jobmig.report.terminal import print_report

        from jobmig.i18n import language, tr

        if plan is None:  # an unchanged estate: the report and exit codes of the last run
            built, exit_codes = estate["kept"]
        else:
            built = reports.build_report(plan.data, language_code)
            exit_codes = {level: reports.exit_code(plan.data, level)
                          for level in (None, "manual", "review")}
        print_report(built, console)
        if report:
            reports.write_report(built, report)
            with language(language_code):
                console.print(tr("Report written to {path}", path=report),
                              soft_wrap=language_code == "ja")
        if plan is not None:
            _estate_keep(estate, (built, exit_codes))
    _keep(plan, built)
    raise typer.Exit(exit_codes[fail_on])


@app.command()
def cron(
    expression: str = typer.Argument(..., help="A crontab or Jenkins cron expression (quote it)."),
    tz: str = typer.Option("UTC", "--tz", "--timezone", metavar="ZONE", help="Zone the expression runs in."),
    flavor: str = typer.Option("vixie", metavar="vixie|jenkins", help="vixie (crontab) or jenkins (H, ANDed days)."),
    name: str = typer.Option("job", metavar="NAME", help="Jenkins job full name (seeds H)."),
    target: str = typer.Option("scheduler", metavar="scheduler|rules", help="scheduler or rules."),
    as_json: bool = typer.Option(False, "--json", metavar=" ", help="Print JSON for scripts."),
) -> None:
    """Show what one cron expression becomes on EventBridge, and when both fire.

    Example: [bold]jobmig cron "0 9 * * 1-5" --tz Asia/Tokyo[/bold]
    """
    from jobmig import cron_command

    _check_zone(tz)
    if flavor not in ("vixie", "jenkins"):
        raise UsageProblem(msg("--flavor {flavor!r}: choose vixie or jenkins", flavor=flavor))
    if target not in ("scheduler", "rules"):
        raise UsageProblem(msg("--target {target!r}: choose scheduler or rules", target=target))
    result = cron_command.explain(expression, tz, flavor, name, target)
    if as_json:
        from jobmig.plan import dump_json

        sys.stdout.write(dump_json(result))
    else:
        cron_command.render(result, console)
    if result.get("error"):
        raise typer.Exit(1)


@app.command()
def verify(
    out: str = typer.Argument(..., help="An output folder written by jobmig convert."),
    start: Optional[str] = typer.Option(None, metavar="YYYY-MM-DD", help="First day to simulate, YYYY-MM-DD (default: the plan's horizon start)."),
    days: int = typer.Option(365, metavar="N", help="Number of days to simulate."),
    lang: Optional[str] = typer.Option(None, "--lang", metavar="en|ja", help=LANG_HELP),
) -> None:
    """Simulate legacy and AWS fire times for every job and report any difference.

    Example: [bold]jobmig verify build/ --start 2026-01-01 --days 365[/bold]

    Exit codes: 0 every compared job is equivalent, 1 a compared job differs (a
    difference declared by a review finding too) or could not be evaluated, 2 usage
    error. Jobs not compared (no schedule, not converted, disabled or manual) are
    counted in the summary line.
    """
    import json

    from jobmig import verify as verify_command
    from jobmig.timing import simulate as verifier

    plan_path = Path(out) / "plan.json"
    if not plan_path.is_file():
        raise UsageProblem(msg("{plan_path}: not found; run jobmig convert first",
                               plan_path=plan_path))
    try:
        plan = json.loads(plan_path.read_text("utf-8"))
    except ValueError as error:
        raise UsageProblem(msg("{plan_path}: not valid JSON ({error})",
                               plan_path=plan_path, error=error))
    try:
        first = date.fromisoformat(start) if start else date.fromisoformat(plan["options"]["horizon"][0])
    except (ValueError, KeyError):
        raise UsageProblem(msg("--start {start!r}: give a date as YYYY-MM-DD", start=start))
    if days < 1:
        raise UsageProblem(msg("--days must be at least 1"))
    language_code = _lang(lang)
    results = verifier.verify_plan(plan, first, days, out_dir=out)
    from jobmig.i18n import language

    with language(language_code):
        verify_command.render(results, console, verifier.not_compared(plan))
    raise typer.Exit(verify_command.exit_code(results))


@app.command()
def graph(
    sources: List[str] = SOURCES_ARG,
    output_format: str = typer.Option("mermaid", "--to", "-t", metavar="dot|mermaid|json", help="Output format of the graph (--format is the input format)."),
    # the old spelling of --to, kept working for scripts but not shown
    old_output: Optional[str] = typer.Option(None, "--output", "-f", hidden=True),
    timezone: Optional[str] = typer.Option(None, "--timezone", "--tz", metavar="ZONE", help=TIMEZONE_HELP),
    fmt: Optional[str] = typer.Option(None, "--format", metavar="crontab|jenkins|jenkinsfile|jp1", help=FORMAT_HELP),
    encoding: Optional[str] = typer.Option(None, metavar="ENCODING", help="Text encoding of the inputs."),
) -> None:
    """Print the dependency graph of the exported jobs.

    Example: [bold]jobmig graph exports/ --to dot | dot -Tsvg > jobs.svg[/bold]
    """
    from jobmig.graph import JobGraph
    from jobmig.graph_export import render_graph
    from jobmig.sources import collect, read_sources

    if old_output is not None:
        output_format = old_output
    if output_format not in ("dot", "mermaid", "json"):
        raise UsageProblem(msg("--to {output_format!r}: choose dot, mermaid or json",
                               output_format=output_format))
    _check_zone(timezone)
    files, _ = collect(sources)
    results, records = read_sources(files, ParseOptions(timezone=timezone, encoding=encoding), fmt)
    results, _, _ = _relocated(sources, files, results, records, [])
    sys.stdout.write(render_graph(JobGraph.from_results(results), output_format))


def _check_waves(by: str, max_jobs: int) -> None:
    from jobmig.waves import BY_CHOICES

    if by not in BY_CHOICES:
        raise UsageProblem(msg("--by {by!r}: choose {BY_CHOICES}",
                               by=by, BY_CHOICES=', '.join(BY_CHOICES)))
    if max_jobs < 1:
        raise UsageProblem(msg("--max-jobs must be at least 1"))


def _kept_waves(path: str | None) -> dict[str, str] | None:
    """--keep-waves FILE: job id → wave name of an earlier run (a usage error if unreadable)."""
    if path is None:
        return None
    from jobmig.wave_keep import KeepWavesError, read_kept

    try:
        return read_kept(path)
    except KeepWavesError as error:
        raise UsageProblem(str(error))


def _one_wave(plan: Any, name: str, max_jobs: int, by: str, lang: str,
              kept: dict[str, str] | None = None) -> Any:
    """The part of ``plan`` that wave ``name`` deploys (convert --wave)."""
    from jobmig.wave_plan import plan_for_wave
    from jobmig.waves import plan_waves

    result = plan_waves(plan.data, max_jobs=max_jobs, by=by, keep=kept)
    try:
        return plan_for_wave(plan, result, name, lang)
    except KeyError:
        names = [w.name for w in result.waves]
        shown = f"{names[0]} to {names[-1]}" if names else "none"
        raise UsageProblem(msg("--wave {name!r}: no such wave (this plan has {shown}; see jobmig "
                               "waves)",
                               name=name, shown=shown))


@app.command()
def waves(
    sources: List[str] = SOURCES_ARG,
    max_jobs: int = typer.Option(50, "--max-jobs", metavar="N", help="Most jobs per wave (a state machine larger than this stays whole)."),
    by: str = typer.Option("component", "--by", metavar="component|host|jobnet", help="Group first by: component, host or jobnet."),
    as_json: bool = typer.Option(False, "--json", metavar=" ", help="Print the waves and cut dependencies as JSON."),
    output: Optional[str] = typer.Option(None, "--to", "-t", metavar="md", help="md: print Markdown with a cutover checklist per wave (default: tables)."),
    timezone: Optional[str] = typer.Option(None, "--timezone", "--tz", metavar="ZONE", help=TIMEZONE_HELP),
    target: str = typer.Option("scheduler", metavar="scheduler|rules", help="scheduler or rules (as for convert)."),
    fmt: Optional[str] = typer.Option(None, "--format", metavar="crontab|jenkins|jenkinsfile|jp1|md", help=FORMAT_HELP + " (--format md: as --to md)"),
    encoding: Optional[str] = typer.Option(None, metavar="ENCODING", help="Text encoding of the inputs."),
    crontab_kind: Optional[str] = typer.Option(None, metavar="user|system", help="user or system."),
    job_name: Optional[str] = typer.Option(None, metavar="NAME", help="Jenkins full name a lone Jenkinsfile belongs to."),
    horizon: Optional[str] = typer.Option(None, metavar="[START:]END", help="Change Calendar horizon, END or START:END."),
    holidays: Optional[str] = typer.Option(None, metavar="jp|FILE", help="Closed days: 'jp' or an .ics/.csv file."),
    profile: Optional[str] = typer.Option(None, metavar="FILE", help="Mapping profile TOML."),
    lang: Optional[str] = typer.Option(None, "--lang", metavar="en|ja", help=LANG_HELP),
    keep_waves: Optional[str] = typer.Option(None, "--keep-waves", metavar="FILE", help=KEEP_WAVES_HELP),
) -> None:
    """Group jobs into migration waves and list every dependency a wave boundary cuts.

    Example: [bold]jobmig waves exports/ --max-jobs 50 --by host --to md[/bold]
    """
    from jobmig.waves import plan_waves
    from jobmig.waves_render import print_waves, render_markdown

    _check_waves(by, max_jobs)
    kept = _kept_waves(keep_waves)
    language_code = _lang(lang)
    if fmt == "md":  # the spelling: --format md is the output, not an input format
        fmt, output = None, "md"
    if output not in (None, "md"):
        raise UsageProblem(msg("--to {output!r}: choose md", output=output))
    with _no_cycle_collection():
        plan = _load(sources, timezone, fmt, encoding, crontab_kind, job_name, target, horizon,
                     holidays, profile, False, "auto", definitions=False)
        result = plan_waves(plan.data, max_jobs=max_jobs, by=by, keep=kept)
    from jobmig.i18n import language

    with language(language_code):
        if as_json:
            from jobmig.plan import dump_json

            sys.stdout.write(dump_json(result.to_json()))
        elif output == "md":
            sys.stdout.write(render_markdown(result, plan.data))
        else:
            print_waves(result, console)
    _keep(plan, result)


@app.command()
def diff(
    old: str = typer.Argument(..., help="The earlier conversion: a convert output folder or its plan.json."),
    new: str = typer.Argument(..., help="The later conversion (folder or plan.json)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON for scripts (same as --format json)."),
    output_format: str = typer.Option("table", "--format", metavar="table|md|json", help="table, md (a change ticket) or json."),
    fail_on: Optional[str] = typer.Option(None, metavar="changes|replacements", help="Exit 1 on any change (changes) or on a "
                                                     "resource that would be replaced (replacements)."),
    lang: Optional[str] = typer.Option(None, "--lang", metavar="en|ja", help=LANG_HELP),
) -> None:
    """What changed between two conversions: jobs, CloudFormation resources, stale decisions.

    Example: [bold]jobmig diff build-2026-01/ build-2026-03/ --fail-on replacements[/bold]

    Exit codes: 0 (or nothing at --fail-on), 1 changes at --fail-on, 2 unreadable or mismatched inputs.
    """
    from jobmig import diff as differ
    from jobmig.plan import dump_json

    if output_format not in ("table", "md", "json"):
        raise UsageProblem(msg("--format {output_format!r}: choose table, md or json",
                               output_format=output_format))
    if fail_on not in (None, "changes", "replacements"):
        raise UsageProblem(msg("--fail-on {fail_on!r}: choose changes or replacements",
                               fail_on=fail_on))
    language_code = _lang(lang)
    try:
        data = differ.compare(differ.load_side(old), differ.load_side(new))
    except differ.DiffInputError as error:
        raise UsageProblem(str(error))
    from jobmig.i18n import language

    with language(language_code):
        if as_json or output_format == "json":
            sys.stdout.write(dump_json(data))
        elif output_format == "md":
            sys.stdout.write(differ.render_markdown(data))
        else:
            differ.render_table(data, console)
    failed = (fail_on == "changes" and differ.has_changes(data)) or \
        (fail_on == "replacements" and differ.has_replacements(data))
    raise typer.Exit(1 if failed else 0)


@app.command()
def findings(
    code: Optional[str] = typer.Argument(None, help="One code to explain, e.g. JM105."),
    lang: Optional[str] = typer.Option(None, "--lang", metavar="en|ja", help=LANG_HELP),
) -> None:
    """List the finding catalogue, or explain one code and what to do about it.

    Example: [bold]jobmig findings JM105[/bold]
    """
    from rich.table import Table

    from jobmig.catalogue import CATALOGUE
    from jobmig.i18n import finding_text, language, tr

    language_code = _lang(lang)
    if code is not None:
        entry = CATALOGUE.get(code.upper())
        if entry is None:
            raise UsageProblem(msg("{code}: no such finding code (run jobmig findings for the "
                                   "list)",
                                   code=code))
        title, explanation, remedy = finding_text(entry.code, language_code) or ("", "", "")
        console.print(f"[bold]{entry.code}[/bold] ({entry.severity.value}) {title}",
                      markup=True, highlight=False)
        # Japanese has no spaces to wrap at: let the terminal wrap it
        wrap = language_code == "ja"
        console.print(explanation, markup=False, soft_wrap=wrap)
        with language(language_code):
            console.print(f"{tr('What to do')}: {remedy}", markup=False, soft_wrap=wrap)
        return
    with language(language_code):
        table = Table(tr("code"), tr("severity"), tr("title"))
    for entry in CATALOGUE.values():
        table.add_row(entry.code, entry.severity.value,
                      (finding_text(entry.code, language_code) or ("",))[0])
    console.print(table)


@app.command()
def deploy(
    out: str = typer.Argument(..., help="An output folder written by jobmig convert."),
    stack_name: str = typer.Option(..., "--stack-name", metavar="NAME", help="CloudFormation stack to create or update."),
    parameters: Optional[str] = typer.Option(None, "--parameters", metavar="FILE", help='JSON file: {"Key": "value"} or [{"ParameterKey": ..., "ParameterValue": ...}].'),
    parameter: List[str] = typer.Option([], "--parameter", metavar="KEY=VALUE", help="KEY=VALUE (repeatable; wins over --parameters)."),
    region: Optional[str] = typer.Option(None, metavar="REGION", help="AWS region (default: boto3's configuration)."),
    endpoint_url: Optional[str] = typer.Option(None, "--endpoint-url", metavar="URL", help="Another endpoint for CloudFormation and S3, e.g. a moto server."),
    bucket: Optional[str] = typer.Option(None, metavar="BUCKET", help="S3 bucket for nested templates and templates over 51,200 bytes."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show the change set, delete it, change nothing."),
) -> None:
    """Create or update the stack of a converted folder through a CloudFormation change set.

    Example: [bold]jobmig deploy build/ --stack-name batch --parameters params.json[/bold]

    Exit codes: 0 deployed (or nothing to change, or --dry-run), 1 CloudFormation
    refused or the stack failed (the failed resource's reason is printed), 2 usage error.
    """
    from jobmig.deploy import DeployFailed, DeployOptions, deploy as run_deploy
    from jobmig.deploy_inputs import DeployInputError

    options = DeployOptions(Path(out), stack_name, Path(parameters) if parameters else None,
                            tuple(parameter), region, endpoint_url, bucket, dry_run)
    try:
        code = run_deploy(options, console)
    except DeployInputError as error:
        raise UsageProblem(str(error))
    except DeployFailed as error:
        sys.stderr.write(f"jobmig: {error}\n")
        code = 1
    raise typer.Exit(code)


def main() -> None:
    """Console entry point: usage problems become one line and exit code 2 (in Japanese
    under ``--lang ja`` or a Japanese locale, click's own errors too)."""
    from jobmig.sources import UsageError

    try:
        # Without standalone mode click returns (not raises) the code of typer.Exit.
        code = _application()(standalone_mode=False)
    except (UsageProblem, UsageError) as error:
        sys.stderr.write(f"jobmig: {_said(error)}\n")
        code = 2
    except typer.Exit as done:
        code = done.exit_code
    except KeyboardInterrupt:
        code = 130
    except Exception as error:  # click's own usage errors carry show()
        show = getattr(error, "show", None)
        if show is None:
            raise
        if _language() == "ja":
            from jobmig.click_ja import show as show_japanese

            show_japanese(error)
        else:
            show()
        code = getattr(error, "exit_code", 2)
    _exit_now(code if isinstance(code, int) else 0)


def _language() -> str:
    """The language of what jobmig prints before (or without) a command's own ``--lang``
    check: the command line's ``--lang``, else the locale (as for ``--help``)."""
    from jobmig.help_i18n import help_language

    return help_language(sys.argv[1:])


def _said(error: Exception) -> str:
    """A usage error's one line in :func:`_language` (its :func:`jobmig.messages.msg`
    text translated; any other text as it is)."""
    from jobmig.messages import localize

    text = error.args[0] if error.args and isinstance(error.args[0], str) else str(error)
    return localize(text, _language())


def _application() -> Any:
    """The typer app; under Japanese (``--lang ja`` on the command line, else the locale)
    the click command built from it with its help in Japanese (:mod:`jobmig.help_i18n`)."""
    from jobmig.help_i18n import help_language, plain_type_column, translate

    if "--help" in sys.argv[1:]:
        plain_type_column()
    if help_language(sys.argv[1:]) != "ja":
        return app
    return translate(typer.main.get_command(app))


def _keep(*built: Any) -> None:
    """Hold what a command built until the process ends (the last command's only).

    Dropped when the command returns, a large plan's millions of objects would be
    freed one by one just before :func:`_exit_now` ends the process anyway.
    """
    _KEPT[:] = built


_KEPT: list[Any] = []


def _exit_now(code: int) -> None:
    """End the process with ``code`` once the output is flushed, without tearing down.

    A large run leaves millions of objects (jobs, findings, plan dicts, the
    caches of the schedule engines) alive at the end; an ordinary exit frees
    them one by one, seconds of work on a large estate that change nothing.
    Every file jobmig writes is closed by then (``with`` blocks); only the
    standard streams are still open.
    """
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing left to say
            pass
    os._exit(code)
