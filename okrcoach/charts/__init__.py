"""Charts of trends and findings: pure functions that take okrcoach's frames and return
altair charts. They never display, read files or change global state; they compose with
``+`` and ``|``.

The okrcoach look (red/yellow/green, fonts) is one registered theme, enabled only where
okrcoach renders (``with alt.theme.enable("okrcoach"):``), so importing okrcoach never
restyles a user's own charts. :func:`to_static` renders any chart to SVG or PNG with
vl-convert, for reports that must work without JavaScript.
"""

from .organisation import (
    findings_by_category,
    key_results_per_objective,
    objective_counts,
    score_heatmap,
    team_quarter_heatmap,
)
from .progress import attainment, kpi_trend, kr_progress, progress_over_time, score_history
from .theme import CATEGORY_COLOURS, RAG_COLOURS, STATUS_COLOURS, okrcoach_theme, to_static

__all__ = [
    "CATEGORY_COLOURS",
    "RAG_COLOURS",
    "STATUS_COLOURS",
    "attainment",
    "findings_by_category",
    "key_results_per_objective",
    "kpi_trend",
    "kr_progress",
    "objective_counts",
    "okrcoach_theme",
    "progress_over_time",
    "score_heatmap",
    "score_history",
    "team_quarter_heatmap",
    "to_static",
]
