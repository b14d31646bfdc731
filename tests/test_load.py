"""Loading: the three formats, normalisation of quarters, dates, confidence and ids."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import okrcoach
from okrcoach.schema import TABLES


def write_csvs(folder: Path, **tables: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in tables.items():
        (folder / f"{name}.csv").write_text(text.strip() + "\n", encoding="utf-8")
    return folder


OBJ = "objective_id,quarter,team,title\nO1,2026-Q3,Pay,Make paying effortless\n"
KRS = "kr_id,objective_id,text\nK1,O1,Raise conversion from 9% to 13%\n"


def test_every_table_has_the_contract_columns_in_order(demo_goals):
    for name, frame in demo_goals.tables():
        assert tuple(frame.columns[: len(TABLES[name].columns)]) == TABLES[name].column_names


def test_minimal_csv_folder_gets_empty_optional_tables_and_columns(tmp_path):
    goals = okrcoach.load(write_csvs(tmp_path, objectives=OBJ, key_results=KRS))
    assert list(goals.checkins.columns) == list(TABLES["checkins"].column_names)
    assert goals.checkins.empty and goals.kpis.empty
    assert goals.key_results["baseline"].isna().all()
    assert goals.key_results["weight"].tolist() == [1.0]  # documented default
    assert goals.key_results["due"].dtype == "datetime64[ns]"
    assert goals.key_results["baseline"].dtype == "float64"


@pytest.mark.parametrize(
    "written", ["2026-Q3", "Q3 2026", "2026Q3", "2026 Q3", "q3-2026", " 2026-q3 "]
)
def test_quarter_spellings_normalise(tmp_path, written):
    objectives = f'objective_id,quarter,title\nO1,"{written}",A goal\n'
    goals = okrcoach.load(write_csvs(tmp_path, objectives=objectives, key_results=KRS))
    assert goals.objectives["quarter"].tolist() == ["2026-Q3"]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["0.6", "0.8"], [0.6, 0.8]),
        (["6", "8"], [0.6, 0.8]),  # 0-10 scale
        (["60", "80"], [0.6, 0.8]),  # percent without sign
        (["60%", "0.8"], [0.6, 0.8]),  # an explicit percent sign wins
        (["7", ""], [0.7, None]),
    ],
)
def test_confidence_scales_normalise_to_0_1(tmp_path, values, expected):
    krs = "kr_id,objective_id,text,confidence\n" + "".join(
        f"K{i},O1,text {i},{v}\n" for i, v in enumerate(values)
    )
    goals = okrcoach.load(write_csvs(tmp_path, objectives=OBJ, key_results=krs))
    got = goals.key_results["confidence"].tolist()
    for g, e in zip(got, expected, strict=True):
        assert (pd.isna(g) and e is None) or g == pytest.approx(e)


def test_dates_in_several_spellings_parse(tmp_path):
    checkins = "kr_id,date,value\nK1,2026-07-03,1\nK1,2026/07/10,2\nK1,17 July 2026,3\n"
    goals = okrcoach.load(write_csvs(tmp_path, objectives=OBJ, key_results=KRS, checkins=checkins))
    assert goals.checkins["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2026-07-03",
        "2026-07-10",
        "2026-07-17",
    ]


def test_text_that_looks_like_numbers_is_kept_as_written(tmp_path):
    objectives = "objective_id,quarter,team,title\n007,2026-Q3,1.50,NA\n"
    krs = "kr_id,objective_id,text\n1,007,Raise conversion\n"
    goals = okrcoach.load(write_csvs(tmp_path, objectives=objectives, key_results=krs))
    row = goals.objectives.iloc[0]
    assert (row["objective_id"], row["team"], row["title"]) == ("007", "1.50", "NA")


def test_enum_words_are_normalised(tmp_path):
    objectives = "objective_id,title,level,kind\nO1,A,Team,Committed\nO2,B,DEPARTMENT,stretch\n"
    krs = "kr_id,objective_id,text,direction\nK1,O1,x,Increase\nK2,O2,y,reduce\n"
    goals = okrcoach.load(write_csvs(tmp_path, objectives=objectives, key_results=krs))
    assert goals.objectives["level"].tolist() == ["team", "department"]
    assert goals.objectives["kind"].tolist() == ["committed", "aspirational"]
    assert goals.key_results["direction"].tolist() == ["increase", "decrease"]


def test_extra_user_columns_travel_along(tmp_path):
    objectives = "objective_id,title,Cost Centre\nO1,A goal,CC-12\n"
    goals = okrcoach.load(write_csvs(tmp_path, objectives=objectives, key_results=KRS))
    assert goals.objectives["cost_centre"].tolist() == ["CC-12"]


def test_workbook_sheet_and_column_names_are_forgiving(tmp_path):
    path = tmp_path / "goals.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame(
            {"Objective ID": ["O1"], "Title": ["A goal"], "Quarter": ["Q3 2026"]}
        ).to_excel(writer, sheet_name="Objectives", index=False)
        pd.DataFrame(
            {
                "KR-ID": [1],
                "Objective ID": ["O1"],
                "Text": ["Raise x from 1 to 2"],
                "Baseline": [1],
                "Target": [2],
            }
        ).to_excel(writer, sheet_name="Key Results", index=False)
        pd.DataFrame({"note": ["for people"]}).to_excel(writer, sheet_name="README", index=False)
    goals = okrcoach.load(path)
    assert goals.key_results["kr_id"].tolist() == ["1"]  # a number typed as id stays "1"
    assert goals.objectives["quarter"].tolist() == ["2026-Q3"]


def test_demo_workbook_and_csv_folder_load_to_what_was_built(demo_paths, demo_goals):
    for path in demo_paths.values():
        loaded = okrcoach.load(path)
        for name, frame in demo_goals.tables():
            pd.testing.assert_frame_equal(getattr(loaded, name), frame, obj=f"{path}:{name}")


# --- drafts ----------------------------------------------------------------------------

DRAFT = """\
team: Payments
quarter: Q3 2026
owner: Priya
objectives:
  - title: Make paying effortless
    key_results:
      - Raise conversion from 9% to 13%
      - text: Cut failed payments from 6% to 3%
        baseline: 6
        target: 3
        confidence: 70%
  - id: PAY-2
    title: Keep customers at renewal
    owner: Tomás
    key_results:
      - id: PAY-2.1
        text: Cut involuntary churn from 1.4% to 0.8%
