"""GAM001 gameability.vanity_metric: Key result targets a vanity metric."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import rewrites as rw
from .. import scorecard
from .. import text as tx
from ..base import Rule, Severity, Target, option
from ..context import Context, rows
from ..gaming import vanity_terms


@dataclass(frozen=True)
class VanityOptions:
    extend_vanity_terms: tuple[str, ...] = option((), "More vanity metrics, e.g. 'stars'.")


class VanityMetric(Rule):
    """Key result targets a vanity metric.

    ## Why is this a problem?
    Page views, impressions, followers or open rates can rise while no customer is better
    off, and they are easy to inflate. Target the downstream outcome they are meant to lead
    to, and keep the vanity number as a diagnostic if you like.

    ## Example
    "Reach 1M page views on the blog"

    ## Use instead
    "Raise demo requests from blog readers from 40 to 90 a month"

    ## Known problems
    A media team whose product is reach may legitimately target views. A vanity word used
    as the source of an outcome ("sign-ups from website visitors"), as the base of a rate
    ("visitor-to-trial conversion") or in a key result that cuts it is not flagged.

    ## References
    - Practice guides on gameable key results (impressions, page views, open rate).
    """

    code = "GAM001"
    name = "gameability.vanity_metric"
    severity = Severity.WARNING
    target = Target.KEY_RESULT
    question = (
        "What would people do differently if this number rose, and can you measure that instead?"
    )
    options = VanityOptions

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        krs = ctx.key_results
        terms = tx.word_list("vanity_terms")
        term, vanity = vanity_terms(ctx, self.opts.extend_vanity_terms)
        hit = vanity & scorecard.scored(ctx, "gameable")[1]

        def suggestion(i: pd.Index) -> pd.Series:
            outcome = (
                term[i]
                .map(
                    lambda t: terms.advice.get(t, "the outcome it should lead to"),
                    na_action="ignore",
                )
                .astype("str")
            )
            return (
                rw.toward(outcome)
                + outcome.fillna("")
                + rw.other_baseline(ctx, i)
                + " to <target>"
                + rw.due(ctx, i)
            )

        def message(i: pd.Index) -> pd.Series:
            return (
                "'" + term[i].fillna("") + "' may be a vanity metric: it can rise without "
                "customers being better off"
            )

        def question(i: pd.Index) -> pd.Series:
            return (
                "If " + term[i].fillna("this number") + " rose, what would people do "
                "differently, and can you count that instead?"
            )

        return rows(krs, hit, message=message, question=question, suggestion=suggestion, match=term)
