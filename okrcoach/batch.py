"""Quarterly retrospectives in batch: ``notebooks/retro.ipynb`` once per team.

Where the time goes, measured on the demo organisation (2 cores): starting a kernel and
importing pandas, altair and okrcoach into it costs about 3 s of CPU per notebook, the
team's own analysis and charts about 0.3 s, and exporting HTML 0.1 s. So each worker
process keeps **one warm kernel** and runs its teams' notebooks in it one after another,
clearing the kernel's namespace before each (``%reset -f``), instead of paying the start-up
for every team. A team whose notebook fails gets a fresh kernel afterwards, so a broken run
cannot leave state behind for the next team. ``fresh_kernels=True`` starts a new kernel
per team for anyone who prefers that at the cost of speed.

Every file is written to a temporary name and moved into place (no half-written report
after a crash or Ctrl-C). Once a team's files are in place, a small record beside them keeps
its content hash (notebook, data, config, parameters and okrcoach's own code) and headline,
so a re-run redoes only what changed and the index still lists every team.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import multiprocessing
import os
import subprocess
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from . import resources
from .errors import OkrcoachError

NOTEBOOK = resources.notebook("retro.ipynb")
TEMPLATES = resources.templates()
TEMPLATE_NAME = "retro"
STATE_DIR = ".okrcoach-retro"  # one JSON record per team, written after its files
FORMATS = ("html", "ipynb")
REMOVE_TAG = "remove-from-report"
HEADLINE_TAG = "headline"
KERNEL = "python3"
_RESERVED = {"index", "summary"}


@dataclass
class TeamJob:
    """One team's notebook run: what to run and where its files go."""

    team: str
    slug: str
    quarter: str
    parameters: dict
    digest: str
    notebook: str
    out_dir: str
    formats: tuple[str, ...]


@dataclass
class TeamResult:
    """What became of one team: ``done``, ``skipped`` (unchanged) or ``failed``."""

    team: str
    slug: str
    status: str
    digest: str = ""
    headline: dict = field(default_factory=dict)
    error: str | None = None
    seconds: float = 0.0
    cpu_seconds: float = 0.0


@dataclass
class BatchResult:
    quarter: str
    out_dir: Path
    results: list[TeamResult]
    wall_seconds: float

    @property
    def index(self) -> Path:
        return self.out_dir / "index.html"

    @property
    def summary(self) -> Path:
        return self.out_dir / "summary.csv"

    @property
    def failed(self) -> list[TeamResult]:
        return [r for r in self.results if r.status == "failed"]


# --- names, hashes and atomic files -------------------------------------------------------


def normalise_quarter(quarter: str) -> str:
    """``2026-Q3`` from "2026-Q3", "2026Q3", "Q3 2026"; anything else is an error (the
    quarter becomes a folder name, so it must never be a path)."""
    from .validate import _quarter

    found = _quarter(quarter)  # the same forms goal files may use
    if found is None:
        raise OkrcoachError(f"{quarter!r} is not a quarter; write it as 2026-Q3")
    return found


def slugs(teams: Sequence[str]) -> dict[str, str]:
    """A safe, unique file name stem per team: lower-case ASCII letters, digits and dashes,
    never empty, never a path, never the index's or summary's name. Teams whose names reduce
    to the same stem are told apart by a short hash of the full name."""
    from slugify import slugify

    base = {t: slugify(t, max_length=60) or "team" for t in teams}
    counts: dict[str, int] = {}
    for s in base.values():
        counts[s] = counts.get(s, 0) + 1
    out = {}
    for t, s in base.items():
        if counts[s] > 1 or s in _RESERVED:
            s = f"{s}-{hashlib.sha256(t.encode()).hexdigest()[:8]}"
        out[t] = s
    return out


def _digest_paths(paths: Iterable[Path], h) -> None:
    for p in paths:
        if p.is_dir():
            _digest_paths(sorted(q for q in p.rglob("*") if q.is_file()), h)
        elif p.exists():
            h.update(str(p.name).encode())
            h.update(p.read_bytes())


