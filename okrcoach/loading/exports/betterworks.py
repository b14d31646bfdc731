"""Betterworks' goal upload: goal rows and their milestones."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...errors import Reason
from .fields import Layout, text_column


def prepare(frame, lines, log, file, sheet):
    """Rows of type goal are objectives and rows of type milestone their key results; the
    upload has no parent column, so a milestone belongs to the goal above it. `name` is the
    objective or key result, `owner_email` its owner, `progress` (0-100) a milestone's
    score; a goal's own progress, description and categories travel with its milestones as
    `goal_progress`, `goal_description`, `goal_categories`. A goal without milestones is
    its own key result, so that its progress is kept."""

    def report(reason: Reason, bad: np.ndarray, column: str, values, message: str) -> None:
        if bad.any():
            log.add_rows(
                reason,
                file=file,
                sheet=sheet,
                rows=lines[bad],
                column=column,
                values=values[bad],
                messages=message,
            )

    written = text_column(frame, "type")
    kind = written.str.lower()
    goal = kind.isin(["goal", "objective"]).to_numpy()
    milestone = kind.isin(["milestone", "key result", "key_result", "kr"]).to_numpy()
    blank = written.isna().to_numpy()
    report(Reason.MISSING_VALUE, blank, "type", written, "type is empty: write goal or milestone")
    report(Reason.BAD_ENUM, ~(goal | milestone | blank), "type", written, ONE_OF)
    name = text_column(frame, "name")
    unnamed = name.isna().to_numpy() & (goal | milestone)
    report(Reason.MISSING_VALUE, unnamed, "name", name, "a goal or milestone needs a name")
    # each milestone belongs to the goal above it; a goal's own cells travel with it
    group = pd.Series(np.cumsum(goal), index=frame.index)
    report(Reason.BAD_STRUCTURE, milestone & group.eq(0).to_numpy(), "type", name, FIRST)

    def of_goal(values: pd.Series) -> pd.Series:
        return values.where(goal).groupby(group).transform("first")

    frame = frame.copy()
    frame["objective"] = of_goal(name)
    frame["objective_owner"] = of_goal(text_column(frame, "owner_email"))
    frame["goal_progress"] = of_goal(text_column(frame, "progress"))
    for c in [c for c in frame.columns if c in ("description", "categories")]:
        frame[f"goal_{c}"] = of_goal(text_column(frame, c))
    frame["key_result"] = name.where(milestone)
    frame["owner"] = text_column(frame, "owner_email").where(milestone)
    frame["score"] = text_column(frame, "progress").where(milestone)
    has_child = pd.Series(milestone).groupby(group.to_numpy()).transform("any").to_numpy()
    # a goal without milestones is its own key result, so that its progress is kept
    alone = goal & ~has_child
    frame["key_result"] = frame["key_result"].where(~alone, frame["objective"])
    frame["score"] = frame["score"].where(~alone, frame["goal_progress"])
    keep = milestone | alone
    frame = frame.drop(columns=["name", "type", "owner_email", "progress"], errors="ignore")
    return frame.loc[keep].reset_index(drop=True), lines[keep]


ONE_OF = "type must be goal or milestone"
FIRST = "a milestone before any goal: put it below the goal it belongs to"


LAYOUT = Layout(
    "betterworks",
    "Betterworks goal upload",
    "key_result",
    ("name", "type", "progress", "start_date", "end_date", "owner_email"),
    {"start_date": "start", "end_date": "end"},
    source="https://support.betterworks.com/hc/en-us/articles/360032818992-OKR-Uploads",
    cannot_map="teams (goals are owned by people), baselines and targets (progress only); "
    "categories and description are kept as extra columns",
    prepare=prepare,
    derived={
        "objective": "name",
        "key_result": "name",
        "score": "progress",
        "owner": "owner_email",
        "objective_owner": "owner_email",
    },
)

__all__ = ["FIRST", "LAYOUT", "ONE_OF", "prepare"]
