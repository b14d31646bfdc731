"""The goal-data contract: five tables, their columns and what each column may hold.

Column names are the contract shared by every loader, rule, chart and report. Everything
else in the package refers to columns through this module, so a reader finds the meaning
of ``kr_id`` or ``green_at`` in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """How a column is parsed and checked."""

    ID = "id"  # identifier: text, stripped; numbers written without ".0"
    TEXT = "text"  # free text, kept as written
    NUMBER = "number"  # float
    DATE = "date"  # datetime64
    QUARTER = "quarter"  # "2026-Q3"
    ENUM = "enum"  # one of a fixed set of lowercase words
    CONFIDENCE = "confidence"  # 0-1; 0-10 and percent scales are normalised
    SCORE = "score"  # end-of-quarter grade: 1 = target met, above 1 = over-achieved
    ID_LIST = "id_list"  # comma or semicolon separated identifiers


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    kind: Kind
    doc: str
    required: bool = False
    choices: tuple[str, ...] = ()
    references: str | None = None  # table whose key this column points at
    minimum: float | None = None
    default: float | None = None


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    doc: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    required: bool = False

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)


#: Words people write for the enum values (case and spacing are ignored too).
ENUM_SYNONYMS = {
    "higher": "higher_is_better",
    "up": "higher_is_better",
    "lower": "lower_is_better",
    "down": "lower_is_better",
    "increase": "increase",
    "decrease": "decrease",
    "reduce": "decrease",
    "keep": "maintain",
    "binary": "achieve",
    "dept": "department",
    "org": "company",
    "commit": "committed",
    "stretch": "aspirational",
    "moonshot": "aspirational",
}

LEVELS = ("company", "department", "team", "individual")
OKR_KINDS = ("committed", "aspirational")
KR_DIRECTIONS = ("increase", "decrease", "maintain", "achieve")
KPI_DIRECTIONS = ("higher_is_better", "lower_is_better")

OBJECTIVES = Table(
    "objectives",
    "One row per objective.",
    (
        Column("objective_id", Kind.ID, "Unique id of the objective.", required=True),
        Column("quarter", Kind.QUARTER, 'Quarter the objective is for, e.g. "2026-Q3".'),
        Column("team", Kind.TEXT, "Team that owns the objective."),
        Column("title", Kind.TEXT, "The objective in one qualitative sentence.", required=True),
        Column("owner", Kind.TEXT, "Person accountable for the objective."),
        Column("level", Kind.ENUM, "Where it sits in the cascade.", choices=LEVELS),
        Column(
            "parent_id",
            Kind.ID,
            "objective_id of the objective this one contributes to.",
            references="objectives",
        ),
        Column("kind", Kind.ENUM, "Committed (expected 1.0) or aspirational.", choices=OKR_KINDS),
    ),
    key=("objective_id",),
    required=True,
)

KEY_RESULTS = Table(
    "key_results",
    "One row per key result; each belongs to one objective.",
    (
        Column("kr_id", Kind.ID, "Unique id of the key result.", required=True),
        Column(
            "objective_id",
            Kind.ID,
            "Objective the key result measures.",
            required=True,
            references="objectives",
        ),
        Column("text", Kind.TEXT, "The key result as written.", required=True),
        Column("owner", Kind.TEXT, "Person accountable for the key result."),
        Column("metric", Kind.TEXT, "KPI id or name the key result moves."),
        Column("unit", Kind.TEXT, 'Unit of baseline and target ("%", "days", "EUR").'),
        Column("direction", Kind.ENUM, "Which way the metric should move.", choices=KR_DIRECTIONS),
        Column("baseline", Kind.NUMBER, "Value at the start of the quarter."),
        Column("target", Kind.NUMBER, "Value to reach by the end of the quarter."),
        Column("weight", Kind.NUMBER, "Weight in roll-ups (default 1).", minimum=0, default=1.0),
        Column(
            "score",
            Kind.SCORE,
            "Grade at the end of the quarter: 0-1, above 1 when over-achieved (or a percent).",
        ),
        Column("due", Kind.DATE, "Date the key result is due."),
        Column("confidence", Kind.CONFIDENCE, "Confidence at drafting, 0-1 (0-10 or % accepted)."),
    ),
    key=("kr_id",),
    required=True,
)

CHECKINS = Table(
    "checkins",
    "Progress updates on key results over time.",
    (
        Column("kr_id", Kind.ID, "Key result checked in.", required=True, references="key_results"),
        Column("date", Kind.DATE, "Date of the check-in.", required=True),
        Column("value", Kind.NUMBER, "Current value of the key result's metric."),
        Column("confidence", Kind.CONFIDENCE, "Confidence of landing it, 0-1."),
        Column("note", Kind.TEXT, "What changed."),
        Column("author", Kind.TEXT, "Who checked in."),
    ),
    key=("kr_id", "date"),
)

KPIS = Table(
    "kpis",
    "KPI definitions: one row per metric of ongoing health.",
    (
        Column("kpi_id", Kind.ID, "Unique id of the KPI.", required=True),
        Column("name", Kind.TEXT, "Display name."),
        Column("team", Kind.TEXT, "Team that reports the KPI."),
        Column("owner", Kind.TEXT, "Person accountable for the KPI."),
        Column("unit", Kind.TEXT, "Unit of the values."),
        Column("direction", Kind.ENUM, "Which way is better.", choices=KPI_DIRECTIONS),
        Column("target", Kind.NUMBER, "Target value."),
        Column("green_at", Kind.NUMBER, "Threshold at which the KPI is green."),
        Column("red_at", Kind.NUMBER, "Threshold at which the KPI is red."),
        Column("formula", Kind.TEXT, "How the value is computed."),
        Column("source", Kind.TEXT, "System the data comes from."),
        Column("frequency", Kind.TEXT, "How often it is updated (weekly, monthly ...)."),
        Column(
            "guardrail_for",
            Kind.ID_LIST,
            "objective_ids this KPI guards (comma separated).",
            references="objectives",
        ),
    ),
    key=("kpi_id",),
)

KPI_VALUES = Table(
    "kpi_values",
    "Measured KPI values over time.",
    (
        Column("kpi_id", Kind.ID, "KPI measured.", required=True, references="kpis"),
        Column("date", Kind.DATE, "Date of the measurement.", required=True),
        Column("value", Kind.NUMBER, "Measured value."),
    ),
    key=("kpi_id", "date"),
)

TABLES: dict[str, Table] = {
    t.name: t for t in (OBJECTIVES, KEY_RESULTS, CHECKINS, KPIS, KPI_VALUES)
}
TABLE_NAMES: tuple[str, ...] = tuple(TABLES)

#: A score column whose largest plain value is above this is read as a 0-100 scale. Real
#: over-achievement stays below it (a key result at three times its target is rare), and a
#: 0-100 column almost always has a value above it.
PERCENT_SCALE_ABOVE = 3.0
#: Longest cell okrcoach reads in a text column, and in an id column.
MAX_TEXT = 10_000
MAX_ID = 200
