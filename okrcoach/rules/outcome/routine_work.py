"""OUT004 outcome.routine_work: OKR may describe routine, business-as-usual work."""

from __future__ import annotations

import pandas as pd

from .. import text as tx
from ..base import Rule, Severity, Target
from ..context import Context, rows


class RoutineWork(Rule):
    """OKR may describe routine, business-as-usual work.

    ## Why is this a problem?
    OKRs are for the change a team wants next; steady-state work and its health metrics
    belong in KPIs. Routine work written as an OKR crowds out the few things that should
    change this quarter.

    ## Example
    "Keep the lights on for the billing system"

    ## Use instead
    "Invoices are right the first time"

    ## Known problems
    Matches a list of words; "maintain" is judged only when the whole objective is about it.
    """

    code = "OUT004"
    name = "outcome.routine_work"
    severity = Severity.INFO
    target = Target.OBJECTIVE
    question = "Is this a change the team is driving this quarter, or work it does every quarter?"

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        obj = ctx.objectives
        match = tx.first_match(obj["low"], tx.word_list("routine_terms").pattern())
        krs = ctx.key_results.assign(maintain=ctx.kr_text.maintain)
        all_maintain = krs.groupby("objective_id")["maintain"].all()
        maintain = obj["objective_id"].map(all_maintain).eq(True) & obj["n_krs"].gt(0)
        hit = match.notna() | maintain
        evidence = match.fillna("every key result keeps a level")
        message = "'" + evidence + "' may mean routine work; track steady state as a KPI"
        return rows(
            obj,
            hit,
            message=message,
            suggestion="<the change you want this quarter>; keep the routine as a KPI",
            match=evidence,
        )
