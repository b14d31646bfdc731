"""The scorecards: weights that are data, fitted where the provenance says, and read back."""

from __future__ import annotations

import hashlib
import json
import sys

import pandas as pd
import pytest
from conftest import ROOT

import okrcoach
from okrcoach.rules import scorecard, sentence

sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "benchmarks"))
import accuracy  # noqa: E402
import fit_scorecard  # noqa: E402

SHIPPED = ROOT / "okrcoach" / "rules" / "data" / "scorecard.json"


@pytest.fixture(scope="module")
def shipped() -> dict:
    return json.loads(SHIPPED.read_text(encoding="utf-8"))


def test_every_weight_is_a_named_feature(shipped):
    for label, card in shipped["labels"].items():
        assert set(card["weights"]) <= set(sentence.FEATURES), label
        assert 0 < card["threshold"] < 1


def test_the_weights_come_from_the_corpus_they_name(shipped):
    digest = hashlib.sha256(accuracy.REAL.read_bytes()).hexdigest()
    assert shipped["provenance"]["real_krs.csv sha256"] == digest, "refit: scripts/fit_scorecard.py"
    rows = fit_scorecard.training_rows(accuracy.real("dev"))
    cards, _ = fit_scorecard.fit(rows)
    for label, card in cards.items():
        stored = shipped["labels"][label]
        assert card.threshold == stored["threshold"]
        assert card.intercept == pytest.approx(stored["intercept"], abs=1e-3)
        refit = {k: v for k, v in card.weights.items() if v != 0}
        assert refit.keys() == stored["weights"].keys()
        for name, weight in refit.items():
            assert weight == pytest.approx(stored["weights"][name], abs=1e-3), name


def test_no_test_row_is_in_the_training_rows():
    rows = fit_scorecard.training_rows(accuracy.real("dev"))
    test = accuracy.real("test")
    assert not set(rows["source"]) & set(test["source"])


def test_a_finding_names_the_evidence_that_weighed_most():
    found = okrcoach.lint_draft("Make paying effortless", ["Secure approval of the plan"])
    out = found[found["code"].eq("OUT001")]
    assert len(out) == 1
    message = out["message"].iloc[0]
    assert "(" in message and ")" in message and "output" in message


def test_other_scorecards_can_be_used_for_a_while():
    text = "Launch the new checkout page"
    assert "OUT001" in set(okrcoach.lint_draft("x", [text])["code"])
    never = scorecard.Scorecard("output", -50.0, {}, 0.5)
    with scorecard.using({**scorecard.shipped(), "output": never}):
        assert "OUT001" not in set(okrcoach.lint_draft("x", [text])["code"])
    assert "OUT001" in set(okrcoach.lint_draft("x", [text])["code"])


def test_features_are_yes_or_no_per_key_result():
    found = accuracy.features_of(
        pd.DataFrame(
            {"text": ["Publish 10 blog posts", "Cut churn from 3% to 2%"], "objective": "x"}
        )
    )
    assert list(found.columns) == list(sentence.FEATURES)
    assert found.dtypes.eq(bool).all()
    assert found.loc[0, "work sized by a count"] and not found.loc[1, "work sized by a count"]
    assert found.loc[1, "baseline"] and found.loc[1, "decrease"]


def test_findings_name_their_evidence_without_the_docs_examples():
    from okrcoach.rules.scorecard import UNSHOWN, shown
    from okrcoach.rules.sentence import FEATURES

    assert shown(FEATURES["dated"]) == "a deadline date"
    assert shown(FEATURES["work sized by a count"]) == "work whose size is a count of things"
    assert all("(" not in shown(text) for text in FEATURES.values())
    assert UNSHOWN <= set(FEATURES)
