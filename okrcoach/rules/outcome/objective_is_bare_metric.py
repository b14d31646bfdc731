"""OUT003 outcome.objective_is_bare_metric: Objective is a bare metric, not a qualitative goal."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import text as tx
from ..base import Rule, Severity, Target, option
from ..context import Context, rows


@dataclass(frozen=True)
class BareMetricOptions:
    max_words: int = option(3, "Titles with at most this many words and no verb are flagged.")


class ObjectiveIsBareMetric(Rule):
    """Objective is a bare metric, not a qualitative goal.

    ## Why is this a problem?
    "Revenue" or "NPS 40" names a number to watch, which is a KPI. An objective should
    say, in words people remember, what the team wants to be true and why; the numbers
    belong in its key results.

    ## Example
    "Sign-ups"

    ## Use instead
    "Small firms choose us without needing a sales call"

    ## Options
    """

    code = "OUT003"
    name = "outcome.objective_is_bare_metric"
    severity = Severity.WARNING
    target = Target.OBJECTIVE
    question = "Why does this number matter: what goal is it a measure of?"
    options = BareMetricOptions

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        obj = ctx.objectives
        words = tx.count(obj["low"], r"[a-z0-9][a-z0-9\-']*")
        verbs = tx.word_list("sentence_verbs").alternation()
        has_verb = tx.contains(
            obj["low"],
            rf"\b(?:{verbs}|"
            r"[a-z]+s\s+(?:the|a|an|our|their|every|more|less|fast|faster)\b)\b",
        )
        short = (words <= self.opts.max_words) & ~has_verb & words.gt(0)
        metric = tx.contains(obj["low"], r"\d") & (words <= 6) & ~has_verb
        hit = short | metric
        message = (
            "'"
            + obj["title"]
            + "' names a metric, not a goal: "
            + words.astype(str)
            + " word(s), no verb"
        )
        suggestion = (
            "<a sentence saying what should be true, and why it matters>; "
            "move the number into a key result"
        )
        return rows(obj, hit, message=message, suggestion=suggestion, match=obj["title"])
