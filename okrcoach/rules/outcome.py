"""Outcome vs output: key results and objectives that describe work instead of its effect."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import rewrites as rw
from . import text as tx
from .base import Rule, Severity, Target, option
from .context import Context, fmt, rows
from .evidence import outcome_evidence


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
    options = OutputOptions

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        found = outcome_evidence(
            ctx, self.opts.extend_output_verbs, self.opts.extend_activity_nouns
        )
        hit = found.work.ne("") & found.state.eq("")
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
                + " by "
                + ctx.due[i]
            )

        def message(i: pd.Index) -> pd.Series:
            return (
                "'"
                + found.work_term[i].astype(str)
                + "' ("
                + found.work[i].astype(str).map(_WORK_WORDS)
                + ") describes work to do; the key result may be an output rather than the "
                "outcome it should cause"
            )

        return rows(
            ctx.key_results, hit, message=message, suggestion=suggestion, match=found.work_term
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


@dataclass(frozen=True)
class BareMetricOptions:
    max_words: int = option(3, "Titles with at most this many words and no verb are flagged.")


class ObjectiveIsBareMetric(Rule):
    """Objective is a bare metric, not a qualitative goal.

    ## Why is this a problem?
    "Revenue" or "NPS 40" names a number to watch, which is a KPI. An objective should
    say, in words people remember, what the team wants to be true and why; the numbers
    belong in its key results.

    ## Example
    "Sign-ups"

    ## Use instead
    "Small firms choose us without needing a sales call"

    ## Options
    """

    code = "OUT003"
    name = "outcome.objective_is_bare_metric"
    severity = Severity.WARNING
    target = Target.OBJECTIVE
    options = BareMetricOptions

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        obj = ctx.objectives
        words = tx.count(obj["low"], r"[a-z0-9][a-z0-9\-']*")
        verbs = tx.word_list("sentence_verbs").alternation()
        has_verb = tx.contains(
            obj["low"],
            rf"\b(?:{verbs}|"
            r"[a-z]+s\s+(?:the|a|an|our|their|every|more|less|fast|faster)\b)\b",
        )
        short = (words <= self.opts.max_words) & ~has_verb & words.gt(0)
        metric = tx.contains(obj["low"], r"\d") & (words <= 6) & ~has_verb
        hit = short | metric
        message = (
            "'"
            + obj["title"]
            + "' names a metric, not a goal: "
            + words.astype(str)
            + " word(s), no verb"
        )
        suggestion = (
            "<a sentence saying what should be true, and why it matters>; "
            "move the number into a key result"
        )
        return rows(obj, hit, message=message, suggestion=suggestion, match=obj["title"])


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


class ObjectiveHoldsNumber(Rule):
    """Objective holds a number; metrics belong in its key results.

    ## Why is this a problem?
    A number in the objective ties it to one metric and makes it read like a key result.
    Objectives stay qualitative and memorable; key results carry the numbers. Years and
    names with digits (ISO 27001) are not counted.

    ## Example
    "Reach 16.5M EUR ARR"

    ## Use instead
    "Build a business that funds its own growth"
    """

    code = "OUT005"
    name = "outcome.objective_holds_number"
    severity = Severity.INFO
    target = Target.OBJECTIVE

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        obj = ctx.objectives
        hit = tx.has_quantity(obj["low"]) & tx.contains(obj["low"], r"\d")
        number = tx.extract(obj["low"], r"(?P<n>\d[\d.,]*\s*(?:%|[km]\b)?)")["n"]
        message = "the objective holds '" + number.fillna("") + "'; put numbers in key results"
        return rows(
            obj,
            hit,
            message=message,
            suggestion="<the goal in words>; move the number into a key result",
            match=number,
        )
