"""Cadence and history: what only the data over time shows (check-ins, scores, KPI health)."""

from .chronic_under_scoring import ChronicUnderScoring
from .hockey_stick import HockeyStick
from .sandbagging import Sandbagging
from .set_and_forget import SetAndForget
from .stale_checkins import StaleCheckins
from .unaddressed_kpi import UnaddressedKpi

__all__ = [
    "ChronicUnderScoring",
    "HockeyStick",
    "Sandbagging",
    "SetAndForget",
    "StaleCheckins",
    "UnaddressedKpi",
]
