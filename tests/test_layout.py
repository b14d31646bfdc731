"""The package's layout: concerns grouped in packages, no import cycle, one rule and one
export layout a file, and functions of a readable length.

Each check reads the code (it runs none of it), so it also guards trees the other tests do
not import.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "okrcoach"
#: At most this many modules directly in okrcoach/; the rest live in packages by concern.
TOP_MODULES = 16
#: No function over LONGEST lines; at most LONG_ALLOWED over LONG, each named in CONTRIBUTING.
LONGEST, LONG, LONG_ALLOWED = 80, 60, 5


def modules(root: Path = PACKAGE) -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its ``__init__.py``)."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def type_checking_only(tree: ast.AST) -> set[int]:
    """Line numbers of imports made only for type checkers (``if TYPE_CHECKING:``)."""
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in node.body:
                lines.update(range(inner.lineno, inner.end_lineno + 1))
    return lines


def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules ``name`` imports, wherever the import stands (a function body
    too), but for imports under ``if TYPE_CHECKING:``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = type_checking_only(tree)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in known)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            for a in node.names:
                sub = f"{target}.{a.name}"
                found.add(sub if sub in known else target)
    return {m for m in found if m in known and m != name}


def graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    known = modules(root)
    return {name: imports_of(name, path, known) for name, path in known.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index, low, stack, on, found = {}, {}, [], set(), []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def function_lengths(root: Path = PACKAGE) -> dict[str, int]:
    """Lines of every function and method, docstring included: ``path:qualname``."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                    owner = f"{node.name}." if isinstance(node, ast.ClassDef) else ""
                    key = f"{path.relative_to(root.parent)}:{owner}{child.name}"
                    out[key] = child.end_lineno - child.lineno + 1
    return out


def top_modules(root: Path = PACKAGE) -> list[str]:
    return sorted(p.name for p in root.glob("*.py"))


