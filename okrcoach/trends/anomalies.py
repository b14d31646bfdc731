"""How unusual each KPI value is, judged only from the values before it.

:func:`anomaly_scores` gives every row of a long frame of many series a score in [0, 1).
The score answers "how rarely has this series looked like this before?": a score ``s``
stands for an estimated tail probability of about ``exp(-s / (1 - s))`` of the row's
deviation against the series' own history, so one threshold fits quiet and noisy series
alike. :data:`ANOMALY_THRESHOLD` is the alarm level chosen on the Numenta Anomaly
Benchmark (``benchmarks/anomalies_nab.py``).

How a row is judged (every series at once, with grouped rolling windows and array maths):

1. *Expected value*, from three kinds of model: the median of the previous ``window``
   rows (the level), the median of the last ``recent`` rows (the level of late, which a
   trend moves), and the median of the values one, two and three seasons earlier, found
   by timestamp (the nearest row within half a step) so gaps and irregular sampling do not
   shift it. Seasons follow the step (:data:`~.seasons.CADENCES`): the day within the
   hour, the day and the week for hourly data, the week for daily, the year for weekly and
   monthly data.
2. *Which model judges the row*: the one whose residuals over the previous ``window`` rows
   have the smallest mean absolute value. A mean, not a median: weekend dips are two rows
   in seven, which a median would not see. So a season is used once the history shows it
   explains the series, with no margin to tune.
3. *Its scale*: that mean absolute residual x sqrt(pi / 2) (a standard deviation for
   normal noise; a rolling mean costs a fraction of a rolling median, and NAB scores the
   same), at least half the model's mean naive change (from the previous row, or from one
   season earlier for a seasonal model): a quantised or flat series would otherwise make
   any change infinitely surprising. A row alone needs :data:`MIN_DEVIATION` scales.
4. *Two raw scores*: the point deviation z = |residual| / scale, and the sustained score,
   the mean of min(z, ``z_cap``) over the last ``short`` rows (level shifts, a change of
   variance, a series that flat-lines). A row is *judged* once some model has a scale
   (``LEAST`` = 10 residuals).
5. *Calibration against the series' own past* (what lets one threshold serve every
   series): each raw score v becomes S = ln(1/(1-q)) + (v - Q) / beta, a peaks-over-
   threshold tail where Q is the q-quantile of the series' previously judged raw scores and
   beta their mean excess over Q (at least ``gamma`` x Q, so a short or quiet history does
   not over-react). S is minus the log of the estimated tail probability; the row keeps the
   larger S of its two raw scores. Rows score 0 until ``min_history`` rows were judged.
6. *One alarm per episode*: a row keeps its S only when it exceeds every S of the
   previous ``refractory`` rows, else 0.
7. The score is S / (1 + S).

Short series. The defaults (:data:`DEFAULTS`) count rows of data sampled within the hour,
where they were tuned on NAB. For coarser data the row-counted parameters are scaled to the
cadence's unit (:data:`~.seasons.CADENCES`: a day of hourly data, a week of daily data,
four weeks of weekly data, a quarter of monthly data): ``min_history`` is 3 units,
``short`` 1 unit and ``refractory`` 2 units, never below 12, 2 and 3 rows and never above
the defaults (:data:`SCALED`). A 90-day daily KPI is thus judged from day 18 (a week for its
first seasonal reference, then 10 residuals), scored from day 39 (21 judged days), averages
a week for the sustained score and alarms at most once a fortnight per episode; a weekly KPI
is scored from week 34 and a monthly one from month 33 (20 rows until the level model is
judged, then 12). ``window`` stays 2,000 rows: for a short series it is simply all of its past.
A series' cadence comes from the median of its first ``STEP_ROWS`` intervals, so that what
a row scores never depends on later rows. A parameter passed explicitly is used as a row
count for every series.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .seasons import CADENCES, Rows, cadence_of, season_name, series_rows, typical_steps
from .windows import median_of_few, previous, rolling

#: Alarm level on the score: the threshold that maximises the NAB standard-profile score
#: of the default parameters (``benchmarks/anomalies_nab.py``; the optimum, 0.8762, rounded
#: down). It stands for an estimated tail probability of exp(-0.876 / 0.124) = exp(-7.1),
#: about 1 in 1,200 rows of the series' own history.
ANOMALY_THRESHOLD = 0.876

#: The parameters, in rows for data sampled within the hour; see the module docstring.
DEFAULTS = {
    "window": 2000,  # rows of history for the level median and the residual scales
    "recent": 288,  # rows of the recent level's median (a trend's level of late): a day
    "seasons": 3,  # seasonal reference = median of the same time 1..3 seasons earlier
    "short": 24,  # rows averaged by the sustained score
    "z_cap": 10.0,  # cap on z inside that average: one spike must not look sustained
    "q": 0.95,  # quantile of the calibration's tail
    "gamma": 0.25,  # beta >= gamma * Q
    "min_history": 200,  # judged rows before the first score
    "refractory": 50,  # rows after an alarm in which only a larger score alarms again
}
#: Row parameters scaled to the cadence's unit: (units, fewest rows).
SCALED = {"min_history": (3, 12), "short": (1, 2), "refractory": (2, 3), "recent": (1, 3)}
#: The step that picks a series' cadence is the median of its first intervals only.
STEP_ROWS = 12
#: A row alone is unusual only this many robust standard deviations from what its model
#: expected, however rare the series' history makes it look: a short or very quiet history
#: calibrates the tail on a handful of rows, and a KPI of a few dozen values would alarm
#: on ordinary noise. (On NAB it costs nothing: 60.6 with it, 60.5 with 3.)
MIN_DEVIATION = 4.0
#: A standard deviation from a mean absolute deviation (sqrt(pi / 2), exact for a normal
#: distribution).
SPREAD = 1.2533


def anomaly_scores(
    values: pd.DataFrame,
    key: str = "kpi_id",
    time: str = "date",
    value: str = "value",
    **params: float,
) -> pd.Series:
    """Score how unusual every value of every series is, from its own earlier values.

    Parameters
    ----------
    values : DataFrame
        Long frame: one row per series and timestamp, in any order and with any index.
    key, time, value : str
        Its columns: the series' id, the timestamp (any regular step from a minute to a
        year; time-zone aware stamps are read in local time) and the value.
    **params
        Overrides of :data:`DEFAULTS` (row counts, used for every series as given).

    Returns
    -------
    Series
        Aligned with ``values.index``, named ``anomaly_score``: in [0, 1), higher is more
        unusual; above :data:`ANOMALY_THRESHOLD` is an alarm. It is causal: a row's score
        uses only that row and the earlier rows of its series. Rows before the series'
        ``min_history`` (all rows of a shorter series) score 0; a row without a value, time
        or key scores NaN, and the rows around it are judged as if it were absent.
    """
    return anomaly_details(values, key, time, value, **params)["anomaly_score"]


def anomaly_details(
    values: pd.DataFrame,
    key: str = "kpi_id",
    time: str = "date",
    value: str = "value",
    **params: float,
) -> pd.DataFrame:
    """:func:`anomaly_scores` with what lies behind each score, to say why a row stands out.

    Returns a frame aligned with ``values.index``: ``anomaly_score``; ``expected``, what the
    judging model expected of the row; ``model``, that model (``"level"``: the median of
    the series' history, ``"recent"``: the median of its latest rows, or the season whose
    earlier values it follows: ``"day"``, ``"week"``, ``"year"``; missing where no model
    judged the row); ``deviation``, the row's distance from it in the model's robust
    standard deviations (negative below); and ``sustained``, whether the score comes from
    a run of unusual rows (a level shift, a change of spread) rather than from the row
    alone.
    """
    judged = judge(values, key, time, value, **params)
    n, at = len(values), judged.rows.order
    scores, expected, deviation = (np.full(n, np.nan) for _ in range(3))
    model, sustained = np.full(n, None, dtype=object), np.zeros(n, dtype=bool)
    scores[at], expected[at], deviation[at] = judged.score, judged.expected, judged.deviation
    model[at], sustained[at] = judged.model_of(slice(None)), judged.sustained
    return pd.DataFrame(
        {
            "anomaly_score": scores,
            "expected": expected,
            "deviation": deviation,
            "model": model,
            "sustained": sustained,
        },
        index=values.index,
    )


@dataclass(frozen=True)
class Judged:
    """:func:`anomaly_details`' columns for the rows with a key, a time and a value, in the
    order of ``rows`` (by series, then time), with the rows themselves: what needs the
    series' next values or only the alarms reads these, not a frame of every row."""

    rows: Rows
    score: np.ndarray
    expected: np.ndarray
    deviation: np.ndarray
    model: np.ndarray  # index into model_names, -1 where no model judged the row
    model_names: tuple[str, ...]
    sustained: np.ndarray

    def model_of(self, at: np.ndarray) -> np.ndarray:
        """The judging model's name at the rows ``at`` (None where none judged)."""
        return np.array([*self.model_names, None], dtype=object)[self.model[at]]


