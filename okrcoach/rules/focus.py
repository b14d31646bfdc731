"""Focus: too many priorities, spread too thin."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .base import Rule, Severity, Target, option
from .context import Context, rows

# Where published schools disagree, each threshold ships as a named profile.
# default: the design's defaults; doerr: "five or fewer" KRs (Measure What Matters);
# google: "around three" KRs, objectives 3 per team and 5 for the company (Google's guide);
# wodtke: one objective, at most three KRs (Radical Focus).


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
        group, keys = pd.factorize(
            pd.MultiIndex.from_arrays([obj["team"], obj["quarter"], company]), use_na_sentinel=False
        )
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


@dataclass(frozen=True)
class KeyResultCountOptions:
    min_per_objective: int = option(3, "Fewest key results an objective should have.")
    max_per_objective: int = option(5, "Most key results an objective should have.")


class KeyResultCount(Rule):
    """Number of key results of an objective is outside the range.

    ## Why is this a problem?
    One key result rarely captures an objective; more than five spreads attention and
    usually mixes in tasks. Three to five is the common guideline.

    ## Example
    An objective with 6 key results, or with 1

    ## Use instead
    An objective with 3 key results that together show it was achieved

    ## References
    - Doerr: five or fewer. Google: around three. Wodtke: no more than three.
    """

    code = "FOC002"
    name = "focus.key_result_count"
    severity = Severity.WARNING
    target = Target.OBJECTIVE
    options = KeyResultCountOptions
    profiles = {
        "google": {"min_per_objective": 2, "max_per_objective": 4},
        "doerr": {"min_per_objective": 1, "max_per_objective": 5},
        "wodtke": {"min_per_objective": 1, "max_per_objective": 3},
    }

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        obj = ctx.objectives
        lo, hi = self.opts.min_per_objective, self.opts.max_per_objective
        n = obj["n_krs"]
        hit = (n < lo) | (n > hi)
        message = n.astype(str) + " key results (expected " + f"{lo}-{hi}" + ")"
        suggestion = pd.Series(
            f"Keep the {hi} that best show the objective was met", index=obj.index
        ).where(n > hi, f"Add key results until {lo} together show it was met")
        return rows(obj, hit, message=message, suggestion=suggestion, match=None)


@dataclass(frozen=True)
class TooManyKpisOptions:
    max_per_team: int = option(12, "Most KPIs one team should follow.")


class TooManyKpis(Rule):
    """Too many KPIs on one team's dashboard.

    ## Why is this a problem?
    Beyond 8 to 12 KPIs nobody can say which action each one calls for; the dashboard
    becomes a report nobody reads.

    ## Example
    A team following 15 KPIs

    ## Use instead
    The 8 to 12 KPIs the team acts on; the rest stay available as diagnostics
    """

    code = "FOC003"
    name = "focus.too_many_kpis"
    severity = Severity.INFO
    target = Target.TEAM
    options = TooManyKpisOptions

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        counts = ctx.kpis.groupby("team", dropna=False).size().rename("n").reset_index()
        over = counts[counts["n"] > self.opts.max_per_team].copy()
        if over.empty:
            return None
        over["message"] = (
            over["team"].fillna("(no team)")
            + " follows "
            + over["n"].astype(str)
            + f" KPIs (max {self.opts.max_per_team})"
        )
        over["suggestion"] = "Keep the KPIs the team acts on"
        return over[["team", "message", "suggestion"]]


@dataclass(frozen=True)
class OwnerOverloadOptions:
    max_share: float = option(0.6, "Largest share of a team's quarter of KRs one person owns.")
    min_key_results: int = option(6, "Only teams with at least this many KRs are checked.")


class OwnerOverload(Rule):
    """One person owns too many of a team's key results.

    ## Why is this a problem?
    When one person owns most of a team's key results, the others are spectators and that
    person becomes the bottleneck of every check-in.

    ## Example
    One person owning 9 of a team's 10 key results in a quarter

    ## Use instead
    Key results spread so that each is owned by the person closest to the work
    """

    code = "FOC004"
    name = "focus.owner_overload"
    severity = Severity.WARNING
    target = Target.TEAM_QUARTER
    options = OwnerOverloadOptions

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        krs = ctx.key_results
        # integer codes instead of grouping on text columns: the same counts for a fraction
        # of the cost, on a draft as on an organisation
        tq, tq_keys = pd.factorize(
            pd.MultiIndex.from_arrays([krs["team"], krs["quarter"]]), use_na_sentinel=False
        )
        who, names = pd.factorize(krs["owner"])
        total = np.bincount(tq)
        has = who >= 0
        pair = tq[has] * len(names) + who[has]
        pairs, owned = np.unique(pair, return_counts=True)
        group, person = pairs // max(len(names), 1), pairs % max(len(names), 1)
        hit = (total[group] >= self.opts.min_key_results) & (
            owned / total[group] > self.opts.max_share
        )
        if not hit.any():
            return None
        group, person, owned = group[hit], person[hit], owned[hit]
        teams = tq_keys[group]
        owner = names[person].astype(str)
        return pd.DataFrame(
            {
                "team": [t for t, _ in teams],
                "quarter": [q for _, q in teams],
                "message": [
                    f"{o} owns {n} of {t} key results (max share {self.opts.max_share:.0%})"
                    for o, n, t in zip(owner, owned, total[group], strict=True)
                ],
                "suggestion": "Give each key result to the person closest to the work",
                "match": owner,
            }
        )


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


@dataclass(frozen=True)
class LongObjectiveOptions:
    max_characters: int = option(70, "Longest objective title, in characters.")


class LongObjective(Rule):
    """Objective is longer than one line.

    ## Why is this a problem?
    An objective people can repeat from memory guides decisions; a paragraph does not.
    Keep it to one line and move detail into the key results.

    ## Example
    "Make sure that every new customer, whatever their size, gets onboarded quickly and well"

    ## Use instead
    "New customers run their first week of jobs in Tallyfield"

    ## References
    - One vendor scores titles under 70 characters.
    """

    code = "FOC006"
    name = "focus.long_objective"
    severity = Severity.INFO
    target = Target.OBJECTIVE
    options = LongObjectiveOptions

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        obj = ctx.objectives
        length = obj["title"].fillna("").str.len()
        hit = length > self.opts.max_characters
        message = (
            "the objective has "
            + length.astype(str)
            + " characters (max "
            + str(self.opts.max_characters)
            + ")"
        )
        return rows(
            obj,
            hit,
            message=message,
            suggestion="<the goal in one line>; move detail into key results",
            match=None,
        )
