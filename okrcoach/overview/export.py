"""A view's findings and scores exported as CSV and XLSX."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import OkrcoachError
from ..files import atomic_path, write_workbook

if TYPE_CHECKING:
    from .view import View


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


__all__ = ["export"]
