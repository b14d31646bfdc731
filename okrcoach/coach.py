"""The coaching app: a guided OKR-writing session with live feedback, built on ipywidgets.

``CoachApp()`` in a notebook cell shows the app; ``okrcoach coach`` serves the same
notebook as a web app with Voila. Everything here can be driven from Python without a
browser (set a widget's ``value``, call ``button.click()``), which is how it is tested.

While the team types, feedback is recomputed after a short pause (debounced on the kernel's
event loop), shown under each key result and objective with the rule's reason and a better
phrasing, and the draft is autosaved as YAML. User text only ever reaches the page as a
widget's value or HTML-escaped, so an objective containing markup shows as text.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import os
import re
from pathlib import Path

import ipywidgets as w
import pandas as pd
import yaml

from . import resources
from .config import Config
from .draft import KINDS, Draft, Feedback, KeyResultDraft, ObjectiveDraft, feedback
from .errors import GoalDataError, OkrcoachError
from .schema import KR_DIRECTIONS

EXAMPLES = resources.template("okr_examples.yaml")
AUTOSAVE_PREFIX = "autosave-"
_COLOURS = {"error": "#d64545", "warning": "#c99a00", "info": "#4c78a8"}

_CSS = """<style>
.okrc { font-family: "Helvetica Neue", Helvetica, Arial, sans-serif; color: #263238; }
.okrc-f { border-left: 4px solid #9aa0a6; background: #f7f9fa; padding: 4px 8px;
  margin: 3px 0; font-size: 13px; line-height: 1.4; }
.okrc-f b { font-weight: 600; } .okrc-f .why { color: #607d8b; }
.okrc-f .try { color: #1b5e20; } .okrc-f .ev { color: #607d8b; font-style: italic; }
.okrc-score { font-size: 13px; color: #607d8b; } .okrc-score b { font-size: 16px; }
.okrc-ok { color: #2e7d32; font-size: 13px; }
.okrc-doc { background: #fbfcfc; border: 1px solid #e3e7ea; padding: 6px 12px;
  font-size: 13px; max-height: 420px; overflow-y: auto; }
</style>"""


class _Debounce:
    """Run ``fn`` once input has paused for ``delay`` seconds, on the kernel's event loop.

    Without a running event loop (plain Python, tests) or with ``delay=0`` it runs at once.
    """

    def __init__(self, fn, delay: float):
        self.fn, self.delay, self._handle = fn, delay, None

    def __call__(self) -> None:
        if self.delay <= 0:
            self.fn()
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.fn()
            return
        if self._handle is not None:
            self._handle.cancel()
        self._handle = loop.call_later(self.delay, self.fn)


def _score_html(label: str, score: float | None) -> str:
    if score is None or pd.isna(score):
        return f'<span class="okrc-score">{html.escape(label)}: –</span>'
    colour = "#2e7d32" if score >= 80 else "#c99a00" if score >= 60 else "#d64545"
    return (f'<span class="okrc-score">{html.escape(label)}: '
            f'<b style="color:{colour}">{score:.0f}</b>/100</span>')


def _finding_html(f) -> str:
    colour = _COLOURS.get(f.severity, "#9aa0a6")
    parts = [f'<div class="okrc-f" style="border-left-color:{colour}">',
             f"<b>{html.escape(f.code)} {html.escape(f.severity)}</b> "
             f"{html.escape(f.message)}"]
    if isinstance(f.match, str) and f.match:
        parts.append(f' <span class="ev">(“{html.escape(f.match)}”)</span>')
    if isinstance(f.rationale, str):
        parts.append(f'<div class="why">Why: {html.escape(f.rationale)}</div>')
    if isinstance(f.suggestion, str):
        parts.append(f'<div class="try">Try: {html.escape(f.suggestion)}</div>')
    parts.append("</div>")
    return "".join(parts)


class _FindingList(w.VBox):
    """Findings as HTML, each suggestion with a button that applies it."""

    def __init__(self, apply=None):
        super().__init__(layout=w.Layout(margin="0 0 6px 0"))
        self._apply = apply
        self._shown: tuple | None = None

    def show(self, findings: pd.DataFrame, ok_text: str = "") -> None:
        # new widgets only when the findings changed: an edit elsewhere leaves this list be
        key = (tuple(findings[["code", "message", "suggestion", "match"]].itertuples(
            index=False, name=None)), ok_text)
        if key == self._shown:
            return
        self._shown = key
        items = []
        for f in findings.itertuples(index=False):
            box = [w.HTML(_finding_html(f))]
            # a phrasing to start from has <blanks>; advice ("Name the person accountable")
            # is not a key result and gets no button
            if self._apply is not None and isinstance(f.suggestion, str) \
                    and re.search(r"<[^<>]+>", f.suggestion):
                button = w.Button(description="Use this phrasing",
                                  tooltip=f"Replace the key result with the {f.code} "
                                          "suggestion, then fill in the <blanks>",
                                  layout=w.Layout(width="auto", align_self="flex-start"))
                button.on_click(lambda _, s=f.suggestion: self._apply(s))
                button.add_class("okrc-apply")
                box.append(button)
            items.append(w.VBox(box))
        if not items and ok_text:
            items = [w.HTML(f'<span class="okrc-ok">✓ {html.escape(ok_text)}</span>')]
        self.children = items


class _KeyResultRow:
    def __init__(self, app: CoachApp, i: int, j: int, kr: KeyResultDraft):
        self.app, self.i, self.j = app, i, j
        small = w.Layout(width="92px")
        self.text = w.Text(kr.text, placeholder="Key result: raise <metric> from <x> to <y>",
                           layout=w.Layout(flex="1 1 auto", min_width="320px"),
                           continuous_update=True)
        self.text.add_class("okrc-kr-text")
        self.owner = w.Text(kr.owner, placeholder="owner", layout=w.Layout(width="130px"))
        self.baseline = w.Text(_num(kr.baseline), placeholder="baseline", layout=small)
        self.target = w.Text(_num(kr.target), placeholder="target", layout=small)
        self.unit = w.Text(kr.unit, placeholder="unit", layout=w.Layout(width="70px"))
        self.due = w.Text(kr.due, placeholder="due YYYY-MM-DD", layout=w.Layout(width="125px"))
        self.direction = w.Dropdown(options=[("direction", ""), *((d, d) for d in KR_DIRECTIONS)],
                                    value=kr.direction, layout=w.Layout(width="105px"))
        for name in ("text", "owner", "baseline", "target", "unit", "due", "direction"):
            getattr(self, name).observe(lambda ch, n=name: self._edited(n, ch["new"]), "value")
        self.up = w.Button(description="↑", tooltip="Move up", layout=w.Layout(width="34px"))
        self.down = w.Button(description="↓", tooltip="Move down",
                             layout=w.Layout(width="34px"))
        self.remove = w.Button(description="✕", tooltip="Remove this key result",
                               layout=w.Layout(width="34px"))
        self.up.on_click(lambda _: app.move_key_result(i, j, -1))
        self.down.on_click(lambda _: app.move_key_result(i, j, +1))
        self.remove.on_click(lambda _: app.remove_key_result(i, j))
        self.problem = w.HTML()
        self.findings = _FindingList(apply=lambda s: app.use_suggestion(i, j, s))
        self.widget = w.VBox([
            w.HBox([self.text, self.owner, self.baseline, self.target, self.unit,
                    self.direction, self.due, self.up, self.down, self.remove]),
            self.problem, self.findings])

    def _edited(self, name: str, value: str) -> None:
        kr = self.app.draft.objectives[self.i].key_results[self.j]
        if name in ("baseline", "target"):
            number = _parse(value)
            setattr(kr, name, number)
            bad = [n for n in ("baseline", "target")
                   if getattr(self, n).value.strip() and _parse(getattr(self, n).value) is None]
            self.problem.value = ("" if not bad else
                                  f'<span style="color:#d64545">{" and ".join(bad)} must be a '
                                  "number (35, 2.5 or 40%)</span>")
        else:
            setattr(kr, name, value)
        self.app.changed()


class _ObjectiveCard:
    def __init__(self, app: CoachApp, i: int, o: ObjectiveDraft):
        self.app, self.i = app, i
        self.title = w.Text(o.title, placeholder="Objective: a qualitative, inspiring goal",
                            layout=w.Layout(flex="1 1 auto", min_width="360px"))
        self.title.add_class("okrc-objective")
        self.kind = w.Dropdown(options=list(KINDS), value=o.kind,
                               layout=w.Layout(width="140px"))
        self.owner = w.Text(o.owner, placeholder="owner", layout=w.Layout(width="140px"))
        self.remove = w.Button(description="✕", tooltip="Remove this objective",
                               layout=w.Layout(width="34px"))
        self.remove.on_click(lambda _: app.remove_objective(i))
        for name in ("title", "kind", "owner"):
            getattr(self, name).observe(lambda ch, n=name: self._edited(n, ch["new"]), "value")
        self.score = w.HTML()
        self.findings = _FindingList()
        self.rows = [_KeyResultRow(app, i, j, kr) for j, kr in enumerate(o.key_results)]
        add = w.Button(description="+ Key result", layout=w.Layout(width="auto",
                                                                  align_self="flex-start"))
        add.on_click(lambda _: app.add_key_result(i))
        self.widget = w.VBox(
            [w.HBox([w.HTML(f"<b>Objective {i + 1}</b>", layout=w.Layout(width="90px")),
                     self.title, self.kind, self.owner, self.remove]),
             self.score, self.findings, *[r.widget for r in self.rows], add],
            layout=w.Layout(border="1px solid #e3e7ea", padding="8px", margin="6px 0"))

    def _edited(self, name: str, value: str) -> None:
        setattr(self.app.draft.objectives[self.i], name, value)
        self.app.changed()


def _num(x: float | None) -> str:
    return "" if x is None else f"{x:g}"


def _parse(text: str) -> float | None:
    from .draft import _number

    return _number(text)


class CoachApp:
    """The coaching session (see the module docstring).

    Parameters
    ----------
    draft : Draft, optional
        Where to start; a blank draft when omitted.
    drafts_dir : path, optional
        Where every change is autosaved (default ``./drafts``, or ``$OKRCOACH_DRAFTS``).
    config : Config, optional
        Rule settings (default: :data:`okrcoach.draft.DRAFT_CONFIG`).
    debounce : float
        Seconds of quiet typing before feedback is recomputed.
    offer_restore : bool
        Offer the latest autosave when starting without a draft.
    """

    def __init__(self, draft: Draft | None = None, drafts_dir: str | os.PathLike | None = None,
                 config: Config | None = None, debounce: float = 0.35,
                 offer_restore: bool = True):
        self.draft = draft or Draft()
        self.drafts_dir = Path(drafts_dir or os.environ.get("OKRCOACH_DRAFTS") or "drafts")
        self.config = config
        self.feedback: Feedback | None = None
        self._session = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        self._autosaved: Path | None = None
        self._filling = False
        self._refresh_later = _Debounce(self.refresh, debounce)
        self._build_header()
        self.objectives_box = w.VBox()
        self.widget = w.VBox([w.HTML(_CSS), self.header, self.restore_bar, self.draft_panel,
                              self.objectives_box, self.footer], layout=w.Layout(width="100%"))
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
        self.example = w.Dropdown(options=names, value=names[0] if names else None,
                                  description="Examples", layout=w.Layout(width="300px"))
        use = w.Button(description="Start from example", layout=w.Layout(width="auto"))
        use.on_click(lambda _: self.start_example(self.example.value))
        blank = w.Button(description="Blank draft", layout=w.Layout(width="auto"))
        blank.on_click(lambda _: self.start_blank())
        self.goal_file = w.Text(placeholder="goals.xlsx, a CSV folder or a draft .yaml",
                                description="Goal file", layout=w.Layout(width="420px"))
        load = w.Button(description="Load team's quarter",
                        layout=w.Layout(width="auto"))
        load.on_click(lambda _: self.start_from_file(self.goal_file.value))
        self.status = w.HTML()
        self.header = w.VBox([
            w.HBox([self.team, self.quarter]),
            w.HBox([blank, self.example, use]),
            w.HBox([self.goal_file, load]), self.status])
        self.restore_bar = w.HBox()
        self.draft_score = w.HTML()
        self.draft_findings = _FindingList()
        self.docs = w.ToggleButtons(options=["Hide", "Outcome or output?", "Gameable?"],
                                    value="Hide", description="Explain",
                                    style={"button_width": "auto"})
        self.doc_view = w.HTML()
        self.docs.observe(lambda ch: self._show_doc(ch["new"]), "value")
        self.draft_panel = w.VBox([self.draft_score, self.draft_findings, self.docs,
                                   self.doc_view])
        add = w.Button(description="+ Objective", layout=w.Layout(width="auto",
                                                                 align_self="flex-start"))
        add.on_click(lambda _: self.add_objective())
        self.save_path = w.Text(placeholder="drafts/<team>-<quarter>", description="Save as",
                                layout=w.Layout(width="360px"))
        save_yaml = w.Button(description="YAML draft",
                             layout=w.Layout(width="auto"))
        save_xlsx = w.Button(description="Workbook",
                             layout=w.Layout(width="auto"))
        summary = w.Button(description="Printable summary",
                           layout=w.Layout(width="auto"))
        save_yaml.on_click(lambda _: self._report(self.save_yaml))
        save_xlsx.on_click(lambda _: self._report(self.save_workbook))
        summary.on_click(lambda _: self._report(self.save_summary))
        self.summary_view = w.HTML()
        self.footer = w.VBox([add, w.HBox([self.save_path, save_yaml, save_xlsx, summary]),
                              self.summary_view])

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
        self.cards = [_ObjectiveCard(self, i, o) for i, o in enumerate(self.draft.objectives)]
        self.objectives_box.children = [c.widget for c in self.cards]
        self.refresh()

    def _show_doc(self, which: str) -> None:
        code = {"Outcome or output?": "OUT001", "Gameable?": "GAM001"}.get(which)
        self.doc_view.value = "" if code is None else _rule_doc_html(code)

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
        restore = w.Button(description="Restore it", button_style="info",
                           layout=w.Layout(width="auto"))
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

    def start_from_file(self, path: str, team: str | None = None,
                        quarter: str | None = None) -> None:
        """The team's objectives of a quarter from a goal file (team and quarter from the
        header unless given)."""
        from .goalset import load

        team = team or self.draft.team
        quarter = quarter or self.draft.quarter
        try:
            if not path.strip():
                raise OkrcoachError("name a goal file first")
            goals = load(path.strip())
            if not team or not quarter:
                raise OkrcoachError("fill in the team and the quarter to load")
            quarter = _quarter(quarter)
            found = Draft.from_goals(goals, team, quarter)
            if not goals.objectives["team"].eq(team).any():
                raise OkrcoachError(f"no team {team!r} in {path}; teams: "
                                    f"{', '.join(goals.teams)}")
        except GoalDataError as exc:
            self._status(f"{exc}: {_where(exc)}", error=True)
            return
        except (OkrcoachError, OSError) as exc:
            self._status(str(exc), error=True)
            return
        self.draft = found
        self._rebuild()
        self._status(f"Loaded {sum(len(o.key_results) for o in found.objectives)} key results "
                     f"of {team}, {quarter}.")

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
        self.draft_score.value = _score_html("Draft quality", fb.score)
        self.draft_findings.show(fb.for_draft)
        for i, card in enumerate(self.cards):
            card.score.value = _score_html("Objective quality",
                                           fb.objective_scores.get(Draft.objective_id(i)))
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
        saved = sorted(self.drafts_dir.glob(f"{AUTOSAVE_PREFIX}*.yaml"),
                       key=lambda p: p.stat().st_mtime)
        return saved[-1] if saved else None

    def _target(self, suffix: str) -> Path:
        from slugify import slugify

        given = self.save_path.value.strip()
        stem = Path(given) if given else self.drafts_dir / (
            slugify(f"{self.draft.team} {self.draft.quarter}") or "draft")
        return stem.with_suffix(suffix)

    def save_yaml(self, path: str | os.PathLike | None = None) -> Path:
        return self.draft.save_yaml(Path(path) if path else self._target(".yaml"))

    def save_workbook(self, path: str | os.PathLike | None = None) -> Path:
        return self.draft.save_workbook(Path(path) if path else self._target(".xlsx"))

    def summary_markdown(self) -> str:
        """The draft's OKRs with their quality scores, as Markdown."""
        fb = self.feedback or self.refresh()
        d = self.draft
        lines = [f"# OKRs: {d.team or 'team'}, {d.quarter or 'quarter'}", "",
                 f"Draft quality: {_fmt_score(fb.score)}/100", ""]
        for i, o in enumerate(d.objectives):
            lines.append(f"## {i + 1}. {o.title or '(no title)'}")
            lines.append(f"*{o.kind}*" + (f", owner {o.owner}" if o.owner else "") +
                         f" · quality {_fmt_score(fb.objective_scores.get(d.objective_id(i)))}"
                         "/100")
            lines.append("")
            for j, k in enumerate(o.key_results):
                if not k.text.strip():
                    continue
                open_ = len(fb.for_kr(i, j))
                extra = ", ".join(x for x in (k.owner, f"due {k.due}" if k.due else "") if x)
                lines.append(f"- {k.text}" + (f" ({extra})" if extra else "") +
                             (f" · {open_} open finding{'s' if open_ > 1 else ''}"
                              if open_ else ""))
            lines.append("")
        return "\n".join(lines)

    def summary_html(self) -> str:
        """The summary as a printable, self-contained HTML page (user text escaped)."""
        from markdown_it import MarkdownIt

        body = MarkdownIt("commonmark", {"html": False}).render(self.summary_markdown())
        title = html.escape(f"OKRs {self.draft.team} {self.draft.quarter}".strip())
        return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>"
                "<style>body{font-family:Helvetica,Arial,sans-serif;max-width:760px;"
                "margin:32px auto;color:#263238;line-height:1.5}h2{margin-top:28px}"
                "</style></head><body>" + body + "</body></html>")

    def save_summary(self, path: str | os.PathLike | None = None) -> Path:
        from .batch import write_atomic

        target = Path(path) if path else self._target(".html")
        write_atomic(target, self.summary_html())
        write_atomic(target.with_suffix(".md"), self.summary_markdown())
        self.summary_view.value = self.summary_html().split("<body>", 1)[1].rsplit(
            "</body>", 1)[0]
        return target

    def _report(self, action) -> None:
        try:
            path = action()
        except GoalDataError as exc:
            self._status(f"Not saved: {exc}: {_where(exc)}", error=True)
            return
        except (OkrcoachError, OSError) as exc:
            self._status(f"Not saved: {exc}", error=True)
            return
        self._status(f"Saved {path}.")

    def _status(self, text: str, error: bool = False) -> None:
        colour = "#d64545" if error else "#2e7d32"
        self.status.value = f'<span style="color:{colour}">{html.escape(text)}</span>'


def _where(exc: GoalDataError, most: int = 5) -> str:
    """The first problems with their file, sheet, row and column, as one line."""
    parts = []
    for p in exc.problems.head(most).itertuples(index=False):
        at = [Path(p.file).name if isinstance(p.file, str) else None,
              p.sheet if isinstance(p.sheet, str) else None,
              f"row {p.row}" if pd.notna(p.row) else None,
              p.column if isinstance(p.column, str) else None]
        parts.append(" ".join(x for x in at if x) + ": " + p.message)
    more = len(exc.problems) - most
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def _fmt_score(x: float | None) -> str:
    return "–" if x is None or pd.isna(x) else f"{x:.0f}"


def _quarter(text: str) -> str:
    from .batch import normalise_quarter

    return normalise_quarter(text)


def _rule_doc_html(code: str) -> str:
    """A rule's documentation (the same text as ``okrcoach rule CODE``) as HTML."""
    from markdown_it import MarkdownIt

    from .config import _find_rule
    from .rules.base import registry
    from .rules.docs import rule_markdown

    md = rule_markdown(_find_rule(code, registry()))
    return '<div class="okrc-doc">' + MarkdownIt("commonmark", {"html": False}).render(md) \
        + "</div>"


__all__ = ["CoachApp"]
