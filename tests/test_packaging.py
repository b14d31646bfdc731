"""pyproject.toml and environment.yml list the same dependencies with the same lower bounds."""

from __future__ import annotations

import re
import tomllib

import yaml
from conftest import ROOT
from packaging.requirements import Requirement


def _pip() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        reqs += extra
    out = {}
    for line in reqs:
        req = Requirement(line)
        out[req.name.lower().replace("_", "-")] = str(req.specifier)
    return out


def _conda() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    out = {}
    for dep in env["dependencies"]:
        if not isinstance(dep, str):
            continue
        name, spec = re.match(r"^([A-Za-z0-9_.\-]+)\s*(.*)$", dep).groups()
        if name in {"python", "pip"}:
            continue
        out[name.lower().replace("_", "-")] = spec.replace(" ", "")
    return out


def test_environment_yml_matches_pyproject():
    pip, conda = _pip(), _conda()
    assert sorted(pip) == sorted(conda), (
        f"only in pyproject: {sorted(set(pip) - set(conda))}; "
        f"only in environment.yml: {sorted(set(conda) - set(pip))}"
    )
    drift = {name: (pip[name], conda[name]) for name in pip if pip[name] != conda[name]}
    assert not drift, f"bounds differ (pyproject, environment.yml): {drift}"


def test_every_dependency_has_a_lower_bound():
    assert all(">=" in spec for spec in _pip().values()), _pip()


def test_python_version_matches():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert f"python{project['requires-python']}" in env["dependencies"]


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in readme and "make demo" in readme
    assert "make test" in ci


def test_every_package_and_shipped_folder_is_in_the_wheel_configuration():
    """The package list is explicit (notebooks/ and templates/ are mapped into okrcoach), so
    a new subpackage of okrcoach/ has to be added to it; tests/test_wheel.py builds the wheel."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    on_disk = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "okrcoach").rglob("__init__.py")
    }
    assert on_disk - set(setuptools["packages"]) == set(), "add these to [tool.setuptools]"
    assert setuptools["package-dir"] == {
        "okrcoach.notebooks": "notebooks",
        "okrcoach.templates": "templates",
    }
    for package, folder in setuptools["package-dir"].items():
        matched = {
            q
            for glob in setuptools["package-data"][package]
            for q in (ROOT / folder).glob(glob)
            if q.is_file()
        }
        files = {
            q
            for q in (ROOT / folder).rglob("*")
            if q.is_file()
            and q.suffix not in {".py", ".pyc"}
            and ".ipynb_checkpoints" not in q.parts
            and "exports" not in q.parts
        }
        assert files - matched == set(), f"not in {package}'s package-data"
