"""The exploration app: filters over the organisation's views, every section redrawn when
a filter changes."""

from __future__ import annotations

import html
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import ipywidgets as w
import numpy as np

from ..errors import OkrcoachError
from ..overview import Overview, Selection, View
from .sections import render

DRAW_THREADS = 2  # sections drawn at once on a filter change (vl-convert outside the GIL)
PAGE_ROWS = 50


class Shown:
    """A widget whose display also carries static HTML: live frontends show the widget,
    a notebook saved without widget state (papermill, nbconvert) shows the HTML."""

    def __init__(self, widget: w.Widget, static_html: str):
        self.widget, self.static_html = widget, static_html

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = self.widget._repr_mimebundle_(include=include, exclude=exclude)
        data = dict(data[0] if isinstance(data, tuple) else data)
        data["text/html"] = self.static_html
        return data


def choice(label_all: str, values: list[str], chosen: tuple[str, ...]):
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

    def __init__(
        self,
        overview: Overview,
        selection: Selection | None = None,
        export_dir: str | os.PathLike | None = None,
    ):
        self.overview = overview
        self.export_dir = Path(export_dir or "exports")
        sel = selection or Selection()
        #: the view of the selection the app started with (what a headless run shows)
        self.start = overview.select(sel)
        quarters = overview.quarters or [""]  # a slider needs one option, even for no data
        first, last = sel.quarters or (quarters[0], quarters[-1])
        self.quarters = w.SelectionRangeSlider(
            options=quarters,
            index=(quarters.index(first), quarters.index(last)),
            description="Quarters",
            continuous_update=False,
            layout=w.Layout(width="420px"),
        )
        self.department = w.Dropdown(description="Department")
        self.team = w.Dropdown(description="Team")
        self.level = w.Dropdown(description="Level")
        self.category = w.Dropdown(description="Category")
        for dd, label, values, chosen in (
            (self.department, "All departments", overview.departments, sel.departments),
            (self.team, "All teams", overview.team_names(sel.departments), sel.teams),
            (self.level, "All levels", overview.levels, sel.levels),
            (self.category, "All categories", overview.categories, sel.categories),
        ):
            dd.options, dd.value = choice(label, values, chosen)
        self.export_button = w.Button(
            description="Export CSV + XLSX",
            icon="download",
            tooltip="Write the selection's findings and scores",
            layout=w.Layout(width="180px"),
        )
        self.status = w.HTML()
        self.export_button.on_click(lambda _: self._export_clicked())
        #: the HTML widget of each section shown, by name
        self.panels: dict[str, w.HTML] = {}
        self._quiet = False  # set while the app itself changes a widget's options
        self._drawn: dict[tuple, str] = {}  # (selection, section, controls) -> fragment
        self._state: dict[str, dict] = {
            "findings": {
                "by": "severity",
                "descending": False,
                "search": "",
                "start": 0,
                "rows": PAGE_ROWS,
            },
            "kpis": {},
        }
        self._build_kpi_picker()
        self._build_findings_controls()
        self.department.observe(self._department_changed, "value")
        for widget in (self.quarters, self.team, self.level, self.category):
            widget.observe(lambda _: self._quiet or self.refresh(), "value")

    @classmethod
    def from_params(
        cls,
        data_path: str | os.PathLike | None = None,
        quarters: str | tuple | None = None,
        config: str | os.PathLike | None = None,
        *,
        department=None,
        team=None,
        level=None,
        category=None,
        export_dir: str | os.PathLike | None = None,
        as_of: str | None = None,
    ) -> ExploreApp:
        """The app from a notebook's parameters; ``data_path=None`` explores the demo
        organisation."""
        if data_path in (None, ""):
            from .. import demo

            data_path = demo.ensure()["workbook"]
        overview = Overview.from_path(data_path, config, as_of)
        selection = overview.selection(quarters, department, team, level, category)
        return cls(overview, selection, export_dir)

    # -- state ------------------------------------------------------------------------------

    @property
    def selection(self) -> Selection:
        return Selection(
            tuple(self.quarters.value) if self.overview.quarters else None,
            self.department.value,
            self.team.value,
            self.level.value,
            self.category.value,
        )

    @property
    def view(self) -> View:
        return self.overview.select(self.selection)

    def _department_changed(self, change) -> None:
        teams = self.overview.team_names(change["new"])
        keep = self.team.value if set(self.team.value) <= set(teams) else ()
        self._set_options(self.team, *choice("All teams", teams, keep))
        self.refresh()

    def _set_options(self, dropdown: w.Dropdown, options: list, value) -> None:
        self._quiet = True
        try:
            dropdown.options = options
            dropdown.value = value
        finally:
            self._quiet = False

    # -- display ----------------------------------------------------------------------------

    def filters(self) -> Shown:
        """The filter bar and the export button."""
        bar = w.VBox(
            [
                w.HBox([self.quarters, self.department, self.team]),
                w.HBox([self.level, self.category, self.export_button]),
                self.status,
            ]
        )
        return Shown(
            bar, f'<p class="okx">This page shows: {html.escape(self.selection.describe())}.</p>'
        )

    def section(self, name: str) -> Shown:
        """One section, redrawn whenever a filter changes."""
        fragment = self._render(self.view, name)
        panel = self.panels.get(name) or w.HTML()
        panel.value = fragment
        self.panels[name] = panel
        controls = {"kpis": [self.kpi_picker], "findings": [self._findings_bar]}.get(name, [])
        static = render(self.view, name) if name == "findings" else fragment
        return Shown(w.VBox([*controls, panel]), static)

    def refresh(self) -> None:
        """Redraw every section shown so far for the current filters.

        Sections are drawn side by side (vl-convert renders outside the GIL), and each
        drawing is kept for its selection, so going back to a filter costs nothing.
        """
        view = self.view
        self._fill_kpi_picker(view)
        self._state["findings"]["start"] = 0
        names = list(self.panels)
        with ThreadPoolExecutor(max_workers=DRAW_THREADS) as pool:
            fragments = list(pool.map(lambda n: self._render(view, n), names))
        for name, fragment in zip(names, fragments, strict=True):
            self.panels[name].value = fragment
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
        if name in self.panels:
            self.panels[name].value = self._render(self.view, name)
        self._pager_label()

    # -- KPI picker -------------------------------------------------------------------------

    def _build_kpi_picker(self) -> None:
        self.kpi_picker = w.Dropdown(description="KPI", layout=w.Layout(width="460px"))
        self._fill_kpi_picker(self.view)
        self.kpi_picker.observe(self._kpi_picked, "value")

    def _fill_kpi_picker(self, view: View) -> None:
        k = view.kpi_health
        options = [
            (f"{r.name or r.kpi_id} ({r.kpi_id}) · {r.rag}", r.kpi_id) for r in k.itertuples()
        ]
        current = self._state["kpis"].get("kpi")
        ids = [v for _, v in options]
        self._set_options(
            self.kpi_picker, options, current if current in ids else (ids[0] if ids else None)
        )
        self._state["kpis"]["kpi"] = self.kpi_picker.value

    def _kpi_picked(self, change) -> None:
        if self._quiet:
            return
        self._state["kpis"]["kpi"] = change["new"]
        self._redraw("kpis")

    # -- findings table controls ------------------------------------------------------------

    def _build_findings_controls(self) -> None:
        state = self._state["findings"]
        self.sort_by = w.Dropdown(
            options=["severity", "code", "team", "quarter", "category", "about"],
            value=state["by"],
            description="Sort by",
        )
        self.descending = w.Checkbox(value=False, description="descending", indent=False)
        self.search = w.Text(
            placeholder="search findings", continuous_update=False, description="Search"
        )
        self.previous_page = w.Button(description="◀", layout=w.Layout(width="40px"))
        self.next_page = w.Button(description="▶", layout=w.Layout(width="40px"))
        self.page_label = w.Label()
        for widget, key in (
            (self.sort_by, "by"),
            (self.descending, "descending"),
            (self.search, "search"),
        ):
            widget.observe(lambda ch, key=key: self._findings_changed(key, ch["new"]), "value")
        self.previous_page.on_click(lambda _: self.page(-1))
        self.next_page.on_click(lambda _: self.page(+1))
        self._findings_bar = w.HBox(
            [
                self.sort_by,
                self.descending,
                self.search,
                self.previous_page,
                self.next_page,
                self.page_label,
            ]
        )
        self._pager_label()

    def _findings_changed(self, key: str, value) -> None:
        self._state["findings"].update({key: value, "start": 0})
        self._redraw("findings")

    def page(self, step: int) -> None:
        """Show the next (+1) or previous (-1) page of findings."""
        s = self._state["findings"]
        total = len(self.view.sorted_findings(s["by"], s["descending"], s["search"]))
        s["start"] = int(
            np.clip(s["start"] + step * s["rows"], 0, max(total - 1, 0) // s["rows"] * s["rows"])
        )
        self._redraw("findings")

    def _pager_label(self) -> None:
        s = self._state["findings"]
        total = len(self.view.sorted_findings(s["by"], s["descending"], s["search"]))
        end = min(s["start"] + s["rows"], total)
        self.page_label.value = f"{s['start'] + 1}-{end} of {total}" if total else "none"

    # -- export -----------------------------------------------------------------------------

    def export(self, folder: str | os.PathLike | None = None) -> dict[str, Path]:
        """Write the current selection's findings and scores as CSV and XLSX
        (see :meth:`View.export`)."""
        return self.view.export(Path(folder) if folder else self.export_dir)

    def _export_clicked(self) -> None:
        try:
            written = self.export()
        except (OSError, OkrcoachError) as exc:
            self.status.value = (
                f'<span style="color:#d64545">Export failed: {html.escape(str(exc))}</span>'
            )
            return
        folder = next(iter(written.values())).parent
        self.status.value = html.escape(
            f"Wrote {', '.join(written)} to {folder} ({self.selection.describe()})."
        )


__all__ = ["DRAW_THREADS", "PAGE_ROWS", "ExploreApp", "Shown", "choice"]
