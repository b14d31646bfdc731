"""Key-result progress against expected progress, mid-quarter, for the hockey-stick team."""

import okrcoach
from okrcoach import charts, demo

tr = okrcoach.trends(demo.build(), as_of="2026-08-31")
chart = charts.kr_progress(tr.kr_progress, team="Enterprise Sales", quarter="2026-Q3")
