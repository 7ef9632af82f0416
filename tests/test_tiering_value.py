"""The value lens: value in cents and the ABC(D) tier, checked against hand-worked books."""

from datetime import date
from decimal import Decimal

import numpy as np

from xiaoben.models.enums import ValueBasis
from xiaoben.models.rules import Rules
from xiaoben.tiering.compute import compute
from xiaoben.tiering.frame import VALUE_TIERS, CustomerStats, StatsFrame, TierFrame, epoch_day

AS_OF = date(2025, 6, 1)
TODAY = epoch_day(AS_OF)


def buyer(customer_id: int, revenue: int, *, orders: int = 1, **more: object) -> CustomerStats:
    return CustomerStats(
        customer_id,
        orders=orders,
        revenue_cents=revenue,
        first_purchase_day=TODAY - 100,
        last_purchase_day=TODAY - 10,
        **more,  # type: ignore[arg-type]  # test shorthand for CustomerStats fields
    )


def book(*customers: CustomerStats, rules: Rules | None = None) -> TierFrame:
    return compute(StatsFrame.from_records(customers), rules or Rules(), AS_OF)


def tiers(frame: TierFrame) -> list[str | None]:
    return [VALUE_TIERS[code].value if code >= 0 else None for code in frame.value_tier]


def test_empty_book_has_no_tiers():
    frame = book()
    assert len(frame) == 0
    assert frame.figures.buyers == 0
    assert frame.figures.a_cut_value_cents is None


def test_no_buyers_means_no_value_tiers():
    frame = book(CustomerStats(1), CustomerStats(2, strategic=True, referrals=5))
    assert tiers(frame) == [None, None]
    assert list(frame.value_rank) == [0, 0]
    assert list(frame.promoted_by) == [0, 0]
    assert frame.figures.total_positive_value_cents == 0
    assert frame.figures.a_cut_value_cents is None
    assert frame.figures.b_cut_value_cents is None


def test_one_buyer_is_a():
    frame = book(buyer(1, 12_400), CustomerStats(2))
    assert tiers(frame) == ["A", None]
    assert list(frame.value_rank) == [1, 0]
    assert frame.figures.a_cut_value_cents == 12_400
    assert frame.figures.b_cut_value_cents is None


def test_all_values_equal_are_all_a():
    frame = book(*(buyer(i, 5_000) for i in range(4)))
    assert tiers(frame) == ["A"] * 4
    assert list(frame.value_rank) == [1] * 4


def test_zero_amount_purchase_makes_d():
    frame = book(buyer(1, 0), buyer(2, 100))
    assert tiers(frame) == ["D", "A"]
    assert list(frame.value_cents) == [0, 100]


def test_refund_above_purchases_makes_d():
    frame = book(buyer(1, 100, refunded_cents=130), buyer(2, 500))
    assert list(frame.value_cents) == [-30, 500]
    assert tiers(frame) == ["D", "A"]
    assert frame.figures.total_positive_value_cents == 500


def test_only_negative_buyers_are_all_d():
    frame = book(buyer(1, 0), buyer(2, 10, refunded_cents=20))
    assert tiers(frame) == ["D", "D"]
    assert frame.figures.total_positive_value_cents == 0


def test_ties_at_the_80_percent_cut_share_a():
    # T = 100. S(40) = 0, S(30) = 40 < 80 for both 30s: the tie keeps them together in A.
    frame = book(buyer(1, 40), buyer(2, 30), buyer(3, 30))
    assert tiers(frame) == ["A", "A", "A"]


def test_ties_just_past_the_80_percent_cut_share_b():
    # T = 100. S(50) = 0, S(30) = 50: A. S(10) = 80, not < 80 but < 95: both 10s are B.
    frame = book(buyer(1, 50), buyer(2, 30), buyer(3, 10), buyer(4, 10))
    assert tiers(frame) == ["A", "A", "B", "B"]
    assert frame.figures.a_cut_value_cents == 30
    assert frame.figures.b_cut_value_cents == 10


def test_past_the_95_percent_cut_is_c():
    # T = 100. S(60) = 0, S(20) = 60: A; S(15) = 80: B; S(5) = 95, not < 95: C.
    frame = book(buyer(1, 60), buyer(2, 20), buyer(3, 15), buyer(4, 5))
    assert tiers(frame) == ["A", "A", "B", "C"]


def test_a_fractional_cut_percent_is_compared_exactly():
    # S(10) = 80: below 82.5% of 100, so A; at exactly 80% it is not.
    values = (buyer(1, 50), buyer(2, 30), buyer(3, 10), buyer(4, 10))
    assert tiers(book(*values, rules=Rules(a_cut_percent=Decimal("82.5")))) == ["A"] * 4
    assert tiers(book(*values, rules=Rules(a_cut_percent=Decimal("80.0")))) == [
        "A",
        "A",
        "B",
        "B",
    ]


def test_a_cut_one_cent_short_of_the_share_stays_out():
    # T = 1000; 80% is 800. The 200 sits with S = 800 (not A); the 201 with S = 799 would be.
    assert tiers(book(buyer(1, 800), buyer(2, 200))) == ["A", "B"]
    assert tiers(book(buyer(1, 799), buyer(2, 201))) == ["A", "A"]


def test_b_cut_at_100_percent_leaves_no_c():
    frame = book(
        buyer(1, 60), buyer(2, 20), buyer(3, 15), buyer(4, 5), rules=Rules(b_cut_percent=100)
    )
    assert tiers(frame) == ["A", "A", "B", "B"]


