"""Every rule okrcoach has: importing the category packages registers their rules.

A rule registers itself when its class is defined (:class:`~okrcoach.rules.base.Rule`);
each category's package imports its rule modules, one rule a file, and this module imports
the categories. The base knows no rule.
"""

from __future__ import annotations

from . import cadence, focus, gameability, kpi, measurability, outcome, ownership
from .base import REGISTERED, Rule

#: The category packages, in the order the docs list them.
PACKAGES = (outcome, measurability, gameability, focus, ownership, kpi, cadence)


def registry() -> dict[str, type[Rule]]:
    """Every registered rule by code, in code order."""
    return dict(sorted(REGISTERED.items()))


__all__ = ["PACKAGES", "registry"]
