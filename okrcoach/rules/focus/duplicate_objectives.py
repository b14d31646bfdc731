"""FOC005 focus.duplicate_objectives: Several teams wrote (nearly) the same objective in one
quarter."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..base import Rule, Severity, Target
from ..context import Context, rows

_STOP = r"\b(?:the|a|an|our|we|to|of|for|and|in|on|with|by|that|is|are|be|more|every)\b"


def _listing(teams: pd.Series, most: int = 5) -> str:
    """'A, B, C' or 'A, B, C, D, E and 12 more'."""
    names = sorted(teams.dropna().unique())
    shown = ", ".join(names[:most])
    return shown if len(names) <= most else f"{shown} and {len(names) - most} more"


class DuplicateObjectives(Rule):
    """Several teams wrote (nearly) the same objective in one quarter.

    ## Why is this a problem?
    The same objective in several teams usually means nobody owns it, or the teams did not
    talk. Make it one shared objective with one owner, and let teams contribute key results.

    ## Example
    "Improve customer onboarding" in both Support and Onboarding in 2026-Q3

    ## Use instead
    One objective, owned by one team, with the other team's key results linked to it

    ## Known problems
    Compares the set of content words, so reworded duplicates with other words are missed.
    """

    code = "FOC005"
    name = "focus.duplicate_objectives"
    severity = Severity.INFO
    target = Target.OBJECTIVE
    question = (
        "Is this one shared objective with one owner, or different goals that need their own words?"
    )

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        obj = ctx.objectives
        if obj["team"].nunique() < 2:
            return None  # one team (a draft): nothing can repeat across teams
        # The set of content words, computed once per distinct title.
        codes, titles = pd.factorize(obj["low"])
        words = (
            pd.Series(titles, dtype="str")
            .str.replace(r"[^a-z0-9 ]", " ", regex=True)
            .str.replace(_STOP, " ", regex=True)
            .str.split()
        )
        keys = words.map(lambda w: " ".join(sorted(set(w))) if isinstance(w, list) else "")
        key = pd.Series(np.append(keys.to_numpy(dtype=object), "")[codes], index=obj.index)
        frame = pd.DataFrame({"quarter": obj["quarter"], "key": key, "team": obj["team"]})
        teams = frame.groupby(["quarter", "key"], dropna=False)["team"].transform("nunique")
        hit = (teams > 1) & key.ne("")

        def message(i: pd.Index) -> pd.Series:
            # every row of a duplicated objective is a hit, so the listing is complete
            found = frame.loc[i]
            group = pd.factorize(found["quarter"].fillna("") + "\x00" + found["key"])[0]
            names = pd.Series(found["team"].to_numpy(dtype=object)).groupby(group).agg(_listing)
            listing = pd.Series(names.to_numpy()[group], index=i)
            return "the same objective appears in " + teams[i].astype(str) + " teams: " + listing

        return rows(
            obj,
            hit,
            message=message,
            suggestion="Make it one objective with one owner",
            match=obj["title"],
        )
