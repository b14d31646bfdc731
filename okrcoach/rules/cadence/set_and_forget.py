"""CAD006 cadence.set_and_forget: Objective's key results were checked in at most once."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ...quarters import quarter_bounds
from ..base import Rule, Severity, Target, option
from ..context import Context, rows
from .common import no_checkin_data


@dataclass(frozen=True)
class SetAndForgetOptions:
    min_weeks: int = option(4, "Weeks into the quarter before a single check-in is flagged.")


class SetAndForget(Rule):
    """Objective's key results were checked in at most once.

    ## Why is this a problem?
    OKRs set at the start of the quarter and not looked at again do not steer anything; the
    grade at the end is a surprise.

    ## Example
    An objective whose key results each have one check-in, in the quarter's first week

    ## Use instead
    Weekly or fortnightly check-ins on every key result

    ## Options
    """

    code = "CAD006"
    name = "cadence.set_and_forget"
    severity = Severity.WARNING
    target = Target.OBJECTIVE
    question = "How will the team know mid-quarter whether this objective is on track?"
    options = SetAndForgetOptions

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        if no_checkin_data(ctx):
            return pd.DataFrame()
        p = ctx.trends.kr_progress
        starts = {q: quarter_bounds(q)[0] for q in p["quarter"].dropna().unique()}
        begun = (
            ctx.as_of - pd.to_datetime(p["quarter"].map(starts))
        ).dt.days >= 7 * self.opts.min_weeks
        p = p[begun.fillna(False)]
        per = p.groupby("objective_id").agg(most=("checkins", "max"), krs=("kr_id", "size"))
        per = per[per["most"] <= 1]
        obj = ctx.objectives[ctx.objectives["objective_id"].isin(per.index)]
        most = obj["objective_id"].map(per["most"]).astype(int).astype(str)
        return rows(
            obj,
            np.ones(len(obj), bool),
            message="no key result was checked in more than " + most + " time(s)",
            suggestion="Check in on every key result every week or two",
            match=None,
        )
