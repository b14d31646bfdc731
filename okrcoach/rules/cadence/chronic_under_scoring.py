"""CAD004 cadence.chronic_under_scoring: Team scores below 0.3 quarter after quarter."""

from __future__ import annotations

import pandas as pd

from ..base import Rule, Severity, Target
from ..context import Context
from .common import HistoryOptions, most_quarters


class ChronicUnderScoring(Rule):
    """Team scores below 0.3 quarter after quarter.

    ## Why is this a problem?
    Scores that never pass 0.3 mean the targets are out of reach: they demotivate, and a
    score below 0.4 is the signal to rethink the objective, not to try harder.

    ## Example
    A team whose key results average 0.15 in each of its last four quarters

    ## Use instead
    Targets the team has a fair chance to reach, scoring around 0.7

    ## Options
    """

    code = "CAD004"
    name = "cadence.chronic_under_scoring"
    severity = Severity.WARNING
    target = Target.TEAM
    question = "What keeps getting in the way: the targets, the capacity, or the plan?"
    options = HistoryOptions

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        return most_quarters(
            ctx,
            self.opts.quarters,
            lambda x: x < 0.3,
            "scored below 0.3",
            "Set targets the team can reach with effort; rethink the objective",
        )
