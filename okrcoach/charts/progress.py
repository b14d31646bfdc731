"""Charts of progress over time: KPI trends, key results against the quarter, scores."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ..grading import GRADES, SWEET_SPOT
from .theme import RAG_COLOURS, STATUS_COLOURS, scale

#: Progress and scores are drawn up to this: over-achievement shows (axes reach past 1),
#: while a typo such as a target of 1 for 100 does not flatten every other line.
DRAWN_UP_TO = 3.0


def reach(values: pd.Series, least: float = 1.2) -> float:
    """Top of a progress or score axis: ``least``, or just above the largest value drawn."""
    top = pd.to_numeric(values, errors="coerce").clip(upper=DRAWN_UP_TO).max()
    return float(max(least, np.ceil((top + 0.05) * 10) / 10)) if pd.notna(top) else least


def kpi_trend(
    values: pd.DataFrame,
    status: pd.DataFrame,
    kpi_id: str,
    anomalies: pd.DataFrame | None = None,
    forecast: pd.DataFrame | None = None,
) -> alt.LayerChart:
    """One KPI over time: its values, red/yellow/green bands, the target line, anomalies
    marked, and the forecast cone (the model's forecast for 13 weeks with its 95 %
    interval).

    Parameters
    ----------
    values : DataFrame
        ``kpi_values`` (kpi_id, date, value).
    status : DataFrame
        ``Trends.kpi_status``.
    kpi_id : str
    anomalies : DataFrame, optional
        ``Trends.anomalies``.
    forecast : DataFrame, optional
        ``Trends.kpi_forecast`` (no cone without it).
    """
    row = status.set_index("kpi_id").loc[kpi_id]
    series = values[values["kpi_id"] == kpi_id].dropna(subset=["value"]).sort_values("date")
    title = str(row.get("name") or kpi_id)
    layers = _rag_bands(row, series)
    layers.append(
        alt.Chart(series)
        .mark_line(point=True, color="#37474f")
        .encode(
            x=alt.X("date:T", title=None),
            y=alt.Y("value:Q", title=title, scale=alt.Scale(zero=False)),
            tooltip=[alt.Tooltip("date:T"), alt.Tooltip("value:Q")],
        )
    )
    if pd.notna(row.get("target")):
        layers.append(
            alt.Chart(pd.DataFrame({"target": [row["target"]]}))
            .mark_rule(strokeDash=[6, 4], color="#4c78a8")
            .encode(y=alt.Y("target:Q"))
        )
    if forecast is not None:
        layers += _forecast_cone(forecast[forecast["kpi_id"] == kpi_id], series)
    if anomalies is not None and len(anomalies):
        marked = anomalies[anomalies["kpi_id"] == kpi_id]
        layers.append(
            alt.Chart(marked)
            .mark_point(shape="diamond", size=140, filled=True, color=RAG_COLOURS["red"])
            .encode(
                x=alt.X("date:T"),
                y=alt.Y("value:Q"),
                tooltip=[alt.Tooltip("date:T"), alt.Tooltip("value:Q"), alt.Tooltip("message:N")],
            )
        )
    return alt.layer(*layers).properties(title=title)


def _rag_bands(row: pd.Series, series: pd.DataFrame) -> list:
    """Red, yellow and green bands behind a KPI's line, where both thresholds are set."""
    g, r = row.get("green_at"), row.get("red_at")
    if not (pd.notna(g) and pd.notna(r) and len(series)):
        return []
    lo, hi = series["value"].min(), series["value"].max()
    pad = (hi - lo) * 0.2 + 1e-9
    bottom, top = min(lo, g, r) - pad, max(hi, g, r) + pad
    up = row.get("direction") == "higher_is_better"
    bands = pd.DataFrame(
        {
            "rag": ["red", "yellow", "green"],
            "from": [bottom, min(g, r), max(g, r)] if up else [max(g, r), min(g, r), bottom],
            "to": [min(g, r), max(g, r), top] if up else [top, max(g, r), min(g, r)],
        }
    )
    return [
        alt.Chart(bands)
        .mark_rect(opacity=0.12)
        .encode(
            y=alt.Y("from:Q"),
            y2=alt.Y2("to:Q"),
            color=alt.Color("rag:N", scale=scale(RAG_COLOURS), legend=None),
        )
    ]


def _forecast_cone(cone: pd.DataFrame, series: pd.DataFrame) -> list:
    """The forecast from the latest value on, with its interval as a shaded cone."""
    if not (len(series) and len(cone)):
        return []
    start = pd.DataFrame(
        {
            "date": [series["date"].iloc[-1]],
            "forecast": [series["value"].iloc[-1]],
            "lower": [series["value"].iloc[-1]],
            "upper": [series["value"].iloc[-1]],
        }
    )
    cone = pd.concat([start, cone[["date", "forecast", "lower", "upper"]]], ignore_index=True)
    tooltip = [alt.Tooltip("date:T"), alt.Tooltip("forecast:Q", format=".3~g")]
    layers = []
    if cone["lower"].notna().any():
        tooltip += [alt.Tooltip("lower:Q", format=".3~g"), alt.Tooltip("upper:Q", format=".3~g")]
        layers.append(
            alt.Chart(cone)
            .mark_area(opacity=0.18, color="#4c78a8")
            .encode(x=alt.X("date:T"), y=alt.Y("lower:Q"), y2=alt.Y2("upper:Q"))
        )
    layers.append(
        alt.Chart(cone)
        .mark_line(strokeDash=[2, 2], color="#4c78a8")
        .encode(x=alt.X("date:T"), y=alt.Y("forecast:Q"), tooltip=tooltip)
    )
    return layers


