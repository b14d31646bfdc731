"""One team's notebook, executed by papermill in a kept kernel and turned into its files.

This is what a worker does for a team, wherever it runs (a local worker process or a Dask
worker); the runners only decide where teams go and who writes the files.

Papermill's own engine makes nbclient connect a new client to the kernel for every notebook:
its readiness check then waits 0.2 s for silence on the kernel's output channel, and the
client is never closed. The engine here hands nbclient the client the kernel was started
with instead, so a kept kernel costs nothing per notebook but the cells themselves.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass, field
from pathlib import Path

from ...jupyter.kernels import KERNEL, Kernel
from ..report import HEADLINE_MIME
from .records import TeamJob

HEADLINE_TAG = "headline"
#: Run first in a reused kernel, then dropped from the notebook: an empty namespace, and
#: execution counts that start at 1 as in a new kernel. What survives the reset (modules,
#: the organisation's analysis kept for the next team) is moved out of the garbage
#: collector's sight: ``%reset`` and every full collection would otherwise walk all of it
#: again for each team.
RESET_CELL = (
    "get_ipython().run_line_magic('reset', '-f')\n"
    "get_ipython().execution_count = 1\n"
    "__import__('gc').freeze()"
)
RESET_TAG = "okrcoach-reset"
#: The papermill engine that runs notebooks with the kernel's kept client.
ENGINE = "okrcoach-kept-client"


@functools.cache
def _register_engine() -> None:
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger

    class KeptClientEngine(NBClientEngine):
        """papermill's nbclient engine, given the kernel's client (``kc=``) to use."""

        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man,
            kernel_name,
            kc=None,
            log_output=False,
            start_timeout=60,
            execution_timeout=None,
            input_path=None,
            **kwargs,
        ):
            client = PapermillNotebookClient(
                nb_man,
                kernel_name=kernel_name,
                log=logger,
                log_output=log_output,
                startup_timeout=start_timeout,
                timeout=execution_timeout,
                **kwargs,
            )
            client.kc = kc  # nbclient starts a client of its own only if it has none
            return client.execute()

    papermill_engines.register(ENGINE, KeptClientEngine)


def prepared(path: str):
    """The notebook to run: without the outputs it was saved with (they belong to whichever
    team it last ran for) and with the reset cell first."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    for c in nb.cells:
        if c.cell_type == "code":
            c.outputs, c.execution_count = [], None
    cell = nbformat.v4.new_code_cell(RESET_CELL, metadata={"tags": [RESET_TAG]})
    nb.cells.insert(0, cell)
    return nb


def finished(nb, path: str, shown: dict | None = None):
    """The executed notebook as the team's: without the reset cell, recording its input.

    ``shown`` are the parameters to record instead of those the kernel was given (a cluster
    worker runs on its own copy of the data, but the notebook names the data the user gave).
    """
    nb.cells = [c for c in nb.cells if RESET_TAG not in c.get("metadata", {}).get("tags", [])]
    if shown is not None:
        from papermill.translators import translate_parameters

        for c in nb.cells:
            if "injected-parameters" in c.get("metadata", {}).get("tags", []):
                c.source = translate_parameters(KERNEL, "python", shown, "Parameters")
        if "papermill" in nb.metadata:
            nb.metadata.papermill["parameters"] = dict(shown)
    # papermill records its input; given a notebook rather than a path, it stores the whole
    # notebook there
    if "papermill" in nb.metadata:
        nb.metadata.papermill["input_path"] = path
    return nb


def headline_of(nb) -> dict:
    """The headline numbers a retrospective notebook displayed (empty if none)."""
    for cell in nb.cells:
        if HEADLINE_TAG in cell.get("metadata", {}).get("tags", []):
            for out in cell.get("outputs", []):
                if HEADLINE_MIME in out.get("data", {}):
                    return dict(out["data"][HEADLINE_MIME])
    return {}


@dataclass
class Executed:
    """A team's run: its files' contents (by format), the error if the notebook failed, its
    headline numbers and where the time went (seconds: ``execute``, ``kernel_cpu``,
    ``export``, ``total``)."""

    files: dict[str, str]
    error: str | None
    headline: dict
    timings: dict[str, float] = field(default_factory=dict)
    cpu_seconds: float = 0.0


def execute(job: TeamJob, kernel: Kernel, scratch: Path, local: TeamJob | None = None) -> Executed:
    """Run ``job``'s notebook in ``kernel`` with papermill and render its files in memory.

    ``scratch`` is where papermill keeps the notebook while it runs (removed afterwards). A
    notebook that fails still gives its files: the executed cells and the error, as
    papermill leaves them. ``local`` is the job as this machine runs it, when it runs on its
    own copies of the notebook and data (a cluster worker); the files record ``job``'s.
    """
    import nbformat
    import papermill as pm
    import psutil
    from papermill.exceptions import PapermillExecutionError

    from ...jupyter.export import export_html

    _register_engine()
    start, cpu0 = time.perf_counter(), time.process_time()
    kcpu0 = kernel.cpu_seconds()
    error = None
    run = local or job
    try:
        nb = pm.execute_notebook(
            prepared(run.notebook),
            str(scratch),
            parameters=run.parameters,
            engine_name=ENGINE,
            kernel_name=KERNEL,
            km=kernel.manager,
            kc=kernel.client,
            progress_bar=False,
            request_save_on_cell_execute=False,
            log_output=False,
        )
    except PapermillExecutionError as exc:
        error = f"{exc.ename}: {exc.evalue}"
        nb = nbformat.read(scratch, as_version=4)
    except Exception as exc:  # noqa: BLE001 - a dead kernel or a timeout: report it, go on
        error = f"{type(exc).__name__}: {exc}"
        nb = nbformat.read(scratch, as_version=4) if scratch.exists() else None
    finally:
        kcpu = max(kernel.cpu_seconds() - kcpu0, 0.0)
        scratch.unlink(missing_ok=True)
    executed = time.perf_counter()
    files: dict[str, str] = {}
    if nb is not None:
        nb = finished(nb, job.notebook, job.parameters if local else None)
        if "ipynb" in job.formats:
            files["ipynb"] = nbformat.writes(nb)
        if "html" in job.formats:
            files["html"] = export_html(nb, f"{job.team} · retrospective {job.quarter}")
    end = time.perf_counter()
    return Executed(
        files=files,
        error=error,
        headline=headline_of(nb) if nb is not None else {},
        timings={
            "execute": executed - start,
            "kernel_cpu": kcpu,
            "export": end - executed,
            "total": end - start,
            "kernel_memory": float(kernel.memory()),
            "worker_memory": float(psutil.Process().memory_info().rss),
        },
        cpu_seconds=time.process_time() - cpu0 + kcpu,
    )


__all__ = [
    "ENGINE",
    "HEADLINE_TAG",
    "RESET_CELL",
    "RESET_TAG",
    "Executed",
    "execute",
    "finished",
    "headline_of",
    "prepared",
]
