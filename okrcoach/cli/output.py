"""How the commands print: problem tables, findings, summaries; and exit codes.

User text (titles, key results, paths) is never read as rich markup.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from ..errors import GoalDataError, OkrcoachError, shown_value
from ..findings import ordered

EXIT_FINDINGS = 1  # lint: a finding is an error; retro: a team's notebook failed
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130
COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}


def console(err: bool = False) -> Console:
    """Where the commands print (standard error with ``err``)."""
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
            from rich.markup import escape

            console(err=True).print(f"[bold red]error:[/] {escape(str(exc))}", soft_wrap=True)
            sys.exit(EXIT_BAD_INPUT)

    return wrapper


def print_problems(exc: GoalDataError, fmt: str = "text") -> None:
    """Every problem of a goal-data error: a table, or JSON/CSV records."""
    problems = exc.problems
    if fmt == "json":
        click.echo(
            problems.astype(object)
            .where(problems.notna(), None)
            .to_json(orient="records", indent=2)
        )
        return
    if fmt == "csv":
        click.echo(problems.to_csv(index=False), nl=False)
        return
    con = console()
    table = Table(title=None, show_lines=False, header_style="bold")
    database = problems["file"].astype(str).str.contains("://", regex=False).any()
    where = ["file", "table" if database else "sheet"]
    where += [c for c in ("row", "key") if problems[c].notna().any()]
    for col in (*where, "column", "value", "reason", "message"):
        table.add_column(col, overflow="fold", no_wrap=col in {"row", "reason"})
    for rec in problems.itertuples(index=False):
        cells = {
            "file": shown_source(rec.file),
            "sheet": rec.sheet,
            "table": rec.sheet,
            "row": rec.row,
            "key": rec.key,
            "column": rec.column,
        }
        shown_cells = [
            "" if v is None or (isinstance(v, float) and v != v) or str(v) == "<NA>" else str(v)
            for v in (cells[c] for c in (*where, "column"))
        ]
        table.add_row(*shown_cells, shown_value(rec.value), rec.reason, rec.message)
    con.print(table, markup=False)
    con.print(f"[bold red]✗ {exc}[/]")


def shown_source(file: Any) -> str | None:
    """A problem's file as the table shows it: the file's name, or a database URL as given
    (without its password)."""
    if not file:
        return None
    text = str(file)
    return text if "://" in text else Path(text).name


def print_summary(con: Console, goals: Any) -> None:
    """Rows per table, teams and quarters of a GoalSet."""
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, frame in goals.tables():
        table.add_row(name, f"{len(frame):,}")
    con.print(table)
    teams = goals.objectives.loc[goals.objectives["level"].eq("team"), "team"].nunique()
    quarters = goals.quarters
    if not quarters:
        span = "no quarter given"
    elif len(quarters) == 1:
        span = quarters[0]
    else:
        span = f"{len(quarters)} quarters, {quarters[0]} to {quarters[-1]}"
    con.print(f"{teams} {'team' if teams == 1 else 'teams'}; {span}.")
    from rich.markup import escape

    for note in getattr(goals, "notes", ()):
        con.print(f"[dim]note:[/] {escape(note)}", soft_wrap=True)


def print_statistics(findings: Any, fmt: str) -> None:
    """Findings counted per rule."""
    counts = (
        findings.groupby(["code", "name", "severity"])
        .size()
        .rename("count")
        .reset_index()
        .sort_values(["count", "code"], ascending=[False, True])
    )
    if fmt == "json":
        click.echo(counts.to_json(orient="records", indent=2))
        return
    if fmt == "csv":
        click.echo(counts.to_csv(index=False), nl=False)
        return
    table = Table(header_style="bold", box=None)
    for col in ("count", "code", "name", "severity"):
        table.add_column(col, justify="right" if col == "count" else "left")
    for rec in counts.itertuples(index=False):
        table.add_row(str(rec.count), rec.code, rec.name, rec.severity)
    console().print(table)
    console().print(f"{len(findings)} findings.")


COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}


def print_findings(goals: Any, findings: Any) -> None:
    """Grouped by team and quarter, then objective; user text is never read as markup."""
    from rich.markup import escape

    con = console()
    if findings.empty:
        con.print("[bold green]✓[/] No findings.")
        return
    titles = goals.objectives.set_index("objective_id")["title"].to_dict()
    kr_text = goals.key_results.set_index("kr_id")["text"].to_dict()
    f = ordered(findings, ("team", "quarter", "objective_id", "kr_id", "severity"))
    f = f.assign(obj=f["objective_id"])  # set on key-result findings too
    for (team, quarter), group in f.groupby(["team", "quarter"], dropna=False, sort=False):
        head = " · ".join(str(x) for x in (team, quarter) if isinstance(x, str))
        con.print(f"\n[bold]{escape(head or 'Organisation')}[/]")
        for obj, items in group.groupby("obj", dropna=False, sort=False):
            indent = "  "
            if isinstance(obj, str):
                con.print(f"  [bold]{escape(obj)}[/] {escape(str(titles.get(obj, '')))}")
                indent = "    "
            last_kr = None
            for rec in items.itertuples(index=False):
                about = rec.kpi_id if isinstance(rec.kpi_id, str) else ""
                colour = COLOURS.get(rec.severity, "white")
                if isinstance(rec.kr_id, str) and rec.kr_id != last_kr:
                    con.print(
                        f"{indent}[dim]{escape(rec.kr_id)}[/] "
                        f"{escape(str(kr_text.get(rec.kr_id, '')))}"
                    )
                    last_kr = rec.kr_id
                con.print(
                    f"{indent}  [{colour}]{rec.code} {rec.severity}[/] "
                    f"{escape(about + ' ' if about else '')}{escape(rec.message)}"
                )
                if isinstance(rec.question, str):
                    con.print(f"{indent}    [cyan]? {escape(rec.question)}[/]")
                if isinstance(rec.suggestion, str):
                    con.print(f"{indent}    [green]→ {escape(rec.suggestion)}[/]")
    counts = findings["severity"].value_counts()
    summary = ", ".join(f"{counts[s]} {s}" for s in ("error", "warning", "info") if s in counts)
    con.print(f"\n{len(findings)} findings ({summary}).")


def escape_path(path: Path | str) -> str:
    """A path or URL (user text) safe to print with rich markup on; a URL without its
    password."""
    from rich.markup import escape

    from ..loading.sources import shown

    return escape(shown(path))
