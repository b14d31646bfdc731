"""A view's findings for people: sorted and searched for the findings table, and exported
as CSV and XLSX."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..errors import OkrcoachError
from ..files import atomic_path, write_workbook
from ..rules.base import SEVERITY_RANK

if TYPE_CHECKING:
    from .view import View


def sort_findings(t: pd.DataFrame, by: str, descending: bool, search: str) -> pd.DataFrame:
    """Findings sorted by a column (severity sorts error first) and narrowed to rows
    containing ``search`` (case-insensitive) in any text column."""
    if search:
        needle = search.casefold()
        hit = pd.Series(False, index=t.index)
        for col in ("code", "name", "team", "quarter", "message", "about", "match", "suggestion"):
            hit |= t[col].fillna("").str.casefold().str.contains(needle, regex=False)
        t = t[hit]
    if by not in t.columns:
        raise OkrcoachError(f"cannot sort by {by!r}; columns: {', '.join(t.columns)}")
    key = t[by].map(SEVERITY_RANK) if by == "severity" else t[by]
    order = np.argsort(
        key.to_numpy(na_value=np.nan)
        if by == "severity"
        else pd.factorize(key, sort=True, use_na_sentinel=False)[0],
        kind="stable",
    )
    if descending:
        order = order[::-1]
    return t.iloc[order].reset_index(drop=True)


def export(
    view: View, folder: str | os.PathLike, formats: tuple[str, ...] = ("csv", "xlsx")
) -> dict[str, Path]:
    """Write a view's findings and scores.

    CSV: ``findings.csv``, ``team_scores.csv``, ``objective_scores.csv``; XLSX:
    ``exploration.xlsx`` with those three sheets after a ``selection`` sheet naming
    the filters. Files are written atomically; text stays text (a value starting with
    ``=`` is never turned into a formula).

    Returns
    -------
    dict
        File name to path.
    """
    unknown = set(formats) - {"csv", "xlsx"}
    if unknown:
        raise OkrcoachError(
            f"unknown export format {', '.join(sorted(unknown))}; use csv and/or xlsx"
        )
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    tables = {
        "findings": view.findings_table,
        "team_scores": view.quality,
        "objective_scores": view.objective_quality,
    }
    written = {}
    if "csv" in formats:
        for name, table in tables.items():
            path = folder / f"{name}.csv"
            with atomic_path(path) as tmp:
                table.to_csv(tmp, index=False)
            written[path.name] = path
    if "xlsx" in formats:
        path = write_workbook(
            folder / "exploration.xlsx", {"selection": view.selection.as_frame(), **tables}
        )
        written[path.name] = path
    return written


__all__ = ["export", "sort_findings"]
