"""One team's quarterly retrospective: what the team reads in its review meeting.

:func:`team_retro` gathers, for one team and quarter, the key results' scores against the
0.7 sweet spot, the team's KPIs, the quality findings on the quarter's OKRs, the check-in
cadence, candidate objectives from KPIs that are off track, and review questions drawn
from all of these. The whole organisation is linted and trended (some rules need it, such
as a red KPI that *no* team addresses), but only the team's own rows are kept, so a report
built from a :class:`TeamRetro` holds no other team's objectives or key results.

:mod:`okrcoach.retro.report` renders a :class:`TeamRetro` as HTML sections for the notebook.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from ..config import Config
from ..errors import OkrcoachError
from ..goalset import GoalSet
from ..grading import grade, weighted_score
from ..organisation.analysed import Organisation, analysed, loaded
from ..quarters import quarter_end_day
from ..trends import default_as_of
from . import prompts
from .contents import TeamRetro


def retro_as_of(goals: GoalSet, quarter: str) -> pd.Timestamp:
    """The day a retrospective describes by default.

    The quarter's last day once the data reach its final two weeks (the last check-ins are
    usually a few days before the end, and the review is about the whole quarter);
    otherwise the latest date in the data, for a review in the middle of the quarter.
    """
    end = quarter_end_day(quarter)
    latest = default_as_of(goals)
    return end if latest >= end - pd.Timedelta(days=14) else latest


def team_retro(
    data: str | os.PathLike | GoalSet,
    team: str,
    quarter: str,
    config: Config | str | os.PathLike | None = None,
    as_of: str | pd.Timestamp | None = None,
) -> TeamRetro:
    """Gather one team's retrospective for a quarter.

    Parameters
    ----------
    data : path or GoalSet
        The organisation's goal data (anything :func:`okrcoach.load` reads).
    team : str
    quarter : str
        Such as ``"2026-Q3"``.
    config : Config or path, optional
        Lint settings, or an ``okrcoach.toml``/``pyproject.toml`` to read them from.
    as_of : date, optional
        Day to judge from; by default the quarter's end or the latest date in the data.

    Raises
    ------
    OkrcoachError
        When the team has no objectives in that quarter (the message lists the teams that do).
    """
    if config is not None and not isinstance(config, Config):
        config = Config.from_file(Path(config))
    goals = loaded(data)
    when = pd.Timestamp(as_of) if as_of not in (None, "") else retro_as_of(goals, quarter)
    org = analysed(goals, config, when)
    known = org.teams_in(quarter)
    if team not in known:
        raise OkrcoachError(
            f"{team!r} has no objectives in {quarter}; teams with objectives "
            f"then: {', '.join(known) or 'none'}"
        )
    lk = org.lookups
    obj_all = lk["objectives"].rows([team])
    obj = obj_all[obj_all["quarter"].eq(quarter)]
    raw_krs = lk["key_results"].rows(obj_all["objective_id"])
    krs_all = _with_scores(raw_krs, org.progress)
    krs = krs_all[krs_all["objective_id"].isin(obj["objective_id"])].reset_index(drop=True)
    moved = raw_krs.loc[raw_krs["kr_id"].isin(krs["kr_id"]), "metric"].dropna()
    kpis, values, anomalies, breaches, cone = _team_kpis(org, team, obj, moved)
    points = lk["checkins"].rows(krs["kr_id"])
    retro = TeamRetro(
        team=team,
        quarter=quarter,
        as_of=org.as_of,
        final=org.as_of >= quarter_end_day(quarter),
        objectives=_objectives(obj, krs, org.quality),
        key_results=krs,
        history=_history(obj_all, krs_all, lk["team_scores"].rows([team]), quarter),
        kpis=kpis,
        kpi_values=values,
        anomalies=anomalies,
        kpi_forecast=cone,
        guardrail_breaches=breaches,
        findings=_quarter_findings(lk["findings"].rows([team]), quarter),
        progress_points=points[["kr_id", "date", "progress"]].reset_index(drop=True),
        cadence=lk["cadence"].rows(krs["kr_id"]).drop(columns=["team", "quarter", "weekly"]),
        candidates=prompts.candidates(kpis, krs, quarter),
    )
    return replace(retro, questions=prompts.review_questions(retro))


def _quarter_findings(found: pd.DataFrame, quarter: str) -> pd.DataFrame:
    """A team's findings about the quarter, or about no quarter (its KPIs, its history)."""
    return found[found["quarter"].eq(quarter) | found["quarter"].isna()].reset_index(drop=True)


