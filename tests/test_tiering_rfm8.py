"""The RFM 8-class lens: high means strictly better than the buyers' mean."""

import numpy as np
import pytest

from tests.tiering_helpers import AS_OF, buyer
from xiaoben.models.enums import Rfm8
from xiaoben.models.rules import Rules
from xiaoben.tiering.compute import compute
from xiaoben.tiering.frame import RFM8_CLASSES, CustomerStats, StatsFrame
from xiaoben.tiering.ranks import Standing
from xiaoben.tiering.rfm8 import rfm8_classes


def classes(*customers: CustomerStats) -> list[Rfm8 | None]:
    frame = compute(StatsFrame.from_records(customers), Rules(), AS_OF)
    return [RFM8_CLASSES[code] if code >= 0 else None for code in frame.rfm8]


def test_no_buyers_have_no_class():
    assert classes(CustomerStats(1), CustomerStats(2)) == [None, None]


def test_one_buyer_equals_the_mean_so_all_low():
    assert classes(buyer(1), CustomerStats(2)) == [Rfm8.GENERAL_RETAIN, None]


def test_all_equal_buyers_are_general_retain():
    assert (
        classes(*(buyer(i, 500, orders=3, days_ago=7) for i in range(5)))
        == [Rfm8.GENERAL_RETAIN] * 5
    )


def test_recent_frequent_big_buyer_is_important_value():
    found = classes(buyer(1, 500, orders=5, days_ago=10), buyer(2, 100, orders=1, days_ago=30))
    assert found == [Rfm8.IMPORTANT_VALUE, Rfm8.GENERAL_RETAIN]


def test_figure_equal_to_the_mean_is_low():
    # Means: 20 days, 2 orders, 300 cents; the middle buyer sits on all three.
    found = classes(
        buyer(1, 100, orders=1, days_ago=30),
        buyer(2, 300, orders=2, days_ago=20),
        buyer(3, 500, orders=3, days_ago=10),
    )
    assert found == [Rfm8.GENERAL_RETAIN, Rfm8.GENERAL_RETAIN, Rfm8.IMPORTANT_VALUE]


def test_mean_is_compared_exactly_not_by_float():
    # Mean orders 4/3: 1 is below and 2 above, with no float in between.
    found = classes(buyer(1, orders=1), buyer(2, orders=1), buyer(3, orders=2))
    assert found[2] == Rfm8.GENERAL_KEEP


def test_refund_above_purchases_is_low_m():
    # Net revenue -200 and 100: mean -50, so the refunded buyer is low M, the other high.
    found = classes(buyer(1, 100, refunded_cents=300), buyer(2, 100))
    assert found == [Rfm8.GENERAL_RETAIN, Rfm8.IMPORTANT_RETAIN]


def test_zero_amount_purchases_are_low_m():
    found = classes(buyer(1, 0, orders=3), buyer(2, 800, orders=1))
    assert found == [Rfm8.GENERAL_KEEP, Rfm8.IMPORTANT_RETAIN]


def test_non_buyers_do_not_move_the_means():
    assert classes(buyer(1, 500, orders=5), buyer(2, 100), CustomerStats(3))[:2] == classes(
        buyer(1, 500, orders=5), buyer(2, 100)
    )


EIGHT = [
    # (R high, F high, M high) -> class, as DESIGN.md lists them.
    ((True, True, True), Rfm8.IMPORTANT_VALUE),
    ((True, False, True), Rfm8.IMPORTANT_DEVELOP),
    ((False, True, True), Rfm8.IMPORTANT_KEEP),
    ((False, False, True), Rfm8.IMPORTANT_RETAIN),
    ((True, True, False), Rfm8.GENERAL_VALUE),
    ((True, False, False), Rfm8.GENERAL_DEVELOP),
    ((False, True, False), Rfm8.GENERAL_KEEP),
    ((False, False, False), Rfm8.GENERAL_RETAIN),
]


@pytest.mark.parametrize(("highs", "expected"), EIGHT)
def test_eight_classes_follow_the_design(highs: tuple[bool, bool, bool], expected: Rfm8):
    # Ten buyers with means 10 days, 3 orders, 300 cents.
    r_high, f_high, m_high = highs

    def among(total: int) -> Standing:
        none = np.zeros(1, dtype=np.int64)
        return Standing(none, none, None, 10, total)

    code = rfm8_classes(
        np.array([True]),
        np.array([5 if r_high else 15]),
        np.array([4 if f_high else 2]),
        np.array([400 if m_high else 200]),
        among(100),
        among(30),
        among(3_000),
    )[0]
    assert RFM8_CLASSES[code] == expected
