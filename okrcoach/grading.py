"""How a key result's 0-1 score is read: the 0.7 sweet spot and the grading colours."""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Where a well-set aspirational key result lands: 0.6-0.7 on average (domain guide).
SWEET_SPOT = 0.7
#: Grading colours of the published convention: 0.0-0.3 red, 0.4-0.6 yellow, 0.7-1.0 green.
GRADES = ((0.4, "red"), (SWEET_SPOT, "yellow"), (np.inf, "green"))


def grade(score: float | None) -> str:
    """Colour of a 0-1 score: red below 0.4 (rethink), yellow below 0.7, green from 0.7."""
    if score is None or pd.isna(score):
        return "unknown"
    return next(colour for bound, colour in GRADES if score < bound)


def weighted_score(krs: pd.DataFrame) -> float:
    """The weight-averaged ``score`` of key results (weight 1 where missing); NaN if none."""
    scored = krs.dropna(subset=["score"])
    if scored.empty:
        return np.nan
    w = scored["weight"].fillna(1.0)
    return float((scored["score"] * w).sum() / w.sum()) if w.sum() > 0 else np.nan


__all__ = ["GRADES", "SWEET_SPOT", "grade", "weighted_score"]
