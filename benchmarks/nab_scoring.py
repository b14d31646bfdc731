"""NAB's standard-profile scoring, re-implemented from its published method.

Follows numenta/NAB at commit ea702d7 (``nab/sweeper.py``, ``nab/optimizer.py``,
``nab/runner.py``); a copy of this scorer reproduced NAB's published table to three
decimals when it scored NAB's own stored detector outputs (windowed Gaussian 39.650,
Numenta HTM 70.101, null 0), which is why the details below are as they are:

- probation: the first min(floor(0.15 n), 0.15 x 5000 = 750) rows of a file are ignored;
- each row has a "sweep score": inside a window of width w rows whose right edge is row r,
  row i earns tp x sigma(-(r - i + 1) / w) / sigma(-1), with sigma(x) = 2 / (1 + e^(5x)) - 1
  (and -1 for x > 3); outside a window a row costs fp x sigma(|r' - i| / (w' - 1)) relative
  to the preceding window r', w' (the full -fp before the first window);
- at a threshold t a row detects when its anomaly score is >= t; a window scores its best
  detection (its first one) or -fn without any; each detection outside windows adds its
  (negative) sweep score;
- one threshold for the whole corpus, from every distinct score, the one with the highest
  total (ties: the highest threshold, as NAB's stable sort picks);
- normalised = 100 (raw - null) / (perfect - null), with null = -fn x windows (detects
  nothing) and perfect = tp x windows (every window detected at its start).
Standard profile: tp = 1.0, fp = 0.11, fn = 1.0.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

STANDARD = {"tp": 1.0, "fp": 0.11, "fn": 1.0}
PROBATION = 0.15
#: ../shared/data relative to the repository (the evaluation data lives beside it)
DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def load_corpus(data: Path = DATA, files: list[str] | None = None):
    """NAB's series as one long frame [series, group, timestamp, value] (files in sorted
    order, each in time order) and the label windows of the files present.

    ``files`` limits it to some ``group/name.csv`` files (the tests use three).
    """
    windows = json.loads((data / "nab" / "labels" / "combined_windows.json").read_text())
    frames = []
    for rel in sorted(files or windows):
        path = data / "nab" / "data" / rel
        if not path.exists():
            continue
        d = pd.read_csv(path)
        d["timestamp"] = pd.to_datetime(d["timestamp"])
        d.insert(0, "series", rel)
        d.insert(1, "group", rel.split("/")[0])
        frames.append(d)
    frame = pd.concat(frames, ignore_index=True)
    present = set(frame["series"])
    return frame, {k: v for k, v in windows.items() if k in present}


def scaled_sigmoid(x):
    x = np.asarray(x, dtype=float)
    with np.errstate(over="ignore"):
        v = 2.0 / (1.0 + np.exp(5.0 * x)) - 1.0
    return np.where(x > 3.0, -1.0, v)


@dataclass
class Prepared:
    """Per-row sweep scores and window ids of a corpus, computed once per corpus."""

    series: np.ndarray  # file of each row
    group: np.ndarray  # group of each row
    sweep: np.ndarray  # NAB's weighted sweep score of each row
    window: np.ndarray  # window id of each row, -1 outside windows
    scorable: np.ndarray  # False in probation
    window_series: np.ndarray  # file of each window id
    cost: dict

    @property
    def n_windows(self) -> int:
        return len(self.window_series)


def file_sweep(ts: np.ndarray, wins: list, cost: dict, first_id: int):
    """Sweep scores and window ids of one file's rows (``ts`` in time order)."""
    n = len(ts)
    idx = np.arange(n)
    sweep = np.full(n, -cost["fp"])  # before any window
    ids = np.full(n, -1, dtype=np.int64)
    max_tp = float(scaled_sigmoid(-1.0))
    for k, (left, right) in enumerate(sorted(wins, key=lambda w: pd.Timestamp(w[0]))):
        li = int(np.searchsorted(ts, np.datetime64(pd.Timestamp(left))))
        ri = int(np.searchsorted(ts, np.datetime64(pd.Timestamp(right))))
        width = float(ri - li + 1)
        inside = slice(li, ri + 1)
        sweep[inside] = scaled_sigmoid(-(ri - idx[inside] + 1) / width) * cost["tp"] / max_tp
        ids[inside] = first_id + k
        # the rows after this window, until the next window overwrites them
        after = idx > ri
        sweep[after] = scaled_sigmoid(np.abs(ri - idx[after]) / (width - 1.0)) * cost["fp"]
    return sweep, ids


def prepare(frame: pd.DataFrame, windows: dict, cost: dict = STANDARD) -> Prepared:
    """Rows grouped by file in time order (as :func:`load_corpus` gives them)."""
    series = frame["series"].to_numpy()
    ts = frame["timestamp"].to_numpy()
    sweep = np.empty(len(frame))
    win = np.full(len(frame), -1, dtype=np.int64)
    scorable = np.ones(len(frame), dtype=bool)
    owners: list[str] = []
    bounds = np.flatnonzero(np.r_[True, series[1:] != series[:-1], True])
    for a, b in zip(bounds[:-1], bounds[1:], strict=False):  # one labelled file at a time
        name, n = series[a], b - a
        probation = min(math.floor(PROBATION * n), PROBATION * 5000)
        scorable[a:b] = np.arange(n) >= probation
        wins = windows.get(name, [])
        sweep[a:b], win[a:b] = file_sweep(ts[a:b], wins, cost, len(owners))
        owners += [name] * len(wins)
    return Prepared(
        series, frame["group"].to_numpy(), sweep, win, scorable, np.array(owners, object), cost
    )


