"""okrcoach's look: colours, the registered theme, and static rendering."""

from __future__ import annotations

import threading

import altair as alt

RAG_COLOURS = {"green": "#2e9e5b", "yellow": "#e3b505", "red": "#d64545", "unknown": "#9aa0a6"}
STATUS_COLOURS = {
    "on track": "#2e9e5b",
    "at risk": "#e3b505",
    "off track": "#d64545",
    "done": "#4c78a8",
    "no data": "#9aa0a6",
    "no target": "#9aa0a6",
}
_THEME_LOCK = threading.Lock()  # see to_static
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


def scale(colours: dict[str, str]) -> alt.Scale:
    """A colour scale with these colours for these values."""
    return alt.Scale(domain=list(colours), range=list(colours.values()))


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


__all__ = [
    "CATEGORY_COLOURS",
    "RAG_COLOURS",
    "STATUS_COLOURS",
    "okrcoach_theme",
    "scale",
    "to_static",
]
