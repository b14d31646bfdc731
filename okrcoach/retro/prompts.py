"""What a team's review meeting starts from: candidate objectives from KPIs that are off
track, and the four review questions with prompts taken from the team's numbers."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ..quarters import next_quarter

if TYPE_CHECKING:
    from .contents import TeamRetro


def _fmt(x: float, unit: str | None) -> str:
    if pd.isna(x):
        return "?"
    text = f"{x:,.2f}".rstrip("0").rstrip(".")
    unit = unit if isinstance(unit, str) else ""
    return f"{text}{unit}" if unit in ("%",) else f"{text} {unit}".strip()


def candidates(kpis: pd.DataFrame, krs: pd.DataFrame, quarter: str) -> pd.DataFrame:
    """Off-track KPIs (red, or yellow and not heading for the target) as next objectives."""
    cols = ["kpi_id", "name", "rag", "latest", "objective", "key_result", "why"]
    off = kpis[
        kpis["rag"].eq("red")
        | (kpis["rag"].eq("yellow") & kpis["forecast"].eq("not at this trend"))
    ]
    nxt = next_quarter(quarter)
    rows = []
    for k in off.itertuples(index=False):
        name = k.name if isinstance(k.name, str) else k.kpi_id
        up = k.direction == "higher_is_better"
        goal = k.green_at if pd.notna(k.green_at) else k.target
        verb = "Raise" if up else "Bring down"
        kr = (
            f"{verb} {name.lower()} from {_fmt(k.latest, k.unit)} to {_fmt(goal, k.unit)} "
            f"by the end of {nxt}"
        )
        why = [f"{name} is {k.rag}"]
        if pd.notna(k.change):
            why.append(
                f"{'up' if k.change >= 0 else 'down'} {_fmt(abs(k.change), k.unit)} over 13 weeks"
            )
        if k.forecast == "not at this trend":
            why.append("not reaching its target at this trend")
        if k.guardrail:
            why.append("it guards one of this quarter's objectives")
        rows.append(
            {
                "kpi_id": k.kpi_id,
                "name": name,
                "rag": k.rag,
                "latest": k.latest,
                "objective": f"Get {name.lower()} back into the green",
                "key_result": kr,
                "why": "; ".join(why) + ".",
            }
        )
    return pd.DataFrame(rows, columns=cols)


QUESTIONS = (
    "What changed?",
    "What did we learn?",
    "What is blocking us?",
    "What decision do we need?",
)


def review_questions(r: TeamRetro) -> list[tuple[str, list[str]]]:
    """The four review questions, each with prompts from this team's numbers."""
    names = r.kpis.set_index("kpi_id")["name"].to_dict() if len(r.kpis) else {}
    text = r.key_results.set_index("kr_id")["text"].to_dict()
    changed = [
        f"{names.get(a.kpi_id, a.kpi_id)} jumped to {a.value:g} on "
        f"{a.date:%d %b} (expected about {a.expected:g}). What happened?"
        for a in r.anomalies.itertuples(index=False)
    ]
    changed += [
        f"{names.get(k.kpi_id, k.kpi_id)} shifted level around "
        f"{k.level_shift_date:%d %b}. What caused it?"
        for k in r.kpis.itertuples(index=False)
        if pd.notna(k.level_shift_date)
    ]
    learned = []
    kind = r.objectives.set_index("objective_id")["kind"].to_dict()
    for k in r.key_results.itertuples(index=False):
        if pd.notna(k.score) and k.score < 0.4:
            learned.append(
                f"“{text[k.kr_id]}” scored {k.score:.1f}: was the target "
                "realistic, or did the approach not work?"
            )
        elif pd.notna(k.score) and k.score >= 1.0 and kind.get(k.objective_id) != "committed":
            learned.append(f"“{text[k.kr_id]}” reached {k.score:.1f}: was it ambitious enough?")
    blocking = [
        f"“{text[k.kr_id]}” is {k.status} ({k.progress:.0%} of the way, {k.expected:.0%} expected)."
        for k in r.key_results.itertuples(index=False)
        if k.status in ("off track", "at risk") and not r.final
    ]
    blocking += [
        f"“{text[c.kr_id]}” had no check-in for {int(c.longest_gap_days)} days."
        for c in r.cadence.itertuples(index=False)
        if pd.notna(c.longest_gap_days) and c.longest_gap_days > 21
    ]
    decision = [f"{b.message}" for b in r.guardrail_breaches.itertuples(index=False)]
    decision += [
        f"Make “{c.objective}” an objective for next quarter? {c.why}"
        for c in r.candidates.itertuples(index=False)
    ]
    for o in r.objectives.itertuples(index=False):
        if o.kind == "committed" and pd.notna(o.score) and o.score < 1.0 and r.final:
            decision.append(
                f"The committed objective “{o.title}” ended at {o.score:.2f}: "
                "what is the post-mortem's conclusion?"
            )
    prompts = [changed, learned, blocking, decision]
    return list(zip(QUESTIONS, prompts, strict=True))


__all__ = ["QUESTIONS", "candidates", "review_questions"]
