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
            from rich.markup import escape

            _console(err=True).print(f"[bold red]error:[/] {escape(str(exc))}", soft_wrap=True)
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


# --- lint -------------------------------------------------------------------------------

EXIT_FINDINGS = 1


def _load_config(config_path: Path | None, select: tuple[str, ...], ignore: tuple[str, ...],
                 profile: str | None, min_severity: str | None):
    from .config import Config

    base = Config.from_file(config_path) if config_path else Config.discover()
    split = lambda values: tuple(v.strip() for item in values for v in item.split(",") if v.strip())  # noqa: E731
    return base.with_overrides(select=split(select), ignore=split(ignore), profile=profile,
                               min_severity=min_severity)


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text",
              show_default=True)
@click.option("--select", multiple=True, help="Rules to run: codes, prefixes, categories, names.")
@click.option("--ignore", multiple=True, help="Rules to skip (same forms as --select).")
@click.option("--team", multiple=True, help="Only these teams.")
@click.option("--quarter", multiple=True, help="Only these quarters (2026-Q3).")
@click.option("--profile", type=click.Choice(["default", "google", "doerr", "wodtke"]),
              help="Threshold profile.")
@click.option("--min-severity", type=click.Choice(["info", "warning", "error"]))
@click.option("--statistics", is_flag=True, help="Count findings per rule instead of listing.")
@click.option("--as-of", "as_of", help="Day the cadence rules judge from (default: the latest "
              "date in the data).")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False,
              path_type=Path), help="okrcoach.toml or pyproject.toml to read.")
@handles_user_errors
def lint(path: Path, fmt: str, select: tuple[str, ...], ignore: tuple[str, ...],
         team: tuple[str, ...], quarter: tuple[str, ...], profile: str | None,
         min_severity: str | None, statistics: bool, as_of: str | None,
         config_path: Path | None) -> None:
    """Check the OKRs and KPIs at PATH and suggest better phrasings.

    Exit code 0 when no finding is an error, 1 when any is, 2 on bad input.
    """
    import pandas as pd

    from .goalset import load
    from .lint import lint as run_lint

    config = _load_config(config_path, select, ignore, profile, min_severity)
    goals = load(path)
    try:
        when = pd.Timestamp(as_of) if as_of else None
    except ValueError:
        raise click.BadParameter(f"{as_of!r} is not a date; write it as YYYY-MM-DD",
                                 param_hint="--as-of") from None
    findings = run_lint(goals, config, as_of=when)
    if team:
        findings = findings[findings["team"].isin(team)]
    if quarter:
        findings = findings[findings["quarter"].isin(quarter) | findings["quarter"].isna()]
    findings = findings.reset_index(drop=True)
    if statistics:
        _print_statistics(findings, fmt)
    elif fmt == "json":
        click.echo(findings.astype(object).where(findings.notna(), None)
                   .to_json(orient="records", indent=2, force_ascii=False))
    elif fmt == "csv":
        click.echo(findings.to_csv(index=False), nl=False)
    else:
        _print_findings(goals, findings)
    if findings["severity"].eq("error").any():
        sys.exit(EXIT_FINDINGS)


def _print_statistics(findings: Any, fmt: str) -> None:
    counts = (findings.groupby(["code", "name", "severity"]).size().rename("count")
              .reset_index().sort_values(["count", "code"], ascending=[False, True]))
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
    _console().print(table)
    _console().print(f"{len(findings)} findings.")


_COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}


