"""Validation reports every problem at once, with file, sheet, row and column."""

from __future__ import annotations

import pickle
from pathlib import Path

import pandas as pd
import pytest
from test_load import KRS, OBJ, write_csvs

import okrcoach
from okrcoach import GoalDataError


def problems_of(source) -> pd.DataFrame:
    with pytest.raises(GoalDataError) as info:
        okrcoach.load(source)
    return info.value.problems


def edit_csv(folder: Path, table: str, edit) -> None:
    path = folder / f"{table}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    edit(frame)
    frame.to_csv(path, index=False)


def test_broken_demo_copy_lists_every_problem_with_row_and_column(csv_copy):
    # Spreadsheet row = DataFrame position + 2 (header is row 1).
    def objectives(f):
        f.loc[3, "quarter"] = "2026-Q7"
        f.loc[5, "objective_id"] = f.loc[4, "objective_id"]
        f.loc[8, "parent_id"] = "NOPE-1"
        f.loc[9, "title"] = "   "
        f.loc[10, "level"] = "squad"

    def key_results(f):
        f.loc[0, "baseline"] = "thirty"
        f.loc[1, "score"] = "-0.2"
        f.loc[2, "due"] = "someday"
        f.loc[3, "objective_id"] = "GHOST"
        f.loc[4, "weight"] = "-2"

    def checkins(f):
        f.loc[6, "kr_id"] = "NO-SUCH-KR"

    def kpi_values(f):
        f.loc[0, "kpi_id"] = "KPI-NONE"

    edit_csv(csv_copy, "objectives", objectives)
    edit_csv(csv_copy, "key_results", key_results)
    edit_csv(csv_copy, "checkins", checkins)
    edit_csv(csv_copy, "kpi_values", kpi_values)
    (csv_copy / "kpis.csv").write_text(
        (csv_copy / "kpis.csv").read_text().replace("higher_is_better", "upwards", 1)
    )

    found = problems_of(csv_copy)
    cells = found[["file", "row", "column", "reason"]].itertuples(index=False)
    got = {(Path(f).name, r, c, reason) for f, r, c, reason in cells}
    expected = {
        ("objectives.csv", 5, "quarter", "bad_quarter"),
        ("objectives.csv", 6, "objective_id", "duplicate_key"),
        ("objectives.csv", 7, "objective_id", "duplicate_key"),
        ("objectives.csv", 10, "parent_id", "orphan"),
        ("objectives.csv", 11, "title", "missing_value"),
        ("objectives.csv", 12, "level", "bad_enum"),
        ("key_results.csv", 2, "baseline", "bad_number"),
        ("key_results.csv", 3, "score", "out_of_range"),
        ("key_results.csv", 4, "due", "bad_date"),
        ("key_results.csv", 5, "objective_id", "orphan"),
        ("key_results.csv", 6, "weight", "out_of_range"),
        ("checkins.csv", 8, "kr_id", "orphan"),
        ("kpi_values.csv", 2, "kpi_id", "orphan"),
        ("kpis.csv", 2, "direction", "bad_enum"),
    }
    assert expected <= got, expected - got
    # The duplicated id makes the key results of the overwritten objective orphans, but
    # nothing else is reported: no noise beyond the planted problems and their effects.
    assert got - expected <= {(f, r, c, "orphan") for f, r, c, _ in got if f != "objectives.csv"}
    assert found.loc[found["reason"] == "bad_number", "value"].tolist() == ["thirty"]


def test_missing_tables_and_columns(tmp_path):
    write_csvs(tmp_path, objectives="objective_id,team\nO1,Pay\n")
    found = problems_of(tmp_path)
    assert set(zip(found["reason"], found["column"].fillna("-"), strict=True)) >= {
        ("missing_table", "-"),
        ("missing_column", "title"),
    }
    assert found.loc[found["reason"] == "missing_table", "sheet"].tolist() == ["key_results"]


def test_empty_folder_and_unknown_file(tmp_path):
    assert problems_of(tmp_path)["reason"].tolist() == ["missing_table"]
    other = tmp_path / "goals.txt"
    other.write_text("hello")
    assert problems_of(other)["reason"].tolist() == ["unreadable"]
    assert problems_of(tmp_path / "nope.xlsx")["reason"].tolist() == ["missing_file"]


