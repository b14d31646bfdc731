"""The index of a quarter's retrospectives: departments, attention first, escaping, no script."""

from __future__ import annotations

import re

from okrcoach.jupyter.export import TEMPLATE_NAME
from okrcoach.resources import templates
from okrcoach.retro.batch.index import ATTENTION_SHOWN, attention, grouped, render_index


def row(team, department="Sales", status="done", score=0.7, grade="green", **more):
    base = dict(
        team=team,
        department=department,
        cascade=department,
        status=status,
        score=score,
        grade=grade,
        previous_score=None,
        objectives=2,
        key_results=5,
        quality=80.0,
        errors=0,
        kpis_red=0,
        breaches=0,
        report=f"{team}.html",
        notebook="",
        error="",
    )
    return {**base, **more}


def page(rows):
    return render_index("2026-Q3", rows, templates() / TEMPLATE_NAME, page_css="", css="")


def test_attention_reasons_and_weights():
    assert attention(row("a")) == []
    assert [t for _, t in attention(row("a", status="failed"))] == ["its report failed"]
    why = [
        t
        for _, t in attention(
            row("a", score=0.2, grade="red", previous_score=0.6, kpis_red=1, breaches=2)
        )
    ]
    assert why == ["score 0.20", "down 0.40 on last quarter", "2 guardrail breaches", "1 red KPI"]


def test_groups_and_attention_order():
    rows = [
        row("calm"),
        row("red", score=0.1, grade="red"),
        row("kpi", department="People", kpis_red=1),
        row("broken", department="People", status="failed", score=None, grade="unknown"),
    ]
    html = page(rows)
    urgent = html[html.index('id="attention"') : html.index('id="groups"')]
    order = [urgent.index(f'href="{t}.html"') for t in ("broken", "red", "kpi")]
    assert order == sorted(order) and "calm.html" not in urgent
    groups = re.findall(r"<summary><h2>([^<]+)</h2>", html)
    assert groups == ["People", "Sales"]  # both need attention; then by name
    assert [g.name for g in grouped([dict(r, why=attention(r)) for r in rows])] == groups
    assert "<script" not in html and "default-src 'none'" in html


def test_a_thousand_teams_list_the_most_urgent_and_count_the_rest():
    rows = [row(f"t{i:04d}", department=f"Dept {i % 40}", kpis_red=i % 3) for i in range(1000)]
    html = page(rows)
    urgent = html[html.index('id="attention"') : html.index('id="groups"')]
    assert urgent.count("<tr>") - 1 == ATTENTION_SHOWN
    needing = sum(1 for r in rows if r["kpis_red"])
    assert f"{needing - ATTENTION_SHOWN} more teams need attention" in urgent
    assert html.count('<details class="group">') == 40  # folded: too many teams to open all
    assert all(f'href="t{i:04d}.html"' in html for i in range(1000))  # nobody dropped


def test_user_text_is_escaped():
    html = page(
        [
            row(
                "<b>x</b>",
                department="<i>dept</i>",
                cascade="<u>up</u>",
                status="failed",
                error="<script>",
            )
        ]
    )
    assert "<b>x</b>" not in html and "<i>dept</i>" not in html and "<script>" not in html
    assert "<u>up</u>" not in html and "aligned to &lt;u&gt;up&lt;/u&gt;" in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html


def test_a_team_without_a_department_and_one_aligned_elsewhere():
    html = page(
        [
            row("lone", department="", cascade="Not aligned to a parent objective"),
            row("sub", department="Sales", cascade="Checkout"),
            row("plain", department="Sales", cascade="Sales"),
        ]
    )
    assert re.findall(r"<summary><h2>([^<]+)</h2>", html) == ["No department", "Sales"]
    assert "aligned to Checkout" in html
    assert html.count("aligned to") == 1  # nor for one aligned to its own department
