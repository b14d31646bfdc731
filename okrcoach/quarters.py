"""Quarters: reading them as people write them, and their arithmetic.

Every quarter inside okrcoach is the text ``"2026-Q3"``. :func:`parse_quarter` accepts the
forms goal files use (``Q3 2026``, ``2026q3``, ``2026 Q3``); the rest of this module works
on the canonical form.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .errors import OkrcoachError

_PATTERNS = (
    re.compile(r"^(?P<y>\d{4})\s*[-_/ ]?\s*q(?P<q>[1-4])$"),  # 2026-Q3, 2026Q3, 2026 Q3
    re.compile(r"^q(?P<q>[1-4])\s*[-_/ ]?\s*(?P<y>\d{4})$"),  # Q3 2026, Q3-2026
)


def parse_quarter(value: object) -> str | None:
    """'Q3 2026', '2026q3', '2026 Q3' -> '2026-Q3'; None when it is not a quarter."""
    text = str(value).strip().lower()
    for pattern in _PATTERNS:
        m = pattern.match(text)
        if m:
            return f"{m['y']}-Q{m['q']}"
    return None


def normalise_quarter(quarter: str) -> str:
    """``2026-Q3`` from any form :func:`parse_quarter` reads; anything else is an error.

    Callers that turn the quarter into a folder name rely on this: the result is never a
    path.
    """
    found = parse_quarter(quarter)
    if found is None:
        raise OkrcoachError(f"{quarter!r} is not a quarter; write it as 2026-Q3")
    return found


def _period(quarter: str) -> pd.Period:
    return pd.Period(quarter.replace("-", ""), freq="Q")


def quarter_bounds(quarter: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last instant of a quarter such as '2026-Q3'."""
    period = _period(quarter)
    return period.start_time, period.end_time


def quarter_end_day(quarter: str) -> pd.Timestamp:
    """The quarter's last day, at midnight."""
    return quarter_bounds(quarter)[1].normalize()


def bounds_of(quarters: pd.Series) -> tuple[pd.Series, pd.Series]:
    """First and last instant of each row's quarter (NaT where missing), parsing each
    distinct quarter once."""
    codes, uniques = pd.factorize(quarters)
    periods = pd.PeriodIndex([u.replace("-", "") for u in uniques], freq="Q")
    starts = np.append(periods.start_time.to_numpy(dtype="datetime64[ns]"), np.datetime64("NaT"))
    ends = np.append(periods.end_time.to_numpy(dtype="datetime64[ns]"), np.datetime64("NaT"))
    return (
        pd.Series(starts[codes], index=quarters.index),
        pd.Series(ends[codes], index=quarters.index),
    )


def quarter_of(day: pd.Timestamp) -> str:
    """The quarter a day falls in."""
    return f"{day.year}-Q{day.quarter}"


def next_quarter(quarter: str) -> str:
    return str(_period(quarter) + 1).replace("Q", "-Q")


__all__ = [
    "bounds_of",
    "next_quarter",
    "normalise_quarter",
    "parse_quarter",
    "quarter_bounds",
    "quarter_end_day",
    "quarter_of",
]
