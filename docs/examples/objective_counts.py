"""Objectives per team and quarter against the focus limit (over it in red)."""

from okrcoach import charts, demo
from okrcoach.overview import Overview

view = Overview(demo.build()).select(departments="Marketing", levels="team")
chart = charts.objective_counts(view.focus)
