"""scripts/new_rule.py on a copy of the package: the rule it starts registers and is documented,
and what cannot become a rule is refused with a message."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

SCRIPT = ROOT / "scripts" / "new_rule.py"


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    """The package and the rule fixtures, copied where the script may write."""
    root = tmp_path_factory.mktemp("repo")
    shutil.copytree(
        ROOT / "okrcoach", root / "okrcoach", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copytree(ROOT / "tests" / "fixtures" / "rules", root / "tests" / "fixtures" / "rules")
    return root


def new_rule(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args, "--root", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )


def in_copy(root: Path, program: str) -> dict:
    """Run ``program`` against the copied okrcoach; it prints one JSON value."""
    env = dict(os.environ, PYTHONPATH=str(root))
    done = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def created(copy) -> subprocess.CompletedProcess:
    return new_rule(copy, "GAM009", "gameability.bonus_metric", "gameability")


def test_writes_the_class_and_the_fixture(copy, created):
    assert created.returncode == 0, created.stderr
    assert "okrcoach/rules/gameability/bonus_metric.py" in created.stdout
    assert "okrcoach/rules/gameability/__init__.py" in created.stdout
    assert "tests/fixtures/rules/GAM009.yml" in created.stdout
    assert "make docs" in created.stdout
    fixture = yaml.safe_load((copy / "tests" / "fixtures" / "rules" / "GAM009.yml").read_text())
    assert fixture.pop("rule") == "GAM009"
    kinds = {next(k for k in ("pass", "fail") if k in case): case for case in fixture.values()}
    assert set(kinds) == {"pass", "fail"}
    assert {case["in_docs"] for case in fixture.values()} == {"example", "use_instead"}
    assert kinds["fail"]["fail"]["key_results"]


def test_the_new_rule_registers_with_its_docs(copy, created):
    assert created.returncode == 0, created.stderr
    found = in_copy(
        copy,
        """if True:
        import json
        import okrcoach
        from okrcoach.lint import lint_draft
        from okrcoach.config import Config
        from okrcoach.rules import registry
        from okrcoach.rules.base import SECTIONS

        rule = registry()["GAM009"]
        passing = lint_draft("Customers get value", ["<the same key result, written well>"],
                             config=Config(select=("GAM009",)))
        print(json.dumps({
            "file": okrcoach.__file__, "module": rule.__module__, "name": rule.name,
            "category": rule.category(),
            "severity": str(rule.severity), "target": rule.target.name,
            "sections": {s: bool(rule.section(s)) for s in SECTIONS},
            "summary": rule.summary(), "example": rule.section("Example"),
            "findings": len(passing)}))
        """,
    )
    assert Path(found["file"]).is_relative_to(copy)
    assert found["module"] == "okrcoach.rules.gameability.bonus_metric"
    assert found["name"] == "gameability.bonus_metric"
    assert found["category"] == "gameability"
    assert (found["severity"], found["target"]) == ("warning", "KEY_RESULT")
    assert all(found["sections"].values()), found["sections"]
    assert found["summary"].endswith(".")
    assert found["example"] == '"<a key result this rule flags>"'
    assert found["findings"] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("GAM001", "gameability.bonus_points", "gameability"), "code GAM001 already exists"),
        (
            ("GAM010", "gameability.vanity_metric", "gameability"),
            "name gameability.vanity_metric already exists",
        ),
        (("GAM1", "gameability.bonus_points", "gameability"), "does not match"),
        (("FOC010", "gameability.bonus_points", "gameability"), "must start with GAM"),
        (("GAM010", "gameability.BonusPoints", "gameability"), "snake_case"),
        (("GAM010", "focus.bonus_points", "gameability"), "must start with gameability."),
        (("GAM010", "gameability.bonus_points", "bonus"), "unknown category"),
    ],
)
def test_refuses_what_cannot_be_a_rule(copy, created, args, message):
    rules = copy / "okrcoach" / "rules"
    before = {str(p): p.read_text() for p in rules.rglob("*.py")}
    done = new_rule(copy, *args)
    assert done.returncode != 0
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert {str(p): p.read_text() for p in rules.rglob("*.py")} == before
    assert not (copy / "tests" / "fixtures" / "rules" / "GAM010.yml").exists()


def test_refuses_the_code_it_just_added(copy, created):
    done = new_rule(copy, "GAM009", "gameability.another_metric", "gameability")
    assert done.returncode != 0
    assert "code GAM009 already exists" in done.stderr
    assert "Traceback" not in done.stderr
