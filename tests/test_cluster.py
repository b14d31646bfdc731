"""``okrcoach retro --scheduler``: the teams on a real Dask cluster, started here on the
loopback address with Dask's own ``dask scheduler`` and ``dask worker`` commands."""

from __future__ import annotations

import csv
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import psutil
import pytest
from conftest import interruptible
from retro_org import write_org

from okrcoach.retro import batch

pytestmark = pytest.mark.e2e

BIN = Path(sys.executable).parent
QUARTER = "2026-Q3"
TEAMS = [f"Team {i:02d}" for i in range(12)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def private_env(tmp: Path) -> dict[str, str]:
    """The environment of everything a test starts: its own temporary folder, so whatever
    is left behind shows."""
    tmp.mkdir(parents=True, exist_ok=True)
    return {**os.environ, "TMPDIR": str(tmp)}


def leftovers(tmp: Path) -> list[str]:
    return sorted(p.name for p in tmp.rglob("okrcoach*"))


def kernels_from(tmp: Path) -> list[psutil.Process]:
    """Kernel processes whose sockets are under ``tmp`` (still running)."""
    found = []
    for p in psutil.process_iter(["cmdline"]):
        cmd = " ".join(p.info["cmdline"] or [])
        if "ipykernel" in cmd and str(tmp) in cmd:
            found.append(p)
    return found


def wait_gone(tmp: Path, timeout: float = 20.0, folders: bool = True) -> None:
    """No kernel still running and (with ``folders``) no folder of okrcoach's under ``tmp``.

    A worker killed with SIGKILL cannot clean up its scratch folder; Dask removes such
    folders when the next worker starts on that machine. So after a kill only processes
    are checked."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and (kernels_from(tmp) or (folders and leftovers(tmp))):
        time.sleep(0.2)
    assert not kernels_from(tmp), "kernels are left running"
    if folders:
        assert not leftovers(tmp), f"temporary folders are left: {leftovers(tmp)}"


def comparable(path: Path):
    """An executed notebook without what differs between any two runs (times, cell ids)."""
    nb = nbformat.read(path, 4)
    nb.metadata.pop("papermill", None)
    for c in nb.cells:
        c.pop("id", None)
        c.metadata.pop("papermill", None)
        c.metadata.pop("execution", None)
    return nb


class Cluster:
    """``dask scheduler`` and ``dask worker`` processes on 127.0.0.1."""

    def __init__(self, tmp: Path, workers: int = 2):
        self.env = private_env(tmp)
        self.port = free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        dask = str(BIN / "dask")
        self.scheduler = subprocess.Popen(
            [dask, "scheduler", "--host", "127.0.0.1", "--port", str(self.port)]
            + ["--dashboard-address", ":0", "--no-show"],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.workers = [self.add_worker() for _ in range(workers)]
        self.wait_for(workers)

    def add_worker(self) -> subprocess.Popen:
        return subprocess.Popen(
            [str(BIN / "dask"), "worker", self.address, "--host", "127.0.0.1"]
            + ["--nworkers", "1", "--nthreads", "1", "--no-dashboard"],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def wait_for(self, n: int) -> None:
        from distributed import Client

        deadline = time.monotonic() + 120
        while True:
            try:
                with Client(self.address, timeout="5s") as c:
                    c.wait_for_workers(n, timeout=120)
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

    def kill_worker(self, proc: subprocess.Popen) -> None:
        """SIGKILL a worker and everything it started (its nanny's worker process too)."""
        parent = psutil.Process(proc.pid)
        procs = [*parent.children(recursive=True), parent]
        for p in procs:
            p.kill()
        psutil.wait_procs(procs, timeout=10)

    def close(self) -> None:
        for w in self.workers:
            if w.poll() is None:
                w.send_signal(signal.SIGTERM)
        for w in self.workers:
            try:
                w.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill_worker(w)
        self.scheduler.terminate()
        self.scheduler.wait(timeout=30)


@pytest.fixture(scope="module")
def org(tmp_path_factory) -> Path:
    return write_org(tmp_path_factory.mktemp("cluster-org") / "org", TEAMS)


@pytest.fixture(scope="module")
def local_reports(tmp_path_factory, org) -> Path:
    out = tmp_path_factory.mktemp("local-run")
    batch.run(org, QUARTER, out, workers=2)
    return out / QUARTER


def retro(*args: str, env: dict, check: int | None = 0) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [str(BIN / "okrcoach"), "retro", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    if check is not None:
        assert proc.returncode == check, proc.stdout + proc.stderr
    return proc


def assert_same_reports(folder: Path, expected: Path) -> None:
    for slug in batch.slugs(TEAMS).values():
        assert (folder / f"{slug}.html").read_text() == (expected / f"{slug}.html").read_text()
        assert comparable(folder / f"{slug}.ipynb") == comparable(expected / f"{slug}.ipynb")


def test_local_cluster_gives_the_local_runners_reports(tmp_path, org, local_reports):
    env = private_env(tmp_path / "tmp")
    out = tmp_path / "out"
    proc = retro(
        *("--data", str(org), "--quarter", QUARTER, "--out", str(out)),
        *("--scheduler", "local", "--workers", "2"),
        env=env,
    )
    assert f"{len(TEAMS)} written, 0 unchanged (skipped), 0 failed" in proc.stdout
    assert_same_reports(out / QUARTER, local_reports)
    nb = nbformat.read(out / QUARTER / "team-00.ipynb", 4)
    # the notebook names the data the user gave, not the worker's copy
    assert nb.metadata.papermill.parameters["data_path"] == str(org.resolve())
    wait_gone(tmp_path / "tmp")


def test_dask_workers_survive_a_killed_worker(tmp_path, org, local_reports):
    cluster = Cluster(tmp_path / "tmp", workers=2)
    out = tmp_path / "out"
    try:
        env = cluster.env
        proc = subprocess.Popen(
            [str(BIN / "okrcoach"), "retro", "--data", str(org), "--quarter", QUARTER]
            + ["--out", str(out), "--scheduler", cluster.address],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        records = out / QUARTER / batch.STATE_DIR
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and len(list(records.glob("*.json"))) < 2:
            time.sleep(0.05)
        assert len(list(records.glob("*.json"))) < len(TEAMS), "the run ended too soon"
        cluster.kill_worker(cluster.workers[0])  # mid-run: it holds a team right now
        stdout, stderr = proc.communicate(timeout=600)
        assert proc.returncode == 0, stdout + stderr
        assert f"{len(TEAMS)} written, 0 unchanged (skipped), 0 failed" in stdout
        rows = list(csv.DictReader((out / QUARTER / "summary.csv").open()))
        assert [r["status"] for r in rows] == ["done"] * len(TEAMS)
        assert "These reports failed" not in (out / QUARTER / "index.html").read_text()
        assert_same_reports(out / QUARTER, local_reports)
    finally:
        cluster.close()
    wait_gone(tmp_path / "tmp", folders=False)


def test_interrupted_cluster_run_resumes(tmp_path, org, local_reports):
    cluster = Cluster(tmp_path / "tmp", workers=2)
    out = tmp_path / "out"
    folder = out / QUARTER
    try:
        args = ["--data", str(org), "--quarter", QUARTER, "--out", str(out)]
        args += ["--scheduler", cluster.address]
        proc = subprocess.Popen(
            [str(BIN / "okrcoach"), "retro", *args],
            env=cluster.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
            preexec_fn=interruptible,
        )
        records = folder / batch.STATE_DIR
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and len(list(records.glob("*.json"))) < 2:
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C in the client's terminal
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 130, err
        assert "Traceback" not in err and "Interrupted." in err
        done = sorted(folder.glob("team-*.html"))
        assert 2 <= len(done) < len(TEAMS)
        for page in done:
            assert page.read_text().rstrip().endswith("</html>"), page.name
        assert not [p.name for p in folder.iterdir() if p.name.startswith(".") and p.is_file()]
        again = retro(*args, env=cluster.env)
        skipped = int(re.search(r"(\d+) unchanged \(skipped\)", again.stdout).group(1))
        assert skipped >= 2 and "0 failed" in again.stdout
        assert_same_reports(folder, local_reports)
    finally:
        cluster.close()
    wait_gone(tmp_path / "tmp")


def test_failing_notebook_on_a_worker_is_reported(tmp_path, org):
    notebook = nbformat.read(batch.NOTEBOOK, 4)
    planted = nbformat.v4.new_code_cell(
        'if team == "Team 03":\n    raise RuntimeError("planted failure")'
    )
    notebook.cells.insert(3, planted)
    nb_path = tmp_path / "failing.ipynb"
    nbformat.write(notebook, nb_path)
    env = private_env(tmp_path / "tmp")
    out = tmp_path / "out"
    proc = retro(
        *("--data", str(org), "--quarter", QUARTER, "--out", str(out)),
        *("--scheduler", "local", "--workers", "2", "--notebook", str(nb_path)),
        *("--teams", "Team 02,Team 03,Team 04"),
        env=env,
        check=1,
    )
    assert "2 written, 0 unchanged (skipped), 1 failed" in proc.stdout
    assert "Team 03: RuntimeError: planted failure" in proc.stdout
    assert "planted failure" in (out / QUARTER / "team-03.html").read_text()
    wait_gone(tmp_path / "tmp")


def test_unreachable_scheduler_is_a_clear_error(tmp_path, org):
    proc = retro(
        *("--data", str(org), "--quarter", QUARTER, "--out", str(tmp_path / "out")),
        *("--scheduler", f"tcp://127.0.0.1:{free_port()}"),
        env=private_env(tmp_path / "tmp"),
        check=2,
    )
    assert "cannot reach the Dask scheduler" in proc.stderr and "Traceback" not in proc.stderr


def test_local_runner_leaves_nothing_behind(tmp_path, org):
    """A run, a failing team and Ctrl-C leave no kernel and no temporary folder."""
    env = private_env(tmp_path / "tmp")
    out = tmp_path / "out"
    args = ["--data", str(org), "--quarter", QUARTER, "--out", str(out), "--workers", "2"]
    retro(*args, "--teams", "Team 00,Team 01", env=env)
    wait_gone(tmp_path / "tmp")
    proc = subprocess.Popen(
        [str(BIN / "okrcoach"), "retro", *args, "--force"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=interruptible,
    )
    records = out / QUARTER / batch.STATE_DIR
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and len(list(records.glob("*.json"))) < 3:
        time.sleep(0.05)
    time.sleep(0.5)  # mid-team
    os.killpg(proc.pid, signal.SIGINT)
    proc.communicate(timeout=120)
    assert proc.returncode == 130
    wait_gone(tmp_path / "tmp")
