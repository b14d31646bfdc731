"""One team's OKR draft as it is being written: the model behind the coaching notebook.

A :class:`Draft` is plain data (team, quarter, objectives with their key results), easy to
edit in place, to save as the YAML draft format :func:`okrcoach.load` reads, and to check:
:func:`feedback` lints it and scores every objective and the whole draft.
"""

from __future__ import annotations

import math
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from ..config import Config
from ..files import atomic_path
from ..findings import empty_findings
from ..goalset import GoalSet, empty_table
from ..lint import PENALTY, lint
from ..loading.loader import load
from ..schema import KR_DIRECTIONS, TABLES
from ..values import parse_number

#: The rules that apply to a draft: check-in cadence and KPI definitions need data a draft
#: does not have yet, and a draft being written has no parent objective to link to.
DRAFT_CONFIG = Config(ignore=("cadence", "kpi", "OWN003"))
KINDS = ("aspirational", "committed")


@dataclass
class KeyResultDraft:
    text: str = ""
    owner: str = ""
    baseline: float | None = None
    target: float | None = None
    unit: str = ""
    due: str = ""
    direction: str = ""


@dataclass
class ObjectiveDraft:
    title: str = ""
    kind: str = "aspirational"
    owner: str = ""
    key_results: list[KeyResultDraft] = field(default_factory=lambda: [KeyResultDraft()])


