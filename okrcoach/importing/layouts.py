"""The OKR tools' layouts okrcoach knows (see docs/importing.md for each mapping)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import Reason
from .fields import Layout

LAYOUTS: dict[str, Layout] = {}


def register(layout: Layout) -> Layout:
    LAYOUTS[layout.name] = layout
    return layout


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series(None, index=frame.index, dtype="str")
    s = frame[column].astype("str").str.strip()
    return s.where(s.ne(""))


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
    kind = _text(frame, "type").str.lower()
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
    name = _text(frame, "name")
    frame = frame.copy()
    frame["objective"] = name.where(goal).ffill()
    frame["objective_owner"] = _text(frame, "owner_email").where(goal).ffill()
    frame["goal_progress"] = _text(frame, "progress").where(goal).ffill()
    # the goal's own columns (description, categories) travel with its milestones
    for c in [c for c in frame.columns if c in ("description", "categories")]:
        frame[f"goal_{c}"] = _text(frame, c).where(goal).ffill()
    frame["key_result"] = name.where(milestone)
    frame["owner"] = _text(frame, "owner_email").where(milestone)
    frame["score"] = _text(frame, "progress").where(milestone)
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
        title = _text(frame, cols.get("title", ""))
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
    alone["key_result"] = _text(frame, "name")[~with_kr]
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
    row_id = _text(frame, "row_id")
    parents = _text(frame, "parent_row_ids")
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
    title = _text(frame, "goal_title")
    by_id = dict(zip(row_id, title, strict=True))
    out = frame.copy()
    objective_row = has_children | first_parent.isna().to_numpy()
    out["objective"] = np.where(objective_row, title, first_parent.map(by_id))
    out["objective_id"] = np.where(objective_row, row_id, first_parent)
    out["parent"] = np.where(objective_row, first_parent, None)
    leaf = ~has_children
    out["key_result"] = np.where(leaf, title, None)
    out["kr_id"] = np.where(leaf, row_id, None)
    out["owner"] = np.where(leaf, _text(frame, "owner_emails"), None)
    out["objective_owner"] = np.where(objective_row, _text(frame, "owner_emails"), None)
    # an objective's own fields live on its row; its key results' rows carry their parent's
    for c in ("departments", "scope", "start_date", "end_date"):
        if c in out:
            own = dict(zip(row_id, _text(frame, c), strict=True))
            out[c] = np.where(objective_row, _text(frame, c), first_parent.map(own))
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
    labels = _text(out, "quarter_label")
    codes, uniques = pd.factorize(labels)
    mapped = np.array([calendar_quarter(u) for u in uniques] + [None], dtype=object)
    out["quarter_label"] = pd.Series(mapped[codes], index=out.index, dtype="str")
    backlog = labels.str.lower().eq("backlog").to_numpy()
    if backlog.any():
        out.loc[backlog, "quarter_label"] = None
        log.note(f"{Path(file).name}: {int(backlog.sum()):,} backlog rows have no quarter")
    if (mapped[codes] != labels.to_numpy(dtype=object)).any():
        log.note(
            f"{Path(file).name}: business-year quarters (GJ 25/26-Q1 …) read as calendar quarters"
        )
    ordinal = _text(out, "key_result_type").str.lower().eq("ordinal").to_numpy()
    if ordinal.any():
        zone = _text(out, "check_in_zone").str.lower()
        for column, values in (
            ("check_in_value", zone.map(ZONE_VALUES)),
            ("baseline", pd.Series(0.0, index=out.index)),
            ("stretch_goal", pd.Series(1.0, index=out.index)),
        ):
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


register(
    Layout(
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


__all__ = ["LAYOUTS", "ZONE_VALUES", "calendar_quarter", "register"]
