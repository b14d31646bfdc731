"""What several measurability rules share."""

from __future__ import annotations

import pandas as pd


def _object_of(text: pd.Series) -> pd.Series:
    """The words after the lead verb: 'Make the help centre better' -> 'the help centre'."""
    text = text.fillna("").str.strip().str.replace(r"\s+", " ", regex=True)
    thing = text.str.replace(
        r"^(?:to\s+)?(?:[a-z]{2,}[^p\s]ly\s+)?[a-z\-']+\s*", "", regex=True, case=False
    )
    return thing.str.replace(
        r"\s+(?:better|faster|easier|simpler|stronger|great)$", "", regex=True, case=False
    )
