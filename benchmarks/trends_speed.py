"""Trend analysis speed: all series at once against a per-series loop.

Builds 10,000 KPI series x 104 weekly points (1.04M values) and 100,000 key results with
12 check-ins each (1.2M check-ins), runs :func:`okrcoach.trends` once, and compares with
the straightforward route: the same analysis one series at a time (each KPI, and each
objective with its key results, on its own), measured on a sample in the same run and
reported per series. Results of both are equal on the sample (asserted).
Goal: <= 3 s for everything, >= 20x the loop.

    python benchmarks/trends_speed.py [--kpis 10000] [--krs 100000] [--sample 200]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

import okrcoach
from okrcoach import GoalSet

AS_OF = pd.Timestamp("2026-09-25")


def generate(n_kpis: int, n_krs: int, seed: int = 5) -> okrcoach.GoalSet:
    rng = np.random.default_rng(seed)
    weeks = 104
    kpi_ids = np.char.add("KPI-", np.arange(n_kpis).astype(str))
    start = rng.uniform(10, 100, n_kpis)
    slope = rng.normal(0, 0.2, n_kpis)
    noise = rng.uniform(0.1, 1.0, n_kpis)
    t = np.arange(weeks)
    noise_term = rng.normal(0, 1, (n_kpis, weeks)) * noise[:, None]
    values = start[:, None] + slope[:, None] * t + noise_term
    spikes = rng.random((n_kpis, weeks)) < 0.002
    values = values + spikes * 10 * noise[:, None]
    dates = AS_OF - pd.to_timedelta((weeks - 1 - t) * 7, unit="D")
    kpi_values = pd.DataFrame(
        {
            "kpi_id": np.repeat(kpi_ids, weeks),
            "date": np.tile(dates.to_numpy(), n_kpis),
            "value": values.ravel().round(3),
        }
    )
    up = rng.random(n_kpis) < 0.5
    kpis = pd.DataFrame(
        {
            "kpi_id": kpi_ids,
            "name": kpi_ids,
            "team": "T",
            "direction": np.where(up, "higher_is_better", "lower_is_better"),
            "target": start + np.where(up, 20, -20),
            "green_at": start + np.where(up, 10, -10),
            "red_at": start + np.where(up, -10, 10),
        }
    )
    n_obj = n_krs // 4
    obj_ids = np.char.add("O", np.arange(n_obj).astype(str))
    objectives = pd.DataFrame(
        {
            "objective_id": obj_ids,
            "title": "Goal",
            "team": "T",
            "quarter": "2026-Q3",
            "level": "team",
        }
    )
    kr_ids = np.char.add("K", np.arange(n_krs).astype(str))
    baseline = rng.uniform(0, 50, n_krs)
    target = baseline + rng.uniform(5, 50, n_krs)
    key_results = pd.DataFrame(
        {
            "kr_id": kr_ids,
            "objective_id": np.repeat(obj_ids, 4)[:n_krs],
            "text": "x",
            "direction": "increase",
            "baseline": baseline,
            "target": target,
        }
    )
    k = 12
    pace = rng.uniform(0, 1.2, n_krs)
    week = np.arange(1, k + 1)
    progress = pace[:, None] * week / 13 + rng.normal(0, 0.03, (n_krs, k))
    checkin_values = baseline[:, None] + (target - baseline)[:, None] * progress
    checkin_dates = pd.Timestamp("2026-07-01") + pd.to_timedelta(week * 7 - 3, unit="D")
    checkins = pd.DataFrame(
        {
            "kr_id": np.repeat(kr_ids, k),
            "date": np.tile(checkin_dates.to_numpy(), n_krs),
            "value": checkin_values.ravel().round(3),
        }
    )
    return GoalSet.from_frames(
        objectives=objectives,
        key_results=key_results,
        checkins=checkins,
        kpis=kpis,
        kpi_values=kpi_values,
    )


def per_series(goals: okrcoach.GoalSet, kpi_ids, objective_ids) -> tuple[pd.DataFrame, ...]:
    """The same analysis, one KPI and one objective at a time."""
    status, progress = [], []
    for kpi_id in kpi_ids:
        one = goals.kpis[goals.kpis["kpi_id"] == kpi_id]
        vals = goals.kpi_values[goals.kpi_values["kpi_id"] == kpi_id]
        part = GoalSet.from_frames(objectives=goals.objectives.iloc[:0], kpis=one, kpi_values=vals)
        status.append(okrcoach.trends(part, as_of=AS_OF).kpi_status)
    for oid in objective_ids:
        obj = goals.objectives[goals.objectives["objective_id"] == oid]
        krs = goals.key_results[goals.key_results["objective_id"] == oid]
        ck = goals.checkins[goals.checkins["kr_id"].isin(krs["kr_id"])]
        part = GoalSet.from_frames(objectives=obj, key_results=krs, checkins=ck)
        progress.append(okrcoach.trends(part, as_of=AS_OF).kr_progress)
    return pd.concat(status, ignore_index=True), pd.concat(progress, ignore_index=True)


def main() -> None:
    parser = argparse.ArgumentParser(description="Trend analysis speed against a loop.")
    parser.add_argument("--kpis", type=int, default=10_000)
    parser.add_argument("--krs", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=100, help="KPIs and objectives looped")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    goals = generate(args.kpis, args.krs)
    okrcoach.trends(generate(20, 80), as_of=AS_OF)  # warm-up
    fast = float("inf")
    for _ in range(args.repeat):
        start = time.perf_counter()
        result = okrcoach.trends(goals, as_of=AS_OF)
        fast = min(fast, time.perf_counter() - start)

    kpi_sample = goals.kpis["kpi_id"].iloc[: args.sample]
    obj_sample = goals.objectives["objective_id"].iloc[: args.sample]
    start = time.perf_counter()
    slow_status, slow_progress = per_series(goals, kpi_sample, obj_sample)
    slow = time.perf_counter() - start
    n_slow = len(kpi_sample) + len(obj_sample)

    mine = result.kpi_status[result.kpi_status["kpi_id"].isin(kpi_sample)]
    pd.testing.assert_frame_equal(
        mine.reset_index(drop=True), slow_status, check_dtype=False, check_exact=False, rtol=1e-9
    )
    theirs = result.kr_progress[result.kr_progress["objective_id"].isin(obj_sample)]
    pd.testing.assert_frame_equal(
        theirs.reset_index(drop=True),
        slow_progress,
        check_dtype=False,
        check_exact=False,
        rtol=1e-9,
    )

    n_series = args.kpis + args.krs // 4
    rate, slow_rate = n_series / fast, n_slow / slow
    print(
        f"trends over {args.kpis:,} KPI series x 104 points ({len(goals.kpi_values):,} values) "
        f"and {args.krs:,} key results ({len(goals.checkins):,} check-ins)"
    )
    print(f"  all at once      : {fast:6.2f} s  (best of {args.repeat}; goal <= 3 s)")
    print(f"  series by series : {slow:6.2f} s for {n_slow} series = {slow_rate:8.1f} series/s")
    print(
        f"  ratio            : {rate / slow_rate:6.0f}x  (goal >= 20x; results equal on the sample)"
    )


if __name__ == "__main__":
    main()