"""


def test_yaml_draft_generates_ids_and_applies_defaults(tmp_path):
    path = tmp_path / "draft.yaml"
    path.write_text(DRAFT)
    goals = okrcoach.load(path)
    obj = goals.objectives
    assert obj["objective_id"].tolist() == ["O1", "PAY-2"]
    assert obj["quarter"].tolist() == ["2026-Q3", "2026-Q3"]
    assert obj["owner"].tolist() == ["Priya", "Tomás"]
    assert obj["level"].tolist() == ["team", "team"]
    krs = goals.key_results
    assert krs["kr_id"].tolist() == ["O1-KR1", "O1-KR2", "PAY-2.1"]
    assert krs["objective_id"].tolist() == ["O1", "O1", "PAY-2"]
    assert krs["confidence"].iloc[1] == pytest.approx(0.7)


def test_generated_ids_never_reuse_a_written_one(tmp_path):
    path = tmp_path / "draft.yaml"
    path.write_text("objectives:\n  - title: A\n  - id: O1\n    title: B\n")
    ids = okrcoach.load(path).objectives["objective_id"].tolist()
    assert len(set(ids)) == 2 and "O1" in ids


def test_json_draft_loads_like_yaml(tmp_path):
    doc = {
        "team": "Payments",
        "quarter": "2026Q3",
        "objectives": [
            {"title": "Make paying effortless", "key_results": ["Raise conversion from 9% to 13%"]}
        ],
    }
    path = tmp_path / "draft.json"
    path.write_text(json.dumps(doc, indent=2))
    goals = okrcoach.load(path)
    assert goals.key_results["text"].tolist() == ["Raise conversion from 9% to 13%"]
    assert goals.objectives["quarter"].tolist() == ["2026-Q3"]


def test_template_draft_and_workbook_load():
    root = Path(__file__).resolve().parents[1] / "templates"
    draft = okrcoach.load(root / "draft_template.yaml")
    assert len(draft.objectives) == 2 and len(draft.key_results) == 4
    book = okrcoach.load(root / "goals_template.xlsx")
    assert all(len(frame) == 1 for _, frame in book.tables())


def test_template_workbook_readme_documents_every_column():
    from okrcoach.demo.starter import readme

    root = Path(__file__).resolve().parents[1] / "templates"
    sheet = pd.read_excel(root / "goals_template.xlsx", sheet_name="README", engine="calamine")
    pd.testing.assert_frame_equal(sheet.fillna(""), readme().fillna(""), check_dtype=False)


def test_filter_keeps_one_team_and_quarter(demo_goals):
    part = demo_goals.filter(team="Checkout", quarter="2026-Q3")
    assert set(part.objectives["team"]) == {"Checkout"}
    assert set(part.objectives["quarter"]) == {"2026-Q3"}
    assert part.key_results["objective_id"].isin(part.objectives["objective_id"]).all()
    assert part.checkins["kr_id"].isin(part.key_results["kr_id"]).all()
    assert set(part.kpis["team"]) == {"Checkout"}
    assert part.kpi_values["date"].between("2026-07-01", "2026-09-30 23:59").all()
