"""A view's findings and scores exported as CSV and XLSX."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from ..errors import OkrcoachError
from ..files import atomic_path, write_workbook


def export(
    tables: dict[str, pd.DataFrame],
    selection: pd.DataFrame,
    folder: str | os.PathLike,
    formats: tuple[str, ...] = ("csv", "xlsx"),
) -> dict[str, Path]:
    """Write a view's findings and scores (``tables``: file stem to frame).

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
    written = {}
    if "csv" in formats:
        for name, table in tables.items():
            path = folder / f"{name}.csv"
            with atomic_path(path) as tmp:
                table.to_csv(tmp, index=False)
            written[path.name] = path
    if "xlsx" in formats:
        path = write_workbook(folder / "exploration.xlsx", {"selection": selection, **tables})
        written[path.name] = path
    return written


__all__ = ["export"]
