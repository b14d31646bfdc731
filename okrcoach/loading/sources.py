"""Where goal data comes from: a path or a database URL, and the loader's settings.

A source is a path (workbook, CSV folder, draft, an OKR tool's export) or an SQLAlchemy URL
(``sqlite:///goals.db``, ``postgresql://user@host/db``). URLs are shown without their
password everywhere (messages, problem tables, reports, notebook parameters).

The loader reads two tables of ``okrcoach.toml`` or ``[tool.okrcoach]`` in
``pyproject.toml``::

    [tool.okrcoach.columns]          # headers of an export -> okrcoach's fields
    "Goal title" = "objective"
    "Key result name" = "key_result"

    [tool.okrcoach.sql]
    schema = "okr"                   # optional
    tables = { key_results = "okr_key_results" }
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import OkrcoachError
from ..schema import TABLE_NAMES

#: A password for a database URL written without one (``postgresql://ana@db/okr``), so that
#: it never has to appear in a URL, a notebook parameter or a report.
PASSWORD_ENV = "OKRCOACH_DB_PASSWORD"

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")


class SourceError(OkrcoachError):
    """A source that cannot be reached or read at all (no server, wrong password)."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), self.args)


def is_url(source: Any) -> bool:
    """Whether ``source`` is a database URL rather than a path."""
    return isinstance(source, str) and bool(_URL.match(source))


def shown(source: Any) -> str:
    """A source as it may be printed: a URL without its password, a path as given."""
    if not is_url(source):
        return str(source)
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(source).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return source.split("://", 1)[0] + "://…"


def without_password(source: str) -> tuple[str, str | None]:
    """A URL without its password (kept in full, including the driver) and the password."""
    from sqlalchemy.engine import URL, make_url

    url = make_url(source)
    if url.password is None:
        return source, None
    # URL.set(password=None) keeps the password; build the URL again without it
    bare = URL.create(
        url.drivername,
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=url.query,
    )
    return bare.render_as_string(hide_password=False), str(url.password)


def for_notebook(source: str | os.PathLike) -> str:
    """How a notebook parameter names the data: an absolute path, or the URL without its
    password (an SQLite file made absolute, since the kernel runs elsewhere). The password
    reaches kernels through :data:`PASSWORD_ENV`, so executed notebooks never hold it."""
    if not is_url(source):
        return str(Path(source).resolve())
    from sqlalchemy.engine import make_url

    url, password = without_password(str(source))
    if password:
        os.environ[PASSWORD_ENV] = password
    u = make_url(url)
    if u.get_backend_name() == "sqlite" and u.database and u.database != ":memory:":
        u = u.set(database=str(Path(u.database).resolve()))
        url = u.render_as_string(hide_password=False)
    return url


def as_source(value: str | os.PathLike) -> str | Path:
    """What a command-line argument names: a URL stays text, anything else is a path."""
    return value if is_url(value) else Path(value)


@dataclass(frozen=True)
class LoadSettings:
    """How the loader maps columns of other tools and finds tables in a database."""

    columns: Mapping[str, str] = field(default_factory=dict)
    schema: str | None = None
    tables: Mapping[str, str] = field(default_factory=dict)
    source: str | None = None

    def __post_init__(self) -> None:
        unknown = [t for t in self.tables if t not in TABLE_NAMES]
        if unknown:
            raise OkrcoachError(
                f"unknown table {unknown[0]!r} in the sql tables setting"
                f"{' of ' + self.source if self.source else ''}; tables: {', '.join(TABLE_NAMES)}"
            )

    def table(self, name: str) -> str:
        """The database table that holds the contract's table ``name``."""
        return self.tables.get(name, name)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], source: str | None = None) -> LoadSettings:
        columns = data.get("columns") or {}
        sql = data.get("sql") or {}
        where = f" in {source}" if source else ""
        if not isinstance(columns, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in columns.items()
        ):
            raise OkrcoachError(f"columns{where} must map header text to a field name")
        unknown = [k for k in sql if k not in ("schema", "tables")]
        if unknown:
            raise OkrcoachError(
                f"unknown sql setting {unknown[0]!r}{where}; settings: schema, tables"
            )
        return cls(
            columns=dict(columns),
            schema=sql.get("schema"),
            tables=dict(sql.get("tables") or {}),
            source=source,
        )

    @classmethod
    def discover(cls, *starts: str | os.PathLike | None) -> LoadSettings:
        """The settings of the nearest okrcoach.toml or pyproject.toml with [tool.okrcoach],
        looking upward from each start (the data's folder, then the working directory)."""
        for start in (*starts, "."):
            if start is None or is_url(start):
                continue
            here = Path(start).resolve()
            here = here if here.is_dir() else here.parent
            for folder in (here, *here.parents):
                for name in ("okrcoach.toml", "pyproject.toml"):
                    path = folder / name
                    if not path.is_file():
                        continue
                    try:
                        data = tomllib.loads(path.read_text(encoding="utf-8"))
                    except (OSError, tomllib.TOMLDecodeError):
                        continue
                    if name == "pyproject.toml":
                        if "okrcoach" not in data.get("tool", {}):
                            continue
                        data = data["tool"]["okrcoach"]
                    return cls.from_mapping(data, str(path))
        return cls()


__all__ = [
    "PASSWORD_ENV",
    "LoadSettings",
    "SourceError",
    "as_source",
    "for_notebook",
    "is_url",
    "shown",
    "without_password",
]
