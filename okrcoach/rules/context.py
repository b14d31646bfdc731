"""The frames rules read, prepared once per lint run.

Key results carry their objective's team, quarter and level, and text features computed
once for all rules (:class:`~okrcoach.rules.features.TextFeatures`: lower-cased text, lead
verb, numbers, baseline). Features are computed lazily: a run that selects no text rule
never reads the text.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cached_property

import numpy as np
import pandas as pd

from ..goalset import GoalSet
from ..quarters import quarter_bounds
from . import text as tx
from .features import TextFeatures, distinct_texts, kr_text_features


class Context:
    def __init__(
        self,
        goals: GoalSet,
        as_of: pd.Timestamp | str | None = None,
        trends=None,  # okrcoach.trends.Trends
        anomaly_threshold: float | None = None,
    ):
        self.goals = goals
        self._anomaly_threshold = anomaly_threshold  # for trends computed here
        self._as_of = trends.as_of if trends is not None and as_of is None else as_of
        self._memo: dict[object, object] = {}
        self._locks: dict[object, threading.RLock] = {}
        self._lock = threading.Lock()  # guards the dict of locks
        if trends is not None:
            if pd.Timestamp(self._as_of).normalize() != trends.as_of:
                raise ValueError(
                    f"the trends are as of {trends.as_of:%Y-%m-%d}, not "
                    f"{pd.Timestamp(self._as_of):%Y-%m-%d}"
                )
            self._memo["trends"] = trends

    def memo(self, key: object, compute: Callable[[], object]) -> object:
        """A value several rules share (activity counts, volume key results), computed once.

        Each value has a lock of its own: rules in other threads wait only for the value
        they need, while others are computed beside it. Values may use other values (the
        scorecards read the evidence), never in a circle, so no two threads wait on each
        other."""
        try:
            return self._memo[key]
        except KeyError:
            pass
        with self._lock:
            lock = self._locks.setdefault(key, threading.RLock())
        with lock:
            if key not in self._memo:
                self._memo[key] = compute()
            return self._memo[key]

    @cached_property
    def as_of(self) -> pd.Timestamp:
        """The day cadence rules judge from: given, else the latest date in the data."""
        from ..trends import default_as_of

        return (
            pd.Timestamp(self._as_of).normalize()
            if self._as_of is not None
            else default_as_of(self.goals)
        )

    @property
    def trends(self):  # -> okrcoach.trends.Trends
        """Progress, cadence and KPI status as of :attr:`as_of`: the ones given, else
        computed once (with the configured anomaly threshold)."""
        from ..trends import ANOMALY_THRESHOLD, trends

        threshold = self._anomaly_threshold
        threshold = ANOMALY_THRESHOLD if threshold is None else threshold
        return self.memo("trends", lambda: trends(self.goals, self.as_of, threshold))

    def prepare(self) -> None:
        """Compute the frames every rule reads, before rules run in several threads."""
        for name in ("objectives", "key_results", "kpis"):
            getattr(self, name)

    @cached_property
    def objectives(self) -> pd.DataFrame:
        obj = self.goals.objectives.copy()
        counts = self.goals.key_results.groupby("objective_id").size()
        obj["n_krs"] = obj["objective_id"].map(counts).fillna(0).astype(int)
        obj["low"] = tx.normalise(obj["title"])
        return obj

    @cached_property
    def key_results(self) -> pd.DataFrame:
        krs = self.goals.key_results
        obj = self.goals.objectives
        ids = pd.Index(obj["objective_id"])
        if not ids.is_unique:
            keep = ~ids.duplicated()
            obj, ids = obj[keep], ids[keep]
        # parent columns by position: a join's alignment costs more than the lookup
        pos = ids.get_indexer(krs["objective_id"])
        out = krs.copy()
        for col in ("team", "quarter", "level"):
            values = (
                obj[col].take(np.where(pos >= 0, pos, 0))
                if len(obj)
                else pd.Series([None] * len(krs), dtype=obj[col].dtype)
            )
            out[col] = pd.Series(values.to_numpy(), index=krs.index, dtype=obj[col].dtype).where(
                pos >= 0
            )
        return out

    @property
    def kr_text(self) -> TextFeatures:
        """Text features of every key result, aligned with :attr:`key_results`.

        Computed once, also when several rules ask for it at the same time.
        """
        return self.memo(
            "kr_text", lambda: kr_text_features(self.key_results, lambda _: self.distinct)
        )

    @property
    def distinct(self):  # -> tuple[np.ndarray, np.ndarray] | None
        """The key results' distinct (text, direction) codes (:func:`distinct_texts`), found
        once for the text features, the evidence and the scorecards' features."""
        return self.memo("distinct", lambda: distinct_texts(self.key_results))

    @cached_property
    def baseline(self) -> pd.Series:
        """Baseline from the column, else from 'from A to B' in the text."""
        return self.key_results["baseline"].fillna(self.kr_text.text_baseline)

    @cached_property
    def target(self) -> pd.Series:
        return self.key_results["target"].fillna(self.kr_text.text_target)

    @cached_property
    def kpis(self) -> pd.DataFrame:
        return self.goals.kpis

    @cached_property
    def due(self) -> pd.Series:
        """Due date of each key result as text: its own, else its quarter's end, else '<date>'."""
        krs = self.key_results
        ends = {
            q: quarter_bounds(q)[1].strftime("%Y-%m-%d") for q in krs["quarter"].dropna().unique()
        }
        if not krs["due"].notna().any():  # drafts: the quarter's end, or a blank to fill
            return pd.Series(
                [ends.get(q, "<date>") for q in krs["quarter"].tolist()],
                index=krs.index,
                dtype=object,
            )
        due = krs["due"].dt.strftime("%Y-%m-%d").astype(object)
        return due.fillna(krs["quarter"].map(ends).astype(object)).fillna("<date>")


