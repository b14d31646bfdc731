"""HTML sections of a team's retrospective, for the notebook and its HTML report.

Each function takes a :class:`~okrcoach.retro.TeamRetro` and returns a :class:`Section`
that Jupyter displays as HTML. Everything a user wrote is escaped (jinja2 autoescaping);
charts are inline SVG rendered by vl-convert, so the report needs no JavaScript and no
network. The styles travel with the first section (:func:`headline`), so the notebook
looks the same in JupyterLab as in the exported report.
"""

from __future__ import annotations

import json

import pandas as pd
from markupsafe import Markup

from .. import charts
from ..findings import about, ordered
from ..quarters import quarter_bounds
from ..rendering import render, short, stylesheet, svg
from .contents import TeamRetro

HEADLINE_MIME = "application/vnd.okrcoach.headline+json"


class Section:
    """An HTML fragment Jupyter shows as rich output (with extra MIME data if given)."""

    def __init__(self, html: str, extra: dict | None = None):
        self.html = html
        self.extra = extra or {}

    def _repr_mimebundle_(self, include=None, exclude=None):
        # a plain-text form of its own, so an executed notebook does not record the
        # object's memory address (which differs between any two runs)
        return {"text/html": self.html, "text/plain": repr(self), **self.extra}

    def __repr__(self) -> str:
        return f"<okrcoach report section: {len(self.html):,} characters of HTML>"

    def __str__(self) -> str:
        return self.html


def headline(r: TeamRetro) -> Section:
    """Title, the quarter in four numbers, and how it compares with earlier quarters.

    Also carries the numbers as JSON (:data:`HEADLINE_MIME`) for the batch's index page.
    """
    h = r.headline()
    history = r.history.dropna(subset=["score"])
    chart = svg(charts.score_history(r.history)) if len(history) > 1 else None
    html = render("headline.html.j2", r=r, h=h, chart=chart, css=Markup(stylesheet("retro.css")))
    return Section(html, {HEADLINE_MIME: json.loads(json.dumps(h))})


def objectives(r: TeamRetro) -> Section:
    """Each objective: its key results' scores against 0.7 and their progress over time."""
    start, end = quarter_bounds(r.quarter)
    labels = {
        k: short(t) for k, t in zip(r.key_results["kr_id"], r.key_results["text"], strict=True)
    }
    items = []
    for o in r.objectives.itertuples(index=False):
        krs = r.key_results[r.key_results["objective_id"] == o.objective_id]
        pts = r.progress_points[r.progress_points["kr_id"].isin(krs["kr_id"])]
        chart = (
            svg(
                charts.progress_over_time(
                    pts, start, min(end, r.as_of + pd.Timedelta(days=1)), labels
                )
            )
            if len(pts)
            else None
        )
        items.append({"o": o, "krs": list(krs.itertuples(index=False)), "chart": chart})
    return Section(render("objectives.html.j2", r=r, items=items))


def kpis(r: TeamRetro) -> Section:
    """The team's KPIs: red/yellow/green, trend, forecast, guardrails, with a chart each."""
    since = r.as_of - pd.Timedelta(weeks=26)
    values = r.kpi_values[r.kpi_values["date"] >= since]
    unusual = r.anomalies[r.anomalies["date"] >= since].groupby("kpi_id")["message"].agg(list)
    items = [
        {
            "k": k,
            "chart": svg(charts.kpi_trend(values, r.kpis, k.kpi_id, r.anomalies, r.kpi_forecast))
            if (values["kpi_id"] == k.kpi_id).any()
            else None,
            "unusual": unusual.get(k.kpi_id, []),
        }
        for k in r.kpis.itertuples(index=False)
    ]
    return Section(render("kpis.html.j2", r=r, items=items))


def _findings_items(r: TeamRetro, found: pd.DataFrame) -> list[dict]:
    f = ordered(found, ("severity", "code"))
    what = about(f, r.objectives, r.key_results, r.kpis, f"the team's {r.quarter}")
    titles = r.objectives.set_index("objective_id")["title"]
    # a key result's finding says which objective it is under
    where = f["objective_id"].map(titles).where(f["kr_id"].notna(), "").fillna("")
    return [
        {"f": rec, "about": a, "where": w}
        for rec, a, w in zip(f.itertuples(index=False), what, where, strict=True)
    ]


def findings(r: TeamRetro) -> Section:
    """How the quarter's OKRs were written: each finding with its reason and a rewrite."""
    return Section(render("findings.html.j2", r=r, items=_findings_items(r, r.quality_findings)))


def cadence(r: TeamRetro) -> Section:
    """Check-in habits per key result, and cadence or gaming signals over time."""
    texts = r.key_results.set_index("kr_id")["text"].to_dict()
    rows = [
        {"c": c, "text": texts.get(c.kr_id, c.kr_id)} for c in r.cadence.itertuples(index=False)
    ]
    return Section(render("cadence.html.j2", r=r, rows=rows, signals=_findings_items(r, r.signals)))


def candidates(r: TeamRetro) -> Section:
    """Candidate objectives for next quarter, from KPIs that are off track."""
    return Section(render("candidates.html.j2", r=r))


def questions(r: TeamRetro) -> Section:
    """The review questions, each with prompts from the team's numbers."""
    return Section(render("questions.html.j2", r=r))


SECTIONS = (headline, objectives, kpis, findings, cadence, candidates, questions)


def page(r: TeamRetro) -> str:
    """Every section in one HTML fragment (handy outside a notebook)."""
    return "\n".join(str(s(r)) for s in SECTIONS)


__all__ = [
    "HEADLINE_MIME",
    "SECTIONS",
    "Section",
    "cadence",
    "candidates",
    "findings",
    "headline",
    "kpis",
    "objectives",
    "page",
    "questions",
]
