"""A draft's printable summary: its OKRs with their quality scores, as Markdown or HTML."""

from __future__ import annotations

import pandas as pd

from .draft import Draft, Feedback


def _fmt_score(x: float | None) -> str:
    return "–" if x is None or pd.isna(x) else f"{x:.0f}"


def summary_markdown(d: Draft, fb: Feedback) -> str:
    """The draft's OKRs with their quality scores (from ``fb``), as Markdown."""
    lines = [
        f"# OKRs: {d.team or 'team'}, {d.quarter or 'quarter'}",
        "",
        f"Draft quality: {_fmt_score(fb.score)}/100",
        "",
    ]
    for i, o in enumerate(d.objectives):
        lines.append(f"## {i + 1}. {o.title or '(no title)'}")
        lines.append(
            f"*{o.kind}*"
            + (f", owner {o.owner}" if o.owner else "")
            + f" · quality {_fmt_score(fb.objective_scores.get(d.objective_id(i)))}"
            "/100"
        )
        lines.append("")
        for j, k in enumerate(o.key_results):
            if not k.text.strip():
                continue
            open_ = len(fb.for_kr(i, j))
            extra = ", ".join(x for x in (k.owner, f"due {k.due}" if k.due else "") if x)
            lines.append(
                f"- {k.text}"
                + (f" ({extra})" if extra else "")
                + (f" · {open_} open finding{'s' if open_ > 1 else ''}" if open_ else "")
            )
        lines.append("")
    return "\n".join(lines)


def summary_html(d: Draft, fb: Feedback) -> str:
    """The summary as a printable, self-contained HTML page (user text escaped)."""
    import html

    from markdown_it import MarkdownIt

    body = MarkdownIt("commonmark", {"html": False}).render(summary_markdown(d, fb))
    title = html.escape(f"OKRs {d.team} {d.quarter}".strip())
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>"
        "<style>body{font-family:Helvetica,Arial,sans-serif;max-width:760px;"
        "margin:32px auto;color:#263238;line-height:1.5}h2{margin-top:28px}"
        "</style></head><body>" + body + "</body></html>"
    )


__all__ = ["summary_html", "summary_markdown"]
