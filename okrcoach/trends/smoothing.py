"""Exponential smoothing for a panel of series at once: the forecaster's candidates.

A panel is a float array ``Y[series, t]``, left-aligned: column 0 is each series' first
observation, NaN marks a gap or the time after the series' end. Every filter runs once over
time for all series and all parameter sets together (arrays ``[series, grid]``); the only
Python loops are over time steps and over the small parameter grids, never over series.

A missing value is a gap the model bridges: the state moves by its own forecast (level plus
damped trend) without an update, which is what a state-space model does with a missing
observation, so the season and the trend stay in step across the gap.

The candidates, each as its point forecast ``[series, h]`` and its forecasts made from every
earlier origin (for the choice and the intervals, see :mod:`~okrcoach.trends.forecast`):

- ``naive``: the last value;
- ``ses``: simple exponential smoothing, ETS(A,N,N), alpha from :data:`SES_ALPHAS`;
- ``theta``: the M4 competition's Theta benchmark (``forecast::thetaf`` without seasonal
  adjustment): the SES forecast plus half the least-squares slope of the series,
  ``b / 2 x (k - 1 + (1 - (1 - alpha)^n) / alpha)`` at step k;
- ``damped``: damped-trend exponential smoothing, ETS(A,Ad,N), on the grid
  :data:`DAMPED_GRID` (alpha x beta/alpha x phi);
- ``comb``: the mean of ses, theta and damped (the M4 "Comb" benchmark);
- ``seasonal_ses`` and ``seasonal_damped``: the same with an additive seasonal state
  (Holt-Winters, ETS(A,N,A) and ETS(A,Ad,A)), for series with two full seasons or more.

Parameters are fitted by the one-step squared error over the grid (float32 for the search,
float64 for the chosen filter). The initial level is the first value, the initial trend the
mean of the first (up to) four changes; a seasonal filter starts from the first season's
mean level and deviations, with no trend, and learns from the second season on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

SES_ALPHAS = np.array([0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0])
#: alpha x (beta as a share of alpha) x phi
DAMPED_GRID = (
    np.array([0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9]),
    np.array([0.0, 0.05, 0.2]),
    np.array([0.8, 0.9, 0.98]),
)
#: seasonal filters: alpha x gamma, and for the damped one (beta/alpha, phi) pairs
SEASONAL_ALPHAS = np.array([0.05, 0.1, 0.2, 0.3, 0.5, 0.7])
SEASONAL_GAMMAS = np.array([0.05, 0.15, 0.3])
SEASONAL_TRENDS = ((0.0, 0.0), (0.05, 0.9), (0.05, 0.98), (0.2, 0.9))
#: series fitted together by a seasonal grid (its states are [series, grid, season])
CHUNK = 2048


@dataclass
class Family:
    """Candidates fitted together on a panel.

    Attributes
    ----------
    names : tuple of str
    point : ndarray
        ``[series, candidate, h]``: forecasts from each series' last observation.
    origins : callable
        ``origins(k, rows, cols)`` is ``[len(rows), candidate, len(cols)]``: the forecast
        of step ``k + 1`` made at the times ``cols`` (a slice) from the states at those
        times, NaN where a model has none (the first season of a seasonal one); with one
        time per row instead (an array), the last axis has length 1.
        ``origins(k, rows, cols, which)`` makes only candidate ``which`` (the candidate
        axis has length 1): the intervals need the chosen model's errors alone.
    """

    names: tuple[str, ...]
    point: np.ndarray
    origins: Callable[..., np.ndarray]


def last_index(Y: np.ndarray) -> np.ndarray:
    """Column of each series' last observation."""
    return Y.shape[1] - 1 - np.argmax(np.isfinite(Y)[:, ::-1], axis=1)


def carried(Y: np.ndarray) -> np.ndarray:
    """The last value seen at each time (gaps and the end filled forward)."""
    idx = np.where(np.isfinite(Y), np.arange(Y.shape[1]), 0)
    return Y[np.arange(len(Y))[:, None], np.maximum.accumulate(idx, axis=1)]


