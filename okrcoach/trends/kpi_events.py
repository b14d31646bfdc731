"""Unusual KPI values and level shifts, in words a team reads.

Every value is scored against its own series' history by
:func:`~okrcoach.trends.anomalies.anomaly_details` (causal, seasonal where the history
shows a season, calibrated per series). A value scoring at least the threshold is an
*alarm*; what happened after it tells the two kinds apart:

- a *level shift* when the series stayed there: the median of the next values (up to
  :data:`AFTER` of them, at least two) lies nearer the alarmed value than what was expected
  of it, or the alarm came from a run of unusual values rather than one;
- an *anomaly* otherwise: a one-off, or the latest value, whose sequel is not known yet.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .anomalies import ANOMALY_THRESHOLD, judge
from .windows import median_of_few

#: Values after an alarm that say whether the series stayed at the new level.
AFTER = 3

ANOMALY_COLUMNS = ["kpi_id", "date", "value", "expected", "robust_z", "score", "model", "message"]

#: What each model's expectation rests on, as the message says it.
BASIS = {
    "level": "its usual level",
    "recent": "its recent level",
    "day": "the same time on earlier days",
    "week": "the same weekday in earlier weeks",
    "year": "the same time in earlier years",
}


def kpi_events(
    values: pd.DataFrame, threshold: float = ANOMALY_THRESHOLD
) -> tuple[pd.DataFrame, pd.Series]:
    """Anomalies (one row each, :data:`ANOMALY_COLUMNS`) and the date of each KPI's latest
    level shift (a Series by kpi_id), from KPI values up to the day judged."""
    j = judge(values, key="kpi_id", time="date", value="value")
    rows = j.rows
    alarm = j.score >= threshold
    # only alarms need their sequel: the next values of the alarmed rows' own series
    at = np.flatnonzero(alarm)
    later = np.full((AFTER, len(at)), np.nan)
    for k in range(1, AFTER + 1):
        nxt = at + k
        same = nxt < len(rows.codes)
        same[same] &= rows.codes[nxt[same]] == rows.codes[at[same]]
        later[k - 1, same] = rows.x[nxt[same]]
    after = np.full(len(at), np.nan)
    enough = np.isfinite(later).sum(axis=0) >= 2
    after[enough] = median_of_few(later[:, enough])
    x, expected = rows.x[at], j.expected[at]
    stayed = np.abs(after - x) < np.abs(after - expected)
    shift = j.sustained[at] | stayed
    # the alarmed rows, by KPI and date, as the caller gave them
    alarmed = values.iloc[rows.order[at]][["kpi_id", "date", "value"]].reset_index(drop=True)
    shifts = alarmed[shift].groupby("kpi_id")["date"].max()
    spike = ~shift
    found = alarmed[spike].assign(
        expected=expected[spike],
        robust_z=j.deviation[at][spike],
        score=j.score[at][spike],
        model=j.model_of(at[spike]),
    )
    found["message"] = messages(found)
    return found[ANOMALY_COLUMNS].reset_index(drop=True), shifts


def messages(found: pd.DataFrame) -> list[str]:
    """'9.43 on 2026-08-07 is well below the 11.1 expected from its recent level (10.8
    times its usual deviation; rarer than 1 in 1,000 of its values)'."""
    out = []
    for r in found.itertuples(index=False):
        side = "above" if r.robust_z > 0 else "below"
        odds = rarity(r.score)
        out.append(
            f"{r.value:g} on {r.date:%Y-%m-%d} is well {side} the {r.expected:.3g} expected "
            f"from {BASIS.get(r.model, 'its history')} ({abs(r.robust_z):.1f} times its usual "
            f"deviation; {odds} of its values)"
        )
    return out


def rarity(score: float) -> str:
    """The score as odds: S = score / (1 - score) estimates minus the log of the tail
    probability, so a value this unusual comes once in about e^S values."""
    s = score / (1.0 - score) if score < 1 else np.inf
    once_in = float(np.exp(min(s, 50.0)))
    magnitude = 10 ** min(max(int(np.floor(np.log10(once_in))), 1), 6)
    return f"rarer than 1 in {magnitude:,}"  # beyond a million, the tail fit says little


__all__ = ["AFTER", "ANOMALY_COLUMNS", "BASIS", "kpi_events", "messages", "rarity"]
