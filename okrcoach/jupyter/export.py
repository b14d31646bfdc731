"""Executed notebooks as reports: HTML without code, prompts, scripts or network fetches.

The nbconvert template ``retro`` (in the report templates folder) extends nbconvert's
``basic`` template: inline CSS only, a Content-Security-Policy that forbids fetching
anything, and no input cells. Cells tagged :data:`REMOVE_TAG` (a notebook's own how-to and
its checked cells) and papermill's injected parameters are dropped.
"""

from __future__ import annotations

import copy
import functools

from ..resources import templates

TEMPLATE_NAME = "retro"
#: What a notebook run can write: the HTML report and the executed notebook.
FORMATS = ("html", "ipynb")
#: Cells with this tag stay in the executed notebook and are left out of the report.
REMOVE_TAG = "remove-from-report"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@functools.cache
def exporter():
    """The HTML exporter of the report template (built once per process)."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exp = HTMLExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(templates())],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exp.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags={REMOVE_TAG, "injected-parameters"}, enabled=True),
        enabled=True,
    )
    return exp


def export_html(nb, title: str) -> str:
    """The executed notebook as a report: no code, no prompts, no network."""
    body, _ = exporter().from_notebook_node(nb, resources={"metadata": {"name": title}})
    return body


def static_copy(nb):
    """The executed notebook without widget views and widget state, so every output that
    also carries HTML shows it (what a reader without a kernel can see)."""
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if WIDGET_VIEW in out.get("data", {}) and len(out["data"]) > 1:
                del out["data"][WIDGET_VIEW]
    return nb


__all__ = [
    "FORMATS",
    "REMOVE_TAG",
    "TEMPLATE_NAME",
    "WIDGET_VIEW",
    "export_html",
    "exporter",
    "static_copy",
]
