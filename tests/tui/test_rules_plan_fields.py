"""The plan's rules are in the Rules form, and saving the form never resets a rule it
does not show: the form's values update the rules in use."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from textual.pilot import Pilot

from tests.tui.pilot import run, settle
from xiaoben.models.enums import Holiday, ValueTier
from xiaoben.models.rules import Rules
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.screens.rules import FIELDS, RulesScreen, form_values, read_rules

PLAN_RULES = (
    "plan_capacity",
    "occasion_window_days",
    "lapse_gap_factor",
    "win_back_days",
    "gift_lead_days",
    "gift_holidays",
    "large_purchase",
)


def seller_rules() -> Rules:
    """Rules far from the defaults in every field, so a reset would show."""
    return Rules(
        a_cut_percent=Decimal(70),
        tier_names={ValueTier.A: "金牌"},
        cadence_days={**Rules().cadence_days, "A": 5},
        at_risk_factor=3,
        plan_capacity=12,
        occasion_window_days=5,
        lapse_gap_factor=6,
        win_back_days=60,
        gift_lead_days=14,
        gift_holidays=[Holiday.MID_AUTUMN, Holiday.CHRISTMAS],
        large_purchase=Decimal(50_000),
    )


def test_every_rule_has_a_field() -> None:
    paths = {field.path.partition(".")[0] for field in FIELDS}
    assert set(PLAN_RULES) <= paths
    # The custom fields' criteria have rows of their own, one set a field (criterion_rows).
    assert set(Rules.model_fields) == paths | {"field_criteria"}


def test_the_form_of_the_rules_in_use_reads_back_as_them() -> None:
    rules = seller_rules()
    assert read_rules(form_values(rules), rules) == (rules, {})


def test_a_rule_without_a_field_keeps_its_value() -> None:
    rules = seller_rules().model_copy(update={"cadence_days": {**Rules().cadence_days, "vip": 2}})
    values = form_values(rules)
    values["plan_capacity"] = "25"
    read, errors = read_rules(values, rules)
    assert errors == {} and read is not None
    assert read.cadence_days["vip"] == 2
    assert read == rules.model_copy(update={"plan_capacity": 25})


def test_gift_holidays_read_from_names_in_either_language() -> None:
    values = form_values(Rules())
    values["gift_holidays"] = "春节、Mid-Autumn Festival，端午"
    read, errors = read_rules(values, Rules())
    assert errors == {} and read is not None
    assert read.gift_holidays == [Holiday.SPRING_FESTIVAL, Holiday.MID_AUTUMN, Holiday.DRAGON_BOAT]
    values["gift_holidays"] = ""
    read, _ = read_rules(values, Rules())
    assert read is not None and read.gift_holidays == []


@pytest.mark.parametrize(
    ("field", "typed", "expected"),
    [
        ("gift_holidays", "春节、腊八", "送礼节日：没有叫 “腊八” 的节日；可选：春节，元宵节"),
        ("gift_holidays", "春节, 春节", "送礼节日：春节 写了两次"),
        ("lapse_gap_factor", "2", "流失间隔倍数：须为 0 或大于流失预警倍数（2）"),
        ("plan_capacity", "-1", "每日计划条数：不能小于 0（收到 -1）"),
        ("win_back_days", "3", "挽回间隔天数：不能小于 7（收到 3）"),
        ("large_purchase", "0", "大额购买上限：须大于 0（收到 0）"),
    ],
)
def test_a_wrong_plan_rule_is_named_beside_its_field(
    field: str, typed: str, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "zh")
    values = form_values(Rules())
    values[field] = typed
    read, errors = read_rules(values, Rules())
    assert read is None and list(errors) == [field]
    assert errors[field].startswith(expected)


def test_saving_the_rules_screen_keeps_every_other_rule(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    async def scenario(app: XiaobenApp, pilot: Pilot[None]) -> None:
        app.book.set_rules(seller_rules())
        await pilot.press("f4")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RulesScreen)
        await pilot.press("end", *["backspace"] * 8, *"75", "ctrl+s")
        await settle(pilot)
        assert app.book.rules() == seller_rules().model_copy(update={"a_cut_percent": Decimal(75)})

    run(app_factory("en"), scenario)
