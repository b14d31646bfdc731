"""The organisation's analysis restricted to one selection: :class:`View`."""

from __future__ import annotations

import functools
import os
from pathlib import Path

import numpy as np
import pandas as pd

from .. import findings
from ..errors import OkrcoachError
from ..lint import scores
from ..organisation.analysed import Organisation
from ..rules import registry
from . import export as exporting
from .selection import Selection

#: The five parts of a complete KPI definition (domain: formula, source, update frequency,
#: target range, owner); "thresholds" means both green_at and red_at.
KPI_DEFINITION = ("formula", "source", "frequency", "thresholds", "owner")
SANDBAGGING, UNDER_SCORING = "CAD003", "CAD004"


class View:
    """The organisation's analysis restricted to one :class:`Selection`.

    Every frame is computed on first use and kept. Columns are described on each property.
    """

    def __init__(self, organisation: Organisation, selection: Selection):
        self.organisation, self.selection = organisation, selection
        ov, sel = organisation, selection
        obj = ov.objectives
        teams = ov.teams()
        keep_team = pd.Series(True, index=teams.index)
        if sel.departments:
            keep_team &= teams["department"].isin(sel.departments)
        if sel.teams:
            keep_team &= teams["team"].isin(sel.teams)
        scoped = set(teams.loc[keep_team, "team"])  # teams by department and name
        if sel.levels:
            keep_team &= teams["level"].isin(sel.levels)
        self.team_set = set(teams.loc[keep_team, "team"])  # ... and by their usual level

        mask = obj["team"].isin(scoped)
        if sel.quarters:
            first, last = sel.quarters
            mask &= obj["quarter"].between(first, last)
        if sel.levels:
            mask &= obj["level"].isin(sel.levels)
        self.objectives = obj[mask].reset_index(drop=True)
        ids = set(self.objectives["objective_id"])
        krs = ov.key_results
        self.key_results = krs[krs["objective_id"].isin(ids)].reset_index(drop=True)
        kpis = ov.goals.kpis
        unfiltered = len(self.team_set) == len(teams)  # KPIs of no team only then
        self.kpis = kpis[
            kpis["team"].isin(self.team_set) | (kpis["team"].isna() & unfiltered)
        ].reset_index(drop=True)

        f = ov.findings
        about = f["objective_id"]  # also set on findings about a key result
        in_quarters = (
            f["quarter"].between(*sel.quarters) if sel.quarters else pd.Series(True, index=f.index)
        ) | f["quarter"].isna()
        on_objective = about.notna()
        on_kpi = ~on_objective & f["kpi_id"].notna()
        on_team = ~on_objective & ~on_kpi
        keep = (
            (on_objective & about.isin(ids))
            | (on_kpi & f["kpi_id"].isin(set(self.kpis["kpi_id"])))
            | (on_team & f["team"].isin(self.team_set) & in_quarters)
        )
        #: every finding of the selection whatever the category filter (views of signals)
        self.all_findings = f[keep].reset_index(drop=True)
        if sel.categories:
            keep &= f["category"].isin(sel.categories)
        self.findings = f[keep].reset_index(drop=True)
        self._sorted: dict[tuple, pd.DataFrame] = {}  # (by, descending, search) -> rows

    # -- headline -----------------------------------------------------------------------

    def summary(self) -> pd.DataFrame:
        """The selection in a few numbers (one row)."""
        quality = self.quality
        attained = self.attainment["final_score"].dropna()
        health = self.kpi_health
        return pd.DataFrame(
            [
                {
                    "teams": int(self.objectives["team"].nunique()),
                    "quarters": int(self.objectives["quarter"].nunique()),
                    "objectives": len(self.objectives),
                    "key_results": len(self.key_results),
                    "findings": len(self.findings),
                    "errors": int(self.findings["severity"].eq("error").sum()),
                    "quality": round(float(quality["score"].mean()), 1) if len(quality) else np.nan,
                    "attainment": round(float(attained.mean()), 2) if len(attained) else np.nan,
                    "kpis": len(health),
                    "kpis_red": int(health["rag"].eq("red").sum()),
                    "guardrail_breaches": len(self.guardrail_breaches),
                }
            ]
        )

    # -- quality --------------------------------------------------------------------------

    @functools.cached_property
    def _scores(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        obj_scores, team_scores = scores(self.organisation.goals, self.findings)
        ids = set(self.objectives["objective_id"])
        obj_scores = obj_scores[obj_scores["objective_id"].isin(ids)].reset_index(drop=True)
        pairs = self.objectives[["team", "quarter"]].drop_duplicates()
        team_scores = team_scores.merge(pairs, on=["team", "quarter"])
        return obj_scores, team_scores

    @property
    def quality(self) -> pd.DataFrame:
        """Writing-quality score 0-100 per team and quarter: ``team, quarter, score,
        objectives`` (scores from the findings of the selected rule categories)."""
        return self._scores[1]

    @property
    def objective_quality(self) -> pd.DataFrame:
        """``objective_id, team, quarter, title, findings, score`` per selected objective."""
        return self._scores[0]

    @functools.cached_property
    def output_share(self) -> pd.DataFrame:
        """Share of key results that describe output instead of outcome, per team and
        quarter: ``team, quarter, key_results, output, share`` (a key result counts as
        output when an outcome rule flags it, whatever the category filter)."""
        f = self.organisation.findings
        output = set(f.loc[f["category"].eq("outcome") & f["kr_id"].notna(), "kr_id"])
        krs = self.key_results.assign(output=self.key_results["kr_id"].isin(output))
        out = krs.groupby(["team", "quarter"], as_index=False).agg(
            key_results=("kr_id", "size"), output=("output", "sum")
        )
        out["share"] = out["output"] / out["key_results"]
        return out

    # -- focus ----------------------------------------------------------------------------

    @functools.cached_property
    def focus(self) -> pd.DataFrame:
        """Objectives per team and quarter against the guideline: ``team, quarter, level,
        objectives, key_results, limit`` (FOC001's maximum: per team, or at company level)
        and ``status`` (within / over)."""
        opts = self.organisation.config.options_for(registry()["FOC001"])
        krs = self.key_results.groupby(["team", "quarter"]).size().rename("key_results")
        obj = self.objectives
        out = (
            obj.assign(company=obj["level"].eq("company"))
            .groupby(["team", "quarter"], as_index=False)
            .agg(
                level=("level", "first"),
                objectives=("objective_id", "size"),
                company=("company", "any"),
            )
        )
        out = out.merge(krs.reset_index(), on=["team", "quarter"], how="left")
        out["key_results"] = out["key_results"].fillna(0).astype(int)
        out["limit"] = np.where(out.pop("company"), opts.max_per_company, opts.max_per_team)
        out["status"] = np.where(out["objectives"] > out["limit"], "over", "within")
        return out

    @functools.cached_property
    def key_results_per_objective(self) -> pd.DataFrame:
        """``objective_id, team, quarter, title, key_results, low, high, status`` (within /
        too few / too many against FOC002's range)."""
        opts = self.organisation.config.options_for(registry()["FOC002"])
        counts = self.key_results.groupby("objective_id").size()
        out = self.objectives[["objective_id", "team", "quarter", "title"]].copy()
        out["key_results"] = out["objective_id"].map(counts).fillna(0).astype(int)
        out["low"], out["high"] = opts.min_per_objective, opts.max_per_objective
        out["status"] = np.select(
            [out["key_results"] < out["low"], out["key_results"] > out["high"]],
            ["too few", "too many"],
            "within",
        )
        return out

    # -- attainment -----------------------------------------------------------------------

    @functools.cached_property
    def attainment(self) -> pd.DataFrame:
        """Trend rows (:attr:`Trends.kr_progress`) of the selected key results."""
        progress = self.organisation.trends.kr_progress
        return progress[progress["kr_id"].isin(set(self.key_results["kr_id"]))].reset_index(
            drop=True
        )

    @functools.cached_property
    def team_attainment(self) -> pd.DataFrame:
        """Per team: ``team, quarters`` (graded), ``key_results, mean_score, at_least_one``
        (share of key results scored 1.0 or more), ``below_0_3``, ``signal`` (sandbagging /
        under-scoring, from rules CAD003 and CAD004) and ``evidence`` (the rule's message)."""
        a = self.attainment.dropna(subset=["final_score"])
        out = (
            a.assign(perfect=a["final_score"] >= 1.0, low=a["final_score"] < 0.3)
            .groupby("team", as_index=False)
            .agg(
                quarters=("quarter", "nunique"),
                key_results=("kr_id", "size"),
                mean_score=("final_score", "mean"),
                at_least_one=("perfect", "mean"),
                below_0_3=("low", "mean"),
            )
        )
        flags = self.score_signals.drop_duplicates("team").set_index("team")
        out["signal"] = out["team"].map(flags["signal"])
        out["evidence"] = out["team"].map(flags["message"])
        return out.sort_values("mean_score", ascending=False, kind="stable").reset_index(drop=True)

    @property
    def score_signals(self) -> pd.DataFrame:
        """Teams named by the sandbagging and under-scoring rules: ``team, signal, code,
        message``."""
        f = self.all_findings
        f = f[f["code"].isin([SANDBAGGING, UNDER_SCORING])]
        signal = np.where(f["code"].eq(SANDBAGGING), "sandbagging", "under-scoring")
        return pd.DataFrame(
            {
                "team": f["team"].to_numpy(),
                "signal": signal,
                "code": f["code"].to_numpy(),
                "message": f["message"].to_numpy(),
            }
        )

    # -- cadence --------------------------------------------------------------------------

    @functools.cached_property
    def cadence(self) -> pd.DataFrame:
        """Check-in habits per team and quarter: ``team, quarter, key_results, checkins,
        weekly`` (mean share of the quarter's elapsed weeks in which a key result got a
        check-in), ``never`` (key results without any check-in), ``last_checkin``,
        ``stale`` (findings of CAD001) and ``set_and_forget`` (CAD006)."""
        per_kr = self.organisation.trends.kr_cadence
        krs = per_kr[per_kr["kr_id"].isin(set(self.key_results["kr_id"]))]
        out = (
            krs.assign(never=krs["checkins"].eq(0))
            .groupby(["team", "quarter"], as_index=False)
            .agg(
                key_results=("kr_id", "size"),
                checkins=("checkins", "sum"),
                weekly=("weekly", "mean"),
                never=("never", "sum"),
                last_checkin=("last_checkin", "max"),
            )
        )
        out[["checkins", "never"]] = out[["checkins", "never"]].astype(int)
        f = self.all_findings
        for code, col in (("CAD001", "stale"), ("CAD006", "set_and_forget")):
            n = f[f["code"].eq(code)].groupby(["team", "quarter"]).size().rename(col)
            out = out.join(n, on=["team", "quarter"])
            out[col] = out[col].fillna(0).astype(int)
        return out

    # -- KPIs -------------------------------------------------------------------------------

    @functools.cached_property
    def kpi_health(self) -> pd.DataFrame:
        """One row per selected KPI: ``kpi_id, name, team, owner, unit, rag, latest,
        target, change_pct, slope_per_week, forecast, anomalies, green_at, red_at,
        guardrail_for, defined`` (how many of the five parts of a definition it states)
        and ``missing`` (which)."""
        k = self.kpis
        status = self.organisation.trends.kpi_status.drop(
            columns=["name", "team", "direction", "target", "green_at", "red_at"], errors="ignore"
        )
        out = k[
            [
                "kpi_id",
                "name",
                "team",
                "owner",
                "unit",
                "direction",
                "target",
                "green_at",
                "red_at",
                "formula",
                "source",
                "frequency",
                "guardrail_for",
            ]
        ].merge(status, on="kpi_id", how="left")
        stated = pd.DataFrame(
            {
                "formula": out["formula"].notna(),
                "source": out["source"].notna(),
                "frequency": out["frequency"].notna(),
                "thresholds": out["green_at"].notna() & out["red_at"].notna(),
                "owner": out["owner"].notna(),
            }
        )
        out["defined"] = stated.sum(axis=1).astype(int)
        missing = pd.Series("", index=out.index, dtype="str")
        for part in KPI_DEFINITION:
            missing = missing.where(stated[part], missing + part + ", ")
        out["missing"] = missing.str.removesuffix(", ")
        order = {"red": 0, "yellow": 1, "unknown": 2, "green": 3}
        out = out.assign(_r=out["rag"].map(order)).sort_values(["_r", "kpi_id"], kind="stable")
        return out.drop(columns="_r").reset_index(drop=True)

    @functools.cached_property
    def guardrail_breaches(self) -> pd.DataFrame:
        """Breaches of guardrail KPIs on the selected objectives: ``kpi_id, name,
        objective_id, team, quarter, title, date, value, red_at, objective_progress,
        message``."""
        b = self.organisation.trends.guardrail_breaches
        obj = self.objectives[["objective_id", "team", "quarter", "title"]]
        out = b.merge(obj, on="objective_id")
        names = self.organisation.goals.kpis.drop_duplicates("kpi_id").set_index("kpi_id")["name"]
        out.insert(1, "name", out["kpi_id"].map(names))
        return out.sort_values(["date", "kpi_id"], kind="stable").reset_index(drop=True)

    # -- findings ---------------------------------------------------------------------------

    @functools.cached_property
    def findings_table(self) -> pd.DataFrame:
        """The findings with ``about``: the key result's text, the objective's title, the
        KPI's name or the team's quarter the finding is about."""
        goals = self.organisation.goals
        about = findings.about(self.findings, goals.objectives, goals.key_results, goals.kpis)
        return self.findings.assign(about=about)

    def sorted_findings(
        self, by: str = "severity", descending: bool = False, search: str = ""
    ) -> pd.DataFrame:
        """:attr:`findings_table` sorted by a column (severity sorts error first) and
        narrowed to rows containing ``search`` (case-insensitive) in any text column."""
        key = (by, descending, search)
        if key not in self._sorted:  # a pager asks for the same order again and again
            table = self.findings_table
            if by not in table.columns:
                raise OkrcoachError(f"cannot sort by {by!r}; columns: {', '.join(table.columns)}")
            found = findings.search(table, search)
            self._sorted[key] = findings.ordered(
                found, (by,), descending=descending, missing="last"
            )
        return self._sorted[key]

    # -- export -----------------------------------------------------------------------------

    def export(
        self, folder: str | os.PathLike, formats: tuple[str, ...] = ("csv", "xlsx")
    ) -> dict[str, Path]:
        """Write the selection's findings and scores (:func:`.export.export`): CSV
        ``findings.csv``, ``team_scores.csv``, ``objective_scores.csv``; XLSX
        ``exploration.xlsx`` with a ``selection`` sheet first. Returns file name to path."""
        tables = {
            "findings": self.findings_table,
            "team_scores": self.quality,
            "objective_scores": self.objective_quality,
        }
        return exporting.export(tables, self.selection.as_frame(), folder, formats)


__all__ = ["KPI_DEFINITION", "View"]
