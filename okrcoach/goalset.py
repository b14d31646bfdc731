"""GoalSet: the five validated tables, and how to write them.

Reading them is :mod:`okrcoach.loading`'s work (:func:`okrcoach.load`); rules, trends and
charts need only this module.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .files import atomic_path, for_file, write_workbook
from .quarters import quarter_bounds
from .schema import TABLES

if TYPE_CHECKING:
    from .loading.sources import LoadSettings


@dataclass(frozen=True)
class GoalSet:
    """An organisation's goal data: objectives, key results, check-ins, KPIs and KPI values.

    Every table has the contract's columns in the contract's order (see
    :mod:`okrcoach.schema`), typed: text as ``str``, numbers as ``float64``, dates as
    ``datetime64[ns]``. Columns the user added travel along after them.
    """

    objectives: pd.DataFrame
    key_results: pd.DataFrame
    checkins: pd.DataFrame
    kpis: pd.DataFrame
    kpi_values: pd.DataFrame
    source: str | None = field(default=None, compare=False)
    #: What loading derived or read in a way worth knowing (a 0-100 score scale, scores
    #: above 1, ids made from names, the vendor layout recognised); never a problem.
    notes: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def from_frames(cls, source: str | None = "frames", **frames: pd.DataFrame) -> GoalSet:
        """A GoalSet built in code from partial frames, without the checks of :func:`load`.

        Missing tables and columns are added empty; columns are typed as the contract says
        (values that do not parse become missing). Rows are taken by position. For data you
        trust, such as a draft being edited or a generated test organisation; use
        :func:`load` for anything a person wrote.
        """
        typed = {
            name: _typed(spec, frames.get(name)) if name in frames else empty_table(name)
            for name, spec in TABLES.items()
        }
        return cls(**typed, source=source)

    def tables(self) -> Iterator[tuple[str, pd.DataFrame]]:
        for name in TABLES:
            yield name, getattr(self, name)

    @property
    def teams(self) -> list[str]:
        teams = pd.concat([self.objectives["team"], self.kpis["team"]]).dropna()
        return sorted(teams.unique())

    @property
    def quarters(self) -> list[str]:
        return sorted(self.objectives["quarter"].dropna().unique())

    def filter(self, *, team: str | None = None, quarter: str | None = None) -> GoalSet:
        """The part of the goal data that belongs to one team and/or quarter.

        Key results and check-ins follow their objectives; KPIs and their values follow the
        KPI's team (all KPIs are kept when only a quarter is given, dated values are cut to
        that quarter).
        """
        obj = self.objectives
        if team is not None:
            obj = obj[obj["team"] == team]
        if quarter is not None:
            obj = obj[obj["quarter"] == quarter]
        krs = self.key_results[self.key_results["objective_id"].isin(obj["objective_id"])]
        checkins = self.checkins[self.checkins["kr_id"].isin(krs["kr_id"])]
        kpis = self.kpis if team is None else self.kpis[self.kpis["team"] == team]
        values = self.kpi_values[self.kpi_values["kpi_id"].isin(kpis["kpi_id"])]
        if quarter is not None:
            start, end = quarter_bounds(quarter)
            values = values[(values["date"] >= start) & (values["date"] <= end)]
        return replace(
            self,
            objectives=obj.reset_index(drop=True),
            key_results=krs.reset_index(drop=True),
            checkins=checkins.reset_index(drop=True),
            kpis=kpis.reset_index(drop=True),
            kpi_values=values.reset_index(drop=True),
        )

    def summary(self) -> pd.DataFrame:
        """Row count per table."""
        return pd.DataFrame({"table": list(TABLES), "rows": [len(t) for _, t in self.tables()]})

    # -- writing ------------------------------------------------------------------------

    def to_excel(self, path: str | os.PathLike) -> Path:
        """Write a workbook with one sheet per table (readable by :func:`load`)."""
        return write_workbook(path, dict(self.tables()))

    def to_sql(self, url: str, settings: LoadSettings | None = None) -> str:
        """Write the five tables to a database (any SQLAlchemy URL, such as
        ``sqlite:///goals.db``), replacing okrcoach's tables there in one transaction.
        Table names and schema come from ``settings`` (``[tool.okrcoach.sql]``). Returns
        the URL as it may be shown (without password)."""
        from .loading.sources import LoadSettings, shown
        from .loading.sql import write_sql

        write_sql(self, url, settings or LoadSettings.discover())
        return shown(url)

    def to_csv(self, folder: str | os.PathLike) -> Path:
        """Write a folder of CSV files named after the tables (readable by :func:`load`)."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        for name, table in self.tables():
            with atomic_path(folder / f"{name}.csv") as tmp:
                for_file(table).to_csv(tmp, index=False)  # a time of day kept when given
        return folder


def _typed(spec, frame: pd.DataFrame | None) -> pd.DataFrame:
    """One table with the contract's columns and types, from a partial frame."""
    import numpy as np

    n = 0 if frame is None else len(frame)
    columns = {}
    for col in spec.columns:
        kind = col.kind.value
        given = frame is not None and col.name in frame
        if kind in {"number", "confidence", "score"}:
            values = (
                pd.to_numeric(
                    pd.Series(frame[col.name].to_numpy(), dtype=object), errors="coerce"
                ).astype("float64")
                if given
                else pd.Series(np.full(n, np.nan))
            )
        elif kind == "date":
            values = (
                pd.to_datetime(
                    pd.Series(frame[col.name].to_numpy(), dtype=object), errors="coerce"
                ).astype("datetime64[ns]")
                if given
                else pd.Series(np.full(n, np.datetime64("NaT"), "M8[ns]"))
            )
        else:
            values = pd.Series(frame[col.name].to_numpy() if given else [None] * n, dtype="str")
        if col.name == "weight":
            values = values.fillna(1.0)
        columns[col.name] = values
    return pd.DataFrame(columns, index=pd.RangeIndex(n))


@functools.cache
def empty_table(name: str) -> pd.DataFrame:
    """An empty table, built once: GoalSets share it and nothing writes to a table."""
    return _typed(TABLES[name], None)


__all__ = ["GoalSet", "empty_table"]
