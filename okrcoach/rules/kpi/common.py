"""What several kpi rules share."""

from __future__ import annotations

import pandas as pd

from ..context import Context, rows


def missing(ctx: Context, column: str, what: str, advice: str) -> pd.DataFrame:
    kpis = ctx.kpis
    hit = kpis[column].isna()
    name = kpis["name"].fillna(kpis["kpi_id"])
    return rows(kpis, hit, message="'" + name + "' has no " + what, suggestion=advice, match=None)
