"""Fix the test split of the real key-result corpus (tests/data/real_krs.csv).

A seeded, stored split: a row is ``test`` when the hash of the seed, its source and its text
falls in the lowest 30 % of the hash range, else ``dev``. Each row's split depends on that
row alone, so rows collected in batches are split exactly as if collected at once, and
rows that already carry a split keep it: the test split never moves once fixed. The rules
are tuned on ``dev`` only; ``benchmarks/accuracy.py`` reports both.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pandas as pd

SEED = "okrcoach-real-krs-2026"
TEST_SHARE = 0.30
CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "real_krs.csv"


def draw(source: str, text: str) -> float:
    """A number in [0, 1) fixed by the seed, the source and the text."""
    digest = hashlib.sha256(f"{SEED}\x1f{source}\x1f{text}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def split(corpus: pd.DataFrame) -> pd.DataFrame:
    """The corpus with a ``split`` column: stored splits kept, new rows drawn."""
    out = corpus.copy()
    if "split" not in out:
        out["split"] = ""
    new = out["split"].fillna("").eq("")
    drawn = [
        draw(s, t) < TEST_SHARE
        for s, t in zip(out.loc[new, "source"], out.loc[new, "text"], strict=True)
    ]
    out.loc[new, "split"] = ["test" if t else "dev" for t in drawn]
    return out


def main(path: Path = CORPUS) -> None:
    corpus = pd.read_csv(path, dtype=str, keep_default_na=False)
    done = split(corpus)
    done.to_csv(path, index=False)
    counts = done["split"].value_counts()
    print(f"{path.name}: {counts.get('dev', 0)} dev, {counts.get('test', 0)} test")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS)
