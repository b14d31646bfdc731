"""What makes a number easy to hit without improving anything: the patterns the
gameability rules and the scorecards share (guardrails, counts, reach, vanity terms)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from . import text as tx
from .features import TextFeatures, by_text

if TYPE_CHECKING:
    from .context import Context

#: Words that make a number honest: the count is of something checked, or kept in balance.
GUARDRAIL = (
    r"\b(?:qualified|sales-qualified|unreverted|not\s+reverted|accepted|paying|retained|"
    r"passing|passed|pass(?:es)?\s+(?:an?\s+|the\s+)?(?:assessment|exam|review|audit)|"
    r"certified\s+by)\b|\bwhile\s+.{1,60}?\b(?:stays?|remains?|keeps?|holds?|above|below)\b|"
    r"\bwithout\s+.{1,60}?\b(?:dropping|falling|rising|increasing|decreasing|hurting)\b"
)


#: A count of four or more: smaller counts size a one-off deliverable ("identify the top 3
#: reasons", "add 1 content type"); larger ones are quotas of repeatable work.
COUNT = (
    r"(?:^|\s)(?:at\s+least\s+|up\s+to\s+|over\s+|more\s+than\s+)?"
    r"(?:[4-9]|[1-9]\d[\d,]*|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|hundred|dozen)\+?\s+(?:or\s+more\s+)?[a-z(]"
)


_WORKCOUNTED = {"task verb", "done", "artefact", "nominal"}


#: A raw count of people or items reached, not what they do: reach, gamed by counting
#: anyone who touched the product once. "Active" ones are counted for what they do.
REACH = (
    r"(?:\d[\d,.]*\s*[km]?\+?|(?:at\s+least|over|more\s+than)\s+\d[\d,.]*\s*[km]?)\s+"
    r"(?:(?:daily|weekly|monthly|new|total|unique|registered)\s+)*"
    r"(?:users|members|items|interactions|claims|profiles|downloads|sign-?ups|"
    r"attendees|participants|visitors|clubs|chapters|groups)"
)


#: Work whose count is a fixed scope (an inventory moved, people hired), not a quota.
SCOPE_VERBS = (
    "hire",
    "recruit",
    "onboard",
    "migrate",
    "move",
    "upgrade",
    "replace",
    "decommission",
    "retire",
)


#: Counts that size the work rather than set a quota: the top N, a sample of people, time.
SIZING = (
    r"\btop\s+\d|\bwith\s+(?:\d+|[a-z]+)\s+(?:[a-z\-]+\s+)?(?:customers|users|people|teams|"
    r"partners|clients)\b|\d+\s+(?:years?|months?|weeks?|days?|hours?)\b"
)


def vanity_terms(ctx: Context, extra: tuple[str, ...] = ()) -> tuple[pd.Series, pd.Series]:
    """The vanity term of each key result, and whether it is the target (not context, not
    guarded by a qualifier, not cut): computed once per lint run."""
    return ctx.memo(("vanity_terms", extra), lambda: _vanity_by_text(ctx, extra))


def _vanity_by_text(ctx: Context, extra: tuple[str, ...]) -> tuple[pd.Series, pd.Series]:
    feats = ctx.kr_text
    found = by_text(
        ctx.key_results,
        ctx.distinct,
        f"vanity_terms:{extra}",
        lambda pos: dict(zip(("term", "hit"), _vanity_terms(feats.take(pos), extra), strict=True)),
    )
    return found["term"], found["hit"]


def _vanity_terms(feats: TextFeatures, extra: tuple[str, ...]) -> tuple[pd.Series, pd.Series]:
    body = tx.word_list("vanity_terms").pattern(extra)
    term = tx.first_match(feats.main, body)
    # "... from website visitors", "per 1,000 sessions": the term is context, not target;
    # "the number of mentions" counts the term itself.
    found = term.notna()
    as_source = tx.where(
        found,
        lambda main: (
            tx.contains(
                main,
                rf"\b(?:from|of|among|per|by|with)\s+(?:[a-z\-]+\s+){{0,2}}{body}(?:$|[^\w\-])",
            )
            & ~tx.contains(
                main,
                rf"\b(?:number|no\.|count|amount|total|volume)\s+of\s+(?:[a-z\-]+\s+){{0,2}}{body}"
                r"(?:$|[^\w\-])",
            )
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
    # "engagement survey", "traffic score": the term names a measure of something else
    modifier = tx.where(
        found,
        lambda main: tx.contains(main, rf"{body}\s+(?:surveys?|scores?|index)\b"),
        feats.main,
    )
    hit = term.notna() & ~feats.decrease & ~as_source & ~guarded & ~modifier
    hit &= ~ratio | vanity_rate
    return term, hit
