"""Read goal data from its three source formats into raw tables, remembering where each
row came from.

Readers only read: they normalise column and sheet names and keep every value as written.
Parsing and checking happen in :mod:`okrcoach.loading.validate`, so all formats share one
set of rules and one set of messages.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ProblemLog, Reason
from ..schema import TABLES, Kind

TEXT_KINDS = {Kind.ID, Kind.TEXT, Kind.ENUM, Kind.QUARTER, Kind.ID_LIST}
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}


@dataclass
class RawTable:
    """One table as read, before parsing: values as written plus their provenance.

    Files name a row by its number (``rows``); a database table has no row numbers the
    user sees, so its rows are named by their primary key (``keys``: the key columns as
    read, aligned with ``frame``), and ``rows`` is left empty.
    """

    name: str
    frame: pd.DataFrame
    file: str
    sheet: str | None
    rows: np.ndarray  # row number the user sees, aligned with ``frame``
    keys: pd.DataFrame | None = None
    #: A column's name as the user's file writes it, where that differs (an OKR tool's
    #: export: the score is its "Progress" column)
    labels: dict[str, str] = field(default_factory=dict)

    def label(self, column: str | None) -> str | None:
        """The column as the user knows it ("kr_id + date" names each part)."""
        if column is None or not self.labels:
            return column
        return " + ".join(self.labels.get(c, c) for c in column.split(" + "))

    def row_numbers(self, where: np.ndarray) -> np.ndarray | None:
        """Row numbers of the rows selected by a mask or positions (None for a database)."""
        return None if self.keys is not None else self.rows[where]

    def key_labels(self, where: np.ndarray) -> np.ndarray | None:
        """'kr_id=K12' (or 'kr_id=K12, date=2026-07-03') for the selected rows; only for
        database tables, and built for those rows only."""
        if self.keys is None:
            return None
        part = self.keys.iloc[where] if where.dtype != bool else self.keys[where]
        labels = None
        for c in part.columns:
            values = part[c].astype("str").fillna("(empty)")  # a key may be NULL
            text = c + "=" + values.to_numpy(dtype=object)
            labels = text if labels is None else labels + ", " + text
        return labels


def normalise_name(name: Any) -> str:
    """'Key Results ' -> 'key_results'; 'KR-ID' -> 'kr_id'."""
    return re.sub(r"[\s\-]+", "_", str(name).strip().lower())


def _tidy(frame: pd.DataFrame, first_row: int) -> tuple[pd.DataFrame, np.ndarray]:
    """Normalise headers, drop wholly blank rows, and number rows as the user sees them."""
    frame = frame.rename(columns=normalise_name)
    frame = frame.loc[:, [not str(c).startswith("unnamed:") for c in frame.columns]]
    rows = np.arange(first_row, first_row + len(frame))
    if not len(frame.columns):
        return frame.iloc[:0], rows[:0]
    # A blank row has an empty first cell; check the other cells of those rows only.
    blank = frame.iloc[:, 0].isna().to_numpy().copy()
    if blank.any():
        blank[blank] = frame.loc[blank].isna().all(axis=1).to_numpy()
    if blank.any():
        frame, rows = frame.loc[~blank], rows[~blank]
    return frame.reset_index(drop=True), rows


# --- CSV folder -----------------------------------------------------------------------------


def _read_csv(path: Path, table: str) -> pd.DataFrame:
    # Only empty cells are missing: an owner called "NA" stays "NA".
    options = dict(keep_default_na=False, na_values=[""], skip_blank_lines=False)
    frame = pd.read_csv(path, **options)
    frame.columns = [normalise_name(c) for c in frame.columns]
    # Text columns, and the user's own columns, must keep what was written ("007", "1.50");
    # pandas infers numbers for a column that only holds digits, so re-read just those
    # columns as text. Reading every column as text up front is several times slower on
    # large files.
    spec = TABLES[table]
    retext = [
        c
        for c in frame.columns
        if (c not in spec.column_names or spec.column(c).kind in TEXT_KINDS)
        and not (isinstance(frame[c].dtype, pd.StringDtype) or frame[c].isna().all())
    ]
    if retext:
        raw = pd.read_csv(path, dtype=str, **options)
        raw.columns = [normalise_name(c) for c in raw.columns]
        for c in retext:
            frame[c] = raw[c]
    return frame


def read_csv_folder(folder: Path, log: ProblemLog) -> dict[str, RawTable]:
    files = {normalise_name(p.stem): p for p in sorted(folder.glob("*.csv"))}

    def read(name: str) -> pd.DataFrame | Exception:
        try:
            return _read_csv(files[name], name)
        except pd.errors.EmptyDataError:
            return pd.DataFrame()
        except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
            return exc

    names = [name for name in TABLES if name in files]
    # The C parser releases the GIL: large files are read side by side.
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        frames = dict(zip(names, pool.map(read, names), strict=True))
    tables: dict[str, RawTable] = {}
    for name, frame in frames.items():
        path = files[name]
        if isinstance(frame, Exception):
            log.add(Reason.UNREADABLE, f"cannot read this CSV file: {frame}", file=str(path))
            continue
        frame, rows = _tidy(frame, first_row=2)
        tables[name] = RawTable(name, frame, str(path), None, rows)
    if not tables and not files:
        log.add(
            Reason.MISSING_TABLE,
            "no CSV files here; expected " + ", ".join(f"{t}.csv" for t in TABLES),
            file=str(folder),
        )
    return tables


# --- Workbook -------------------------------------------------------------------------------


def cell_text(value: Any) -> Any:
    """Cell value as text for text columns: 12.0 -> '12', keeps missing as missing."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    return str(value)


