"""The organisation analysed once: goals, trends, findings, quality scores and teams.

The exploration shows the whole organisation and the retrospectives one team of it, but
both read the same analysis: :func:`okrcoach.trends` and :func:`okrcoach.lint` of every
quarter as of one day, the quality scores derived from the findings, and the team table.
:class:`Organisation` computes each piece once, on first use. A batch run executes every
team's notebook in a few warm kernels, so :func:`analysed` keeps the last organisation (per
data file and its modification time, settings and day) and every table a team's report
takes rows from is indexed once (:class:`Lookup`): a team of a thousand-team organisation
costs what a team of a small one does, its rows picked by position, never by scanning.
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..config import Config
from ..goalset import GoalSet
from ..lint import lint, scores
from ..loading.loader import load
from ..loading.sources import is_url
from ..trends import Trends, trends
from .teams import team_table


class Lookup:
    """Rows of ``frame`` by the values of ``column``: built in one pass, read per key.

    ``rows(keys)`` equals ``frame[frame[column].isin(keys)]`` (same rows, same order, same
    index) for keys that are not missing, at the cost of the rows it returns.
    """

    def __init__(self, frame: pd.DataFrame, column: str):
        self.frame = frame
        self.positions = frame.groupby(column, sort=False, dropna=True).indices

    def positions_of(self, keys: Iterable) -> np.ndarray:
        parts = [self.positions[k] for k in dict.fromkeys(keys) if k in self.positions]
        return np.sort(np.concatenate(parts)) if parts else np.empty(0, dtype=np.intp)

    def rows(self, keys: Iterable) -> pd.DataFrame:
        return self.frame.iloc[self.positions_of(keys)]


@dataclass(eq=False)
class Organisation:
    """The analysed organisation.

    Attributes
    ----------
    goals : GoalSet
    config : Config
    trends : Trends
        :func:`okrcoach.trends` as of :attr:`as_of`.
    findings : DataFrame
        :func:`okrcoach.lint` of every quarter, judged as of the same day.
    """

    goals: GoalSet
    config: Config
    trends: Trends
    findings: pd.DataFrame
    _teams: dict = field(default_factory=dict, repr=False)  # quarter (or None) -> table

    @classmethod
    def of(
        cls, goals: GoalSet, config: Config | None = None, as_of: str | pd.Timestamp | None = None
    ) -> Organisation:
        """Trend and lint ``goals`` as of a day (the latest date in the data by default)."""
        config = config or Config()
        tr = trends(goals, as_of, anomaly_threshold=config.anomaly_threshold)
        return cls(goals, config, tr, lint(goals, config, trends=tr))

    @property
    def as_of(self) -> pd.Timestamp:
        return self.trends.as_of

    # -- quality ------------------------------------------------------------------------

    @functools.cached_property
    def _scores(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        return scores(self.goals, self.findings)

    @property
    def objective_scores(self) -> pd.DataFrame:
        """Quality 0-100 per objective (:func:`okrcoach.lint.scores`)."""
        return self._scores[0]

    @property
    def team_scores(self) -> pd.DataFrame:
        """Quality 0-100 per team and quarter (:func:`okrcoach.lint.scores`)."""
        return self._scores[1]

    @functools.cached_property
    def quality(self) -> pd.Series:
        """Each objective's quality score, by objective_id."""
        return self.objective_scores.set_index("objective_id")["score"]

    # -- teams ----------------------------------------------------------------------------

    def teams(self, quarter: str | None = None) -> pd.DataFrame:
        """The team table (:func:`~okrcoach.organisation.teams.team_table`): every team, or
        the teams of one quarter with their cascade group in it."""
        if quarter not in self._teams:
            self._teams[quarter] = team_table(self.goals, quarter)
        return self._teams[quarter]

    @functools.cached_property
    def objectives(self) -> pd.DataFrame:
        """The goal data's objectives, each with its team's ``department``."""
        obj = self.goals.objectives
        return obj.assign(department=obj["team"].map(self.teams().set_index("team")["department"]))

    @functools.cached_property
    def key_results(self) -> pd.DataFrame:
        """The goal data's key results with their objective's ``team, quarter, level`` and
        ``department``."""
        return self.goals.key_results.merge(
            self.objectives[["objective_id", "team", "quarter", "level", "department"]],
            on="objective_id",
            how="left",
        )

    def teams_in(self, quarter: str) -> list[str]:
        """Teams with team-level objectives in the quarter, in order of appearance."""
        return self.teams(quarter)["team"].tolist()

    # -- one team's rows ----------------------------------------------------------------

    @functools.cached_property
    def lookups(self) -> dict[str, Lookup]:
        g, tr = self.goals, self.trends
        return {
            "objectives": Lookup(g.objectives, "team"),
            "key_results": Lookup(g.key_results, "objective_id"),
            "findings": Lookup(self.findings, "team"),
            "team_scores": Lookup(self.team_scores, "team"),
            "cadence": Lookup(tr.kr_cadence, "kr_id"),
            "checkins": Lookup(tr.checkin_progress, "kr_id"),
            "kpis_by_team": Lookup(g.kpis, "team"),
            "kpis_by_id": Lookup(g.kpis, "kpi_id"),
            "kpis_by_guarded": Lookup(self.guarded, "objective_id"),
            "kpi_status": Lookup(tr.kpi_status, "kpi_id"),
            "kpi_values": Lookup(g.kpi_values, "kpi_id"),
            "anomalies": Lookup(tr.anomalies, "kpi_id"),
            "kpi_forecast": Lookup(tr.kpi_forecast, "kpi_id"),
            "breaches": Lookup(tr.guardrail_breaches, "objective_id"),
        }

    @functools.cached_property
    def guarded(self) -> pd.DataFrame:
        """One row per KPI and objective it guards (``position``: the KPI's row)."""
        ids = self.goals.kpis["guardrail_for"].fillna("").str.split(",")
        pairs = pd.DataFrame({"position": np.arange(len(ids)), "objective_id": ids}).explode(
            "objective_id"
        )
        pairs["objective_id"] = pairs["objective_id"].str.strip()
        return pairs[pairs["objective_id"].ne("")].reset_index(drop=True)

    @functools.cached_property
    def progress(self) -> pd.DataFrame:
        """Each key result's progress, by kr_id."""
        return self.trends.kr_progress.set_index("kr_id")

    @functools.cached_property
    def kpi_details(self) -> pd.DataFrame:
        return self.goals.kpis.set_index("kpi_id")[["unit", "owner", "guardrail_for"]]

    def kpi_positions(self, team: str, objective_ids: Iterable, metrics: Iterable) -> tuple:
        """Row positions in ``goals.kpis`` of a team's KPIs: its own, those its key results
        move and those guarding its objectives; and of the guarding ones alone."""
        lk = self.lookups
        guards = self.guarded["position"].to_numpy()[
            lk["kpis_by_guarded"].positions_of(objective_ids)
        ]
        own = lk["kpis_by_team"].positions_of([team])
        moved = lk["kpis_by_id"].positions_of(metrics)
        return np.unique(np.concatenate([own, moved, guards])).astype(np.intp), np.unique(guards)


