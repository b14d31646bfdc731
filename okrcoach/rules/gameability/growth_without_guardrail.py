"""GAM003 gameability.growth_without_guardrail: Objective pushes growth with no guardrail KPI or
quality key result."""

from __future__ import annotations

import pandas as pd

from ..base import Rule, Severity, Target
from ..context import Context, rows
from .common import quality_in, volume_krs


class GrowthWithoutGuardrail(Rule):
    """Objective pushes growth with no guardrail KPI or quality key result.

    ## Why is this a problem?
    A team rewarded for more sign-ups will find sign-ups that do not stay. Pair every
    growth objective with a health measure that must not break: a KPI listed as its
    guardrail, or a quality key result beside the growth one.

    ## Example
    "Grow self-serve sign-ups from small firms" with only sign-up counts as key results
    and no KPI guarding it

    ## Use instead
    "Grow self-serve sign-ups from small firms" with the refund-rate KPI listing it in
    `guardrail_for`
    """

    code = "GAM003"
    name = "gameability.growth_without_guardrail"
    severity = Severity.INFO
    target = Target.OBJECTIVE
    question = "Which number would tell you the growth is not coming at the cost of quality?"

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        obj = ctx.objectives
        if not volume_krs(ctx).any():
            return None  # no key result pushes a volume: nothing needs a guardrail
        volume = volume_krs(ctx).groupby(ctx.key_results["objective_id"]).any()
        quality = quality_in(ctx)
        guarded = set(ctx.kpis["guardrail_for"].dropna().str.split(",").explode())
        linked = set(ctx.key_results["metric"].dropna()) & set(ctx.kpis["kpi_id"])
        has_linked = (
            ctx.key_results["metric"].isin(linked).groupby(ctx.key_results["objective_id"]).any()
        )
        ids = obj["objective_id"]
        hit = (
            ids.map(volume).eq(True)
            & ~ids.map(quality).eq(True)
            & ~ids.isin(guarded)
            & ~ids.map(has_linked).eq(True)
        )
        return rows(
            obj,
            hit,
            message="growth with no guardrail: no KPI guards this objective and no "
            "key result measures quality",
            suggestion="Add a guardrail: a KPI with guardrail_for = this objective, or "
            "a key result such as 'Keep refund rate below <limit>'",
            match=None,
        )
