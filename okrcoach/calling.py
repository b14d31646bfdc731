"""Modules that can be called like their main function.

``okrcoach.lint(goals)`` and ``okrcoach.trends(goals)`` are the documented calls, and
``okrcoach.lint.scores`` or ``okrcoach.trends.Trends`` must reach the modules' other names.
Binding the functions in the package's namespace would hide the modules, so instead each
module's class becomes one whose instances forward calls to the function.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable


def callable_module(name: str, func: Callable) -> None:
    """Make the module ``name`` callable: calling it calls ``func``."""

    class CallableModule(types.ModuleType):
        def __call__(self, *args, **kwargs):
            return func(*args, **kwargs)

    CallableModule.__call__.__doc__ = func.__doc__
    sys.modules[name].__class__ = CallableModule


__all__ = ["callable_module"]
