"""The real key-result corpus: labelled by the rubric, attributed, and split as stored."""

from __future__ import annotations

import re
import sys

import pandas as pd
import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import split_real_corpus  # noqa: E402

LABELS = {
    "output_or_outcome": {"output", "outcome", "unclear"},
    "measurable": {"true", "false"},
    "has_baseline": {"true", "false"},
    "gameable": {"true", "false"},
    "label_confidence": {"high", "low"},
    "personal_habit": {"true", "false"},
    "round": {"1", "2"},
    "split": {"dev", "test"},
    "fold": {"1", "2", "3", "4", "5"},
}
# Kept for an independent evaluation: none of their text may be in the corpus.
RESERVED = re.compile(
    r"sourcegraph|gitlab|posthog|ipfs|protocol labs|nodejs|wevolver|wikimedia|"
    r"scaled by design|yaniv|gothelf|seiden|teresa torres|coderssecret|businessmap|"
    r"okr quickstart|weekdone|okcommit|visual paradigm|perdoo|weekplan|devokr|logikfabrik|"
    r"\batos\b|\bflock\b|google ventures",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    return pd.read_csv(split_real_corpus.CORPUS, dtype=str, keep_default_na=False)


def test_every_row_is_labelled_by_the_rubric_and_attributed(corpus):
    for column, values in LABELS.items():
        assert set(corpus[column]) <= values, column
    for column in ("source", "url", "read", "licence", "function", "text"):
        assert corpus[column].str.strip().ne("").all(), column
    assert not corpus.duplicated(["source", "text"]).any()
    assert corpus["text"].str.len().max() <= 250  # short statements only


def test_the_corpus_looks_like_what_organisations_publish(corpus):
    assert len(corpus) >= 1000
    assert corpus["source"].nunique() >= 80
    assert corpus["source"].value_counts(normalize=True).max() <= 0.08
    assert corpus["personal_habit"].eq("true").mean() < 0.05


def test_no_reserved_source(corpus):
    for column in ("source", "url", "text", "objective", "notes"):
        assert not corpus[column].str.contains(RESERVED).any(), column


def test_the_split_is_the_stored_seeded_draw(corpus):
    assert split_real_corpus.split(corpus)[["split", "fold"]].equals(corpus[["split", "fold"]])
    redrawn = split_real_corpus.split(corpus.drop(columns=["split", "fold"]))
    assert redrawn[["split", "fold"]].equals(corpus[["split", "fold"]])
    assert abs(corpus["split"].eq("test").mean() - split_real_corpus.TEST_SHARE) < 0.04


def test_whole_sources_are_held_out_never_rows(corpus):
    families = corpus["source"].map(split_real_corpus.family)
    for column in ("split", "fold"):
        per_family = corpus.groupby(families)[column].nunique()
        assert per_family.eq(1).all(), per_family[per_family.gt(1)]
    sizes = corpus["fold"].value_counts()
    assert sizes.max() - sizes.min() <= 0.1 * len(corpus) / split_real_corpus.FOLDS


def test_sources_that_write_alike_are_one_family():
    assert split_real_corpus.family("CeLatam (Celo proposal)") == "Celo governance proposals"
    assert split_real_corpus.family("performance.gov, SBA") == "US federal performance reports"
    assert split_real_corpus.family("Mozilla") == "Mozilla"


def test_a_new_source_is_drawn_alone_and_stored_ones_keep_their_split():
    rows = pd.DataFrame(
        {
            "source": ["A", "A", "B"],
            "text": ["Raise NPS from 30 to 40", "Cut churn to 2%", "Ship it"],
            "split": ["test", "", ""],
            "fold": ["3", "", ""],
        }
    )
    done = split_real_corpus.split(rows)
    assert done["split"].tolist()[:2] == ["test", "test"]
    assert done["fold"].tolist()[:2] == ["3", "3"]
    expected = "test" if split_real_corpus.draw("B") < split_real_corpus.TEST_SHARE else "dev"
    assert done.at[2, "split"] == expected
