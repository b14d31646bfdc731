"""The wheel on its own: built from the checkout, installed into a new virtual environment and
run from a folder outside the checkout, so every notebook and template the commands need must
come from inside the installed package."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import psutil
import pytest
from conftest import ROOT

pytestmark = pytest.mark.e2e

SHIPPED = ("notebooks", "templates")  # top-level folders installed as okrcoach.<name>


def _clock(what: str, start: float) -> None:
    print(f"{what}: {time.monotonic() - start:.1f} s", flush=True)


def _tracked() -> list[str]:
    out = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [p for p in out.splitlines() if (ROOT / p).is_file()]


def _sh(*cmd, cwd: Path, env: dict | None = None, timeout: float = 300) -> str:
    proc = subprocess.run(
        [str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert proc.returncode == 0, f"{cmd} exited {proc.returncode}:\n{proc.stdout}{proc.stderr}"
    return proc.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built from a copy of the checkout's files (no stale build/ folder)."""
    start = time.monotonic()
    root = tmp_path_factory.mktemp("wheel")
    src = root / "src"
    for name in _tracked():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_bytes((ROOT / name).read_bytes())
    _sh(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", root / "dist", src, cwd=root)
    (found,) = (root / "dist").glob("okrcoach-*.whl")
    _clock("wheel built", start)
    return found


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> dict:
    """A new virtual environment with the wheel and its dependencies, nothing else."""
    start = time.monotonic()
    root = tmp_path_factory.mktemp("venv")
    _sh(sys.executable, "-m", "venv", root, cwd=root)
    bin_ = root / "bin"
    _sh(
        bin_ / "python",
        "-m",
        "pip",
        "install",
        "-q",
        "--disable-pip-version-check",
        wheel,
        cwd=root,
        timeout=600,
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "JUPYTER_PATH"}
    }
    env.update(PATH=f"{bin_}{os.pathsep}{env.get('PATH', '')}", VIRTUAL_ENV=str(root))
    _clock("fresh environment with the wheel", start)
    work = tmp_path_factory.mktemp("work")
    assert ROOT not in work.parents
    return {"bin": bin_, "env": env, "work": work, "root": root}


def test_wheel_holds_every_module_notebook_and_template(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    tracked = _tracked()
    wanted = {p for p in tracked if p.startswith("okrcoach/")}
    for folder in SHIPPED:
        wanted |= {f"okrcoach/{p}" for p in tracked if p.startswith(f"{folder}/")}
    assert wanted <= names, f"missing from the wheel: {sorted(wanted - names)}"
    assert {
        "okrcoach/notebooks/retro.ipynb",
        "okrcoach/notebooks/explore.ipynb",
        "okrcoach/notebooks/coach.ipynb",
        "okrcoach/templates/retro/index.html.j2",
        "okrcoach/templates/voila/templates/okrcoach/index.html.j2",
        "okrcoach/templates/okr_examples.yaml",
    } <= names


def test_installed_okrcoach_is_the_wheels(venv):
    code = (
        "import json, okrcoach, okrcoach.resources as r\n"
        "from jupyter_client.kernelspec import KernelSpecManager\n"
        "print(json.dumps({'module': okrcoach.__file__, 'notebooks': str(r.notebooks()),"
        " 'templates': str(r.templates()),"
        " 'kernel': KernelSpecManager().get_kernel_spec('python3').resource_dir}))"
    )
    found = json.loads(_sh(venv["bin"] / "python", "-c", code, cwd=venv["work"], env=venv["env"]))
    site = Path(
        _sh(
            venv["bin"] / "python",
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['purelib'])",
            cwd=venv["work"],
            env=venv["env"],
        ).strip()
    )
    for what in ("module", "notebooks", "templates"):
        path = Path(found[what])
        assert site in path.parents, (what, path, site)
        assert ROOT not in path.parents, (what, path)
    assert venv["root"] in Path(found["kernel"]).parents, found["kernel"]


def test_demo_retro_and_explore_from_the_wheel(venv):
    okrcoach, work, env = venv["bin"] / "okrcoach", venv["work"], venv["env"]
    start = time.monotonic()
    _sh(okrcoach, "demo", "--out", "D", cwd=work, env=env)
    assert (work / "D" / "goals.xlsx").is_file()
    _clock("okrcoach demo", start)

    start = time.monotonic()
    _sh(
        okrcoach,
        "retro",
        "--data",
        "D/goals.xlsx",
        "--quarter",
        "2026-Q3",
        "--teams",
        "Checkout,SMB Sales",
        "--out",
        "R",
        cwd=work,
        env=env,
    )
    reports = work / "R" / "2026-Q3"
    for page in ("checkout.html", "smb-sales.html", "index.html"):
        assert (reports / page).stat().st_size > 1000, page
    assert "Checkout" in (reports / "checkout.html").read_text(encoding="utf-8")
    _clock("okrcoach retro, two teams", start)

    start = time.monotonic()
    _sh(okrcoach, "explore", "--data", "D/goals.xlsx", "--out", "E", cwd=work, env=env)
    assert (work / "E" / "explore.html").stat().st_size > 1000
    _clock("okrcoach explore", start)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_coach_serves_from_the_wheel(venv, tmp_path):
    start = time.monotonic()
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    proc = subprocess.Popen(
        [
            str(venv["bin"] / "okrcoach"),
            "coach",
            "--port",
            str(port),
            "--no-open",
            "--drafts",
            str(tmp_path / "drafts"),
        ],
        cwd=venv["work"],
        env=venv["env"],
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # Ctrl-C stops it
    try:
        page, deadline = None, time.monotonic() + 120
        while page is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=30) as answer:
                    assert answer.status == 200
                    page = answer.read().decode("utf-8")
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"okrcoach coach exited: {proc.stdout.read()}")
                time.sleep(0.3)
        assert page is not None, "okrcoach coach did not answer within 120 s"
        assert "#rendered_cells { max-width: 1240px" in page  # templates/voila's page
        assert "application/vnd.jupyter.widget-view+json" in page  # the app's widgets
        _clock("okrcoach coach answered", start)
        family = [proc, *psutil.Process(proc.pid).children(recursive=True)]
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 0, proc.stdout.read()
    gone, alive = psutil.wait_procs([p for p in family[1:]], timeout=15)
    assert not alive, f"left running: {[p.cmdline() for p in alive]}"
