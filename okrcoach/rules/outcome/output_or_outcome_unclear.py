"""OUT006 outcome.output_or_outcome_unclear: Key result names both work and a measured state: say
which one it is."""

from __future__ import annotations

import pandas as pd

from ..base import Rule, Severity, Target
from ..context import Context, rows
from ..evidence import outcome_evidence


class OutputOrOutcomeUnclear(Rule):
    """Key result names both work and a measured state: say which one it is.

    ## Why is this a problem?
    "Launch the help centre with a 90% self-service rate" is two things: a deliverable
    and a state it should reach. When the quarter ends, the team will report the launch;
    the key result should be the state, and the launch the plan to get there.

    ## How it decides
    The same evidence as OUT001: work (a task verb, a deliverable, effort ...) and a
    measured state (a direction verb, from A to B, a metric next to a number or bound)
    both found.

    ## Example
    "Launch the help centre with a 90% self-service rate"

    ## Use instead
    "Raise the self-service rate from 70% to 90% by the end of the quarter"
    """

    code = "OUT006"
    name = "outcome.output_or_outcome_unclear"
    severity = Severity.INFO
    target = Target.KEY_RESULT

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        found = outcome_evidence(ctx)
        hit = found.work.ne("") & found.state.ne("")

        def message(i: pd.Index) -> pd.Series:
            return (
                "names work ('"
                + found.work_term[i].astype(str)
                + "') and a measured state ('"
                + found.state_term[i].astype(str)
                + "'): make the state the key result and the work the plan"
            )

        def suggestion(i: pd.Index) -> pd.Series:
            return (
                "Move "
                + found.state_term[i].astype(str)
                + " to <target> by "
                + ctx.due[i]
                + "; keep '"
                + found.work_term[i].astype(str)
                + "' as the plan"
            )

        return rows(
            ctx.key_results, hit, message=message, suggestion=suggestion, match=found.work_term
        )
