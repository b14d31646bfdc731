"""KPI002 kpi.without_source: KPI has no data source."""

from __future__ import annotations

import pandas as pd

from ..base import Rule, Severity, Target
from ..context import Context
from .common import missing


class KpiWithoutSource(Rule):
    """KPI has no data source.

    ## Why is this a problem?
    Without the system of record, nobody can check the number or fix it when it breaks.

    ## Example
    A KPI "Customer acquisition cost" with an empty `source`

    ## Use instead
    The same KPI with source "Finance data warehouse"
    """

    code = "KPI002"
    name = "kpi.without_source"
    severity = Severity.WARNING
    target = Target.KPI
    question = "Where does this number come from, so anyone can check it?"

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        return missing(ctx, "source", "data source", "Name the system the data comes from")
