from __future__ import annotations

import os
import shutil
import signal
import tempfile
from pathlib import Path

import pytest

from okrcoach import demo

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")  # Debian's; make test installs it
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def pytest_configure(config):
    """One demo cache for the whole run: the tests, the notebooks' kernels (nbval, JupyterLab)
    and the okrcoach commands the tests start all read ``OKRCOACH_CACHE``, so the demo is
    written once. A cache set from outside is used as it is."""
    if not os.environ.get("OKRCOACH_CACHE"):
        folder = tempfile.mkdtemp(prefix="okrcoach-tests-")
        os.environ["OKRCOACH_CACHE"] = folder

        def remove():
            os.environ.pop("OKRCOACH_CACHE", None)
            shutil.rmtree(folder, ignore_errors=True)

        config.add_cleanup(remove)


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.suffix == ".ipynb":  # nbval runs the notebook in a kernel
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def demo_paths() -> dict[str, Path]:
    """The demo's workbook and CSV folder, written once per run (see pytest_configure)."""
    return demo.ensure()


@pytest.fixture(scope="session")
def demo_goals():
    """The demo organisation, built once per run; tests must not change it."""
    return demo.build()


@pytest.fixture
def csv_copy(demo_paths, tmp_path) -> Path:
    """A private copy of the demo CSV folder that a test may break."""
    out = tmp_path / "goals"
    shutil.copytree(demo_paths["csv"], out)
    return out


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            "Debian's Chromium is missing: `apt-get install -y chromium` (make test installs it)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def interruptible() -> None:
    """``preexec_fn`` for a command a test interrupts with SIGINT: the child takes Ctrl-C as
    it would in a terminal, even when the test run itself was started with SIGINT ignored
    (a background job without job control passes SIG_IGN down to every child)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
