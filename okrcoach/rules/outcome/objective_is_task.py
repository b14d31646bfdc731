"""OUT002 outcome.objective_is_task: Objective looks like a task or project, not a goal."""

from __future__ import annotations

import pandas as pd

from .. import text as tx
from ..base import Rule, Severity, Target
from ..context import Context, rows


class ObjectiveIsTask(Rule):
    """Objective looks like a task or project, not a goal.

    ## Why is this a problem?
    An objective says what the team wants to achieve and why it matters. A project name
    ("Migrate to Kubernetes") is finished when the work is done, whether or not it helped;
    the goal behind it is what the key results should measure.

    ## Example
    "Migrate all services to Kubernetes"

    ## Use instead
    "Engineers ship safely many times a day"

    ## References
    - Practice guides: an objective is not a to-do item ("Send a welcome email").
    """

    code = "OUT002"
    name = "outcome.objective_is_task"
    severity = Severity.WARNING
    target = Target.OBJECTIVE
    question = "Why does this project matter: what will be better when it is finished?"

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        obj = ctx.objectives
        lead = tx.lead_verb(obj["low"])
        lead.index = obj.index
        hit = tx.in_list(lead["verb"], tx.word_list("task_verbs").terms)
        message = (
            "the objective starts with '" + lead["verb"] + "': it may be a project; "
            "say what it should achieve"
        )
        suggestion = "<what changes for customers or the business when this is done>"
        return rows(obj, hit, message=message, suggestion=suggestion, match=lead["verb"])
