"""FOC001 focus.too_many_objectives: Too many objectives for one team in one quarter."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..base import Rule, Severity, Target, option
from ..context import Context, group_codes


@dataclass(frozen=True)
class TooManyObjectivesOptions:
    max_per_team: int = option(3, "Most objectives one team should have in a quarter.")
    max_per_company: int = option(5, "Most company-level objectives in a quarter.")


class TooManyObjectives(Rule):
    """Too many objectives for one team in one quarter.

    ## Why is this a problem?
    Teams with fewer goals are about twice as likely to reach them. More than three
    objectives a quarter (five at company level) means nothing is really a priority.

    ## Example
    A team with 5 objectives in 2026-Q3

    ## Use instead
    The same team with its 2 or 3 most important objectives; the rest wait, or become KPIs

    ## References
    - Practice guides: 1-3 objectives per team per quarter, 3-5 at company level
      (Wodtke: one).
    """

    code = "FOC001"
    name = "focus.too_many_objectives"
    severity = Severity.WARNING
    target = Target.TEAM_QUARTER
    question = "If the team could achieve only three of these this quarter, which would they be?"
    options = TooManyObjectivesOptions
    profiles = {
        "google": {"max_per_team": 3, "max_per_company": 5},
        "doerr": {"max_per_team": 5, "max_per_company": 5},
        "wodtke": {"max_per_team": 1, "max_per_company": 1},
    }

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        obj = ctx.objectives
        company = obj["level"].eq("company").to_numpy()
        # integer group codes and a count per code: no grouping on text columns
        group, keys = group_codes(obj["team"], obj["quarter"], company)
        n = np.bincount(group, minlength=len(keys))
        is_company = np.asarray([k[2] for k in keys], dtype=bool)
        limit = np.where(is_company, self.opts.max_per_company, self.opts.max_per_team)
        over = np.flatnonzero(n > limit)
        if not len(over):
            return None
        team = [keys[i][0] for i in over]
        quarter = [keys[i][1] for i in over]
        return pd.DataFrame(
            {
                "team": team,
                "quarter": quarter,
                "message": [
                    f"{t if isinstance(t, str) else '(no team)'} has {n[i]} objectives in "
                    f"{q if isinstance(q, str) else '(no quarter)'} (max {limit[i]})"
                    for t, q, i in zip(team, quarter, over, strict=True)
                ],
                "suggestion": [f"Keep the {limit[i]} that matter most this quarter" for i in over],
            }
        )
