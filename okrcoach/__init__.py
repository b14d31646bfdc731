"""okrcoach: OKR and KPI quality heuristics, trends and retrospectives for Jupyter.

>>> import okrcoach
>>> goals = okrcoach.load("demo/goals.xlsx")       # doctest: +SKIP
"""

from .config import Config, ConfigError
from .errors import GoalDataError, OkrcoachError, Reason
from .goalset import GoalSet, load
from .lint import lint, lint_draft, scores
from .trends import Trends, trends

__version__ = "0.1.0"

__all__ = ["Config", "ConfigError", "GoalDataError", "GoalSet", "OkrcoachError", "Reason",
           "Trends", "__version__", "lint", "lint_draft", "load", "scores", "trends"]
