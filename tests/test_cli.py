"""End-to-end tests of the installed ``okrcoach`` command."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

OKRCOACH = Path(sys.executable).with_name("okrcoach")


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "160"}
    return subprocess.run([str(OKRCOACH), *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=300)


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
        bad, 2, ["bad_number", "bad_date", "orphan", "key_results.csv", "thirty"])

    missing = root / "validate-fail-missing-table"
    shutil.copytree(demo_paths["csv"], missing)
    (missing / "objectives.csv").unlink()
    cases["validate-fail-missing-table"] = (missing, 2, ["missing_table", "objectives"])

    draft = root / "validate-fail-draft.yaml"
    draft.write_text("objectives:\n  - title: Fine\n    kind: someday\n")
    cases["validate-fail-draft.yaml"] = (draft, 2, ["bad_enum", "someday", "3"])

    cases["validate-fail-no-such-file.xlsx"] = (root / "nope.xlsx", 2, ["missing_file"])
    return cases


CASES = ["validate-pass-demo", "validate-fail-three-problems", "validate-fail-missing-table",
         "validate-fail-draft.yaml", "validate-fail-no-such-file.xlsx"]


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
    assert {(2, "baseline", "bad_number"), (2, "due", "bad_date"),
            (3, "baseline", "bad_number"), (4, "objective_id", "orphan")} <= got
    assert all(p["file"].endswith("key_results.csv") for p in problems
               if p["reason"] != "orphan" or p["column"] == "objective_id")


def test_validate_csv_format_is_machine_readable(tmp_path):
    draft = tmp_path / "draft.yaml"
    draft.write_text("objectives:\n  - title: A\n    level: squad\n")
    out = run("validate", draft, "--format", "csv")
    assert out.returncode == 2
    lines = out.stdout.strip().splitlines()
    assert lines[0] == "file,sheet,row,column,reason,value,message"
    assert "bad_enum" in lines[1]


def test_html_and_markup_in_user_text_is_printed_as_text(tmp_path):
    draft = tmp_path / "draft.yaml"
    draft.write_text("objectives:\n  - title: '[bold]x[/bold] <b>y</b>'\n    kind: '[red]z'\n")
    out = run("validate", draft)
    assert out.returncode == 2
    assert "[red]z" in out.stdout
