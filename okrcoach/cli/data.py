"""Commands about goal data itself: ``demo`` and ``validate``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .output import console, escape_path, handles_user_errors, print_summary


@click.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("demo"),
    show_default=True,
    help="Folder to write the demo data into.",
)
@handles_user_errors
def demo(out_dir: Path) -> None:
    """Write the demo organisation (a workbook and a CSV folder)."""
    from .. import demo as demo_org

    paths = demo_org.write(out_dir)
    from ..goalset import load

    goals = load(paths["workbook"])
    out = console()
    out.print(f"Wrote the demo organisation to [bold]{escape_path(out_dir)}[/]:")
    out.print(f"  workbook    {escape_path(paths['workbook'])}")
    out.print(f"  CSV folder  {escape_path(paths['csv'])}")
    print_summary(out, goals)


@click.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "csv"]),
    default="text",
    show_default=True,
    help="How to print problems.",
)
@handles_user_errors
def validate(path: Path, fmt: str) -> None:
    """Check goal data at PATH (.xlsx workbook, CSV folder or YAML/JSON draft).

    Lists every problem at once with file, sheet, row and column, and exits with 2 when
    there is any.
    """
    from ..goalset import load

    goals = load(path)
    if fmt == "json":
        click.echo(json.dumps({name: len(t) for name, t in goals.tables()}))
        return
    if fmt == "csv":
        click.echo(goals.summary().to_csv(index=False), nl=False)
        return
    out = console()
    out.print(f"[bold green]✓[/] {escape_path(path)} is valid goal data.")
    print_summary(out, goals)
