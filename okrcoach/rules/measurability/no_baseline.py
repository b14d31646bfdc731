"""MEA002 measurability.no_baseline: Key result has no baseline (no starting value)."""

from __future__ import annotations

import pandas as pd

from .. import rewrites as rw
from .. import scorecard
from .. import text as tx
from ..base import Rule, Severity, Target
from ..context import Context, rows
from ..wording import stands


class NoBaseline(Rule):
    """Key result has no baseline (no starting value).

    ## Why is this a problem?
    "Reach 95%" means something very different from 94% than from 60%. Without the starting
    value nobody can judge the ambition, or the progress at a check-in.

    ## Example
    "Reach 95% first-contact resolution"

    ## Use instead
    "Raise first-contact resolution from 62% to 75%"

    A key result that keeps a level ("keep availability above 99.9%") is flagged too, with
    its own message: whether holding 99.9% is a stretch depends on where it stands today.
    """

    code = "MEA002"
    name = "measurability.no_baseline"
    severity = Severity.WARNING
    target = Target.KEY_RESULT
    question = "What is this number today, so progress can be judged?"

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        feats, krs = ctx.kr_text, ctx.key_results
        measurable = feats.quantity | krs["target"].notna()
        hit = (
            measurable
            & ~feats.baseline_in_text
            & krs["baseline"].isna()
            & ~krs["direction"].eq("achieve")
            # work sized by a number ("publish 10 posts") has no level to start from: OUT001
            # asks for the outcome instead
            & ~scorecard.scored(ctx, "output")[1]
        )

        # "vs. the previous quarter", "compared with 2024": the start is named, not given
        compared = tx.contains(
            feats.low,
            r"\b(?:vs\.?|versus|compared\s+(?:to|with)|than|over)\s+(?:the\s+)?(?:previous|last|prior|"
            r"same|corresponding)\b|\b(?:year[\s\-]over[\s\-]year|yoy|qoq|month[\s\-]over[\s\-]month)\b|"
            r"\bcompared\s+(?:to|with)\s+(?:q[1-4]\s+)?(?:19|20)\d\d\b",
        )

        def suggestion(i: pd.Index) -> pd.Series:
            text = krs["text"][i].fillna("")
            # an empty slot ("from to 9.5") is filled, not doubled
            with_from = tx.sub(
                text,
                r"(?i)\b(?:from\s+)?(to\s+[$€£¥₽₹₩₺₴₦₱]?\d|by\s+(?:[$€£¥₽₹₩₺₴₦₱]?\d[\d.,]*\s*(?:%|(?:percent|points?|pp|x)\b)|"
                r"a\s+factor))",
                r"from <baseline> \1",
                count=1,
            )
            # "from <baseline>" beside the number it belongs to, or no rewrite: after a full
            # stop or a date it reads as garbled (the coaching question asks instead)
            return with_from.where(with_from.ne(text), None)

        return rows(
            krs,
            hit,
            message=lambda i: feats.maintain[i].map(
                {
                    True: "keeps a level but does not say where it stands today: is holding "
                    "it a stretch or a given?",
                    False: "no baseline: the starting value is not stated",
                }
            ),
            question=lambda i: named_question(krs["text"][i], self.question).where(
                ~compared[i],
                "What was the number in the period you compare with, and what is it today?",
            ),
            suggestion=lambda i: suggestion(i).where(~compared[i], None),
            match=None,
        )


def named_question(texts: pd.Series, generic: str) -> pd.Series:
    """'Where does the conversion rate stand today, so progress can be judged?' where the
    engine is sure which metric the key result names, else the generic question."""
    metric = rw.metric_phrase(texts)
    return pd.Series(
        [
            f"Where {stands(m)} today, so progress can be judged?"
            if isinstance(m, str)
            else generic
            for m in metric.tolist()
        ],
        index=texts.index,
        dtype=object,
    )
