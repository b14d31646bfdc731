"""FOC006 focus.long_objective: Objective is longer than one line."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..base import Rule, Severity, Target, option
from ..context import Context, rows


@dataclass(frozen=True)
class LongObjectiveOptions:
    max_characters: int = option(70, "Longest objective title, in characters.")


class LongObjective(Rule):
    """Objective is longer than one line.

    ## Why is this a problem?
    An objective people can repeat from memory guides decisions; a paragraph does not.
    Keep it to one line and move detail into the key results.

    ## Example
    "Make sure that every new customer, whatever their size, gets onboarded quickly and well"

    ## Use instead
    "New customers run their first week of jobs in Tallyfield"

    ## References
    - One vendor scores titles under 70 characters.
    """

    code = "FOC006"
    name = "focus.long_objective"
    severity = Severity.INFO
    target = Target.OBJECTIVE
    question = "How would you say this objective in one short sentence a new hire remembers?"
    options = LongObjectiveOptions

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        obj = ctx.objectives
        length = obj["title"].fillna("").str.len()
        hit = length > self.opts.max_characters
        message = (
            "the objective has "
            + length.astype(str)
            + " characters (max "
            + str(self.opts.max_characters)
            + ")"
        )
        return rows(
            obj,
            hit,
            message=message,
            suggestion="<the goal in one line>; move detail into key results",
            match=None,
        )
