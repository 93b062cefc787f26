"""The migration readiness report: one data structure, several renderings.

Entry points for the CLI and pipeline:

- :func:`write_reports` writes ``report.<fmt>`` files into a folder;
- :func:`write_report` writes one file, the format chosen by its suffix
  (``.html``, ``.md``, ``.json``, ``.csv``);
- :func:`render` returns one rendering as text;
- :func:`build_report` (from :mod:`jobmig.report.data`) for the terminal
  tables (:func:`jobmig.report.terminal.print_report`);
- :func:`exit_code` for ``jobmig audit --fail-on``.

Every rendering reads only the plan.json dict. Files are written as UTF-8
with ``\\n`` line ends (CSV: ``\\r\\n``), byte-identical for the same plan.
"""
from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from jobmig.i18n import language
from jobmig.report.data import ReportData, build_report
from jobmig.report.policy import exit_code

# format -> (module, function): a renderer is imported when its format is asked for,
# so printing the terminal tables loads no HTML, SVG, Markdown or CSV code.
_RENDERER_NAMES: dict[str, tuple[str, str]] = {
    "md": ("jobmig.report.markdown", "render_markdown"),
    "json": ("jobmig.report.json_render", "render_json"),
    "html": ("jobmig.report.html", "render_html"),
    "csv": ("jobmig.report.csv_render", "render_csv"),
}
FORMATS: tuple[str, ...] = tuple(_RENDERER_NAMES)


def renderer(fmt: str) -> Callable[[ReportData], str]:
    """The function rendering format ``fmt`` (a key of :data:`FORMATS`)."""
    module, name = _RENDERER_NAMES[fmt]
    return getattr(importlib.import_module(module), name)


def __getattr__(name: str) -> Any:
    """``RENDERERS`` (format -> function), built when first asked for."""
    if name == "RENDERERS":
        return {fmt: renderer(fmt) for fmt in FORMATS}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
_SUFFIXES = {".md": "md", ".markdown": "md", ".json": "json", ".html": "html", ".htm": "html",
             ".csv": "csv"}


def format_for(path: str | Path) -> str:
    """The report format a file name asks for; :class:`ValueError` for an unknown suffix."""
    suffix = Path(path).suffix.lower()
    if suffix not in _SUFFIXES:
        raise ValueError(f"cannot tell the report format of {str(path)!r}: use a name ending "
                         f"in {', '.join(sorted(_SUFFIXES))}")
    return _SUFFIXES[suffix]


def render(plan: Mapping[str, Any] | ReportData, fmt: str) -> str:
    """One rendering (``md``, ``json``, ``html``, ``csv``) of a plan dict or a built report."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; choose from {', '.join(FORMATS)}")
    report = plan if isinstance(plan, ReportData) else build_report(plan)
    with language(report.lang):
        return renderer(fmt)(report)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def write_report(plan: Mapping[str, Any] | ReportData, path: str | Path) -> Path:
    """Write one report file, its format chosen by the suffix; returns the path.

    ``plan`` is the plan.json dict, or a :class:`ReportData` already built
    from it (saves building it twice when the CLI also prints the tables).
    """
    target = Path(path)
    _write(target, render(plan, format_for(target)))
    return target


def write_reports(plan: Mapping[str, Any] | ReportData, out_dir: str | Path,
                  formats: Iterable[str] = ("md", "json", "html", "csv")) -> list[Path]:
    """Write ``report.<fmt>`` for each format into ``out_dir``; returns the paths written.

    ``plan`` as for :func:`write_report`; unknown formats raise :class:`ValueError`
    before anything is written.
    """
    wanted = list(dict.fromkeys(formats))
    unknown = [fmt for fmt in wanted if fmt not in FORMATS]
    if unknown:
        raise ValueError(f"unknown report format(s) {', '.join(unknown)}; "
                         f"choose from {', '.join(FORMATS)}")
    report = plan if isinstance(plan, ReportData) else build_report(plan)
    written = []
    for fmt in wanted:
        target = Path(out_dir) / f"report.{fmt}"
        with language(report.lang):
            _write(target, renderer(fmt)(report))
        written.append(target)
    return written


__all__ = ["FORMATS", "ReportData", "build_report", "exit_code", "format_for", "render",
           "write_report", "write_reports"]