def code_digest() -> str:
    """Hash of okrcoach's own code, section templates and the report template."""
    h = hashlib.sha256()
    pkg = Path(__file__).resolve().parent
    files = sorted(p for p in pkg.rglob("*") if p.is_file() and p.suffix in
                   {".py", ".j2", ".css", ".txt", ".yaml"})
    _digest_paths(files + [TEMPLATES / TEMPLATE_NAME], h)
    return h.hexdigest()


def inputs_digest(notebook: Path, goals, config: Path | None) -> str:
    """Hash of everything a report depends on but its parameters.

    The data count by content, not by file bytes: a workbook saved again unchanged (new
    timestamps inside) or the same data as CSV instead of a workbook redo nothing.
    """
    import pandas as pd

    h = hashlib.sha256(code_digest().encode())
    _digest_paths([notebook] + ([config] if config else []), h)
    for name, frame in goals.tables():
        h.update(f"{name}:{','.join(map(str, frame.columns))}".encode())
        h.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return h.hexdigest()


def team_digest(common: str, parameters: dict, formats: Sequence[str]) -> str:
    payload = json.dumps({"parameters": parameters, "formats": sorted(formats)},
                         sort_keys=True, default=str)
    return hashlib.sha256((common + payload).encode()).hexdigest()


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write to a temporary file beside ``path``, then move it in place."""
    from .goalset import _atomic

    with _atomic(path) as tmp:
        if isinstance(data, str):
            tmp.write_text(data, encoding="utf-8")
        else:
            tmp.write_bytes(data)


# --- the worker: one warm kernel per process ---------------------------------------------

_kernel = None


def _start_kernel():
    import tempfile

    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    # Asynchronous like nbclient itself, so nbclient never bridges sync calls via a thread.
    # IPC sockets in a private folder: no TCP ports, nothing reachable from the network.
    km = AsyncKernelManager(kernel_name=KERNEL, transport="ipc",
                            ip=str(Path(tempfile.mkdtemp(prefix="okrcoach-kernel-")) / "k"))
    # The kernel's own log lines (start-up, shutdown) are noise here; errors in a team's
    # notebook are recorded in that notebook.
    run_sync(km.start_kernel)(extra_arguments=["--HistoryManager.enabled=False"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # One client for the kernel's life: nbclient uses it instead of connecting anew per team.
    kc = km.client()
    kc.start_channels()
    run_sync(kc.wait_for_ready)(timeout=60)
    # Import what every retrospective needs while the worker prepares its first team.
    kc.execute("import okrcoach.report, okrcoach.retro", store_history=False)
    km.okrcoach_client = kc
    return km


def _worker_init() -> None:
    global _kernel
    import multiprocessing.util

    _kernel = _start_kernel()
    # Warm the worker's own imports while the kernel imports okrcoach.
    import nbconvert  # noqa: F401
    import papermill  # noqa: F401

    multiprocessing.util.Finalize(None, _stop_kernel, exitpriority=10)


def _stop_kernel() -> None:
    global _kernel
    if _kernel is not None:
        try:
            from jupyter_core.utils import run_sync

            _kernel.okrcoach_client.stop_channels()
            run_sync(_kernel.shutdown_kernel)(now=True)
        except Exception:  # noqa: BLE001 - the kernel may already be gone
            pass
        _kernel = None


def _ready_kernel(fresh: bool):
    """The worker's kernel (a new one if asked for or if the last one died)."""
    global _kernel
    from jupyter_core.utils import run_sync

    if fresh or _kernel is None or not run_sync(_kernel.is_alive)():
        _stop_kernel()
        _kernel = _start_kernel()
    return _kernel


#: Run first in a reused kernel, then dropped from the notebook: an empty namespace, and
#: execution counts that start at 1 as in a new kernel.
_RESET_CELL = ("get_ipython().run_line_magic('reset', '-f')\n"
               "get_ipython().execution_count = 1")
