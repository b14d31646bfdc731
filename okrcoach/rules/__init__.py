"""The rule catalogue: one small class per rule, one module per category.

``registry()`` returns every rule by code. Where is gameability decided? In
``gameability.py``; focus in ``focus.py``; and so on for outcome, measurability,
ownership and kpi.
"""

from .base import CATEGORIES, Rule, Severity, Target, registry

__all__ = ["CATEGORIES", "Rule", "Severity", "Target", "registry"]
