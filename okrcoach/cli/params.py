"""Click parameter types the commands share: days, quarters and comma-separated lists."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import OkrcoachError
from ..quarters import normalise_quarter


class Day(click.ParamType):
    """A calendar day, given as YYYY-MM-DD (or any form pandas reads); the value is the
    ISO text of the day."""

    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        import pandas as pd

        if value is None or value == "":
            return None
        try:
            return pd.Timestamp(value).date().isoformat()
        except (ValueError, TypeError):
            self.fail(f"{value!r} is not a date; write it as YYYY-MM-DD", param, ctx)


class Quarter(click.ParamType):
    """A quarter in any form goal files use (2026-Q3, Q3 2026, 2026q3); the value is
    ``2026-Q3``."""

    name = "QUARTER"

    def convert(self, value, param, ctx):
        try:
            return normalise_quarter(value)
        except OkrcoachError as exc:
            self.fail(str(exc), param, ctx)


class CommaList(click.ParamType):
    """Items separated by commas (``a,b``); blanks dropped. With ``choices``, every item
    must be one of them. The value is a tuple."""

    name = "LIST"

    def __init__(self, choices: tuple[str, ...] | None = None, what: str = "value"):
        self.choices, self.what = choices, what

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        items = tuple(v.strip() for v in str(value).split(",") if v.strip())
        if self.choices is not None:
            bad = [v for v in items if v not in self.choices]
            if bad or not items:
                self.fail(
                    f"unknown {self.what} {', '.join(bad) or '(none given)'}; choose "
                    f"from {', '.join(self.choices)}",
                    param,
                    ctx,
                )
        return items


def joined(ctx, param, value) -> tuple[str, ...]:
    """Callback for a repeatable :class:`CommaList` option: one flat tuple."""
    return tuple(item for group in value or () for item in group)


def comma_list(*names: str, help: str):
    """A repeatable option of comma-separated items, as one flat tuple."""
    return click.option(*names, multiple=True, type=CommaList(), callback=joined, help=help)


def config_file(help: str = "okrcoach.toml or pyproject.toml with lint settings."):
    """``--config``: the file the lint settings are read from."""
    return click.option(
        "--config",
        "config_path",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help=help,
    )


def goal_data():
    """``--data``: the organisation's goal data."""
    return click.option(
        "--data",
        "data",
        required=True,
        type=SOURCE,
        help="The organisation's goal data: a workbook, CSV folder, OKR tool export or "
        "database URL (sqlite:///goals.db).",
    )


class Source(click.ParamType):
    """Goal data: a path, or a database URL (``sqlite:///goals.db``) kept as text."""

    name = "PATH|URL"

    def convert(self, value, param, ctx):
        from ..loading.sources import as_source

        return value if isinstance(value, Path) else as_source(str(value))


SOURCE = Source()
DAY = Day()
QUARTER = Quarter()

__all__ = [
    "DAY",
    "QUARTER",
    "SOURCE",
    "CommaList",
    "Day",
    "Quarter",
    "comma_list",
    "config_file",
    "goal_data",
    "joined",
]
