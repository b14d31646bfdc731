"""A second organisation for the exploration tests, unlike the demo on purpose.

Northwind Clinics: two departments and four teams over 2026-Q1 and 2026-Q2, with no
``department`` column (departments come from the cascade). Planted: Front Desk has four
objectives in 2026-Q2 (over the limit of three), output, vanity and unmeasurable key
results, a KPI without a formula, a guardrail KPI that crosses red while the objective it
guards progresses, a team that never checks in, markup in a title and a key result that
starts with ``=`` (a spreadsheet would read it as a formula).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

QUARTERS = ("2026-Q1", "2026-Q2")
HOSTILE_TITLE = "<script>alert('x')</script> Make billing painless"
FORMULA_TEXT = '=HYPERLINK("http://example.invalid","Launch 3 webinars on billing")'
TEAMS = {
    "Front Desk": "Care",
    "Nursing": "Care",
    "Billing": "Operations",
    "Lab Services": "Operations",
}
NEVER_CHECKS_IN = "Lab Services"


def _krs(team: str, quarter: str, n: int) -> list[tuple]:
    """(text, unit, direction, baseline, target) per key result of one objective."""
    good = [
        ("Raise patients seen within 15 minutes from 60% to 80%", "%", "increase", 60, 80),
        ("Cut average wait at check-in from 12 to 6 minutes", "min", "decrease", 12, 6),
        ("Raise patient satisfaction from 4.1 to 4.5", "points", "increase", 4.1, 4.5),
    ]
    if team == "Front Desk" and n == 1:
        return [
            ("Launch 3 webinars for patients", None, None, None, 3),
            ("Reach 10k followers on Instagram", None, "increase", None, 10000),
            ("Improve patient experience", None, None, None, None),
        ]
    if team == "Billing" and n == 0:
        return [
            ("Raise self-pay sign-ups from 200 to 320 a month", "sign-ups", "increase", 200, 320),
            (FORMULA_TEXT, "%", "increase", 80, 95),
            good[2],
        ]
    return good


def write(folder: Path) -> Path:
    """Write the organisation as a CSV folder and return it."""
    objectives, krs, checkins, kpis, values = [], [], [], [], []
    for q in QUARTERS:
        qid = q.replace("-", "")
        for d, dept in enumerate(sorted(set(TEAMS.values()))):
            doid = f"D{d}-{qid}"
            objectives.append(
                {
                    "objective_id": doid,
                    "quarter": q,
                    "team": dept,
                    "title": f"Run {dept.lower()} that patients trust",
                    "owner": f"Head of {dept}",
                    "level": "department",
                    "parent_id": None,
                    "kind": "committed",
                }
            )
        for t, (team, dept) in enumerate(TEAMS.items()):
            count = 4 if team == "Front Desk" and q == "2026-Q2" else 2
            for n in range(count):
                oid = f"T{t}-{qid}-{n}"
                title = (
                    HOSTILE_TITLE
                    if team == "Billing" and n == 0
                    else f"{team}: deliver care patients recommend ({n + 1})"
                )
                parent = f"D{sorted(set(TEAMS.values())).index(dept)}-{qid}"
                objectives.append(
                    {
                        "objective_id": oid,
                        "quarter": q,
                        "team": team,
                        "title": title,
                        "owner": f"Lead {t}",
                        "level": "team",
                        "parent_id": parent,
                        "kind": "aspirational",
                    }
                )
                for k, (text, unit, direction, b, target) in enumerate(_krs(team, q, n)):
                    kr = f"{oid}.{k + 1}"
                    krs.append(
                        {
                            "kr_id": kr,
                            "objective_id": oid,
                            "text": text,
                            "owner": f"Member {t}.{k}",
                            "unit": unit,
                            "direction": direction,
                            "baseline": b,
                            "target": target,
                            "score": 0.7 if q == "2026-Q1" else None,
                        }
                    )
                    if team == NEVER_CHECKS_IN or b is None or target is None:
                        continue
                    start = pd.Period(q.replace("-", ""), freq="Q").start_time
                    for w in range(13):
                        checkins.append(
                            {
                                "kr_id": kr,
                                "date": (start + pd.Timedelta(weeks=w)).date(),
                                "value": b + (target - b) * (w + 1) / 14,
                            }
                        )
    kpis = [
        {
            "kpi_id": "KPI-DENIAL",
            "name": "Claim denial rate",
            "team": "Billing",
            "owner": "Lead 2",
            "unit": "%",
            "direction": "lower_is_better",
            "target": 4,
            "green_at": 5,
            "red_at": 8,
            "formula": None,
            "source": "Claims system",
            "frequency": "weekly",
            "guardrail_for": "T2-2026Q2-0",
        },
        {
            "kpi_id": "KPI-NPS",
            "name": "Patient NPS",
            "team": "Front Desk",
            "owner": "Lead 0",
            "unit": "points",
            "direction": "higher_is_better",
            "target": 60,
            "green_at": 55,
            "red_at": 40,
            "formula": "% promoters - % detractors",
            "source": "Survey",
            "frequency": "weekly",
            "guardrail_for": None,
        },
    ]
    start = pd.Timestamp("2026-01-02")
    for w in range(26):
        day = (start + pd.Timedelta(weeks=w)).date()
        values.append(
            {"kpi_id": "KPI-DENIAL", "date": day, "value": 4.5 if w < 18 else 4.5 + (w - 17) * 0.8}
        )
        values.append({"kpi_id": "KPI-NPS", "date": day, "value": 50 + w * 0.3})
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in (
        ("objectives", objectives),
        ("key_results", krs),
        ("checkins", checkins),
        ("kpis", kpis),
        ("kpi_values", values),
    ):
        pd.DataFrame(rows).to_csv(folder / f"{name}.csv", index=False)
    return folder
