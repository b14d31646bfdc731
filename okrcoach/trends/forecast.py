"""Forecasts of many KPI series at once, each with the model its own history favours.

:func:`forecast` takes a long frame of series sampled at any regular step (minutes to
months) and returns, per series and step ahead, a forecast with a prediction interval and
the name of the model that made it. All series are handled together as array maths: one
panel per season length present, never a loop per series.

How each series is forecast:

1. *Candidates* (:mod:`~okrcoach.trends.smoothing`): naive, SES, Theta, damped trend and
   their combination, each fitted by a grid search on the one-step error; for series with
   two full seasons or more (52 weeks of weekly data, 12 months of monthly data, 7 days of
   daily data; :data:`~.seasons.CADENCES`) also Holt-Winters with and without a damped trend.
2. *Choice by rolling origin*: from every time t of the history, each candidate's states
   at t give its forecasts of the next ``horizon`` values; the candidate with the smallest
   mean absolute error over all those origins and steps is chosen. A seasonal candidate
   replaces the choice only if it has the smaller error on the origins both can forecast
   from (after the first season), so a season is used where it has predicted better, not
   because the data is weekly or monthly. (The smoothing parameters are fitted once on the
   whole history, not refitted at each origin.)
3. *Split-conformal interval*: for step k, the half-width is the ceil((n + 1) x level)-th
   smallest of the chosen candidate's n absolute k-step errors over the origins (the
   largest one when n is below 1 / (1 - level) - 1, e.g. 19 for 95%, which covers less
   than ``level`` on average); steps without an error of their own use the one-step width
   x sqrt(k); widths never shrink with k.

Series with fewer than :data:`MIN_POINTS` values get the naive forecast (their last value)
and no interval (``lower`` and ``upper`` NaN): too few errors to say how wide it should be.
"""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd

from ..calling import callable_module
from .seasons import CADENCES, DAY, MONTH, WEEK, Rows, cadence_of, series_rows, typical_steps
from .selection import MIN_POINTS, forecast_panel

#: The most steps a span of time asks of one series (a 13-week span is 131,040 minutes).
MOST_STEPS = 400


def forecast(
    values: pd.DataFrame,
    horizon: int | str | pd.Timedelta,
    level: float = 0.95,
    key: str = "kpi_id",
    time: str = "date",
    value: str = "value",
) -> pd.DataFrame:
    """Forecast every series ``horizon`` steps ahead with a ``level`` prediction interval.

    Parameters
    ----------
    values : DataFrame
        Long frame, one row per series and timestamp, in any order. Rows without a value
        are gaps; timestamps that skip steps are gaps too (the series' step is the median
        interval between its rows).
    horizon : int or timedelta
        Steps ahead, at each series' own step (calendar months for monthly data); or a
        span of time (a ``Timedelta`` or a string such as ``"13W"``), which each series
        covers in as many of its own steps as fit, rounded, from 1 to :data:`MOST_STEPS`
        (13 weeks: 13 weekly steps, 3 monthly ones, 91 daily ones).
    level : float
        Coverage of the interval, between 0 and 1.
    key, time, value : str
        The columns of the series' id, timestamp and value.

    Returns
    -------
    DataFrame
        ``horizon`` rows per series (for a span, each series' own count), sorted by
        series and step, with the columns ``key``
        and ``time`` named as given, and ``step`` (1..horizon), ``forecast``, ``lower``,
        ``upper`` and ``model`` (naive, ses, theta, damped, comb, seasonal_ses or
        seasonal_damped). A series of one row steps by the median step of the other series
        (NaT when none has two rows); a series without any value has no rows.
    """
    span = as_span(horizon)
    if not 0 < level < 1:
        raise ValueError(f"level must lie between 0 and 1, not {level!r}")
    rows = series_rows(values, key, time, value)
    S = len(rows.keys)
    if S == 0:  # typed as a forecast with rows, so what reads it needs no special case
        return empty_forecast(key, time)
    steps = typical_steps(rows)
    cadence = cadence_of(steps)
    pos = grid_positions(rows, steps, cadence)
    m = season_lengths(steps, cadence)
    n = np.full(S, int(horizon)) if span is None else steps_in(span, steps)
    point, lower, upper, model = forecast_panels(rows, pos, m, n, level)
    H = point.shape[1]
    keep = np.arange(H)[None, :] < n[:, None]  # each series' own steps (all, for a count)
    out = {key: np.repeat(rows.keys, n), "step": np.nonzero(keep)[1] + 1}
    out[time] = in_zone_of(future_times(rows, steps, cadence, H)[keep], values[time])
    out.update(forecast=point[keep], lower=lower[keep], upper=upper[keep])
    return pd.DataFrame({**out, "model": np.repeat(model, n).astype(str)})


