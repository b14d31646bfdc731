"""Start a new rule: a file of its own in its category's package and a YAML fixture.

    python scripts/new_rule.py GAM009 gameability.bonus_metric gameability

The code must match the rule code pattern and start with the category's prefix (GAM for
gameability), the name must be ``category.snake_case``, and neither may exist yet. The
rule class is written to ``okrcoach/rules/<category>/<rule>.py`` (``bonus_metric.py`` for
``gameability.bonus_metric``), the category's ``__init__.py`` imports it (which registers
it) and ``tests/fixtures/rules/<CODE>.yml`` gets one failing and one passing case. Both are
skeletons to fill in: the fixture's failing case fails the rule tests until ``evaluate``
finds it.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNAKE = re.compile(r"^[a-z]+(?:_[a-z]+)*$")
TARGETS = {
    "key-result": "KEY_RESULT",
    "objective": "OBJECTIVE",
    "kpi": "KPI",
    "team-quarter": "TEAM_QUARTER",
    "team": "TEAM",
}
# What a new rule's file imports: the names the class stub uses.
IMPORTS = """from __future__ import annotations

import pandas as pd

from ..base import Rule, Severity, Target
from ..context import Context
"""


class Refused(Exception):
    """The arguments name something that cannot become a rule; the message says why."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="new_rule.py",
        description=__doc__.split("\n\n")[0],
        epilog="example: python scripts/new_rule.py GAM009 gameability.bonus_metric gameability",
    )
    parser.add_argument("code", help="the rule code, e.g. GAM009")
    parser.add_argument("name", help="category.snake_case, e.g. gameability.bonus_metric")
    parser.add_argument("category", help="the category, e.g. gameability")
    parser.add_argument(
        "--severity",
        choices=("info", "warning", "error"),
        default="warning",
        help="the default severity (default: warning)",
    )
    parser.add_argument(
        "--target",
        choices=tuple(TARGETS),
        default="key-result",
        help="what one finding is about (default: key-result)",
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=ROOT,
        help="the repository to write into (default: this repository)",
    )
    args = parser.parse_args(argv)
    try:
        written = create(
            args.code, args.name, args.category, args.severity, args.target, args.root.resolve()
        )
    except Refused as exc:
        print(f"new_rule.py: error: {exc}", file=sys.stderr)
        return 2
    module, fixture, package = written
    root = args.root.resolve()
    print(f"Wrote {args.code} ({args.name}) to {module.relative_to(root)}")
    print(f"Imported it in {package.relative_to(root)}")
    print(f"Wrote {fixture.relative_to(root)}")
    print(f"""
Next steps:
  1. In {module.relative_to(root)}:
     write the summary and the sections of the docstring, and
     fill in evaluate(): return rows(...) for the offending rows, or None. What several
     rules of the category share goes in okrcoach/rules/{args.category}/common.py.
  2. In {fixture.relative_to(root)}, replace the two texts with the documented Example
     (fails) and Use instead (passes), and add the edge cases.
  3. Vocabulary goes in a word list, okrcoach/rules/data/<list>.txt: one term a line, a
     header comment naming its source; read it with text.word_list("<list>").
  4. Regenerate the rule reference with `make docs`, then run `make test`.""")
    return 0


