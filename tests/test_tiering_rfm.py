"""The RFM lens: 1–5 scores by share of buyers strictly worse, and the R×F segment grid."""

import numpy as np
import pytest

from tests.tiering_helpers import AS_OF, buyer
from xiaoben.models.enums import RfmSegment
from xiaoben.models.rules import Rules
from xiaoben.tiering.compute import compute
from xiaoben.tiering.frame import RFM_SEGMENTS, CustomerStats, StatsFrame, TierFrame
from xiaoben.tiering.rfm import rfm_segments


def book(*customers: CustomerStats) -> TierFrame:
    return compute(StatsFrame.from_records(customers), Rules(), AS_OF)


def rfm(frame: TierFrame) -> list[tuple[int, int, int]]:
    return [(int(r), int(f), int(m)) for r, f, m in zip(frame.r, frame.f, frame.m, strict=True)]


def test_no_buyers_have_no_scores():
    frame = book(CustomerStats(1), CustomerStats(2))
    assert rfm(frame) == [(0, 0, 0), (0, 0, 0)]
    assert list(frame.rfm_segment) == [-1, -1]
    assert list(frame.recency_days) == [-1, -1]


def test_one_buyer_scores_one_everywhere():
    # Nobody is strictly worse: p = 0, score 1.
    frame = book(buyer(1), CustomerStats(2))
    assert rfm(frame) == [(1, 1, 1), (0, 0, 0)]
    assert RFM_SEGMENTS[frame.rfm_segment[0]] == RfmSegment.HIBERNATING


def test_all_equal_buyers_share_score_one():
    frame = book(*(buyer(i, 700, orders=2, days_ago=5) for i in range(6)))
    assert rfm(frame) == [(1, 1, 1)] * 6


def test_five_distinct_buyers_spread_one_to_five():
    frame = book(*(buyer(i, 100 * i, orders=i, days_ago=50 - i) for i in range(1, 6)))
    assert [int(f) for f in frame.f] == [1, 2, 3, 4, 5]
    assert [int(m) for m in frame.m] == [1, 2, 3, 4, 5]
    assert [int(r) for r in frame.r] == [1, 2, 3, 4, 5]


def test_ten_buyers_score_by_floor_of_five_p():
    # worse = 0..9 of 10: 1 + floor(5·k/10) = 1,1,2,2,3,3,4,4,5,5.
    frame = book(*(buyer(i, orders=i + 1) for i in range(10)))
    assert [int(f) for f in frame.f] == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]


def test_ties_share_a_score():
    frame = book(buyer(1, orders=1), buyer(2, orders=3), buyer(3, orders=3), buyer(4, orders=9))
    # worse: 0, 1, 1, 3 of 4 -> 1, 2, 2, 4.
    assert [int(f) for f in frame.f] == [1, 2, 2, 4]


def test_more_days_since_purchase_scores_lower_recency():
    frame = book(buyer(1, days_ago=300), buyer(2, days_ago=3), buyer(3, days_ago=40))
    assert list(frame.recency_days) == [300, 3, 40]
    # worse (more days): 0, 2, 1 of 3 -> 1, 4, 2.
    assert [int(r) for r in frame.r] == [1, 4, 2]


def test_zero_amount_purchases_count_as_orders_with_lowest_m():
    frame = book(buyer(1, 0, orders=4), buyer(2, 500, orders=1))
    assert rfm(frame)[0][1:] == (3, 1)
    assert rfm(frame)[1][1:] == (1, 3)


def test_refund_above_purchases_scores_lowest_m():
    frame = book(buyer(1, 100, refunded_cents=250), buyer(2, 0), buyer(3, 40))
    # net revenue -150, 0, 40: worse 0, 1, 2 of 3 -> 1, 2, 4.
    assert [int(m) for m in frame.m] == [1, 2, 4]


def test_m_is_net_revenue_not_value():
    # Service cost lowers value, not M.
    frame = book(buyer(1, 900, service_cost_cents=800), buyer(2, 500))
    assert [int(m) for m in frame.m] == [3, 1]


def test_non_buyers_do_not_count_among_buyers():
    with_audience = book(buyer(1, 100), buyer(2, 200), CustomerStats(3), CustomerStats(4))
    without = book(buyer(1, 100), buyer(2, 200))
    assert rfm(with_audience)[:2] == rfm(without)


GRID = {
    # R: {F: segment}, typed from DESIGN.md's wording.
    1: "hibernating hibernating at_risk at_risk cant_lose_them",
    2: "hibernating hibernating at_risk at_risk cant_lose_them",
    3: "about_to_sleep about_to_sleep need_attention loyal loyal",
    4: "promising potential_loyalist potential_loyalist loyal loyal",
    5: "new potential_loyalist potential_loyalist champions champions",
}


@pytest.mark.parametrize("r", range(1, 6))
@pytest.mark.parametrize("f", range(1, 6))
def test_segment_grid_follows_the_design(r: int, f: int):
    expected = GRID[r].split()[f - 1]
    code = rfm_segments(np.array([r]), np.array([f]))[0]
    assert RFM_SEGMENTS[code] == RfmSegment(expected)


def test_champions_bought_recently_and_often():
    frame = book(*(buyer(i, orders=i + 1, days_ago=100 - i) for i in range(10)))
    assert RFM_SEGMENTS[frame.rfm_segment[9]] == RfmSegment.CHAMPIONS
    assert RFM_SEGMENTS[frame.rfm_segment[0]] == RfmSegment.HIBERNATING
