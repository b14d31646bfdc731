"""Where each KPI is heading: the forecast cone, the date it reaches its target, a sentence.

:func:`~okrcoach.trends.forecast.forecast` gives every KPI the next
:data:`~.limits.PERIOD_WEEKS` weeks at its own step (13 weekly values, 3 monthly ones, 91
daily ones), each with a 95 % interval and the model its history favoured. The target date
is the first forecast value at or past the target; a target beyond the cone is reached, if
ever, at the cone's own average pace (a flattening trend may never get there), and one more
than :data:`~.limits.HORIZON_WEEKS` away counts as not at this trend.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..ids import positions
from .forecast import forecast
from .limits import HORIZON_WEEKS, PERIOD_WEEKS

LEVEL = 0.95

CONE_COLUMNS = ["kpi_id", "step", "date", "forecast", "lower", "upper", "model"]

#: What each forecasting model reads from the history, as the sentence says it.
MODEL_WORDS = {
    "naive": "its latest value (its history shows no trend to follow)",
    "ses": "its smoothed level",
    "theta": "its level and its long-run trend",
    "damped": "its trend, flattening out",
    "comb": "its level and trend, averaged over three models",
    "seasonal_ses": "its level and its {season} pattern",
    "seasonal_damped": "its trend, flattening out, and its {season} pattern",
}
#: The season a seasonal model follows, by the series' step in days.
SEASON_WORDS = ((0.5, "daily"), (5, "weekly"), (np.inf, "yearly"))


def kpi_cone(values: pd.DataFrame) -> pd.DataFrame:
    """The forecast of every KPI over the next :data:`PERIOD_WEEKS` weeks
    (:data:`CONE_COLUMNS`), each in its own steps (13 weekly, 3 monthly, 91 daily ones)."""
    span = pd.Timedelta(weeks=PERIOD_WEEKS)
    return forecast(values, span, LEVEL, key="kpi_id", time="date", value="value")[CONE_COLUMNS]


def cone_end(cone: pd.DataFrame) -> pd.DataFrame:
    """Each KPI's last forecast row (the cone is sorted by KPI and step), by kpi_id."""
    return cone.drop_duplicates("kpi_id", keep="last").set_index("kpi_id")


def step_days(values: pd.DataFrame, in_order: bool = False) -> pd.Series:
    """Each KPI's step in days: the median interval between its values (NaN for one).
    ``in_order``: the values are sorted by KPI and date already."""
    v = values if in_order else values.sort_values(["kpi_id", "date"], kind="stable")
    gaps = v.groupby("kpi_id")["date"].diff() / pd.Timedelta(days=1)
    return gaps.groupby(v["kpi_id"]).median()


def reach_target(status: pd.DataFrame, cone: pd.DataFrame, end: pd.DataFrame) -> pd.DataFrame:
    """``weeks_to_target`` (from the latest value), ``target_date`` and ``forecast``
    (reached / on the way / not at this trend / no target) of each KPI in ``status``
    (indexed by kpi_id), from its cone and the cone's last rows (:func:`cone_end`)."""
    out = pd.DataFrame(index=status.index)
    up = status["direction"].eq("higher_is_better")
    down = status["direction"].eq("lower_is_better")
    target, latest = status["target"], status["latest"]
    gap = target - latest
    reached = (up & (gap <= 0)) | (down & (gap >= 0))
    at = positions(status.index, cone["kpi_id"])  # -1 (a KPI without status) reads NaN
    aim = np.append(target.to_numpy(dtype=float, na_value=np.nan), np.nan)[at]
    rising = np.append(up.to_numpy(dtype=bool), False)[at]
    hit = np.where(rising, cone["forecast"] >= aim, cone["forecast"] <= aim)
    first = cone[hit].groupby("kpi_id")["date"].min()
    weeks_out = (end["date"] - status["latest_date"].reindex(end.index)) / pd.Timedelta(weeks=1)
    pace = (end["forecast"] - latest.reindex(end.index)) / weeks_out.where(weeks_out > 0)
    beyond = (target.reindex(end.index) - end["forecast"]) / pace.where(pace != 0)
    beyond = beyond.where((beyond > 0) & (beyond <= HORIZON_WEEKS))  # else never, in effect
    date = first.reindex(status.index)
    later = end["date"] + pd.to_timedelta(beyond * 7, unit="D")
    date = date.fillna(later.reindex(status.index))
    weeks = (date - status["latest_date"]) / pd.Timedelta(weeks=1)  # from the latest value
    toward = weeks.gt(0) & weeks.le(HORIZON_WEEKS) & ~reached
    out["weeks_to_target"] = weeks.where(toward)
    out["target_date"] = date.where(toward)
    out["forecast"] = np.select(
        [target.isna(), reached, toward],
        ["no target", "reached", "on the way"],
        "not at this trend",
    )
    return out


def outlook(status: pd.DataFrame, end: pd.DataFrame) -> pd.Series:
    """One sentence per KPI (``status`` indexed by kpi_id, with :func:`reach_target`'s
    columns and ``step_days``) and the cone's last rows (:func:`cone_end`): what the model
    expects by the end of the cone, from what, and when the target comes."""
    end = end.reindex(status.index)
    said = []
    for e, lo, hi, model, date, days, verdict, target, when in zip(
        end["forecast"].tolist(),
        end["lower"].tolist(),
        end["upper"].tolist(),
        end["model"].tolist(),
        end["date"].tolist(),
        status["step_days"].tolist(),
        status["forecast"].tolist(),
        status["target"].tolist(),
        status["target_date"].tolist(),
        strict=True,
    ):
        if e != e:  # NaN: no forecast
            said.append("Too few values to forecast.")
            continue
        # a lone value has no step of its own to date its forecast by
        text = f"Expected about {e:.3g}" + (f" by {date:%Y-%m-%d}" if pd.notna(date) else "")
        if lo == lo and hi == hi:
            text += f" ({LEVEL:.0%} between {lo:.3g} and {hi:.3g})"
        text += f", from {model_words(model, days)}."
        if verdict == "on the way" and pd.notna(when):
            text += f" The target of {target:g} comes around {when:%Y-%m-%d}."
        elif verdict == "not at this trend":
            text += f" The target of {target:g} is not in reach at this pace."
        elif verdict == "reached":
            text += f" The target of {target:g} is reached."
        said.append(text)
    return pd.Series(said, index=status.index, dtype=object)


def model_words(model: str, step_days: float | None) -> str:
    words = MODEL_WORDS.get(model, "its history")
    if "{season}" in words:
        days = 7.0 if step_days is None or pd.isna(step_days) else float(step_days)
        season = next(name for limit, name in SEASON_WORDS if days < limit)
        words = words.format(season=season)
    return words


__all__ = [
    "CONE_COLUMNS",
    "MODEL_WORDS",
    "cone_end",
    "kpi_cone",
    "model_words",
    "outlook",
    "reach_target",
    "step_days",
]
