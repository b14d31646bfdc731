"""KPI006 kpi.thresholds_reversed: KPI thresholds contradict its direction."""

from __future__ import annotations

import pandas as pd

from ..base import Rule, Severity, Target
from ..context import Context, rows


class KpiThresholdsReversed(Rule):
    """KPI thresholds contradict its direction.

    ## Why is this a problem?
    For a higher-is-better KPI, green must be above red; for lower-is-better, below. Reversed
    thresholds paint a healthy KPI red and a failing one green.

    ## Example
    A higher-is-better KPI with green_at 2 and red_at 4

    ## Use instead
    The same KPI with green_at 4 and red_at 2
    """

    code = "KPI006"
    name = "kpi.thresholds_reversed"
    severity = Severity.ERROR
    target = Target.KPI
    question = "Should this KPI go up or down, and do the thresholds say the same?"

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        kpis = ctx.kpis
        up = kpis["direction"].eq("higher_is_better")
        down = kpis["direction"].eq("lower_is_better")
        g, r = kpis["green_at"], kpis["red_at"]
        hit = (up & (g < r)) | (down & (g > r))
        message = (
            "green_at "
            + g.astype(str)
            + " and red_at "
            + r.astype(str)
            + " contradict direction "
            + kpis["direction"].fillna("")
        )
        return rows(
            kpis,
            hit.fillna(False),
            message=message,
            suggestion="Swap green_at and red_at, or fix the direction",
            match=None,
        )
