"""The organisation's teams: the one table that says where each team sits.

Both the exploration and the retrospectives' index place a team by its **department**; the
**cascade group** (the team owning most of its objectives' parents) is shown beside it,
since it says whom the team answers to in the OKRs themselves and can differ from the
department (a team aligned to another team, or a department column that disagrees with the
cascade).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..goalset import GoalSet
from ..schema import LEVELS

#: The cascade group of teams whose objectives have no parent in the data.
UNALIGNED = "Not aligned to a parent objective"

TEAM_COLUMNS = ("team", "department", "group", "level")


def team_table(goals: GoalSet, quarter: str | None = None) -> pd.DataFrame:
    """One row per team: ``team, department, group, level``.

    Without ``quarter``: every team named by an objective or a KPI, sorted by name, its
    cascade group read from all its objectives. With ``quarter``: the teams of that
    quarter (:func:`teams_in`, in order of appearance), the group read from that quarter's
    objectives. ``department`` comes from a ``department`` column of the objectives when
    the data has one, else from the cascade (:func:`cascade_department`); ``level`` is the
    level most of the team's objectives have (``team`` when none is given).
    """
    obj = goals.objectives
    if "department" in obj and obj["department"].notna().any():
        pairs = pd.DataFrame({"team": obj["team"], "department": obj["department"]})
    else:
        pairs = pd.DataFrame({"team": obj["team"], "department": cascade_department(obj)})
    department = most_common(pairs.dropna(), "team", "department")
    levels = most_common(obj[["team", "level"]].dropna(), "team", "level")
    if quarter is None:
        names = sorted(pd.concat([obj["team"], goals.kpis["team"]]).dropna().unique())
    else:
        names = teams_in(goals, quarter)
    out = pd.DataFrame({"team": pd.Series(names, dtype="str")})
    out["department"] = out["team"].map(department).astype("str")
    out["group"] = out["team"].map(cascade_groups(goals, names, quarter)).astype("str")
    out["group"] = out["group"].fillna(UNALIGNED)
    out["level"] = out["team"].map(levels).astype("str").fillna("team")
    return out


def teams_in(goals: GoalSet, quarter: str) -> list[str]:
    """Teams with team-level objectives in the quarter, in order of appearance."""
    obj = goals.objectives
    mask = obj["quarter"].eq(quarter) & obj["team"].notna()
    if obj["level"].eq("team").any():
        mask &= obj["level"].eq("team")
    return list(dict.fromkeys(obj.loc[mask, "team"]))


def cascade_groups(goals: GoalSet, teams: list[str], quarter: str | None) -> dict[str, str]:
    """Each team's place in the cascade: the team (usually a department) owning the parent
    objectives of most of its objectives (of ``quarter``, or of every quarter); on a tie,
    the parent seen first. A team whose objectives have no parent owned by another team is
    in :data:`UNALIGNED`."""
    obj = goals.objectives
    owner = obj.dropna(subset=["team"]).drop_duplicates("objective_id").set_index("objective_id")
    mine = obj[obj["team"].isin(teams)]
    if quarter is not None:
        mine = mine[mine["quarter"].eq(quarter)]
    parents = mine["parent_id"].map(owner["team"])
    parents = parents.where(parents.ne(mine["team"]))  # a team's own sub-objectives
    groups = {}
    for team, ups in parents.groupby(mine["team"], sort=False):
        counts = ups.dropna().value_counts(sort=False)
        groups[team] = counts.idxmax() if len(counts) else UNALIGNED
    return {t: groups.get(t, UNALIGNED) for t in teams}


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


__all__ = [
    "TEAM_COLUMNS",
    "UNALIGNED",
    "cascade_department",
    "cascade_groups",
    "most_common",
    "team_table",
    "teams_in",
]
