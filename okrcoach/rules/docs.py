"""Rule documentation rendered from the registry: one rule's page, and docs/rules.md."""

from __future__ import annotations

from typing import Any

from .base import CATEGORIES, Rule
from .catalogue import registry


def options_markdown(rule: type[Rule]) -> str:
    lines = []
    for f in rule.option_fields():
        key = f"{rule.name}.{f.name.replace('_', '-')}"
        default = f.default if not isinstance(f.default, tuple) else list(f.default)
        lines.append(f"- `{key}` (default `{default!r}`): {f.metadata.get('doc', '')}")
        for profile, values in rule.profiles.items():
            if f.name in values:
                lines.append(f"  - profile `{profile}`: `{values[f.name]!r}`")
    return "\n".join(lines)


def rule_markdown(rule: type[Rule], heading: str = "#") -> str:
    """The rule's documentation with its declared facts and generated Options section."""
    doc = rule.doc()
    summary, _, body = doc.partition("\n")
    body = body.replace("## Options", "").strip()
    facts = (
        f"`{rule.code}` · `{rule.name}` · {rule.category()} · default severity "
        f"**{rule.severity}** · looks at each {rule.target.value}"
    )
    anchor = f'<a id="{rule.code.lower()}"></a>\n' if heading != "#" else ""
    parts = [f"{anchor}{heading} {rule.code}: {summary.strip()}", "", facts, ""]
    if body:
        parts.append(body.replace("## ", heading + "# "))
    opts = options_markdown(rule)
    if opts:
        parts += ["", f"{heading}# Options", opts]
    return "\n".join(parts).strip() + "\n"


def rule_json(rule: type[Rule]) -> dict[str, Any]:
    return {
        "code": rule.code,
        "name": rule.name,
        "category": rule.category(),
        "severity": str(rule.severity),
        "target": rule.target.value,
        "summary": rule.summary(),
        "rationale": rule.rationale(),
        "example": rule.section("Example"),
        "use_instead": rule.section("Use instead"),
        "options": {
            f.name.replace("_", "-"): (
                list(f.default) if isinstance(f.default, tuple) else f.default
            )
            for f in rule.option_fields()
        },
        "documentation": rule_markdown(rule),
    }


def rules_markdown() -> str:
    """docs/rules.md: every rule, grouped by category (generated; do not edit by hand)."""
    rules = registry()
    out = [
        "# Rules",
        "",
        "<!-- Generated from the rule registry by `okrcoach rules --format markdown`. "
        "Do not edit by hand: `make docs` rewrites it and a test fails when it is stale. -->",
        "",
        f"okrcoach ships {len(rules)} rules. Select or ignore them by code (`GAM001`), prefix "
        "(`GAM`), category (`gameability`) or name (`gameability.vanity_metric`) in "
        "`[tool.okrcoach]` of pyproject.toml or in okrcoach.toml; `okrcoach rule CODE` prints "
        "one page.",
        "",
        "## Quality score",
        "",
        "Each objective starts at 100 and loses points for every finding on it or on one of "
        "its key results: error 20, warning 10, info 3 (never below 0). A team's quarter "
        "scores the mean of its objectives, less the same penalties for findings about the "
        "team-quarter as a whole (such as too many objectives).",
        "",
        "## Threshold profiles",
        "",
        'Where published schools disagree, `profile = "google" | "doerr" | "wodtke"` '
        "sets the thresholds; `default` is the design's (3 objectives a team, 5 for the "
        "company, 3-5 key results an objective). Each rule's options list its profile values.",
        "",
        "| code | name | severity | summary |",
        "|---|---|---|---|",
    ]
    for rule in rules.values():
        out.append(
            f"| [{rule.code}](#{rule.code.lower()}) | `{rule.name}` | {rule.severity} "
            f"| {rule.summary()} |"
        )
    for prefix, category in CATEGORIES.items():
        members = [r for r in rules.values() if r.code.startswith(prefix)]
        if not members:
            continue
        out += ["", f"## {category.capitalize()} ({prefix})", ""]
        for rule in members:
            out += [rule_markdown(rule, heading="###"), ""]
    return "\n".join(out).rstrip() + "\n"
