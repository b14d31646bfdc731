"""Distribution of final key-result scores against the 0.7 sweet spot."""

import okrcoach
from okrcoach import charts, demo

tr = okrcoach.trends(demo.build(), as_of="2026-10-15")
chart = charts.attainment(tr.kr_progress)