def cells_as_text(s: pd.Series) -> pd.Series:
    """A column as text the way a person typed it (12.0 -> '12'), once per distinct value."""
    codes, uniques = pd.factorize(s)
    texts = np.array([cell_text(u) for u in uniques] + [None], dtype=object)
    return pd.Series(texts[codes], index=s.index, dtype="str")


def text_as_written(s: pd.Series) -> pd.Series:
    """A column as text: text as it is, anything else the way a person typed it."""
    return s if isinstance(s.dtype, pd.StringDtype) else cells_as_text(s)


def is_canonical_workbook(path: Path) -> bool:
    """Whether a workbook has okrcoach's sheets (else it may be an OKR tool's export).

    An unreadable file counts as okrcoach's, so that reading it reports why."""
    from python_calamine import CalamineWorkbook

    try:
        names = CalamineWorkbook.from_path(str(path)).sheet_names
    except Exception:  # noqa: BLE001 - calamine raises its own error types for corrupt files
        return True
    return any(normalise_name(n) in TABLES for n in names)


def read_sheets(path: Path, log: ProblemLog) -> dict[str, pd.DataFrame] | None:
    """Every sheet of a workbook with cells as written (None, logged, when unreadable)."""
    try:
        # dtype=object: pandas would otherwise turn text cells such as "007" into numbers;
        # only empty cells are missing (an owner called "None" is kept).
        return pd.read_excel(
            path,
            sheet_name=None,
            engine="calamine",
            header=0,
            dtype=object,
            keep_default_na=False,
            na_values=[""],
        )
    except Exception as exc:  # noqa: BLE001 - calamine raises its own error types
        log.add(Reason.UNREADABLE, f"cannot read this workbook: {exc}", file=str(path))
        return None


def read_workbook(path: Path, log: ProblemLog) -> dict[str, RawTable]:
    sheets = read_sheets(path, log)
    if sheets is None:
        return {}
    tables: dict[str, RawTable] = {}
    for sheet_name, frame in sheets.items():
        name = normalise_name(sheet_name)
        if name not in TABLES:
            continue  # README and other sheets are for people
        frame, rows = _tidy(frame, first_row=2)
        spec = TABLES[name]
        for c in frame.columns:
            if c in spec.column_names and spec.column(c).kind in TEXT_KINDS:
                frame[c] = frame[c].map(cell_text).astype("str")
            else:
                frame[c] = frame[c].infer_objects()  # numbers and dates get native dtypes
        tables[name] = RawTable(name, frame, str(path), str(sheet_name), rows)
    return tables
