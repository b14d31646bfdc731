"""KPI004 kpi.without_thresholds: KPI has no target or red/green thresholds."""

from __future__ import annotations

import pandas as pd

from ..base import Rule, Severity, Target
from ..context import Context, rows


class KpiWithoutThresholds(Rule):
    """KPI has no target or red/green thresholds.

    ## Why is this a problem?
    A number without thresholds cannot be red, yellow or green: nobody knows when to act.

    ## Example
    A KPI "Website sessions" with empty `target`, `green_at` and `red_at`

    ## Use instead
    The same KPI with target 56000, green_at 50000 and red_at 40000
    """

    code = "KPI004"
    name = "kpi.without_thresholds"
    severity = Severity.WARNING
    target = Target.KPI
    question = "At what value should this KPI turn red, and at what value is it healthy?"

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        kpis = ctx.kpis
        missing = kpis[["target", "green_at", "red_at"]].isna()
        hit = missing.any(axis=1)
        what = (
            missing.apply(lambda r: ", ".join(c for c in r.index if r[c]), axis=1)
            if len(kpis)
            else pd.Series(dtype=str)
        )
        name = kpis["name"].fillna(kpis["kpi_id"])
        return rows(
            kpis,
            hit,
            message="'" + name + "' has no " + what.astype(str),
            suggestion="Set target, green_at and red_at",
            match=None,
        )
