"""Retrospectives for a large organisation: every team of a quarter, on this machine.

Builds an organisation of at least ``--teams`` teams (the demo organisation copied under
new names: 24 teams, ~720 key results and ~8,600 check-ins a copy), writes it as a CSV
folder and runs ``okrcoach.retro.batch.run`` on all of them. Prints, all measured in this run:

* total and per-team wall time, and where a team's time goes (cells over ZMQ, of which the
  kernel's own CPU; HTML export; writing; the parent's bookkeeping);
* a team's cost in this organisation against a team of the 24-team demo (flat: <= 1.2x);
* the ratio to today's route before this change (the runner of ``--baseline-rev``, from git,
  on a 48-team sample) and to the naive route (``papermill`` then ``jupyter nbconvert`` per
  team, on a sample), both timed on this machine now;
* peak memory per worker (its process plus its kernel).

    python benchmarks/batch_scale.py --teams 1000 [--workers 2] [--baseline-rev REV]
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import mean

from batch import naive
from explore_speed import copies

from okrcoach import demo, load
from okrcoach.retro import batch
from okrcoach.retro.team import teams_in

QUARTER = "2026-Q3"
ROOT = Path(__file__).resolve().parent.parent
BASELINE = """
import sys, time
from okrcoach import batch
data, out, workers, teams = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4].split("|")
if __name__ == "__main__":
    start = time.perf_counter()
    r = batch.run(data, "2026-Q3", out, teams=teams, workers=workers, force=True)
    assert not r.failed, [x.error for x in r.failed]
    print(time.perf_counter() - start)
"""


def timed_run(data: Path, out: Path, teams: list[str] | None, workers: int):
    start = time.perf_counter()
    result = batch.run(data, QUARTER, out, teams=teams, workers=workers, force=True)
    wall = time.perf_counter() - start
    assert not result.failed, [r.error for r in result.failed][:3]
    return result, wall


def steady(result) -> list:
    """Teams after each worker's first (which also loads and analyses the organisation)."""
    ordered = sorted(result.results, key=lambda r: r.seconds)
    return ordered[: max(1, len(ordered) - 4)]


def baseline(rev: str, data: Path, out: Path, teams: list[str], workers: int) -> float | None:
    """The runner as it was at ``rev``, timed in a fresh process on ``teams``."""
    src = out / "src"
    src.mkdir(parents=True)
    try:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", rev, "okrcoach", "notebooks", "templates"],
            check=True,
            capture_output=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"  (no baseline: cannot read {rev} from git: {exc})")
        return None
    subprocess.run(["tar", "-x", "-C", str(src)], input=archive, check=True)
    # the old tree reads its notebooks and templates from okrcoach.notebooks/.templates
    for name in ("notebooks", "templates"):
        shutil.rmtree(src / "okrcoach" / name, ignore_errors=True)
        shutil.copytree(src / name, src / "okrcoach" / name)
    script = out / "baseline.py"
    script.write_text(BASELINE)
    env = {**os.environ, "PYTHONPATH": str(src)}
    proc = subprocess.run(
        [sys.executable, str(script), str(data), str(out / "reports"), str(workers)]
        + ["|".join(teams)],
        capture_output=True,
        text=True,
        env=env,
        cwd=out,
    )
    if proc.returncode:
        print(f"  (baseline failed: {proc.stderr.strip().splitlines()[-1:]})")
        return None
    return float(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--teams", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--baseline-rev", default="94075c8", help="git revision of today's route")
    parser.add_argument("--baseline-teams", type=int, default=48)
    parser.add_argument("--naive-teams", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="okrcoach-scale-"))
    try:
        start = time.perf_counter()
        small = demo.build()
        big = copies(small, math.ceil(args.teams / 24))
        data = work / "org"
        big.to_csv(data)
        teams = teams_in(load(data), QUARTER)[: args.teams]
        sizes = {name: len(frame) for name, frame in big.tables()}
        print(
            f"organisation: {len(teams)} teams in {QUARTER}, {sizes['key_results']:,} key "
            f"results, {sizes['checkins']:,} check-ins (built in "
            f"{time.perf_counter() - start:.1f} s); {os.cpu_count()} cores, "
            f"{args.workers} workers\n"
        )

        result, wall = timed_run(data, work / "all", teams, args.workers)
        n = len(result.results)
        t = steady(result)
        per = {k: mean(r.timings.get(k, 0.0) for r in t) for k in t[0].timings}
        team_cost = mean(r.seconds for r in t)
        share = wall * args.workers / n  # a worker's wall time per team, all included
        print(f"all {n} teams: {wall:.1f} s, {wall / n:.3f} s per team (goal <= 0.3 s)")
        print("a team's time in its worker (mean of the teams after each worker's first):")
        print(f"  cells over ZMQ (papermill)   {per['execute']:.3f} s")
        print(f"    of which the kernel's CPU  {per['kernel_cpu']:.3f} s")
        print(f"  HTML and ipynb export        {per['export']:.3f} s")
        print(f"  writing the files + record   {per.get('write', 0.0):.3f} s")
        print(
            f"  parent's bookkeeping, start-up and idle (worker share {share:.3f} s "
            f"- team {team_cost + per.get('write', 0.0):.3f} s)  "
            f"{max(share - team_cost - per.get('write', 0.0), 0.0):.3f} s"
        )
        memory = max(r.timings.get("worker_memory", 0.0) + r.timings["kernel_memory"] for r in t)
        print(f"peak memory per worker (process + kernel): {memory / 2**20:.0f} MiB\n")

        demo_data = demo.write(work / "demo")["workbook"]
        small_result, _ = timed_run(demo_data, work / "demo-out", None, args.workers)
        small_cost = mean(r.seconds for r in steady(small_result))
        print(
            f"a team of this organisation {team_cost:.3f} s, of the 24-team demo "
            f"{small_cost:.3f} s: {team_cost / small_cost:.2f}x (goal <= 1.2x)\n"
        )

        sample = teams[: args.baseline_teams]
        _, new_sample = timed_run(data, work / "sample", sample, args.workers)
        old = baseline(args.baseline_rev, data, work / "baseline", sample, args.workers)
        print(f"{len(sample)}-team sample: okrcoach now {new_sample:.1f} s")
        if old is not None:
            print(
                f"  today's route ({args.baseline_rev}) {old:.1f} s: now {old / new_sample:.1f}x "
                f"faster (goal >= 4x)"
            )
        few = teams[: args.naive_teams]
        slow = naive(data, few, work / "naive") / len(few)
        print(
            f"naive route (papermill CLI + nbconvert CLI): {slow:.1f} s per team, "
            f"{slow * n / 60:.0f} min for all {n}: now {slow * n / wall:.0f}x faster"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