def _print_findings(goals: Any, findings: Any) -> None:
    """Grouped by team and quarter, then objective; user text is never read as markup."""
    from rich.markup import escape

    console = _console()
    if findings.empty:
        console.print("[bold green]✓[/] No findings.")
        return
    titles = goals.objectives.set_index("objective_id")["title"].to_dict()
    kr_text = goals.key_results.set_index("kr_id")["text"].to_dict()
    kr_obj = goals.key_results.set_index("kr_id")["objective_id"].to_dict()
    f = findings.assign(obj=findings["objective_id"].fillna(findings["kr_id"].map(kr_obj)))
    rank = f["severity"].map({"error": 0, "warning": 1, "info": 2})
    f = f.assign(rank=rank).sort_values(["team", "quarter", "obj", "kr_id", "rank"],
                                        na_position="first", kind="stable")
    for (team, quarter), group in f.groupby(["team", "quarter"], dropna=False, sort=False):
        head = " · ".join(str(x) for x in (team, quarter) if isinstance(x, str))
        console.print(f"\n[bold]{escape(head or 'Organisation')}[/]")
        for obj, items in group.groupby("obj", dropna=False, sort=False):
            indent = "  "
            if isinstance(obj, str):
                console.print(f"  [bold]{escape(obj)}[/] {escape(str(titles.get(obj, '')))}")
                indent = "    "
            last_kr = None
            for rec in items.itertuples(index=False):
                about = rec.kpi_id if isinstance(rec.kpi_id, str) else ""
                colour = _COLOURS.get(rec.severity, "white")
                if isinstance(rec.kr_id, str) and rec.kr_id != last_kr:
                    console.print(f"{indent}[dim]{escape(rec.kr_id)}[/] "
                                  f"{escape(str(kr_text.get(rec.kr_id, '')))}")
                    last_kr = rec.kr_id
                console.print(f"{indent}  [{colour}]{rec.code} {rec.severity}[/] "
                              f"{escape(about + ' ' if about else '')}{escape(rec.message)}")
                if isinstance(rec.suggestion, str):
                    console.print(f"{indent}    [green]→ {escape(rec.suggestion)}[/]")
    counts = findings["severity"].value_counts()
    summary = ", ".join(f"{counts[s]} {s}" for s in ("error", "warning", "info") if s in counts)
    console.print(f"\n{len(findings)} findings ({summary}).")


@main.command()
@click.option("--data", "data", required=True, type=click.Path(path_type=Path),
              help="The organisation's goal data (.xlsx workbook or CSV folder).")
@click.option("--quarter", required=True, help="Quarter to review, such as 2026-Q3.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False,
              path_type=Path), help="Folder for the reports (one subfolder per quarter).")
@click.option("--teams", multiple=True, help="Only these teams (repeat or comma-separate).")
@click.option("--workers", type=click.IntRange(min=1), help="Parallel worker processes "
              "[default: the number of cores].")
@click.option("--format", "formats", default="html,ipynb", show_default=True,
              help="What to write per team: html, ipynb or both.")
@click.option("--force", is_flag=True, help="Redo teams whose inputs are unchanged.")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False,
              path_type=Path), help="okrcoach.toml or pyproject.toml with lint settings.")
