"""What ``jobmig convert`` says on the terminal once its files are written.

- :func:`summary_lines`: the counts by status, the ``manual`` jobs by name
  (the first :data:`MANUAL_NAMED`, then how many more), where the outputs
  went, and the next steps (open the report, ``jobmig verify``, deploy).
- :func:`problem_lines`: one ``path:line:col: CODE message`` line per finding
  worth a word on stderr, at most :data:`PER_FILE_AND_CODE` per file and code,
  then one line with the count of the rest. Only the terminal is capped:
  plan.json and the reports keep every finding.

Sentences go through :func:`jobmig.i18n.tr` (the caller sets the language);
paths, codes and finding messages are printed as they are.
"""
from __future__ import annotations

import os
import shutil
from typing import Any, Callable, Iterable

from jobmig.i18n import say, tr

MANUAL_NAMED = 5
PER_FILE_AND_CODE = 10
# Inputs that gave nothing: said on stderr too, so a skipped file is never silent.
NOTHING_READ = frozenset({"JM001", "JM003"})
STALE = frozenset({"JM090"})  # a recorded decision that matches nothing any more
ROOT_TEMPLATE = "cloudformation/template.yaml"


def program(argv0: str) -> str:
    """How to call jobmig again: ``jobmig`` when that name on PATH is this program,
    else the path it was started by (e.g. ``.venv/bin/jobmig``)."""
    if os.path.basename(argv0) != "jobmig" or os.sep not in argv0:
        return "jobmig"
    on_path = shutil.which("jobmig")
    if on_path and os.path.realpath(on_path) == os.path.realpath(argv0):
        return "jobmig"
    return argv0


def summary_lines(data: dict[str, Any], out: str, written: Iterable[str], command: str,
                  shown_path: Callable[[str], str] = lambda path: path) -> list[str]:
    """The lines convert prints after writing ``written`` (paths relative to ``out``).

    ``command``: how to call jobmig in the suggested next steps (:func:`program`);
    ``shown_path``: a plan path (relative to the input root) as the user can open it.
    """
    summary = data["summary"]
    files = set(written)
    lines = [tr("Wrote {files} files to {out}: {jobs} jobs ({auto} auto, {review} review, "
                "{manual} manual), {findings} findings.",
                files=len(files), out=out, jobs=summary["jobs"], auto=summary["auto"],
                review=summary["review"], manual=summary["manual"],
                findings=summary["findings"])]
    wave = data.get("wave")
    if wave:
        lines.append(tr("Wave {name} ({n} of {total} waves): its cutover checklist is in the "
                        "report.", name=wave["name"], n=_wave_number(wave), total=wave["of"]))
    lines += _manual_lines(data, shown_path)
    if ROOT_TEMPLATE not in files and any(n.startswith("cloudformation/part-") for n in files):
        lines.append(tr("{root} was not written: AWS would refuse the root stack of the nested "
                        "stacks (JM544 in the report says which limit); deploy each "
                        "cloudformation/part-*.yaml as its own stack, or use the Terraform "
                        "output.", root=ROOT_TEMPLATE))
    outputs = [name for name in ("report.html", "plan.json", ROOT_TEMPLATE,
                                 "terraform/main.tf.json") if name in files]
    if outputs:
        lines.append(tr("In {out}: {list}", out=out, list=", ".join(outputs)))
    lines.append(tr("Next steps:"))
    lines.append("  1. " + tr("open {report} and settle the review and manual findings",
                              report=os.path.join(out, "report.html")))
    lines.append(f"  2. {command} verify {out}    " + tr("(compares legacy and AWS fire times)"))
    lines.append(f"  3. {command} deploy {out} --stack-name NAME    " + tr(
        "(or terraform apply in {folder})", folder=os.path.join(out, "terraform")))
    return lines


