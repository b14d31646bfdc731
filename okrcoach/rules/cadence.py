"""Cadence and history: what only the data over time shows (check-ins, scores, KPI health)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..quarters import quarter_bounds, quarter_end_day, quarter_of
from .base import Rule, Severity, Target, option
from .context import Context, rows


def _no_checkin_data(ctx: Context) -> bool:
    """A set without any check-in (a draft, a plan) says nothing about cadence."""
    return ctx.goals.checkins.empty


def _current_quarter(ctx: Context) -> str | None:
    """The quarter :attr:`Context.as_of` falls in, if the data has objectives for it."""
    quarter = quarter_of(ctx.as_of)
    return quarter if quarter in set(ctx.goals.objectives["quarter"].dropna()) else None


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
    options = StaleOptions

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        quarter = _current_quarter(ctx)
        if quarter is None or _no_checkin_data(ctx):
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


@dataclass(frozen=True)
class HistoryOptions:
    quarters: int = option(4, "How many of the team's latest graded quarters are read.")


def _team_quarter_scores(ctx: Context, quarters: int) -> pd.DataFrame:
    """Mean final score per team and graded quarter, latest ``quarters`` per team."""
    return ctx.memo(
        ("team_quarter_scores", quarters), lambda: _compute_team_quarter_scores(ctx, quarters)
    )


def _compute_team_quarter_scores(ctx: Context, quarters: int) -> pd.DataFrame:
    if _no_checkin_data(ctx) and ctx.goals.key_results["score"].isna().all():
        return pd.DataFrame({"team": [], "quarter": [], "final_score": []})  # nothing graded
    p = ctx.trends.kr_progress.dropna(subset=["final_score"])
    p = p[ctx.key_results.set_index("kr_id").reindex(p["kr_id"])["level"].eq("team").to_numpy()]
    scores = p.groupby(["team", "quarter"])["final_score"].mean().reset_index()
    scores = scores.sort_values("quarter").groupby("team").tail(quarters)
    return scores


def _most_quarters(ctx: Context, quarters: int, test, what: str, advice: str) -> pd.DataFrame:
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
    options = HistoryOptions

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        return _most_quarters(
            ctx,
            self.opts.quarters,
            lambda x: x >= 0.999,
            "scored 1.0 or more",
            "Raise the targets until the team expects about 0.7",
        )


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
    options = HistoryOptions

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        return _most_quarters(
            ctx,
            self.opts.quarters,
            lambda x: x < 0.3,
            "scored below 0.3",
            "Set targets the team can reach with effort; rethink the objective",
        )


class UnaddressedKpi(Rule):
    """KPI is red and no objective of the quarter addresses it.

    ## Why is this a problem?
    KPIs that drift off track are where the next OKRs come from. A red KPI that no
    objective targets or guards is a problem everyone can see and nobody owns.

    ## Example
    Voluntary attrition red for months, with no objective naming it

    ## Use instead
    An objective whose key result moves the KPI (its `metric`), or that lists it as a guardrail
    """

    code = "CAD005"
    name = "cadence.unaddressed_kpi"
    severity = Severity.WARNING
    target = Target.KPI

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        if ctx.kpis.empty:
            return pd.DataFrame()
        status = ctx.trends.kpi_status
        red = status[status["rag"] == "red"]
        if red.empty:
            return pd.DataFrame()
        quarter = _current_quarter(ctx)
        objectives = ctx.goals.objectives
        if quarter is not None:
            objectives = objectives[objectives["quarter"] == quarter]
        krs = ctx.key_results[ctx.key_results["objective_id"].isin(objectives["objective_id"])]
        named = set(krs["metric"].dropna())
        guarded = ctx.kpis.dropna(subset=["guardrail_for"])
        guarded_ids = {
            k
            for k, objs in zip(guarded["kpi_id"], guarded["guardrail_for"], strict=True)
            if set(objs.split(",")) & set(objectives["objective_id"])
        }
        open_ = red[~red["kpi_id"].isin(named | guarded_ids) & ~red["name"].isin(named)]
        kpis = ctx.kpis.set_index("kpi_id").reindex(open_["kpi_id"])
        frame = open_.assign(team=kpis["team"].to_numpy())
        message = (
            "'"
            + frame["name"].fillna(frame["kpi_id"])
            + "' is red ("
            + frame["latest"].round(2).astype(str)
            + ") and no objective"
            + (f" in {quarter}" if quarter else "")
            + " addresses it"
        )
        return rows(
            frame,
            np.ones(len(frame), bool),
            message=message,
            suggestion="Candidate objective for next quarter: bring '"
            + frame["name"].fillna(frame["kpi_id"])
            + "' back to green",
            match=None,
        )


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
    options = SetAndForgetOptions

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        if _no_checkin_data(ctx):
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
