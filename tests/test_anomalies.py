"""Anomaly scores: range and alignment, causality, what alarms and what does not (a spike
against a weekly pattern), hourly stamps, gaps, short series."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from okrcoach.ids import positions
from okrcoach.trends import ANOMALY_THRESHOLD, anomaly_scores, windows
from okrcoach.trends.anomalies import DEFAULTS
from okrcoach.trends.seasons import series_rows


def weekday_kpi(kpi_id, seed, days=90, spike_day=None, noise=0.04, dip=0.6):
    """A daily KPI of about 100 on weekdays and ``dip`` x that at weekends."""
    rng = np.random.default_rng(seed)
    dates = pd.date_range("2026-07-01", periods=days, freq="D")
    values = 100 * np.where(dates.day_of_week >= 5, dip, 1.0) * (1 + noise * rng.normal(size=days))
    if spike_day is not None:
        values[spike_day] *= 1.5
    return pd.DataFrame({"kpi_id": kpi_id, "date": dates, "value": values})


def hourly_kpi(kpi_id, seed, hours=24 * 42, spike_hour=None):
    """An hourly KPI with a daily cycle and quieter weekends."""
    rng = np.random.default_rng(seed)
    stamps = pd.date_range("2026-03-02", periods=hours, freq="h")
    daily = 1 + 0.5 * np.sin(2 * np.pi * stamps.hour.to_numpy() / 24)
    weekend = np.where(stamps.day_of_week >= 5, 0.7, 1.0)
    values = 200 * daily * weekend * (1 + 0.03 * rng.normal(size=hours))
    if spike_hour is not None:
        values[spike_hour] *= 1.6
    return pd.DataFrame({"kpi_id": kpi_id, "date": stamps, "value": values})


@pytest.fixture(scope="module")
def panel():
    parts = [weekday_kpi(f"D{i}", i, spike_day=70) for i in range(12)]
    parts += [hourly_kpi(f"H{i}", 100 + i, spike_hour=24 * 35 + 12) for i in range(3)]
    return pd.concat(parts, ignore_index=True)


def test_scores_lie_in_0_1_and_follow_a_shuffled_frame(panel):
    shuffled = panel.sample(frac=1.0, random_state=3)
    original = shuffled.index
    shuffled.index = pd.Index([f"row{i}" for i in range(len(shuffled))])
    scores = anomaly_scores(shuffled)
    assert scores.index.equals(shuffled.index) and scores.name == "anomaly_score"
    assert scores.between(0, 1).all()
    # the same rows get the same scores whatever the order and the index
    in_order = anomaly_scores(panel)
    assert np.array_equal(scores.to_numpy(), in_order.loc[original].to_numpy())


def test_a_score_depends_only_on_earlier_rows(panel):
    full = anomaly_scores(panel)
    rng = np.random.default_rng(0)
    cut = {k: g["date"].iloc[rng.integers(5, len(g))] for k, g in panel.groupby("kpi_id")}
    kept = panel[panel["date"] <= panel["kpi_id"].map(cut)]
    truncated = anomaly_scores(kept)
    assert np.array_equal(truncated.to_numpy(), full.loc[kept.index].to_numpy())


def test_a_spike_alarms_and_a_normal_weekend_does_not(panel):
    scores = anomaly_scores(panel)
    daily = panel["kpi_id"].str.startswith("D")
    spike = daily & panel.groupby("kpi_id").cumcount().eq(70)
    weekend = daily & panel["date"].dt.day_of_week.ge(5)
    assert (scores[spike] > ANOMALY_THRESHOLD).all(), scores[spike]
    assert scores[weekend].max() < ANOMALY_THRESHOLD
    # elsewhere the series are quiet: at most one stray alarm in twelve quarters of data
    assert (scores[daily & ~spike] > ANOMALY_THRESHOLD).sum() <= 1
    # rows before the minimum history are not scored
    assert (scores[daily & panel.groupby("kpi_id").cumcount().lt(21)] == 0).all()


def test_hourly_stamps_use_the_daily_and_weekly_cycles(panel):
    scores = anomaly_scores(panel)
    hourly = panel["kpi_id"].str.startswith("H")
    spike = hourly & panel.groupby("kpi_id").cumcount().eq(24 * 35 + 12)
    assert (scores[spike] > ANOMALY_THRESHOLD).all()
    # the other alarms: the first weekend, before any weekend had been seen (the day cycle
    # alone cannot tell a Saturday from a Friday); later weekends are expected
    others = panel.loc[hourly & ~spike & (scores > ANOMALY_THRESHOLD), "date"]
    assert len(others) <= 3 and (others < pd.Timestamp("2026-03-09")).all(), others


def test_gaps_and_missing_values_are_tolerated():
    kpi = weekday_kpi("K", 1, days=120, spike_day=100)
    kpi.loc[[30, 31, 55], "value"] = np.nan  # no value on three days
    kpi = kpi.drop(index=[60, 61, 62])  # and no row for three more
    scores = anomaly_scores(kpi)
    assert scores[kpi["value"].isna()].isna().all()
    assert scores[kpi["value"].notna()].between(0, 1).all()
    assert scores.loc[100] > ANOMALY_THRESHOLD


def test_short_series_score_zero_and_other_columns_work():
    frame = pd.DataFrame(
        {
            "series": ["a"] * 5 + ["b"],
            "stamp": list(pd.date_range("2026-01-01", periods=5, freq="W")) + ["2026-01-01"],
            "amount": [1.0, 2.0, 50.0, 2.0, 1.0, 3.0],
        }
    )
    scores = anomaly_scores(frame, key="series", time="stamp", value="amount")
    assert (scores == 0).all()


def test_parameters_are_checked_and_given_ones_apply_to_every_series(panel):
    with pytest.raises(TypeError, match="unknown parameters"):
        anomaly_scores(panel, windw=100)
    later = anomaly_scores(panel, min_history=60)
    scored = later.gt(0)
    assert scored.groupby(panel["kpi_id"]).any().sum() >= 3
    first = scored[scored].groupby(panel["kpi_id"]).head(1).index
    assert (panel.groupby("kpi_id").cumcount()[first] > 60).all()
    assert set(DEFAULTS) >= {"window", "min_history", "refractory"}


@pytest.mark.parametrize(
    ("how", "window", "least"), [("median", 5, 3), ("median", 500, 10), ("max", 8, 1)]
)
def test_rolling_on_a_panel_equals_the_rolling_over_all_rows(monkeypatch, how, window, least):
    """Series of unequal lengths with gaps: the per-series panel (bottleneck) and the
    pandas kernels over every row give the same statistic, window by window."""
    rng = np.random.default_rng(3)
    lengths = rng.integers(1, 60, 40)
    frame = pd.DataFrame(
        {
            "kpi_id": np.repeat(np.arange(len(lengths)), lengths),
            "date": np.concatenate([pd.date_range("2026-01-01", periods=n) for n in lengths]),
            "value": rng.normal(0, 1, lengths.sum()),
        }
    )
    frame.loc[rng.random(len(frame)) < 0.1, "value"] = np.nan  # gaps within windows
    rows = series_rows(frame.fillna({"value": np.inf}), "kpi_id", "date", "value")
    v = np.where(np.isinf(rows.x), np.nan, rows.x)
    on_panel = windows.rolling(v, rows, window, how, min_periods=least)
    monkeypatch.setattr(windows, "PADDING", 0)  # every panel counts as too sparse
    np.testing.assert_array_equal(
        on_panel, windows.rolling(v, rows, window, how, min_periods=least)
    )
    assert np.isfinite(on_panel).any()


def test_positions_find_each_id_once_coded():
    index = pd.Index(["k1", "k2", "k3"])
    ids = pd.Series(["k3", None, "k1", "zz", "k3"], dtype="str")
    assert positions(index, ids).tolist() == [2, -1, 0, -1, 2]
