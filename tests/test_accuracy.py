"""The text heuristics keep their measured accuracy (benchmarks/accuracy.py prints it)."""

from __future__ import annotations

import sys

import pandas as pd
import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import accuracy  # noqa: E402


def test_written_corpus_is_large_and_covers_the_functions():
    corpus = pd.read_csv(accuracy.CORPUS, dtype=str, keep_default_na=False)
    assert len(corpus) >= 250
    assert not corpus["text"].duplicated().any()
    assert set(corpus["function"]) >= {
        "sales",
        "marketing",
        "support",
        "engineering",
        "hr",
        "finance",
        "operations",
        "product",
    }
    for column in ("output", "measurable", "gameable"):
        assert set(corpus[column]) == {"0", "1"}
    assert set(corpus["has_baseline"]) == {"0", "1", "-"}


@pytest.mark.parametrize("path", [accuracy.CORPUS, accuracy.HOLDOUT], ids=lambda p: p.name)
def test_written_corpora_keep_their_f1(path):
    table = accuracy.scores(accuracy.written(path)).set_index("label")
    for label in accuracy.LABELS:
        assert table.at[label, "f1"] >= accuracy.WRITTEN_GOAL, table


def test_baselines_score_what_they_claim():
    corpus = accuracy.real("dev")
    everything = accuracy.scores(corpus, "flag-everything").set_index("label")
    assert (everything["recall"] == 1.0).all()
    assert (everything["mcc"] == 0.0).all()
    naive = accuracy.scores(corpus, "naive").set_index("label")
    assert naive.at["not measurable", "f1"] > 0.5
    assert set(naive["n"]) == {len(corpus)}
