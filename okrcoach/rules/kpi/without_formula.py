"""KPI001 kpi.without_formula: KPI has no formula."""

from __future__ import annotations

import pandas as pd

from ..base import Rule, Severity, Target
from ..context import Context
from .common import missing


class KpiWithoutFormula(Rule):
    """KPI has no formula.

    ## Why is this a problem?
    Two teams computing "conversion rate" differently is the classic KPI failure. The
    formula makes the number reproducible and comparable.

    ## Example
    A KPI "Forecast error" with an empty `formula`

    ## Use instead
    "Forecast error" with formula "abs(forecast - actual) / actual, at week 4"
    """

    code = "KPI001"
    name = "kpi.without_formula"
    severity = Severity.WARNING
    target = Target.KPI
    question = "How exactly is this KPI calculated, so two people get the same number?"

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        return missing(ctx, "formula", "formula", "Write how the value is computed")
