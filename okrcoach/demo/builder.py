"""How the demo organisation's rows are made: objectives, key results with their check-ins
following each team's pattern, and KPI series with their planted anomaly and breach."""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..goalset import GoalSet
from ..quarters import quarter_bounds
from ..schema import TABLES

QUARTERS = ("2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3")
WEEKS_PER_QUARTER = 13
KPI_WEEKS = 52
KPI_START = pd.Timestamp("2025-10-03")  # a Friday in the first week of 2025-Q4
ANOMALY_WEEK = 44  # in 2026-Q3
DAILY_DAYS = 182  # a daily KPI's history: two quarters
SEED = 20260930


def decimals(*numbers: float | None) -> int:
    out = 0
    for x in numbers:
        if x is not None:
            text = repr(float(x)).rstrip("0").rstrip(".")
            out = max(out, len(text.split(".")[1]) if "." in text else 0)
    return out


def fill(text: str, baseline: float | None, target: float | None) -> str:
    def show(x: float | None) -> str:
        return "" if x is None else f"{x:g}"

    return text.replace("<b>", show(baseline)).replace("<t>", show(target))


def quarter_id(quarter: str) -> str:
    return quarter[2:4] + "Q" + quarter[-1]  # "2026-Q3" -> "26Q3"


@dataclass
class Builder:
    rng: np.random.Generator

    def __post_init__(self) -> None:
        self.objectives: list[dict] = []
        self.key_results: list[dict] = []
        self.checkins: list[dict] = []

    def objective(
        self,
        *,
        oid: str,
        quarter: str,
        team: str,
        department: str,
        title: str,
        owner: str,
        level: str,
        parent: str | None,
        kind: str | None,
    ) -> None:
        self.objectives.append(
            dict(
                objective_id=oid,
                quarter=quarter,
                team=team,
                title=title,
                owner=owner,
                level=level,
                parent_id=parent,
                kind=kind,
                department=department,
            )
        )

    def key_result(
        self,
        *,
        oid: str,
        n: int,
        quarter: str,
        qi: int,
        kr: list,
        owner: str | None,
        pattern: str,
        already_met: bool,
    ) -> None:
        text, unit, direction, b, t, *extra = kr
        opts = extra[0] if extra else {}
        if b is not None and t is not None and not opts.get("fixed"):
            b = round(b + (t - b) * 0.15 * qi, decimals(b, t))
        if already_met and b is not None and t is not None:
            b = t
        start, end = quarter_bounds(quarter)
        attain = self.attainment(pattern)
        kr_id = f"{oid}.{n}"
        owner = None if opts.get("no_owner") else owner
        confidence = 0.95 if pattern == "sandbag" else round(self.rng.uniform(0.45, 0.75), 2)
        self.key_results.append(
            dict(
                kr_id=kr_id,
                objective_id=oid,
                text=fill(text, b, t),
                owner=owner,
                metric=opts.get("metric"),
                unit=unit,
                direction=direction,
                baseline=b,
                target=t,
                weight=1.0,
                score=round(float(np.clip(attain, 0, 1)), 1),
                due=end.normalize(),
                confidence=confidence,
            )
        )
        self.progress(kr_id, start, b, t, attain, pattern, owner, last_quarter=qi == 3)

    def attainment(self, pattern: str) -> float:
        match pattern:
            case "sandbag":
                return float(self.rng.uniform(1.0, 1.25))
            case "underscore":
                return float(self.rng.uniform(0.02, 0.25))
        return float(np.clip(self.rng.normal(0.72, 0.17), 0.15, 1.1))

    def progress(
        self,
        kr_id: str,
        start: pd.Timestamp,
        b: float | None,
        t: float | None,
        attain: float,
        pattern: str,
        owner: str | None,
        last_quarter: bool,
    ) -> None:
        weeks = np.arange(1, WEEKS_PER_QUARTER + 1)
        if pattern == "hockey":
            share = np.where(weeks <= 11, 0.08 * np.minimum(weeks, 11) / 11, 0.0)
            share[11], share[12] = 0.55, 1.0
        else:
            share = np.clip(
                weeks / WEEKS_PER_QUARTER + self.rng.normal(0, 0.03, len(weeks)), 0, None
            )
            share[-1] = 1.0
        progress = attain * share
        keep = np.ones(len(weeks), bool)
        if pattern == "set_and_forget":
            keep[1:] = False
        elif pattern == "stale" and last_quarter:
            keep[6:] = False
        elif pattern == "normal":
            keep[:-1] &= self.rng.random(len(weeks) - 1) > 0.08
        base = 0.0 if b is None else b
        for w, p, k in zip(weeks, progress, keep, strict=True):
            if not k:
                continue
            value = None if t is None else round(base + (t - base) * p, decimals(b, t) + 1)
            conf = (
                0.95
                if pattern == "sandbag"
                else float(
                    np.clip(0.5 + 0.5 * (attain - 0.6) + self.rng.normal(0, 0.05), 0.1, 0.95)
                )
            )
            self.checkins.append(
                dict(
                    kr_id=kr_id,
                    date=start.normalize() + pd.Timedelta(days=int(7 * w - 3)),
                    value=value,
                    confidence=round(conf, 2),
                    note=note(p, attain * w / 13),
                    author=owner,
                )
            )


def note(progress: float, expected: float) -> str:
    if progress >= 1:
        return "Target reached."
    if progress >= expected + 0.05:
        return "Ahead of plan."
    if progress <= expected - 0.25:
        return "Behind: waiting on another team."
    if progress <= expected - 0.1:
        return "A little behind; recovering next sprint."
    return "On plan."


