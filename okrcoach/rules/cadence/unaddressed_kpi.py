"""CAD005 cadence.unaddressed_kpi: KPI is red and no objective of the quarter addresses it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..base import Rule, Severity, Target
from ..context import Context, rows
from .common import current_quarter


class UnaddressedKpi(Rule):
    """KPI is red and no objective of the quarter addresses it.

    ## Why is this a problem?
    KPIs that drift off track are where the next OKRs come from. A red KPI that no
    objective targets or guards is a problem everyone can see and nobody owns.

    ## Example
    Voluntary attrition red for months, with no objective naming it

    ## Use instead
    An objective whose key result moves the KPI (its `metric`), or that lists it as a guardrail
    """

    code = "CAD005"
    name = "cadence.unaddressed_kpi"
    severity = Severity.WARNING
    target = Target.KPI
    question = "Which objective this quarter will bring this KPI back to green, and who owns it?"

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        if ctx.kpis.empty:
            return pd.DataFrame()
        status = ctx.trends.kpi_status
        red = status[status["rag"] == "red"]
        if red.empty:
            return pd.DataFrame()
        quarter = current_quarter(ctx)
        objectives = ctx.goals.objectives
        if quarter is not None:
            objectives = objectives[objectives["quarter"] == quarter]
        krs = ctx.key_results[ctx.key_results["objective_id"].isin(objectives["objective_id"])]
        named = set(krs["metric"].dropna())
        guarded = ctx.kpis.dropna(subset=["guardrail_for"])
        guarded_ids = {
            k
            for k, objs in zip(guarded["kpi_id"], guarded["guardrail_for"], strict=True)
            if set(objs.split(",")) & set(objectives["objective_id"])
        }
        open_ = red[~red["kpi_id"].isin(named | guarded_ids) & ~red["name"].isin(named)]
        kpis = ctx.kpis.set_index("kpi_id").reindex(open_["kpi_id"])
        frame = open_.assign(team=kpis["team"].to_numpy())
        message = (
            "'"
            + frame["name"].fillna(frame["kpi_id"])
            + "' is red ("
            + frame["latest"].round(2).astype(str)
            + ") and no objective"
            + (f" in {quarter}" if quarter else "")
            + " addresses it"
        )
        return rows(
            frame,
            np.ones(len(frame), bool),
            message=message,
            suggestion="Candidate objective for next quarter: bring '"
            + frame["name"].fillna(frame["kpi_id"])
            + "' back to green",
            match=None,
        )
