"""What a batch run does: one job per team, named safely, skipped when nothing changed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from ...errors import OkrcoachError
from ...jupyter.export import FORMATS, TEMPLATE_NAME
from ...loading.loader import load
from ...loading.sources import for_notebook
from ...organisation.teams import team_table
from ...quarters import normalise_quarter
from ...resources import notebook as packaged_notebook
from ...resources import templates
from .records import TeamJob, TeamResult
from .state import STATE_DIR, read_state

NOTEBOOK = packaged_notebook("retro.ipynb")
#: File stems a team's report must not take: the index's and the summary's.
RESERVED = frozenset({"index", "summary"})


def slugs(teams: Sequence[str]) -> dict[str, str]:
    """A safe, unique file name stem per team: lower-case ASCII letters, digits and dashes,
    never empty, never a path, never the index's or summary's name. Teams whose names reduce
    to the same stem are told apart by a short hash of the full name."""
    from slugify import slugify

    base = {t: slugify(t, max_length=60) or "team" for t in teams}
    counts: dict[str, int] = {}
    for s in base.values():
        counts[s] = counts.get(s, 0) + 1
    out = {}
    for t, s in base.items():
        if counts[s] > 1 or s in RESERVED:
            s = f"{s}-{hashlib.sha256(t.encode()).hexdigest()[:8]}"
        out[t] = s
    return out


def digest_paths(paths: Iterable[Path], h) -> None:
    """Feed the names and bytes of files (folders: every file in them) into a hash."""
    for p in paths:
        if p.is_dir():
            digest_paths(sorted(q for q in p.rglob("*") if q.is_file()), h)
        elif p.exists():
            h.update(str(p.name).encode())
            h.update(p.read_bytes())


def code_digest() -> str:
    """Hash of okrcoach's own code, section templates and the report template."""
    h = hashlib.sha256()
    pkg = Path(__file__).resolve().parent.parent
    files = sorted(
        p
        for p in pkg.rglob("*")
        if p.is_file() and p.suffix in {".py", ".j2", ".css", ".txt", ".yaml"}
    )
    digest_paths(files + [templates() / TEMPLATE_NAME], h)
    return h.hexdigest()


def inputs_digest(notebook: Path, goals, config: Path | None) -> str:
    """Hash of everything a report depends on but its parameters.

    The data count by content, not by file bytes: a workbook saved again unchanged (new
    timestamps inside) or the same data as CSV instead of a workbook redo nothing.
    """
    import pandas as pd

    h = hashlib.sha256(code_digest().encode())
    digest_paths([notebook] + ([config] if config else []), h)
    for name, frame in goals.tables():
        h.update(f"{name}:{','.join(map(str, frame.columns))}".encode())
        h.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return h.hexdigest()


def team_digest(common: str, parameters: dict, formats: Sequence[str]) -> str:
    payload = json.dumps(
        {"parameters": parameters, "formats": sorted(formats)}, sort_keys=True, default=str
    )
    return hashlib.sha256((common + payload).encode()).hexdigest()


def plan(
    data: str | Path,
    quarter: str,
    out: Path,
    *,
    teams: Sequence[str] | None = None,
    notebook: Path = NOTEBOOK,
    config: Path | None = None,
    as_of: str | None = None,
    formats: Sequence[str] = FORMATS,
    force: bool = False,
) -> tuple[list[TeamJob], list[TeamResult], Path]:
    """Work out which teams to run and which are unchanged since the last run."""
    quarter = normalise_quarter(quarter)
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise OkrcoachError(f"unknown format {', '.join(bad)}; choose from html, ipynb")
    if not Path(notebook).exists():
        raise OkrcoachError(f"notebook {notebook} not found")
    template = templates() / TEMPLATE_NAME
    if not (template / "index.html.j2").exists():
        raise OkrcoachError(f"the report template is missing from {template}")
    goals = load(data)
    places = team_table(goals, quarter).set_index("team")
    known = places.index.tolist()
    if not known:
        raise OkrcoachError(
            f"no team has objectives in {quarter}; quarters in the data: "
            f"{', '.join(goals.quarters) or 'none'}"
        )
    if teams:
        unknown = [t for t in teams if t not in known]
        if unknown:
            raise OkrcoachError(
                f"no objectives in {quarter} for {', '.join(map(repr, unknown))}"
                f"; teams with objectives then: {', '.join(known)}"
            )
        chosen = [t for t in known if t in set(teams)]
    else:
        chosen = known
    quarter_dir = Path(out) / quarter
    quarter_dir.mkdir(parents=True, exist_ok=True)
    for leftover in [*quarter_dir.glob(".*"), *(quarter_dir / STATE_DIR).glob(".*")]:
        if leftover.is_file():
            leftover.unlink(missing_ok=True)  # temporary files of an interrupted run
    state = read_state(quarter_dir)
    common = inputs_digest(Path(notebook), goals, config)
    names = slugs(known)
    department = places["department"].fillna("").to_dict()
    cascade = places["group"].to_dict()
    jobs, skipped = [], []
    for team in chosen:
        params = {
            "team": team,
            "quarter": quarter,
            "data_path": for_notebook(data),
            "config": str(Path(config).resolve()) if config else None,
            "as_of": as_of,
        }
        digest = team_digest(common, params, formats)
        slug = names[team]
        before = state.get(slug, {})
        have = all((quarter_dir / f"{slug}.{f}").exists() for f in formats)
        if not force and have and before.get("digest") == digest and before.get("status") == "done":
            skipped.append(
                TeamResult(
                    team=team,
                    slug=slug,
                    status="skipped",
                    digest=digest,
                    headline=before.get("headline", {}),
                    department=department[team],
                    cascade=cascade[team],
                )
            )
            continue
        jobs.append(
            TeamJob(
                team=team,
                slug=slug,
                quarter=quarter,
                parameters=params,
                digest=digest,
                notebook=str(Path(notebook).resolve()),
                out_dir=str(quarter_dir),
                formats=tuple(formats),
                department=department[team],
                cascade=cascade[team],
            )
        )
    return jobs, skipped, quarter_dir


__all__ = [
    "FORMATS",
    "NOTEBOOK",
    "code_digest",
    "inputs_digest",
    "plan",
    "slugs",
    "team_digest",
]
