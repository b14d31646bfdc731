"""Goal data in a database: the five tables read from and written to any SQLAlchemy URL.

SQLite is built in (``sqlite:///goals.db``); PostgreSQL URLs (``postgresql://user@host/db``)
use psycopg. Reading goes through the same checks as files: problems name the database (its
URL without password), the table and the row's primary key instead of a file and a row.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ProblemLog, Reason
from ..schema import TABLES, Kind
from .readers import TEXT_KINDS, RawTable, cells_as_text, normalise_name
from .sources import PASSWORD_ENV, LoadSettings, SourceError, shown

#: Seconds to wait for a server before saying it cannot be reached.
CONNECT_TIMEOUT = 10


def engine(url: str):
    """An SQLAlchemy engine; ``postgresql://`` uses psycopg (version 3), and a URL with a
    user but no password takes it from :data:`~okrcoach.loading.sources.PASSWORD_ENV`."""
    import sqlalchemy as sa
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        u = sa.engine.make_url(url)
    except (ArgumentError, ValueError) as exc:
        raise SourceError(f"{shown(url)} is not a database URL: {exc}") from None
    if u.drivername in ("postgresql", "postgres"):
        u = u.set(drivername="postgresql+psycopg")
    if u.password is None and u.username and os.environ.get(PASSWORD_ENV):
        u = u.set(password=os.environ[PASSWORD_ENV])
    args: dict[str, Any] = {}
    if u.get_backend_name() == "postgresql":
        args["connect_timeout"] = CONNECT_TIMEOUT
    try:
        return sa.create_engine(u, connect_args=args)
    except NoSuchModuleError:
        raise SourceError(
            f"no SQLAlchemy driver for {u.drivername!r} ({shown(url)}); "
            "okrcoach ships SQLite and PostgreSQL (psycopg)"
        ) from None
    except ImportError as exc:
        raise SourceError(f"the database driver for {shown(url)} is missing: {exc}") from None


def failure(url: str, exc: Exception) -> SourceError:
    """One clear line for a database that cannot be used: no password, URL or SQL in it."""
    orig = getattr(exc, "orig", None) or exc
    text = " ".join(str(orig).split()) or type(orig).__name__
    text = text.split("(Background on this error")[0].strip()
    from sqlalchemy.engine import make_url

    try:
        password = make_url(url).password
    except Exception:  # noqa: BLE001 - an unparsable URL has been reported already
        password = None
    for secret in (password, os.environ.get(PASSWORD_ENV)):
        if secret:
            text = text.replace(str(secret), "***")
    return SourceError(f"cannot use the database {shown(url)}: {text}")


def read_sql(
    url: str, log: ProblemLog, settings: LoadSettings | None = None
) -> dict[str, RawTable]:
    """The contract's tables found in the database, as raw tables for the checks."""
    import sqlalchemy as sa
    from sqlalchemy.exc import SQLAlchemyError

    settings = settings or LoadSettings()
    where = shown(url)
    eng = engine(url)
    tables: dict[str, RawTable] = {}
    try:
        with eng.connect() as conn:
            inspector = sa.inspect(conn)
            present = set(inspector.get_table_names(schema=settings.schema))
            for name, spec in TABLES.items():
                table = settings.table(name)
                if table not in present:
                    continue
                prep = conn.dialect.identifier_preparer
                quoted = prep.quote(table)
                if settings.schema:
                    quoted = prep.quote_schema(settings.schema) + "." + quoted
                # a database keeps no row order: rows come in key order, so reads repeat
                names = {
                    normalise_name(c["name"]): c["name"]
                    for c in inspector.get_columns(table, schema=settings.schema)
                }
                order = [prep.quote(names[k]) for k in spec.key if k in names]
                query = f"SELECT * FROM {quoted}" + (
                    f" ORDER BY {', '.join(order)}" if order else ""
                )
                frame = pd.read_sql_query(sa.text(query), conn)
                frame.columns = [normalise_name(c) for c in frame.columns]
                frame = _as_written(frame, spec)
                pk = inspector.get_pk_constraint(table, schema=settings.schema)
                key = [normalise_name(c) for c in pk.get("constrained_columns") or []]
                if not key or not all(c in frame.columns for c in key):
                    key = [c for c in spec.key if c in frame.columns]
                keys = (
                    frame[key] if key else pd.DataFrame({"position": np.arange(1, len(frame) + 1)})
                )
                tables[name] = RawTable(
                    name, frame, where, table, np.arange(1, len(frame) + 1), keys=keys
                )
    except SQLAlchemyError as exc:
        raise failure(url, exc) from None
    finally:
        eng.dispose()
    if not tables:
        log.add(
            Reason.MISSING_TABLE,
            "no okrcoach tables in this database; expected "
            + ", ".join(settings.table(t) for t in TABLES)
            + (f" in schema {settings.schema}" if settings.schema else ""),
            file=where,
        )
    return tables


def _as_written(frame: pd.DataFrame, spec) -> pd.DataFrame:
    """Text columns as text: a database may hold ids as integers (12, not '12.0')."""
    for c in frame.columns:
        if c not in spec.column_names or spec.column(c).kind not in TEXT_KINDS:
            continue
        s = frame[c]
        if pd.api.types.is_string_dtype(s.dtype) and s.dtype != object:
            continue
        frame[c] = cells_as_text(s)
    return frame


def _column_type(kind: Kind | None, values: pd.Series):
    import sqlalchemy as sa

    if kind in (Kind.NUMBER, Kind.CONFIDENCE, Kind.SCORE):
        return sa.Float()
    if kind is Kind.DATE:
        return sa.DateTime()
    if kind is not None:
        return sa.Text()
    if pd.api.types.is_bool_dtype(values):
        return sa.Boolean()
    if pd.api.types.is_numeric_dtype(values):
        return sa.Float()
    if pd.api.types.is_datetime64_any_dtype(values):
        return sa.DateTime()
    return sa.Text()


def write_sql(goals, url: str, settings: LoadSettings | None = None) -> None:
    """Write the five tables (replacing okrcoach's tables of the same names, and nothing
    else) in one transaction: the database holds the old tables or the new ones."""
    import sqlalchemy as sa
    from sqlalchemy.exc import SQLAlchemyError

    settings = settings or LoadSettings()
    eng = engine(url)
    meta = sa.MetaData(schema=settings.schema)
    defined = {}
    for name, frame in goals.tables():
        spec = TABLES[name]
        columns = [
            sa.Column(
                c,
                _column_type(spec.column(c).kind if c in spec.column_names else None, frame[c]),
                primary_key=c in spec.key,
                nullable=c not in spec.key,
            )
            for c in frame.columns
        ]
        defined[name] = sa.Table(settings.table(name), meta, *columns)
    try:
        with eng.begin() as conn:
            meta.drop_all(conn, checkfirst=True)
            meta.create_all(conn)
            for name, frame in goals.tables():
                if len(frame):
                    out = frame.astype(object).where(frame.notna(), None)
                    conn.execute(defined[name].insert(), out.to_dict("records"))
    except SQLAlchemyError as exc:
        raise failure(url, exc) from None
    finally:
        eng.dispose()


__all__ = ["engine", "read_sql", "write_sql"]
