"""The ``okrcoach`` command line.

Exit codes: 0 success, 2 bad input (the problems are listed; never a traceback for a
user's mistake).
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from . import __version__
from .errors import GoalDataError, OkrcoachError

EXIT_BAD_INPUT = 2


def _console(err: bool = False) -> Console:
    # Wide enough for problem tables in logs and CI, where there is no terminal to measure.
    return Console(stderr=err, width=None if sys.stdout.isatty() else 140, highlight=False)


def handles_user_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn okrcoach's own errors into a readable report and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except GoalDataError as exc:
            print_problems(exc, kwargs.get("fmt", "text"))
            sys.exit(EXIT_BAD_INPUT)
        except OkrcoachError as exc:
            _console(err=True).print(f"[bold red]error:[/] {exc}", markup=True)
            sys.exit(EXIT_BAD_INPUT)

    return wrapper


def print_problems(exc: GoalDataError, fmt: str = "text") -> None:
    problems = exc.problems
    if fmt == "json":
        click.echo(problems.astype(object).where(problems.notna(), None)
                   .to_json(orient="records", indent=2))
        return
    if fmt == "csv":
        click.echo(problems.to_csv(index=False), nl=False)
        return
    console = _console()
    table = Table(title=None, show_lines=False, header_style="bold")
    for col in ("file", "sheet", "row", "column", "reason", "message"):
        table.add_column(col, overflow="fold", no_wrap=col in {"row", "reason"})
    for rec in problems.itertuples(index=False):
        table.add_row(*[
            "" if v is None or (isinstance(v, float) and v != v) or str(v) == "<NA>" else str(v)
            for v in (Path(rec.file).name if rec.file else None, rec.sheet, rec.row, rec.column,
                      rec.reason, rec.message)
        ])
    console.print(table, markup=False)
    console.print(f"[bold red]✗ {exc}[/]")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="okrcoach")
def main() -> None:
    """okrcoach: check OKRs and KPIs, follow their trends, run quarterly retrospectives."""


@main.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("demo"), show_default=True, help="Folder to write the demo data into.")
@handles_user_errors
def demo(out_dir: Path) -> None:
    """Write the demo organisation (a workbook and a CSV folder)."""
    from . import demo as demo_org

    paths = demo_org.write(out_dir)
    from .goalset import load

    goals = load(paths["workbook"])
    console = _console()
    console.print(f"Wrote the demo organisation to [bold]{out_dir}[/]:")
    console.print(f"  workbook    {paths['workbook']}")
    console.print(f"  CSV folder  {paths['csv']}")
    _print_summary(console, goals)


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text",
              show_default=True, help="How to print problems.")
@handles_user_errors
def validate(path: Path, fmt: str) -> None:
    """Check goal data at PATH (.xlsx workbook, CSV folder or YAML/JSON draft).

    Lists every problem at once with file, sheet, row and column, and exits with 2 when
    there is any.
    """
    from .goalset import load

    goals = load(path)
    if fmt == "json":
        click.echo(json.dumps({name: len(t) for name, t in goals.tables()}))
        return
    if fmt == "csv":
        click.echo(goals.summary().to_csv(index=False), nl=False)
        return
    console = _console()
    console.print(f"[bold green]✓[/] {path} is valid goal data.")
    _print_summary(console, goals)


def _print_summary(console: Console, goals: Any) -> None:
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, frame in goals.tables():
        table.add_row(name, f"{len(frame):,}")
    console.print(table)
    teams = goals.objectives.loc[goals.objectives["level"].eq("team"), "team"].nunique()
    quarters = goals.quarters
    if not quarters:
        span = "no quarter given"
    elif len(quarters) == 1:
        span = quarters[0]
    else:
        span = f"{len(quarters)} quarters, {quarters[0]} to {quarters[-1]}"
    console.print(f"{teams} {'team' if teams == 1 else 'teams'}; {span}.")


if __name__ == "__main__":  # pragma: no cover
    main()
