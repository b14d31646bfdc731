"""How key results and KPIs moved, whether they will land, and where the data shows a problem.

:func:`trends` computes everything at once over all series (groupby and array maths; no
loop per key result or per KPI). Every column is documented on :class:`Trends`.

Defined results for awkward data, so callers never guard:

- a key result without check-ins up to ``as_of`` has no current value, progress NaN and
  status ``no data``; one with a single check-in is projected by a line from the quarter's
  start (progress 0) to that check-in, with no interval;
- a missing baseline counts as 0 (a count from nothing: "publish 24 posts"); a missing
  target gives progress NaN and status ``no target``;
- a KPI series with fewer than 3 points has no slope, anomalies or change points; a constant
  series has slope 0 and no anomalies (its spread is 0, so nothing stands out from it);
- thresholds that are missing give RAG ``unknown``.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .goalset import GoalSet

# Status of a key result against the expected (linear) progress for the date.
ON_TRACK = 0.95  # progress >= 0.95 x expected (a published cut-off)
AT_RISK = 0.75  # progress >= 0.75 x expected; below this: off track
ANOMALY_Z = 5.0  # deviation from the local median, in robust standard deviations of noise
LEVEL_SHIFT = 5.0  # medians of 4 points before and after differ by 5 robust SDs beyond trend
PERIOD_WEEKS = 13  # the window of KPI change, slope and forecast
HORIZON_WEEKS = 520  # a target further away than ten years is "not at this trend"


@dataclass(frozen=True)
class Trends:
    """The results of :func:`trends`.

    Attributes
    ----------
    kr_progress : DataFrame
        One row per key result of the objectives' quarters: ``kr_id, objective_id, team,
        quarter, direction, baseline, target, current, last_checkin, checkins, progress``
        ((current - baseline) / (target - baseline); maintain: 1 while on the baseline's side
        of the target; achieve: current / target), ``expected`` (share of the quarter elapsed
        at ``as_of``), ``status`` (on track / at risk / off track / no data / no target /
        done), ``projected`` (end-of-quarter progress at the check-in trend), ``projected_low``
        and ``projected_high`` (95% interval), ``final_score`` (the score column, else the
        final progress within 0-1, once the quarter is over).
    kpi_status : DataFrame
        One row per KPI: ``kpi_id, name, team, direction, latest, latest_date, start_value,
        change, change_pct`` (over the last 13 weeks), ``slope_per_week`` (Theil-Sen over that
        window), ``rag`` (green / yellow / red / unknown), ``target, weeks_to_target,
        target_date, forecast`` (reached / on the way / not at this trend / no target; a target
        more than ten years away at the current slope is not at this trend),
        ``anomalies`` (count), ``level_shift_date``.
    anomalies : DataFrame
        One row per anomalous KPI value: ``kpi_id, date, value, expected`` (the local median),
        ``robust_z`` (deviation in robust standard deviations of the series' noise, estimated
        from its point-to-point changes) and ``message``.
    guardrail_breaches : DataFrame
        One row per KPI crossing its red threshold while an objective it guards progresses:
        ``kpi_id, objective_id, date, value, red_at, objective_progress, message``.
    as_of : Timestamp
    """

    kr_progress: pd.DataFrame
    kpi_status: pd.DataFrame
    anomalies: pd.DataFrame
    guardrail_breaches: pd.DataFrame
    as_of: pd.Timestamp


def default_as_of(goals: GoalSet) -> pd.Timestamp:
    """The latest date in the data (check-ins and KPI values), else today."""
    dates = pd.concat([goals.checkins["date"], goals.kpi_values["date"]]).dropna()
    return dates.max().normalize() if len(dates) else pd.Timestamp.today().normalize()


def trends(goals: GoalSet, as_of: str | pd.Timestamp | None = None) -> Trends:
    """Progress of every key result and status of every KPI as of a date.

    Parameters
    ----------
    goals : GoalSet
    as_of : date, optional
        The day to judge from; data after it is ignored, so a retrospective can be computed
        for a past date. Defaults to the latest date in the data.
    """
    as_of = pd.Timestamp(as_of).normalize() if as_of is not None else default_as_of(goals)
    end_of_day = as_of + pd.Timedelta(days=1) - pd.Timedelta(microseconds=1)
    progress = kr_progress(goals, as_of, end_of_day)
    values = goals.kpi_values[goals.kpi_values["date"] <= end_of_day]
    anomalies, shifts = _anomalies_and_shifts(values)
    status = _kpi_status(goals, values, as_of, anomalies, shifts)
    breaches = _guardrail_breaches(goals, values, progress, as_of)
    return Trends(progress, status, anomalies, breaches, as_of)


# --- key results --------------------------------------------------------------------------


def _quarter_bounds(quarters: pd.Series) -> tuple[pd.Series, pd.Series]:
    """First and last instant of each row's quarter, parsing each distinct quarter once."""
    codes, uniques = pd.factorize(quarters)
    periods = pd.PeriodIndex([u.replace("-", "") for u in uniques], freq="Q")
    starts = np.append(periods.start_time.to_numpy(dtype="datetime64[ns]"), np.datetime64("NaT"))
    ends = np.append(periods.end_time.to_numpy(dtype="datetime64[ns]"), np.datetime64("NaT"))
    return (pd.Series(starts[codes], index=quarters.index),
            pd.Series(ends[codes], index=quarters.index))


