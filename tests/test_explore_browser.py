"""The exploration notebook in a real browser (Playwright driving Debian's Chromium).

- The HTML that ``okrcoach explore`` writes, opened from disk with every other request
  aborted: each section is there with its charts, and nothing is fetched.
- The notebook live in JupyterLab on localhost: run all cells, change the department
  filter, and every section redraws for it; nothing leaves localhost.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from test_browser import Visit
from test_coach_browser import free_port, wait_until_up

from okrcoach.explore import SECTIONS

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

BIN = str(Path(sys.executable).parent)
ARTIFACTS = ROOT / "test-artifacts"
WAIT = 180_000  # ms: JupyterLab starts a kernel that imports okrcoach and analyses the demo


def test_explore_html_opens_offline_with_every_section(browser, demo_paths, tmp_path):
    out = tmp_path / "explore"
    subprocess.run(
        [
            os.path.join(BIN, "okrcoach"),
            "explore",
            "--data",
            str(demo_paths["workbook"]),
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    visit = Visit(browser, (out / "explore.html").as_uri())
    page = visit.page
    for name in SECTIONS:
        assert page.locator(f".okx-{name}").count() == 1, name
    charts = page.locator(".okx .chart svg")
    assert charts.count() == 8  # overview 2, outcome, focus 2, attainment, cadence, KPI
    for i in range(charts.count()):
        box = charts.nth(i).bounding_box()
        assert box and box["width"] > 100 and box["height"] > 50
        assert charts.nth(i).locator("path, rect, text").count() > 5
    assert page.locator("h2", has_text="KPI health").count() == 1
    assert page.locator(".okx-findings tbody tr").count() == 100
    assert "pre" not in [
        e.evaluate("e => e.tagName.toLowerCase()")
        for e in page.locator(".jp-InputArea, .input").all()
    ]
    assert visit.blocked == [] and visit.dialogs == [] and visit.errors == []
    assert {r for r in visit.requests} == {(out / "explore.html").as_uri()}
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "explore_report.png"), full_page=False)


@pytest.fixture(scope="module")
def lab(tmp_path_factory, demo_paths):  # the kernel reads the demo from the run's cache
    folder = tmp_path_factory.mktemp("lab")
    shutil.copy(ROOT / "notebooks" / "explore.ipynb", folder / "explore.ipynb")
    port = free_port()
    # private config, runtime, settings and workspaces: no state from an earlier run
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(folder / ".jupyter"),
        "JUPYTER_RUNTIME_DIR": str(folder / ".runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(folder / ".settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(folder / ".workspaces"),
    }
    proc = subprocess.Popen(
        [
            os.path.join(BIN, "jupyter"),
            "lab",
            "--no-browser",
            f"--port={port}",
            "--ServerApp.ip=127.0.0.1",
            "--IdentityProvider.token=",
            "--ServerApp.password=",
            f"--ServerApp.root_dir={folder}",
            "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly",
            "--ServerApp.allow_root=True",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        start_new_session=True,
    )
    wait_until_up(f"http://127.0.0.1:{port}/api", proc, "jupyter lab")
    yield f"http://127.0.0.1:{port}/lab/tree/explore.ipynb"
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def test_filters_redraw_every_section_in_jupyterlab(browser, lab):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        _drive_lab(page, lab)
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "explore_lab_failure.png"))
        raise
    finally:
        page.close()


def _drive_lab(page, lab) -> None:
    outside: list[str] = []

    def route(r):
        if r.request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(lab)
    page.wait_for_selector(".jp-Notebook", timeout=WAIT)
    page.locator(".jp-StatusBar-TextItem", has_text="Idle").first.wait_for(timeout=WAIT)
    started = page.locator(".jp-InputPrompt", has_text=re.compile(r"\[(\*|\d+)\]"))
    for _ in range(3):  # a click before the kernel's session is connected runs nothing
        page.locator(".lm-MenuBar-item", has_text="Run").click()
        page.locator(".lm-Menu-itemLabel").get_by_text("Run All Cells", exact=True).click()
        try:
            started.first.wait_for(state="attached", timeout=30_000)
            break
        except PlaywrightTimeout:
            continue
    # JupyterLab skips rendering cells out of view (content-visibility), so sections are
    # waited for as attached and read by their text content
    panel = page.locator(".widget-html .okx-focus")
    panel.wait_for(state="attached", timeout=WAIT)
    assert "Checkout" in panel.text_content()
    page.locator(".widget-html .okx-findings").wait_for(state="attached", timeout=WAIT)
    for name in SECTIONS:  # every section is a live widget, not the static fallback
        assert page.locator(f".widget-html .okx-{name}").count() == 1, name

    department = page.get_by_label("Department", exact=True)
    department.select_option(label="Sales")
    page.wait_for_function(  # the findings panel is redrawn last
        "() => !document.querySelector('.widget-html .okx-findings').textContent"
        ".includes('Checkout')",
        timeout=60_000,
    )
    focus = panel.text_content()
    assert "Enterprise Sales" in focus and "SMB Sales" in focus
    findings = page.locator(".widget-html .okx-findings").text_content()
    assert "Checkout" not in findings and "Sales" in findings
    team = page.get_by_label("Team", exact=True)
    # ipywidgets writes option labels with non-breaking spaces
    options = "s => [...s.options].map(o => o.text.replace(/\\u00a0/g, ' '))"
    teams = team.evaluate(options)
    assert "Checkout" not in teams and "SMB Sales" in teams
    team.select_option(index=teams.index("SMB Sales"))
    page.wait_for_function(
        "() => document.querySelector('.widget-html .okx-guardrails').textContent"
        ".includes('Refund rate')",
        timeout=60_000,
    )
    kpi = page.get_by_label("KPI", exact=True)
    kpis = " ".join(kpi.evaluate(options))
    assert "KPI-REFUND" in kpis and "KPI-NPS" not in kpis
    page.wait_for_function(
        "() => document.querySelector('.widget-html .okx-overview').textContent"
        ".includes('team SMB Sales')",
        timeout=60_000,
    )
    no_news = page.get_by_role("button", name="No", exact=True)
    if no_news.count():
        no_news.click()
    ARTIFACTS.mkdir(exist_ok=True)
    department.evaluate("e => e.closest('.jp-Cell').scrollIntoView({block: 'start'})")
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "explore_lab.png"))
    assert outside == []
