"""The demo organisation: four quarters of a made-up company's goal data, generated from
``demo_org.yaml`` with a fixed seed.

The texts live in the YAML file; this module turns them into the five tables and plants the
patterns the analyses should find: a team over the objective limit, a stale team, a
hockey-stick team, a sandbagging team, a chronically under-scoring team, a set-and-forget
team, a KPI anomaly, a guardrail breach and a falling KPI no objective addresses.
:data:`PLANTED` names each of them so that tests can check they are found.
"""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from ..goalset import GoalSet
from .builder import (
    ANOMALY_WEEK,
    KPI_START,
    QUARTERS,
    SEED,
    Builder,
    goalset_of,
    kpi_series,
    quarter_id,
    team_quarter,
)


@cache
def spec() -> dict[str, Any]:
    """The demo organisation as written in ``demo_org.yaml``."""
    text = resources.files(__package__).joinpath("demo_org.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def _teams_with(pattern: str) -> list[str]:
    return [
        t["name"] for d in spec()["departments"] for t in d["teams"] if t.get("pattern") == pattern
    ]


def _planted() -> dict[str, Any]:
    teams = [t for d in spec()["departments"] for t in d["teams"]]
    kpis = {
        k["shape"]: k for k in spec()["kpis"] if k["shape"] in {"anomaly", "breach", "weekly_cycle"}
    }
    return {
        "stale_team": _teams_with("stale")[0],
        "hockey_stick_team": _teams_with("hockey")[0],
        "sandbagging_team": _teams_with("sandbag")[0],
        "underscoring_team": _teams_with("underscore")[0],
        "set_and_forget_team": _teams_with("set_and_forget")[0],
        "too_many_objectives": sorted(t["name"] for t in teams if max(t["per_quarter"]) > 3),
        "owner_overload_team": [t["name"] for t in teams if t.get("owner_overload")] or None,
        "anomaly_kpi": kpis["anomaly"]["id"],
        "anomaly_date": KPI_START + pd.Timedelta(weeks=ANOMALY_WEEK),
        "guardrail_kpi": kpis["breach"]["id"],
        "weekend_dip_kpi": kpis["weekly_cycle"]["id"],
        "unaddressed_kpi": "KPI-ATTRITION",
        "healthy_teams": sorted(t["name"] for t in teams if t.get("pattern") == "normal"),
    }


class _Planted(dict):
    """Lazily computed so that importing okrcoach does not read the YAML file."""

    def __missing__(self, key: str) -> Any:
        self.update(_planted())
        return dict.__getitem__(self, key)


PLANTED: dict[str, Any] = _Planted()


def build() -> GoalSet:
    """Build the demo organisation (deterministic)."""
    org = spec()
    rng = np.random.default_rng(SEED)
    out = Builder(rng)
    company = org["company"]
    for qi, quarter in enumerate(QUARTERS):
        q = quarter_id(quarter)
        company_ids = []
        for i, obj in enumerate(company["objectives"]):
            oid = f"{company['code']}-{q}-{i + 1}"
            company_ids.append(oid)
            out.objective(
                oid=oid,
                quarter=quarter,
                team=company["name"],
                department=None,
                title=obj["title"],
                owner=company["owner"],
                level="company",
                parent=None,
                kind="aspirational",
            )
            for n, kr in enumerate(obj["krs"], 1):
                out.key_result(
                    oid=oid,
                    n=n,
                    quarter=quarter,
                    qi=qi,
                    kr=kr,
                    owner=company["owner"],
                    pattern="normal",
                    already_met=False,
                )
        for dept in org["departments"]:
            dept_ids = []
            for i, obj in enumerate(dept["objectives"]):
                oid = f"{dept['code']}-{q}-{i + 1}"
                dept_ids.append(oid)
                out.objective(
                    oid=oid,
                    quarter=quarter,
                    team=dept["name"],
                    department=dept["name"],
                    title=obj["title"],
                    owner=dept["owner"],
                    level="department",
                    parent=company_ids[obj["parent"]],
                    kind="committed",
                )
                for n, kr in enumerate(obj["krs"], 1):
                    out.key_result(
                        oid=oid,
                        n=n,
                        quarter=quarter,
                        qi=qi,
                        kr=kr,
                        owner=dept["owner"],
                        pattern="normal",
                        already_met=False,
                    )
            for team in dept["teams"]:
                team_quarter(out, team, dept, dept_ids, quarter, qi)
    kpis, values = kpi_series(org["kpis"], rng, out.objectives)
    return goalset_of(out, kpis, values)


def write(out_dir: str | os.PathLike) -> dict[str, Path]:
    """Write the demo organisation as ``goals.xlsx`` and as a ``goals/`` CSV folder."""
    out_dir = Path(out_dir)
    goals = build()
    return {
        "workbook": goals.to_excel(out_dir / "goals.xlsx"),
        "csv": goals.to_csv(out_dir / "goals"),
    }


def ensure(cache_dir: str | os.PathLike | None = None) -> dict[str, Path]:
    """Paths of the demo organisation's files, written once into a cache folder.

    Notebooks and tests call this instead of shipping generated files. The folder name
    carries a digest of the demo's source text, so a changed demo is written afresh.
    """
    import hashlib
    import shutil
    import tempfile

    from .. import __version__

    root = Path(
        cache_dir or os.environ.get("OKRCOACH_CACHE") or Path.home() / ".cache" / "okrcoach"
    )
    source = resources.files(__package__).joinpath("demo_org.yaml").read_bytes()
    code = Path(__file__).read_bytes() + Path(__file__).with_name("builder.py").read_bytes()
    digest = hashlib.sha256(source + code + __version__.encode()).hexdigest()[:12]
    folder = root / f"demo-{digest}"
    paths = {"workbook": folder / "goals.xlsx", "csv": folder / "goals"}
    if not paths["workbook"].exists():
        root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=root, prefix=".demo-"))
        write(tmp)
        try:
            tmp.rename(folder)
        except OSError:  # another process got there first
            shutil.rmtree(tmp, ignore_errors=True)
    return paths
