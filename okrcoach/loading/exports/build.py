"""The flat frame of fields to the five tables: ids, quarters and parents derived."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ...errors import ProblemLog
from ..columns import parse_dates
from ..readers import RawTable
from .fields import FIELDS, Layout


def _blank(s: pd.Series) -> np.ndarray:
    """Empty cells: missing, or text of only white space (numbers are never blank)."""
    missing = s.isna().to_numpy()
    if s.dtype == object:
        s = s.astype("str")
    if not isinstance(s.dtype, pd.StringDtype):
        return missing
    spaces = s.str.strip().eq("").to_numpy(dtype=bool, na_value=False)
    return missing | spaces


def _quarter_of(dates: pd.Series) -> pd.Series:
    codes, uniques = pd.factorize(dates)
    parsed = parse_dates(pd.Index(uniques))
    labels = np.array(
        [None if pd.isna(d) else f"{d.year}-Q{(d.month - 1) // 3 + 1}" for d in parsed] + [None],
        dtype=object,
    )
    return pd.Series(labels[codes], index=dates.index, dtype="str")


def _group_codes(parts: list[np.ndarray]) -> np.ndarray:
    """One code per distinct combination of integer codes (missing, -1, counts as a value)."""
    codes = np.zeros(len(parts[0]) if parts else 0, dtype=np.int64)
    for part in parts:
        codes = codes * (int(part.max(initial=-1)) + 2) + (part + 1)
        codes = pd.factorize(codes)[0]
    return codes


def build(
    flat: pd.DataFrame,
    lines: np.ndarray,
    layout: Layout,
    file: str,
    sheet: str | None,
    log: ProblemLog,
    day: pd.Timestamp,
    kpi_name: str,
) -> dict[str, RawTable]:
    """The five tables from a flat frame of fields (``FIELDS``) and extra columns.

    ``lines`` are the rows the user sees, aligned with ``flat``; each table row keeps the
    line of the first export row it came from.
    """
    extras = [c for c in flat.columns if c not in FIELDS]
    has = {c for c in flat.columns if c in FIELDS and not _blank(flat[c]).all()}
    out: dict[str, RawTable] = {}
    what = f"{Path(file).name}"

    def table(name: str, frame: pd.DataFrame, rows: np.ndarray) -> None:
        out[name] = RawTable(name, frame.reset_index(drop=True), file, sheet, rows)

    if layout.grain == "kpi":
        name = flat["kpi"] if "kpi" in has else pd.Series(kpi_name, index=flat.index, dtype="str")
        if "kpi" not in has:
            log.note(f"{what}: the KPI is named after the file: {kpi_name!r}")
        codes, names = pd.factorize(name)
        from slugify import slugify

        ids = np.array(
            [slugify(str(n)) or f"kpi-{i + 1}" for i, n in enumerate(names)], dtype=object
        )
        first = pd.Series(np.arange(len(flat))).groupby(codes).first().to_numpy()
        table(
            "kpis",
            pd.DataFrame({"kpi_id": ids, "name": np.asarray(names, dtype=object)}, dtype="str"),
            lines[first],
        )
        values = pd.DataFrame(
            {
                "kpi_id": pd.Series(ids[codes], dtype="str"),
                "date": flat.get("kpi_date", flat.get("date")),
                "value": flat.get("kpi_value", flat.get("value")),
            }
        )
        for c in extras:
            values[c] = flat[c].to_numpy()
        table("kpi_values", values, lines)
        return out

    # quarters from dates when the export has none
    if "quarter" not in has:
        for source in ("start", "end", "due"):
            if source in has:
                flat = flat.assign(quarter=_quarter_of(flat[source]))
                log.note(f"{what}: quarters made from the {source} dates")
                break
    if "team" not in has and "objective_owner" in has:
        # tools whose goals belong to people: each owner is a team of one for the retros
        flat = flat.assign(team=flat["objective_owner"])
        log.note(f"{what}: no teams in the export; each objective's owner is its team")
    codes: dict[str, np.ndarray] = {}
    for c in ("team", "quarter", "objective", "objective_id", "key_result", "kr_id"):
        if c not in flat.columns:
            flat = flat.assign(**{c: pd.Series(None, index=flat.index, dtype="str")})
        flat[c], codes[c] = _clean(flat[c])

    def pick(c: str, rows: np.ndarray) -> pd.Series:
        """Rows of a column (positions or a mask), keeping its array type."""
        return (
            flat[c].iloc[rows].reset_index(drop=True)
            if rows.dtype != bool
            else (flat[c][rows].reset_index(drop=True))
        )

    # objectives: one per id, else per team, quarter and title
    has_obj = (codes["objective"] >= 0) | (codes["objective_id"] >= 0)
    key = ["objective_id"] if "objective_id" in has else ["team", "quarter", "objective"]
    ocode = np.where(has_obj, _group_codes([codes[k] for k in key]), -1)
    obj_rows, obj_pos = _firsts(ocode)
    obj_ids = (
        pick("objective_id", obj_rows)
        if "objective_id" in has
        else pd.Series([f"O{i + 1}" for i in range(len(obj_rows))], dtype="str")
    )
    objectives = pd.DataFrame(
        {
            "objective_id": obj_ids,
            "quarter": pick("quarter", obj_rows),
            "team": pick("team", obj_rows),
            "title": pick("objective", obj_rows),
        }
    )
    if "objective_id" not in has and len(obj_rows):
        log.note(
            f"{what}: {len(obj_rows):,} objective ids made (O1 …) from team, quarter and title"
        )
    for src, dst in (("objective_owner", "owner"), ("level", "level"), ("kind", "kind")):
        if src in has:
            objectives[dst] = pick(src, obj_rows)
    obj_lines = lines[obj_rows]
    row_obj_pos = np.where(ocode >= 0, obj_pos[np.maximum(ocode, 0)], -1)

    if "parent" in has:
        objectives, obj_lines = _parents(
            objectives, obj_lines, pick("parent", obj_rows).to_numpy(dtype=object), log, what
        )

    if layout.grain == "goal":
        for c in extras:
            objectives[c] = pick(c, obj_rows)
    table("objectives", objectives, obj_lines)
    if layout.grain == "goal":
        return out

    # key results: one per id, else per objective and text
    has_kr = (codes["key_result"] >= 0) | (codes["kr_id"] >= 0)
    kparts = [codes["kr_id"]] if "kr_id" in has else [row_obj_pos, codes["key_result"]]
    kcode = np.where(has_kr, _group_codes(kparts), -1)
    kr_rows, kr_pos = _firsts(kcode)
    kr_obj = obj_ids.array.take(row_obj_pos[kr_rows], allow_fill=True)
    if "kr_id" in has:
        kr_ids = pick("kr_id", kr_rows)
    else:
        rank = pd.Series(row_obj_pos[kr_rows]).groupby(row_obj_pos[kr_rows]).cumcount() + 1
        kr_ids = pd.Series(
            [
                f"{o if isinstance(o, str) else 'KR'}-KR{r}"
                for o, r in zip(np.asarray(kr_obj, dtype=object), rank, strict=True)
            ],
            dtype="str",
        )
        if len(kr_rows):
            log.note(
                f"{what}: {len(kr_rows):,} key result ids made (O1-KR1 …) from objective and text"
            )
    krs = pd.DataFrame(
        {"kr_id": kr_ids, "objective_id": pd.Series(kr_obj), "text": pick("key_result", kr_rows)}
    )
    for c in ("owner", "metric", "unit", "direction", "baseline", "target", "score", "due",
              "confidence"):  # fmt: skip
        if c in has:
            krs[c] = pick(c, kr_rows)
    if "due" not in has and "end" in has:
        krs["due"] = pick("end", kr_rows)
    if layout.grain == "key_result":
        for c in extras:
            krs[c] = pick(c, kr_rows)
    table("key_results", krs, lines[kr_rows])

    if layout.grain == "checkin":
        fields = [c for c in ("date", "value", "checkin_confidence", "note", "author") if c in has]
        if fields:
            some = np.zeros(len(flat), bool)
            for c in fields:
                some |= ~_blank(flat[c])
            row_kr = np.where(kcode >= 0, kr_pos[np.maximum(kcode, 0)], -1)
            ck = pd.DataFrame(
                {"kr_id": pd.Series(kr_ids.array.take(row_kr[some], allow_fill=True))}
            )
            for c in fields:
                ck["confidence" if c == "checkin_confidence" else c] = pick(c, some)
            for c in extras:
                ck[c] = pick(c, some)
            table("checkins", ck, lines[some])
    elif "current" in has:
        current = pick("current", kr_rows)
        now = ~_blank(current)
        stamp = day.date().isoformat()
        ck = pd.DataFrame(
            {
                "kr_id": kr_ids[now].reset_index(drop=True),
                "date": stamp,
                "value": current[now].reset_index(drop=True),
            }
        )
        table("checkins", ck, lines[kr_rows][now])
        log.note(
            f"{what}: {int(now.sum()):,} current values became check-ins dated {stamp}, "
            "the export's day"
        )
    return out


def _clean(s: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Text stripped, blanks missing, and the codes of its distinct values (-1 missing);
    each distinct value is handled once."""
    found, uniques = pd.factorize(s)
    u = pd.Series(uniques, dtype="str").str.strip()
    u = u.where(u.ne(""))
    remap, kept = pd.factorize(u)
    codes = np.append(remap, -1)[found]
    out = pd.Series(pd.array(kept, dtype="str").take(codes, allow_fill=True), index=s.index)
    return out, codes


