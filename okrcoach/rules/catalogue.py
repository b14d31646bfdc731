"""Importing this module registers every rule (one module per category)."""

from . import (  # noqa: F401
    cadence,
    focus,
    gameability,
    gameable_numbers,
    kpi,
    measurability,
    outcome,
    ownership,
)
