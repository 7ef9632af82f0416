"""The purchase model against the paper: the CDNOW 1/10 sample, calibrated to 1997-09-30
(39 weeks), held out to 1998-06-30 (39 more weeks).

Data: tests/data/CDNOW_sample.txt (see tests/data/README.md). Published numbers:
- BG/NBD: Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way", Marketing
  Science 24(2), section 4: r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4
  (also lifetimes' tests/test_estimation.py, test_params_out_is_close_to_Hardie_paper).
- Expected purchases, from Hardie's spreadsheet of the paper as lifetimes' tests quote it
  (test_conditional_expectation_returns_same_value_as_Hardie_excel_sheet,
  test_expectation_returns_same_value_Hardie_excel_sheet): a customer with x = 2,
  t_x = 30.43, T = 38.86 makes 1.226 purchases in the next 39 weeks; a new customer
  0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576 repeat purchases by week 0.1429, 1, 3,
  31.8571, 32, 78.
- Gamma-Gamma: Fader & Hardie (2013), "The Gamma-Gamma Model of Monetary Value"
  (brucehardie.com/notes/025): p = 6.25, q = 3.74, γ = 15.44 on the 946 repeat buyers;
  LL = −4055.9177 as CLVTools' tests/testthat/test_correctness_gg.R checks it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from xiaoben.tiering import bgnbd, spend

SAMPLE = Path(__file__).parent / "data" / "CDNOW_sample.txt"
CALIBRATION_END = date(1997, 9, 30)
HOLDOUT_END = date(1998, 6, 30)


def _summaries() -> dict[str, np.ndarray]:
    """Per customer, in weeks: repeat purchase days in the calibration (x), recency (t_x),
    age (T), mean value of the repeat days, and purchase days in the holdout."""
    spent: dict[str, dict[date, float]] = defaultdict(lambda: defaultdict(float))
    for line in SAMPLE.read_text().splitlines():
        master_id, _sample_id, day, _cds, dollars = line.split()
        when = date(int(day[:4]), int(day[4:6]), int(day[6:]))
        spent[master_id][when] += float(dollars)  # one day's purchases: one transaction
    columns: dict[str, list[float]] = defaultdict(list)
    for days in spent.values():
        calibration = sorted(d for d in days if d <= CALIBRATION_END)
        first, last = calibration[0], calibration[-1]
        columns["x"].append(len(calibration) - 1)
        columns["t_x"].append((last - first).days / 7)
        columns["T"].append((CALIBRATION_END - first).days / 7)
        repeat = [days[d] for d in calibration[1:]]
        columns["mean"].append(sum(repeat) / len(repeat) if repeat else 0.0)
        columns["holdout"].append(sum(CALIBRATION_END < d <= HOLDOUT_END for d in days))
    return {name: np.array(values) for name, values in columns.items()}


@pytest.fixture(scope="module")
def cdnow() -> dict[str, np.ndarray]:
    return _summaries()


@pytest.fixture(scope="module")
def fitted(cdnow: dict[str, np.ndarray]) -> bgnbd.BgNbd:
    return bgnbd.fit(cdnow["x"], cdnow["t_x"], cdnow["T"])


def test_the_sample_is_the_papers(cdnow: dict[str, np.ndarray]) -> None:
    assert len(cdnow["x"]) == 2357
    assert int(np.count_nonzero(cdnow["x"])) == 946


def test_bgnbd_reproduces_the_published_estimates(fitted: bgnbd.BgNbd) -> None:
    assert round(fitted.r, 3) == 0.243
    assert round(fitted.alpha, 3) == 4.414
    assert round(fitted.a, 3) == 0.793
    assert round(fitted.b, 3) == 2.426
    assert round(fitted.log_likelihood, 1) == -9582.4


def test_fit_in_days_is_the_fit_in_weeks(cdnow: dict[str, np.ndarray]) -> None:
    in_days = bgnbd.fit(cdnow["x"], cdnow["t_x"] * 7, cdnow["T"] * 7)
    assert round(in_days.alpha / 7, 3) == 4.414
    assert (round(in_days.r, 3), round(in_days.a, 3), round(in_days.b, 3)) == (0.243, 0.793, 2.426)


def test_expected_purchases_match_hardies_spreadsheet(fitted: bgnbd.BgNbd) -> None:
    one = bgnbd.expected_purchases(
        fitted, np.array([2.0]), np.array([30.43]), np.array([38.86]), 39
    )
    assert abs(one[0] - 1.226) < 0.001
    weeks = np.array([0.1429, 1.0, 3.0, 31.8571, 32.0, 78.0])
    published = np.array([0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576])
    assert np.allclose(bgnbd.expected_purchases_new(fitted, weeks), published, atol=0.001)


def test_holdout_total_as_the_papers_model_forecasts_it(
    cdnow: dict[str, np.ndarray], fitted: bgnbd.BgNbd
) -> None:
    """1,882 repeat purchase days in the holdout; the paper's parameters forecast 1,653
    for these customers (12% under: the BG/NBD under-forecasts CDNOW's holdout, as the
    paper's conditional-expectation figure shows for the one- and two-time repeaters).
    Cumulated from week 0 the gap is 4% (4,161 forecast by week 78 against 4,339)."""
    predicted = bgnbd.expected_purchases(fitted, cdnow["x"], cdnow["t_x"], cdnow["T"], 39)
    assert int(cdnow["holdout"].sum()) == 1882
    assert round(float(predicted.sum())) == 1653
    by_week_78 = bgnbd.expected_purchases_new(fitted, cdnow["T"] + 39).sum()
    actual_by_week_78 = cdnow["x"].sum() + cdnow["holdout"].sum()
    assert actual_by_week_78 == 4339
    assert abs(by_week_78 / actual_by_week_78 - 1) < 0.05


# The paper's Figure 4 (conditional expectations): by calibration frequency 0 … 6 and 7+,
# the mean actual holdout purchases and the BG/NBD's conditional expectation.
FIGURE_4 = {
    0: (0.237, 0.225),
    1: (0.697, 0.523),
    2: (1.393, 1.044),
    3: (1.560, 1.520),
    4: (2.532, 2.164),
    5: (2.947, 2.654),
    6: (3.862, 3.504),
    7: (6.359, 6.157),
}


def test_conditional_expectation_by_frequency(
    cdnow: dict[str, np.ndarray], fitted: bgnbd.BgNbd
) -> None:
    predicted = bgnbd.expected_purchases(fitted, cdnow["x"], cdnow["t_x"], cdnow["T"], 39)
    for x, (actual_mean, predicted_mean) in FIGURE_4.items():
        group = cdnow["x"] == x if x < 7 else cdnow["x"] >= 7
        assert round(float(cdnow["holdout"][group].mean()), 3) == actual_mean
        assert round(float(predicted[group].mean()), 3) == predicted_mean
        # The model's curve tracks the actual one: rising, and never off by more than 0.4.
        assert abs(predicted_mean - actual_mean) < 0.4


def test_gamma_gamma_reproduces_the_published_estimates(cdnow: dict[str, np.ndarray]) -> None:
    fitted = spend.fit(cdnow["x"], cdnow["mean"])
    assert (round(fitted.p, 2), round(fitted.q, 2), round(fitted.gamma, 2)) == (6.25, 3.74, 15.44)
    assert round(fitted.log_likelihood, 4) == -4055.9177


def test_clv_discounts_and_grows_with_the_horizon(
    cdnow: dict[str, np.ndarray], fitted: bgnbd.BgNbd
) -> None:
    money = spend.fit(cdnow["x"], cdnow["mean"])
    each = spend.expected_spend(money, cdnow["x"], cdnow["mean"])
    args = (fitted, each, cdnow["x"], cdnow["t_x"], cdnow["T"])
    year = spend.clv(*args, days_a_unit=7, months=12, monthly_discount=0.01)
    undiscounted = spend.clv(*args, days_a_unit=7, months=12, monthly_discount=0.0)
    two_years = spend.clv(*args, days_a_unit=7, months=24, monthly_discount=0.01)
    assert np.all(year <= undiscounted + 1e-9) and np.all(two_years >= year)
    weeks_a_year = 365.25 / 7
    in_a_year = bgnbd.expected_purchases(fitted, cdnow["x"], cdnow["t_x"], cdnow["T"], weeks_a_year)
    assert np.allclose(undiscounted, in_a_year * each)
