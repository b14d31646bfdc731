"""Rows by id: where each of a long column's ids sits in a table's ids."""

from __future__ import annotations

import numpy as np
import pandas as pd


def positions(index: pd.Index, ids: pd.Series) -> np.ndarray:
    """Position in ``index`` (unique) of each value of ``ids``, -1 where it has none.

    A long column holds few distinct ids (a million check-ins of a hundred thousand key
    results): coding it first (in Arrow for text, outside the interpreter lock) and
    looking up only the distinct ids is several times faster than a lookup per row.
    """
    codes, uniques = pd.factorize(ids)
    found = np.append(index.get_indexer(uniques), -1)  # code -1 (a missing id) finds -1
    return found[codes]


__all__ = ["positions"]
