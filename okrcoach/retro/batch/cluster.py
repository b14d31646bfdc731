"""Teams on a Dask cluster: the same notebook runs, spread over more machines.

The client sends the goal data, the notebook and the settings to the workers once (no
shared file system is needed); each worker writes them into its own scratch folder, keeps
one warm kernel per worker thread (:class:`KernelPool`) and returns each team's executed
notebook and HTML as text. The client writes them with the same atomic writes, records and
index as the local runner, so resuming and the index work the same way.

Dask's pitfalls, handled here:

* Dask would run identical calls once; every team's task is submitted with ``pure=False``.
* A worker killed mid-run loses nothing: the scheduler gives its teams to other workers,
  and the client has written nothing for them yet.
* papermill's ``cwd`` changes the working directory of the whole worker process, which
  runs several threads; it is never used (notebooks get absolute paths instead).
* A worker's memory limit counts the worker process only, not its kernels: a kernel that
  grows past its share of the limit is replaced after its team.
* Kernels talk over IPC sockets in the worker's own folder, so kernels starting at the same
  moment on one machine cannot race for TCP ports.
"""

from __future__ import annotations

import hashlib
import os
import queue
import shutil
import threading
import uuid
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from distributed.diagnostics.plugin import WorkerPlugin

from ...errors import OkrcoachError
from ...files import write_atomic
from ...jupyter.kernels import Kernel, start_kernel
from ...loading.sources import PASSWORD_ENV, is_url
from .execute import execute
from .records import TeamJob, TeamResult, result_of
from .state import write_record

PLUGIN = "okrcoach-kernels"
WARM_UP = "import okrcoach.retro.report"


@dataclass
class Inputs:
    """What a worker needs to run any team: the data, notebook and settings as bytes."""

    digest: str
    data: dict[str, bytes]  # relative path -> content; empty for a database URL
    data_kind: str  # "file", "folder", "sqlite" or "url"
    url: str | None
    notebook: tuple[str, bytes]
    config: tuple[str, bytes] | None = None
    secrets: dict[str, str] = field(default_factory=dict)

    @classmethod
    def gather(cls, job: TeamJob) -> Inputs:
        """Read the files ``job``'s parameters name (any team's: they share them)."""
        p = job.parameters
        source, data, url, kind = p["data_path"], {}, None, "file"
        if is_url(source):
            from sqlalchemy.engine import make_url

            u = make_url(source)
            if u.get_backend_name() == "sqlite" and u.database not in (None, "", ":memory:"):
                kind, data = "sqlite", {Path(u.database).name: Path(u.database).read_bytes()}
            else:
                kind = "url"
            url = source
        elif Path(source).is_dir():
            kind = "folder"
            root = Path(source)
            for f in sorted(root.rglob("*")):
                rel = f.relative_to(root)
                if f.is_file() and not any(part.startswith(".") for part in rel.parts):
                    data[rel.as_posix()] = f.read_bytes()
        else:
            data = {Path(source).name: Path(source).read_bytes()}
        nb = (Path(job.notebook).name, Path(job.notebook).read_bytes())
        config = (Path(p["config"]).name, Path(p["config"]).read_bytes()) if p["config"] else None
        h = hashlib.sha256(f"{kind}|{url}".encode())
        for name, content in [*sorted(data.items()), nb, *([config] if config else [])]:
            h.update(name.encode() + b"\0" + hashlib.sha256(content).digest())
        secrets = {PASSWORD_ENV: os.environ[PASSWORD_ENV]} if os.environ.get(PASSWORD_ENV) else {}
        return cls(h.hexdigest()[:16], data, kind, url, nb, config, secrets)

    def materialise(self, root: Path) -> dict[str, str | None]:
        """Write the files under ``root`` (once) and return the parameters that name them."""
        folder = root / self.digest
        done = folder / ".complete"
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            for rel, content in self.data.items():
                target = folder / "data" / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
            (folder / self.notebook[0]).write_bytes(self.notebook[1])
            if self.config:
                (folder / "config").mkdir(parents=True, exist_ok=True)
                (folder / "config" / self.config[0]).write_bytes(self.config[1])
            done.touch()
        data_dir = folder / "data"
        if self.data_kind == "url":
            data_path = self.url
        elif self.data_kind == "sqlite":
            data_path = f"sqlite:///{data_dir / next(iter(self.data))}"
        elif self.data_kind == "folder":
            data_path = str(data_dir)
        else:
            data_path = str(data_dir / next(iter(self.data)))
        return {
            "data_path": data_path,
            "config": str(folder / "config" / self.config[0]) if self.config else None,
            "notebook": str(folder / self.notebook[0]),
        }


@dataclass
class Lease:
    """A kernel lent to one team; ``broken`` once its notebook failed."""

    kernel: Kernel
    broken: bool = False