def judge(values: pd.DataFrame, key: str, time: str, value: str, **params: float) -> Judged:
    """Score every row of every series (see :func:`anomaly_details`)."""
    unknown = sorted(set(params) - set(DEFAULTS))
    if unknown:
        raise TypeError(f"unknown parameters {unknown}; known: {sorted(DEFAULTS)}")
    rows = series_rows(values, key, time, value)
    n = len(rows.codes)
    scores, expected, z = np.zeros(n), np.full(n, np.nan), np.full(n, np.nan)
    model, sustained = np.full(n, -1), np.zeros(n, dtype=bool)
    names: list[str] = []
    if n:
        table = series_parameters(typical_steps(rows, first=STEP_ROWS), params)
        # one pass per distinct setting (a handful: one per sampling step), not per series
        settings, labels = np.unique(table, axis=0, return_inverse=True)
        labels = labels.ravel()
        for g, row in enumerate(settings):
            sel = labels[rows.codes] == g
            p = {**DEFAULTS, **dict(zip(SCALED, row[1:].tolist(), strict=True)), **params}
            cadence = CADENCES[row[0]]
            found = surprise(subset(rows, sel), p, cadence.seasons)
            scores[sel], expected[sel], sustained[sel] = found.s, found.expected, found.sustained
            z[sel] = found.z
            here = ["level", "recent", *(season_name(x) for x in cadence.seasons)]
            names += [name for name in here if name not in names]
            codes = np.array([names.index(name) for name in here])
            model[sel] = np.where(found.model >= 0, codes[np.maximum(found.model, 0)], -1)
    with np.errstate(invalid="ignore"):
        score = scores / (1.0 + scores)
    return Judged(rows, score, expected, z, model, tuple(names), sustained)


