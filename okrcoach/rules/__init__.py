"""The rule catalogue: one small class per rule, one file per rule, a package per category.

``registry()`` returns every rule by code. Where is gameability decided? In the
``gameability`` package, one file a rule named for what it finds
(``gameability/vanity_metric.py``); focus in ``focus/``; and so on for outcome,
measurability, ownership, kpi and cadence.
"""

from .base import CATEGORIES, Rule, Severity, Target
from .catalogue import registry

__all__ = ["CATEGORIES", "Rule", "Severity", "Target", "registry"]
