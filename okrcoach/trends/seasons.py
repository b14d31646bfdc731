"""How often a series is sampled, which cycles it can repeat, and its rows in a fixed order.

Both :func:`~okrcoach.trends.anomalies.anomaly_scores` and
:func:`~okrcoach.trends.forecast.forecast` take a long frame of many series sampled at any
regular step, from minutes to months. What they need to know about a series follows from
its step alone, through one small table, :data:`CADENCES`, so a reader can check every
choice in one place:

- the *seasons* a value may repeat: the day for data sampled within the hour (the daily
  cycle of servers and traffic), the day and the week for hourly data, the week for daily
  data (weekends), the year for weekly (52 weeks, so weekdays stay aligned), monthly and
  quarterly data; none for yearly data (the anomaly scores try each season listed, the
  forecaster the first: 24 hours for hourly data, 7 days for daily, 52 weeks for weekly);
- the *unit*: the span that row-counted parameters (how many rows of history, how long an
  episode lasts) are scaled to, so that a 90-day daily KPI is judged in weeks and a
  two-year weekly KPI in months, while 5-minute data keeps the limits it was tuned with.

Steps are medians of the intervals between a series' rows, so gaps and the odd duplicate
timestamp do not change them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

HOUR = 3600.0
DAY = 24 * HOUR
WEEK = 7 * DAY
YEAR = 365.2425 * DAY
MONTH = YEAR / 12


@dataclass(frozen=True)
class Cadence:
    """A class of sampling steps and what follows from it.

    Attributes
    ----------
    name : str
    below : float
        The class holds steps shorter than this many seconds (and at least the previous
        class's ``below``). The limits sit between the usual steps (0.75 h, 0.75 day, ...),
        so a daily series across a daylight-saving change or with a missing day stays daily.
    unit : float
        Seconds that row-counted parameters are scaled to (see the module docstring).
    seasons : tuple of float
        Seasonal lags in seconds, shortest first.
    calendar : bool
        Steps counted in calendar months (months differ in length, so timestamps step by
        months rather than by a fixed number of seconds).
    """

    name: str
    below: float
    unit: float
    seasons: tuple[float, ...]
    calendar: bool = False


CADENCES = (
    Cadence("minutes", 0.75 * HOUR, DAY, (DAY,)),
    Cadence("hourly", 0.75 * DAY, DAY, (DAY, WEEK)),
    Cadence("daily", 5 * DAY, WEEK, (WEEK,)),
    Cadence("weekly", 21 * DAY, 4 * WEEK, (52 * WEEK,)),
    Cadence("monthly", 75 * DAY, 3 * MONTH, (YEAR,), calendar=True),
    Cadence("quarterly", 250 * DAY, YEAR, (YEAR,), calendar=True),
    Cadence("yearly", np.inf, YEAR, (), calendar=True),
)


def cadence_of(step: np.ndarray) -> np.ndarray:
    """Index into :data:`CADENCES` for each step in seconds (a series with one row, whose
    step is NaN, counts as daily: it is scored and forecast like a short daily KPI)."""
    limits = np.array([c.below for c in CADENCES[:-1]])
    return np.searchsorted(limits, np.nan_to_num(step, nan=DAY), side="right")


def nanoseconds(times: pd.Series) -> np.ndarray:
    """Timestamps as int64 nanoseconds of local wall time (NaT as the int64 minimum).

    Time-zone aware stamps are read in their own zone's wall time, so a daily KPI stays
    one day apart across a daylight-saving change and a weekly season matches the same
    hour of the week.
    """
    t = pd.to_datetime(times)
    if getattr(t.dt, "tz", None) is not None:
        t = t.dt.tz_localize(None)
    return t.to_numpy(dtype="datetime64[ns]").view(np.int64)


@dataclass(frozen=True)
class Rows:
    """The usable rows of a long frame, series by series in time order.

    Attributes
    ----------
    order : ndarray
        Positions (0..len(frame)-1) of the rows with a key, a time and a value, sorted by
        series, then time, then value (so shuffled input gives the same order).
    codes : ndarray
        Series number of each of those rows, 0..S-1 ascending.
    keys : ndarray
        The key of each series, sorted where the keys can be compared.
    t : ndarray
        Int64 nanoseconds (see :func:`nanoseconds`).
    x : ndarray
        The values, as floats.
    start : ndarray
        Row (into the sorted rows) where each row's series starts.
    """

    order: np.ndarray
    codes: np.ndarray
    keys: np.ndarray
    t: np.ndarray
    x: np.ndarray
    start: np.ndarray

    @cached_property
    def pos(self) -> np.ndarray:
        """Each row's position within its series (0 for the first row); computed once, as
        every rolling statistic and lag reads it."""
        return np.arange(len(self.codes)) - self.start


def series_rows(frame: pd.DataFrame, key: str, time: str, value: str) -> Rows:
    """The rows of every series, sorted; rows without key, time or value are left out."""
    try:
        codes, keys = pd.factorize(frame[key], sort=True)
    except TypeError:  # keys of kinds that do not compare: order of first appearance
        codes, keys = pd.factorize(frame[key], sort=False)
    t = nanoseconds(frame[time])
    x = pd.to_numeric(frame[value], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    ok = np.flatnonzero((codes >= 0) & (t != np.iinfo(np.int64).min) & np.isfinite(x))
    order = ok[np.lexsort((t[ok], codes[ok]))]
    same = (codes[order][1:] == codes[order][:-1]) & (t[order][1:] == t[order][:-1])
    if same.any():  # two rows at one time: order them by value too, whatever the input order
        order = ok[np.lexsort((x[ok], t[ok], codes[ok]))]
    codes = codes[order]
    used, codes = np.unique(codes, return_inverse=True)
    new = np.r_[True, codes[1:] != codes[:-1]] if len(codes) else np.zeros(0, bool)
    start = np.flatnonzero(new)[np.cumsum(new) - 1] if len(codes) else np.zeros(0, np.int64)
    return Rows(order, codes, np.asarray(keys)[used], t[order], x[order], start)


def typical_steps(rows: Rows, first: int | None = None) -> np.ndarray:
    """Median positive interval in seconds per series, NaN for a series of one row.

    ``first`` limits it to the series' first intervals, which keeps a score causal: what
    a row's score is cannot depend on rows recorded after it.
    """
    dt = np.diff(rows.t, prepend=rows.t[:1]).astype(float) / 1e9
    keep = (rows.pos > 0) & (dt > 0)
    if first is not None:
        keep &= rows.pos <= first
    n = int(rows.codes.max()) + 1 if len(rows.codes) else 0
    med = pd.Series(dt[keep]).groupby(rows.codes[keep]).median()
    return med.reindex(range(n)).to_numpy(dtype=float)


def season_name(lag: float) -> str:
    """'day', 'week' or 'year' for a seasonal lag in seconds (else its length in days)."""
    for name, seconds in (("day", DAY), ("week", WEEK), ("year", 52 * WEEK)):
        if abs(lag - seconds) <= 0.02 * seconds:
            return name
    return f"{lag / DAY:g} days"


__all__ = [
    "CADENCES",
    "DAY",
    "HOUR",
    "MONTH",
    "WEEK",
    "YEAR",
    "Cadence",
    "Rows",
    "cadence_of",
    "season_name",
    "nanoseconds",
    "series_rows",
    "typical_steps",
]
