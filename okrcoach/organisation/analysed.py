"""The organisation behind the retrospectives: analysed once, then sliced per team.

A batch run executes every team's notebook in a few warm kernels. The organisation-wide
work (loading, trends, lint, quality scores) is the same for each team, so it is done once
per data file and settings and kept. So that a team of a thousand-team organisation costs
what a team of a small one does, every table a retrospective takes rows from is indexed
once (row positions per team, objective, key result or KPI) and a team's rows are picked by
position, never by scanning the whole table.
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
    """The analysed organisation: goals, lint findings, trends and quality scores."""

    goals: GoalSet
    findings: pd.DataFrame
    trends: Trends
    objective_scores: pd.DataFrame
    team_scores: pd.DataFrame
    known: dict[str, list[str]] = field(default_factory=dict)  # quarter -> its teams

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
    def quality(self) -> pd.Series:
        """Each objective's quality score, by objective_id."""
        return self.objective_scores.set_index("objective_id")["score"]

    @functools.cached_property
    def kpi_details(self) -> pd.DataFrame:
        return self.goals.kpis.set_index("kpi_id")[["unit", "owner", "guardrail_for"]]

    def teams_in(self, quarter: str) -> list[str]:
        from ..retro.team import teams_in

        if quarter not in self.known:
            self.known[quarter] = teams_in(self.goals, quarter)
        return self.known[quarter]

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


_CACHE: dict[tuple, Organisation] = {}


def analysed(
    data: str | os.PathLike | GoalSet,
    config: Config | None,
    as_of: pd.Timestamp | None,
    quarter: str,
) -> Organisation:
    """Load, lint and trend the whole organisation once per data file and settings.

    The result is kept (keyed by the file's identity and modification time), so the many
    teams' notebooks a warm kernel runs share it.
    """
    from ..retro.team import retro_as_of

    key = None
    if isinstance(data, str) and is_url(data):
        # a database has no modification time: its results are kept for a minute, which
        # covers a batch run's teams without hiding an edit made between two runs
        key = (data, int(time.time() // 60), repr(config), str(as_of), quarter)
        if key in _CACHE:
            return _CACHE[key]
        goals = load(data)
    elif not isinstance(data, GoalSet):
        p = Path(data)
        stat = p.stat()
        key = (str(p.resolve()), stat.st_mtime_ns, stat.st_size, repr(config), str(as_of), quarter)
        if key in _CACHE:
            return _CACHE[key]
        goals = load(p)
    else:
        goals = data
    when = pd.Timestamp(as_of) if as_of is not None else retro_as_of(goals, quarter)
    tr = trends(goals, when)
    findings = lint(goals, config, trends=tr)
    obj_scores, team_scores = scores(goals, findings)
    org = Organisation(goals, findings, tr, obj_scores, team_scores)
    if key is not None:
        _CACHE.clear()
        _CACHE[key] = org
    return org


__all__ = ["Lookup", "Organisation", "analysed"]
