"""The coaching session: :class:`CoachApp`."""

from __future__ import annotations

import datetime as dt
import html
import os
from pathlib import Path

import ipywidgets as w
import yaml

from ..config import Config
from ..errors import GoalDataError, OkrcoachError
from ..files import write_atomic
from ..quarters import normalise_quarter
from ..rendering import stylesheet
from ..resources import templates
from .draft import Draft, Feedback, KeyResultDraft, ObjectiveDraft, feedback
from .summary import summary_html, summary_markdown
from .widgets import (
    Debounce,
    FindingList,
    ObjectiveCard,
    button,
    problem_summary,
    rule_doc_html,
    score_html,
)

EXAMPLES = templates() / "okr_examples.yaml"
AUTOSAVE_PREFIX = "autosave-"


class CoachApp:
    """The coaching session (see the module docstring).

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
        self.draft = draft or Draft()
        self.drafts_dir = Path(drafts_dir or os.environ.get("OKRCOACH_DRAFTS") or "drafts")
        self.config = config
        self.feedback: Feedback | None = None
        self._session = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        self._autosaved: Path | None = None
        self._filling = False
        self._refresh_later = Debounce(self.refresh, debounce)
        self._build_header()
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
        latest = self.latest_autosave() if draft is None and offer_restore else None
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

    # --- layout -----------------------------------------------------------------------

    def _build_header(self) -> None:
        self.team = w.Text(self.draft.team, placeholder="Team", description="Team")
        self.quarter = w.Text(self.draft.quarter, placeholder="2026-Q4", description="Quarter")
        self.team.observe(lambda ch: self._set("team", ch["new"]), "value")
        self.quarter.observe(lambda ch: self._set("quarter", ch["new"]), "value")
        names = list(self.examples())
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

    def _set(self, name: str, value: str) -> None:
        setattr(self.draft, name, value)
        self.changed()

    def _rebuild(self) -> None:
        """New input widgets for the draft's structure (after add, remove, move, load)."""
        self._filling = True  # widgets take the draft's values: that is not typing
        try:
            self.team.value, self.quarter.value = self.draft.team, self.draft.quarter
        finally:
            self._filling = False
        self.cards = [ObjectiveCard(self, i, o) for i, o in enumerate(self.draft.objectives)]
        self.objectives_box.children = [c.widget for c in self.cards]
        self.refresh()

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

    def changed(self) -> None:
        """Something was typed: feedback and autosave follow after a pause."""
        if not self._filling:
            self._refresh_later()

    def add_objective(self) -> None:
        self.draft.objectives.append(ObjectiveDraft())
        self._rebuild()

    def remove_objective(self, i: int) -> None:
        del self.draft.objectives[i]
        if not self.draft.objectives:
            self.draft.objectives.append(ObjectiveDraft())
        self._rebuild()

    def add_key_result(self, i: int) -> None:
        self.draft.objectives[i].key_results.append(KeyResultDraft())
        self._rebuild()

    def remove_key_result(self, i: int, j: int) -> None:
        krs = self.draft.objectives[i].key_results
        del krs[j]
        if not krs:
            krs.append(KeyResultDraft())
        self._rebuild()

    def move_key_result(self, i: int, j: int, delta: int) -> None:
        krs = self.draft.objectives[i].key_results
        k = j + delta
        if 0 <= k < len(krs):
            krs[j], krs[k] = krs[k], krs[j]
            self._rebuild()

    def use_suggestion(self, i: int, j: int, suggestion: str) -> None:
        """Put a finding's suggested phrasing into the key result; the team fills the
        <blanks>."""
        self.cards[i].rows[j].text.value = suggestion  # updates the draft through observe
        self.refresh()

    # --- starting points --------------------------------------------------------------

    @staticmethod
    def examples() -> dict[str, dict]:
        """Example OKRs for common functions (``templates/okr_examples.yaml``)."""
        if not EXAMPLES.exists():
            return {}
        return yaml.safe_load(EXAMPLES.read_text(encoding="utf-8")) or {}

    def start_blank(self) -> None:
        self.draft = Draft(team=self.draft.team, quarter=self.draft.quarter)
        self._rebuild()

    def start_example(self, name: str) -> None:
        example = Draft.from_dict(self.examples()[name])
        example.team = self.draft.team or example.team
        example.quarter = self.draft.quarter or example.quarter
        self.draft = example
        self._rebuild()

    def start_from_file(
        self, path: str, team: str | None = None, quarter: str | None = None
    ) -> None:
        """The team's objectives of a quarter from a goal file (team and quarter from the
        header unless given)."""
        from ..loading.loader import load

        team = team or self.draft.team
        quarter = quarter or self.draft.quarter
        try:
            if not path.strip():
                raise OkrcoachError("name a goal file first")
            goals = load(path.strip())
            if not team or not quarter:
                raise OkrcoachError("fill in the team and the quarter to load")
            quarter = normalise_quarter(quarter)
            found = Draft.from_goals(goals, team, quarter)
            if not goals.objectives["team"].eq(team).any():
                raise OkrcoachError(f"no team {team!r} in {path}; teams: {', '.join(goals.teams)}")
        except GoalDataError as exc:
            self._status(f"{exc}: {problem_summary(exc)}", error=True)
            return
        except (OkrcoachError, OSError) as exc:
            self._status(str(exc), error=True)
            return
        self.draft = found
        self._rebuild()
        self._status(
            f"Loaded {sum(len(o.key_results) for o in found.objectives)} key results "
            f"of {team}, {quarter}."
        )

    def restore(self, path: str | os.PathLike | None = None) -> None:
        """Reopen the latest autosaved draft (or the given file)."""
        path = Path(path) if path else self.latest_autosave()
        if path is None:
            self._status("There is no saved draft to restore.", error=True)
            return
        self.draft = Draft.read(path)
        self._offer(None)
        self._rebuild()
        self._status(f"Restored the draft saved in {path.name}.")

    # --- feedback and saving ----------------------------------------------------------

    def refresh(self) -> Feedback:
        """Recompute the feedback, show it, and autosave."""
        fb = feedback(self.draft, self.config)
        self.feedback = fb
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
        self.autosave()
        return fb

    @property
    def autosave_path(self) -> Path:
        """This session's autosave file: one per session, so a new session never writes
        over the draft an earlier one left."""
        from slugify import slugify

        name = slugify(f"{self.draft.team} {self.draft.quarter}") or "untitled"
        return self.drafts_dir / f"{AUTOSAVE_PREFIX}{self._session}-{name}.yaml"

    def autosave(self) -> Path | None:
        if self.draft == Draft():
            return None  # nothing typed yet
        path = self.autosave_path
        if self._autosaved not in (None, path):
            self._autosaved.unlink(missing_ok=True)  # the team or quarter was renamed
        self._autosaved = self.draft.save_yaml(path)
        return path

    def latest_autosave(self) -> Path | None:
        saved = sorted(
            self.drafts_dir.glob(f"{AUTOSAVE_PREFIX}*.yaml"), key=lambda p: p.stat().st_mtime
        )
        return saved[-1] if saved else None

    def _target(self, suffix: str) -> Path:
        from slugify import slugify

        given = self.save_path.value.strip()
        stem = (
            Path(given)
            if given
            else self.drafts_dir / (slugify(f"{self.draft.team} {self.draft.quarter}") or "draft")
        )
        return stem.with_suffix(suffix)

    def save_yaml(self, path: str | os.PathLike | None = None) -> Path:
        return self.draft.save_yaml(Path(path) if path else self._target(".yaml"))

    def save_workbook(self, path: str | os.PathLike | None = None) -> Path:
        return self.draft.save_workbook(Path(path) if path else self._target(".xlsx"))

    def summary_markdown(self) -> str:
        """The draft's OKRs with their quality scores, as Markdown."""
        return summary_markdown(self.draft, self.feedback or self.refresh())

    def summary_html(self) -> str:
        """The summary as a printable, self-contained HTML page (user text escaped)."""
        return summary_html(self.draft, self.feedback or self.refresh())

    def save_summary(self, path: str | os.PathLike | None = None) -> Path:
        target = Path(path) if path else self._target(".html")
        write_atomic(target, self.summary_html())
        write_atomic(target.with_suffix(".md"), self.summary_markdown())
        self.summary_view.value = self.summary_html().split("<body>", 1)[1].rsplit("</body>", 1)[0]
        return target

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
