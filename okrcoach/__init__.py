"""okrcoach: OKR and KPI quality heuristics, trends and retrospectives for Jupyter.

>>> import okrcoach
>>> goals = okrcoach.load("demo/goals.xlsx")       # doctest: +SKIP
>>> findings = okrcoach.lint(goals)                # doctest: +SKIP

``okrcoach.lint`` and ``okrcoach.trends`` are modules that can be called as their main
function, so ``okrcoach.lint.scores`` and ``okrcoach.trends.Trends`` work too.
"""

from . import lint, trends
from .config import Config, ConfigError
from .errors import GoalDataError, OkrcoachError, Reason
from .goalset import GoalSet
from .lint import lint_draft, scores
from .loading.loader import load
from .trends import Trends

__version__ = "0.1.0"

__all__ = [
    "Config",
    "ConfigError",
    "GoalDataError",
    "GoalSet",
    "OkrcoachError",
    "Reason",
    "Trends",
    "__version__",
    "lint",
    "lint_draft",
    "load",
    "scores",
    "trends",
]
