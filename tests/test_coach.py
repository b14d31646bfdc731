"""The coaching app driven from Python: type, click, and read what the team would see."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

import okrcoach
from okrcoach.coach import CoachApp
from okrcoach.coach.draft import Draft, KeyResultDraft, ObjectiveDraft, feedback
from okrcoach.coach.session import CoachSession

OUTPUT_KR = "Launch the new checkout page"


@pytest.fixture
def app(tmp_path):
    return CoachApp(drafts_dir=tmp_path / "drafts", debounce=0)


def kr_html(app: CoachApp, i: int = 0, j: int = 0) -> str:
    return " ".join(c.children[0].value for c in app.cards[i].rows[j].findings.children)


def apply_buttons(app: CoachApp, i: int = 0, j: int = 0) -> list:
    return [b for c in app.cards[i].rows[j].findings.children for b in c.children[1:]]


def test_typing_an_output_kr_shows_out001_with_why_and_rewrite(app):
    app.cards[0].title.value = "Make paying effortless for small firms"
    app.cards[0].rows[0].text.value = OUTPUT_KR
    shown = kr_html(app)
    assert "OUT001" in shown and "describes work to do" in shown
    assert "Why: Shipping, launching" in shown
    assert "Try: Raise &lt;what the checkout page should change&gt;" in shown
    assert "Ask: What should be different once the checkout page is launched" in shown
    assert app.draft.objectives[0].key_results[0].text == OUTPUT_KR


def test_use_this_phrasing_fills_the_template_and_the_finding_goes(app):
    app.cards[0].title.value = "Make paying effortless for small firms"
    app.cards[0].rows[0].text.value = OUTPUT_KR
    out001 = app.feedback.for_kr(0, 0).query("code == 'OUT001'")["suggestion"].iloc[0]
    buttons = apply_buttons(app)
    assert buttons and all(b.description == "Use this phrasing" for b in buttons)
    [button] = [b for b in buttons if "OUT001" in b.tooltip]
    button.click()
    assert app.cards[0].rows[0].text.value == out001
    assert "<baseline>" in out001  # the team completes the blanks
    assert "OUT001" not in set(app.feedback.for_kr(0, 0)["code"])
    app.cards[0].rows[
        0
    ].text.value = "Raise checkouts completed without help from 62% to 80% by 2026-12-31"
    assert "OUT001" not in kr_html(app) and "MEA001" not in kr_html(app)


def test_only_phrasings_get_the_button(app):
    app.cards[0].title.value = "Make paying effortless for small firms"
    app.cards[0].rows[0].text.value = OUTPUT_KR  # OUT001 has a template, OWN002 advice only
    codes = {code for b in apply_buttons(app) for code in ("OUT001", "OWN002") if code in b.tooltip}
    assert "OUT001" in codes and "OWN002" not in codes


def test_scores_follow_the_text(app):
    card = app.cards[0]
    card.title.value = "Make paying effortless for small firms"
    card.owner.value = "Priya"
    card.rows[0].text.value = OUTPUT_KR
    bad = app.feedback.objective_scores["O1"]
    card.rows[0].text.value = "Raise checkouts completed without help from 62% to 80%"
    card.rows[0].owner.value = "Lea"
    good = app.feedback.objective_scores["O1"]
    assert good > bad
    assert '<b style="color:' in card.score.value and f">{good:.0f}</b>" in card.score.value
    assert app.feedback.score is not None and "Draft quality" in app.draft_score.value


def test_direction_answers_mea007(app):
    app.cards[0].title.value = "Make paying effortless for small firms"
    row = app.cards[0].rows[0]
    row.text.value = "Refund requests at 2% of payments"
    assert "MEA007" in set(app.feedback.for_kr(0, 0)["code"])
    row.direction.value = "decrease"
    assert app.draft.objectives[0].key_results[0].direction == "decrease"
    assert "MEA007" not in set(app.feedback.for_kr(0, 0)["code"])


def test_numbers_are_checked_as_typed(app):
    row = app.cards[0].rows[0]
    row.baseline.value = "35%"
    row.target.value = "lots"
    assert app.draft.objectives[0].key_results[0].baseline == 35
    assert app.draft.objectives[0].key_results[0].target is None
    assert "target must be a number" in row.problem.value
    row.target.value = "50"
    assert row.problem.value == ""


def test_focus_findings_across_the_draft(app):
    for i in range(5):
        if i:
            app.add_objective()
        app.cards[i].title.value = f"Delight customer group {i} with faster answers"
    codes = set(app.feedback.for_draft["code"])
    assert "FOC001" in codes  # more objectives than the 1-3 guideline
    assert "FOC001" in " ".join(c.children[0].value for c in app.draft_findings.children)


def test_add_remove_and_reorder_key_results(app):
    app.cards[0].rows[0].text.value = "first"
    app.add_key_result(0)
    app.cards[0].rows[1].text.value = "second"
    app.move_key_result(0, 1, -1)
    assert [k.text for k in app.draft.objectives[0].key_results] == ["second", "first"]
    assert app.cards[0].rows[0].text.value == "second"
    app.cards[0].rows[1].remove.click()
    assert [k.text for k in app.draft.objectives[0].key_results] == ["second"]
    app.cards[0].rows[0].up.click()  # already first: nothing moves
    assert [k.text for k in app.draft.objectives[0].key_results] == ["second"]
    app.add_objective()
    app.cards[1].remove.click()
    assert len(app.draft.objectives) == 1


def test_user_text_is_shown_as_text(app):
    evil = "<img src=x onerror=alert(1)> Win <script>alert(2)</script>"
    app.team.value = evil
    app.cards[0].title.value = evil
    app.cards[0].rows[0].text.value = evil
    html = " ".join(
        [
            kr_html(app),
            app.draft_score.value,
            app.cards[0].score.value,
            *(c.children[0].value for c in app.cards[0].findings.children),
        ]
    )
    assert "<img" not in html and "<script" not in html
    md = app.summary_markdown()
    page = app.summary_html()
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert evil in md
    # the restore offer shows the team as text too
    again = CoachApp(drafts_dir=app.drafts_dir, debounce=0)
    assert "&lt;img src=x" in again.restore_bar.children[0].value


def test_every_change_autosaves_and_a_new_session_offers_to_restore(tmp_path):
    drafts = tmp_path / "drafts"
    first = CoachApp(drafts_dir=drafts, debounce=0)
    assert first.restore_bar.children == () or list(first.restore_bar.children) == []
    first.team.value = "Payments"
    first.quarter.value = "2026-Q4"
    first.cards[0].title.value = "Make paying effortless"
    first.cards[0].rows[0].text.value = "Raise conversion from 9% to 13%"
    saved = list(drafts.glob("autosave-*.yaml"))
    assert len(saved) == 1 and "payments-2026-q4" in saved[0].name
    assert yaml.safe_load(saved[0].read_text())["objectives"][0]["key_results"] == [
        {"text": "Raise conversion from 9% to 13%"}
    ]
    assert not list(drafts.glob(".*")), "temporary files left"

    second = CoachApp(drafts_dir=drafts, debounce=0)
    label, restore, _ = second.restore_bar.children
    assert "Payments 2026-Q4" in label.value
    restore.click()
    assert second.draft == first.draft
    assert second.cards[0].rows[0].text.value == "Raise conversion from 9% to 13%"
    assert second.restore_bar.children == ()
    second.cards[0].rows[0].text.value = "Raise conversion from 9% to 14%"
    # the earlier session's file is kept: a new session writes its own
    assert len(list(drafts.glob("autosave-*.yaml"))) == 2
    assert CoachApp(drafts_dir=drafts, debounce=0).session.latest_autosave() == (
        second.session.autosave_path
    )


def test_start_from_an_example(app):
    assert "Customer support" in CoachSession.examples()
    app.quarter.value = "2026-Q4"
    app.start_example("Customer support")
    assert app.draft.team == "Support" and app.draft.quarter == "2026-Q4"
    assert len(app.cards[0].rows) == 3
    # the examples are good OKRs: no text rule fires, only owners are left to name
    assert set(app.feedback.findings["category"]) <= {"ownership"}


def test_examples_are_valid_drafts(tmp_path):
    for name, data in CoachSession.examples().items():
        path = Draft.from_dict({**data, "quarter": "2026-Q4"}).save_yaml(tmp_path / "x.yaml")
        goals = okrcoach.load(path)
        assert len(goals.key_results) >= 3, name


def test_start_from_a_goal_file(app, demo_paths):
    app.team.value = "Checkout"
    app.quarter.value = "Q3 2026"
    app.goal_file.value = str(demo_paths["workbook"])
    app.start_from_file(app.goal_file.value)
    assert "Loaded 9 key results of Checkout, 2026-Q3" in app.status.value
    assert len(app.cards) == 3
    demo = okrcoach.load(demo_paths["workbook"]).filter(team="Checkout", quarter="2026-Q3")
    assert [k.text for o in app.draft.objectives for k in o.key_results] == demo.key_results[
        "text"
    ].tolist()


def test_bad_goal_file_is_reported_not_raised(app, tmp_path):
    app.team.value, app.quarter.value = "X", "2026-Q3"
    app.start_from_file(str(tmp_path / "missing.xlsx"))
    assert "missing_file" in app.status.value or "no such file" in app.status.value
    bad = tmp_path / "bad.yaml"
    bad.write_text("team: <b>T</b>\nquarter: Q5 2026\nobjectives:\n  - title: x\n")
    app.start_from_file(str(bad))
    assert "color:#d64545" in app.status.value and "<b>T" not in app.status.value


def test_save_yaml_and_workbook_that_load_reads(app, tmp_path):
    app.team.value, app.quarter.value = "Payments", "2026-Q4"
    app.cards[0].title.value = "Make paying effortless"
    row = app.cards[0].rows[0]
    row.text.value = "Raise conversion from 9% to 13%"
    row.baseline.value, row.target.value, row.unit.value = "9", "13", "%"
    row.due.value = "2026-12-31"
    row.direction.value = "increase"
    y = okrcoach.load(app.save_yaml(tmp_path / "out" / "draft.yaml"))
    x = okrcoach.load(app.save_workbook(tmp_path / "out" / "draft.xlsx"))
    for goals in (y, x):
        kr = goals.key_results.iloc[0]
        assert kr["text"] == "Raise conversion from 9% to 13%"
        assert (kr["baseline"], kr["target"], kr["unit"]) == (9, 13, "%")
        assert kr["due"] == pd.Timestamp("2026-12-31") and kr["direction"] == "increase"
        assert goals.objectives.iloc[0]["team"] == "Payments"


def test_save_buttons_report_problems(app, tmp_path):
    app.save_path.value = str(tmp_path / "team")
    app.quarter.value = "Q9"  # not a quarter: the workbook is refused with the reason
    app.cards[0].title.value = "Make paying effortless"
    app.save_with_status(app.save_workbook)
    assert "Not saved" in app.status.value and "quarter" in app.status.value
    app.quarter.value = "2026-Q4"
    app.save_with_status(app.save_workbook)
    assert "Saved" in app.status.value and (tmp_path / "team.xlsx").exists()


def test_printable_summary(app, tmp_path):
    app.start_example("People")
    md = app.summary_markdown()
    assert md.startswith("# OKRs: People Operations")
    assert "## 1. New hires feel productive and welcome in their first month" in md
    assert "Draft quality:" in md and "open finding" in md
    path = app.save_summary(tmp_path / "summary.html")
    assert path.read_text().startswith("<!DOCTYPE html>")
    assert (tmp_path / "summary.md").read_text() == md
    assert "New hires feel productive" in app.summary_view.value


def test_rule_docs_one_click_away(app):
    app.docs.value = "Outcome or output?"
    assert "output" in app.doc_view.value.lower() and "<h" in app.doc_view.value
    app.docs.value = "Gameable?"
    assert "okrc-doc" in app.doc_view.value
    app.docs.value = "Hide"
    assert app.doc_view.value == ""


def test_feedback_ignores_blank_rows_and_keeps_positions():
    d = Draft(
        objectives=[
            ObjectiveDraft(
                "Be great", key_results=[KeyResultDraft(""), KeyResultDraft("Launch the app")]
            )
        ]
    )
    fb = feedback(d)
    assert fb.for_kr(0, 0).empty and "OUT001" in set(fb.for_kr(0, 1)["code"])


def test_draft_yaml_round_trip():
    d = Draft(
        "T",
        "2026-Q4",
        [
            ObjectiveDraft(
                "Obj",
                "committed",
                "Ann",
                [
                    KeyResultDraft(
                        "Raise x from 1 to 2", "Bo", 1.0, 2.0, "%", "2026-12-31", "increase"
                    )
                ],
            )
        ],
    )
    assert Draft.from_yaml(d.to_yaml()) == d


def test_draft_goalset_is_typed_like_from_frames():
    d = Draft(
        "T",
        "2026-Q4",
        [
            ObjectiveDraft(
                "Obj",
                "committed",
                "Ann",
                [
                    KeyResultDraft("Raise x from 1 to 2", "Bo", 1.0, None, "%", "2026-12-31"),
                    KeyResultDraft("Cut y", due="not a date"),
                ],
            )
        ],
    )
    fast, slow = d.to_goalset(), okrcoach.GoalSet.from_frames(**d.frames())
    for (name, a), (_, b) in zip(fast.tables(), slow.tables(), strict=True):
        pd.testing.assert_frame_equal(a, b, obj=name)


@pytest.mark.e2e
def test_coach_command_refuses_a_broken_draft(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    bad = tmp_path / "bad.yaml"
    bad.write_text("objectives: [unclosed\n")
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "okrcoach"), "coach", "--draft", str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2 and "is not a YAML draft" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_load_problems_name_file_row_and_column(app, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("team: T\nquarter: 2026-Q3\nobjectives:\n  - title: x\n    kind: someday\n")
    app.team.value, app.quarter.value = "T", "2026-Q3"
    app.start_from_file(str(bad))
    assert "bad.yaml row 4 kind:" in app.status.value  # the objective's line


# --- the session alone: no widget -------------------------------------------------------


def test_a_session_edits_the_draft_without_widgets(tmp_path):
    s = CoachSession(drafts_dir=tmp_path)
    s.set_draft("team", "Support")
    s.set_objective(0, "title", "Customers get answers fast")
    s.set_key_result(0, 0, "text", "Answer 500 tickets")
    s.add_key_result(0)
    s.set_key_result(0, 1, "text", "Cut first reply time from 9 h to 2 h")
    assert s.move_key_result(0, 1, -1)
    assert not s.move_key_result(0, 0, -1)  # nothing above the first
    texts = [k.text for k in s.draft.objectives[0].key_results]
    assert texts == ["Cut first reply time from 9 h to 2 h", "Answer 500 tickets"]
    s.remove_key_result(0, 0)
    s.remove_key_result(0, 0)
    assert [k.text for k in s.draft.objectives[0].key_results] == [""]  # one to write in
    s.remove_objective(0)
    assert len(s.draft.objectives) == 1 and s.draft.objectives[0].title == ""


def test_a_session_gives_feedback_autosaves_and_saves(tmp_path):
    s = CoachSession(drafts_dir=tmp_path / "drafts")
    assert s.refresh().score is None and s.autosaved is None  # nothing typed yet
    s.start_example(next(iter(CoachSession.examples())))
    fb = s.refresh()
    assert len(fb.findings) and s.autosaved == s.autosave_path and s.autosaved.exists()
    s.set_draft("team", "Renamed")
    s.refresh()
    assert len(list((tmp_path / "drafts").glob("autosave-*.yaml"))) == 1  # the old name gone
    assert s.save_yaml().name == "renamed.yaml"
    assert s.save_workbook(tmp_path / "out" / "book.xlsx").exists()
    page = s.save_summary()
    assert page.suffix == ".html" and page.with_suffix(".md").exists()
    assert s.restore(s.autosaved).name.startswith("autosave-")


def test_a_session_says_what_went_wrong_in_words(tmp_path):
    s = CoachSession(drafts_dir=tmp_path)
    with pytest.raises(okrcoach.OkrcoachError, match="no saved draft"):
        s.restore()
    with pytest.raises(okrcoach.OkrcoachError, match="name a goal file"):
        s.start_from_file("  ")
    with pytest.raises(okrcoach.OkrcoachError, match="fill in the team"):
        s.start_from_file(str(okrcoach.demo.ensure()["workbook"]))
