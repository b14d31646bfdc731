"""A small organisation for retrospective tests, with hostile team names and texts.

Every team's objective and key-result texts carry a marker unique to the team, so a test
can tell whether one team's text leaked into another team's report.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

SENTINEL = "/tmp/pwned"


def hostile_teams(sentinel: str | Path = SENTINEL) -> list[str]:
    return [
        "../../etc",
        f'x"); import os; os.system("touch {sentinel}") #',
        "<script>alert('team')</script> Ops",
        "Plain Team",
    ]


def write_org(folder: Path, teams: list[str], quarter: str = "2026-Q3") -> Path:
    """Write a CSV folder: per team one objective with three key results, weekly
    check-ins through the quarter, and one KPI with weekly values."""
    start = pd.Period(quarter.replace("-", ""), freq="Q").start_time
    objectives, krs, checkins, kpis, values = [], [], [], [], []
    for i, team in enumerate(teams):
        marker = f"MARK{i}X"
        oid = f"T{i}-O1"
        objectives.append(
            {
                "objective_id": oid,
                "quarter": quarter,
                "team": team,
                "title": f"<img src=x onerror=alert({i})> Delight {marker} users",
                "owner": f"Owner {i}",
                "level": "team",
                "kind": "aspirational",
            }
        )
        for j in range(1, 4):
            kr = f"{oid}.{j}"
            krs.append(
                {
                    "kr_id": kr,
                    "objective_id": oid,
                    "owner": f"Owner {i}",
                    "text": f"Raise {marker} retention step {j} from 40% to 60% <b>now</b>",
                    "unit": "%",
                    "direction": "increase",
                    "baseline": 40,
                    "target": 60,
                }
            )
            for w in range(13):
                checkins.append(
                    {
                        "kr_id": kr,
                        "date": (start + pd.Timedelta(weeks=w)).date(),
                        "value": 40 + (w + 1) * (1.0 + 0.1 * j + 0.2 * i),
                    }
                )
        kid = f"KPI-{i}"
        kpis.append(
            {
                "kpi_id": kid,
                "name": f"{marker} health",
                "team": team,
                "owner": f"Owner {i}",
                "unit": "%",
                "direction": "higher_is_better",
                "target": 90,
                "green_at": 85,
                "red_at": 70,
                "formula": "healthy / all",
                "source": "warehouse",
                "frequency": "weekly",
                "guardrail_for": oid,
            }
        )
        for w in range(-13, 13):
            values.append(
                {
                    "kpi_id": kid,
                    "date": (start + pd.Timedelta(weeks=w)).date(),
                    "value": 88 - 0.6 * (w + 13) * (i % 2),
                }
            )
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


def team_texts(folder: Path) -> dict[str, set[str]]:
    """Objective titles and key-result texts per team."""
    obj = pd.read_csv(folder / "objectives.csv")
    krs = pd.read_csv(folder / "key_results.csv").merge(obj[["objective_id", "team"]])
    out: dict[str, set[str]] = {}
    for team, title in zip(obj["team"], obj["title"], strict=True):
        out.setdefault(team, set()).add(title)
    for team, text in zip(krs["team"], krs["text"], strict=True):
        out.setdefault(team, set()).add(text)
    return out