def _firsts(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First row of each group (in order of appearance) and each group's position."""
    valid = codes >= 0
    if not valid.any():
        return np.array([], dtype=np.int64), np.full(1, -1)
    order = np.flatnonzero(valid)
    groups, first = np.unique(codes[valid], return_index=True)
    rows = order[first]
    by_row = np.argsort(rows, kind="stable")
    pos = np.full(int(groups.max()) + 1, -1)
    pos[groups[by_row]] = np.arange(len(rows))
    return rows[by_row], pos


def _parents(objectives, obj_lines, parents, log, what):
    """parent_id from the parent's title or id; a parent no row holds becomes a company
    objective of its own (an export's corporate objectives are named, not listed)."""
    titles = objectives["title"].to_numpy(dtype=object)
    ids = objectives["objective_id"].to_numpy(dtype=object)
    by_id = set(ids)
    by_title: dict[str, str] = {}
    for t, i in zip(titles, ids, strict=True):
        by_title.setdefault(str(t).strip().lower(), i)
    made: dict[str, str] = {}
    parent_ids = []
    for p, q in zip(parents, objectives["quarter"], strict=True):
        if p is None or (isinstance(p, float) and np.isnan(p)) or not str(p).strip():
            parent_ids.append(None)
            continue
        text = str(p).strip()
        if text in by_id:
            parent_ids.append(text)
        elif text.lower() in by_title:
            parent_ids.append(by_title[text.lower()])
        else:
            made.setdefault((text.lower(), q), f"P{len(made) + 1}")
            parent_ids.append(made[(text.lower(), q)])
    objectives = objectives.assign(parent_id=parent_ids)
    if made:
        first_title = {}
        for p, q in zip(parents, objectives["quarter"], strict=True):
            if p is not None and str(p).strip():
                first_title.setdefault((str(p).strip().lower(), q), str(p).strip())
        extra = pd.DataFrame(
            {
                "objective_id": list(made.values()),
                "quarter": [q for (_, q) in made],
                "team": None,
                "title": [first_title[k] for k in made],
                "level": "company",
            }
        )
        objectives = pd.concat([objectives, extra], ignore_index=True)
        if "level" in objectives:
            objectives["level"] = objectives["level"].astype(object)
        where = obj_lines[[list(first_title).index(k) for k in made]] if len(obj_lines) else []
        obj_lines = np.append(obj_lines, where)
        log.note(
            f"{what}: {len(made):,} parent objectives made (P1 …, level company) from the "
            "names of parents no row holds"
        )
    return objectives, obj_lines
