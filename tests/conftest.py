from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from okrcoach import demo

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")  # Debian's; make test installs it
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.suffix == ".ipynb":  # nbval runs the notebook in a kernel
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def demo_paths(tmp_path_factory) -> dict[str, Path]:
    return demo.ensure(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def demo_goals():
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
        pytest.fail("Debian's Chromium is missing: `apt-get install -y chromium` "
                    "(make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()
