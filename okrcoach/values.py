"""Numbers as people write them in goal files and forms: "35", "2.5", "40%", "1,200"."""

from __future__ import annotations

import math
import re

import numpy as np

#: Cell contents that mean "no value".
NULL_WORDS = frozenset({"", "na", "n/a", "nan", "none", "null", "-", "—"})
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


def number_or_nan(value: object) -> float:
    """A cell as a float: NaN when empty, inf when written but not a number.

    The loader parses each distinct cell once with this and reports the infinite ones, so
    the three outcomes (a number, nothing, not a number) fit in one float array.
    """
    if value is None or isinstance(value, bool):
        return np.nan if value is None else np.inf
    if isinstance(value, int | float | np.integer | np.floating):
        return float(value) if np.isfinite(value) or np.isnan(value) else np.inf
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if text.lower() in NULL_WORDS:
        return np.nan
    text = text.removesuffix("%")
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    try:
        number = float(text)
    except ValueError:
        return np.inf
    return number if np.isfinite(number) else np.inf


def parse_number(value: object) -> float | None:
    """A number as goal files may write it; None when empty or not a number."""
    x = number_or_nan(value)
    return None if math.isnan(x) or math.isinf(x) else x


def is_percent(value: object) -> bool:
    """Whether a cell was written as a percentage ("40%")."""
    return isinstance(value, str) and value.strip().endswith("%")


def plain_number(x: float | None) -> str:
    """A number as a person writes it ('35', '2.5'); '' for none."""
    return "" if x is None else f"{x:g}"


__all__ = ["NULL_WORDS", "is_percent", "number_or_nan", "parse_number", "plain_number"]
