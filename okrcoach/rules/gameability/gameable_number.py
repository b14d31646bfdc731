"""GAM007 gameability.gameable_number: numbers a team can hit without improving anything,
such as gamed proxies and counts of work.

GAM001 knows vanity metrics and GAM002 counts of activity units (calls, posts); this rule
reads what they leave: proxies known to be gamed (test coverage, story points, tickets
closed, time spent), and a number put on work (``okrcoach/rules/evidence.py``: a task verb,
a deliverable done, an artefact) such as "identify and implement 5 navigation updates",
"source 25 candidates", "20 case studies added". Hires are not counted: a hire is a
one-off deliverable. A stated guardrail disarms it ("qualified", "unreverted", "while
... stays above", "without ... dropping", an assessment passed).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import lexicon, scorecard
from .. import rewrites as rw
from .. import text as tx
from ..activity import activity_count
from ..base import Rule, Severity, Target, option
from ..context import Context, rows
from ..evidence import Evidence, outcome_evidence
from ..features import TextFeatures, by_text
from ..gaming import COUNT, REACH, SCOPE_VERBS, SIZING, vanity_terms

_WORK_COUNTED = {"task verb", "done", "artefact", "nominal"}


@dataclass(frozen=True)
class GamedOptions:
    extend_proxies: tuple[str, ...] = option((), "More proxies known to be gamed.")


class GameableNumber(Rule):
    """Key result sets a number that can be hit without improving anything.

    ## Why is this a problem?
    Test coverage rises fastest with tests that assert nothing, story points with bigger
    estimates, "5 improvements shipped" with five small ones. When the number is a proxy or
    a count of work, the team can meet it and leave reality as it was; say what the work
    should change, or add the guardrail that keeps the number honest.

    ## How it decides
    A proxy from ``gamed_proxies`` with no guardrail, or a count put on work (a task verb,
    a deliverable done, an artefact: ``okrcoach/rules/evidence.py``) that no other
    gameability rule already flags. Hires and percentages ("review 100% of requests") are
    not counts of work.

    ## Example
    "Increase unit test coverage from 40% to 70%"

    ## Use instead
    "Cut defects escaping to production from 12 to 4 a month while test coverage stays above 60%"

    ## Options
    """

    code = "GAM007"
    name = "gameability.gameable_number"
    severity = Severity.WARNING
    target = Target.KEY_RESULT
    question = "What would you watch so this number is not reached the wrong way?"
    options = GamedOptions

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        proxies = tx.word_list("gamed_proxies")
        proxy, match, kind = _what_is_counted(ctx, proxies.pattern(self.opts.extend_proxies))
        counted = activity_count(ctx)
        # the scorecard weighs these with vanity words, activity counts and guardrails;
        # this rule speaks for the gameable key results GAM001 and GAM002 do not name
        _, vanity = vanity_terms(ctx)
        hit = scorecard.scored(ctx, "gameable")[1] & ~vanity & ~counted.hit

        def message(i: pd.Index) -> pd.Series:
            named = match[i].notna()
            said = ("'" + match[i].astype(str) + "' is " + kind[i]).where(
                named,
                "the number can be reached the wrong way ("
                + scorecard.evidence(ctx, "gameable", i)
                + ")",
            )
            return (
                said + ": it can be met without improving anything; say what it should change, "
                "or add a guardrail"
            )

        def question(i: pd.Index) -> pd.Series:
            advice = proxy[i].astype(object).map(proxies.advice.get, na_action="ignore")
            return _questions(ctx.key_results["text"][i], proxy[i], advice, self.question)

        def suggestion(i: pd.Index) -> pd.Series:
            instead = proxy[i].astype(object).map(proxies.advice.get, na_action="ignore")
            instead = instead.astype(object).fillna("<the metric this should move>").astype(str)
            return (
                rw.toward(instead)
                + instead
                + rw.other_baseline(ctx, i)
                + " to <target>"
                + rw.due(ctx, i)
            )

        return rows(
            ctx.key_results,
            hit,
            message=message,
            question=question,
            suggestion=suggestion,
            match=match,
        )


def _questions(texts: pd.Series, proxy: pd.Series, advice: pd.Series, default: str) -> pd.Series:
    """What to watch, quoting the proxy and what it stands for, or the things counted."""
    asked = []
    for text, p, a in zip(
        texts.fillna("").tolist(),
        proxy.astype(object).tolist(),
        advice.tolist(),
        strict=True,
    ):
        count = lexicon.counted(text)
        if isinstance(p, str) and isinstance(a, str):
            asked.append(f"What would show that more {p} is paying off, in {a} for example?")
        elif count:
            n, things = count
            asked.append(
                f"How would you know these {n} {things} made a difference, "
                f"not just that there are {n}?"
            )
        else:
            asked.append(default)
    return pd.Series(asked, index=texts.index, dtype=object)


def _what_is_counted(ctx: Context, proxies: str) -> tuple[pd.Series, pd.Series, pd.Series]:
    """The proxy named, what the finding quotes (a proxy, a reach count, the work counted or
    the effort), and what kind of number that is."""
    feats, found, hit = ctx.kr_text, outcome_evidence(ctx), activity_count(ctx).hit
    got = by_text(
        ctx.key_results,
        ctx.distinct,
        f"what_is_counted:{proxies}",
        lambda pos: dict(
            zip(
                ("proxy", "match", "kind"),
                _counted_of(feats.take(pos), found.take(pos), hit.iloc[pos], proxies),
                strict=True,
            )
        ),
    )
    return got["proxy"], got["match"], got["kind"]


def _counted_of(
    feats: TextFeatures, found: Evidence, counted_hit: pd.Series, proxies: str
) -> tuple[pd.Series, pd.Series, pd.Series]:
    proxy = tx.first_match(feats.main, proxies)
    no_state = found.state.eq("")
    work = (
        found.work.isin(_WORK_COUNTED)
        & ~counted_hit
        & no_state
        & ~tx.in_list(feats.verb, SCOPE_VERBS)
    )
    work_count = tx.where(
        work & feats.quantity,
        lambda m: tx.contains(m, COUNT) & ~tx.contains(m, SIZING),
        feats.main,
    )
    # a proxy cut or ruled out ("no PRs merged without review") is not a target to game
    proxy = proxy.where(~feats.decrease & ~tx.contains(feats.main, r"^no\s|\sno\s"))
    # reach: a raw count of people or items ("at least 10000 daily active members")
    reach = tx.first_match(feats.main, REACH).where(~feats.rate & ~feats.decrease)
    # time devoted or a habit kept: met by being busy
    effort = found.work.eq("effort") | (found.work.eq("routine") & no_state)
    match = proxy.fillna(reach).fillna(found.work_term.where(work_count | effort))
    kind = pd.Series("a count of work", index=match.index).where(
        proxy.isna(), "a proxy known to be gamed"
    )
    kind = kind.where(proxy.notna() | reach.isna(), "a count of people or items reached")
    return proxy, match, kind
