"""Commands that run the notebooks: ``retro`` (every team's report), ``coach`` (the coaching
app, served) and ``explore`` (the organisation at a glance, headless)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import OkrcoachError
from ..jupyter.export import FORMATS
from .output import EXIT_FINDINGS, EXIT_INTERRUPTED, console, escape_path, handles_user_errors
from .params import DAY, QUARTER, CommaList, comma_list, config_file, goal_data


@click.command()
@goal_data()
@click.option("--quarter", required=True, type=QUARTER, help="Quarter to review, such as 2026-Q3.")
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the reports (one subfolder per quarter).",
)
@comma_list("--teams", help="Only these teams (repeat or comma-separate).")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Parallel worker processes [default: the number of cores].",
)
@click.option(
    "--format",
    "formats",
    type=CommaList(FORMATS, "format"),
    default="html,ipynb",
    show_default=True,
    help="What to write per team: html, ipynb or both.",
)
@click.option("--force", is_flag=True, help="Redo teams whose inputs are unchanged.")
@config_file()
@click.option("--as-of", "as_of", type=DAY, help="Day to judge from (default: the quarter's end).")
@click.option(
    "--notebook",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Retrospective notebook to run [default: notebooks/retro.ipynb].",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Run the teams on the Dask cluster at ADDRESS (tcp://host:8786), or on a cluster of "
    "--workers processes started here for 'local'.",
)
@click.option(
    "--fresh-kernels",
    is_flag=True,
    help="Start a new kernel for every team instead of one reused kernel per worker (slower).",
)
@handles_user_errors
def retro(
    data: Path,
    quarter: str,
    out_dir: Path,
    teams: tuple[str, ...],
    workers: int | None,
    formats: tuple[str, ...],
    force: bool,
    config_path: Path | None,
    as_of: str | None,
    notebook: Path | None,
    fresh_kernels: bool,
    scheduler: str | None,
) -> None:
    """Run the retrospective notebook for every team of a quarter.

    Writes OUT/QUARTER/<team>.html (a report without code that opens offline) and
    <team>.ipynb per team, plus index.html and summary.csv. Teams whose inputs are unchanged
    since the last run are skipped. Exit code 1 when any team's notebook failed (the others
    still complete), 2 on bad input.
    """
    from ..retro import batch

    progress = RunProgress("Retrospectives")
    try:
        result = batch.run(
            data,
            quarter,
            out_dir,
            teams=teams or None,
            workers=workers,
            formats=formats,
            force=force,
            config=config_path,
            as_of=as_of,
            notebook=notebook or batch.NOTEBOOK,
            fresh_kernels=fresh_kernels,
            scheduler=scheduler,
            on_start=progress.start,
            on_result=progress.result,
        )
    except KeyboardInterrupt:
        progress.stop()
        console(err=True).print(
            "[bold red]Interrupted.[/] Finished reports are kept; run "
            "the same command again to do the rest."
        )
        sys.exit(EXIT_INTERRUPTED)
    finally:
        progress.stop()
    print_batch(result)
    if result.failed:
        sys.exit(EXIT_FINDINGS)


class RunProgress:
    """A progress bar over teams, started once their number is known."""

    def __init__(self, title: str):
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[last]}"),
        )
        self.progress = Progress(*columns, console=console(), transient=False)
        self.task = self.progress.add_task(title, total=None, last="")

    def start(self, total: int) -> None:
        self.progress.update(self.task, total=total)
        self.progress.start()

    def result(self, result, done: int, total: int) -> None:
        from rich.markup import escape

        mark = {"done": "✓", "skipped": "=", "failed": "✗"}[result.status]
        last = escape(f"{mark} {result.team}")
        self.progress.update(self.task, completed=done, total=total, last=last)

    def stop(self) -> None:
        if self.progress.live.is_started:
            self.progress.stop()


def print_batch(result) -> None:
    """What a retro run did, and each failure's reason."""
    from rich.markup import escape

    out = console()
    counts = {s: sum(r.status == s for r in result.results) for s in ("done", "skipped", "failed")}
    out.print(
        f"{counts['done']} written, {counts['skipped']} unchanged (skipped), "
        f"{counts['failed']} failed in {result.wall_seconds:.1f} s."
    )
    out.print(f"Open [bold]{escape(str(result.index))}[/] for every team's report.", soft_wrap=True)
    if result.failed:
        out.print("[bold red]✗ Failed:[/]", soft_wrap=True)
        for r in result.failed:
            out.print(
                f"  {escape(r.team)}: {escape(r.error or 'unknown error')}",
                soft_wrap=True,
                markup=True,
            )


