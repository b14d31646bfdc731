"""OUT001 outcome.output_key_result: Key result may be an output (a task or deliverable), not an
outcome."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import rewrites as rw
from .. import scorecard
from ..base import Rule, Severity, Target, option
from ..context import Context, fmt, rows
from ..evidence import outcome_evidence


@dataclass(frozen=True)
class OutputOptions:
    extend_output_verbs: tuple[str, ...] = option((), "More verbs that open a task.")
    extend_activity_nouns: tuple[str, ...] = option((), "More units of activity.")


class OutputKeyResult(Rule):
    """Key result may be an output (a task or deliverable), not an outcome.

    ## Why is this a problem?
    Shipping, launching or holding something is work, not evidence that anything changed
    for customers or the business. A team can complete every output and still miss the
    objective; an outcome key result says which measured state should move.

    ## How it decides
    From two sets of evidence (``okrcoach/rules/evidence.py``): what names work (a task
    verb, a deliverable done such as "is redesigned", a capability such as "customers can
    export", effort, a hire, an artefact, a count of activity) and what names a measured
    state that should move (a direction verb, from A to B, a metric next to a number or a
    bound, a service level). Work with no state is an output (this rule); work with a state
    is unclear (OUT006); the message names the evidence used.

    ## Example
    "Launch the new onboarding checklist"

    ## Use instead
    "Raise week-one activation from 35% to 50%"

    ## Known problems
    Word lists lag real English. A key result that reaches an outcome *through* an output
    ("increase activation from 35% to 50% by shipping the new onboarding") is judged by its
    main clause and passes.

    ## References
    - Google's OKR guide: key results describe outcomes, not activities (consult, help,
      analyse, participate are its examples of activity words).
    - docs/labelling.md: a feature or artefact that exists, or effort spent, is an output.
    """

    code = "OUT001"
    name = "outcome.output_key_result"
    severity = Severity.WARNING
    target = Target.KEY_RESULT
    question = "What should be different once this is done, and which number would show it?"
    options = OutputOptions

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        found = outcome_evidence(
            ctx, self.opts.extend_output_verbs, self.opts.extend_activity_nouns
        )
        hit = scorecard.scored(ctx, "output")[1]
        metric = ctx.key_results["metric"]

        def suggestion(i: pd.Index) -> pd.Series:
            # The work's own numbers ("publish 24 posts") are not the outcome's: keep the
            # baseline and target only when the key result names the metric it moves.
            named = metric[i].notna()
            return (
                "Raise "
                + metric[i].astype(object).fillna(rw.metric_for_work(ctx.key_results["text"][i]))
                + " from "
                + fmt(ctx.baseline[i].where(named), "<baseline>")
                + " to "
                + fmt(ctx.target[i].where(named), "<target>")
                + rw.due(ctx, i)
            )

        def message(i: pd.Index) -> pd.Series:
            said = []
            for kind, term, weighed in zip(
                found.work[i].astype(str).tolist(),
                found.work_term[i].astype(str).tolist(),
                scorecard.evidence(ctx, "output", i).tolist(),
                strict=True,
            ):
                if kind:
                    said.append(f"'{term}' ({_WORK_WORDS.get(kind)}) describes work to do")
                elif weighed:
                    said.append(f"it reads as a deliverable ({weighed})")
                else:
                    said.append("it reads as a deliverable rather than a measured state")
            tail = "; the key result may be an output rather than the outcome it should cause"
            return pd.Series([f"{s}{tail}" for s in said], index=i, dtype=object)

        def question(i: pd.Index) -> pd.Series:
            return rw.done_question(ctx, i, found.work_term[i], found.work[i])

        return rows(
            ctx.key_results,
            hit,
            message=message,
            question=question,
            suggestion=suggestion,
            match=found.work_term,
        )


_WORK_WORDS = {
    "task verb": "a task verb",
    "done": "a deliverable done",
    "capability": "a capability built",
    "effort": "effort spent",
    "hire": "a hire",
    "artefact": "an artefact",
    "nominal": "a task named",
    "routine": "work on a schedule",
    "activity": "a count of activity",
}