def _objectives(obj: pd.DataFrame, krs: pd.DataFrame, quality: pd.Series) -> pd.DataFrame:
    """The quarter's objectives with their key results' count, weighted score, grade and
    writing quality."""
    objectives = obj[["objective_id", "title", "kind", "owner"]].copy()
    by_obj = krs.groupby("objective_id")
    objectives["key_results"] = objectives["objective_id"].map(by_obj.size()).fillna(0)
    objectives["key_results"] = objectives["key_results"].astype(int)
    objectives["score"] = objectives["objective_id"].map({k: weighted_score(g) for k, g in by_obj})
    objectives["grade"] = objectives["score"].map(grade)
    objectives["quality"] = objectives["objective_id"].map(quality)
    return objectives.reset_index(drop=True)


def _with_scores(krs: pd.DataFrame, progress: pd.DataFrame) -> pd.DataFrame:
    out = krs[
        [
            "kr_id",
            "objective_id",
            "text",
            "owner",
            "unit",
            "direction",
            "baseline",
            "target",
            "weight",
        ]
    ].copy()
    p = progress.reindex(out["kr_id"])
    for col in ("current", "progress", "expected", "status", "checkins", "last_checkin"):
        out[col] = p[col].to_numpy()
    so_far = pd.to_numeric(p["progress"], errors="coerce").clip(lower=0)  # over 1 is kept
    out["score"] = p["final_score"].fillna(so_far).to_numpy()
    out["grade"] = out["score"].map(grade)
    return out


def _history(obj_all, krs_all, team_scores, quarter) -> pd.DataFrame:
    quarters = sorted(q for q in obj_all["quarter"].dropna().unique() if q <= quarter)
    quality = team_scores.set_index("quarter")["score"]
    q_of = obj_all.set_index("objective_id")["quarter"]
    krs = krs_all.assign(quarter=krs_all["objective_id"].map(q_of))
    rows = []
    for q in quarters:
        k = krs[krs["quarter"].eq(q)]
        rows.append(
            {
                "quarter": q,
                "objectives": int(obj_all["quarter"].eq(q).sum()),
                "key_results": len(k),
                "score": weighted_score(k),
                "quality": quality.get(q, np.nan),
            }
        )
    return pd.DataFrame(rows, columns=["quarter", "objectives", "key_results", "score", "quality"])


def _team_kpis(org: Organisation, team: str, obj: pd.DataFrame, moved: pd.Series):
    """The KPIs a team reports, moves with its key results, or that guard its objectives."""
    lk = org.lookups
    rows, guards = org.kpi_positions(team, obj["objective_id"], moved)
    kpis = org.goals.kpis
    ids = kpis["kpi_id"].to_numpy()[rows]
    status = lk["kpi_status"].rows(ids)
    status = status.join(org.kpi_details, on="kpi_id").reset_index(drop=True)
    status["guardrail"] = status["kpi_id"].isin(kpis["kpi_id"].to_numpy()[guards])
    values = lk["kpi_values"].rows(ids)
    values = values[values["date"].le(org.trends.as_of)]
    anomalies = lk["anomalies"].rows(ids).reset_index(drop=True)
    cone = lk["kpi_forecast"].rows(ids).reset_index(drop=True)
    # Only breaches against this team's objectives: a breach message quotes the objective.
    breaches = lk["breaches"].rows(obj["objective_id"]).reset_index(drop=True)
    return status, values.reset_index(drop=True), anomalies, breaches, cone


__all__ = ["retro_as_of", "team_retro"]
