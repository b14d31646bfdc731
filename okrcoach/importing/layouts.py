"""The OKR tools' layouts okrcoach knows (see docs/importing.md for each mapping)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import Reason
from .fields import Layout, text_column

LAYOUTS: dict[str, Layout] = {}


def register(layout: Layout) -> Layout:
    LAYOUTS[layout.name] = layout
    return layout


def _alone_as_key_result(frame: pd.DataFrame, alone: np.ndarray, score_from: str) -> None:
    """A goal without key results becomes an objective with one key result, the goal itself,
    so that its progress is kept."""
    frame.loc[alone, "key_result"] = frame.loc[alone, "objective"]
    if score_from in frame:
        frame.loc[alone, "score"] = frame.loc[alone, score_from]


def _betterworks(frame, lines, log, file, sheet):
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
    _alone_as_key_result(frame, alone, "progress")
    keep = milestone | alone
    frame = frame.drop(columns=["name", "type", "owner_email", "progress"], errors="ignore")
    return frame.loc[keep].reset_index(drop=True), lines[keep]


_CA_KR = re.compile(r"^key_result_(\d+)_(title|completion)$")


def _culture_amp(frame, lines, log, file, sheet):
    """One row per goal with numbered key-result columns, read as one row per key result:
    `key_result_N_title` is the key result and `key_result_N_completion` (0-1) its score.
    A goal without key results is its own key result, scored by `completion`."""
    numbered = {}
    for c in frame.columns:
        m = _CA_KR.match(c)
        if m:
            numbered.setdefault(int(m[1]), {})[m[2]] = c
    base = [c for c in frame.columns if not _CA_KR.match(c)]
    parts, where = [], []
    for n in sorted(numbered):
        cols = numbered[n]
        title = text_column(frame, cols.get("title", ""))
        has = title.notna().to_numpy()
        if not has.any():
            continue
        part = frame.loc[has, base].copy()
        part["key_result"] = title[has]
        part["score"] = frame.loc[has, cols["completion"]] if "completion" in cols else None
        part["_order"] = np.flatnonzero(has) * 1000 + n
        parts.append(part)
        where.append(lines[has])
    with_kr = np.zeros(len(frame), bool)
    for part in parts:
        with_kr[(part["_order"] // 1000).to_numpy()] = True
    alone = frame.loc[~with_kr, base].copy()
    alone["key_result"] = text_column(frame, "name")[~with_kr]
    alone["score"] = frame.loc[~with_kr, "completion"] if "completion" in frame else None
    alone["_order"] = np.flatnonzero(~with_kr) * 1000
    parts.append(alone)
    out = pd.concat(parts, ignore_index=True)
    all_lines = np.concatenate([*where, lines[~with_kr]]) if parts else lines[:0]
    order = np.argsort(out["_order"].to_numpy(), kind="stable")
    out = (
        out.iloc[order]
        .drop(columns=["_order", "completion"], errors="ignore")
        .reset_index(drop=True)
    )
    out["owner"] = out.get("email")
    return out, all_lines[order]


def _peoplebox(frame, lines, log, file, sheet):
    """Goals form a tree by Row ID and Parent Row IDs: a goal with sub-goals is an
    objective, a sub-goal without sub-goals of its own a key result of its parent, and a
    goal alone both (an objective with itself as key result)."""
    row_id = text_column(frame, "row_id")
    parents = text_column(frame, "parent_row_ids")
    first_parent = parents.str.split(",").str[0].str.strip()
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
    rows = rows.drop(columns=["goal_title", "owner_emails", "row_id", "parent_row_ids"])
    return rows, np.concatenate([lines[objective_row & ~leaf], lines[leaf]])


_BURNINGOKR_SOURCE = (
    "https://github.com/BurningOKR/BurningOKR/blob/0763693d68db1361d84fdd46ed8109ca3e68687c/"
    "backend/Source/burning-okr/burning-okr-logic/src/main/java/org/burningokr/service/excel/"
    "XlsxDataExportFileCreatorService.java (labels in messages.properties and "
    "messages_DE.properties)"
)
_BURNINGOKR_CANNOT = (
    "quarters (the export has no dates: give `--quarter`); owners; the objective's progress "
    "(0-1, shown as a percent) is kept as an extra column, since okrcoach computes progress "
    "from Start, End and Actual (whole numbers in the export)"
)
register(
    Layout(
        "burningokr",
        "BurningOKR Excel export",
        "key_result",
        ("team", "objective", "key_result", "start", "end", "actual"),
        {
            "team": "team",
            "objective": "objective",
            "corporate_objectives": "parent",
            "corporate_objective": "parent",
            "key_result": "key_result",
            "start": "baseline",
            "end": "target",
            "actual": "current",
            "unit": "unit",
        },
        source=_BURNINGOKR_SOURCE,
        cannot_map=_BURNINGOKR_CANNOT,
    )
)
register(
    Layout(
        "burningokr_de",
        "BurningOKR Excel export (German)",
        "key_result",
        ("team", "objective", "key_result", "start", "ende", "aktuell"),
        {
            "team": "team",
            "objective": "objective",
            "uebergeordnetes_unternehmensziel": "parent",
            "key_result": "key_result",
            "start": "baseline",
            "ende": "target",
            "aktuell": "current",
            "einheit": "unit",
        },
        source=_BURNINGOKR_SOURCE,
        cannot_map=_BURNINGOKR_CANNOT + "; Fortschritt and Beschreibung are kept as extra columns",
    )
)
register(
    Layout(
        "betterworks",
        "Betterworks goal upload",
        "key_result",
        ("name", "type", "progress", "start_date", "end_date", "owner_email"),
        {"start_date": "start", "end_date": "end"},
        source="https://support.betterworks.com/hc/en-us/articles/360032818992-OKR-Uploads",
        cannot_map="teams (goals are owned by people), baselines and targets (progress only); "
        "categories and description are kept as extra columns",
        prepare=_betterworks,
    )
)
register(
    Layout(
        "cultureamp",
        "Culture Amp goal import",
        "key_result",
        ("email", "name", "key_result_1_title"),
        {"name": "objective", "email": "objective_owner", "due_at": "end"},
        source="https://support.cultureamp.com/en/articles/7048435-guide-to-populating-"
        "individual-goals-import-template",
        cannot_map="teams and alignment (the import holds individual goals only), baselines "
        "and targets (completion only); visibility, priority, status, created_at are kept "
        "as extra columns",
        prepare=_culture_amp,
    )
)
register(
    Layout(
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
        prepare=_peoplebox,
        text=("row_id", "parent_row_ids", "goal_id"),
    )
)
_OKR_TRACKER_SOURCE = (
    "https://github.com/oslokommune/okr-tracker/blob/1a0bff6209c9a6beb1d80487ba52b7898a03b6b6/"
    "src/components/widgets/WidgetProgressHistory/WidgetKpiProgressHistory.vue (the file is "
    "named after the measurement; older versions wrote Value,Date,Comment with timestamps)"
)
register(
    Layout(
        "okr_tracker",
        "okr-tracker KPI history",
        "kpi",
        ("date", "value", "comment"),
        {"date": "kpi_date", "value": "kpi_value"},
        source=_OKR_TRACKER_SOURCE,
        cannot_map="the KPI's target, owner and direction (the export holds its values); "
        "Comment is kept as an extra column",
        exact=True,
    )
)
register(
    Layout(
        "okr_tracker_no",
        "okr-tracker KPI history (Norwegian)",
        "kpi",
        ("dato", "verdi", "kommentar"),
        {"dato": "kpi_date", "verdi": "kpi_value"},
        source=_OKR_TRACKER_SOURCE,
        cannot_map="the KPI's target, owner and direction; Kommentar is kept as an extra column",
        exact=True,
    )
)


from . import puzzle_okr  # noqa: E402,F401 - registers its layout

__all__ = ["LAYOUTS", "register"]
