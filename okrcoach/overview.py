"""An organisation's goal data at a glance: the analyst's views across teams and quarters.

:class:`Overview` analyses the whole organisation once (lint, trends, quality scores) and
:meth:`Overview.select` restricts that analysis to a :class:`Selection` — a range of
quarters, departments, teams, objective levels and rule categories — without recomputing
any of it, so a filter in the exploration notebook answers at once. A :class:`View` holds
one frame per question an analyst asks; :mod:`okrcoach.explore` draws them.

What a selection keeps:

- objectives in the quarter range, of the selected teams (or teams of the selected
  departments) and levels; key results go with their objective;
- findings about those objectives and key results, about a selected team's quarter (too
  many objectives ...), or about a selected team's KPIs and score history (these carry no
  quarter and are kept whatever the range); the rule categories narrow the findings and
  the quality scores derived from them, and nothing else;
- KPIs of the selected teams (a KPI belongs to the team that reports it).

A team's department comes from a ``department`` column on the objectives when the data has
one; otherwise from the cascade (the department-level objective its objectives roll up to).
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

import numpy as np
import pandas as pd

from .config import Config
from .errors import OkrcoachError
from .goalset import GoalSet, load, quarter_bounds, write_workbook
from .lint import lint, scores
from .rules import CATEGORIES, registry
from .trends import trends

SWEET_SPOT = 0.7
LEVELS = ("company", "department", "team", "individual")
#: The five parts of a complete KPI definition (domain: formula, source, update frequency,
#: target range, owner); "thresholds" means both green_at and red_at.
KPI_DEFINITION = ("formula", "source", "frequency", "thresholds", "owner")
SANDBAGGING, UNDER_SCORING = "CAD003", "CAD004"
_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Selection:
    """What to look at. Empty tuples (and ``quarters=None``) mean everything.

    Parameters
    ----------
    quarters : (first, last), optional
        An inclusive range of quarters such as ``("2026-Q1", "2026-Q3")``.
    departments, teams, levels, categories : tuple of str
        Departments, teams, objective levels (company, department, team, individual) and
        rule categories (outcome, measurability, ...) to keep.
    """

    quarters: tuple[str, str] | None = None
    departments: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()

    def describe(self) -> str:
        """The selection in words, for titles and the export's first sheet."""
        parts = []
        if self.quarters:
            first, last = self.quarters
            parts.append(first if first == last else f"{first} to {last}")
        for name, values in (("department", self.departments), ("team", self.teams),
                             ("level", self.levels), ("category", self.categories)):
            if values:
                parts.append(f"{name}{'s' if len(values) > 1 else ''} {', '.join(values)}")
        return "; ".join(parts) or "everything"

    def as_frame(self) -> pd.DataFrame:
        rows = [(f.name, ", ".join(getattr(self, f.name) or ()) or "all")
                for f in fields(self)]
        return pd.DataFrame(rows, columns=["filter", "value"])


def parse_quarters(value: str | tuple | list | None) -> tuple[str, str] | None:
    """``"2026-Q1:2026-Q3"``, ``"2026-Q3"``, ``("2026-Q1", "2026-Q3")`` or None.

    Quarters may be written in any form a goal file accepts (``Q3 2026``, ``2026q3``).
    """
    from .validate import _quarter

    if value is None or value == "":
        return None
    ends = value.split(":") if isinstance(value, str) else list(value)
    if len(ends) == 1:
        ends = ends * 2
    parsed = [_quarter(v) for v in ends]
    if len(ends) != 2 or None in parsed:
        raise OkrcoachError(f"{value!r} is not a quarter range; write it as 2026-Q1:2026-Q3 "
                            "or one quarter such as 2026-Q3")
    first, last = sorted(parsed)
    return first, last


def _as_tuple(value) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


