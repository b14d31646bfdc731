"""CAD001 cadence.stale_checkins: Team has stopped checking in on its key results."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ...quarters import quarter_bounds
from ..base import Rule, Severity, Target, option
from ..context import Context
from .common import current_quarter, no_checkin_data


@dataclass(frozen=True)
class StaleOptions:
    max_days: int = option(14, "Days without a check-in after which a key result is stale.")
    min_share: float = option(0.5, "Share of a team's key results that must be stale.")


class StaleCheckins(Rule):
    """Team has stopped checking in on its key results.

    ## Why is this a problem?
    A quarter checked once is a document, not a system: without regular check-ins nobody
    notices a key result drifting until the quarter is lost.

    ## Example
    A team whose key results have had no check-in for 30 days, mid-quarter

    ## Use instead
    A check-in on every key result every week or two, 20-30 minutes

    ## Options
    """

    code = "CAD001"
    name = "cadence.stale_checkins"
    severity = Severity.WARNING
    target = Target.TEAM_QUARTER
    question = (
        "What has happened on these key results since the last check-in, and what is "
        "blocking an update?"
    )
    options = StaleOptions

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        quarter = current_quarter(ctx)
        if quarter is None or no_checkin_data(ctx):
            return pd.DataFrame()
        p = ctx.trends.kr_progress
        p = p[p["quarter"] == quarter]
        days = (ctx.as_of - p["last_checkin"]).dt.days
        start, _ = quarter_bounds(quarter)
        # never checked in counts as stale once the quarter is older than the limit
        stale = days.gt(self.opts.max_days) | (
            p["last_checkin"].isna() & ((ctx.as_of - start).days > self.opts.max_days)
        )
        team = (
            p.assign(stale=stale, days=days)
            .groupby("team")
            .agg(krs=("kr_id", "size"), stale=("stale", "sum"), last=("last_checkin", "max"))
        )
        team = team[team["stale"] >= self.opts.min_share * team["krs"]].reset_index()
        team["quarter"] = quarter
        since = team["last"].dt.strftime("%Y-%m-%d").fillna("never")
        team["message"] = (
            team["stale"].astype(str)
            + " of "
            + team["krs"].astype(str)
            + " key results have no check-in in the last "
            + str(self.opts.max_days)
            + " days (latest: "
            + since
            + ")"
        )
        team["suggestion"] = "Hold a 20-minute check-in every week or two"
        return team[["team", "quarter", "message", "suggestion"]]
