"""OWN003 ownership.unaligned_objective: Team objective is not linked to a parent objective."""

from __future__ import annotations

import pandas as pd

from ..base import Rule, Severity, Target
from ..context import Context, rows


class UnalignedObjective(Rule):
    """Team objective is not linked to a parent objective.

    ## Why is this a problem?
    Objectives cascade from company to department to team. A team objective that links to
    nothing above may be a local priority that competes with the company's.

    ## Example
    A team objective with an empty `parent_id`

    ## Use instead
    The same objective with `parent_id` set to the department objective it serves
    """

    code = "OWN003"
    name = "ownership.unaligned_objective"
    severity = Severity.INFO
    target = Target.OBJECTIVE
    question = "Which objective above this team does this one serve?"

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        obj = ctx.objectives
        hit = obj["level"].isin(["team", "department"]) & obj["parent_id"].isna()
        return rows(
            obj,
            hit,
            message="a " + obj["level"].fillna("") + " objective with no parent objective",
            suggestion="Link it to the objective it serves",
            match=None,
        )
