"""Property-based tests of every route goal data comes in by: a CSV folder, a workbook, a
YAML or JSON draft and a database. Loading either keeps every objective and key-result
text (nothing dropped silently) or raises ``GoalDataError`` whose problems name the row
(a database: the key), the column and the value of each bad cell; never any other
exception. And workbook -> load -> CSV -> load round-trips unchanged.

The tools' exports have their own properties in ``test_export_properties.py``. Runs are
derandomized: the same examples every time, so CI is deterministic."""

from __future__ import annotations

import json
import string
import tempfile
from pathlib import Path

import pandas as pd
import yaml
from hypothesis import given
from hypothesis import strategies as st
from property_support import CELL_REASONS, SETTINGS

import okrcoach
from okrcoach import GoalDataError
from okrcoach.schema import TABLES


def texts_kept_or_said(source, tables: dict[str, pd.DataFrame]) -> None:
    """Load ``source``: every non-blank title and key-result text of ``tables`` is in the
    goal set, or every problem about a cell says where it is, its column and its value."""
    try:
        goals = okrcoach.load(source)
    except GoalDataError as err:
        p = err.problems
        assert len(p) and p["reason"].notna().all() and p["message"].notna().all()
        cells = p[p["reason"].isin(CELL_REASONS)]
        located = cells["row"].notna() | cells["key"].notna()
        assert located.all() and cells["column"].notna().all(), cells.to_string()
        assert cells["value"].notna().all(), cells.to_string()
        return
    for table, column, loaded in (
        ("objectives", "title", goals.objectives["title"]),
        ("key_results", "text", goals.key_results["text"]),
    ):
        frame = tables.get(table)
        if frame is None or column not in frame:
            continue
        written = {str(v).strip() for v in frame[column] if v is not None and str(v).strip()}
        assert written <= set(loaded.dropna()), written - set(loaded.dropna())


# Anything a person might type into a cell.
cells = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.integers(-(10**6), 10**6).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(
        [
            "2026-Q3",
            "Q9 2026",
            "2026-07-01",
            "31/02/2026",
            "70%",
            "n/a",
            "NA",
            "increase",
            "team",
            "O1",
            "K1",
            "  ",
            "1e400",
            "-0",
            "😀",
            "<b>x</b>",
        ]
    ),
)


@st.composite
def malformed_table(draw, name: str) -> pd.DataFrame:
    spec = TABLES[name]
    names = list(spec.column_names) + ["extra", "Key Results"]
    columns = draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names)))
    rows = draw(st.integers(0, 6))
    return pd.DataFrame({c: [draw(cells) for _ in range(rows)] for c in columns}, dtype=object)


@st.composite
def some_tables(draw) -> dict[str, pd.DataFrame]:
    """Any of the five tables, each with any of its columns, holding anything."""
    return {
        name: draw(malformed_table(name), label=name)
        for name in TABLES
        if draw(st.booleans(), label=f"has {name}")
    }


@given(some_tables())
@SETTINGS
def test_csv_folders_keep_every_text_or_say_why(tables):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, frame in tables.items():
            frame.to_csv(folder / f"{name}.csv", index=False)
        texts_kept_or_said(folder, tables)


@given(some_tables())
@SETTINGS
def test_databases_keep_every_text_or_say_why(tables):
    """A database whose tables hold anything (SQLite; PostgreSQL is read by the same code,
    tested in test_sql.py)."""
    import sqlite3

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "goals.db"
        with sqlite3.connect(path) as con:
            for name, frame in tables.items():
                if len(frame.columns):  # a database table has at least one column
                    frame.astype(object).where(frame.notna(), None).to_sql(name, con, index=False)
        texts_kept_or_said(f"sqlite:///{path}", tables)


@given(some_tables())
@SETTINGS
def test_workbooks_keep_every_text_or_say_why(tables):
    printable = {
        name: frame.map(
            lambda v: v if v is None else "".join(ch for ch in str(v) if ch.isprintable())
        )
        for name, frame in tables.items()
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "goals.xlsx"
        with pd.ExcelWriter(path) as writer:
            pd.DataFrame({"x": [1]}).to_excel(writer, sheet_name="README", index=False)
            for name, frame in printable.items():
                frame.to_excel(writer, sheet_name=name, index=False)
        texts_kept_or_said(path, printable)


yaml_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.sampled_from(
                [
                    "title",
                    "text",
                    "id",
                    "key_results",
                    "baseline",
                    "quarter",
                    "confidence",
                    "kind",
                    "due",
                    "objectives",
                    "team",
                ]
            ),
            inner,
            max_size=4,
        ),
    ),
    max_leaves=12,
)


@given(yaml_values, st.sampled_from(["yaml", "json"]))
@SETTINGS
def test_malformed_drafts_raise_only_goal_data_error(doc, form):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"draft.{form}"
        path.write_text(yaml.safe_dump(doc) if form == "yaml" else json.dumps(doc))
        texts_kept_or_said(path, {})


