"""The package's shape: no private name used across modules, modules of a readable size,
and ``okrcoach.lint`` / ``okrcoach.trends`` both modules and calls."""

from __future__ import annotations

import ast
import types
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "okrcoach"
MAX_LINES = 400


def private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def crossings(path: Path) -> list[str]:
    """``from .x import _y`` and ``x._y`` where ``x`` is an imported module, in one file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    modules: set[str] = set()  # names bound to imported modules
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            for a in node.names:
                if private(a.name):
                    found.append(
                        f"{path.name}:{node.lineno} from "
                        f"{'.' * node.level}{node.module or ''} import {a.name}"
                    )
                elif (node.module or "").startswith("okrcoach") or node.level:
                    modules.add(a.asname or a.name)  # may be a module: okrcoach import batch
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and private(node.attr)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
        ):
            found.append(f"{path.name}:{node.lineno} {node.value.id}.{node.attr}")
    return found


def python_files(*folders: str) -> list[Path]:
    return sorted(
        p for f in folders for p in (ROOT / f).rglob("*.py") if "__pycache__" not in p.parts
    )


@pytest.mark.parametrize("folder", ["okrcoach", "tests", "benchmarks", "scripts"])
def test_no_private_name_crosses_a_module(folder):
    problems = [c for p in python_files(folder) for c in crossings(p)]
    assert not problems, "private names used across modules:\n" + "\n".join(problems)


def test_the_check_sees_what_it_looks_for(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from .goalset import _atomic\nfrom okrcoach import batch\n"
        "import okrcoach.lint as lint\nbatch._kernel = None\nlint._goalset()\n"
        "self._fine = 1\n"
    )
    assert [c.split(" ", 1)[1] for c in crossings(bad)] == [
        "from .goalset import _atomic",
        "batch._kernel",
        "lint._goalset",
    ]


def test_modules_stay_readable():
    long = {
        str(p.relative_to(ROOT)): n
        for p in python_files("okrcoach")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_lint_and_trends_are_modules_and_calls(demo_goals):
    import okrcoach

    assert isinstance(okrcoach.lint, types.ModuleType)
    assert isinstance(okrcoach.trends, types.ModuleType)
    findings = okrcoach.lint(demo_goals)
    objectives, teams = okrcoach.lint.scores(demo_goals, findings)
    assert len(objectives) == len(demo_goals.objectives)
    assert isinstance(okrcoach.trends(demo_goals), okrcoach.trends.Trends)
    from okrcoach.lint import lint

    assert lint(demo_goals).equals(findings)
