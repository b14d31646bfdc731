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
    "split": {"dev", "test"},
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


def test_no_reserved_source(corpus):
    for column in ("source", "url", "text", "objective", "notes"):
        assert not corpus[column].str.contains(RESERVED).any(), column


def test_the_split_is_the_stored_seeded_draw(corpus):
    assert split_real_corpus.split(corpus)["split"].equals(corpus["split"])
    redrawn = split_real_corpus.split(corpus.drop(columns="split"))
    assert redrawn["split"].equals(corpus["split"])
    assert abs(corpus["split"].eq("test").mean() - split_real_corpus.TEST_SHARE) < 0.04


def test_a_new_row_is_drawn_and_stored_rows_keep_their_split():
    rows = pd.DataFrame(
        {
            "source": ["A", "B"],
            "text": ["Raise NPS from 30 to 40", "Ship it"],
            "split": ["test", ""],
        }
    )
    done = split_real_corpus.split(rows)
    assert done.at[0, "split"] == "test"
    expected = "test" if split_real_corpus.draw("B", "Ship it") < 0.30 else "dev"
    assert done.at[1, "split"] == expected
