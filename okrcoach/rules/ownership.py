"""Ownership and alignment: someone is accountable, and the goal connects upward."""

from __future__ import annotations

import pandas as pd

from .base import Rule, Severity, Target
from .context import Context, rows


class ObjectiveWithoutOwner(Rule):
    """Objective has no owner.

    ## Why is this a problem?
    An objective that belongs to everyone belongs to no one: somebody must be accountable
    for driving it and reporting on it, team objectives included.

    ## Example
    An objective with an empty owner

    ## Use instead
    The same objective with the person accountable in `owner`
    """

    code = "OWN001"
    name = "ownership.objective_without_owner"
    severity = Severity.WARNING
    target = Target.OBJECTIVE

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        obj = ctx.objectives
        return rows(
            obj,
            obj["owner"].isna(),
            message="no owner",
            suggestion="Name the person accountable",
            match=None,
        )


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

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        krs = ctx.key_results
        return rows(
            krs,
            krs["owner"].isna(),
            message="no owner",
            suggestion="Name the person who reports its progress",
            match=None,
        )


class UnalignedObjective(Rule):
    """Team objective is not linked to a parent objective.

    ## Why is this a problem?
    Objectives cascade from company to department to team. A team objective that links to
    nothing above may be a local priority that competes with the company's.

    ## Example
    A team objective with an empty `parent_id`

    ## Use instead
    The same objective with `parent_id` set to the department objective it serves
    """

    code = "OWN003"
    name = "ownership.unaligned_objective"
    severity = Severity.INFO
    target = Target.OBJECTIVE

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        obj = ctx.objectives
        hit = obj["level"].isin(["team", "department"]) & obj["parent_id"].isna()
        return rows(
            obj,
            hit,
            message="a " + obj["level"].fillna("") + " objective with no parent objective",
            suggestion="Link it to the objective it serves",
            match=None,
        )


class KindNotDeclared(Rule):
    """Objective does not say whether it is committed or aspirational.

    ## Why is this a problem?
    Committed objectives are expected to reach 1.0 and a miss needs a post-mortem;
    aspirational ones average about 0.7. Without the declaration, nobody knows how to read
    the score.

    ## Example
    An objective with an empty `kind`

    ## Use instead
    The same objective with `kind` set to committed or aspirational
    """

    code = "OWN004"
    name = "ownership.kind_not_declared"
    severity = Severity.INFO
    target = Target.OBJECTIVE

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        obj = ctx.objectives
        hit = obj["kind"].isna() & ~obj["level"].eq("company")
        return rows(
            obj,
            hit,
            message="committed or aspirational is not declared",
            suggestion="Set kind to committed or aspirational",
            match=None,
        )
