"""Every gallery script in docs/examples runs and renders to PNG (and SVG) offline."""

from __future__ import annotations

import runpy

import altair as alt
import pytest
from conftest import ROOT

from okrcoach import charts

EXAMPLES = sorted((ROOT / "docs" / "examples").glob("*.py"))


def test_there_is_a_gallery():
    assert len(EXAMPLES) >= 6


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_renders(path, tmp_path):
    namespace = runpy.run_path(str(path))
    chart = namespace["chart"]
    assert isinstance(chart, alt.TopLevelMixin)
    png = charts.to_static(chart, "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 3000
    svg = charts.to_static(chart, "svg")
    assert svg.lstrip().startswith("<svg")
    assert "<image" not in svg and 'href="http' not in svg  # nothing fetched from outside
    out = ROOT / "test-artifacts" / "charts"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{path.stem}.png").write_bytes(png)


def test_theme_is_not_enabled_by_import():
    assert alt.theme.active != "okrcoach"
    with alt.theme.enable("okrcoach"):
        assert alt.theme.active == "okrcoach"
    assert alt.theme.active != "okrcoach"


def test_charts_drawn_at_once_all_get_the_theme():
    """The exploration app draws sections in threads; every chart keeps okrcoach's look."""
    from concurrent.futures import ThreadPoolExecutor

    import pandas as pd

    frame = pd.DataFrame({"team": ["A", "B"], "quarter": ["2026-Q3"] * 2, "share": [0.2, 0.6]})
    chart = charts.team_quarter_heatmap(frame, "share", title="t", fmt=".0%", domain=(0, 1))
    with ThreadPoolExecutor(max_workers=4) as pool:
        svgs = list(pool.map(lambda _: charts.to_static(chart), range(24)))
    assert all("Helvetica Neue" in svg for svg in svgs)
    assert alt.theme.active != "okrcoach"
