"""Retrospective reports in a real browser (Playwright driving Debian's Chromium), with the
network cut off: every chart renders, no request leaves the file system, no script runs.

``make test`` installs Chromium (``apt-get install -y chromium``) before running pytest.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from retro_org import write_org

from okrcoach.retro import batch

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

ARTIFACTS = ROOT / "test-artifacts"
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def reports(tmp_path_factory, demo_paths):
    out = tmp_path_factory.mktemp("browser")
    hostile = write_org(out / "org", ["<img src=x onerror=alert(1)>", "Plain"])
    for data, teams in ((demo_paths["workbook"], "SMB Sales,Mobile App"), (hostile, "")):
        args = [
            "retro",
            "--data",
            str(data),
            "--quarter",
            "2026-Q3",
            "--out",
            str(out / data.stem),
            "--format",
            "html",
        ]
        subprocess.run(
            [str(BIN / "okrcoach"), *args, *(["--teams", teams] if teams else [])],
            check=True,
            capture_output=True,
            timeout=600,
        )
    return {
        "demo": out / demo_paths["workbook"].stem / "2026-Q3",
        "hostile": out / "org" / "2026-Q3",
    }


class Visit:
    """A page whose every request is recorded and every non-file request aborted."""

    def __init__(self, browser, url: str):
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page = browser.new_page(viewport={"width": 1100, "height": 900})
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", self._dialog)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.route("**/*", self._route)
        self.page.goto(url, wait_until="load")

    def _route(self, route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()


def test_report_renders_every_chart_offline(browser, reports):
    page_path = reports["demo"] / "smb-sales.html"
    visit = Visit(browser, page_path.as_uri())
    page = visit.page
    figures = page.locator("figure.chart")
    assert figures.count() == 5  # history, two objectives, two KPIs
    for i in range(figures.count()):
        drawn = figures.nth(i).locator("svg, canvas")
        assert drawn.count() == 1
        box = drawn.first.bounding_box()
        assert box and box["width"] > 150 and box["height"] > 100, f"chart {i} is empty"
        assert drawn.first.locator("path, rect, text").count() > 10, f"chart {i} has no marks"
    assert visit.blocked == [], visit.blocked
    assert visit.requests == [page_path.as_uri()], visit.requests
    assert visit.errors == [], visit.errors
    # styles applied: the badge is coloured, the page font is not the browser's serif default
    badge = page.locator(".okr .badge").first
    assert badge.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    assert "Helvetica" in page.evaluate("getComputedStyle(document.body).fontFamily")
    assert page.locator("h1").first.inner_text() == "SMB Sales"
    assert page.get_by_text("What decision do we need?").count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "retro_report.png"), full_page=True)
    page.close()


def test_index_links_to_each_report(browser, reports):
    visit = Visit(browser, (reports["demo"] / "index.html").as_uri())
    page = visit.page
    links = page.locator("#groups table a[href$='.html']")  # each team once in its group
    assert links.count() == 2
    page.locator("#groups").get_by_role("link", name="Mobile App").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/mobile-app.html")
    assert page.locator("h1").first.inner_text() == "Mobile App"
    assert visit.blocked == [] and visit.errors == []
    page.close()


def test_hostile_text_shows_as_text(browser, reports):
    slug = batch.slugs(["<img src=x onerror=alert(1)>", "Plain"])["<img src=x onerror=alert(1)>"]
    for name in (f"{slug}.html", "index.html"):
        visit = Visit(browser, (reports["hostile"] / name).as_uri())
        page = visit.page
        assert page.locator("img").count() == 0
        assert page.get_by_text("<img src=x onerror=alert(1)>").count() >= 1
        assert visit.dialogs == [] and visit.blocked == []
        page.close()
