"""Measurability: can anyone tell, at the end of the quarter, whether the key result was met?"""

from .ambiguous_metric import AmbiguousMetric
from .binary_key_result import BinaryKeyResult
from .no_baseline import NoBaseline
from .no_direction import NoDirection
from .no_number import NoNumber
from .unit_mismatch import UnitMismatch
from .vague_verb import VagueVerb

__all__ = [
    "AmbiguousMetric",
    "BinaryKeyResult",
    "NoBaseline",
    "NoDirection",
    "NoNumber",
    "UnitMismatch",
    "VagueVerb",
]
