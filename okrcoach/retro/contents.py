"""What one team's retrospective holds: :class:`TeamRetro`, the frames its report shows."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..grading import grade, weighted_score

#: Findings about check-in habits and gaming over time; the rest are about how OKRs read.
SIGNAL_CATEGORIES = ("cadence",)


@dataclass(frozen=True)
class TeamRetro:
    """Everything one team's retrospective shows. Frames hold only this team's rows.

    Attributes
    ----------
    team, quarter : str
    as_of : Timestamp
        The day the numbers describe: the quarter's last day, or the latest date in the data
        while the quarter is still running.
    final : bool
        Whether the quarter is over (scores are final rather than "so far").
    objectives : DataFrame
        ``objective_id, title, kind, owner, key_results, score`` (weighted mean of its key
        results' scores), ``grade``, ``quality`` (0-100 from the findings).
    key_results : DataFrame
        ``kr_id, objective_id, text, owner, unit, baseline, target, current, progress,
        expected, status, score`` (the final score, or progress so far within 0-1),
        ``grade``, ``checkins``, ``last_checkin``.
    history : DataFrame
        One row per quarter of the team up to this one: ``quarter, objectives, key_results,
        score, quality``.
    kpis : DataFrame
        ``Trends.kpi_status`` rows of the KPIs the team reports, its key results move or
        that guard its objectives, with ``unit``, ``owner``, ``green_at`` and ``red_at``.
    kpi_values, anomalies, guardrail_breaches : DataFrame
        Those KPIs' values, anomalies and breaches.
    kpi_forecast : DataFrame
        Those KPIs' forecast cones (``Trends.kpi_forecast``).
    findings : DataFrame
        Lint findings on this team's quarter (all categories).
    progress_points : DataFrame
        Every check-in of the quarter's key results: ``kr_id, date, progress``.
    cadence : DataFrame
        Per key result: ``kr_id, checkins, weeks_with_checkin, weeks, last_checkin,
        days_since_last, longest_gap_days``.
    candidates : DataFrame
        KPIs that are off track, each with a suggested ``objective`` and ``key_result`` for
        next quarter and ``why``.
    questions : list of (question, prompts)
        The four review questions with prompts taken from the data.
    """

    team: str
    quarter: str
    as_of: pd.Timestamp
    final: bool
    objectives: pd.DataFrame
    key_results: pd.DataFrame
    history: pd.DataFrame
    kpis: pd.DataFrame
    kpi_values: pd.DataFrame
    anomalies: pd.DataFrame
    guardrail_breaches: pd.DataFrame
    kpi_forecast: pd.DataFrame
    findings: pd.DataFrame
    progress_points: pd.DataFrame
    cadence: pd.DataFrame
    candidates: pd.DataFrame
    questions: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def quality_findings(self) -> pd.DataFrame:
        return self.findings[~self.findings["category"].isin(SIGNAL_CATEGORIES)]

    @property
    def signals(self) -> pd.DataFrame:
        return self.findings[self.findings["category"].isin(SIGNAL_CATEGORIES)]

    def headline(self) -> dict:
        """The numbers the index page shows, as plain JSON-able values."""
        score = weighted_score(self.key_results)
        quality = self.history.set_index("quarter")["quality"].get(self.quarter, np.nan)
        previous = self.history[self.history["quarter"] < self.quarter]
        prev_score = previous["score"].iloc[-1] if len(previous) else np.nan
        return {
            "team": self.team,
            "quarter": self.quarter,
            "as_of": self.as_of.date().isoformat(),
            "final": self.final,
            "objectives": int(len(self.objectives)),
            "key_results": int(len(self.key_results)),
            "score": _num(score),
            "grade": grade(score),
            "previous_score": _num(prev_score),
            "quality": _num(quality),
            "errors": int(self.findings["severity"].eq("error").sum()),
            "warnings": int(self.findings["severity"].eq("warning").sum()),
            "kpis_red": int(self.kpis["rag"].eq("red").sum()) if len(self.kpis) else 0,
            "breaches": int(len(self.guardrail_breaches)),
            "over_target": int(self.key_results["score"].gt(1).sum()),
            "highest_score": _num(self.key_results["score"].max()),
        }


def _num(x: float) -> float | None:
    return None if pd.isna(x) else round(float(x), 3)


__all__ = ["SIGNAL_CATEGORIES", "TeamRetro"]
