"""FOC003 focus.too_many_kpis: Too many KPIs on one team's dashboard."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..base import Rule, Severity, Target, option
from ..context import Context


@dataclass(frozen=True)
class TooManyKpisOptions:
    max_per_team: int = option(12, "Most KPIs one team should follow.")


class TooManyKpis(Rule):
    """Too many KPIs on one team's dashboard.

    ## Why is this a problem?
    Beyond 8 to 12 KPIs nobody can say which action each one calls for; the dashboard
    becomes a report nobody reads.

    ## Example
    A team following 15 KPIs

    ## Use instead
    The 8 to 12 KPIs the team acts on; the rest stay available as diagnostics
    """

    code = "FOC003"
    name = "focus.too_many_kpis"
    severity = Severity.INFO
    target = Target.TEAM
    question = (
        "Which of these KPIs does the team act on when they move, and which could another "
        "team watch?"
    )
    options = TooManyKpisOptions

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        counts = ctx.kpis.groupby("team", dropna=False).size().rename("n").reset_index()
        over = counts[counts["n"] > self.opts.max_per_team].copy()
        if over.empty:
            return None
        over["message"] = (
            over["team"].fillna("(no team)")
            + " follows "
            + over["n"].astype(str)
            + f" KPIs (max {self.opts.max_per_team})"
        )
        over["suggestion"] = "Keep the KPIs the team acts on"
        return over[["team", "message", "suggestion"]]
