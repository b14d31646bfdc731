"""Charts across teams and quarters: heatmaps, objective and key-result counts, findings."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .theme import CATEGORY_COLOURS, RAG_COLOURS, scale


def score_heatmap(scores: pd.DataFrame, value: str = "score") -> alt.Chart:
    """Team x quarter heatmap of a score (quality score 0-100, or attainment 0-1)."""
    return (
        alt.Chart(scores)
        .mark_rect()
        .encode(
            x=alt.X("quarter:O", title=None),
            y=alt.Y("team:N", title=None),
            color=alt.Color(f"{value}:Q", scale=alt.Scale(scheme="redyellowgreen"), title=value),
            tooltip=[
                alt.Tooltip("team:N"),
                alt.Tooltip("quarter:O"),
                alt.Tooltip(f"{value}:Q", format=".2f"),
            ],
        )
        .properties(title=f"{value.capitalize()} by team and quarter")
    )


def grid(frame: pd.DataFrame) -> alt.Chart:
    """Teams down, quarters across (labels on top), in the frame's order."""
    return alt.Chart(frame).encode(
        x=alt.X("quarter:O", title=None, axis=alt.Axis(orient="top", labelAngle=0)),
        y=alt.Y("team:N", title=None, sort=None),
    )


def grid_size(frame: pd.DataFrame) -> dict[str, int]:
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
    base = grid(frame)
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color(f"{value}:Q", scale=scale, legend=None),
        tooltip=[
            alt.Tooltip("team:N"),
            alt.Tooltip("quarter:O"),
            alt.Tooltip(f"{value}:Q", format=fmt),
        ],
    )
    # dark ends of the colour range get white labels
    low, high = domain if domain else (frame[value].min(), frame[value].max())
    span = (high - low) if pd.notna(high) and pd.notna(low) and high > low else 1.0
    ends = f"datum['{value}'] <= {low + 0.15 * span} || datum['{value}'] >= {low + 0.8 * span}"
    labels = base.mark_text(fontSize=11).encode(
        text=alt.Text(f"{value}:Q", format=fmt),
        color=alt.condition(ends, alt.value("white"), alt.value("#263238")),
    )
    return (cells + labels).properties(title=title, **grid_size(frame))


def objective_counts(focus: pd.DataFrame) -> alt.LayerChart:
    """Objectives per team and quarter, over the guideline in red (``View.focus``)."""
    colours = {"within": "#cfe8d8", "over": "#f3b7b7"}
    base = grid(focus)
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color("status:N", scale=scale(colours), title="objectives"),
        tooltip=[
            alt.Tooltip("team:N"),
            alt.Tooltip("quarter:O"),
            alt.Tooltip("objectives:Q"),
            alt.Tooltip("limit:Q"),
            alt.Tooltip("key_results:Q"),
        ],
    )
    labels = base.mark_text(fontSize=11, color="#263238").encode(text=alt.Text("objectives:Q"))
    return (cells + labels).properties(
        title="Objectives per team and quarter (red: over the limit)", **grid_size(focus)
    )


def key_results_per_objective(counts: pd.DataFrame) -> alt.LayerChart:
    """How many objectives have 0, 1, 2 ... key results, with the recommended range shaded
    (``View.key_results_per_objective``)."""
    hist = counts.groupby("key_results").size().rename("objectives").reset_index()
    low, high = (int(counts["low"].iloc[0]), int(counts["high"].iloc[0])) if len(counts) else (3, 5)
    band = (
        alt.Chart(pd.DataFrame({"low": [low - 0.5], "high": [high + 0.5]}))
        .mark_rect(color=RAG_COLOURS["green"], opacity=0.12)
        .encode(x=alt.X("low:Q"), x2=alt.X2("high:Q"))
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
            tooltip=[alt.Tooltip("key_results:Q"), alt.Tooltip("objectives:Q")],
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
            color=alt.Color("category:N", scale=scale(CATEGORY_COLOURS)),
            tooltip=[alt.Tooltip("team:N"), alt.Tooltip("category:N"), alt.Tooltip("findings:Q")],
        )
        .properties(title="Findings by category")
    )
