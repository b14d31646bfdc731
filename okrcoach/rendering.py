"""HTML rendering shared by the reports and the exploration: templates, number formats,
inline charts and the package's style sheets.

Templates live in ``okrcoach/html/`` and are rendered with autoescaping on, so anything a
user wrote is shown as text. Charts are inline SVG drawn by vl-convert: no JavaScript and
no network, so a page opens offline.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import pandas as pd
from jinja2 import Environment, PackageLoader, Template, select_autoescape
from markupsafe import Markup

from . import charts
from .grading import SWEET_SPOT, grade

MISSING = "–"


def num(x, digits: int = 2) -> str:
    """A number with thousands separators and at most ``digits`` decimals ('1,234.5')."""
    if x is None or pd.isna(x):
        return MISSING
    return f"{x:,.{digits}f}".rstrip("0").rstrip(".") if digits else f"{x:,.0f}"


def score(x) -> str:
    """A 0-1 score with two decimals."""
    return MISSING if x is None or pd.isna(x) else f"{x:.2f}"


def pct(x) -> str:
    return MISSING if x is None or pd.isna(x) else f"{x:.0%}"


def day(x) -> str:
    return MISSING if x is None or pd.isna(x) else f"{pd.Timestamp(x):%d %b %Y}"


def short(text: str, limit: int = 60) -> str:
    """Text cut to ``limit`` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def svg(chart) -> Markup:
    """A chart as inline SVG markup."""
    # vl-convert escapes the text it draws, so the SVG is safe to inline as markup.
    return Markup(charts.to_static(chart, "svg"))


@cache
def environment() -> Environment:
    """The Jinja environment of the package's templates, with the formats as filters."""
    env = Environment(
        loader=PackageLoader("okrcoach", "html"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(num=num, score=score, pct=pct, day=day, grade=grade)
    env.globals.update(SWEET_SPOT=SWEET_SPOT)
    return env


@cache
def template(name: str) -> Template:
    return environment().get_template(name)


def render(name: str, **context) -> str:
    """Render the template ``okrcoach/html/<name>``."""
    return template(name).render(**context)


@cache
def stylesheet(name: str) -> str:
    """The text of the style sheet ``okrcoach/html/<name>``."""
    return files("okrcoach").joinpath("html", name).read_text(encoding="utf-8")


__all__ = [
    "MISSING",
    "day",
    "environment",
    "num",
    "pct",
    "render",
    "score",
    "short",
    "stylesheet",
    "svg",
    "template",
]