@st.composite
def drafts(draw) -> tuple[dict, dict[str, pd.DataFrame]]:
    """A coach's draft: objectives with key results as text or as mappings, any values in
    their other fields; and the titles and texts it holds."""
    objectives, titles, texts = [], [], []
    for _ in range(draw(st.integers(0, 4))):
        title = draw(cells)
        krs = []
        for _ in range(draw(st.integers(0, 4))):
            text = draw(cells)
            texts.append(text)
            if draw(st.booleans()):
                krs.append(text)
            else:
                kr = {"text": text}
                for key in draw(st.sets(st.sampled_from(["baseline", "target", "owner", "due"]))):
                    kr[key] = draw(cells)
                krs.append(kr)
        titles.append(title)
        objectives.append({"title": title, "key_results": krs})
    doc = {"team": draw(cells), "quarter": draw(cells), "objectives": objectives}
    return doc, {
        "objectives": pd.DataFrame({"title": titles}, dtype=object),
        "key_results": pd.DataFrame({"text": texts}, dtype=object),
    }


@given(drafts(), st.sampled_from(["yaml", "json"]))
@SETTINGS
def test_drafts_keep_every_text_or_say_why(draft, form):
    doc, tables = draft
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"draft.{form}"
        path.write_text(yaml.safe_dump(doc) if form == "yaml" else json.dumps(doc))
        texts_kept_or_said(path, tables)


# --- round trip --------------------------------------------------------------------------

safe_text = (
    st.text(alphabet=string.ascii_letters + string.digits + " .,-&'éü%/", min_size=1, max_size=20)
    .map(str.strip)
    .filter(bool)
)
numbers = st.one_of(st.none(), st.floats(-1e6, 1e6, allow_nan=False).map(lambda x: round(x, 3)))
unit = st.one_of(st.none(), st.floats(0, 1).map(lambda x: round(x, 2)))
dates = st.one_of(
    st.none(),
    st.dates(
        min_value=pd.Timestamp("2020-01-01").date(), max_value=pd.Timestamp("2030-12-31").date()
    ),
)


@st.composite
def valid_goalset(draw) -> okrcoach.GoalSet:
    n_obj = draw(st.integers(1, 4))
    obj_ids = [f"O{i}" for i in range(n_obj)]
    objectives = pd.DataFrame(
        {
            "objective_id": obj_ids,
            "quarter": [draw(st.sampled_from(["2026-Q1", "2026-Q3", None])) for _ in obj_ids],
            "team": [draw(st.one_of(st.none(), safe_text)) for _ in obj_ids],
            "title": [draw(safe_text) for _ in obj_ids],
            "owner": [draw(st.one_of(st.none(), safe_text)) for _ in obj_ids],
            "level": [draw(st.sampled_from(["team", "company", None])) for _ in obj_ids],
            "parent_id": [None] + [draw(st.sampled_from([None, *obj_ids])) for _ in obj_ids[1:]],
            "kind": [draw(st.sampled_from(["committed", "aspirational", None])) for _ in obj_ids],
        }
    )
    n_kr = draw(st.integers(0, 6))
    kr_ids = [f"K{i}" for i in range(n_kr)]
    key_results = pd.DataFrame(
        {
            "kr_id": kr_ids,
            "objective_id": [draw(st.sampled_from(obj_ids)) for _ in kr_ids],
            "text": [draw(safe_text) for _ in kr_ids],
            "owner": [draw(st.one_of(st.none(), safe_text)) for _ in kr_ids],
            "metric": [None for _ in kr_ids],
            "unit": [draw(st.sampled_from(["%", "days", None])) for _ in kr_ids],
            "direction": [draw(st.sampled_from(["increase", "decrease", None])) for _ in kr_ids],
            "baseline": [draw(numbers) for _ in kr_ids],
            "target": [draw(numbers) for _ in kr_ids],
            "weight": [draw(st.floats(0, 5).map(lambda x: round(x, 2))) for _ in kr_ids],
            "score": [draw(unit) for _ in kr_ids],
            "due": [draw(dates) for _ in kr_ids],
            "confidence": [draw(unit) for _ in kr_ids],
        }
    )
    checkin_rows = []
    for kr in kr_ids:
        for day in sorted(draw(st.sets(dates.filter(lambda d: d is not None), max_size=3))):
            checkin_rows.append(
                {
                    "kr_id": kr,
                    "date": day,
                    "value": draw(numbers),
                    "confidence": draw(unit),
                    "note": draw(st.one_of(st.none(), safe_text)),
                    "author": None,
                }
            )
    frames = {
        "objectives": objectives,
        "key_results": key_results,
        "checkins": pd.DataFrame(checkin_rows, columns=list(TABLES["checkins"].column_names)),
        "kpis": pd.DataFrame(
            {
                "kpi_id": ["KPI-1"],
                "name": [draw(safe_text)],
                "guardrail_for": [draw(st.sampled_from([None, "O0"]))],
            }
        ),
        "kpi_values": pd.DataFrame(
            {"kpi_id": ["KPI-1"], "date": ["2026-07-03"], "value": [draw(numbers)]}
        ),
    }
    with tempfile.TemporaryDirectory() as tmp:
        for name, frame in frames.items():
            frame.to_csv(Path(tmp) / f"{name}.csv", index=False)
        return okrcoach.load(tmp)


@given(valid_goalset())
@SETTINGS
def test_workbook_load_csv_load_round_trips(goals):
    with tempfile.TemporaryDirectory() as tmp:
        book = okrcoach.load(goals.to_excel(Path(tmp) / "goals.xlsx"))
        again = okrcoach.load(book.to_csv(Path(tmp) / "goals"))
        for name, frame in goals.tables():
            pd.testing.assert_frame_equal(getattr(book, name), frame, obj=f"xlsx {name}")
            pd.testing.assert_frame_equal(getattr(again, name), frame, obj=f"csv {name}")
