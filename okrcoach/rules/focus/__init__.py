"""Focus: too many priorities, spread too thin."""

from .duplicate_objectives import DuplicateObjectives
from .key_result_count import KeyResultCount
from .long_objective import LongObjective
from .owner_overload import OwnerOverload
from .too_many_kpis import TooManyKpis
from .too_many_objectives import TooManyObjectives

__all__ = [
    "DuplicateObjectives",
    "KeyResultCount",
    "LongObjective",
    "OwnerOverload",
    "TooManyKpis",
    "TooManyObjectives",
]
