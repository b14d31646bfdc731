"""GAM002 gameability.activity_count: Key result counts activity (calls made, emails sent, features
shipped ...)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import rewrites as rw
from .. import scorecard
from .. import text as tx
from ..activity import activity_count
from ..base import Rule, Severity, Target, option
from ..context import Context, rows


@dataclass(frozen=True)
class ActivityOptions:
    extend_activity_nouns: tuple[str, ...] = option((), "More units of activity.")


class ActivityCount(Rule):
    """Key result counts activity (calls made, emails sent, features shipped ...).

    ## Why is this a problem?
    A count of activity is met by doing more of it, whether or not it works: 600 calls can
    be made to the wrong people. Count what the activity should cause instead.

    ## Example
    "Make 600 calls to target accounts"

    ## Use instead
    "Raise qualified opportunities from outbound from 20 to 35 a month"

    ## Known problems
    A key result that cuts a count ("reduce tickets reopened"), or reads it per unit
    ("meetings held per event"), is not flagged.
    """

    code = "GAM002"
    name = "gameability.activity_count"
    severity = Severity.WARNING
    target = Target.KEY_RESULT
    question = "What should this work change, and how would you see it?"
    options = ActivityOptions

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        krs = ctx.key_results
        counted = activity_count(ctx, self.opts.extend_activity_nouns)
        nouns = tx.word_list("activity_nouns")
        noun = counted.noun
        terms = frozenset(nouns.terms)

        def suggestion(i: pd.Index) -> pd.Series:
            outcome = noun[i].map(nouns.advice.get, na_action="ignore").astype("str")
            # only where the list knows what this activity should cause
            said = (
                rw.toward(outcome)
                + outcome
                + rw.other_baseline(ctx, i)
                + " to <target>"
                + rw.due(ctx, i)
            )
            return said.where(outcome.notna(), None)

        def message(i: pd.Index) -> pd.Series:
            # a quota verb ("process 5000 invoices") names the work, not a unit of activity
            return pd.Series(
                [
                    (
                        f"counts '{n}', an activity"
                        if n in terms
                        else f"sets a quota of work ('{n}')"
                    )
                    + ": it can be met without any effect"
                    for n in _said(noun[i])
                ],
                index=i,
                dtype=object,
            )

        def question(i: pd.Index) -> pd.Series:
            return pd.Series(
                [
                    f"What should these {n} change, and how would you see it?"
                    if n in terms
                    else self.question
                    for n in _said(noun[i])
                ],
                index=i,
                dtype=object,
            )

        hit = counted.hit & scorecard.scored(ctx, "gameable")[1]
        return rows(krs, hit, message=message, question=question, suggestion=suggestion, match=noun)


def _said(nouns: pd.Series) -> list[str]:
    return [n if isinstance(n, str) else "" for n in nouns.tolist()]
