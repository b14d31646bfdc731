"""Loading speed: okrcoach.load() against a bare pandas.read_csv of the same files.

Writes a CSV folder with 1,000,000 check-ins and 500,000 KPI values (plus the objectives, key
results and KPIs they point at), then times, in the same run and alternating, a plain
``pandas.read_csv`` of every file and ``okrcoach.load`` of the folder (which also parses
dates, normalises confidence, and checks types, ranges, duplicates and references).
Prints the best of several runs of each and the ratio. Goal: ratio <= 3.

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


def bare(folder: Path) -> int:
    return sum(len(pd.read_csv(p)) for p in sorted(folder.glob("*.csv")))


def timed(func, *args) -> float:
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
        folder = Path(tmp)
        make_folder(folder, args.checkins, args.kpi_values)
        goals = okrcoach.load(folder)  # warm-up, and proof that the data is valid
        assert len(goals.checkins) == args.checkins
        assert len(goals.kpi_values) == args.kpi_values
        base, ours = [], []
        for _ in range(args.repeat):
            base.append(timed(bare, folder))
            ours.append(timed(okrcoach.load, folder))
    b, o = min(base), min(ours)
    size = f"{args.checkins:,} check-ins + {args.kpi_values:,} KPI values"
    print(f"loading {size} from CSV (best of {args.repeat})")
    print(f"  pandas.read_csv, no checks : {b:6.3f} s")
    print(f"  okrcoach.load, validated   : {o:6.3f} s")
    print(f"  ratio                      : {o / b:6.2f}x  (goal <= 3x)")


if __name__ == "__main__":
    main()
