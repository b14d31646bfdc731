"""What okrcoach says, held still: findings, scores, exports and a retro report.

These files in ``tests/golden/`` are what the package said when they were recorded. A
change to the code that is meant to change none of them (a move, a split, a rename) must
leave them identical; a change meant to change what okrcoach says updates them on purpose,
so the diff of the change shows every finding, score and report line it moved:

    OKRCOACH_RECORD=1 .venv/bin/python -m pytest tests/test_outputs.py
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT

import okrcoach
from okrcoach import GoalSet

GOLDEN = ROOT / "tests" / "golden"
DATA = ROOT / "tests" / "data"
RECORD = os.environ.get("OKRCOACH_RECORD") == "1"


def same_as_recorded(name: str, text: str) -> None:
    path = GOLDEN / name
    if RECORD:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"{path} is missing; record it with OKRCOACH_RECORD=1"
    recorded = path.read_text(encoding="utf-8")
    if text != recorded:
        old, new = recorded.splitlines(), text.splitlines()
        first = next(
            (i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
            min(len(old), len(new)),
        )
        pytest.fail(
            f"{name} differs from the recorded output at line {first + 1}:\n"
            f"  recorded: {old[first] if first < len(old) else '<end>'}\n"
            f"  now:      {new[first] if first < len(new) else '<end>'}"
        )


def csv_text(frame: pd.DataFrame) -> str:
    """The frame as CSV; a finding's rationale is its rule's documented why, the same on
    every row of a rule (docs/rules.md holds it), so it is left out."""
    return frame.drop(columns="rationale", errors="ignore").to_csv(index=False, lineterminator="\n")


def corpus_goals() -> GoalSet:
    """Every key result of the three labelled corpora, one objective each."""
    texts, objectives = [], []
    for name in ("kr_corpus.csv", "kr_holdout.csv", "real_krs.csv"):
        raw = pd.read_csv(DATA / name, dtype=str, keep_default_na=False)
        texts += raw["text"].tolist()
        objective = raw["objective"] if "objective" in raw else pd.Series("", index=raw.index)
        objectives += objective.where(objective.ne(""), "(no objective)").tolist()
    n = len(texts)
    return GoalSet.from_frames(
        objectives=pd.DataFrame(
            {
                "objective_id": [f"O{i}" for i in range(n)],
                "title": objectives,
                "team": "Corpus",
                "quarter": "2026-Q3",
                "level": "team",
            }
        ),
        key_results=pd.DataFrame(
            {
                "kr_id": [f"K{i}" for i in range(n)],
                "objective_id": [f"O{i}" for i in range(n)],
                "text": texts,
            }
        ),
    )


def test_demo_findings(demo_goals):
    same_as_recorded("demo_findings.csv", csv_text(okrcoach.lint(demo_goals)))


def test_demo_findings_mid_quarter(demo_goals):
    found = okrcoach.lint(demo_goals, as_of="2026-08-15")
    same_as_recorded("demo_findings_2026-08-15.csv", csv_text(found))


def test_demo_scores(demo_goals):
    objectives, teams = okrcoach.lint.scores(demo_goals, okrcoach.lint(demo_goals))
    same_as_recorded("demo_objective_scores.csv", csv_text(objectives))
    same_as_recorded("demo_team_scores.csv", csv_text(teams))


def test_corpus_findings():
    same_as_recorded("corpus_findings.csv", csv_text(okrcoach.lint(corpus_goals())))


@pytest.mark.parametrize(
    "name, filters",
    [
        ("all", {}),
        ("sales_q3", {"departments": "Sales", "quarters": "2026-Q3"}),
        ("checkout_outcome", {"teams": "Checkout", "categories": "outcome"}),
    ],
)
def test_exploration_exports(demo_goals, tmp_path, name, filters):
    from okrcoach.overview import Overview

    view = Overview(demo_goals).select(**filters)
    written = view.export(tmp_path, formats=("csv",))
    for file, path in sorted(written.items()):
        same_as_recorded(f"explore_{name}_{file}", path.read_text(encoding="utf-8"))
    tables = {
        "summary": view.summary(),
        "output_share": view.output_share,
        "focus": view.focus,
        "key_results_per_objective": view.key_results_per_objective,
        "team_attainment": view.team_attainment,
        "cadence": view.cadence,
        "kpi_health": view.kpi_health,
        "guardrail_breaches": view.guardrail_breaches,
        "teams": view.organisation.teams(),
    }
    text = "".join(f"## {k}\n{csv_text(t)}" for k, t in tables.items())
    same_as_recorded(f"explore_{name}_views.txt", text)


#: What differs between two runs of the same report: the run's own paths and timings.
VOLATILE = [(re.compile(r"\d+\.\d+ ?s\b"), "<seconds>")]


@pytest.mark.e2e
def test_one_teams_retro_report(demo_paths, tmp_path):
    out = tmp_path / "retros"
    done = subprocess.run(
        [
            Path(sys.executable).with_name("okrcoach"),
            "retro",
            "--data",
            str(demo_paths["workbook"]),
            "--quarter",
            "2026-Q3",
            "--teams",
            "Checkout",
            "--format",
            "html",
            "--workers",
            "1",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    html = (out / "2026-Q3" / "checkout.html").read_text(encoding="utf-8")
    for pattern, replacement in VOLATILE:
        html = pattern.sub(replacement, html)
    same_as_recorded("retro_checkout.html", html)
    summary = (out / "2026-Q3" / "summary.csv").read_text(encoding="utf-8")
    same_as_recorded("retro_summary.csv", re.sub(r",\d+\.\d+\n", ",<seconds>\n", summary))


def test_the_recording_is_complete():
    """Every golden file is one a test above writes (none left behind by a rename)."""
    if RECORD:
        pytest.skip("recording")
    names = {p.name for p in GOLDEN.iterdir()}
    assert "demo_findings.csv" in names and "retro_checkout.html" in names
    assert all(Path(n).suffix in {".csv", ".html", ".txt"} for n in names)