class KernelPool(WorkerPlugin):
    """A Dask worker plugin: warm kernels for the worker's threads, and its scratch folder.

    Registered by the client (``client.register_plugin``); removed with the worker, when it
    stops every kernel and deletes the folder.
    """

    name = PLUGIN

    def __init__(self, kernel_memory: int | None = None):
        self.kernel_memory = kernel_memory

    def setup(self, worker) -> None:
        self.folder = Path(worker.local_directory) / "okrcoach"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.idle: queue.LifoQueue[Kernel] = queue.LifoQueue()
        self.kernels: list[Kernel] = []
        self.lock = threading.Lock()
        limit = getattr(getattr(worker, "memory_manager", None), "memory_limit", None)
        if self.kernel_memory is None and limit:
            # the worker's limit does not count its kernels: each gets a share of it
            self.kernel_memory = int(limit) // max(1, worker.state.nthreads)

    def teardown(self, worker) -> None:
        with self.lock:
            for k in self.kernels:
                k.shutdown()
            self.kernels.clear()
        shutil.rmtree(self.folder, ignore_errors=True)

    @contextmanager
    def lease(self, fresh: bool = False):
        """A warm kernel for one team; replaced afterwards if the notebook failed, the
        kernel died or it holds more than its share of the worker's memory."""
        try:
            k = self.idle.get_nowait()
        except queue.Empty:
            k = None
        if k is not None and (fresh or not k.alive()):
            self.retire(k)
            k = None
        if k is None:
            k = start_kernel(WARM_UP, self.folder)
            with self.lock:
                self.kernels.append(k)
        lease, keep = Lease(k), False
        try:
            yield lease
            keep = not (fresh or lease.broken) and k.alive()
            keep = keep and not (self.kernel_memory and k.memory() > self.kernel_memory)
        finally:
            if keep:
                self.idle.put(k)
            else:
                self.retire(k)

    def retire(self, k: Kernel) -> None:
        k.shutdown()
        with self.lock:
            if k in self.kernels:
                self.kernels.remove(k)


def run_on_worker(job: TeamJob, inputs: Inputs, fresh_kernels: bool) -> tuple[TeamResult, dict]:
    """One team on a Dask worker: its result and its files' contents."""
    from distributed import get_worker

    pool: KernelPool = get_worker().plugins[PLUGIN]
    for name, value in inputs.secrets.items():
        os.environ.setdefault(name, value)  # kernels started here inherit it
    local = inputs.materialise(pool.folder / "inputs")
    params = dict(job.parameters, data_path=local["data_path"], config=local["config"])
    here = replace(job, notebook=local["notebook"], parameters=params)
    scratch = pool.folder / f".{job.slug}.{uuid.uuid4().hex}.running.ipynb"
    with pool.lease(fresh_kernels) as lease:
        done = execute(job, lease.kernel, scratch, local=here)
        lease.broken = done.error is not None  # no state of a failed run for the next team
    return result_of(job, done), done.files


def connect(scheduler: str, workers: int | None):
    """A Dask client for ``scheduler`` (an address, or ``local`` for a LocalCluster on this
    machine with ``workers`` single-threaded worker processes); and the cluster it started."""
    from distributed import Client, LocalCluster

    cluster = None
    try:
        if scheduler == "local":
            cluster = LocalCluster(
                n_workers=workers or os.cpu_count() or 1,
                threads_per_worker=1,
                host="127.0.0.1",
                dashboard_address=None,
                silence_logs=40,
            )
            client = Client(cluster)
        else:
            client = Client(scheduler, timeout="20s")
    except OSError as exc:
        if cluster is not None:
            cluster.close()
        raise OkrcoachError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
    return client, cluster


def run_on_cluster(
    scheduler: str,
    jobs: Sequence[TeamJob],
    quarter_dir: Path,
    *,
    workers: int | None,
    fresh_kernels: bool,
    record: Callable[[TeamResult], None],
) -> None:
    """Run ``jobs`` on the cluster at ``scheduler``, writing each team's files and record
    here as it finishes and passing its result to ``record``."""
    from distributed import as_completed

    client, cluster = connect(scheduler, workers)
    futures = {}
    try:
        client.register_plugin(KernelPool(), name=PLUGIN)
        shared = client.scatter(Inputs.gather(jobs[0]), broadcast=True, hash=False)
        run = uuid.uuid4().hex[:8]
        for job in jobs:
            fut = client.submit(
                run_on_worker,
                job,
                shared,
                fresh_kernels,
                pure=False,  # every team's run is its own, though Dask sees similar calls
                key=f"okrcoach-retro-{run}-{job.slug}",
            )
            futures[fut] = job
        for fut in as_completed(futures):
            job = futures.pop(fut)
            try:
                result, files = fut.result()
            except Exception as exc:  # noqa: BLE001 - the task itself failed on every try
                result = replace(
                    TeamResult(
                        team=job.team,
                        slug=job.slug,
                        status="failed",
                        digest=job.digest,
                        department=job.department,
                        cascade=job.cascade,
                    ),
                    error=f"{type(exc).__name__}: {exc}",
                )
                files = {}
            for fmt, text in files.items():
                write_atomic(quarter_dir / f"{job.slug}.{fmt}", text)
            write_record(quarter_dir, result)  # last: the team is done once its files are
            record(result)
    finally:
        if futures:
            client.cancel(list(futures), force=True)
        client.close()
        if cluster is not None:
            cluster.close()


__all__ = ["PLUGIN", "Inputs", "KernelPool", "Lease", "connect", "run_on_cluster", "run_on_worker"]
