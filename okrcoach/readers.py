"""Read goal data from its three source formats into raw tables, remembering where each
row came from.

Readers only read: they normalise column and sheet names and keep every value as written.
Parsing and checking happen in :mod:`okrcoach.validate`, so all formats share one set of rules
and one set of messages.
"""

from __future__ import annotations

import json
import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from .errors import ProblemLog, Reason
from .schema import TABLES, Kind

TEXT_KINDS = {Kind.ID, Kind.TEXT, Kind.ENUM, Kind.QUARTER, Kind.ID_LIST}
DRAFT_SUFFIXES = {".yaml", ".yml", ".json"}
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}


@dataclass
class RawTable:
    """One table as read, before parsing: values as written plus their provenance."""

    name: str
    frame: pd.DataFrame
    file: str
    sheet: str | None
    rows: np.ndarray  # row number the user sees, aligned with ``frame``


def normalise_name(name: Any) -> str:
    """'Key Results ' -> 'key_results'; 'KR-ID' -> 'kr_id'."""
    return re.sub(r"[\s\-]+", "_", str(name).strip().lower())


def _tidy(frame: pd.DataFrame, first_row: int) -> tuple[pd.DataFrame, np.ndarray]:
    """Normalise headers, drop wholly blank rows, and number rows as the user sees them."""
    frame = frame.rename(columns=normalise_name)
    frame = frame.loc[:, [not str(c).startswith("unnamed:") for c in frame.columns]]
    rows = np.arange(first_row, first_row + len(frame))
    if not len(frame.columns):
        return frame.iloc[:0], rows[:0]
    # A blank row has an empty first cell; check the other cells of those rows only.
    blank = frame.iloc[:, 0].isna().to_numpy().copy()
    if blank.any():
        blank[blank] = frame.loc[blank].isna().all(axis=1).to_numpy()
    if blank.any():
        frame, rows = frame.loc[~blank], rows[~blank]
    return frame.reset_index(drop=True), rows


# --- CSV folder -----------------------------------------------------------------------------


def _read_csv(path: Path, table: str) -> pd.DataFrame:
    # Only empty cells are missing: an owner called "NA" stays "NA".
    options = dict(keep_default_na=False, na_values=[""], skip_blank_lines=False)
    frame = pd.read_csv(path, **options)
    frame.columns = [normalise_name(c) for c in frame.columns]
    # Text columns must keep what was written ("007", "1.50"); pandas infers numbers for a
    # column that only holds digits, so re-read just those columns as text. Reading every
    # column as text up front is several times slower on large files.
    spec = TABLES[table]
    retext = [
        c
        for c in frame.columns
        if c in spec.column_names
        and spec.column(c).kind in TEXT_KINDS
        and not (pd.api.types.is_string_dtype(frame[c]) or frame[c].isna().all())
    ]
    if retext:
        raw = pd.read_csv(path, dtype=str, **options)
        raw.columns = [normalise_name(c) for c in raw.columns]
        for c in retext:
            frame[c] = raw[c]
    return frame


def read_csv_folder(folder: Path, log: ProblemLog) -> dict[str, RawTable]:
    files = {normalise_name(p.stem): p for p in sorted(folder.glob("*.csv"))}

    def read(name: str) -> pd.DataFrame | Exception:
        try:
            return _read_csv(files[name], name)
        except pd.errors.EmptyDataError:
            return pd.DataFrame()
        except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
            return exc

    names = [name for name in TABLES if name in files]
    # The C parser releases the GIL: large files are read side by side.
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        frames = dict(zip(names, pool.map(read, names), strict=True))
    tables: dict[str, RawTable] = {}
    for name, frame in frames.items():
        path = files[name]
        if isinstance(frame, Exception):
            log.add(Reason.UNREADABLE, f"cannot read this CSV file: {frame}", file=str(path))
            continue
        frame, rows = _tidy(frame, first_row=2)
        tables[name] = RawTable(name, frame, str(path), None, rows)
    if not tables and not files:
        log.add(
            Reason.MISSING_TABLE,
            "no CSV files here; expected " + ", ".join(f"{t}.csv" for t in TABLES),
            file=str(folder),
        )
    return tables


# --- Workbook -------------------------------------------------------------------------------


