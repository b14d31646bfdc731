"""Every rule: its YAML cases, its documentation, and the generated docs/rules.md."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
import yaml
from conftest import ROOT

from okrcoach import GoalSet
from okrcoach.config import Config
from okrcoach.lint import lint
from okrcoach.rules import registry
from okrcoach.rules.base import SECTIONS, Target
from okrcoach.rules.docs import rules_markdown

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
DEFAULT_OBJECTIVE = {
    "objective_id": "O1",
    "title": "Customers get value in their first week",
    "team": "Team",
    "quarter": "2026-Q3",
    "level": "team",
}


def load_cases() -> list[tuple[str, str, dict]]:
    cases = []
    for path in sorted(FIXTURES.glob("*.yml")):
        doc = yaml.safe_load(path.read_text())
        code = doc.pop("rule")
        assert code == path.stem, f"{path.name} declares rule {code}"
        cases += [(code, name, case) for name, case in doc.items()]
    return cases


CASES = load_cases()


def goals_from(tables: dict):
    tables = dict(tables)
    objectives = [
        dict({k: v for k, v in DEFAULT_OBJECTIVE.items() if k != "objective_id"}, **o)
        for o in tables.get("objectives", [])
    ] or [dict(DEFAULT_OBJECTIVE)]
    first = objectives[0]["objective_id"]
    krs = [
        k if isinstance(k, dict) else {"kr_id": f"K{i + 1}", "objective_id": first, "text": str(k)}
        for i, k in enumerate(tables.get("key_results", []))
    ]
    frames = {"objectives": pd.DataFrame(objectives), "key_results": pd.DataFrame(krs)}
    for name in ("checkins", "kpis", "kpi_values"):
        if name in tables:
            frames[name] = pd.DataFrame(tables[name])
    return GoalSet.from_frames(**frames)


def run_case(code: str, case: dict) -> pd.DataFrame:
    settings = dict(case.get("configs") or {})
    config = Config.from_mapping({"select": [code], **settings})
    tables = case.get("fail", case.get("pass"))
    return lint(goals_from(tables), config, as_of=case.get("as_of"))


@pytest.mark.parametrize(
    ("code", "name", "case"), CASES, ids=[f"{code}_{name}" for code, name, _ in CASES]
)
def test_rule_case(code, name, case):
    found = run_case(code, case)
    assert set(found["code"]) <= {code}
    if "fail" in case:
        assert len(found) >= 1, f"{code} found nothing in {case['fail']}"
        for expected in case.get("findings", []):
            hits = found
            for column, value in expected.items():
                hits = hits[hits[column].astype(str).str.lower() == str(value).lower()]
            assert len(hits), f"no finding matching {expected} in\n{found.to_string()}"
        assert found["message"].str.len().gt(0).all()
    else:
        assert found.empty, found[["message", "match"]].to_string()


def test_every_rule_has_passing_and_failing_cases():
    kinds: dict[str, set[str]] = {}
    for code, _, case in CASES:
        kinds.setdefault(code, set()).update(k for k in ("pass", "fail") if k in case)
    rules = registry()
    missing = {c: {"pass", "fail"} - kinds.get(c, set()) for c in rules}
    assert not {c: m for c, m in missing.items() if m}, missing
    assert set(kinds) <= set(rules), f"fixtures for unknown rules: {set(kinds) - set(rules)}"


def test_at_least_26_rules_in_every_category():
    rules = registry()
    assert len(rules) >= 26
    assert {r.category() for r in rules.values()} >= {
        "outcome",
        "measurability",
        "gameability",
        "focus",
        "ownership",
        "kpi",
        "cadence",
    }
    for code in ("OUT001", "MEA001", "MEA002", "GAM001", "GAM002", "FOC001", "FOC002"):
        assert code in rules


@pytest.mark.parametrize("code", list(registry()))
def test_docs_have_sections_in_order(code):
    rule = registry()[code]
    doc = rule.doc()
    positions = [doc.find(f"## {s}") for s in SECTIONS]
    assert all(p > 0 for p in positions), f"{code} lacks one of {SECTIONS}"
    assert positions == sorted(positions), f"{code}: sections out of order"
    assert rule.summary().endswith(".")
    assert rule.rationale()


@pytest.mark.parametrize("code", list(registry()))
def test_documented_examples_behave_as_documented(code):
    """The Example and Use instead of the docs are fixture cases that fail and pass."""
    rule = registry()[code]
    docs = {"example": rule.section("Example"), "use_instead": rule.section("Use instead")}
    marked = {case["in_docs"]: case for c, _, case in CASES if c == code and "in_docs" in case}
    assert set(marked) == {"example", "use_instead"}, f"{code}: mark both cases in_docs"
    assert "fail" in marked["example"] and "pass" in marked["use_instead"]
    for which, case in marked.items():
        quoted = re.match(r'^"([^"]+)"', docs[which])
        if not quoted:
            continue  # described in words; the case models the description
        tables = case.get("fail", case.get("pass"))
        if rule.target is Target.OBJECTIVE:
            texts = [o["title"] for o in tables.get("objectives", [])]
        elif rule.target is Target.KPI:
            texts = [k.get("name") for k in tables.get("kpis", [])]
        elif rule.target is Target.KEY_RESULT:
            texts = [k if isinstance(k, str) else k["text"] for k in tables["key_results"]]
        else:
            continue
        assert quoted.group(1) in texts, f"{code} {which}: docs say {quoted.group(1)!r}"


def test_every_option_is_a_real_config_key():
    for rule in registry().values():
        for f in rule.option_fields():
            value = list(f.default) if isinstance(f.default, tuple) else f.default
            key = f.name.replace("_", "-")
            config = Config.from_mapping({"rules": {rule.name: {key: value}}})
            assert config.options_for(rule) == rule.options()


def test_docs_rules_md_is_generated_and_fresh():
    path = ROOT / "docs" / "rules.md"
    assert path.read_text() == rules_markdown(), "run `make docs` to regenerate docs/rules.md"


def test_profile_thresholds_name_only_known_profiles():
    """config.PROFILES is the one list of profile names; rules' thresholds use no other."""
    from okrcoach import config
    from okrcoach.rules import focus

    focus_rules = [r for r in registry().values() if r.__module__.startswith(focus.__name__ + ".")]
    assert any(r.profiles for r in focus_rules)
    for rule in registry().values():
        assert set(rule.profiles) <= set(config.PROFILES), (rule.code, set(rule.profiles))
