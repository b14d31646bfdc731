"""``okrcoach.load``: goal data from wherever it is kept, checked, as a :class:`GoalSet`.

Each kind of source has its reader (a workbook or CSV folder: :mod:`.readers`; a YAML or
JSON draft: :mod:`.drafts`; an OKR tool's export: :mod:`.exports`; a database:
:mod:`.sql`), which turns it into raw tables of text; :mod:`.validate` then parses and
checks them the same way whatever the source, so problems read alike everywhere.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from ..errors import ProblemLog, Reason
from ..goalset import GoalSet
from .drafts import DRAFT_SUFFIXES, read_draft
from .exports.fields import VENDOR_SUFFIXES
from .exports.reading import read_vendor
from .readers import (
    WORKBOOK_SUFFIXES,
    RawTable,
    is_canonical_workbook,
    read_csv_folder,
    read_workbook,
)
from .sources import LoadSettings, is_url, shown
from .validate import check_tables

UNKNOWN_KIND = (
    "unknown kind of file; give an .xlsx workbook, a folder of CSV files, a .yaml/.json "
    "draft, an OKR tool's .csv/.xlsx export or a database URL"
)


def load(
    source: str | os.PathLike,
    *,
    layout: str | None = None,
    columns: Mapping[str, str] | None = None,
    settings: LoadSettings | None = None,
) -> GoalSet:
    """Load and validate goal data.

    Parameters
    ----------
    source : path or URL
        An ``.xlsx`` workbook with one sheet per table, a folder of CSV files named after
        the tables, a ``.yaml``/``.json`` draft (one team's objectives with nested key
        results), an OKR tool's export (``.csv`` or ``.xlsx``, its layout recognised from
        the header; see ``docs/importing.md``), or an SQLAlchemy database URL such as
        ``sqlite:///goals.db`` or ``postgresql://user@host/db``.
    layout : str, optional
        The export layout to read a file as, instead of recognising it from the header.
    columns : mapping, optional
        Header text -> field, for exports of tools okrcoach does not know (added to the
        ``[tool.okrcoach.columns]`` setting).
    settings : LoadSettings, optional
        Column mapping and database table names; by default the nearest
        ``okrcoach.toml`` or ``pyproject.toml`` with ``[tool.okrcoach]``.

    Returns
    -------
    GoalSet
        With ``notes``: what loading derived (the layout recognised, ids made from names,
        quarters from dates, a 0-100 score scale).

    Raises
    ------
    GoalDataError
        With every problem found, in ``.problems`` (file, sheet, row, key, column, reason,
        value, message). Nothing is dropped or silently changed to make the data fit.
    SourceError
        When a database cannot be reached or read (one line, without the password).
    """
    settings = settings or LoadSettings.discover(None if is_url(source) else source)
    if columns:
        settings = replace(settings, columns={**settings.columns, **columns})
    log = ProblemLog()
    if is_url(source):
        from .sql import read_sql  # SQLAlchemy is imported only for a database

        where = shown(source)
        raws, required = read_sql(str(source), log, settings), True
    else:
        where = str(source)
        raws, required = read_file(Path(source), log, layout, settings)
    log.raise_if_any(where)
    tables = check_tables(raws, log, where, required=required)
    log.raise_if_any(where)
    return GoalSet(**tables, source=where, notes=tuple(log.notes))


def read_file(
    path: Path, log: ProblemLog, layout: str | None, settings: LoadSettings
) -> tuple[dict[str, RawTable], bool]:
    """A file's or folder's raw tables, by its kind, and whether the contract's required
    tables must all be there (an export fills only the tables its tool has)."""
    suffix = path.suffix.lower()
    if not path.exists():
        log.add(Reason.MISSING_FILE, "no such file or folder", file=str(path))
        return {}, True
    if layout is not None:
        return read_vendor(path, log, layout=layout, columns=settings.columns), False
    if path.is_dir():
        return read_csv_folder(path, log), True
    if suffix in WORKBOOK_SUFFIXES and is_canonical_workbook(path):
        return read_workbook(path, log), True
    if suffix in DRAFT_SUFFIXES:
        return read_draft(path, log), True
    if suffix in VENDOR_SUFFIXES:
        return read_vendor(path, log, layout=None, columns=settings.columns), False
    log.add(Reason.UNREADABLE, UNKNOWN_KIND, file=str(path))
    return {}, True


__all__ = ["load", "read_file"]
