"""Fix the test split of the real key-result corpus (tests/data/real_krs.csv).

A seeded, stored split: rows are ordered by a hash of the seed, source and text, and the
first 30 % become ``test``, the rest ``dev``. Rows that already carry a split keep it, so
the test split never moves once fixed; rows added later are split the same way among
themselves. The rules are tuned on ``dev`` only; ``benchmarks/accuracy.py`` reports both.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pandas as pd

SEED = "okrcoach-real-krs-2026"
TEST_SHARE = 0.30
CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "real_krs.csv"


def order_key(source: str, text: str) -> str:
    return hashlib.sha256(f"{SEED}\x1f{source}\x1f{text}".encode()).hexdigest()


def split(corpus: pd.DataFrame) -> pd.DataFrame:
    out = corpus.copy()
    if "split" not in out:
        out["split"] = ""
    new = out["split"].fillna("").eq("")
    keys = [order_key(s, t) for s, t in zip(out.loc[new, "source"], out.loc[new, "text"])]
    ranked = pd.Series(keys, index=out.index[new]).sort_values()
    n_test = round(TEST_SHARE * len(ranked))
    out.loc[ranked.index[:n_test], "split"] = "test"
    out.loc[ranked.index[n_test:], "split"] = "dev"
    return out


def main(path: Path = CORPUS) -> None:
    corpus = pd.read_csv(path, dtype=str, keep_default_na=False)
    done = split(corpus)
    done.to_csv(path, index=False)
    counts = done["split"].value_counts()
    print(f"{path.name}: {counts.get('dev', 0)} dev, {counts.get('test', 0)} test")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS)
