"""OKR tools' exports load as they are: every documented layout, odd values, hostile files."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pandas as pd
import pytest

import okrcoach
from okrcoach import GoalDataError
from okrcoach.loading.exports import LAYOUTS, calendar_quarter, header_name

# -- realistic files, one per layout (every documented column, odd values) ------------------

BURNINGOKR = pd.DataFrame(
    {
        "Team": ["Payments", "Payments", "Payments", "Onboarding", "Onboarding"],
        "Objective": [
            "Make paying effortless",
            "Make paying effortless",
            "Cut payment fraud",
            "New users succeed in week one",
            "New users succeed in week one",
        ],
        "Progress": ["45.00%", "45.00%", "80.00%", "", "10.00%"],
        "Corporate objectives": [
            "Grow revenue",
            "Grow revenue",
            "",
            "Grow revenue",
            "Grow revenue",
        ],
        "Key Result": [
            "Raise checkout conversion",
            "Cut failed card payments",
            "Chargebacks per 1,000 orders",
            "Activation within 7 days",
            "Activation within 7 days",  # duplicate name in the same objective
        ],
        "Description": ["measured in Looker", "", "", "", "second copy"],
        "Start": [62, 4.5, 3, "40%", 40],
        "End": [70, 2, 1, "60%", 60],
        "Actual": [66, 3.1, "", "45%", 44],
        "Unit": ["%", "%", "", "%", "€"],
    }
)


def betterworks_csv() -> str:
    return (
        "name,type,progress,start_date,end_date,owner_email,categories,description\n"
        "Win the mid-market,goal,55,2026-07-01,2026-09-30,ana@example.com,Growth;Sales,"
        '"Long, with a comma\nand a line break"\n'
        "Close 40 new mid-market logos,milestone,60,2026-07-01,2026-09-30,bo@example.com,Sales,\n"
        "Raise win rate from 18% to 25%,milestone,40%,07/01/2026,09/30/2026,cy@example.com,,\n"
        "Keep every customer we have,goal,,2026-07-01,2026-09-30,di@example.com,,\n"
        "Lower churn,goal,120,1 July 2026,30 September 2026,ed@example.com,,\n"
    )


def culture_amp_csv() -> str:
    return (
        "email,name,description,visibility,individual_emails,due_at,created_at,priority,status,"
        "completion,key_result_1_title,key_result_1_completion,key_result_2_title,"
        "key_result_2_completion,key_result_3_title,key_result_3_completion\n"
        "ana@example.com,Grow my accounts,,everyone,,2026-09-30,2026-06-20,1,ongoing,,"
        "Raise NRR from 104% to 110%,0.5,Renew all 12 enterprise accounts,0.75,,\n"
        "bo@example.com,Learn SQL,,manager,,2026-09-30,2026-07-02,,created,0.65,,,,,,\n"
        "cy@example.com,Ship faster,,individuals,dan@example.com;eve@example.com,2026-12-31,"
        "2026-10-01,2,accomplished,,Cut lead time to 2 days,1.0,Deploy daily,1.2,,\n"
    )


def peoplebox_csv() -> str:
    return (
        "Row ID,Parent Row IDs,Parent Goal IDs,Goal ID,Action,Goal Title,Owner Emails,Goal Cycle,"
        "Goal Type,Scope,Departments,Start Date,End Date,Description,Starting Value,Target Value,"
        "Current Value,Progress Status,Check-in Type,Tags,Review Cycle ID,"
        "Review Cycle Weightage,Approved\n"
        "1,,,,,Be the easiest bank to join,ceo@example.com,Quarterly,Default Progress,Company,,"
        "2026-07-01,2026-09-30,,,,,On Track,Auto Rollup,,,,TRUE\n"
        "2,1,,,,Onboarding in one sitting,lea@example.com,Quarterly,Default Progress,Department,"
        "Onboarding,2026-07-01,2026-09-30,,,,,On Track,Auto Rollup,,,,TRUE\n"
        "3,2,,,,Cut signup time from 14 to 5 minutes,max@example.com,Quarterly,Number,Individual,"
        "Onboarding,2026-07-01,2026-09-30,,14,5,9,At Risk,Manual,speed,,,TRUE\n"
        '4,"2, 1",,,,Raise completed signups to 80%,max@example.com,Quarterly,Custom Percent,'
        "Individual,Onboarding,2026-07-01,2026-09-30,,62,80,71%,On Track,Manual,,RC-1,30,FALSE\n"
        "5,,,,,Hire a data lead,hr@example.com,Quarterly,Binary,Company,People,2026-07-01,"
        "2026-09-30,,0,1,,Behind,Manual,,,,\n"
    )


def puzzle_csv() -> str:
    head = (
        "team_id,objective_id,key_result_id,check_in_id,team_name,team_version,objective_title,"
        "objective_state,objective_created_on,quarter_id,quarter_label,key_result_title,"
        "key_result_type,baseline,stretch_goal,unit,commit_zone,target_zone,stretch_zone,"
        "check_in_value,check_in_zone,confidence,check_in_created_on\n"
    )
    rows = [
        "5,11,101,1001,/BBT,1,Wir sind ein attraktiver Arbeitgeber,ONGOING,2025-06-20T09:00:00,8,"
        "GJ 25/26-Q1,Mitarbeiterzufriedenheit von 3.2 auf 4.0,metric,3.2,4,NUMBER,,,,3.5,,6,"
        "2025-07-14T10:22:31",
        "5,11,101,1002,/BBT,1,Wir sind ein attraktiver Arbeitgeber,ONGOING,2025-06-20T09:00:00,8,"
        "GJ 25/26-Q1,Mitarbeiterzufriedenheit von 3.2 auf 4.0,metric,3.2,4,NUMBER,,,,3.9,,7,"
        "2025-08-11T08:05:00",
        "5,11,102,1003,/BBT,1,Wir sind ein attraktiver Arbeitgeber,ONGOING,2025-06-20T09:00:00,8,"
        "GJ 25/26-Q1,Onboarding-Handbuch ist veröffentlicht,ordinal,,,,Entwurf,Review,"
        "Veröffentlicht,,TARGET,8,2025-08-20T16:40:00",
        "5,12,103,,/BBT,1,Kosten senken,DRAFT,2025-09-01T09:00:00,9,GJ 25/26-Q2,"
        "Cloud-Kosten um 20% senken,metric,10000,8000,CHF,,,,,,,",
        "6,13,,,Puzzle Marketing,2,Mehr Sichtbarkeit,ONGOING,2025-04-02T09:00:00,7,GJ 24/25-Q4,"
        ",,,,,,,,,,,",
    ]
    return head + "\n".join(rows) + "\n"


def okr_tracker_csv() -> str:
    # newest first, as okr-tracker writes it
    return "Date,Value,Comment\n2026-01-19,1.5e2,\n2026-01-12,131,holiday effect\n2026-01-05,120,\n"


BURNINGOKR_DE = BURNINGOKR.rename(
    columns={
        "Progress": "Fortschritt",
        "Corporate objectives": "Uebergeordnetes Unternehmensziel",
        "Description": "Beschreibung",
        "End": "Ende",
        "Actual": "Aktuell",
        "Unit": "Einheit",
    }
)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    out = {
        "burningokr": tmp_path / "burningokr-export.xlsx",
        "betterworks": tmp_path / "betterworks.csv",
        "cultureamp": tmp_path / "culture amp goals.csv",
        "peoplebox": tmp_path / "peoplebox.csv",
        "puzzle_okr": tmp_path / "overview.csv",
        "okr_tracker": tmp_path / "Active users.csv",
        "burningokr_de": tmp_path / "okr.xlsx",
        "okr_tracker_no": tmp_path / "Aktive brukere (%).csv",
    }
    BURNINGOKR_DE.to_excel(out["burningokr_de"], index=False)
    out["okr_tracker_no"].write_text("Dato,Verdi,Kommentar\n2026-02-02,0.41,\n2026-01-26,0.4,\n")
    BURNINGOKR.to_excel(out["burningokr"], index=False)
    out["betterworks"].write_text(betterworks_csv(), encoding="utf-8")
    out["cultureamp"].write_text(culture_amp_csv(), encoding="utf-8-sig")  # Excel's BOM
    out["peoplebox"].write_text(peoplebox_csv(), encoding="utf-8")
    out["puzzle_okr"].write_text(puzzle_csv().replace(",", ";"), encoding="cp1252")
    out["okr_tracker"].write_text(okr_tracker_csv(), encoding="utf-8")
    day = time.mktime((2026, 8, 15, 12, 0, 0, 0, 0, -1))
    for p in out.values():
        os.utime(p, (day, day))
    return out


def test_every_layout_is_tested_here(files):
    assert set(files) == set(LAYOUTS)


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_each_layout_is_recognised_and_said(files, name):
    goals = okrcoach.load(files[name])
    title = LAYOUTS[name].title
    assert any(f"read as {title}" in n for n in goals.notes), goals.notes


def test_burningokr_maps_start_end_actual_and_corporate_objectives(files):
    goals = okrcoach.load(files["burningokr"])
    obj = goals.objectives.set_index("title")
    assert obj.loc["Grow revenue", "level"] == "company"  # made from the name
    assert obj.loc["Make paying effortless", "parent_id"] == obj.loc["Grow revenue", "objective_id"]
    assert pd.isna(obj.loc["Cut payment fraud", "parent_id"])
    krs = goals.key_results.set_index("text")
    conv = krs.loc["Raise checkout conversion"]
    assert (conv["baseline"], conv["target"], conv["unit"]) == (62, 70, "%")
    assert conv["description"] == "measured in Looker"  # unmapped columns travel along
    assert "progress" in goals.key_results.columns
    # the duplicated key result name is one key result; its two rows' current values both kept
    assert (goals.key_results["text"] == "Activation within 7 days").sum() == 1
    ck = goals.checkins
    assert ck["date"].dt.date.astype(str).unique().tolist() == ["2026-08-15"]
    assert any("the export's day" in n for n in goals.notes)
    assert goals.objectives["quarter"].isna().all()  # no dates in this export


def test_betterworks_goals_and_milestones(files):
    goals = okrcoach.load(files["betterworks"])
    obj = goals.objectives.set_index("title")
    assert set(obj.index) == {"Win the mid-market", "Keep every customer we have", "Lower churn"}
    assert set(obj["quarter"]) == {"2026-Q3"}  # from start dates in three spellings
    krs = goals.key_results
    win = obj.loc["Win the mid-market", "objective_id"]
    assert krs.loc[krs["objective_id"] == win, "text"].tolist() == [
        "Close 40 new mid-market logos",
        "Raise win rate from 18% to 25%",
    ]
    scores = krs.set_index("text")["score"]
    assert scores["Raise win rate from 18% to 25%"] == pytest.approx(0.4)
    assert scores["Lower churn"] == pytest.approx(1.2)  # a goal alone is its own key result
    assert krs.set_index("text").loc["Close 40 new mid-market logos", "owner"] == "bo@example.com"
    assert "Long, with a comma\nand a line break" in set(goals.key_results["goal_description"])


def test_culture_amp_wide_key_results(files):
    goals = okrcoach.load(files["cultureamp"])
    krs = goals.key_results.set_index("text")
    assert krs.loc["Raise NRR from 104% to 110%", "score"] == 0.5
    assert krs.loc["Deploy daily", "score"] == pytest.approx(1.2)
    assert krs.loc["Learn SQL", "score"] == 0.65  # completion of a goal without key results
    assert krs.loc["Renew all 12 enterprise accounts", "owner"] == "ana@example.com"
    q = goals.objectives.set_index("title")["quarter"]
    assert q["Ship faster"] == "2026-Q4" and q["Grow my accounts"] == "2026-Q3"
    assert "visibility" in goals.key_results.columns


def test_peoplebox_tree(files):
    goals = okrcoach.load(files["peoplebox"])
    obj = goals.objectives.set_index("objective_id")
    assert obj.loc["2", "parent_id"] == "1" and obj.loc["2", "team"] == "Onboarding"
    assert obj.loc["1", "level"] == "company"
    krs = goals.key_results.set_index("kr_id")
    assert krs.loc["3", "objective_id"] == "2"
    assert (krs.loc["3", "baseline"], krs.loc["3", "target"]) == (14, 5)
    assert krs.loc["4", "objective_id"] == "2"  # the first of two parents
    assert krs.loc["5", "objective_id"] == "5"  # a goal alone
    assert any("several parents" in n for n in goals.notes)
    assert set(goals.checkins["kr_id"]) == {"3", "4"}


def test_puzzle_overview_checkins_quarters_and_zones(files):
    goals = okrcoach.load(files["puzzle_okr"])
    q = goals.objectives.set_index("objective_id")["quarter"]
    assert q.to_dict() == {"11": "2025-Q3", "12": "2025-Q4", "13": "2025-Q2"}
    ck = goals.checkins.set_index("kr_id")
    assert ck.loc["101", "value"].tolist() == [3.5, 3.9]
    assert ck.loc["101", "confidence"].tolist() == [0.6, 0.7]  # 0-10 scale
    assert ck.loc["102", "value"] == 0.7  # zone TARGET
    kr = goals.key_results.set_index("kr_id")
    assert (kr.loc["103", "baseline"], kr.loc["103", "target"]) == (10000, 8000)
    assert "check_in_zone" in goals.checkins.columns
    assert len(goals.key_results) == 3  # the objective without key results has none


def test_okr_tracker_history_is_a_kpi_named_by_the_file(files):
    goals = okrcoach.load(files["okr_tracker"])
    assert goals.kpis[["kpi_id", "name"]].values.tolist() == [["active-users", "Active users"]]
    assert goals.kpi_values["value"].tolist() == [150, 131, 120]
    assert goals.kpi_values["comment"].tolist()[1] == "holiday effect"
    norsk = okrcoach.load(files["okr_tracker_no"])
    assert norsk.kpis["name"].tolist() == ["Aktive brukere (%)"]
    assert norsk.kpi_values["value"].tolist() == [0.41, 0.4]


def test_german_burningokr_export(files):
    goals = okrcoach.load(files["burningokr_de"])
    assert "Grow revenue" in set(goals.objectives["title"])
    assert goals.key_results["target"].max() == 70


def test_column_mapping_for_an_unknown_tool(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text(
        "Squad,Goal title,Result,From,To,Quarter\n"
        "Pay,Make paying effortless,Raise conversion,9,13,Q3 2026\n"
    )
    with pytest.raises(GoalDataError) as info:
        okrcoach.load(path)
    assert "matches no layout" in info.value.problems["message"][0]
    mapping = {
        "Squad": "team",
        "Goal title": "objective",
        "Result": "key_result",
        "From": "baseline",
        "To": "target",
        "Quarter": "quarter",
    }
    goals = okrcoach.load(path, columns=mapping)
    assert goals.key_results[["text", "baseline", "target"]].values.tolist() == [
        ["Raise conversion", 9, 13]
    ]
    (tmp_path / "pyproject.toml").write_text(
        "[tool.okrcoach.columns]\n" + "".join(f'"{k}" = "{v}"\n' for k, v in mapping.items())
    )
    assert okrcoach.load(path).objectives["quarter"].tolist() == ["2026-Q3"]


def test_helpers():
    assert header_name("keyResultTitle") == "key_result_title"
    assert calendar_quarter("GJ 25/26-Q3") == "2026-Q1"


# -- hostile and broken inputs -------------------------------------------------------------


def problems(path, **kw) -> pd.DataFrame:
    with pytest.raises(GoalDataError) as info:
        okrcoach.load(path, **kw)
    return info.value.problems


def test_empty_file_and_header_only(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert problems(empty)["reason"].tolist() == ["unreadable"]
    header = tmp_path / "header.csv"
    header.write_text("name,type,progress,start_date,end_date,owner_email\n")
    goals = okrcoach.load(header)  # a valid, empty export
    assert goals.objectives.empty


def test_text_in_number_columns_names_row_and_value(files):
    text = files["betterworks"].read_text().replace(",60,", ",sixty,")
    files["betterworks"].write_text(text)
    found = problems(files["betterworks"])
    assert found[["row", "column", "reason", "value"]].values.tolist() == [
        [3, "progress", "bad_number", "sixty"]  # the row and column as the file shows them
    ]


def test_formula_cells_are_reported(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(BURNINGOKR.columns))
    sheet.append(
        ["Pay", "Make paying effortless", "45", "", "Raise conversion", "", 9, 13, None, "%"]
    )
    sheet["I2"] = "=H2*0.8"  # saved without a computed value: it would read as empty
    path = tmp_path / "burning.xlsx"
    book.save(path)
    found = problems(path)
    assert found[["row", "column", "reason"]].values.tolist() == [[2, "actual", "bad_structure"]]
    assert "formula" in found["message"][0]
    csv = tmp_path / "betterworks.csv"
    csv.write_text(betterworks_csv().replace(",55,", ",=SUM(C3:C4),"))
    assert problems(csv)["row"].tolist() == [2]


def test_100k_character_cells_are_reported_not_loaded(files):
    text = files["betterworks"].read_text().replace("Lower churn", "x" * 100_000)
    files["betterworks"].write_text(text)
    found = problems(files["betterworks"])
    assert set(found["reason"]) == {"too_long"}
    assert "100,000 characters" in found["message"].iloc[0]


def test_wrong_layout_forced_lists_every_missing_column(files):
    found = problems(files["okr_tracker"], layout="betterworks")
    assert found["reason"].tolist() == ["missing_column"] * 6


# -- end to end ----------------------------------------------------------------------------


@pytest.mark.e2e
@pytest.mark.parametrize("name", ["betterworks", "puzzle_okr", "burningokr"])
def test_import_lint_retro_explore(files, name, tmp_path):
    from test_cli import run

    book = tmp_path / "goals.xlsx"
    args = ["import", files[name], "--out", book]
    if name == "burningokr":
        args += ["--quarter", "2026-Q3"]
    done = run(*args)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"read as {LAYOUTS[name].title}" in done.stdout
    goals = okrcoach.load(book)
    assert goals.objectives["quarter"].notna().all()
    done = run("lint", book)
    assert done.returncode in (0, 1), done.stdout + done.stderr
    quarter = goals.quarters[-1]
    done = run("retro", "--data", book, "--quarter", quarter, "--out", tmp_path / "r",
               "--format", "html", "--workers", "1")  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    done = run("explore", "--data", files[name], "--out", tmp_path / "x", "--no-export")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.e2e
@pytest.mark.parametrize("out", ["goals", "goals.xlsx"])
def test_import_then_load_gives_the_same_five_tables_for_every_layout(files, tmp_path, out):
    """``okrcoach import`` of each layout's export, then ``okrcoach.load`` of what it wrote
    (a CSV folder, a workbook), gives the tables the export loads as."""
    from test_cli import run

    for name, path in files.items():
        target = tmp_path / name / out
        done = run("import", path, "--out", target)
        assert done.returncode == 0, f"{name}: {done.stdout}{done.stderr}"
        goals, again = okrcoach.load(path), okrcoach.load(target)
        for table, frame in goals.tables():
            pd.testing.assert_frame_equal(getattr(again, table), frame, obj=f"{name} {table}")


def test_the_betterworks_upload_in_its_commonest_shape(tmp_path):
    """Whole-number progress and a goal without milestones: two objectives, the two
    milestones as the first one's key results, the lone goal its own key result with its
    progress (0.5) as the score."""
    upload = tmp_path / "upload.csv"
    upload.write_text(
        "name,type,progress,start_date,end_date,owner_email,categories,description\n"
        "Grow self-serve revenue,goal,40,2026-07-01,2026-09-30,ana@example.com,Growth;Revenue,"
        "Self-serve plans only\n"
        "Raise trial-to-paid conversion from 9% to 12%,milestone,55,2026-07-01,2026-09-30,"
        "ana@example.com,,\n"
        "Launch annual billing on the pricing page,milestone,100,2026-07-01,2026-08-15,"
        "li@example.com,,\n"
        "Hire two account executives,goal,50,2026-07-01,2026-09-30,bo@example.com,People,\n"
    )
    goals = okrcoach.load(upload)
    obj = goals.objectives.set_index("title")
    assert list(obj.index) == ["Grow self-serve revenue", "Hire two account executives"]
    krs = goals.key_results.assign(
        objective=goals.key_results["objective_id"].map(
            goals.objectives.set_index("objective_id")["title"]
        )
    )
    assert krs[["objective", "text", "score"]].values.tolist() == [
        ["Grow self-serve revenue", "Raise trial-to-paid conversion from 9% to 12%", 0.55],
        ["Grow self-serve revenue", "Launch annual billing on the pricing page", 1.0],
        ["Hire two account executives", "Hire two account executives", 0.5],
    ]
    assert krs["goal_description"].fillna("").tolist() == ["Self-serve plans only"] * 2 + [""]
    assert goals.objectives["owner"].tolist() == ["ana@example.com", "bo@example.com"]


@pytest.mark.e2e
def test_import_bad_input_exits_2_with_the_problem_table(files, tmp_path):
    from test_cli import run

    text = files["betterworks"].read_text().replace(",60,", ",sixty,")
    files["betterworks"].write_text(text)
    done = run("import", files["betterworks"], "--out", tmp_path / "g.xlsx")
    assert done.returncode == 2
    assert "'sixty'" in done.stdout and "Traceback" not in done.stdout + done.stderr
    assert not (tmp_path / "g.xlsx").exists()
    done = run("import", files["betterworks"], "--map", "nonsense", "--out", tmp_path / "g.xlsx")
    assert done.returncode == 2 and "HEADER=field" in done.stderr


def test_docs_importing_is_generated_from_the_layouts():
    from conftest import ROOT

    from okrcoach.loading.exports.docs import markdown

    assert (ROOT / "docs" / "importing.md").read_text() == markdown(), (
        "run `make docs` to regenerate docs/importing.md"
    )


def test_ids_stay_as_written(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text("Goal,Result id,Result,Goal id\nA,007,Raise x,12\nA,008,Cut y,12\n")
    goals = okrcoach.load(
        path, columns={"Goal": "objective", "Result id": "kr_id", "Result": "key_result",
                       "Goal id": "objective_id"}
    )  # fmt: skip
    assert goals.key_results["kr_id"].tolist() == ["007", "008"]
    assert goals.objectives["objective_id"].tolist() == ["12"]
