"""Forecasts: the frame's shape and timestamps at every cadence, intervals that hold the
forecast and cover what happens, the season used where it helps, order independence, and
series too short or gappy to fit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from okrcoach import trends
from okrcoach.trends import forecast
from okrcoach.trends.forecast import MIN_POINTS


def kpi(kpi_id, dates, values):
    return pd.DataFrame({"kpi_id": kpi_id, "date": dates, "value": values})


def random_walks(n, length, seed):
    rng = np.random.default_rng(seed)
    values = 100 + np.cumsum(rng.normal(0, 1, (n, length)), axis=1)
    dates = pd.date_range("2024-01-07", periods=length, freq="W")
    return pd.concat([kpi(i, dates, v) for i, v in enumerate(values)], ignore_index=True)


def test_columns_steps_and_weekly_stamps():
    out = forecast(random_walks(3, 40, 0), 13)
    assert list(out.columns) == ["kpi_id", "step", "date", "forecast", "lower", "upper", "model"]
    assert (
        len(out) == 3 * 13
        and (out.groupby("kpi_id")["step"].apply(list) == [list(range(1, 14))] * 3).all()
    )
    last = pd.Timestamp("2024-01-07") + pd.Timedelta(weeks=39)
    assert (out["date"] == last + pd.to_timedelta(out["step"] * 7, unit="D")).all()
    assert set(out["model"]) <= {"naive", "ses", "theta", "damped", "comb"}
    # the module is also the function
    assert trends.forecast is forecast and callable(forecast)


@pytest.mark.parametrize(
    ("freq", "expected"),
    [
        ("D", ["2026-03-02", "2026-03-03", "2026-03-04"]),
        ("h", ["2026-01-03 12:00", "2026-01-03 13:00", "2026-01-03 14:00"]),
        ("MS", ["2028-05-01", "2028-06-01", "2028-07-01"]),
        ("ME", ["2028-05-31", "2028-06-30", "2028-07-31"]),
    ],
)
def test_future_stamps_follow_each_cadence(freq, expected):
    start = {"D": "2026-01-01", "h": "2026-01-01", "MS": "2026-01-01", "ME": "2026-01-31"}[freq]
    periods = {"D": 60, "h": 60, "MS": 28, "ME": 28}[freq]
    dates = pd.date_range(start, periods=periods, freq=freq)
    values = 50 + np.random.default_rng(1).normal(0, 1, periods)
    out = forecast(kpi("K", dates, values), 3)
    assert list(out["date"]) == list(pd.to_datetime(expected))


def test_intervals_hold_the_forecast_and_cover_random_walks():
    walks = random_walks(300, 133, 7)  # 120 weeks of history: long enough for a season
    history = walks[walks.groupby("kpi_id").cumcount() < 120]
    future = walks[walks.groupby("kpi_id").cumcount() >= 120]
    out = forecast(history, 13)
    assert (out["lower"] <= out["forecast"]).all() and (out["forecast"] <= out["upper"]).all()
    widths = (out["upper"] - out["lower"]).to_numpy().reshape(300, 13)
    assert (np.diff(widths, axis=1) > -1e-9).all()  # never narrower further ahead
    actual = future["value"].to_numpy()  # both sorted by series, then time
    covered = ((actual >= out["lower"]) & (actual <= out["upper"])).mean()
    assert 0.88 <= covered <= 0.99, covered
    # a season is not forced on series without one (it wins on 8 of these 300 by chance)
    assert out.groupby("kpi_id")["model"].first().str.startswith("seasonal").mean() < 0.1


@pytest.mark.parametrize(
    ("freq", "season", "seasons"),
    [("W", 52, 3), ("D", 7, 12)],  # a yearly wave in weekly data; weekends in daily data
)
def test_a_seasonal_series_is_forecast_better_than_naive(freq, season, seasons):
    rng = np.random.default_rng(3)
    t = np.arange(seasons * season + 13)
    wave = 20 * np.sin(2 * np.pi * t / season) if freq == "W" else -40.0 * (t % 7 >= 5)
    dates = pd.date_range("2022-01-03", periods=len(t), freq=freq)
    series = [kpi(i, dates, 100 + wave + rng.normal(0, 2, len(t))) for i in range(20)]
    frame = pd.concat(series, ignore_index=True)
    seen = frame.groupby("kpi_id").cumcount() < seasons * season
    history, actual = frame[seen], frame.loc[~seen, "value"].to_numpy()
    out = forecast(history, 13)
    naive = np.repeat(history.groupby("kpi_id")["value"].last().to_numpy(), 13)
    ours = np.abs(out["forecast"].to_numpy() - actual).mean()
    assert ours < 0.5 * np.abs(naive - actual).mean()
    assert out["model"].str.startswith("seasonal").all()


def test_the_same_forecasts_for_shuffled_input():
    frame = random_walks(20, 60, 2)
    frame.loc[frame.index[::17], "value"] = np.nan
    shuffled = frame.sample(frac=1.0, random_state=5).set_axis(range(len(frame))[::-1])
    pd.testing.assert_frame_equal(forecast(frame, 5), forecast(shuffled, 5))


def test_short_and_gappy_series_still_get_forecasts():
    day = pd.Timestamp("2026-02-01")
    gappy = 100 + np.random.default_rng(4).normal(0, 1, 40)
    gappy[[3, 10, 11, 25]] = np.nan
    frame = pd.concat(
        [
            kpi("one", [day], [7.0]),
            kpi("three", pd.date_range(day, periods=3, freq="D"), [1.0, 2.0, 4.0]),
            kpi("gappy", pd.date_range(day, periods=40, freq="D").delete([30, 31]), gappy[:38]),
        ],
        ignore_index=True,
    )
    out = forecast(frame, 4).set_index(["kpi_id", "step"])
    for short, last in (("one", 7.0), ("three", 4.0)):
        rows = out.loc[short]
        assert (rows["forecast"] == last).all() and (rows["model"] == "naive").all()
        assert rows[["lower", "upper"]].isna().all().all()  # fewer than MIN_POINTS values
    assert MIN_POINTS == 4
    # a lone point steps like the others (daily here); three points keep their own step
    assert out.loc[("one", 1), "date"] == day + pd.Timedelta(days=1)
    assert out.loc[("three", 4), "date"] == pd.Timestamp("2026-02-07")
    assert np.isfinite(out.loc["gappy", ["forecast", "lower", "upper"]].to_numpy()).all()
    assert out.loc[("gappy", 1), "date"] == pd.Timestamp("2026-03-13")


def test_a_span_of_time_is_covered_in_each_series_own_steps():
    """13 weeks: 13 weekly steps, 3 monthly ones, 91 daily ones, in one call; a series of one
    value takes the others' median step, and a span within one step still gives one."""
    weekly = random_walks(1, 30, 2).assign(kpi_id="weekly")
    daily = kpi("daily", pd.date_range("2026-01-01", periods=60, freq="D"), np.arange(60.0))
    monthly = kpi("monthly", pd.date_range("2024-01-01", periods=30, freq="MS"), np.ones(30))
    once = kpi("once", [pd.Timestamp("2026-03-01")], [5.0])
    frame = pd.concat([weekly, daily, monthly, once], ignore_index=True)
    out = forecast(frame, "13W")
    counts = out.groupby("kpi_id")["step"].max()
    assert counts.to_dict() == {"daily": 91, "monthly": 3, "once": 13, "weekly": 13}
    assert (out.groupby("kpi_id")["step"].count() == counts).all()
    assert out["date"].notna().all() and out["forecast"].notna().all()
    # each series as if asked for its own count (alone, "once" would have no step to take)
    own = counts.drop("once")
    steps_of = [forecast(frame[frame["kpi_id"] == k], int(n)) for k, n in own.items()]
    by_steps = pd.concat(steps_of).sort_values(["kpi_id", "step"], ignore_index=True)
    mine = out[out["kpi_id"] != "once"].sort_values(["kpi_id", "step"], ignore_index=True)
    pd.testing.assert_frame_equal(mine, by_steps)
    assert len(forecast(weekly, pd.Timedelta(days=2))) == 1


