"""KPI definitions: a KPI is complete when it states formula, source, frequency,
thresholds and owner."""

from .thresholds_reversed import KpiThresholdsReversed
from .without_formula import KpiWithoutFormula
from .without_frequency import KpiWithoutFrequency
from .without_owner import KpiWithoutOwner
from .without_source import KpiWithoutSource
from .without_thresholds import KpiWithoutThresholds

__all__ = [
    "KpiThresholdsReversed",
    "KpiWithoutFormula",
    "KpiWithoutFrequency",
    "KpiWithoutOwner",
    "KpiWithoutSource",
    "KpiWithoutThresholds",
]
