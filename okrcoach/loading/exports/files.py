"""Reading an export as text cells, and the formula cells it must not hold."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from ...errors import ProblemLog, Reason
from ..readers import cells_as_text, normalise_name, read_sheets


def _sniff_separator(head: str) -> str:
    first = head.splitlines()[0] if head else ""
    counts = {sep: first.count(sep) for sep in (",", ";", "\t")}
    return max(counts, key=counts.get) if any(counts.values()) else ","


#: Fields that hold numbers: their columns keep the types the CSV reader infers, so a
#: million check-in values are not turned into text and parsed again.
NUMBER_FIELDS = frozenset(
    {"baseline", "target", "current", "score", "confidence", "value", "kpi_value",
     "checkin_confidence"}
)  # fmt: skip


def read_table_file(
    path: Path, log: ProblemLog
) -> tuple[pd.DataFrame, str | None, Callable[[list[str]], pd.DataFrame] | None] | None:
    """A CSV or a workbook's first sheet (None, with the problem logged, when it cannot be
    read), and for a CSV a function that reads some of its columns again as text.

    A workbook's cells become text (numbers typed into a spreadsheet become their digits);
    a CSV's column types are inferred, and :func:`read_vendor` reads the columns that must
    stay exactly as written (ids, text) again as text."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        sheets = read_sheets(path, log)
        if sheets is None:
            return None
        if not sheets:
            log.add(Reason.UNREADABLE, "the workbook has no sheets", file=str(path))
            return None
        sheet, frame = next(iter(sheets.items()))
        for c in frame.columns:
            frame[c] = cells_as_text(frame[c])
        _formulas(path, str(sheet), frame, log)
        return frame, str(sheet), None
    with open(path, "rb") as f:
        start = f.read(65536)
    if not start.strip() and path.stat().st_size <= len(start):
        log.add(Reason.UNREADABLE, "the file is empty", file=str(path))
        return None
    head = start.decode("utf-8-sig", errors="replace")
    sep = "\t" if suffix == ".tsv" else _sniff_separator(head)
    options: dict = dict(sep=sep, keep_default_na=False, na_values=[""], skip_blank_lines=False)
    try:
        try:
            frame = pd.read_csv(path, **options)  # UTF-8, with or without Excel's BOM
        except UnicodeDecodeError:
            # what Excel on Windows writes; bytes it cannot hold become "?"
            options.update(encoding="cp1252", encoding_errors="replace")
            frame = pd.read_csv(path, **options)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        log.add(Reason.UNREADABLE, f"cannot read this CSV file: {exc}", file=str(path))
        return None
    frame.columns = [str(c).lstrip("\ufeff") for c in frame.columns]

    def as_text(columns: list[str]) -> pd.DataFrame:
        """The columns as written. Whole numbers written plainly in the file's first 64 KB
        (no leading zero, sign or space) are turned into text directly; anything else is
        read a second time, as text."""
        sample_text = head[: head.rfind("\n") + 1] if "\n" in head else head
        sample = pd.read_csv(io.StringIO(sample_text), dtype=str, **_plain(options))
        direct, again = {}, []
        for c in columns:
            col = frame[c]
            if pd.api.types.is_integer_dtype(col.dtype) and c in sample:
                written = sample[c].dropna()
                if written.eq(written.astype("int64").astype(str)).all():
                    direct[c] = col.astype("str")
                    continue
            again.append(c)
        out = pd.read_csv(path, usecols=again, dtype=str, **options) if again else pd.DataFrame()
        for c, values in direct.items():
            out[c] = values
        return out

    return frame, None, as_text


def pa_array(s: pd.Series):
    """The Arrow array behind a text column, or None when it has none."""
    arrow = getattr(s.array, "__arrow_array__", None)  # the Arrow protocol: no copy
    return arrow() if arrow is not None else None


def _plain(options: dict) -> dict:
    return {k: v for k, v in options.items() if k not in ("encoding", "encoding_errors")}


def _formulas(path: Path, sheet: str, frame: pd.DataFrame, log: ProblemLog) -> None:
    """Report formula cells of a workbook's first sheet: okrcoach reads values, and a formula
    saved without its computed value would read as an empty cell."""
    try:
        with zipfile.ZipFile(path) as book:
            names = sorted(n for n in book.namelist() if n.startswith("xl/worksheets/sheet"))
            if not names:
                return
            xml = book.read(names[0]).decode("utf-8", errors="replace")
    except (zipfile.BadZipFile, OSError, KeyError):
        return
    cells = re.findall(r'<c r="([A-Z]+)(\d+)"[^>]*>(?:(?!</c>).)*?<f[ >/]', xml, flags=re.S)
    if not cells:
        return
    headers = list(frame.columns)
    for letters, row in cells:
        index = 0
        for ch in letters:
            index = index * 26 + (ord(ch) - 64)
        column = headers[index - 1] if 0 < index <= len(headers) else letters
        log.add(
            Reason.BAD_STRUCTURE,
            f"cell {letters}{row} is a formula; okrcoach reads values: paste the values "
            "(Paste special > Values) and save again",
            file=str(path),
            sheet=sheet,
            row=int(row),
            column=normalise_name(column),
        )


def csv_formulas(frame: pd.DataFrame, lines: np.ndarray, path: Path, log: ProblemLog) -> None:
    """A CSV cell holding a formula (``=SUM(B2:B9)``) is an unevaluated export, not a value."""
    for c in frame.columns:
        s = frame[c]
        if not isinstance(s.dtype, pd.StringDtype):
            continue  # numbers, dates and yes/no columns hold no formulas
        arrow = pa_array(s)
        if arrow is not None and not pc.any(pc.match_substring(arrow, "=")).as_py():
            continue  # the usual case, settled without building a mask
        mask = np.array(s.str.contains("=", regex=False).to_numpy(dtype=bool, na_value=False))
        if mask.any():  # only then the exact test, on the few candidates
            mask[mask] = s[mask].str.match(r"^\s*=\s*[A-Za-z_(]", na=False).to_numpy()
        if mask.any():
            log.add_rows(
                Reason.BAD_STRUCTURE,
                file=str(path),
                sheet=None,
                rows=lines[mask],
                column=c,
                values=s[mask],
                messages="a formula, not a value; export the values",
            )
