"""Jupyter kernels for running notebooks headless: quiet, private, and reusable.

A kernel is started with IPC sockets in a private temporary folder (no TCP port, nothing
reachable from the network), with its own start-up and shutdown log lines silenced (errors
in a notebook are recorded in that notebook), and with one client kept for its whole life,
which papermill and nbclient use instead of connecting anew for every notebook.

Starting a kernel and importing pandas, altair and okrcoach into it costs seconds; running
one team's notebook a fraction of that. :class:`WarmKernel` keeps one kernel per process and
hands it out again and again.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

#: The kernel spec notebooks run in.
KERNEL = "python3"


@dataclass
class Kernel:
    """A started kernel: its manager, the client kept for its life and its socket folder."""

    manager: object  # jupyter_client.manager.AsyncKernelManager
    client: object  # its blocking-free client, channels started
    folder: Path

    def alive(self) -> bool:
        from jupyter_core.utils import run_sync

        return bool(run_sync(self.manager.is_alive)())

    def cpu_seconds(self) -> float:
        """CPU time the kernel process has used (0 once it is gone)."""
        import psutil

        try:
            t = psutil.Process(self.manager.provisioner.pid).cpu_times()
            return t.user + t.system
        except Exception:  # noqa: BLE001 - a dead kernel has no CPU to report
            return 0.0

    def memory(self) -> int:
        """The kernel process's resident memory in bytes (0 once it is gone)."""
        import psutil

        try:
            return psutil.Process(self.manager.provisioner.pid).memory_info().rss
        except Exception:  # noqa: BLE001 - a dead kernel holds no memory
            return 0

    def kill(self) -> None:
        """Stop the kernel at once and remove its folder, without waiting on anything (for
        a process that is being terminated)."""
        import psutil

        try:
            psutil.Process(self.manager.provisioner.pid).kill()
        except Exception:  # noqa: BLE001 - already gone
            pass
        shutil.rmtree(self.folder, ignore_errors=True)

    def shutdown(self) -> None:
        """Stop the kernel (if it still runs) and remove its socket folder."""
        from jupyter_core.utils import run_sync

        try:
            if self.client is not None:
                self.client.stop_channels()
        except Exception:  # noqa: BLE001 - its sockets may already be gone
            pass
        try:
            run_sync(self.manager.shutdown_kernel)(now=True)
        except Exception:  # noqa: BLE001 - the kernel may already be gone
            pass
        shutil.rmtree(self.folder, ignore_errors=True)


def start_kernel(warm_up: str | None = None, where: Path | None = None) -> Kernel:
    """Start a quiet kernel on IPC sockets and wait until it answers.

    ``warm_up`` is code the kernel runs right away without waiting for it (imports a
    notebook will need), so the caller can prepare its first notebook meanwhile. The socket
    folder is made in ``where`` (default: the system's temporary folder). IPC sockets need
    no TCP port, so kernels started at the same moment cannot race for one; a start that
    fails anyway (a kernel that dies on start-up) is tried twice more.
    """
    for attempt in range(3):
        try:
            return _started(warm_up, where)
        except (RuntimeError, OSError):
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


#: A Unix socket's path holds at most 107 bytes; a kernel's socket folder (``where`` plus
#: "okrcoach-kernel-xxxxxxxx") and its sockets ("/k-NNNNN") must fit.
SOCKET_FOLDER_MAX = 70


def socket_home(where: Path | None) -> Path | None:
    """Where a kernel's socket folder can go: ``where`` or the system's temporary folder,
    if the socket paths fit; otherwise /tmp."""
    for candidate in (where, Path(tempfile.gettempdir())):
        if candidate is not None and len(str(candidate).encode()) <= SOCKET_FOLDER_MAX:
            return candidate
    return Path("/tmp") if Path("/tmp").is_dir() else None


def _started(warm_up: str | None, where: Path | None) -> Kernel:
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    folder = Path(tempfile.mkdtemp(prefix="okrcoach-kernel-", dir=socket_home(where)))
    # Asynchronous like nbclient itself, so nbclient never bridges sync calls via a thread.
    km = AsyncKernelManager(
        kernel_name=KERNEL,
        transport="ipc",
        ip=str(folder / "k"),
        connection_file=str(folder / "kernel.json"),
    )
    kc = None
    try:
        run_sync(km.start_kernel)(
            extra_arguments=["--HistoryManager.enabled=False"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        kc = km.client()
        kc.start_channels()
        run_sync(kc.wait_for_ready)(timeout=60)
    except BaseException:
        Kernel(km, kc, folder).shutdown()  # nothing half-started is left behind
        raise
    if warm_up:
        kc.execute(warm_up, store_history=False)
    return Kernel(km, kc, folder)


class WarmKernel:
    """One kernel kept for a process: :meth:`ready` returns it, starting it when needed."""

    def __init__(self, warm_up: str | None = None, where: Path | None = None):
        self.warm_up = warm_up
        self.where = where
        self.kernel: Kernel | None = None

    def ready(self, fresh: bool = False) -> Kernel:
        """The kept kernel; a new one if ``fresh``, if there is none or if it died."""
        if fresh or self.kernel is None or not self.kernel.alive():
            self.stop()
            self.kernel = start_kernel(self.warm_up, self.where)
        return self.kernel

    def kill(self) -> None:
        if self.kernel is not None:
            self.kernel.kill()
            self.kernel = None

    def stop(self) -> None:
        if self.kernel is not None:
            self.kernel.shutdown()
            self.kernel = None


__all__ = ["KERNEL", "Kernel", "WarmKernel", "start_kernel"]
