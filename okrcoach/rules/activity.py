"""Counts of activity in key results ('run 8 campaigns', 'answer 3000 chats'), read once per
lint run: OUT001 (an output) and GAM002 (gameable) both ask."""

from __future__ import annotations

import dataclasses

import pandas as pd

from . import quantity
from . import text as tx
from .context import Context
from .features import TextFeatures, by_text


@dataclasses.dataclass(frozen=True, slots=True)
class CountedActivity:
    """Which key results count activity, and the unit or verb counted."""

    #: Whether the key result's target is a count of activity.
    hit: pd.Series
    #: The unit of activity counted ("calls"), else the quota verb ("process").
    noun: pd.Series


def activity_count(ctx: Context, extra: tuple[str, ...] = ()) -> CountedActivity:
    """Key results whose target is a count of activity ('run 8 campaigns', 'answer 3000 chats').

    Shared by OUT001 (it is an output) and GAM002 (it can be gamed), computed once per lint
    run; ``extra`` are more units of activity (the rules' ``extend-activity-nouns``).
    """
    return ctx.memo(("activity_count", extra), lambda: _compute_activity_count(ctx, extra))


def _compute_activity_count(ctx: Context, extra: tuple[str, ...]) -> CountedActivity:
    feats = ctx.kr_text
    return CountedActivity(
        **by_text(
            ctx.key_results,
            ctx.distinct,
            f"activity_count:{extra}",
            lambda pos: _activity_of(feats.take(pos), extra),
        )
    )


def _activity_of(feats: TextFeatures, extra: tuple[str, ...]) -> dict[str, pd.Series]:
    """The ``hit`` and ``noun`` columns of :class:`CountedActivity`.

    Either a number counts a unit of activity (calls, posts, workshops), or a quota verb
    sets a number ("process 5000 invoices"). A count that is cut ("reduce tickets reopened")
    is not activity, nor is one read per unit when the key result raises it ("raise
    meetings held per event"); a quota per unit ("handle 200 calls per agent") still is.
    """
    nouns = tx.word_list("activity_nouns").pattern(extra)
    number = rf"(?:\d[\d,.]*\s*[km]?\+?|\b(?:{tx.NUMBER_WORDS})\b)"
    count = tx.extract(
        feats.main, rf"(?P<n>{number})\s+(?:[a-z\-/]+\s+){{0,3}}?(?P<noun>{nouns})(?:$|[^\w\-])"
    )
    quota_verb = tx.in_list(feats.verb, tx.word_list("activity_verbs").terms)
    quota = tx.where(
        quota_verb,
        lambda main: tx.contains(
            quantity.without_non_quantities(main),
            rf"^(?:to\s+)?(?:[a-z]{{2,}}[^p\s]ly\s+)?[a-z\-]+(?:\s+[a-z\-/]+){{0,3}}?\s+{number}",
        ),
        feats.main,
    )
    # Raising a rate ("raise meetings held per event from 18 to 30") changes a state;
    # any other verb with a count per unit sets a quota ("close 80 tickets per sprint").
    raises = tx.in_list(feats.verb, (*tx.INCREASE_VERBS, *tx.word_list("vague_verbs").terms))
    changes = raises & (feats.rate | feats.text_target.notna())
    hit = (count["noun"].notna() | quota) & ~feats.decrease & ~changes
    noun = count["noun"].str.strip().where(count["noun"].notna(), feats.verb)
    return {"hit": hit, "noun": noun}
