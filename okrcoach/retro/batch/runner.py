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

from ...files import write_atomic
from ...jupyter.kernels import WarmKernel
from ...loading.sources import as_source
from ...quarters import normalise_quarter
from .execute import execute
from .jobs import FORMATS, NOTEBOOK, plan
from .records import BatchResult, TeamJob, TeamResult, result_of
from .state import write_index, write_record

#: This process's kernel. It imports what every retrospective needs while the worker
#: prepares its first team.
WARM = WarmKernel(warm_up="import okrcoach.retro.report")


def worker_init() -> None:
    """Start a worker process: its kernel, and its own imports meanwhile.

    Ctrl-C is the parent's to handle (it terminates the workers); a terminated worker kills
    its kernel and removes the kernel's folder on its way out.
    """
    import multiprocessing.util
    import signal

    def terminated(signum, frame):
        WARM.kill()
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)  # die of the signal, as the parent expects

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, terminated)
    WARM.ready()
    import nbconvert  # noqa: F401
    import papermill  # noqa: F401

    multiprocessing.util.Finalize(None, WARM.stop, exitpriority=10)


def run_team(job: TeamJob, fresh_kernels: bool = False) -> TeamResult:
    """Execute one team's notebook and write its files (runs in a worker process)."""
    out = Path(job.out_dir)
    done = execute(job, WARM.ready(fresh_kernels), out / f".{job.slug}.running.ipynb")
    if done.error is not None:
        WARM.stop()  # a failed run gets no chance to leave state for the next team
    started = time.perf_counter()
    for fmt, text in done.files.items():
        write_atomic(out / f"{job.slug}.{fmt}", text)
    result = result_of(job, done)
    result.timings["write"] = time.perf_counter() - started
    # Written last: a report counts as done only once its files are in place.
    write_record(out, result)
    return result


def run_locally(
    jobs: Sequence[TeamJob],
    quarter_dir: Path,
    workers: int | None,
    fresh_kernels: bool,
    record: Callable[[TeamResult], None],
) -> None:
    """Run ``jobs`` in worker processes on this machine, each with one warm kernel."""
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    ctx = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=worker_init)
    pending = {pool.submit(run_team, job, fresh_kernels): job for job in jobs}

    def finished(fut, job) -> None:
        try:
            result = fut.result()
        except Exception as exc:  # noqa: BLE001 - a worker died
            result = TeamResult(
                team=job.team,
                slug=job.slug,
                status="failed",
                digest=job.digest,
                error=f"{type(exc).__name__}: {exc}",
                department=job.department,
                cascade=job.cascade,
            )
            write_record(quarter_dir, result)  # the worker could not
        record(result)

    try:
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                finished(fut, pending.pop(fut))
    except BaseException:
        # stop the workers now: each stops its kernel and removes its folder on SIGTERM
        wait(pending, timeout=1.0)  # results already on their way back
        for fut, job in list(pending.items()):
            if fut.done() and not fut.cancelled() and fut.exception() is None:
                finished(fut, job)
        for proc in list(getattr(pool, "_processes", {}).values()):
            proc.terminate()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def run_jobs(
    jobs: list[TeamJob],
    quarter_dir: Path,
    record: Callable[[TeamResult], None],
    workers: int | None,
    fresh_kernels: bool,
    scheduler: str | None,
) -> None:
    """Run the jobs in local worker processes, or on the Dask cluster at ``scheduler``."""
    if jobs and scheduler:
        from .cluster import run_on_cluster

        run_on_cluster(
            scheduler,
            jobs,
            quarter_dir,
            workers=workers,
            fresh_kernels=fresh_kernels,
            record=record,
        )
    elif jobs:
        run_locally(jobs, quarter_dir, workers, fresh_kernels, record)


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
    scheduler: str | None = None,
    on_start: Callable[[int], None] | None = None,
    on_result: Callable[[TeamResult, int, int], None] | None = None,
) -> BatchResult:
    """Run the retrospective notebook for every team (or ``teams``) of a quarter.

    Writes ``out/<quarter>/<team-slug>.ipynb`` and ``.html`` per team, ``index.html`` and
    ``summary.csv``. A team whose notebook fails is reported (``BatchResult.failed``) and
    does not stop the others. ``on_start(total)`` is called once the data are checked and
    the teams known, ``on_result(result, done, total)`` as teams finish.

    ``scheduler``: run the teams on the Dask cluster at this address (``tcp://host:8786``),
    or on a new ``LocalCluster`` for ``"local"``, instead of in local worker processes.
    """
    started = time.perf_counter()
    jobs, skipped, quarter_dir = plan(
        as_source(data),
        quarter,
        Path(out),
        teams=teams,
        notebook=Path(notebook),
        config=Path(config) if config else None,
        as_of=as_of,
        formats=formats,
        force=force,
    )
    results: list[TeamResult] = []
    total = len(jobs) + len(skipped)
    if on_start:
        on_start(total)

    def record(result: TeamResult) -> None:
        results.append(result)
        if on_result:
            on_result(result, len(results), total)

    def batch(wall_seconds: float) -> BatchResult:
        return BatchResult(normalise_quarter(quarter), quarter_dir, results, wall_seconds)

    for r in skipped:
        record(r)
    try:
        run_jobs(jobs, quarter_dir, record, workers, fresh_kernels, scheduler)
    except BaseException:
        # Ctrl-C or a crash: what finished is kept and listed; files being written are
        # never moved into place
        write_index(batch(0.0))
        raise
    results.sort(key=lambda r: r.team.lower())
    done = batch(time.perf_counter() - started)
    write_index(done)
    return done


__all__ = ["WARM", "run", "run_jobs", "run_team", "worker_init"]
