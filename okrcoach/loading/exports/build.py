"""The flat frame of fields to the five tables: ids, quarters and parents derived."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ...errors import ProblemLog
from ..columns import parse_dates
from ..readers import RawTable, text_as_written
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


#: Each built table's columns and the field each comes from.
OBJECTIVE_FIELDS = {
    "objective_id": "objective_id",
    "quarter": "quarter",
    "team": "team",
    "title": "objective",
    "owner": "objective_owner",
    "level": "level",
    "kind": "kind",
    "parent_id": "parent",
}
KR_FIELDS = {
    "kr_id": "kr_id",
    "text": "key_result",
    **{f: f for f in ("owner", "metric", "unit", "direction", "baseline", "target", "score")},
    **{f: f for f in ("due", "confidence")},
}
CHECKIN_FIELDS = {
    "kr_id": "kr_id",
    "date": "date",
    "value": "value",
    "confidence": "checkin_confidence",
    "note": "note",
    "author": "author",
}
KPI_VALUE_FIELDS = {"kpi_id": "kpi", "date": "kpi_date", "value": "kpi_value"}


def build(
    flat: pd.DataFrame,
    lines: np.ndarray,
    layout: Layout,
    file: str,
    sheet: str | None,
    log: ProblemLog,
    day: pd.Timestamp,
    kpi_name: str,
    headers: Mapping[str, str] | None = None,
) -> dict[str, RawTable]:
    """The five tables from a flat frame of fields (``FIELDS``) and extra columns.

    ``lines`` are the rows the user sees, aligned with ``flat``; each table row keeps the
    line of the first export row it came from. ``headers`` gives each field's column as
    the file writes it, for the problems to name.
    """
    b = Builder(flat, lines, layout, file, sheet, log, headers or {})
    if layout.grain == "kpi":
        b.kpis(kpi_name)
        return b.out
    b.prepare()
    b.objectives()
    if layout.grain == "goal":
        return b.out
    b.key_results()
    if layout.grain == "checkin":
        b.checkins()
    elif "current" in b.has:
        b.current_values(day)
    return b.out


class Builder:
    """The tables of one export, built one after another from its flat frame of fields.

    Each table's rows are the first export row of each distinct key (an objective's id, or
    its team, quarter and title; a key result's id, or its objective and text), found with
    integer codes of the key columns so that a million rows are grouped without a loop.
    """

    def __init__(
        self, flat, lines, layout: Layout, file: str, sheet, log: ProblemLog, headers: Mapping
    ):
        self.flat, self.lines, self.layout, self.headers = flat, lines, layout, headers
        self.file, self.sheet, self.log = file, sheet, log
        self.extras = [c for c in flat.columns if c not in FIELDS]
        self.has = {c for c in flat.columns if c in FIELDS and not _blank(flat[c]).all()}
        self.what = Path(file).name
        self.out: dict[str, RawTable] = {}
        self.codes: dict[str, np.ndarray] = {}

    def table(self, name: str, frame: pd.DataFrame, rows: np.ndarray, fields: dict) -> None:
        """A built table; ``fields`` says which field each of its columns comes from."""
        labels = {c: self.headers[f] for c, f in fields.items() if f in self.headers}
        frame = frame.reset_index(drop=True)
        self.out[name] = RawTable(name, frame, self.file, self.sheet, rows, labels=labels)

    def pick(self, c: str, rows: np.ndarray) -> pd.Series:
        """Rows of a column (positions or a mask), keeping its array type."""
        column = self.flat[c]
        picked = column.iloc[rows] if rows.dtype != bool else column[rows]
        return picked.reset_index(drop=True)

    def extra(self, c: str, rows: np.ndarray) -> pd.Series:
        """A column no field takes, as text the way it was written (as every source's
        columns of the user's own travel along)."""
        return text_as_written(self.pick(c, rows))

    def kpis(self, kpi_name: str) -> None:
        """A KPI history: the KPIs (named by a column, else after the file) and values."""
        from slugify import slugify

        flat, has = self.flat, self.has
        name = flat["kpi"] if "kpi" in has else pd.Series(kpi_name, index=flat.index, dtype="str")
        if "kpi" not in has:
            self.log.note(f"{self.what}: the KPI is named after the file: {kpi_name!r}")
        codes, names = pd.factorize(name)
        ids = np.array(
            [slugify(str(n)) or f"kpi-{i + 1}" for i, n in enumerate(names)], dtype=object
        )
        first = pd.Series(np.arange(len(flat))).groupby(codes).first().to_numpy()
        kpis = pd.DataFrame({"kpi_id": ids, "name": np.asarray(names, dtype=object)}, dtype="str")
        self.table("kpis", kpis, self.lines[first], {"kpi_id": "kpi", "name": "kpi"})
        values = pd.DataFrame(
            {
                "kpi_id": pd.Series(ids[codes], dtype="str"),
                "date": flat.get("kpi_date", flat.get("date")),
                "value": flat.get("kpi_value", flat.get("value")),
            }
        )
        for c in self.extras:
            values[c] = text_as_written(flat[c]).to_numpy()
        self.table("kpi_values", values, self.lines, KPI_VALUE_FIELDS)

    def prepare(self) -> None:
        """Quarters from dates and teams from owners where the export has none; the key
        columns cleaned and coded."""
        flat, has = self.flat, self.has
        if "quarter" not in has:
            for source in ("start", "end", "due"):
                if source in has:
                    flat = flat.assign(quarter=_quarter_of(flat[source]))
                    self.log.note(f"{self.what}: quarters made from the {source} dates")
                    break
        if "team" not in has and "objective_owner" in has:
            # tools whose goals belong to people: each owner is a team of one for the retros
            flat = flat.assign(team=flat["objective_owner"])
            self.log.note(
                f"{self.what}: no teams in the export; each objective's owner is its team"
            )
        for c in ("team", "quarter", "objective", "objective_id", "key_result", "kr_id"):
            if c not in flat.columns:
                flat = flat.assign(**{c: pd.Series(None, index=flat.index, dtype="str")})
            flat[c], self.codes[c] = _clean(flat[c])
        self.flat = flat

    def objectives(self) -> None:
        """One objective per id, else per team, quarter and title; parents from names."""
        codes, has = self.codes, self.has
        has_obj = (codes["objective"] >= 0) | (codes["objective_id"] >= 0)
        key = ["objective_id"] if "objective_id" in has else ["team", "quarter", "objective"]
        ocode = np.where(has_obj, _group_codes([codes[k] for k in key]), -1)
        rows, pos = _firsts(ocode)
        if "objective_id" in has:
            ids = self.pick("objective_id", rows)
        else:
            ids = pd.Series([f"O{i + 1}" for i in range(len(rows))], dtype="str")
            if len(rows):
                self.log.note(
                    f"{self.what}: {len(rows):,} objective ids made (O1 …) from team, "
                    "quarter and title"
                )
        objectives = pd.DataFrame(
            {
                "objective_id": ids,
                "quarter": self.pick("quarter", rows),
                "team": self.pick("team", rows),
                "title": self.pick("objective", rows),
            }
        )
        for src, dst in (("objective_owner", "owner"), ("level", "level"), ("kind", "kind")):
            if src in has:
                objectives[dst] = self.pick(src, rows)
        obj_lines = self.lines[rows]
        self.obj_ids = ids
        self.row_obj_pos = np.where(ocode >= 0, pos[np.maximum(ocode, 0)], -1)
        if "parent" in has:
            parents = self.pick("parent", rows).to_numpy(dtype=object)
            objectives, obj_lines = _parents(objectives, obj_lines, parents, self.log, self.what)
        if self.layout.grain == "goal":
            for c in self.extras:
                objectives[c] = self.extra(c, rows)
        self.table("objectives", objectives, obj_lines, OBJECTIVE_FIELDS)

    def key_results(self) -> None:
        """One key result per id, else per objective and text."""
        codes, has = self.codes, self.has
        has_kr = (codes["key_result"] >= 0) | (codes["kr_id"] >= 0)
        parts = [codes["kr_id"]] if "kr_id" in has else [self.row_obj_pos, codes["key_result"]]
        self.kcode = np.where(has_kr, _group_codes(parts), -1)
        rows, self.kr_pos = _firsts(self.kcode)
        self.kr_rows = rows
        kr_obj = self.obj_ids.array.take(self.row_obj_pos[rows], allow_fill=True)
        if "kr_id" in has:
            ids = self.pick("kr_id", rows)
        else:
            objective_pos = self.row_obj_pos[rows]
            rank = pd.Series(objective_pos).groupby(objective_pos).cumcount() + 1
            ids = pd.Series(
                [
                    f"{o if isinstance(o, str) else 'KR'}-KR{r}"
                    for o, r in zip(np.asarray(kr_obj, dtype=object), rank, strict=True)
                ],
                dtype="str",
            )
            if len(rows):
                self.log.note(
                    f"{self.what}: {len(rows):,} key result ids made (O1-KR1 …) from "
                    "objective and text"
                )
        self.kr_ids = ids
        krs = pd.DataFrame(
            {"kr_id": ids, "objective_id": pd.Series(kr_obj), "text": self.pick("key_result", rows)}
        )
        for c in ("owner", "metric", "unit", "direction", "baseline", "target", "score", "due",
                  "confidence"):  # fmt: skip
            if c in has:
                krs[c] = self.pick(c, rows)
        if "due" not in has and "end" in has:
            krs["due"] = self.pick("end", rows)
        if self.layout.grain == "key_result":
            for c in self.extras:
                krs[c] = self.extra(c, rows)
        fields = KR_FIELDS | ({"due": "end"} if "due" not in has and "end" in has else {})
        self.table("key_results", krs, self.lines[rows], fields)

    def checkins(self) -> None:
        """An export of check-ins: every row with a check-in field is one."""
        fields = [
            c for c in ("date", "value", "checkin_confidence", "note", "author") if c in self.has
        ]
        if not fields:
            return
        some = np.zeros(len(self.flat), bool)
        for c in fields:
            some |= ~_blank(self.flat[c])
        row_kr = np.where(self.kcode >= 0, self.kr_pos[np.maximum(self.kcode, 0)], -1)
        ck = pd.DataFrame(
            {"kr_id": pd.Series(self.kr_ids.array.take(row_kr[some], allow_fill=True))}
        )
        for c in fields:
            ck["confidence" if c == "checkin_confidence" else c] = self.pick(c, some)
        for c in self.extras:
            ck[c] = self.extra(c, some)
        self.table("checkins", ck, self.lines[some], CHECKIN_FIELDS)

    def current_values(self, day: pd.Timestamp) -> None:
        """An export's current values as check-ins dated the export's day."""
        current = self.pick("current", self.kr_rows)
        now = ~_blank(current)
        stamp = day.date().isoformat()
        ck = pd.DataFrame(
            {
                "kr_id": self.kr_ids[now].reset_index(drop=True),
                "date": stamp,
                "value": current[now].reset_index(drop=True),
            }
        )
        fields = {"kr_id": "kr_id", "value": "current"}
        self.table("checkins", ck, self.lines[self.kr_rows][now], fields)
        self.log.note(
            f"{self.what}: {int(now.sum()):,} current values became check-ins dated {stamp}, "
            "the export's day"
        )


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