class Overview:
    """The whole organisation analysed once.

    Parameters
    ----------
    goals : GoalSet
    config : Config, optional
        Rule selection and thresholds; the focus view's limits come from it too.
    as_of : date, optional
        The day trends and cadence rules judge from; the latest date in the data by default.

    Attributes
    ----------
    goals : GoalSet
    findings : DataFrame
        :func:`okrcoach.lint` of every quarter.
    trends : Trends
    teams : DataFrame
        One row per team: ``team, department, level`` (its objectives' usual level).
    """

    def __init__(self, goals: GoalSet, config: Config | None = None,
                 as_of: str | pd.Timestamp | None = None):
        self.goals = goals
        self.config = config or Config()
        self.trends = trends(goals, as_of)
        self.as_of = self.trends.as_of
        self.findings = lint(goals, self.config, as_of=self.as_of)
        self.teams = team_table(goals)
        obj = goals.objectives
        self._objectives = obj.assign(
            department=obj["team"].map(self.teams.set_index("team")["department"]))
        krs = goals.key_results.merge(
            self._objectives[["objective_id", "team", "quarter", "level", "department"]],
            on="objective_id", how="left")
        self._key_results = krs
        # the objective each finding is about, also for findings on a key result
        kr_parent = krs.drop_duplicates("kr_id").set_index("kr_id")["objective_id"]
        f = self.findings
        self._finding_objective = f["objective_id"].fillna(f["kr_id"].map(kr_parent))

    @functools.cached_property
    def _kr_cadence(self) -> pd.DataFrame:
        """Per key result, once: ``kr_id, team, quarter, checkins, weekly`` (share of the
        quarter's elapsed weeks with a check-in) and ``last`` (latest check-in)."""
        as_of = self.as_of
        krs = self._key_results[["kr_id", "team", "quarter"]].dropna(subset=["quarter"])
        bounds = {q: quarter_bounds(q) for q in krs["quarter"].unique()}
        krs = krs.assign(start=krs["quarter"].map({q: b[0] for q, b in bounds.items()}))
        end = krs["quarter"].map({q: b[1] for q, b in bounds.items()})
        elapsed = (np.minimum(end, as_of + pd.Timedelta(days=1)) - krs["start"]).dt.days
        krs["weeks"] = np.maximum(np.ceil(elapsed / 7), 1)
        ch = self.goals.checkins[["kr_id", "date"]].merge(krs[["kr_id", "start"]], on="kr_id")
        ch = ch[(ch["date"] >= ch["start"]) & (ch["date"] <= as_of + pd.Timedelta(days=1))]
        week = (ch["date"] - ch["start"]).dt.days // 7
        per_kr = ch.assign(week=week).groupby("kr_id").agg(
            checkins=("date", "size"), weeks_with=("week", "nunique"), last=("date", "max"))
        krs = krs.join(per_kr, on="kr_id")
        krs["checkins"] = krs["checkins"].fillna(0)
        krs["weekly"] = (krs["weeks_with"].fillna(0) / krs["weeks"]).clip(upper=1)
        return krs[["kr_id", "team", "quarter", "checkins", "weekly", "last"]]

    @classmethod
    def from_path(cls, data: str | os.PathLike | GoalSet,
                  config: Config | str | os.PathLike | None = None,
                  as_of: str | pd.Timestamp | None = None) -> Overview:
        """Load goal data (anything :func:`okrcoach.load` reads) and analyse it.

        ``config`` may be a :class:`Config` or the path of an ``okrcoach.toml`` or
        ``pyproject.toml``.
        """
        if config is not None and not isinstance(config, Config):
            config = Config.from_file(Path(config))
        goals = data if isinstance(data, GoalSet) else load(data)
        return cls(goals, config, as_of if as_of not in (None, "") else None)

    # -- what there is to choose from ---------------------------------------------------

    @functools.cached_property
    def options(self) -> dict[str, list[str]]:
        """What each filter can choose from (see :func:`filter_options`)."""
        return filter_options(self.goals, self.teams)

    @property
    def quarters(self) -> list[str]:
        return self.options["quarters"]

    @property
    def departments(self) -> list[str]:
        return self.options["departments"]

    def team_names(self, departments: tuple[str, ...] = ()) -> list[str]:
        t = self.teams
        if departments:
            t = t[t["department"].isin(departments)]
        return sorted(t["team"])

    @property
    def levels(self) -> list[str]:
        return self.options["levels"]

    @property
    def categories(self) -> list[str]:
        return self.options["categories"]

    def selection(self, quarters=None, departments=None, teams=None, levels=None,
                  categories=None) -> Selection:
        """A :class:`Selection` from loose values (a string or a list each), checked
        against the data (see :func:`check_selection`)."""
        return check_selection(self.goals, quarters, departments, teams, levels, categories,
                               options=self.options)

    def select(self, selection: Selection | None = None, **filters) -> View:
        """The analysis restricted to a selection (or to keyword filters, see
        :meth:`selection`). Views are kept, so returning to a selection costs nothing."""
        if selection is None:
            selection = self.selection(**filters)
        elif filters:
            selection = replace(selection, **{k: _as_tuple(v) for k, v in filters.items()})
        return self._view(selection)

    @functools.lru_cache(maxsize=64)  # noqa: B019 - one Overview per notebook; views are small
    def _view(self, selection: Selection) -> View:
        return View(self, selection)