_RESET_TAG = "okrcoach-reset"


def _prepared(path: str):
    """The notebook to run: without the outputs it was saved with (they belong to whichever
    team it last ran for) and with the reset cell first."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    for c in nb.cells:
        if c.cell_type == "code":
            c.outputs, c.execution_count = [], None
    cell = nbformat.v4.new_code_cell(_RESET_CELL, metadata={"tags": [_RESET_TAG]})
    nb.cells.insert(0, cell)
    return nb


def _finished(nb, path: str):
    nb.cells = [c for c in nb.cells if _RESET_TAG not in c.get("metadata", {}).get("tags", [])]
    # papermill records its input; given a notebook rather than a path, it stores the whole
    # notebook there
    if "papermill" in nb.metadata:
        nb.metadata.papermill["input_path"] = path
    return nb


def _cpu_of(km) -> float:
    import psutil

    try:
        t = psutil.Process(km.provisioner.pid).cpu_times()
        return t.user + t.system
    except Exception:  # noqa: BLE001 - a dead kernel has no CPU to report
        return 0.0


def _headline(nb) -> dict:
    from .report import HEADLINE_MIME

    for cell in nb.cells:
        if HEADLINE_TAG in cell.get("metadata", {}).get("tags", []):
            for out in cell.get("outputs", []):
                if HEADLINE_MIME in out.get("data", {}):
                    return dict(out["data"][HEADLINE_MIME])
    return {}


@functools.cache
def _exporter():
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(template_name=TEMPLATE_NAME,
                            extra_template_basedirs=[str(TEMPLATES)],
                            exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    exporter.register_preprocessor(TagRemovePreprocessor(
        remove_cell_tags={REMOVE_TAG, "injected-parameters"}, enabled=True), enabled=True)
    return exporter


def export_html(nb, title: str) -> str:
    """The executed notebook as a report: no code, no prompts, no network."""
    body, _ = _exporter().from_notebook_node(nb, resources={"metadata": {"name": title}})
    return body


def run_team(job: TeamJob, fresh_kernels: bool = False) -> TeamResult:
    """Execute one team's notebook and write its files (runs in a worker process)."""
    import nbformat
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    start, cpu0 = time.perf_counter(), time.process_time()
    out = Path(job.out_dir)
    km = _ready_kernel(fresh_kernels)
    kcpu0 = _cpu_of(km)
    scratch = out / f".{job.slug}.running.ipynb"
    error = None
    try:
        nb = pm.execute_notebook(_prepared(job.notebook), str(scratch),
                                 parameters=job.parameters,
                                 kernel_name=KERNEL, km=km, kc=km.okrcoach_client,
                                 progress_bar=False,
                                 request_save_on_cell_execute=False, log_output=False)
    except PapermillExecutionError as exc:
        error = f"{exc.ename}: {exc.evalue}"
        nb = nbformat.read(scratch, as_version=4)
    except Exception as exc:  # noqa: BLE001 - a dead kernel or a timeout: report it, go on
        error = f"{type(exc).__name__}: {exc}"
        nb = nbformat.read(scratch, as_version=4) if scratch.exists() else None
    finally:
        kcpu = _cpu_of(km) - kcpu0
        scratch.unlink(missing_ok=True)
    if error is not None:
        _stop_kernel()  # a failed run gets no chance to leave state for the next team
    if nb is not None:
        nb = _finished(nb, job.notebook)
        if "ipynb" in job.formats:
            write_atomic(out / f"{job.slug}.ipynb", nbformat.writes(nb))
        if "html" in job.formats:
            title = f"{job.team} · retrospective {job.quarter}"
            write_atomic(out / f"{job.slug}.html", export_html(nb, title))
    result = TeamResult(team=job.team, slug=job.slug, status="failed" if error else "done",
                        digest=job.digest, headline=_headline(nb) if nb is not None else {},
                        error=error, seconds=time.perf_counter() - start,
                        cpu_seconds=time.process_time() - cpu0 + max(kcpu, 0.0))
    # Written last: a report counts as done only once its files are in place.
    _write_record(out, result)
    return result