def _cell_text(value: Any) -> Any:
    """Cell value as text for text columns: 12.0 -> '12', keeps missing as missing."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    return str(value)


def read_workbook(path: Path, log: ProblemLog) -> dict[str, RawTable]:
    try:
        # dtype=object: pandas would otherwise turn text cells such as "007" into numbers;
        # only empty cells are missing (an owner called "None" is kept).
        sheets = pd.read_excel(
            path,
            sheet_name=None,
            engine="calamine",
            header=0,
            dtype=object,
            keep_default_na=False,
            na_values=[""],
        )
    except Exception as exc:  # calamine raises its own error types for corrupt files
        log.add(Reason.UNREADABLE, f"cannot read this workbook: {exc}", file=str(path))
        return {}
    tables: dict[str, RawTable] = {}
    for sheet_name, frame in sheets.items():
        name = normalise_name(sheet_name)
        if name not in TABLES:
            continue  # README and other sheets are for people
        frame, rows = _tidy(frame, first_row=2)
        spec = TABLES[name]
        for c in frame.columns:
            if c in spec.column_names and spec.column(c).kind in TEXT_KINDS:
                frame[c] = frame[c].map(_cell_text).astype("str")
            else:
                frame[c] = frame[c].infer_objects()  # numbers and dates get native dtypes
        tables[name] = RawTable(name, frame, str(path), str(sheet_name), rows)
    return tables


# --- YAML / JSON draft ----------------------------------------------------------------------


class _Lines(list):
    """A list that remembers the line of each item."""

    lines: list[int]


class _LineLoader(yaml.SafeLoader):
    """Safe loader that records the source line of every mapping and list item."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> _Lines:
    items = _Lines(loader.construct_sequence(node, deep=True))
    items.lines = [child.start_mark.line + 1 for child in node.value]
    return items


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)

# Keys a coach may write in a draft, and the contract column each one fills.
_OBJECTIVE_ALIASES = {"id": "objective_id", "objective": "title"}
_KR_ALIASES = {"id": "kr_id", "kr": "text", "key_result": "text"}
_KPI_ALIASES = {"id": "kpi_id"}


def _line_of(items: Any, i: int) -> int | None:
    lines = getattr(items, "lines", None)
    return lines[i] if lines and i < len(lines) else None


def _record(item: Any, aliases: dict[str, str], text_key: str) -> dict[str, Any]:
    if not isinstance(item, dict):
        item = {text_key: item}
    out: dict[str, Any] = {}
    for key, value in item.items():
        if key == "__line__":
            continue
        key = normalise_name(key)
        out[aliases.get(key, key)] = value
    return out


def _scalars_only(
    record: dict[str, Any], line: int | None, path: Path, log: ProblemLog
) -> dict[str, Any]:
    """A cell holds one value: a nested list or mapping under a field is reported."""
    for key, value in record.items():
        if isinstance(value, list | dict):
            log.add(
                Reason.BAD_STRUCTURE,
                f"{key} must be a single value, not a list or mapping",
                file=str(path),
                row=line,
                column=key,
                value=value,
            )
            record[key] = None
    return record


def _unique_id(candidate: str, taken: set[str]) -> str:
    base, n = candidate, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}.{n}"
    taken.add(candidate)
    return candidate


def _load_draft_document(path: Path, log: ProblemLog) -> Any:
    text = path.read_text(encoding="utf-8")
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        if path.suffix.lower() == ".json":
            try:
                return json.loads(text)
            except json.JSONDecodeError as jexc:
                log.add(
                    Reason.UNREADABLE,
                    f"not valid JSON: {jexc.msg}",
                    file=str(path),
                    row=jexc.lineno,
                )
                return None
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        log.add(
            Reason.UNREADABLE,
            f"not valid YAML: {problem}",
            file=str(path),
            row=mark.line + 1 if mark else None,
        )
        return None


def _draft_items(items: list, what: str, path: Path, log: ProblemLog) -> tuple[_Lines, list]:
    """Keep the items that are a mapping or a line of text; report the others by line.

    Returns the kept objectives (with their lines) and, for each, its key results.
    """
    kept, kr_lists = _Lines(), []
    kept.lines = []
    for i, item in enumerate(items):
        line = _line_of(items, i)
        if not isinstance(item, dict | str | int | float):
            log.add(
                Reason.BAD_STRUCTURE,
                f"each {what} must be a mapping or a line of text",
                file=str(path),
                row=line,
                value=item,
            )
            continue
        krs = item.pop("key_results", None) if isinstance(item, dict) else None
        if krs is None:
            krs = _Lines()
        if not isinstance(krs, list):
            log.add(
                Reason.BAD_STRUCTURE,
                "key_results must be a list",
                file=str(path),
                row=line,
                column="key_results",
                value=krs,
            )
            krs = _Lines()
        good = _Lines()
        good.lines = []
        for j, kr in enumerate(krs):
            if isinstance(kr, dict | str | int | float):
                good.append(kr)
                good.lines.append(_line_of(krs, j))
            else:
                log.add(
                    Reason.BAD_STRUCTURE,
                    "each key result must be a mapping or a line of text",
                    file=str(path),
                    row=_line_of(krs, j) or line,
                    value=kr,
                )
        kept.append(item)
        kept.lines.append(line)
        kr_lists.append(good)
    return kept, kr_lists