def waves_summary_lines(written: list[tuple[str, dict[str, Any], int]], data: dict[str, Any],
                        out: str, command: str,
                        shown_path: Callable[[str], str] = lambda path: path) -> list[str]:
    """The lines ``convert --waves`` prints: one per wave written (name, plan.json
    ``summary``, file count), the manual jobs of the whole plan ``data``, next steps."""
    lines = [tr("Wrote {n} waves to {out}, one folder and one CloudFormation stack each; "
                "{index} lists them in move order with their cutover checklists.",
                n=len(written), out=out, index=os.path.join(out, "waves.md"))]
    for name, summary, files in written:
        lines.append(f"  {os.path.join(out, name)}: " + tr(
            "{files} files, {jobs} jobs ({auto} auto, {review} review, {manual} manual), "
            "{findings} findings", files=files, jobs=summary["jobs"], auto=summary["auto"],
            review=summary["review"], manual=summary["manual"],
            findings=summary["findings"]))
    lines += _manual_lines(data, shown_path)
    if not written:  # no jobs, so no wave: nothing to verify or deploy
        return lines
    name = written[0][0]
    first = os.path.join(out, name)
    lines.append(tr("Next steps, wave by wave in this order (first: {folder}):", folder=first))
    lines.append("  1. " + tr("open {report} and settle the review and manual findings",
                              report=os.path.join(first, "report.html")))
    lines.append(f"  2. {command} verify {first}    " + tr("(compares legacy and AWS fire times)"))
    lines.append(f"  3. {command} deploy {first} --stack-name NAME-{name}    "
                 + tr("(one stack per wave, named after it)"))
    return lines


def _manual_lines(data: dict[str, Any], shown_path: Callable[[str], str]) -> list[str]:
    """The manual jobs by name and place: the first :data:`MANUAL_NAMED`, then a count."""
    manual = [job for job in data["jobs"] if job["status"] == "manual"]
    if not manual:
        return []
    lines = [tr("Manual jobs (created disabled, they need a person first):")]
    for job in manual[:MANUAL_NAMED]:
        lines.append(f"  {job['name']} ({_where(job.get('source') or {}, shown_path)})")
    if len(manual) > MANUAL_NAMED:
        lines.append("  " + tr("and {n} more manual jobs (see the report)",
                               n=len(manual) - MANUAL_NAMED))
    return lines


def _wave_number(wave: dict[str, Any]) -> str:
    """The wave's position from its name (``wave-03`` → ``3``), else its name."""
    digits = wave["name"].rsplit("-", 1)[-1]
    return str(int(digits)) if digits.isdigit() else wave["name"]


def _where(source: dict[str, Any], shown_path: Callable[[str], str]) -> str:
    path = shown_path(source.get("path", "?"))
    return f"{path}:{source['line']}" if source.get("line") is not None else path


def _title(code: str) -> str:
    """``"title: "`` of ``code`` in Japanese output, else nothing (the English message says
    it already)."""
    from jobmig.i18n import current, finding_text

    text = finding_text(code, "ja") if current() == "ja" else None
    return f"{text[0]}: " if text else ""


def problem_lines(data: dict[str, Any], shown_path: Callable[[str], str],
                  cap: int = PER_FILE_AND_CODE) -> list[str]:
    """One line per error finding, per input that gave nothing and per stale decision.

    Each reads ``path:line:col: CODE message`` (``path: CODE message`` without a
    line); in Japanese the code's catalogue title goes before the message, and the
    message is said in Japanese (:func:`jobmig.i18n.say`). Past ``cap`` lines of one code
    in one file, one line says how many more
    there are; the lines of one file stay together, in the plan's order.
    """
    from jobmig.model import SourceRef

    by_file: dict[str, list[str]] = {}
    counts: dict[tuple[str, str], int] = {}
    for finding in data["findings"]:
        if finding["severity"] != "error" and finding["code"] not in NOTHING_READ | STALE:
            continue
        source = finding.get("source") or {}
        path = shown_path(source.get("path", "?"))
        key = (path, finding["code"])
        counts[key] = counts.get(key, 0) + 1
        if counts[key] > cap:
            continue
        where = str(SourceRef(path, source.get("line"), source.get("column")))
        by_file.setdefault(path, []).append(
            f"{where}: {finding['code']} {_title(finding['code'])}{say(finding['message'])}")
    for (path, code), count in counts.items():
        if count > cap:
            by_file[path].append(f"{path}: " + tr(
                "... and {n} more {code} in this file (see the report)", n=count - cap,
                code=code))
    return [line for lines in by_file.values() for line in lines]
