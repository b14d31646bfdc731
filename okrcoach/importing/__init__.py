"""OKR tools' export files, read as they are: layouts recognised from the header.

Each :class:`Layout` names the headers of one tool's export or upload file and the okrcoach
*field* each header holds (``docs/importing.md`` lists them, with what cannot be mapped).
Every layout is first read into one flat frame of fields, one row per key result, check-in,
goal or KPI value (its *grain*), and :func:`build` turns that frame into the five tables:
it makes the ids a tool does not export, the quarters from dates and the parents from
names, and says so in the load's notes. Columns no field takes travel along as extra
columns of the table the row's grain belongs to. The tables then go through the same checks
as every other source, so problems name the export's file, row and column.

A file of a tool okrcoach does not know maps through a column mapping (header text =
field), from ``[tool.okrcoach.columns]`` or ``okrcoach import --map "Goal title=objective"``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ProblemLog, Reason
from ..readers import RawTable, normalise_name
from .build import build
from .fields import (
    FIELDS,
    GRAINS,
    VENDOR_SUFFIXES,
    Layout,
    UnknownLayout,
    header_name,
    mapping_layout,
)
from .files import NUMBER_FIELDS, csv_formulas, read_table_file
from .layouts import LAYOUTS
from .puzzle_okr import calendar_quarter


def recognise(headers: list[str]) -> Layout | None:
    """The most specific known layout whose signature the headers hold."""
    have = {header_name(h) for h in headers}
    found = [lay for lay in LAYOUTS.values() if lay.matches(have)]
    return max(found, key=lambda lay: len(lay.signature)) if found else None


def layout_named(name: str) -> Layout:
    key = normalise_name(name).replace("_", "")
    for lay in LAYOUTS.values():
        if key in (lay.name.replace("_", ""), normalise_name(lay.title).replace("_", "")):
            return lay
    raise UnknownLayout(f"unknown layout {name!r}; layouts: {', '.join(LAYOUTS)}")


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
    if columns:
        lay = mapping_layout(columns)
    elif layout is not None:
        lay = layout_named(layout)
    else:
        lay = recognise(headers)
    if lay is None:
        log.add(
            Reason.BAD_STRUCTURE,
            "the header matches no layout okrcoach knows ("
            + ", ".join(f"{x.title}" for x in LAYOUTS.values())
            + "); map its columns with [tool.okrcoach.columns] or "
            "okrcoach import FILE --map 'Header=field'. Header: "
            + ", ".join(headers[:12])
            + (" …" if len(headers) > 12 else ""),
            file=str(path),
            sheet=sheet,
            row=1,
        )
        return {}
    normalised = [header_name(h) for h in headers]
    if as_text is not None:  # ids and text exactly as written ("007" stays "007")
        retext = [
            h
            for h, n in zip(headers, normalised, strict=True)
            if (n in lay.headers or n in lay.text)
            and lay.headers.get(n) not in NUMBER_FIELDS
            and not pd.api.types.is_string_dtype(frame[h].dtype)
            and frame[h].notna().any()
        ]
        if retext:
            again = as_text(retext)
            for h in retext:
                frame[h] = again[h]
    frame.columns = normalised
    missing = [h for h in lay.signature if h not in normalised]
    if missing:
        for h in missing:
            log.add(
                Reason.MISSING_COLUMN,
                f"the {lay.title} layout needs a column {h!r}",
                file=str(path),
                sheet=sheet,
                column=h,
            )
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
    return build(flat, lines, lay, str(path), sheet, log, day, path.stem)


__all__ = [
    "FIELDS",
    "GRAINS",
    "LAYOUTS",
    "VENDOR_SUFFIXES",
    "Layout",
    "UnknownLayout",
    "build",
    "calendar_quarter",
    "header_name",
    "layout_named",
    "mapping_layout",
    "read_vendor",
    "recognise",
]
