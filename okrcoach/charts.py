"""Charts of trends and findings: pure functions that take okrcoach's frames and return
altair charts. They never display, read files or change global state; they compose with
``+`` and ``|``.

The okrcoach look (red/yellow/green, fonts) is one registered theme, enabled only where
okrcoach renders (``with alt.theme.enable("okrcoach"):``), so importing okrcoach never
restyles a user's own charts. :func:`to_static` renders any chart to SVG or PNG with
vl-convert, for reports that must work without JavaScript.
"""

from __future__ import annotations

import threading

import altair as alt
import numpy as np
import pandas as pd

from .grading import GRADES, SWEET_SPOT

RAG_COLOURS = {"green": "#2e9e5b", "yellow": "#e3b505", "red": "#d64545", "unknown": "#9aa0a6"}
STATUS_COLOURS = {
    "on track": "#2e9e5b",
    "at risk": "#e3b505",
    "off track": "#d64545",
    "done": "#4c78a8",
    "no data": "#9aa0a6",
    "no target": "#9aa0a6",
}
_THEME_LOCK = threading.Lock()
#: one colour per rule category, the same under every filter
CATEGORY_COLOURS = {
    "outcome": "#eeca3b",
    "measurability": "#72b7b2",
    "gameability": "#54a24b",
    "focus": "#f58518",
    "ownership": "#ff9da6",
    "kpi": "#b279a2",
    "cadence": "#4c78a8",
}


@alt.theme.register("okrcoach", enable=False)
def okrcoach_theme() -> alt.theme.ThemeConfig:
    """Fonts and sizes of okrcoach's reports."""
    font = "Helvetica Neue, Helvetica, Arial, sans-serif"
    return {
        "config": {
            "font": font,
            "view": {"stroke": None, "continuousWidth": 480, "continuousHeight": 240},
            "axis": {"labelFontSize": 11, "titleFontSize": 12, "gridColor": "#eceff1"},
            "legend": {"labelFontSize": 11, "titleFontSize": 12},
            "title": {"fontSize": 14, "anchor": "start"},
            "range": {
                "category": [
                    "#4c78a8",
                    "#f58518",
                    "#54a24b",
                    "#b279a2",
                    "#72b7b2",
                    "#eeca3b",
                    "#ff9da6",
                    "#9d755d",
                ]
            },
        }
    }


def _scale(colours: dict[str, str]) -> alt.Scale:
    return alt.Scale(domain=list(colours), range=list(colours.values()))


def kpi_trend(
    values: pd.DataFrame, status: pd.DataFrame, kpi_id: str, anomalies: pd.DataFrame | None = None
) -> alt.LayerChart:
    """One KPI over time: its values, red/yellow/green bands, the target line, anomalies
    marked, and the forecast cone (the current slope, +-50%, for 13 weeks).

    Parameters
    ----------
    values : DataFrame
        ``kpi_values`` (kpi_id, date, value).
    status : DataFrame
        ``Trends.kpi_status``.
    kpi_id : str
    anomalies : DataFrame, optional
        ``Trends.anomalies``.
    """
    row = status.set_index("kpi_id").loc[kpi_id]
    series = values[values["kpi_id"] == kpi_id].dropna(subset=["value"]).sort_values("date")
    title = str(row.get("name") or kpi_id)
    lo, hi = series["value"].min(), series["value"].max()
    layers = []
    g, r = row.get("green_at"), row.get("red_at")
    if pd.notna(g) and pd.notna(r) and len(series):
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
        layers.append(
            alt.Chart(bands)
            .mark_rect(opacity=0.12)
            .encode(
                y=alt.Y("from:Q"),
                y2="to:Q",
                color=alt.Color("rag:N", scale=_scale(RAG_COLOURS), legend=None),
            )
        )
    line = (
        alt.Chart(series)
        .mark_line(point=True, color="#37474f")
        .encode(
            x=alt.X("date:T", title=None),
            y=alt.Y("value:Q", title=title, scale=alt.Scale(zero=False)),
            tooltip=[alt.Tooltip("date:T"), alt.Tooltip("value:Q")],
        )
    )
    layers.append(line)
    if pd.notna(row.get("target")):
        layers.append(
            alt.Chart(pd.DataFrame({"target": [row["target"]]}))
            .mark_rule(strokeDash=[6, 4], color="#4c78a8")
            .encode(y="target:Q")
        )
    slope = row.get("slope_per_week")
    if len(series) and pd.notna(slope):
        last_date, last = series["date"].iloc[-1], series["value"].iloc[-1]
        weeks = np.arange(0, 14)
        cone = pd.DataFrame(
            {
                "date": last_date + pd.to_timedelta(weeks * 7, unit="D"),
                "mid": last + slope * weeks,
                "low": last + slope * weeks - abs(slope) * 0.5 * weeks,
                "high": last + slope * weeks + abs(slope) * 0.5 * weeks,
            }
        )
        layers.append(
            alt.Chart(cone)
            .mark_area(opacity=0.18, color="#4c78a8")
            .encode(x="date:T", y="low:Q", y2="high:Q")
        )
        layers.append(
            alt.Chart(cone)
            .mark_line(strokeDash=[2, 2], color="#4c78a8")
            .encode(x="date:T", y="mid:Q")
        )
    if anomalies is not None and len(anomalies):
        marked = anomalies[anomalies["kpi_id"] == kpi_id]
        layers.append(
            alt.Chart(marked)
            .mark_point(shape="diamond", size=140, filled=True, color=RAG_COLOURS["red"])
            .encode(x="date:T", y="value:Q", tooltip=["date:T", "value:Q", "message:N"])
        )
    return alt.layer(*layers).properties(title=title)


