"""One team's retrospective: the numbers, the sections, and that user text stays text."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from retro_org import hostile_teams, team_texts, write_org

from okrcoach import OkrcoachError, demo, grading, retro
from okrcoach.retro import report


@pytest.fixture(scope="module")
def workbook(demo_paths):
    return demo_paths["workbook"]


@pytest.fixture(scope="module")
def smb(workbook):
    return retro.team_retro(workbook, "SMB Sales", "2026-Q3")


def test_grades_follow_the_published_colours():
    assert [grading.grade(x) for x in (0.0, 0.3, 0.39, 0.4, 0.69, 0.7, 1.0, None)] == [
        "red",
        "red",
        "red",
        "yellow",
        "yellow",
        "green",
        "green",
        "unknown",
    ]


def test_headline_of_a_team(smb):
    h = smb.headline()
    assert h["team"] == "SMB Sales" and h["quarter"] == "2026-Q3"
    assert h["objectives"] == 2 and h["key_results"] == 6
    assert h["final"] is True and h["as_of"] == "2026-09-30"
    # the weighted mean of the key results' final scores
    assert h["score"] == pytest.approx(smb.key_results["score"].mean(), abs=1e-3)
    assert h["previous_score"] == pytest.approx(
        smb.history.set_index("quarter").loc["2026-Q2", "score"], abs=1e-3
    )
    assert json.loads(json.dumps(h)) == h


def test_only_the_teams_rows(smb, demo_goals):
    assert set(smb.objectives["objective_id"]) == set(
        demo_goals.objectives.query("team == 'SMB Sales' and quarter == '2026-Q3'")["objective_id"]
    )
    assert smb.key_results["objective_id"].isin(smb.objectives["objective_id"]).all()
    assert smb.findings["team"].eq("SMB Sales").all()
    assert smb.cadence["kr_id"].tolist() == smb.key_results["kr_id"].tolist()


def test_planted_guardrail_breach_and_candidate(smb):
    """The demo's refund rate breaks while SMB Sales' growth objective progresses."""
    assert smb.guardrail_breaches["kpi_id"].tolist() == ["KPI-REFUND"]
    refund = smb.candidates.set_index("kpi_id").loc["KPI-REFUND"]
    assert refund["rag"] == "red"
    assert refund["key_result"].startswith("Bring down refund rate from 4.78% to 2.5%")
    assert "2026-Q4" in refund["key_result"]
    decision = dict(smb.questions)["What decision do we need?"]
    assert any("Refund rate reached" in p for p in decision)
    assert any("Get refund rate back into the green" in p for p in decision)


def test_history_compares_quarters(smb):
    assert smb.history["quarter"].tolist() == ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]
    assert smb.history["score"].between(0, 1).all()


def test_under_scoring_team_gets_learning_prompts(workbook):
    r = retro.team_retro(workbook, demo.PLANTED["underscoring_team"], "2026-Q3")
    learned = dict(r.questions)["What did we learn?"]
    assert learned and all("was the target realistic" in p for p in learned)
    assert r.headline()["grade"] == "red"
    assert (r.signals["code"] == "CAD004").any()


def test_mid_quarter_retro_says_so_far(workbook):
    r = retro.team_retro(workbook, "Checkout", "2026-Q3", as_of="2026-08-15")
    assert not r.final and r.as_of == pd.Timestamp("2026-08-15")
    assert r.progress_points["date"].max() <= pd.Timestamp("2026-08-15")
    assert "scores so far" in str(report.headline(r))


def test_unknown_team_lists_the_known_ones(workbook):
    with pytest.raises(OkrcoachError, match="teams with objectives then: Checkout"):
        retro.team_retro(workbook, "Nobody", "2026-Q3")


def test_sections_render_with_charts(smb):
    html = report.page(smb)
    assert html.count('<figure class="chart"><svg') == 1 + 2 + 2  # history, 2 obj, 2 KPIs
    for section in report.SECTIONS:
        out = section(smb)._repr_mimebundle_()
        assert out["text/html"].strip().startswith(("<style>", '<div class="okr'))
    bundle = report.headline(smb)._repr_mimebundle_()
    assert bundle[report.HEADLINE_MIME] == smb.headline()


def test_user_text_is_escaped(tmp_path):
    teams = hostile_teams(tmp_path / "pwned")
    data = write_org(tmp_path / "org", teams)
    for team in teams:
        r = retro.team_retro(data, team, "2026-Q3")
        html = report.page(r)
        for text in team_texts(data)[team] | {team}:
            assert text not in html or "<" not in text, text
        assert "<script>" not in html and "<img src=x" not in html and "<b>now" not in html
        assert "&lt;img src=x onerror=alert(" in html


def test_no_other_teams_text(tmp_path):
    teams = hostile_teams(tmp_path / "pwned")
    data = write_org(tmp_path / "org", teams)
    texts = team_texts(data)
    for team in teams:
        html = report.page(retro.team_retro(data, team, "2026-Q3"))
        for other in teams:
            marker = f"MARK{teams.index(other)}X"
            assert (marker in html) == (other == team), (team, other)
        assert texts  # the fixture has texts for everyone


def test_a_bare_team_still_gets_a_report(tmp_path):
    """An objective without key results, check-ins or KPIs: every section still renders."""
    folder = tmp_path / "org"
    folder.mkdir()
    (folder / "objectives.csv").write_text(
        "objective_id,quarter,team,title,level\nB1,2026-Q3,Bare,Be a great team,team\n"
        "P1,2026-Q3,Other,Ship it,team\n"
    )
    (folder / "key_results.csv").write_text(
        "kr_id,objective_id,text\nP1.1,P1,Raise NPS from 30 to 40\n"
    )
    r = retro.team_retro(folder, "Bare", "2026-Q3")
    assert r.headline()["key_results"] == 0 and r.headline()["score"] is None
    html = report.page(r)
    assert "Be a great team" in html and "Raise NPS" not in html
    assert "The team reports no KPIs" in html
