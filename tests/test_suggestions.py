"""Every rewrite the rules suggest on the published corpus reads as something a person
would accept: short placeholders, no sentence in angle brackets, no doubled words, and no
'from <baseline>' where the key result already states one."""

from __future__ import annotations

import re
import sys

import pandas as pd
import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import accuracy  # noqa: E402

import okrcoach  # noqa: E402
from okrcoach import GoalSet  # noqa: E402

PLACEHOLDER = re.compile(r"<([^<>]*)>")
PRONOUNS_AND_VERBS = re.compile(
    r"measure of\s+(?:we|our|us|they|their|it|its|i|my|you|your|he|she|this|that|these|"
    r"is|are|was|were|be|been|have|has|had|do|does|can|will|should|must|get|make|"
    r"launch|build|ship|create|implement|write|publish|hold|hire|run|develop|complete)\b",
    re.IGNORECASE,
)
DOUBLED = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def suggestions() -> pd.DataFrame:
    corpus = pd.read_csv(accuracy.REAL, dtype=str, keep_default_na=False)
    n = len(corpus)
    objectives = pd.DataFrame(
        {
            "objective_id": [f"O{i}" for i in range(n)],
            "title": corpus["objective"].where(corpus["objective"].ne(""), "(no objective)"),
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
    found = okrcoach.lint(GoalSet.from_frames(objectives=objectives, key_results=krs))
    found = found[found["kr_id"].notna() & found["suggestion"].notna()]
    labels = dict(zip(krs["kr_id"], corpus["has_baseline"], strict=True))
    texts = dict(zip(krs["kr_id"], corpus["text"], strict=True))
    return found.assign(
        text=found["kr_id"].map(texts), has_baseline=found["kr_id"].map(labels).eq("true")
    )


def _report(bad: pd.DataFrame) -> str:
    return "\n".join(f"{r.code}: {r.text!r} -> {r.suggestion!r}" for r in bad.itertuples())


def test_the_rules_make_suggestions_on_the_corpus(suggestions):
    assert len(suggestions) > 300
    assert suggestions["code"].nunique() >= 8


def _own_words(placeholder: str) -> str:
    """What a placeholder quotes of the key result ("<what the X should change>": X)."""
    return re.sub(r"^what (?:the )?| should change$", "", placeholder)


def test_placeholders_are_short(suggestions):
    long = suggestions["suggestion"].map(
        lambda s: any(len(_own_words(p)) > 40 for p in PLACEHOLDER.findall(s))
    )
    assert not long.any(), _report(suggestions[long])


def test_no_pronoun_or_verb_after_measure_of(suggestions):
    bad = suggestions["suggestion"].str.contains(PRONOUNS_AND_VERBS)
    assert not bad.any(), _report(suggestions[bad])


def test_no_doubled_words(suggestions):
    # doubled words the key result itself holds ("6 months months") are the author's
    bad = pd.Series(
        [
            any(
                m.group(0).lower() not in text.lower()
                for m in DOUBLED.finditer(PLACEHOLDER.sub("", s))
            )
            for s, text in zip(suggestions["suggestion"], suggestions["text"], strict=True)
        ],
        index=suggestions.index,
    )
    assert not bad.any(), _report(suggestions[bad])


def test_no_baseline_asked_for_where_one_is_stated(suggestions):
    bad = suggestions["has_baseline"] & suggestions["suggestion"].str.contains("from <baseline>")
    assert not bad.any(), _report(suggestions[bad])


def test_questions_about_a_metric_agree_with_it():
    from okrcoach.rules.wording import stands

    assert stands("NPS") == "does the NPS stand"
    assert stands("new leads") == "do the new leads stand"
    assert stands("KPIs") == "do the KPIs stand"
    assert stands("our status") == "does our status stand"
