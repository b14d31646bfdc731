"""What several cadence rules share."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ...quarters import quarter_of
from ..base import option
from ..context import Context


def no_checkin_data(ctx: Context) -> bool:
    """A set without any check-in (a draft, a plan) says nothing about cadence."""
    return ctx.goals.checkins.empty


def current_quarter(ctx: Context) -> str | None:
    """The quarter :attr:`Context.as_of` falls in, if the data has objectives for it."""
    quarter = quarter_of(ctx.as_of)
    return quarter if quarter in set(ctx.goals.objectives["quarter"].dropna()) else None


@dataclass(frozen=True)
class HistoryOptions:
    quarters: int = option(4, "How many of the team's latest graded quarters are read.")


def _team_quarter_scores(ctx: Context, quarters: int) -> pd.DataFrame:
    """Mean final score per team and graded quarter, latest ``quarters`` per team."""
    return ctx.memo(
        ("_team_quarter_scores", quarters), lambda: _compute_team_quarter_scores(ctx, quarters)
    )


def _compute_team_quarter_scores(ctx: Context, quarters: int) -> pd.DataFrame:
    if no_checkin_data(ctx) and ctx.goals.key_results["score"].isna().all():
        return pd.DataFrame({"team": [], "quarter": [], "final_score": []})  # nothing graded
    p = ctx.trends.kr_progress.dropna(subset=["final_score"])
    p = p[ctx.key_results.set_index("kr_id").reindex(p["kr_id"])["level"].eq("team").to_numpy()]
    scores = p.groupby(["team", "quarter"])["final_score"].mean().reset_index()
    scores = scores.sort_values("quarter").groupby("team").tail(quarters)
    return scores


def most_quarters(ctx: Context, quarters: int, test, what: str, advice: str) -> pd.DataFrame:
    """Teams whose mean score passes ``test`` in most of their last graded quarters."""
    s = _team_quarter_scores(ctx, quarters)
    team = (
        s.groupby("team")["final_score"]
        .agg(n="size", hits=lambda x: int(test(x).sum()), mean="mean")
        .reset_index()
    )
    team = team[(team["n"] >= 2) & (team["hits"] > team["n"] / 2)].copy()
    if team.empty:
        return None
    team["message"] = (
        what
        + " in "
        + team["hits"].astype(str)
        + " of its last "
        + team["n"].astype(str)
        + " quarters (mean "
        + team["mean"].round(2).astype(str)
        + ")"
    )
    team["suggestion"] = advice
    return team[["team", "message", "suggestion"]]
