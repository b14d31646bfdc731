"""Betterworks' goal upload: goal rows and their milestones."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...errors import Reason
from .fields import Layout, text_column


def alone_as_key_result(frame: pd.DataFrame, alone: np.ndarray, score_from: str) -> None:
    """A goal without key results becomes an objective with one key result, the goal itself,
    so that its progress is kept."""
    frame.loc[alone, "key_result"] = frame.loc[alone, "objective"]
    if score_from in frame:
        frame.loc[alone, "score"] = frame.loc[alone, score_from]


def prepare(frame, lines, log, file, sheet):
    """Rows of type goal are objectives and rows of type milestone their key results; the
    upload has no parent column, so a milestone belongs to the goal above it. `name` is the
    objective or key result, `owner_email` its owner, `progress` (0-100) a milestone's
    score; a goal's own progress, description and categories travel with its milestones as
    `goal_progress`, `goal_description`, `goal_categories`. A goal without milestones is
    its own key result, so that its progress is kept."""
    kind = text_column(frame, "type").str.lower()
    goal = kind.isin(["goal", "objective"]).to_numpy()
    milestone = kind.isin(["milestone", "key result", "key_result", "kr"]).to_numpy()
    bad = ~(goal | milestone)
    if bad.any():
        log.add_rows(
            Reason.BAD_ENUM,
            file=file,
            sheet=sheet,
            rows=lines[bad],
            column="type",
            values=frame["type"][bad],
            messages="type must be goal or milestone",
        )
    name = text_column(frame, "name")
    frame = frame.copy()
    frame["objective"] = name.where(goal).ffill()
    frame["objective_owner"] = text_column(frame, "owner_email").where(goal).ffill()
    frame["goal_progress"] = text_column(frame, "progress").where(goal).ffill()
    # the goal's own columns (description, categories) travel with its milestones
    for c in [c for c in frame.columns if c in ("description", "categories")]:
        frame[f"goal_{c}"] = text_column(frame, c).where(goal).ffill()
    frame["key_result"] = name.where(milestone)
    frame["owner"] = text_column(frame, "owner_email").where(milestone)
    frame["score"] = text_column(frame, "progress").where(milestone)
    before_first = milestone & frame["objective"].isna().to_numpy()
    if before_first.any():
        log.add_rows(
            Reason.BAD_STRUCTURE,
            file=file,
            sheet=sheet,
            rows=lines[before_first],
            column="type",
            values=name[before_first],
            messages="a milestone before any goal: put it below the goal it belongs to",
        )
    group = np.cumsum(goal)
    has_child = pd.Series(milestone).groupby(group).transform("any").to_numpy()
    alone = goal & ~has_child
    alone_as_key_result(frame, alone, "progress")
    keep = milestone | alone
    frame = frame.drop(columns=["name", "type", "owner_email", "progress"], errors="ignore")
    return frame.loc[keep].reset_index(drop=True), lines[keep]


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
)

__all__ = ["LAYOUT", "alone_as_key_result", "prepare"]