def read_draft(path: Path, log: ProblemLog) -> dict[str, RawTable]:
    """Read a coach's draft: one team's objectives with nested key results (and optional KPIs).

    Objectives and key results without an ``id`` get one (``O1``, ``O1-KR2``); ids already
    written are kept and never reused. A key result may be a plain string.
    """
    doc = _load_draft_document(path, log)
    if doc is None:
        return {}
    if isinstance(doc, list):
        doc = {"objectives": doc}
    if not isinstance(doc, dict) or "objectives" not in doc:
        log.add(
            Reason.MISSING_TABLE,
            "a draft needs an 'objectives:' list",
            file=str(path),
            row=doc.get("__line__", 1) if isinstance(doc, dict) else 1,
        )
        return {}
    defaults = _scalars_only(
        {
            normalise_name(k): v
            for k, v in doc.items()
            if normalise_name(k) in {"team", "quarter", "owner", "level", "parent_id", "kind"}
        },
        doc.get("__line__"),
        path,
        log,
    )
    objectives = doc.get("objectives") or _Lines()
    if not isinstance(objectives, list):
        log.add(
            Reason.MISSING_TABLE,
            "'objectives:' must be a list",
            file=str(path),
            row=doc.get("__line__"),
        )
        return {}

    obj_rows, obj_lines, kr_rows, kr_lines = [], [], [], []
    objectives, kr_lists = _draft_items(objectives, "objective", path, log)
    taken_obj = {str(o["id"]) for o in objectives if isinstance(o, dict) and "id" in o}
    taken_kr = {str(k["id"]) for krs in kr_lists for k in krs if isinstance(k, dict) and "id" in k}
    for i, (item, krs) in enumerate(zip(objectives, kr_lists, strict=True)):
        record = {**defaults, **_record(item, _OBJECTIVE_ALIASES, "title")}
        record = _scalars_only(record, _line_of(objectives, i), path, log)
        if record.get("objective_id") in (None, ""):
            record["objective_id"] = _unique_id(f"O{i + 1}", taken_obj)
        record["level"] = record.get("level", "team")
        obj_rows.append(record)
        obj_lines.append(_line_of(objectives, i))
        for j, kr in enumerate(krs):
            kr_record = _record(kr, _KR_ALIASES, "text")
            kr_record["objective_id"] = record["objective_id"]
            if kr_record.get("kr_id") in (None, ""):
                kr_record["kr_id"] = _unique_id(f"{record['objective_id']}-KR{j + 1}", taken_kr)
            if isinstance(kr_record.get("ignore"), list):
                kr_record["ignore"] = ",".join(map(str, kr_record["ignore"]))
            kr_record = _scalars_only(kr_record, _line_of(krs, j), path, log)
            kr_rows.append(kr_record)
            kr_lines.append(_line_of(krs, j))

    tables = {
        "objectives": RawTable(
            "objectives",
            pd.DataFrame(obj_rows, dtype=object),
            str(path),
            None,
            np.array(obj_lines, dtype=object),
        ),
        "key_results": RawTable(
            "key_results",
            pd.DataFrame(
                kr_rows,
                columns=None if kr_rows else ["kr_id", "objective_id", "text"],
                dtype=object,
            ),
            str(path),
            None,
            np.array(kr_lines, dtype=object),
        ),
    }
    kpis = doc.get("kpis")
    if kpis is not None and not isinstance(kpis, list):
        log.add(
            Reason.BAD_STRUCTURE,
            "'kpis:' must be a list",
            file=str(path),
            row=doc.get("__line__"),
            column="kpis",
        )
    elif kpis:
        bad = [i for i, k in enumerate(kpis) if not isinstance(k, dict | str)]
        for i in bad:
            log.add(
                Reason.BAD_STRUCTURE,
                "each KPI must be a mapping",
                file=str(path),
                row=_line_of(kpis, i),
            )
        kpis = [k for k in kpis if isinstance(k, dict | str)]
    if kpis:
        tables["kpis"] = RawTable(
            "kpis",
            pd.DataFrame(
                [_scalars_only(_record(k, _KPI_ALIASES, "name"), None, path, log) for k in kpis],
                dtype=object,
            ),
            str(path),
            None,
            np.array(
                [k.get("__line__") if isinstance(k, dict) else None for k in kpis], dtype=object
            ),
        )
    return tables
