"""The forecaster's choice of model per series and its intervals, both by rolling origin.

Every candidate family (:mod:`~okrcoach.trends.smoothing`) can say what it would have
forecast from any earlier time of a series' history. Comparing those forecasts with what
happened next measures each candidate on the series itself: the smallest mean absolute
error picks the model, and the chosen model's own errors, step by step, set the interval
(split conformal). See :mod:`~okrcoach.trends.forecast` for the rules in words.
"""

from __future__ import annotations

import numpy as np

from .smoothing import NONSEASONAL, SEASONAL, Family, last_index, nonseasonal, seasonal

#: Fewer values than this: the naive forecast and no interval.
MIN_POINTS = 4


def forecast_panel(
    Y: np.ndarray, h: int, level: float = 0.95, m: int = 1
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Point forecasts, lower and upper bounds ``[series, h]`` and the model names for a
    left-aligned panel (see :mod:`~okrcoach.trends.smoothing`) whose season is ``m``."""
    S = len(Y)
    observed = np.isfinite(Y).sum(axis=1)
    plain = nonseasonal(Y, h)
    Y = Y.astype(np.float32)  # the in-sample forecasts are float32 (see smoothing.py)
    late = m - 1 if m >= 2 else 0
    mae, mae_late = criterion(Y, plain, slice(None), h, late)
    choice = np.argmin(mae, axis=1)
    choice[observed < MIN_POINTS] = NONSEASONAL.index("naive")
    point = plain.point[np.arange(S), choice]
    names = np.array(NONSEASONAL, dtype=object)[choice]
    plain_rows = np.arange(S)
    span = last_index(Y) + 1
    rows = np.flatnonzero((m >= 2) & (span >= 2 * m) & (observed >= MIN_POINTS))
    seasonal_rows = np.zeros(0, np.int64)
    if len(rows):
        Ys = Y[rows, : span[rows].max()]
        family = seasonal(Ys.astype(float), m, h)
        smae, _ = criterion(Ys, family, slice(None), h, late)
        best = np.argmin(smae, axis=1)
        wins = smae[np.arange(len(rows)), best] < mae_late[rows, choice[rows]]
        seasonal_rows = rows[wins]
        point[seasonal_rows] = family.point[np.flatnonzero(wins), best[wins]]
        names[seasonal_rows] = np.array(SEASONAL, dtype=object)[best[wins]]
        plain_rows = np.setdiff1d(plain_rows, seasonal_rows)
        swidth = conformal(Ys, family, np.flatnonzero(wins), best[wins], h, level)
    width = np.full((S, h), np.nan)
    width[plain_rows] = conformal(Y, plain, plain_rows, choice[plain_rows], h, level)
    if len(seasonal_rows):
        width[seasonal_rows] = swidth
    width[observed < MIN_POINTS] = np.nan
    return point, point - width, point + width, names


def errors(Y: np.ndarray, family: Family, rows, k: int, which: int | None = None) -> np.ndarray:
    """``|y[t + k + 1] - forecast of step k + 1 made at t|`` for every candidate (or only
    candidate ``which``) and origin t: ``[rows, candidate, T - k - 1]`` (NaN where either
    is missing)."""
    T = Y.shape[1]
    if k + 1 >= T:  # a history shorter than the step: no origin to forecast it from
        C = len(family.names) if which is None else 1
        return np.zeros((len(Y[rows]), C, 0), dtype=Y.dtype)
    err = family.origins(k, rows, slice(0, T - k - 1), which)
    np.subtract(err, Y[rows, None, k + 1 :], out=err)
    return np.abs(err, out=err)


def criterion(
    Y: np.ndarray, family: Family, rows, h: int, late: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Mean absolute error of every candidate over all origins and steps 1..h, and over
    the origins from ``late`` on (``[rows, candidate]`` each; inf without any error)."""
    R, C = len(Y[rows]), len(family.names)
    early, late_total = np.zeros((R, C)), np.zeros((R, C))
    n_early, n_late = np.zeros((R, C)), np.zeros((R, C))
    for k in range(h):
        err = errors(Y, family, rows, k)
        missing = np.isnan(err)
        np.copyto(err, 0.0, where=missing)
        early += err[:, :, :late].sum(axis=2)
        late_total += err[:, :, late:].sum(axis=2)
        n_early += (~missing[:, :, :late]).sum(axis=2)
        n_late += (~missing[:, :, late:]).sum(axis=2)
    with np.errstate(invalid="ignore", divide="ignore"):
        total, count = early + late_total, n_early + n_late
        mae = np.where(count > 0, total / count, np.inf)
        return mae, np.where(n_late > 0, late_total / n_late, np.inf)


def conformal(
    Y: np.ndarray, family: Family, rows: np.ndarray, chosen: np.ndarray, h: int, level: float
) -> np.ndarray:
    """Half-widths ``[rows, h]``: per step, the split-conformal quantile of the chosen
    candidate's absolute errors over the origins (NaN for a series without any error)."""
    width = np.full((len(rows), h), np.nan)
    for c in np.unique(chosen):  # each candidate's errors only where it was chosen
        at = np.flatnonzero(chosen == c)
        for k in range(h):
            err = errors(Y, family, rows[at], k, int(c))[:, 0]
            if err.shape[1] == 0:
                continue
            n = np.isfinite(err).sum(axis=1)
            rank = np.minimum(np.ceil((n + 1) * level).astype(np.int64), n)  # 1-based
            srt = np.sort(err, axis=1)  # NaN sorts last
            q = srt[np.arange(len(at)), np.maximum(rank - 1, 0)]
            width[at, k] = np.where(n > 0, q, np.nan)
    if len(rows) == 0:
        return width
    first = width[:, :1] * np.sqrt(np.arange(1, h + 1))
    width = np.where(np.isfinite(width), width, first)
    return np.fmax.accumulate(width, axis=1)


__all__ = ["MIN_POINTS", "conformal", "criterion", "forecast_panel"]
