"""The flat frame of fields to the five tables: ids, quarters and parents derived."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..columns import parse_dates
from ..errors import ProblemLog
from ..readers import RawTable
from .fields import FIELDS, Layout


def _blank(s: pd.Series) -> np.ndarray:
    return (s.isna() | s.astype("str").str.strip().eq("")).to_numpy(dtype=bool, na_value=True)


def _quarter_of(dates: pd.Series) -> pd.Series:
    codes, uniques = pd.factorize(dates)
    parsed = parse_dates(pd.Index(uniques))
    labels = np.array(
        [None if pd.isna(d) else f"{d.year}-Q{(d.month - 1) // 3 + 1}" for d in parsed] + [None],
        dtype=object,
    )
    return pd.Series(labels[codes], index=dates.index, dtype="str")


def _group_codes(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """One code per distinct combination of the columns (missing counts as a value)."""
    codes = np.zeros(len(frame), dtype=np.int64)
    for c in columns:
        part, uniques = pd.factorize(frame[c], use_na_sentinel=False)
        codes = codes * (len(uniques) + 1) + part
    return pd.factorize(codes)[0]


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
    for c in ("team", "quarter", "objective", "objective_id", "key_result", "kr_id"):
        if c not in flat.columns:
            flat = flat.assign(**{c: pd.Series(None, index=flat.index, dtype="str")})
        else:
            flat[c] = flat[c].astype("str").str.strip().where(~_blank(flat[c]))

    # objectives: one per id, else per team, quarter and title
    has_obj = ~(_blank(flat["objective"]) & _blank(flat["objective_id"]))
    key = ["objective_id"] if "objective_id" in has else ["team", "quarter", "objective"]
    ocode = np.where(has_obj, _group_codes(flat, key), -1)
    firsts = pd.Series(np.arange(len(flat)))[has_obj].groupby(ocode[has_obj]).first()
    obj_rows = firsts.to_numpy()
    objectives = pd.DataFrame(
        {
            "objective_id": flat["objective_id"].to_numpy()[obj_rows]
            if "objective_id" in has
            else np.array([f"O{i + 1}" for i in range(len(obj_rows))], dtype=object),
            "quarter": flat["quarter"].to_numpy()[obj_rows],
            "team": flat["team"].to_numpy()[obj_rows],
            "title": flat["objective"].to_numpy()[obj_rows],
        }
    )
    if "objective_id" not in has and len(obj_rows):
        log.note(
            f"{what}: {len(obj_rows):,} objective ids made (O1 …) from team, quarter and title"
        )
    for src, dst in (("objective_owner", "owner"), ("level", "level"), ("kind", "kind")):
        if src in has:
            objectives[dst] = flat[src].to_numpy()[obj_rows]
    obj_lines = lines[obj_rows]
    obj_id_of = np.append(objectives["objective_id"].to_numpy(dtype=object), None)
    position = np.full(int(ocode.max()) + 2 if len(ocode) else 1, -1)
    position[firsts.index.to_numpy()] = np.arange(len(obj_rows))
    row_obj = obj_id_of[np.where(ocode >= 0, position[ocode], -1)]

    if "parent" in has:
        objectives, obj_lines = _parents(
            objectives, obj_lines, flat["parent"].to_numpy()[obj_rows], log, what
        )

    if layout.grain == "goal":
        for c in extras:
            objectives[c] = flat[c].to_numpy()[obj_rows]
    table("objectives", objectives.astype("str"), obj_lines)
    if layout.grain == "goal":
        return out

    # key results: one per id, else per objective and text
    has_kr = ~(_blank(flat["key_result"]) & _blank(flat["kr_id"]))
    krkey = ["kr_id"] if "kr_id" in has else ["objective_id_row", "key_result"]
    keyed = flat.assign(objective_id_row=row_obj)
    kcode = np.where(has_kr, _group_codes(keyed, krkey), -1)
    kfirst = pd.Series(np.arange(len(flat)))[has_kr].groupby(kcode[has_kr]).first()
    kr_rows = kfirst.to_numpy()
    kr_obj = row_obj[kr_rows]
    if "kr_id" in has:
        kr_ids = flat["kr_id"].to_numpy()[kr_rows]
    else:
        rank = pd.Series(kr_obj).groupby(pd.Series(kr_obj).fillna("")).cumcount().to_numpy() + 1
        kr_ids = np.array(
            [f"{o if o is not None else 'KR'}-KR{r}" for o, r in zip(kr_obj, rank, strict=True)],
            dtype=object,
        )
        if len(kr_rows):
            log.note(
                f"{what}: {len(kr_rows):,} key result ids made (O1-KR1 …) from objective and text"
            )
    krs = pd.DataFrame(
        {"kr_id": kr_ids, "objective_id": kr_obj, "text": flat["key_result"].to_numpy()[kr_rows]}
    )
    for c in (
        "owner",
        "metric",
        "unit",
        "direction",
        "baseline",
        "target",
        "score",
        "due",
        "confidence",
    ):
        if c in has:
            krs[c] = flat[c].to_numpy()[kr_rows]
    if "due" not in has and "end" in has:
        krs["due"] = flat["end"].to_numpy()[kr_rows]
    if layout.grain == "key_result":
        for c in extras:
            krs[c] = flat[c].to_numpy()[kr_rows]
    table("key_results", krs.astype("str"), lines[kr_rows])

    kr_id_of = np.append(kr_ids, None)
    kpos = np.full(int(kcode.max()) + 2 if len(kcode) else 1, -1)
    kpos[kfirst.index.to_numpy()] = np.arange(len(kr_rows))
    row_kr = kr_id_of[np.where(kcode >= 0, kpos[kcode], -1)]

    if layout.grain == "checkin":
        fields = [c for c in ("date", "value", "checkin_confidence", "note", "author") if c in has]
        if fields:
            some = np.zeros(len(flat), bool)
            for c in fields:
                some |= ~_blank(flat[c])
            ck = pd.DataFrame({"kr_id": row_kr[some]})
            for c in fields:
                ck["confidence" if c == "checkin_confidence" else c] = flat[c].to_numpy()[some]
            for c in extras:
                ck[c] = flat[c].to_numpy()[some]
            table("checkins", ck.astype("str"), lines[some])
    elif "current" in has:
        now = ~_blank(flat["current"].iloc[kr_rows])
        stamp = day.date().isoformat()
        ck = pd.DataFrame(
            {"kr_id": kr_ids[now], "date": stamp, "value": flat["current"].to_numpy()[kr_rows][now]}
        )
        table("checkins", ck.astype("str"), lines[kr_rows][now])
        log.note(
            f"{what}: {int(now.sum()):,} current values became check-ins dated {stamp}, "
            "the export's day"
        )
    return out


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
