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

from ..jupyter.export import static_copy
from .app import ExploreApp
from .headless import NOTEBOOK, ExploreRun, run
from .sections import SECTIONS, Section, render

__all__ = [
    "NOTEBOOK",
    "SECTIONS",
    "ExploreApp",
    "ExploreRun",
    "Section",
    "render",
    "run",
    "static_copy",
]
