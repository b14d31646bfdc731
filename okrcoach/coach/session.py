"""A coaching session without a screen: the draft, its feedback, where it starts from, its
autosave and where it is saved.

:class:`~okrcoach.coach.app.CoachApp` shows a session with widgets; everything here can be
driven from plain Python, which is how the app's logic is tested without a browser.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import yaml

from ..config import Config
from ..errors import OkrcoachError
from ..files import write_atomic
from ..loading.loader import load
from ..quarters import normalise_quarter
from ..resources import templates
from .draft import Draft, Feedback, KeyResultDraft, ObjectiveDraft, feedback
from .summary import summary_html, summary_markdown

EXAMPLES = templates() / "okr_examples.yaml"
AUTOSAVE_PREFIX = "autosave-"


class CoachSession:
    """One team's draft being written, and what the coach says about it.

    Parameters
    ----------
    draft : Draft, optional
        Where to start; a blank draft when omitted.
    drafts_dir : path, optional
        Where every change is autosaved (default ``./drafts``, or ``$OKRCOACH_DRAFTS``).
    config : Config, optional
        Rule settings (default: :data:`okrcoach.coach.draft.DRAFT_CONFIG`).
    """

    def __init__(
        self,
        draft: Draft | None = None,
        drafts_dir: str | os.PathLike | None = None,
        config: Config | None = None,
    ):
        self.draft = draft or Draft()
        self.drafts_dir = Path(drafts_dir or os.environ.get("OKRCOACH_DRAFTS") or "drafts")
        self.config = config
        self.feedback: Feedback | None = None
        # one autosave file per session, so a new session never writes over an earlier one's
        self.started = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        self.autosaved: Path | None = None

    # --- editing ----------------------------------------------------------------------

    def set_draft(self, name: str, value: str) -> None:
        """The draft's team or quarter."""
        setattr(self.draft, name, value)

    def set_objective(self, i: int, name: str, value: str) -> None:
        setattr(self.draft.objectives[i], name, value)

    def set_key_result(self, i: int, j: int, name: str, value: object) -> None:
        setattr(self.draft.objectives[i].key_results[j], name, value)

    def add_objective(self) -> None:
        self.draft.objectives.append(ObjectiveDraft())

    def remove_objective(self, i: int) -> None:
        """Remove an objective; the draft always keeps one to write in."""
        del self.draft.objectives[i]
        if not self.draft.objectives:
            self.draft.objectives.append(ObjectiveDraft())

    def add_key_result(self, i: int) -> None:
        self.draft.objectives[i].key_results.append(KeyResultDraft())

    def remove_key_result(self, i: int, j: int) -> None:
        """Remove a key result; an objective always keeps one to write in."""
        krs = self.draft.objectives[i].key_results
        del krs[j]
        if not krs:
            krs.append(KeyResultDraft())

    def move_key_result(self, i: int, j: int, delta: int) -> bool:
        """Swap a key result with its neighbour; False when there is none that way."""
        krs = self.draft.objectives[i].key_results
        k = j + delta
        if not 0 <= k < len(krs):
            return False
        krs[j], krs[k] = krs[k], krs[j]
        return True

    # --- starting points --------------------------------------------------------------

    @staticmethod
    def examples() -> dict[str, dict]:
        """Example OKRs for common functions (``templates/okr_examples.yaml``)."""
        if not EXAMPLES.exists():
            return {}
        return yaml.safe_load(EXAMPLES.read_text(encoding="utf-8")) or {}

    def start_blank(self) -> None:
        self.draft = Draft(team=self.draft.team, quarter=self.draft.quarter)

    def start_example(self, name: str) -> None:
        """An example's OKRs, under this draft's team and quarter where they are set."""
        example = Draft.from_dict(self.examples()[name])
        example.team = self.draft.team or example.team
        example.quarter = self.draft.quarter or example.quarter
        self.draft = example

    def start_from_file(
        self, path: str, team: str | None = None, quarter: str | None = None
    ) -> str:
        """The team's objectives of a quarter from a goal file (team and quarter from the
        draft unless given). Returns what was loaded, in words.

        Raises
        ------
        GoalDataError
            When the file has problems.
        OkrcoachError
            When the file, the team or the quarter is missing.
        """
        team = team or self.draft.team
        quarter = quarter or self.draft.quarter
        if not path.strip():
            raise OkrcoachError("name a goal file first")
        goals = load(path.strip())
        if not team or not quarter:
            raise OkrcoachError("fill in the team and the quarter to load")
        quarter = normalise_quarter(quarter)
        found = Draft.from_goals(goals, team, quarter)
        if not goals.objectives["team"].eq(team).any():
            raise OkrcoachError(f"no team {team!r} in {path}; teams: {', '.join(goals.teams)}")
        self.draft = found
        krs = sum(len(o.key_results) for o in found.objectives)
        return f"Loaded {krs} key results of {team}, {quarter}."

    def restore(self, path: str | os.PathLike | None = None) -> Path:
        """Reopen the latest autosaved draft (or the given file); returns the file."""
        path = Path(path) if path else self.latest_autosave()
        if path is None:
            raise OkrcoachError("There is no saved draft to restore.")
        self.draft = Draft.read(path)
        return path

    # --- feedback ---------------------------------------------------------------------

    def refresh(self) -> Feedback:
        """Recompute the feedback and autosave."""
        self.feedback = feedback(self.draft, self.config)
        self.autosave()
        return self.feedback

    # --- autosave and saving ----------------------------------------------------------

    @property
    def autosave_path(self) -> Path:
        """This session's autosave file: one per session, so a new session never writes
        over the draft an earlier one left."""
        return self.drafts_dir / f"{AUTOSAVE_PREFIX}{self.started}-{self.stem('untitled')}.yaml"

    def autosave(self) -> Path | None:
        if self.draft == Draft():
            return None  # nothing typed yet
        path = self.autosave_path
        if self.autosaved not in (None, path):
            self.autosaved.unlink(missing_ok=True)  # the team or quarter was renamed
        self.autosaved = self.draft.save_yaml(path)
        return path

    def latest_autosave(self) -> Path | None:
        saved = sorted(
            self.drafts_dir.glob(f"{AUTOSAVE_PREFIX}*.yaml"), key=lambda p: p.stat().st_mtime
        )
        return saved[-1] if saved else None

    def stem(self, blank: str = "draft") -> str:
        """The draft's team and quarter as a file name."""
        from slugify import slugify

        return slugify(f"{self.draft.team} {self.draft.quarter}") or blank

    def target(self, suffix: str, given: str | os.PathLike | None = None) -> Path:
        """Where a save goes: the path given (its suffix set), else the drafts folder."""
        stem = Path(given) if given else self.drafts_dir / self.stem()
        return stem.with_suffix(suffix)

    def save_yaml(self, path: str | os.PathLike | None = None) -> Path:
        return self.draft.save_yaml(Path(path) if path else self.target(".yaml"))

    def save_workbook(self, path: str | os.PathLike | None = None) -> Path:
        return self.draft.save_workbook(Path(path) if path else self.target(".xlsx"))

    def summary_markdown(self) -> str:
        """The draft's OKRs with their quality scores, as Markdown."""
        return summary_markdown(self.draft, self.feedback or self.refresh())

    def summary_html(self) -> str:
        """The summary as a printable, self-contained HTML page (user text escaped)."""
        return summary_html(self.draft, self.feedback or self.refresh())

    def save_summary(self, path: str | os.PathLike | None = None) -> Path:
        """The printable summary as HTML, with a Markdown copy beside it."""
        target = Path(path) if path else self.target(".html")
        write_atomic(target, self.summary_html())
        write_atomic(target.with_suffix(".md"), self.summary_markdown())
        return target


__all__ = ["AUTOSAVE_PREFIX", "EXAMPLES", "CoachSession"]
