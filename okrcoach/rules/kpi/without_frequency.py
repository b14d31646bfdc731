"""KPI003 kpi.without_frequency: KPI has no update frequency."""

from __future__ import annotations

import pandas as pd

from ..base import Rule, Severity, Target
from ..context import Context
from .common import missing


class KpiWithoutFrequency(Rule):
    """KPI has no update frequency.

    ## Why is this a problem?
    A KPI reviewed weekly and one refreshed quarterly call for different actions; without
    the cadence, a stale number looks current.

    ## Example
    A KPI "Organic sign-ups" with an empty `frequency`

    ## Use instead
    The same KPI with frequency "weekly"
    """

    code = "KPI003"
    name = "kpi.without_frequency"
    severity = Severity.INFO
    target = Target.KPI
    question = "How often is this KPI updated, and how often does the team look at it?"

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        return missing(ctx, "frequency", "update frequency", "Say how often it is updated")
