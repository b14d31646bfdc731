"""Culture Amp's goal import: one row per goal, with numbered key-result columns."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .fields import Layout, text_column

_CA_KR = re.compile(r"^key_result_(\d+)_(title|completion)$")


def prepare(frame, lines, log, file, sheet):
    """One row per goal with numbered key-result columns, read as one row per key result:
    `key_result_N_title` is the key result and `key_result_N_completion` (0-1) its score.
    A goal without key results is its own key result, scored by `completion`."""
    numbered = {}
    for c in frame.columns:
        m = _CA_KR.match(c)
        if m:
            numbered.setdefault(int(m[1]), {})[m[2]] = c
    base = [c for c in frame.columns if not _CA_KR.match(c)]
    parts, where = [], []
    for n in sorted(numbered):
        cols = numbered[n]
        title = text_column(frame, cols.get("title", ""))
        has = title.notna().to_numpy()
        if not has.any():
            continue
        part = frame.loc[has, base].copy()
        part["key_result"] = title[has]
        part["score"] = frame.loc[has, cols["completion"]] if "completion" in cols else None
        part["_order"] = np.flatnonzero(has) * 1000 + n
        parts.append(part)
        where.append(lines[has])
    with_kr = np.zeros(len(frame), bool)
    for part in parts:
        with_kr[(part["_order"] // 1000).to_numpy()] = True
    alone = frame.loc[~with_kr, base].copy()
    alone["key_result"] = text_column(frame, "name")[~with_kr]
    alone["score"] = frame.loc[~with_kr, "completion"] if "completion" in frame else None
    alone["_order"] = np.flatnonzero(~with_kr) * 1000
    parts.append(alone)
    out = pd.concat(parts, ignore_index=True)
    all_lines = np.concatenate([*where, lines[~with_kr]]) if parts else lines[:0]
    order = np.argsort(out["_order"].to_numpy(), kind="stable")
    out = (
        out.iloc[order]
        .drop(columns=["_order", "completion"], errors="ignore")
        .reset_index(drop=True)
    )
    out["owner"] = out.get("email")
    return out, all_lines[order]


LAYOUT = Layout(
    "cultureamp",
    "Culture Amp goal import",
    "key_result",
    ("email", "name", "key_result_1_title"),
    {"name": "objective", "email": "objective_owner", "due_at": "end"},
    source="https://support.cultureamp.com/en/articles/7048435-guide-to-populating-"
    "individual-goals-import-template",
    cannot_map="teams and alignment (the import holds individual goals only), baselines "
    "and targets (completion only); visibility, priority, status, created_at are kept "
    "as extra columns",
    prepare=prepare,
    derived={
        "key_result": "key_result_<n>_title",
        "score": "key_result_<n>_completion",
        "owner": "email",
    },
)

__all__ = ["LAYOUT", "prepare"]
