"""The role lens (audience, customer, fan) and the loyalty × value quadrant lens."""

from datetime import date

from xiaoben.models.enums import Quadrant, Role
from xiaoben.models.rules import Rules
from xiaoben.tiering.compute import compute
from xiaoben.tiering.frame import QUADRANTS, ROLES, CustomerStats, StatsFrame, TierFrame, epoch_day

AS_OF = date(2025, 6, 1)
TODAY = epoch_day(AS_OF)


def buyer(
    customer_id: int,
    revenue: int = 1_000,
    *,
    orders: int = 1,
    days_ago: int = 10,
    span: int = 30,
    **more: object,
) -> CustomerStats:
    return CustomerStats(
        customer_id,
        orders=orders,
        revenue_cents=revenue,
        first_purchase_day=TODAY - days_ago - span,
        last_purchase_day=TODAY - days_ago,
        **more,  # type: ignore[arg-type]  # test shorthand for CustomerStats fields
    )


def book(*customers: CustomerStats, rules: Rules | None = None) -> TierFrame:
    return compute(StatsFrame.from_records(customers), rules or Rules(), AS_OF)


def roles(*customers: CustomerStats) -> list[Role]:
    return [ROLES[code] for code in book(*customers).role]


def quadrant_of_first(*customers: CustomerStats, rules: Rules | None = None) -> Quadrant | None:
    code = book(*customers, rules=rules).quadrant[0]
    return QUADRANTS[code] if code >= 0 else None


# Four small, frequent buyers: beside them the first customer is A by value and F1 by orders.
FREQUENT_SMALL = [buyer(i, 10, orders=12) for i in range(2, 6)]
# Four big, rare buyers: beside them the first customer is C by value.
RARE_BIG = [buyer(i, 100_000, orders=1) for i in range(2, 6)]


def test_buyer_who_refers_is_a_fan():
    assert roles(buyer(1, referrals=1)) == [Role.FAN]


def test_buyer_who_does_not_refer_is_a_customer():
    assert roles(buyer(1)) == [Role.CUSTOMER]


def test_contact_is_audience_even_when_referring():
    assert roles(CustomerStats(1), CustomerStats(2, referrals=3)) == [Role.AUDIENCE] * 2


def test_zero_amount_buyer_is_a_customer():
    assert roles(buyer(1, 0)) == [Role.CUSTOMER]


def test_no_buyers_no_quadrants():
    assert list(book(CustomerStats(1), CustomerStats(2)).quadrant) == [-1, -1]


def test_one_buyer_is_high_value_low_loyalty():
    # Alone: A, and F1 (nobody is worse).
    assert quadrant_of_first(buyer(1)) == Quadrant.WIN_LOYALTY


def test_high_value_high_frequency_is_keep():
    assert quadrant_of_first(buyer(1, 10**6, orders=20), *RARE_BIG) == Quadrant.KEEP


def test_high_value_low_frequency_is_win_loyalty():
    assert quadrant_of_first(buyer(1, 10**6, orders=1), *FREQUENT_SMALL) == Quadrant.WIN_LOYALTY


def test_low_value_high_frequency_is_grow_spend():
    assert quadrant_of_first(buyer(1, 10, orders=20), *RARE_BIG) == Quadrant.GROW_SPEND


def test_low_value_low_frequency_is_serve_low_cost():
    assert quadrant_of_first(buyer(1, 10, orders=1), *RARE_BIG) == Quadrant.SERVE_LOW_COST


def test_negative_value_loyal_buyer_is_grow_spend():
    assert quadrant_of_first(buyer(1, 0, orders=20), *RARE_BIG) == Quadrant.GROW_SPEND


def test_promoted_strategic_counts_as_high_value():
    found = quadrant_of_first(buyer(1, 10, orders=1, strategic=True), *RARE_BIG)
    assert found == Quadrant.WIN_LOYALTY


def test_three_purchases_over_more_than_a_year_are_loyal():
    found = quadrant_of_first(buyer(1, 10**6, orders=3, span=366), *FREQUENT_SMALL)
    assert found == Quadrant.KEEP


def test_three_purchases_over_exactly_a_year_are_not_loyal():
    found = quadrant_of_first(buyer(1, 10**6, orders=3, span=365), *FREQUENT_SMALL)
    assert found == Quadrant.WIN_LOYALTY


def test_long_span_but_lapsed_is_not_loyal():
    lapsed = buyer(1, 10**6, orders=3, span=400, days_ago=181)
    assert quadrant_of_first(lapsed, *FREQUENT_SMALL) == Quadrant.WIN_LOYALTY


def test_loyalty_f_score_is_a_rule():
    # Two buyers: the frequent one is F3 (1 + 5·1//2).
    customers = (buyer(1, 10**6, orders=5), buyer(2, 10**6, orders=1))
    assert quadrant_of_first(*customers) == Quadrant.WIN_LOYALTY
    assert quadrant_of_first(*customers, rules=Rules(loyalty_f_score=3)) == Quadrant.KEEP


def test_contacts_have_no_quadrant():
    frame = book(buyer(1), CustomerStats(2, strategic=True))
    assert frame.quadrant[1] == -1
