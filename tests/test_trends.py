"""Trends: hand-computed progress, status, slope, RAG, anomalies and forecasts; the demo's
planted patterns; awkward series."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import okrcoach
from okrcoach import GoalSet, demo, trends


def goals_with(krs, checkins, kpis=None, values=None, objectives=None):
    objectives = objectives or [
        {"objective_id": "O1", "title": "Goal", "team": "T", "quarter": "2026-Q3", "level": "team"}
    ]
    frames = {
        "objectives": pd.DataFrame(objectives),
        "key_results": pd.DataFrame(krs),
        "checkins": pd.DataFrame(checkins),
    }
    if kpis is not None:
        frames["kpis"] = pd.DataFrame(kpis)
        frames["kpi_values"] = pd.DataFrame(values)
    return GoalSet.from_frames(**frames)


def kr(kr_id, direction, baseline, target, **extra):
    return {
        "kr_id": kr_id,
        "objective_id": "O1",
        "text": "x",
        "direction": direction,
        "baseline": baseline,
        "target": target,
        **extra,
    }


# 2026-Q3 runs 2026-07-01 .. 2026-09-30 (92 days); 2026-08-15 is 45.x days in: ~0.4998.
AS_OF = "2026-08-15"


def test_progress_by_direction_and_status():
    g = goals_with(
        [
            kr("UP", "increase", 35, 50),
            kr("DOWN", "decrease", 10, 5),
            kr("KEEP", "maintain", 99.95, 99.9),
            kr("DONE", "achieve", None, None),
            kr("NOBASE", "increase", None, 600),
            kr("NOTARGET", "increase", 1, None),
            kr("NONE", "increase", 1, 2),
        ],
        [
            {"kr_id": "UP", "date": "2026-08-01", "value": 42.5},  # half way
            {"kr_id": "DOWN", "date": "2026-08-01", "value": 9},  # 1/5 of the way
            {"kr_id": "KEEP", "date": "2026-08-01", "value": 99.92},  # still above 99.9
            {"kr_id": "DONE", "date": "2026-08-01", "value": 1},
            {"kr_id": "NOBASE", "date": "2026-08-01", "value": 150},
            {"kr_id": "NOTARGET", "date": "2026-08-01", "value": 3},
        ],
    )
    p = trends(g, as_of=AS_OF).kr_progress.set_index("kr_id")
    assert p.at["UP", "progress"] == pytest.approx(0.5)
    assert p.at["DOWN", "progress"] == pytest.approx(0.2)
    assert p.at["KEEP", "progress"] == 1.0
    assert p.at["DONE", "progress"] == 1.0
    assert p.at["NOBASE", "progress"] == pytest.approx(0.25)  # missing baseline counts as 0
    expected = (pd.Timestamp("2026-08-16") - pd.Timestamp("2026-07-01")) / (
        pd.Timestamp("2026-10-01") - pd.Timestamp("2026-07-01")
    )
    assert p.at["UP", "expected"] == pytest.approx(expected, abs=1e-6)
    # 0.5 / 0.5 >= 0.95 -> on track; 0.2 / 0.5 < 0.75 -> off track; 0.25/0.5 -> off track
    assert p.at["UP", "status"] == "on track"
    assert p.at["DOWN", "status"] == "off track"
    assert p.at["NOTARGET", "status"] == "no target"
    assert p.at["NONE", "status"] == "no data" and np.isnan(p.at["NONE", "progress"])
    assert p["final_score"].isna().all()  # the quarter is not over


def test_at_risk_band():
    g = goals_with(
        [kr("K", "increase", 0, 100)], [{"kr_id": "K", "date": "2026-08-10", "value": 40}]
    )
    p = trends(g, as_of=AS_OF).kr_progress.iloc[0]
    assert p["status"] == "at risk"  # 0.40 / ~0.50 = 0.80


def test_projection_from_a_straight_line_of_checkins():
    days = pd.date_range("2026-07-01", periods=6, freq="7D")
    start, end = pd.Timestamp("2026-07-01"), pd.Timestamp("2026-10-01")
    t = (days - start) / (end - start)
    g = goals_with(
        [kr("K", "increase", 0, 100)],
        [{"kr_id": "K", "date": d, "value": 100 * 0.8 * x} for d, x in zip(days, t, strict=True)],
    )
    p = trends(g, as_of="2026-08-10").kr_progress.iloc[0]
    assert p["projected"] == pytest.approx(0.8, abs=1e-6)  # the line reaches 0.8 at t = 1
    assert p["projected_low"] == pytest.approx(0.8, abs=1e-6)  # a perfect fit: no spread
    assert p["checkins"] == 6


def test_single_checkin_projects_from_the_start_and_as_of_cuts_the_future():
    g = goals_with(
        [kr("K", "increase", 0, 100)],
        [
            {"kr_id": "K", "date": "2026-08-15", "value": 25},
            {"kr_id": "K", "date": "2026-09-01", "value": 90},
        ],
    )
    p = trends(g, as_of="2026-08-15").kr_progress.iloc[0]
    assert p["current"] == 25 and p["checkins"] == 1
    t = (pd.Timestamp("2026-08-15") - pd.Timestamp("2026-07-01")) / (
        pd.Timestamp("2026-10-01") - pd.Timestamp("2026-07-01")
    )
    assert p["projected"] == pytest.approx(0.25 / t)
    assert (
        np.isnan(p["projected_high"] - p["projected_low"])
        or p["projected_high"] == p["projected_low"]
    )


def test_final_score_after_the_quarter():
    g = goals_with(
        [kr("K", "increase", 0, 10, score=0.7), kr("L", "increase", 0, 10)],
        [
            {"kr_id": "K", "date": "2026-09-20", "value": 8},
            {"kr_id": "L", "date": "2026-09-20", "value": 12},
        ],
    )
    p = trends(g, as_of="2026-10-15").kr_progress.set_index("kr_id")
    assert p.at["K", "final_score"] == 0.7  # the grade given wins
    assert p.at["L", "final_score"] == pytest.approx(1.2)  # else progress; over 1 is kept
    assert set(p["status"]) == {"done"}


def kpi(kpi_id, direction, green, red, target=None, **extra):
    return {
        "kpi_id": kpi_id,
        "name": kpi_id,
        "direction": direction,
        "green_at": green,
        "red_at": red,
        "target": target,
        **extra,
    }


def weekly(kpi_id, values, start="2026-07-03"):
    dates = pd.date_range(start, periods=len(values), freq="7D")
    return [{"kpi_id": kpi_id, "date": d, "value": v} for d, v in zip(dates, values, strict=True)]


def test_kpi_slope_rag_forecast_and_anomaly():
    line = [10 + 2 * i for i in range(10)]  # +2 a week, latest 28
    spiky = [5.0, 5.1, 4.9, 5.0, 5.1, 4.9, 5.0, 9.0, 5.0, 5.1, 4.9, 5.0]  # one spike
    g = goals_with(
        [kr("K", "increase", 0, 1)],
        [],
        kpis=[
            kpi("UP", "higher_is_better", 25, 15, target=40),
            kpi("FLAT", "lower_is_better", 4, 6, target=3),
            kpi("CONST", "higher_is_better", None, None),
            kpi("ONE", "lower_is_better", 2, 3),
        ],
        values=weekly("UP", line)
        + weekly("FLAT", spiky)
        + weekly("CONST", [7] * 8)
        + weekly("ONE", [2.5]),
    )
    tr = trends(g, as_of="2026-10-31")
    s = tr.kpi_status.set_index("kpi_id")
    assert s.at["UP", "slope_per_week"] == pytest.approx(2.0)
    assert s.at["UP", "latest"] == 28 and s.at["UP", "rag"] == "green"
    # (40 - 28) / 2 = 6 weeks on the straight line; the forecast's trend flattens a little
    assert 6.0 <= s.at["UP", "weeks_to_target"] <= 7.5
    assert s.at["UP", "forecast"] == "on the way" and s.at["UP", "forecast_model"] == "damped"
    assert "target of 40 comes around" in s.at["UP", "outlook"]
    assert s.at["FLAT", "rag"] == "yellow"  # lower is better: 4 < 5.0 < 6
    assert s.at["FLAT", "forecast"] == "not at this trend"  # flat, target 3 below
    assert s.at["CONST", "slope_per_week"] == 0 and s.at["CONST", "rag"] == "unknown"
    assert s.at["CONST", "forecast"] == "no target"
    assert np.isnan(s.at["ONE", "slope_per_week"]) and s.at["ONE", "rag"] == "yellow"
    # twelve weeks are too few to know what is unusual for a series: its spike stands alone
    assert tr.anomalies.empty


def test_kpi_anomaly_once_the_history_is_long_enough():
    """Forty weeks of a KPI wobbling by 0.1 around 5: a jump to 9 in week 37 is flagged,
    as far from what its recent level made expected and rarer than its history allows."""
    wobble = [5 + 0.05 * ((i * 7) % 5 - 2) for i in range(40)]
    wobble[36] = 9.0
    g = goals_with(
        [kr("K", "increase", 0, 1)],
        [],
        kpis=[kpi("SPIKY", "lower_is_better", 6, 8)],
        values=weekly("SPIKY", wobble, start="2025-12-05"),
    )
    an = trends(g, as_of="2026-09-30").anomalies
    assert an[["kpi_id", "value"]].values.tolist() == [["SPIKY", 9.0]]
    assert an["model"].iloc[0] == "level" and an["robust_z"].iloc[0] > 10  # a flat series
    assert (
        an["message"]
        .iloc[0]
        .startswith("9 on 2026-08-14 is well above the 5 expected from its usual level (")
    )


def test_nans_gaps_and_irregular_dates_give_defined_results():
    values = [
        {"kpi_id": "G", "date": d, "value": v}
        for d, v in (
            ("2026-07-01", 1.0),
            ("2026-07-02", None),
            ("2026-07-20", 2.0),
            ("2026-09-01", 4.0),
        )
    ]
    g = goals_with(
        [kr("K", "increase", None, None)],
        [{"kr_id": "K", "date": "2026-07-10", "value": None}],
        kpis=[kpi("G", "higher_is_better", 3, 1)],
        values=values,
    )
    tr = trends(g, as_of="2026-09-20")
    s = tr.kpi_status.iloc[0]
    assert s["latest"] == 4.0 and s["rag"] == "green"
    # irregular dates, in weeks: 1 -> 2 over 19 days, 1 -> 4 over 62, 2 -> 4 over 43
    slopes = [1 / (19 / 7), 3 / (62 / 7), 2 / (43 / 7)]
    assert s["slope_per_week"] == pytest.approx(np.median(slopes))
    p = tr.kr_progress.iloc[0]
    assert p["status"] == "no target" and p["checkins"] == 0


@pytest.fixture(scope="module")
def demo_trends(demo_goals):
    return trends(demo_goals)


def test_demo_planted_anomaly_level_shift_and_breach(demo_trends):
    an = demo_trends.anomalies
    assert an[["kpi_id", "date"]].values.tolist() == [
        [demo.PLANTED["anomaly_kpi"], demo.PLANTED["anomaly_date"]]
    ]
    status = demo_trends.kpi_status.set_index("kpi_id")
    assert status["level_shift_date"].dropna().index.tolist() == [demo.PLANTED["guardrail_kpi"]]
    breach = demo_trends.guardrail_breaches
    assert breach["kpi_id"].tolist() == [demo.PLANTED["guardrail_kpi"]]
    assert breach["objective_id"].str.startswith("SMB-26Q3").all()
    assert status.at[demo.PLANTED["unaddressed_kpi"], "rag"] == "red"


def test_demo_daily_kpi_with_weekend_dips_is_not_flagged_on_weekends(demo_goals, demo_trends):
    """New trial accounts per day dip every weekend: the weekly season explains the dips,
    so no weekend (nor any other day) is an anomaly, and the forecast keeps the pattern."""
    kpi = demo.PLANTED["weekend_dip_kpi"]
    values = demo_goals.kpi_values[demo_goals.kpi_values["kpi_id"] == kpi]
    weekend = values["date"].dt.day_of_week >= 5
    assert values.loc[weekend, "value"].mean() < 0.7 * values.loc[~weekend, "value"].mean()
    scores = okrcoach.trends.anomaly_scores(values)
    assert scores[weekend].max() < okrcoach.trends.ANOMALY_THRESHOLD
    assert kpi not in set(demo_trends.anomalies["kpi_id"])
    cone = demo_trends.kpi_forecast[demo_trends.kpi_forecast["kpi_id"] == kpi]
    assert cone["model"].iloc[0].startswith("seasonal")
    dips = cone["date"].dt.day_of_week >= 5
    assert cone.loc[dips, "forecast"].mean() < 0.7 * cone.loc[~dips, "forecast"].mean()
    status = demo_trends.kpi_status.set_index("kpi_id").loc[kpi]
    assert "weekly pattern" in status["outlook"]
    # judged on its week's mean: a Saturday's or a Sunday's dip does not turn it red
    for weekend_day in ("2026-08-15", "2026-08-16"):
        s = trends(demo_goals, as_of=weekend_day).kpi_status.set_index("kpi_id").loc[kpi]
        assert s["latest"] < s["red_at"] < s["rag_value"] and s["rag"] != "red"


def test_demo_planted_teams_show_in_progress(demo_trends):
    p = demo_trends.kr_progress
    final = p.groupby("team")["final_score"].mean()
    assert final[demo.PLANTED["sandbagging_team"]] >= 1.0
    assert final[demo.PLANTED["underscoring_team"]] < 0.3
    healthy = final[demo.PLANTED["healthy_teams"]]
    assert healthy.between(0.4, 0.95).all(), healthy


def test_hockey_stick_team_is_off_track_mid_quarter(demo_goals):
    tr = trends(demo_goals, as_of="2026-08-31")
    p = tr.kr_progress
    hockey = p[(p["team"] == demo.PLANTED["hockey_stick_team"]) & (p["quarter"] == "2026-Q3")]
    assert (hockey["status"] == "off track").all()
    healthy = p[(p["team"] == "Support") & (p["quarter"] == "2026-Q3")]
    pace = lambda rows: (rows["progress"] / rows["expected"]).mean()  # noqa: E731
    assert pace(hockey) < 0.2 < 0.6 < pace(healthy)


def test_as_of_ignores_later_data(demo_goals):
    early = trends(demo_goals, as_of="2026-07-31")
    assert early.as_of == pd.Timestamp("2026-07-31")
    assert (early.kpi_status["latest_date"] <= pd.Timestamp("2026-07-31")).all()
    assert early.guardrail_breaches.empty  # the refund rate crossed red in August


def test_a_target_centuries_away_is_not_at_this_trend():
    g = goals_with(
        [kr("K", "increase", 0, 1)],
        [],
        kpis=[kpi("SLOW", "higher_is_better", 50, 10, target=1000)],
        values=weekly("SLOW", [20 + 0.001 * i for i in range(10)]),
    )
    s = trends(g, as_of="2026-10-31").kpi_status.iloc[0]
    assert s["forecast"] == "not at this trend" and pd.isna(s["target_date"])


def test_cadence_and_checkin_progress_are_computed_once_for_everyone():
    """Trends own time: per-check-in progress and per-key-result cadence, counted in
    weeks begun since the quarter's first day (a 92-day quarter has 14)."""
    g = goals_with(
        [kr("A", "increase", 0, 10), kr("B", "increase", 0, 10)],
        [
            {"kr_id": "A", "date": "2026-06-20", "value": 1},  # before the quarter: not counted
            {"kr_id": "A", "date": "2026-07-01", "value": 2},  # week 0
            {"kr_id": "A", "date": "2026-07-03", "value": None},  # week 0, a note only
            {"kr_id": "A", "date": "2026-07-29", "value": 5},  # week 4
            {"kr_id": "A", "date": "2026-08-20", "value": 9},
        ],
    )  # after as_of: not yet
    t = trends(g, AS_OF)
    c = t.kr_cadence.set_index("kr_id")
    assert c.loc["A", "checkins"] == 3 and c.loc["A", "weeks_with_checkin"] == 2
    assert c.loc["A", "weeks"] == 7  # 2026-07-01 .. 2026-08-15 is 46 days
    assert c.loc["A", "weekly"] == pytest.approx(2 / 7)
    assert c.loc["A", "last_checkin"] == pd.Timestamp("2026-07-29")
    assert c.loc["A", "days_since_last"] == 17
    assert c.loc["A", "longest_gap_days"] == 26  # 07-03 .. 07-29
    assert c.loc["B", "checkins"] == 0 and c.loc["B", "longest_gap_days"] == 45
    points = t.checkin_progress
    assert list(points["kr_id"]) == ["A", "A"]  # values only, inside the quarter, to as_of
    assert list(points["progress"]) == pytest.approx([0.2, 0.5])
    assert t.kr_progress.set_index("kr_id").loc["A", "checkins"] == 2
    end = trends(g, "2026-09-30").kr_cadence.set_index("kr_id")
    assert end.loc["A", "weeks"] == 14 and end.loc["A", "checkins"] == 4


def test_a_kpi_of_one_value_has_an_outlook_without_a_date():
    """A lone value has no step to date a forecast by: the outlook says what is expected,
    not when, and nothing fails."""
    g = goals_with(
        [kr("K", "increase", 0, 1)],
        [],
        kpis=[kpi("LONE", "higher_is_better", 4, 1, target=5)],
        values=weekly("LONE", [3.0]),
    )
    s = trends(g, as_of="2026-10-31").kpi_status.iloc[0]
    assert s["outlook"].startswith("Expected about 3, from its latest value")
    assert s["forecast"] == "not at this trend" and pd.isna(s["target_date"])


def test_lint_computes_trends_with_the_configured_anomaly_threshold(demo_goals):
    """lint without trends given computes them with the configured threshold."""
    from okrcoach.rules.context import Context

    default = Context(demo_goals).trends.anomalies
    strict = Context(demo_goals, anomaly_threshold=0.9999).trends.anomalies
    assert len(default) > len(strict)
