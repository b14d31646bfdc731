"""Parse and check raw tables against the contract in :mod:`okrcoach.schema`.

Every problem is logged (file, sheet, row, column, reason, value, message) and nothing is
dropped or silently coerced: a value that cannot be read as its column's kind is reported,
never turned into a blank. All checks are vectorised; values that repeat (dates, quarters,
enum words, ids) are parsed once per distinct value.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ProblemLog, Reason
from ..quarters import parse_quarter
from ..schema import (
    ENUM_SYNONYMS,
    MAX_ID,
    MAX_TEXT,
    PERCENT_SCALE_ABOVE,
    TABLES,
    Column,
    Kind,
    Table,
)
from .columns import (
    as_ns,
    blank,
    has_repeats,
    numbers_per_unique,
    parse_dates,
    per_unique,
    recode,
)
from .readers import RawTable, text_as_written
from .references import check_references


class _Checker:
    """Checks one raw table; logs into the shared problem log."""

    def __init__(self, raw: RawTable, log: ProblemLog):
        self.raw, self.log = raw, log
        self.spec: Table = TABLES[raw.name]
        # Codes and distinct values of parsed id and date columns, kept for the duplicate and
        # reference checks (factorizing a million strings again costs as much as parsing).
        self.codes: dict[str, tuple[np.ndarray, Any]] = {}

    def report(
        self,
        mask: np.ndarray,
        reason: Reason,
        column: str | None,
        values: pd.Series,
        message: str | pd.Series | Callable[[pd.Series], pd.Series],
    ) -> None:
        """Log one problem per row in ``mask``; a callable message is built for those rows only."""
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        if callable(message):
            msgs = message(values[mask].astype(str))
        else:
            msgs = message if isinstance(message, str) else message[mask]
        self.log.add_rows(
            reason,
            file=self.raw.file,
            sheet=self.raw.sheet,
            rows=self.raw.row_numbers(mask),
            keys=self.raw.key_labels(mask),
            column=self.raw.label(column),
            values=values[mask],
            messages=msgs,
        )

    # -- per kind -----------------------------------------------------------------------

    def text(self, s: pd.Series, name: str | None = None) -> pd.Series:
        # whitespace-only counts as empty
        out, codes, uniques = per_unique(s, lambda u: u.where(u.str.strip() != ""), codes=True)
        self.too_long(name, s, codes, uniques)
        return out

    def ident(self, s: pd.Series, name: str | None = None) -> pd.Series:
        out, codes, uniques = per_unique(s, lambda u: u.str.strip().replace("", np.nan), codes=True)
        if name is not None:
            self.codes[name] = (codes, uniques)
        self.too_long(name, s, codes, uniques, MAX_ID)
        return out

    def too_long(self, name, s, codes, uniques, limit: int | None = None) -> None:
        """Report cells longer than anyone writes in goal data (a pasted document, a
        corrupted export); checked once per distinct value."""
        limit = limit or MAX_TEXT
        lengths = pd.Series(uniques, dtype="str").str.len().to_numpy(dtype=float, na_value=0)
        if not len(lengths) or lengths.max() <= limit:
            return
        long = np.append(lengths > limit, False)[codes]
        self.report(
            long,
            Reason.TOO_LONG,
            name,
            s,
            lambda v: v.str.len().map(lambda n: f"{n:,} characters; at most {limit:,} fit here"),
        )

    def numbers(self, col: Column, s: pd.Series) -> tuple[pd.Series, np.ndarray]:
        """Float values plus a mask of values written with a percent sign."""
        if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            return s.astype("float64"), np.zeros(len(s), bool)
        values, percent, bad = numbers_per_unique(s)
        self.report(bad, Reason.BAD_NUMBER, col.name, s, lambda v: "'" + v + "' is not a number")
        return values, percent

    def number(self, col: Column, s: pd.Series) -> pd.Series:
        values, _ = self.numbers(col, s)
        if col.minimum is not None:
            self.report(
                (values < col.minimum).to_numpy(),
                Reason.OUT_OF_RANGE,
                col.name,
                s,
                f"{self.raw.label(col.name)} must be at least {col.minimum:g}",
            )
        if col.default is not None:
            values = values.fillna(col.default)
        return values

    def score(self, col: Column, s: pd.Series) -> pd.Series:
        """1 = the target met; above 1 is over-achievement and is kept as written.

        A value with ``%`` is a percent. A column whose largest plain value is above
        :data:`PERCENT_SCALE_ABOVE` is on a 0-100 scale and is divided by 100; in such a
        column a plain value between 0 and 1 could be either scale and is reported. Only
        negative values cannot be a score.
        """
        values, pct = self.numbers(col, s)
        plain = values.where(~pct)
        top = plain.max()
        hundred = bool(top > PERCENT_SCALE_ABOVE)
        named = self.raw.label(col.name)
        if hundred:
            self.report(
                ((plain > 0) & (plain < 1)).to_numpy(),
                Reason.OUT_OF_RANGE,
                col.name,
                s,
                f"this {named} column is on a 0-100 scale (its largest value is {top:g}), so "
                "this value would mean less than 1%; write every score on one scale",
            )
            self.log.note(
                f"{self.where()}: {col.name} is on a 0-100 scale (largest value {top:g}); "
                "read as 0-1 by dividing by 100"
            )
        values = values / np.where(pct | hundred, 100.0, 1.0)
        self.report(
            (values < 0).to_numpy(),
            Reason.OUT_OF_RANGE,
            col.name,
            s,
            f"{named} cannot be negative (1 = target met, above 1 = over-achieved)",
        )
        over = int((values > 1).sum())
        if over:
            self.log.note(
                f"{self.where()}: {over:,} {col.name} values above 1 (over-achieved, kept; "
                f"highest {values.max():g})"
            )
        return values.astype("float64")

    def where(self) -> str:
        """The table as the user knows it: file name, and sheet when there is one."""
        name = os.path.basename(self.raw.file)
        return f"{name} [{self.raw.sheet}]" if self.raw.sheet else name

    def confidence(self, col: Column, s: pd.Series) -> pd.Series:
        """0-1 as is; a column whose values go above 1 is read as 0-10, above 10 as percent."""
        values, pct = self.numbers(col, s)
        plain = values.where(~pct)
        top = plain.max()
        scale = 100.0 if top > 10 else 10.0 if top > 1 else 1.0
        scaled = values / np.where(pct, 100.0, scale)
        bad = ((scaled < 0) | (scaled > 1)).to_numpy()
        self.report(
            bad,
            Reason.OUT_OF_RANGE,
            col.name,
            s,
            f"{self.raw.label(col.name)} must be 0-1, 0-10 or a percent (0-100)",
        )
        return scaled.astype("float64")

    def date(self, col: Column, s: pd.Series) -> pd.Series:
        if pd.api.types.is_datetime64_any_dtype(s):
            return as_ns(s)
        codes, uniques = pd.factorize(s)
        parsed = parse_dates(pd.Index(uniques))  # already datetime64[ns], range-checked
        self.codes[col.name] = recode(codes, parsed)
        out = pd.Series(parsed.take(codes, allow_fill=True, fill_value=pd.NaT), index=s.index)
        bad = (codes >= 0) & out.isna().to_numpy()
        self.report(
            bad,
            Reason.BAD_DATE,
            col.name,
            s,
            lambda v: "'" + v + "' is not a date; write it as YYYY-MM-DD",
        )
        return out

    def quarter(self, col: Column, s: pd.Series) -> pd.Series:
        text = self.ident(s)
        codes, uniques = pd.factorize(text)
        mapped = np.array([parse_quarter(u) for u in uniques] + [None], dtype=object)
        out = pd.Series(mapped[codes], index=s.index, dtype="str")
        bad = (codes >= 0) & out.isna().to_numpy()
        self.report(
            bad,
            Reason.BAD_QUARTER,
            col.name,
            s,
            lambda v: "'" + v.str.strip() + "' is not a quarter; write it like 2026-Q3",
        )
        return out

    def enum(self, col: Column, s: pd.Series) -> pd.Series:
        text = self.ident(s)
        words = per_unique(
            text,
            lambda u: (
                u.str.lower()
                .str.replace(r"[\s\-]+", "_", regex=True)
                .map(lambda w: ENUM_SYNONYMS.get(w, w), na_action="ignore")
            ),
        )
        bad = (words.notna() & ~words.isin(col.choices)).to_numpy()
        choices = ", ".join(col.choices)
        self.report(
            bad,
            Reason.BAD_ENUM,
            col.name,
            s,
            lambda v: "'" + v.str.strip() + "' is not one of: " + choices,
        )
        return words.where(~bad).astype("str")

    def id_list(self, s: pd.Series) -> pd.Series:
        text = self.ident(s)
        return text.str.replace(r"\s*[;,]\s*", ",", regex=True).str.strip(",").astype("str")

    # -- whole table --------------------------------------------------------------------

    def run(self) -> pd.DataFrame:
        raw, spec = self.raw, self.spec
        frame = raw.frame
        missing = [c.name for c in spec.columns if c.required and c.name not in frame.columns]
        for name in missing:
            self.log.add(
                Reason.MISSING_COLUMN,
                f"the {spec.name} table needs a '{raw.label(name)}' column",
                file=raw.file,
                sheet=raw.sheet,
                column=raw.label(name),
            )
        out: dict[str, pd.Series] = {}
        n = len(frame)
        for col in spec.columns:
            s = (
                frame[col.name]
                if col.name in frame.columns
                else pd.Series([None] * n, dtype=object)
            )
            s = s.reset_index(drop=True)
            out[col.name] = self.parse(col, s)
            if col.required and col.name not in missing:
                empty = out[col.name].isna().to_numpy().copy()
                empty[empty] = blank(s[empty])  # unreadable values are reported already
                self.report(
                    empty,
                    Reason.MISSING_VALUE,
                    col.name,
                    s,
                    f"{raw.label(col.name)} is required and empty",
                )
        extras = [c for c in frame.columns if c not in spec.column_names]
        for c in extras:  # the user's own columns travel along, as text as they were written
            out[c] = text_as_written(frame[c].reset_index(drop=True))
        result = pd.DataFrame(out)
        if not missing:
            self.duplicates(result)
        return result

    def parse(self, col: Column, s: pd.Series) -> pd.Series:
        match col.kind:
            case Kind.ID:
                return self.ident(s, col.name)
            case Kind.TEXT:
                return self.text(s, col.name)
            case Kind.NUMBER:
                return self.number(col, s)
            case Kind.SCORE:
                return self.score(col, s)
            case Kind.CONFIDENCE:
                return self.confidence(col, s)
            case Kind.DATE:
                return self.date(col, s)
            case Kind.QUARTER:
                return self.quarter(col, s)
            case Kind.ENUM:
                return self.enum(col, s)
            case Kind.ID_LIST:
                return self.id_list(s)
        raise AssertionError(col.kind)

    def duplicates(self, table: pd.DataFrame) -> None:
        key = list(self.spec.key)
        keyed = table
        complete = table[key].notna().all(axis=1)
        if not complete.all():
            keyed = table[complete]

        def factorized(name: str) -> np.ndarray:
            # Rows with a missing key part are left out, and with them their codes (-1).
            codes = self.codes.get(name, (None, None))[0]
            if codes is None or len(codes) != len(table):
                codes = pd.factorize(table[name])[0]
            if keyed is not table:
                codes = codes[keyed.index.to_numpy()]
            return codes.astype(np.int64, copy=False)

        if len(key) == 1:
            codes = factorized(key[0])
        else:
            a, b = factorized(key[0]), factorized(key[1])
            codes = a * (b.max() + 1 if len(b) else 1) + b
        if not has_repeats(codes):  # the usual case, settled in one pass
            return
        dup = pd.Series(codes, index=keyed.index).duplicated(keep=False)
        positions = keyed.index[dup.to_numpy()]
        if self.raw.keys is None:
            rows = pd.Series(self.raw.rows[positions], index=positions).astype(str)
            together = rows.groupby(codes[dup.to_numpy()]).transform(", ".join)
        else:  # a database table has no row numbers: say how many rows share the key
            ones = pd.Series(1, index=positions)
            together = ones.groupby(codes[dup.to_numpy()]).transform("sum").astype(str) + " rows"
        label = " + ".join(key)
        shown = keyed.loc[positions, key].astype(str).agg(" / ".join, axis=1)
        mask = np.zeros(len(table), bool)
        mask[positions] = True
        message = pd.Series("", index=table.index, dtype=object)
        message[positions] = (
            f"{self.raw.label(label)} '" + shown + "' appears on more than one row: " + together
        )
        values = pd.Series(None, index=table.index, dtype=object)
        values[positions] = shown
        self.report(mask, Reason.DUPLICATE_KEY, label, values, message)


def check_tables(
    raws: dict[str, RawTable], log: ProblemLog, source: str, required: bool = True
) -> dict[str, pd.DataFrame]:
    """Parse every table, log every problem; missing optional tables come back empty.

    ``required=False`` lets the objectives and key results be missing too (an export that
    holds only KPI values)."""
    for spec in TABLES.values():
        if required and spec.required and spec.name not in raws:
            log.add(
                Reason.MISSING_TABLE,
                f"the {spec.name} table is missing"
                + ("" if "://" in source else f" (a sheet or {spec.name}.csv)"),
                file=source,
                sheet=spec.name,
            )
    checkers: dict[str, _Checker] = {}
    every: dict[str, _Checker] = {}
    for name, spec in TABLES.items():
        raw = raws.get(name)
        if raw is None:
            empty = pd.DataFrame({c: [] for c in spec.column_names}, dtype=object)
            every[name] = _Checker(
                RawTable(name, empty, source, None, np.array([], int)), ProblemLog()
            )
        else:
            every[name] = checkers[name] = _Checker(raw, ProblemLog())
    # Tables are independent until references are checked; pandas and Arrow release the
    # GIL for much of the work, so large check-in and KPI tables are checked side by side.
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        results = dict(zip(every, pool.map(_Checker.run, every.values()), strict=True))
    for checker in every.values():  # problems stay in table order, whatever ran first
        log.extend(checker.log)
    check_references(results, checkers, log)
    return results
