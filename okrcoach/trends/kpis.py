"""KPI series: status, slope, forecast, anomalies, level shifts and guardrail breaches."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..goalset import GoalSet
from ..quarters import bounds_of
from .limits import PERIOD_WEEKS
from .outlook import cone_end, outlook, reach_target, step_days


def theil_sen(frame: pd.DataFrame) -> pd.Series:
    """Median of pairwise slopes (per week) for every KPI at once, on padded arrays."""
    if frame.empty:
        return pd.Series(dtype=float)
    frame = frame.assign(pos=frame.groupby("kpi_id").cumcount())
    y = frame.pivot(index="kpi_id", columns="pos", values="value").to_numpy(dtype=float)
    weeks = (
        frame["date"] - frame.groupby("kpi_id")["date"].transform("min")
    ).dt.total_seconds() / (7 * 86400)
    x = frame.assign(w=weeks).pivot(index="kpi_id", columns="pos", values="w").to_numpy(float)
    i, j = np.triu_indices(y.shape[1], k=1)
    dx = x[:, j] - x[:, i]
    ids = pd.Index(sorted(frame["kpi_id"].unique()), name="kpi_id")
    if dx.shape[1] == 0:
        return pd.Series(np.nan, index=ids)
    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN rows: fewer than 2 points
        slopes = (y[:, j] - y[:, i]) / np.where(dx > 0, dx, np.nan)
        return pd.Series(np.nanmedian(slopes, axis=1), index=ids)


#: KPIs recorded at shorter steps than this (daily, hourly) are judged on a week's mean.
WEEK_MEAN_BELOW_DAYS = 5


def judged_value(v: pd.DataFrame, step: pd.Series) -> pd.Series:
    """The value red/yellow/green judges: the latest one, or for a KPI recorded more often
    than every :data:`WEEK_MEAN_BELOW_DAYS` days, the mean of its last seven days, so a
    daily KPI's every weekend dip does not turn it red."""
    last = v.groupby("kpi_id")["date"].transform("max")
    recent = v[v["date"] > last - pd.Timedelta(days=7)]
    mean = recent.groupby("kpi_id")["value"].mean()
    latest = v.groupby("kpi_id")["value"].last()
    often = step.reindex(latest.index) < WEEK_MEAN_BELOW_DAYS
    return latest.where(~often, mean.reindex(latest.index))


def kpi_status(
    goals: GoalSet,
    values: pd.DataFrame,
    as_of: pd.Timestamp,
    anomalies: pd.DataFrame,
    shifts: pd.Series,
    cone: pd.DataFrame,
) -> pd.DataFrame:
    """One row per KPI (see ``Trends.kpi_status``)."""
    return kpi_outlook(kpi_levels(goals, values, as_of), anomalies, shifts, cone)


