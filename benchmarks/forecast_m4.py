"""Forecast accuracy on the M4 competition's weekly series, and forecasting speed.

Holds out the last 13 weeks of every series in ``../shared/data/m4/Weekly-train.csv``
(beside the repository; ``--data`` to point elsewhere), forecasts them from the rest with
:func:`okrcoach.trends.forecast` and, in the same run, with three benchmarks implemented
here: naive (M4's Naive2 for weekly data, whose frequency is 1), seasonal naive (52 weeks)
and Theta (M4's benchmark: simple exponential smoothing plus half the least-squares drift,
alpha fitted on a fine grid). The benchmarks' 95% intervals come from the empirical
quantile of each method's own in-sample k-step errors.

For reference, okrcoach is also run without its seasonal candidates (the choice among naive,
SES, Theta, damped and their combination only), to show what the seasonal ones add.

Metrics, as M4 defines them: sMAPE; MASE (scaled by the in-sample mean absolute one-step
change); OWA = (sMAPE / sMAPE of Naive2 + MASE / MASE of Naive2) / 2; the coverage of the
95% interval and its MSIS (alpha 0.05, same scale as MASE). Goals: OWA <= 0.92, coverage
90-98%.

Speed: okrcoach on 10,000 synthetic weekly series of 104 weeks, 13 steps (goal <= 3 s, best
of three), beside the same forecaster called one series at a time on a sample, extrapolated.

    python benchmarks/forecast_m4.py [--data ../shared/data] [--series 10000]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd

import okrcoach.trends.forecast as okr
from okrcoach.trends.forecast import forecast
from okrcoach.trends.selection import forecast_panel

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
H, LEVEL, SEASON = 13, 0.95, 52


def load(data: Path = DATA, limit: int | None = None) -> list[np.ndarray]:
    """Each weekly series' values (the file pads rows with empty cells)."""
    table = pd.read_csv(data / "m4" / "Weekly-train.csv", nrows=limit)
    values = table.iloc[:, 1:].to_numpy(dtype=float)
    return [row[np.isfinite(row)] for row in values]


def long_frame(series: list[np.ndarray]) -> pd.DataFrame:
    """The training series as okrcoach takes them: one row per week, ending together."""
    n = np.array([len(s) for s in series])
    ends = pd.Timestamp("2017-12-31")
    back = np.concatenate([np.arange(k - 1, -1, -1) for k in n])
    return pd.DataFrame(
        {
            "kpi_id": np.repeat(np.arange(len(series)), n),
            "date": ends - pd.to_timedelta(back * 7, unit="D"),
            "value": np.concatenate(series),
        }
    )


def right_aligned(series: list[np.ndarray]) -> np.ndarray:
    """``Y[series, week]`` ending in the last column, NaN before each series' start."""
    Y = np.full((len(series), max(len(s) for s in series)), np.nan)
    for i, s in enumerate(series):  # loading only: one row per series
        Y[i, Y.shape[1] - len(s) :] = s
    return Y


def empirical_interval(Y, point, made):
    """The benchmarks' intervals: per step k, the LEVEL quantile of |y[t+k] - made[:, t, k]|
    over every origin t of the training part (``made`` = forecasts from each origin)."""
    T, h = Y.shape[1], point.shape[1]
    err = np.full((len(Y), T, h), np.nan)
    for k in range(h):
        err[:, : T - k - 1, k] = np.abs(Y[:, k + 1 :] - made[:, : T - k - 1, k])
    width = np.nanquantile(err, LEVEL, axis=1, method="higher")
    return point - width, point + width


