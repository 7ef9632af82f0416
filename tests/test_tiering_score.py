"""The weighted-score lens: percentile components over every customer, judgements by (x−1)/4."""

import pytest

from tests.tiering_helpers import AS_OF, TODAY, buyer
from xiaoben.models.rules import Rules, ScoreWeights
from xiaoben.tiering.compute import compute
from xiaoben.tiering.frame import SCORE_COMPONENTS, CustomerStats, StatsFrame, TierFrame

ONLY = {name: 0 for name in SCORE_COMPONENTS}


def book(*customers: CustomerStats, rules: Rules | None = None) -> TierFrame:
    return compute(StatsFrame.from_records(customers), rules or Rules(), AS_OF)


def only(component: str) -> Rules:
    return Rules(weights=ScoreWeights(**{**ONLY, component: 1}))


def part(frame: TierFrame, component: str) -> list[float]:
    k = SCORE_COMPONENTS.index(component)
    return [round(float(points), 6) for points in frame.score_parts[:, k]]


def test_empty_book_scores_nobody():
    frame = book()
    assert frame.score.shape == (0,)
    assert frame.score_parts.shape == (0, 7)


def test_one_customer_scores_only_by_judgement():
    frame = book(buyer(1, demand=5, purchasing_power=3))
    # Percentiles are 0 with one customer; demand 1.0 × 10 + purchasing power 0.5 × 10.
    assert list(frame.score) == [15.0]


def test_all_equal_customers_share_a_score():
    frame = book(*(buyer(i, 400, orders=2, demand=2) for i in range(5)))
    assert len(set(frame.score.tolist())) == 1


def test_value_percentile_over_every_customer():
    frame = book(buyer(1, 100), buyer(2, 200), buyer(3, 300), rules=only("value"))
    assert list(frame.score) == [0.0, 50.0, 100.0]


def test_non_buyers_take_part_in_the_value_percentile():
    frame = book(buyer(1, 100), CustomerStats(2), rules=only("value"))
    assert list(frame.score) == [100.0, 0.0]


def test_non_buyers_are_worst_of_all_on_recency():
    frame = book(
        buyer(1, days_ago=300), buyer(2, days_ago=3), CustomerStats(3), rules=only("recency")
    )
    assert list(frame.score) == [50.0, 100.0, 0.0]


def test_frequency_percentile_counts_non_buyers_below_every_buyer():
    frame = book(buyer(1, orders=1), buyer(2, orders=4), CustomerStats(3), CustomerStats(4))
    assert part(frame, "frequency") == pytest.approx([20 * 2 / 3, 20.0, 0.0, 0.0])


def test_tenure_counts_days_since_first_purchase():
    first_today = CustomerStats(
        1, orders=1, revenue_cents=5, first_purchase_day=TODAY, last_purchase_day=TODAY
    )
    old_hand = buyer(2, days_ago=500)
    frame = book(first_today, old_hand, CustomerStats(3), rules=only("tenure"))
    # Tenure 0, 530, 0: the new buyer ties with the contact.
    assert list(frame.score) == [0.0, 100.0, 0.0]


def test_referrals_percentile():
    frame = book(buyer(1, referrals=0), buyer(2, referrals=3), CustomerStats(3, referrals=1))
    assert part(frame, "referrals") == pytest.approx([0.0, 5.0, 2.5])


def test_unset_judgement_counts_zero():
    frame = book(*(buyer(i, demand=d) for i, d in enumerate([0, 1, 3, 5])), rules=only("demand"))
    assert list(frame.score) == [0.0, 0.0, 50.0, 100.0]


def test_refund_above_purchases_scores_lowest_value():
    frame = book(buyer(1, 100, refunded_cents=300), buyer(2, 0), rules=only("value"))
    assert list(frame.score) == [0.0, 100.0]


def test_zero_amount_purchase_ties_with_a_contact_on_value():
    frame = book(buyer(1, 0), CustomerStats(2), buyer(3, 10), rules=only("value"))
    assert list(frame.score) == [0.0, 0.0, 100.0]


def test_weights_are_normalised():
    doubled = Rules(
        weights=ScoreWeights(
            value=2, frequency=0, recency=0, tenure=0, demand=2, purchasing_power=0, referrals=0
        )
    )
    frame = book(buyer(1, 100, demand=1), buyer(2, 200, demand=5), rules=doubled)
    assert list(frame.score) == [0.0, 100.0]


def test_all_weights_zero_scores_zero():
    frame = book(buyer(1, 100, demand=5), buyer(2, 300), rules=Rules(weights=ScoreWeights(**ONLY)))
    assert list(frame.score) == [0.0, 0.0]


def test_parts_add_up_to_the_score():
    frame = book(
        buyer(1, 900, orders=3, referrals=2, demand=4, purchasing_power=2),
        buyer(2, 100, days_ago=200),
        CustomerStats(3, demand=3),
    )
    for i in range(3):
        assert frame.score[i] == pytest.approx(frame.score_parts[i].sum(), abs=0.05)
    assert frame.score.max() <= 100.0
