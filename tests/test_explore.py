"""The analyst's exploration: organisation-wide views, filters, the widget app, exports,
and ``okrcoach explore`` (papermill) on a second organisation."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import explore_org
import nbformat
import openpyxl
import pandas as pd
import pytest
from retro_org import hostile_teams, write_org

import okrcoach
from okrcoach import Config, demo
from okrcoach.errors import OkrcoachError
from okrcoach.explore import SECTIONS, ExploreApp, render, static_copy
from okrcoach.goalset import GoalSet
from okrcoach.overview import Overview, Selection, parse_quarters, team_table

BIN = Path(sys.executable).parent
KEY = ["code", "team", "quarter", "objective_id", "kr_id", "kpi_id", "message"]


@pytest.fixture(scope="module")
def overview(demo_goals) -> Overview:
    return Overview(demo_goals)


@pytest.fixture(scope="module")
def northwind(tmp_path_factory) -> Path:
    return explore_org.write(tmp_path_factory.mktemp("northwind") / "goals")


def _keys(frame: pd.DataFrame) -> list[tuple]:
    keys = frame[KEY].astype(object)
    return sorted(keys.where(keys.notna(), "").astype(str).itertuples(index=False, name=None))


# -- the analysis --------------------------------------------------------------------------------


def test_everything_selected_is_the_whole_analysis(overview, demo_goals):
    view = overview.select()
    assert _keys(view.findings) == _keys(okrcoach.lint(demo_goals))
    assert len(view.objectives) == len(demo_goals.objectives)
    assert len(view.key_results) == len(demo_goals.key_results)
    s = view.summary().iloc[0]
    assert (s["objectives"], s["key_results"], s["findings"]) == (
        len(demo_goals.objectives),
        len(demo_goals.key_results),
        len(view.findings),
    )
    assert s["kpis"] == len(demo_goals.kpis)


def test_departments_from_the_cascade_equal_the_department_column(demo_goals):
    with_column = team_table(demo_goals).set_index("team")["department"]
    frames = {name: t for name, t in demo_goals.tables()}
    frames["objectives"] = frames["objectives"].drop(columns="department")
    cascade = team_table(GoalSet.from_frames(**frames)).set_index("team")["department"]
    pd.testing.assert_series_equal(with_column, cascade)
    assert with_column["Checkout"] == "Product & Engineering"
    assert pd.isna(with_column["Tallyfield"])  # the company is in no department


def test_team_selections_partition_the_findings(overview):
    """Selecting each team in turn loses no finding and counts none twice."""
    everything = overview.select().findings
    parts = [overview.select(teams=t).findings for t in overview.team_names()]
    together = pd.concat(parts)
    unowned = everything[everything["team"].isna()]  # e.g. a KPI reported by nobody
    assert len(together) + len(unowned) == len(everything)
    assert _keys(pd.concat([together, unowned])) == _keys(everything)


def test_department_quarter_level_and_category_filters(overview):
    sales = set(overview.team_names(("Sales",)))
    view = overview.select(
        departments="Sales", quarters="2026-Q2:2026-Q3", levels="team", categories=["gameability"]
    )
    assert set(view.objectives["team"]) <= sales and "Sales" not in set(view.objectives["team"])
    assert set(view.objectives["quarter"]) == {"2026-Q2", "2026-Q3"}
    assert set(view.objectives["level"]) == {"team"}
    assert set(view.findings["category"]) == {"gameability"}
    assert set(view.findings["team"]) <= sales
    assert set(view.quality["team"]) <= sales
    assert view.findings["quarter"].dropna().isin(["2026-Q2", "2026-Q3"]).all()
    # fewer categories, fewer penalties: the quality score can only rise
    everything = overview.select(
        departments="Sales", quarters="2026-Q2:2026-Q3", levels="team"
    ).quality.set_index(["team", "quarter"])
    only = view.quality.set_index(["team", "quarter"])["score"]
    assert (only >= everything["score"].reindex(only.index)).all()


def test_selection_values_are_checked_all_at_once(overview):
    with pytest.raises(OkrcoachError) as err:
        overview.selection(teams=["Checkout", "Nope"], levels="galaxy", quarters="2030-Q1")
    text = str(err.value)
    assert "unknown team 'Nope'" in text and "known: Account Management" in text
    assert "unknown level 'galaxy'" in text and "company, department, team" in text
    assert "no quarter from 2030-Q1 to 2030-Q1" in text and "2025-Q4 to 2026-Q3" in text
    with pytest.raises(OkrcoachError, match="not a quarter range"):
        parse_quarters("2026-Q5")
    # any form a goal file may use; reversed ends; a range wider than the data is narrowed
    assert parse_quarters("Q3 2026:2026q1") == ("2026-Q1", "2026-Q3")
    assert overview.selection(quarters="2020-Q1:2030-Q4").quarters == ("2025-Q4", "2026-Q3")


def test_output_share_counts_outcome_findings_on_key_results(overview):
    share = overview.select(teams="Growth Marketing", quarters="2026-Q3").output_share
    f = overview.findings
    krs = overview.select(teams="Growth Marketing", quarters="2026-Q3").key_results
    flagged = f[f["category"].eq("outcome") & f["kr_id"].isin(krs["kr_id"])]["kr_id"].nunique()
    row = share.iloc[0]
    assert (row["key_results"], row["output"]) == (len(krs), flagged)
    assert row["share"] == pytest.approx(flagged / len(krs))
    # the category filter does not change what counts as output
    other = overview.select(
        teams="Growth Marketing", quarters="2026-Q3", categories="measurability"
    ).output_share
    pd.testing.assert_frame_equal(share, other)


def test_focus_against_the_configured_limits(overview, demo_goals):
    over = overview.select().focus.query("status == 'over'")
    assert set(over["team"]) == set(demo.PLANTED["too_many_objectives"])
    wodtke = Overview(demo_goals, Config(profile="wodtke")).select().focus
    assert set(wodtke.loc[wodtke["level"].eq("team"), "limit"]) == {1}
    assert wodtke["status"].eq("over").sum() > len(over)
    per_obj = overview.select().key_results_per_objective
    counts = demo_goals.key_results.groupby("objective_id").size()
    assert (
        per_obj.set_index("objective_id")["key_results"]
        == counts.reindex(per_obj["objective_id"]).fillna(0).to_numpy()
    ).all()
    assert set(per_obj["status"]) <= {"within", "too few", "too many"}


def test_attainment_names_sandbagging_and_under_scoring(overview):
    signals = overview.select().score_signals.set_index("team")["signal"]
    assert signals[demo.PLANTED["sandbagging_team"]] == "sandbagging"
    assert signals[demo.PLANTED["underscoring_team"]] == "under-scoring"
    t = overview.select().team_attainment.set_index("team")
    assert t.loc[demo.PLANTED["sandbagging_team"], "mean_score"] >= 0.95
    assert t.loc[demo.PLANTED["underscoring_team"], "mean_score"] < 0.3
    # the signals are shown whatever the category filter
    assert len(overview.select(categories="outcome").score_signals) == len(signals)


def test_cadence_counts_weeks_with_a_check_in(tmp_path):
    objectives = pd.DataFrame(
        {
            "objective_id": ["O1"],
            "quarter": ["2026-Q1"],
            "team": ["A"],
            "title": ["Delight customers"],
            "level": ["team"],
        }
    )
    krs = pd.DataFrame(
        {
            "kr_id": ["K1", "K2"],
            "objective_id": ["O1", "O1"],
            "text": ["Raise NPS from 10 to 20", "Cut churn from 5% to 3%"],
            "baseline": [10, 5],
            "target": [20, 3],
        }
    )
    # K1: two check-ins in week 0 and one in week 2 -> 2 of 13 weeks; K2: none
    checkins = pd.DataFrame(
        {
            "kr_id": ["K1"] * 3,
            "value": [11, 12, 13],
            "date": pd.to_datetime(["2026-01-01", "2026-01-03", "2026-01-15"]),
        }
    )
    goals = GoalSet.from_frames(objectives=objectives, key_results=krs, checkins=checkins)
    c = Overview(goals, as_of="2026-03-31").select().cadence.iloc[0]
    assert (c["key_results"], c["checkins"], c["never"]) == (2, 3, 1)
    assert c["weekly"] == pytest.approx((2 / 13 + 0) / 2)
    assert c["last_checkin"] == pd.Timestamp("2026-01-15")


def test_cadence_names_the_stale_and_set_and_forget_teams(overview):
    c = overview.select().cadence.set_index(["team", "quarter"])
    assert c.loc[(demo.PLANTED["stale_team"], "2026-Q3"), "stale"] > 0
    assert c.loc[demo.PLANTED["set_and_forget_team"], "set_and_forget"].sum() > 0
    assert c["weekly"].between(0, 1).all()


def test_kpi_health_and_definition_completeness(northwind):
    ov = Overview.from_path(northwind)
    k = ov.select().kpi_health.set_index("kpi_id")
    assert (k.loc["KPI-DENIAL", "defined"], k.loc["KPI-DENIAL", "missing"]) == (4, "formula")
    assert (k.loc["KPI-NPS", "defined"], k.loc["KPI-NPS", "missing"]) == (5, "")
    assert k.loc["KPI-DENIAL", "rag"] == "red" and k.index[0] == "KPI-DENIAL"  # red first
    assert list(ov.select(teams="Nursing").kpi_health["kpi_id"]) == []
    assert list(ov.select(departments="Care").kpi_health["kpi_id"]) == ["KPI-NPS"]


def test_guardrail_breaches_follow_the_selection(overview):
    b = overview.select().guardrail_breaches
    assert set(b["kpi_id"]) == {demo.PLANTED["guardrail_kpi"]}
    assert overview.select(teams="Checkout").guardrail_breaches.empty
    smb = overview.select(teams=b["team"].iloc[0]).guardrail_breaches
    assert len(smb) == len(b) and smb["title"].notna().all()


def test_findings_sort_and_search(overview):
    view = overview.select()
    by_sev = view.sorted_findings()
    rank = by_sev["severity"].map({"error": 0, "warning": 1, "info": 2})
    assert rank.is_monotonic_increasing
    by_team = view.sorted_findings("team", descending=True)
    assert by_team["team"].dropna().is_monotonic_decreasing
    hits = view.sorted_findings(search="PAGE VIEWS")
    assert len(hits) and hits["about"].str.contains("page views", case=False).all()
    assert len(view.sorted_findings()) == len(view.findings)  # sorting loses nothing
    with pytest.raises(OkrcoachError, match="cannot sort by 'colour'"):
        view.sorted_findings("colour")


def test_export_writes_the_selection_as_csv_and_xlsx(northwind, tmp_path):
    view = Overview.from_path(northwind).select(teams="Billing")
    written = view.export(tmp_path / "out")
    assert set(written) == {
        "findings.csv",
        "team_scores.csv",
        "objective_scores.csv",
        "exploration.xlsx",
    }
    csv = pd.read_csv(written["findings.csv"])
    assert len(csv) == len(view.findings) and set(csv["team"]) == {"Billing"}
    book = openpyxl.load_workbook(written["exploration.xlsx"])
    assert book.sheetnames == ["selection", "findings", "team_scores", "objective_scores"]
    assert book["findings"].max_row == len(view.findings) + 1
    selection = {r[0]: r[1] for r in book["selection"].iter_rows(min_row=2, values_only=True)}
    assert selection["teams"] == "Billing" and selection["quarters"] == "all"
    # text that looks like a formula stays text
    cells = [c for row in book["objective_scores"].iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    scores = pd.read_excel(written["exploration.xlsx"], sheet_name="team_scores", engine="openpyxl")
    assert len(scores) == len(view.quality)
    with pytest.raises(OkrcoachError, match="unknown export format pdf"):
        view.export(tmp_path / "x", formats=("pdf",))


def test_goal_workbooks_keep_formula_like_text_as_text(northwind, tmp_path):
    goals = okrcoach.load(northwind)
    path = goals.to_excel(tmp_path / "goals.xlsx")
    sheet = openpyxl.load_workbook(path)["key_results"]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == explore_org.FORMULA_TEXT)
    assert cell.data_type == "s"
    assert explore_org.FORMULA_TEXT in set(okrcoach.load(path).key_results["text"])


# -- rendering and the app -------------------------------------------------------------------------


def test_every_section_says_something_for_every_kind_of_selection(overview):
    """Each section of each kind of selection renders and says something: a table, a
    chart, or at least a sentence beyond its heading (never a blank panel)."""
    kinds = {
        "everything": Selection(),
        "a team": Selection(teams=("Checkout",)),
        "a department": Selection(departments=("Sales",)),
        "a quarter range": Selection(quarters=("2026-Q2", "2026-Q3")),
        "a level": Selection(levels=("company",)),
        "a category": Selection(categories=("kpi",)),
        "a combination": Selection(
            quarters=("2026-Q3", "2026-Q3"), departments=("Marketing",), categories=("outcome",)
        ),
    }
    for kind, sel in kinds.items():
        view = overview.select(sel)
        for name, section in SECTIONS.items():
            fragment = render(view, name)
            assert fragment.startswith('<div class="okx okx-') and "<script" not in fragment
            words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).strip()
            said = words.replace(html.escape(section.title), "", 1).strip()
            shows = "<table" in fragment or "<svg" in fragment
            assert shows or len(said) > 20, f"{name} says nothing for {kind}: {words!r}"


def test_sections_show_what_the_selection_holds(overview):
    view = overview.select(teams="Growth Marketing")
    focus = render(view, "focus")
    assert "Growth Marketing" in focus and "Checkout" not in focus
    assert "<svg" in focus  # charts inline, no script
    attainment = render(overview.select(), "attainment")
    for team in (demo.PLANTED["sandbagging_team"], demo.PLANTED["underscoring_team"]):
        assert html.escape(team) in attainment
    kpis = render(overview.select(), "kpis", kpi="KPI-REFUND")
    assert "Refund rate" in kpis and "KPI-REFUND" in kpis
    findings = render(overview.select(), "findings")
    assert f"of {len(overview.findings)}" in findings


def test_hostile_text_is_escaped_in_every_section(tmp_path):
    data = write_org(tmp_path / "org", hostile_teams(tmp_path / "pwned"))
    view = Overview.from_path(data).select()
    for name in SECTIONS:
        fragment = render(view, name)
        for raw in ("<script", "<img src=x", "<b>now"):  # the planted markup, never raw
            assert raw not in fragment
    assert "&lt;script&gt;" in render(view, "findings") + render(view, "kpis")


def test_app_filters_redraw_every_section(overview):
    app = ExploreApp(overview)
    shown = {name: app.section(name) for name in SECTIONS}
    before = {name: app.panels[name].value for name in SECTIONS}
    app.department.value = ("Sales",)
    sales = overview.team_names(("Sales",))
    assert [v for _, v in app.team.options] == [()] + [(t,) for t in sales]
    after = {name: app.panels[name].value for name in SECTIONS}
    changed = [n for n in SECTIONS if after[n] != before[n]]
    assert set(changed) >= {"overview", "outcome", "focus", "cadence", "kpis", "findings"}
    assert "Checkout" not in after["focus"] and "Enterprise Sales" in after["focus"]
    app.team.value = ("SMB Sales",)
    assert app.selection.teams == ("SMB Sales",)
    assert "Refund rate" in app.panels["guardrails"].value
    # narrowing the department drops a team that is not in it
    app.department.value = ("Marketing",)
    assert app.team.value == ()
    # the display: a live widget, and static HTML for a notebook saved without widgets
    bundle = shown["overview"]._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"] == before["overview"]


def test_app_quarter_level_and_category_filters(overview):
    app = ExploreApp(overview)
    app.section("findings")
    app.quarters.value = ("2026-Q3", "2026-Q3")
    app.level.value = ("team",)
    app.category.value = ("focus",)
    view = app.view
    assert view.selection == Selection(("2026-Q3", "2026-Q3"), (), (), ("team",), ("focus",))
    assert set(view.findings["category"]) == {"focus"}
    assert f"of {len(view.findings)}" in app.panels["findings"].value


def test_app_kpi_picker_and_findings_controls(overview):
    app = ExploreApp(overview)
    app.section("kpis")
    app.section("findings")
    ids = [v for _, v in app.kpi_picker.options]
    assert ids[0] == overview.select().kpi_health["kpi_id"].iloc[0]
    app.kpi_picker.value = "KPI-NPS"
    assert "Net promoter score" in app.panels["kpis"].value
    total = len(overview.findings)
    assert app.page_label.value == f"1-50 of {total}"
    app.next_page.click()
    assert app.page_label.value == f"51-100 of {total}"
    app.previous_page.click()
    app.previous_page.click()
    assert app.page_label.value == f"1-50 of {total}"
    app.search.value = "page views"
    n = len(app.view.sorted_findings(search="page views"))
    assert app.page_label.value == f"1-{n} of {n}" and "page views" in app.panels["findings"].value
    app.sort_by.value = "team"
    app.descending.value = True
    assert "sorted by team (descending)" in app.panels["findings"].value
    # after a filter the picker only offers the selection's KPIs
    app.team.value = ("Checkout",)
    assert {v for _, v in app.kpi_picker.options} == set(app.view.kpi_health["kpi_id"])


def test_export_button_writes_files_and_reports_failure(overview, tmp_path):
    app = ExploreApp(overview, Selection(teams=("Checkout",)), export_dir=tmp_path / "exp")
    app.export_button.click()
    assert (tmp_path / "exp" / "exploration.xlsx").exists()
    assert "Wrote findings.csv" in app.status.value and "team Checkout" in app.status.value
    blocker = tmp_path / "file"
    blocker.write_text("x")
    app.export_dir = blocker / "sub"
    app.export_button.click()  # no exception: the status says what went wrong
    assert "Export failed" in app.status.value


def test_from_params_checks_the_filters(northwind):
    app = ExploreApp.from_params(northwind, quarters="2026-Q2", department="Care")
    assert app.selection.quarters == ("2026-Q2", "2026-Q2")
    assert app.department.value == ("Care",)
    assert set(app.view.objectives["team"]) <= {"Care", "Front Desk", "Nursing"}
    with pytest.raises(OkrcoachError, match="unknown department 'Nope'"):
        ExploreApp.from_params(northwind, department="Nope")


def test_static_copy_drops_widget_views_only():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={
                "text/plain": "VBox()",
                "text/html": "<p>static</p>",
                "application/vnd.jupyter.widget-view+json": {
                    "model_id": "ab",
                    "version_major": 2,
                    "version_minor": 0,
                },
            },
        )
    ]
    nb.cells = [cell]
    nb.metadata["widgets"] = {"state": {}}
    out = static_copy(nb)
    assert "widgets" not in out.metadata
    assert set(out.cells[0].outputs[0]["data"]) == {"text/plain", "text/html"}
    assert "application/vnd.jupyter.widget-view+json" in nb.cells[0].outputs[0]["data"]


# -- okrcoach explore: papermill on a second organisation -----------------------------------------


def _explore(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "okrcoach"), "explore", *args], capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def explored(northwind, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("explored")
    result = _explore("--data", str(northwind), "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "explore.html (opens offline)" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    return out


@pytest.mark.e2e
def test_cli_exports_every_finding_of_the_second_organisation(explored, northwind):
    goals = okrcoach.load(northwind)
    expected = okrcoach.lint(goals)
    exported = pd.read_csv(explored / "exports" / "findings.csv", dtype=str)
    assert _keys(exported) == _keys(expected)
    planted = set(zip(exported["code"], exported["team"], strict=True))
    assert {
        ("FOC001", "Front Desk"),
        ("OUT001", "Front Desk"),
        ("GAM001", "Front Desk"),
        ("KPI001", "Billing"),
        ("CAD001", "Lab Services"),
    } <= planted
    book = pd.read_excel(
        explored / "exports" / "exploration.xlsx", sheet_name=None, engine="openpyxl"
    )
    assert list(book) == ["selection", "findings", "team_scores", "objective_scores"]
    assert len(book["findings"]) == len(expected)
    # the key result that starts with '=' is exported as text, not as a formula
    assert explore_org.FORMULA_TEXT in set(book["findings"]["about"])
    sheet = openpyxl.load_workbook(explored / "exports" / "exploration.xlsx")["findings"]
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    scores = pd.read_csv(explored / "exports" / "team_scores.csv")
    assert set(scores["team"]) == {
        "Front Desk",
        "Nursing",
        "Billing",
        "Lab Services",
        "Care",
        "Operations",
    }


@pytest.mark.e2e
def test_cli_notebook_and_html_show_the_second_organisation(explored, northwind):
    nb = nbformat.read(explored / "explore.ipynb", as_version=4)
    injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert str(northwind) in injected.source
    summary = next(c for c in nb.cells if c.source.endswith("app.start.summary()"))
    text = summary.outputs[0]["data"]["text/plain"]
    objectives = len(okrcoach.load(northwind).objectives)
    assert re.search(rf"\b{objectives}\b", text)
    page = (explored / "explore.html").read_text()
    assert "Front Desk has 4 objectives in 2026-Q2 (max 3)" in page
    assert "Claim denial rate" in page and "Lab Services" in page
    assert "Tallyfield" not in page and "Checkout" not in page  # not the demo
    # no code, no script, nothing fetched; markup in the data shown as text
    assert "<script" not in page and "app.section(" not in page
    assert not re.search(r"""(src|href)=["']?https?:""", page)
    assert html.escape(explore_org.HOSTILE_TITLE, quote=False) in page
    assert page.count("<svg") >= 8


