"""Fields a layout fills, and what a layout is."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ...errors import OkrcoachError
from ..readers import normalise_name

VENDOR_SUFFIXES = {".csv", ".tsv", ".xlsx", ".xlsm"}

#: The fields a layout or a column mapping can fill, by what they describe.
FIELDS: dict[str, str] = {
    # the objective
    "objective": "objective title",
    "objective_id": "objective id (made from the title when missing)",
    "objective_owner": "objective owner",
    "team": "team that owns the objective",
    "quarter": "quarter (made from `start`, else `end` or `due`, when missing)",
    "start": "start date of the objective's period",
    "end": "end date of the objective's period",
    "level": "company, department, team or individual",
    "kind": "committed or aspirational",
    "parent": "title or id of the objective this one contributes to",
    # the key result
    "key_result": "key result text",
    "kr_id": "key result id (made from the objective and text when missing)",
    "owner": "key result owner",
    "metric": "KPI the key result moves",
    "unit": "unit of baseline and target",
    "direction": "increase, decrease, maintain or achieve",
    "baseline": "start value",
    "target": "target value",
    "current": "current value (becomes a check-in dated the export's day)",
    "score": "score or progress: 1 or 100 % = target met, above is over-achieved",
    "due": "due date of the key result",
    "confidence": "confidence at drafting",
    # check-ins
    "date": "check-in date",
    "value": "check-in value",
    "checkin_confidence": "confidence at the check-in",
    "note": "check-in note",
    "author": "who checked in",
    # KPIs
    "kpi": "KPI name (the file's name when missing)",
    "kpi_value": "measured KPI value",
    "kpi_date": "date of the KPI value",
}

GRAINS = ("key_result", "checkin", "goal", "kpi")


class UnknownLayout(OkrcoachError):
    """A layout name that okrcoach does not know."""


@dataclass(frozen=True)
class Layout:
    """One tool's export: the headers that identify it and the field each header holds.

    ``headers`` maps a header (as :func:`okrcoach.loading.readers.normalise_name` writes it) to a
    field; ``signature`` lists the headers that must all be present to recognise the
    layout. ``prepare`` reshapes the read frame before the fields are taken (a wide
    export with one column per key result, rows that are objectives or key results).
    """

    name: str
    title: str
    grain: str
    signature: tuple[str, ...]
    headers: Mapping[str, str]
    source: str = ""
    cannot_map: str = ""
    prepare: Callable[..., tuple[pd.DataFrame, np.ndarray]] | None = None
    exact: bool = False  # the header must be the signature and nothing else
    #: The header each field that ``prepare`` makes comes from, so that a problem names the
    #: column the user wrote ("score" is Betterworks' "progress")
    derived: Mapping[str, str] = field(default_factory=dict)

    def reads_as_text(self, header: str, number_fields: frozenset | set) -> bool:
        """Whether a column is text to keep exactly as written ("007", "true", "1.50"): all
        but those a number field takes (a column of the user's own travels as written)."""
        return self.headers.get(header) not in number_fields

    def field_headers(self, written: Mapping[str, str]) -> dict[str, str]:
        """Each field's header as the file writes it (``written``: normalised -> as
        written); a column the file lacks as the layout names it."""
        out = {f: h for h, f in self.headers.items()}  # a column the file lacks, as named
        out |= {f: written[h] for h, f in self.headers.items() if h in written}
        out |= {f: written.get(h, h) for f, h in self.derived.items()}
        return out

    def matches(self, headers: set[str]) -> bool:
        if self.exact:
            return set(self.signature) == headers
        return set(self.signature) <= headers


def header_name(header: object) -> str:
    """A header as layouts name it: 'Key Result', 'keyResultTitle' and 'keyResult2Title' ->
    'key_result', 'key_result_title', 'key_result_2_title' (spaces, hyphens, camelCase and
    a number inside a word become underscores)."""
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", str(header).strip())
    text = re.sub(r"(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])", "_", text)
    return normalise_name(text)


def mapping_layout(columns: Mapping[str, str]) -> Layout:
    """A layout from a user's column mapping (header text -> field)."""
    headers: dict[str, str] = {}
    bad = []
    for header, target in columns.items():
        f = normalise_name(target)
        if f not in FIELDS:
            bad.append(target)
        headers[header_name(header)] = f
    if bad:
        raise OkrcoachError(
            f"unknown field {', '.join(map(repr, bad))} in the column mapping; fields: "
            + ", ".join(FIELDS)
        )
    fields = set(headers.values())
    if fields & {"kpi_value", "kpi_date"}:
        grain = "kpi"
    elif fields & {"date", "value"}:
        grain = "checkin"
    elif "key_result" in fields or "kr_id" in fields:
        grain = "key_result"
    else:
        grain = "goal"
    return Layout("mapping", "column mapping", grain, tuple(headers), headers)


def text_column(frame: pd.DataFrame, column: str) -> pd.Series:
    """A column as stripped text, blanks missing (missing entirely: all missing)."""
    if column not in frame:
        return pd.Series(None, index=frame.index, dtype="str")
    s = frame[column].astype("str").str.strip()
    return s.where(s.ne(""))
