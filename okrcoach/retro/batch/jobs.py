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
    check_run(notebook, formats)
    goals = load(data)
    places = team_table(goals, quarter).fillna({"department": ""}).set_index("team")
    known = places.index.tolist()
    chosen = chosen_teams(known, teams, quarter, goals.quarters)
    quarter_dir = quarter_folder(Path(out), quarter)
    state = read_state(quarter_dir)
    common = inputs_digest(Path(notebook), goals, config)
    names = slugs(known)
    jobs, skipped = [], []
    for team in chosen:
        params = {
            "team": team,
            "quarter": quarter,
            "data_path": for_notebook(data),
            "config": str(Path(config).resolve()) if config else None,
            "as_of": as_of,
        }
        digest, slug = team_digest(common, params, formats), names[team]
        where = {
            "department": places.at[team, "department"] or "",
            "cascade": places.at[team, "group"],
        }
        before = state.get(slug, {})
        have = all((quarter_dir / f"{slug}.{f}").exists() for f in formats)
        if not force and have and before.get("digest") == digest and before.get("status") == "done":
            headline = before.get("headline", {})
            skipped.append(TeamResult(team, slug, "skipped", digest, headline, **where))
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
                **where,
            )
        )
    return jobs, skipped, quarter_dir


def quarter_folder(out: Path, quarter: str) -> Path:
    """The quarter's folder of reports, made if missing, without the temporary files of an
    interrupted run."""
    quarter_dir = out / quarter
    quarter_dir.mkdir(parents=True, exist_ok=True)
    for leftover in [*quarter_dir.glob(".*"), *(quarter_dir / STATE_DIR).glob(".*")]:
        if leftover.is_file():
            leftover.unlink(missing_ok=True)
    return quarter_dir


def check_run(notebook: Path, formats: Sequence[str]) -> None:
    """The formats, the notebook and the report template a run needs, or a clear error."""
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise OkrcoachError(f"unknown format {', '.join(bad)}; choose from html, ipynb")
    if not Path(notebook).exists():
        raise OkrcoachError(f"notebook {notebook} not found")
    template = templates() / TEMPLATE_NAME
    if not (template / "index.html.j2").exists():
        raise OkrcoachError(f"the report template is missing from {template}")


def chosen_teams(
    known: list[str], teams: Sequence[str] | None, quarter: str, quarters: list[str]
) -> list[str]:
    """The teams asked for (all of the quarter's by default), or a clear error naming the
    teams that have objectives then."""
    if not known:
        raise OkrcoachError(
            f"no team has objectives in {quarter}; quarters in the data: "
            f"{', '.join(quarters) or 'none'}"
        )
    if not teams:
        return known
    unknown = [t for t in teams if t not in known]
    if unknown:
        raise OkrcoachError(
            f"no objectives in {quarter} for {', '.join(map(repr, unknown))}"
            f"; teams with objectives then: {', '.join(known)}"
        )
    return [t for t in known if t in set(teams)]


__all__ = [
    "FORMATS",
    "NOTEBOOK",
    "check_run",
    "chosen_teams",
    "code_digest",
    "inputs_digest",
    "plan",
    "quarter_folder",
    "slugs",
    "team_digest",
]