def test_workbook_problems_name_the_sheet(demo_paths, tmp_path):
    book = pd.read_excel(demo_paths["workbook"], sheet_name=None, engine="calamine")
    book["key_results"]["target"] = book["key_results"]["target"].astype(object)
    book["key_results"].loc[2, "target"] = "lots"
    path = tmp_path / "broken.xlsx"
    with pd.ExcelWriter(path) as writer:
        for name, frame in book.items():
            frame.to_excel(writer, sheet_name=name, index=False)
    found = problems_of(path)
    assert found[["sheet", "row", "column", "reason"]].values.tolist() == [
        ["key_results", 4, "target", "bad_number"]
    ]


def test_corrupt_workbook_is_a_goal_data_error(tmp_path):
    path = tmp_path / "goals.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    assert problems_of(path)["reason"].tolist() == ["unreadable"]


def test_draft_problems_point_at_yaml_lines(tmp_path):
    path = tmp_path / "draft.yaml"
    path.write_text(
        "team: Pay\n"
        "quarter: 2026-Q3\n"
        "objectives:\n"
        "  - title: Make paying effortless\n"
        "    kind: maybe\n"
        "    key_results:\n"
        "      - text: Raise conversion\n"
        "        baseline: lots\n"
        "      - text: ''\n"
    )
    found = problems_of(path)
    assert found[["row", "column", "reason"]].values.tolist() == [
        [4, "kind", "bad_enum"],
        [7, "baseline", "bad_number"],
        [9, "text", "missing_value"],
    ]


def test_yaml_syntax_error_names_the_line(tmp_path):
    path = tmp_path / "draft.yaml"
    path.write_text("objectives:\n  - title: [unclosed\n")
    found = problems_of(path)
    assert found["reason"].tolist() == ["unreadable"]
    assert found["row"].iloc[0] >= 2


def test_error_message_is_one_line_and_counts_reasons(tmp_path):
    write_csvs(tmp_path, objectives=OBJ + "O1,2026-Q3,Pay,Dup\n", key_results=KRS)
    err = pytest.raises(GoalDataError, okrcoach.load, tmp_path).value
    assert "\n" not in str(err)
    assert err.counts == {"duplicate_key": 2}
    assert "2 problems" in str(err)


def test_goal_data_error_pickles(tmp_path):
    write_csvs(tmp_path, objectives="objective_id,title\nO1,\n", key_results=KRS)
    err = pytest.raises(GoalDataError, okrcoach.load, tmp_path).value
    clone = pickle.loads(pickle.dumps(err))
    assert str(clone) == str(err)
    pd.testing.assert_frame_equal(clone.problems, err.problems)


def test_nothing_is_dropped_silently(tmp_path):
    # A blank line in the middle is not data; every other row is kept or reported.
    checkins = "kr_id,date,value\nK1,2026-07-03,1\n\nK1,2026-07-10,2\nK1,2026-07-17,\n"
    goals = okrcoach.load(write_csvs(tmp_path, objectives=OBJ, key_results=KRS, checkins=checkins))
    assert len(goals.checkins) == 3
    assert goals.checkins["value"].isna().tolist() == [False, False, True]


def test_duplicates_are_found_after_normalising(tmp_path):
    checkins = "kr_id,date,value\nK1,2026-07-03,1\n K1 ,2026/07/03,2\nK1,2026-07-10,3\n"
    found = problems_of(write_csvs(tmp_path, objectives=OBJ, key_results=KRS, checkins=checkins))
    assert found[["row", "reason"]].values.tolist() == [[2, "duplicate_key"], [3, "duplicate_key"]]


def test_orphans_found_when_ids_need_cleaning(tmp_path):
    krs = "kr_id,objective_id,text\nK1, O1 ,a\nK2,   ,b\nK3, O9,c\n"
    found = problems_of(write_csvs(tmp_path, objectives=OBJ, key_results=krs))
    assert found[["row", "column", "reason", "value"]].values.tolist() == [
        [3, "objective_id", "missing_value", "   "],
        [4, "objective_id", "orphan", "O9"],
    ]


def test_every_reason_is_documented():
    from conftest import ROOT

    from okrcoach.errors import Reason

    doc = (ROOT / "docs" / "goal-data.md").read_text()
    missing = [r.value for r in Reason if f"`{r.value}`" not in doc]
    assert not missing, f"reasons not in docs/goal-data.md: {missing}"
