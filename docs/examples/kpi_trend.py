"""KPI trend: refund rate with its red/yellow/green bands, target, anomalies and forecast."""

import okrcoach
from okrcoach import charts, demo

goals = demo.build()
tr = okrcoach.trends(goals)
chart = charts.kpi_trend(
    goals.kpi_values, tr.kpi_status, "KPI-REFUND", tr.anomalies, tr.kpi_forecast
)
