"""The analyst's overview of the organisation: :class:`Overview`, its filters and views."""

from __future__ import annotations

import functools
import os
from dataclasses import replace
from pathlib import Path

import pandas as pd

from ..config import Config
from ..goalset import GoalSet
from ..organisation.analysed import Organisation, analysed
from .selection import Selection, as_tuple, check_selection, filter_options
from .view import View


class Overview:
    """The whole organisation analysed once (an :class:`~okrcoach.organisation.Organisation`),
    to be looked at through selections.

    Parameters
    ----------
    goals : GoalSet or path
        The goal data, or anything :func:`okrcoach.load` reads.
    config : Config, optional
        Rule selection and thresholds; the focus view's limits come from it too.
    as_of : date, optional
        The day trends and cadence rules judge from; the latest date in the data by default.

    Attributes
    ----------
    organisation : Organisation
        The analysis the retrospectives read too.
    goals : GoalSet
    findings : DataFrame
        :func:`okrcoach.lint` of every quarter.
    trends : Trends
    teams : DataFrame
        The team table: ``team, department, group`` (its cascade group), ``level`` (its
        objectives' usual level).
    objectives, key_results : DataFrame
        The goal data's, with each row's ``department`` (and, for key results, its
        objective's ``team, quarter, level``).
    """

    def __init__(
        self,
        goals: GoalSet | str | os.PathLike,
        config: Config | None = None,
        as_of: str | pd.Timestamp | None = None,
    ):
        self.organisation = analysed(goals, config, as_of)
        org: Organisation = self.organisation
        self.goals, self.config, self.trends = org.goals, org.config, org.trends
        self.as_of, self.findings = org.as_of, org.findings
        self.teams = org.teams()
        self.objectives, self.key_results = org.objectives, org.key_results

    @classmethod
    def from_path(
        cls,
        data: str | os.PathLike | GoalSet,
        config: Config | str | os.PathLike | None = None,
        as_of: str | pd.Timestamp | None = None,
    ) -> Overview:
        """Load goal data (anything :func:`okrcoach.load` reads) and analyse it.

        ``config`` may be a :class:`Config` or the path of an ``okrcoach.toml`` or
        ``pyproject.toml``.
        """
        if config is not None and not isinstance(config, Config):
            config = Config.from_file(Path(config))
        return cls(data, config, as_of if as_of not in (None, "") else None)

    # -- what there is to choose from ---------------------------------------------------

    @functools.cached_property
    def options(self) -> dict[str, list[str]]:
        """What each filter can choose from (see :func:`filter_options`)."""
        return filter_options(self.goals, self.teams)

    @property
    def quarters(self) -> list[str]:
        return self.options["quarters"]

    @property
    def departments(self) -> list[str]:
        return self.options["departments"]

    def team_names(self, departments: tuple[str, ...] = ()) -> list[str]:
        t = self.teams
        if departments:
            t = t[t["department"].isin(departments)]
        return sorted(t["team"])

    @property
    def levels(self) -> list[str]:
        return self.options["levels"]

    @property
    def categories(self) -> list[str]:
        return self.options["categories"]

    def selection(
        self, quarters=None, departments=None, teams=None, levels=None, categories=None
    ) -> Selection:
        """A :class:`Selection` from loose values (a string or a list each), checked
        against the data (see :func:`check_selection`)."""
        return check_selection(
            self.goals, quarters, departments, teams, levels, categories, options=self.options
        )

    def select(self, selection: Selection | None = None, **filters) -> View:
        """The analysis restricted to a selection (or to keyword filters, see
        :meth:`selection`). Views are kept, so returning to a selection costs nothing."""
        if selection is None:
            selection = self.selection(**filters)
        elif filters:
            selection = replace(selection, **{k: as_tuple(v) for k, v in filters.items()})
        return self.view(selection)

    @functools.lru_cache(maxsize=64)  # noqa: B019 - one Overview per notebook; views are small
    def view(self, selection: Selection) -> View:
        """The view of a checked selection, kept (see :meth:`select`)."""
        return View(self.organisation, selection)


__all__ = ["Overview"]