@dataclass
class Draft:
    team: str = ""
    quarter: str = ""
    objectives: list[ObjectiveDraft] = field(default_factory=lambda: [ObjectiveDraft()])

    # --- ids -------------------------------------------------------------------------

    @staticmethod
    def objective_id(i: int) -> str:
        return f"O{i + 1}"

    @staticmethod
    def kr_id(i: int, j: int) -> str:
        return f"O{i + 1}-KR{j + 1}"

    # --- conversions --------------------------------------------------------------------

    def to_dict(self) -> dict:
        """The YAML draft format: empty fields and empty key results left out."""
        out: dict = {"team": self.team or None, "quarter": self.quarter or None, "objectives": []}
        for o in self.objectives:
            obj = {"title": o.title, "kind": o.kind, "owner": o.owner or None, "key_results": []}
            for k in o.key_results:
                kr = {key: value for key, value in asdict(k).items() if value not in (None, "")}
                if kr:
                    obj["key_results"].append(kr)
            out["objectives"].append({key: v for key, v in obj.items() if v is not None})
        return {key: v for key, v in out.items() if v is not None}

    def to_yaml(self) -> str:
        return yaml.safe_dump(self.to_dict(), sort_keys=False, allow_unicode=True)

    @classmethod
    def from_dict(cls, data: dict) -> Draft:
        """Tolerant of partial drafts (an autosave of a half-written draft must restore)."""
        data = data or {}
        objectives = []
        for o in data.get("objectives") or []:
            if isinstance(o, str):
                o = {"title": o}
            krs = []
            for k in o.get("key_results") or []:
                if isinstance(k, str):
                    k = {"text": k}
                krs.append(
                    KeyResultDraft(
                        text=_text(k.get("text")),
                        owner=_text(k.get("owner")),
                        baseline=parse_number(k.get("baseline")),
                        target=parse_number(k.get("target")),
                        unit=_text(k.get("unit")),
                        due=_text(k.get("due")),
                        direction=_direction(k.get("direction")),
                    )
                )
            kind = _text(o.get("kind")) or "aspirational"
            objectives.append(
                ObjectiveDraft(
                    title=_text(o.get("title")),
                    kind=kind if kind in KINDS else "aspirational",
                    owner=_text(o.get("owner") or data.get("owner")),
                    key_results=krs or [KeyResultDraft()],
                )
            )
        return cls(
            team=_text(data.get("team")),
            quarter=_text(data.get("quarter")),
            objectives=objectives or [ObjectiveDraft()],
        )

    @classmethod
    def from_yaml(cls, text: str) -> Draft:
        return cls.from_dict(yaml.safe_load(text) or {})

    @classmethod
    def read(cls, path: str | os.PathLike) -> Draft:
        return cls.from_yaml(Path(path).read_text(encoding="utf-8"))

    @classmethod
    def from_goals(cls, goals: GoalSet, team: str, quarter: str) -> Draft:
        """The team's objectives and key results of a quarter from loaded goal data."""
        obj = goals.objectives[
            goals.objectives["team"].eq(team) & goals.objectives["quarter"].eq(quarter)
        ]
        objectives = []
        for o in obj.itertuples(index=False):
            krs = goals.key_results[goals.key_results["objective_id"] == o.objective_id]
            objectives.append(
                ObjectiveDraft(
                    title=o.title,
                    kind=o.kind if o.kind in KINDS else "aspirational",
                    owner=_text(o.owner),
                    key_results=[
                        KeyResultDraft(
                            text=k.text,
                            owner=_text(k.owner),
                            baseline=parse_number(k.baseline),
                            target=parse_number(k.target),
                            unit=_text(k.unit),
                            due=k.due.date().isoformat() if pd.notna(k.due) else "",
                            direction=_direction(k.direction),
                        )
                        for k in krs.itertuples(index=False)
                    ]
                    or [KeyResultDraft()],
                )
            )
        return cls(team=team, quarter=quarter, objectives=objectives or [ObjectiveDraft()])

    def frames(self) -> dict[str, pd.DataFrame]:
        """Objectives and key results as the contract's tables; blank rows left out (ids
        stay those of the rows' positions)."""
        obj, krs = self._records()
        return {"objectives": pd.DataFrame(obj), "key_results": pd.DataFrame(krs)}

    def _records(self) -> tuple[list[dict], list[dict]]:
        obj, krs = [], []
        for i, o in enumerate(self.objectives):
            if not o.title.strip() and not any(k.text.strip() for k in o.key_results):
                continue
            obj.append(
                {
                    "objective_id": self.objective_id(i),
                    "quarter": self.quarter or None,
                    "team": self.team or None,
                    "title": o.title,
                    "level": "team",
                    "owner": o.owner or None,
                    "kind": o.kind,
                }
            )
            for j, k in enumerate(o.key_results):
                if k.text.strip():
                    krs.append(
                        {
                            "kr_id": self.kr_id(i, j),
                            "objective_id": self.objective_id(i),
                            "text": k.text,
                            "owner": k.owner or None,
                            "baseline": k.baseline,
                            "target": k.target,
                            "unit": k.unit or None,
                            "due": k.due or None,
                            "direction": k.direction or None,
                        }
                    )
        return obj, krs

    def to_goalset(self) -> GoalSet:
        """The draft as goal data, typed as :meth:`GoalSet.from_frames` would (a test keeps
        the two equal), built directly: the coach does this on every pause in typing."""
        import dataclasses

        import numpy as np

        obj, krs = self._records()  # the frames' rows, not framed twice
        objectives = pd.DataFrame({c: _texts(obj, c) for c in _OBJECTIVE_TEXT})
        m = len(krs)
        due = pd.to_datetime(
            pd.Series([k["due"] for k in krs], dtype=object), errors="coerce"
        ).astype("datetime64[ns]")
        key_results = pd.DataFrame(
            {
                **{c: _texts(krs, c) for c in _KR_TEXT},
                "baseline": _numbers(krs, "baseline"),
                "target": _numbers(krs, "target"),
                "weight": pd.Series(np.ones(m)),
                "score": pd.Series(np.full(m, np.nan)),
                "due": due,
                "confidence": pd.Series(np.full(m, np.nan)),
            }
        )
        return dataclasses.replace(
            _empty_goals(), objectives=objectives, key_results=key_results, source="draft"
        )

    def save_yaml(self, path: str | os.PathLike) -> Path:
        """Write the draft as YAML (atomically)."""
        path = Path(path)
        with atomic_path(path) as tmp:
            tmp.write_text(self.to_yaml(), encoding="utf-8")
        return path

    def save_workbook(self, path: str | os.PathLike) -> Path:
        """Write the draft as a workbook :func:`okrcoach.load` reads, after loading the YAML
        form through the same checks as any goal file (so the workbook is valid)."""
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            goals = load(self.save_yaml(Path(tmp) / "draft.yaml"))
        return goals.to_excel(path)


