"""The blocks a section is made of: tables, charts, sentences (rendered by
``html/explore_section.html.j2``, with autoescaping)."""

from __future__ import annotations

import pandas as pd

from ..rendering import day, num, pct, svg


def text(x) -> str:
    """A cell as text ("–" when missing)."""
    return "–" if x is None or (not isinstance(x, str) and pd.isna(x)) else str(x)


def table(frame: pd.DataFrame, spec: list[tuple[str, str, str]], caption: str = "") -> dict:
    """A table block: ``spec`` is (heading, column, kind); kind is text, long, num, int,
    pct, day or badge."""
    fmt = {
        "text": text,
        "long": text,
        "badge": text,
        "num": lambda x: num(x, 1),
        "pct": pct,
        "day": day,
        "int": lambda x: num(x, 0),
    }
    css = {"num": "num", "int": "num", "pct": "num", "long": "long"}
    cols = [
        [
            (fmt[kind](v), css.get(kind, "badge" if kind == "badge" else ""))
            for v in frame[col].tolist()
        ]
        for _, col, kind in spec
    ]
    return {
        "kind": "table",
        "columns": [h for h, _, _ in spec],
        "rows": list(zip(*cols, strict=True)) if cols else [],
        "caption": caption,
    }


def chart_row(*chart_list) -> dict:
    """Charts side by side, as inline SVG."""
    return {"kind": "charts", "svgs": [svg(c) for c in chart_list]}


def para(text: str, css: str = "") -> dict:
    """A sentence (``css``: its class, such as ``note``)."""
    return {"kind": "text", "text": text, "css": css}


def nothing(what: str) -> list[dict]:
    """The blocks of a section with nothing to show."""
    return [para(f"No {what} in this selection.", "note")]


__all__ = ["chart_row", "nothing", "para", "table", "text"]
