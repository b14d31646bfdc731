"""Scorecards: how OUT001 and the gameability rules weigh what they read in a key result.

Word lists and a decision table name *evidence* (``evidence.py``: a task verb, a
deliverable done, a metric next to a number ...). Real key results carry several pieces
at once, and some pieces point both ways: "launch" leads outputs, but "launch 3 pilots
with 40 % activation" holds a metric too. A scorecard weighs the pieces: a linear model
over named, yes-or-no features, read from the sentence's structure as well as its words:

- the part of speech the first word can have (lemminflect's lemma tables: "renegotiate"
  can only be a verb, "dashboard" only a noun, "launch" either);
- the head of the phrase that carries the number (a person, an artefact, an activity, a
  measured quantity, a unit);
- a metric lexicon (``data/metric_terms.txt``, with the glossaries it comes from);
- the evidence kinds of ``evidence.py`` and the counts, vanity words, proxies and
  guardrails of the gameability rules.

The weights are data (``data/scorecard.json``): fitted by ``scripts/fit_scorecard.py`` on
the development sources of ``tests/data/real_krs.csv`` and the written corpus only, with
their provenance. The package only reads them; no corpus sentence is looked up. Every
finding names the evidence that weighed most.
"""

from __future__ import annotations

import contextvars
import dataclasses
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .sentence import FEATURES, features

if TYPE_CHECKING:
    from .context import Context


@dataclasses.dataclass(frozen=True)
class Scorecard:
    """One label's linear model: an intercept, weights by feature and a threshold."""

    label: str
    intercept: float
    weights: dict[str, float]
    threshold: float

    def probability(self, features: pd.DataFrame) -> pd.Series:
        names = [n for n in self.weights if n in features]
        z = self.intercept + features[names].to_numpy(dtype=float) @ np.array(
            [self.weights[n] for n in names]
        )
        return pd.Series(1 / (1 + np.exp(-z)), index=features.index)

    def evidence(self, features: pd.DataFrame, rows: pd.Index, most: int = 3) -> pd.Series:
        """For the rows given: the present features that weighed most towards the label."""
        names = [n for n, w in self.weights.items() if w > 0 and n in features and n not in UNSHOWN]
        weights = np.array([self.weights[n] for n in names])
        values = features.loc[rows, names].to_numpy(dtype=float) * weights
        order = np.argsort(-values, axis=1, kind="stable")[:, :most]
        present = np.take_along_axis(values, order, axis=1) > 0
        # rows repeat the same few patterns: each distinct one is spelled once
        keys = np.where(present, order, -1)
        patterns, codes = np.unique(keys, axis=0, return_inverse=True)
        spelled = [
            ", ".join(shown(FEATURES.get(names[j], names[j])) for j in pattern if j >= 0)
            for pattern in patterns
        ]
        return pd.Series(
            np.array(spelled, dtype=object)[codes.reshape(-1)] if len(rows) else [],
            index=rows,
            dtype=object,
        )


#: Features that weigh in but say nothing to the author about the key result.
UNSHOWN = frozenset({"long", "short"})
#: A description's examples, in parentheses at its end: for the docs, not for a finding.
_EXAMPLES = re.compile(r"\s*\((?:[^()]|\([^()]*\))*\)$")


def shown(description: str) -> str:
    """A feature's description as a finding gives it: without its examples."""
    return _EXAMPLES.sub("", description)


def _load(text: str) -> dict[str, Scorecard]:
    data = json.loads(text)
    return {
        label: Scorecard(label, float(m["intercept"]), dict(m["weights"]), float(m["threshold"]))
        for label, m in data["labels"].items()
    }


@cache
def shipped() -> dict[str, Scorecard]:
    """The scorecards shipped in the package (``data/scorecard.json``)."""
    return _load(resources.files("okrcoach.rules").joinpath("data/scorecard.json").read_text())


_OVERRIDE: contextvars.ContextVar[dict[str, Scorecard] | None] = contextvars.ContextVar(
    "scorecards", default=None
)


@contextmanager
def using(cards: dict[str, Scorecard]) -> Iterator[None]:
    """Lint with other scorecards (cross-validation refits them per fold)."""
    token = _OVERRIDE.set(cards)
    try:
        yield
    finally:
        _OVERRIDE.reset(token)


def card(label: str) -> Scorecard:
    return (_OVERRIDE.get() or shipped())[label]


def from_fit(label: str, names: list[str], coef, intercept: float, threshold: float) -> Scorecard:
    return Scorecard(
        label,
        float(intercept),
        {n: round(float(w), 4) for n, w in zip(names, coef, strict=True)},
        float(threshold),
    )


def scored(ctx: Context, label: str) -> tuple[pd.Series, pd.Series]:
    """The probability of a label per key result, and whether it passes the threshold."""

    def compute():
        sc = card(label)
        p = sc.probability(features(ctx))
        return p, p.ge(sc.threshold)

    return ctx.memo(("scorecard", label, id(card(label))), compute)


def evidence(ctx: Context, label: str, rows: pd.Index) -> pd.Series:
    return card(label).evidence(features(ctx), rows)
