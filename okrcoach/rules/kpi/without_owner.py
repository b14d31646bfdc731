"""KPI005 kpi.without_owner: KPI has no owner."""

from __future__ import annotations

import pandas as pd

from ..base import Rule, Severity, Target
from ..context import Context
from .common import missing


class KpiWithoutOwner(Rule):
    """KPI has no owner.

    ## Why is this a problem?
    A KPI nobody owns becomes a vanity metric: it is reported, but nobody acts when it
    turns red.

    ## Example
    A KPI "Partner-sourced ARR" with an empty `owner`

    ## Use instead
    The same KPI with the person who acts on it in `owner`
    """

    code = "KPI005"
    name = "kpi.without_owner"
    severity = Severity.WARNING
    target = Target.KPI
    question = "Who answers for this KPI when it turns red?"

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        return missing(ctx, "owner", "owner", "Name the person who acts when it turns red")
