"""How fast the coach answers an edit.

A draft of 3 objectives x 5 key results; 100 edits, each replacing one key result's text
(cycling through the key results and through good and bad phrasings). Timed per edit:

* feedback: linting and scoring the draft (``okrcoach.coach.draft.feedback``);
* app: the whole round in the widget app, from the new text to every feedback widget
  updated and the draft autosaved (``CoachApp`` with no debounce).

Goal: median feedback for an edit <= 50 ms. The baseline in the same run lints the same
draft the way an organisation is linted (Arrow's regex kernels, no memory of texts seen on
earlier edits, every rule, ``okrcoach.scores``): what each edit cost before the small-draft
path.

    python benchmarks/coach_latency.py
"""

from __future__ import annotations

import statistics
import tempfile
import time

import okrcoach
from okrcoach.coach import CoachApp
from okrcoach.coach.draft import Draft, KeyResultDraft, ObjectiveDraft, feedback
from okrcoach.rules import text as tx

TEXTS = [
    "Launch the new checkout page",
    "Raise checkout conversion from 9% to 13%",
    "Write 10 blog posts about invoicing",
    "Cut refund requests from 4% to 2% of payments",
    "Grow NPS from 30 to 40",
    "Improve onboarding",
    "Book 400 meetings with finance leads",
    "Keep p95 page load under 1.2 seconds",
    "Raise invoices paid on time from 71% to 85% by 2026-12-31",
    "Hold 12 customer workshops",
]


def draft() -> Draft:
    titles = [
        "Make paying effortless for small firms",
        "Finance teams trust our invoices",
        "Support answers before customers wait",
    ]
    return Draft(
        "Payments",
        "2026-Q4",
        [
            ObjectiveDraft(
                t,
                "aspirational",
                "Priya",
                [
                    KeyResultDraft(TEXTS[(i * 5 + j) % len(TEXTS)], "Lea", 1.0, 2.0, "%")
                    for j in range(5)
                ],
            )
            for i, t in enumerate(titles)
        ],
    )


def edits(n: int = 100):
    for e in range(n):
        yield e % 3, (e // 3) % 5, TEXTS[(e * 7 + 3) % len(TEXTS)] + ("" if e % 2 else " ")


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def main() -> None:
    d = draft()
    feedback(d)  # imports and word lists loaded once, as in a running session
    small = tx.SMALL
    t_feedback, t_baseline = [], []
    for i, j, text in edits():
        d.objectives[i].key_results[j].text = text
        start = time.perf_counter()
        feedback(d)
        t_feedback.append(time.perf_counter() - start)
        tx.SMALL = 0  # the organisation path
        start = time.perf_counter()
        goals = okrcoach.GoalSet.from_frames(**d.frames())
        okrcoach.scores(goals, okrcoach.lint(goals))
        t_baseline.append(time.perf_counter() - start)
        tx.SMALL = small

    with tempfile.TemporaryDirectory() as tmp:
        app = CoachApp(draft(), drafts_dir=tmp, debounce=0)
        t_app = []
        for i, j, text in edits():
            start = time.perf_counter()
            app.cards[i].rows[j].text.value = text
            t_app.append(time.perf_counter() - start)

    fb, base, full = median_ms(t_feedback), median_ms(t_baseline), median_ms(t_app)
    print("draft: 3 objectives x 5 key results, 100 edits of one key result's text")
    print(
        f"feedback (lint + scores):        median {fb:6.1f} ms, p90 "
        f"{sorted(t_feedback)[89] * 1000:6.1f} ms  (goal <= 50 ms)"
    )
    print(f"whole app round (widgets, save): median {full:6.1f} ms")
    print(f"baseline, the organisation path: median {base:6.1f} ms -> {base / fb:.1f}x faster")


if __name__ == "__main__":
    main()
