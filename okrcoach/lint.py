"""The findings engine: run the selected rules over a GoalSet, one row per finding.

>>> findings = okrcoach.lint(goals)                                  # doctest: +SKIP
>>> okrcoach.lint_draft("Grow sign-ups", ["Run 8 campaigns"])        # doctest: +SKIP
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor

import pandas as pd

from .calling import callable_module
from .config import Config
from .findings import FINDING_COLUMNS, LINT_ORDER, empty_findings, ordered
from .goalset import GoalSet
from .rules import text as tx
from .rules.activity import activity_count
from .rules.base import EVIDENCE_COLUMNS, Severity, Target
from .rules.context import Context
from .rules.evidence import outcome_evidence
from .rules.gaming import vanity_terms
from .rules.rewrites import METRIC
from .trends import Trends

PARALLEL_FROM = 5_000  # key results; below this, threads cost more than they save

# Quality score: each finding on an objective or its key results costs this many points of
# the objective's 100; team-quarter findings cost the team-quarter score the same.
PENALTY = {"error": 20, "warning": 10, "info": 3}


def lint(
    goals: GoalSet,
    config: Config | None = None,
    as_of: str | pd.Timestamp | None = None,
    trends: Trends | None = None,
) -> pd.DataFrame:
    """Check a GoalSet with the selected rules.

    Parameters
    ----------
    goals : GoalSet
    config : Config, optional
        Rule selection, severities and options; the defaults when omitted.
    as_of : date, optional
        The day the cadence rules (CAD) judge from; the latest date in the data when omitted
        (or the day of ``trends``).
    trends : Trends, optional
        :func:`okrcoach.trends` of ``goals`` already computed (by a caller that shows them
        too); the cadence rules read them instead of computing their own.

    Returns
    -------
    pandas.DataFrame
        One row per finding with :data:`FINDING_COLUMNS`, in that order (also when empty),
        most severe first, then by team and code.
    """
    config = config or Config()
    ctx = Context(goals, as_of, trends, config.anomaly_threshold)
    chosen = [(rule, config.severity_for(rule)) for rule in config.selected()]
    chosen = [(rule, severity) for rule, severity in chosen if severity >= config.min_severity]
    if len(goals.key_results) >= PARALLEL_FROM:
        results = _side_by_side(ctx, config, chosen)
    else:
        results = _in_turn(ctx, config, chosen)
    frames = [found for found in results if found is not None]
    if not frames:
        return empty_findings()
    out = pd.concat(frames, ignore_index=True)[list(FINDING_COLUMNS)]
    out.columns = pd.Index(FINDING_COLUMNS)  # labels as any frame's, also from a draft's path
    out = out.astype({c: "str" for c in FINDING_COLUMNS})
    return ordered(out, LINT_ORDER)


def _side_by_side(ctx: Context, config: Config, chosen: list) -> list[pd.DataFrame | None]:
    """Rules side by side: Arrow's regex kernels release the GIL, so a large organisation
    is checked on every core. The text features go first, and the rules that do not read
    key-result text run while they are computed."""
    ctx.prepare()
    chosen = sorted(chosen, key=lambda rs: rs[0].target is Target.KEY_RESULT)
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        text = pool.submit(lambda: ctx.kr_text)
        # what most text rules read, each in a thread of its own as soon as the text
        # features are there, rather than one after another by the first rule to ask
        shared = [pool.submit(_after, text, read, ctx) for read in _SHARED_READINGS]
        futures = [pool.submit(_run, ctx, config, *rs) for rs in chosen]
        results = [f.result() for f in futures]
        for f in (text, *shared):
            f.result()
    return results


def _in_turn(ctx: Context, config: Config, chosen: list) -> list[pd.DataFrame | None]:
    """Rules one after another in this thread, for a draft or a small organisation."""
    token = tx.PYTHON_REGEX.set(True)
    try:
        # A draft's few rows: strings held as Python objects, not Arrow arrays. Every
        # Series a rule builds pays Arrow's conversion on creation and again on reading,
        # which on a dozen texts costs more than the rules' own work.
        with pd.option_context("mode.string_storage", "python"):
            return [_run(ctx, config, rule, severity) for rule, severity in chosen]
    finally:
        tx.PYTHON_REGEX.reset(token)


#: Readings of the key results' text that the scorecards and most text rules share.
_SHARED_READINGS = (outcome_evidence, vanity_terms, activity_count)


def _after(first: Future, read: Callable[[Context], object], ctx: Context) -> None:
    first.result()
    read(ctx)


def _run(ctx: Context, config: Config, rule_cls: type, severity: Severity) -> pd.DataFrame | None:
    """One rule's findings with its declared facts, or None when it found nothing."""
    found = rule_cls(config.options_for(rule_cls)).evaluate(ctx)
    if found is None or found.empty:
        return None
    # one frame built at once: inserting columns one by one costs more than the rule itself
    # on a small draft
    columns = {
        "code": rule_cls.code,
        "name": rule_cls.name,
        "category": rule_cls.category(),
        "severity": str(severity),
    }
    for col in EVIDENCE_COLUMNS:
        columns[col] = found[col].array if col in found else None
    if "question" not in found:
        columns["question"] = rule_cls.question
    if columns["suggestion"] is not None:
        # no confident pieces, no rewrite: the coaching question carries the advice alone
        built = pd.Series(columns["suggestion"], dtype=object)
        generic = built.astype(str).str.contains(METRIC, regex=False)
        columns["suggestion"] = built.where(~generic, None).array
    columns["rationale"] = rule_cls.rationale()
    return pd.DataFrame(columns, index=pd.RangeIndex(len(found)))


