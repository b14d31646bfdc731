"""An organisation's goal data at a glance: the analyst's views across teams and quarters.

:class:`Overview` analyses the whole organisation once (lint, trends, quality scores) and
:meth:`Overview.select` restricts that analysis to a :class:`Selection` — a range of
quarters, departments, teams, objective levels and rule categories — without recomputing
any of it, so a filter in the exploration notebook answers at once. A :class:`View` holds
one frame per question an analyst asks; :mod:`okrcoach.explore` draws them.

What a selection keeps:

- objectives in the quarter range, of the selected teams (or teams of the selected
  departments) and levels; key results go with their objective;
- findings about those objectives and key results, about a selected team's quarter (too
  many objectives ...), or about a selected team's KPIs and score history (these carry no
  quarter and are kept whatever the range); the rule categories narrow the findings and
  the quality scores derived from them, and nothing else;
- KPIs of the selected teams (a KPI belongs to the team that reports it).

A team's department comes from a ``department`` column on the objectives when the data has
one; otherwise from the cascade (the department-level objective its objectives roll up to).
"""

from ..organisation.teams import team_table
from .overview import Overview
from .selection import Selection, as_tuple, check_selection, filter_options, parse_quarters
from .view import KPI_DEFINITION, View

__all__ = [
    "KPI_DEFINITION",
    "Overview",
    "Selection",
    "View",
    "as_tuple",
    "check_selection",
    "filter_options",
    "parse_quarters",
    "team_table",
]
