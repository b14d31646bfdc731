"""Commands about goal data itself: ``demo`` and ``validate``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..loading.exports.catalogue import LAYOUTS
from .output import console, escape_path, handles_user_errors, print_summary
from .params import QUARTER, SOURCE


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
    from ..loading.loader import load

    goals = load(paths["workbook"])
    out = console()
    out.print(f"Wrote the demo organisation to [bold]{escape_path(out_dir)}[/]:")
    out.print(f"  workbook    {escape_path(paths['workbook'])}")
    out.print(f"  CSV folder  {escape_path(paths['csv'])}")
    print_summary(out, goals)


@click.command()
@click.argument("path", type=SOURCE)
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
    from ..loading.loader import load

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


def _mapping(ctx, param, value) -> dict[str, str]:
    out = {}
    for item in value or ():
        header, sep, target = item.partition("=")
        if not sep or not header.strip() or not target.strip():
            raise click.BadParameter(f"{item!r} is not HEADER=field", ctx=ctx, param=param)
        out[header.strip()] = target.strip()
    return out


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--layout",
    type=click.Choice(sorted(LAYOUTS)),
    help="Read FILE as this tool's layout [default: recognised from the header].",
)
@click.option(
    "--map",
    "mapping",
    multiple=True,
    callback=_mapping,
    metavar="HEADER=FIELD",
    help="A column of FILE and the field it holds (repeatable); see docs/importing.md.",
)
@click.option("--quarter", type=QUARTER, help="Quarter for objectives the file gives none.")
@click.option(
    "--out",
    "out",
    required=True,
    type=SOURCE,
    help="Where to write okrcoach's tables: goals.xlsx, a CSV folder, or a database URL.",
)
@handles_user_errors
def import_(
    file: Path, layout: str | None, mapping: dict[str, str], quarter: str | None, out
) -> None:
    """Read an OKR tool's export (FILE) and write okrcoach's five tables.

    The layout is recognised from the header (BurningOKR, Betterworks, Culture Amp,
    Peoplebox, puzzle/okr, okr-tracker) or mapped with --map. Prints the layout used, what
    was derived (ids, quarters, parents) and a summary; exits with 2 and every problem on
    bad input.
    """
    from dataclasses import replace

    from ..loading.loader import load
    from ..loading.sources import is_url

    goals = load(file, layout=layout, columns=mapping or None)
    if quarter is not None:
        obj = goals.objectives
        missing = obj["quarter"].isna()
        if missing.any():
            obj = obj.assign(quarter=obj["quarter"].where(~missing, quarter))
            goals = replace(
                goals,
                objectives=obj,
                notes=(
                    *goals.notes,
                    f"{int(missing.sum()):,} objectives given the quarter {quarter}",
                ),
            )
    if is_url(out):
        written = goals.to_sql(out)
    elif Path(out).suffix.lower() in (".xlsx", ".xlsm"):
        written = goals.to_excel(out)
    else:
        written = goals.to_csv(out)
    con = console()
    con.print(f"[bold green]✓[/] Read {escape_path(file)}; wrote {escape_path(written)}.")
    print_summary(con, goals)
