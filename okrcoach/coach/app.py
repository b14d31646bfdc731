"""The coaching app: :class:`CoachApp`, a :class:`~okrcoach.coach.session.CoachSession`
shown with widgets."""

from __future__ import annotations

import datetime as dt
import html
import os
from pathlib import Path

import ipywidgets as w
import yaml

from ..config import Config
from ..errors import GoalDataError, OkrcoachError
from ..rendering import stylesheet
from .draft import Draft, Feedback
from .session import AUTOSAVE_PREFIX, EXAMPLES, CoachSession
from .widgets import (
    Debounce,
    FindingList,
    KeyResultActions,
    ObjectiveActions,
    ObjectiveCard,
    button,
    problem_summary,
    rule_doc_html,
    score_html,
)


class CoachApp:
    """The coaching app (see :mod:`okrcoach.coach`): a session and the widgets that show it.

    Parameters
    ----------
    draft : Draft, optional
        Where to start; a blank draft when omitted.
    drafts_dir : path, optional
        Where every change is autosaved (default ``./drafts``, or ``$OKRCOACH_DRAFTS``).
    config : Config, optional
        Rule settings (default: :data:`okrcoach.coach.draft.DRAFT_CONFIG`).
    debounce : float
        Seconds of quiet typing before feedback is recomputed.
    offer_restore : bool
        Offer the latest autosave when starting without a draft.
    """

    def __init__(
        self,
        draft: Draft | None = None,
        drafts_dir: str | os.PathLike | None = None,
        config: Config | None = None,
        debounce: float = 0.35,
        offer_restore: bool = True,
    ):
        self.session = CoachSession(draft, drafts_dir, config)
        self._filling = False
        self._refresh_later = Debounce(self.refresh, debounce)
        self._build_header()
        self._build_footer()
        self.objectives_box = w.VBox()
        self.widget = w.VBox(
            [
                w.HTML(f"<style>{stylesheet('coach.css')}</style>"),
                self.header,
                self.restore_bar,
                self.draft_panel,
                self.objectives_box,
                self.footer,
            ],
            layout=w.Layout(width="100%"),
        )
        self.widget.add_class("okrc")
        latest = self.session.latest_autosave() if draft is None and offer_restore else None
        self._offer(latest)
        self._rebuild()

    @classmethod
    def from_env(cls) -> CoachApp:
        """The app as ``okrcoach coach`` starts it: ``$OKRCOACH_DRAFT`` names a draft file
        to open, ``$OKRCOACH_DRAFTS`` the autosave folder."""
        path = os.environ.get("OKRCOACH_DRAFT")
        return cls(Draft.read(path) if path else None)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)

    # --- the session ------------------------------------------------------------------

    @property
    def draft(self) -> Draft:
        return self.session.draft

    @property
    def feedback(self) -> Feedback | None:
        return self.session.feedback

    @property
    def config(self) -> Config | None:
        return self.session.config

    @property
    def drafts_dir(self) -> Path:
        return self.session.drafts_dir

    # --- layout -----------------------------------------------------------------------

    def _build_header(self) -> None:
        self.team = w.Text(self.draft.team, placeholder="Team", description="Team")
        self.quarter = w.Text(self.draft.quarter, placeholder="2026-Q4", description="Quarter")
        self.team.observe(lambda ch: self._set("team", ch["new"]), "value")
        self.quarter.observe(lambda ch: self._set("quarter", ch["new"]), "value")
        names = list(CoachSession.examples())
        self.example = w.Dropdown(
            options=names,
            value=names[0] if names else None,
            description="Examples",
            layout=w.Layout(width="300px"),
        )
        use = button("Start from example", lambda: self.start_example(self.example.value))
        blank = button("Blank draft", self.start_blank)
        self.goal_file = w.Text(
            placeholder="goals.xlsx, a CSV folder or a draft .yaml",
            description="Goal file",
            layout=w.Layout(width="420px"),
        )
        load = button("Load team's quarter", lambda: self.start_from_file(self.goal_file.value))
        self.status = w.HTML()
        self.header = w.VBox(
            [
                w.HBox([self.team, self.quarter]),
                w.HBox([blank, self.example, use]),
                w.HBox([self.goal_file, load]),
                self.status,
            ]
        )
        self.restore_bar = w.HBox()
        self.draft_score = w.HTML()
        self.draft_findings = FindingList()
        self.docs = w.ToggleButtons(
            options=["Hide", "Outcome or output?", "Gameable?"],
            value="Hide",
            description="Explain",
            style={"button_width": "auto"},
        )
        self.doc_view = w.HTML()
        self.docs.observe(lambda ch: self._show_doc(ch["new"]), "value")
        self.draft_panel = w.VBox([self.draft_score, self.draft_findings, self.docs, self.doc_view])

    def _build_footer(self) -> None:
        add = button("+ Objective", self.add_objective, align_self="flex-start")
        self.save_path = w.Text(
            placeholder="drafts/<team>-<quarter>",
            description="Save as",
            layout=w.Layout(width="360px"),
        )
        save_yaml = button("YAML draft", lambda: self.save_with_status(self.save_yaml))
        save_xlsx = button("Workbook", lambda: self.save_with_status(self.save_workbook))
        summary = button("Printable summary", lambda: self.save_with_status(self.save_summary))
        self.summary_view = w.HTML()
        self.footer = w.VBox(
            [add, w.HBox([self.save_path, save_yaml, save_xlsx, summary]), self.summary_view]
        )

    def _rebuild(self) -> None:
        """New input widgets for the draft's structure (after add, remove, move, load)."""
        self._filling = True  # widgets take the draft's values: that is not typing
        try:
            self.team.value, self.quarter.value = self.draft.team, self.draft.quarter
        finally:
            self._filling = False
        self.cards = [
            ObjectiveCard(i, o, self._objective_actions(i))
            for i, o in enumerate(self.draft.objectives)
        ]
        self.objectives_box.children = [c.widget for c in self.cards]
        self.refresh()

    def _objective_actions(self, i: int) -> ObjectiveActions:
        s = self.session

        def edited(name: str, value: str) -> None:
            s.set_objective(i, name, value)
            self.changed()

        def key_result(j: int) -> KeyResultActions:
            def kr_edited(name: str, value: object) -> None:
                s.set_key_result(i, j, name, value)
                self.changed()

            return KeyResultActions(
                edit=kr_edited,
                move=lambda delta: self.move_key_result(i, j, delta),
                remove=lambda: self.remove_key_result(i, j),
                apply=lambda suggestion: self.use_suggestion(i, j, suggestion),
            )

        return ObjectiveActions(
            edit=edited,
            remove=lambda: self.remove_objective(i),
            add_key_result=lambda: self.add_key_result(i),
            key_result=key_result,
        )

    def _show_doc(self, which: str) -> None:
        code = {"Outcome or output?": "OUT001", "Gameable?": "GAM001"}.get(which)
        self.doc_view.value = "" if code is None else rule_doc_html(code)

    def _offer(self, path: Path | None) -> None:
        if path is None:
            self.restore_bar.children = []
            return
        try:
            saved = Draft.read(path)
        except (OSError, yaml.YAMLError):
            return
        when = dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%d %b %H:%M")
        what = " ".join(x for x in (saved.team, saved.quarter) if x) or "an untitled draft"
        label = w.HTML(f"A draft of <b>{html.escape(what)}</b> was saved at {when}.")
        restore = w.Button(
            description="Restore it", button_style="info", layout=w.Layout(width="auto")
        )
        dismiss = w.Button(description="Start fresh", layout=w.Layout(width="auto"))
        restore.on_click(lambda _: self.restore(path))
        dismiss.on_click(lambda _: self._offer(None))
        restore.add_class("okrc-restore")
        self.restore_bar.children = [label, restore, dismiss]

    # --- editing ----------------------------------------------------------------------

    def _set(self, name: str, value: str) -> None:
        self.session.set_draft(name, value)
        self.changed()

    def changed(self) -> None:
        """Something was typed: feedback and autosave follow after a pause."""
        if not self._filling:
            self._refresh_later()

    def add_objective(self) -> None:
        self.session.add_objective()
        self._rebuild()

    def remove_objective(self, i: int) -> None:
        self.session.remove_objective(i)
        self._rebuild()

    def add_key_result(self, i: int) -> None:
        self.session.add_key_result(i)
        self._rebuild()

    def remove_key_result(self, i: int, j: int) -> None:
        self.session.remove_key_result(i, j)
        self._rebuild()

    def move_key_result(self, i: int, j: int, delta: int) -> None:
        if self.session.move_key_result(i, j, delta):
            self._rebuild()

    def use_suggestion(self, i: int, j: int, suggestion: str) -> None:
        """Put a finding's suggested phrasing into the key result; the team fills the
        <blanks>."""
        self.cards[i].rows[j].text.value = suggestion  # updates the draft through observe
        self.refresh()

    # --- starting points --------------------------------------------------------------

    def start_blank(self) -> None:
        self.session.start_blank()
        self._rebuild()

    def start_example(self, name: str) -> None:
        self.session.start_example(name)
        self._rebuild()

    def start_from_file(
        self, path: str, team: str | None = None, quarter: str | None = None
    ) -> None:
        """The team's objectives of a quarter from a goal file (team and quarter from the
        header unless given)."""
        try:
            loaded = self.session.start_from_file(path, team, quarter)
        except GoalDataError as exc:
            self._status(f"{exc}: {problem_summary(exc)}", error=True)
            return
        except (OkrcoachError, OSError) as exc:
            self._status(str(exc), error=True)
            return
        self._rebuild()
        self._status(loaded)

    def restore(self, path: str | os.PathLike | None = None) -> None:
        """Reopen the latest autosaved draft (or the given file)."""
        try:
            path = self.session.restore(path)
        except OkrcoachError as exc:
            self._status(str(exc), error=True)
            return
        self._offer(None)
        self._rebuild()
        self._status(f"Restored the draft saved in {path.name}.")

    # --- feedback and saving ----------------------------------------------------------

    def refresh(self) -> Feedback:
        """Recompute the feedback, show it, and autosave."""
        fb = self.session.refresh()
        self.draft_score.value = score_html("Draft quality", fb.score)
        self.draft_findings.show(fb.for_draft)
        for i, card in enumerate(self.cards):
            card.score.value = score_html(
                "Objective quality", fb.objective_scores.get(Draft.objective_id(i))
            )
            card.findings.show(fb.for_objective(i))
            for j, row in enumerate(card.rows):
                done = bool(self.draft.objectives[i].key_results[j].text.strip())
                row.findings.show(fb.for_kr(i, j), ok_text="No findings." if done else "")
        return fb

    def save_yaml(self, path: str | os.PathLike | None = None) -> Path:
        return self.session.save_yaml(path or self.session.target(".yaml", self._given()))

    def save_workbook(self, path: str | os.PathLike | None = None) -> Path:
        return self.session.save_workbook(path or self.session.target(".xlsx", self._given()))

    def summary_markdown(self) -> str:
        """The draft's OKRs with their quality scores, as Markdown."""
        return self.session.summary_markdown()

    def summary_html(self) -> str:
        """The summary as a printable, self-contained HTML page (user text escaped)."""
        return self.session.summary_html()

    def save_summary(self, path: str | os.PathLike | None = None) -> Path:
        target = self.session.save_summary(path or self.session.target(".html", self._given()))
        self.summary_view.value = self.summary_html().split("<body>", 1)[1].rsplit("</body>", 1)[0]
        return target

    def _given(self) -> str | None:
        return self.save_path.value.strip() or None

    def save_with_status(self, action) -> None:
        """Run a save action and say in the status line what became of it."""
        try:
            path = action()
        except GoalDataError as exc:
            self._status(f"Not saved: {exc}: {problem_summary(exc)}", error=True)
            return
        except (OkrcoachError, OSError) as exc:
            self._status(f"Not saved: {exc}", error=True)
            return
        self._status(f"Saved {path}.")

    def _status(self, text: str, error: bool = False) -> None:
        colour = "#d64545" if error else "#2e7d32"
        self.status.value = f'<span style="color:{colour}">{html.escape(text)}</span>'


__all__ = ["AUTOSAVE_PREFIX", "EXAMPLES", "CoachApp"]
