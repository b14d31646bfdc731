"""An OKR tool's export file read as raw tables: the layout found, the rows reshaped into
fields, and the fields built into okrcoach's tables."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ...errors import ProblemLog, Reason
from ..readers import RawTable
from .build import build
from .catalogue import LAYOUTS, layout_named, recognise
from .fields import Layout, header_name, mapping_layout
from .files import NUMBER_FIELDS, csv_formulas, read_table_file


def read_vendor(
    path: Path,
    log: ProblemLog,
    *,
    layout: str | None = None,
    columns: Mapping[str, str] | None = None,
) -> dict[str, RawTable]:
    """An OKR tool's export as raw tables (the layout recognised from the header, or
    ``layout``, or the ``columns`` mapping)."""
    read = read_table_file(path, log)
    if read is None:
        return {}
    frame, sheet, as_text = read
    if frame.columns.empty:
        log.add(Reason.UNREADABLE, "the file has no header row", file=str(path), sheet=sheet)
        return {}
    headers = [str(c) for c in frame.columns]
    lay = choose_layout(headers, layout, columns)
    if lay is None:
        log.add(Reason.BAD_STRUCTURE, unknown_header(headers), file=str(path), sheet=sheet, row=1)
        return {}
    normalised = [header_name(h) for h in headers]
    written = dict(zip(normalised, (h.strip() for h in headers), strict=True))
    if as_text is not None:
        keep_as_written(frame, headers, normalised, lay, as_text)
    frame.columns = normalised
    missing = [h for h in lay.signature if h not in normalised]
    for h in missing:
        log.add(
            Reason.MISSING_COLUMN,
            f"the {lay.title} layout needs a column {h!r}",
            file=str(path),
            sheet=sheet,
            column=h,
        )
    if missing:
        return {}
    # blank rows skipped; row numbers stay what the user sees (header is row 1)
    lines = np.arange(2, len(frame) + 2)
    blank = frame.isna().all(axis=1).to_numpy()
    if blank.any():
        frame, lines = frame.loc[~blank].reset_index(drop=True), lines[~blank]
    if sheet is None:
        csv_formulas(frame, lines, path, log)
    if lay.prepare is not None:
        frame, lines = lay.prepare(frame, lines, log, str(path), sheet)
    if lay.name != "mapping":
        log.note(f"{path.name}: read as {lay.title}")
    flat = frame.rename(columns={h: f for h, f in lay.headers.items() if h in frame.columns})
    flat = flat.loc[:, ~flat.columns.duplicated()]
    day = pd.Timestamp(path.stat().st_mtime, unit="s").normalize()
    fields = lay.field_headers(written)
    return build(flat, lines, lay, str(path), sheet, log, day, path.stem, fields)


def choose_layout(
    headers: list[str], layout: str | None, columns: Mapping[str, str] | None
) -> Layout | None:
    """The user's column mapping, else the layout named, else the one the header shows."""
    if columns:
        return mapping_layout(columns)
    if layout is not None:
        return layout_named(layout)
    return recognise(headers)


def unknown_header(headers: list[str]) -> str:
    return (
        "the header matches no layout okrcoach knows ("
        + ", ".join(f"{x.title}" for x in LAYOUTS.values())
        + "); map its columns with [tool.okrcoach.columns] or "
        "okrcoach import FILE --map 'Header=field'. Header: "
        + ", ".join(headers[:12])
        + (" …" if len(headers) > 12 else "")
    )


def keep_as_written(
    frame: pd.DataFrame,
    headers: list[str],
    normalised: list[str],
    lay: Layout,
    as_text: Callable[[list[str]], pd.DataFrame],
) -> None:
    """Ids and text exactly as written ("007" stays "007"): the columns the layout reads as
    text that pandas read as numbers are read again as text."""
    retext = [
        h
        for h, n in zip(headers, normalised, strict=True)
        if lay.reads_as_text(n, NUMBER_FIELDS)
        and not isinstance(frame[h].dtype, pd.StringDtype)  # numbers, booleans, a mix
        and frame[h].notna().any()
    ]
    if retext:
        again = as_text(retext)
        for h in retext:
            frame[h] = again[h]


__all__ = ["choose_layout", "keep_as_written", "read_vendor", "unknown_header"]
