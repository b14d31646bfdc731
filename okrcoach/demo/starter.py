"""The starter workbook users copy: the five sheets, one example row each, and a README sheet
that explains every column (generated from :mod:`okrcoach.schema`, so it cannot drift)."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from ..files import atomic_path, for_file
from ..schema import TABLES

EXAMPLE_ROWS = {
    "objectives": {
        "objective_id": "PAY-26Q3-1",
        "quarter": "2026-Q3",
        "team": "Payments",
        "title": "Make paying us effortless for small firms",
        "owner": "Priya Raman",
        "level": "team",
        "parent_id": None,
        "kind": "committed",
    },
    "key_results": {
        "kr_id": "PAY-26Q3-1.1",
        "objective_id": "PAY-26Q3-1",
        "text": "Raise trial-to-paid conversion from 9% to 13%",
        "owner": "Tomás Herrera",
        "metric": "KPI-CONV",
        "unit": "%",
        "direction": "increase",
        "baseline": 9,
        "target": 13,
        "weight": 1,
        "score": None,
        "due": "2026-09-30",
        "confidence": 0.6,
    },
    "checkins": {
        "kr_id": "PAY-26Q3-1.1",
        "date": "2026-07-10",
        "value": 9.6,
        "confidence": 0.6,
        "note": "New pricing page live; early trials convert better.",
        "author": "Tomás Herrera",
    },
    "kpis": {
        "kpi_id": "KPI-CONV",
        "name": "Trial-to-paid conversion",
        "team": "Payments",
        "owner": "Priya Raman",
        "unit": "%",
        "direction": "higher_is_better",
        "target": 13,
        "green_at": 11,
        "red_at": 8,
        "formula": "paid accounts / trials started 30 days earlier",
        "source": "Billing database",
        "frequency": "weekly",
        "guardrail_for": None,
    },
    "kpi_values": {"kpi_id": "KPI-CONV", "date": "2026-07-03", "value": 9.4},
}


def readme() -> pd.DataFrame:
    """One row per column of every table: what it holds, whether it is required, its choices."""
    rows = []
    for table in TABLES.values():
        for col in table.columns:
            rows.append(
                {
                    "sheet": table.name,
                    "column": col.name,
                    "required": "yes" if col.required else "",
                    "kind": col.kind.value,
                    "choices": ", ".join(col.choices),
                    "meaning": col.doc,
                }
            )
    return pd.DataFrame(rows)


def write_workbook(path: str | os.PathLike) -> Path:
    """Write the starter workbook (README sheet first, then one sheet per table)."""
    path = Path(path)
    with atomic_path(path) as tmp:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            readme().to_excel(writer, sheet_name="README", index=False)
            for name, table in TABLES.items():
                frame = pd.DataFrame([EXAMPLE_ROWS[name]], columns=list(table.column_names))
                for_file(frame).to_excel(writer, sheet_name=name, index=False)
            for sheet in writer.book.worksheets:
                for column in sheet.columns:
                    width = max(len(str(c.value or "")) for c in column)
                    sheet.column_dimensions[column[0].column_letter].width = min(60, width + 2)
    return path


if __name__ == "__main__":  # pragma: no cover - regenerates templates/goals_template.xlsx
    import sys

    write_workbook(sys.argv[1] if len(sys.argv) > 1 else "templates/goals_template.xlsx")
