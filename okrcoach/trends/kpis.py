"""KPI series: status, slope, forecast, anomalies, level shifts and guardrail breaches."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..goalset import GoalSet
from ..quarters import bounds_of
from .limits import ANOMALY_Z, HORIZON_WEEKS, LEVEL_SHIFT, PERIOD_WEEKS


def padded(v: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Values of every KPI as rows of one matrix, in date order, padded with NaN at the end.

    Returns the matrix and, for each long-form row of ``v``, its row and column in it.
    """
    row = pd.factorize(v["kpi_id"], sort=True)[0]
    col = v.groupby("kpi_id").cumcount().to_numpy()
    matrix = np.full((row.max() + 1 if len(row) else 0, col.max() + 1 if len(col) else 0), np.nan)
    matrix[row, col] = v["value"].to_numpy(dtype=float)
    return matrix, row, col


def window_median(matrix: np.ndarray, before: int, after: int, least: int) -> np.ndarray:
    """Median of each point's window [t - before, t + after], NaN with fewer than ``least``
    values: a rolling median over every series at once."""
    if matrix.size == 0:
        return matrix.copy()
    padded = np.pad(matrix, ((0, 0), (before, after)), constant_values=np.nan)
    windows = np.lib.stride_tricks.sliding_window_view(padded, before + after + 1, axis=1)
    counts = (~np.isnan(windows)).sum(axis=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # windows with no value at all
        med = np.nanmedian(windows, axis=2)
    return np.where(counts >= least, med, np.nan)


def anomalies_and_shifts(values: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """Anomalies (robust z against the local median) and the latest level shift per KPI.

    All series at once on one padded matrix: no loop per KPI.
    """
    v = values.dropna(subset=["value"]).sort_values(["kpi_id", "date"], kind="stable")
    v = v.reset_index(drop=True)
    matrix, row, col = padded(v)
    local = pd.Series(window_median(matrix, 3, 3, 3)[row, col], index=v.index)
    resid = v["value"] - local
    # The noise level comes from point-to-point changes (median absolute change / sqrt 2,
    # scaled to a standard deviation): residuals from a local median understate it, and
    # one wild point moves a median of changes hardly at all.
    steps = np.diff(matrix, axis=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # series of one point
        noise_by_row = 1.4826 * np.nanmedian(np.abs(steps), axis=1) / np.sqrt(2)
        drift_by_row = 4 * np.nanmedian(steps, axis=1)
    noise = pd.Series(noise_by_row[row] if len(row) else [], index=v.index, dtype=float)
    z = resid / noise.where(noise > 0)
    n = pd.Series(np.bincount(row)[row] if len(row) else [], index=v.index)
    flagged = (z.abs() > ANOMALY_Z) & (n >= 3)
    anomalies = v.loc[flagged, ["kpi_id", "date", "value"]].assign(
        expected=local[flagged], robust_z=z[flagged]
    )
    anomalies["message"] = (
        anomalies["value"].round(3).astype(str)
        + " on "
        + anomalies["date"].dt.strftime("%Y-%m-%d")
        + " is "
        + anomalies["robust_z"].abs().round(1).astype(str)
        + " robust SDs "
        + np.where(anomalies["robust_z"] < 0, "below", "above")
        + " the local median of "
        + anomalies["expected"].round(3).astype(str)
    )

    # level shift: medians of the 4 points before and from each point differ by more than
    # LEVEL_SHIFT robust SDs, beyond what the typical step (the trend) explains
    upto = window_median(matrix, 3, 0, 4)  # the 4 points ending at t ...
    before = np.full_like(upto, np.nan)
    before[:, 1:] = upto[:, :-1]  # ... moved on by one: the 4 points before t
    after = window_median(matrix, 0, 3, 4)
    score = (
        np.abs(after - before - drift_by_row[:, None])
        / np.where(noise_by_row > 0, noise_by_row, np.nan)[:, None]
    )
    shifted = pd.Series(score[row, col] if len(row) else [], index=v.index) > LEVEL_SHIFT
    latest_shift = v[shifted].groupby("kpi_id")["date"].max()
    return anomalies.reset_index(drop=True), latest_shift


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


def kpi_status(
    goals: GoalSet,
    values: pd.DataFrame,
    as_of: pd.Timestamp,
    anomalies: pd.DataFrame,
    shifts: pd.Series,
) -> pd.DataFrame:
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
    x, g, r = out["latest"], out["green_at"], out["red_at"]
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
    gap = out["target"] - out["latest"]
    reached = (up & (gap <= 0)) | (down & (gap >= 0))
    s = out["slope_per_week"]
    weeks = gap / s.where(s != 0)
    toward = (weeks > 0) & (weeks <= HORIZON_WEEKS)
    out["weeks_to_target"] = weeks.where(toward & ~reached)
    out["target_date"] = (as_of + pd.to_timedelta(out["weeks_to_target"] * 7, unit="D")).where(
        out["weeks_to_target"].notna()
    )
    out["forecast"] = np.select(
        [out["target"].isna(), reached, toward],
        ["no target", "reached", "on the way"],
        default="not at this trend",
    )
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


__all__ = [
    "anomalies_and_shifts",
    "guardrail_breaches",
    "kpi_status",
    "padded",
    "theil_sen",
    "window_median",
]
