"""Measurability: can anyone tell, at the end of the quarter, whether the key result was met?"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import rewrites as rw
from . import text as tx
from .base import Rule, Severity, Target
from .context import Context, fmt, rows
from .evidence import outcome_evidence


def _direction_word(ctx: Context) -> pd.Series:
    decrease = ctx.kr_text.decrease
    return pd.Series("Raise", index=decrease.index).where(~decrease, "Cut")


def _object_of(text: pd.Series) -> pd.Series:
    """The words after the lead verb: 'Make the help centre better' -> 'the help centre'."""
    text = text.fillna("").str.strip().str.replace(r"\s+", " ", regex=True)
    thing = text.str.replace(
        r"^(?:to\s+)?(?:[a-z]{2,}[^p\s]ly\s+)?[a-z\-']+\s*", "", regex=True, case=False
    )
    return thing.str.replace(
        r"\s+(?:better|faster|easier|simpler|stronger|great)$", "", regex=True, case=False
    )


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

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        feats, krs = ctx.kr_text, ctx.key_results
        hit = ~feats.quantity & krs["target"].isna() & feats.low.ne("")
        empty = feats.low.eq("")
        hit = hit | empty

        def suggestion(i: pd.Index) -> pd.Series:
            # work ("launch the beta") is measured by what it moves; a state by itself
            work = outcome_evidence(ctx).work[i].ne("")
            thing = rw.measure_of(krs["text"][i]).where(~work, rw.metric_for_work(krs["text"][i]))
            verb = _direction_word(ctx)[i].where(~work, "Raise")
            return (
                verb
                + " "
                + thing
                + rw.from_baseline(ctx, i)
                + " to "
                + fmt(ctx.target[i], "<target>")
                + " by "
                + ctx.due[i]
            )

        message = pd.Series(
            "no number or target: whether it was met cannot be checked at the end of the period",
            index=krs.index,
        )
        message = message.where(~empty, "the key result is empty")
        return rows(krs, hit, message=message, suggestion=suggestion, match=None)


class NoBaseline(Rule):
    """Key result has no baseline (no starting value).

    ## Why is this a problem?
    "Reach 95%" means something very different from 94% than from 60%. Without the starting
    value nobody can judge the ambition, or the progress at a check-in.

    ## Example
    "Reach 95% first-contact resolution"

    ## Use instead
    "Raise first-contact resolution from 62% to 75%"

    A key result that keeps a level ("keep availability above 99.9%") is flagged too, with
    its own message: whether holding 99.9% is a stretch depends on where it stands today.
    """

    code = "MEA002"
    name = "measurability.no_baseline"
    severity = Severity.WARNING
    target = Target.KEY_RESULT

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        feats, krs = ctx.kr_text, ctx.key_results
        measurable = feats.quantity | krs["target"].notna()
        hit = (
            measurable
            & ~feats.baseline_in_text
            & krs["baseline"].isna()
            & ~krs["direction"].eq("achieve")
        )

        def suggestion(i: pd.Index) -> pd.Series:
            text = krs["text"][i].fillna("")
            with_from = tx.sub(
                text, r"(?i)\b(to|by)\s+([$€£]?\d)", r"from <baseline> \1 \2", count=1
            )
            return with_from.where(with_from.ne(text), text + " (from <baseline>)")

        return rows(
            krs,
            hit,
            message=lambda i: feats.maintain[i].map(
                {
                    True: "keeps a level but does not say where it stands today: is holding "
                    "it a stretch or a given?",
                    False: "no baseline: the starting value is not stated",
                }
            ),
            suggestion=suggestion,
            match=None,
        )


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

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        feats, krs = ctx.kr_text, ctx.key_results
        vague = tx.in_list(feats.verb, tx.word_list("vague_verbs").terms)
        hit = vague & feats.quantity & ~feats.baseline_in_text & krs["baseline"].isna()

        def suggestion(i: pd.Index) -> pd.Series:
            return (
                "Raise " + rw.measure_of(krs["text"][i]) + rw.from_baseline(ctx, i) + " to <target>"
            )

        def message(i: pd.Index) -> pd.Series:
            return "'" + feats.verb[i] + "' says which way, not which measure moves"

        return rows(krs, hit, message=message, suggestion=suggestion, match=feats.verb)


_UNIT_WORDS = {
    "%": r"%|percent",
    "days": r"\bdays?\b",
    "h": r"\bhours?\b|\bh\b",
    "min": r"\bminutes?\b|\bmin\b",
    "ms": r"\bms\b|milliseconds?",
    "eur": r"€|\beur\b|\beuros?\b",
    "usd": r"\$|\busd\b|\bdollars?\b",
}


class UnitMismatch(Rule):
    """Unit does not fit the key result's numbers or text.

    ## Why is this a problem?
    A percentage above 100, or a unit column that says "days" while the text speaks of a
    percent, means the key result will be graded against the wrong scale.

    ## Example
    "Raise first-contact resolution from 62 to 175" with unit "%"

    ## Use instead
    "Raise first-contact resolution from 62% to 75%" with unit "%"
    """

    code = "MEA004"
    name = "measurability.unit_mismatch"
    severity = Severity.WARNING
    target = Target.KEY_RESULT

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        krs, feats = ctx.key_results, ctx.kr_text
        codes, units = pd.factorize(krs["unit"].fillna("").str.strip().str.lower())
        unit = pd.Series(np.append(np.asarray(units, dtype=object), "")[codes], index=krs.index)
        pct = unit.eq("%")
        # Retention and growth rates legitimately pass 100% (net revenue retention 110%).
        can_exceed = tx.where(
            pct,
            lambda low: tx.contains(low, r"retention|growth|\bindex\b|\bby\b|yoy|year over"),
            feats.low,
        )
        out_of_scale = pct & (
            (~can_exceed & (ctx.baseline.gt(100) | ctx.target.gt(100)))
            | ctx.baseline.lt(0)
            | ctx.target.lt(0)
        )
        names = [next((k for k in _UNIT_WORDS if u in (k, k + "s")), None) for u in units]
        known = pd.Series(np.array([*names, None], dtype=object)[codes], index=krs.index)
        # For the rows of each unit: does the text name another unit but not this one?
        other = pd.Series(False, index=krs.index)
        for u, own in _UNIT_WORDS.items():
            rows_u = known.eq(u)
            if not rows_u.any():
                continue
            others = "|".join(p for k, p in _UNIT_WORDS.items() if k != u)
            speaks_other = tx.where(rows_u, lambda low, o=others: tx.contains(low, o), feats.low)
            speaks_own = tx.where(speaks_other, lambda low, o=own: tx.contains(low, o), feats.low)
            other |= speaks_other & ~speaks_own
        hit = out_of_scale | other

        def message(i: pd.Index) -> pd.Series:
            text = "unit '" + krs["unit"][i].fillna("") + "' does not match the text"
            return text.where(~out_of_scale[i], "a percentage outside 0-100")

        return rows(krs, hit, message=message, suggestion=None, match=krs["unit"])


class BinaryKeyResult(Rule):
    """Key result is binary (done or not done).

    ## Why is this a problem?
    A yes/no key result only ever scores 0 or 1, hides partial progress, and is usually a
    milestone of an initiative. Ask what it should change and measure that.

    ## Example
    "Sign the reseller agreement with Northline Supply"

    ## Use instead
    "Grow partner-sourced ARR from 120k to 260k EUR a quarter"
    """

    code = "MEA005"
    name = "measurability.binary_key_result"
    severity = Severity.INFO
    target = Target.KEY_RESULT

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        krs, feats = ctx.key_results, ctx.kr_text
        binary_range = krs["baseline"].eq(0) & krs["target"].isin([1, 100])
        hit = (krs["direction"].eq("achieve") & ~feats.quantity) | binary_range
        return rows(
            krs,
            hit,
            message="done-or-not-done: it can only score 0 or 1",
            suggestion="<what finishing it should change>, from <baseline> to <target>",
            match=None,
        )


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
            return tx.sub(
                krs["text"][i].fillna(""), rf"(?i)\b({_NOUNS})\b", r"weekly active \1", count=1
            )

        return rows(krs, hit, message=message, suggestion=suggestion, match=noun)


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