def kr_progress(
    progress: pd.DataFrame, *, team: str | None = None, quarter: str | None = None
) -> alt.LayerChart:
    """Each key result's progress against the progress expected by now (a bullet chart)."""
    p = progress
    if team is not None:
        p = p[p["team"] == team]
    if quarter is not None:
        p = p[p["quarter"] == quarter]
    p = p.assign(progress=p["progress"].clip(-0.2, 1.5))
    base = alt.Chart(p).encode(y=alt.Y("kr_id:N", title=None, sort=None))
    bars = base.mark_bar(height=12).encode(
        x=alt.X("progress:Q", title="progress (1 = target)", scale=alt.Scale(domain=[0, 1.2])),
        color=alt.Color("status:N", scale=_scale(STATUS_COLOURS), title="status"),
        tooltip=[
            "kr_id:N",
            alt.Tooltip("progress:Q", format=".0%"),
            alt.Tooltip("expected:Q", format=".0%"),
            "status:N",
        ],
    )
    expected = base.mark_tick(color="#263238", thickness=2, size=18).encode(x="expected:Q")
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
        progress=points["progress"].clip(-0.2, 1.5),
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
                scale=alt.Scale(domain=[0, 1.2], clamp=True),
            ),
            color=alt.Color(
                "key_result:N",
                title=None,
                sort=list(dict.fromkeys(p["key_result"])),
                legend=alt.Legend(orient="bottom", columns=1, labelLimit=460),
            ),
            tooltip=["key_result:N", "date:T", alt.Tooltip("progress:Q", format=".0%")],
        )
    )
    straight = (
        alt.Chart(ideal)
        .mark_line(strokeDash=[4, 4], color="#90a4ae")
        .encode(x="date:T", y="progress:Q")
    )
    spot = (
        alt.Chart(pd.DataFrame({"y": [SWEET_SPOT]}))
        .mark_rule(color=RAG_COLOURS["green"], strokeDash=[2, 3])
        .encode(y="y:Q")
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
            y=alt.Y("score:Q", title="average score", scale=alt.Scale(domain=[0, 1.2])),
            color=alt.Color(
                "score:Q",
                legend=None,
                scale=alt.Scale(
                    type="threshold",
                    domain=[GRADES[0][0], SWEET_SPOT],
                    range=[RAG_COLOURS["red"], RAG_COLOURS["yellow"], RAG_COLOURS["green"]],
                ),
            ),
            tooltip=["quarter:O", alt.Tooltip("score:Q", format=".2f")],
        )
    )
    spot = (
        alt.Chart(pd.DataFrame({"y": [SWEET_SPOT]}))
        .mark_rule(color="#263238", strokeDash=[4, 3])
        .encode(y="y:Q")
    )
    return (bars + spot).properties(width=320, height=160)


def score_heatmap(scores: pd.DataFrame, value: str = "score") -> alt.Chart:
    """Team x quarter heatmap of a score (quality score 0-100, or attainment 0-1)."""
    return (
        alt.Chart(scores)
        .mark_rect()
        .encode(
            x=alt.X("quarter:O", title=None),
            y=alt.Y("team:N", title=None),
            color=alt.Color(f"{value}:Q", scale=alt.Scale(scheme="redyellowgreen"), title=value),
            tooltip=["team:N", "quarter:O", alt.Tooltip(f"{value}:Q", format=".2f")],
        )
        .properties(title=f"{value.capitalize()} by team and quarter")
    )


def _grid(frame: pd.DataFrame) -> alt.Chart:
    """Teams down, quarters across (labels on top), in the frame's order."""
    return alt.Chart(frame).encode(
        x=alt.X("quarter:O", title=None, axis=alt.Axis(orient="top", labelAngle=0)),
        y=alt.Y("team:N", title=None, sort=None),
    )


def _grid_size(frame: pd.DataFrame) -> dict[str, int]:
    return {
        "width": 90 * max(frame["quarter"].nunique(), 1),
        "height": 18 * max(frame["team"].nunique(), 1),
    }


