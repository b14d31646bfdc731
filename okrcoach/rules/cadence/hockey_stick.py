"""CAD002 cadence.hockey_stick: most of the quarter's progress was reported in its last
two weeks."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ...quarters import quarter_end_day
from ..base import Rule, Severity, Target, option
from ..context import Context


@dataclass(frozen=True)
class HockeyOptions:
    min_late_share: float = option(0.6, "Share of the quarter's progress reported late.")
    late_days: int = option(14, "The last days of the quarter that count as late.")


class HockeyStick(Rule):
    """Most of the quarter's progress was reported in its last two weeks.

    ## Why is this a problem?
    Progress that appears only at the end was either not tracked during the quarter or
    reported to look good at grading time; either way the check-ins did not steer the work.

    ## Example
    A team whose key results sat near 0 for eleven weeks and jumped to 0.8 in the last two

    ## Use instead
    Progress reported as it happens, so the trend shows whether the quarter will land

    ## Options
    """

    code = "CAD002"
    name = "cadence.hockey_stick"
    severity = Severity.WARNING
    target = Target.TEAM_QUARTER
    question = (
        "What stopped progress from being reported as it happened, and what would make "
        "weekly check-ins easy?"
    )
    options = HockeyOptions

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        ck = ctx.trends.checkin_progress
        if ck.empty:
            return pd.DataFrame()
        krs = ctx.trends.kr_progress.drop_duplicates("kr_id").set_index("kr_id")
        ck = ck.join(krs[["team", "quarter"]], on="kr_id").dropna(subset=["quarter"])
        ends = {q: quarter_end_day(q) for q in ck["quarter"].unique()}
        ck["end"] = pd.to_datetime(ck["quarter"].map(ends))
        ck = ck[ck["end"] - pd.Timedelta(days=self.opts.late_days) <= ctx.as_of]
        if ck.empty:
            return pd.DataFrame()
        ck = ck.sort_values("date", kind="stable")
        cut = ck["end"] - pd.Timedelta(days=self.opts.late_days)
        early = ck[ck["date"] <= cut].groupby("kr_id")["progress"].last()
        final = ck.groupby("kr_id")["progress"].last()
        gain = pd.DataFrame({"final": final, "early": early.reindex(final.index).fillna(0.0)})
        gain = gain.join(krs[["team", "quarter"]])
        team = gain.groupby(["team", "quarter"]).agg(final=("final", "sum"), early=("early", "sum"))
        late = (team["final"] - team["early"]) / team["final"].where(team["final"] > 0.1)
        team = team.assign(late=late)[late >= self.opts.min_late_share].reset_index()
        team["message"] = (
            (team["late"] * 100).round().astype(int).astype(str)
            + "% of the quarter's progress was reported in its last "
            + str(self.opts.late_days)
            + " days"
        )
        team["suggestion"] = "Check in as progress happens, not at grading time"
        return team[["team", "quarter", "message", "suggestion"]]
