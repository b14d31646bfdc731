"""GAM004 gameability.target_already_met: Target is already met at the baseline."""

from __future__ import annotations

import numpy as np
import pandas as pd

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
        hit = (up & (b >= t)) | (down & (b <= t))
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