def team_quarter_heatmap(
    frame: pd.DataFrame,
    value: str,
    *,
    title: str,
    fmt: str = ".0f",
    higher_is_better: bool = True,
    domain: tuple[float, float] | None = None,
) -> alt.LayerChart:
    """Team x quarter grid of one number, each cell coloured and labelled with it.

    Parameters
    ----------
    frame : DataFrame
        ``team, quarter`` and the ``value`` column.
    fmt : str
        d3 format of the labels (``".0%"`` for shares).
    higher_is_better : bool
        Green for high values when true, for low values when false.
    domain : (low, high), optional
        Fixed colour range, so the colours mean the same under every filter.
    """
    scale = alt.Scale(
        scheme="redyellowgreen",
        reverse=not higher_is_better,
        **({"domain": list(domain)} if domain else {}),
    )
    base = _grid(frame)
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color(f"{value}:Q", scale=scale, legend=None),
        tooltip=["team:N", "quarter:O", alt.Tooltip(f"{value}:Q", format=fmt)],
    )
    # dark ends of the colour range get white labels
    low, high = domain if domain else (frame[value].min(), frame[value].max())
    span = (high - low) if pd.notna(high) and pd.notna(low) and high > low else 1.0
    ends = f"datum['{value}'] <= {low + 0.15 * span} || datum['{value}'] >= {low + 0.8 * span}"
    labels = base.mark_text(fontSize=11).encode(
        text=alt.Text(f"{value}:Q", format=fmt),
        color=alt.condition(ends, alt.value("white"), alt.value("#263238")),
    )
    return (cells + labels).properties(title=title, **_grid_size(frame))


def objective_counts(focus: pd.DataFrame) -> alt.LayerChart:
    """Objectives per team and quarter, over the guideline in red (``View.focus``)."""
    colours = {"within": "#cfe8d8", "over": "#f3b7b7"}
    base = _grid(focus)
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color("status:N", scale=_scale(colours), title="objectives"),
        tooltip=["team:N", "quarter:O", "objectives:Q", "limit:Q", "key_results:Q"],
    )
    labels = base.mark_text(fontSize=11, color="#263238").encode(text="objectives:Q")
    return (cells + labels).properties(
        title="Objectives per team and quarter (red: over the limit)", **_grid_size(focus)
    )


def key_results_per_objective(counts: pd.DataFrame) -> alt.LayerChart:
    """How many objectives have 0, 1, 2 ... key results, with the recommended range shaded
    (``View.key_results_per_objective``)."""
    hist = counts.groupby("key_results").size().rename("objectives").reset_index()
    low, high = (int(counts["low"].iloc[0]), int(counts["high"].iloc[0])) if len(counts) else (3, 5)
    band = (
        alt.Chart(pd.DataFrame({"low": [low - 0.5], "high": [high + 0.5]}))
        .mark_rect(color=RAG_COLOURS["green"], opacity=0.12)
        .encode(x="low:Q", x2="high:Q")
    )
    bars = (
        alt.Chart(hist)
        .mark_bar(color="#4c78a8", size=18)
        .encode(
            x=alt.X(
                "key_results:Q",
                title="key results per objective",
                axis=alt.Axis(tickMinStep=1, format="d"),
            ),
            y=alt.Y("objectives:Q", title="objectives"),
            tooltip=["key_results:Q", "objectives:Q"],
        )
    )
    return (band + bars).properties(
        title=f"Key results per objective (shaded: {low}-{high})", width=320, height=180
    )


def findings_by_category(findings: pd.DataFrame) -> alt.Chart:
    """Number of findings per team, stacked by rule category."""
    counts = (
        findings.dropna(subset=["team"])
        .groupby(["team", "category"])
        .size()
        .rename("findings")
        .reset_index()
    )
    return (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            y=alt.Y("team:N", sort="-x", title=None),
            x=alt.X("findings:Q"),
            color=alt.Color("category:N", scale=_scale(CATEGORY_COLOURS)),
            tooltip=["team:N", "category:N", "findings:Q"],
        )
        .properties(title="Findings by category")
    )


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
        .encode(x="x:Q")
    )
    return (bars + spot).properties(title="Attainment against the 0.7 sweet spot")


def to_static(chart: alt.TopLevelMixin, fmt: str = "svg", scale: float = 1.0) -> str | bytes:
    """The chart as SVG text or PNG bytes, in okrcoach's look, without a browser or network."""
    import vl_convert as vlc

    # enabling a theme changes altair's global registry, so threads drawing at once take
    # turns for the spec; vl-convert's rendering, the costly part, runs outside the lock
    with _THEME_LOCK, alt.theme.enable("okrcoach"):
        # okrcoach's own charts are valid by construction; schema validation costs more
        # than the rendering
        spec = chart.to_dict(validate=False)
    if fmt == "svg":
        return vlc.vegalite_to_svg(spec)
    if fmt == "png":
        return vlc.vegalite_to_png(spec, scale=scale)
    raise ValueError(f"fmt must be 'svg' or 'png', not {fmt!r}")
