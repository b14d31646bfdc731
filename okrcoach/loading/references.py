"""References between tables: every id a row points at must exist in the table it names."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..errors import ProblemLog, Reason
from ..schema import TABLES, Kind


def check_references(
    tables: dict[str, pd.DataFrame], checkers: dict[str, Any], log: ProblemLog
) -> None:
    """Orphans: every reference must point at an existing key of the referenced table."""
    for name, table in tables.items():
        checker = checkers.get(name)
        if checker is None:
            continue
        raw = checker.raw
        for col in TABLES[name].columns:
            if col.references is None or col.references not in checkers:
                continue
            target_key = TABLES[col.references].key[0]
            known = pd.Index(tables[col.references][target_key].dropna().unique())
            s = table[col.name]
            if col.kind is Kind.ID_LIST:
                items = s.str.split(",").explode().dropna()
                items = items[items != ""]
                missing = items[known.get_indexer(items) < 0]
                if missing.empty:
                    continue
                orphans(raw, col, target_key, missing.index.to_numpy(), missing, log)
                continue
            codes, uniques = checker.codes.get(col.name, (None, None))
            if codes is None:
                codes, uniques = pd.factorize(s)
            # get_indexer is a hash lookup; Index.isin on Arrow strings is many times slower.
            unknown = pd.notna(np.asarray(uniques, dtype=object)) & (known.get_indexer(uniques) < 0)
            mask = (codes >= 0) & np.append(unknown, False)[codes]
            if mask.any():
                orphans(raw, col, target_key, mask, s[mask], log)


def orphans(raw, col, target_key: str, where: np.ndarray, values: pd.Series, log: ProblemLog):
    """Log the rows (a mask or positions) whose ``col`` names no row of its table."""
    log.add_rows(
        Reason.ORPHAN,
        file=raw.file,
        sheet=raw.sheet,
        rows=raw.row_numbers(where),
        keys=raw.key_labels(where),
        column=raw.label(col.name),
        values=values,
        messages=f"no {col.references} row has {target_key} '" + values + "'",
    )


__all__ = ["check_references"]
