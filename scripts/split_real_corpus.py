"""Fix the test split and the cross-validation folds of the real key-result corpus
(tests/data/real_krs.csv), by source: whole organisations are held out, never rows.

A key result is judged on organisations the rules have not seen, so every row of a source
(an organisation or an author; a few related sources form one *family*, such as the
regional DAOs proposing on one governance forum) shares its split and its fold.

- ``split``: ``test`` for whole families, about 30 % of the rows, else ``dev``. Families
  are taken in the order of a seeded hash of their name until 30 % of the rows are
  reached; the split is stored, and a family keeps its split once drawn. A family new to a
  stored corpus is drawn alone: ``test`` when its hash falls in the lowest 30 %.
- ``fold``: 1-5, for cross-validation grouped by source over the whole corpus. Families in
  the order of a second seeded hash go each to the fold with the fewest rows so far.

The rules are tuned on ``dev`` rows only; ``benchmarks/accuracy.py`` reports the test split
and the folds.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

import pandas as pd

SEED = "okrcoach-real-krs-sources-2026"
TEST_SHARE = 0.30
FOLDS = 5
CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "real_krs.csv"

#: Sources that write alike because they share a template or a publisher: one family.
FAMILIES = {
    r"\bCelo|^CeLatam|^Prezenti|^Upright \(Celo|^cLabs": "Celo governance proposals",
    r"performance\.gov|Office of Personnel Management": "US federal performance reports",
    r"^What Matters": "What Matters (John Doerr)",
    r"^Hacker News comment|\(Hacker News comment": "Hacker News comments",
}

#: Sources added after the first draw: each family was drawn alone, as the module says, so
#: that a full redraw reproduces the stored split and folds.
ADDED_LATER = frozenset(
    {
        "Abhay Bhargav (we45), Applying OKR to a Security Learning Plan",
        "Camino Financial (blog, How can OKRs help your business)",
        "Geckoboard (marketing lead's blog post on the team's OKRs; geckoboard.com site repo)",
        "The Philadelphia Inquirer data engineering team (phillymedia/data-engineering-handbook,"
        " CY22-Q2 OKRs)",
        "UK Ministry of Justice, Modernisation Platform team (hosting OKRs quoted in "
        "OKR-reporting issues)",
        "amazee.io (company handbook, OKRs page, Platform workstream example)",
        "munkyc.dev (blog, Operational Key Results)",
    }
)


def family(source: str) -> str:
    """The family a source belongs to (itself, unless it writes like others)."""
    for pattern, name in FAMILIES.items():
        if re.search(pattern, source):
            return name
    return source


def draw(name: str, purpose: str = "split") -> float:
    """A number in [0, 1) fixed by the seed, the purpose and the family's name."""
    digest = hashlib.sha256(f"{SEED}\x1f{purpose}\x1f{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def split(corpus: pd.DataFrame) -> pd.DataFrame:
    """The corpus with ``split`` and ``fold``: stored values kept, new families drawn."""
    out = corpus.copy()
    for column in ("split", "fold"):
        given = out[column].astype(object) if column in out else pd.Series("", index=out.index)
        out[column] = given.where(given.notna(), "")
    fam = out["source"].map(family)
    rows = fam.value_counts()
    drawn = out["split"].ne("")
    known = dict(zip(fam[drawn], out.loc[drawn, "split"], strict=True))
    if not known:  # the first draw: whole families until 30 % of the rows
        taken = 0
        first = rows.drop(list(ADDED_LATER & set(rows.index)))
        for name in sorted(first.index, key=draw):
            if taken < TEST_SHARE * first.sum():
                known[name], taken = "test", taken + first[name]
            else:
                known[name] = "dev"
    for name in rows.index.difference(list(known)):
        known[name] = "test" if draw(name) < TEST_SHARE else "dev"
    out["split"] = fam.map(known)
    placed = out["fold"].ne("")
    out["fold"] = fam.map(folds(rows, dict(zip(fam[placed], out.loc[placed, "fold"], strict=True))))
    return out


def folds(rows: pd.Series, stored: dict[str, str]) -> dict[str, str]:
    """Each family's fold: as stored, else the fold with the fewest rows so far."""
    fold = {name: str(f) for name, f in stored.items()}
    size = {str(f): 0 for f in range(1, FOLDS + 1)}
    for name, f in fold.items():
        size[f] += int(rows.get(name, 0))
    todo = rows.index.difference(list(fold))
    # families of the first draw first, then those added later, each in its seeded order
    for name in sorted(todo, key=lambda n: (n in ADDED_LATER, draw(n, "fold"))):
        f = min(size, key=lambda k: (size[k], k))
        fold[name] = f
        size[f] += int(rows[name])
    return fold


def main(path: Path = CORPUS) -> None:
    corpus = pd.read_csv(path, dtype=str, keep_default_na=False)
    done = split(corpus)
    done.to_csv(path, index=False)
    counts = done["split"].value_counts()
    sources = done.groupby("split")["source"].nunique()
    print(
        f"{path.name}: {counts.get('dev', 0)} dev rows ({sources.get('dev', 0)} sources), "
        f"{counts.get('test', 0)} test rows ({sources.get('test', 0)} sources); folds "
        + ", ".join(f"{f}: {n}" for f, n in sorted(done["fold"].value_counts().items()))
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS)
