"""FOC002 focus.key_result_count: Number of key results of an objective is outside the range."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..base import Rule, Severity, Target, option
from ..context import Context, rows


@dataclass(frozen=True)
class KeyResultCountOptions:
    min_per_objective: int = option(3, "Fewest key results an objective should have.")
    max_per_objective: int = option(5, "Most key results an objective should have.")


class KeyResultCount(Rule):
    """Number of key results of an objective is outside the range.

    ## Why is this a problem?
    One key result rarely captures an objective; more than five spreads attention and
    usually mixes in tasks. Three to five is the common guideline.

    ## Example
    An objective with 6 key results, or with 1

    ## Use instead
    An objective with 3 key results that together show it was achieved

    ## References
    - Doerr: five or fewer. Google: around three. Wodtke: no more than three.
    """

    code = "FOC002"
    name = "focus.key_result_count"
    severity = Severity.WARNING
    target = Target.OBJECTIVE
    question = "Which few key results would together tell you this objective was achieved?"
    options = KeyResultCountOptions
    profiles = {
        "google": {"min_per_objective": 2, "max_per_objective": 4},
        "doerr": {"min_per_objective": 1, "max_per_objective": 5},
        "wodtke": {"min_per_objective": 1, "max_per_objective": 3},
    }

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        obj = ctx.objectives
        lo, hi = self.opts.min_per_objective, self.opts.max_per_objective
        n = obj["n_krs"]
        hit = (n < lo) | (n > hi)
        message = n.astype(str) + " key results (expected " + f"{lo}-{hi}" + ")"
        suggestion = pd.Series(
            f"Keep the {hi} that best show the objective was met", index=obj.index
        ).where(n > hi, f"Add key results until {lo} together show it was met")
        return rows(obj, hit, message=message, suggestion=suggestion, match=None)