def _run_team_in_worker(job: TeamJob, fresh_kernels: bool) -> TeamResult:
    return run_team(job, fresh_kernels)


# --- the batch ----------------------------------------------------------------------------


def _read_state(quarter_dir: Path) -> dict[str, dict]:
    """Each team's record of its last run (slug -> team, digest, status, headline, error)."""
    state = {}
    for path in sorted((quarter_dir / STATE_DIR).glob("*.json")):
        try:
            state[path.stem] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # unreadable: the team is simply redone
    return state


def _write_record(quarter_dir: Path, result: TeamResult) -> None:
    record = {"team": result.team, "digest": result.digest, "status": result.status,
              "headline": result.headline, "error": result.error}
    write_atomic(quarter_dir / STATE_DIR / f"{result.slug}.json",
                 json.dumps(record, indent=1, sort_keys=True))


def plan(data: Path, quarter: str, out: Path, *, teams: Sequence[str] | None = None,
         notebook: Path = NOTEBOOK, config: Path | None = None, as_of: str | None = None,
         formats: Sequence[str] = FORMATS, force: bool = False,
         ) -> tuple[list[TeamJob], list[TeamResult], Path]:
    """Work out which teams to run and which are unchanged since the last run."""
    from .goalset import load
    from .retro import teams_in

    quarter = normalise_quarter(quarter)
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise OkrcoachError(f"unknown format {', '.join(bad)}; choose from html, ipynb")
    if not Path(notebook).exists():
        raise OkrcoachError(f"notebook {notebook} not found")
    if not (TEMPLATES / TEMPLATE_NAME / "index.html.j2").exists():
        raise OkrcoachError(f"the report template is missing from {TEMPLATES / TEMPLATE_NAME}")
    goals = load(data)
    known = teams_in(goals, quarter)
    if not known:
        raise OkrcoachError(f"no team has objectives in {quarter}; quarters in the data: "
                            f"{', '.join(goals.quarters) or 'none'}")
    if teams:
        unknown = [t for t in teams if t not in known]
        if unknown:
            raise OkrcoachError(f"no objectives in {quarter} for {', '.join(map(repr, unknown))}"
                                f"; teams with objectives then: {', '.join(known)}")
        chosen = [t for t in known if t in set(teams)]
    else:
        chosen = known
    quarter_dir = Path(out) / quarter
    quarter_dir.mkdir(parents=True, exist_ok=True)
    for leftover in [*quarter_dir.glob(".*"), *(quarter_dir / STATE_DIR).glob(".*")]:
        if leftover.is_file():
            leftover.unlink(missing_ok=True)  # temporary files of an interrupted run
    state = _read_state(quarter_dir)
    common = inputs_digest(Path(notebook), goals, config)
    names = slugs(known)
    jobs, skipped = [], []
    for team in chosen:
        params = {"team": team, "quarter": quarter, "data_path": str(Path(data).resolve()),
                  "config": str(Path(config).resolve()) if config else None,
                  "as_of": as_of}
        digest = team_digest(common, params, formats)
        slug = names[team]
        before = state.get(slug, {})
        have = all((quarter_dir / f"{slug}.{f}").exists() for f in formats)
        if not force and have and before.get("digest") == digest \
                and before.get("status") == "done":
            skipped.append(TeamResult(team=team, slug=slug, status="skipped", digest=digest,
                                      headline=before.get("headline", {})))
            continue
        jobs.append(TeamJob(team=team, slug=slug, quarter=quarter, parameters=params,
                            digest=digest, notebook=str(Path(notebook).resolve()),
                            out_dir=str(quarter_dir), formats=tuple(formats)))
    return jobs, skipped, quarter_dir


