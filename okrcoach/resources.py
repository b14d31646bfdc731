"""The notebooks and templates okrcoach runs, wherever okrcoach is installed.

In a checkout they are the top-level ``notebooks/`` and ``templates/`` folders, the front ends
users read and edit. pyproject.toml maps those folders onto the subpackages
``okrcoach.notebooks`` and ``okrcoach.templates``, so a wheel carries them inside the package
and an editable install reads the checkout's own files: there is one copy either way.

Papermill, nbconvert, Jinja and Voila need real paths. An installed package's files are on
disk and are returned as they are; only a package imported from an archive has its files
extracted once, into a temporary folder removed when the process exits.
"""

from __future__ import annotations

import atexit
import contextlib
import shutil
import sys
import tempfile
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

NOTEBOOKS = "okrcoach.notebooks"
TEMPLATES = "okrcoach.templates"

_extracted = contextlib.ExitStack()
atexit.register(_extracted.close)


def _on_disk(ref: Traversable) -> Path:
    if isinstance(ref, Path):
        return ref
    if ref.is_dir() and sys.version_info < (3, 12):  # as_file takes folders from 3.12 on
        folder = Path(_extracted.enter_context(tempfile.TemporaryDirectory(prefix="okrcoach-")))
        _copy(ref, folder / ref.name)
        return folder / ref.name
    return _extracted.enter_context(resources.as_file(ref))


def _copy(ref: Traversable, target: Path) -> None:
    if ref.is_dir():
        target.mkdir(parents=True, exist_ok=True)
        for child in ref.iterdir():
            _copy(child, target / child.name)
    else:
        with ref.open("rb") as src, open(target, "wb") as dst:
            shutil.copyfileobj(src, dst)


@cache
def _folder(package: str) -> Path:
    return _on_disk(resources.files(package))


def notebooks() -> Path:
    """The folder of okrcoach's notebooks (``notebooks/`` in a checkout)."""
    return _folder(NOTEBOOKS)


def notebook(name: str) -> Path:
    """One of okrcoach's notebooks by file name, such as ``"retro.ipynb"``."""
    return notebooks() / name


def templates() -> Path:
    """The folder of okrcoach's templates (``templates/`` in a checkout): the nbconvert
    template of the retrospectives (``retro/``), the coach's Voila template (``voila/``),
    the coach's examples (``okr_examples.yaml``), the starter workbook
    (``goals_template.xlsx``) and the draft template (``draft_template.yaml``)."""
    return _folder(TEMPLATES)


def template(name: str) -> Path:
    """One file or folder of :func:`templates`, such as ``"okr_examples.yaml"``."""
    return templates() / name
