"""GAM004 gameability.target_already_met: Target is already met at the baseline."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .. import text as tx
from ..base import Rule, Severity, Target
from ..context import Context, fmt, rows


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
    question = "Is this target already reached today, and what would stretch it?"

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        krs, feats = ctx.key_results, ctx.kr_text
        b, t = ctx.baseline, ctx.target
        down = feats.decrease | krs["direction"].eq("decrease")
        up = ~down & ~feats.maintain & ~krs["direction"].isin(["maintain", "achieve"])
        # numbers written "from A to B" say the way themselves ("churn drops from 6% to
        # 4%"): only a direction stated against them (a lead verb, the column) is a slip
        written = krs["baseline"].isna() & krs["target"].isna() & feats.text_baseline.notna()
        stated = down | tx.in_list(feats.verb, tx.INCREASE_VERBS) | krs["direction"].notna()
        hit = ((up & (b >= t)) | (down & (b <= t))) & (stated | ~written)
        # "from 2 weeks to 2 days": the same number in two units is no target already met
        hit &= ~tx.where(hit & written, _units_differ, feats.low)
        way = pd.Series(np.where(down, "decrease", "increase"), index=krs.index)

        def message(i: pd.Index) -> pd.Series:
            return pd.Series(
                [
                    f"baseline {base} already meets target {aim} ({w})"
                    for base, aim, w in zip(
                        fmt(b[i], "?").tolist(),
                        fmt(t[i], "?").tolist(),
                        way[i].tolist(),
                        strict=True,
                    )
                ],
                index=i,
                dtype=object,
            )

        def suggestion(i: pd.Index) -> pd.Series:
            return "Set a target beyond " + fmt(b[i], "<baseline>") + ", or check the direction"

        return rows(krs, hit.fillna(False), message=message, suggestion=suggestion, match=None)


_UNITS = re.compile(
    r"\bfrom\s+\S*?(?P<a>\d[\d,.]*)\s*(?P<ua>[^\s\d]*(?:\s+per\s+\w+)*)"
    r".*?\bto\s+\S*?(?P<b>\d[\d,.]*)\s*(?P<ub>[^\s\d]*(?:\s+per\s+\w+)*)"
)


def _units_differ(low: pd.Series) -> pd.Series:
    """Whether the baseline and the target of 'from A to B' carry different units ("2
    weeks" / "2 days", "1 change per day" / "1 change per developer per day")."""

    def differ(text: str) -> bool:
        m = _UNITS.search(text)
        if m is None:
            return False
        ua, ub = m["ua"].strip(" .,;"), m["ub"].strip(" .,;")
        return bool(ua and ub and ua != ub)

    return pd.Series([differ(x) for x in low.tolist()], index=low.index, dtype=bool)