_OBJECTIVE_TEXT = (
    "objective_id",
    "quarter",
    "team",
    "title",
    "owner",
    "level",
    "parent_id",
    "kind",
)
_KR_TEXT = ("kr_id", "objective_id", "text", "owner", "metric", "unit", "direction")


def _texts(records: list[dict], col: str) -> pd.Series:
    """A text column of the contract from a draft's rows (missing where a row has none)."""
    return pd.Series([r.get(col) for r in records], dtype="str")


def _numbers(records: list[dict], col: str) -> pd.Series:
    """A number column of the contract from a draft's rows (missing where a row has none)."""
    import numpy as np

    values = [np.nan if r.get(col) is None else r[col] for r in records]
    return pd.Series(np.array(values, dtype="float64"))


def _empty_goals() -> GoalSet:
    return GoalSet(**{name: empty_table(name) for name in TABLES}, source="draft")


def _direction(value) -> str:
    text = _text(value).strip().lower()
    return text if text in KR_DIRECTIONS else ""


def _text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


@dataclass(frozen=True)
class Feedback:
    """Findings on a draft with the quality scores they give.

    ``findings`` has :data:`okrcoach.findings.FINDING_COLUMNS`; ``objective_scores`` maps an
    objective id (``O1`` ...) to 0-100; ``score`` is the draft's (team-quarter's) score.
    """

    findings: pd.DataFrame
    objective_scores: dict[str, float]
    score: float | None

    def for_kr(self, i: int, j: int) -> pd.DataFrame:
        return self.findings[self.findings["kr_id"] == Draft.kr_id(i, j)]

    def for_objective(self, i: int) -> pd.DataFrame:
        return self.findings[
            (self.findings["objective_id"] == Draft.objective_id(i)) & self.findings["kr_id"].isna()
        ]

    @property
    def for_draft(self) -> pd.DataFrame:
        """Findings about the draft as a whole (too many objectives, owner overload ...)."""
        f = self.findings
        return f[f["objective_id"].isna() & f["kr_id"].isna()]


def feedback(draft: Draft, config: Config | None = None) -> Feedback:
    """Lint a draft and score it (see :func:`okrcoach.scores`)."""
    with pd.option_context("mode.string_storage", "python"):  # see okrcoach.lint: few rows
        goals = draft.to_goalset()
        if goals.objectives.empty:
            return Feedback(empty_findings(), {}, None)
        found = lint(goals, config or DRAFT_CONFIG)
    objective_scores, score = draft_scores(goals, found)
    return Feedback(found, objective_scores, score)


def draft_scores(goals: GoalSet, found: pd.DataFrame) -> tuple[dict[str, float], float]:
    """:func:`okrcoach.lint.scores` for a draft (one team, one quarter), in plain Python:
    the same formula at a fraction of the cost on a few rows (a test keeps the two equal on
    every team-quarter of the demo organisation)."""
    ids = list(goals.objectives["objective_id"])
    lost = dict.fromkeys(ids, 0.0)
    whole = 0.0
    for severity, obj, kpi in zip(
        found["severity"], found["objective_id"], found["kpi_id"], strict=True
    ):
        points = PENALTY.get(severity, 0)
        target = obj if isinstance(obj, str) else None  # findings on a key result carry it
        if target in lost:
            lost[target] += points
        elif target is None and not isinstance(kpi, str):
            whole += points
    per = {i: max(0.0, 100.0 - lost[i]) for i in ids}
    mean = sum(per.values()) / len(per)
    return per, min(100.0, max(0.0, mean - whole))


__all__ = [
    "DRAFT_CONFIG",
    "Draft",
    "Feedback",
    "KeyResultDraft",
    "ObjectiveDraft",
    "draft_scores",
    "feedback",
]
