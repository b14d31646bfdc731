"""What a batch run leaves behind: a record per team, the index page and the summary.

A team's record (its content hash, status and headline numbers) is written after its files,
so a team counts as done only once its report is in place, and the index can list every
team of the quarter's folder, also those an earlier run wrote.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from ...files import write_atomic
from ...jupyter.export import TEMPLATE_NAME
from ...rendering import stylesheet
from ...resources import templates
from .records import BatchResult, TeamResult

STATE_DIR = ".okrcoach-retro"  # one JSON record per team, written after its files


def read_state(quarter_dir: Path) -> dict[str, dict]:
    """Each team's record of its last run (slug -> team, digest, status, headline, error)."""
    state = {}
    for path in sorted((quarter_dir / STATE_DIR).glob("*.json")):
        try:
            state[path.stem] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # unreadable: the team is simply redone
    return state


def write_record(quarter_dir: Path, result: TeamResult) -> None:
    record = {
        "team": result.team,
        "digest": result.digest,
        "status": result.status,
        "headline": result.headline,
        "error": result.error,
        "department": result.department,
        "cascade": result.cascade,
    }
    write_atomic(
        quarter_dir / STATE_DIR / f"{result.slug}.json",
        json.dumps(record, indent=1, sort_keys=True),
    )


SUMMARY_COLUMNS = (
    "team",
    "status",
    "objectives",
    "key_results",
    "score",
    "grade",
    "previous_score",
    "quality",
    "errors",
    "warnings",
    "kpis_red",
    "breaches",
    "over_target",
    "report",
    "notebook",
    "error",
)


def write_index(batch: BatchResult) -> None:
    """``index.html`` and ``summary.csv`` over every team the quarter's folder holds."""
    from .index import render_index

    state = read_state(batch.out_dir)
    # where each team sits, as this run's data say (an earlier run's record otherwise)
    places = {r.slug: (r.department, r.cascade) for r in batch.results if r.cascade}
    rows = []
    for slug, s in sorted(state.items(), key=lambda kv: kv[1].get("team", kv[0]).lower()):
        h = s.get("headline") or {}
        department, cascade = places.get(slug) or (s.get("department", ""), s.get("cascade", ""))
        rows.append(
            {
                "team": s.get("team", slug),
                "status": "failed" if s.get("status") == "failed" else "done",
                **{k: h.get(k) for k in SUMMARY_COLUMNS[2:12]},
                "report": f"{slug}.html" if (batch.out_dir / f"{slug}.html").exists() else "",
                "notebook": f"{slug}.ipynb" if (batch.out_dir / f"{slug}.ipynb").exists() else "",
                "error": s.get("error") or "",
                "department": department,
                "cascade": cascade,
            }
        )
    buf = io.StringIO()
    writer = csv.DictWriter(
        buf, fieldnames=SUMMARY_COLUMNS, lineterminator="\n", extrasaction="ignore"
    )
    writer.writeheader()
    writer.writerows(rows)
    write_atomic(batch.summary, buf.getvalue())
    template = templates() / TEMPLATE_NAME
    html = render_index(
        batch.quarter,
        rows,
        template,
        page_css=(template / "page.css").read_text(encoding="utf-8"),
        css=stylesheet("retro.css"),
    )
    write_atomic(batch.index, html)


__all__ = ["STATE_DIR", "SUMMARY_COLUMNS", "read_state", "write_index", "write_record"]
