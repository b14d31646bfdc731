"""Exploration speed: a filter change against re-analysing the organisation each time.

The exploration notebook analyses the organisation once (:class:`okrcoach.overview.Overview`:
lint, trends, scores) and answers every filter from that analysis. The straightforward
route re-runs the analysis on every change and then slices it. Both are timed here in the
same run, on the demo organisation and on one ``--copies`` times its size (teams, objectives,
key results, check-ins and KPIs copied under new names), for a cycle of filter changes
(department, team, quarter range, rule category), and the views of both are asserted
equal. Times are split into the views' data and drawing the eight sections (SVG charts).

    python benchmarks/explore_speed.py [--copies 10] [--changes 12]
"""

from __future__ import annotations

import argparse
import statistics
import time

import pandas as pd

from okrcoach import demo
from okrcoach.explore import SECTIONS, ExploreApp, render
from okrcoach.goalset import GoalSet
from okrcoach.overview import Overview, Selection


def copies(goals: GoalSet, n: int) -> GoalSet:
    """The organisation ``n`` times, each copy's ids and names suffixed."""
    if n == 1:
        return goals
    id_cols = {
        "objective_id",
        "parent_id",
        "kr_id",
        "kpi_id",
        "team",
        "department",
        "guardrail_for",
        "metric",
    }
    frames = {}
    for name, table in goals.tables():
        parts = []
        for i in range(n):
            t = table.copy()
            for col in id_cols & set(t.columns):
                if col == "guardrail_for":
                    t[col] = t[col].str.replace(",", f"~{i},", regex=False) + f"~{i}"
                else:
                    t[col] = t[col] + f"~{i}"
            parts.append(t)
        frames[name] = pd.concat(parts, ignore_index=True)
    return GoalSet.from_frames(**frames)


def selections(ov: Overview, k: int) -> list[Selection]:
    depts, teams, q = ov.departments, ov.team_names(), ov.quarters
    cycle = [Selection(departments=(depts[i % len(depts)],)) for i in range(k // 3)]
    cycle += [Selection(teams=(teams[i * 7 % len(teams)],)) for i in range(k // 3)]
    cycle += [
        Selection(quarters=(q[-2], q[-1]), categories=(c,))
        for c in ("outcome", "gameability", "focus", "cadence")
    ][: k - len(cycle)]
    return cycle


def equal_views(a, b) -> None:
    for attr in ("findings", "quality", "focus", "cadence", "kpi_health", "output_share"):
        pd.testing.assert_frame_equal(
            getattr(a, attr).reset_index(drop=True), getattr(b, attr).reset_index(drop=True)
        )


def bench(goals: GoalSet, label: str, changes: int, draw: bool) -> dict:
    t = time.perf_counter()
    ov = Overview(goals)
    build = time.perf_counter() - t
    cycle = selections(ov, changes)
    data_times, draw_times, naive_times = [], [], []
    for sel in cycle:
        ov.view.cache_clear()  # a fresh selection each time, as a filter change is
        t = time.perf_counter()
        view = ov.select(sel)
        for attr in (
            "summary",
            "quality",
            "output_share",
            "focus",
            "team_attainment",
            "cadence",
            "kpi_health",
            "guardrail_breaches",
            "findings_table",
        ):
            getattr(view, attr)() if attr == "summary" else getattr(view, attr)
        data_times.append(time.perf_counter() - t)
        if draw:
            t = time.perf_counter()
            for name in SECTIONS:
                render(view, name)
            draw_times.append(time.perf_counter() - t)
    # the straightforward route: analyse the organisation again for each change (timed on
    # a third of the cycle; each change costs the same)
    for sel in cycle[::3]:
        t = time.perf_counter()
        again = Overview(goals).select(sel)
        for attr in (
            "quality",
            "output_share",
            "focus",
            "team_attainment",
            "cadence",
            "kpi_health",
            "guardrail_breaches",
            "findings_table",
        ):
            getattr(again, attr)
        naive_times.append(time.perf_counter() - t)
        equal_views(again, ov.select(sel))
    med = statistics.median
    out = {
        "label": label,
        "krs": len(goals.key_results),
        "teams": len(ov.teams),
        "build": build,
        "data": med(data_times),
        "naive": med(naive_times),
        "draw": med(draw_times) if draw_times else float("nan"),
    }
    print(f"{label}: {out['krs']:,} key results, {out['teams']} teams")
    print(f"  analyse once (Overview):            {build * 1000:8.0f} ms")
    print(f"  filter change, views' data (median): {out['data'] * 1000:8.1f} ms")
    if draw:
        print(f"  filter change, 8 sections drawn:    {out['draw'] * 1000:8.0f} ms")
    print(
        f"  re-analysing per change (median):   {out['naive'] * 1000:8.0f} ms"
        f"  -> data path {out['naive'] / out['data']:.0f}x faster"
    )
    return out


def app_round(goals: GoalSet) -> tuple[float, float]:
    """A department change in the widget app with every section shown (data, drawing and
    widget values): median over the departments, first visit and return visit."""
    app = ExploreApp(Overview(goals))
    for name in SECTIONS:
        app.section(name)
    rounds = []
    for _ in range(2):
        times = []
        for dept in app.overview.departments:
            t = time.perf_counter()
            app.department.value = (dept,)
            times.append(time.perf_counter() - t)
        rounds.append(statistics.median(times))
    return rounds[0], rounds[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--changes", type=int, default=12)
    args = parser.parse_args()
    goals = demo.build()
    small = bench(goals, "demo organisation", args.changes, draw=True)
    first, again = app_round(goals)
    print(
        f"  app, department change with all 8 sections redrawn (median): first visit "
        f"{first * 1000:.0f} ms, going back to one {again * 1000:.1f} ms"
    )
    big = bench(copies(goals, args.copies), f"{args.copies}x the demo", args.changes, draw=False)
    print(
        f"scaling: {big['krs'] / small['krs']:.0f}x the key results -> views' data "
        f"{big['data'] / small['data']:.1f}x the time, "
        f"analysis {big['build'] / small['build']:.1f}x"
    )


if __name__ == "__main__":
    main()
