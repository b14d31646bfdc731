"""Files the commands need besides code: the notebooks they run and the templates."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def notebook(name: str) -> Path:
    """A notebook the commands run, such as ``"retro.ipynb"``."""
    return ROOT / "notebooks" / name


def templates() -> Path:
    """The templates folder: report templates, the coach's page, examples, starters."""
    return ROOT / "templates"


def report_templates() -> Path:
    """The folder holding the nbconvert report template ``retro``."""
    return templates()
