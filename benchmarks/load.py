"""Loading speed: okrcoach.load() against a bare pandas read of the same data, three ways.

1. A CSV folder with 1,000,000 check-ins and 500,000 KPI values (plus the objectives, key
   results and KPIs they point at) against ``pandas.read_csv`` of every file.
2. An OKR tool's export of the same size: puzzle/okr's overview, one row per check-in with
   its team, objective and key result repeated, against ``pandas.read_csv`` of the file
   (okrcoach also recognises the layout, builds the five tables and derives quarters).
3. An SQLite database holding the tables of (1) against ``pandas.read_sql_query`` of every
   table.

``okrcoach.load`` also parses dates, normalises confidence, and checks types, ranges,
duplicates and references. Each pair is timed in the same run, alternating; prints the best
of several runs and the ratio. Goal: every ratio <= 3.

    python benchmarks/load.py [--checkins 1000000] [--kpi-values 500000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

import okrcoach


def make_folder(folder: Path, n_checkins: int, n_values: int, seed: int = 7) -> None:
    rng = np.random.default_rng(seed)
    n_krs = -(-n_checkins // 12)  # ceil: every (kr_id, date) pair is unique
    n_obj = max(1, n_krs // 4)
    n_kpis = -(-n_values // 104)
    obj_ids = np.char.add("O", np.arange(n_obj).astype(str))
    pd.DataFrame(
        {
            "objective_id": obj_ids,
            "quarter": "2026-Q3",
            "team": np.char.add("Team ", (np.arange(n_obj) % 200).astype(str)),
            "title": "Make paying effortless for small firms",
            "owner": "Priya Raman",
            "level": "team",
            "kind": "committed",
        }
    ).to_csv(folder / "objectives.csv", index=False)
    kr_ids = np.char.add("K", np.arange(n_krs).astype(str))
    pd.DataFrame(
        {
            "kr_id": kr_ids,
            "objective_id": obj_ids[np.arange(n_krs) % n_obj],
            "text": "Raise trial-to-paid conversion from 9% to 13%",
            "owner": "Tomás Herrera",
            "unit": "%",
            "direction": "increase",
            "baseline": 9.0,
            "target": 13.0,
            "score": rng.integers(0, 11, n_krs) / 10,
            "due": "2026-09-30",
            "confidence": rng.integers(3, 9, n_krs) / 10,
        }
    ).to_csv(folder / "key_results.csv", index=False)
    week = np.arange(n_checkins) % 12
    pd.DataFrame(
        {
            "kr_id": kr_ids[np.arange(n_checkins) // 12 % n_krs],
            "date": (pd.Timestamp("2026-07-03") + pd.to_timedelta(week * 7, "D")).strftime(
                "%Y-%m-%d"
            ),
            "value": np.round(9 + rng.random(n_checkins) * 4, 2),
            "confidence": rng.integers(1, 10, n_checkins) / 10,
            "note": np.where(rng.random(n_checkins) < 0.5, "On plan.", "A little behind."),
            "author": "Tomás Herrera",
        }
    ).to_csv(folder / "checkins.csv", index=False)
    kpi_ids = np.char.add("KPI-", np.arange(n_kpis).astype(str))
    pd.DataFrame(
        {
            "kpi_id": kpi_ids,
            "name": "Refund rate",
            "team": "Team 1",
            "owner": "Aisha Khan",
            "unit": "%",
            "direction": "lower_is_better",
            "target": 2.0,
            "green_at": 2.5,
            "red_at": 4.0,
            "formula": "refunds / payments",
            "source": "Billing",
            "frequency": "weekly",
        }
    ).to_csv(folder / "kpis.csv", index=False)
    point = np.arange(n_values) % 104
    pd.DataFrame(
        {
            "kpi_id": kpi_ids[np.arange(n_values) // 104 % n_kpis],
            "date": (pd.Timestamp("2024-10-04") + pd.to_timedelta(point * 7, "D")).strftime(
                "%Y-%m-%d"
            ),
            "value": np.round(rng.normal(2, 0.3, n_values), 3),
        }
    ).to_csv(folder / "kpi_values.csv", index=False)


def make_export(path: Path, n_checkins: int, seed: int = 7) -> None:
    """puzzle/okr's overview export: one row per check-in, 12 per key result."""
    rng = np.random.default_rng(seed)
    n_krs = -(-n_checkins // 12)
    kr = np.arange(n_checkins) // 12
    obj = kr // 4
    week = np.arange(n_checkins) % 12
    day = pd.Timestamp("2025-07-03") + pd.to_timedelta(week * 7, "D")
    pd.DataFrame(
        {
            "team_id": obj % 200,
            "objective_id": obj,
            "key_result_id": kr,
            "check_in_id": np.arange(n_checkins),
            "team_name": np.char.add("Team ", (obj % 200).astype(str)),
            "team_version": 1,
            "objective_title": "Make paying effortless for small firms",
            "objective_state": "ONGOING",
            "objective_created_on": "2025-06-20T09:00:00",
            "quarter_id": 8,
            "quarter_label": "GJ 25/26-Q1",
            "key_result_title": np.char.add(
                "Raise trial-to-paid conversion ", (kr % 97).astype(str)
            ),
            "key_result_type": "metric",
            "baseline": 9.0,
            "stretch_goal": 13.0,
            "unit": "PERCENT",
            "check_in_value": np.round(9 + rng.random(n_checkins) * 4, 2),
            "check_in_zone": "",
            "confidence": rng.integers(1, 10, n_checkins),
            "check_in_created_on": day.strftime("%Y-%m-%dT10:00:00"),
        }
    ).to_csv(path, index=False)
    assert n_krs


def bare_sql(path: Path) -> int:
    import sqlite3

    with sqlite3.connect(path) as con:
        names = [r[0] for r in con.execute("select name from sqlite_master where type='table'")]
        return sum(len(pd.read_sql_query(f'SELECT * FROM "{n}"', con)) for n in names)


def bare(folder: Path) -> int:
    return sum(len(pd.read_csv(p)) for p in sorted(folder.glob("*.csv")))


def timed(func, *args) -> float:
    """Seconds one call takes."""
    start = time.perf_counter()
    func(*args)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkins", type=int, default=1_000_000)
    parser.add_argument("--kpi-values", type=int, default=500_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "csv"
        folder.mkdir()
        make_folder(folder, args.checkins, args.kpi_values)
        goals = okrcoach.load(folder)  # warm-up, and proof that the data is valid
        assert len(goals.checkins) == args.checkins
        assert len(goals.kpi_values) == args.kpi_values
        export = Path(tmp) / "overview.csv"
        make_export(export, args.checkins)
        assert len(okrcoach.load(export).checkins) == args.checkins
        db = Path(tmp) / "goals.db"
        goals.to_sql(f"sqlite:///{db}")
        assert len(okrcoach.load(f"sqlite:///{db}").checkins) == args.checkins
        del goals
        cases = {
            "CSV folder": (lambda: bare(folder), lambda: okrcoach.load(folder), "read_csv"),
            "puzzle/okr export": (
                lambda: len(pd.read_csv(export)),
                lambda: okrcoach.load(export),
                "read_csv",
            ),
            "SQLite database": (
                lambda: bare_sql(db),
                lambda: okrcoach.load(f"sqlite:///{db}"),
                "read_sql_query",
            ),
        }
        times = {name: ([], []) for name in cases}
        for _ in range(args.repeat):
            for name, (plain, full, _) in cases.items():
                times[name][0].append(timed(plain))
                times[name][1].append(timed(full))
    size = f"{args.checkins:,} check-ins"
    print(f"loading {size} (+ {args.kpi_values:,} KPI values in the folder and database), "
          f"best of {args.repeat}")  # fmt: skip
    for name, (plain, full) in times.items():
        b, o = min(plain), min(full)
        print(f"  {name}")
        print(f"    pandas.{cases[name][2]:<15} no checks : {b:6.3f} s")
        print(f"    okrcoach.load, validated           : {o:6.3f} s")
        print(f"    ratio                              : {o / b:6.2f}x  (goal <= 3x)")


if __name__ == "__main__":
    main()
