"""The ``okrcoach`` command line.

Exit codes: 0 success, 1 findings that are errors (``lint``) or a failed team (``retro``),
2 bad input (the problems are listed; never a traceback for a user's mistake).
"""

from __future__ import annotations

import click

from .. import __version__
from . import checks, data, front_ends


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="okrcoach")
def main() -> None:
    """okrcoach: check OKRs and KPIs, follow their trends, run quarterly retrospectives."""


for command in (
    data.demo,
    data.validate,
    data.import_,
    checks.lint,
    front_ends.retro,
    front_ends.coach,
    front_ends.explore,
    checks.rule,
    checks.rules,
):
    main.add_command(command)

__all__ = ["main"]
