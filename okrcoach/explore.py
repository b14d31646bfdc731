"""The analyst's exploration notebook: an organisation's goal data at a glance.

:class:`ExploreApp` puts filters (quarter range, department, team, level, rule category)
over the views of :mod:`okrcoach.overview` and redraws every section when a filter
changes. Each section is one HTML fragment with its charts as inline SVG (vl-convert), so
it looks the same in JupyterLab, in a notebook executed headless by papermill, and in the
HTML made from it, with no script or network fetch anywhere: JupyterLab's own Vega renderer
stops at Vega-Lite 5, and altair 6's fallback loads Vega from a CDN.

In a live kernel a section is a widget; its display also carries the fragment for the
selection the notebook started with as ``text/html``, which is what a notebook run without
a browser (papermill, nbval, nbconvert) keeps and shows. :func:`render` gives the fragment
of any section for any view without widgets.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import ipywidgets as w
import numpy as np
import pandas as pd
from markupsafe import Markup

from . import charts, resources
from .errors import OkrcoachError
from .overview import Overview, Selection, View
from .report import _day, _num, _pct

DRAW_THREADS = 2  # sections drawn at once on a filter change (vl-convert outside the GIL)
STATIC_ROWS = 100  # findings rows shown where nothing can page (a notebook run headless)
PAGE_ROWS = 50


@dataclass(frozen=True)
class Section:
    title: str
    look_for: str  # one sentence: what to look for (the notebook's section intros say it too)
    build: Callable[..., list[dict]]


# -- formatting -------------------------------------------------------------------------------


def _text(x) -> str:
    return "–" if x is None or (not isinstance(x, str) and pd.isna(x)) else str(x)


def _table(frame: pd.DataFrame, spec: list[tuple[str, str, str]], caption: str = "") -> dict:
    """A table block: ``spec`` is (heading, column, kind); kind is text, long, num, int,
    pct, day or badge."""
    fmt = {"text": _text, "long": _text, "badge": _text, "num": lambda x: _num(x, 1),
           "pct": _pct, "day": _day, "int": lambda x: _num(x, 0)}
    css = {"num": "num", "int": "num", "pct": "num", "long": "long"}
    cols = [[(fmt[kind](v), css.get(kind, "badge" if kind == "badge" else ""))
             for v in frame[col].tolist()] for _, col, kind in spec]
    return {"kind": "table", "columns": [h for h, _, _ in spec],
            "rows": list(zip(*cols, strict=True)) if cols else [], "caption": caption}


def _charts(*chart_list) -> dict:
    # vl-convert escapes the text it draws, so its SVG is safe to inline as markup
    return {"kind": "charts", "svgs": [Markup(charts.to_static(c, "svg")) for c in chart_list]}


def _para(text: str, css: str = "") -> dict:
    return {"kind": "text", "text": text, "css": css}


def _empty(what: str) -> list[dict]:
    return [_para(f"No {what} in this selection.", "note")]


# -- sections -----------------------------------------------------------------------------------


def _overview(v: View) -> list[dict]:
    s = v.summary().iloc[0]
    cards = {"cards": [("teams", _num(s["teams"], 0)), ("objectives", _num(s["objectives"], 0)),
                       ("key results", _num(s["key_results"], 0)),
                       ("findings", _num(s["findings"], 0)),
                       ("writing quality", _num(s["quality"], 0)),
                       ("mean score", _num(s["attainment"], 2)),
                       ("red KPIs", _num(s["kpis_red"], 0)),
                       ("guardrail breaches", _num(s["guardrail_breaches"], 0))],
             "kind": "cards"}
    blocks = [cards, _para(f"Selection: {v.selection.describe()}. Scores as of "
                           f"{_day(v.overview.as_of)}.", "note")]
    if v.quality.empty:
        return blocks + _empty("objectives")
    parts = [charts.team_quarter_heatmap(v.quality, "score", domain=(0, 100),
                                         title="Writing quality 0-100 by team and quarter")]
    if len(v.findings):
        parts.append(charts.findings_by_category(v.findings))
    return blocks + [_charts(*parts)]


def _outcome(v: View) -> list[dict]:
    share = v.output_share
    if share.empty:
        return _empty("key results")
    latest = share["quarter"].max()
    top = share[share["quarter"].eq(latest) & share["output"].gt(0)].sort_values(
        ["share", "team"], ascending=[False, True]).head(5)
    named = ", ".join(f"{t.team} {t.share:.0%}" for t in top.itertuples())
    total = share["output"].sum() / share["key_results"].sum()
    return [_para(f"{total:.0%} of the selection's key results describe output. "
                  + (f"Highest in {latest}: {named}." if named else
                     f"None in {latest}.")),
            _charts(charts.team_quarter_heatmap(
                share, "share", fmt=".0%", higher_is_better=False, domain=(0, 1),
                title="Share of key results that describe output, not outcome"))]


def _focus(v: View) -> list[dict]:
    focus, per_obj = v.focus, v.key_results_per_objective
    if focus.empty:
        return _empty("objectives")
    over = focus[focus["status"].eq("over")]
    outside = per_obj[~per_obj["status"].eq("within")]
    blocks = [_para(f"{len(over)} of {len(focus)} team-quarters have more objectives than "
                    f"the limit; {len(outside)} of {len(per_obj)} objectives have fewer than "
                    f"{int(per_obj['low'].iloc[0])} or more than {int(per_obj['high'].iloc[0])}"
                    " key results."),
              _charts(charts.objective_counts(focus),
                      charts.key_results_per_objective(per_obj))]
    if len(over):
        blocks.append(_table(over, [("team", "team", "text"), ("quarter", "quarter", "text"),
                                    ("objectives", "objectives", "int"),
                                    ("limit", "limit", "int"),
                                    ("key results", "key_results", "int")],
                             "Over the limit:"))
    return blocks


def _attainment(v: View) -> list[dict]:
    a = v.attainment.dropna(subset=["final_score"])
    if a.empty:
        return _empty("graded key results (a quarter's scores count once it is over)")
    near = a["final_score"].between(0.6, 0.8).mean()
    flags = v.score_signals
    named = "; ".join(f"{r.team} ({r.signal}: {r.message})" for r in flags.itertuples())
    t = v.team_attainment
    return [_para(f"{len(a)} graded key results, mean {a['final_score'].mean():.2f}; "
                  f"{near:.0%} within 0.6-0.8. "
                  + (f"Named by the score-history rules: {named}." if named else
                     "No team is named by the sandbagging or under-scoring rules.")),
            _charts(charts.attainment(a)),
            _table(t, [("team", "team", "text"), ("quarters", "quarters", "int"),
                       ("key results", "key_results", "int"),
                       ("mean score", "mean_score", "num"),
                       ("scored ≥ 1.0", "at_least_one", "pct"),
                       ("below 0.3", "below_0_3", "pct"), ("signal", "signal", "badge")],
                   "Per team, best mean score first:")]


def _cadence(v: View) -> list[dict]:
    c = v.cadence
    if c.empty:
        return _empty("key results")
    attention = c[(c["weekly"] < 0.5) | c["never"].gt(0) | c["stale"].gt(0)
                  | c["set_and_forget"].gt(0)]
    blocks = [_para(f"Key results got a check-in in {c['weekly'].mean():.0%} of the weeks "
                    f"on average; {int(c['never'].sum())} never had one."),
              _charts(charts.team_quarter_heatmap(
                  c, "weekly", fmt=".0%", domain=(0, 1),
                  title="Share of weeks with a check-in, per team and quarter"))]
    if len(attention):
        blocks.append(_table(attention, [
            ("team", "team", "text"), ("quarter", "quarter", "text"),
            ("key results", "key_results", "int"), ("check-ins", "checkins", "int"),
            ("weeks with one", "weekly", "pct"), ("never checked in", "never", "int"),
            ("stale (CAD001)", "stale", "int"), ("set and forget (CAD006)", "set_and_forget",
                                                 "int"),
            ("last check-in", "last_checkin", "day")], "Team-quarters to look at:"))
    return blocks


def _kpis(v: View, kpi: str | None = None) -> list[dict]:
    k = v.kpi_health
    if k.empty:
        return _empty("KPIs")
    table = k.assign(definition=k["defined"].astype(str) + "/5",
                     trend=k["change_pct"].map(_pct), guards=k["guardrail_for"].notna().map(
                         {True: "yes", False: ""}))
    blocks = [_para(f"{int(k['rag'].eq('red').sum())} red, {int(k['rag'].eq('yellow').sum())} "
                    f"yellow of {len(k)} KPIs; {int(k['defined'].lt(5).sum())} lack part of "
                    "their definition."),
              _table(table, [("KPI", "kpi_id", "text"), ("name", "name", "text"),
                             ("team", "team", "text"), ("owner", "owner", "text"),
                             ("status", "rag", "badge"), ("latest", "latest", "num"),
                             ("target", "target", "num"), ("13-week change", "trend", "text"),
                             ("forecast", "forecast", "text"),
                             ("definition", "definition", "text"),
                             ("missing", "missing", "text"), ("guardrail", "guards", "text")])]
    kpi = kpi if kpi in set(k["kpi_id"]) else k["kpi_id"].iloc[0]
    values = v.overview.goals.kpi_values
    if values["kpi_id"].eq(kpi).any():
        blocks.append(_charts(charts.kpi_trend(values, k, kpi, v.overview.trends.anomalies)))
    else:
        blocks.append(_para(f"{kpi} has no values yet.", "note"))
    return blocks


def _guardrails(v: View) -> list[dict]:
    b = v.guardrail_breaches
    if b.empty:
        return [_para("No guardrail KPI crossed red while the objective it guards progressed.",
                      "note")]
    return [_table(b, [("KPI", "name", "text"), ("team", "team", "text"),
                       ("quarter", "quarter", "text"), ("objective", "title", "long"),
                       ("date", "date", "day"), ("value", "value", "num"),
                       ("red at", "red_at", "num"),
                       ("objective progress", "objective_progress", "pct"),
                       ("what happened", "message", "long")])]


def _findings(v: View, by: str = "severity", descending: bool = False, search: str = "",
              start: int = 0, rows: int = STATIC_ROWS) -> list[dict]:
    f = v.sorted_findings(by, descending, search)
    if f.empty:
        return _empty("findings" + (f" matching {search!r}" if search else ""))
    shown = f.iloc[start:start + rows]
    caption = (f"Findings {start + 1}-{start + len(shown)} of {len(f)}, sorted by {by}"
               f"{' (descending)' if descending else ''}"
               + (f", matching {search!r}" if search else "")
               + ("; export them for the rest." if len(f) > len(shown) else "."))
    return [_table(shown, [("severity", "severity", "badge"), ("code", "code", "text"),
                           ("team", "team", "text"), ("quarter", "quarter", "text"),
                           ("about", "about", "long"), ("finding", "message", "long"),
                           ("try", "suggestion", "long")], caption)]


SECTIONS: dict[str, Section] = {
    "overview": Section("Quality across the organisation",
                        "Teams whose writing quality stays low quarter after quarter, and the "
                        "rule categories most of the findings come from.", _overview),
    "outcome": Section("Output or outcome",
                       "Teams whose key results describe work done rather than a change "
                       "achieved, and whether that share shrinks over the quarters.", _outcome),
    "focus": Section("Focus",
                     "Team-quarters over the 1-3 objective guideline and objectives with "
                     "fewer or more key results than the recommended range.", _focus),
    "attainment": Section("Attainment",
                          "Scores should gather around 0.7; teams always at 1.0 may be "
                          "sandbagging, teams always below 0.3 set targets nobody reaches.",
                          _attainment),
    "cadence": Section("Check-in cadence",
                       "Teams whose key results go weeks without a check-in: a quarter "
                       "checked once is a document, not a system.", _cadence),
    "kpis": Section("KPI health",
                    "Red KPIs, trends heading the wrong way and incomplete definitions; an "
                    "off-track KPI is where the next objective comes from.", _kpis),
    "guardrails": Section("Guardrail breaches",
                          "A guardrail KPI crossing red while the objective it guards moves "
                          "ahead: progress bought at the cost of health.", _guardrails),
    "findings": Section("All findings",
                        "Every finding of the selection, to sort, search and export for "
                        "follow-up with the teams.", _findings),
}


@cache
def _css() -> str:
    from importlib.resources import files

    return files("okrcoach").joinpath("html", "explore.css").read_text(encoding="utf-8")


@cache
def _template():
    from .report import _env

    return _env().get_template("explore_section.html.j2")


def render(view: View, name: str, **state) -> str:
    """One section of a view as an HTML fragment (charts inline, styles included).

    ``state`` passes the section's own controls: ``kpi`` for ``"kpis"``; ``by``,
    ``descending``, ``search``, ``start`` and ``rows`` for ``"findings"``.
    """
    if name not in SECTIONS:
        raise OkrcoachError(f"no section {name!r}; sections: {', '.join(SECTIONS)}")
    blocks = SECTIONS[name].build(view, **state)
    return _template().render(name=name, blocks=blocks, css=_css())


# -- the app ------------------------------------------------------------------------------------


class _Shown:
    """A widget whose display also carries static HTML: live frontends show the widget,
    a notebook saved without widget state (papermill, nbconvert) shows the HTML."""

    def __init__(self, widget: w.Widget, static_html: str):
        self.widget, self.static_html = widget, static_html

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = self.widget._repr_mimebundle_(include=include, exclude=exclude)
        data = dict(data[0] if isinstance(data, tuple) else data)
        data["text/html"] = self.static_html
        return data


def _choice(label_all: str, values: list[str], chosen: tuple[str, ...]):
    options = [(label_all, ())] + [(v, (v,)) for v in values]
    if len(chosen) > 1:
        options.append((", ".join(chosen), chosen))
    return options, chosen


class ExploreApp:
    """Filters over the organisation's views, each section redrawn when a filter changes.

    Parameters
    ----------
    overview : Overview
    selection : Selection, optional
        Where the filters start (everything by default).
    export_dir : path, optional
        Where the export button writes (``exports`` in the working folder by default).

    Everything can be driven from Python (set a filter's ``value``, call
    ``export_button.click()``), which is how it is tested.
    """

    def __init__(self, overview: Overview, selection: Selection | None = None,
                 export_dir: str | os.PathLike | None = None):
        self.overview = overview
        self.export_dir = Path(export_dir or "exports")
        sel = selection or Selection()
        #: the view of the selection the app started with (what a headless run shows)
        self.start = overview.select(sel)
        quarters = overview.quarters or [""]  # a slider needs one option, even for no data
        first, last = sel.quarters or (quarters[0], quarters[-1])
        self.quarters = w.SelectionRangeSlider(
            options=quarters, index=(quarters.index(first), quarters.index(last)),
            description="Quarters", continuous_update=False, layout=w.Layout(width="420px"))
        self.department = w.Dropdown(description="Department")
        self.team = w.Dropdown(description="Team")
        self.level = w.Dropdown(description="Level")
        self.category = w.Dropdown(description="Category")
        for dd, label, values, chosen in (
                (self.department, "All departments", overview.departments, sel.departments),
                (self.team, "All teams", overview.team_names(sel.departments), sel.teams),
                (self.level, "All levels", overview.levels, sel.levels),
                (self.category, "All categories", overview.categories, sel.categories)):
            dd.options, dd.value = _choice(label, values, chosen)
        self.export_button = w.Button(description="Export CSV + XLSX", icon="download",
                                      tooltip="Write the selection's findings and scores",
                                      layout=w.Layout(width="180px"))
        self.status = w.HTML()
        self.export_button.on_click(lambda _: self._export_clicked())
        self._panels: dict[str, w.HTML] = {}
        self._quiet = False  # set while the app itself changes a widget's options
        self._drawn: dict[tuple, str] = {}  # (selection, section, controls) -> fragment
        self._state: dict[str, dict] = {"findings": {"by": "severity", "descending": False,
                                                     "search": "", "start": 0,
                                                     "rows": PAGE_ROWS}, "kpis": {}}
        self._build_kpi_picker()
        self._build_findings_controls()
        self.department.observe(self._department_changed, "value")
        for widget in (self.quarters, self.team, self.level, self.category):
            widget.observe(lambda _: self._quiet or self.refresh(), "value")

    @classmethod
    def from_params(cls, data_path: str | os.PathLike | None = None,
                    quarters: str | tuple | None = None,
                    config: str | os.PathLike | None = None, *, department=None, team=None,
                    level=None, category=None, export_dir: str | os.PathLike | None = None,
                    as_of: str | None = None) -> ExploreApp:
        """The app from a notebook's parameters; ``data_path=None`` explores the demo
        organisation."""
        if data_path in (None, ""):
            from . import demo

            data_path = demo.ensure()["workbook"]
        overview = Overview.from_path(data_path, config, as_of)
        selection = overview.selection(quarters, department, team, level, category)
        return cls(overview, selection, export_dir)

    # -- state ------------------------------------------------------------------------------

    @property
    def selection(self) -> Selection:
        return Selection(tuple(self.quarters.value) if self.overview.quarters else None,
                         self.department.value, self.team.value, self.level.value,
                         self.category.value)

    @property
    def view(self) -> View:
        return self.overview.select(self.selection)

    def _department_changed(self, change) -> None:
        teams = self.overview.team_names(change["new"])
        keep = self.team.value if set(self.team.value) <= set(teams) else ()
        self._set_options(self.team, *_choice("All teams", teams, keep))
        self.refresh()

    def _set_options(self, dropdown: w.Dropdown, options: list, value) -> None:
        self._quiet = True
        try:
            dropdown.options = options
            dropdown.value = value
        finally:
            self._quiet = False

    # -- display ----------------------------------------------------------------------------

    def filters(self) -> _Shown:
        """The filter bar and the export button."""
        bar = w.VBox([w.HBox([self.quarters, self.department, self.team]),
                      w.HBox([self.level, self.category, self.export_button]), self.status])
        return _Shown(bar, f'<p class="okx">This page shows: '
                           f'{html.escape(self.selection.describe())}.</p>')

    def section(self, name: str) -> _Shown:
        """One section, redrawn whenever a filter changes."""
        fragment = self._render(self.view, name)
        panel = self._panels.get(name) or w.HTML()
        panel.value = fragment
        self._panels[name] = panel
        controls = {"kpis": [self.kpi_picker], "findings": [self._findings_bar]}.get(name, [])
        static = render(self.view, name) if name == "findings" else fragment
        return _Shown(w.VBox([*controls, panel]), static)

    def refresh(self) -> None:
        """Redraw every section shown so far for the current filters.

        Sections are drawn side by side (vl-convert renders outside the GIL), and each
        drawing is kept for its selection, so going back to a filter costs nothing.
        """
        view = self.view
        self._fill_kpi_picker(view)
        self._state["findings"]["start"] = 0
        names = list(self._panels)
        with ThreadPoolExecutor(max_workers=DRAW_THREADS) as pool:
            fragments = list(pool.map(lambda n: self._render(view, n), names))
        for name, fragment in zip(names, fragments, strict=True):
            self._panels[name].value = fragment
        self._pager_label()

    def _render(self, view: View, name: str) -> str:
        state = self._state.get(name, {})
        key = (view.selection, name, tuple(sorted(state.items())))
        if key not in self._drawn:
            if len(self._drawn) >= 256:
                self._drawn.clear()
            self._drawn[key] = render(view, name, **state)
        return self._drawn[key]

    def _redraw(self, name: str) -> None:
        if name in self._panels:
            self._panels[name].value = self._render(self.view, name)
        self._pager_label()

    # -- KPI picker -------------------------------------------------------------------------

    def _build_kpi_picker(self) -> None:
        self.kpi_picker = w.Dropdown(description="KPI", layout=w.Layout(width="460px"))
        self._fill_kpi_picker(self.view)
        self.kpi_picker.observe(self._kpi_picked, "value")

    def _fill_kpi_picker(self, view: View) -> None:
        k = view.kpi_health
        options = [(f"{r.name or r.kpi_id} ({r.kpi_id}) · {r.rag}", r.kpi_id)
                   for r in k.itertuples()]
        current = self._state["kpis"].get("kpi")
        ids = [v for _, v in options]
        self._set_options(self.kpi_picker, options,
                          current if current in ids else (ids[0] if ids else None))
        self._state["kpis"]["kpi"] = self.kpi_picker.value

    def _kpi_picked(self, change) -> None:
        if self._quiet:
            return
        self._state["kpis"]["kpi"] = change["new"]
        self._redraw("kpis")

    # -- findings table controls ------------------------------------------------------------

    def _build_findings_controls(self) -> None:
        state = self._state["findings"]
        self.sort_by = w.Dropdown(options=["severity", "code", "team", "quarter", "category",
                                           "about"], value=state["by"], description="Sort by")
        self.descending = w.Checkbox(value=False, description="descending", indent=False)
        self.search = w.Text(placeholder="search findings", continuous_update=False,
                             description="Search")
        self.previous_page = w.Button(description="◀", layout=w.Layout(width="40px"))
        self.next_page = w.Button(description="▶", layout=w.Layout(width="40px"))
        self.page_label = w.Label()
        for widget, key in ((self.sort_by, "by"), (self.descending, "descending"),
                            (self.search, "search")):
            widget.observe(lambda ch, key=key: self._findings_changed(key, ch["new"]), "value")
        self.previous_page.on_click(lambda _: self.page(-1))
        self.next_page.on_click(lambda _: self.page(+1))
        self._findings_bar = w.HBox([self.sort_by, self.descending, self.search,
                                     self.previous_page, self.next_page, self.page_label])
        self._pager_label()

    def _findings_changed(self, key: str, value) -> None:
        self._state["findings"].update({key: value, "start": 0})
        self._redraw("findings")

    def page(self, step: int) -> None:
        """Show the next (+1) or previous (-1) page of findings."""
        s = self._state["findings"]
        total = len(self.view.sorted_findings(s["by"], s["descending"], s["search"]))
        s["start"] = int(np.clip(s["start"] + step * s["rows"], 0,
                                 max(total - 1, 0) // s["rows"] * s["rows"]))
        self._redraw("findings")

    def _pager_label(self) -> None:
        s = self._state["findings"]
        total = len(self.view.sorted_findings(s["by"], s["descending"], s["search"]))
        end = min(s["start"] + s["rows"], total)
        self.page_label.value = (f"{s['start'] + 1}-{end} of {total}" if total else "none")

    # -- export -----------------------------------------------------------------------------

    def export(self, folder: str | os.PathLike | None = None) -> dict[str, Path]:
        """Write the current selection's findings and scores as CSV and XLSX
        (see :meth:`View.export`)."""
        return self.view.export(Path(folder) if folder else self.export_dir)

    def _export_clicked(self) -> None:
        try:
            written = self.export()
        except (OSError, OkrcoachError) as exc:
            self.status.value = (f'<span style="color:#d64545">Export failed: '
                                 f'{html.escape(str(exc))}</span>')
            return
        folder = next(iter(written.values())).parent
        self.status.value = html.escape(f"Wrote {', '.join(written)} to {folder} "
                                        f"({self.selection.describe()}).")


# -- scheduled runs ------------------------------------------------------------------------------

NOTEBOOK = resources.notebook("explore.ipynb")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@dataclass(frozen=True)
class ExploreRun:
    """What :func:`run` wrote."""

    notebook: Path
    html: Path
    exports: dict[str, Path]
    seconds: float


def static_copy(nb):
    """The executed notebook without widget views and widget state, so every section shows
    its HTML (what a reader without a kernel can see)."""
    import copy

    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if WIDGET_VIEW in out.get("data", {}) and len(out["data"]) > 1:
                del out["data"][WIDGET_VIEW]
    return nb


def _shutdown(km) -> None:
    from jupyter_core.utils import run_sync

    km.okrcoach_client.stop_channels()
    run_sync(km.shutdown_kernel)(now=True)


def run(data: str | os.PathLike, out: str | os.PathLike, *, quarters=None, department=None,
        team=None, level=None, category=None, config: str | os.PathLike | None = None,
        as_of: str | None = None, export: bool = True,
        notebook: str | os.PathLike = NOTEBOOK) -> ExploreRun:
    """Execute the exploration notebook headless (papermill) and write ``explore.ipynb``,
    ``explore.html`` (no code, no script, opens offline) and, with ``export``, the
    selection's findings and scores in ``exports/``.

    The data and filters are checked before a kernel starts, so a mistake is reported at
    once. Raises :class:`OkrcoachError` when the notebook fails (its executed copy, with
    the error, is still written).
    """
    import time

    import nbformat
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    from .batch import KERNEL, _start_kernel, export_html, write_atomic
    from .goalset import load
    from .overview import check_selection

    started = time.perf_counter()
    data, out = Path(data).resolve(), Path(out)
    if as_of not in (None, ""):
        try:
            as_of = pd.Timestamp(as_of).date().isoformat()
        except ValueError:
            raise OkrcoachError(f"{as_of!r} is not a date; write it as YYYY-MM-DD") from None
    sel = check_selection(load(data), quarters, department, team, level, category)
    out.mkdir(parents=True, exist_ok=True)
    exports = out / "exports"
    parameters = {"data_path": str(data),
                  "quarters": ":".join(sel.quarters) if sel.quarters else None,
                  "config": str(Path(config).resolve()) if config else None,
                  "department": list(sel.departments) or None, "team": list(sel.teams) or None,
                  "level": list(sel.levels) or None, "category": list(sel.categories) or None,
                  "export_dir": str(exports.resolve()) if export else None, "as_of": as_of}
    nb_path = out / "explore.ipynb"
    tmp = out / ".explore.running.ipynb"
    # the retro runner's kernel: IPC sockets, its start-up log lines silenced
    km = _start_kernel()
    try:
        pm.execute_notebook(str(notebook), str(tmp), parameters=parameters,
                            kernel_name=KERNEL, km=km, kc=km.okrcoach_client,
                            progress_bar=False, log_output=False)
    except PapermillExecutionError as exc:
        os.replace(tmp, nb_path)
        raise OkrcoachError(f"the exploration notebook failed: {exc.ename}: {exc.evalue} "
                            f"(the executed notebook is {nb_path})") from None
    finally:
        _shutdown(km)
    os.replace(tmp, nb_path)
    nb = nbformat.read(nb_path, as_version=4)
    html_path = out / "explore.html"
    write_atomic(html_path, export_html(static_copy(nb), "Goal data at a glance"))
    written = ({p.name: p for p in sorted(exports.iterdir()) if not p.name.startswith(".")}
               if export and exports.exists() else {})
    return ExploreRun(nb_path, html_path, written, time.perf_counter() - started)


__all__ = ["SECTIONS", "ExploreApp", "ExploreRun", "Section", "render", "run", "static_copy"]
