"""Accuracy of the text heuristics on a labelled corpus of key results.

tests/data/kr_corpus.csv holds key results written for this purpose across sales,
marketing, support, engineering, product, HR, finance, operations and customer success,
each labelled by hand (see tests/data/README.md). Each label is compared with a rule:

    output          <-> OUT001 fires
    not measurable  <-> MEA001 fires
    no baseline     <-> MEA002 fires   (rows labelled '-' are not scored)
    gameable        <-> GAM001 or GAM002 fires

Prints precision, recall and F1 per label, and with --misses the key results each rule got
wrong. Targets: F1 >= 0.90 output, >= 0.95 measurable, >= 0.85 gameable.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

import okrcoach
from okrcoach import GoalSet

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
CORPUS = DATA / "kr_corpus.csv"
# Written after the word lists were frozen, and never used to change them: an estimate of
# how the rules do on phrasing they were not developed against.
HOLDOUT = DATA / "kr_holdout.csv"
TARGETS = {"output": 0.90, "not measurable": 0.95, "no baseline": None, "gameable": 0.85}


def predictions(corpus: pd.DataFrame) -> pd.DataFrame:
    """Which of the label-bearing rules fire on each key result (each in its own objective)."""
    n = len(corpus)
    objectives = pd.DataFrame(
        {
            "objective_id": [f"O{i}" for i in range(n)],
            "title": "Customers get value in their first week",
            "team": "Corpus",
            "quarter": "2026-Q3",
            "level": "team",
        }
    )
    krs = pd.DataFrame(
        {
            "kr_id": [f"K{i}" for i in range(n)],
            "objective_id": objectives["objective_id"],
            "text": corpus["text"],
        }
    )
    config = okrcoach.Config(select=("OUT001", "MEA001", "MEA002", "GAM001", "GAM002"))
    found = okrcoach.lint(GoalSet.from_frames(objectives=objectives, key_results=krs), config)
    fired = found.groupby("kr_id")["code"].agg(set)
    codes = krs["kr_id"].map(fired).apply(lambda s: s if isinstance(s, set) else set())
    return pd.DataFrame(
        {
            "output": codes.map(lambda c: "OUT001" in c),
            "not measurable": codes.map(lambda c: "MEA001" in c),
            "no baseline": codes.map(lambda c: "MEA002" in c),
            "gameable": codes.map(lambda c: bool({"GAM001", "GAM002"} & c)),
        }
    )


def truth(corpus: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "output": corpus["output"].eq("1"),
            "not measurable": corpus["measurable"].eq("0"),
            "no baseline": corpus["has_baseline"].map({"0": True, "1": False}),
            "gameable": corpus["gameable"].eq("1"),
        }
    )


def scores(corpus: pd.DataFrame) -> pd.DataFrame:
    pred, true = predictions(corpus), truth(corpus)
    rows = []
    for label in TARGETS:
        scored = true[label].notna()
        t, p = true.loc[scored, label].astype(bool), pred.loc[scored, label]
        tp, fp, fn = (t & p).sum(), (~t & p).sum(), (t & ~p).sum()
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append(
            {
                "label": label,
                "n": int(scored.sum()),
                "positives": int(t.sum()),
                "precision": precision,
                "recall": recall,
                "f1": f1,
                "target": TARGETS[label],
            }
        )
    return pd.DataFrame(rows)


def misses(corpus: pd.DataFrame) -> pd.DataFrame:
    pred, true = predictions(corpus), truth(corpus)
    out = []
    for label in TARGETS:
        wrong = true[label].notna() & (true[label].astype(bool) != pred[label])
        for i in wrong[wrong].index:
            kind = "missed" if true.at[i, label] else "false alarm"
            out.append({"label": label, "kind": kind, "text": corpus.at[i, "text"]})
    return pd.DataFrame(out)


def main() -> None:
    parser = argparse.ArgumentParser(description="Accuracy of the text heuristics.")
    parser.add_argument("--misses", action="store_true", help="List what each rule got wrong.")
    args = parser.parse_args()
    for path in (CORPUS, HOLDOUT):
        corpus = pd.read_csv(path, dtype=str, keep_default_na=False)
        table = scores(corpus)
        print(f"accuracy on {len(corpus)} labelled key results ({path.name})")
        for r in table.itertuples(index=False):
            goal = f"  (goal F1 >= {r.target:.2f})" if pd.notna(r.target) else ""
            print(
                f"  {r.label:15s} n={r.n:3d} positives={r.positives:3d}  "
                f"precision={r.precision:.3f}  recall={r.recall:.3f}  F1={r.f1:.3f}{goal}"
            )
        if args.misses:
            wrong = misses(corpus)
            print(wrong.to_string(index=False) if len(wrong) else "  no misses")


if __name__ == "__main__":
    main()
