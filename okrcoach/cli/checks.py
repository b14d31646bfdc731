"""Commands that check OKRs: ``lint``, and the rules' documentation (``rule``, ``rules``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.table import Table

from ..config import PROFILES
from .output import EXIT_FINDINGS, console, handles_user_errors, print_findings, print_statistics
from .params import DAY, QUARTER, SOURCE, comma_list, config_file


def load_config(
    config_path: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    profile: str | None,
    min_severity: str | None,
):
    from ..config import Config

    base = Config.from_file(config_path) if config_path else Config.discover()
    return base.with_overrides(
        select=select, ignore=ignore, profile=profile, min_severity=min_severity
    )


@click.command()
@click.argument("path", type=SOURCE)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True
)
@comma_list("--select", help="Rules to run: codes, prefixes, categories, names.")
@comma_list("--ignore", help="Rules to skip (same forms as --select).")
@click.option("--team", multiple=True, help="Only these teams.")
@click.option("--quarter", multiple=True, type=QUARTER, help="Only these quarters (2026-Q3).")
@click.option("--profile", type=click.Choice(PROFILES), help="Threshold profile.")
@click.option("--min-severity", type=click.Choice(["info", "warning", "error"]))
@click.option("--statistics", is_flag=True, help="Count findings per rule instead of listing.")
@click.option(
    "--as-of",
    "as_of",
    type=DAY,
    help="Day the cadence rules judge from (default: the latest date in the data).",
)
@config_file("okrcoach.toml or pyproject.toml to read.")
@handles_user_errors
def lint(
    path: Path,
    fmt: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    team: tuple[str, ...],
    quarter: tuple[str, ...],
    profile: str | None,
    min_severity: str | None,
    statistics: bool,
    as_of: str | None,
    config_path: Path | None,
) -> None:
    """Check the OKRs and KPIs at PATH and suggest better phrasings.

    Exit code 0 when no finding is an error, 1 when any is, 2 on bad input.
    """
    from ..lint import lint as run_lint
    from ..loading.loader import load

    config = load_config(config_path, select, ignore, profile, min_severity)
    goals = load(path)
    findings = run_lint(goals, config, as_of=as_of)
    if team:
        findings = findings[findings["team"].isin(team)]
    if quarter:
        findings = findings[findings["quarter"].isin(quarter) | findings["quarter"].isna()]
    findings = findings.reset_index(drop=True)
    if statistics:
        print_statistics(findings, fmt)
    elif fmt == "json":
        click.echo(
            findings.astype(object)
            .where(findings.notna(), None)
            .to_json(orient="records", indent=2, force_ascii=False)
        )
    elif fmt == "csv":
        click.echo(findings.to_csv(index=False), nl=False)
    else:
        print_findings(goals, findings)
    if findings["severity"].eq("error").any():
        sys.exit(EXIT_FINDINGS)


@click.command()
@click.argument("code")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@handles_user_errors
def rule(code: str, fmt: str) -> None:
    """Print the documentation of one rule (by code or name)."""
    from ..config import find_rule
    from ..rules.catalogue import registry
    from ..rules.docs import rule_json, rule_markdown

    found = find_rule(code, registry())
    if fmt == "json":
        click.echo(json.dumps(rule_json(found), indent=2, ensure_ascii=False))
    else:
        from rich.markdown import Markdown

        console().print(Markdown(rule_markdown(found)))


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text")
def rules(fmt: str) -> None:
    """List every rule (markdown: the page docs/rules.md is generated from)."""
    from ..rules.catalogue import registry
    from ..rules.docs import rule_json, rules_markdown

    if fmt == "markdown":
        click.echo(rules_markdown(), nl=False)
        return
    if fmt == "json":
        click.echo(
            json.dumps([rule_json(r) for r in registry().values()], indent=2, ensure_ascii=False)
        )
        return
    table = Table(header_style="bold", box=None)
    for col in ("code", "name", "severity", "summary"):
        table.add_column(col)
    for r in registry().values():
        table.add_row(r.code, r.name, str(r.severity), r.summary())
    console().print(table)
