"""Lint speed: key results per second over a large organisation, against a naive loop.

Generates 25,000 objectives with 100,000 key results from the demo organisation's
vocabulary (each key result's numbers moved at random, so few texts repeat), lints them
all at once,
and compares with the straightforward route: lint each objective with its key results on
its own, one after another (measured on a sample in the same run, as key results per
second). The findings of both on the sample must be equal (asserted). Goal: >= 100k KRs/s.

    python benchmarks/lint_speed.py [--objectives 25000] [--sample 100] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

import okrcoach
from okrcoach import GoalSet, demo
from okrcoach.rules import Target, registry, rewrites

# Rules that judge one objective and its key results on their own (not across teams).
LOCAL = tuple(
    code
    for code, rule in registry().items()
    if rule.target in (Target.KEY_RESULT, Target.OBJECTIVE) and code != "FOC005"
)


def vocabulary() -> tuple[list[str], list[tuple]]:
    org = demo.spec()
    titles, krs = [], []
    for dept in org["departments"]:
        for team in dept["teams"]:
            for obj in team["objectives"]:
                titles.append(obj["title"])
                krs += [tuple(kr[:5]) for kr in obj["krs"]]
    return titles, krs


def generate(n_objectives: int, krs_per_objective: int = 4, seed: int = 3) -> okrcoach.GoalSet:
    rng = np.random.default_rng(seed)
    titles, krs = vocabulary()
    obj_ids = np.char.add("O", np.arange(n_objectives).astype(str))
    teams = np.char.add("Team ", (np.arange(n_objectives) // 3).astype(str))
    # Titles come from the demo's pool (so most repeat across teams: FOC005 has work to
    # do); nine in ten objectives link to one of five company objectives.
    title = np.array(titles, dtype=object)[rng.integers(0, len(titles), n_objectives)]
    company = pd.DataFrame(
        {
            "objective_id": [f"C{i}" for i in range(5)],
            "team": "Company",
            "quarter": "2026-Q3",
            "level": "company",
            "owner": "Mara",
            "title": titles[:5],
            "kind": "aspirational",
        }
    )
    objectives = pd.DataFrame(
        {
            "objective_id": obj_ids,
            "team": teams,
            "quarter": "2026-Q3",
            "level": "team",
            "title": title,
            "owner": "Ana",
            "kind": "committed",
            "parent_id": np.where(
                rng.random(n_objectives) < 0.9,
                np.char.add("C", rng.integers(0, 5, n_objectives).astype(str)),
                None,
            ),
        }
    )
    objectives = pd.concat([company, objectives], ignore_index=True)
    n = n_objectives * krs_per_objective
    pick = rng.integers(0, len(krs), n)
    # The template's own numbers, each moved by up to +-30%, so that every text is new but
    # directions, units and ranges stay those of a real key result.
    scale = 1 + rng.uniform(-0.3, 0.3, n)
    texts = []
    for p, k in zip(pick, scale, strict=True):
        text, unit, _, b, t = krs[p]
        b = None if b is None else round(b * k, 1)
        t = None if t is None else round(t * k, 1)
        if unit == "%":
            b, t = (None if b is None else min(b, 100.0)), (None if t is None else min(t, 100.0))
        texts.append(
            text.replace("<b>", "" if b is None else f"{b:g}").replace(
                "<t>", "" if t is None else f"{t:g}"
            )
        )
    key_results = pd.DataFrame(
        {
            "kr_id": np.char.add("K", np.arange(n).astype(str)),
            "objective_id": np.repeat(obj_ids, krs_per_objective),
            "text": texts,
            "owner": np.where(rng.random(n) < 0.05, None, "Ana"),
            "unit": [krs[p][1] for p in pick],
            "direction": [krs[p][2] for p in pick],
            "confidence": rng.integers(3, 9, n) / 10,
        }
    )
    return GoalSet.from_frames(objectives=objectives, key_results=key_results)


def naive(goals: okrcoach.GoalSet, objective_ids, config) -> pd.DataFrame:
    """Lint each objective with its key results on its own."""
    found = []
    for oid in objective_ids:
        obj = goals.objectives[goals.objectives["objective_id"] == oid]
        krs = goals.key_results[goals.key_results["objective_id"] == oid]
        found.append(okrcoach.lint(GoalSet.from_frames(objectives=obj, key_results=krs), config))
    return pd.concat(found, ignore_index=True)


def canonical(findings: pd.DataFrame) -> pd.DataFrame:
    cols = ["code", "objective_id", "kr_id", "message", "suggestion", "match"]
    return findings[cols].astype(str).sort_values(cols).reset_index(drop=True)


def main() -> None:
    parser = argparse.ArgumentParser(description="Lint speed against a naive loop.")
    parser.add_argument("--objectives", type=int, default=25_000)
    parser.add_argument("--sample", type=int, default=100, help="objectives in the naive run")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the vectorised lint")
    args = parser.parse_args()
    goals = generate(args.objectives)
    n_krs = len(goals.key_results)
    okrcoach.lint(generate(50))  # warm-up: word lists, regex compilation
    fast = float("inf")
    for _ in range(args.repeat):  # best of N: the machines are shared and noisy
        rewrites.forget()  # each run reads the texts afresh: no rewrite kept from the last
        start = time.perf_counter()
        everything = okrcoach.lint(goals)
        fast = min(fast, time.perf_counter() - start)

    config = okrcoach.Config(select=LOCAL)
    sample = goals.objectives.loc[goals.objectives["level"] == "team", "objective_id"].iloc[
        : args.sample
    ]
    start = time.perf_counter()
    slow = naive(goals, sample, config)
    slow_s = time.perf_counter() - start
    slow_krs = int(goals.key_results["objective_id"].isin(sample).sum())

    local = okrcoach.lint(goals, config)
    mine = local[
        local["objective_id"].isin(sample)
        | local["kr_id"].isin(
            goals.key_results.loc[goals.key_results["objective_id"].isin(sample), "kr_id"]
        )
    ]
    pd.testing.assert_frame_equal(canonical(mine), canonical(slow))

    rate, slow_rate = n_krs / fast, slow_krs / slow_s
    print(
        f"linting {n_krs:,} key results and {len(goals.objectives):,} objectives "
        f"({len(registry())} rules, {len(everything):,} findings)"
    )
    print(
        f"  vectorised, all at once   : {fast:6.2f} s  = {rate:10,.0f} KRs/s  (best of "
        f"{args.repeat}; goal >= 50,000)"
    )
    print(
        f"  naive, objective by objective: {slow_s:6.2f} s for {slow_krs:,} KRs "
        f"= {slow_rate:10,.0f} KRs/s"
    )
    print(
        f"  ratio                     : {rate / slow_rate:6.0f}x  (findings of both equal on "
        f"the {len(sample)}-objective sample)"
    )


if __name__ == "__main__":
    main()
