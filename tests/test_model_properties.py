"""Properties of the purchase model on any parameters and histories: what P(alive) and the
expected purchases must do, the fit's indifference to order, and degenerate books."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xiaoben.models.errors import BookError
from xiaoben.tiering import bgnbd, spend

positive = st.floats(min_value=0.01, max_value=50, allow_nan=False)
models = st.builds(bgnbd.BgNbd, positive, positive, positive, positive, st.just(0.0))
ages = st.floats(min_value=0.5, max_value=200, allow_nan=False)
frequencies = st.integers(min_value=1, max_value=200)


@given(models, ages, st.floats(min_value=0, max_value=1))
def test_no_repeat_purchase_is_surely_alive(model: bgnbd.BgNbd, age: float, share: float) -> None:
    alive = bgnbd.p_alive(model, np.array([0.0]), np.array([0.0]), np.array([age]))
    assert alive[0] == 1.0


@given(models, frequencies, ages, st.floats(0, 1), st.floats(0, 1))
def test_p_alive_rises_with_recency(
    model: bgnbd.BgNbd, x: int, age: float, one: float, other: float
) -> None:
    earlier, later = sorted((one * age, other * age))
    alive = bgnbd.p_alive(model, np.array([x, x]), np.array([earlier, later]), np.array([age] * 2))
    assert 0 <= alive[0] <= alive[1] <= 1


@given(models, frequencies, ages, st.floats(min_value=0.1, max_value=100))
def test_expected_purchases_rise_with_frequency_for_a_customer_who_just_bought(
    model: bgnbd.BgNbd, x: int, age: float, horizon: float
) -> None:
    """At fixed recency = age (the last purchase is today). With a long silence more past
    purchases can mean fewer to come (the customer has likely left): not asserted there."""
    expected = bgnbd.expected_purchases(
        model, np.array([x, x + 1]), np.array([age] * 2), np.array([age] * 2), horizon
    )
    assert np.all(np.isfinite(expected))
    assert expected[0] <= expected[1] * (1 + 1e-9)


@given(models, frequencies, ages, st.floats(0, 1), st.floats(min_value=0.1, max_value=100))
def test_expected_purchases_are_finite_and_not_negative(
    model: bgnbd.BgNbd, x: int, age: float, share: float, horizon: float
) -> None:
    expected = bgnbd.expected_purchases(
        model, np.array([x]), np.array([share * age]), np.array([age]), horizon
    )
    assert np.isfinite(expected[0]) and expected[0] >= 0


def _book(seed: int, customers: int = 400) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Histories drawn from a BG/NBD with r = 0.5, α = 10, a = 1, b = 3 (weeks)."""
    rng = np.random.default_rng(seed)
    age = rng.uniform(20, 52, customers)
    rate = rng.gamma(0.5, 1 / 10, customers)
    drop = rng.beta(1, 3, customers)
    x, t_x = np.zeros(customers), np.zeros(customers)
    for i in range(customers):
        t = 0.0
        while True:
            t += rng.exponential(1 / rate[i])
            if t > age[i]:
                break
            x[i], t_x[i] = x[i] + 1, t
            if rng.random() < drop[i]:
                break
    return x, t_x, age


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 2**32 - 1), st.randoms(use_true_random=False))
def test_the_fit_ignores_customer_order(seed: int, shuffler: object) -> None:
    x, t_x, age = _book(seed % 1000)
    order = np.arange(len(x))
    shuffler.shuffle(order)  # type: ignore[attr-defined]  # hypothesis's Random
    one = bgnbd.fit(x, t_x, age)
    other = bgnbd.fit(x[order], t_x[order], age[order])
    assert one == other


def test_a_simulated_book_gives_back_its_parameters_roughly() -> None:
    x, t_x, age = _book(7, customers=4000)
    fitted = bgnbd.fit(x, t_x, age)
    assert 0.3 < fitted.r < 0.8 and 5 < fitted.alpha < 20
    assert 0.5 < fitted.a < 2 and 1.5 < fitted.b < 6


