"""End-to-end tests of the installed ``okrcoach`` command."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

OKRCOACH = Path(sys.executable).with_name("okrcoach")


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "160"}
    return subprocess.run(
        [str(OKRCOACH), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
    )


def test_help_lists_the_commands():
    out = run("--help")
    assert out.returncode == 0
    for command in ("demo", "validate"):
        assert command in out.stdout


def test_demo_writes_workbook_and_csv_and_they_validate(tmp_path):
    out = run("demo", "--out", tmp_path / "demo")
    assert out.returncode == 0, out.stderr
    assert "24 teams" in out.stdout and "2025-Q4 to 2026-Q3" in out.stdout
    for target in (tmp_path / "demo" / "goals.xlsx", tmp_path / "demo" / "goals"):
        check = run("validate", target)
        assert check.returncode == 0, check.stdout + check.stderr
        assert "valid goal data" in check.stdout


def _broken_copies(demo_paths, root: Path) -> dict[str, tuple[Path, int, list[str]]]:
    """name -> (path, expected exit code, words every run must print)."""
    cases = {}
    ok = root / "validate-pass-demo"
    shutil.copytree(demo_paths["csv"], ok)
    cases["validate-pass-demo"] = (ok, 0, ["valid goal data"])

    bad = root / "validate-fail-three-problems"
    shutil.copytree(demo_paths["csv"], bad)
    krs = (bad / "key_results.csv").read_text().splitlines()
    header = krs[0].split(",")
    row = krs[1].split(",")
    row[header.index("baseline")] = "thirty"
    row[header.index("due")] = "soon"
    krs[1] = ",".join(row)
    krs[2] = krs[1].replace(row[0], "DUP", 1)
    krs[3] = krs[3].split(",", 1)[0] + ",NOT-AN-OBJECTIVE," + krs[3].split(",", 2)[2]
    (bad / "key_results.csv").write_text("\n".join(krs) + "\n")
    cases["validate-fail-three-problems"] = (
        bad,
        2,
        ["bad_number", "bad_date", "orphan", "key_results.csv", "thirty"],
    )

    missing = root / "validate-fail-missing-table"
    shutil.copytree(demo_paths["csv"], missing)
    (missing / "objectives.csv").unlink()
    cases["validate-fail-missing-table"] = (missing, 2, ["missing_table", "objectives"])

    draft = root / "validate-fail-draft.yaml"
    draft.write_text("objectives:\n  - title: Fine\n    kind: someday\n")
    cases["validate-fail-draft.yaml"] = (draft, 2, ["bad_enum", "someday", "3"])

    cases["validate-fail-no-such-file.xlsx"] = (root / "nope.xlsx", 2, ["missing_file"])
    return cases


CASES = [
    "validate-pass-demo",
    "validate-fail-three-problems",
    "validate-fail-missing-table",
    "validate-fail-draft.yaml",
    "validate-fail-no-such-file.xlsx",
]


@pytest.mark.parametrize("case", CASES)
def test_validate_exit_codes_and_messages(case, demo_paths, tmp_path):
    path, code, words = _broken_copies(demo_paths, tmp_path)[case]
    out = run("validate", path)
    assert out.returncode == code, out.stdout + out.stderr
    assert "Traceback" not in out.stdout + out.stderr
    for word in words:
        assert word in out.stdout, f"{word!r} missing from:\n{out.stdout}"


def test_validate_lists_every_problem_with_row_and_column(demo_paths, tmp_path):
    path, _, _ = _broken_copies(demo_paths, tmp_path)["validate-fail-three-problems"]
    out = run("validate", path, "--format", "json")
    assert out.returncode == 2
    problems = json.loads(out.stdout)
    got = {(p["row"], p["column"], p["reason"]) for p in problems}
    assert {
        (2, "baseline", "bad_number"),
        (2, "due", "bad_date"),
        (3, "baseline", "bad_number"),
        (4, "objective_id", "orphan"),
    } <= got
    assert all(
        p["file"].endswith("key_results.csv")
        for p in problems
        if p["reason"] != "orphan" or p["column"] == "objective_id"
    )


def test_validate_csv_format_is_machine_readable(tmp_path):
    draft = tmp_path / "draft.yaml"
    draft.write_text("objectives:\n  - title: A\n    level: squad\n")
    out = run("validate", draft, "--format", "csv")
    assert out.returncode == 2
    lines = out.stdout.strip().splitlines()
    assert lines[0] == "file,sheet,row,key,column,reason,value,message"
    assert "bad_enum" in lines[1]


def test_html_and_markup_in_user_text_is_printed_as_text(tmp_path):
    draft = tmp_path / "draft.yaml"
    draft.write_text("objectives:\n  - title: '[bold]x[/bold] <b>y</b>'\n    kind: '[red]z'\n")
    out = run("validate", draft)
    assert out.returncode == 2
    assert "[red]z" in out.stdout


# --- lint, rule, rules -----------------------------------------------------------------


def test_lint_demo_groups_by_team_and_exits_1_on_errors(demo_paths):
    out = run("lint", demo_paths["workbook"], "--quarter", "2026-Q3", "--team", "Checkout")
    assert out.returncode == 1, out.stderr  # MEA001 is an error
    assert "Checkout · 2026-Q3" in out.stdout
    assert "Launch PayPal and Apple Pay at checkout" in out.stdout
    assert "OUT001 warning" in out.stdout and "? What should be different" in out.stdout
    assert "Traceback" not in out.stderr


def test_lint_json_has_the_documented_columns(demo_paths):
    out = run("lint", demo_paths["workbook"], "--format", "json", "--select", "GAM001")
    assert out.returncode == 0
    findings = json.loads(out.stdout)
    assert findings and list(findings[0]) == [
        "code",
        "name",
        "category",
        "severity",
        "team",
        "quarter",
        "objective_id",
        "kr_id",
        "kpi_id",
        "message",
        "question",
        "rationale",
        "suggestion",
        "match",
    ]
    assert {f["code"] for f in findings} == {"GAM001"}


def test_lint_clean_draft_exits_0(tmp_path):
    draft = tmp_path / "draft.yaml"
    draft.write_text(
        "team: Payments\nquarter: 2026-Q3\nowner: Ana\n"
        "objectives:\n  - title: Make paying effortless for small firms\n    kind: committed\n"
        "    parent_id: null\n    key_results:\n"
        "      - {text: 'Raise trial-to-paid conversion from 9% to 13%', owner: Ana}\n"
        "      - {text: 'Cut failed card payments from 6.5% to 3.5%', owner: Ana}\n"
        "      - {text: 'Keep refund rate of new accounts below 2.5% (today 2.1%)', owner: Ana}\n"
    )
    out = run("lint", draft, "--ignore", "OWN003")
    assert out.returncode == 0, out.stdout
    assert "No findings" in out.stdout


def test_lint_statistics_and_bad_config(demo_paths, tmp_path):
    out = run("lint", demo_paths["workbook"], "--statistics")
    assert "FOC001" in out.stdout and "findings." in out.stdout
    bad = run("lint", demo_paths["workbook"], "--select", "GAM01")
    assert bad.returncode == 2
    assert "did you mean GAM001" in bad.stderr
    cfg = tmp_path / "okrcoach.toml"
    cfg.write_text('[rules."focus.too_many_objectives"]\nmax-per-tem = 2\n')
    bad = run("lint", demo_paths["workbook"], "--config", cfg)
    assert bad.returncode == 2 and "Valid options: max-per-company, max-per-team" in bad.stderr


def test_lint_bad_input_exits_2(tmp_path):
    draft = tmp_path / "draft.yaml"
    draft.write_text("objectives:\n  - title: A\n    kind: someday\n")
    out = run("lint", draft)
    assert out.returncode == 2 and "bad_enum" in out.stdout


def test_lint_escapes_markup_in_user_text(tmp_path):
    draft = tmp_path / "draft.yaml"
    draft.write_text(
        "objectives:\n  - title: '[bold red]x[/] <script>'\n"
        "    key_results: ['Launch [link=http://x]it[/link]']\n"
    )
    out = run("lint", draft)
    assert "[bold red]x[/] <script>" in out.stdout
    assert "Launch [link=http://x]it[/link]" in out.stdout


def test_rule_and_rules_print_docs():
    out = run("rule", "GAM001")
    assert out.returncode == 0 and "Why is this a problem?" in out.stdout
    assert "Reach 1M page views on the blog" in out.stdout
    js = json.loads(run("rule", "gameability.vanity_metric", "--format", "json").stdout)
    assert js["code"] == "GAM001" and js["options"] == {"extend-vanity-terms": []}
    listing = run("rules")
    assert listing.returncode == 0 and listing.stdout.count("\n") >= 30
    missing = run("rule", "GAM999")
    assert missing.returncode == 2 and "unknown rule" in missing.stderr