def series_parameters(steps: np.ndarray, given: dict) -> np.ndarray:
    """Per series: its cadence and the scaled row parameters, ``[cadence, *SCALED]``.

    ``min(default, max(fewest, units x unit rows))``: the defaults for data sampled within
    the hour, a few units of the cadence for coarser data (see the module docstring).
    """
    cadence = cadence_of(steps)
    span = np.array([c.unit for c in CADENCES])[cadence]
    with np.errstate(invalid="ignore", divide="ignore"):
        unit = np.where(steps > 0, np.maximum(np.rint(span / steps), 1), 1)
    columns = [cadence]
    for name, (units, fewest) in SCALED.items():
        scaled = np.minimum(DEFAULTS[name], np.maximum(fewest, units * unit))
        columns.append(np.full(len(steps), given[name]) if name in given else scaled)
    return np.stack(columns, axis=1).astype(np.int64)


def subset(rows: Rows, sel: np.ndarray) -> Rows:
    """The rows of some series (whole series only), renumbered from 0."""
    codes = np.unique(rows.codes[sel], return_inverse=True)[1]
    new = np.r_[True, codes[1:] != codes[:-1]]
    start = np.flatnonzero(new)[np.cumsum(new) - 1]
    return Rows(rows.order[sel], codes, rows.keys, rows.t[sel], rows.x[sel], start)


def seasonal_reference(
    rows: Rows, step: np.ndarray, lag: float, seasons: int
) -> tuple[np.ndarray, np.ndarray]:
    """Median of the series' values ``1..seasons`` lags earlier, matched by timestamp, and
    the value one lag earlier.

    The match is the series' row nearest to ``t - j * lag`` when it lies within half the
    row's step; where none does, that season is missing from the median.
    """
    ms = (rows.t - rows.t[rows.start]) // 1_000_000
    stride = np.int64(ms.max() + 1)
    if (rows.codes.max() + 1) * float(stride) >= 2.0**62:
        raise ValueError("time spans too long to match seasons in milliseconds")
    comb = rows.codes.astype(np.int64) * stride + ms
    here = np.arange(len(comb))
    tol = np.nan_to_num(0.5 * step * 1e3, nan=0.0)
    refs = np.full((seasons, len(comb)), np.nan)
    for j in range(1, seasons + 1):
        back = np.int64(round(j * lag * 1e3))
        # only rows at least j seasons (less the tolerance) into their series can match
        at = np.flatnonzero(ms + tol >= back)
        if not len(at):
            break  # nor can any row further back
        target = comb[at] - back
        after = np.searchsorted(comb, target, side="left")
        gaps = []
        for i in (np.clip(after - 1, 0, None), np.clip(after, None, len(comb) - 1)):
            ok = (rows.codes[i] == rows.codes[at]) & (i < here[at])
            gaps.append((i, np.where(ok, np.abs(comb[i] - target), np.inf)))
        (i0, g0), (i1, g1) = gaps
        nearest, gap = np.where(g1 < g0, i1, i0), np.fmin(g0, g1)
        refs[j - 1, at] = np.where(gap <= tol[at], rows.x[nearest], np.nan)
    return median_of_few(refs), refs[0]


