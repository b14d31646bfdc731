"""The exploration run headless, for a schedule or a mail: an executed notebook, an
offline HTML page and the selection's exports."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import OkrcoachError
from ..files import write_atomic
from ..jupyter.export import export_html, static_copy
from ..jupyter.kernels import KERNEL, start_kernel
from ..loading.loader import load
from ..loading.sources import for_notebook
from ..overview import check_selection
from ..resources import notebook as packaged_notebook

NOTEBOOK = packaged_notebook("explore.ipynb")


@dataclass(frozen=True)
class ExploreRun:
    """What :func:`run` wrote."""

    notebook: Path
    html: Path
    exports: dict[str, Path]
    seconds: float


def run(
    data: str | os.PathLike,
    out: str | os.PathLike,
    *,
    quarters=None,
    department=None,
    team=None,
    level=None,
    category=None,
    config: str | os.PathLike | None = None,
    as_of: str | None = None,
    export: bool = True,
    notebook: str | os.PathLike = NOTEBOOK,
) -> ExploreRun:
    """Execute the exploration notebook headless (papermill) and write ``explore.ipynb``,
    ``explore.html`` (no code, no script, opens offline) and, with ``export``, the
    selection's findings and scores in ``exports/``.

    The data and filters are checked before a kernel starts, so a mistake is reported at
    once. Raises :class:`OkrcoachError` when the notebook fails (its executed copy, with
    the error, is still written).
    """
    import nbformat

    started = time.perf_counter()
    data, out = for_notebook(data), Path(out)
    if as_of not in (None, ""):
        try:
            as_of = pd.Timestamp(as_of).date().isoformat()
        except ValueError:
            raise OkrcoachError(f"{as_of!r} is not a date; write it as YYYY-MM-DD") from None
    sel = check_selection(load(data), quarters, department, team, level, category)
    out.mkdir(parents=True, exist_ok=True)
    exports = out / "exports"
    parameters = {
        "data_path": data,
        "quarters": ":".join(sel.quarters) if sel.quarters else None,
        "config": str(Path(config).resolve()) if config else None,
        "department": list(sel.departments) or None,
        "team": list(sel.teams) or None,
        "level": list(sel.levels) or None,
        "category": list(sel.categories) or None,
        "export_dir": str(exports.resolve()) if export else None,
        "as_of": as_of,
    }
    nb_path = execute(Path(notebook), parameters, out / "explore.ipynb")
    nb = nbformat.read(nb_path, as_version=4)
    html_path = out / "explore.html"
    write_atomic(html_path, export_html(static_copy(nb), "Goal data at a glance"))
    written = (
        {p.name: p for p in sorted(exports.iterdir()) if not p.name.startswith(".")}
        if export and exports.exists()
        else {}
    )
    return ExploreRun(nb_path, html_path, written, time.perf_counter() - started)


def execute(notebook: Path, parameters: dict, nb_path: Path) -> Path:
    """Run the notebook with papermill in a fresh kernel and write the executed copy to
    ``nb_path`` (also when it fails, with the error)."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    tmp = nb_path.with_name(".explore.running.ipynb")
    kernel = start_kernel()
    try:
        pm.execute_notebook(
            str(notebook),
            str(tmp),
            parameters=parameters,
            kernel_name=KERNEL,
            km=kernel.manager,
            kc=kernel.client,
            progress_bar=False,
            log_output=False,
        )
    except PapermillExecutionError as exc:
        os.replace(tmp, nb_path)
        raise OkrcoachError(
            f"the exploration notebook failed: {exc.ename}: {exc.evalue} "
            f"(the executed notebook is {nb_path})"
        ) from None
    finally:
        kernel.shutdown()
    os.replace(tmp, nb_path)
    return nb_path


__all__ = ["NOTEBOOK", "ExploreRun", "execute", "run"]
