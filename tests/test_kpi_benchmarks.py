"""The KPI benchmarks' scoring runs on a few real series: NAB's scorer gives the null
detector 0 and a perfect one 100, and the M4 table has every method with OWA against
Naive2 (``benchmarks/anomalies_nab.py`` and ``benchmarks/forecast_m4.py`` print the full
figures)."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import anomalies_nab  # noqa: E402
import forecast_m4  # noqa: E402
import nab_scoring  # noqa: E402

DATA = ROOT.parent / "shared" / "data"  # the evaluation data lives beside the repository
NAB_FILES = [
    "artificialWithAnomaly/art_daily_jumpsup.csv",
    "realAdExchange/exchange-2_cpc_results.csv",
    "realTraffic/speed_7578.csv",
]
pytestmark = pytest.mark.skipif(
    not (DATA / "nab").is_dir() or not (DATA / "m4").is_dir(),
    reason=f"the evaluation data is not at {DATA} (../shared/data beside the repository)",
)


def test_the_benchmarks_find_the_data_beside_the_repository():
    assert nab_scoring.DATA == DATA and forecast_m4.DATA == DATA


def test_nab_scoring_of_three_files():
    frame, windows = nab_scoring.load_corpus(DATA, files=NAB_FILES)
    assert frame["series"].nunique() == 3 and len(windows) == 3
    prep = nab_scoring.prepare(frame, windows)
    n = prep.n_windows
    assert nab_scoring.evaluate(np.zeros(len(frame)), prep)["score"] == 0.0
    perfect = nab_scoring.evaluate(nab_scoring.perfect_scores(frame, windows), prep)
    assert perfect["score"] == 100.0 and perfect["tp"] == n and perfect["fp"] == 0
    table, extra = anomalies_nab.table(frame, windows, runs=1)
    scores = table.set_index("detector")["overall"]
    assert scores["null"] == 0.0 and scores["perfect (check)"] == 100.0
    assert scores["okrcoach"] > 0 and -100 <= scores["windowed Gaussian"] <= 100
    assert np.isfinite(extra["at_shipped_threshold"]["score"])


def test_m4_table_on_twenty_series():
    series = forecast_m4.load(DATA, limit=20)
    assert len(series) == 20
    table, choice = forecast_m4.accuracy(series)
    assert list(table["method"]) == [
        "Naive2 (= naive)",
        "Seasonal naive (52)",
        "Theta (M4 benchmark)",
        "okrcoach",
        "okrcoach, no seasonal candidates",
    ]
    assert table.loc[0, "OWA"] == 1.0
    assert table[["sMAPE", "MASE", "OWA", "MSIS"]].gt(0).all().all()
    assert table["coverage %"].between(0, 100).all()
    assert abs(choice.sum() - 1.0) < 1e-9
