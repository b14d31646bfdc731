"""MEA004 measurability.unit_mismatch: Unit does not fit the key result's numbers or text."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import text as tx
from ..base import Rule, Severity, Target
from ..context import Context, rows

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
    question = "In which unit is this number counted?"

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