def benchmarks(Y: np.ndarray) -> dict[str, tuple]:
    """Naive, seasonal naive and Theta: forecasts, lower and upper bounds ``[series, H]``."""
    steps = np.arange(H)
    out = {}
    made = np.repeat(Y[:, :, None], H, axis=2)
    out["Naive2 (= naive)"] = (made[:, -1], *empirical_interval(Y, made[:, -1], made))
    back = SEASON * ((steps + SEASON) // SEASON) - steps  # the same week a season earlier
    made = np.stack([np.roll(Y, b - 1, axis=1) for b in back], axis=2)
    for k, b in enumerate(back):
        made[:, : b - 1, k] = np.nan
    point = made[:, -1]
    out["Seasonal naive (52)"] = (point, *empirical_interval(Y, point, made))
    level, alpha = ses(Y)
    t = np.arange(Y.shape[1])
    ok = np.isfinite(Y)
    tt = np.where(ok, t, np.nan)
    dt = tt - np.nanmean(tt, axis=1, keepdims=True)
    slope = np.nansum(dt * (Y - np.nanmean(Y, axis=1, keepdims=True)), 1) / np.nansum(dt**2, 1)
    seen = np.cumsum(ok, axis=1)  # values up to each origin
    a = alpha[:, None, None]
    drift = 0.5 * slope[:, None, None] * (steps + (1 - (1 - a) ** seen[:, :, None]) / a)
    made = level[:, :, None] + drift
    point = made[:, -1]
    out["Theta (M4 benchmark)"] = (point, *empirical_interval(Y, point, made))
    return out


ALPHAS = np.linspace(0.01, 1.0, 100)


def ses(Y: np.ndarray, alphas: np.ndarray = ALPHAS):
    """Simple exponential smoothing, alpha by the smallest one-step SSE (right-aligned
    panel); returns the level after every week and alpha."""
    start = np.argmax(np.isfinite(Y), axis=1)
    first = Y[np.arange(len(Y)), start]
    level = np.repeat(first[:, None], len(alphas), axis=1)
    sse = np.zeros_like(level)
    for t in range(Y.shape[1]):
        e = np.where(((t > start) & np.isfinite(Y[:, t]))[:, None], Y[:, t : t + 1] - level, 0.0)
        level += alphas * e
        sse += e * e
    alpha = alphas[np.argmin(sse, axis=1)]
    kept, lev = np.full(Y.shape, np.nan), first.copy()
    for t in range(Y.shape[1]):
        e = np.where((t > start) & np.isfinite(Y[:, t]), Y[:, t] - lev, 0.0)
        lev += alpha * e
        kept[:, t] = np.where(t >= start, lev, np.nan)
    return kept, alpha


def okrcoach_forecast(series: list[np.ndarray]) -> tuple:
    """okrcoach's forecasts, bounds and model names, ``[series, H]`` in series order."""
    out = forecast(long_frame(series), H, LEVEL).sort_values(["kpi_id", "step"])
    shape = (len(series), H)
    cols = ("forecast", "lower", "upper")
    point, lower, upper = (out[c].to_numpy().reshape(shape) for c in cols)
    return point, lower, upper, out["model"].to_numpy()[::H]


def metrics(train: np.ndarray, test: np.ndarray, point, lower, upper) -> dict:
    scale = np.nanmean(np.abs(np.diff(train, axis=1)), axis=1)
    smape = np.mean(200 * np.abs(test - point) / (np.abs(test) + np.abs(point)), axis=1)
    mase = np.mean(np.abs(test - point), axis=1) / scale
    a = 1 - LEVEL
    below, above = (lower - test) * (test < lower), (test - upper) * (test > upper)
    msis = np.mean((upper - lower) + 2 / a * (below + above), axis=1) / scale
    inside = (test >= lower) & (test <= upper)
    return {
        "sMAPE": smape.mean(),
        "MASE": mase.mean(),
        "coverage %": 100 * inside.mean(),
        "MSIS": msis.mean(),
    }


def accuracy(series: list[np.ndarray]) -> tuple[pd.DataFrame, pd.Series]:
    """The table (one row per method, OWA against Naive2 of this run) and okrcoach's choice
    of model (share of series)."""
    train = [s[:-H] for s in series]
    Y, test = right_aligned(train), np.array([s[-H:] for s in series])
    results = benchmarks(Y)
    t0 = time.perf_counter()
    point, lower, upper, models = okrcoach_forecast(train)
    seconds = time.perf_counter() - t0
    results["okrcoach"] = (point, lower, upper)
    # the same without seasonal candidates: what they add (M4's protocol has no season)
    left = np.full(Y.shape, np.nan)
    for i, s in enumerate(train):  # loading only: one row per series
        left[i, : len(s)] = s
    results["okrcoach, no seasonal candidates"] = forecast_panel(left, H, LEVEL, 1)[:3]
    rows = [{"method": name, **metrics(Y, test, *r)} for name, r in results.items()]
    out = pd.DataFrame(rows)
    naive2 = out.iloc[0]
    out.insert(3, "OWA", 0.5 * (out["sMAPE"] / naive2["sMAPE"] + out["MASE"] / naive2["MASE"]))
    choice = pd.Series(models).value_counts(normalize=True).rename(f"share ({seconds:.1f} s)")
    return out, choice


def synthetic(n: int, weeks: int = 104, seed: int = 0) -> pd.DataFrame:
    """Weekly KPIs: level, trend, a yearly wave, a random walk and noise."""
    rng = np.random.default_rng(seed)
    t = np.arange(weeks)
    Y = (
        100
        + rng.normal(0, 10, (n, 1))
        + rng.normal(0, 0.3, (n, 1)) * t
        + rng.uniform(0, 5, (n, 1)) * np.sin(2 * np.pi * t / 52)
        + np.cumsum(rng.normal(0, 1, (n, weeks)), axis=1) * 0.5
        + rng.normal(0, 2, (n, weeks))
    )
    dates = pd.date_range("2024-01-07", periods=weeks, freq="W").to_numpy()
    return pd.DataFrame(
        {"kpi_id": np.repeat(np.arange(n), weeks), "date": np.tile(dates, n), "value": Y.ravel()}
    )


def speed(n: int, sample: int = 50, runs: int = 3) -> dict:
    """Best of ``runs`` for all ``n`` series at once, and the per-series loop on a sample."""
    frame = synthetic(n)
    forecast(frame[frame["kpi_id"] < 10], H)  # warm-up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        forecast(frame, H)
        times.append(time.perf_counter() - t0)
    groups = [g for _, g in frame[frame["kpi_id"] < sample].groupby("kpi_id")]
    t0 = time.perf_counter()
    for g in groups:  # the straightforward route: one call per series
        okr.forecast(g, H)
    loop = (time.perf_counter() - t0) / sample
    return {"all": min(times), "runs": times, "loop_per_series": loop, "loop_all": loop * n}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="folder holding m4/")
    parser.add_argument("--series", type=int, default=10_000, help="synthetic series timed")
    args = parser.parse_args(argv)
    series = load(args.data)
    table, choice = accuracy(series)
    print(f"M4 weekly: {len(series)} series, the last {H} weeks of each held out")
    print(table.round(3).to_string(index=False))
    print("okrcoach's choice of model:", (100 * choice).round(1).to_dict(), choice.name)
    s = speed(args.series)
    runs = ", ".join(f"{t:.2f}" for t in s["runs"])
    print(
        f"speed: {args.series:,} weekly series x 104 weeks, {H} steps: {s['all']:.2f} s "
        f"(best of {runs}; goal <= 3 s); one series at a time: {1000 * s['loop_per_series']:.1f}"
        f" ms each, {s['loop_all']:.0f} s for all ({s['loop_all'] / s['all']:.0f}x slower)"
    )


if __name__ == "__main__":
    main()
