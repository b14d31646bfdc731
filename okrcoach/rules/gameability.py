"""Gameability: key results that can be met by moving the metric instead of reality."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import rewrites as rw
from . import text as tx
from .base import Rule, Severity, Target, option
from .context import Context, fmt, rows
from .features import activity_count


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
    options = VanityOptions

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        feats, krs = ctx.kr_text, ctx.key_results
        terms = tx.word_list("vanity_terms")
        body = terms.pattern(self.opts.extend_vanity_terms)
        term = tx.first_match(feats.main, body)
        # "... from website visitors", "per 1,000 sessions": the term is context, not target.
        found = term.notna()
        as_source = tx.where(
            found,
            lambda main: tx.contains(
                main,
                rf"\b(?:from|of|among|per|by|with)\s+(?:[a-z\-]+\s+){{0,2}}{body}(?:$|[^\w\-])",
            ),
            feats.main,
        )
        ratio = tx.where(
            found,
            lambda main: tx.contains(main, r"\bconversion\b|-to-|\bshare of\b|\bper\b"),
            feats.main,
        )
        # "open rate" and "click-through rate" are vanity rates themselves
        vanity_rate = term.fillna("").str.contains("rate")
        # "sales-qualified leads", "paying subscribers": the qualifier is the guardrail
        guarded = tx.where(
            found,
            lambda main: tx.contains(
                main,
                rf"\b(?:sales[\s\-]+qualified|qualified|paying|retained|active\s+paying)\s+"
                rf"(?:[a-z\-]+\s+)?{body}(?:$|[^\w\-])",
            ),
            feats.main,
        )
        hit = term.notna() & ~feats.decrease & ~as_source & ~guarded & (~ratio | vanity_rate)

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
                "Raise "
                + outcome.fillna("")
                + rw.from_baseline(ctx, i)
                + " to <target> by "
                + ctx.due[i]
            )

        def message(i: pd.Index) -> pd.Series:
            return (
                "'" + term[i].fillna("") + "' may be a vanity metric: it can rise without "
                "customers being better off"
            )

        return rows(krs, hit, message=message, suggestion=suggestion, match=term)


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
    options = ActivityOptions

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        krs = ctx.key_results
        counted = activity_count(ctx, self.opts.extend_activity_nouns)
        nouns = tx.word_list("activity_nouns")
        noun = counted.noun

        def suggestion(i: pd.Index) -> pd.Series:
            outcome = (
                noun[i]
                .map(
                    lambda n: nouns.advice.get(n, f"what the {n} should cause"), na_action="ignore"
                )
                .astype("str")
            )
            return (
                "Raise "
                + outcome.fillna("")
                + rw.from_baseline(ctx, i)
                + " to <target> by "
                + ctx.due[i]
            )

        def message(i: pd.Index) -> pd.Series:
            return (
                "counts '" + noun[i].fillna("") + "', an activity: it can be met without any effect"
            )

        return rows(krs, counted.hit, message=message, suggestion=suggestion, match=noun)


def _quality_in(ctx: Context) -> pd.Series:
    """Per objective: does any of its key results measure quality?"""
    return ctx.memo(
        "quality_in", lambda: _quality_krs(ctx).groupby(ctx.key_results["objective_id"]).any()
    )


def _quality_krs(ctx: Context) -> pd.Series:
    """Key results that measure quality (a counter-metric)."""
    return ctx.memo(
        "quality_krs",
        lambda: tx.contains(ctx.kr_text.low, tx.bounded(tx.word_list("quality_terms").pattern())),
    )


def _volume_krs(ctx: Context) -> pd.Series:
    """Key results that push a count of units up (sign-ups, leads, deals) without quality."""

    def compute() -> pd.Series:
        feats = ctx.kr_text
        grows = tx.in_list(feats.verb, tx.INCREASE_VERBS) | ctx.key_results["direction"].eq(
            "increase"
        )
        count_like = ~feats.rate & ~tx.contains(feats.main, r"%|\bpercent")
        units = tx.contains(feats.main, rf"\b{tx.word_list('volume_nouns').alternation()}\b")
        return grows & count_like & units & feats.quantity & ~_quality_krs(ctx)

    return ctx.memo("volume_krs", compute)


class GrowthWithoutGuardrail(Rule):
    """Objective pushes growth with no guardrail KPI or quality key result.

    ## Why is this a problem?
    A team rewarded for more sign-ups will find sign-ups that do not stay. Pair every
    growth objective with a health measure that must not break: a KPI listed as its
    guardrail, or a quality key result beside the growth one.

    ## Example
    "Grow self-serve sign-ups from small firms" with only sign-up counts as key results
    and no KPI guarding it

    ## Use instead
    "Grow self-serve sign-ups from small firms" with the refund-rate KPI listing it in
    `guardrail_for`
    """

    code = "GAM003"
    name = "gameability.growth_without_guardrail"
    severity = Severity.INFO
    target = Target.OBJECTIVE

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        obj = ctx.objectives
        if not _volume_krs(ctx).any():
            return None  # no key result pushes a volume: nothing needs a guardrail
        volume = _volume_krs(ctx).groupby(ctx.key_results["objective_id"]).any()
        quality = _quality_in(ctx)
        guarded = set(ctx.kpis["guardrail_for"].dropna().str.split(",").explode())
        linked = set(ctx.key_results["metric"].dropna()) & set(ctx.kpis["kpi_id"])
        has_linked = (
            ctx.key_results["metric"].isin(linked).groupby(ctx.key_results["objective_id"]).any()
        )
        ids = obj["objective_id"]
        hit = (
            ids.map(volume).eq(True)
            & ~ids.map(quality).eq(True)
            & ~ids.isin(guarded)
            & ~ids.map(has_linked).eq(True)
        )
        return rows(
            obj,
            hit,
            message="growth with no guardrail: no KPI guards this objective and no "
            "key result measures quality",
            suggestion="Add a guardrail: a KPI with guardrail_for = this objective, or "
            "a key result such as 'Keep refund rate below <limit>'",
            match=None,
        )


class TargetAlreadyMet(Rule):
    """Target is already met at the baseline.

    ## Why is this a problem?
    A key result whose baseline already meets the target scores 1.0 on day one: it is
    either a typo in the direction or a sandbagged goal.

    ## Example
    "Raise gross margin from 74% to 72%"

    ## Use instead
    "Raise gross margin from 72% to 74%"
    """

    code = "GAM004"
    name = "gameability.target_already_met"
    severity = Severity.ERROR
    target = Target.KEY_RESULT

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        krs, feats = ctx.key_results, ctx.kr_text
        b, t = ctx.baseline, ctx.target
        down = feats.decrease | krs["direction"].eq("decrease")
        up = ~down & ~feats.maintain & ~krs["direction"].isin(["maintain", "achieve"])
        hit = (up & (b >= t)) | (down & (b <= t))
        way = pd.Series(np.where(down, "decrease", "increase"), index=krs.index)

        def message(i: pd.Index) -> pd.Series:
            return (
                "baseline "
                + fmt(b[i], "?")
                + " already meets target "
                + fmt(t[i], "?")
                + " ("
                + way[i]
                + ")"
            )

        def suggestion(i: pd.Index) -> pd.Series:
            return "Set a target beyond " + fmt(b[i], "<baseline>") + ", or check the direction"

        return rows(krs, hit.fillna(False), message=message, suggestion=suggestion, match=None)


class VolumeWithoutCounterMetric(Rule):
    """Volume key result has no counter-metric in the same objective.

    ## Why is this a problem?
    Every push for more (leads, deals, tickets answered) has a side effect on quality.
    A counter-metric key result in the same objective (lead quality, churn of new deals,
    reopened tickets) keeps the volume honest.

    ## Example
    "Grow monthly self-serve sign-ups from 1200 to 2000", alone in its objective

    ## Use instead
    "Grow monthly self-serve sign-ups from 1200 to 2000" next to
    "Keep refund rate of new accounts below 2.5%"
    """

    code = "GAM005"
    name = "gameability.volume_without_counter_metric"
    severity = Severity.INFO
    target = Target.KEY_RESULT

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        krs = ctx.key_results
        quality = krs["objective_id"].map(_quality_in(ctx)).eq(True)
        hit = _volume_krs(ctx) & ~quality
        return rows(
            krs,
            hit,
            message="a volume target with no quality key result beside it",
            suggestion="Add a counter-metric key result, e.g. 'Keep <quality measure> "
            "above <limit>'",
            match=None,
        )


@dataclass(frozen=True)
class ConfidenceOptions:
    max_mean_confidence: float = option(
        0.9, "Mean drafting confidence of a team's quarter above this is flagged."
    )


class HighConfidence(Rule):
    """Drafting confidence is so high it suggests sandbagging.

    ## Why is this a problem?
    Stretch key results are set at about 50% confidence. A team whose key results average
    above 0.9 confidence at drafting has probably written goals it already knows it will
    hit.

    ## Example
    A team's quarter whose key results average 0.95 confidence

    ## Use instead
    Stretch targets drafted at about 0.5 to 0.7 confidence

    ## Options
    """

    code = "GAM006"
    name = "gameability.high_confidence"
    severity = Severity.INFO
    target = Target.TEAM_QUARTER
    options = ConfidenceOptions

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        krs = ctx.key_results.dropna(subset=["confidence"])
        if krs.empty:
            return None
        mean = krs.groupby(["team", "quarter"], dropna=False)["confidence"].agg(["mean", "size"])
        mean = mean[mean["mean"] > self.opts.max_mean_confidence].reset_index()
        if mean.empty:
            return None
        mean["message"] = (
            "mean drafting confidence "
            + mean["mean"].round(2).astype(str)
            + " over "
            + mean["size"].astype(str)
            + " key results (max "
            + f"{self.opts.max_mean_confidence:g})"
        )
        mean["suggestion"] = "Stretch the targets until confidence is about 0.5-0.7"
        return mean[["team", "quarter", "message", "suggestion"]]