def lint_draft(
    objective: str,
    key_results: Sequence[str],
    *,
    team: str | None = None,
    quarter: str | None = None,
    config: Config | None = None,
) -> pd.DataFrame:
    """Check one objective and its key results written as plain text.

    For the coaching notebook: no files, ids ``O1`` and ``O1-KR1`` ...
    """
    objectives = pd.DataFrame(
        {
            "objective_id": ["O1"],
            "quarter": [quarter],
            "team": [team],
            "title": [objective],
            "level": ["team"],
        }
    )
    krs = pd.DataFrame(
        {
            "kr_id": [f"O1-KR{i + 1}" for i in range(len(key_results))],
            "objective_id": "O1",
            "text": list(key_results),
        }
    )
    goals = GoalSet.from_frames(source="draft", objectives=objectives, key_results=krs)
    return lint(goals, config)


def scores(goals: GoalSet, findings: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Quality scores 0-100 per objective and per team-quarter, derived from findings.

    An objective starts at 100 and loses ``PENALTY[severity]`` points for each finding on it
    or on one of its key results (error 20, warning 10, info 3), down to 0. A team-quarter
    scores the mean of its objectives, less the penalties of findings about the
    team-quarter as a whole (too many objectives, owner overload ...), within 0-100.
    """
    obj = goals.objectives[["objective_id", "team", "quarter", "title"]].copy()
    f = findings.copy()
    f["points"] = f["severity"].map(PENALTY).fillna(0)
    target_obj = f["objective_id"]  # set on findings about a key result too
    lost = f.assign(target=target_obj).dropna(subset=["target"]).groupby("target")["points"].sum()
    obj["findings"] = obj["objective_id"].map(target_obj.value_counts()).fillna(0).astype(int)
    obj["score"] = (100 - obj["objective_id"].map(lost).fillna(0)).clip(lower=0)
    team = obj.groupby(["team", "quarter"], dropna=False)["score"].mean().rename("score")
    whole = f[target_obj.isna() & f["kpi_id"].isna()]
    whole_lost = whole.groupby(["team", "quarter"], dropna=False)["points"].sum()
    team = (team - whole_lost.reindex(team.index).fillna(0)).clip(0, 100).rename("score")
    team = team.reset_index()
    team["objectives"] = obj.groupby(["team", "quarter"], dropna=False).size().to_numpy()
    return obj, team


__all__ = ["FINDING_COLUMNS", "Severity", "empty_findings", "lint", "lint_draft", "scores"]

# ``okrcoach.lint(goals)`` calls the function; ``okrcoach.lint.scores`` is this module's.
callable_module(__name__, lint)
