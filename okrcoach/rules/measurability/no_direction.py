"""MEA007 measurability.no_direction: Key result does not say which way the metric should move."""

from __future__ import annotations

import pandas as pd

from .. import text as tx
from ..base import Rule, Severity, Target
from ..context import Context, rows


class NoDirection(Rule):
    """Key result does not say which way the metric should move.

    ## Why is this a problem?
    Progress cannot be computed when it is unclear whether the number should go up, down or
    stay. Declare it in the direction column, or say it in the text (raise, cut, keep).

    ## Example
    "Customer satisfaction 4.6"

    ## Use instead
    "Raise customer satisfaction from 4.3 to 4.6"
    """

    code = "MEA007"
    name = "measurability.no_direction"
    severity = Severity.INFO
    target = Target.KEY_RESULT

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        feats, krs = ctx.kr_text, ctx.key_results
        verbs = {
            *tx.INCREASE_VERBS,
            *tx.DECREASE_VERBS,
            *tx.MAINTAIN_VERBS,
            *tx.word_list("vague_verbs").terms,
            *tx.word_list("output_verbs").terms,
        }
        said = tx.in_list(feats.verb, verbs) | tx.in_list(feats.verb2, verbs)
        from_to = feats.text_baseline.notna() & feats.text_target.notna()
        hit = krs["direction"].isna() & ~said & ~from_to & feats.quantity
        return rows(
            krs,
            hit,
            message="no direction: increase, decrease or maintain?",
            suggestion="Raise|Cut|Keep " + krs["text"].fillna(""),
            match=None,
        )
