"""OWN004 ownership.kind_not_declared: Objective does not say whether it is committed or
aspirational."""

from __future__ import annotations

import pandas as pd

from ..base import Rule, Severity, Target
from ..context import Context, rows


class KindNotDeclared(Rule):
    """Objective does not say whether it is committed or aspirational.

    ## Why is this a problem?
    Committed objectives are expected to reach 1.0 and a miss needs a post-mortem;
    aspirational ones average about 0.7. Without the declaration, nobody knows how to read
    the score.

    ## Example
    An objective with an empty `kind`

    ## Use instead
    The same objective with `kind` set to committed or aspirational
    """

    code = "OWN004"
    name = "ownership.kind_not_declared"
    severity = Severity.INFO
    target = Target.OBJECTIVE
    question = "Is this a commitment the team must meet, or an aspiration it may reach in part?"

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        obj = ctx.objectives
        hit = obj["kind"].isna() & ~obj["level"].eq("company")
        return rows(
            obj,
            hit,
            message="committed or aspirational is not declared",
            suggestion="Set kind to committed or aspirational",
            match=None,
        )
