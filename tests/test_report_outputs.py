"""Every rendering of the report agrees with plan.json, on real estates (issue 8).

Two estates go through the console script as a user runs it: ``samples/``
and the shared corpus (``../shared/corpus``: crontab, Jenkins and JP1
folders together; skipped when it is absent). For each, ``jobmig convert``
writes plan.json and report.{json,csv,md,html}, and ``jobmig audit`` prints
the terminal report, with the same options.

plan.json is the reference. Each rendering is parsed back (never compared
with another rendering) and must show:

- the summary figures (jobs, auto, review, manual, and the finding total and
  severities where the rendering shows them) equal to plan.json's ``summary``;
- every finding of plan.json: its code, its place (``path:line``) and its job
  when it has one, as many times as plan.json lists it. Two renderings show
  less by design, and the tests hold them to what they state instead:

  - report.html lists at most ``MAX_OCCURRENCES`` occurrences per code; past
    that it must say "Showing N of M", and its per-code count must be M;
  - the terminal shows no places (``--report`` writes them) and only the top
    codes as a table; every other code must be named, with its count, on the
    line under the table, so every code of the plan appears in the terminal.

The dependency graph (mermaid in report.md, SVG in report.html) must draw
plan.json's edges; for samples/ the edges are also read by hand from the
sample files (``SAMPLE_EDGES``). report.json must validate against its
shipped schema. Finally ``jobmig audit --report FILE`` is run once per suffix.
"""
from __future__ import annotations

import csv
import html
import io
import json
import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Callable

import jsonschema
import pytest

from tests.conftest import REPO, corpus_dir, run_jobmig

from jobmig.report.csv_render import FILE_KIND
from jobmig.report.html import MAX_OCCURRENCES
from jobmig.report.json_render import report_schema
from jobmig.report.layout import MAX_NODES

OPTIONS = ("--timezone", "Asia/Tokyo", "--horizon", "2026-01-01:2027-12-31")
STATUSES = ("jobs", "auto", "review", "manual")
SEVERITIES = ("error", "manual", "review", "info")
RENDERINGS = ("json", "csv", "md", "html")

# The dependencies of samples/, read by hand from the files (as job names).
SAMPLE_EDGES = {
    # samples/jenkins/jobs/etl/jobs/nightly-etl/config.xml:51  build job: 'refresh-cache'
    ("etl/nightly-etl", "etl/refresh-cache"),
    # samples/jenkins/jobs/etl/jobs/sales-report/config.xml:36  upstreamProjects nightly-etl
    ("etl/nightly-etl", "etl/sales-report"),
    # samples/jp1/keiri_nightly.ajs:44-48  ar=(f=...,t=...) in jobnet 経理/夜間締め
    ("経理/夜間締め/受注取込", "経理/夜間締め/売上集計"),
    ("経理/夜間締め/受注取込", "経理/夜間締め/在庫引当"),
    ("経理/夜間締め/売上集計", "経理/夜間締め/仕訳作成"),
    ("経理/夜間締め/在庫引当", "経理/夜間締め/仕訳作成"),
    ("経理/夜間締め/仕訳作成", "経理/夜間締め/障害通知"),  # ty=rj: the recovery job
    # samples/jp1/keiri_nightly.ajs:69  ar=(f=日次売上計算,t=売上レポート出力) in 売上集計
    ("経理/夜間締め/売上集計/日次売上計算", "経理/夜間締め/売上集計/売上レポート出力"),
}


@dataclass(frozen=True)
class Estate:
    """One estate after ``jobmig convert`` and ``jobmig audit`` with the same options."""

    name: str
    sources: tuple[str, ...]
    out: Path
    plan: dict[str, Any]
    terminal: str

    def text(self, fmt: str) -> str:
        """``report.<fmt>`` as convert wrote it."""
        return (self.out / f"report.{fmt}").read_text(encoding="utf-8")

    @property
    def names(self) -> dict[str, str]:
        return {job["id"]: job.get("name") or job["id"] for job in self.plan["jobs"]}


