"""The exploration's sections: one HTML fragment per question, for any view.

Each section is built as a list of blocks (tables, charts as inline SVG, sentences) and
rendered by one template with autoescaping, so whatever a user wrote stays text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .. import charts
from ..errors import OkrcoachError
from ..overview import View
from ..rendering import day, num, pct, stylesheet, template
from . import blocks as bk

STATIC_ROWS = 100  # findings rows shown where nothing can page (a notebook run headless)


@dataclass(frozen=True)
class Section:
    title: str
    look_for: str  # one sentence: what to look for (the notebook's section intros say it too)
    build: Callable[..., list[dict]]


# -- sections -----------------------------------------------------------------------------------


def _overview(v: View) -> list[dict]:
    s = v.summary().iloc[0]
    cards = {
        "cards": [
            ("teams", num(s["teams"], 0)),
            ("objectives", num(s["objectives"], 0)),
            ("key results", num(s["key_results"], 0)),
            ("findings", num(s["findings"], 0)),
            ("writing quality", num(s["quality"], 0)),
            ("mean score", num(s["attainment"], 2)),
            ("red KPIs", num(s["kpis_red"], 0)),
            ("guardrail breaches", num(s["guardrail_breaches"], 0)),
        ],
        "kind": "cards",
    }
    blocks = [
        cards,
        bk.para(
            f"Selection: {v.selection.describe()}. Scores as of {day(v.organisation.as_of)}.",
            "note",
        ),
    ]
    if v.quality.empty:
        return blocks + bk.nothing("objectives")
    parts = [
        charts.team_quarter_heatmap(
            v.quality, "score", domain=(0, 100), title="Writing quality 0-100 by team and quarter"
        )
    ]
    if len(v.findings):
        parts.append(charts.findings_by_category(v.findings))
    return blocks + [bk.chart_row(*parts)]


def _outcome(v: View) -> list[dict]:
    share = v.output_share
    if share.empty:
        return bk.nothing("key results")
    latest = share["quarter"].max()
    top = (
        share[share["quarter"].eq(latest) & share["output"].gt(0)]
        .sort_values(["share", "team"], ascending=[False, True])
        .head(5)
    )
    named = ", ".join(f"{t.team} {t.share:.0%}" for t in top.itertuples())
    total = share["output"].sum() / share["key_results"].sum()
    return [
        bk.para(
            f"{total:.0%} of the selection's key results describe output. "
            + (f"Highest in {latest}: {named}." if named else f"None in {latest}.")
        ),
        bk.chart_row(
            charts.team_quarter_heatmap(
                share,
                "share",
                fmt=".0%",
                higher_is_better=False,
                domain=(0, 1),
                title="Share of key results that describe output, not outcome",
            )
        ),
    ]


def _focus(v: View) -> list[dict]:
    focus, per_obj = v.focus, v.key_results_per_objective
    if focus.empty:
        return bk.nothing("objectives")
    over = focus[focus["status"].eq("over")]
    outside = per_obj[~per_obj["status"].eq("within")]
    blocks = [
        bk.para(
            f"{len(over)} of {len(focus)} team-quarters have more objectives than "
            f"the limit; {len(outside)} of {len(per_obj)} objectives have fewer than "
            f"{int(per_obj['low'].iloc[0])} or more than {int(per_obj['high'].iloc[0])}"
            " key results."
        ),
        bk.chart_row(charts.objective_counts(focus), charts.key_results_per_objective(per_obj)),
    ]
    if len(over):
        blocks.append(
            bk.table(
                over,
                [
                    ("team", "team", "text"),
                    ("quarter", "quarter", "text"),
                    ("objectives", "objectives", "int"),
                    ("limit", "limit", "int"),
                    ("key results", "key_results", "int"),
                ],
                "Over the limit:",
            )
        )
    return blocks


def _attainment(v: View) -> list[dict]:
    a = v.attainment.dropna(subset=["final_score"])
    if a.empty:
        return bk.nothing("graded key results (a quarter's scores count once it is over)")
    near = a["final_score"].between(0.6, 0.8).mean()
    flags = v.score_signals
    named = "; ".join(f"{r.team} ({r.signal}: {r.message})" for r in flags.itertuples())
    t = v.team_attainment
    return [
        bk.para(
            f"{len(a)} graded key results, mean {a['final_score'].mean():.2f}; "
            f"{near:.0%} within 0.6-0.8. "
            + (
                f"Named by the score-history rules: {named}."
                if named
                else "No team is named by the sandbagging or under-scoring rules."
            )
        ),
        bk.chart_row(charts.attainment(a)),
        bk.table(
            t,
            [
                ("team", "team", "text"),
                ("quarters", "quarters", "int"),
                ("key results", "key_results", "int"),
                ("mean score", "mean_score", "num"),
                ("scored ≥ 1.0", "at_least_one", "pct"),
                ("below 0.3", "below_0_3", "pct"),
                ("signal", "signal", "badge"),
            ],
            "Per team, best mean score first:",
        ),
    ]


def _cadence(v: View) -> list[dict]:
    c = v.cadence
    if c.empty:
        return bk.nothing("key results")
    attention = c[
        (c["weekly"] < 0.5) | c["never"].gt(0) | c["stale"].gt(0) | c["set_and_forget"].gt(0)
    ]
    blocks = [
        bk.para(
            f"Key results got a check-in in {c['weekly'].mean():.0%} of the weeks "
            f"on average; {int(c['never'].sum())} never had one."
        ),
        bk.chart_row(
            charts.team_quarter_heatmap(
                c,
                "weekly",
                fmt=".0%",
                domain=(0, 1),
                title="Share of weeks with a check-in, per team and quarter",
            )
        ),
    ]
    if len(attention):
        blocks.append(
            bk.table(
                attention,
                [
                    ("team", "team", "text"),
                    ("quarter", "quarter", "text"),
                    ("key results", "key_results", "int"),
                    ("check-ins", "checkins", "int"),
                    ("weeks with one", "weekly", "pct"),
                    ("never checked in", "never", "int"),
                    ("stale (CAD001)", "stale", "int"),
                    ("set and forget (CAD006)", "set_and_forget", "int"),
                    ("last check-in", "last_checkin", "day"),
                ],
                "Team-quarters to look at:",
            )
        )
    return blocks


def _kpis(v: View, kpi: str | None = None) -> list[dict]:
    k = v.kpi_health
    if k.empty:
        return bk.nothing("KPIs")
    table = k.assign(
        definition=k["defined"].astype(str) + "/5",
        trend=k["change_pct"].map(pct),
        guards=k["guardrail_for"].notna().map({True: "yes", False: ""}),
    )
    blocks = [
        bk.para(
            f"{int(k['rag'].eq('red').sum())} red, {int(k['rag'].eq('yellow').sum())} "
            f"yellow of {len(k)} KPIs; {int(k['defined'].lt(5).sum())} lack part of "
            "their definition."
        ),
        bk.table(
            table,
            [
                ("KPI", "kpi_id", "text"),
                ("name", "name", "text"),
                ("team", "team", "text"),
                ("owner", "owner", "text"),
                ("status", "rag", "badge"),
                ("latest", "latest", "num"),
                ("target", "target", "num"),
                ("13-week change", "trend", "text"),
                ("forecast", "forecast", "text"),
                ("definition", "definition", "text"),
                ("missing", "missing", "text"),
                ("guardrail", "guards", "text"),
            ],
        ),
    ]
    kpi = kpi if kpi in set(k["kpi_id"]) else k["kpi_id"].iloc[0]
    values = v.organisation.goals.kpi_values
    if values["kpi_id"].eq(kpi).any():
        blocks.append(
            bk.chart_row(
                charts.kpi_trend(
                    values,
                    k,
                    kpi,
                    v.organisation.trends.anomalies,
                    v.organisation.trends.kpi_forecast,
                )
            )
        )
        blocks += _kpi_sentences(v, k, kpi)
    else:
        blocks.append(bk.para(f"{kpi} has no values yet.", "note"))
    return blocks


def _kpi_sentences(v: View, k, kpi: str) -> list[dict]:
    """What the model expects of the KPI shown, and why its unusual values were flagged."""
    row = k.set_index("kpi_id").loc[kpi]
    said = [bk.para(f"{row.get('name') or kpi}: {row['outlook']}")] if "outlook" in row else []
    unusual = v.organisation.trends.anomalies
    for message in unusual.loc[unusual["kpi_id"] == kpi, "message"]:
        said.append(bk.para(f"Unusual: {message}.", "note"))
    return said


def _guardrails(v: View) -> list[dict]:
    b = v.guardrail_breaches
    if b.empty:
        return [
            bk.para(
                "No guardrail KPI crossed red while the objective it guards progressed.", "note"
            )
        ]
    return [
        bk.table(
            b,
            [
                ("KPI", "name", "text"),
                ("team", "team", "text"),
                ("quarter", "quarter", "text"),
                ("objective", "title", "long"),
                ("date", "date", "day"),
                ("value", "value", "num"),
                ("red at", "red_at", "num"),
                ("objective progress", "objective_progress", "pct"),
                ("what happened", "message", "long"),
            ],
        )
    ]


def _findings(
    v: View,
    by: str = "severity",
    descending: bool = False,
    search: str = "",
    start: int = 0,
    rows: int = STATIC_ROWS,
) -> list[dict]:
    f = v.sorted_findings(by, descending, search)
    if f.empty:
        return bk.nothing("findings" + (f" matching {search!r}" if search else ""))
    shown = f.iloc[start : start + rows]
    caption = (
        f"Findings {start + 1}-{start + len(shown)} of {len(f)}, sorted by {by}"
        f"{' (descending)' if descending else ''}"
        + (f", matching {search!r}" if search else "")
        + ("; export them for the rest." if len(f) > len(shown) else ".")
    )
    return [
        bk.table(
            shown,
            [
                ("severity", "severity", "badge"),
                ("code", "code", "text"),
                ("team", "team", "text"),
                ("quarter", "quarter", "text"),
                ("about", "about", "long"),
                ("finding", "message", "long"),
                ("ask", "question", "long"),
                ("try", "suggestion", "long"),
            ],
            caption,
        )
    ]


SECTIONS: dict[str, Section] = {
    "overview": Section(
        "Quality across the organisation",
        "Teams whose writing quality stays low quarter after quarter, and the "
        "rule categories most of the findings come from.",
        _overview,
    ),
    "outcome": Section(
        "Output or outcome",
        "Teams whose key results describe work done rather than a change "
        "achieved, and whether that share shrinks over the quarters.",
        _outcome,
    ),
    "focus": Section(
        "Focus",
        "Team-quarters over the 1-3 objective guideline and objectives with "
        "fewer or more key results than the recommended range.",
        _focus,
    ),
    "attainment": Section(
        "Attainment",
        "Scores should gather around 0.7; teams always at 1.0 may be "
        "sandbagging, teams always below 0.3 set targets nobody reaches.",
        _attainment,
    ),
    "cadence": Section(
        "Check-in cadence",
        "Teams whose key results go weeks without a check-in: a quarter "
        "checked once is a document, not a system.",
        _cadence,
    ),
    "kpis": Section(
        "KPI health",
        "Red KPIs, trends heading the wrong way and incomplete definitions; an "
        "off-track KPI is where the next objective comes from.",
        _kpis,
    ),
    "guardrails": Section(
        "Guardrail breaches",
        "A guardrail KPI crossing red while the objective it guards moves "
        "ahead: progress bought at the cost of health.",
        _guardrails,
    ),
    "findings": Section(
        "All findings",
        "Every finding of the selection, to sort, search and export for follow-up with the teams.",
        _findings,
    ),
}


def render(view: View, name: str, **state) -> str:
    """One section of a view as an HTML fragment (charts inline, styles included).

    ``state`` passes the section's own controls: ``kpi`` for ``"kpis"``; ``by``,
    ``descending``, ``search``, ``start`` and ``rows`` for ``"findings"``.
    """
    if name not in SECTIONS:
        raise OkrcoachError(f"no section {name!r}; sections: {', '.join(SECTIONS)}")
    blocks = SECTIONS[name].build(view, **state)
    return template("explore_section.html.j2").render(
        name=name, blocks=blocks, css=stylesheet("explore.css")
    )


__all__ = ["SECTIONS", "STATIC_ROWS", "Section", "render"]
