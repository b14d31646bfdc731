"""Batch retrospectives: okrcoach's route against the naive one, in the same run.

The 24 teams of the demo organisation's latest quarter, each to an executed notebook and an
HTML report:

* naive: per team, the ``papermill`` CLI, then ``jupyter nbconvert --to html --no-input``,
  one team after another;
* okrcoach: ``okrcoach.retro.batch.run`` (worker processes with one warm kernel each).

Prints where the time goes, both wall times, the ratio (goal: okrcoach >= 4x faster), and
per-team wall time against CPU time (parallel efficiency, goal >= 80 %).

    python benchmarks/batch.py [--naive-teams N]

``--naive-teams N`` times the naive route on N teams and scales it to all of them (each
team costs the naive route the same start-up, so this is fair and much shorter).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from okrcoach import demo, load
from okrcoach.retro import batch
from okrcoach.retro.team import teams_in

QUARTER = "2026-Q3"
BIN = Path(sys.executable).parent


def children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - start


def where_the_time_goes(data: Path, work: Path) -> None:
    """One team the naive way, step by step, and the pieces of okrcoach's route."""
    py = str(BIN / "python")
    print("Where the time goes (one team):")
    print(f"  python + import papermill        {timed([py, '-c', 'import papermill']):6.2f} s")
    print(f"  python + import nbconvert        {timed([py, '-c', 'import nbconvert']):6.2f} s")
    print(
        f"  python + import okrcoach.retro.report  "
        f"{timed([py, '-c', 'import okrcoach.retro.report']):6.2f} s  (what each new kernel pays)"
    )
    start = time.perf_counter()
    kernel = batch.WARM.ready()
    from jupyter_core.utils import run_sync

    # returns once the warm-up import has run
    run_sync(kernel.client.execute_interactive)("1", timeout=60, output_hook=lambda msg: None)
    print(f"  kernel start + okrcoach imports  {time.perf_counter() - start:6.2f} s")
    job = batch.plan(data, QUARTER, work / "probe", teams=["Checkout"], force=True)[0][0]
    batch.run_team(job)  # the first team in a kernel also loads and lints the organisation
    start = time.perf_counter()
    batch.run_team(job)
    team = time.perf_counter() - start
    nb = nbformat.read(Path(job.out_dir) / f"{job.slug}.ipynb", 4)
    cells = sum(c.metadata.get("papermill", {}).get("duration") or 0 for c in nb.cells)
    start = time.perf_counter()
    batch.export_html(nb, "probe")
    export = time.perf_counter() - start
    batch.WARM.stop()
    print(
        f"  a team in a warm kernel          {team:6.2f} s  (cells {cells:.2f} s, "
        f"HTML export {export:.2f} s, the rest papermill and nbclient)"
    )


def naive(data: Path, teams: list[str], out: Path) -> float:
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for i, team in enumerate(teams):
        nb = out / f"team{i}.ipynb"
        subprocess.run(
            [
                str(BIN / "papermill"),
                str(batch.NOTEBOOK),
                str(nb),
                "-p",
                "team",
                team,
                "-p",
                "quarter",
                QUARTER,
                "-p",
                "data_path",
                str(data),
                "--no-progress-bar",
            ],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(nb)],
            check=True,
            capture_output=True,
        )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--naive-teams",
        type=int,
        default=0,
        help="time the naive route on this many teams and scale (0: all)",
    )
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="okrcoach-bench-"))
    try:
        data = demo.write(work / "demo")["workbook"]
        teams = teams_in(load(data), QUARTER)
        cores = os.cpu_count() or 1
        print(f"{len(teams)} teams, {QUARTER}; {cores} cores, {args.workers} workers\n")
        where_the_time_goes(data, work)

        cpu0, start = children_cpu() + time.process_time(), time.perf_counter()
        result = batch.run(data, QUARTER, work / "fast", workers=args.workers, force=True)
        fast = time.perf_counter() - start
        cpu = children_cpu() + time.process_time() - cpu0
        assert not result.failed, [r.error for r in result.failed]
        assert len(result.results) == len(teams)

        sample = teams[: args.naive_teams] if args.naive_teams else teams
        slow = naive(data, sample, work / "naive") * len(teams) / len(sample)
        scaled = f" (timed on {len(sample)} teams, scaled)" if len(sample) < len(teams) else ""
        for i in range(len(sample)):
            assert (work / "naive" / f"team{i}.html").exists()

        team_wall = sum(r.seconds for r in result.results)
        team_cpu = sum(r.cpu_seconds for r in result.results)
        busy = min(args.workers, cores)
        print(f"\nnaive (papermill CLI + nbconvert CLI per team): {slow:7.1f} s{scaled}")
        print(f"okrcoach retro ({args.workers} workers):                {fast:7.1f} s")
        print(f"ratio: okrcoach is {slow / fast:.1f}x faster (goal >= 4x)")
        print(
            f"\nper team: {team_wall / len(teams):.2f} s wall, "
            f"{team_cpu / len(teams):.2f} s CPU (worker + its kernel) -> "
            f"{team_cpu / team_wall:.0%} busy while a team runs"
        )
        print(
            f"whole run: {cpu:.1f} s CPU in {fast:.1f} s on {busy} cores -> parallel "
            f"efficiency {cpu / (fast * busy):.0%} (goal >= 80%; includes start-up)"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