def create(
    code: str, name: str, category: str, severity: str, target: str, root: Path
) -> tuple[Path, Path, Path]:
    """Validate, write the rule's file and its fixture, and check the rule registers."""
    base = _load_base(root)
    categories: dict[str, str] = base["CATEGORIES"]
    if category not in categories.values():
        raise Refused(
            f"unknown category {category!r}; categories: " + ", ".join(categories.values())
        )
    prefix = next(p for p, c in categories.items() if c == category)
    if not re.match(base["CODE"], code):
        raise Refused(f"code {code!r} does not match {base['CODE']} (e.g. {prefix}001)")
    if code[:3] != prefix:
        raise Refused(f"code {code!r} must start with {prefix} for category {category}")
    group, _, rest = name.partition(".")
    if not re.match(base["NAME"], name) or not SNAKE.match(rest):
        raise Refused(f"name {name!r} must be {category}.snake_case (e.g. {category}.bonus_metric)")
    if group != category:
        raise Refused(f"name {name!r} must start with {category}.")

    for other_code, other_name in _registered(root):
        if other_code == code:
            raise Refused(f"code {code} already exists ({other_name})")
        if other_name == name:
            raise Refused(f"name {name} already exists ({other_code})")

    package = root / "okrcoach" / "rules" / category / "__init__.py"
    if not package.is_file():
        raise Refused(f"{package} does not exist")
    module = package.with_name(f"{rest}.py")
    if module.exists():
        raise Refused(f"{module} already exists")
    class_name = "".join(part.capitalize() for part in rest.split("_"))
    if class_name in _imported_names(ast.parse(package.read_text(encoding="utf-8"))):
        raise Refused(f"{package} already imports a class {class_name}")
    fixture = root / "tests" / "fixtures" / "rules" / f"{code}.yml"
    if fixture.exists():
        raise Refused(f"{fixture} already exists")

    example, use_instead = _texts(target)
    summary = "<what the rule finds, in one line>"
    module.write_text(
        f'"""{code} {name}: {summary}"""\n\n{IMPORTS}\n\n'
        + _class_stub(class_name, code, name, severity, target, example, use_instead),
        encoding="utf-8",
    )
    fixture.parent.mkdir(parents=True, exist_ok=True)
    fixture.write_text(_fixture(code, target, example, use_instead), encoding="utf-8")
    _import_in_package(package, rest, class_name)
    _check_registered(root, code, name)
    return module, fixture, package


def _load_base(root: Path) -> dict:
    """CATEGORIES and the code and name patterns, read from rules/base.py without importing."""
    path = root / "okrcoach" / "rules" / "base.py"
    if not path.is_file():
        raise Refused(f"{root} holds no okrcoach/rules/base.py; pass the repository as --root")
    found: dict = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            key = node.targets[0].id
            if key == "CATEGORIES":
                found[key] = ast.literal_eval(node.value)
            elif key in ("CODE", "NAME") and isinstance(node.value, ast.Call):
                found[key] = ast.literal_eval(node.value.args[0])
    if set(found) != {"CATEGORIES", "CODE", "NAME"}:
        raise Refused(f"cannot read CATEGORIES, CODE and NAME from {path}")
    return found


def _python(root: Path, program: str) -> subprocess.CompletedProcess:
    """Run ``program`` with the okrcoach of ``root`` first on the path."""
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join([str(root), *filter(None, [os.environ.get("PYTHONPATH")])]),
    )
    return subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        check=False,
    )


def _registered(root: Path) -> list[tuple[str, str]]:
    done = _python(
        root,
        "import json\nfrom okrcoach.rules import registry\n"
        "print(json.dumps([[c, r.name] for c, r in registry().items()]))",
    )
    if done.returncode:
        raise Refused(f"cannot import the rule registry of {root}:\n{done.stderr.strip()}")
    return [tuple(pair) for pair in json.loads(done.stdout)]


def _check_registered(root: Path, code: str, name: str) -> None:
    if (code, name) not in _registered(root):
        raise Refused(
            f"{code} was written but does not register; check that its category's "
            "__init__.py imports it and okrcoach/rules/catalogue.py imports the category"
        )


def _imported_names(tree: ast.Module) -> set[str]:
    names = set()
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names


