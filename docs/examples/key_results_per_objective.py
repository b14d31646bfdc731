"""How many key results each objective has, with the recommended range shaded."""

from okrcoach import charts, demo
from okrcoach.overview import Overview

view = Overview(demo.build()).select(levels="team")
chart = charts.key_results_per_objective(view.key_results_per_objective)
