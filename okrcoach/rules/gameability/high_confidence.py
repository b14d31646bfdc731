"""GAM006 gameability.high_confidence: Drafting confidence is so high it suggests sandbagging."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..base import Rule, Severity, Target, option
from ..context import Context


@dataclass(frozen=True)
class ConfidenceOptions:
    max_mean_confidence: float = option(
        0.9, "Mean drafting confidence of a team's quarter above this is flagged."
    )


class HighConfidence(Rule):
    """Drafting confidence is so high it suggests sandbagging.

    ## Why is this a problem?
    Stretch key results are set at about 50% confidence. A team whose key results average
    above 0.9 confidence at drafting has probably written goals it already knows it will
    hit.

    ## Example
    A team's quarter whose key results average 0.95 confidence

    ## Use instead
    Stretch targets drafted at about 0.5 to 0.7 confidence

    ## Options
    """

    code = "GAM006"
    name = "gameability.high_confidence"
    severity = Severity.INFO
    target = Target.TEAM_QUARTER
    question = "Would the team still be this sure if the target were one step more ambitious?"
    options = ConfidenceOptions

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        krs = ctx.key_results.dropna(subset=["confidence"])
        if krs.empty:
            return None
        mean = krs.groupby(["team", "quarter"], dropna=False)["confidence"].agg(["mean", "size"])
        mean = mean[mean["mean"] > self.opts.max_mean_confidence].reset_index()
        if mean.empty:
            return None
        mean["message"] = (
            "mean drafting confidence "
            + mean["mean"].round(2).astype(str)
            + " over "
            + mean["size"].astype(str)
            + " key results (max "
            + f"{self.opts.max_mean_confidence:g})"
        )
        mean["suggestion"] = "Stretch the targets until confidence is about 0.5-0.7"
        return mean[["team", "quarter", "message", "suggestion"]]
