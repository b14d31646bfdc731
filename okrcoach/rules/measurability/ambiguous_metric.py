"""MEA006 measurability.ambiguous_metric: Metric may be ambiguous ('users': all-time, monthly
active or paying?)."""

from __future__ import annotations

import pandas as pd

from .. import text as tx
from ..base import Rule, Severity, Target
from ..context import Context, rows

_NOUNS = tx.word_list("ambiguous_nouns").alternation()


# The noun must be what is counted: "1 million users", not "calls to target accounts".
_AMBIGUOUS = (
    rf"(?:\d[\d,.]*\s*[km]?|\b(?:{tx.NUMBER_WORDS}))\s+(?:[a-z\-]+\s+){{0,1}}?"
    rf"\b(?P<noun>{_NOUNS})\b"
)


_QUALIFIER = rf"\b{tx.word_list('metric_qualifiers').alternation()}\b|%"


class AmbiguousMetric(Rule):
    """Metric may be ambiguous ('users': all-time, monthly active or paying?).

    ## Why is this a problem?
    "1 million users" can be counted as all-time sign-ups, monthly actives or paying
    customers, and the team will report whichever is largest. Say which.

    ## Example
    "Reach 1 million users"

    ## Use instead
    "Grow weekly active users from 600k to 1 million"
    """

    code = "MEA006"
    name = "measurability.ambiguous_metric"
    severity = Severity.INFO
    target = Target.KEY_RESULT
    question = "Which ones exactly are counted: all-time, monthly active, or paying?"

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        feats, krs = ctx.kr_text, ctx.key_results
        noun = tx.extract(feats.main, _AMBIGUOUS)["noun"]
        candidates = noun.notna() & feats.quantity
        qualified = tx.where(candidates, lambda main: tx.contains(main, _QUALIFIER), feats.main)
        hit = candidates & ~qualified

        def message(i: pd.Index) -> pd.Series:
            return (
                "'" + noun[i].fillna("") + "' may be counted several ways: say which "
                "(weekly active, paying, all-time ...)"
            )

        def suggestion(i: pd.Index) -> pd.Series:
            # only where the noun is what the number counts ("10,000 users"); elsewhere
            # ("feedback from 3 members who joined") the question asks instead
            text = krs["text"][i].fillna("")
            qualified = tx.sub(
                text,
                rf"(?i)(\d[\d,.]*\s*[km]?\+?\s+)({_NOUNS})\b",
                r"\1weekly active \2",
                count=1,
            )
            return qualified.where(qualified.ne(text), None)

        return rows(krs, hit, message=message, suggestion=suggestion, match=noun)
