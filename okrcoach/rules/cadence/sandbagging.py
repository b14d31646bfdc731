"""CAD003 cadence.sandbagging: Team scores 1.0 or more quarter after quarter."""

from __future__ import annotations

import pandas as pd

from ..base import Rule, Severity, Target
from ..context import Context
from .common import HistoryOptions, most_quarters


class Sandbagging(Rule):
    """Team scores 1.0 or more quarter after quarter.

    ## Why is this a problem?
    Hitting every key result every quarter means the targets were safe, often because OKRs
    are tied to pay. Aspirational OKRs average about 0.7; always 1.0 hides the ambition.

    ## Example
    A team whose key results average 1.0 in three of its last four quarters

    ## Use instead
    Stretch targets set at about 50% confidence, scoring around 0.7

    ## Options
    """

    code = "CAD003"
    name = "cadence.sandbagging"
    severity = Severity.WARNING
    target = Target.TEAM
    question = "Are these targets stretching the team, or set where it knows it will land?"
    options = HistoryOptions

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        return most_quarters(
            ctx,
            self.opts.quarters,
            lambda x: x >= 0.999,
            "scored 1.0 or more",
            "Raise the targets until the team expects about 0.7",
        )
