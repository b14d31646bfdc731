"""okrcoach: OKR and KPI quality heuristics, trends and retrospectives for Jupyter.

>>> import okrcoach
>>> goals = okrcoach.load("demo/goals.xlsx")       # doctest: +SKIP
"""

from .errors import GoalDataError, OkrcoachError, Reason
from .goalset import GoalSet, load

__version__ = "0.1.0"

__all__ = ["GoalDataError", "GoalSet", "OkrcoachError", "Reason", "__version__", "load"]