def test_strategic_customer_is_promoted_from_c_to_b():
    frame = book(buyer(1, 60), buyer(2, 20), buyer(3, 15), buyer(4, 5, strategic=True))
    assert tiers(frame) == ["A", "A", "B", "B"]
    assert list(frame.promoted_by) == [0, 0, 0, 1]


def test_strategic_customer_is_promoted_from_d_to_b():
    frame = book(buyer(1, 100), buyer(2, 0, strategic=True))
    assert tiers(frame) == ["A", "B"]
    assert list(frame.promoted_by) == [0, 1]


def test_two_referrals_promote_to_b():
    frame = book(buyer(1, 60), buyer(2, 20), buyer(3, 15), buyer(4, 5, referrals=2))
    assert tiers(frame)[3] == "B"
    assert frame.promoted_by[3] == 2


def test_one_referral_does_not_promote():
    frame = book(buyer(1, 60), buyer(2, 20), buyer(3, 15), buyer(4, 5, referrals=1))
    assert tiers(frame)[3] == "C"
    assert frame.promoted_by[3] == 0


def test_strategic_wins_when_both_promote():
    frame = book(buyer(1, 100), buyer(2, 0, strategic=True, referrals=3))
    assert frame.promoted_by[1] == 1


def test_a_customer_is_never_promoted_down():
    frame = book(buyer(1, 100, strategic=True, referrals=4))
    assert tiers(frame) == ["A"]
    assert frame.promoted_by[0] == 0


def test_promotion_can_be_turned_off():
    rules = Rules(promote_strategic=False, promote_referrals=0)
    frame = book(buyer(1, 100), buyer(2, 0, strategic=True, referrals=9), rules=rules)
    assert tiers(frame) == ["A", "D"]
    assert frame.promoted_by[1] == 0


def test_promotion_does_not_move_the_cuts_for_others():
    plain = book(buyer(1, 60), buyer(2, 20), buyer(3, 15), buyer(4, 5))
    promoted = book(buyer(1, 60), buyer(2, 20), buyer(3, 15), buyer(4, 5, strategic=True))
    assert tiers(plain)[:3] == tiers(promoted)[:3]
    assert promoted.figures.b_cut_value_cents == plain.figures.b_cut_value_cents == 15


def test_non_buyer_flagged_strategic_has_no_tier():
    frame = book(buyer(1, 100), CustomerStats(2, strategic=True))
    assert tiers(frame) == ["A", None]


def test_margin_basis_subtracts_cost():
    rules = Rules(value_basis=ValueBasis.MARGIN)
    frame = book(buyer(1, 1_000, cost_cents=700), buyer(2, 500, cost_cents=600), rules=rules)
    assert list(frame.value_cents) == [300, -100]
    assert tiers(frame) == ["A", "D"]


def test_revenue_basis_ignores_cost():
    frame = book(buyer(1, 1_000, cost_cents=700))
    assert list(frame.value_cents) == [1_000]


def test_service_cost_makes_a_customer_d():
    frame = book(buyer(1, 1_000), buyer(2, 500, service_cost_cents=650))
    assert list(frame.value_cents) == [1_000, -150]
    assert tiers(frame) == ["A", "D"]


def test_service_minutes_cost_at_the_rules_rate():
    rules = Rules(cost_per_service_minute=Decimal("0.35"))
    frame = book(buyer(1, 1_000, service_minutes=10, service_cost_cents=50), rules=rules)
    assert list(frame.value_cents) == [1_000 - 50 - 350]


def test_service_minutes_round_half_to_even_like_python():
    rate = Decimal("0.005")  # half a cent a minute
    rules = Rules(cost_per_service_minute=rate)
    minutes = [0, 1, 2, 3, 5, 7, 1_000_001]
    frame = book(*(buyer(i, 10**9, service_minutes=m) for i, m in enumerate(minutes)), rules=rules)
    expected = [10**9 - round(m * rate * 100) for m in minutes]
    assert list(frame.value_cents) == expected


def test_service_cost_ignored_when_turned_off():
    rules = Rules(subtract_service_cost=False, cost_per_service_minute=Decimal(1))
    frame = book(buyer(1, 500, service_cost_cents=900, service_minutes=60), rules=rules)
    assert list(frame.value_cents) == [500]
    assert tiers(frame) == ["A"]


def test_value_rank_counts_buyers_strictly_above():
    frame = book(
        buyer(1, 50), buyer(2, 30), buyer(3, 30), buyer(4, 10), buyer(5, 0), CustomerStats(6)
    )
    assert list(frame.value_rank) == [1, 2, 2, 4, 5, 0]


def test_custom_cut_points():
    rules = Rules(a_cut_percent=50, b_cut_percent=60)
    frame = book(buyer(1, 50), buyer(2, 30), buyer(3, 20), rules=rules)
    # T = 100: S(50) = 0 A; S(30) = 50, not < 50, < 60: B; S(20) = 80: C.
    assert tiers(frame) == ["A", "B", "C"]


def test_huge_values_stay_exact():
    big = 10**15
    frame = book(buyer(1, 4 * big), buyer(2, big + 1), buyer(3, big - 1))
    # T = 6e15; S(big + 1) = 4e15 < 4.8e15: A; S(big - 1) = 5e15 + 1: B.
    assert tiers(frame) == ["A", "A", "B"]
    assert frame.value_tier.dtype == np.int8
