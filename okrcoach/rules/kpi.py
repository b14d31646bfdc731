"""KPI definitions: a KPI is complete when it states formula, source, frequency,
thresholds and owner."""

from __future__ import annotations

import pandas as pd

from .base import Rule, Severity, Target
from .context import Context, rows


def _missing(ctx: Context, column: str, what: str, advice: str) -> pd.DataFrame:
    kpis = ctx.kpis
    hit = kpis[column].isna()
    name = kpis["name"].fillna(kpis["kpi_id"])
    return rows(kpis, hit, message="'" + name + "' has no " + what, suggestion=advice, match=None)


class KpiWithoutFormula(Rule):
    """KPI has no formula.

    ## Why is this a problem?
    Two teams computing "conversion rate" differently is the classic KPI failure. The
    formula makes the number reproducible and comparable.

    ## Example
    A KPI "Forecast error" with an empty `formula`

    ## Use instead
    "Forecast error" with formula "abs(forecast - actual) / actual, at week 4"
    """

    code = "KPI001"
    name = "kpi.without_formula"
    severity = Severity.WARNING
    target = Target.KPI

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        return _missing(ctx, "formula", "formula", "Write how the value is computed")


class KpiWithoutSource(Rule):
    """KPI has no data source.

    ## Why is this a problem?
    Without the system of record, nobody can check the number or fix it when it breaks.

    ## Example
    A KPI "Customer acquisition cost" with an empty `source`

    ## Use instead
    The same KPI with source "Finance data warehouse"
    """

    code = "KPI002"
    name = "kpi.without_source"
    severity = Severity.WARNING
    target = Target.KPI

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        return _missing(ctx, "source", "data source", "Name the system the data comes from")


class KpiWithoutFrequency(Rule):
    """KPI has no update frequency.

    ## Why is this a problem?
    A KPI reviewed weekly and one refreshed quarterly call for different actions; without
    the cadence, a stale number looks current.

    ## Example
    A KPI "Organic sign-ups" with an empty `frequency`

    ## Use instead
    The same KPI with frequency "weekly"
    """

    code = "KPI003"
    name = "kpi.without_frequency"
    severity = Severity.INFO
    target = Target.KPI

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        return _missing(ctx, "frequency", "update frequency", "Say how often it is updated")


class KpiWithoutThresholds(Rule):
    """KPI has no target or red/green thresholds.

    ## Why is this a problem?
    A number without thresholds cannot be red, yellow or green: nobody knows when to act.

    ## Example
    A KPI "Website sessions" with empty `target`, `green_at` and `red_at`

    ## Use instead
    The same KPI with target 56000, green_at 50000 and red_at 40000
    """

    code = "KPI004"
    name = "kpi.without_thresholds"
    severity = Severity.WARNING
    target = Target.KPI

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        kpis = ctx.kpis
        missing = kpis[["target", "green_at", "red_at"]].isna()
        hit = missing.any(axis=1)
        what = (
            missing.apply(lambda r: ", ".join(c for c in r.index if r[c]), axis=1)
            if len(kpis)
            else pd.Series(dtype=str)
        )
        name = kpis["name"].fillna(kpis["kpi_id"])
        return rows(
            kpis,
            hit,
            message="'" + name + "' has no " + what.astype(str),
            suggestion="Set target, green_at and red_at",
            match=None,
        )


class KpiWithoutOwner(Rule):
    """KPI has no owner.

    ## Why is this a problem?
    A KPI nobody owns becomes a vanity metric: it is reported, but nobody acts when it
    turns red.

    ## Example
    A KPI "Partner-sourced ARR" with an empty `owner`

    ## Use instead
    The same KPI with the person who acts on it in `owner`
    """

    code = "KPI005"
    name = "kpi.without_owner"
    severity = Severity.WARNING
    target = Target.KPI

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        return _missing(ctx, "owner", "owner", "Name the person who acts when it turns red")


class KpiThresholdsReversed(Rule):
    """KPI thresholds contradict its direction.

    ## Why is this a problem?
    For a higher-is-better KPI, green must be above red; for lower-is-better, below. Reversed
    thresholds paint a healthy KPI red and a failing one green.

    ## Example
    A higher-is-better KPI with green_at 2 and red_at 4

    ## Use instead
    The same KPI with green_at 4 and red_at 2
    """

    code = "KPI006"
    name = "kpi.thresholds_reversed"
    severity = Severity.ERROR
    target = Target.KPI

    def evaluate(self, ctx: Context) -> pd.DataFrame:
        kpis = ctx.kpis
        up = kpis["direction"].eq("higher_is_better")
        down = kpis["direction"].eq("lower_is_better")
        g, r = kpis["green_at"], kpis["red_at"]
        hit = (up & (g < r)) | (down & (g > r))
        message = (
            "green_at "
            + g.astype(str)
            + " and red_at "
            + r.astype(str)
            + " contradict direction "
            + kpis["direction"].fillna("")
        )
        return rows(
            kpis,
            hit.fillna(False),
            message=message,
            suggestion="Swap green_at and red_at, or fix the direction",
            match=None,
        )
