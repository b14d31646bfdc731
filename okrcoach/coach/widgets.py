"""The coaching app's pieces: finding lists, key-result rows, objective cards."""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import ipywidgets as w
import pandas as pd

from ..errors import GoalDataError, shown_value
from ..schema import KR_DIRECTIONS
from ..values import parse_number, plain_number
from .draft import KINDS, KeyResultDraft, ObjectiveDraft

COLOURS = {"error": "#d64545", "warning": "#c99a00", "info": "#4c78a8"}


class Debounce:
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


def button(description: str, action, **layout) -> w.Button:
    """A button as wide as its label that calls ``action()`` when clicked."""
    out = w.Button(description=description, layout=w.Layout(width="auto", **layout))
    out.on_click(lambda _: action())
    return out


def score_html(label: str, score: float | None) -> str:
    """A 0-100 quality score, coloured."""
    if score is None or pd.isna(score):
        return f'<span class="okrc-score">{html.escape(label)}: –</span>'
    colour = "#2e7d32" if score >= 80 else "#c99a00" if score >= 60 else "#d64545"
    return (
        f'<span class="okrc-score">{html.escape(label)}: '
        f'<b style="color:{colour}">{score:.0f}</b>/100</span>'
    )


def finding_html(f) -> str:
    """One finding (a findings row) with its evidence, why and better phrasing, escaped."""
    colour = COLOURS.get(f.severity, "#9aa0a6")
    parts = [
        f'<div class="okrc-f" style="border-left-color:{colour}">',
        f"<b>{html.escape(f.code)} {html.escape(f.severity)}</b> {html.escape(f.message)}",
    ]
    if isinstance(f.match, str) and f.match:
        parts.append(f' <span class="ev">(“{html.escape(f.match)}”)</span>')
    if isinstance(getattr(f, "question", None), str):
        parts.append(f'<div class="ask">Ask: {html.escape(f.question)}</div>')
    if isinstance(f.rationale, str):
        parts.append(f'<div class="why">Why: {html.escape(f.rationale)}</div>')
    if isinstance(f.suggestion, str):
        parts.append(f'<div class="try">Try: {html.escape(f.suggestion)}</div>')
    parts.append("</div>")
    return "".join(parts)


class FindingList(w.VBox):
    """Findings as HTML, each suggestion with a button that applies it."""

    def __init__(self, apply=None):
        super().__init__(layout=w.Layout(margin="0 0 6px 0"))
        self._apply = apply
        self._shown: tuple | None = None

    def show(self, findings: pd.DataFrame, ok_text: str = "") -> None:
        # new widgets only when the findings changed: an edit elsewhere leaves this list be
        key = (
            tuple(
                findings[["code", "message", "suggestion", "match"]].itertuples(
                    index=False, name=None
                )
            ),
            ok_text,
        )
        if key == self._shown:
            return
        self._shown = key
        items = []
        for f in findings.itertuples(index=False):
            box = [w.HTML(finding_html(f))]
            # a phrasing to start from has <blanks>; advice ("Name the person accountable")
            # is not a key result and gets no button
            if (
                self._apply is not None
                and isinstance(f.suggestion, str)
                and re.search(r"<[^<>]+>", f.suggestion)
            ):
                use = w.Button(
                    description="Use this phrasing",
                    tooltip=f"Replace the key result with the {f.code} "
                    "suggestion, then fill in the <blanks>",
                    layout=w.Layout(width="auto", align_self="flex-start"),
                )
                use.on_click(lambda _, s=f.suggestion: self._apply(s))
                use.add_class("okrc-apply")
                box.append(use)
            items.append(w.VBox(box))
        if not items and ok_text:
            items = [w.HTML(f'<span class="okrc-ok">✓ {html.escape(ok_text)}</span>')]
        self.children = items


@dataclass(frozen=True)
class KeyResultActions:
    """What a key-result row asks for when it is edited or its buttons are pressed."""

    edit: Callable[[str, object], None]  # field name, value (baseline and target: a number)
    move: Callable[[int], None]  # -1 up, +1 down
    remove: Callable[[], None]
    apply: Callable[[str], None]  # a finding's suggested phrasing


@dataclass(frozen=True)
class ObjectiveActions:
    """What an objective card asks for; ``key_result(j)`` gives its rows' actions."""

    edit: Callable[[str, str], None]
    remove: Callable[[], None]
    add_key_result: Callable[[], None]
    key_result: Callable[[int], KeyResultActions]


