"""okr-tracker's KPI history export, with its English and Norwegian headers."""

from __future__ import annotations

from .fields import Layout

_OKR_TRACKER_SOURCE = (
    "https://github.com/oslokommune/okr-tracker/blob/1a0bff6209c9a6beb1d80487ba52b7898a03b6b6/"
    "src/components/widgets/WidgetProgressHistory/WidgetKpiProgressHistory.vue (the file is "
    "named after the measurement; older versions wrote Value,Date,Comment with timestamps)"
)


LAYOUTS = (
    Layout(
        "okr_tracker",
        "okr-tracker KPI history",
        "kpi",
        ("date", "value", "comment"),
        {"date": "kpi_date", "value": "kpi_value"},
        source=_OKR_TRACKER_SOURCE,
        cannot_map="the KPI's target, owner and direction (the export holds its values); "
        "Comment is kept as an extra column",
        exact=True,
    ),
    Layout(
        "okr_tracker_no",
        "okr-tracker KPI history (Norwegian)",
        "kpi",
        ("dato", "verdi", "kommentar"),
        {"dato": "kpi_date", "verdi": "kpi_value"},
        source=_OKR_TRACKER_SOURCE,
        cannot_map="the KPI's target, owner and direction; Kommentar is kept as an extra column",
        exact=True,
    ),
)

__all__ = ["LAYOUTS"]
