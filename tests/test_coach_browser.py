"""``okrcoach coach`` in a real browser: Voila on localhost, Playwright driving Debian's
Chromium, every request that leaves localhost aborted and recorded."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ARGS, CHROMIUM, ROOT

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

BIN = Path(sys.executable).parent
ARTIFACTS = ROOT / "test-artifacts"
WAIT = 60_000  # ms: the first page starts a kernel and imports okrcoach


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen, what: str, seconds: float = 90) -> None:
    """Wait until ``url`` answers; fail with the server's output if it exits first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read(100)
            return
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"{what} exited: {proc.stdout.read()}")
            time.sleep(0.3)
    pytest.fail(f"{what} did not answer within {seconds:.0f} s")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    drafts = tmp_path_factory.mktemp("drafts")
    port = free_port()
    proc = subprocess.Popen(
        [str(BIN / "okrcoach"), "coach", "--port", str(port), "--drafts", str(drafts)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/"
    wait_until_up(url, proc, "okrcoach coach")
    yield {"url": url, "drafts": drafts}
    os.killpg(proc.pid, signal.SIGINT)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def page(server):
    if not CHROMIUM.exists():
        pytest.fail(
            "Debian's Chromium is missing: `apt-get install -y chromium` (make test installs it)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        pg = browser.new_page(viewport={"width": 1280, "height": 1000})
        pg.outside, pg.dialogs = [], []

        def route(r):
            if r.request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:")):
                r.continue_()
            else:
                pg.outside.append(r.request.url)
                r.abort()

        pg.route("**/*", route)
        pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
        pg.goto(server["url"])
        pg.wait_for_selector(".okrc-objective input", timeout=WAIT)
        yield pg
        browser.close()


def kr_input(pg):
    return pg.locator(".okrc-kr-text input").first


def test_output_kr_gets_out001_and_the_suggestion_fixes_it(page, server):
    page.locator(".okrc-objective input").fill("Make paying effortless for small firms")
    kr_input(page).fill("Launch the new checkout page")
    finding = page.locator(".okrc-f", has_text="OUT001")
    finding.first.wait_for(timeout=WAIT)
    assert "describes work to do" in finding.first.inner_text()
    assert "Why:" in finding.first.inner_text() and "Try: Raise" in finding.first.inner_text()
    # the button under OUT001 puts its phrasing into the key result
    box = page.locator(".widget-vbox", has=page.locator(".okrc-f", has_text="OUT001")).last
    box.locator(".okrc-apply").click()
    page.wait_for_function(
        "() => document.querySelector('.okrc-kr-text input').value.startsWith('Raise')",
        timeout=WAIT,
    )
    page.locator(".okrc-f", has_text="OUT001").first.wait_for(state="detached", timeout=WAIT)
    assert page.locator(".okrc-f", has_text="OUT001").count() == 0
    assert "<baseline>" in kr_input(page).input_value()


def test_markup_in_an_objective_is_text(page):
    evil = "<img src=x onerror=alert(1)>"
    page.locator(".okrc-objective input").fill(evil)
    kr_input(page).fill("Win more deals")
    page.locator(".okrc-f").first.wait_for(timeout=WAIT)
    page.wait_for_timeout(800)
    assert page.dialogs == []
    assert page.locator(".okrc img, .jp-OutputArea img").count() == 0
    assert page.locator(".okrc-objective input").input_value() == evil


def test_reload_offers_the_draft_back(page, server):
    page.locator("input[placeholder='Team']").fill("Payments")
    kr_input(page).fill("Raise invoices paid on time from 71% to 85%")
    page.wait_for_timeout(1500)  # the debounce, then the autosave
    saved = list(server["drafts"].glob("autosave-*.yaml"))
    assert (
        saved
        and "Raise invoices paid on time" in max(saved, key=lambda p: p.stat().st_mtime).read_text()
    )
    page.reload()
    page.wait_for_selector(".okrc-restore", timeout=WAIT)
    assert "Payments" in page.locator(".okrc").first.inner_text()
    page.locator(".okrc-restore").click()
    page.wait_for_function(
        "() => document.querySelector('.okrc-kr-text input').value.startsWith('Raise invoices')",
        timeout=WAIT,
    )
    assert page.locator("input[placeholder='Team']").input_value() == "Payments"
    assert page.locator(".okrc-objective input").input_value() == "<img src=x onerror=alert(1)>"
    page.locator(".okrc-f").first.wait_for(timeout=WAIT)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "coach_session.png"), full_page=True)
    assert page.dialogs == []
    assert page.outside == [], page.outside  # nothing left localhost
