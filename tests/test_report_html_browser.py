"""report.html in a real browser: headless Chromium loads it, runs its script, draws it.

Chromium is run as a command (no CDP, no Python browser driver): ``--dump-dom``
gives the DOM after the page's script ran, ``--screenshot`` a PNG, and
``--enable-logging=stderr`` the console messages. The page script marks
``<html data-script="ok">`` only when it ran without throwing.

Skipped only when chromium is not installed (``make test`` installs it).
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.report_fixtures import sample_plan

from jobmig.report import write_report

CHROMIUM = next((found for name in ("/usr/bin/chromium", "chromium", "chromium-browser")
                 if (found := shutil.which(name))), None)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(CHROMIUM is None,
                                reason="chromium is not installed (apt-get install -y chromium)")


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=90)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    return write_report(sample_plan(), folder / "report.html")


@pytest.fixture(scope="module")
def dom(page: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    result = chromium(tmp_path_factory.mktemp("dom"), "--enable-logging=stderr", "--v=0",
                      "--dump-dom", page.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout, result.stderr


def _job_rows(html: str) -> list[str]:
    body = html.split('<table id="jobs">', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr>(.*?)</tr>", body, re.S)


def test_the_page_script_ran_without_throwing(dom: tuple[str, str]) -> None:
    html, _ = dom
    assert re.search(r'<html[^>]*data-script="ok"', html), html[:400]


def test_the_browser_console_has_no_errors(dom: tuple[str, str]) -> None:
    _, log = dom
    console = [line for line in log.splitlines() if "CONSOLE" in line]
    errors = [line for line in console if re.search(r"error|uncaught|refused", line, re.I)]
    assert errors == []


def test_the_summary_figures_are_in_the_dom(dom: tuple[str, str]) -> None:
    html, _ = dom
    summary = sample_plan()["summary"]
    for key, value in summary.items():
        assert re.search(rf'id="count-{key}" data-value="{value}">{value}<', html), key


def test_the_dependency_graph_svg_is_in_the_dom(dom: tuple[str, str]) -> None:
    html, _ = dom
    svg = html.split('<svg', 1)[1].split("</svg>", 1)[0]
    assert 'id="dependency-graph"' in svg
    assert svg.count('class="node"') == 6 and svg.count('class="edge"') == 4


def test_the_script_draws_one_row_per_job(dom: tuple[str, str]) -> None:
    html, _ = dom
    rows = _job_rows(html)
    assert len(rows) == sample_plan()["summary"]["jobs"]
    assert "Showing 1–9 of 9 jobs" in html


def test_injected_markup_stays_text_in_the_browser(dom: tuple[str, str]) -> None:
    html, _ = dom
    assert "<img" not in html and "onerror=alert" not in html.replace("onerror=alert(1)&gt;", "")
    assert "&lt;script&gt;alert(\"x\")&lt;/script&gt;" in html


def test_a_status_filter_in_the_address_filters_the_table(page: Path, tmp_path: Path) -> None:
    result = chromium(tmp_path, "--dump-dom", page.as_uri() + "#status=manual")
    rows = _job_rows(result.stdout)
    assert len(rows) == sample_plan()["summary"]["manual"]
    assert all('class="badge manual"' in row for row in rows)


def test_a_screenshot_of_the_report_is_saved(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    result = chromium(tmp_path, f"--screenshot={shot}", "--window-size=1400,1000",
                      "--hide-scrollbars", page.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