def kr_progress(
    progress: pd.DataFrame, *, team: str | None = None, quarter: str | None = None
) -> alt.LayerChart:
    """Each key result's progress against the progress expected by now (a bullet chart)."""
    p = progress
    if team is not None:
        p = p[p["team"] == team]
    if quarter is not None:
        p = p[p["quarter"] == quarter]
    p = p.assign(progress=p["progress"].clip(-0.2, DRAWN_UP_TO))
    base = alt.Chart(p).encode(y=alt.Y("kr_id:N", title=None, sort=None))
    bars = base.mark_bar(height=12).encode(
        x=alt.X(
            "progress:Q",
            title="progress (1 = target)",
            scale=alt.Scale(domain=[0, reach(p["progress"])]),
        ),
        color=alt.Color("status:N", scale=scale(STATUS_COLOURS), title="status"),
        tooltip=[
            alt.Tooltip("kr_id:N"),
            alt.Tooltip("progress:Q", format=".0%"),
            alt.Tooltip("expected:Q", format=".0%"),
            alt.Tooltip("status:N"),
        ],
    )
    expected = base.mark_tick(color="#263238", thickness=2, size=18).encode(x=alt.X("expected:Q"))
    return (bars + expected).properties(title="Key results: progress against expected")


def progress_over_time(
    points: pd.DataFrame,
    start: pd.Timestamp,
    end: pd.Timestamp,
    labels: dict[str, str] | None = None,
) -> alt.LayerChart:
    """Key results' progress at each check-in across a quarter, against the straight line
    from 0 at the start to 1 at the end, with the 0.7 sweet spot marked.

    ``points`` holds ``kr_id, date, progress``; ``labels`` maps kr_id to what the legend
    shows (short key-result text).
    """
    order = {k: i for i, k in enumerate(labels or {})}
    p = points.assign(
        key_result=points["kr_id"].map(labels or {}).fillna(points["kr_id"]),
        progress=points["progress"].clip(-0.2, DRAWN_UP_TO),
        rank=points["kr_id"].map(order),
    ).sort_values(["rank", "date"])
    ideal = pd.DataFrame({"date": [start, end], "progress": [0.0, 1.0]})
    lines = (
        alt.Chart(p)
        .mark_line(point=True)
        .encode(
            x=alt.X(
                "date:T", title=None, scale=alt.Scale(domain=[start.isoformat(), end.isoformat()])
            ),
            y=alt.Y(
                "progress:Q",
                title="progress (1 = target)",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, reach(p["progress"])], clamp=True),
            ),
            color=alt.Color(
                "key_result:N",
                title=None,
                sort=list(dict.fromkeys(p["key_result"])),
                legend=alt.Legend(orient="bottom", columns=1, labelLimit=460),
            ),
            tooltip=[
                alt.Tooltip("key_result:N"),
                alt.Tooltip("date:T"),
                alt.Tooltip("progress:Q", format=".0%"),
            ],
        )
    )
    straight = (
        alt.Chart(ideal)
        .mark_line(strokeDash=[4, 4], color="#90a4ae")
        .encode(x=alt.X("date:T"), y=alt.Y("progress:Q"))
    )
    spot = (
        alt.Chart(pd.DataFrame({"y": [SWEET_SPOT]}))
        .mark_rule(color=RAG_COLOURS["green"], strokeDash=[2, 3])
        .encode(y=alt.Y("y:Q"))
    )
    return (straight + spot + lines).properties(width=520, height=220)


def score_history(history: pd.DataFrame) -> alt.LayerChart:
    """A team's average key-result score per quarter, with the 0.7 sweet spot."""
    h = history.dropna(subset=["score"])
    bars = (
        alt.Chart(h)
        .mark_bar(size=28)
        .encode(
            x=alt.X("quarter:O", title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "score:Q", title="average score", scale=alt.Scale(domain=[0, reach(h["score"])])
            ),
            color=alt.Color(
                "score:Q",
                legend=None,
                scale=alt.Scale(
                    type="threshold",
                    domain=[GRADES[0][0], SWEET_SPOT],
                    range=[RAG_COLOURS["red"], RAG_COLOURS["yellow"], RAG_COLOURS["green"]],
                ),
            ),
            tooltip=[alt.Tooltip("quarter:O"), alt.Tooltip("score:Q", format=".2f")],
        )
    )
    spot = (
        alt.Chart(pd.DataFrame({"y": [SWEET_SPOT]}))
        .mark_rule(color="#263238", strokeDash=[4, 3])
        .encode(y=alt.Y("y:Q"))
    )
    return (bars + spot).properties(width=320, height=160)


def attainment(progress: pd.DataFrame) -> alt.LayerChart:
    """Distribution of final scores, with the 0.7 sweet spot marked."""
    scored = progress.dropna(subset=["final_score"])
    bars = (
        alt.Chart(scored)
        .mark_bar(color="#4c78a8")
        .encode(
            x=alt.X("final_score:Q", bin=alt.Bin(step=0.1), title="final score"),
            y=alt.Y("count():Q", title="key results"),
        )
    )
    spot = (
        alt.Chart(pd.DataFrame({"x": [SWEET_SPOT]}))
        .mark_rule(color=RAG_COLOURS["green"], strokeWidth=2)
        .encode(x=alt.X("x:Q"))
    )
    return (bars + spot).properties(title="Attainment against the 0.7 sweet spot")
