"""MEA007 measurability.no_direction: Key result does not say which way the metric should move."""

from __future__ import annotations

import re

import pandas as pd

from .. import lexicon
from .. import text as tx
from ..base import Rule, Severity, Target
from ..context import Context, rows


class NoDirection(Rule):
    """Key result does not say which way the metric should move.

    ## Why is this a problem?
    Progress cannot be computed when it is unclear whether the number should go up, down or
    stay. Declare it in the direction column, or say it in the text (raise, cut, keep).

    ## Example
    "Weekly sessions per seat 3.5"

    ## Use instead
    "Raise weekly sessions per seat from 2.8 to 3.5"

    ## How it decides
    Only where nothing in the key result gives the direction: not a direction word
    anywhere in the sentence ("... so that churn drops to 2%"), not a bound or comparison
    ("no more than 2 days", "≥ 95%", "10+", "at least 40", "under 2 s"), not a metric whose
    good direction is known (churn, cost and latency down; revenue, NPS and activation
    up), not a count to reach ("20 new clubs"), and no
    direction declared in the ``direction`` column.
    """

    code = "MEA007"
    name = "measurability.no_direction"
    severity = Severity.INFO
    target = Target.KEY_RESULT
    question = "Should this number go up, go down, or hold at this level?"

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
        candidates = krs["direction"].isna() & ~said & ~from_to & feats.quantity
        # the direction read anywhere: a bound, a comparison, a direction word later in the
        # sentence, a metric whose good direction is known, or a count to reach
        given = tx.where(candidates, lambda low: tx.contains(low, _DIRECTION_SAID), feats.low)
        # only a bare value of a metric ("weekly sessions per seat 3.5"): a sentence with a
        # verb ("ratify the budget", "80% completed") or a target ("to $100k", "→ 80%")
        # says what should happen
        bare = tx.where(candidates & ~given, _bare_value, feats.main)
        hit = candidates & ~given & bare
        return rows(
            krs,
            hit,
            message="no direction: should the number go up, go down or hold?",
            suggestion=None,
            match=None,
        )


def _bare_value(main: pd.Series) -> pd.Series:
    """A value of a metric with nothing said about it: no verb anywhere, no word that can
    be a verb first, no target ("to $100k", "-> 80%"), no share to reach ("80% of ...")."""
    lead = lexicon.lead_classes(main, main)
    # a measure at all: a metric the lexicon knows, a rate or a percentage ("1 privacy
    # project investment", "a three-month trial" count or size work, not a metric)
    measure = tx.contains(
        main, tx.bounded(tx.word_list("metric_terms").pattern()) + r"|%|\bper\b|\brate\b"
    )
    share = tx.contains(main, r"%\s+of\b") & ~tx.contains(main, r"\bat\s+[\d.,]+\s*%")
    return (
        measure
        & ~lexicon.any_verb(main)
        & ~lead["lead:verb only"]
        # "change the type ...": a word that can be a verb, before a determiner or number
        & ~(lead["lead:verb or noun"] & tx.contains(main, r"^\S+\s+(?:the|a|an|our|all|\d)"))
        & ~tx.contains(main, _TARGET_SAID)
        & ~tx.contains(main, _SAYS_ITSELF)
        & ~share
    )


#: Values whose direction goes without saying: an amount to raise ("$1M in Europe"), a
#: range to land in ("10-20 submissions"), a level near the top to keep ("99% stability"),
#: a habit ("one hour weekly").
_SAYS_ITSELF = (
    r"[$€£¥₽₹₩₺₴₦₱]|\d\s*(?:-|–|to)\s*\d|\b(?:9\d|100)(?:\.\d+)?\s*%|"
    r"\b(?:hours?|minutes?|times?)\s+(?:daily|weekly|monthly|a\s+(?:day|week|month)|"
    r"per\s+(?:day|week|month))\b"
)
_TARGET_SAID = (
    r"\bto\s+[$€£¥₽₹₩₺₴₦₱]?\d|\bto\s+[a-z]+\b|→|->|=>|\bas\s+\w+\s+as\b|\b(?:complete|completed|done|finished|"
    r"achieved|met|reached|passed|ready|live|approved|signed|merged|launched|shipped)\b|"
    r"\d+\s*/\s*\d+|\bout\s+of\b|\bof\s+(?:the|our|all)\b"
)


def _direction_words() -> str:
    words = {*tx.INCREASE_VERBS, *tx.DECREASE_VERBS, *tx.MAINTAIN_VERBS}
    forms = set()
    for w in words:
        if " " in w:
            forms.add(w)
            continue
        stem = w[:-1] if w.endswith("e") else w
        forms |= {w, w + "s", w + "es", stem + "ed", stem + "ing", w + "d"}
    forms |= {
        "rises",
        "rose",
        "grows",
        "grew",
        "falls",
        "fell",
        "drops",
        "dropped",
        "goes up",
        "goes down",
        "stays",
        "remains",
        "down to",
        "up to",
        "halved",
        "doubled",
        "speed up",
        "pay down",
        "pay off",
        "bring down",
        "drive down",
        "scale up",
        "ramp up",
        "step up",
        "by a factor",
    }
    return "|".join(sorted((re.escape(f) for f in forms), key=len, reverse=True))


#: Anything that says which way: bounds and comparisons ("no more than", "≥", "10+", "at
#: least", "under 2 s"), a direction word anywhere, a metric whose good direction is known,
#: a count to reach ("20 new clubs").
_DIRECTION_SAID = (
    r"[<>≤≥]|\d\s*\+|\+\s*\d|\b(?:at\s+least|at\s+most|no\s+more\s+than|no\s+less\s+than|"
    r"not\s+more\s+than|more\s+than|less\s+than|fewer\s+than|greater\s+than|under|over|above|"
    r"below|within|up\s+to|maximum|minimum|max|min|or\s+(?:more|less|fewer|better|higher|lower|"
    r"above|below|greater)|better|faster|higher|lower|fewer|less|more|zero|no|all|every|each|"
    r"double|triple|halve|twice|as\s+(?:many|much)|times\s+(?:more|as)|eliminate\w*|reach\w*|achiev\w*|hit|get|have|has|gain\w*|win|"
    r"exceed\w*|surpass\w*|top|beat|new|additional|another|target|goal|"
    r"churn|cost|costs|latency|errors?|incidents?|defects?|bugs?|downtime|outages?|time\s+to|"
    r"response\s+time|resolution\s+time|wait\w*|backlog|attrition|turnover|"
    r"revenue|arr|mrr|nps|csat|retention|activation|conversion|adoption|uptime|availability|"
    r"satisfaction|margin|profit|sales|users|customers|members|signups|sign-ups|accuracy|"
    rf"coverage|pass\s+rate|success\s+rate|score)\b|\b(?:{_direction_words()})\b|"
    r"\b\d[\d,.]*\s*[km]?\+?\s+(?:[a-z\-]+\s+){0,2}?[a-z]+s\b"
)
