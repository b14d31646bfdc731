"""Property-based tests: malformed input only ever raises GoalDataError, and
workbook -> load -> CSV -> load round-trips unchanged."""

from __future__ import annotations

import string
import tempfile
from pathlib import Path

import pandas as pd
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import okrcoach
from okrcoach import GoalDataError
from okrcoach.schema import TABLES

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

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


@given(st.data())
@SETTINGS
def test_malformed_csv_folders_raise_only_goal_data_error(data):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name in TABLES:
            if data.draw(st.booleans(), label=f"has {name}"):
                data.draw(malformed_table(name), label=name).to_csv(
                    folder / f"{name}.csv", index=False
                )
        try:
            okrcoach.load(folder)
        except GoalDataError as err:
            assert len(err.problems) >= 1
            assert err.problems["reason"].notna().all()


@given(st.data())
@SETTINGS
def test_malformed_workbooks_raise_only_goal_data_error(data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "goals.xlsx"
        with pd.ExcelWriter(path) as writer:
            pd.DataFrame({"x": [1]}).to_excel(writer, sheet_name="README", index=False)
            for name in TABLES:
                if data.draw(st.booleans(), label=f"has {name}"):
                    frame = data.draw(malformed_table(name), label=name)
                    frame = frame.map(
                        lambda v: (
                            v if v is None else "".join(ch for ch in str(v) if ch.isprintable())
                        )
                    )
                    frame.to_excel(writer, sheet_name=name, index=False)
        try:
            okrcoach.load(path)
        except GoalDataError:
            pass


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


@given(yaml_values)
@SETTINGS
def test_malformed_drafts_raise_only_goal_data_error(doc):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "draft.yaml"
        path.write_text(yaml.safe_dump(doc))
        try:
            okrcoach.load(path)
        except GoalDataError:
            pass


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