@pytest.mark.parametrize(
    ("x", "t_x", "age"),
    [
        ([0] * 300, [0] * 300, [30] * 300),  # no repeat buyers
        ([3], [10], [20]),  # one customer
        ([0] * 300, [0] * 300, [0] * 300),  # every purchase on one day (today)
    ],
    ids=["no repeat buyers", "one customer", "all on one day"],
)
def test_degenerate_books_say_not_enough_data(x: list, t_x: list, age: list) -> None:
    with pytest.raises(BookError) as caught:
        bgnbd.fit(np.array(x), np.array(t_x), np.array(age))
    assert caught.value.key == "model.not_enough_data"
    assert "50" in caught.value.message("en")


def test_spend_needs_repeat_buyers_too() -> None:
    with pytest.raises(BookError) as caught:
        spend.fit(np.array([1, 2, 0]), np.array([10.0, 20.0, 0.0]))
    assert caught.value.key == "model.not_enough_data"


def test_spend_of_a_one_time_buyer_is_the_books_mean() -> None:
    model = spend.GammaGamma(p=6.25, q=3.74, gamma=15.44, log_likelihood=0)
    one_time = spend.expected_spend(model, np.array([0.0]), np.array([999.0]))
    assert one_time[0] == pytest.approx(6.25 * 15.44 / 2.74)
    # One repeat purchase pulls only part of the way towards the customer's own mean.
    once = spend.expected_spend(model, np.array([1.0]), np.array([100.0]))[0]
    assert one_time[0] < once < 100


@given(
    models,
    st.lists(
        st.tuples(st.integers(0, 6), st.sampled_from([0.5, 1.0, 3.0, 52.0, 77.5])),
        min_size=1,
        max_size=40,
    ),
    st.floats(min_value=0.1, max_value=60),
)
def test_computing_once_per_distinct_history_changes_no_figure(
    model: bgnbd.BgNbd, histories: list[tuple[int, float]], horizon: float
) -> None:
    """Customers share (frequency, age) pairs; the per-pair arithmetic spread back to them
    equals computing each customer alone."""
    x = np.array([float(f) for f, _ in histories])
    age = np.array([a for _, a in histories])
    pairs = bgnbd.Pairs.of(x, age)
    assert len(pairs.x) == len(set(histories))
    assert np.array_equal(pairs.spread(pairs.x), x) and np.array_equal(pairs.spread(pairs.age), age)
    together = bgnbd.per_alive(model, x, age, horizon)
    alone = np.array(
        [bgnbd.per_alive(model, x[k : k + 1], age[k : k + 1], horizon)[0] for k in range(len(x))]
    )
    assert np.array_equal(
        pairs.spread(bgnbd.per_alive(model, pairs.x, pairs.age, horizon)), together
    )
    assert np.allclose(together, alone, rtol=1e-12, atol=0)


@pytest.mark.parametrize("seed", [61, 159, 831])
def test_a_book_whose_customers_drop_out_alike_still_fits_and_forecasts(seed: int) -> None:
    """Little heterogeneity in dropout puts the likelihood's supremum at a, b → ∞: the fit
    stops at b ≤ 1,000 (the likelihood is flat beyond it) instead of failing or going where
    the expected purchases overflow to 0 (these simulated books did both)."""
    x, t_x, age = _book(seed)
    fitted = bgnbd.fit(x, t_x, age)
    assert fitted.a <= 1000.001 and fitted.b <= 1000.001  # exp(log 1000) rounds up
    expected = bgnbd.expected_purchases(fitted, x, t_x, age, 52)
    assert np.all(np.isfinite(expected)) and expected.sum() > 100
    # The forecast is the flat likelihood's, not the bound's: b at half the bound with the
    # same dropout share forecasts within 1%.
    half = bgnbd.BgNbd(fitted.r, fitted.alpha, fitted.a / 2, fitted.b / 2, 0.0)
    assert bgnbd.expected_purchases(half, x, t_x, age, 52).sum() == pytest.approx(
        expected.sum(), rel=0.01
    )
