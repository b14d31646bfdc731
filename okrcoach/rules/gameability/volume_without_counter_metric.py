"""GAM005 gameability.volume_without_counter_metric: Volume key result has no counter-metric in the
same objective."""

from __future__ import annotations

import pandas as pd

from ..base import Rule, Severity, Target
from ..context import Context, rows
from .common import quality_in, volume_krs


class VolumeWithoutCounterMetric(Rule):
    """Volume key result has no counter-metric in the same objective.

    ## Why is this a problem?
    Every push for more (leads, deals, tickets answered) has a side effect on quality.
    A counter-metric key result in the same objective (lead quality, churn of new deals,
    reopened tickets) keeps the volume honest.

    ## Example
    "Grow monthly self-serve sign-ups from 1200 to 2000", alone in its objective

    ## Use instead
    "Grow monthly self-serve sign-ups from 1200 to 2000" next to
    "Keep refund rate of new accounts below 2.5%"
    """

    code = "GAM005"
    name = "gameability.volume_without_counter_metric"
    severity = Severity.INFO
    target = Target.KEY_RESULT
    question = "Which number would show that more volume has not lowered quality?"

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        krs = ctx.key_results
        quality = krs["objective_id"].map(quality_in(ctx)).eq(True)
        hit = volume_krs(ctx) & ~quality
        return rows(
            krs,
            hit,
            message="a volume target with no quality key result beside it",
            suggestion="Add a counter-metric key result, e.g. 'Keep <quality measure> "
            "above <limit>'",
            match=None,
        )
