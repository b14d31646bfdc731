"""OWN002 ownership.key_result_without_owner: Key result has no owner."""

from __future__ import annotations

import pandas as pd

from ..base import Rule, Severity, Target
from ..context import Context, rows


class KeyResultWithoutOwner(Rule):
    """Key result has no owner.

    ## Why is this a problem?
    Key results without an owner are the ones nobody checks in on. Every key result needs
    one person who reports its progress.

    ## Example
    A key result with an empty owner

    ## Use instead
    The same key result with the person closest to the work in `owner`
    """

    code = "OWN002"
    name = "ownership.key_result_without_owner"
    severity = Severity.WARNING
    target = Target.KEY_RESULT
    question = "Who will report progress on this key result each week?"

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        krs = ctx.key_results
        return rows(
            krs,
            krs["owner"].isna(),
            message="no owner",
            suggestion="Name the person who reports its progress",
            match=None,
        )
