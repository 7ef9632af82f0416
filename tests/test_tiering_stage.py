"""The lifecycle lens: funnel stage by the rules' windows, manual stages, the new flag."""

from datetime import date

from xiaoben.models.enums import ManualStage, Stage
from xiaoben.models.rules import Rules
from xiaoben.tiering.compute import compute
from xiaoben.tiering.frame import (
    MANUAL_STAGES,
    NO_DAY,
    STAGES,
    CustomerStats,
    StatsFrame,
    epoch_day,
)

AS_OF = date(2025, 6, 1)
TODAY = epoch_day(AS_OF)


def buyer(
    customer_id: int = 1,
    *,
    orders: int = 1,
    days_ago: int = 10,
    first_days_ago: int = 100,
    **more: object,
) -> CustomerStats:
    return CustomerStats(
        customer_id,
        orders=orders,
        revenue_cents=1_000,
        first_purchase_day=TODAY - first_days_ago,
        last_purchase_day=TODAY - days_ago,
        **more,  # type: ignore[arg-type]  # test shorthand for CustomerStats fields
    )


def contact(customer_id: int = 1, **more: object) -> CustomerStats:
    return CustomerStats(customer_id, **more)  # type: ignore[arg-type]  # test shorthand


def stages(*customers: CustomerStats, rules: Rules | None = None) -> list[Stage]:
    frame = compute(StatsFrame.from_records(customers), rules or Rules(), AS_OF)
    return [STAGES[code] for code in frame.stage]


def new_flags(*customers: CustomerStats) -> list[bool]:
    frame = compute(StatsFrame.from_records(customers), Rules(), AS_OF)
    return [bool(flag) for flag in frame.is_new]


def manual(stage: ManualStage) -> int:
    return MANUAL_STAGES.index(stage)


def test_no_buyers_are_all_before_the_sale():
    assert stages(contact(1), contact(2, target_profile=True)) == [Stage.POTENTIAL, Stage.TARGET]


def test_one_purchase_makes_a_customer():
    assert stages(buyer(orders=1)) == [Stage.CUSTOMER]


def test_zero_amount_purchase_still_makes_a_customer():
    zero = CustomerStats(1, orders=1, first_purchase_day=TODAY, last_purchase_day=TODAY)
    assert stages(zero) == [Stage.CUSTOMER]


def test_refund_above_purchases_is_still_a_customer():
    assert stages(buyer(refunded_cents=5_000)) == [Stage.CUSTOMER]


def test_three_purchases_make_loyal():
    assert stages(buyer(1, orders=2), buyer(2, orders=3)) == [Stage.CUSTOMER, Stage.LOYAL]


def test_lapse_boundary_180_days_is_still_active():
    assert stages(buyer(days_ago=180)) == [Stage.CUSTOMER]


def test_lapse_boundary_181_days_is_lapsed():
    assert stages(buyer(days_ago=181, first_days_ago=400)) == [Stage.LAPSED]


def test_lapsed_outranks_loyal():
    assert stages(buyer(orders=9, days_ago=181, first_days_ago=900)) == [Stage.LAPSED]


def test_lapse_window_is_a_rule():
    rules = Rules(lapse_days=90)
    assert stages(buyer(1, days_ago=90), buyer(2, days_ago=91), rules=rules) == [
        Stage.CUSTOMER,
        Stage.LAPSED,
    ]


def test_intent_window_boundary_30_days_is_prospect():
    assert stages(contact(last_intent_day=TODAY - 30)) == [Stage.PROSPECT]


def test_intent_window_boundary_31_days_is_potential():
    assert stages(contact(last_intent_day=TODAY - 31)) == [Stage.POTENTIAL]


def test_intent_today_is_prospect():
    assert stages(contact(last_intent_day=TODAY)) == [Stage.PROSPECT]


def test_intent_after_as_of_does_not_count():
    assert stages(contact(last_intent_day=TODAY + 1)) == [Stage.POTENTIAL]


def test_no_intent_ever_is_not_prospect():
    assert stages(contact(last_intent_day=NO_DAY)) == [Stage.POTENTIAL]


def test_intent_outranks_target_profile():
    assert stages(contact(target_profile=True, last_intent_day=TODAY - 3)) == [Stage.PROSPECT]


def test_lapsed_target_profile_falls_back_to_target():
    assert stages(contact(target_profile=True, last_intent_day=TODAY - 60)) == [Stage.TARGET]


def test_manual_stage_moves_a_contact_further():
    assert stages(contact(manual_stage=manual(ManualStage.PROSPECT))) == [Stage.PROSPECT]


def test_manual_stage_never_moves_a_contact_back():
    hand_set = contact(target_profile=True, manual_stage=manual(ManualStage.POTENTIAL))
    assert stages(hand_set) == [Stage.TARGET]
    intent = contact(last_intent_day=TODAY - 1, manual_stage=manual(ManualStage.TARGET))
    assert stages(intent) == [Stage.PROSPECT]


def test_manual_stage_is_ignored_once_they_buy():
    assert stages(buyer(manual_stage=manual(ManualStage.PROSPECT))) == [Stage.CUSTOMER]


def test_first_purchase_30_days_ago_is_new():
    assert new_flags(buyer(first_days_ago=30, days_ago=30)) == [True]


def test_first_purchase_31_days_ago_is_not_new():
    assert new_flags(buyer(first_days_ago=31, days_ago=2)) == [False]


def test_contacts_are_never_new_customers():
    assert new_flags(contact(last_intent_day=TODAY)) == [False]
