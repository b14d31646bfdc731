"""MEA001 measurability.no_number: Key result has no number or target to check at the end of the
period."""

from __future__ import annotations

import pandas as pd

from .. import rewrites as rw
from ..base import Rule, Severity, Target
from ..context import Context, fmt, rows
from ..evidence import outcome_evidence
from ..wording import plural, stands


def _direction_word(ctx: Context) -> pd.Series:
    decrease = ctx.kr_text.decrease
    return pd.Series("Raise", index=decrease.index).where(~decrease, "Cut")


def _messages(ctx: Context, empty: pd.Series) -> pd.Series:
    """What is missing: a number to check at all, or, for a task (checked by whether it
    was done), a number for its effect."""
    krs = ctx.key_results
    message = pd.Series(
        "no number or target: whether it was met cannot be checked at the end of the period",
        index=krs.index,
    )
    # a task is checked by whether it was done; what it lacks is a number for its effect
    task = outcome_evidence(ctx).work.ne("")
    message = message.where(
        ~task,
        "no number: it can only be done or not done, which says nothing of what it changed",
    )
    message = message.where(~empty, "the key result is empty")
    return message


class NoNumber(Rule):
    """Key result has no number or target to check at the end of the period.

    ## Why is this a problem?
    Without a number, whether the key result was met is a matter of opinion, and a grade
    at the end of the quarter is a guess. A key result needs a target value, best with a
    baseline, a unit and a date.

    ## Example
    "Improve the help centre"

    ## Use instead
    "Raise help-centre searches that end in an article read from 55% to 75%"
    """

    code = "MEA001"
    name = "measurability.no_number"
    severity = Severity.ERROR
    target = Target.KEY_RESULT
    question = "Which number would tell you this worked, and what is it today?"

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        feats, krs = ctx.kr_text, ctx.key_results
        hit = ~feats.quantity & krs["target"].isna() & feats.low.ne("")
        empty = feats.low.eq("")
        hit = hit | empty

        def suggestion(i: pd.Index) -> pd.Series:
            # work ("launch the beta") is measured by what it moves; a state by itself
            work = outcome_evidence(ctx).work[i].ne("")
            thing = rw.measure_of(krs["text"][i]).where(~work, rw.metric_for_work(krs["text"][i]))
            lower = thing.map(rw.lower_is_better) & ~work
            verb = _direction_word(ctx)[i].where(~work & ~lower, "Raise").where(~lower, "Cut")
            return (
                verb
                + " "
                + thing
                + rw.from_baseline(ctx, i)
                + " to "
                + fmt(ctx.target[i], "<target>")
                + rw.due(ctx, i)
            )

        message = _messages(ctx, empty)

        def question(i: pd.Index) -> pd.Series:
            found = outcome_evidence(ctx)
            goal = rw.goal_of(ctx, i)
            metric = rw.metric_phrase(krs["text"][i]).fillna(rw.named_metric(krs["text"][i]))
            work = rw.work_phrase(krs["text"][i])
            asked = []
            for m, p, v, k, g in zip(
                metric.tolist(),
                work.tolist(),
                found.work_term[i].astype(str).tolist(),
                found.work[i].astype(str).tolist(),
                goal.tolist(),
                strict=True,
            ):
                if isinstance(m, str) and not k:
                    it = "they" if plural(m) else "it"
                    asked.append(f"Where {stands(m)} today, and where should {it} be?")
                elif isinstance(p, str):
                    asked.append(
                        f"Which number would show it worked {rw.once_done(p, rw.finished(v, k))},"
                        " and what is it today?"
                    )
                elif isinstance(g, str):
                    asked.append(f"Which number would show progress on {g}, and what is it today?")
                else:
                    asked.append(self.question)
            return pd.Series(asked, index=i, dtype=object)

        return rows(krs, hit, message=message, question=question, suggestion=suggestion, match=None)