@click.option("--as-of", "as_of", help="Day to judge from (default: the quarter's end).")
@click.option("--notebook", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Retrospective notebook to run [default: notebooks/retro.ipynb].")
@click.option("--fresh-kernels", is_flag=True, help="Start a new kernel for every team "
              "instead of one reused kernel per worker (slower).")
@handles_user_errors
def retro(data: Path, quarter: str, out_dir: Path, teams: tuple[str, ...],
          workers: int | None, formats: str, force: bool, config_path: Path | None,
          as_of: str | None, notebook: Path | None, fresh_kernels: bool) -> None:
    """Run the retrospective notebook for every team of a quarter.

    Writes OUT/QUARTER/<team>.html (a report without code that opens offline) and
    <team>.ipynb per team, plus index.html and summary.csv. Teams whose inputs are unchanged
    since the last run are skipped. Exit code 1 when any team's notebook failed (the others
    still complete), 2 on bad input.
    """
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from . import batch

    chosen = tuple(t.strip() for item in teams for t in item.split(",") if t.strip())
    fmt = tuple(f.strip() for f in formats.split(",") if f.strip())
    if as_of:
        import pandas as pd

        try:
            pd.Timestamp(as_of)
        except ValueError:
            raise click.BadParameter(f"{as_of!r} is not a date; write it as YYYY-MM-DD",
                                     param_hint="--as-of") from None
    console = _console()
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn(), TextColumn("{task.fields[last]}"))
    progress = Progress(*columns, console=console, transient=False)
    task = progress.add_task("Retrospectives", total=None, last="")

    def on_start(total):
        progress.update(task, total=total)
        progress.start()

    def on_result(result, done, total):
        mark = {"done": "✓", "skipped": "=", "failed": "✗"}[result.status]
        progress.update(task, completed=done, total=total, last=escape(f"{mark} {result.team}"))

    try:
        result = batch.run(data, quarter, out_dir, teams=chosen or None, workers=workers,
                           formats=fmt, force=force, config=config_path, as_of=as_of,
                           notebook=notebook or batch.NOTEBOOK, fresh_kernels=fresh_kernels,
                           on_start=on_start, on_result=on_result)
    except KeyboardInterrupt:
        if progress.live.is_started:
            progress.stop()
        _console(err=True).print("[bold red]Interrupted.[/] Finished reports are kept; run "
                                 "the same command again to do the rest.")
        sys.exit(130)
    finally:
        if progress.live.is_started:
            progress.stop()
    counts = {s: sum(r.status == s for r in result.results) for s in ("done", "skipped",
                                                                         "failed")}
    console.print(f"{counts['done']} written, {counts['skipped']} unchanged (skipped), "
                  f"{counts['failed']} failed in {result.wall_seconds:.1f} s.")
    console.print(f"Open [bold]{escape(str(result.index))}[/] for every team's report.",
                  soft_wrap=True)
    if result.failed:
        console.print("[bold red]✗ Failed:[/]", soft_wrap=True)
        for r in result.failed:
            console.print(f"  {escape(r.team)}: {escape(r.error or 'unknown error')}",
                          soft_wrap=True, markup=True)
        sys.exit(EXIT_FINDINGS)


@main.command()
@click.option("--draft", "draft", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A YAML draft to open.")
@click.option("--port", type=click.IntRange(1, 65535), default=8866, show_default=True)
@click.option("--drafts", "drafts_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("drafts"), show_default=True,
              help="Folder where the draft is autosaved.")
@click.option("--open/--no-open", "open_browser", default=False,
              help="Open a browser tab on the app.")
@handles_user_errors
def coach(draft: Path | None, port: int, drafts_dir: Path, open_browser: bool) -> None:
    """Serve the coaching notebook as a web app on localhost (Voila; no code shown)."""
    import os
    import subprocess

    from . import resources

    notebook = resources.notebook("coach.ipynb")
    if not notebook.exists():
        raise OkrcoachError(f"{notebook} not found: reinstall okrcoach")
    # templates/voila/templates/okrcoach: Voila's lab template without its CDN font
    paths = [str(resources.templates()), os.environ.get("JUPYTER_PATH", "")]
    if draft:
        import yaml

        from .draft import Draft

        try:
            Draft.read(draft)
        except (yaml.YAMLError, AttributeError, TypeError) as exc:
            raise OkrcoachError(f"{draft} is not a YAML draft: {exc}") from None
    env = {**os.environ, "OKRCOACH_DRAFTS": str(drafts_dir.resolve()),
           "JUPYTER_PATH": os.pathsep.join(p for p in paths if p)}
    if draft:
        env["OKRCOACH_DRAFT"] = str(draft.resolve())
    voila = Path(sys.executable).parent / "voila"
    cmd = [str(voila) if voila.exists() else "voila", str(notebook), f"--port={port}",
           "--Voila.ip=127.0.0.1", "--no-browser" if not open_browser else "",
           "--VoilaConfiguration.show_tracebacks=False", "--template=okrcoach",
           f"--Voila.root_dir={notebook.parent}"]
    _console().print(f"OKR coach on [bold]http://127.0.0.1:{port}/[/] (Ctrl-C stops it); "
                     f"drafts are autosaved in {escape_path(drafts_dir)}.", soft_wrap=True)
    try:
        sys.exit(subprocess.call([c for c in cmd if c], env=env, cwd=notebook.parent))
    except KeyboardInterrupt:
        sys.exit(0)


@main.command()
@click.option("--data", "data", required=True, type=click.Path(path_type=Path),
              help="The organisation's goal data (.xlsx workbook or CSV folder).")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False,
              path_type=Path), help="Folder for explore.html, explore.ipynb and exports/.")
