"""Exceptions, and the collector that gathers every problem in goal data before raising.

Every okrcoach exception pickles cleanly, because batch runs move errors between processes.
"""

from __future__ import annotations

from collections import Counter
from enum import StrEnum
from typing import Any

import pandas as pd

PROBLEM_COLUMNS = ("file", "sheet", "row", "key", "column", "reason", "value", "message")


class Reason(StrEnum):
    """Reason codes of goal-data problems (the ``reason`` column of ``GoalDataError.problems``)."""

    MISSING_FILE = "missing_file"
    UNREADABLE = "unreadable"
    BAD_STRUCTURE = "bad_structure"
    MISSING_TABLE = "missing_table"
    MISSING_COLUMN = "missing_column"
    MISSING_VALUE = "missing_value"
    DUPLICATE_KEY = "duplicate_key"
    ORPHAN = "orphan"
    BAD_NUMBER = "bad_number"
    BAD_DATE = "bad_date"
    BAD_QUARTER = "bad_quarter"
    BAD_ENUM = "bad_enum"
    OUT_OF_RANGE = "out_of_range"
    TOO_LONG = "too_long"


class OkrcoachError(Exception):
    """Base class of every error okrcoach raises on purpose."""


class GoalDataError(OkrcoachError):
    """Goal data that cannot be loaded, with every problem found.

    Attributes
    ----------
    problems : pandas.DataFrame
        One row per problem with the columns ``file, sheet, row, key, column, reason, value,
        message``. ``row`` is the row number the user sees (spreadsheet row, CSV line or
        YAML line), empty for problems about a whole file, table or column. For a database,
        ``file`` is its URL (without password), ``sheet`` the table and ``key`` the row's
        primary key (``kr_id=K12``) instead of a row number.
    counts : dict
        Number of problems per reason code.
    """

    def __init__(self, problems: pd.DataFrame, source: str | None = None):
        self.problems = problems.reset_index(drop=True)
        self.source = source
        self.counts = dict(Counter(self.problems["reason"]))
        super().__init__(self._summary())

    def _summary(self) -> str:
        n = len(self.problems)
        where = f" in {self.source}" if self.source else ""
        parts = ", ".join(f"{c} {r}" for r, c in sorted(self.counts.items(), key=lambda x: -x[1]))
        noun = "problem" if n == 1 else "problems"
        return f"{n} {noun}{where} ({parts})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.problems, self.source))


class ProblemLog:
    """Collects problems while tables are read and checked; raises them all at once."""

    def __init__(self) -> None:
        self._chunks: list[pd.DataFrame] = []
        #: What the loader derived or read in a way the user should know about (a 0-100
        #: score scale, ids made from names, quarters from dates): not problems.
        self.notes: list[str] = []

    def note(self, message: str) -> None:
        self.notes.append(message)

    def add(
        self,
        reason: Reason,
        message: str,
        *,
        file: str | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        value: Any = None,
    ) -> None:
        self._chunks.append(
            pd.DataFrame(
                [
                    {
                        "file": file,
                        "sheet": sheet,
                        "row": row,
                        "key": None,
                        "column": column,
                        "reason": str(reason),
                        "value": None if value is None else str(value),
                        "message": message,
                    }
                ]
            )
        )

    def add_rows(
        self,
        reason: Reason,
        *,
        file: str | None,
        sheet: str | None,
        rows: Any,
        column: str | None,
        values: Any,
        messages: Any,
        keys: Any = None,
    ) -> None:
        """Add one problem per element of ``rows`` or ``keys`` (vectorised: no loop over rows
        here). A database table names rows by ``keys`` and gives ``rows`` as None."""
        values = pd.Series(values).reset_index(drop=True)
        if values.empty:
            return
        rows = (
            pd.Series(pd.NA, index=values.index, dtype="Int64")
            if rows is None
            else pd.Series(rows).reset_index(drop=True)
        )
        self._chunks.append(
            pd.DataFrame(
                {
                    "file": file,
                    "sheet": sheet,
                    "row": rows.astype("Int64"),
                    "key": None if keys is None else pd.Series(keys, dtype=object),
                    "column": column,
                    "reason": str(reason),
                    "value": values.astype(object)
                    .where(values.notna(), None)
                    .map(lambda v: v if v is None else str(v)),
                    "message": pd.Series(messages).reset_index(drop=True)
                    if not isinstance(messages, str)
                    else messages,
                }
            )
        )

    def extend(self, other: ProblemLog) -> None:
        self._chunks.extend(other._chunks)
        self.notes.extend(other.notes)

    def __len__(self) -> int:
        return sum(len(c) for c in self._chunks)

    def frame(self) -> pd.DataFrame:
        if not self._chunks:
            return empty_problems()
        chunks = [c.astype({"row": "Int64"}) for c in self._chunks]
        out = pd.concat(chunks, ignore_index=True)[list(PROBLEM_COLUMNS)]
        # Problems read best file by file, top to bottom; whole-table problems first.
        order = pd.DataFrame({"f": pd.factorize(out["file"])[0], "row": out["row"]})
        order = order.sort_values(["f", "row"], kind="stable", na_position="first").index
        return out.loc[order].reset_index(drop=True).astype({"row": "Int64"})

    def raise_if_any(self, source: str | None = None) -> None:
        if self._chunks:
            raise GoalDataError(self.frame(), source)


def shown_value(value: Any, limit: int = 60) -> str:
    """A problem's value as a person reads it in a table: quoted, one line, cut at ``limit``
    characters ('' when there is none). The full value stays in ``problems``."""
    if value is None or (isinstance(value, float) and value != value) or str(value) == "<NA>":
        return ""
    text = " ".join(str(value).split())
    if len(text) > limit:
        text = text[: limit - 1] + f"… ({len(str(value)):,} characters)"
    return f"'{text}'"


def empty_problems() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in PROBLEM_COLUMNS})
    return frame.astype({"row": "Int64"})
