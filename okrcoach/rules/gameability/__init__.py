"""Gameability: key results that can be met by moving the metric instead of reality."""

from .activity_count import ActivityCount
from .gameable_number import GameableNumber
from .growth_without_guardrail import GrowthWithoutGuardrail
from .high_confidence import HighConfidence
from .target_already_met import TargetAlreadyMet
from .vanity_metric import VanityMetric
from .volume_without_counter_metric import VolumeWithoutCounterMetric

__all__ = [
    "ActivityCount",
    "GameableNumber",
    "GrowthWithoutGuardrail",
    "HighConfidence",
    "TargetAlreadyMet",
    "VanityMetric",
    "VolumeWithoutCounterMetric",
]
