"""What an analyst looks at: a :class:`Selection` of quarters, departments, teams, levels
and rule categories, and its checks against the data."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

import pandas as pd

from ..errors import OkrcoachError
from ..goalset import GoalSet
from ..organisation.teams import team_table
from ..quarters import parse_quarter
from ..rules import CATEGORIES
from ..schema import LEVELS


@dataclass(frozen=True)
class Selection:
    """What to look at. Empty tuples (and ``quarters=None``) mean everything.

    Parameters
    ----------
    quarters : (first, last), optional
        An inclusive range of quarters such as ``("2026-Q1", "2026-Q3")``.
    departments, teams, levels, categories : tuple of str
        Departments, teams, objective levels (company, department, team, individual) and
        rule categories (outcome, measurability, ...) to keep.
    """

    quarters: tuple[str, str] | None = None
    departments: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()

    def describe(self) -> str:
        """The selection in words, for titles and the export's first sheet."""
        parts = []
        if self.quarters:
            first, last = self.quarters
            parts.append(first if first == last else f"{first} to {last}")
        for name, values in (
            ("department", self.departments),
            ("team", self.teams),
            ("level", self.levels),
            ("category", self.categories),
        ):
            if values:
                parts.append(f"{name}{'s' if len(values) > 1 else ''} {', '.join(values)}")
        return "; ".join(parts) or "everything"

    def as_frame(self) -> pd.DataFrame:
        rows = [(f.name, ", ".join(getattr(self, f.name) or ()) or "all") for f in fields(self)]
        return pd.DataFrame(rows, columns=["filter", "value"])


def parse_quarters(value: str | tuple | list | None) -> tuple[str, str] | None:
    """``"2026-Q1:2026-Q3"``, ``"2026-Q3"``, ``("2026-Q1", "2026-Q3")`` or None.

    Quarters may be written in any form a goal file accepts (``Q3 2026``, ``2026q3``).
    """
    if value is None or value == "":
        return None
    ends = value.split(":") if isinstance(value, str) else list(value)
    if len(ends) == 1:
        ends = ends * 2
    parsed = [parse_quarter(v) for v in ends]
    if len(ends) != 2 or None in parsed:
        raise OkrcoachError(
            f"{value!r} is not a quarter range; write it as 2026-Q1:2026-Q3 "
            "or one quarter such as 2026-Q3"
        )
    first, last = sorted(parsed)
    return first, last


def as_tuple(value) -> tuple[str, ...]:
    """A filter's loose value (None, a string, a list) as a tuple of strings."""
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def filter_options(goals: GoalSet, team_info: pd.DataFrame | None = None) -> dict[str, list[str]]:
    """The values each filter can take in this data: ``quarters``, ``departments``,
    ``teams``, ``levels`` (those present, in cascade order) and ``categories``."""
    t = team_table(goals) if team_info is None else team_info
    present = set(goals.objectives["level"].dropna())
    return {
        "quarters": sorted(goals.objectives["quarter"].dropna().unique()),
        "departments": sorted(t["department"].dropna().unique()),
        "teams": sorted(t["team"]),
        "levels": [lv for lv in LEVELS if lv in present],
        "categories": list(CATEGORIES.values()),
    }


def check_selection(
    goals: GoalSet,
    quarters=None,
    departments=None,
    teams=None,
    levels=None,
    categories=None,
    *,
    options: dict[str, list[str]] | None = None,
) -> Selection:
    """A :class:`Selection` from loose values (a string or a list each), checked against
    the data; the quarter range is narrowed to the quarters the data has.

    Raises
    ------
    OkrcoachError
        Naming every value that is not in the data, with the values that are.
    """
    known = options or filter_options(goals)
    sel = Selection(
        parse_quarters(quarters),
        as_tuple(departments),
        as_tuple(teams),
        as_tuple(levels),
        as_tuple(categories),
    )
    problems = []
    for name in ("departments", "teams", "levels", "categories"):
        unknown = [v for v in getattr(sel, name) if v not in known[name]]
        if unknown:
            problems.append(
                f"unknown {name[:-1] if len(unknown) == 1 else name} "
                f"{', '.join(map(repr, unknown))}; known: {', '.join(known[name])}"
            )
    data_quarters = known["quarters"]
    if sel.quarters:
        inside = [q for q in data_quarters if sel.quarters[0] <= q <= sel.quarters[1]]
        if inside:  # the range as the data has it, so a slider can show it
            sel = replace(sel, quarters=(inside[0], inside[-1]))
        else:
            have = f"{data_quarters[0]} to {data_quarters[-1]}" if data_quarters else "no quarters"
            problems.append(
                f"no quarter from {sel.quarters[0]} to {sel.quarters[1]} in the "
                f"data, which has {have}"
            )
    if problems:
        raise OkrcoachError("; ".join(problems))
    return sel


__all__ = ["Selection", "as_tuple", "check_selection", "filter_options", "parse_quarters"]
