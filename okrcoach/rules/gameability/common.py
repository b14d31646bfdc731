"""What several gameability rules share."""

from __future__ import annotations

import pandas as pd

from .. import text as tx
from ..context import Context


def quality_in(ctx: Context) -> pd.Series:
    """Per objective: does any of its key results measure quality?"""
    return ctx.memo(
        "quality_in", lambda: _quality_krs(ctx).groupby(ctx.key_results["objective_id"]).any()
    )


def _quality_krs(ctx: Context) -> pd.Series:
    """Key results that measure quality (a counter-metric)."""
    return ctx.memo(
        "_quality_krs",
        lambda: tx.contains(ctx.kr_text.low, tx.bounded(tx.word_list("quality_terms").pattern())),
    )


def volume_krs(ctx: Context) -> pd.Series:
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
