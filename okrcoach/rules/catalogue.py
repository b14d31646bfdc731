"""Importing this module registers every rule (one module per category)."""

from . import focus, gameability, kpi, measurability, outcome, ownership  # noqa: F401