@click.option("--quarters", help="Quarter range such as 2026-Q1:2026-Q3 [default: all].")
@click.option("--department", multiple=True, help="Only these departments (repeatable).")
@click.option("--team", multiple=True, help="Only these teams (repeatable).")
@click.option("--level", multiple=True, help="Only these objective levels (repeatable).")
@click.option("--category", multiple=True, help="Only these rule categories (repeatable).")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False,
              path_type=Path), help="okrcoach.toml or pyproject.toml with lint settings.")
@click.option("--as-of", "as_of", help="Day to judge trends from (default: latest data).")
@click.option("--export/--no-export", default=True, show_default=True,
              help="Write the selection's findings and scores as CSV and XLSX.")
@handles_user_errors
def explore(data: Path, out_dir: Path, quarters: str | None, department: tuple[str, ...],
            team: tuple[str, ...], level: tuple[str, ...], category: tuple[str, ...],
            config_path: Path | None, as_of: str | None, export: bool) -> None:
    """Run the exploration notebook headless, for a schedule or a mail.

    Writes OUT/explore.html (the organisation at a glance, without code; opens offline),
    OUT/explore.ipynb and, unless --no-export, OUT/exports/ (findings.csv,
    team_scores.csv, objective_scores.csv, exploration.xlsx). Exit code 2 on bad input.
    """
    if not data.exists():
        raise click.BadParameter(f"{data} does not exist", param_hint="--data")
    from . import explore as ex

    console = _console()
    with console.status("Running the exploration notebook ..."):
        result = ex.run(data, out_dir, quarters=quarters, department=department, team=team,
                        level=level, category=category, config=config_path, as_of=as_of,
                        export=export)
    console.print(f"Wrote [bold]{escape_path(result.html)}[/] (opens offline) and "
                  f"{escape_path(result.notebook)} in {result.seconds:.1f} s.", soft_wrap=True)
    if result.exports:
        console.print(f"Exports in {escape_path(result.exports[next(iter(result.exports))].parent)}"
                      f": {', '.join(result.exports)}.", soft_wrap=True, markup=False)


def escape_path(path: Path) -> str:
    from rich.markup import escape

    return escape(str(path))


@main.command()
@click.argument("code")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@handles_user_errors
def rule(code: str, fmt: str) -> None:
    """Print the documentation of one rule (by code or name)."""
    from .config import _find_rule
    from .rules.base import registry
    from .rules.docs import rule_json, rule_markdown

    found = _find_rule(code, registry())
    if fmt == "json":
        click.echo(json.dumps(rule_json(found), indent=2, ensure_ascii=False))
    else:
        from rich.markdown import Markdown

        _console().print(Markdown(rule_markdown(found)))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]),
              default="text")
def rules(fmt: str) -> None:
    """List every rule (markdown: the page docs/rules.md is generated from)."""
    from .rules.base import registry
    from .rules.docs import rule_json, rules_markdown

    if fmt == "markdown":
        click.echo(rules_markdown(), nl=False)
        return
    if fmt == "json":
        click.echo(json.dumps([rule_json(r) for r in registry().values()], indent=2,
                              ensure_ascii=False))
        return
    table = Table(header_style="bold", box=None)
    for col in ("code", "name", "severity", "summary"):
        table.add_column(col)
    for r in registry().values():
        table.add_row(r.code, r.name, str(r.severity), r.summary())
    _console().print(table)


if __name__ == "__main__":  # pragma: no cover
    main()
