"""Share of key results that describe output instead of outcome, per team and quarter."""

from okrcoach import charts, demo
from okrcoach.overview import Overview

view = Overview(demo.build()).select(departments="Marketing")
chart = charts.team_quarter_heatmap(
    view.output_share,
    "share",
    fmt=".0%",
    higher_is_better=False,
    domain=(0, 1),
    title="Share of key results that describe output",
)
