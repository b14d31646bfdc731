"""Working on a table's columns the fast way: each distinct value once.

Goal data repeats heavily (ids, dates, enum words, notes), so parsing or cleaning the
distinct values of a column and spreading the results back costs a fraction of working row
by row, with the same result.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from ..quarters import parse_quarter
from ..values import is_percent, number_or_nan


def has_repeats(codes: np.ndarray) -> bool:
    """Whether any non-negative code occurs twice (counting when the codes are dense)."""
    if len(codes) < 2:
        return False
    if codes.max() < 8 * len(codes):
        return bool(np.bincount(codes).max() > 1)
    return len(pd.unique(codes)) < len(codes)


def per_unique(s: pd.Series, func: Callable[[pd.Series], pd.Series], codes: bool = False) -> Any:
    """Apply a vectorised string function once per distinct value of ``s`` (as text).

    Columns of ids, dates, enum words and notes repeat heavily, so this is much faster than
    working on every row, and gives the same result. With ``codes=True`` the result's
    factorized codes and distinct values are returned too (as from ``pd.factorize``).
    """
    found, uniques = pd.factorize(s)
    before = pd.Series(uniques, dtype="str")
    done = func(before).astype("str")
    if pd.api.types.is_string_dtype(s.dtype) and s.dtype != object and done.equals(before):
        out = s  # nothing to change: keep the column as read
    else:
        out = pd.Series(done.array.take(found, allow_fill=True), index=s.index, dtype="str")
        found, done = recode(found, done)  # " K1" and "K1" are one value now
    return (out, found, done) if codes else out


def recode(codes: np.ndarray, parsed_uniques: Any) -> tuple[np.ndarray, Any]:
    """Codes and distinct values of the parsed values, from the codes of the raw values and
    the parsed value of each raw distinct value. Missing parsed values get code -1."""
    remap, uniques = pd.factorize(parsed_uniques)
    return np.append(remap, -1)[codes], uniques


def blank(s: pd.Series) -> np.ndarray:
    """Empty cells: missing, or only white space."""
    text = s.astype("str")
    return (text.isna() | text.str.strip().eq("")).to_numpy(dtype=bool, na_value=True)


def as_ns(values: pd.Series) -> pd.Series:
    """Cast to datetime64[ns]; dates outside its range (years 1677-2262) become NaT."""
    if getattr(values.dt, "tz", None) is not None:
        values = values.dt.tz_localize(None)
    inside = values.isna() | values.between(pd.Timestamp.min, pd.Timestamp.max)
    return values.where(inside).astype("datetime64[ns]")


def parse_dates(uniques: pd.Index) -> pd.DatetimeIndex:
    """Parse distinct date values: ISO 8601 first, then other common spellings."""
    if len(uniques) == 0:
        return pd.DatetimeIndex([], dtype="datetime64[ns]")
    values = pd.Series(uniques, dtype=object)
    is_text = values.map(lambda v: isinstance(v, str))
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    native = values[~is_text]
    if len(native):
        out[~is_text] = as_ns(pd.Series(pd.to_datetime(native, errors="coerce")))
    text = values[is_text].str.strip()
    if len(text):
        first = pd.to_datetime(text, format="ISO8601", errors="coerce")
        # A quarter is not a date: "2026-Q3" in a date column is reported, not guessed.
        retry = first.isna() & text.ne("") & text.map(parse_quarter).isna()
        if retry.any():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # pandas warns per format it had to guess
                first[retry] = pd.to_datetime(
                    text[retry], format="mixed", errors="coerce", dayfirst=False
                )
        out[is_text] = as_ns(pd.Series(first))
    return pd.DatetimeIndex(out)


def numbers_per_unique(s: pd.Series) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """Numbers as people write them, each distinct value parsed once: the values (missing
    where unreadable), which were written with a percent sign, and which are not numbers."""
    codes, uniques = pd.factorize(s)
    parsed = np.array([number_or_nan(u) for u in uniques] + [np.nan], dtype="float64")
    flags = np.array([is_percent(u) for u in uniques] + [False], dtype=bool)
    values = parsed[codes]
    bad = np.isinf(values)  # number_or_nan marks what is not a number as infinite
    values = np.where(bad, np.nan, values)
    return pd.Series(values, index=s.index, dtype="float64"), flags[codes], bad


__all__ = [
    "as_ns",
    "blank",
    "has_repeats",
    "numbers_per_unique",
    "parse_dates",
    "per_unique",
    "recode",
]