def _progress(value: pd.Series, baseline: pd.Series, target: pd.Series,
              direction: pd.Series) -> pd.Series:
    """Progress of a value between baseline and target, by direction (vectorised)."""
    b = baseline.fillna(0.0)
    span = target - b
    linear = (value - b) / span.where(span != 0)
    # a target equal to its baseline is met when reached
    linear = linear.where(span != 0, (value == target).astype(float).where(value.notna()))
    side = np.sign(baseline - target).fillna(1.0)  # no baseline: stay at or above the target
    maintain = ((np.sign(value - target) == side) | (value == target)).astype(float)
    achieve = (value / target.where(target != 0)).where(target.notna(), value)
    out = linear.where(~direction.isin(["maintain", "achieve"]), np.nan)
    out = out.where(direction.ne("maintain"), maintain.where(value.notna()))
    out = out.where(direction.ne("achieve"), achieve)
    return out.where(target.notna() | direction.eq("achieve"))


def kr_progress(goals: GoalSet, as_of: pd.Timestamp,
                end_of_day: pd.Timestamp | None = None) -> pd.DataFrame:
    """Progress, status and projection of every key result (see :class:`Trends`)."""
    end_of_day = end_of_day if end_of_day is not None else as_of
    krs = goals.key_results.join(
        goals.objectives.drop_duplicates("objective_id").set_index("objective_id")[
            ["team", "quarter"]], on="objective_id")
    start, end = _quarter_bounds(krs["quarter"])
    length = (end - start).dt.total_seconds()
    elapsed = ((min(end_of_day, pd.Timestamp.max) - start).dt.total_seconds() / length)
    krs = krs.assign(q_start=start, q_end=end, expected=elapsed.clip(0, 1))

    ck = goals.checkins[(goals.checkins["date"] <= end_of_day) & goals.checkins["value"].notna()]
    # Key results by integer position: joining and grouping 1M check-ins on text ids costs
    # more than all the arithmetic.
    krs = krs.reset_index(drop=True)
    kr_index = pd.Index(krs["kr_id"])
    if not kr_index.is_unique:
        kr_index = kr_index.drop_duplicates()
    pos = kr_index.get_indexer(ck["kr_id"])
    ck = ck.loc[pos >= 0, ["date", "value"]].assign(kr=pos[pos >= 0])
    for col in ("baseline", "target", "direction", "q_start", "q_end"):
        ck[col] = krs[col].to_numpy()[ck["kr"].to_numpy()]
    ck = ck[(ck["date"] >= ck["q_start"]) & (ck["date"] <= ck["q_end"])]
    order = np.lexsort((ck["date"].to_numpy(), ck["kr"].to_numpy()))
    ck = ck.iloc[order].reset_index(drop=True)
    ck["progress"] = _progress(ck["value"], ck["baseline"], ck["target"], ck["direction"])
    ck["t"] = ((ck["date"] - ck["q_start"]).dt.total_seconds()
               / (ck["q_end"] - ck["q_start"]).dt.total_seconds())

    codes = ck["kr"].to_numpy()
    is_last = np.append(codes[1:] != codes[:-1], True) if len(codes) else np.array([], bool)
    last = ck[is_last].set_index("kr")
    fit = _linear_fit(ck.dropna(subset=["progress"]), "kr", "t", "progress")
    out = krs
    out["current"] = last["value"]
    out["last_checkin"] = last["date"]
    out["checkins"] = np.bincount(codes, minlength=len(out))[: len(out)] if len(codes) \
        else 0
    out["progress"] = last["progress"]

    # projection to the quarter's end (t = 1): the fitted line with 2+ points, else the line
    # from (start, 0) through the single point
    t_last = last["t"].reindex(out.index)
    single = out["progress"] / t_last.where(t_last > 0)
    slope = fit["slope"].reindex(out.index)
    projected = (out["progress"] + slope * (1 - t_last)).where(slope.notna(), single)
    spread = 1.96 * fit["slope_se"].reindex(out.index) * (1 - t_last)
    out["projected"] = projected
    out["projected_low"] = projected - spread
    out["projected_high"] = projected + spread

    ratio = out["progress"] / out["expected"].where(out["expected"] > 0)
    status = np.select(
        [out["target"].isna() & out["direction"].ne("achieve"), out["progress"].isna(),
         out["expected"] >= 1, out["expected"] < 0.05,
         ratio >= ON_TRACK, ratio >= AT_RISK],
        ["no target", "no data", "done", "on track", "on track", "at risk"],
        default="off track")
    out["status"] = status
    over = out["expected"] >= 1
    out["final_score"] = out["score"].where(out["score"].notna(),
                                            out["progress"].clip(0, 1)).where(over)
    columns = ["kr_id", "objective_id", "team", "quarter", "direction", "baseline", "target",
               "current", "last_checkin", "checkins", "progress", "expected", "status",
               "projected", "projected_low", "projected_high", "final_score"]
    return out[columns].reset_index(drop=True)