def kpi_levels(goals: GoalSet, values: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """What the values say by themselves: latest, change, slope, red/yellow/green (indexed
    by kpi_id; computed while the KPIs' models run)."""
    kpis = goals.kpis.set_index("kpi_id")
    v = values.dropna(subset=["value"]).sort_values(["kpi_id", "date"], kind="stable")
    window = v[v["date"] > as_of - pd.Timedelta(weeks=PERIOD_WEEKS)]
    last = v.groupby("kpi_id").tail(1).set_index("kpi_id")
    first = window.groupby("kpi_id").head(1).set_index("kpi_id")
    out = kpis[["name", "team", "direction", "target", "green_at", "red_at"]].copy()
    out["latest"] = last["value"]
    out["latest_date"] = last["date"]
    out["start_value"] = first["value"]
    out["change"] = out["latest"] - out["start_value"]
    out["change_pct"] = out["change"] / out["start_value"].abs().where(out["start_value"] != 0)
    counts = window.groupby("kpi_id").size()
    slope = theil_sen(window)
    out["slope_per_week"] = slope.where(counts.reindex(slope.index) >= 3)
    up = out["direction"].eq("higher_is_better")
    down = out["direction"].eq("lower_is_better")
    out["step_days"] = step_days(v, in_order=True)
    out["rag_value"] = judged_value(v, out["step_days"]).reindex(out.index)
    x, g, r = out["rag_value"], out["green_at"], out["red_at"]
    rag = np.select(
        [
            g.isna() | r.isna() | x.isna() | ~(up | down),
            (up & (x >= g)) | (down & (x <= g)),
            (up & (x <= r)) | (down & (x >= r)),
        ],
        ["unknown", "green", "red"],
        default="yellow",
    )
    out["rag"] = rag
    return out


def kpi_outlook(
    levels: pd.DataFrame, anomalies: pd.DataFrame, shifts: pd.Series, cone: pd.DataFrame
) -> pd.DataFrame:
    """:func:`kpi_levels` with the forecast, the target date, the outlook sentence and the
    anomalies: the status table of every KPI."""
    end = cone_end(cone)  # each KPI's last forecast: read by all three below
    out = levels.join(reach_target(levels, cone, end))
    out["forecast_model"] = end["model"].reindex(out.index)
    out["forecast_end"] = end["forecast"].reindex(out.index)
    out["forecast_low"] = end["lower"].reindex(out.index)
    out["forecast_high"] = end["upper"].reindex(out.index)
    out["outlook"] = outlook(out, end)
    out["anomalies"] = anomalies.groupby("kpi_id").size().reindex(out.index).fillna(0).astype(int)
    out["level_shift_date"] = shifts.reindex(out.index)
    return out.reset_index()


def guardrail_breaches(
    goals: GoalSet, values: pd.DataFrame, progress: pd.DataFrame, as_of: pd.Timestamp
) -> pd.DataFrame:
    """A guardrail KPI past its red threshold while an objective it guards progresses."""
    columns = ["kpi_id", "objective_id", "date", "value", "red_at", "objective_progress", "message"]
    kpis = goals.kpis.dropna(subset=["guardrail_for", "red_at"])
    if kpis.empty:
        return pd.DataFrame(columns=columns)
    links = kpis.assign(objective_id=kpis["guardrail_for"].str.split(",")).explode("objective_id")[
        ["kpi_id", "objective_id", "direction", "red_at", "name"]
    ]
    quarters = goals.objectives.drop_duplicates("objective_id").set_index("objective_id")["quarter"]
    links["quarter"] = links["objective_id"].map(quarters)
    links = links.dropna(subset=["quarter"])
    links["q_start"], links["q_end"] = bounds_of(links["quarter"])
    moving = progress.groupby("objective_id")["progress"].mean()
    links["objective_progress"] = links["objective_id"].map(moving)
    hits = values.merge(links, on="kpi_id")
    hits = hits[
        (hits["date"] >= hits["q_start"])
        & (hits["date"] <= hits["q_end"])
        & (hits["objective_progress"] > 0)
    ]
    red = (hits["direction"].eq("lower_is_better") & (hits["value"] >= hits["red_at"])) | (
        hits["direction"].eq("higher_is_better") & (hits["value"] <= hits["red_at"])
    )
    first = hits[red].sort_values("date").groupby(["kpi_id", "objective_id"]).head(1)
    first = first.assign(
        message=(
            first["name"].fillna(first["kpi_id"])
            + " reached "
            + first["value"].astype(str)
            + " on "
            + first["date"].dt.strftime("%Y-%m-%d")
            + " (red at "
            + first["red_at"].astype(str)
            + ") while objective "
            + first["objective_id"]
            + " was "
            + (first["objective_progress"] * 100).round().astype(int).astype(str)
            + "% of the way"
        )
    )
    return first[columns].reset_index(drop=True)


__all__ = ["guardrail_breaches", "kpi_levels", "kpi_outlook", "kpi_status", "theil_sen"]
