"""What a rule is: a small declared unit with a stable code, documentation and options.

A rule looks at one kind of thing (a key result, an objective, a KPI, or a team's quarter),
evaluates all of them at once over prepared frames, and returns the offending rows with the
evidence. The engine (:mod:`okrcoach.lint`) adds the declared facts (code, name, category,
severity, rationale) so that a rule only states what is wrong *here*.
"""

from __future__ import annotations

import dataclasses
import re
from enum import IntEnum, StrEnum
from typing import TYPE_CHECKING, Any, ClassVar

import pandas as pd

if TYPE_CHECKING:
    from .context import Context

CATEGORIES = {
    "OUT": "outcome",
    "MEA": "measurability",
    "GAM": "gameability",
    "FOC": "focus",
    "OWN": "ownership",
    "KPI": "kpi",
    "CAD": "cadence",
}
CODE = re.compile(r"^(OUT|MEA|GAM|FOC|OWN|KPI|CAD)\d{3}$")
NAME = re.compile(r"^[a-z]+\.[a-z_]+$")
SECTIONS = ("Why is this a problem?", "Example", "Use instead")

# Columns every rule's evaluate() may return; ids say what the finding is about.
EVIDENCE_COLUMNS = (
    "team",
    "quarter",
    "objective_id",
    "kr_id",
    "kpi_id",
    "message",
    "question",
    "suggestion",
    "match",
)


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str | Severity) -> Severity:
        if isinstance(value, Severity):
            return value
        try:
            return cls[str(value).upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r}; use info, warning or error") from None


#: Sort key of a severity's name, most severe first: ``findings["severity"].map(SEVERITY_RANK)``.
SEVERITY_RANK: dict[str, int] = {
    str(s): rank for rank, s in enumerate(sorted(Severity, reverse=True))
}


class Target(StrEnum):
    """What one finding of the rule is about."""

    KEY_RESULT = "key result"
    OBJECTIVE = "objective"
    KPI = "KPI"
    TEAM_QUARTER = "team-quarter"
    TEAM = "team"


def option(default: Any, doc: str) -> Any:
    """A rule option: its default and one line saying what it does (shown in the docs)."""
    return dataclasses.field(default=default, metadata={"doc": doc})


@dataclasses.dataclass(frozen=True)
class NoOptions:
    pass


#: Every rule class by code, filled as rule modules are imported (see :mod:`.catalogue`).
REGISTERED: dict[str, type[Rule]] = {}


class Rule:
    """Base class of every rule. Subclasses declare; :meth:`evaluate` finds.

    The class docstring is the rule's documentation, in Markdown: a one-line summary, then
    ``## Why is this a problem?``, ``## Example``, ``## Use instead`` and optionally
    ``## Known problems`` and ``## References``. ``## Options`` is generated.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = Severity.WARNING
    target: ClassVar[Target]
    #: The coaching question every finding carries: it fits any wording, because it
    #: quotes nothing the rule did not understand. A rule may give one per finding in a
    #: ``question`` column instead.
    question: ClassVar[str]
    options: ClassVar[type] = NoOptions
    # Option values for the named threshold profiles, where schools disagree.
    profiles: ClassVar[dict[str, dict[str, Any]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not CODE.match(cls.code):
            raise TypeError(f"{cls.__name__}: code {cls.code!r} does not match {CODE.pattern}")
        if not NAME.match(cls.name):
            raise TypeError(f"{cls.__name__}: name {cls.name!r} does not match {NAME.pattern}")
        for other in REGISTERED.values():
            if other.code == cls.code or other.name == cls.name:
                raise TypeError(f"{cls.__name__} reuses {other.code} / {other.name}")
        if not (cls.__doc__ or "").strip():
            raise TypeError(f"{cls.__name__} has no documentation")
        if not str(getattr(cls, "question", "")).strip().endswith("?"):
            raise TypeError(f"{cls.__name__} has no coaching question (a `question` ending in ?)")
        if not dataclasses.is_dataclass(cls.options):
            raise TypeError(f"{cls.__name__}.options must be a dataclass")
        REGISTERED[cls.code] = cls

    # -- declared facts -----------------------------------------------------------------

    @classmethod
    def category(cls) -> str:
        return CATEGORIES[cls.code[:3]]

    @classmethod
    def doc(cls) -> str:
        import inspect

        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        return cls.doc().splitlines()[0].strip()

    @classmethod
    def section(cls, title: str) -> str:
        """The body of one ``## title`` section of the documentation ('' when absent)."""
        parts = re.split(r"^## (.+)$", cls.doc(), flags=re.M)
        sections = dict(zip(parts[1::2], parts[2::2], strict=True))
        return sections.get(title, "").strip()

    @classmethod
    def rationale(cls) -> str:
        """The why, in one paragraph: what reports show next to each finding."""
        return " ".join(cls.section("Why is this a problem?").split())

    @classmethod
    def option_fields(cls) -> tuple[dataclasses.Field, ...]:
        return dataclasses.fields(cls.options)

    # -- finding ------------------------------------------------------------------------

    def __init__(self, opts: Any = None):
        self.opts = opts if opts is not None else self.options()

    def evaluate(self, ctx: Context) -> pd.DataFrame:  # pragma: no cover - abstract
        """Return one row per finding with any of :data:`EVIDENCE_COLUMNS`."""
        raise NotImplementedError
