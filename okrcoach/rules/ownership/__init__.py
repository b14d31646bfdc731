"""Ownership and alignment: someone is accountable, and the goal connects upward."""

from .key_result_without_owner import KeyResultWithoutOwner
from .kind_not_declared import KindNotDeclared
from .objective_without_owner import ObjectiveWithoutOwner
from .unaligned_objective import UnalignedObjective

__all__ = [
    "KeyResultWithoutOwner",
    "KindNotDeclared",
    "ObjectiveWithoutOwner",
    "UnalignedObjective",
]