def initial_state(Y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First value and the mean of the first (up to) four changes of each series."""
    n = last_index(Y) + 1
    k = np.clip(n - 1, 1, 4)
    yk = Y[np.arange(len(Y)), np.minimum(k, Y.shape[1] - 1)]
    slope = np.where(np.isfinite(yk) & (n > 1), (yk - Y[:, 0]) / k, 0.0)
    return Y[:, 0], slope


def smooth(Y, alpha, beta, phi, keep: bool = False, dtype=np.float32):
    """ETS(A,Ad,N) over the panel for parameter sets broadcast as ``[series, grid]``
    (beta = phi = 0 is SES). Returns the one-step SSE ``[series, grid]``; with ``keep``
    (one parameter set per series) also the level and trend after every time ``[series, T]``.
    """
    S, T = Y.shape
    a, b, p = (np.asarray(v, dtype) for v in (alpha, beta, phi))
    y0, b0 = initial_state(Y)
    G = np.broadcast_shapes(a.shape, b.shape, p.shape, (S, 1))[1]
    lev = np.repeat(y0[:, None].astype(dtype), G, axis=1)
    tr = np.where(p > 0, b0[:, None], 0.0).astype(dtype) * np.ones((S, G), dtype)
    seen = np.isfinite(Y)
    gaps = ~seen.all(axis=0)  # times where some series has no value
    y_at = np.ascontiguousarray(np.where(seen, Y, 0.0).T, dtype=dtype)
    seen_at = np.ascontiguousarray(seen.T, dtype=dtype)
    sse, e, pt, tmp = (np.zeros((S, G), dtype) for _ in range(4))
    trend = bool(np.any(p))
    if keep:
        L, B = np.empty((S, T)), np.empty((S, T))
        L[:, 0], B[:, 0] = lev[:, 0], tr[:, 0]
    for t in range(1, T):  # in place: the grid search is the forecaster's hot loop
        np.subtract(y_at[t][:, None], lev, out=e)
        if trend:
            np.multiply(p, tr, out=pt)
            e -= pt
            lev += pt
        if gaps[t]:
            e *= seen_at[t][:, None]
        np.multiply(a, e, out=tmp)
        lev += tmp
        if trend:
            np.multiply(b, e, out=tr)
            tr += pt
        np.multiply(e, e, out=tmp)
        sse += tmp
        if keep:
            L[:, t], B[:, t] = lev[:, 0], tr[:, 0]
    return (sse, L, B) if keep else sse


def smooth_seasonal(Y, m: int, alpha, beta, phi, gamma, keep: bool = False, dtype=np.float32):
    """Additive Holt-Winters, ETS(A,Ad,A), with season ``m``, as :func:`smooth` (the
    season's states are ``[m, series, grid]``). The first season sets the level (its mean)
    and the seasonal deviations; the filter runs from the second season on, so the one-step
    SSE and the kept states (NaN before time m - 1; with them the seasonal value updated at
    every time) cover only times the initial values were not taken from."""
    S, T = Y.shape
    a, b, p, g = (np.asarray(v, dtype) for v in (alpha, beta, phi, gamma))
    G = np.broadcast_shapes(a.shape, b.shape, p.shape, g.shape, (S, 1))[1]
    head = Y[:, :m]
    l0 = np.nanmean(head, axis=1)  # column 0 is always observed
    s0 = np.nan_to_num(head - l0[:, None])
    lev = np.repeat(l0[:, None].astype(dtype), G, axis=1)
    tr = np.zeros((S, G), dtype)
    ring = np.repeat(s0.T[:, :, None].astype(dtype), G, axis=2)
    seen = np.isfinite(Y)
    Yf, seen = np.where(seen, Y, 0.0).astype(dtype), seen.astype(dtype)
    sse = np.zeros((S, G), dtype)
    if keep:
        L, B, Sea = (np.full((S, T), np.nan) for _ in range(3))
        L[:, m - 1], B[:, m - 1], Sea[:, :m] = l0, 0.0, s0
    for t in range(m, T):
        j = t % m
        pt = p * tr
        e = (Yf[:, t : t + 1] - lev - pt - ring[j]) * seen[:, t : t + 1]
        lev = lev + pt + a * e
        tr = pt + b * e
        ring[j] += g * e
        sse += e * e
        if keep:
            L[:, t], B[:, t], Sea[:, t] = lev[:, 0], tr[:, 0], ring[j][:, 0]
    return (sse, L, B, Sea) if keep else sse


def damp_sum(phi: np.ndarray, h: int) -> np.ndarray:
    """phi + phi^2 + ... + phi^k for k = 1..h: ``[len(phi), h]``."""
    return np.cumsum(np.asarray(phi, float)[:, None] ** np.arange(1, h + 1), axis=1)


def trend_slope(Y: np.ndarray) -> np.ndarray:
    """Least-squares slope of each series on time (gaps left out)."""
    ok = np.isfinite(Y)
    t = np.where(ok, np.arange(Y.shape[1]), np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        dt = t - np.nanmean(t, axis=1, keepdims=True)
        dy = Y - np.nanmean(Y, axis=1, keepdims=True)
        slope = np.nansum(dt * dy, axis=1) / np.nansum(dt * dt, axis=1)
    return np.where(np.isfinite(slope), slope, 0.0)


def grid_choice(Y: np.ndarray, grid: tuple[np.ndarray, ...]) -> tuple[np.ndarray, ...]:
    """The grid point with the smallest one-step SSE per series, as per-series arrays."""
    sse = smooth(Y, *(v[None, :] for v in grid))
    best = np.argmin(sse, axis=1)
    return tuple(v[best] for v in grid)


def at(M: np.ndarray, rows, cols, back: int = 0) -> np.ndarray:
    """``M`` at the given rows and times, ``back`` times earlier (NaN before time 0).

    ``cols`` is a slice of times (the origins) or one time per row (each series' end, given
    back as a column), so the same code makes the in-sample and the final forecasts.
    """
    if not isinstance(cols, slice):
        return M[rows, np.asarray(cols) - back][:, None]
    start, stop, _ = cols.indices(M.shape[1])
    if back <= start:
        return M[rows, start - back : stop - back]
    out = np.full((len(M[rows, :0]), max(stop - start, 0)), np.nan, M.dtype)  # rows: any
    if back < stop:  # else every time asked for lies before the series began
        out[:, back - start :] = M[rows, : stop - back]
    return out


NONSEASONAL = ("naive", "ses", "theta", "damped", "comb")
SEASONAL = ("seasonal_ses", "seasonal_damped")


def nonseasonal(Y: np.ndarray, h: int) -> Family:
    """naive, ses, theta, damped and comb (see the module docstring) for every series."""
    S, T = Y.shape
    filled = carried(Y)
    alpha, _, _ = grid_choice(Y, (SES_ALPHAS, 0 * SES_ALPHAS, 0 * SES_ALPHAS))
    _, L, _ = smooth(Y, alpha[:, None], 0.0, 0.0, keep=True, dtype=np.float64)
    slope = trend_slope(Y)
    # Theta's drift at each time: half the slope x (1 - (1 - alpha)^n) / alpha, n values seen
    drift = 0.5 * slope[:, None] * (1 - (1 - alpha[:, None]) ** np.arange(1, T + 1))
    drift /= alpha[:, None]
    A, R, P = (v.ravel() for v in np.meshgrid(*DAMPED_GRID, indexing="ij"))
    a, b, p = grid_choice(Y, (A, A * R, P))
    _, DL, DB = smooth(Y, a[:, None], b[:, None], p[:, None], keep=True, dtype=np.float64)
    ds = damp_sum(p, h)

    def origins(k: int, rows, cols, which: int | None = None) -> np.ndarray:
        if which == 0:
            return at(filled, rows, cols)[:, None]
        ses = at(L, rows, cols)
        theta = ses + at(drift, rows, cols) + 0.5 * k * slope[rows, None]
        damped = at(DL, rows, cols) + ds[rows, k : k + 1] * at(DB, rows, cols)
        if which is not None:
            one = (ses, theta, damped)[which - 1] if which < 4 else (ses + theta + damped) / 3
            return one[:, None]
        out = np.empty((ses.shape[0], 5, ses.shape[1]), ses.dtype)
        out[:, 0], out[:, 1], out[:, 2], out[:, 3] = at(filled, rows, cols), ses, theta, damped
        np.add(ses, theta, out=out[:, 4])
        out[:, 4] += damped
        out[:, 4] /= 3.0
        return out

    final = point(origins, S, last_index(Y), h)
    # the in-sample forecasts only rank candidates and size intervals: float32 is plenty
    L, filled, drift, DL, DB = (v.astype(np.float32) for v in (L, filled, drift, DL, DB))
    slope, ds = slope.astype(np.float32), ds.astype(np.float32)
    return Family(NONSEASONAL, final, origins)


def point(origins: Callable[..., np.ndarray], S: int, end: np.ndarray, h: int) -> np.ndarray:
    """``[series, candidate, h]`` forecasts from the states at each series' end."""
    rows = np.arange(S)
    return np.stack([origins(k, rows, end)[:, :, 0] for k in range(h)], axis=2)


def seasonal_choice(Y: np.ndarray, m: int) -> tuple[tuple, tuple]:
    """Per series, the best (alpha, beta, phi, gamma) without trend and with a damped
    trend, from one grid search in chunks of :data:`CHUNK` series."""
    trends = np.array(SEASONAL_TRENDS)
    A, T_, G = np.meshgrid(SEASONAL_ALPHAS, np.arange(len(trends)), SEASONAL_GAMMAS, indexing="ij")
    A, T_, G = A.ravel(), T_.ravel(), G.ravel()
    B, P = A * trends[T_, 0], trends[T_, 1]
    flat = P == 0
    best = [np.empty(len(Y), np.int64), np.empty(len(Y), np.int64)]
    for lo in range(0, len(Y), CHUNK):
        sse = smooth_seasonal(Y[lo : lo + CHUNK], m, A[None], B[None], P[None], G[None])
        for i, part in enumerate((flat, ~flat)):
            idx = np.flatnonzero(part)
            best[i][lo : lo + CHUNK] = idx[np.argmin(sse[:, idx], axis=1)]
    return tuple(tuple(v[b] for v in (A, B, P, G)) for b in best)


def seasonal(Y: np.ndarray, m: int, h: int) -> Family:
    """seasonal_ses and seasonal_damped (Holt-Winters) for series of two seasons or more."""
    flat, damped = seasonal_choice(Y, m)
    _, L1, _, S1 = smooth_seasonal(Y, m, *(v[:, None] for v in flat), keep=True, dtype=float)
    _, L2, B2, S2 = smooth_seasonal(Y, m, *(v[:, None] for v in damped), keep=True, dtype=float)
    ds = damp_sum(damped[2], h)

    def origins(k: int, rows, cols, which: int | None = None) -> np.ndarray:
        back = m * ((k + m) // m) - (k + 1)  # the season's value for step k+1 was set then
        if which == 0:
            return (at(L1, rows, cols) + at(S1, rows, cols, back))[:, None]
        damped = at(L2, rows, cols) + ds[rows, k : k + 1] * at(B2, rows, cols)
        damped += at(S2, rows, cols, back)
        if which == 1:
            return damped[:, None]
        out = np.empty((damped.shape[0], 2, damped.shape[1]), damped.dtype)
        out[:, 0] = at(L1, rows, cols) + at(S1, rows, cols, back)
        out[:, 1] = damped
        return out

    final = point(origins, len(Y), last_index(Y), h)
    L1, S1, L2, B2, S2 = (v.astype(np.float32) for v in (L1, S1, L2, B2, S2))
    ds = ds.astype(np.float32)
    return Family(SEASONAL, final, origins)


__all__ = [
    "DAMPED_GRID",
    "NONSEASONAL",
    "SEASONAL",
    "SES_ALPHAS",
    "Family",
    "nonseasonal",
    "seasonal",
    "smooth",
    "smooth_seasonal",
]