def threshold_curve(scores, prep: Prepared, mask=None):
    """Total raw score at every candidate threshold (every distinct score, and none)."""
    keep = prep.scorable if mask is None else prep.scorable & mask
    order = np.argsort(-np.asarray(scores, dtype=float)[keep], kind="stable")
    sc = np.asarray(scores, dtype=float)[keep][order]
    sw, wi = prep.sweep[keep][order], prep.window[keep][order]
    base = -prep.cost["fn"] * len(np.unique(wi[wi >= 0]))
    delta = np.where(wi < 0, sw, 0.0)
    inw = wi >= 0
    if inw.any():  # a window's gain grows with its best detection so far
        best = np.maximum(pd.Series(sw[inw]).groupby(wi[inw]).cummax(), -prep.cost["fn"])
        before = best.groupby(wi[inw]).shift(1).fillna(-prep.cost["fn"])
        delta[inw] = (best - before).to_numpy()
    total = base + np.cumsum(delta)
    last = np.r_[sc[1:] != sc[:-1], True]  # a threshold includes every tie
    return np.r_[np.inf, sc[last]], np.r_[base, total[last]]


def optimise_threshold(scores, prep: Prepared, mask=None) -> float:
    thresholds, totals = threshold_curve(scores, prep, mask)
    return float(thresholds[int(np.argmax(totals))])  # first best = highest threshold


def per_file(scores, prep: Prepared, threshold: float) -> pd.DataFrame:
    """Raw score, windows, detected windows and false positives per file."""
    sc = np.asarray(scores, dtype=float)
    det = prep.scorable & (sc >= threshold)
    outside = det & (prep.window < 0)
    by = [prep.series, prep.group]
    out = pd.DataFrame(
        {
            "fp_cost": pd.Series(np.where(outside, prep.sweep, 0.0)).groupby(by).sum(),
            "fp": pd.Series(outside).groupby(by).sum(),
        }
    )
    inw = prep.scorable & (prep.window >= 0)
    best = pd.Series(np.where(det, prep.sweep, -np.inf)[inw]).groupby(prep.window[inw]).max()
    wscore = np.maximum(best.to_numpy(), -prep.cost["fn"])
    owner = prep.window_series[best.index.to_numpy()]
    files = out.index.get_level_values(0)

    def by_file(v) -> np.ndarray:
        return pd.Series(v, index=owner).groupby(level=0).sum().reindex(files).fillna(0).to_numpy()

    out["windows"] = by_file(1).astype(int)
    out["tp"] = by_file(wscore > -prep.cost["fn"]).astype(int)
    out["raw"] = by_file(wscore) + out["fp_cost"].to_numpy()
    return out.reset_index(names=["series", "group"])


def normalise(raw: float, n_windows: int, cost: dict = STANDARD) -> float:
    null, perfect = -cost["fn"] * n_windows, cost["tp"] * n_windows
    return 100.0 * (raw - null) / (perfect - null) if perfect != null else float("nan")


def evaluate(scores, prep: Prepared, threshold: float | None = None) -> dict:
    """The corpus-optimised threshold (unless given) and the normalised score overall and
    per group, with detected windows (tp) and false positives (fp)."""
    if threshold is None:
        threshold = optimise_threshold(scores, prep)
    files = per_file(scores, prep, threshold)
    groups = files.groupby("group")[["raw", "windows", "tp", "fp"]].sum()
    groups["score"] = [
        normalise(r, w) for r, w in zip(groups["raw"], groups["windows"], strict=True)
    ]
    return {
        "threshold": threshold,
        "score": normalise(files["raw"].sum(), int(files["windows"].sum())),
        "windows": int(files["windows"].sum()),
        "tp": int(files["tp"].sum()),
        "fp": int(files["fp"].sum()),
        "groups": groups,
    }


def perfect_scores(frame: pd.DataFrame, windows: dict) -> np.ndarray:
    """1 at the first row of every window, 0 elsewhere: the scorer's upper bound."""
    out = np.zeros(len(frame))
    series, ts = frame["series"].to_numpy(), frame["timestamp"].to_numpy()
    for name, wins in windows.items():
        rows = np.flatnonzero(series == name)
        for left, _ in wins:
            i = np.searchsorted(ts[rows], np.datetime64(pd.Timestamp(left)))
            if i < len(rows):
                out[rows[i]] = 1.0
    return out


__all__ = [
    "DATA",
    "STANDARD",
    "Prepared",
    "evaluate",
    "load_corpus",
    "normalise",
    "optimise_threshold",
    "perfect_scores",
    "prepare",
    "threshold_curve",
]
