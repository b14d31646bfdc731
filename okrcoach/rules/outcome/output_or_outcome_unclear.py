"""OUT006 outcome.output_or_outcome_unclear: Key result names both work and a measured state: say
which one it is."""

from __future__ import annotations

import pandas as pd

from .. import rewrites as rw
from .. import scorecard
from .. import text as tx
from ..base import Rule, Severity, Target
from ..context import Context, rows
from ..evidence import outcome_evidence

#: A task joined to the state it should reach: "with", "achieving", "so that", "at a".
_JOINED = (
    r"\b(?:with|achieving|reaching|hitting|so\s+that|resulting\s+in|leading\s+to|"
    r"at\s+(?:a|an|least))\b[^.;]*?(?:\d|\b(?:all|every|no)\b)"
)


_PARTS = (
    r"(?i)^(?P<work>.{3,80}?)\s+(?:with|achieving|reaching|hitting|at)\s+(?:an?\s+)?"
    r"(?P<value>[$€£¥₽₹₩₺₴₦₱]?\d[\d.,]*\s*%?)\s+(?P<metric>[a-z][a-z\- ]{2,40}?)\s*(?:[.;,]|$)"
)


class OutputOrOutcomeUnclear(Rule):
    """Key result names both work and a measured state: say which one it is.

    ## Why is this a problem?
    "Launch the help centre with a 90% self-service rate" is two things: a deliverable
    and a state it should reach. When the quarter ends, the team will report the launch;
    the key result should be the state, and the launch the plan to get there.

    ## How it decides
    The same evidence as OUT001: a task verb leads, and a measured state (a metric next to
    a number or bound, from A to B, a bound on a population) is joined to it by "with",
    "achieving", "so that" or "at a", where OUT001's scorecard does not call it an output.
    A metric whose name holds a work word ("MQLs delivered", "demo calls booked") is a
    metric, not work.

    ## Example
    "Launch the help centre with a 90% self-service rate"

    ## Use instead
    "Raise the self-service rate from 70% to 90% by the end of the quarter"
    """

    code = "OUT006"
    name = "outcome.output_or_outcome_unclear"
    severity = Severity.INFO
    target = Target.KEY_RESULT
    question = "Which is the key result: the work, or the state it should reach?"

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        found = outcome_evidence(ctx)
        # a task and, joined to it, the state it should reach ("launch X with a 90 % rate");
        # not a metric whose name holds a work word ("MQLs delivered", "demo calls")
        hit = (
            found.work.eq("task verb")
            & found.state.isin(("metric", "from-to", "population"))
            & ~scorecard.scored(ctx, "output")[1]
            & tx.contains(ctx.kr_text.main, _JOINED)
        )

        def message(i: pd.Index) -> pd.Series:
            return (
                "names work ('"
                + found.work_term[i].astype(str)
                + "') and a measured state ('"
                + found.state_term[i].astype(str)
                + "'): make the state the key result and the work the plan"
            )

        def suggestion(i: pd.Index) -> pd.Series:
            # "Launch the help centre with a 90% self-service rate": the state's metric and
            # value after the join, the work before it
            parts = tx.extract(ctx.key_results["text"][i].fillna(""), _PARTS)
            said = (
                "Raise the "
                + parts["metric"].str.strip()
                + " from <baseline> to "
                + parts["value"].str.strip()
                + rw.due(ctx, i)
                + "; '"
                + parts["work"].str.strip()
                + "' is the plan"
            )
            return said.where(parts["metric"].notna(), None)

        return rows(
            ctx.key_results, hit, message=message, suggestion=suggestion, match=found.work_term
        )
