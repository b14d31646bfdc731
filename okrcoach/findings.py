"""Findings as every front end shows them: their columns, their order, what each is about.

:func:`okrcoach.lint` returns one row per finding with :data:`FINDING_COLUMNS`; the
command line, the coach, the exploration and the retrospective reports all order them with
:func:`ordered` and name what each is about with :func:`about`, so a finding reads and
sorts the same wherever it is shown.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .rules.base import SEVERITY_RANK

FINDING_COLUMNS = (
    "code",
    "name",
    "category",
    "severity",
    "team",
    "quarter",
    "objective_id",
    "kr_id",
    "kpi_id",
    "message",
    "question",
    "rationale",
    "suggestion",
    "match",
)

#: The order :func:`okrcoach.lint` returns: most severe first, then by team and rule code.
LINT_ORDER = ("severity", "team", "code")


def empty_findings() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="str") for c in FINDING_COLUMNS})


def ordered(
    findings: pd.DataFrame,
    by: Sequence[str] = LINT_ORDER,
    *,
    descending: bool = False,
    missing: str = "first",
) -> pd.DataFrame:
    """Findings sorted by columns, ``severity`` most severe first; rows that tie keep
    their order. ``missing`` puts missing values ``"first"`` or ``"last"``; ``descending``
    reverses the whole order. The index is reset."""
    if missing not in ("first", "last"):
        raise ValueError(f"missing must be 'first' or 'last', not {missing!r}")
    keys = []
    for column in by:
        if column == "severity":
            keys.append(findings[column].map(SEVERITY_RANK).to_numpy(na_value=len(SEVERITY_RANK)))
            continue
        codes, uniques = pd.factorize(findings[column], sort=True)
        if missing == "last":
            codes = np.where(codes < 0, len(uniques), codes)
        keys.append(codes)
    order = np.lexsort(keys[::-1]) if keys else np.arange(len(findings))
    if descending:
        order = order[::-1]
    return findings.iloc[order].reset_index(drop=True)


def about(
    findings: pd.DataFrame,
    objectives: pd.DataFrame,
    key_results: pd.DataFrame,
    kpis: pd.DataFrame | None = None,
    whole: str | pd.Series | None = None,
) -> pd.Series:
    """What each finding is about, in words: the key result's text, else the objective's
    title, else the KPI's name (or its id), else ``whole`` for a finding about a team's
    quarter or history (by default "<team> <quarter>"). Ids the frames do not hold are
    shown as they are."""
    kr, obj, kpi = (findings[c].astype("str") for c in ("kr_id", "objective_id", "kpi_id"))
    texts = key_results.drop_duplicates("kr_id").set_index("kr_id")["text"]
    titles = objectives.drop_duplicates("objective_id").set_index("objective_id")["title"]
    if whole is None:
        whole = (findings["team"].fillna("") + " " + findings["quarter"].fillna("")).str.strip()
    if kpis is not None:
        names = kpis.drop_duplicates("kpi_id").set_index("kpi_id")["name"]
        kpi = kpi.map(names).astype("str").fillna(kpi)
    return (
        kr.map(texts)
        .astype("str")
        .fillna(kr)
        .fillna(obj.map(titles).astype("str").fillna(obj))
        .fillna(kpi)
        .fillna(whole)
    )


def search(findings: pd.DataFrame, text: str) -> pd.DataFrame:
    """The findings holding ``text`` (case-insensitive) in a column a person reads."""
    if not text:
        return findings
    needle = text.casefold()
    hit = pd.Series(False, index=findings.index)
    for col in (
        "code",
        "name",
        "team",
        "quarter",
        "message",
        "question",
        "about",
        "match",
        "suggestion",
    ):
        if col in findings:
            hit |= findings[col].fillna("").str.casefold().str.contains(needle, regex=False)
    return findings[hit]


__all__ = [
    "FINDING_COLUMNS",
    "LINT_ORDER",
    "about",
    "empty_findings",
    "ordered",
    "search",
]
