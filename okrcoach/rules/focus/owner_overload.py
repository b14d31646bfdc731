"""FOC004 focus.owner_overload: One person owns too many of a team's key results."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..base import Rule, Severity, Target, option
from ..context import Context, group_codes


@dataclass(frozen=True)
class OwnerOverloadOptions:
    max_share: float = option(0.6, "Largest share of a team's quarter of KRs one person owns.")
    min_key_results: int = option(6, "Only teams with at least this many KRs are checked.")


class OwnerOverload(Rule):
    """One person owns too many of a team's key results.

    ## Why is this a problem?
    When one person owns most of a team's key results, the others are spectators and that
    person becomes the bottleneck of every check-in.

    ## Example
    One person owning 9 of a team's 10 key results in a quarter

    ## Use instead
    Key results spread so that each is owned by the person closest to the work
    """

    code = "FOC004"
    name = "focus.owner_overload"
    severity = Severity.WARNING
    target = Target.TEAM_QUARTER
    question = (
        "Who else could own some of these key results, so progress does not wait on one person?"
    )
    options = OwnerOverloadOptions

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        krs = ctx.key_results
        # integer codes instead of grouping on text columns: the same counts for a fraction
        # of the cost, on a draft as on an organisation
        tq, tq_keys = group_codes(krs["team"], krs["quarter"])
        who, names = pd.factorize(krs["owner"])
        total = np.bincount(tq)
        has = who >= 0
        pair = tq[has] * len(names) + who[has]
        pairs, owned = np.unique(pair, return_counts=True)
        group, person = pairs // max(len(names), 1), pairs % max(len(names), 1)
        hit = (total[group] >= self.opts.min_key_results) & (
            owned / total[group] > self.opts.max_share
        )
        if not hit.any():
            return None
        group, person, owned = group[hit], person[hit], owned[hit]
        teams = [tq_keys[g] for g in group]
        owner = names[person].astype(str)
        return pd.DataFrame(
            {
                "team": [t for t, _ in teams],
                "quarter": [q for _, q in teams],
                "message": [
                    f"{o} owns {n} of {t} key results (max share {self.opts.max_share:.0%})"
                    for o, n, t in zip(owner, owned, total[group], strict=True)
                ],
                "suggestion": "Give each key result to the person closest to the work",
                "match": owner,
            }
        )