def _linear_fit(frame: pd.DataFrame, key: str, x: str, y: str) -> pd.DataFrame:
    """Least-squares slope and its standard error per group, from group sums."""
    g = frame.assign(xx=frame[x] * frame[x], xy=frame[x] * frame[y], yy=frame[y] * frame[y])
    s = g.groupby(key)[[x, y, "xx", "xy", "yy"]].sum()
    n = g.groupby(key).size()
    sxx = s["xx"] - s[x] ** 2 / n
    sxy = s["xy"] - s[x] * s[y] / n
    syy = s["yy"] - s[y] ** 2 / n
    slope = (sxy / sxx.where(sxx > 1e-12)).where(n >= 2)
    resid = (syy - slope * sxy).clip(lower=0)
    se = np.sqrt(resid / (n - 2).where(n > 2) / sxx.where(sxx > 1e-12))
    return pd.DataFrame({"slope": slope, "slope_se": se.fillna(0.0).where(slope.notna())})


# --- KPIs ------------------------------------------------------------------------------------


def _padded(v: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Values of every KPI as rows of one matrix, in date order, padded with NaN at the end.

    Returns the matrix and, for each long-form row of ``v``, its row and column in it.
    """
    row = pd.factorize(v["kpi_id"], sort=True)[0]
    col = v.groupby("kpi_id").cumcount().to_numpy()
    matrix = np.full((row.max() + 1 if len(row) else 0, col.max() + 1 if len(col) else 0),
                     np.nan)
    matrix[row, col] = v["value"].to_numpy(dtype=float)
    return matrix, row, col


def _window_median(matrix: np.ndarray, before: int, after: int, least: int) -> np.ndarray:
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


def _anomalies_and_shifts(values: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """Anomalies (robust z against the local median) and the latest level shift per KPI.

    All series at once on one padded matrix: no loop per KPI.
    """
    v = values.dropna(subset=["value"]).sort_values(["kpi_id", "date"], kind="stable")
    v = v.reset_index(drop=True)
    matrix, row, col = _padded(v)
    local = pd.Series(_window_median(matrix, 3, 3, 3)[row, col], index=v.index)
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
        expected=local[flagged], robust_z=z[flagged])
    anomalies["message"] = (
        anomalies["value"].round(3).astype(str) + " on " + anomalies["date"].dt.strftime(
            "%Y-%m-%d") + " is " + anomalies["robust_z"].abs().round(1).astype(str)
        + " robust SDs " + np.where(anomalies["robust_z"] < 0, "below", "above")
        + " the local median of " + anomalies["expected"].round(3).astype(str))

    # level shift: medians of the 4 points before and from each point differ by more than
    # LEVEL_SHIFT robust SDs, beyond what the typical step (the trend) explains
    upto = _window_median(matrix, 3, 0, 4)  # the 4 points ending at t ...
    before = np.full_like(upto, np.nan)
    before[:, 1:] = upto[:, :-1]  # ... moved on by one: the 4 points before t
    after = _window_median(matrix, 0, 3, 4)
    score = np.abs(after - before - drift_by_row[:, None]) / np.where(
        noise_by_row > 0, noise_by_row, np.nan)[:, None]
    shifted = pd.Series(score[row, col] if len(row) else [], index=v.index) > LEVEL_SHIFT
    latest_shift = v[shifted].groupby("kpi_id")["date"].max()
    return anomalies.reset_index(drop=True), latest_shift


def _theil_sen(frame: pd.DataFrame) -> pd.Series:
    """Median of pairwise slopes (per week) for every KPI at once, on padded arrays."""
    if frame.empty:
        return pd.Series(dtype=float)
    frame = frame.assign(pos=frame.groupby("kpi_id").cumcount())
    y = frame.pivot(index="kpi_id", columns="pos", values="value").to_numpy(dtype=float)
    weeks = ((frame["date"] - frame.groupby("kpi_id")["date"].transform("min"))
             .dt.total_seconds() / (7 * 86400))
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


def _kpi_status(goals: GoalSet, values: pd.DataFrame, as_of: pd.Timestamp,
                anomalies: pd.DataFrame, shifts: pd.Series) -> pd.DataFrame:
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
    slope = _theil_sen(window)
    out["slope_per_week"] = slope.where(counts.reindex(slope.index) >= 3)
    up = out["direction"].eq("higher_is_better")
    down = out["direction"].eq("lower_is_better")
    x, g, r = out["latest"], out["green_at"], out["red_at"]
    rag = np.select([g.isna() | r.isna() | x.isna() | ~(up | down),
                     (up & (x >= g)) | (down & (x <= g)),
                     (up & (x <= r)) | (down & (x >= r))],
                    ["unknown", "green", "red"], default="yellow")
    out["rag"] = rag
    gap = out["target"] - out["latest"]
    reached = (up & (gap <= 0)) | (down & (gap >= 0))
    s = out["slope_per_week"]
    weeks = gap / s.where(s != 0)
    toward = (weeks > 0) & (weeks <= HORIZON_WEEKS)
    out["weeks_to_target"] = weeks.where(toward & ~reached)
    out["target_date"] = (as_of + pd.to_timedelta(out["weeks_to_target"] * 7, unit="D")
                          ).where(out["weeks_to_target"].notna())
    out["forecast"] = np.select([out["target"].isna(), reached, toward],
                                ["no target", "reached", "on the way"],
                                default="not at this trend")
    out["anomalies"] = anomalies.groupby("kpi_id").size().reindex(out.index).fillna(0).astype(int)
    out["level_shift_date"] = shifts.reindex(out.index)
    return out.reset_index()


def _guardrail_breaches(goals: GoalSet, values: pd.DataFrame, progress: pd.DataFrame,
                        as_of: pd.Timestamp) -> pd.DataFrame:
    """A guardrail KPI past its red threshold while an objective it guards progresses."""
    columns = ["kpi_id", "objective_id", "date", "value", "red_at", "objective_progress",
               "message"]
    kpis = goals.kpis.dropna(subset=["guardrail_for", "red_at"])
    if kpis.empty:
        return pd.DataFrame(columns=columns)
    links = (kpis.assign(objective_id=kpis["guardrail_for"].str.split(","))
             .explode("objective_id")[["kpi_id", "objective_id", "direction", "red_at", "name"]])
    quarters = goals.objectives.drop_duplicates("objective_id").set_index("objective_id")[
        "quarter"]
    links["quarter"] = links["objective_id"].map(quarters)
    links = links.dropna(subset=["quarter"])
    links["q_start"], links["q_end"] = _quarter_bounds(links["quarter"])
    moving = progress.groupby("objective_id")["progress"].mean()
    links["objective_progress"] = links["objective_id"].map(moving)
    hits = values.merge(links, on="kpi_id")
    hits = hits[(hits["date"] >= hits["q_start"]) & (hits["date"] <= hits["q_end"])
                & (hits["objective_progress"] > 0)]
    red = ((hits["direction"].eq("lower_is_better") & (hits["value"] >= hits["red_at"]))
           | (hits["direction"].eq("higher_is_better") & (hits["value"] <= hits["red_at"])))
    first = hits[red].sort_values("date").groupby(["kpi_id", "objective_id"]).head(1)
    first = first.assign(message=(
        first["name"].fillna(first["kpi_id"]) + " reached " + first["value"].astype(str)
        + " on " + first["date"].dt.strftime("%Y-%m-%d") + " (red at "
        + first["red_at"].astype(str) + ") while objective " + first["objective_id"]
        + " was " + (first["objective_progress"] * 100).round().astype(int).astype(str)
        + "% of the way"))
    return first[columns].reset_index(drop=True)
