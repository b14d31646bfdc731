"""The engine: the findings table, robustness, configuration, scores, the demo's defects."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import ROOT

import okrcoach
from okrcoach import Config, ConfigError, GoalSet
from okrcoach.lint import FINDING_COLUMNS, lint, lint_draft, scores


def test_columns_in_order_also_when_empty():
    clean = lint_draft(
        "Customers get value in their first week",
        [
            "Raise week-one activation from 35% to 50%",
            "Cut time to first scheduled job from 9 to 4 days",
            "Keep refund rate of new accounts below 2.5% (today 2.1%)",
        ],
        config=Config(ignore=("ownership",)),
    )
    assert tuple(clean.columns) == FINDING_COLUMNS
    assert clean.empty, clean[["code", "message"]]
    found = lint_draft("Sign-ups", ["Run 8 campaigns"])
    assert tuple(found.columns) == FINDING_COLUMNS
    assert {"OUT003", "OUT001", "GAM002"} <= set(found["code"])
    # a draft is read with Python-held strings; what it returns is typed as any findings
    typed = okrcoach.findings.empty_findings()
    assert found.columns.dtype == typed.columns.dtype
    assert (found.dtypes == typed.dtypes).all()


def test_sorted_by_severity_then_team_and_code(demo_goals):
    found = lint(demo_goals)
    assert found["team"].nunique() > 10 and found["code"].nunique() > 10  # the order matters
    rank = found["severity"].map({"error": 0, "warning": 1, "info": 2})
    keys = list(zip(rank, found["team"].fillna(""), found["code"], strict=True))
    assert keys == sorted(keys)
    # rows that tie keep the order they came in: the same sort as a stable one by pandas
    from okrcoach.findings import LINT_ORDER, ordered

    shuffled = found.sample(frac=1, random_state=3).reset_index(drop=True)
    expected = (
        shuffled.assign(
            rank=shuffled["severity"].map({"error": 0, "warning": 1, "info": 2}),
            t=shuffled["team"].fillna(""),
        )
        .sort_values(["rank", "t", "code"], kind="stable")
        .drop(columns=["rank", "t"])
        .reset_index(drop=True)
    )
    pd.testing.assert_frame_equal(ordered(shuffled, LINT_ORDER), expected)


def test_findings_order_severity_first_missing_first_or_last_and_descending():
    from okrcoach.findings import ordered

    f = pd.DataFrame(
        {
            "severity": ["info", "error", "warning", "error", "warning"],
            "team": ["B", None, "A", "A", "A"],
            "code": ["OUT001", "KPI001", "MEA002", "GAM004", "FOC001"],
            "n": [0, 1, 2, 3, 4],
        }
    )
    assert ordered(f)["n"].tolist() == [1, 3, 4, 2, 0]
    assert ordered(f, ("team", "code"))["n"].tolist() == [1, 4, 3, 2, 0]
    assert ordered(f, ("team",), missing="last")["n"].tolist() == [2, 3, 4, 0, 1]
    assert ordered(f, ("team",), missing="last", descending=True)["n"].tolist() == [1, 0, 4, 3, 2]
    with pytest.raises(ValueError, match="missing"):
        ordered(f, ("team",), missing="middle")


def test_demo_defects_are_found(demo_goals):
    found = lint(demo_goals.filter(quarter="2026-Q3"))
    by_code = found.groupby("code")
    assert "Growth Marketing" in set(by_code.get_group("FOC001")["team"])
    for code, kr_text in (
        ("OUT001", "Launch PayPal and Apple Pay at checkout"),
        ("GAM001", "Reach 1M page views on the blog"),
        ("GAM002", "Make 600 calls to target accounts"),
        ("MEA001", "Improve brand perception"),
        ("MEA002", "Reach 16.5M EUR ARR"),
    ):
        krs = demo_goals.key_results.set_index("kr_id")["text"]
        texts = set(by_code.get_group(code)["kr_id"].map(krs))
        assert kr_text in texts, (code, kr_text)
    titles = demo_goals.objectives.set_index("objective_id")["title"]
    assert {"Sign-ups", "Revenue"} <= set(by_code.get_group("OUT003")["objective_id"].map(titles))
    assert "Migrate all services to Kubernetes" in set(
        by_code.get_group("OUT002")["objective_id"].map(titles)
    )
    assert "KPI-PARTNER" in set(by_code.get_group("KPI005")["kpi_id"])


def test_good_key_results_are_left_alone():
    good = [
        "Raise trial-to-paid conversion from 9% to 13%",
        "Cut involuntary churn from 1.4% to 0.8% of MRR",
        "Increase activation from 35% to 50% by shipping the new onboarding",
        "Reduce tickets closed without resolution from 12% to 5%",
    ]
    found = lint_draft(
        "Make paying effortless for small firms", good, config=Config(ignore=("ownership", "focus"))
    )
    assert found.empty, found[["kr_id", "code", "message"]].to_string()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "😀🚀",
        "売上を35%から50%に増やす",
        "Повысить конверсию с 35% до 50%",
        "x" * 100_000,
        "<script>alert(1)</script> Launch <b>it</b>",
        "Raise NPS from 31 to 40 " * 2000,
        "\n\t",
        "100%",
        "from to",
    ],
)
def test_robust_to_odd_text(text):
    found = lint_draft("Objective", [text])
    assert tuple(found.columns) == FINDING_COLUMNS
    assert found["message"].notna().all()


def test_empty_and_non_latin_key_results_are_judged_sensibly():
    found = lint_draft("Objective", ["", "売上を35%から50%に増やす"])
    assert "MEA001" in set(found.loc[found["kr_id"] == "O1-KR1", "code"])
    assert "MEA001" not in set(found.loc[found["kr_id"] == "O1-KR2", "code"])  # has numbers


def test_html_in_text_is_data_for_the_rules():
    """Markup is neither executed nor stripped here; renderers escape it (see test_cli)."""
    found = lint_draft("<img src=x onerror=alert(1)>", ["Launch <b>the</b> thing"])
    out = found[found["code"] == "OUT001"]
    assert out["match"].tolist() == ["launch"]
    # a rewrite quotes the key result's words whole or not at all: never half a tag
    suggestions = found["suggestion"].dropna()
    assert not suggestions.str.contains(r"<b>(?!the</b>)|(?<!<b>the)</b>", regex=True).any()


def test_select_ignore_specificity_and_errors():
    assert [r.code for r in Config(select=("GAM001",)).selected()] == ["GAM001"]
    codes = {r.code for r in Config(select=("GAM",), ignore=("GAM002",)).selected()}
    assert "GAM001" in codes and "GAM002" not in codes
    # a more specific select beats a broader ignore
    codes = {r.code for r in Config(select=("ALL", "GAM002"), ignore=("gameability",)).selected()}
    assert codes & {"GAM001", "GAM002"} == {"GAM002"}
    with pytest.raises(ConfigError, match="did you mean GAM001"):
        Config(select=("GAM01",))
    with pytest.raises(ConfigError, match="Known GAM rules"):
        Config(select=("GAM999",))
    with pytest.raises(ConfigError, match="Valid options"):
        Config.from_mapping({"rules": {"focus.too_many_objectives": {"max-per-tem": 2}}})
    with pytest.raises(ConfigError, match="unknown profile"):
        Config(profile="okr-guru")
    with pytest.raises(ConfigError, match="must be a number"):
        Config.from_mapping({"rules": {"FOC001": {"max-per-team": "three"}}})


def test_config_from_pyproject_and_okrcoach_toml(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.okrcoach]\nselect = ["focus"]\nprofile = "wodtke"\nmin-severity = "warning"\n'
        '[tool.okrcoach.rules."focus.too_many_objectives"]\nseverity = "error"\n'
    )
    config = Config.discover(tmp_path)
    assert config.profile == "wodtke" and {r.category() for r in config.selected()} == {"focus"}
    from okrcoach.rules import registry

    assert str(config.severity_for(registry()["FOC001"])) == "error"
    assert config.options_for(registry()["FOC002"]).max_per_objective == 3
    (tmp_path / "okrcoach.toml").write_text('ignore = ["OWN"]\n')
    assert Config.discover(tmp_path).ignore == ("OWN",)


def test_min_severity_filters(demo_goals):
    found = lint(demo_goals, Config(min_severity=okrcoach.rules.Severity.ERROR))
    assert set(found["severity"]) == {"error"}


def test_scores(demo_goals):
    part = demo_goals.filter(quarter="2026-Q3")
    found = lint(part)
    objectives, teams = scores(part, found)
    assert objectives["score"].between(0, 100).all()
    assert teams["score"].between(0, 100).all()
    clean = objectives.set_index("objective_id")
    # the planted defects score lower than a clean objective
    assert clean.at["GRO-26Q3-2", "score"] < clean.at["CHK-26Q3-1", "score"]
    worst = teams.sort_values("score").iloc[0]["team"]
    assert worst in {"Growth Marketing", "Platform", "Brand & Events"}


def test_every_finding_carries_its_rationale(demo_goals):
    found = lint(demo_goals)
    assert len(found) > 100 and found["rationale"].str.len().gt(20).all()
    assert isinstance(found, pd.DataFrame)


def test_findings_do_not_depend_on_row_positions(demo_goals):
    """Linting a part gives the same findings for it as linting the whole (regression: text
    helpers once aligned results by label instead of position)."""
    from okrcoach.config import Config
    from okrcoach.rules import Target, registry

    local = tuple(
        c
        for c, r in registry().items()
        if r.target in (Target.KEY_RESULT, Target.OBJECTIVE) and c != "FOC005"
    )
    config = Config(select=local)
    part = demo_goals.filter(team="Growth Marketing", quarter="2026-Q3")
    whole = lint(demo_goals, config)
    mine = whole[
        whole["objective_id"].isin(part.objectives["objective_id"])
        | whole["kr_id"].isin(part.key_results["kr_id"])
    ]
    cols = ["code", "objective_id", "kr_id", "message", "suggestion", "match"]
    a = mine[cols].astype(str).sort_values(cols).reset_index(drop=True)
    b = lint(part, config)[cols].astype(str).sort_values(cols).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)


def test_cadence_rules_find_the_demo_patterns_and_nothing_else(demo_goals):
    from okrcoach import demo

    found = lint(demo_goals, Config(select=("CAD",)))
    teams = found.groupby("code")["team"].agg(set)
    planted = demo.PLANTED
    assert teams["CAD001"] == {planted["stale_team"], planted["set_and_forget_team"]}
    assert teams["CAD002"] == {planted["hockey_stick_team"]}
    assert teams["CAD003"] == {planted["sandbagging_team"]}
    assert teams["CAD004"] == {planted["underscoring_team"]}
    assert set(found.loc[found["code"] == "CAD005", "kpi_id"]) == {planted["unaddressed_kpi"]}
    assert teams["CAD006"] == {planted["set_and_forget_team"]}
    about_teams = found[found["kpi_id"].isna()]  # CAD005 is about a KPI, not its team
    assert not set(about_teams["team"]) & set(planted["healthy_teams"])


def test_cadence_rules_follow_as_of(demo_goals):
    """Judged at a day early in the quarter, the stale team and the late reporter are
    fine; judged later, the same data shows both."""
    from okrcoach import demo

    stale, late = demo.PLANTED["stale_team"], demo.PLANTED["hockey_stick_team"]
    cadence = Config(select=("CAD001", "CAD002"))

    def flagged(day: str) -> set[tuple[str, str]]:
        found = lint(demo_goals, cadence, as_of=day)
        found = found[found["quarter"].eq("2026-Q3")]
        return set(zip(found["code"], found["team"], strict=True))

    early, after = flagged("2026-08-05"), flagged("2026-09-05")
    assert ("CAD001", stale) not in early  # it still checked in then
    assert ("CAD001", stale) in after  # no check-in since 9 August
    assert ("CAD002", late) not in after  # the quarter's last weeks are still to come
    assert ("CAD002", late) in flagged("2026-09-20")
    message = lint(demo_goals, Config(select=("CAD001",)), as_of="2026-09-05")
    assert "latest: 2026-08-09" in " ".join(message.loc[message["team"].eq(stale), "message"])


def test_small_and_large_text_paths_agree(demo_goals, monkeypatch):
    """Python's re (few texts) and Arrow's RE2 (many) give the same findings."""
    from okrcoach.rules import text as tx

    corpus = pd.read_csv(ROOT / "tests" / "data" / "kr_corpus.csv")
    drafts = GoalSet.from_frames(
        objectives=pd.DataFrame(
            {
                "objective_id": ["O1"],
                "title": ["Be great"],
                "team": ["T"],
                "quarter": ["2026-Q3"],
                "level": ["team"],
            }
        ),
        key_results=pd.DataFrame(
            {
                "kr_id": [f"K{i}" for i in range(len(corpus))],
                "objective_id": "O1",
                "text": corpus["text"],
            }
        ),
    )
    for goals in (demo_goals, drafts):
        monkeypatch.setattr(tx, "SMALL", 0)
        arrow = okrcoach.lint(goals)
        monkeypatch.setattr(tx, "SMALL", 10**9)
        python = okrcoach.lint(goals)
        pd.testing.assert_frame_equal(arrow, python)
        assert len(arrow) > 100


def test_draft_scores_equal_the_organisation_formula(demo_goals):
    """The draft's plain-Python scores and :func:`scores` are one formula: equal on every
    team-quarter of the demo organisation."""
    from okrcoach.coach.draft import draft_scores

    findings = lint(demo_goals)
    objectives, teams = scores(demo_goals, findings)
    obj_score = objectives.set_index("objective_id")["score"]
    checked = 0
    for (team, quarter), part in demo_goals.objectives.groupby(["team", "quarter"]):
        ids = set(part["objective_id"])
        krs = demo_goals.key_results[demo_goals.key_results["objective_id"].isin(ids)]
        one = GoalSet.from_frames(objectives=part, key_results=krs)
        mine = findings[
            findings["objective_id"].isin(ids)
            | (
                (findings["team"] == team)
                & (findings["quarter"] == quarter)
                & findings["objective_id"].isna()
                & findings["kpi_id"].isna()
            )
        ]
        per, whole = draft_scores(one, mine)
        assert per == pytest.approx(obj_score[list(per)].to_dict())
        row = teams[(teams["team"] == team) & (teams["quarter"] == quarter)]
        assert whole == pytest.approx(float(row["score"].iloc[0]))
        checked += 1
    assert checked > 50


def test_every_key_result_finding_names_its_objective(demo_goals):
    found = lint(demo_goals)
    on_kr = found[found["kr_id"].notna()]
    parent = demo_goals.key_results.set_index("kr_id")["objective_id"]
    assert (on_kr["objective_id"] == on_kr["kr_id"].map(parent)).all()


def test_lint_reads_the_trends_it_is_given(demo_goals):
    """Callers that show trends too pass them in: same findings, no second computation."""
    from okrcoach import trends

    tr = trends(demo_goals, "2026-08-15")
    given = lint(demo_goals, trends=tr)
    assert given.equals(lint(demo_goals, as_of="2026-08-15"))
    with pytest.raises(ValueError, match="trends are as of 2026-08-15"):
        lint(demo_goals, as_of="2026-09-01", trends=tr)
