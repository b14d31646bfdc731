"""puzzle/okr's overview rows: business-year quarters and ordinal key results."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from .fields import Layout, text_column

_FISCAL = re.compile(r"^\s*GJ\s*(\d{2})\s*/\s*(\d{2})\s*-\s*Q([1-4])\s*$", re.I)
#: What a check-in's zone on an ordinal key result of puzzle/okr is worth, on the 0-1 scale
#: where the stretch goal is 1 (its published reading: commit 30 %, target 70 %, stretch 100 %).
ZONE_VALUES = {"fail": 0.0, "commit": 0.3, "target": 0.7, "stretch": 1.0}


def calendar_quarter(label: str | None) -> str | None:
    """puzzle/okr's business-year quarter ('GJ 25/26-Q1', the year starting in July) as a
    calendar quarter ('2025-Q3'); other labels are returned as written."""
    if label is None or (isinstance(label, float) and np.isnan(label)):
        return None
    m = _FISCAL.match(str(label))
    if not m:
        return str(label)
    start, q = 2000 + int(m[1]), int(m[3])
    return f"{start + (q >= 3)}-Q{(q + 1) % 4 + 1}"


def _puzzle(frame, lines, log, file, sheet):
    """Business-year quarters as calendar quarters; ordinal key results checked in by zone
    get values on a 0-1 scale (their baseline 0, their stretch goal 1)."""
    out = frame.copy()
    labels = text_column(out, "quarter_label")
    codes, uniques = pd.factorize(labels)
    mapped = np.array([calendar_quarter(u) for u in uniques] + [None], dtype=object)
    out["quarter_label"] = pd.Series(mapped[codes], index=out.index, dtype="str")
    backlog = np.append([str(u).lower() == "backlog" for u in uniques], False)[codes]
    if backlog.any():
        out.loc[backlog, "quarter_label"] = None
        log.note(f"{Path(file).name}: {int(backlog.sum()):,} backlog rows have no quarter")
    if any(m != u for m, u in zip(mapped[:-1], uniques, strict=True)):
        log.note(
            f"{Path(file).name}: business-year quarters (GJ 25/26-Q1 …) read as calendar quarters"
        )
    ordinal = text_column(out, "key_result_type").str.lower().eq("ordinal").to_numpy()
    if ordinal.any():
        zone = text_column(out, "check_in_zone").str.lower()
        for column, values in (
            ("check_in_value", zone.map(ZONE_VALUES)),
            ("baseline", pd.Series(0.0, index=out.index)),
            ("stretch_goal", pd.Series(1.0, index=out.index)),
        ):
            if column not in out:  # an export without it: the zones still give the values
                out[column] = np.nan
            numbers = pd.to_numeric(out[column], errors="coerce")  # text cells of a workbook
            if not pd.api.types.is_numeric_dtype(out[column]):
                bad = out[column].notna() & numbers.isna()
                numbers = numbers.astype(object).where(~bad, out[column])  # reported later
            out[column] = numbers.where(~ordinal, values)
        log.note(
            f"{Path(file).name}: ordinal key results' zones read as 0 (fail), 0.3 (commit), "
            "0.7 (target), 1 (stretch)"
        )
    return out, lines


LAYOUT = Layout(
    "puzzle_okr",
    "puzzle/okr overview export",
    "checkin",
    ("team_name", "objective_title", "quarter_label", "key_result_title", "check_in_value"),
    {
        "team_name": "team",
        "objective_id": "objective_id",
        "objective_title": "objective",
        "quarter_label": "quarter",
        "key_result_id": "kr_id",
        "key_result_title": "key_result",
        "baseline": "baseline",
        "stretch_goal": "target",
        "unit": "unit",
        "check_in_value": "value",
        "confidence": "checkin_confidence",
        "check_in_created_on": "date",
    },
    source="https://github.com/puzzle/okr/blob/0e8044d57adbc990fd2fee6fe7d7ce6541a5953a/"
    "backend/src/main/java/ch/puzzle/okr/models/overview/Overview.java (the overview rows; "
    "the CSV export's own code is not in the stored copy, so headers are the overview's "
    "fields in snake_case or camelCase)",
    cannot_map="commit, target and stretch zone texts of ordinal key results (kept as "
    "extra columns of the check-ins, with the objective's state and the ids of teams, "
    "quarters and check-ins)",
    prepare=_puzzle,
)


__all__ = ["LAYOUT", "ZONE_VALUES", "calendar_quarter"]
