"""Running the teams' notebooks: worker processes, each with one warm kernel.

A worker runs its teams' notebooks one after another in the same kernel, clearing its
namespace before each (``%reset -f`` in a cell that is then dropped), instead of paying the
kernel's start-up for every team. A team whose notebook fails gets a fresh kernel
afterwards, so a broken run cannot leave state behind for the next team.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from pathlib import Path

from ..files import write_atomic
from ..kernels import KERNEL, WarmKernel
from ..notebook_export import export_html
from ..quarters import normalise_quarter
from ..report import HEADLINE_MIME
from ..sources import as_source
from .jobs import FORMATS, NOTEBOOK, BatchResult, TeamJob, TeamResult, plan
from .state import write_index, write_record

HEADLINE_TAG = "headline"
#: This process's kernel. It imports what every retrospective needs while the worker
#: prepares its first team.
WARM = WarmKernel(warm_up="import okrcoach.report, okrcoach.retro")


def worker_init() -> None:
    """Start a worker process: its kernel, and its own imports meanwhile."""
    import multiprocessing.util

    WARM.ready()
    import nbconvert  # noqa: F401
    import papermill  # noqa: F401

    multiprocessing.util.Finalize(None, WARM.stop, exitpriority=10)


#: Run first in a reused kernel, then dropped from the notebook: an empty namespace, and
#: execution counts that start at 1 as in a new kernel.
RESET_CELL = "get_ipython().run_line_magic('reset', '-f')\nget_ipython().execution_count = 1"
RESET_TAG = "okrcoach-reset"


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


def finished(nb, path: str):
    """The executed notebook as the team's: without the reset cell, recording its input."""
    nb.cells = [c for c in nb.cells if RESET_TAG not in c.get("metadata", {}).get("tags", [])]
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


def run_team(job: TeamJob, fresh_kernels: bool = False) -> TeamResult:
    """Execute one team's notebook and write its files (runs in a worker process)."""
    import nbformat
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    start, cpu0 = time.perf_counter(), time.process_time()
    out = Path(job.out_dir)
    kernel = WARM.ready(fresh_kernels)
    kcpu0 = kernel.cpu_seconds()
    scratch = out / f".{job.slug}.running.ipynb"
    error = None
    try:
        nb = pm.execute_notebook(
            prepared(job.notebook),
            str(scratch),
            parameters=job.parameters,
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
        kcpu = kernel.cpu_seconds() - kcpu0
        scratch.unlink(missing_ok=True)
    if error is not None:
        WARM.stop()  # a failed run gets no chance to leave state for the next team
    if nb is not None:
        nb = finished(nb, job.notebook)
        if "ipynb" in job.formats:
            write_atomic(out / f"{job.slug}.ipynb", nbformat.writes(nb))
        if "html" in job.formats:
            title = f"{job.team} · retrospective {job.quarter}"
            write_atomic(out / f"{job.slug}.html", export_html(nb, title))
    result = TeamResult(
        team=job.team,
        slug=job.slug,
        status="failed" if error else "done",
        digest=job.digest,
        headline=headline_of(nb) if nb is not None else {},
        error=error,
        seconds=time.perf_counter() - start,
        cpu_seconds=time.process_time() - cpu0 + max(kcpu, 0.0),
    )
    # Written last: a report counts as done only once its files are in place.
    write_record(out, result)
    return result


def run_team_in_worker(job: TeamJob, fresh_kernels: bool) -> TeamResult:
    return run_team(job, fresh_kernels)


def run(
    data: str | os.PathLike,
    quarter: str,
    out: str | os.PathLike,
    *,
    teams: Sequence[str] | None = None,
    workers: int | None = None,
    formats: Sequence[str] = FORMATS,
    force: bool = False,
    config: str | os.PathLike | None = None,
    as_of: str | None = None,
    notebook: str | os.PathLike = NOTEBOOK,
    fresh_kernels: bool = False,
    on_start: Callable[[int], None] | None = None,
    on_result: Callable[[TeamResult, int, int], None] | None = None,
) -> BatchResult:
    """Run the retrospective notebook for every team (or ``teams``) of a quarter.

    Writes ``out/<quarter>/<team-slug>.ipynb`` and ``.html`` per team, ``index.html`` and
    ``summary.csv``. A team whose notebook fails is reported (``BatchResult.failed``) and
    does not stop the others. ``on_start(total)`` is called once the data are checked and
    the teams known, ``on_result(result, done, total)`` as teams finish.
    """
    started = time.perf_counter()
    config_path = Path(config) if config else None
    jobs, skipped, quarter_dir = plan(
        as_source(data),
        quarter,
        Path(out),
        teams=teams,
        notebook=Path(notebook),
        config=config_path,
        as_of=as_of,
        formats=formats,
        force=force,
    )
    results = list(skipped)
    total = len(jobs) + len(skipped)
    if on_start:
        on_start(total)
    for r in skipped:
        if on_result:
            on_result(r, len(results), total)
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs) or 1))
    if jobs:
        ctx = multiprocessing.get_context("spawn")
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=worker_init)
        pending = {pool.submit(run_team_in_worker, job, fresh_kernels): job for job in jobs}

        def record(fut, job) -> None:
            try:
                result = fut.result()
            except Exception as exc:  # noqa: BLE001 - a worker died
                result = TeamResult(
                    team=job.team,
                    slug=job.slug,
                    status="failed",
                    digest=job.digest,
                    error=f"{type(exc).__name__}: {exc}",
                )
                write_record(quarter_dir, result)  # the worker could not
            results.append(result)
            if on_result:
                on_result(result, len(results), total)

        try:
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    record(fut, pending.pop(fut))
        except BaseException:
            # Ctrl-C or a crash: stop the workers now (their kernels notice and exit); what
            # finished is kept and listed, files being written are never moved into place.
            wait(pending, timeout=1.0)  # results already on their way back
            for fut, job in list(pending.items()):
                if fut.done() and not fut.cancelled() and fut.exception() is None:
                    record(fut, job)
            for proc in list(getattr(pool, "_processes", {}).values()):
                proc.terminate()
            pool.shutdown(wait=False, cancel_futures=True)
            write_index(
                BatchResult(
                    quarter=normalise_quarter(quarter),
                    out_dir=quarter_dir,
                    results=results,
                    wall_seconds=0.0,
                )
            )
            raise
        pool.shutdown(wait=True)
    results.sort(key=lambda r: r.team.lower())
    batch = BatchResult(
        quarter=normalise_quarter(quarter),
        out_dir=quarter_dir,
        results=results,
        wall_seconds=time.perf_counter() - started,
    )
    write_index(batch)
    return batch


__all__ = ["HEADLINE_TAG", "WARM", "headline_of", "run", "run_team", "worker_init"]
