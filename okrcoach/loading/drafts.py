"""Read a YAML or JSON draft (one team's objectives with their key results nested, as a
coach writes them) into raw tables, remembering the line of every item."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from ..errors import ProblemLog, Reason
from .readers import RawTable, normalise_name

DRAFT_SUFFIXES = {".yaml", ".yml", ".json"}


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


_SURROGATE = re.compile("[\ud800-\udfff]")


def _construct_text(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    """Text as written. JSON writes a character beyond the first 65,536 (an emoji, many CJK
    characters) as an escaped pair ("\\ud83d\\ude00"), which YAML reads as two halves:
    they are joined into the one character (a half without its pair becomes U+FFFD)."""
    value = loader.construct_scalar(node)
    if _SURROGATE.search(value):
        value = value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return value


_LineLoader.add_constructor("tag:yaml.org,2002:str", _construct_text)
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
    tables = _objective_tables(defaults, objectives, path, log)
    kpis = _kpi_items(doc, path, log)
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


def _objective_tables(defaults: dict, items: list, path: Path, log: ProblemLog) -> dict:
    """The objectives and key results tables of a draft (``defaults``: the header's team,
    quarter, owner ... for every objective), ids made where none is written."""
    obj_rows, obj_lines, kr_rows, kr_lines = [], [], [], []
    objectives, kr_lists = _draft_items(items, "objective", path, log)
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
            kr_rows.append(_scalars_only(kr_record, _line_of(krs, j), path, log))
            kr_lines.append(_line_of(krs, j))
    krs_frame = pd.DataFrame(
        kr_rows, columns=None if kr_rows else ["kr_id", "objective_id", "text"], dtype=object
    )
    return {
        "objectives": RawTable(
            "objectives",
            pd.DataFrame(obj_rows, dtype=object),
            str(path),
            None,
            np.array(obj_lines, dtype=object),
        ),
        "key_results": RawTable(
            "key_results", krs_frame, str(path), None, np.array(kr_lines, dtype=object)
        ),
    }


def _kpi_items(doc: dict, path: Path, log: ProblemLog) -> list:
    """A draft's KPIs that are a mapping or a name; the others reported by line."""
    kpis = doc.get("kpis")
    if kpis is not None and not isinstance(kpis, list):
        log.add(
            Reason.BAD_STRUCTURE,
            "'kpis:' must be a list",
            file=str(path),
            row=doc.get("__line__"),
            column="kpis",
        )
        return []
    for i, k in enumerate(kpis or ()):
        if not isinstance(k, dict | str):
            log.add(
                Reason.BAD_STRUCTURE,
                "each KPI must be a mapping",
                file=str(path),
                row=_line_of(kpis, i),
            )
    return [k for k in kpis or () if isinstance(k, dict | str)]
