"""MEA005 measurability.binary_key_result: Key result is binary (done or not done)."""

from __future__ import annotations

import pandas as pd

from ..base import Rule, Severity, Target
from ..context import Context, rows


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
    question = "Beyond done or not done, which result would show this was worth doing?"

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