@click.command()
@click.option(
    "--draft",
    "draft",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A YAML draft to open.",
)
@click.option("--port", type=click.IntRange(1, 65535), default=8866, show_default=True)
@click.option(
    "--drafts",
    "drafts_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("drafts"),
    show_default=True,
    help="Folder where the draft is autosaved.",
)
@click.option(
    "--open/--no-open", "open_browser", default=False, help="Open a browser tab on the app."
)
@handles_user_errors
def coach(draft: Path | None, port: int, drafts_dir: Path, open_browser: bool) -> None:
    """Serve the coaching notebook as a web app on localhost (Voila; no code shown)."""
    import os
    import subprocess

    from ..resources import notebook as packaged_notebook
    from ..resources import templates

    notebook = packaged_notebook("coach.ipynb")
    if not notebook.exists():
        raise OkrcoachError(f"{notebook} not found")
    # templates/voila/templates/okrcoach: Voila's lab template without its CDN font
    paths = [str(templates()), os.environ.get("JUPYTER_PATH", "")]
    if draft:
        import yaml

        from ..coach.draft import Draft

        try:
            Draft.read(draft)
        except (yaml.YAMLError, AttributeError, TypeError) as exc:
            raise OkrcoachError(f"{draft} is not a YAML draft: {exc}") from None
    env = {
        **os.environ,
        "OKRCOACH_DRAFTS": str(drafts_dir.resolve()),
        "JUPYTER_PATH": os.pathsep.join(p for p in paths if p),
    }
    if draft:
        env["OKRCOACH_DRAFT"] = str(draft.resolve())
    voila = Path(sys.executable).parent / "voila"
    cmd = [
        str(voila) if voila.exists() else "voila",
        str(notebook),
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--no-browser" if not open_browser else "",
        "--VoilaConfiguration.show_tracebacks=False",
        "--template=okrcoach",
        f"--Voila.root_dir={notebook.parent}",
    ]
    console().print(
        f"OKR coach on [bold]http://127.0.0.1:{port}/[/] (Ctrl-C stops it); "
        f"drafts are autosaved in {escape_path(drafts_dir)}.",
        soft_wrap=True,
    )
    try:
        sys.exit(subprocess.call([c for c in cmd if c], env=env, cwd=notebook.parent))
    except KeyboardInterrupt:
        sys.exit(0)


@click.command()
@goal_data()
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for explore.html, explore.ipynb and exports/.",
)
@click.option("--quarters", help="Quarter range such as 2026-Q1:2026-Q3 [default: all].")
@click.option("--department", multiple=True, help="Only these departments (repeatable).")
@click.option("--team", multiple=True, help="Only these teams (repeatable).")
@click.option("--level", multiple=True, help="Only these objective levels (repeatable).")
@click.option("--category", multiple=True, help="Only these rule categories (repeatable).")
@config_file()
@click.option("--as-of", "as_of", type=DAY, help="Day to judge trends from (default: latest data).")
@click.option(
    "--export/--no-export",
    default=True,
    show_default=True,
    help="Write the selection's findings and scores as CSV and XLSX.",
)
@handles_user_errors
def explore(
    data: Path,
    out_dir: Path,
    quarters: str | None,
    department: tuple[str, ...],
    team: tuple[str, ...],
    level: tuple[str, ...],
    category: tuple[str, ...],
    config_path: Path | None,
    as_of: str | None,
    export: bool,
) -> None:
    """Run the exploration notebook headless, for a schedule or a mail.

    Writes OUT/explore.html (the organisation at a glance, without code; opens offline),
    OUT/explore.ipynb and, unless --no-export, OUT/exports/ (findings.csv,
    team_scores.csv, objective_scores.csv, exploration.xlsx). Exit code 2 on bad input.
    """
    if isinstance(data, Path) and not data.exists():
        raise click.BadParameter(f"{data} does not exist", param_hint="--data")
    from ..explore import headless

    out = console()
    with out.status("Running the exploration notebook ..."):
        result = headless.run(
            data,
            out_dir,
            quarters=quarters,
            department=department,
            team=team,
            level=level,
            category=category,
            config=config_path,
            as_of=as_of,
            export=export,
        )
    out.print(
        f"Wrote [bold]{escape_path(result.html)}[/] (opens offline) and "
        f"{escape_path(result.notebook)} in {result.seconds:.1f} s.",
        soft_wrap=True,
    )
    if result.exports:
        out.print(
            f"Exports in {escape_path(result.exports[next(iter(result.exports))].parent)}"
            f": {', '.join(result.exports)}.",
            soft_wrap=True,
            markup=False,
        )