def filter_options(goals: GoalSet, team_info: pd.DataFrame | None = None,
                   ) -> dict[str, list[str]]:
    """The values each filter can take in this data: ``quarters``, ``departments``,
    ``teams``, ``levels`` (those present, in cascade order) and ``categories``."""
    t = team_table(goals) if team_info is None else team_info
    present = set(goals.objectives["level"].dropna())
    return {"quarters": sorted(goals.objectives["quarter"].dropna().unique()),
            "departments": sorted(t["department"].dropna().unique()),
            "teams": sorted(t["team"]), "levels": [lv for lv in LEVELS if lv in present],
            "categories": list(CATEGORIES.values())}


def check_selection(goals: GoalSet, quarters=None, departments=None, teams=None,
                    levels=None, categories=None, *,
                    options: dict[str, list[str]] | None = None) -> Selection:
    """A :class:`Selection` from loose values (a string or a list each), checked against
    the data; the quarter range is narrowed to the quarters the data has.

    Raises
    ------
    OkrcoachError
        Naming every value that is not in the data, with the values that are.
    """
    known = options or filter_options(goals)
    sel = Selection(parse_quarters(quarters), _as_tuple(departments), _as_tuple(teams),
                    _as_tuple(levels), _as_tuple(categories))
    problems = []
    for name in ("departments", "teams", "levels", "categories"):
        unknown = [v for v in getattr(sel, name) if v not in known[name]]
        if unknown:
            problems.append(f"unknown {name[:-1] if len(unknown) == 1 else name} "
                            f"{', '.join(map(repr, unknown))}; known: {', '.join(known[name])}")
    data_quarters = known["quarters"]
    if sel.quarters:
        inside = [q for q in data_quarters if sel.quarters[0] <= q <= sel.quarters[1]]
        if inside:  # the range as the data has it, so a slider can show it
            sel = replace(sel, quarters=(inside[0], inside[-1]))
        else:
            have = (f"{data_quarters[0]} to {data_quarters[-1]}" if data_quarters
                    else "no quarters")
            problems.append(f"no quarter from {sel.quarters[0]} to {sel.quarters[1]} in the "
                            f"data, which has {have}")
    if problems:
        raise OkrcoachError("; ".join(problems))
    return sel


def team_table(goals: GoalSet) -> pd.DataFrame:
    """``team, department, level`` for every team named by an objective or a KPI."""
    obj = goals.objectives
    if "department" in obj and obj["department"].notna().any():
        pairs = pd.DataFrame({"team": obj["team"], "department": obj["department"]})
    else:
        pairs = pd.DataFrame({"team": obj["team"], "department": _cascade_department(obj)})
    department = _most_common(pairs.dropna(), "team", "department")
    levels = _most_common(obj[["team", "level"]].dropna(), "team", "level")
    names = pd.concat([obj["team"], goals.kpis["team"]]).dropna().unique()
    out = pd.DataFrame({"team": sorted(names)})
    out["department"] = out["team"].map(department)
    out["level"] = out["team"].map(levels).fillna("team")
    return out


def _cascade_department(obj: pd.DataFrame) -> pd.Series:
    """Each objective's department: its own team if it is a department-level objective,
    else that of the nearest department-level objective up its chain of parents."""
    own = pd.Series(np.where(obj["level"].eq("department"), obj["team"], None),
                    index=obj["objective_id"].to_numpy(), dtype="object")
    own = own[~own.index.duplicated()]
    parent = obj.drop_duplicates("objective_id").set_index("objective_id")["parent_id"]
    found = own.reindex(obj["objective_id"]).to_numpy()
    current = obj["objective_id"].to_numpy(dtype=object)
    for _ in range(len(LEVELS) + 4):  # a cascade is a few levels deep; cycles stop here
        missing = pd.isna(found)
        if not missing.any():
            break
        current = parent.reindex(current).to_numpy(dtype=object)
        found = np.where(missing, own.reindex(current).to_numpy(), found)
    return pd.Series(found, index=obj.index, dtype="object")


