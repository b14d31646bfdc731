"""OWN001 ownership.objective_without_owner: Objective has no owner."""

from __future__ import annotations

import pandas as pd

from ..base import Rule, Severity, Target
from ..context import Context, rows


class ObjectiveWithoutOwner(Rule):
    """Objective has no owner.

    ## Why is this a problem?
    An objective that belongs to everyone belongs to no one: somebody must be accountable
    for driving it and reporting on it, team objectives included.

    ## Example
    An objective with an empty owner

    ## Use instead
    The same objective with the person accountable in `owner`
    """

    code = "OWN001"
    name = "ownership.objective_without_owner"
    severity = Severity.WARNING
    target = Target.OBJECTIVE
    question = "Who answers for this objective at the end of the quarter?"

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        obj = ctx.objectives
        return rows(
            obj,
            obj["owner"].isna(),
            message="no owner",
            suggestion="Name the person accountable",
            match=None,
        )