@pytest.mark.e2e
def test_cli_filters_narrow_the_run(northwind, tmp_path):
    out = tmp_path / "narrow"
    result = _explore(
        "--data",
        str(northwind),
        "--out",
        str(out),
        "--team",
        "Front Desk",
        "--category",
        "outcome",
        "--quarters",
        "2026-Q2",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    exported = pd.read_csv(out / "exports" / "findings.csv")
    assert set(exported["team"]) == {"Front Desk"}
    assert set(exported["category"]) == {"outcome"}
    assert set(exported["quarter"].dropna()) == {"2026-Q2"}
    selection = pd.read_excel(
        out / "exports" / "exploration.xlsx", sheet_name="selection", engine="openpyxl"
    )
    assert dict(zip(selection["filter"], selection["value"], strict=True))["teams"] == "Front Desk"


@pytest.mark.e2e
def test_cli_bad_input_is_reported_without_a_traceback(northwind, tmp_path):
    missing = _explore("--data", str(tmp_path / "nope.xlsx"), "--out", str(tmp_path / "o"))
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    unknown = _explore(
        "--data",
        str(northwind),
        "--out",
        str(tmp_path / "o"),
        "--team",
        "Nobody",
        "--level",
        "galaxy",
    )
    assert unknown.returncode == 2
    assert "unknown team 'Nobody'" in unknown.stderr and "unknown level 'galaxy'" in unknown.stderr
    bad_day = _explore("--data", str(northwind), "--out", str(tmp_path / "o"), "--as-of", "someday")
    assert bad_day.returncode == 2 and "'someday' is not a date" in bad_day.stderr
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "objectives.csv").write_text("objective_id,quarter,title\nO1,2026-Q9,Grow\n")
    (broken / "key_results.csv").write_text("kr_id,objective_id,text\nK1,O7,Raise x\n")
    bad = _explore("--data", str(broken), "--out", str(tmp_path / "o"))
    assert bad.returncode == 2
    assert "bad_quarter" in bad.stdout and "orphan" in bad.stdout
    for r in (missing, unknown, bad_day, bad):
        assert "Traceback" not in r.stdout + r.stderr
    assert not (tmp_path / "o" / "explore.html").exists()


def test_notebook_parameters_are_documented():
    nb = nbformat.read(Path(__file__).parents[1] / "notebooks" / "explore.ipynb", 4)
    params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    names = re.findall(r"^(\w+) = ", params.source, re.M)
    assert names == [
        "data_path",
        "quarters",
        "config",
        "department",
        "team",
        "level",
        "category",
        "export_dir",
        "as_of",
    ]
    assert all("#" in line for line in params.source.splitlines())
    # every code cell is short: the logic lives in the package
    assert all(len(c.source.splitlines()) <= 10 for c in nb.cells if c.cell_type == "code")
    assert json.dumps(nb.metadata.get("widgets", {})) == "{}"