def test_arguments_are_checked_and_time_zones_kept():
    frame = random_walks(1, 30, 1)
    with pytest.raises(ValueError, match="horizon"):
        forecast(frame, 0)
    for wrong in (0, 2.5, "soon", "-1D", True):
        with pytest.raises(ValueError, match="horizon"):
            forecast(frame, wrong)
    with pytest.raises(ValueError, match="level"):
        forecast(frame, 3, level=95)
    assert len(forecast(frame, 3.0)) == 3  # a whole float is a number of steps
    local = frame.assign(date=frame["date"].dt.tz_localize("Europe/Berlin"))
    out = forecast(local, 2)
    assert str(out["date"].dt.tz) == "Europe/Berlin"
    assert out["date"].iloc[0] == local["date"].iloc[-1] + pd.Timedelta(weeks=1)


@pytest.mark.parametrize(
    ("freq", "lengths", "horizons"),
    [
        ("D", range(1, 40), (1, 7, 91)),
        ("7D", range(1, 120, 7), (1, 13, 60)),
        ("MS", range(1, 40, 3), (3, 24)),
    ],
)
def test_any_length_and_horizon_gives_a_full_forecast(freq, lengths, horizons):
    """Histories shorter than the horizon or than two seasons (a daily KPI a fortnight old
    asked for a quarter) still give every step, never an error."""
    for n in lengths:
        dates = pd.date_range("2024-01-01", periods=n, freq=freq)
        values = 100 + 5 * np.sin(np.arange(n)) + 0.3 * np.arange(n)
        frame = pd.DataFrame({"kpi_id": "A", "date": dates, "value": values})
        for h in horizons:
            out = forecast(frame, h)
            assert len(out) == h and out["forecast"].notna().all(), (freq, n, h)
