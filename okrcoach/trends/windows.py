"""Rolling statistics within each series of a long, sorted frame, for all series at once.

The rows are :class:`~okrcoach.trends.seasons.Rows`: sorted by series, then time. A window
ends at its row (inclusive) and never reaches into the previous series.
"""

from __future__ import annotations

import bottleneck as bn
import numpy as np
import pandas as pd
from pandas.api.indexers import BaseIndexer

from .seasons import Rows

#: Rows a rolling median or mean needs before it is trusted.
LEAST = 10
#: Medians and maxima run per series on a padded panel when the panel is at most this many
#: times the rows (:func:`rolling`).
PADDING = 2
PANEL_STATISTICS = {"median": bn.move_median, "max": bn.move_max}


class SeriesWindow(BaseIndexer):
    """The last ``window_size`` rows up to each row, within the row's own series.

    pandas' grouped rolling finds each group's windows in a Python loop over the groups,
    which costs seconds for ten thousand short series; these bounds are two array
    operations, and the ungrouped rolling kernels then run once over every row.
    """

    def get_window_bounds(
        self, num_values=0, min_periods=None, center=None, closed=None, step=None
    ):
        end = np.arange(1, num_values + 1, dtype=np.int64)
        start = np.maximum(end - self.window_size, self.series_start).astype(np.int64)
        return start, end


def rolling(
    v: np.ndarray, rows: Rows, window: int, how: str, q: float = 0.5, min_periods: int = LEAST
) -> np.ndarray:
    """A rolling statistic of ``v`` within each series, ending at each row (inclusive).

    Medians and maxima of series that fill a panel without much padding run per series
    on that panel in bottleneck (a heap per window, five times pandas' skip list here);
    everything else runs in pandas over all rows at once.
    """
    if how in PANEL_STATISTICS and len(v):
        pos, length = rows.pos, np.bincount(rows.codes)  # codes run 0..S-1, in order
        if len(length) * length.max() <= PADDING * len(v):
            grid = np.full((len(length), length.max()), np.nan)
            grid[rows.codes, pos] = v
            window = min(window, grid.shape[1])
            if min_periods > window:  # no window holds enough rows
                return np.full(len(v), np.nan)
            out = PANEL_STATISTICS[how](grid, window, min_count=min_periods, axis=1)
            return out[rows.codes, pos]
    bounds = SeriesWindow(window_size=window, series_start=rows.start)
    r = pd.Series(v).rolling(bounds, min_periods=min_periods)
    out = r.quantile(q) if how == "quantile" else getattr(r, how)()
    return out.to_numpy()


def previous(v: np.ndarray, rows: Rows) -> np.ndarray:
    """``v`` of the previous row of the same series (NaN at a series' first row)."""
    out = np.empty(len(v))
    out[1:] = v[:-1]
    out[rows.pos == 0] = np.nan
    return out


def median_of_few(refs: np.ndarray) -> np.ndarray:
    """The median over axis 0 of a few rows, ignoring NaN (NaN where all are): sorted once,
    NaN last, then picked by the count of values. ``np.nanmedian`` on a million columns
    of three costs as much as everything else together."""
    if len(refs) == 3:  # the usual case: three seasons, sorted by three compare-swaps
        a, b, c = (np.where(np.isnan(r), np.inf, r) for r in refs)
        a, b = np.fmin(a, b), np.fmax(a, b)
        b, c = np.fmin(b, c), np.fmax(b, c)
        a, b = np.fmin(a, b), np.fmax(a, b)
        srt = np.stack([a, b, c])
        srt[np.isinf(srt)] = np.nan
    else:
        srt = np.sort(refs, axis=0)
    n = np.isfinite(srt).sum(axis=0)
    cols = np.arange(srt.shape[1])
    lo = srt[np.maximum((n - 1) // 2, 0), cols]
    hi = srt[np.maximum(n // 2, 0), cols]
    return np.where(n > 0, (lo + hi) / 2, np.nan)


__all__ = ["LEAST", "PADDING", "SeriesWindow", "median_of_few", "previous", "rolling"]