def _import_in_package(package: Path, module: str, class_name: str) -> None:
    """Import the new rule in its category's ``__init__.py`` (which registers it), in the
    alphabetical place among the other rule imports, and list it in ``__all__``."""
    lines = package.read_text(encoding="utf-8").splitlines()
    line = f"from .{module} import {class_name}"
    imports = [i for i, text in enumerate(lines) if text.startswith("from .")]
    after = [i for i in imports if lines[i] < line]
    at = (after[-1] + 1) if after else (imports[0] if imports else len(lines))
    lines.insert(at, line)
    text = "\n".join(lines) + "\n"
    tree = ast.parse(text)
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "__all__":
            names = sorted({*ast.literal_eval(node.value), class_name})
            listed = "".join(f'    "{n}",\n' for n in names)
            text_lines = text.splitlines()
            text = "\n".join(
                text_lines[: node.lineno - 1]
                + [f"__all__ = [\n{listed}]"]
                + text_lines[node.end_lineno :]
            )
            text += "\n"
            break
    package.write_text(text, encoding="utf-8")


def _texts(target: str) -> tuple[str, str]:
    """Placeholder texts, shared by the docstring's Example and Use instead and the cases."""
    what = {
        "key-result": "key result",
        "objective": "objective",
        "kpi": "KPI",
        "team-quarter": "team's quarter",
        "team": "team",
    }[target]
    return f"<a {what} this rule flags>", f"<the same {what}, written well>"


def _class_stub(
    class_name: str,
    code: str,
    name: str,
    severity: str,
    target: str,
    example: str,
    use_instead: str,
) -> str:
    if target in ("team-quarter", "team"):
        # described in words: the cases model the description
        example, use_instead = example.strip("<>"), use_instead.strip("<>")
        example, use_instead = (
            example[0].upper() + example[1:],
            use_instead[0].upper() + use_instead[1:],
        )
    else:
        example, use_instead = f'"{example}"', f'"{use_instead}"'
    return f'''class {class_name}(Rule):
    """<What the rule finds, in one line>.

    ## Why is this a problem?
    <Why a reader should change what this rule finds: the effect on the team, the grade or
    the business. Reports show this paragraph next to every finding.>

    ## Example
    {example}

    ## Use instead
    {use_instead}
    """

    code = "{code}"
    name = "{name}"
    severity = Severity.{severity.upper()}
    target = Target.{TARGETS[target]}
    # the coaching question every finding carries: ask what the finding means to fix
    question = "What would the key result say if this were fixed?"

    def evaluate(self, ctx: Context) -> pd.DataFrame | None:
        # Find the offending rows of the frame the target names (ctx.key_results with the
        # text features in ctx.kr_text, ctx.objectives or ctx.kpis) as a boolean mask, and
        # return rows(frame, mask, message=..., suggestion=..., match=...) from
        # okrcoach.rules.context. Returning None means no findings.
        return None
'''


def _fixture(code: str, target: str, example: str, use_instead: str) -> str:
    """Two cases in the format of tests/fixtures/rules: the Example fails, Use instead passes."""

    def tables(text: str) -> str:
        quoted = json.dumps(text)
        if target == "key-result":
            return f"{{key_results: [{quoted}]}}"
        if target == "objective":
            return f"{{objectives: [{{objective_id: O1, title: {quoted}}}]}}"
        if target == "kpi":
            return f"{{kpis: [{{kpi_id: KPI-1, name: {quoted}}}]}}"
        return (
            f"{{objectives: [{{objective_id: O1, team: Team, quarter: 2026-Q3, title: {quoted}}}]}}"
        )

    finding = {
        "key-result": "{kr_id: K1}",
        "objective": "{objective_id: O1}",
        "kpi": "{kpi_id: KPI-1}",
        "team-quarter": "{team: Team, quarter: 2026-Q3}",
        "team": "{team: Team}",
    }[target]
    return (
        f"rule: {code}\n"
        f"test_fail_example:\n"
        f"  fail: {tables(example)}\n"
        f"  findings: [{finding}]\n"
        f"  in_docs: example\n"
        f"test_pass_use_instead:\n"
        f"  pass: {tables(use_instead)}\n"
        f"  in_docs: use_instead\n"
    )


if __name__ == "__main__":
    sys.exit(main())
