"""Findings per team, stacked by rule category, for the latest quarter."""

import okrcoach
from okrcoach import charts, demo

goals = demo.build().filter(quarter="2026-Q3")
chart = charts.findings_by_category(okrcoach.lint(goals))