def _sources(name: str) -> tuple[str, ...]:
    if name == "samples":
        return ("samples",)
    return tuple(str(corpus_dir(kind)) for kind in ("crontab", "jenkins", "jp1"))


def _convert(name: str, folder: Path, terminal: bool) -> Estate:
    """``jobmig convert`` the estate into ``folder`` (and ``jobmig audit`` it if ``terminal``)."""
    sources = _sources(name)
    out = folder / "build"
    run_jobmig("convert", *sources, "--out", str(out), *OPTIONS, cwd=REPO, check=True)
    printed = ""
    if terminal:
        audit = run_jobmig("audit", *sources, *OPTIONS, cwd=REPO)
        assert audit.returncode == 0, audit.stderr  # no --fail-on: always 0
        printed = audit.stdout
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    return Estate(name, sources, out, plan, printed)


@pytest.fixture(scope="module", params=["samples", "corpus"])
def estate(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Estate:
    return _convert(request.param, tmp_path_factory.mktemp(request.param), terminal=True)


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Estate:
    """samples/ alone, for the tests that read it by hand or run ``audit --report``."""
    return _convert("samples", tmp_path_factory.mktemp("samples-only"), terminal=False)


# -- what plan.json says --------------------------------------------------------
def expected_figures(plan: dict[str, Any]) -> dict[str, Any]:
    """The summary figures of plan.json (severities missing from it count 0)."""
    summary = plan["summary"]
    by_severity = summary.get("findings_by_severity") or {}
    return {**{key: summary[key] for key in STATUSES}, "findings": summary["findings"],
            "by_severity": {severity: by_severity.get(severity, 0) for severity in SEVERITIES}}


def _place(source: Any) -> tuple[str, int | None]:
    source = source if isinstance(source, dict) else {}
    return source.get("path") or "", source.get("line")


def expected_places(plan: dict[str, Any], job_label: Callable[[str], str]) -> Counter:
    """Every finding of plan.json as (code, path, line, job label), with multiplicity.

    ``line`` is None for a finding about a whole file; the label is "" without a job,
    else ``job_label(job id)``: what the rendering shows for the job. A finding without
    a place is cited at its job's place (the report's documented fallback).
    """
    jobs = {job["id"]: job for job in plan["jobs"]}
    places: Counter = Counter()
    for finding in plan["findings"]:
        job_id = finding.get("job") or ""
        path, line = _place(finding.get("source"))
        if not path and job_id in jobs:
            path, line = _place(jobs[job_id].get("source"))
        places[(finding["code"], path, line, job_label(job_id) if job_id else "")] += 1
    return places


def _split_where(where: str) -> tuple[str, int | None]:
    """``path:line[:column]`` (or ``path``, or empty) as (path, line)."""
    match = re.fullmatch(r"(.+?):(\d+)(?::\d+)?", where)
    return (match[1], int(match[2])) if match else (where, None)


# -- what each rendering shows ----------------------------------------------------
def json_figures(text: str) -> dict[str, Any]:
    data = json.loads(text)
    return {**data["summary"], "findings": sum(g["count"] for g in data["findings"]),
            "by_severity": data["severity_counts"]}


def json_places(text: str) -> Counter:
    data = json.loads(text)
    return Counter((g["code"], *_split_where(o["where"]), o["job"] or "")
                   for g in data["findings"] for o in g["occurrences"])


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _csv_findings(row: dict[str, str]) -> list[tuple[str, str, str]]:
    """(code, where, job id) of each finding in a row's ``findings`` cell."""
    found = []
    for entry in filter(None, row["findings"].split("; ")):
        job_match = re.search(r" \(job (.+)\)$", entry)
        job = job_match[1] if job_match else row["id"]
        entry = entry[:job_match.start()] if job_match else entry
        code, _, where = entry.partition(" ")
        found.append((code, where, job))
    return found


def csv_figures(text: str) -> dict[str, Any]:
    rows = _csv_rows(text)
    jobs = [row for row in rows if row["kind"] != FILE_KIND]
    statuses = Counter(row["status"] for row in jobs)
    return {"jobs": len(jobs), "auto": statuses["auto"], "review": statuses["review"],
            "manual": statuses["manual"],
            "findings": sum(len(_csv_findings(row)) for row in rows)}


def csv_places(text: str) -> Counter:
    return Counter((code, *_split_where(where), job) for row in _csv_rows(text)
                   for code, where, job in _csv_findings(row))


def _md_section(text: str, title: str) -> str:
    return text.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def _md_unescape(cell: str) -> str:
    """Undo :func:`jobmig.report.markdown.md` (backslash escapes, then entities); '–' is empty."""
    cell = html.unescape(re.sub(r"\\(.)", r"\1", cell.strip()))
    return "" if cell == "–" else cell


def _md_cells(line: str) -> list[str]:
    return [_md_unescape(cell) for cell in re.split(r"(?<!\\)\|", line)[1:-1]]


def md_figures(text: str) -> dict[str, Any]:
    row = next(line for line in _md_section(text, "Summary").splitlines()
               if re.match(r"\| \d", line))
    jobs, auto, review, manual = (int(re.match(r"\d+", cell)[0]) for cell in _md_cells(row))
    total = re.search(r"^Findings: (\d+) \((\d+) error, (\d+) manual, (\d+) review, (\d+) info\)",
                      text, re.M)
    return {"jobs": jobs, "auto": auto, "review": review, "manual": manual,
            "findings": int(total[1]),
            "by_severity": dict(zip(SEVERITIES, (int(total[i]) for i in range(2, 6))))}


def md_places(text: str) -> Counter:
    places: Counter = Counter()
    code = ""
    for line in _md_section(text, "Findings").splitlines():
        heading = re.match(r"### (.+?): ", line)
        if heading:
            code = _md_unescape(heading[1])
        elif line.startswith("| ") and not line.startswith("| Where |"):
            where, job, _message = _md_cells(line)
            places[(code, *_split_where(where), job)] += 1
    return places


class _HTMLFindings(HTMLParser):
    """The finding groups of report.html: per code its stated count and the rows it lists."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.code = ""
        self.counts: dict[str, int] = {}
        self.rows: dict[str, list[list[str]]] = {}
        self.capped: dict[str, str] = {}
        self._cell: list[str] | None = None
        self._in: str = ""  # "count", "more" or ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "details" and (attributes.get("id") or "").startswith("finding-"):
            self.code = (attributes["id"] or "")[len("finding-"):]
            self.rows[self.code] = []
        elif not self.code:
            return
        elif tag == "tr":
            self.rows[self.code].append([])
        elif tag == "td":
            self._cell = []
        elif tag == "span" and attributes.get("class") == "count":
            self._in = "count"
        elif tag == "p" and attributes.get("class") == "muted":
            self._in = "more"

    def handle_endtag(self, tag: str) -> None:
        if tag == "details":
            self.code = ""
        elif tag == "td" and self._cell is not None and self.code:
            text = "".join(self._cell).strip()
            self.rows[self.code][-1].append("" if text == "–" else text)
            self._cell = None
        elif tag in ("span", "p"):
            self._in = ""

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        elif self._in == "count":
            self.counts[self.code] = int(data.rstrip("×").replace(",", ""))
        elif self._in == "more":
            self.capped[self.code] = self.capped.get(self.code, "") + data


def html_findings(text: str) -> _HTMLFindings:
    parser = _HTMLFindings()
    parser.feed(text)
    parser.rows = {code: [row for row in rows if row] for code, rows in parser.rows.items()}
    return parser  # header rows (th, no td) dropped above


def html_figures(text: str) -> dict[str, Any]:
    cards = {key: int(value) for key, value in
             re.findall(r'id="count-(\w+)" data-value="(\d+)"', text)}
    total = re.search(r"Findings: <b>([\d,]+)</b>", text)
    badges = dict((severity, int(value.replace(",", ""))) for value, severity in
                  re.findall(r'<span class="badge \w+(?: zero)?">([\d,]+) (\w+)</span>', text))
    return {**{key: cards[key] for key in STATUSES}, "findings": int(total[1].replace(",", "")),
            "by_severity": {severity: badges[severity] for severity in SEVERITIES}}


def html_job_rows(text: str) -> list[list[str]]:
    """The job table's rows, from the JSON the page script draws them from."""
    data = text.split('<script type="application/json" id="jobs-data">', 1)[1]
    return json.loads(data.split("</script>", 1)[0])


def _flat(text: str) -> str:
    """Terminal text with line wraps (and no-break spaces) turned into single spaces."""
    return re.sub(r"\s+", " ", text)


def terminal_figures(text: str) -> dict[str, Any]:
    statuses = text.split("Jobs by status", 1)[1]
    figures = {status: int(re.search(rf"│ {status}\s+│\s+(\d+) │", statuses)[1])
               for status in ("auto", "review", "manual")}
    figures["jobs"] = int(re.search(r"│ total\s+│\s+(\d+) │", statuses)[1])
    total = re.search(r"Findings: (\d+) \((\d+) error, (\d+) manual, (\d+) review, (\d+) info\)",
                      _flat(text))
    return {**figures, "findings": int(total[1]),
            "by_severity": dict(zip(SEVERITIES, (int(total[i]) for i in range(2, 6))))}


FIGURES: dict[str, Callable[[str], dict[str, Any]]] = {
    "json": json_figures, "csv": csv_figures, "md": md_figures, "html": html_figures,
}


def _job_label(fmt: str, estate: Estate) -> Callable[[str], str]:
    """What a rendering shows for a job: its id (json, csv) or its name (md, html)."""
    if fmt in ("json", "csv"):
        return lambda job_id: job_id
    names = estate.names
    return lambda job_id: names.get(job_id, job_id)


def _check_figures(fmt: str, text: str, plan: dict[str, Any]) -> None:
    shown, expected = FIGURES[fmt](text), expected_figures(plan)
    if "by_severity" not in shown:  # report.csv has no severity column
        expected.pop("by_severity")
    assert shown == expected


# -- figures ----------------------------------------------------------------------
def test_plan_json_is_consistent_with_itself(estate: Estate) -> None:
    """The reference first: its summary counts its jobs and findings, and lists job findings."""
    plan, figures = estate.plan, expected_figures(estate.plan)
    statuses = Counter(job["status"] for job in plan["jobs"])
    assert figures["jobs"] == len(plan["jobs"])
    assert {s: figures[s] for s in ("auto", "review", "manual")} == \
        {s: statuses[s] for s in ("auto", "review", "manual")}
    assert figures["findings"] == len(plan["findings"])
    listed = [json.dumps(f, sort_keys=True) for f in plan["findings"]]
    for job in plan["jobs"]:
        for finding in job["findings"]:
            assert json.dumps({**finding, "job": job["id"]}, sort_keys=True) in listed


@pytest.mark.parametrize("fmt", RENDERINGS)
def test_the_summary_figures_of_each_report_file_equal_plan_json(estate: Estate,
                                                                 fmt: str) -> None:
    _check_figures(fmt, estate.text(fmt), estate.plan)


def test_report_json_notes_no_disagreement_with_the_plan(estate: Estate) -> None:
    assert json.loads(estate.text("json"))["notes"] == []


def test_report_csv_rows_carry_the_status_of_each_job(estate: Estate) -> None:
    rows = {row["id"]: row for row in _csv_rows(estate.text("csv")) if row["kind"] != FILE_KIND}
    assert {job_id: row["status"] for job_id, row in rows.items()} == \
        {job["id"]: job["status"] for job in estate.plan["jobs"]}


def test_the_html_job_table_holds_every_job_with_its_status(estate: Estate) -> None:
    rows = html_job_rows(estate.text("html"))
    assert {row[-1]: row[0] for row in rows} == \
        {job["id"]: job["status"] for job in estate.plan["jobs"]}


def test_the_terminal_shows_the_summary_figures_of_plan_json(estate: Estate) -> None:
    assert terminal_figures(estate.terminal) == expected_figures(estate.plan)


# -- findings ---------------------------------------------------------------------
@pytest.mark.parametrize("fmt, places", [("json", json_places), ("csv", csv_places),
                                         ("md", md_places)])
def test_every_finding_of_plan_json_is_in_the_report_file(estate: Estate, fmt: str,
                                                          places: Callable[[str], Counter]) -> None:
    assert places(estate.text(fmt)) == expected_places(estate.plan, _job_label(fmt, estate))


def test_every_finding_of_plan_json_is_in_the_html_up_to_the_stated_cap(estate: Estate) -> None:
    page = html_findings(estate.text("html"))
    expected = expected_places(estate.plan, _job_label("html", estate))
    by_code: dict[str, Counter] = {}
    for (code, path, line, job), count in expected.items():
        by_code.setdefault(code, Counter())[(path, line, job)] += count
    assert set(page.rows) == set(by_code)
    for code, wanted in by_code.items():
        total = sum(wanted.values())
        shown = Counter((*_split_where(where), job) for where, job, _message in page.rows[code])
        assert page.counts[code] == total, code
        if total <= MAX_OCCURRENCES:
            assert shown == wanted and code not in page.capped, code
        else:  # the first MAX_OCCURRENCES, and the page says how many there are
            assert sum(shown.values()) == MAX_OCCURRENCES and not shown - wanted, code
            assert f"Showing {MAX_OCCURRENCES:,} of {total:,} occurrences" in page.capped[code]


def test_report_csv_puts_findings_without_a_job_on_file_rows(estate: Estate) -> None:
    rows = [row for row in _csv_rows(estate.text("csv")) if row["kind"] == FILE_KIND]
    without_job = Counter((f["code"], _place(f.get("source"))[0])
                          for f in estate.plan["findings"] if not f.get("job"))
    assert without_job, "both estates have findings about whole files"
    assert Counter((code, row["source_path"]) for row in rows
                   for code, _where, _job in _csv_findings(row)) == without_job
    assert all(row["id"] == row["name"] == row["status"] == "" for row in rows)


def test_the_terminal_names_every_finding_code_with_its_count(estate: Estate) -> None:
    """Top codes in the table, every other code on the line under it, each with its count."""
    text = estate.terminal.split("Top findings", 1)[1]
    codes = Counter(finding["code"] for finding in estate.plan["findings"])
    table = {code: int(count) for code, count in
             re.findall(r"^│ (\S+)\s+│ \w+\s+│\s+(\d+) │", text, re.M)}
    title = re.match(r" \((\d+) of (\d+) codes\)", text)
    if title:
        assert (int(title[1]), int(title[2])) == (len(table), len(codes))
    flat = _flat(text)
    rest = flat.split("more codes not in the table:", 1)[1].split("--report", 1)[0] \
        if "more codes not in the table:" in flat else ""
    others = {code: int(count) for code, count in re.findall(r"(\S+)\s×(\d+)", rest)}
    assert not set(table) & set(others)
    assert {**table, **others} == dict(codes)


# -- schema and graph -------------------------------------------------------------
def test_report_json_validates_against_its_shipped_schema(estate: Estate) -> None:
    jsonschema.validate(json.loads(estate.text("json")), report_schema())


def _mermaid_edges(text: str) -> set[tuple[str, str]]:
    """(from label, to label) of each edge of report.md's mermaid diagram."""
    block = text.split("```mermaid\n", 1)[1].split("```", 1)[0]
    labels = {node: label for node, label in re.findall(r'^  (n\d+)\["(.*)"\]$', block, re.M)}

    def unescape(label: str) -> str:
        named = {"amp": "&", "quot": '"', "lt": "<", "gt": ">"}
        return re.sub(r"#(\w+);", lambda m: named.get(m[1]) or chr(int(m[1])), label)

    return {(unescape(labels[a]), unescape(labels[b])) for a, b in
            re.findall(r'^  (n\d+) -\.?->(?:\|".*?"\|)? (n\d+)$', block, re.M)}


def _svg_edges(text: str) -> set[tuple[str, str]]:
    """(from id, to id) of each edge of report.html's SVG graph, from the edge tooltips."""
    svg = text.split('<svg xmlns="http://www.w3.org/2000/svg" id="dependency-graph"', 1)[1]
    svg = svg.split("</svg>", 1)[0]
    titles = [html.unescape(title) for title in
              re.findall(r'<path class="edge"[^>]*><title>(.*?)</title>', svg)]
    return {(title.split(" → ", 1)[0], title.split(" → ", 1)[1].split(": ", 1)[0])
            for title in titles}


def _plan_edges(plan: dict[str, Any]) -> set[tuple[str, str]]:
    """plan.json's dependencies, without self-edges (the graph does not draw a job to itself)."""
    return {(dep["from"], dep["to"]) for dep in plan["dependencies"] if dep["from"] != dep["to"]}


def test_the_graphs_draw_every_dependency_of_plan_json(estate: Estate) -> None:
    edges = _plan_edges(estate.plan)
    assert len({job for edge in edges for job in edge}) <= MAX_NODES  # the graph is not capped
    names = estate.names
    assert _mermaid_edges(estate.text("md")) == {(names[a], names[b]) for a, b in edges}
    assert _svg_edges(estate.text("html")) == edges


def test_the_samples_edges_read_by_hand_are_in_plan_json_and_both_graphs(samples: Estate) -> None:
    names = samples.names
    assert {(names[a], names[b]) for a, b in _plan_edges(samples.plan)} == SAMPLE_EDGES
    assert _mermaid_edges(samples.text("md")) == SAMPLE_EDGES
    assert {(names[a], names[b]) for a, b in _svg_edges(samples.text("html"))} == SAMPLE_EDGES


# -- jobmig audit --report ----------------------------------------------------------
@pytest.mark.parametrize("suffix", [".html", ".md", ".json", ".csv"])
def test_audit_writes_the_report_the_suffix_asks_for(samples: Estate, tmp_path: Path,
                                                     suffix: str) -> None:
    target = tmp_path / f"readiness{suffix}"
    process = run_jobmig("audit", "samples", *OPTIONS, "--report", str(target), cwd=REPO)
    assert process.returncode == 0, process.stderr
    assert f"Report written to {target}" in process.stdout.replace("\n", "")
    text = target.read_text(encoding="utf-8")
    fmt = suffix[1:]
    _check_figures(fmt, text, samples.plan)
    assert text == samples.text(fmt)  # the same sources and options give the same bytes


def test_every_rendering_states_the_rule_count_against_the_quota(estate: Estate) -> None:
    # The count comes from plan.json: its rules plus UTC schedule rules; 300 is
    # EventBridge's default quota of rules per event bus.
    schedule_rules = sum(1 for job in estate.plan["jobs"] for s in job["schedules"]
                         if s["kind"] == "rule")
    total = len(estate.plan["rules"]) + schedule_rules
    sentence = f"adds {total} EventBridge rules"
    for fmt in ("md", "html"):
        assert sentence in estate.text(fmt), fmt
    assert sentence in _flat(estate.terminal)
    quota = json.loads(estate.text("json"))["rule_quota"]
    assert quota == {"event_rules": len(estate.plan["rules"]), "schedule_rules": schedule_rules,
                     "per_bus": 300}