def rule_files(root: Path = PACKAGE) -> dict[str, list[str]]:
    """The rule classes each module of ``rules/`` defines."""
    out = {}
    for path in sorted((root / "rules").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        rules = [
            node
            for node in tree.body
            if isinstance(node, ast.ClassDef)
            and any(isinstance(b, ast.Name) and b.id == "Rule" for b in node.bases)
        ]
        names = []
        for rule in rules:
            for stmt in rule.body:
                if isinstance(stmt, ast.Assign) and getattr(stmt.targets[0], "id", "") == "name":
                    names.append(ast.literal_eval(stmt.value))
        if rules:
            out[str(path.relative_to(root))] = names
    return out


def layout_files(root: Path = PACKAGE) -> dict[str, int]:
    """How many ``Layout(...)`` each module of the tools' exports package builds."""
    folder = next((p for p in root.rglob("exports") if p.is_dir()), None)
    if folder is None:
        return {}
    return {
        str(path.relative_to(root)): sum(
            isinstance(n, ast.Call) and getattr(n.func, "id", "") == "Layout"
            for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        )
        for path in sorted(folder.glob("*.py"))
    }


# --- the checks on okrcoach -----------------------------------------------------------


def test_the_top_level_is_grouped_by_concern():
    top = top_modules()
    assert len(top) <= TOP_MODULES, f"{len(top)} modules directly in okrcoach/: {top}"
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    # each question a reader asks is answered by a folder name
    assert {"loading", "rules", "trends", "retro", "coach", "demo", "organisation"} <= packages
    # no package named after a function it would shadow: okrcoach.load, .lint, .trends
    assert "load" not in packages and "lint" not in packages


def test_no_import_cycle():
    found = cycles(graph())
    assert not found, "import cycles:\n" + "\n".join(" <-> ".join(c) for c in found)


def test_one_rule_a_file_named_for_the_rule():
    files = rule_files()
    assert sum(len(n) for n in files.values()) >= 40
    wrong = {}
    for path, names in files.items():
        if len(names) != 1:
            wrong[path] = names
            continue
        category, rule = names[0].split(".")
        if path != f"rules/{category}/{rule}.py":
            wrong[path] = names
    assert not wrong, f"a rule's file must be rules/<category>/<rule>.py, alone: {wrong}"


def test_one_tool_layout_a_file():
    files = layout_files()
    assert files, "the tools' exports package is missing"
    # fields.py builds the layout of a user's column mapping; every other layout is a tool's
    tools = {path: n for path, n in files.items() if n and Path(path).name != "fields.py"}
    assert len(tools) >= 6
    # one tool a file: a tool's file may hold its header variants (English and German)
    many = {path: n for path, n in tools.items() if n > 2}
    assert not many, many
    assert not {Path(p).name for p in tools} & {"__init__.py", "catalogue.py", "reading.py"}


def test_functions_stay_short_and_the_long_ones_are_named():
    lengths = function_lengths()
    longest = {k: n for k, n in lengths.items() if n > LONGEST}
    assert not longest, f"functions over {LONGEST} lines: {longest}"
    long = {k: n for k, n in lengths.items() if n > LONG}
    assert len(long) <= LONG_ALLOWED, f"more than {LONG_ALLOWED} functions over {LONG}: {long}"
    unnamed = [k for k in long if k not in listed_long_functions()]
    assert not unnamed, f"name these in CONTRIBUTING's Long functions, with why: {unnamed}"


def test_files_stay_readable_as_a_backstop():
    long = {
        str(p.relative_to(ROOT)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert not long, long


# --- the checks see what they look for ------------------------------------------------


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "pkg" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root / "pkg"


def test_the_cycle_check_sees_function_imports_and_skips_type_checking(tmp_path):
    pkg = write(
        tmp_path,
        {
            "__init__.py": "",
            "a.py": "def f():\n    from . import b\n",
            "b.py": "from .c import x\n",
            "c.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .b import y\n",
            "d.py": "from .e import z\n",
            "e.py": "from .sub.f import w\n",
            "sub/__init__.py": "",
            "sub/f.py": "def g():\n    from ..d import v\n",
        },
    )
    edges = graph(pkg)
    assert edges["pkg.a"] == {"pkg.b"} and edges["pkg.c"] == set()
    assert cycles(edges) == [["pkg.d", "pkg.e", "pkg.sub.f"]]


def test_the_other_checks_see_what_they_look_for(tmp_path):
    pkg = write(
        tmp_path,
        {
            "__init__.py": "",
            "rules/__init__.py": "",
            "rules/focus.py": (
                "class A(Rule):\n    name = 'focus.a'\nclass B(Rule):\n    name = 'focus.b'\n"
            ),
            "exports/__init__.py": "",
            "exports/tools.py": "A = Layout(1)\nB = Layout(2)\nC = Layout(3)\n",
            "long.py": "def f():\n" + "    x = 1\n" * 81,
        },
    )
    assert rule_files(pkg) == {"rules/focus.py": ["focus.a", "focus.b"]}
    assert layout_files(pkg)["exports/tools.py"] == 3
    assert function_lengths(pkg)["pkg/long.py:f"] == 82
    assert len(top_modules(pkg)) == 2


def listed_long_functions() -> list[str]:
    """The functions CONTRIBUTING's "Long functions" table names, as ``path:name``."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = re.search(r"^## Long functions\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    if section is None:
        return []
    rows = re.findall(r"^\| `([^`]+)` \| `([^`]+)` \|", section.group(1), re.M)
    return [f"okrcoach/{path}:{name}" for name, path in rows]


def test_the_long_functions_contributing_lists_are_long():
    """The list does not go stale: each function it names is still over the limit."""
    lengths = function_lengths()
    listed = listed_long_functions()
    assert listed, "CONTRIBUTING.md has no Long functions table"
    stale = [name for name in listed if lengths.get(name, 0) <= LONG]
    assert not stale, f"no longer over {LONG} lines (or gone): {stale}"
