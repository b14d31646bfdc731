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

    def shutdown(self) -> None:
        """Stop the kernel (if it still runs) and remove its socket folder."""
        from jupyter_core.utils import run_sync

        try:
            self.client.stop_channels()
            run_sync(self.manager.shutdown_kernel)(now=True)
        except Exception:  # noqa: BLE001 - the kernel may already be gone
            pass
        shutil.rmtree(self.folder, ignore_errors=True)


def start_kernel(warm_up: str | None = None) -> Kernel:
    """Start a quiet kernel on IPC sockets and wait until it answers.

    ``warm_up`` is code the kernel runs right away without waiting for it (imports a
    notebook will need), so the caller can prepare its first notebook meanwhile.
    """
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    folder = Path(tempfile.mkdtemp(prefix="okrcoach-kernel-"))
    # Asynchronous like nbclient itself, so nbclient never bridges sync calls via a thread.
    km = AsyncKernelManager(kernel_name=KERNEL, transport="ipc", ip=str(folder / "k"))
    run_sync(km.start_kernel)(
        extra_arguments=["--HistoryManager.enabled=False"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    kc = km.client()
    kc.start_channels()
    run_sync(kc.wait_for_ready)(timeout=60)
    if warm_up:
        kc.execute(warm_up, store_history=False)
    return Kernel(km, kc, folder)


class WarmKernel:
    """One kernel kept for a process: :meth:`ready` returns it, starting it when needed."""

    def __init__(self, warm_up: str | None = None):
        self.warm_up = warm_up
        self.kernel: Kernel | None = None

    def ready(self, fresh: bool = False) -> Kernel:
        """The kept kernel; a new one if ``fresh``, if there is none or if it died."""
        if fresh or self.kernel is None or not self.kernel.alive():
            self.stop()
            self.kernel = start_kernel(self.warm_up)
        return self.kernel

    def stop(self) -> None:
        if self.kernel is not None:
            self.kernel.shutdown()
            self.kernel = None


__all__ = ["KERNEL", "Kernel", "WarmKernel", "start_kernel"]
