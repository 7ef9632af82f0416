"""The follow-up queue's rules are in the Rules form, validated with the field named."""

from __future__ import annotations

import pytest

from xiaoben.models.rules import Rules
from xiaoben.tui.screens.rules import FIELDS, form_values, read_rules

QUEUE_RULES = (
    "birthday_lead_days",
    "holiday_lead_days",
    "occasion_grace_days",
    "new_customer_care_days",
    "at_risk_factor",
    "at_risk_min_orders",
    "tier_change_days",
)


def test_every_queue_rule_is_a_field_and_round_trips() -> None:
    assert set(QUEUE_RULES) <= {f.path for f in FIELDS}
    values = form_values(Rules())
    values["birthday_lead_days"] = "14"
    rules, errors = read_rules(values, Rules())
    assert errors == {} and rules is not None and rules.birthday_lead_days == 14


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", {"birthday_lead_days": "生日提前天数：不能大于 60（收到 100）"}),
        ("en", {"birthday_lead_days": "Birthday lead days: must be at most 60 (got 100)"}),
    ],
)
def test_an_out_of_range_queue_rule_names_the_field_and_the_rule(
    lang: str, expected: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", lang)
    values = form_values(Rules())
    values["birthday_lead_days"] = "100"
    rules, errors = read_rules(values, Rules())
    assert rules is None and errors == expected
