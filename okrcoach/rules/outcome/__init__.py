"""Outcome vs output: key results and objectives that describe work instead of its effect."""

from .objective_holds_number import ObjectiveHoldsNumber
from .objective_is_bare_metric import ObjectiveIsBareMetric
from .objective_is_task import ObjectiveIsTask
from .output_key_result import OutputKeyResult
from .output_or_outcome_unclear import OutputOrOutcomeUnclear
from .routine_work import RoutineWork

__all__ = [
    "ObjectiveHoldsNumber",
    "ObjectiveIsBareMetric",
    "ObjectiveIsTask",
    "OutputKeyResult",
    "OutputOrOutcomeUnclear",
    "RoutineWork",
]
