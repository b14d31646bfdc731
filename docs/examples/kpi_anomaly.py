"""KPI trend with an anomaly: trial-to-paid conversion's one-week drop, marked."""

import okrcoach
from okrcoach import charts, demo

goals = demo.build()
tr = okrcoach.trends(goals)
chart = charts.kpi_trend(goals.kpi_values, tr.kpi_status, "KPI-CONV", tr.anomalies, tr.kpi_forecast)
