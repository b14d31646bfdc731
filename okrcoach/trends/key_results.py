"""Key results over time: progress against the quarter, projection, check-in cadence."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..goalset import GoalSet
from ..ids import positions
from ..quarters import bounds_of
from .limits import AT_RISK, ON_TRACK


def progress_between(
    value: pd.Series, baseline: pd.Series, target: pd.Series, direction: pd.Series
) -> pd.Series:
    """Progress of a value between baseline and target, by direction (vectorised)."""
    b = baseline.fillna(0.0)
    span = target - b
    linear = (value - b) / span.where(span != 0)
    # a target equal to its baseline is met when reached
    linear = linear.where(span != 0, (value == target).astype(float).where(value.notna()))
    side = np.sign(baseline - target).fillna(1.0)  # no baseline: stay at or above the target
    maintain = ((np.sign(value - target) == side) | (value == target)).astype(float)
    achieve = (value / target.where(target != 0)).where(target.notna(), value)
    out = linear.where(~direction.isin(["maintain", "achieve"]), np.nan)
    out = out.where(direction.ne("maintain"), maintain.where(value.notna()))
    out = out.where(direction.ne("achieve"), achieve)
    return out.where(target.notna() | direction.eq("achieve"))


KR_PROGRESS_COLUMNS = [
    "kr_id",
    "objective_id",
    "team",
    "quarter",
    "direction",
    "baseline",
    "target",
    "current",
    "last_checkin",
    "checkins",
    "progress",
    "expected",
    "status",
    "projected",
    "projected_low",
    "projected_high",
    "final_score",
]
CHECKIN_COLUMNS = ["kr_id", "date", "value", "progress", "t"]
CADENCE_COLUMNS = [
    "kr_id",
    "team",
    "quarter",
    "checkins",
    "weeks_with_checkin",
    "weeks",
    "weekly",
    "last_checkin",
    "days_since_last",
    "longest_gap_days",
]


def kr_progress(
    goals: GoalSet, as_of: pd.Timestamp, end_of_day: pd.Timestamp | None = None
) -> pd.DataFrame:
    """Progress, status and projection of every key result (see :class:`Trends`)."""
    return key_results(goals, as_of, end_of_day)[0]


def key_results(
    goals: GoalSet, as_of: pd.Timestamp, end_of_day: pd.Timestamp | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """``kr_progress``, ``checkin_progress`` and ``kr_cadence`` of :class:`Trends`."""
    end_of_day = end_of_day if end_of_day is not None else as_of
    krs = goals.key_results.join(
        goals.objectives.drop_duplicates("objective_id").set_index("objective_id")[
            ["team", "quarter"]
        ],
        on="objective_id",
    )
    start, end = bounds_of(krs["quarter"])
    length = (end - start).dt.total_seconds()
    elapsed = (min(end_of_day, pd.Timestamp.max) - start).dt.total_seconds() / length
    krs = krs.assign(q_start=start, q_end=end, expected=elapsed.clip(0, 1)).reset_index(drop=True)
    ck = quarter_checkins(goals, krs, end_of_day)
    cadence_ = cadence(krs, ck, as_of, end_of_day)

    ck = ck[ck["value"].notna()].reset_index(drop=True)
    for col in ("baseline", "target", "direction"):
        ck[col] = krs[col].array.take(ck["kr"].to_numpy())  # Arrow's take for text
    ck["progress"] = progress_between(ck["value"], ck["baseline"], ck["target"], ck["direction"])
    ck["t"] = (ck["date"] - ck["q_start"]).dt.total_seconds() / (
        ck["q_end"] - ck["q_start"]
    ).dt.total_seconds()

    codes = ck["kr"].to_numpy()
    is_last = np.append(codes[1:] != codes[:-1], True) if len(codes) else np.array([], bool)
    last = ck[is_last].set_index("kr")
    out = krs
    out["current"] = last["value"]
    out["last_checkin"] = last["date"]
    out["checkins"] = np.bincount(codes, minlength=len(out))[: len(out)] if len(codes) else 0
    out["progress"] = last["progress"]
    project(out, last["t"], linear_fit(ck.dropna(subset=["progress"]), "kr", "t", "progress"))
    out["status"] = status_of(out)
    over = out["expected"] >= 1
    out["final_score"] = (
        out["score"].where(out["score"].notna(), out["progress"].clip(lower=0)).where(over)
    )
    points = ck.assign(kr_id=krs["kr_id"].array.take(codes))[CHECKIN_COLUMNS]
    return out[KR_PROGRESS_COLUMNS].reset_index(drop=True), points, cadence_


def quarter_checkins(goals: GoalSet, krs: pd.DataFrame, end_of_day: pd.Timestamp) -> pd.DataFrame:
    """Every check-in of a key result's own quarter up to ``end_of_day``, sorted by key
    result (``kr``: its position in ``krs``) and date.

    Key results by integer position: joining and grouping 1M check-ins on text ids costs
    more than all the arithmetic.
    """
    ck = goals.checkins[goals.checkins["date"] <= end_of_day]
    kr_index = pd.Index(krs["kr_id"])
    if not kr_index.is_unique:
        kr_index = kr_index.drop_duplicates()
    pos = positions(kr_index, ck["kr_id"])
    ck = ck.loc[pos >= 0, ["date", "value"]].assign(kr=pos[pos >= 0])
    for col in ("q_start", "q_end"):
        ck[col] = krs[col].to_numpy()[ck["kr"].to_numpy()]
    ck = ck[(ck["date"] >= ck["q_start"]) & (ck["date"] <= ck["q_end"])]
    order = np.lexsort((ck["date"].to_numpy(), ck["kr"].to_numpy()))
    return ck.iloc[order].reset_index(drop=True)


def project(out: pd.DataFrame, t_last: pd.Series, fit: pd.DataFrame) -> None:
    """The projection to the quarter's end (t = 1), with its 95 % band: the fitted line
    with 2+ points, else the line from (start, 0) through the single point."""
    t_last = t_last.reindex(out.index)
    single = out["progress"] / t_last.where(t_last > 0)
    slope = fit["slope"].reindex(out.index)
    projected = (out["progress"] + slope * (1 - t_last)).where(slope.notna(), single)
    spread = 1.96 * fit["slope_se"].reindex(out.index) * (1 - t_last)
    out["projected"] = projected
    out["projected_low"] = projected - spread
    out["projected_high"] = projected + spread


def status_of(out: pd.DataFrame) -> np.ndarray:
    """On track, at risk or off track: progress against the share of the quarter gone."""
    ratio = out["progress"] / out["expected"].where(out["expected"] > 0)
    return np.select(
        [
            out["target"].isna() & out["direction"].ne("achieve"),
            out["progress"].isna(),
            out["expected"] >= 1,
            out["expected"] < 0.05,
            ratio >= ON_TRACK,
            ratio >= AT_RISK,
        ],
        ["no target", "no data", "done", "on track", "on track", "at risk"],
        default="off track",
    )


def cadence(
    krs: pd.DataFrame, ck: pd.DataFrame, as_of: pd.Timestamp, end_of_day: pd.Timestamp
) -> pd.DataFrame:
    """Check-in habits per key result in its quarter up to ``as_of`` (see :class:`Trends`).

    ``ck`` holds the check-ins (any value) sorted by key-result position ``kr`` and date.
    Weeks count from the quarter's first day; a week is elapsed once it has begun, up to
    the quarter's end.
    """
    n = len(krs)
    start = krs["q_start"]
    until = krs["q_end"].clip(upper=end_of_day)
    elapsed_days = np.ceil((until - start).dt.total_seconds() / 86400)
    weeks = np.maximum(np.ceil(elapsed_days / 7), 1).where(start.notna())
    codes = ck["kr"].to_numpy()
    day = ((ck["date"] - ck["q_start"]).dt.days).to_numpy()
    week = day // 7
    counts = np.bincount(codes, minlength=n)[:n] if len(codes) else np.zeros(n, int)
    # distinct (key result, week) pairs: the data is sorted by key result and date
    new_week = np.ones(len(codes), bool)
    if len(codes):
        new_week[1:] = (codes[1:] != codes[:-1]) | (week[1:] != week[:-1])
    weeks_with = np.bincount(codes[new_week], minlength=n)[:n] if len(codes) else np.zeros(n, int)
    first = np.full(n, np.datetime64("NaT"), "M8[ns]")
    last = first.copy()
    gap = np.full(n, np.nan)
    if len(codes):
        dates = ck["date"].to_numpy(dtype="M8[ns]")
        is_first = np.append(True, codes[1:] != codes[:-1])
        is_last = np.append(codes[1:] != codes[:-1], True)
        first[codes[is_first]] = dates[is_first]
        last[codes[is_last]] = dates[is_last]
        step = np.diff(dates).astype("m8[D]").astype(float)
        step = np.where(is_first[1:], np.nan, step)
        if len(step):
            per = pd.Series(step).groupby(codes[1:]).max()
            gap[per.index.to_numpy()] = per.to_numpy()
    out = pd.DataFrame(
        {
            "kr_id": krs["kr_id"],
            "team": krs["team"],
            "quarter": krs["quarter"],
            "checkins": counts,
            "weeks_with_checkin": weeks_with,
            "weeks": weeks,
        }
    )
    out["weekly"] = (out["weeks_with_checkin"] / out["weeks"]).clip(upper=1)
    out["last_checkin"] = last
    today = until.clip(upper=as_of).dt.normalize()
    out["days_since_last"] = (today - out["last_checkin"]).dt.days
    # A gap also runs from the quarter's start to the first check-in and from the last to
    # the day judged; a key result never checked in has gone the whole time without one.
    lead = (pd.Series(first, index=krs.index) - start).dt.days.fillna((today - start).dt.days)
    out["longest_gap_days"] = pd.concat(
        [pd.Series(gap, index=krs.index), lead, out["days_since_last"]], axis=1
    ).max(axis=1)
    return out[CADENCE_COLUMNS]


def linear_fit(frame: pd.DataFrame, key: str, x: str, y: str) -> pd.DataFrame:
    """Least-squares slope and its standard error per group, from group sums."""
    g = frame.assign(xx=frame[x] * frame[x], xy=frame[x] * frame[y], yy=frame[y] * frame[y])
    s = g.groupby(key)[[x, y, "xx", "xy", "yy"]].sum()
    n = g.groupby(key).size()
    sxx = s["xx"] - s[x] ** 2 / n
    sxy = s["xy"] - s[x] * s[y] / n
    syy = s["yy"] - s[y] ** 2 / n
    slope = (sxy / sxx.where(sxx > 1e-12)).where(n >= 2)
    resid = (syy - slope * sxy).clip(lower=0)
    se = np.sqrt(resid / (n - 2).where(n > 2) / sxx.where(sxx > 1e-12))
    return pd.DataFrame({"slope": slope, "slope_se": se.fillna(0.0).where(slope.notna())})


__all__ = [
    "CADENCE_COLUMNS",
    "CHECKIN_COLUMNS",
    "KR_PROGRESS_COLUMNS",
    "cadence",
    "key_results",
    "kr_progress",
    "linear_fit",
    "progress_between",
]
