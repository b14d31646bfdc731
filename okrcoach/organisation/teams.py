"""The organisation's teams: each one's department and usual objective level."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..goalset import GoalSet
from ..schema import LEVELS


def team_table(goals: GoalSet) -> pd.DataFrame:
    """``team, department, level`` for every team named by an objective or a KPI."""
    obj = goals.objectives
    if "department" in obj and obj["department"].notna().any():
        pairs = pd.DataFrame({"team": obj["team"], "department": obj["department"]})
    else:
        pairs = pd.DataFrame({"team": obj["team"], "department": cascade_department(obj)})
    department = most_common(pairs.dropna(), "team", "department")
    levels = most_common(obj[["team", "level"]].dropna(), "team", "level")
    names = pd.concat([obj["team"], goals.kpis["team"]]).dropna().unique()
    out = pd.DataFrame({"team": sorted(names)})
    out["department"] = out["team"].map(department)
    out["level"] = out["team"].map(levels).fillna("team")
    return out


def cascade_department(obj: pd.DataFrame) -> pd.Series:
    """Each objective's department: its own team if it is a department-level objective,
    else that of the nearest department-level objective up its chain of parents."""
    own = pd.Series(
        np.where(obj["level"].eq("department"), obj["team"], None),
        index=obj["objective_id"].to_numpy(),
        dtype="object",
    )
    own = own[~own.index.duplicated()]
    parent = obj.drop_duplicates("objective_id").set_index("objective_id")["parent_id"]
    found = own.reindex(obj["objective_id"]).to_numpy()
    current = obj["objective_id"].to_numpy(dtype=object)
    for _ in range(len(LEVELS) + 4):  # a cascade is a few levels deep; cycles stop here
        missing = pd.isna(found)
        if not missing.any():
            break
        current = parent.reindex(current).to_numpy(dtype=object)
        found = np.where(missing, own.reindex(current).to_numpy(), found)
    return pd.Series(found, index=obj.index, dtype="object")


def most_common(pairs: pd.DataFrame, key: str, value: str) -> pd.Series:
    counts = pairs.value_counts().rename("n").reset_index()
    counts = counts.sort_values(["n", value], ascending=[False, True], kind="stable")
    return counts.drop_duplicates(key).set_index(key)[value]


__all__ = ["cascade_department", "most_common", "team_table"]