def _most_common(pairs: pd.DataFrame, key: str, value: str) -> pd.Series:
    counts = pairs.value_counts().rename("n").reset_index()
    counts = counts.sort_values(["n", value], ascending=[False, True], kind="stable")
    return counts.drop_duplicates(key).set_index(key)[value]


class View:
    """The organisation's analysis restricted to one :class:`Selection`.

    Every frame is computed on first use and kept. Columns are described on each property.
    """

    def __init__(self, overview: Overview, selection: Selection):
        self.overview, self.selection = overview, selection
        ov, sel = overview, selection
        obj = ov._objectives
        teams = ov.teams
        keep_team = pd.Series(True, index=teams.index)
        if sel.departments:
            keep_team &= teams["department"].isin(sel.departments)
        if sel.teams:
            keep_team &= teams["team"].isin(sel.teams)
        scoped = set(teams.loc[keep_team, "team"])  # teams by department and name
        if sel.levels:
            keep_team &= teams["level"].isin(sel.levels)
        self._team_set = set(teams.loc[keep_team, "team"])  # ... and by their usual level

        mask = obj["team"].isin(scoped)
        if sel.quarters:
            first, last = sel.quarters
            mask &= obj["quarter"].between(first, last)
        if sel.levels:
            mask &= obj["level"].isin(sel.levels)
        self.objectives = obj[mask].reset_index(drop=True)
        ids = set(self.objectives["objective_id"])
        krs = ov._key_results
        self.key_results = krs[krs["objective_id"].isin(ids)].reset_index(drop=True)
        kpis = ov.goals.kpis
        unfiltered = len(self._team_set) == len(teams)  # KPIs of no team only then
        self.kpis = kpis[kpis["team"].isin(self._team_set)
                         | (kpis["team"].isna() & unfiltered)].reset_index(drop=True)

        f = ov.findings
        about = ov._finding_objective
        in_quarters = (f["quarter"].between(*sel.quarters) if sel.quarters
                       else pd.Series(True, index=f.index)) | f["quarter"].isna()
        on_objective = about.notna()
        on_kpi = ~on_objective & f["kpi_id"].notna()
        on_team = ~on_objective & ~on_kpi
        keep = ((on_objective & about.isin(ids))
                | (on_kpi & f["kpi_id"].isin(set(self.kpis["kpi_id"])))
                | (on_team & f["team"].isin(self._team_set) & in_quarters))
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
        return pd.DataFrame([{
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
        }])

    # -- quality --------------------------------------------------------------------------

    @functools.cached_property
    def _scores(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        obj_scores, team_scores = scores(self.overview.goals, self.findings)
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
        f = self.overview.findings
        output = set(f.loc[f["category"].eq("outcome") & f["kr_id"].notna(), "kr_id"])
        krs = self.key_results.assign(output=self.key_results["kr_id"].isin(output))
        out = (krs.groupby(["team", "quarter"], as_index=False)
               .agg(key_results=("kr_id", "size"), output=("output", "sum")))
        out["share"] = out["output"] / out["key_results"]
        return out

    # -- focus ----------------------------------------------------------------------------

    @functools.cached_property
    def focus(self) -> pd.DataFrame:
        """Objectives per team and quarter against the guideline: ``team, quarter, level,
        objectives, key_results, limit`` (FOC001's maximum: per team, or at company level)
        and ``status`` (within / over)."""
        opts = self.overview.config.options_for(registry()["FOC001"])
        krs = self.key_results.groupby(["team", "quarter"]).size().rename("key_results")
        obj = self.objectives
        out = (obj.assign(company=obj["level"].eq("company"))
               .groupby(["team", "quarter"], as_index=False)
               .agg(level=("level", "first"), objectives=("objective_id", "size"),
                    company=("company", "any")))
        out = out.merge(krs.reset_index(), on=["team", "quarter"], how="left")
        out["key_results"] = out["key_results"].fillna(0).astype(int)
        out["limit"] = np.where(out.pop("company"), opts.max_per_company, opts.max_per_team)
        out["status"] = np.where(out["objectives"] > out["limit"], "over", "within")
        return out

    @functools.cached_property
    def key_results_per_objective(self) -> pd.DataFrame:
        """``objective_id, team, quarter, title, key_results, low, high, status`` (within /
        too few / too many against FOC002's range)."""
        opts = self.overview.config.options_for(registry()["FOC002"])
        counts = self.key_results.groupby("objective_id").size()
        out = self.objectives[["objective_id", "team", "quarter", "title"]].copy()
        out["key_results"] = out["objective_id"].map(counts).fillna(0).astype(int)
        out["low"], out["high"] = opts.min_per_objective, opts.max_per_objective
        out["status"] = np.select([out["key_results"] < out["low"],
                                   out["key_results"] > out["high"]],
                                  ["too few", "too many"], "within")
        return out

    # -- attainment -----------------------------------------------------------------------

    @functools.cached_property
    def attainment(self) -> pd.DataFrame:
        """Trend rows (:attr:`Trends.kr_progress`) of the selected key results."""
        progress = self.overview.trends.kr_progress
        return progress[progress["kr_id"].isin(set(self.key_results["kr_id"]))].reset_index(
            drop=True)

    @functools.cached_property
    def team_attainment(self) -> pd.DataFrame:
        """Per team: ``team, quarters`` (graded), ``key_results, mean_score, at_least_one``
        (share of key results scored 1.0 or more), ``below_0_3``, ``signal`` (sandbagging /
        under-scoring, from rules CAD003 and CAD004) and ``evidence`` (the rule's message)."""
        a = self.attainment.dropna(subset=["final_score"])
        out = (a.assign(perfect=a["final_score"] >= 1.0, low=a["final_score"] < 0.3)
               .groupby("team", as_index=False)
               .agg(quarters=("quarter", "nunique"), key_results=("kr_id", "size"),
                    mean_score=("final_score", "mean"), at_least_one=("perfect", "mean"),
                    below_0_3=("low", "mean")))
        flags = self.score_signals.drop_duplicates("team").set_index("team")
        out["signal"] = out["team"].map(flags["signal"])
        out["evidence"] = out["team"].map(flags["message"])
        return out.sort_values("mean_score", ascending=False, kind="stable").reset_index(
            drop=True)

    @property
    def score_signals(self) -> pd.DataFrame:
        """Teams named by the sandbagging and under-scoring rules: ``team, signal, code,
        message``."""
        f = self.all_findings
        f = f[f["code"].isin([SANDBAGGING, UNDER_SCORING])]
        signal = np.where(f["code"].eq(SANDBAGGING), "sandbagging", "under-scoring")
        return pd.DataFrame({"team": f["team"].to_numpy(), "signal": signal,
                             "code": f["code"].to_numpy(), "message": f["message"].to_numpy()})

    # -- cadence --------------------------------------------------------------------------

    @functools.cached_property
    def cadence(self) -> pd.DataFrame:
        """Check-in habits per team and quarter: ``team, quarter, key_results, checkins,
        weekly`` (mean share of the quarter's elapsed weeks in which a key result got a
        check-in), ``never`` (key results without any check-in), ``last_checkin``,
        ``stale`` (findings of CAD001) and ``set_and_forget`` (CAD006)."""
        per_kr = self.overview._kr_cadence
        krs = per_kr[per_kr["kr_id"].isin(set(self.key_results["kr_id"]))]
        out = krs.assign(never=krs["checkins"].eq(0)).groupby(
            ["team", "quarter"], as_index=False).agg(
            key_results=("kr_id", "size"), checkins=("checkins", "sum"),
            weekly=("weekly", "mean"), never=("never", "sum"), last_checkin=("last", "max"))
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
        status = self.overview.trends.kpi_status.drop(
            columns=["name", "team", "direction", "target", "green_at", "red_at"],
            errors="ignore")
        out = k[["kpi_id", "name", "team", "owner", "unit", "direction", "target", "green_at",
                 "red_at", "formula", "source", "frequency", "guardrail_for"]].merge(
            status, on="kpi_id", how="left")
        stated = pd.DataFrame({
            "formula": out["formula"].notna(), "source": out["source"].notna(),
            "frequency": out["frequency"].notna(),
            "thresholds": out["green_at"].notna() & out["red_at"].notna(),
            "owner": out["owner"].notna()})
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
        b = self.overview.trends.guardrail_breaches
        obj = self.objectives[["objective_id", "team", "quarter", "title"]]
        out = b.merge(obj, on="objective_id")
        names = self.overview.goals.kpis.drop_duplicates("kpi_id").set_index("kpi_id")["name"]
        out.insert(1, "name", out["kpi_id"].map(names))
        return out.sort_values(["date", "kpi_id"], kind="stable").reset_index(drop=True)

    # -- findings ---------------------------------------------------------------------------

    @functools.cached_property
    def findings_table(self) -> pd.DataFrame:
        """The findings with ``about``: the key result's text, the objective's title, the
        KPI's name or the team's quarter the finding is about."""
        f = self.findings
        goals = self.overview.goals
        texts = goals.key_results.drop_duplicates("kr_id").set_index("kr_id")["text"]
        titles = goals.objectives.drop_duplicates("objective_id").set_index(
            "objective_id")["title"]
        names = goals.kpis.drop_duplicates("kpi_id").set_index("kpi_id")["name"]
        whole = (f["team"].fillna("") + " " + f["quarter"].fillna("")).str.strip()
        about = (f["kr_id"].map(texts).fillna(f["objective_id"].map(titles))
                 .fillna(f["kpi_id"].map(names)).fillna(whole))
        return f.assign(about=about)

    def sorted_findings(self, by: str = "severity", descending: bool = False,
                        search: str = "") -> pd.DataFrame:
        """:attr:`findings_table` sorted by a column (severity sorts error first) and
        narrowed to rows containing ``search`` (case-insensitive) in any text column."""
        key = (by, descending, search)
        if key not in self._sorted:  # a pager asks for the same order again and again
            self._sorted[key] = self._sort_findings(by, descending, search)
        return self._sorted[key]

    def _sort_findings(self, by: str, descending: bool, search: str) -> pd.DataFrame:
        t = self.findings_table
        if search:
            needle = search.casefold()
            hit = pd.Series(False, index=t.index)
            for col in ("code", "name", "team", "quarter", "message", "about", "match",
                        "suggestion"):
                hit |= t[col].fillna("").str.casefold().str.contains(needle, regex=False)
            t = t[hit]
        if by not in t.columns:
            raise OkrcoachError(f"cannot sort by {by!r}; columns: {', '.join(t.columns)}")
        key = t[by].map(_SEVERITY_RANK) if by == "severity" else t[by]
        order = np.argsort(key.to_numpy(na_value=np.nan) if by == "severity" else
                           pd.factorize(key, sort=True, use_na_sentinel=False)[0],
                           kind="stable")
        if descending:
            order = order[::-1]
        return t.iloc[order].reset_index(drop=True)

    # -- export -----------------------------------------------------------------------------

    def export(self, folder: str | os.PathLike, formats: tuple[str, ...] = ("csv", "xlsx"),
               ) -> dict[str, Path]:
        """Write the selection's findings and scores.

        CSV: ``findings.csv``, ``team_scores.csv``, ``objective_scores.csv``; XLSX:
        ``exploration.xlsx`` with those three sheets after a ``selection`` sheet naming
        the filters. Files are written atomically; text stays text (a value starting with
        ``=`` is never turned into a formula).

        Returns
        -------
        dict
            File name to path.
        """
        unknown = set(formats) - {"csv", "xlsx"}
        if unknown:
            raise OkrcoachError(f"unknown export format {', '.join(sorted(unknown))}; "
                                "use csv and/or xlsx")
        from .goalset import _atomic

        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        tables = {"findings": self.findings_table, "team_scores": self.quality,
                  "objective_scores": self.objective_quality}
        written = {}
        if "csv" in formats:
            for name, table in tables.items():
                path = folder / f"{name}.csv"
                with _atomic(path) as tmp:
                    table.to_csv(tmp, index=False)
                written[path.name] = path
        if "xlsx" in formats:
            path = write_workbook(folder / "exploration.xlsx",
                                  {"selection": self.selection.as_frame(), **tables})
            written[path.name] = path
        return written


__all__ = ["KPI_DEFINITION", "Overview", "Selection", "View", "check_selection",
           "filter_options", "parse_quarters", "team_table"]