def run(data: str | os.PathLike, quarter: str, out: str | os.PathLike, *,
        teams: Sequence[str] | None = None, workers: int | None = None,
        formats: Sequence[str] = FORMATS, force: bool = False,
        config: str | os.PathLike | None = None, as_of: str | None = None,
        notebook: str | os.PathLike = NOTEBOOK, fresh_kernels: bool = False,
        on_start: Callable[[int], None] | None = None,
        on_result: Callable[[TeamResult, int, int], None] | None = None) -> BatchResult:
    """Run the retrospective notebook for every team (or ``teams``) of a quarter.

    Writes ``out/<quarter>/<team-slug>.ipynb`` and ``.html`` per team, ``index.html`` and
    ``summary.csv``. A team whose notebook fails is reported (``BatchResult.failed``) and
    does not stop the others. ``on_start(total)`` is called once the data are checked and
    the teams known, ``on_result(result, done, total)`` as teams finish.
    """
    started = time.perf_counter()
    config_path = Path(config) if config else None
    jobs, skipped, quarter_dir = plan(Path(data), quarter, Path(out), teams=teams,
                                      notebook=Path(notebook), config=config_path,
                                      as_of=as_of, formats=formats, force=force)
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
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx,
                                   initializer=_worker_init)
        pending = {pool.submit(_run_team_in_worker, job, fresh_kernels): job for job in jobs}

        def record(fut, job) -> None:
            try:
                result = fut.result()
            except Exception as exc:  # noqa: BLE001 - a worker died
                result = TeamResult(team=job.team, slug=job.slug, status="failed",
                                    digest=job.digest, error=f"{type(exc).__name__}: {exc}")
                _write_record(quarter_dir, result)  # the worker could not
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
            write_index(BatchResult(quarter=normalise_quarter(quarter), out_dir=quarter_dir,
                                    results=results, wall_seconds=0.0))
            raise
        pool.shutdown(wait=True)
    results.sort(key=lambda r: r.team.lower())
    batch = BatchResult(quarter=normalise_quarter(quarter), out_dir=quarter_dir,
                        results=results, wall_seconds=time.perf_counter() - started)
    write_index(batch)
    return batch


SUMMARY_COLUMNS = ("team", "status", "objectives", "key_results", "score", "grade",
                   "previous_score", "quality", "errors", "warnings", "kpis_red", "breaches",
                   "report", "notebook", "error")


def write_index(batch: BatchResult) -> None:
    """``index.html`` and ``summary.csv`` over every team the quarter's folder holds."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    from .report import _css

    state = _read_state(batch.out_dir)
    rows = []
    for slug, s in sorted(state.items(), key=lambda kv: kv[1].get("team", kv[0]).lower()):
        h = s.get("headline") or {}
        rows.append({
            "team": s.get("team", slug), "status": "failed" if s.get("status") == "failed"
            else "done", **{k: h.get(k) for k in SUMMARY_COLUMNS[2:12]},
            "report": f"{slug}.html" if (batch.out_dir / f"{slug}.html").exists() else "",
            "notebook": f"{slug}.ipynb" if (batch.out_dir / f"{slug}.ipynb").exists() else "",
            "error": s.get("error") or "",
        })
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=SUMMARY_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    write_atomic(batch.summary, buf.getvalue())
    env = Environment(loader=FileSystemLoader(str(TEMPLATES / TEMPLATE_NAME)),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    html = env.get_template("teams_index.html.j2").render(
        quarter=batch.quarter, rows=rows, failed=[r for r in rows if r["status"] == "failed"],
        page_css=(TEMPLATES / TEMPLATE_NAME / "page.css").read_text(encoding="utf-8"),
        css=_css())
    write_atomic(batch.index, html)


__all__ = ["BatchResult", "TeamJob", "TeamResult", "export_html", "normalise_quarter", "plan",
           "run", "run_team", "slugs", "write_index"]
