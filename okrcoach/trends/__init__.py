"""How key results and KPIs moved, whether they will land, and where the data shows a problem.

:func:`trends` computes everything at once over all series (groupby and array maths; no
loop per key result or per KPI). Every column is documented on :class:`Trends`.

Defined results for awkward data, so callers never guard:

- a key result without check-ins up to ``as_of`` has no current value, progress NaN and
  status ``no data``; one with a single check-in is projected by a line from the quarter's
  start (progress 0) to that check-in, with no interval;
- a missing baseline counts as 0 (a count from nothing: "publish 24 posts"); a missing
  target gives progress NaN and status ``no target``;
- a KPI series with fewer than 3 points has no slope; anomalies and level shifts need the
  history the anomaly scores are calibrated on (:mod:`~okrcoach.trends.anomalies`: about
  a third of a year of weekly values, six weeks of daily ones), so a younger KPI has none;
  a constant series has slope 0 and no anomalies (nothing stands out from it); a KPI with
  fewer than 4 values is forecast by its latest value, without an interval;
- thresholds that are missing give RAG ``unknown``.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pandas as pd

from ..calling import callable_module
from ..goalset import GoalSet
from . import forecast  # a module that is also its function: ``trends.forecast(frame, 13)``
from .anomalies import ANOMALY_THRESHOLD, anomaly_scores
from .key_results import key_results, kr_progress, progress_between
from .kpi_events import kpi_events
from .kpis import guardrail_breaches, kpi_levels, kpi_outlook
from .limits import AT_RISK, HORIZON_WEEKS, ON_TRACK, PERIOD_WEEKS
from .outlook import kpi_cone


@dataclass(frozen=True)
class Trends:
    """The results of :func:`trends`.

    Attributes
    ----------
    kr_progress : DataFrame
        One row per key result of the objectives' quarters: ``kr_id, objective_id, team,
        quarter, direction, baseline, target, current, last_checkin, checkins, progress``
        ((current - baseline) / (target - baseline); maintain: 1 while on the baseline's side
        of the target; achieve: current / target), ``expected`` (share of the quarter elapsed
        at ``as_of``), ``status`` (on track / at risk / off track / no data / no target /
        done), ``projected`` (end-of-quarter progress at the check-in trend), ``projected_low``
        and ``projected_high`` (95% interval), ``final_score`` (the score column, else the
        final progress, at least 0 and above 1 when over-achieved, once the quarter is over).
    kpi_status : DataFrame
        One row per KPI: ``kpi_id, name, team, direction, latest, latest_date, start_value,
        change, change_pct`` (over the last 13 weeks), ``slope_per_week`` (Theil-Sen over that
        window), ``step_days`` (the series' step), ``rag_value`` (the value judged: the
        latest, or the last seven days' mean for a KPI recorded daily or more often),
        ``rag`` (green / yellow / red / unknown),
        ``target, weeks_to_target, target_date, forecast`` (reached / on the way / not at this
        trend / no target, from the forecast: :mod:`~okrcoach.trends.outlook`),
        ``forecast_model, forecast_end, forecast_low, forecast_high`` (the forecast 13 weeks
        on and its 95 % interval), ``outlook`` (a sentence: what the model expects and
        when the target comes), ``anomalies`` (count), ``level_shift_date``.
    anomalies : DataFrame
        One row per anomalous KPI value (:mod:`~okrcoach.trends.kpi_events`): ``kpi_id,
        date, value, expected`` (what the judging model expected), ``robust_z`` (the
        deviation in its robust standard deviations), ``score`` (the anomaly score),
        ``model`` (what the expectation rests on: level, recent, day, week or year) and
        ``message``.
    guardrail_breaches : DataFrame
        One row per KPI crossing its red threshold while an objective it guards progresses:
        ``kpi_id, objective_id, date, value, red_at, objective_progress, message``.
    as_of : Timestamp
    checkin_progress : DataFrame
        One row per check-in with a value, in its key result's quarter up to ``as_of``:
        ``kr_id, date, value, progress`` (as above) and ``t`` (share of the quarter elapsed
        at the check-in), sorted by key result and date.
    kr_cadence : DataFrame
        One row per key result (as ``kr_progress``): ``kr_id, team, quarter, checkins``
        (every check-in of its quarter up to ``as_of``, with or without a value),
        ``weeks_with_checkin``, ``weeks`` (weeks of the quarter begun by ``as_of``, at least
        1), ``weekly`` (the share of those weeks with a check-in), ``last_checkin``,
        ``days_since_last`` and ``longest_gap_days`` (the longest stretch without a
        check-in, counting from the quarter's start and up to ``as_of``).
    kpi_forecast : DataFrame
        The forecast cone of every KPI: ``kpi_id, step, date, forecast, lower, upper, model``
        (:func:`~okrcoach.trends.outlook.kpi_cone`).
    """

    kr_progress: pd.DataFrame
    kpi_status: pd.DataFrame
    anomalies: pd.DataFrame
    guardrail_breaches: pd.DataFrame
    as_of: pd.Timestamp
    checkin_progress: pd.DataFrame
    kr_cadence: pd.DataFrame
    kpi_forecast: pd.DataFrame


def default_as_of(goals: GoalSet) -> pd.Timestamp:
    """The latest date in the data (check-ins and KPI values), else today."""
    dates = pd.concat([goals.checkins["date"], goals.kpi_values["date"]]).dropna()
    return dates.max().normalize() if len(dates) else pd.Timestamp.today().normalize()


def trends(
    goals: GoalSet,
    as_of: str | pd.Timestamp | None = None,
    anomaly_threshold: float = ANOMALY_THRESHOLD,
) -> Trends:
    """Progress of every key result and status of every KPI as of a date.

    Parameters
    ----------
    goals : GoalSet
    as_of : date, optional
        The day to judge from; data after it is ignored, so a retrospective can be computed
        for a past date. Defaults to the latest date in the data.
    anomaly_threshold : float
        The anomaly score from which a KPI value is an alarm (:data:`ANOMALY_THRESHOLD`
        unless ``anomaly-threshold`` is set under ``[tool.okrcoach.trends]``).
    """
    as_of = pd.Timestamp(as_of).normalize() if as_of is not None else default_as_of(goals)
    end_of_day = as_of + pd.Timedelta(days=1) - pd.Timedelta(microseconds=1)
    values = goals.kpi_values[goals.kpi_values["date"] <= end_of_day]
    # the KPIs' models run beside the key results' progress: array work that leaves the GIL
    with ThreadPoolExecutor(max_workers=2) as pool:
        events = pool.submit(kpi_events, values, anomaly_threshold)
        cone = pool.submit(kpi_cone, values)
        progress, points, cadence = key_results(goals, as_of, end_of_day)
        levels = kpi_levels(goals, values, as_of)
        (anomalies, shifts), cone = events.result(), cone.result()
    status = kpi_outlook(levels, anomalies, shifts, cone)
    breaches = guardrail_breaches(goals, values, progress, as_of)
    return Trends(progress, status, anomalies, breaches, as_of, points, cadence, cone)


__all__ = [
    "ANOMALY_THRESHOLD",
    "AT_RISK",
    "HORIZON_WEEKS",
    "ON_TRACK",
    "PERIOD_WEEKS",
    "Trends",
    "anomaly_scores",
    "default_as_of",
    "forecast",
    "kr_progress",
    "progress_between",
    "trends",
]

# ``okrcoach.trends(goals)`` calls the function; ``okrcoach.trends.Trends`` is this module's.
callable_module(__name__, trends)