def group_codes(*columns) -> tuple[np.ndarray, list[tuple]]:
    """An integer code per row for the combination of ``columns`` (missing values a key of
    their own), and the keys in order of first appearance: the groups a team-level rule
    counts, without grouping on text columns. A draft's few rows are coded in Python."""
    if len(columns[0]) <= tx.SMALL:
        seen: dict[tuple, int] = {}
        rows = zip(*(list(c) for c in columns), strict=True)
        codes = [seen.setdefault(tuple(_key(v) for v in r), len(seen)) for r in rows]
        return np.asarray(codes, dtype=np.intp), list(seen)
    codes, keys = pd.factorize(pd.MultiIndex.from_arrays(list(columns)), use_na_sentinel=False)
    return codes, list(keys)


def _key(value: object) -> object:
    return None if value is None or value != value else value  # NaN, NA and None alike


def fmt(values: pd.Series, placeholder: str) -> pd.Series:
    """Numbers as written ('35', '2.5'), or the placeholder where missing."""
    return pd.Series(
        [placeholder if v != v else f"{v:g}" for v in values.tolist()],
        index=values.index,
        dtype=object,
    )


Evidence = pd.Series | np.ndarray | str | None | Callable[[pd.Index], pd.Series]


def rows(
    frame: pd.DataFrame, mask: pd.Series | np.ndarray, **columns: Evidence
) -> pd.DataFrame | None:
    """The selected rows of ``frame`` with its id columns and the given evidence columns.

    Evidence given as a function of the selected index is built for those rows only: on a
    large organisation, messages for the few offending rows cost little, for all rows a lot.
    """
    mask = np.asarray(mask, dtype=bool)
    if not mask.any():
        return None  # nothing found: most rules on most drafts, so it must cost nothing
    ids = [c for c in ("team", "quarter", "objective_id", "kr_id", "kpi_id") if c in frame]
    index = frame.index[mask]
    # built as arrays and framed once: column by column costs more than the rule on a draft
    data = {c: frame[c].array[mask] for c in ids}  # only the id columns are ever copied
    for name, value in columns.items():
        if callable(value):
            value = value(index)
        if isinstance(value, pd.Series):
            value = value.reindex(index).array
        elif isinstance(value, np.ndarray):
            value = value[mask]
        data[name] = value
    return pd.DataFrame(data, index=index)
