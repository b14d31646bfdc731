"""Scores above 1 are over-achievement: loaded, kept, charted and said in reports."""

from __future__ import annotations

import pandas as pd
import pytest
from test_load import OBJ, write_csvs

import okrcoach
from okrcoach import GoalDataError
from okrcoach.charts.progress import reach


def scores_of(tmp_path, *written: str) -> list[float | None]:
    rows = "".join(f'K{i},O1,Raise conversion,"{v}"\n' for i, v in enumerate(written))
    krs = "kr_id,objective_id,text,score\n" + rows
    goals = okrcoach.load(write_csvs(tmp_path, objectives=OBJ, key_results=krs))
    return [None if pd.isna(x) else round(x, 6) for x in goals.key_results["score"]]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (["0.7", "1.2", "1.3"], [0.7, 1.2, 1.3]),  # over-achievement kept
        (["70%", "120 %", "1.0"], [0.7, 1.2, 1.0]),  # a percent sign always means percent
        (["70", "120", "35"], [0.7, 1.2, 0.35]),  # a 0-100 column: largest above 3
        (["0", "100", ""], [0.0, 1.0, None]),
        (["2.5", "0.4"], [2.5, 0.4]),  # up to 3 is read as 0-1 with over-achievement
    ],
)
def test_score_scales(tmp_path, written, expected):
    assert scores_of(tmp_path, *written) == expected


def test_only_what_cannot_be_a_score_is_refused(tmp_path):
    rows = "K1,O1,A,-0.1\nK2,O1,B,lots\nK3,O1,C,1.4\n"
    write_csvs(tmp_path, objectives=OBJ, key_results="kr_id,objective_id,text,score\n" + rows)
    with pytest.raises(GoalDataError) as info:
        okrcoach.load(tmp_path)
    found = info.value.problems
    assert found[["row", "reason", "value"]].values.tolist() == [
        [2, "out_of_range", "-0.1"],
        [3, "bad_number", "lots"],
    ]


def test_a_column_mixing_0_1_and_0_100_is_reported_not_guessed(tmp_path):
    rows = "K1,O1,A,70\nK2,O1,B,0.8\n"
    write_csvs(tmp_path, objectives=OBJ, key_results="kr_id,objective_id,text,score\n" + rows)
    with pytest.raises(GoalDataError) as info:
        okrcoach.load(tmp_path)
    (problem,) = info.value.problems.itertuples()
    assert (problem.row, problem.value) == (3, "0.8")
    assert "0-100 scale" in problem.message


def test_the_loader_says_what_it_read(tmp_path):
    rows = "K1,O1,A,70\nK2,O1,B,130\n"
    write_csvs(tmp_path, objectives=OBJ, key_results="kr_id,objective_id,text,score\n" + rows)
    notes = okrcoach.load(tmp_path).notes
    assert any("0-100 scale" in n and "largest value 130" in n for n in notes), notes
    assert any("1 score values above 1" in n for n in notes), notes


def test_axes_reach_past_1_when_scores_do():
    assert reach(pd.Series([0.2, 0.9])) == 1.2
    assert reach(pd.Series([0.2, 1.3])) == pytest.approx(1.4)
    assert reach(pd.Series([50.0])) == pytest.approx(3.1)  # a typo does not flatten the rest
    assert reach(pd.Series([], dtype=float)) == 1.2


@pytest.fixture(scope="module")
def over_achievers(demo_goals, tmp_path_factory):
    """The demo with its sandbagging team scoring 1.1-1.3, some written as "120 %"."""
    from okrcoach import demo

    team = demo.PLANTED["sandbagging_team"]
    obj = demo_goals.objectives
    mine = demo_goals.key_results["objective_id"].isin(obj.loc[obj["team"] == team, "objective_id"])
    krs = demo_goals.key_results.astype({"score": object})
    cycle = ["1.1", "120 %", "1.3"]
    krs.loc[mine, "score"] = [cycle[i % 3] for i in range(int(mine.sum()))]
    folder = tmp_path_factory.mktemp("over") / "goals"
    demo_goals.to_csv(folder)
    krs.to_csv(folder / "key_results.csv", index=False)
    return team, folder


def test_an_organisation_scoring_up_to_1_3_loads_and_names_the_sandbagger(over_achievers):
    team, folder = over_achievers
    goals = okrcoach.load(folder)
    assert goals.key_results["score"].max() == pytest.approx(1.3)
    findings = okrcoach.lint(goals)
    sandbagging = findings[findings["code"] == "CAD003"]
    assert team in set(sandbagging["team"])


@pytest.mark.e2e
def test_over_achievers_retro_and_exploration_run(over_achievers, tmp_path):
    from test_cli import run

    team, folder = over_achievers
    done = run("validate", folder)
    assert done.returncode == 0 and "above 1 (over-achieved, kept; highest 1.3)" in done.stdout
    done = run(
        "retro", "--data", folder, "--quarter", "2026-Q3", "--out", tmp_path / "r",
        "--teams", team, "--format", "html", "--workers", "1",
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    report = next(p for p in (tmp_path / "r").rglob("*.html") if p.name != "index.html")
    html = report.read_text()
    assert "above target" in html and "passed their target" in html
    done = run("explore", "--data", folder, "--out", tmp_path / "x")
    assert done.returncode == 0, done.stdout + done.stderr
