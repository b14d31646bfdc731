"""OUT005 outcome.objective_holds_number: Objective holds a number; metrics belong in its key
results."""

from __future__ import annotations

import pandas as pd

from .. import quantity
from .. import text as tx
from ..base import Rule, Severity, Target
from ..context import Context, rows


class ObjectiveHoldsNumber(Rule):
    """Objective holds a number; metrics belong in its key results.

    ## Why is this a problem?
    A number in the objective ties it to one metric and makes it read like a key result.
    Objectives stay qualitative and memorable; key results carry the numbers. Years and
    names with digits (ISO 27001) are not counted.

    ## Example
    "Reach 16.5M EUR ARR"

    ## Use instead
    "Build a business that funds its own growth"
    """

    code = "OUT005"
    name = "outcome.objective_holds_number"
    severity = Severity.INFO
    target = Target.OBJECTIVE
    question = "What is the goal behind this number, in words the team can rally around?"

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        obj = ctx.objectives
        hit = quantity.has_quantity(obj["low"]) & tx.contains(obj["low"], r"\d")
        number = tx.extract(obj["low"], r"(?P<n>\d[\d.,]*\s*(?:%|[km]\b)?)")["n"]
        message = "the objective holds '" + number.fillna("") + "'; put numbers in key results"
        return rows(
            obj,
            hit,
            message=message,
            suggestion="<the goal in words>; move the number into a key result",
            match=number,
        )
