"""Peoplebox's goal import: a tree of goals by row id and parent row ids."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ...errors import Reason
from .fields import Layout, text_column


def prepare(frame, lines, log, file, sheet):
    """Goals form a tree by Row ID and Parent Row IDs: a goal with sub-goals is an
    objective, a sub-goal without sub-goals of its own a key result of its parent, and a
    goal alone both (an objective with itself as key result)."""
    row_id = text_column(frame, "row_id")
    parents = text_column(frame, "parent_row_ids")
    # the first of several parents; text stays text when every cell is empty
    first_parent = parents.str.replace(r"\s*,.*$", "", regex=True).str.strip()
    several = parents.str.contains(",", na=False).to_numpy()
    if several.any():
        log.note(
            f"{Path(file).name}: {int(several.sum()):,} goals with several parents are read "
            "under the first"
        )
    known = set(row_id.dropna())
    orphan = first_parent.notna().to_numpy() & ~first_parent.isin(known).to_numpy()
    if orphan.any():
        log.add_rows(
            Reason.ORPHAN,
            file=file,
            sheet=sheet,
            rows=lines[orphan],
            column="parent_row_ids",
            values=parents[orphan],
            messages="no row has this Row ID",
        )
    has_children = row_id.isin(set(first_parent.dropna())).to_numpy()
    title = text_column(frame, "goal_title")
    by_id = dict(zip(row_id, title, strict=True))
    out = frame.copy()
    objective_row = has_children | first_parent.isna().to_numpy()
    out["objective"] = np.where(objective_row, title, first_parent.map(by_id))
    out["objective_id"] = np.where(objective_row, row_id, first_parent)
    out["parent"] = np.where(objective_row, first_parent, None)
    leaf = ~has_children
    out["key_result"] = np.where(leaf, title, None)
    out["kr_id"] = np.where(leaf, row_id, None)
    out["owner"] = np.where(leaf, text_column(frame, "owner_emails"), None)
    out["objective_owner"] = np.where(objective_row, text_column(frame, "owner_emails"), None)
    # an objective's own fields live on its row; its key results' rows carry their parent's
    for c in ("departments", "scope", "start_date", "end_date"):
        if c in out:
            own = dict(zip(row_id, text_column(frame, c), strict=True))
            out[c] = np.where(objective_row, text_column(frame, c), first_parent.map(own))
    objective_rows = out.loc[objective_row & ~leaf].assign(key_result=None, kr_id=None)
    objective_rows = objective_rows.drop(
        columns=["starting_value", "target_value", "current_value"], errors="ignore"
    )
    rows = pd.concat([objective_rows, out.loc[leaf]], ignore_index=True)
    rows = rows.drop(
        columns=["goal_title", "owner_emails", "row_id", "parent_row_ids"], errors="ignore"
    )
    return rows, np.concatenate([lines[objective_row & ~leaf], lines[leaf]])


LAYOUT = Layout(
    "peoplebox",
    "Peoplebox goal import",
    "key_result",
    ("row_id", "parent_row_ids", "goal_title"),
    {
        "departments": "team",
        "scope": "level",
        "start_date": "start",
        "end_date": "end",
        "starting_value": "baseline",
        "target_value": "target",
        "current_value": "current",
    },
    source="https://help.peoplebox.ai/hc/peoplebox-help-center/articles/"
    "1756218434-goals-import-via-csv-v2",
    cannot_map="Parent Goal IDs (goals already in Peoplebox), several parents (read "
    "under the first), review cycles; the other columns are kept as extra columns",
    prepare=prepare,
    derived={
        "objective": "goal_title",
        "key_result": "goal_title",
        "objective_id": "row_id",
        "kr_id": "row_id",
        "parent": "parent_row_ids",
        "owner": "owner_emails",
        "objective_owner": "owner_emails",
    },
)

__all__ = ["LAYOUT", "prepare"]