# The last goal data loaded and the last organisation analysed: what a warm kernel running
# one team's notebook after another reuses.
_LOADED: dict[tuple, GoalSet] = {}
_ANALYSED: dict[tuple, Organisation] = {}


def loaded(data: str | os.PathLike | GoalSet) -> GoalSet:
    """:func:`okrcoach.load` of a file or database, kept while the file is unchanged.

    A database has no modification time: its goals are kept for a minute, which covers a
    batch run's teams without hiding an edit made between two runs. A GoalSet is its own.
    """
    if isinstance(data, GoalSet):
        return data
    if isinstance(data, str) and is_url(data):
        key: tuple = (data, int(time.time() // 60))
    else:
        p = Path(data)
        stat = p.stat()
        key = (str(p.resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _LOADED:
        goals = load(data)
        _LOADED.clear()
        _LOADED[key] = goals
    return _LOADED[key]


def analysed(
    data: str | os.PathLike | GoalSet,
    config: Config | None = None,
    as_of: str | pd.Timestamp | None = None,
) -> Organisation:
    """The organisation of ``data`` (anything :func:`okrcoach.load` reads, or a GoalSet)
    analysed as of a day, kept: asking again with the same data, settings and day costs
    nothing."""
    goals = loaded(data)
    when = None if as_of in (None, "") else pd.Timestamp(as_of)
    key = (id(goals), repr(config or Config()), str(when))
    org = _ANALYSED.get(key)
    if org is None or org.goals is not goals:
        org = Organisation.of(goals, config, when)
        _ANALYSED.clear()
        _ANALYSED[key] = org
    return org


__all__ = ["Lookup", "Organisation", "analysed", "loaded"]
