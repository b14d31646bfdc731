"""MEA003 measurability.vague_verb: Key result uses a vague verb with a number but no measure."""

from __future__ import annotations

import pandas as pd

from .. import rewrites as rw
from .. import text as tx
from ..base import Rule, Severity, Target
from ..context import Context, rows


class VagueVerb(Rule):
    """Key result uses a vague verb with a number but no measure.

    ## Why is this a problem?
    "Improve onboarding by 20%" has a number, but 20% of what? A vague verb (improve,
    optimise, enhance) hides which measure moves; without it the number cannot be checked.

    ## Example
    "Improve onboarding by 20%"

    ## Use instead
    "Raise week-one activation from 35% to 42%"

    ## Known problems
    Without a number the key result is caught by MEA001 instead, so one draft line does not
    collect two findings for one mistake.
    """

    code = "MEA003"
    name = "measurability.vague_verb"
    severity = Severity.WARNING
    target = Target.KEY_RESULT
    question = "Which measure should move, and by how much?"

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        feats, krs = ctx.kr_text, ctx.key_results
        vague = tx.in_list(feats.verb, tx.word_list("vague_verbs").terms)
        hit = vague & feats.quantity & ~feats.baseline_in_text & krs["baseline"].isna()
        # "ensure that at least 50% of co-hosts are ...": the share is the measure
        hit &= ~tx.where(hit, lambda m: tx.contains(m, r"%\s+of\b|\bper\b|\brate\b"), feats.main)

        def suggestion(i: pd.Index) -> pd.Series:
            measure = rw.measure_of(krs["text"][i])
            return rw.toward(measure) + measure + rw.from_baseline(ctx, i) + " to <target>"

        def message(i: pd.Index) -> pd.Series:
            return "'" + feats.verb[i] + "' says which way, not which measure moves"

        return rows(krs, hit, message=message, suggestion=suggestion, match=feats.verb)