def tail_surprise(v: np.ndarray, rows: Rows, q: float, gamma: float, least: int) -> np.ndarray:
    """Minus the log tail probability of ``v`` against the series' previous values (a
    peaks-over-threshold fit: the q-quantile Q of at least ``least`` earlier values and the
    mean excess over it, where rows judged before Q existed count as no excess)."""
    every = 10**9  # an expanding window
    quantile = previous(rolling(v, rows, every, "quantile", q=q, min_periods=least), rows)
    excess = np.where(np.isnan(v), np.nan, np.nan_to_num(np.fmax(v - quantile, 0.0)))
    mean_excess = previous(rolling(excess, rows, every, "mean", min_periods=least), rows)
    beta = np.fmax(np.fmax(mean_excess / (1.0 - q), gamma * quantile), 1e-12)
    s = np.log(1.0 / (1.0 - q)) + (v - quantile) / beta
    return np.where(np.isfinite(s), np.fmax(s, 0.0), 0.0)


def point_deviation(
    rows: Rows, p: dict, lags: tuple[float, ...]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """z of each row under the model (level or a season) with the smallest robust scale.

    A model's scale is at least half its naive change (from the previous row for the
    level model, from one season earlier for a seasonal one), averaged over the window:
    a quantised or flat series would otherwise make the smallest change look infinitely
    unusual. Each model has its own floor, so the day-to-day jumps of a weekly pattern
    do not blunt the seasonal model that explains them.
    """
    x, w = rows.x, int(p["window"])
    # the series' step as its first intervals give it (as its cadence is found)
    step = typical_steps(rows, first=STEP_ROWS)[rows.codes]
    level = previous(rolling(x, rows, w, "median"), rows)
    naive = previous(x, rows)
    recent = previous(rolling(x, rows, int(p["recent"]), "median", min_periods=1), rows)
    models = [(level, naive), (recent, naive)]
    models += [seasonal_reference(rows, step, lag, int(p["seasons"])) for lag in lags]
    least = 1e-6 * (np.abs(level) + 1.0)
    best_z, best_fit = np.zeros(len(x)), np.full(len(x), np.inf)
    best_expected, best_model = np.full(len(x), np.nan), np.full(len(x), -1)
    for m, (expected, naive) in enumerate(models):
        resid = np.abs(x - expected)
        fit = previous(rolling(resid, rows, w, "mean"), rows)
        spread = SPREAD * fit
        floor = 0.5 * previous(rolling(np.abs(x - naive), rows, w, "mean"), rows)
        scale = np.fmax(np.fmax(spread, floor), least)
        usable = np.isfinite(resid) & np.isfinite(spread) & (fit < best_fit)
        best_z = np.where(usable, resid / np.where(usable, scale, 1.0), best_z)
        best_fit = np.where(usable, fit, best_fit)
        best_expected = np.where(usable, expected, best_expected)
        best_model = np.where(usable, m, best_model)
    judged = np.isfinite(best_fit)
    return np.where(judged, best_z, np.nan), best_expected, np.where(judged, best_model, -1)


def signed(z: np.ndarray, x: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """z with the sign of the row's deviation (negative below what was expected)."""
    return np.where(x < expected, -z, z)


@dataclass(frozen=True)
class Surprise:
    """Per row: S (the score is S / (1 + S)), what the judging model expected, that model's
    index (level, recent, then the seasons; -1 where none judged), and whether S came from
    the sustained score."""

    s: np.ndarray
    expected: np.ndarray
    model: np.ndarray
    sustained: np.ndarray
    z: np.ndarray


def surprise(rows: Rows, p: dict, lags: tuple[float, ...]) -> Surprise:
    """The calibrated, de-duplicated S of every row, and what lies behind it."""
    z, expected, model = point_deviation(rows, p, lags)
    mean_z = rolling(np.fmin(z, p["z_cap"]), rows, int(p["short"]), "mean", min_periods=1)
    least = int(p["min_history"])
    point = tail_surprise(z, rows, p["q"], p["gamma"], least)
    run = tail_surprise(mean_z, rows, p["q"], p["gamma"], least)
    s = np.fmax(point, run)
    s[~(run > point) & ~(z >= MIN_DEVIATION)] = 0.0  # a lone row close to its expectation
    # scored once min_history earlier rows were judged (had a model with a scale)
    judged = pd.Series(np.isfinite(z)).groupby(rows.codes).cumsum().to_numpy()
    s[judged <= least] = 0.0
    before = previous(rolling(s, rows, int(p["refractory"]), "max", min_periods=1), rows)
    s = np.where(s > np.nan_to_num(before, nan=0.0), s, 0.0)
    return Surprise(s, expected, model, run > point, signed(z, rows.x, expected))


__all__ = [
    "ANOMALY_THRESHOLD",
    "DEFAULTS",
    "SCALED",
    "Judged",
    "anomaly_details",
    "anomaly_scores",
    "judge",
]