class KeyResultRow:
    """The inputs of one key result, its number check and its findings."""

    def __init__(self, kr: KeyResultDraft, act: KeyResultActions):
        self.act = act
        small = w.Layout(width="92px")
        self.text = w.Text(
            kr.text,
            placeholder="Key result: raise <metric> from <x> to <y>",
            layout=w.Layout(flex="1 1 auto", min_width="320px"),
            continuous_update=True,
        )
        self.text.add_class("okrc-kr-text")
        self.owner = w.Text(kr.owner, placeholder="owner", layout=w.Layout(width="130px"))
        self.baseline = w.Text(plain_number(kr.baseline), placeholder="baseline", layout=small)
        self.target = w.Text(plain_number(kr.target), placeholder="target", layout=small)
        self.unit = w.Text(kr.unit, placeholder="unit", layout=w.Layout(width="70px"))
        self.due = w.Text(kr.due, placeholder="due YYYY-MM-DD", layout=w.Layout(width="125px"))
        self.direction = w.Dropdown(
            options=[("direction", ""), *((d, d) for d in KR_DIRECTIONS)],
            value=kr.direction,
            layout=w.Layout(width="105px"),
        )
        for name in ("text", "owner", "baseline", "target", "unit", "due", "direction"):
            getattr(self, name).observe(lambda ch, n=name: self._edited(n, ch["new"]), "value")
        self.up = w.Button(description="↑", tooltip="Move up", layout=w.Layout(width="34px"))
        self.down = w.Button(description="↓", tooltip="Move down", layout=w.Layout(width="34px"))
        self.remove = w.Button(
            description="✕", tooltip="Remove this key result", layout=w.Layout(width="34px")
        )
        self.up.on_click(lambda _: act.move(-1))
        self.down.on_click(lambda _: act.move(+1))
        self.remove.on_click(lambda _: act.remove())
        self.problem = w.HTML()
        self.findings = FindingList(apply=act.apply)
        inputs = [self.text, self.owner, self.baseline, self.target, self.unit, self.direction]
        buttons = [self.due, self.up, self.down, self.remove]
        self.widget = w.VBox([w.HBox(inputs + buttons), self.problem, self.findings])

    def _edited(self, name: str, value: str) -> None:
        if name in ("baseline", "target"):
            bad = [
                n
                for n in ("baseline", "target")
                if getattr(self, n).value.strip() and parse_number(getattr(self, n).value) is None
            ]
            self.problem.value = (
                ""
                if not bad
                else f'<span style="color:#d64545">{" and ".join(bad)} must be a '
                "number (35, 2.5 or 40%)</span>"
            )
            self.act.edit(name, parse_number(value))
        else:
            self.act.edit(name, value)


class ObjectiveCard:
    """One objective: title, kind, owner, score, findings and its key results' rows."""

    def __init__(self, i: int, o: ObjectiveDraft, act: ObjectiveActions):
        self.title = w.Text(
            o.title,
            placeholder="Objective: a qualitative, inspiring goal",
            layout=w.Layout(flex="1 1 auto", min_width="360px"),
        )
        self.title.add_class("okrc-objective")
        self.kind = w.Dropdown(options=list(KINDS), value=o.kind, layout=w.Layout(width="140px"))
        self.owner = w.Text(o.owner, placeholder="owner", layout=w.Layout(width="140px"))
        self.remove = w.Button(
            description="✕", tooltip="Remove this objective", layout=w.Layout(width="34px")
        )
        self.remove.on_click(lambda _: act.remove())
        for name in ("title", "kind", "owner"):
            getattr(self, name).observe(lambda ch, n=name: act.edit(n, ch["new"]), "value")
        self.score = w.HTML()
        self.findings = FindingList()
        self.rows = [KeyResultRow(kr, act.key_result(j)) for j, kr in enumerate(o.key_results)]
        add = w.Button(
            description="+ Key result", layout=w.Layout(width="auto", align_self="flex-start")
        )
        add.on_click(lambda _: act.add_key_result())
        label = w.HTML(f"<b>Objective {i + 1}</b>", layout=w.Layout(width="90px"))
        self.widget = w.VBox(
            [
                w.HBox([label, self.title, self.kind, self.owner, self.remove]),
                self.score,
                self.findings,
                *[r.widget for r in self.rows],
                add,
            ],
            layout=w.Layout(border="1px solid #e3e7ea", padding="8px", margin="6px 0"),
        )


def problem_summary(exc: GoalDataError, most: int = 5) -> str:
    """The first problems with their file, sheet, row and column, as one line."""
    parts = []
    for p in exc.problems.head(most).itertuples(index=False):
        at = [
            Path(p.file).name if isinstance(p.file, str) else None,
            p.sheet if isinstance(p.sheet, str) else None,
            f"row {p.row}" if pd.notna(p.row) else None,
            p.column if isinstance(p.column, str) else None,
        ]
        value = shown_value(p.value, 40)
        parts.append(
            " ".join(x for x in at if x) + ": " + p.message + (f" ({value})" if value else "")
        )
    more = len(exc.problems) - most
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def rule_doc_html(code: str) -> str:
    """A rule's documentation (the same text as ``okrcoach rule CODE``) as HTML."""
    from markdown_it import MarkdownIt

    from ..config import find_rule
    from ..rules.catalogue import registry
    from ..rules.docs import rule_markdown

    md = rule_markdown(find_rule(code, registry()))
    return (
        '<div class="okrc-doc">' + MarkdownIt("commonmark", {"html": False}).render(md) + "</div>"
    )


__all__ = [
    "COLOURS",
    "Debounce",
    "button",
    "FindingList",
    "KeyResultActions",
    "KeyResultRow",
    "ObjectiveActions",
    "ObjectiveCard",
    "finding_html",
    "problem_summary",
    "rule_doc_html",
    "score_html",
]
