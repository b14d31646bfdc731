"""The demo organisation: deterministic, as large as promised, and with its patterns planted."""

from __future__ import annotations

import pandas as pd
import pytest

from okrcoach import demo
from okrcoach.goalset import quarter_bounds


def test_build_is_deterministic(demo_goals):
    again = demo.build()
    for name, frame in demo_goals.tables():
        pd.testing.assert_frame_equal(getattr(again, name), frame)


def test_shape_of_the_organisation(demo_goals):
    obj = demo_goals.objectives
    assert (obj["level"] == "company").groupby(obj["quarter"]).sum().min() >= 1
    assert obj.loc[obj["level"] == "department", "team"].nunique() >= 4
    teams = obj[obj["level"] == "team"]
    assert teams["team"].nunique() >= 12
    assert demo_goals.quarters == list(demo.QUARTERS)
    per_team_quarter = teams.groupby(["team", "quarter"]).size()
    assert per_team_quarter.between(1, 5).all()
    assert (per_team_quarter > 3).any(), "some teams must be over the limit"
    assert len(demo_goals.kpis) >= 20


def test_objectives_cascade_company_department_team(demo_goals):
    obj = demo_goals.objectives.set_index("objective_id")
    level_of_parent = obj["parent_id"].map(obj["level"])
    assert (level_of_parent[obj["level"] == "department"] == "company").all()
    team_parents = level_of_parent[obj["level"] == "team"]
    assert (team_parents.dropna() == "department").all()
    assert team_parents.isna().any(), "a team objective without parent is planted"
    # a parent is always in the same quarter
    same = (
        obj["parent_id"].dropna().map(obj["quarter"])
        == obj.loc[obj["parent_id"].notna(), "quarter"]
    )
    assert same.all()


def test_classic_defects_are_planted(demo_goals):
    krs = demo_goals.key_results
    text = krs["text"].str.lower()
    assert text.str.contains(r"^(?:launch|ship|implement|deliver|rebuild)\b").any()  # outputs
    assert text.str.contains("page views|followers|impressions|open rate").any()  # vanity
    assert (krs["baseline"].isna() & krs["target"].notna()).any()  # no baseline
    assert (~text.str.contains(r"\d")).any()  # no number
    assert krs["owner"].isna().any()  # no owner
    titles = demo_goals.objectives["title"]
    assert titles.isin(["Sign-ups", "Revenue"]).any()  # objective that is a bare metric
    assert demo_goals.objectives["kind"].isna().any()  # committed/aspirational not declared
    kpis = demo_goals.kpis
    assert kpis["formula"].isna().any() and kpis["owner"].isna().any()
    assert kpis["source"].isna().any() and kpis["red_at"].isna().any()


def _team(goals, team):
    return goals.filter(team=team)


def test_sandbagging_and_underscoring_teams(demo_goals):
    sandbag = _team(demo_goals, demo.PLANTED["sandbagging_team"]).key_results
    assert (sandbag["score"] >= 1.0).all()
    under = _team(demo_goals, demo.PLANTED["underscoring_team"]).key_results
    assert (under["score"] < 0.3).all()
    healthy = demo_goals.key_results[
        demo_goals.key_results["objective_id"].isin(
            demo_goals.objectives.loc[
                demo_goals.objectives["team"].isin(demo.PLANTED["healthy_teams"]), "objective_id"
            ]
        )
    ]
    assert 0.5 <= healthy["score"].mean() <= 0.85


def test_stale_team_stops_checking_in(demo_goals):
    last = demo.QUARTERS[-1]
    start, end = quarter_bounds(last)
    stale = demo_goals.filter(team=demo.PLANTED["stale_team"], quarter=last).checkins
    assert stale["date"].max() <= end - pd.Timedelta(days=28)
    healthy = demo_goals.filter(team="Support", quarter=last).checkins
    assert healthy["date"].max() >= end - pd.Timedelta(days=7)


def test_hockey_stick_team_reports_progress_at_the_end(demo_goals):
    team = demo_goals.filter(team=demo.PLANTED["hockey_stick_team"], quarter=demo.QUARTERS[-1])
    ck = team.checkins.merge(team.key_results[["kr_id", "baseline", "target"]], on="kr_id")
    ck = ck.dropna(subset=["value", "target"])
    ck["progress"] = (ck["value"] - ck["baseline"].fillna(0)) / (
        ck["target"] - ck["baseline"].fillna(0)
    )
    _, end = quarter_bounds(demo.QUARTERS[-1])
    late = ck[ck["date"] > end - pd.Timedelta(days=15)].groupby("kr_id")["progress"].max()
    early = ck[ck["date"] <= end - pd.Timedelta(days=15)].groupby("kr_id")["progress"].max()
    share_late = (late - early) / late
    assert (share_late > 0.6).all()


def test_set_and_forget_team_checks_in_once(demo_goals):
    ck = _team(demo_goals, demo.PLANTED["set_and_forget_team"]).checkins
    assert ck.groupby("kr_id").size().eq(1).all()


def test_kpi_trends_anomaly_and_guardrail_breach(demo_goals):
    values = demo_goals.kpi_values.merge(demo_goals.kpis, on="kpi_id")
    slope = values.groupby("kpi_id").apply(
        lambda g: (
            (g["value"].iloc[-4:].mean() - g["value"].iloc[:4].mean()) / g["value"].abs().mean()
        ),
        include_groups=False,
    )
    assert (slope > 0.1).any() and (slope < -0.1).any() and (slope.abs() < 0.03).any()

    conv = values[values["kpi_id"] == demo.PLANTED["anomaly_kpi"]].set_index("date")["value"]
    residual = conv - conv.rolling(7, center=True, min_periods=3).median()
    mad = residual.abs().median()
    spot = residual[demo.PLANTED["anomaly_date"]]
    assert abs(spot) > 6 * mad
    assert (residual.drop(demo.PLANTED["anomaly_date"]).abs() < 6 * mad).all()

    kpi = demo_goals.kpis.set_index("kpi_id").loc[demo.PLANTED["guardrail_kpi"]]
    guarded = kpi["guardrail_for"].split(",")
    assert set(guarded) <= set(demo_goals.objectives["objective_id"])
    start, _ = quarter_bounds(demo.QUARTERS[-1])
    refund = values[(values["kpi_id"] == kpi.name) & (values["date"] >= start)]
    assert refund["value"].max() > kpi["red_at"]  # lower is better: red crossed
    earlier = values[(values["kpi_id"] == kpi.name) & (values["date"] < start)]
    assert earlier["value"].max() < kpi["red_at"]


def test_ensure_writes_once_and_reuses(tmp_path):
    first = demo.ensure(tmp_path)
    stamp = first["workbook"].stat().st_mtime_ns
    assert demo.ensure(tmp_path) == first
    assert first["workbook"].stat().st_mtime_ns == stamp


@pytest.mark.parametrize("name", ["goals.xlsx", "goals"])
def test_written_files_exist(demo_paths, name):
    assert (demo_paths["workbook"].parent / name).exists()