def forecast_panels(
    rows: Rows, pos: np.ndarray, m: np.ndarray, n: np.ndarray, level: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Point, lower and upper ``[series, max(n)]`` (NaN past each series' ``n`` steps) and
    the model of each series: one panel per season length ``m``, a few at most."""
    S, H = len(n), int(n.max())
    point, lower, upper = (np.full((S, H), np.nan) for _ in range(3))
    model = np.empty(S, dtype=object)
    for season in np.unique(m):
        ids = np.flatnonzero(m == season)
        Y, h = panel(rows, pos, ids), int(n[ids].max())
        point[ids, :h], lower[ids, :h], upper[ids, :h], model[ids] = forecast_panel(
            Y, h, level, season
        )
    return point, lower, upper, model


def empty_forecast(key: str, time: str) -> pd.DataFrame:
    """A forecast without rows, with the columns and types of one that has them."""
    return pd.DataFrame(
        {
            key: pd.Series(dtype=object),
            "step": pd.Series(dtype="int64"),
            time: pd.Series(dtype="M8[ns]"),
            **{c: pd.Series(dtype=float) for c in ("forecast", "lower", "upper")},
            "model": pd.Series(dtype=object),
        }
    )


def as_span(horizon) -> pd.Timedelta | None:
    """The span of time ``horizon`` gives, None for a number of steps (checked)."""
    if isinstance(horizon, numbers.Real) and not isinstance(horizon, bool):
        if int(horizon) != horizon or horizon < 1:
            raise ValueError(f"horizon must be a whole number of steps >= 1, not {horizon!r}")
        return None
    try:
        span = pd.Timedelta(horizon)
    except (TypeError, ValueError):
        raise ValueError(
            f"horizon must be a whole number of steps >= 1 or a span of time, not {horizon!r}"
        ) from None
    if not span > pd.Timedelta(0):
        raise ValueError(f"horizon must be a span of time longer than zero, not {horizon!r}")
    return span


def steps_in(span: pd.Timedelta, steps: np.ndarray) -> np.ndarray:
    """Steps of each series in ``span``: rounded, 1 to :data:`MOST_STEPS`; a series without
    a step of its own takes the median of the others (a week when none has one)."""
    known = steps[np.isfinite(steps)]
    fallback = np.median(known) if len(known) else WEEK
    per = np.where(np.isfinite(steps), steps, fallback)
    return np.clip(np.rint(span.total_seconds() / per), 1, MOST_STEPS).astype(np.int64)


def in_zone_of(stamps: np.ndarray, times: pd.Series) -> pd.DatetimeIndex:
    """Wall-clock stamps in the time zone of ``times`` (naive when they are naive)."""
    tz = getattr(getattr(times, "dt", None), "tz", None)
    out = pd.to_datetime(stamps)
    return out if tz is None else out.tz_localize(tz, ambiguous="NaT", nonexistent="shift_forward")


def grid_positions(rows: Rows, steps: np.ndarray, cadence: np.ndarray) -> np.ndarray:
    """Each row's place on its series' regular grid: steps since the series' first row
    (calendar months for monthly and coarser data, so months of 28 to 31 days line up)."""
    step = steps[rows.codes]
    calendar = np.array([c.calendar for c in CADENCES])[cadence][rows.codes]
    months = rows.t.astype("datetime64[ns]").astype("datetime64[M]").astype(np.int64)
    per = np.maximum(np.rint(np.nan_to_num(step, nan=MONTH) / MONTH), 1)
    by_month = np.rint((months - months[rows.start]) / per)
    with np.errstate(invalid="ignore"):
        by_time = np.rint((rows.t - rows.t[rows.start]) / (step * 1e9))
    return np.nan_to_num(np.where(calendar, by_month, by_time), nan=0.0).astype(np.int64)


def season_lengths(steps: np.ndarray, cadence: np.ndarray) -> np.ndarray:
    """Rows per season of each series (52 for weekly data, 12 for monthly, 7 for daily, 24
    for hourly, a day of rows for data within the hour), 1 without a season."""
    season = np.array([c.seasons[0] if c.seasons else np.nan for c in CADENCES])[cadence]
    calendar = np.array([c.calendar for c in CADENCES])[cadence]
    with np.errstate(invalid="ignore", divide="ignore"):
        per = np.where(calendar, np.maximum(np.rint(steps / MONTH), 1) * MONTH, steps)
        m = np.rint(season / per)
    return np.where(np.isfinite(m) & (m >= 2), m, 1).astype(np.int64)


def panel(rows: Rows, pos: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """``Y[series, step]`` of the series ``ids``, left-aligned, NaN in gaps and after the end
    (two rows on one grid step: the later one counts)."""
    local = np.full(int(rows.codes.max()) + 1, -1)
    local[ids] = np.arange(len(ids))
    sel = np.flatnonzero(local[rows.codes] >= 0)
    series, place = local[rows.codes[sel]], pos[sel]
    later = np.r_[(series[1:] != series[:-1]) | (place[1:] != place[:-1]), True]
    Y = np.full((len(ids), int(place.max()) + 1), np.nan)
    Y[series[later], place[later]] = rows.x[sel][later]
    return Y


def future_times(rows: Rows, steps: np.ndarray, cadence: np.ndarray, h: int) -> np.ndarray:
    """``[series, h]`` timestamps after each series' last row, at its own step.

    Calendar cadences step by months and keep the day: a series stamped on month ends stays
    on month ends, one on the 31st falls back to the month's last day. The others step by
    the median interval. A series without a step of its own takes the median of the others.
    """
    last = rows.t[np.r_[rows.start[1:] != rows.start[:-1], True]]
    known = steps[np.isfinite(steps)]
    steps = np.where(np.isfinite(steps), steps, np.median(known) if len(known) else np.nan)
    k = np.arange(1, h + 1)[None, :]
    with np.errstate(invalid="ignore"):
        fixed = last[:, None] + np.rint(steps[:, None] * 1e9) * k
    calendar = np.array([c.calendar for c in CADENCES])[cadence]
    per = np.maximum(np.rint(np.nan_to_num(steps, nan=MONTH) / MONTH), 1).astype(np.int64)
    stamp = last.astype("datetime64[ns]")
    month = stamp.astype("datetime64[M]")
    since_start = (stamp - month.astype("datetime64[ns]")).astype(np.int64)
    to_end = (((month + 1).astype("datetime64[ns]")) - stamp).astype(np.int64)
    target = month[:, None] + per[:, None] * k
    start = target.astype("datetime64[ns]").astype(np.int64)
    after = (target + 1).astype("datetime64[ns]").astype(np.int64)
    day = int(DAY * 1e9)
    on_day = np.minimum(start + since_start[:, None], after - day + (since_start % day)[:, None])
    by_month = np.where((to_end <= day)[:, None], after - to_end[:, None], on_day)
    out = np.where(calendar[:, None], by_month, fixed)
    out = np.where(np.isfinite(steps)[:, None] | calendar[:, None], out, np.nan)
    nat = np.iinfo(np.int64).min
    return np.where(np.isfinite(out), out, nat).astype(np.int64).view("datetime64[ns]")


__all__ = ["MIN_POINTS", "MOST_STEPS", "forecast"]

# ``okrcoach.trends.forecast(frame, 13)`` calls the function; the module's other names stay
# reachable (``okrcoach.trends.forecast.MIN_POINTS``).
callable_module(__name__, forecast)