def team_quarter(
    out: Builder, team: dict, dept: dict, dept_ids: list[str], quarter: str, qi: int
) -> None:
    pool = team["objectives"]
    chosen = sorted({(qi + j) % len(pool) for j in range(team["per_quarter"][qi])})
    members = team["members"]
    pattern = team.get("pattern", "normal")
    for i in chosen:
        obj = pool[i]
        oid = f"{team['code']}-{quarter_id(quarter)}-{i + 1}"
        parent = obj.get("parent")
        out.objective(
            oid=oid,
            quarter=quarter,
            team=team["name"],
            department=dept["name"],
            title=obj["title"],
            owner=members[0],
            level="team",
            parent=None if parent is None else dept_ids[parent],
            kind=obj.get("kind"),
        )
        for n, kr in enumerate(obj["krs"], 1):
            owner = members[0] if team.get("owner_overload") else members[(i + n) % len(members)]
            out.key_result(
                oid=oid,
                n=n,
                quarter=quarter,
                qi=qi,
                kr=kr,
                owner=owner,
                pattern=pattern,
                already_met=pattern == "sandbag" and i == chosen[0] and n == 1,
            )


def kpi_series(
    defs: list[dict], rng: np.random.Generator, objectives: list[dict]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows, values = [], []
    weeks = np.arange(KPI_WEEKS)
    for k in defs:
        guard = None
        if k.get("guardrail"):
            code, index = k["guardrail"]
            guard = ",".join(
                o["objective_id"]
                for o in objectives
                if o["objective_id"].startswith(f"{code}-")
                and o["objective_id"].endswith(f"-{index + 1}")
            )
        rows.append(
            dict(
                kpi_id=k["id"],
                name=k["name"],
                team=k["team"],
                owner=k.get("owner"),
                unit=k.get("unit"),
                direction=k.get("direction"),
                target=k.get("target"),
                green_at=k.get("green_at"),
                red_at=k.get("red_at"),
                formula=k.get("formula"),
                source=k.get("source"),
                frequency=k.get("frequency"),
                guardrail_for=guard,
            )
        )
        if k.get("frequency") == "daily":
            values += daily_values(k)
            continue
        start, end = float(k["start"]), float(k["end"])
        trend = start + (end - start) * weeks / (KPI_WEEKS - 1)
        sd = k.get("noise") or max(abs(end - start) * 0.05, abs(start) * 0.006, 1e-3)
        series = trend + rng.normal(0, sd, KPI_WEEKS)
        if k["shape"] == "anomaly":
            series[ANOMALY_WEEK] = trend[ANOMALY_WEEK] - 8 * sd - abs(end - start) * 0.5
        if k["shape"] == "breach":
            # The guarded objective pushes volume; in the last quarter refunds climb past red.
            ramp = np.clip((weeks - 38) / 8, 0, 1)
            series = series + ramp * (k["red_at"] * 1.2 - trend)
        step = 4 if k.get("frequency") == "monthly" else 1
        digits = 0 if abs(start) >= 1000 else 2
        for w in weeks[::step]:
            values.append(
                dict(
                    kpi_id=k["id"],
                    date=KPI_START + pd.Timedelta(weeks=int(w)),
                    value=round(float(series[w]), digits),
                )
            )
    return pd.DataFrame(rows), pd.DataFrame(values)


def daily_values(k: dict) -> list[dict]:
    """The last :data:`DAILY_DAYS` days of a daily KPI: its trend, lower at weekends by the
    KPI's ``weekend`` factor, and noise: a weekly cycle a detector must expect. Its noise
    has a generator of its own, so the weekly KPIs' series do not depend on it."""
    rng = np.random.default_rng(zlib.crc32(k["id"].encode()))
    last = KPI_START + pd.Timedelta(weeks=KPI_WEEKS - 1)
    days = pd.date_range(end=last, periods=DAILY_DAYS, freq="D")
    start, end = float(k["start"]), float(k["end"])
    trend = np.linspace(start, end, DAILY_DAYS)
    weekend = np.where(days.day_of_week >= 5, float(k.get("weekend", 1.0)), 1.0)
    series = trend * weekend + rng.normal(0, k.get("noise") or start * 0.03, DAILY_DAYS)
    return [
        dict(kpi_id=k["id"], date=d, value=round(float(x), 1))
        for d, x in zip(days, series, strict=True)
    ]


def goalset_of(out: Builder, kpis: pd.DataFrame, values: pd.DataFrame) -> GoalSet:
    frames = {
        "objectives": pd.DataFrame(out.objectives),
        "key_results": pd.DataFrame(out.key_results),
        "checkins": pd.DataFrame(out.checkins),
        "kpis": kpis,
        "kpi_values": values,
    }
    typed = {}
    for name, frame in frames.items():
        spec_ = TABLES[name]
        extras = [c for c in frame.columns if c not in spec_.column_names]
        frame = frame[list(spec_.column_names) + extras]
        for col in spec_.columns:
            if col.kind.value in {"number", "confidence", "score"}:
                frame[col.name] = frame[col.name].astype("float64")
            elif col.kind.value == "date":
                frame[col.name] = pd.to_datetime(frame[col.name]).astype("datetime64[ns]")
            else:
                frame[col.name] = frame[col.name].astype("str")
        for c in extras:
            frame[c] = frame[c].astype("str")
        typed[name] = frame.reset_index(drop=True)
    return GoalSet(**typed, source="demo")
