"""The index of a quarter's retrospectives: the teams that need attention first, then every
team by department (as the exploration places it: :mod:`okrcoach.organisation.teams`),
each department with its headline numbers, and a team's cascade group beside it where the
team is aligned to another team's objectives.

The page is built for a thousand teams and works without script (the reports' content
security policy forbids it): groups fold with ``<details>``, and what needs attention is
decided here, not by sorting in the browser.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...organisation.teams import UNALIGNED

#: A score this far below last quarter's is a fall worth a look.
FALL = 0.2
#: How many teams the attention list shows at the top; the rest are marked in their groups.
ATTENTION_SHOWN = 25
#: Where teams without a department are listed.
NO_DEPARTMENT = "No department"


SERIOUS, NOTABLE = 2, 1


def attention(row: dict) -> list[tuple[int, str]]:
    """Why a team needs attention, each reason with its weight (:data:`SERIOUS` or
    :data:`NOTABLE`), most serious first; empty if it does not.

    Writing errors are left to the reports' lint sections: nearly every team has one, and a
    list that names most teams directs nobody's attention."""
    if row["status"] == "failed":
        return [(SERIOUS, "its report failed")]
    why = []
    score, before = row.get("score"), row.get("previous_score")
    if row.get("grade") == "red":
        why.append((SERIOUS, f"score {score:.2f}"))
    if score is not None and before is not None and before - score >= FALL:
        why.append((SERIOUS, f"down {before - score:.2f} on last quarter"))
    for key, weight, one, many in (
        ("breaches", SERIOUS, "guardrail breach", "guardrail breaches"),
        ("kpis_red", NOTABLE, "red KPI", "red KPIs"),
    ):
        n = row.get(key) or 0
        if n:
            why.append((weight, f"{n} {one if n == 1 else many}"))
    return sorted(why, key=lambda w: -w[0])


def urgency(row: dict) -> tuple:
    """Sort key: failed reports first, then the weightiest reasons, then the lowest score."""
    score = row.get("score")
    return (
        row["status"] != "failed",
        -sum(w for w, _ in row["reasons"]),
        score if score is not None else 2.0,
        row["team"].lower(),
    )


@dataclass
class Group:
    """A department's teams and their headline numbers."""

    name: str
    rows: list[dict] = field(default_factory=list)

    @property
    def scores(self) -> list[float]:
        return [r["score"] for r in self.rows if r.get("score") is not None]

    @property
    def mean_score(self) -> float | None:
        return sum(self.scores) / len(self.scores) if self.scores else None

    def count(self, grade: str) -> int:
        return sum(r.get("grade") == grade for r in self.rows)

    def total(self, key: str) -> int:
        return sum(r.get(key) or 0 for r in self.rows)

    @property
    def failed(self) -> int:
        return sum(r["status"] == "failed" for r in self.rows)

    @property
    def needing_attention(self) -> int:
        return sum(bool(r["why"]) for r in self.rows)


def grouped(rows: list[dict]) -> list[Group]:
    """Teams by department; departments with the most teams needing attention first, then
    by name."""
    groups: dict[str, Group] = {}
    for row in rows:
        groups.setdefault(row["group"], Group(row["group"])).rows.append(row)
    for g in groups.values():
        g.rows.sort(key=lambda r: r["team"].lower())
    return sorted(groups.values(), key=lambda g: (-g.needing_attention, g.name.lower()))


def render_index(quarter: str, rows: list[dict], template, page_css: str, css: str) -> str:
    """The index page's HTML for ``rows`` (one per team: the summary's columns, its
    department and its cascade group)."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    for row in rows:
        row["group"] = row.get("department") or NO_DEPARTMENT
        # the cascade group, where it says more than the department does
        cascade = row.get("cascade") or ""
        row["aligned_to"] = cascade if cascade not in ("", UNALIGNED, row["group"]) else ""
        row["reasons"] = attention(row)
        row["why"] = [text for _, text in row["reasons"]]
    urgent = sorted((r for r in rows if r["why"]), key=urgency)
    env = Environment(
        loader=FileSystemLoader(str(template)),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    return env.get_template("teams_index.html.j2").render(
        quarter=quarter,
        rows=rows,
        groups=grouped(rows),
        urgent=urgent[:ATTENTION_SHOWN],
        urgent_more=len(urgent) - ATTENTION_SHOWN,
        urgent_total=len(urgent),
        failed=[r for r in rows if r["status"] == "failed"],
        scored=[r["score"] for r in rows if r.get("score") is not None],
        page_css=page_css,
        css=css,
    )


__all__ = [
    "ATTENTION_SHOWN",
    "FALL",
    "NO_DEPARTMENT",
    "NOTABLE",
    "SERIOUS",
    "Group",
    "attention",
    "grouped",
    "render_index",
    "urgency",
]
